#pragma once
// The search for one independent part whose model CBC cannot search well
// in the time: neighbourhoods of a few farms re-solved by CBC with the rest
// fixed, the LP relaxation beside them (bound and guide), the farms waiting
// for land (serve_waiting_farms), then the swap search, the annealing (in a
// consolidation the annealing first) and deal recombination, in as many
// search cycles as the time limit holds (docs/model.md, "Solving"). Every
// stage ends at a work limit decided from the model and the scenario, so
// that runs repeat; the clock is a safety net.

#include <cstddef>
#include <future>
#include <vector>

#include "core/clock.hpp"
#include "core/scenario.hpp"
#include "solver/backends/lp_relaxation.hpp"
#include "solver/bounds/volume_bound.hpp"
#include "solver/model/linear_model.hpp"
#include "solver/model/model_builder.hpp"
#include "solver/problem/problem.hpp"

namespace landpool::solver {

/// A part's LP relaxation in terms (the deal structure left out) and the
/// terms of its boundary minima's rows: whether the part is a consolidation
/// decides both its bounds (start_part_bounds) and its search (search_part),
/// so it is measured once.
struct PartShape {
  long lp_terms = 0;
  long minimum_terms = 0;
  /// Boundary minima hold at least a third of the LP's terms (49 % on the
  /// Galician-size region, 42 % on the BRP consolidation; 20-26 % on the
  /// default region, the BRP sample and generated regions).
  bool consolidation() const;
};
PartShape part_shape(const BuiltModel& built);

/// The search cycles of a part (docs/model.md, "Search cycles"): one per
/// `solver.search_cycle_s` of the time limit, at least one; one in a
/// consolidation. Each has the work limits of an equal share of the limit,
/// the heuristics' first proposal those of the first cycle.
int search_cycles(const PartShape& shape, const SolverSettings& solver);

/// What a search cycle did, the measure of its estimated seconds: a
/// decision on more cycles taken from it repeats run to run.
struct CycleWork {
  long sub_mips = 0;
  long iterations = 0;          ///< the sub-MIPs' simplex iterations
  long moves = 0;               ///< annealing moves planned, the recombination's walks' included
  long packing_iterations = 0;  ///< the deal packing's simplex iterations

  /// Its estimated seconds on a model of `columns` columns whose annealing
  /// move costs an estimated `move_s` (docs/model.md, "Search cycles").
  double estimated_seconds(std::size_t columns, double move_s) const;
};

/// Which later search cycles run: the planned ones (search_cycles), then
/// at most as many again while the work so far leaves room for one within
/// `plan_s`. The first cycle counts at its budget, each later one at its
/// work's estimated seconds, and the next is expected to take what the last
/// did with the start test's margin (1.2).
class CyclePlan {
 public:
  CyclePlan(int planned, double first_cycle_s, double plan_s);
  /// Whether later cycle `cycle` (1 for the second) runs.
  bool runs(int cycle) const;
  bool planned(int cycle) const { return cycle < planned_; }
  /// Counts a later cycle run with `scale` of its work, its work's estimate `estimate_s`.
  void count(double estimate_s, double scale);

 private:
  int planned_;
  double plan_s_, counted_s_, next_estimate_s_;
};

/// The bounds computed beside a part's search, in a thread of its own (no
/// CBC state shared), on the other core.
struct PartBounds {
  /// The LP relaxation, without the deal structure's rows, which add
  /// nothing to its bound on the regions measured and make a third of them.
  /// Stopped after the simplex iterations 60 % of the time limit allows
  /// (weighted by the LP's size, lp_iteration_weight: a work limit, so that
  /// runs repeat), or at 60 % of the time left (a safety net). Invalid in a
  /// consolidation, and where the iterations the LP needs do not fit that
  /// limit or its terms the memory guard (lp_fits).
  std::future<LpRelaxation> lp;
  /// Where the LP is not started: the Volume algorithm's Lagrangian bound
  /// (solver/bounds/volume_bound.hpp), its steps as many as fit half the
  /// time limit at their estimated cost (a work limit), the same safety net.
  /// Else invalid.
  std::future<VolumeBound> volume;
};

/// Starts the bounds of part `index` (PartBounds) for a run of
/// `time_limit_s` with `left_s` left. `part` and `built` must outlive them.
PartBounds start_part_bounds(const Problem& part, const BuiltModel& built, const PartShape& shape,
                             std::size_t index, double time_limit_s, double left_s);

/// Sets `solved`'s bound to `bound` (never below its objective), and its gap
/// and status from them.
void settle_bound(SolveResult& solved, double bound, double relative_gap_limit);

/// Searches part `index` from a feasible `initial` on `share` of the time
/// the run started at `run_start` has left (less `reserve_s`), in
/// search_cycles cycles, and waits for `bounds` where they were started. `swaps_s`: what the part's
/// first swap search took, held back from the neighbourhoods' deadline for the last one. Returns a
/// feasible solution and its proven bound (the smallest of the LP's, the Volume bound's and the
/// assignment relaxation's); CBC only
/// ever sees the neighbourhoods' small models.
SolveResult search_part(const Problem& part, std::size_t index, const BuiltModel& built,
                        const PartShape& shape, std::vector<double> initial, MipBackend& backend,
                        const Scenario& scenario, PartBounds& bounds, SteadyTime run_start,
                        double reserve_s, double share, double swaps_s);

}  // namespace landpool::solver
