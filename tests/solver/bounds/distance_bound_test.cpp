// The distance bound is a bound: no proposal the verifier accepts travels
// less than it, on tiny regions, exchange rings and a generated consolidation.

#include <random>

#include <gtest/gtest.h>

#include "solver/bounds/distance_bound.hpp"
#include "solver/problem/problem.hpp"
#include "solver/tiny_regions.hpp"
#include "solver/verify/verifier.hpp"

namespace landpool::testing {
namespace {

/// Random proposals the verifier accepts; returns how many, and how many
/// shortened the farms' travel.
std::pair<int, int> check_bound(const TinyRegion& tiny, std::uint64_t seed, int trials) {
  const auto problem =
      solver::build_problem(tiny.region, tiny.neighbours, tiny.scenario, tiny.as_of);
  const solver::ProposalVerifier verifier(tiny.region, tiny.neighbours, tiny.scenario, tiny.as_of);
  const auto none = solver::distance_bound(problem, {}, 10.0);
  EXPECT_NEAR(none.travel_after_ha_km, none.travel_before_ha_km, 1e-9);
  EXPECT_LE(none.least_travel_ha_km, none.travel_before_ha_km + 1e-9);
  EXPECT_TRUE(none.proven);
  std::mt19937_64 random(seed);
  int accepted = 0, shorter = 0;
  for (int trial = 0; trial < trials; ++trial) {
    const auto transfers = solver::transfers_of(problem, random_choices(problem, random));
    if (!verifier.evaluate(transfers).valid())
      continue;
    ++accepted;
    const auto measured = solver::distance_bound(problem, transfers, 10.0);
    EXPECT_GE(measured.travel_after_ha_km, measured.least_travel_ha_km - 1e-6)
        << "seed " << seed << " trial " << trial;
    shorter += measured.travel_after_ha_km < measured.travel_before_ha_km - 1e-9;
  }
  return {accepted, shorter};
}

TEST(DistanceBound, NoAcceptedProposalTravelsLessThanTheBound) {
  int accepted = 0, shorter = 0;
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    const auto tiny = seed % 2 == 0 ? make_exchange_region(seed) : make_tiny_region(seed, true, 8);
    const auto [a, s] = check_bound(tiny, seed, 80);
    accepted += a;
    shorter += s;
  }
  auto consolidation = make_generated_region(5, 250, true);
  consolidation.scenario = consolidation_scenario();
  const auto [a, s] = check_bound(consolidation, 5, 20);
  accepted += a;
  shorter += s;
  EXPECT_GE(accepted, 300) << "too few proposals checked";
  EXPECT_GE(shorter, 20) << "too few proposals shortened travel: the test shows little";
}

TEST(DistanceBound, AConsolidationCanShortenTravel) {
  auto consolidation = make_generated_region(5, 250, true);
  consolidation.scenario = consolidation_scenario();
  const auto problem = solver::build_problem(consolidation.region, consolidation.neighbours,
                                             consolidation.scenario, consolidation.as_of);
  const auto bound = solver::distance_bound(problem, {}, 10.0);
  EXPECT_TRUE(bound.proven);
  EXPECT_LT(bound.least_travel_ha_km, 0.95 * bound.travel_before_ha_km);
}

}  // namespace
}  // namespace landpool::testing
