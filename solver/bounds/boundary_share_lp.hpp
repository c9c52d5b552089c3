#pragma once
// The LP relaxation with boundary minima taken in by row generation: a
// proven bound for models made mostly of boundary minima (consolidations).
//
// Most of a consolidation model's LP is its boundary minima s = min(a, b)
// (a farm using both parcels of a neighbouring pair): two rows and a column
// each, whose rows hold 49 % of the Galician-size region's LP (635,310 of
// 1,299,922 terms). Wherever such a minimum only ever pays (a weight not
// negative, and in every other row on the side that loosens the row),
// min(a, b) <= λ·a + (1 − λ)·b for any share λ in [0, 1], so replacing it
// by that expression relaxes the LP: its optimum is a proven bound, the
// smaller the closer λ·a + (1 − λ)·b comes to min(a, b) at that optimum.
// Each round solves the LP so relaxed, then restores the minima it
// overestimates (a row generation); each round's bound is valid, no round
// is looser than the one before it, and with every minimum restored it is
// the whole LP's.

#include <vector>

#include "solver/backends/lp_relaxation.hpp"
#include "solver/model/model_builder.hpp"

namespace landpool::solver {

struct BoundaryShareSettings {
  int max_rounds = 100;
  /// Dual simplex iterations of all rounds together (a work limit, so that
  /// the bound repeats), each weighted by what it costs against one of the
  /// whole LP: its LP's rows / 150,000 (at least a third), three times that
  /// when warm-started without presolve; 0: no limit.
  long max_iterations = 0;
  double time_limit_s = 60.0;  ///< a safety net
  /// A minimum is restored when its weight times its overestimate at the
  /// round's optimum exceeds this many euros; the rounds converge when all
  /// minima together stay within it (and every row holds: BoundaryShareLp).
  double restore_above_eur = 1.0;
  /// A round starts from the last one's basis when that round restored
  /// fewer than this share of the minima shared at first; otherwise from
  /// scratch with presolve, which is faster after large changes (Galician-size
  /// region: 3.1 s against 56 s for the second round, 3.5 against 8.4 s for
  /// the tenth; docs/model.md).
  double warm_below_share = 0.005;
  /// A guard on memory: not started (outcome not_started) when the first
  /// round's LP has more terms (lp_terms), stopped before a later round that
  /// would; 0: no limit.
  long max_terms = 0;
};

/// What the rounds proved. `relaxation.outcome` is optimal when the last
/// round's optimum, each shared minimum set to min(a, b), keeps every row
/// of its LP (the minima's gain rows included) and the shares overestimate
/// the minima there by restore_above_eur of objective in all: the bound is
/// then the whole LP's to those euros, and `values` a solution of it. It is
/// stopped when a limit came first, infeasible when a round was, and
/// not_started when the first round exceeded max_terms. `bound` is the
/// smallest of the rounds'; seconds and iterations count all rounds.
struct BoundaryShareLp {
  LpRelaxation relaxation;
  int rounds = 0;
  std::size_t minima_shared = 0;    ///< minima replaced by shares at the start
  std::size_t minima_restored = 0;  ///< of those, restored by the rounds
};

/// The boundary-share relaxation of `built.model`'s LP, columns in
/// `left_out` left out as solve_lp_relaxation does. Shares start where
/// each minimum is exact in the baseline (λ = 1 on the side that is 0 there,
/// one half where both sides agree), or at `first_shares` where that holds
/// one in [0, 1] for a minimum that may be shared (assignment_bound's).
BoundaryShareLp boundary_share_lp(const BuiltModel& built, const std::vector<bool>& left_out,
                                  const BoundaryShareSettings& settings,
                                  const std::vector<double>* first_shares = nullptr);

/// The terms of the minima's own rows that sharing would drop: against
/// lp_terms, how much smaller the first round's LP is than the whole one.
long shareable_minimum_terms(const BuiltModel& built);

/// The model with each minimum `auxiliaries[i]` for which `shares[i]` is in
/// [0, 1] replaced by shares[i]·a + (1 − shares[i])·b: its column fixed at 0,
/// its defining rows dropped, its weight and its terms in other rows moved
/// onto a's and b's columns. Minima with a share outside [0, 1] stay. The
/// columns keep their indices. Throws std::invalid_argument for a minimum
/// that may not be replaced (see minima_that_may_be_shared).
LinearModel share_minima(const BuiltModel& built, const std::vector<double>& shares);

/// Per auxiliary of `built`: whether replacing it by a share expression
/// relaxes the model (a minimum whose weight is not negative, whose sides
/// name no auxiliary, and which, in every row but its own two, loosens the
/// row as it grows).
std::vector<bool> minima_that_may_be_shared(const BuiltModel& built);

}  // namespace landpool::solver
