#pragma once
// A proven upper bound near the LP relaxation's, without solving the LP: the
// Lagrangian relaxation that keeps each parcel's "at most once" as its
// structure and prices every other row of the model (the deal structure
// left out, as the LP leaves it), its multipliers found by the Volume
// algorithm (COIN-OR Vol, Barahona and Anbil 2000). Its subproblem is each
// parcel's best farm and every other column at the end of its range its
// reduced cost favours: two passes over the priced terms a step, where the
// simplex needs thousands of pivots. Every step's Lagrangian value is a
// valid bound (weak duality) for any multipliers of the signs their sides
// need; the smallest is kept.

#include <limits>
#include <vector>

#include "core/clock.hpp"
#include "solver/model/model_builder.hpp"
#include "solver/problem/problem.hpp"

namespace landpool::solver {

struct VolumeBound {
  /// Proven upper bound on the model's optimum (+infinity where no step
  /// was taken).
  double bound = std::numeric_limits<double>::infinity();
  int steps = 0;         ///< Volume iterations taken (besides the start)
  long rows_priced = 0;  ///< the model's rows priced by a multiplier
  /// Rows left out: naming a column left out, or a slack in several rows or
  /// one that pays (a parcel's own rows are the structure, not counted).
  long rows_dropped = 0;
  /// The work of one step: the priced rows' terms, the columns and the
  /// multipliers (each step passes over each about twice).
  long step_work = 0;
  double seconds = 0.0;
};

struct VolumeSettings {
  /// The work limit: at most `max_steps` Volume iterations, and no more
  /// than `max_work` units of work (VolumeBound::step_work a step; 0: no
  /// limit) unless that is fewer than `least_steps`.
  int max_steps = 1000;
  long max_work = 0;
  int least_steps = 1;
  /// Per column: left out (fixed at the end of its range the objective
  /// favours, every row naming it dropped), e.g. deal_structure_columns.
  std::vector<bool> left_out;
  /// The safety net: past it Vol stops within 16 steps (the steps are the
  /// work limit).
  SteadyTime deadline = SteadyTime::max();
};

/// An upper bound on the optimum of `built.model` (built from `problem`) by
/// the Volume algorithm over the relaxation above. Each multiplier keeps the
/// sign its row's side needs, and the multiplier of a row with a penalty
/// slack stays within the slack's price, so that every step's value is
/// finite and valid. The choices (`built.choose`) must be 0/1 columns; a
/// choice marked in `left_out` stays a choice.
VolumeBound volume_bound(const Problem& problem, const BuiltModel& built,
                         const VolumeSettings& settings);

}  // namespace landpool::solver
