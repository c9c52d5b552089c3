// The LP relaxation with boundary minima shared and restored by rounds: a
// relaxation for any shares (never below the whole LP nor CBC's optimum),
// only minima that loosen every other row are shared, and the rounds end at
// the whole LP's bound.

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <stdexcept>

#include "solver/backends/lp_relaxation.hpp"
#include "solver/bounds/assignment_bound.hpp"
#include "solver/bounds/boundary_share_lp.hpp"
#include "solver/model/linear_model.hpp"
#include "solver/model/model_builder.hpp"
#include "solver/problem/problem.hpp"
#include "solver/tiny_regions.hpp"

namespace landpool::testing {
namespace {

using namespace landpool::solver;

/// max 4·s − x1 − x2 with s = min(x1, x2) and x1 + x2 <= 1, plus `extra`
/// rows over s and x3: the LP takes x1 = x2 = s = 1/2 (value 1).
BuiltModel two_parcel_minimum() {
  BuiltModel built;
  auto& model = built.model;
  const int x1 = model.add_binary("x1", -1.0);
  const int x2 = model.add_binary("x2", -1.0);
  const int s = model.add_continuous("s", 0.0, 1.0, 4.0);
  model.add_binary("x3", 0.0);
  built.auxiliaries.push_back(
      {s, true, Expression{0.0, {{x1, 1.0}}}, Expression{0.0, {{x2, 1.0}}}, 0});
  model.add_row("s.le.a", {{s, 1.0}, {x1, -1.0}}, -kInfinity, 0.0);
  model.add_row("s.le.b", {{s, 1.0}, {x2, -1.0}}, -kInfinity, 0.0);
  model.add_row("one", {{x1, 1.0}, {x2, 1.0}}, -kInfinity, 1.0);
  return built;
}

/// A generated consolidation (every farm exchanging; most of the LP its
/// boundary minima) with its whole LP, deal structure left out.
struct Consolidation {
  TinyRegion generated = make_generated_region(3, 200, true);
  Problem problem = build_problem(generated.region, generated.neighbours, consolidation_scenario(),
                                  generated.as_of);
  BuiltModel built = build_model(problem);
  std::vector<bool> left_out = deal_structure_columns(built);
  LpRelaxation whole = solve_lp_relaxation(built.model, 600.0, left_out);
};

double lp_bound(const LinearModel& model) {
  const auto lp = solve_lp_relaxation(model, 60.0);
  EXPECT_EQ(lp.outcome, LpRelaxation::Outcome::optimal);
  return lp.bound;
}

TEST(BoundaryShareLp, ASharedMinimumBoundsTheLpByItsShare) {
  const auto built = two_parcel_minimum();
  EXPECT_NEAR(lp_bound(built.model), 1.0, 1e-9);
  // s <= x1: 4·x1 − x1 − x2, best at x1 = 1: 3; s <= (x1 + x2) / 2: exact here.
  EXPECT_NEAR(lp_bound(share_minima(built, {1.0})), 3.0, 1e-9);
  EXPECT_NEAR(lp_bound(share_minima(built, {0.5})), 1.0, 1e-9);
  EXPECT_NEAR(lp_bound(share_minima(built, {-1.0})), 1.0, 1e-9);  // not shared
}

TEST(BoundaryShareLp, AMinimumThatTightensAnotherRowIsNotShared) {
  auto tightening = two_parcel_minimum();
  // s + x3 <= 1: a larger s tightens it, so s may not be replaced by more.
  tightening.model.add_row("cap", {{2, 1.0}, {3, 1.0}}, -kInfinity, 1.0);
  EXPECT_FALSE(minima_that_may_be_shared(tightening)[0]);
  EXPECT_THROW(share_minima(tightening, {0.5}), std::invalid_argument);

  auto loosening = two_parcel_minimum();
  // A gain row 2·s − x3 >= 0 (rule 5's shape): a larger s loosens it, and
  // the share rewrites it as 2·(x1 + x2)/2 − x3 >= 0.
  loosening.model.add_row("gain", {{2, 2.0}, {3, -1.0}}, 0.0, kInfinity);
  loosening.model.columns[3].objective = 1.5;  // x3 pays, where the gain allows it
  EXPECT_TRUE(minima_that_may_be_shared(loosening)[0]);
  const double whole = lp_bound(loosening.model);
  const double shared = lp_bound(share_minima(loosening, {0.5}));
  EXPECT_GE(shared + 1e-9, whole);
  // x1 = x2 = 1/2 lets x3 = 1: 4·½ − 1 + 1.5 = 2.5 either way.
  EXPECT_NEAR(whole, 2.5, 1e-9);
  EXPECT_NEAR(shared, 2.5, 1e-9);
}

// On 60 tiny regions: any shares give an LP at least the whole LP's bound
// (a relaxation of it), and the rounds' bound is never below CBC's optimum.
TEST(BoundaryShareLp, NeverBelowTheWholeLpNorTheProvenOptimum) {
  std::mt19937_64 random(7);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  int shared_somewhere = 0;
  for_each_solved_tiny_region(
      60, [&](std::uint64_t seed, const Problem&, const BuiltModel& built, double optimum) {
        const double tolerance = 1e-6 * std::max(1.0, std::abs(optimum));
        const double whole = lp_bound(built.model);

        const auto may_share = minima_that_may_be_shared(built);
        std::vector<double> shares(may_share.size(), -1.0);
        for (std::size_t i = 0; i < shares.size(); ++i)
          shares[i] = may_share[i] ? unit(random) : -1.0;
        shared_somewhere += std::count(may_share.begin(), may_share.end(), true) > 0 ? 1 : 0;
        EXPECT_GE(lp_bound(share_minima(built, shares)) + tolerance, whole) << "seed " << seed;

        BoundaryShareSettings rounds;
        rounds.restore_above_eur = 1e-6;
        const auto lp = boundary_share_lp(built, {}, rounds);
        EXPECT_GE(lp.relaxation.bound + tolerance, optimum) << "seed " << seed;
        EXPECT_GE(lp.relaxation.bound + tolerance, whole) << "seed " << seed;
        if (lp.relaxation.outcome == LpRelaxation::Outcome::optimal) {
          EXPECT_NEAR(lp.relaxation.bound, whole, 1e-5 * std::max(1.0, std::abs(whole)))
              << "seed " << seed;
        }
      });
  EXPECT_GE(shared_somewhere, 30) << "too few tiny regions with a minimum to share";
}

// On a generated consolidation (every farm exchanging, most of the LP its
// boundary minima) the rounds reach the whole LP's bound with most minima
// still shared, from the baseline's shares and from the assignment
// relaxation's alike.
TEST(BoundaryShareLp, RoundsEndAtTheWholeLpWithMostMinimaShared) {
  const Consolidation c;
  const auto& built = c.built;
  const auto& whole = c.whole;
  ASSERT_EQ(whole.outcome, LpRelaxation::Outcome::optimal);
  BoundaryShareSettings settings;
  settings.restore_above_eur = 1e-6;
  settings.time_limit_s = 600.0;
  const auto lp = boundary_share_lp(built, c.left_out, settings);
  ASSERT_EQ(lp.relaxation.outcome, LpRelaxation::Outcome::optimal);
  EXPECT_NEAR(lp.relaxation.bound, whole.bound, 1e-6 * std::abs(whole.bound));
  EXPECT_GT(lp.minima_shared, 100u);
  EXPECT_LT(2 * lp.minima_restored, lp.minima_shared);
  EXPECT_GT(lp.rounds, 1);
  EXPECT_EQ(lp.relaxation.values.size(), built.model.columns.size());
  // Its values keep every row of the LP it solved; each shared minimum at min(a, b).
  for (const auto& auxiliary : built.auxiliaries) {
    if (!auxiliary.is_minimum)
      continue;
    const double a = auxiliary.a.value(lp.relaxation.values);
    const double b = auxiliary.b.value(lp.relaxation.values);
    EXPECT_LE(lp.relaxation.values[static_cast<std::size_t>(auxiliary.column)],
              std::min(a, b) + 1e-6);
  }

  std::vector<double> shares;
  assignment_bound(c.problem, built, 0.0, 100, &shares);
  const auto from_shares = boundary_share_lp(built, c.left_out, settings, &shares);
  ASSERT_EQ(from_shares.relaxation.outcome, LpRelaxation::Outcome::optimal);
  EXPECT_NEAR(from_shares.relaxation.bound, whole.bound, 1e-6 * std::abs(whole.bound));
}

// Stopped by its work limit, the rounds still prove a bound no lower than
// the whole LP's.
TEST(BoundaryShareLp, AWorkLimitStopsItWithAValidBound) {
  const Consolidation c;
  const auto& whole = c.whole;
  ASSERT_EQ(whole.outcome, LpRelaxation::Outcome::optimal);
  for (long iterations : {200L, 1000L, 4000L}) {
    BoundaryShareSettings settings;
    settings.max_iterations = iterations;
    const auto lp = boundary_share_lp(c.built, c.left_out, settings);
    // An iteration of an LP under 50,000 rows counts a third (iteration_weight).
    EXPECT_LE(lp.relaxation.iterations, 3 * iterations);
    EXPECT_GE(lp.relaxation.bound + 1e-6 * std::abs(whole.bound), whole.bound) << iterations;
    if (iterations == 200) {
      EXPECT_EQ(lp.relaxation.outcome, LpRelaxation::Outcome::stopped);
    }
  }
}

// Rounds started from the last basis end where rounds from scratch do.
TEST(BoundaryShareLp, WarmRoundsEndWhereColdOnesDo) {
  const Consolidation c;
  BoundaryShareSettings cold, warm;
  cold.restore_above_eur = warm.restore_above_eur = 1e-6;
  cold.warm_below_share = 0.0;
  warm.warm_below_share = 1.0;  // every round after the first from the last basis
  const auto from_scratch = boundary_share_lp(c.built, c.left_out, cold);
  const auto from_basis = boundary_share_lp(c.built, c.left_out, warm);
  ASSERT_EQ(from_scratch.relaxation.outcome, LpRelaxation::Outcome::optimal);
  ASSERT_EQ(from_basis.relaxation.outcome, LpRelaxation::Outcome::optimal);
  EXPECT_GT(from_basis.rounds, 1);
  EXPECT_NEAR(from_basis.relaxation.bound, from_scratch.relaxation.bound,
              1e-6 * std::abs(c.whole.bound));
}

// A minimum over sides with constants (a farm's own parcel: 1 − moved) and
// two minima in one gain row: the rewritten row shifts by the constants.
TEST(BoundaryShareLp, SidesWithConstantsShiftTheRewrittenRow) {
  BuiltModel built;
  auto& model = built.model;
  const int moved = model.add_binary("moved", 0.0);
  const int x = model.add_binary("x", -1.0);
  const int s = model.add_continuous("s", 0.0, 1.0, 2.0);
  const int t = model.add_continuous("t", 0.0, 1.0, 1.0);
  // s = min(1 − moved, x), t = min(1 − moved, 1 − x)
  built.auxiliaries.push_back(
      {s, true, Expression{1.0, {{moved, -1.0}}}, Expression{0.0, {{x, 1.0}}}, 0});
  model.add_row("s.le.a", {{s, 1.0}, {moved, 1.0}}, -kInfinity, 1.0);
  model.add_row("s.le.b", {{s, 1.0}, {x, -1.0}}, -kInfinity, 0.0);
  built.auxiliaries.push_back(
      {t, true, Expression{1.0, {{moved, -1.0}}}, Expression{1.0, {{x, -1.0}}}, 2});
  model.add_row("t.le.a", {{t, 1.0}, {moved, 1.0}}, -kInfinity, 1.0);
  model.add_row("t.le.b", {{t, 1.0}, {x, 1.0}}, -kInfinity, 1.0);
  // Gain: s + t − 0.8 >= 0, i.e. s + t >= 0.8.
  model.add_row("gain", {{s, 1.0}, {t, 1.0}}, 0.8, kInfinity);
  // Whole LP: moved = 0, then s + t <= 1 with s <= x, t <= 1 − x: 2x + (1 − x) − x = 1 at any
  // x; the value 2s + t − x with s = x, t = 1 − x is 1 for every x in [0, 1].
  EXPECT_NEAR(lp_bound(model), 1.0, 1e-9);
  // Shares one half: s -> (1 − moved + x) / 2, t -> (2 − moved − x) / 2, both loosening.
  const auto shared = share_minima(built, {0.5, 0.5});
  // Objective 2·(1 − moved + x)/2 + (2 − moved − x)/2 − x = 2 − 1.5·moved − 0.5·x: 2 at 0.
  EXPECT_NEAR(lp_bound(shared), 2.0, 1e-9);
  // The gain row: (1 − moved + x)/2 + (2 − moved − x)/2 >= 0.8, i.e. 1.5 − moved >= 0.8.
  const auto& gain = shared.rows[4];
  ASSERT_EQ(gain.terms.size(), 1u);
  EXPECT_EQ(gain.terms[0].first, moved);
  EXPECT_NEAR(gain.terms[0].second, -1.0, 1e-12);
  EXPECT_NEAR(gain.lower, 0.8 - 1.5, 1e-12);
  EXPECT_TRUE(gain.upper == kInfinity);
  EXPECT_TRUE(shared.rows[0].terms.empty() && shared.rows[3].terms.empty());
}

}  // namespace
}  // namespace landpool::testing
