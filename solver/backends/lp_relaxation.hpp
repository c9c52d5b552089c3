#pragma once
// The LP relaxation of a whole model, solved by Clp alone. Its optimum is a
// proven upper bound on the MIP, and its values show where the proposal
// falls short (they guide the neighbourhood search); stopped early, its
// duals still prove a bound (dual_bound). It calls no CBC
// (whose CbcMain1 keeps process-wide state, one solve at a time), so it
// may run in a thread of its own beside CBC's sub-MIPs.

#include <vector>

#include "solver/model/linear_model.hpp"

namespace landpool::solver {

struct LpRelaxation {
  enum class Outcome {
    optimal,      ///< solved: `bound` and `values` hold
    infeasible,   ///< proven: the MIP has no solution either
    stopped,      ///< a limit came first: `bound` from the duals it had (dual_bound)
    not_started,  ///< too large to load (the caller's choice): `bound` from the ranges
  } outcome = Outcome::not_started;
  double bound = 0.0;  ///< proven upper bound on the MIP optimum
  /// One per column at the optimum, else empty (left-out columns at their
  /// favourable end: the rows naming them may not hold).
  std::vector<double> values;
  double seconds = 0.0;
  long iterations = 0;  ///< simplex iterations spent
};

/// Above these terms (lp_terms) an LP is not loaded: Clp's copies of the
/// matrix and its factorisation would cost gigabytes where it could not
/// finish (10,000 generated parcels: 1.35 million, stopped far from solved
/// after 114 s).
inline constexpr long kMostLpTerms = 2'000'000;

/// The terms of the rows the LP would load (rows naming a column marked in
/// `left_out` dropped): what its memory grows with, for deciding not to load
/// one far too large.
long lp_terms(const LinearModel& model, const std::vector<bool>& left_out = {});

/// Solves the LP relaxation (dual simplex, with presolve) until it is solved
/// or `max_iterations` simplex iterations (0: no limit; a work limit, so that
/// runs repeat) or `time_limit_s` (a safety net) have passed. Stopped, its
/// bound is the Lagrangian bound of the duals it had, valid at every
/// iteration and falling towards the optimum (the dual simplex keeps them
/// dual feasible), or the columns' ranges where those are tighter.
/// Columns marked in `left_out` (empty: none) are fixed at the end of their
/// range the objective favours and every row naming one is dropped: a
/// relaxation of the relaxation, so still a valid bound, and a far smaller
/// LP where those rows are many.
LpRelaxation solve_lp_relaxation(const LinearModel& model, double time_limit_s,
                                 const std::vector<bool>& left_out = {}, long max_iterations = 0);

}  // namespace landpool::solver
