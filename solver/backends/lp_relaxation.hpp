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
    stopped,      ///< a limit came first: `bound` from the duals it had (dual_bound) or the ranges
    not_started,  ///< too large to load (the caller's choice): `bound` from the ranges
  } outcome = Outcome::not_started;
  double bound = 0.0;  ///< proven upper bound on the MIP optimum
  /// One per column at the optimum, else empty (left-out columns at their
  /// favourable end: the rows naming them may not hold).
  std::vector<double> values;
  double seconds = 0.0;
  long iterations = 0;  ///< simplex iterations spent
};

/// An LP's work limit in dual simplex iterations (weighted,
/// lp_iteration_weight) per second of the time it may take: below the
/// rates of the LPs that finish within a minute (2,460 a second on the
/// default region, 2,600 on 3,000 generated parcels, 2,670 on the BRP
/// sample), so that they end solved, not at the clock. Those that need far
/// more (139,002 on the Galician-size region, 580 a second) stop with the
/// bound of their duals.
inline constexpr double kLpIterationsPerSecond = 1000.0;
/// Above these terms (lp_terms) an LP is not loaded whatever its work
/// limit, a guard on memory: loading 10,000 generated parcels' 1.35 million
/// terms raised the run's peak by 261 MiB (353 → 614 MiB).
inline constexpr long kMostLpTerms = 2'000'000;
/// The dual simplex iterations an LP needs per term of its rows (lp_terms),
/// measured: 0.086 on the default region (14,026), 0.088 on 1,000 and 0.092
/// on 3,000 generated parcels, 0.092 on the BRP sample, 0.107 on the
/// Galician-size region (139,002 for 1.3 million terms). Above
/// kLpReferenceTerms more: 0.155 on 10,000 generated parcels (209,601 for
/// 1.35 million).
inline constexpr double kLpIterationsPerTerm = 0.1;
inline constexpr double kLargeLpIterationsPerTerm = 0.16;
/// An iteration costs more the larger its LP: up to these terms it counts
/// as one against a work limit, above them in proportion to its terms, so
/// that the limit counts 2·10⁸ term-iterations a second of
/// kLpIterationsPerSecond, below every rate measured alone on one core
/// (4.0·10⁸ on the default region, 7.5·10⁸ on the Galician-size region,
/// 2.6·10⁸ on 10,000 generated parcels; docs/performance-history.md, "The
/// LP's work limit weighs large LPs' iterations").
inline constexpr long kLpReferenceTerms = 200'000;

/// What one simplex iteration of an LP of `terms` counts against a work
/// limit: 1 up to kLpReferenceTerms, in proportion above.
double lp_iteration_weight(long terms);

/// The simplex iterations an LP of `terms` is expected to need (not weighted).
double lp_iterations_needed(long terms);

/// Whether an LP of `terms` (lp_terms) is worth loading under a work limit
/// of `max_iterations` (weighted): at most kMostLpTerms (a guard on memory:
/// 10,000 generated parcels' 1.35 million terms raise a run's peak by 261
/// MiB), and the iterations it needs, each weighted, fit. An LP loaded where
/// they do not stops unsolved, holds its memory, and the search waits for it.
bool lp_fits(long terms, long max_iterations);

/// Clp's own iteration limit for an LP of `terms` under a work limit of
/// `max_iterations` (weighted): at least 1, and 0 (no limit) for 0.
long lp_iterations_allowed(long terms, long max_iterations);

/// The terms of the rows the LP would load (rows naming a column marked in
/// `left_out` dropped): what its memory and its iterations grow with.
long lp_terms(const LinearModel& model, const std::vector<bool>& left_out = {});

/// Solves the LP relaxation (dual simplex, with presolve) until it is solved
/// or `max_iterations` simplex iterations (0: no limit; a work limit, so that
/// runs repeat) or `time_limit_s` (a safety net) have passed. Stopped, its
/// bound is the Lagrangian bound of the duals it had, valid at every
/// iteration and usually falling towards the optimum (the dual simplex keeps
/// them dual feasible, up to its perturbation), or the columns' ranges where
/// those are tighter.
/// Columns marked in `left_out` (empty: none) are fixed at the end of their
/// range the objective favours and every row naming one is dropped: a
/// relaxation of the relaxation, so still a valid bound, and a far smaller
/// LP where those rows are many.
LpRelaxation solve_lp_relaxation(const LinearModel& model, double time_limit_s,
                                 const std::vector<bool>& left_out = {}, long max_iterations = 0);

}  // namespace landpool::solver
