// Which bound runs beside a part's search: the LP where its iterations fit
// the time limit, else the Volume bound (near the LP's); a run whose LP
// does not fit reports a valid bound; and the search cycles a run makes.

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>

#include "core/scenario.hpp"
#include "solver/backends/lp_relaxation.hpp"
#include "solver/model/linear_model.hpp"
#include "solver/model/model_builder.hpp"
#include "solver/optimiser.hpp"
#include "solver/problem/problem.hpp"
#include "solver/search/part_improvement.hpp"
#include "solver/tiny_regions.hpp"
#include "test_support.hpp"

namespace landpool::testing {
namespace {

using namespace landpool::solver;

struct Generated {
  TinyRegion region = make_generated_region(5, 900);
  Problem problem = build_problem(region.region, region.neighbours, Scenario{}, region.as_of);
  BuiltModel built = build_model(problem);
  PartShape shape = part_shape(built);
  LpRelaxation lp = solve_lp_relaxation(built.model, 600.0, deal_structure_columns(built));
};

const Generated& generated() {
  static const Generated region;
  return region;
}

/// The time limit whose LP work limit holds `share` of the LP's iterations.
double limit_for(const PartShape& shape, double share) {
  const double needed = lp_iterations_needed(shape.lp_terms) * lp_iteration_weight(shape.lp_terms);
  return share * needed / (0.6 * kLpIterationsPerSecond);
}

TEST(PartBounds, TheLpWhereItFitsTheVolumeBoundWhereNot) {
  const auto& g = generated();
  ASSERT_EQ(g.lp.outcome, LpRelaxation::Outcome::optimal);
  ASSERT_FALSE(g.shape.consolidation());

  const double roomy_s = limit_for(g.shape, 2.0);
  auto fits = start_part_bounds(g.problem, g.built, g.shape, 0, roomy_s, 600.0);
  ASSERT_TRUE(fits.lp.valid());
  EXPECT_FALSE(fits.volume.valid());
  EXPECT_NEAR(fits.lp.get().bound, g.lp.bound, 1e-6 * std::abs(g.lp.bound));

  const double short_s = limit_for(g.shape, 0.5);
  auto too_large = start_part_bounds(g.problem, g.built, g.shape, 0, short_s, 600.0);
  EXPECT_FALSE(too_large.lp.valid());
  ASSERT_TRUE(too_large.volume.valid());
  const auto volume = too_large.volume.get();
  EXPECT_GE(volume.bound, g.lp.bound - 1e-6 * std::abs(g.lp.bound));
  EXPECT_LE(volume.bound, 1.02 * g.lp.bound) << "after " << volume.steps << " steps";
}

// An LP above kLpReferenceTerms at a limit its iterations fit only when
// counted one for one: too slow to finish there, it is not started, and the
// Volume bound runs in its place.
TEST(PartBounds, ALargeLpThatWouldNotFinishGivesWayToTheVolumeBound) {
  const auto region = make_generated_region(7, 6000);
  const auto problem = build_problem(region.region, region.neighbours, Scenario{}, region.as_of);
  const auto built = build_model(problem);
  const auto shape = part_shape(built);
  ASSERT_GT(shape.lp_terms, kLpReferenceTerms);
  ASSERT_FALSE(shape.consolidation());
  const double counted_once_s =
      kLpIterationsPerTerm * static_cast<double>(shape.lp_terms) / (0.6 * kLpIterationsPerSecond);
  const double limit_s = 1.1 * counted_once_s;
  ASSERT_LT(limit_s, limit_for(shape, 1.0));
  // A short time left: the Volume bound's safety net ends it within a second.
  auto bounds = start_part_bounds(problem, built, shape, 0, limit_s, 1.0);
  EXPECT_FALSE(bounds.lp.valid());
  ASSERT_TRUE(bounds.volume.valid());
  EXPECT_TRUE(std::isfinite(bounds.volume.get().bound));
}

// End to end with a time limit too short for the LP's iterations (the
// Volume bound runs; how near the LP it gets within a run of seconds
// depends on the other core's load, so only its validity is checked here):
// the verified proposal's bound is never below the proposal nor below the
// LP of the same rows.
TEST(PartBounds, ARunWhoseLpDoesNotFitReportsAValidBound) {
  const auto& g = generated();
  Scenario scenario;
  scenario.solver.time_limit_s = limit_for(g.shape, 0.5);
  ASSERT_GE(scenario.solver.time_limit_s, 2.0) << "too short a run to search";
  auto cbc = make_cbc_backend();
  const auto result =
      optimise(g.region.region, g.region.neighbours, scenario, g.region.as_of, *cbc);
  ASSERT_TRUE(result.call_ok) << result.error;
  EXPECT_TRUE(result.evaluation.valid());
  EXPECT_GE(result.bound_eur + 1e-6, result.objective_eur);
  EXPECT_GE(result.bound_eur, g.lp.bound - 1e-6 * std::abs(g.lp.bound));
}

// The planned cycles always run (their safety net is the clock's); up to
// as many again run while the counted seconds leave room for the last
// cycle's estimate 1.2 times over: five planned cycles of a 300 s limit
// whose later ones are estimated at 30 s make eight (60 + 7 × 30 = 270, and
// 270 + 36 > 299).
TEST(SearchCycles, MoreThanPlannedWhileTheWorkSoFarLeavesRoom) {
  CyclePlan plan(5, 60.0, 299.0);
  int cycles = 1;
  for (int cycle = 1; plan.runs(cycle); ++cycle) {
    plan.count(30.0, 1.0);
    ++cycles;
  }
  EXPECT_EQ(cycles, 8);

  CyclePlan full(5, 60.0, 299.0);  // later cycles that take their budget
  for (int cycle = 1; cycle < 5; ++cycle) {
    ASSERT_TRUE(full.runs(cycle));
    full.count(60.0, 1.0);
  }
  EXPECT_FALSE(full.runs(5));

  EXPECT_FALSE(CyclePlan(1, 60.0, 0.9 * 60.0).runs(1));  // a 60 s run searches once

  CyclePlan halved(2, 60.0, 130.0);  // a cycle the safety net halved
  ASSERT_TRUE(halved.runs(1));
  halved.count(20.0, 0.5);      // 40 s expected of the next at full work
  EXPECT_TRUE(halved.runs(2));  // 80 + 1.2 × 40 = 128
  CyclePlan tighter(2, 60.0, 120.0);
  tighter.count(20.0, 0.5);
  EXPECT_FALSE(tighter.runs(2));  // 128 > 120

  CyclePlan quick(2, 60.0, 10'000.0);  // at most as many again as planned
  for (int cycle = 1; cycle < 4; ++cycle) {
    ASSERT_TRUE(quick.runs(cycle)) << cycle;
    quick.count(1.0, 1.0);
  }
  EXPECT_FALSE(quick.runs(4));
}

// A cycle's estimated seconds grow with each measure of its work, and a
// pass over the model costs in proportion to its columns.
TEST(SearchCycles, ACyclesEstimateGrowsWithEachMeasureOfItsWork) {
  const CycleWork none;
  const double move_s = 1e-6;
  const double base = none.estimated_seconds(100'000, move_s);
  EXPECT_GT(base, 0.0);  // the cycle's passes besides its sub-MIPs
  EXPECT_NEAR(none.estimated_seconds(200'000, move_s), 2.0 * base, 1e-12);
  for (auto more : {CycleWork{1, 0, 0, 0}, CycleWork{0, 1000, 0, 0}, CycleWork{0, 0, 1000, 0},
                    CycleWork{0, 0, 0, 1000}})
    EXPECT_GT(more.estimated_seconds(100'000, move_s), base);
  const CycleWork annealed{0, 0, 3'000'000, 0};
  EXPECT_NEAR(annealed.estimated_seconds(100'000, move_s) - base, 3.0, 1e-9);
}

}  // namespace
}  // namespace landpool::testing
