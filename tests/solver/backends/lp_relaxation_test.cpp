// The LP relaxation alone (Clp, no CBC): its optimum bounds the MIP from
// above, its values satisfy every row, and it is solved in a thread of its
// own beside CBC as the optimiser runs it. Stopped early, the Lagrangian
// bound of its duals (dual_bound) still bounds the MIP.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <future>
#include <optional>
#include <random>
#include <string>

#include "solver/backends/lp_relaxation.hpp"
#include "solver/model/linear_model.hpp"
#include "solver/model/model_builder.hpp"
#include "solver/problem/problem.hpp"
#include "solver/search/neighbourhood_search.hpp"
#include "solver/tiny_regions.hpp"

namespace landpool::testing {
namespace {

using namespace landpool::solver;

/// The first row or range `values` break, integrality aside.
std::optional<std::string> relaxed_violation(LinearModel model, const std::vector<double>& values) {
  for (auto& column : model.columns)
    column.integer = false;
  return model.first_violation(values, 1e-6);
}

// A triangle of conflicts: any two of a, b, c (columns 0-2, worth 2 each)
// exclude each other; objective offset 5. The MIP takes one (2), the LP
// half of each (3).
LinearModel triangle() {
  LinearModel model;
  const int a = model.add_binary("a", 2.0), b = model.add_binary("b", 2.0),
            c = model.add_binary("c", 2.0);
  model.add_row("ab", {{a, 1.0}, {b, 1.0}}, -kInfinity, 1.0);
  model.add_row("bc", {{b, 1.0}, {c, 1.0}}, -kInfinity, 1.0);
  model.add_row("ac", {{a, 1.0}, {c, 1.0}}, -kInfinity, 1.0);
  model.objective_offset = 5.0;
  return model;
}

TEST(LpRelaxation, SolvesAFractionalTriangle) {
  const auto model = triangle();
  const auto relaxation = solve_lp_relaxation(model, 10.0);
  ASSERT_EQ(relaxation.outcome, LpRelaxation::Outcome::optimal);
  EXPECT_NEAR(relaxation.bound, 8.0, 1e-7);
  ASSERT_EQ(relaxation.values.size(), 3u);
  for (double value : relaxation.values)
    EXPECT_NEAR(value, 0.5, 1e-7);
  EXPECT_NEAR(model.objective_of(relaxation.values), relaxation.bound, 1e-7);

  // c left out: its rows dropped, c at its favourable end (1); a + b <= 1
  // is what is left, so 2 + 2 + 5.
  const auto without_c = solve_lp_relaxation(model, 10.0, {false, false, true});
  ASSERT_EQ(without_c.outcome, LpRelaxation::Outcome::optimal);
  EXPECT_NEAR(without_c.bound, 9.0, 1e-7);
  EXPECT_NEAR(without_c.values[2], 1.0, 1e-9);
}

TEST(LpRelaxation, ReportsAnInfeasibleModel) {
  LinearModel model;
  const int a = model.add_binary("a", 1.0);
  model.add_row("at_least_two", {{a, 1.0}}, 2.0, kInfinity);
  EXPECT_EQ(solve_lp_relaxation(model, 10.0).outcome, LpRelaxation::Outcome::infeasible);
}

// On 40 tiny regions, solved in threads of their own while CBC proves the
// optimum on this one: never below the optimum, values that satisfy every
// row, and their objective is the bound. Without the deal structure's rows
// (as the optimiser solves it) never below the whole LP.
TEST(LpRelaxation, NeverBelowTheProvenOptimumAndItsValuesHoldEveryRow) {
  auto cbc = make_cbc_backend();
  int structures = 0;
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    auto tiny = seed % 3 == 0 ? make_exchange_region(seed) : make_tiny_region(seed, seed % 2 == 0);
    const auto problem = build_problem(tiny.region, tiny.neighbours, tiny.scenario, tiny.as_of);
    const auto built = build_model(problem);
    auto lp = std::async(std::launch::async,
                         [&model = built.model] { return solve_lp_relaxation(model, 30.0); });
    SolveSettings settings;
    settings.relative_gap = 0.0;
    const auto optimum = cbc->solve(built.model, settings);
    const auto relaxation = lp.get();
    ASSERT_TRUE(optimum.call_ok && optimum.status == SolveStatus::optimal) << "seed " << seed;
    ASSERT_EQ(relaxation.outcome, LpRelaxation::Outcome::optimal) << "seed " << seed;
    const double tolerance = 1e-6 * std::max(1.0, std::abs(optimum.objective));
    EXPECT_GE(relaxation.bound + tolerance, optimum.objective) << "seed " << seed;
    EXPECT_EQ(relaxed_violation(built.model, relaxation.values), std::nullopt) << "seed " << seed;
    EXPECT_NEAR(built.model.objective_of(relaxation.values), relaxation.bound, tolerance)
        << "seed " << seed;
    const auto structure = deal_structure_columns(built);
    structures += std::count(structure.begin(), structure.end(), true) > 0 ? 1 : 0;
    const auto lighter = solve_lp_relaxation(built.model, 30.0, structure);
    ASSERT_EQ(lighter.outcome, LpRelaxation::Outcome::optimal) << "seed " << seed;
    EXPECT_GE(lighter.bound + tolerance, relaxation.bound) << "seed " << seed;
  }
  EXPECT_GE(structures, 10) << "too few regions with a deal structure to leave out";
}

// The Lagrangian bound by hand on the triangle (LP optimum 3 + offset 5):
// every row priced 1 gives its optimum, 3 · 1 + each column's 2 − 2 · 1 at
// either end; a negative price on a row without a lower end, and prices
// that are not finite, count 0; an equality row and a row with only a
// lower end earn at the end their price's sign names.
TEST(DualBound, PricesRowsAndColumnsByHand) {
  auto model = triangle();
  const int a = 0, b = 1, c = 2;
  EXPECT_DOUBLE_EQ(dual_bound(model, {1.0, 1.0, 1.0}), 8.0);
  EXPECT_DOUBLE_EQ(dual_bound(model, {}), 11.0);
  EXPECT_DOUBLE_EQ(dual_bound(model, {-4.0, kInfinity, std::nan("")}), 11.0);
  EXPECT_DOUBLE_EQ(dual_bound(model, {2.0}), 5.0 + 2.0 + 0.0 + 0.0 + 2.0);

  const int s = model.add_continuous("s", 0.0, kInfinity, -3.0);  // a penalty slack
  model.add_row("at_least", {{a, 1.0}, {s, 1.0}}, 1.0, kInfinity);
  model.add_row("exactly", {{b, 1.0}, {c, 1.0}}, 1.0, 1.0);
  // at_least priced −1: earns −1 at its lower end 1, a's reduced cost 3, s's −2.
  EXPECT_DOUBLE_EQ(dual_bound(model, {0.0, 0.0, 0.0, -1.0}), 5.0 - 1.0 + 3.0 + 2.0 + 2.0);
  // exactly priced −2: earns −2, b's and c's reduced cost 4.
  EXPECT_DOUBLE_EQ(dual_bound(model, {0.0, 0.0, 0.0, 0.0, -2.0}), 5.0 - 2.0 + 2.0 + 4.0 + 4.0);
  // at_least priced −4: s's reduced cost 1 on an unbounded column.
  EXPECT_EQ(dual_bound(model, {0.0, 0.0, 0.0, -4.0}), kInfinity);
}

// The Lagrangian bound of any prices, checked against the LP and the proven
// optimum: random prices on 30 tiny regions never give less than the LP
// relaxation (nor that less than CBC's optimum); with every price 0 it is
// the columns' ranges.
TEST(DualBound, AnyPricesBoundTheProvenOptimum) {
  std::mt19937 random(7);
  int tighter = 0;
  for_each_solved_tiny_region(
      30, [&](std::uint64_t seed, const Problem&, const BuiltModel& built, double optimum) {
        const auto& model = built.model;
        const double tolerance = 1e-6 * std::max(1.0, std::abs(optimum));
        EXPECT_NEAR(dual_bound(model, {}), range_bound(model), tolerance) << "seed " << seed;
        const double lp_bound = solve_lp_relaxation(model, 30.0).bound;
        for (int trial = 0; trial < 20; ++trial) {
          std::normal_distribution<double> price(0.0, trial < 10 ? 10.0 : 1000.0);
          std::vector<double> prices(model.rows.size());
          for (auto& p : prices)
            p = price(random);
          const double bound = dual_bound(model, prices);
          EXPECT_GE(bound + tolerance, lp_bound) << "seed " << seed << " trial " << trial;
          EXPECT_GE(lp_bound + tolerance, optimum) << "seed " << seed;
          tighter += bound < range_bound(model) - tolerance ? 1 : 0;
        }
      });
  EXPECT_GT(tighter, 0) << "no random prices did better than the ranges: the test sees nothing";
}

// An LP stopped after a few dual simplex iterations still proves a bound:
// never below the solved LP's, finite and far below the columns' ranges, and
// it falls as the iterations grow (the optimum's when they suffice).
TEST(LpRelaxation, StoppedEarlyItsDualsStillBound) {
  const auto generated = make_generated_region(5, 900);
  const auto problem =
      build_problem(generated.region, generated.neighbours, generated.scenario, generated.as_of);
  const auto built = build_model(problem);
  const auto left_out = deal_structure_columns(built);
  const auto solved = solve_lp_relaxation(built.model, 120.0, left_out);
  ASSERT_EQ(solved.outcome, LpRelaxation::Outcome::optimal);
  ASSERT_GT(solved.iterations, 400);
  const double tolerance = 1e-6 * std::abs(solved.bound);
  double previous = range_bound(built.model);
  for (const long iterations : {solved.iterations / 4, solved.iterations / 2}) {
    const auto stopped = solve_lp_relaxation(built.model, 120.0, left_out, iterations);
    ASSERT_EQ(stopped.outcome, LpRelaxation::Outcome::stopped) << iterations;
    EXPECT_TRUE(stopped.values.empty());
    EXPECT_LE(stopped.iterations, iterations);
    EXPECT_GE(stopped.bound + tolerance, solved.bound) << iterations;
    EXPECT_LE(stopped.bound, previous) << iterations;
    previous = stopped.bound;
  }
  EXPECT_LT(previous, range_bound(built.model))
      << "the stopped LP proved nothing beyond the ranges";
  const auto enough = solve_lp_relaxation(built.model, 120.0, left_out, 2 * solved.iterations);
  ASSERT_EQ(enough.outcome, LpRelaxation::Outcome::optimal);
  EXPECT_NEAR(enough.bound, solved.bound, tolerance);
}

// Guided by the LP's values, the neighbourhood search still keeps only
// solutions of the whole model, and gains from "nothing proposed" on a
// generated region.
TEST(LpRelaxation, GuidedNeighbourhoodsStayFeasibleAndGain) {
  const auto generated = make_generated_region(5, 900);
  const auto problem =
      build_problem(generated.region, generated.neighbours, generated.scenario, generated.as_of);
  const auto built = build_model(problem);
  const auto relaxation = solve_lp_relaxation(built.model, 120.0);
  ASSERT_EQ(relaxation.outcome, LpRelaxation::Outcome::optimal);
  const auto nothing = start_values(problem, built, {});
  auto cbc = make_cbc_backend();
  NeighbourhoodSettings guided;
  guided.max_neighbourhoods = 10;
  guided.relaxation = relaxation.values;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  const auto searched = search_neighbourhoods(problem, built, nothing, *cbc, guided, deadline);
  EXPECT_FALSE(built.model.first_violation(searched, 1e-6));
  const double value = built.model.objective_of(searched);
  EXPECT_GT(value, built.model.objective_of(nothing) + 1.0);
  EXPECT_LE(value, relaxation.bound + 1e-6 * std::abs(relaxation.bound));
}

TEST(LpWorkLimit, LargerLpsCountTheirIterationsByTheirTerms) {
  // Up to the reference size an iteration counts once, and Clp gets the limit.
  EXPECT_DOUBLE_EQ(lp_iteration_weight(163'088), 1.0);
  EXPECT_TRUE(lp_fits(163'088, 16'309));
  EXPECT_FALSE(lp_fits(163'088, 16'308));
  EXPECT_EQ(lp_iterations_allowed(163'088, 36'000), 36'000);
  // 10,000 generated parcels' LP (1.35 million terms) needed 209,601
  // iterations, 1,075 s alone: a 300 s limit (180,000) does not start it.
  const long large = 1'352'966;
  EXPECT_FALSE(lp_fits(large, 180'000));
  EXPECT_GT(lp_iteration_weight(large), 6.0);
  // Wherever it fits, Clp may take the iterations it is expected to need,
  // and at least those that LP needed.
  for (const long limit : {1'000'000L, 1'500'000L, 5'000'000L}) {
    if (!lp_fits(large, limit))
      continue;
    EXPECT_GE(static_cast<double>(lp_iterations_allowed(large, limit)),
              lp_iterations_needed(large) - 1.0);
    EXPECT_GE(lp_iterations_allowed(large, limit), 209'601);
  }
  EXPECT_TRUE(lp_fits(large, 5'000'000));
  // No limit stays no limit; above the memory guard nothing fits.
  EXPECT_EQ(lp_iterations_allowed(large, 0), 0);
  EXPECT_FALSE(lp_fits(kMostLpTerms + 1, 1'000'000'000));
}

}  // namespace
}  // namespace landpool::testing
