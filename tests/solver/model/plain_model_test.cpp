// The plain MIP (`landpool solve --write-mps`, the benchmark baseline) must
// be the model the optimiser solves, the region's history included: solved
// to optimality on its own, it gives the optimiser's proven optimum.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "solver/optimiser.hpp"
#include "solver/tiny_regions.hpp"

namespace landpool::testing {
namespace {

double plain_optimum(const TinyRegion& tiny, const CarryOver& carry) {
  const auto model =
      solver::build_plain_model(tiny.region, tiny.neighbours, tiny.scenario, tiny.as_of, carry);
  solver::SolveSettings settings;
  settings.time_limit_s = 30.0;
  settings.relative_gap = 0.0;
  settings.log_progress = false;
  const auto result = solver::make_cbc_backend()->solve(model, settings);
  EXPECT_EQ(result.status, solver::SolveStatus::optimal);
  return result.objective;
}

// The second quarter's solve pays a stability bonus for each transfer of the
// last open proposal proposed again: the plain model must carry it too.
TEST(PlainModel, IsTheModelSolvedWithTheLastProposalsStabilityBonus) {
  int with_transfers = 0;
  for (std::uint64_t seed = 8101; seed <= 8120; ++seed) {
    const auto tiny = make_tiny_region(seed, false);
    auto cbc = solver::make_cbc_backend();
    const auto first = solver::optimise(tiny.region, tiny.neighbours, tiny.scenario, tiny.as_of,
                                        *cbc, CarryOver{});
    ASSERT_EQ(first.status, solver::SolveStatus::optimal) << "seed " << seed;
    const double tolerance = 1e-6 * std::max(1.0, std::abs(first.objective_eur));
    EXPECT_NEAR(plain_optimum(tiny, CarryOver{}), first.objective_eur, tolerance) << seed;
    if (first.transfers.empty())
      continue;
    ++with_transfers;
    CarryOver carry;
    carry.previous = first.transfers;
    const auto second =
        solver::optimise(tiny.region, tiny.neighbours, tiny.scenario, tiny.as_of, *cbc, carry);
    ASSERT_EQ(second.status, solver::SolveStatus::optimal) << "seed " << seed;
    EXPECT_GT(second.objective_eur, first.objective_eur + tolerance)
        << "seed " << seed << ": the bonus for proposing the same transfers again is missing";
    EXPECT_NEAR(plain_optimum(tiny, carry), second.objective_eur, tolerance) << "seed " << seed;
  }
  EXPECT_GE(with_transfers, 10) << "too few regions moved land: the test shows little";
}

}  // namespace
}  // namespace landpool::testing
