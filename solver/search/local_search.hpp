#pragma once
// Swap search: a local search over the whole model with exact, incremental
// evaluation. Moves: one parcel to another user (a farm that uses one of its
// neighbours, one of its nearest farms, the farm that gives it, or none), and
// swaps of two parcels between their users (p from farm A to farm B, q from B to A), the move a
// land consolidation is made of. Each move is evaluated on the model itself:
// the choices change, participation and partner columns follow, boundary
// auxiliaries take their defining values (min or |difference|), every row
// the move touches is checked and the objective's change is exact; penalty
// slacks take the least value their rows need. Other columns (deals, tax)
// keep their values, so a move that would need them to change is refused. A sub-MIP of a few farms
// costs about a second; a move costs microseconds, so the search reaches a local optimum of every
// pairwise swap in the region. Deterministic: no clock but the deadline (a safety net), no random
// numbers.

#include <chrono>
#include <vector>

#include "solver/model/model_builder.hpp"
#include "solver/problem/problem.hpp"

namespace landpool::solver {

struct SwapSearchSettings {
  int max_passes = 10;                ///< passes over every movable parcel at most
  long max_evaluations = 20'000'000;  ///< moves evaluated at most (the work limit)
  double row_tolerance = 1e-6;        ///< a row may be missed by this much (as the optimiser)
  std::size_t nearest_farms = 3;      ///< a parcel may also go to its nearest farms
  /// Where positive, an annealing's walk may break rule nobody_worse_off's
  /// hard rows (BuiltModel::hard_gain_rows) at this price per EUR of a
  /// farm's loss, and only states that keep them count as its best; the
  /// swap search, and the polish after the walk, keep them.
  double soft_gain_price = 0.0;
};

/// What a search did, for the log and for tests.
struct SwapSearchReport {
  long evaluations = 0;
  long work = 0;         ///< ModelMoves::work() of the evaluations
  long relocations = 0;  ///< accepted moves of one parcel
  long swaps = 0;        ///< accepted swaps of two parcels
  int passes = 0;
  bool local_optimum = false;  ///< the last pass found no improving move
};

/// Improves `values` (a feasible solution of `built.model`, within the
/// tolerance) by accepted moves, each raising the objective and keeping
/// every row. Returns a solution at least as good, checked row by row
/// against the whole model (`values` unchanged if that check fails).
std::vector<double> search_swaps(const Problem& problem, const BuiltModel& built,
                                 std::vector<double> values, const SwapSearchSettings& settings,
                                 std::chrono::steady_clock::time_point deadline,
                                 SwapSearchReport* report = nullptr);

/// Simulated annealing over the same moves (`evaluations` random moves,
/// worsening ones kept with a probability that falls as the temperature
/// cools), then the search above from where it ends. Returns the best
/// solution seen if better than `values`, else `values`.
std::vector<double> anneal_swaps(const Problem& problem, const BuiltModel& built,
                                 std::vector<double> values, const SwapSearchSettings& settings,
                                 long evaluations, unsigned seed,
                                 std::chrono::steady_clock::time_point deadline);

/// The same annealing, returning where its walk ends, polished by the
/// search above: another local optimum, better than `values` or not (a
/// proposal for the deal pool, deal_recombination.hpp). `values` when the
/// walk cannot start (nothing movable, the deadline passed, a start that
/// breaks a row) or its end breaks a row.
std::vector<double> anneal_walk(const Problem& problem, const BuiltModel& built,
                                const std::vector<double>& values,
                                const SwapSearchSettings& settings, long evaluations, unsigned seed,
                                std::chrono::steady_clock::time_point deadline);

}  // namespace landpool::solver
