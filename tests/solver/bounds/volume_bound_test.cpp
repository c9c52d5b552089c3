// The Volume algorithm's Lagrangian bound: never below CBC's proven optimum
// nor below the LP relaxation of the same rows (weak duality, checked
// against Clp), and near that LP once it converges; a penalty slack keeps
// each step's value finite.

#include <gtest/gtest.h>

#include <cmath>

#include "core/scenario.hpp"
#include "solver/backends/lp_relaxation.hpp"
#include "solver/bounds/volume_bound.hpp"
#include "solver/model/linear_model.hpp"
#include "solver/model/model_builder.hpp"
#include "solver/problem/problem.hpp"
#include "solver/tiny_regions.hpp"

namespace landpool::testing {
namespace {

using namespace landpool::solver;

VolumeSettings with_steps(const BuiltModel& built, int steps) {
  VolumeSettings settings;
  settings.max_steps = steps;
  settings.left_out = deal_structure_columns(built);
  return settings;
}

// On 60 tiny regions: from its start (no multipliers, then the first ones)
// and after 400 steps, never below CBC's proven optimum nor above the
// columns' ranges; the steps tighten the start in most regions.
TEST(VolumeBound, NeverBelowTheProvenOptimum) {
  int tighter = 0, compared = 0;
  for_each_solved_tiny_region(
      60, [&](std::uint64_t seed, const Problem& problem, const BuiltModel& built, double optimum) {
        ++compared;
        const double tolerance = 1e-6 * std::max(1.0, std::abs(optimum));
        const auto start = volume_bound(problem, built, with_steps(built, 1));
        const auto stepped = volume_bound(problem, built, with_steps(built, 400));
        for (const auto& volume : {start, stepped}) {
          EXPECT_GE(volume.bound + tolerance, optimum) << "seed " << seed << ", " << volume.steps;
          EXPECT_LE(volume.bound, range_bound(built.model) + tolerance) << "seed " << seed;
        }
        EXPECT_LE(stepped.bound, start.bound + tolerance) << "seed " << seed;
        tighter += stepped.bound < start.bound - tolerance ? 1 : 0;
      });
  EXPECT_GE(tighter, compared / 2) << "the steps did not move the multipliers";
}

// A generated region of 300 parcels: the bound is never below Clp's LP of
// the same model (the deal structure left out alike; every Lagrangian value
// bounds that LP), and within 2 % above it once converged.
TEST(VolumeBound, ConvergesToTheLpBoundFromAbove) {
  const auto generated = make_generated_region(2, 300);
  const auto problem =
      build_problem(generated.region, generated.neighbours, Scenario{}, generated.as_of);
  const auto built = build_model(problem);
  const auto settings = with_steps(built, 3000);
  const auto lp = solve_lp_relaxation(built.model, 600.0, settings.left_out);
  ASSERT_EQ(lp.outcome, LpRelaxation::Outcome::optimal);
  const auto volume = volume_bound(problem, built, settings);
  EXPECT_GE(volume.bound, lp.bound - 1e-6 * std::abs(lp.bound));
  EXPECT_LE(volume.bound, 1.02 * lp.bound) << "LP " << lp.bound << " after " << volume.steps;
  EXPECT_GT(volume.rows_priced, 0);
  EXPECT_GT(volume.step_work, 0);
}

// A work limit: `max_work` allows as many steps as its units hold, at least
// `least_steps`.
TEST(VolumeBound, StepsFollowTheWorkLimit) {
  const auto generated = make_generated_region(2, 300);
  const auto problem =
      build_problem(generated.region, generated.neighbours, Scenario{}, generated.as_of);
  const auto built = build_model(problem);
  auto settings = with_steps(built, 3000);
  settings.max_work = 1;
  settings.least_steps = 5;
  EXPECT_EQ(volume_bound(problem, built, settings).steps, 5);
  const auto one_step = volume_bound(problem, built, with_steps(built, 1));
  settings.max_work = 20 * one_step.step_work;
  EXPECT_EQ(volume_bound(problem, built, settings).steps, 20);
}

// max x1 + 2·x2 − 0.5·e, x1 + x2 − 2·e <= 1 (e >= 0 a penalty slack, x1
// and x2 parcels of their own): breaking the row pays, so the optimum (x1 =
// x2 = 1, e = 1/2: 2.75) needs the row's multiplier at its limit, the
// slack's price (1/4 a unit of the row, whose largest coefficient is 2):
// the bound reaches it and stays finite and valid on the way.
TEST(VolumeBound, APenaltySlackBoundsItsRowsMultiplier) {
  Problem problem;
  problem.parcels.resize(2);
  problem.candidates.resize(2);
  problem.candidates[1].parcel = 1;
  BuiltModel built;
  auto& model = built.model;
  const int x1 = model.add_binary("x1", 1.0);
  const int x2 = model.add_binary("x2", 2.0);
  const int e = model.add_continuous("e", 0.0, kInfinity, -0.5);
  built.choose = {x1, x2};
  model.add_row("cap", {{x1, 1.0}, {x2, 1.0}, {e, -2.0}}, -kInfinity, 1.0);
  VolumeSettings settings;
  settings.max_steps = 500;
  const auto volume = volume_bound(problem, built, settings);
  EXPECT_EQ(volume.rows_priced, 1);
  EXPECT_NEAR(volume.bound, 2.75, 1e-6);
}

}  // namespace
}  // namespace landpool::testing
