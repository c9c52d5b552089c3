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

// On 60 tiny regions: after one step (the first multipliers alone) and
// after many, never below CBC's proven optimum nor above the columns' ranges.
TEST(VolumeBound, NeverBelowTheProvenOptimum) {
  int tighter = 0, compared = 0;
  for_each_solved_tiny_region(
      60, [&](std::uint64_t seed, const Problem& problem, const BuiltModel& built, double optimum) {
        ++compared;
        const double tolerance = 1e-6 * std::max(1.0, std::abs(optimum));
        for (const int steps : {1, 400}) {
          const auto volume = volume_bound(problem, built, with_steps(built, steps));
          EXPECT_GE(volume.bound + tolerance, optimum) << "seed " << seed << ", " << steps;
          EXPECT_LE(volume.bound, range_bound(built.model) + tolerance) << "seed " << seed;
          if (steps > 1)
            tighter += volume.bound < range_bound(built.model) - tolerance ? 1 : 0;
        }
      });
  EXPECT_GE(tighter, compared / 2) << "no better than the columns' ranges";
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

// max x1 + 2·x2 − 10·e, x1 + x2 <= 1 + e (e >= 0 a penalty slack): the
// multiplier of the row stays within e's price, so the bound is finite and
// valid (2, x2 alone).
TEST(VolumeBound, APenaltySlackBoundsItsRowsMultiplier) {
  Problem problem;
  problem.parcels.resize(2);
  problem.candidates.resize(2);
  problem.candidates[1].parcel = 1;
  BuiltModel built;
  auto& model = built.model;
  const int x1 = model.add_binary("x1", 1.0);
  const int x2 = model.add_binary("x2", 2.0);
  const int e = model.add_continuous("e", 0.0, kInfinity, -10.0);
  built.choose = {x1, x2};
  model.add_row("cap", {{x1, 1.0}, {x2, 1.0}, {e, -1.0}}, -kInfinity, 1.0);
  VolumeSettings settings;
  settings.max_steps = 500;
  const auto volume = volume_bound(problem, built, settings);
  EXPECT_EQ(volume.rows_priced, 1);
  EXPECT_TRUE(std::isfinite(volume.bound));
  EXPECT_GE(volume.bound, 2.0 - 1e-9);
  EXPECT_LE(volume.bound, 3.0 + 1e-9);
}

}  // namespace
}  // namespace landpool::testing
