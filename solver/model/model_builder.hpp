#pragma once
// Writes the Problem as a LinearModel (docs/model.md gives the mathematics):
//   x[c]  binary, candidate c (parcel p to farm f) is chosen
//   z[f]  binary, farm f takes part
//   w[f,q] binary, farm f deals with party q (rule partners (6))
//   s, c, d  auxiliaries for shared boundaries (consolidation, organic
//            contiguity, drift border), bounded so that the optimum is exact
// build_model.cpp calls the families in this order, each in its own file:
//   model_assignment.cpp (rule who_may_move and the assignment), model_value.cpp
//   (objective terms and farm gains), model_rules.cpp (rules demand_balance,
//   nobody_worse_off, partners), model_deals.cpp (rule deal_caps), model_tax.cpp
//   (term transfer_tax), model_deal_costs.cpp (term deal_costs), model_allocation.cpp
//   (rules government_land, government_caps; terms priority, cluster_zone),
//   model_carry_over.cpp (held, refused; term stability).

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/objective_terms.hpp"
#include "solver/model/linear_model.hpp"
#include "solver/problem/problem.hpp"

namespace landpool::solver {

struct BuildOptions {
  /// Make every auxiliary column binary, so that the brute-force backend can
  /// solve the model (tests only; penalty slacks stay continuous).
  bool binary_auxiliaries = false;
};

/// A linear expression: constant plus (column, coefficient) terms.
struct Expression {
  double constant = 0.0;
  std::vector<std::pair<int, double>> terms;
  void add(int column, double coefficient) { terms.emplace_back(column, coefficient); }
  void add(const Expression& other, double factor);
  bool is_constant() const { return terms.empty(); }
  /// Its value for the model's column values.
  double value(const std::vector<double>& values) const;
};

/// An auxiliary column's meaning: min(a, b) or |a - b| of two 0/1 expressions.
struct Auxiliary {
  int column = -1;
  bool is_minimum = true;
  Expression a, b;
  int first_row = -1;  ///< its two defining rows are first_row and first_row + 1
  /// Its defining value where its sides are `a` and `b`.
  double defining_value(double side_a, double side_b) const {
    return is_minimum ? std::min(side_a, side_b) : std::abs(side_a - side_b);
  }
};

/// A penalty slack's least value s >= 0 that meets its row, lower <=
/// `activity` + `coefficient` * s <= upper, where `activity` is the row's
/// activity without the slack.
inline double least_slack_value(double lower, double upper, double activity, double coefficient) {
  const double missing = coefficient > 0.0 ? lower - activity : activity - upper;
  return std::max(0.0, missing / std::abs(coefficient));
}

/// The columns of rule deal_caps (model_deals.cpp), kept for MIP starts.
struct DealColumns {
  struct Exchange {
    std::size_t u = 0, v = 0;  ///< problem farms, u < v
    int column = -1;           ///< y[u,v]
    std::vector<int> choices;  ///< x columns of parcels between u and v
  };
  std::vector<std::map<std::size_t, int>> anchor;  ///< per farm: anchor farm -> a column
  /// Per farm with anchors (else -1): sum_l a[f,l] and sum_l l a[f,l].
  std::vector<int> in_a_deal, anchor_index;
  std::vector<Exchange> exchanges;
  std::vector<std::vector<int>> pool_choices;           ///< per farm: x columns of pool land
  std::vector<int> receives_pool, has_pool, over_cap;   ///< g per farm, h and slack per anchor
  std::vector<std::map<std::size_t, int>> pool_member;  ///< per farm: anchor -> r column
  /// Without two-party swaps: per farm, anchor -> "in that deal and receives pool land".
  std::vector<std::map<std::size_t, int>> brings_pool;
  /// Connectivity: flow from each deal's anchor to its members along chosen exchanges.
  struct FlowArc {
    std::size_t from = 0, to = 0;  ///< problem farms
    int exchange = -1;             ///< y column of the pair
    int column = -1;
  };
  std::vector<FlowArc> flow;
  bool chain_cap_looser = false;
};

/// The columns of the transfer tax (model_tax.cpp), kept for MIP starts.
struct TaxColumns {
  /// A 0/1 column that may be 1 only if farm column `a` is and one of `xs` is.
  struct Indicator {
    int column = -1;
    int a = -1;
    std::vector<int> xs;
  };
  struct Deal {
    std::size_t anchor = 0;
    int qualifies = -1;  ///< q[l]: at least three owners bring land in and two receive
    std::vector<Indicator> receivers;
    std::vector<Indicator> sources;
    /// Per owner bringing land in: its column and the sources it counts.
    std::vector<std::pair<int, std::vector<int>>> owners;
    /// Per owner receiving land: its column and the receivers it counts.
    std::vector<std::pair<int, std::vector<int>>> receiving_owners;
  };
  std::vector<Deal> deals;
  std::vector<int> kavelruil;  ///< per farm: k[f], its deal qualifies (or -1)
  struct Exemption {
    int column = -1, x = -1, kavelruil = -1;
  };
  std::vector<Exemption> exemptions;
};

/// Which problem farms each column or row concerns, recorded where a model
/// family creates it: the neighbourhood search frees, and the reallocation
/// blames, farms by it. Boundary auxiliaries and rows that only link columns
/// are left untagged; their columns say whom they concern.
class FarmTags {
 public:
  void add(int index, std::size_t farm) {
    recorded_.emplace_back(index, static_cast<std::uint32_t>(farm));
  }
  /// Arranges what was recorded by index, for `count` indices; after the last add.
  void finish(std::size_t count);
  /// The farms of `index` in the order recorded (none past `count`).
  std::span<const std::uint32_t> of(std::size_t index) const;

 private:
  std::vector<std::pair<int, std::uint32_t>> recorded_;
  std::vector<std::size_t> offset_{0};
  std::vector<std::uint32_t> farm_;
};

struct BuiltModel {
  LinearModel model;
  FarmTags column_farms, row_farms;
  /// Problem farm by farm id, for owners and parties that are farms.
  std::unordered_map<std::string, std::size_t> farm_of_id;
  /// Records that `column` concerns `farms`; returns `column`.
  int tag_column(int column, std::initializer_list<std::size_t> farms) {
    for (std::size_t f : farms)
      column_farms.add(column, f);
    return column;
  }
  /// Records that `column` concerns the farm whose id is `id`, if one is.
  void tag_column_by_id(int column, const std::string& id) {
    if (const auto it = farm_of_id.find(id); it != farm_of_id.end())
      column_farms.add(column, it->second);
  }
  /// The objective split by term (core/objective_terms.hpp): each family
  /// records what it adds to the objective under the term's name as well, so
  /// that the model's terms can be checked one by one against the verifier's.
  std::array<Expression, kObjectiveTermNames.size()> terms;
  Expression& term(ObjectiveTerm which) { return terms[static_cast<std::size_t>(which)]; }
  const Expression& term(ObjectiveTerm which) const {
    return terms[static_cast<std::size_t>(which)];
  }
  /// Adds `coefficient` to `column`'s objective and records it under `which`.
  void add_objective(ObjectiveTerm which, int column, double coefficient) {
    model.columns[static_cast<std::size_t>(column)].objective += coefficient;
    term(which).add(column, coefficient);
  }
  /// Records that the row added last concerns `farms`.
  void tag_last_row(std::initializer_list<std::size_t> farms) {
    for (std::size_t f : farms)
      row_farms.add(static_cast<int>(model.rows.size()) - 1, f);
  }
  std::vector<Auxiliary> auxiliaries;
  std::vector<int> choose;        ///< per candidate: its x column
  std::vector<int> takes_part;    ///< per problem farm: its z column
  std::vector<Expression> moved;  ///< per movable parcel: 0 or 1
  std::vector<Expression> gain;   ///< per problem farm: own measure (rule nobody_worse_off (5))
  std::vector<std::pair<int, int>> partner_links;  ///< (x column, partner column)
  DealColumns deals;
  TaxColumns tax;
  /// Per problem farm: its "joins another farm's deal" column (the per-deal
  /// cost, model_deal_costs.cpp), or -1.
  std::vector<int> joins_deal;
  /// Columns [first, second) are the deal structure of rule deal_caps (7) and
  /// the transfer tax's deal test (model_deals.cpp, model_tax.cpp), in the
  /// order built.
  std::pair<int, int> deal_structure{0, 0};
  /// Slack columns of rules in penalty mode (add_penalty_slack), each in one
  /// row; start_values gives each the least value its row needs.
  std::vector<int> penalty_slacks;
  /// Rows of rule nobody_worse_off (5) where it is hard: each farm's own
  /// gain at least 0, with no slack.
  std::vector<int> hard_gain_rows;
};

/// Per column: whether it belongs to the deal structure and the tax's deal
/// test, the tax exemptions aside (they carry the objective). In the LP
/// relaxation these columns and their rows add nothing to the bound on the
/// regions measured (docs/performance-history.md), at a third of the rows.
std::vector<bool> deal_structure_columns(const BuiltModel& built);

BuiltModel build_model(const Problem& problem, const BuildOptions& options = {});

/// Column values for choosing exactly `chosen` (indices into the problem's
/// candidates): participation and partner columns follow, auxiliaries take
/// their defining values and each penalty slack the least value its row
/// needs (so that a proposal breaking a rule in penalty mode is a feasible
/// start that pays the penalty, as the verifier counts it). With nothing
/// chosen this is always feasible; otherwise check it
/// (LinearModel::first_violation) before use.
std::vector<double> start_values(const Problem& problem, const BuiltModel& built,
                                 const std::vector<std::size_t>& chosen);

/// The candidates (indices into the problem's candidates, ascending) whose
/// choice column is 1 in `values` (above one half: LP values round so too);
/// the inverse of start_values.
std::vector<std::size_t> chosen_candidates(const Problem& problem, const BuiltModel& built,
                                           const std::vector<double>& values);

/// The farms (ascending) that `values` puts in breach: those a violated
/// row concerns (its farm's band or gain, a deal's members:
/// BuiltModel::row_farms), else, for the row or a column outside its
/// bounds, the farms of its choices that are made (receiver and giver) and
/// of its other columns (BuiltModel::column_farms). Empty when every row
/// and bound holds within 1e-6. Logs the first violated rows (debug).
std::vector<std::size_t> farms_in_breach(const Problem& problem, const BuiltModel& built,
                                         const std::vector<double>& values);

// The families, in the order build_model (build_model.cpp) applies them (internal).
void add_assignment(const Problem& problem, BuiltModel& built);
void add_farm_gains_and_value(const Problem& problem, const BuildOptions& options,
                              BuiltModel& built);
void add_demand_balance(const Problem& problem, BuiltModel& built);
void add_nobody_worse_off(const Problem& problem, BuiltModel& built);
void add_partners(const Problem& problem, BuiltModel& built);
void add_deal_caps(const Problem& problem, BuiltModel& built);
void add_transfer_tax(const Problem& problem, BuiltModel& built);
/// The per-deal transaction cost, on participation and the deal anchors.
void add_deal_costs(const Problem& problem, BuiltModel& built);
void add_allocation(const Problem& problem, BuiltModel& built);
void add_carry_over(const Problem& problem, BuiltModel& built);
/// A slack column costing `penalty_eur` per unit, recorded in
/// `built.penalty_slacks`; the caller puts it in exactly one row.
int add_penalty_slack(BuiltModel& built, std::string name, double penalty_eur);
/// The same for a slack of farm `farm`'s rule, tagged with it.
int add_penalty_slack(BuiltModel& built, std::string name, double penalty_eur, std::size_t farm);
/// Sets every penalty slack of a start whose other columns are set to the
/// least value that meets its row (0 where the rule is kept).
void set_penalty_slack_start(const BuiltModel& built, std::vector<double>& values);
/// A row that holds a penalty slack: the row, the slack and its coefficient.
struct PenaltySlackRow {
  std::size_t row = 0;
  int column = -1;
  double coefficient = 0.0;
};
/// Every row that holds a penalty slack, in row order (empty without a scan
/// where no rule is a penalty).
std::vector<PenaltySlackRow> penalty_slack_rows(const BuiltModel& built);
/// Sets the per-deal cost's columns of a start whose deal columns are set.
void set_deal_cost_start(const BuiltModel& built, std::vector<double>& values);
/// Whether the tax depends on how farms group into deals (some land changes
/// owner and farms may exchange): add_deal_caps then builds the anchors.
bool tax_depends_on_deals(const Problem& problem);
/// Sets the transfer-tax columns of a start whose deal columns are set.
void set_tax_start(const Problem& problem, const BuiltModel& built, std::vector<double>& values);
/// Sets the deal_caps columns of a start whose x and z columns are set.
void set_deal_start(const Problem& problem, const BuiltModel& built, std::vector<double>& values);

}  // namespace landpool::solver
