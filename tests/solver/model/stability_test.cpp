// A run on unchanged data never proposes less than the last run's open
// proposal: that proposal, still feasible, is a start worth its value plus
// the stability bonus for every transfer it keeps (docs/workflow.md).

#include <gtest/gtest.h>

#include <cmath>

#include "solver/optimiser.hpp"
#include "solver/tiny_regions.hpp"

namespace landpool::testing {
namespace {

TEST(Stability, ARunAgainProposesAtLeastTheLastOpenProposalWithItsBonus) {
  const auto generated = make_generated_region(1, 1000);
  Scenario scenario;
  // Short: the search is far from done, so a run from scratch would end
  // elsewhere; the property holds whatever the clock stops.
  scenario.solver.time_limit_s = 8.0;
  auto cbc = solver::make_cbc_backend();
  const auto first =
      solver::optimise(generated.region, generated.neighbours, scenario, generated.as_of, *cbc);
  ASSERT_TRUE(first.call_ok) << first.error;
  ASSERT_GE(first.transfers.size(), 20u) << "too little moved: the test shows little";

  CarryOver carry;
  carry.previous = first.transfers;
  const auto second = solver::optimise(generated.region, generated.neighbours, scenario,
                                       generated.as_of, *cbc, carry);
  ASSERT_TRUE(second.call_ok) << second.error;
  EXPECT_TRUE(second.evaluation.valid());
  const double carried_eur = first.objective_eur + scenario.cycle.stability_eur_per_transfer *
                                                       static_cast<double>(first.transfers.size());
  EXPECT_GE(second.objective_eur, carried_eur - 1e-6 * std::abs(carried_eur))
      << "the second run proposed less than the first run's proposal would have been worth";
  EXPECT_GE(second.bound_eur + 1e-6, second.objective_eur);
}

}  // namespace
}  // namespace landpool::testing
