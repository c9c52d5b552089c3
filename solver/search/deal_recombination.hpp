#pragma once
// Deal recombination: the deals of every proposal the search has seen, each
// valued by half of what it adds to its proposal and half of what it adds
// alone, and the best set of them that share no farm and no parcel, chosen
// by a set-packing MIP (CBC). Deals found in different
// proposals (the annealing's local optima, the neighbourhood search's, the
// LP's rounding) combine where no single search reaches both: the restricted
// master of price-and-branch, its columns from the heuristics.

#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <vector>

#include "core/clock.hpp"
#include "solver/model/linear_model.hpp"
#include "solver/model/model_builder.hpp"
#include "solver/problem/problem.hpp"
#include "solver/search/move_judge.hpp"

namespace landpool::solver {

/// One deal seen in a proposal: its transfers and farms, and its value: half
/// of what it adds to that proposal's objective (the proposal less the
/// proposal without it) and half of what it adds alone (the deal alone less
/// nothing). Its own terms count whole either way; a boundary term it shares
/// with another deal (consolidation, organic contiguity, drift border: the
/// only terms over two parcels) counts half, so the values of a proposal's
/// deals add up to its objective less the objective of nothing. (A penalty
/// slack's row may hold more than two deals; there they need not add up.)
struct PooledDeal {
  std::vector<std::size_t> candidates;  ///< indices into problem.candidates, ascending
  std::vector<std::size_t> farms;       ///< problem farms, ascending
  std::vector<std::size_t> parcels;     ///< movable parcels it moves, ascending
  double value_eur = 0.0;               ///< as above
};

/// What a recombination did, for the log and tests.
struct RecombinationReport {
  std::size_t deals = 0;            ///< in the pool
  double packed_value_eur = 0.0;    ///< the chosen deals' values, summed
  bool proven = false;              ///< CBC proved the packing optimal
  long iterations = 0, nodes = 0;   ///< the packing's simplex iterations and nodes
  std::vector<std::size_t> packed;  ///< the chosen deals, into DealPool::deals()
};

class DealPool {
 public:
  /// `problem` and `built` must outlive the pool.
  DealPool(const Problem& problem, const BuiltModel& built);

  /// Adds the deals of `values` (a solution that keeps every row) not yet in
  /// the pool, each valued in `values` (PooledDeal::value_eur). Returns the
  /// number of new deals. Costs one pass over the model and, per new deal,
  /// the columns that concern its farms, the auxiliaries over them and the
  /// rows with a penalty slack over either.
  std::size_t add(const std::vector<double>& values);

  const std::vector<PooledDeal>& deals() const { return deals_; }

  /// The best set of pooled deals that share no farm and no parcel, by
  /// their values (CBC within `max_nodes` and an iteration limit, work
  /// limits; the deadline and 10 s as safety nets), made together: the
  /// model's values, when they keep every row, else nullopt. `start`, a
  /// solution whose deals are all pooled, is CBC's first incumbent.
  /// Deterministic for a pool unless the clock stops CBC.
  std::optional<std::vector<double>> recombine(MipBackend& backend,
                                               const std::vector<double>& start, int max_nodes,
                                               SteadyTime deadline,
                                               RecombinationReport* report = nullptr) const;

  /// Exact repair where the deals' values do not add up: from `start` (a
  /// solution that keeps every row), each of `deals` (into deals()) that is
  /// not a deal of it already, most valuable first, made in place of the
  /// present deals it shares a farm or a parcel with, and kept where the
  /// model's objective rises and every row holds (one start_values of the
  /// whole model per deal tried). Returns start_values of the result; stops
  /// at the deadline (then the result depends on the clock).
  std::vector<double> insert_deals(const std::vector<double>& start, std::vector<std::size_t> deals,
                                   SteadyTime deadline) const;

 private:
  static bool shares_farm_or_parcel(const PooledDeal& a, const PooledDeal& b);
  /// The deals of a set of chosen candidates, each with its farms and parcels.
  std::vector<PooledDeal> deals_of(const std::vector<std::size_t>& chosen) const;
  struct Removal;
  /// What `deal` adds to `made` (start_values of a proposal holding it,
  /// PooledDeal::value_eur): the objective of the columns that follow its
  /// choices (the columns of its farms alone, all 0 without it), the change
  /// of the auxiliaries over them and of the slacks of rows over either.
  /// `made` is restored before returning.
  double value_in(const PooledDeal& deal, std::vector<double>& made);
  /// The auxiliaries and penalty slacks over the columns `removal` changed,
  /// with the deal taken out and alone.
  void follow_auxiliaries_and_slacks(Removal& removal) const;
  /// Whether every farm `column` concerns is one of `farms` (ascending).
  bool concerns_only(int column, const std::vector<std::size_t>& farms) const;
  /// An expression's value where column j is `value_of(j)`.
  template <typename ValueOf>
  static double side(const Expression& expression, const ValueOf& value_of);
  /// Records each row that holds a penalty slack (slack_rows_, and per other
  /// column of it slack_rows_of_).
  void index_slack_rows();
  /// The entries of `of` for `columns`, each once, ascending.
  static std::vector<std::size_t> touched(const FlatLists<std::size_t>& of,
                                          const std::vector<int>& columns);

  /// The least value of a row's penalty slack (as start_values sets it)
  /// where column j is `value_of(j)`.
  template <typename ValueOf>
  double least_slack(const PenaltySlackRow& slack, const ValueOf& value_of) const;

  const Problem& problem_;
  const BuiltModel& built_;
  /// Per farm: the columns that concern it (BuiltModel::column_farms) other
  /// than choices, auxiliaries and slacks: participation, partners, deals, tax.
  std::vector<std::vector<int>> farm_columns_;
  /// Per column: the auxiliaries whose expressions hold it.
  FlatLists<std::size_t> auxiliaries_of_;
  std::vector<PenaltySlackRow> slack_rows_;
  /// Per column: the slack rows (into slack_rows_) that hold it.
  FlatLists<std::size_t> slack_rows_of_;
  std::vector<double> nothing_;  ///< start_values of nothing chosen
  /// Per column, within value_in: its value with the deal alone, NaN for
  /// a column the deal does not touch (nothing's value).
  std::vector<double> alone_values_;
  std::vector<PooledDeal> deals_;
  std::map<std::vector<std::size_t>, std::size_t> index_;  ///< candidates -> deal
};

}  // namespace landpool::solver
