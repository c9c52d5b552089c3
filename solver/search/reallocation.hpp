#pragma once
// Reallocation: many parcels change user at once, as in a land consolidation
// where whole holdings are redrawn. Neighbourhoods of a few farms with the
// rest fixed cannot make such moves (each farm's new holding needs its
// neighbours' land, whose farms need theirs); a linear programme over every
// farm can. Each round linearises the model's boundary terms (consolidation,
// organic contiguity, drift border) and the farms' own measures at the
// current proposal, solves the assignment LP (parcels to farms, the model's
// rows over choices and participation, linearised "nobody worse off") with
// Clp, rounds it, repairs the rows rounding breaks (solver/assignment_repair)
// and checks the whole model row by row. Farms in a row still violated sit
// out the following rounds. "Nobody worse off" is linearised from the safe
// side (each boundary term by an affine bound exact at the proposal), so
// that what the LP accepts the farm's own measure accepts too; the
// objective takes the boundary terms' gradients. Deterministic: no clock
// (but the deadline), no random numbers.

#include <chrono>
#include <cstddef>
#include <vector>

#include "solver/model/model_builder.hpp"
#include "solver/problem/problem.hpp"

namespace landpool::solver {

struct ReallocationSettings {
  int rounds = 20;  ///< LPs solved at most
  /// The LP keeps each parcel's most valuable candidates up to about this
  /// many columns in all (and always the candidates chosen at present).
  std::size_t most_lp_candidates = 60000;
  /// Reallocation pays only where farms exchange: regions with fewer
  /// exchangeable parcels are left to the other heuristics.
  std::size_t least_exchange_parcels = 20;
  /// The LP keeps each farm's net area within this share of its tolerance
  /// less than the rule allows, so that rounding rarely breaks a band.
  double band_margin = 0.5;
};

/// A feasible solution of `built.model` at least as good as `values` (itself
/// feasible; returned unchanged when no round finds better). No round starts
/// after `deadline` (a safety net for very large regions; the rounds are the
/// work limit that makes results repeat).
std::vector<double> reallocate(const Problem& problem, const BuiltModel& built,
                               std::vector<double> values, const ReallocationSettings& settings,
                               std::chrono::steady_clock::time_point deadline);

}  // namespace landpool::solver
