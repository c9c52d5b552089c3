// The bound for models too large for their LP: never below CBC's proven
// optimum, and never above the bound of every column at its favourable end.

#include <gtest/gtest.h>

#include <cmath>

#include "solver/assignment_bound.hpp"
#include "solver/linear_model.hpp"
#include "solver/model_builder.hpp"
#include "solver/problem.hpp"
#include "tiny_regions.hpp"

namespace landpool::testing {
namespace {

using namespace landpool::solver;

TEST(AssignmentBound, NeverBelowTheProvenOptimumNorAboveTheColumnsRanges) {
  auto cbc = make_cbc_backend();
  int tighter = 0, compared = 0;
  for (std::uint64_t seed = 1; seed <= 60; ++seed) {
    auto tiny = seed % 3 == 0 ? make_exchange_region(seed) : make_tiny_region(seed, seed % 2 == 0);
    const auto problem = build_problem(tiny.region, tiny.neighbours, tiny.scenario, tiny.as_of);
    const auto built = build_model(problem);
    SolveSettings settings;
    settings.relative_gap = 0.0;
    const auto optimum = cbc->solve(built.model, settings);
    ASSERT_TRUE(optimum.call_ok && optimum.status == SolveStatus::optimal) << "seed " << seed;
    ++compared;
    const double bound = assignment_bound(problem, built);
    const double tolerance = 1e-6 * std::max(1.0, std::abs(optimum.objective));
    EXPECT_GE(bound + tolerance, optimum.objective) << "seed " << seed;
    EXPECT_LE(bound, range_bound(built.model) + tolerance) << "seed " << seed;
    tighter += bound < range_bound(built.model) - tolerance ? 1 : 0;
  }
  EXPECT_GE(tighter, compared / 2) << "no better than the columns' ranges";
}

}  // namespace
}  // namespace landpool::testing
