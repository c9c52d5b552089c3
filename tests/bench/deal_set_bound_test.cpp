// The bound of a decomposition by deals (bench/deal_set_bound.hpp), the
// measuring tool's core: never below CBC's proven optimum on tiny regions,
// and without its boundary credits (no bound) never above the bound.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include <spdlog/fmt/fmt.h>

#include "bench/deal_set_bound.hpp"
#include "core/date.hpp"
#include "core/region.hpp"
#include "solver/model/model_builder.hpp"
#include "solver/problem/problem.hpp"
#include "solver/tiny_regions.hpp"

namespace landpool::testing {
namespace {

using namespace landpool::solver;

bool deal_caps_hard(const Problem& problem) {
  return problem.scenario.rule(RuleId::deal_caps).mode == RuleMode::hard;
}

// On 40 tiny regions (exchange rings with tax among them) whose deal caps
// are hard: the bound by farm sets is at least CBC's proven optimum, both
// at the first step (pool parcels unpriced) and after the subgradient
// steps; the same sets without boundary credits are worth no more.
TEST(DealSetBound, NeverBelowTheProvenOptimum) {
  int compared = 0, with_credits = 0;
  for_each_solved_tiny_region(
      40, [&](std::uint64_t seed, const Problem& problem, const BuiltModel& built, double optimum) {
        if (!deal_caps_hard(problem))
          return;
        ++compared;
        const double tolerance = 1e-6 * std::max(1.0, std::abs(optimum));
        bench::DealSetBoundSettings settings;
        settings.steps = 0;
        settings.sub_mip_limit_s = 20.0;
        const auto unpriced = bench::deal_set_bound(problem, built, settings);
        EXPECT_TRUE(unpriced.is_bound);
        EXPECT_GE(unpriced.bound_eur + tolerance, optimum) << "seed " << seed;

        settings.steps = 20;
        settings.target_eur = optimum;
        const auto priced = bench::deal_set_bound(problem, built, settings);
        EXPECT_GE(priced.bound_eur + tolerance, optimum) << "seed " << seed;
        EXPECT_LE(priced.bound_eur, unpriced.bound_eur + tolerance) << "seed " << seed;

        settings.credit_boundaries = false;
        const auto uncredited = bench::deal_set_bound(problem, built, settings);
        EXPECT_FALSE(uncredited.is_bound);
        EXPECT_LE(uncredited.bound_eur, priced.bound_eur + tolerance) << "seed " << seed;
        with_credits += priced.credited_sides > 0 ? 1 : 0;
      });
  EXPECT_GE(compared, 10) << "too few regions with hard deal caps";
  EXPECT_GE(with_credits, 1) << "no region had a boundary between deals to credit";
}

// Two organic farms 3 km apart, each within reach of one of two
// neighbouring organic pool parcels (150 m of shared boundary) that revert
// unless an organic farm takes them: two deals of one farm each, whose
// parcels are worth more together (contiguity, no drift border between
// them) than each alone.
TinyRegion two_deals_side_by_side() {
  TinyRegion tiny;
  tiny.as_of = *parse_iso_date("2026-10-01");
  auto& r = tiny.region;
  for (int f = 0; f < 2; ++f) {
    Farm farm;
    farm.farm_id = fmt::format("F{}", f);
    farm.name = farm.farm_id;
    farm.organic_status = OrganicStatus::organic;
    farm.farmstead = {120000.0 + 3000.0 * f, 490000.0};
    r.farms.push_back(farm);
    r.owners.push_back(
        {"O" + farm.farm_id, "owner of " + farm.farm_id, OwnerKind::farmer, farm.farm_id});
    Demand demand;
    demand.farm_id = farm.farm_id;
    demand.wants_max_ha = 5.0;
    demand.max_distance_km = 1.5;
    demand.modes.insert(DemandMode::lease);
    r.demands.push_back(demand);
  }
  r.owners.push_back({"GOV", "Gemeente", OwnerKind::government, {}});
  for (int p = 0; p < 2; ++p) {
    Parcel parcel;
    parcel.parcel_id = fmt::format("P{}", p);
    parcel.area_ha = 2.0;
    parcel.centroid = {121425.0 + 150.0 * p, 490000.0};  // 1.4 km from its farm, 1.6 from the other
    parcel.soil = Soil::clay;
    parcel.value_eur_per_ha = 60000.0;
    parcel.land_use = LandUse::arable;
    parcel.organic_status = OrganicStatus::organic;
    parcel.owner_id = "GOV";
    r.parcels.push_back(parcel);
    Offer offer;
    offer.parcel_id = parcel.parcel_id;
    offer.owner_id = "GOV";
    offer.modes.insert(OfferMode::lease);
    offer.available_from = tiny.as_of;
    offer.lease_years_max = 6;
    r.offers.push_back(offer);
  }
  tiny.neighbours.push_back({"P0", "P1", 150.0, 0.0, false});
  return tiny;
}

// There the boundary between the two deals is what the credits cover: the
// bound is CBC's proven optimum (each deal credited half of what the
// boundary adds when both are made), and without the credits the sets are
// worth less than the optimum, no bound.
TEST(DealSetBound, CreditsTheBoundaryBetweenTwoDeals) {
  const auto tiny = two_deals_side_by_side();
  const auto problem = build_problem(tiny.region, tiny.neighbours, tiny.scenario, tiny.as_of);
  ASSERT_EQ(problem.candidates.size(), 2u) << "each parcel within reach of one farm";
  const auto built = build_model(problem);
  SolveSettings exact;
  exact.relative_gap = 0.0;
  exact.log_progress = false;
  const auto optimum = make_cbc_backend()->solve(built.model, exact);
  ASSERT_EQ(optimum.status, SolveStatus::optimal);
  ASSERT_EQ(chosen_candidates(problem, built, optimum.values).size(), 2u);
  bench::DealSetBoundSettings settings;
  settings.target_eur = optimum.objective;
  const auto bound = bench::deal_set_bound(problem, built, settings);
  const double tolerance = 1e-6 * std::max(1.0, std::abs(optimum.objective));
  EXPECT_NEAR(bound.bound_eur, optimum.objective, tolerance);
  EXPECT_EQ(bound.credited_sides, 4);  // contiguity and drift border, one side in each set
  settings.credit_boundaries = false;
  EXPECT_LT(bench::deal_set_bound(problem, built, settings).bound_eur, optimum.objective - 1000.0);
}

// Deals on hold, or deal caps that are not hard, leave deals the sets do
// not hold: refused.
TEST(DealSetBound, RefusesDealCapsThatAreNotHard) {
  auto tiny = make_tiny_region(1, false);
  tiny.scenario.rule(RuleId::deal_caps).mode = RuleMode::penalty;
  const auto problem = build_problem(tiny.region, tiny.neighbours, tiny.scenario, tiny.as_of);
  const auto built = build_model(problem);
  EXPECT_THROW(bench::deal_set_bound(problem, built, {}), std::invalid_argument);
}

// The connected sets of a ring of three exchanging farms: each farm, each
// pair and the three together, once each.
TEST(DealSetBound, ConnectedFarmSetsOfARing) {
  for (std::uint64_t seed = 3; seed <= 30; seed += 3) {
    const auto tiny = make_exchange_region(seed);
    const auto problem = build_problem(tiny.region, tiny.neighbours, tiny.scenario, tiny.as_of);
    const auto sets = bench::connected_farm_sets(problem, 4);
    for (const auto& set : sets) {
      EXPECT_TRUE(std::is_sorted(set.begin(), set.end()));
      EXPECT_LE(set.size(), 4u);
    }
    auto unique = sets;
    std::sort(unique.begin(), unique.end());
    EXPECT_EQ(std::unique(unique.begin(), unique.end()), unique.end());
    std::size_t singles = 0;
    for (const auto& set : sets)
      singles += set.size() == 1 ? 1 : 0;
    EXPECT_EQ(singles, problem.farms.size()) << "seed " << seed;
  }
}

}  // namespace
}  // namespace landpool::testing
