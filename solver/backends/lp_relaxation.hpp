#pragma once
// The LP relaxation of a whole model, solved by Clp alone. Its optimum is a
// proven upper bound on the MIP, and its values show where the proposal
// falls short (they guide the neighbourhood search). It calls no CBC
// (whose CbcMain1 keeps process-wide state, one solve at a time), so it
// may run in a thread of its own beside CBC's sub-MIPs.

#include <vector>

#include "solver/model/linear_model.hpp"

namespace landpool::solver {

struct LpRelaxation {
  enum class Outcome {
    optimal,      ///< solved: `bound` and `values` hold
    infeasible,   ///< proven: the MIP has no solution either
    stopped,      ///< the time limit came first: `bound` from the columns' ranges
    not_started,  ///< too large for the time (the caller's choice): `bound` from the ranges
  } outcome = Outcome::not_started;
  double bound = 0.0;  ///< proven upper bound on the MIP optimum
  /// One per column at the optimum, else empty (left-out columns at their
  /// favourable end: the rows naming them may not hold).
  std::vector<double> values;
  double seconds = 0.0;
};

/// A rough LP time from the model's size alone, measured on the 2-core
/// benchmark machine (about 30 s at 52,000 rows, growing faster than
/// linearly): for deciding not to start an LP that cannot finish. Rows
/// naming a column marked in `left_out` are not counted.
double estimated_lp_seconds(const LinearModel& model, const std::vector<bool>& left_out = {});

/// Solves the LP relaxation (primal simplex after Clp's "idiot" crash, with
/// presolve) under a wall-clock limit. Deterministic when it finishes.
/// Columns marked in `left_out` (empty: none) are fixed at the end of their
/// range the objective favours and every row naming one is dropped: a
/// relaxation of the relaxation, so still a valid bound, and a far smaller
/// LP where those rows are many.
LpRelaxation solve_lp_relaxation(const LinearModel& model, double time_limit_s,
                                 const std::vector<bool>& left_out = {});

}  // namespace landpool::solver
