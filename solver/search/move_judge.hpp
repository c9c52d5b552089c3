#pragma once
// Moves of parcels judged on the model itself, exactly and incrementally:
// the searches that move parcels one or a few at a time (the construction,
// the swap search, the annealing) share it. A move sets some parcels' choices;
// participation, partner and "receives pool land" columns follow (the last
// is 1 exactly when the farm has pool land), boundary auxiliaries take their
// defining values (min or |difference|), each penalty slack of a row the
// move touches the least value that row needs (a rule in penalty mode is
// broken at its price), every row the move touches is checked (except an
// auxiliary's two defining rows where its sides are integral: its defining
// value keeps them) and the objective's change is exact. Other columns
// (deals, tax) keep their values, so a move that would need them to change
// is refused. A move costs microseconds where the verifier's check of the
// whole proposal costs milliseconds on a large region.

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "solver/model/model_builder.hpp"
#include "solver/problem/problem.hpp"

namespace landpool::solver {

/// A movable parcel's new choice: a column of one of its candidates, or -1
/// (none: exchange land stays with its farm, pool land with its owner).
struct ParcelChange {
  std::size_t parcel = 0;
  int column = -1;
};

/// Per index, a list of entries, stored flat: index i's are [start[i], start[i + 1]).
template <typename Entry>
struct FlatLists {
  std::vector<std::size_t> start;
  std::vector<Entry> entries;

  /// Over `count` indices, from `visit(emit)`, which calls `emit(index,
  /// entry)` for every entry the same way each time (it is called twice:
  /// to count, then to fill, so that no list of pairs is held in between).
  template <typename Visit>
  static FlatLists from(std::size_t count, const Visit& visit) {
    FlatLists lists;
    lists.start.assign(count + 1, 0);
    visit([&](std::size_t index, const Entry&) { ++lists.start[index + 1]; });
    for (std::size_t i = 0; i < count; ++i)
      lists.start[i + 1] += lists.start[i];
    lists.entries.resize(lists.start[count]);
    auto next = lists.start;
    visit([&](std::size_t index, const Entry& entry) { lists.entries[next[index]++] = entry; });
    return lists;
  }
  const Entry* begin(std::size_t i) const { return entries.data() + start[i]; }
  const Entry* end(std::size_t i) const { return entries.data() + start[i + 1]; }
};

class ModelMoves {
 public:
  /// `values` is a solution of `built.model` that keeps every row (within
  /// `row_tolerance`); a move is refused when it makes a row it touches
  /// worse than that (an auxiliary's defining rows are kept by its value,
  /// not checked). `problem` and `built` must outlive this object.
  ModelMoves(const Problem& problem, const BuiltModel& built, std::vector<double> values,
             double row_tolerance);

  /// The objective's change if the move keeps every row it touches and
  /// checks (no row worse than before) and every changed column within its
  /// bounds, else nothing. The state is unchanged either way.
  std::optional<double> assess(std::span<const ParcelChange> changes);
  /// Makes the move (assessed or not).
  void apply(std::span<const ParcelChange> changes);

  /// The column that gives movable parcel `m` to farm `f`: -1 when `f` is
  /// the farm that gives it (nothing chosen), -2 when `f` cannot have it.
  int column_for(std::size_t m, std::size_t f) const;
  /// Who uses movable parcel `m` when `column` is its choice (-1: nobody in the problem).
  int user_of(std::size_t m, int column) const;
  /// Who uses movable parcel `m` now.
  int user_now(std::size_t m) const { return user_of(m, current_[m]); }
  /// Who uses region parcel `p` now (-1: nobody in the problem).
  int user_of_region_parcel(std::size_t p) const;
  /// Whether parcel `m`'s choice is fixed (a held deal).
  bool held(std::size_t m) const;
  /// The movable parcels farm `f` uses now (its own exchange land and what it receives).
  const std::vector<std::size_t>& used_by(std::size_t f) const { return used_by_[f]; }

  /// Lets moves break `rows` at `price` per unit of their violation: assess
  /// then returns the objective's change less the price of the change in
  /// their violation, and objective() stays the model's. So an annealing
  /// may pass through states that break a rule to better ones that keep it.
  void soften_rows(const std::vector<int>& rows, double price);
  /// Makes the soft rows hard again: from here no move may break them
  /// further (as any row, one already broken may not get worse), and
  /// soft_violation() keeps the value it had.
  void harden_rows();
  /// The soft rows' total violation now (0 where the state keeps them).
  double soft_violation() const { return soft_violation_; }

  const std::vector<double>& values() const { return values_; }
  double objective() const { return objective_; }
  /// Moves assessed so far.
  long evaluations() const { return evaluations_; }
  /// Work done so far: column changes and the row and auxiliary entries
  /// they updated. The same on every machine; a move's cost in seconds
  /// grows with it (a consolidation's moves touch far more than a pool's).
  long work() const { return work_; }

 private:
  void index_model();
  std::vector<bool> changing_columns() const;
  std::vector<bool> rows_kept_by_auxiliaries() const;
  void index_rows();
  void index_parcels();
  void index_options();
  void add_use(std::size_t m, int farm);
  void remove_use(std::size_t m, int farm);
  void set_column(int column, double value);
  void count_farm(std::size_t farm, int step, int pool_step);
  /// The deal caps' "farm f receives pool land" column, or -1.
  int receives_pool_column(std::size_t f) const {
    return f < built_.deals.receives_pool.size() ? built_.deals.receives_pool[f] : -1;
  }
  void count(std::size_t m, int column, int step);
  void choose(const ParcelChange& change);
  void follow();
  double violation(std::size_t r, double activity) const;
  bool soft(std::size_t r) const { return !soft_row_.empty() && soft_row_[r]; }
  bool feasible() const;
  /// The change the move being judged makes to the soft rows' violation.
  double soft_violation_change() const;
  void clear_journal();
  void undo();
  void keep();

  struct AuxiliaryTerm {
    std::uint32_t auxiliary = 0;
    bool side_b = false;
    double coefficient = 0.0;
  };
  struct Option {
    std::uint32_t farm = 0;
    int column = -1;
  };
  /// A column's bounds and objective, packed (a move reads them for every
  /// column it changes; the model's columns also carry their names).
  struct ColumnData {
    double lower = 0.0, upper = 1.0, objective = 0.0;
  };

  const Problem& problem_;
  const BuiltModel& built_;
  const LinearModel& model_;
  double row_tolerance_;
  std::vector<double> values_;
  double objective_ = 0.0;
  long evaluations_ = 0;
  long work_ = 0;

  // The model, indexed by column.
  std::vector<double> activity_;  ///< per row (0 for rows an auxiliary keeps: unused)
  std::vector<ColumnData> column_data_;
  std::vector<std::pair<double, double>> row_bounds_;  ///< per row: lower, upper
  FlatLists<std::pair<int, double>> rows_of_;
  FlatLists<AuxiliaryTerm> auxiliaries_of_;
  FlatLists<int> partners_of_;
  std::vector<double> side_a_, side_b_;  ///< per auxiliary: its expressions' values
  std::vector<int> partner_count_;       ///< per partner column: chosen columns linked
  std::vector<int> farm_of_column_;      ///< per choice column: the receiving farm, else -1
  std::vector<int> giver_;               ///< per movable parcel: the farm that gives it, else -1
  /// Per row: its penalty slack's column and coefficient (column -1: none);
  /// empty when no rule is in penalty mode.
  std::vector<std::pair<int, double>> slack_of_row_;
  std::vector<bool> soft_row_;  ///< per row: may be broken at soft_price_ (empty: none)
  double soft_price_ = 0.0;
  double soft_violation_ = 0.0;

  // The parcels.
  FlatLists<Option> options_;    ///< per movable parcel: its farms' columns, by farm
  std::vector<int> current_;     ///< per movable parcel: chosen column or -1
  std::vector<int> farm_count_;  ///< per farm: chosen columns it gives or takes
  std::vector<int> pool_count_;  ///< per farm: chosen columns of pool land
  std::vector<std::vector<std::size_t>> used_by_;  ///< per farm: movable parcels it uses
  std::vector<std::size_t> position_;              ///< per movable parcel: its place there
  std::vector<int> static_user_;                   ///< per region parcel: user if it cannot move

  // The journal of the move being judged.
  struct SavedAuxiliary {
    std::uint32_t auxiliary;
    double a, b;
  };
  std::uint32_t move_ = 1;
  std::vector<std::uint32_t> row_stamp_, auxiliary_stamp_, partner_stamp_, farm_stamp_;
  std::vector<std::pair<int, double>> saved_columns_;
  std::vector<std::pair<std::size_t, double>> saved_rows_;
  std::vector<SavedAuxiliary> saved_auxiliaries_;
  struct SavedFarm {
    std::size_t farm;
    int count, pool_count;
  };
  std::vector<SavedFarm> saved_farms_;
  std::vector<std::pair<std::size_t, int>> saved_partners_, saved_choices_;
  double objective_change_ = 0.0;
};

}  // namespace landpool::solver
