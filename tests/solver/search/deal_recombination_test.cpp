// Deal recombination: each pooled deal is valued as half of what it adds to
// its proposal and half of what it adds alone (checked against start_values
// on the whole model, with rules hard and as penalties, tax and allocation
// rules), so that a proposal's deals add up to it; the packing agrees with
// brute force, and the deals of two halves of a proposal pack back into it.

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iterator>
#include <numeric>
#include <random>
#include <tuple>

#include "core/clock.hpp"
#include "solver/model/model_builder.hpp"
#include "solver/problem/problem.hpp"
#include "solver/search/construction.hpp"
#include "solver/search/deal_recombination.hpp"
#include "solver/search/local_search.hpp"
#include "solver/tiny_regions.hpp"

namespace landpool::testing {
namespace {

using namespace landpool::solver;

constexpr auto kNoDeadline = std::chrono::hours(1);

TinyRegion region_for(std::uint64_t seed) {
  auto tiny = seed % 3 == 0 ? make_exchange_region(seed) : make_tiny_region(seed, seed % 2 == 0, 8);
  if (seed % 4 == 1)
    randomise_allocation(tiny, seed);
  if (seed % 5 == 2)
    all_rules_as_penalties(tiny.scenario, 10.0 * static_cast<double>(1 + seed % 7));
  return tiny;
}

/// A deal's value from start_values of whole proposals: half of what it adds
/// to `chosen` (the proposal less the proposal without it) and half of what
/// it adds alone (the deal alone less nothing).
double value_from_start_values(const Problem& problem, const BuiltModel& built,
                               const std::vector<std::size_t>& chosen, const PooledDeal& deal) {
  auto objective = [&](const std::vector<std::size_t>& choices) {
    return built.model.objective_of(start_values(problem, built, choices));
  };
  std::vector<std::size_t> rest;
  std::set_difference(chosen.begin(), chosen.end(), deal.candidates.begin(), deal.candidates.end(),
                      std::back_inserter(rest));
  return 0.5 *
         ((objective(chosen) - objective(rest)) + (objective(deal.candidates) - objective({})));
}

TEST(DealPool, ValuesEachDealByHalfOfWhatItAddsToItsProposalAndHalfAlone) {
  int deals_checked = 0, proposals_with_several = 0, summed = 0;
  for (std::uint64_t seed = 1; seed <= 60; ++seed) {
    const auto tiny = region_for(seed);
    const auto problem = build_problem(tiny.region, tiny.neighbours, tiny.scenario, tiny.as_of);
    const auto built = build_model(problem);
    std::mt19937_64 random(seed);
    for (int trial = 0; trial < 30; ++trial) {
      auto chosen = random_choices(problem, random);
      std::sort(chosen.begin(), chosen.end());
      const auto values = start_values(problem, built, chosen);
      if (built.model.first_violation(values))
        continue;
      DealPool pool(problem, built);
      pool.add(values);
      std::vector<std::size_t> pooled;
      std::vector<int> farm_seen(problem.farms.size(), 0);
      double values_eur = 0.0;
      for (const auto& deal : pool.deals()) {
        values_eur += deal.value_eur;
        EXPECT_NEAR(deal.value_eur, value_from_start_values(problem, built, chosen, deal),
                    1e-6 * std::max(1.0, std::abs(deal.value_eur)))
            << "seed " << seed << " trial " << trial;
        pooled.insert(pooled.end(), deal.candidates.begin(), deal.candidates.end());
        for (std::size_t f : deal.farms)
          EXPECT_EQ(++farm_seen[f], 1) << "a farm in two deals, seed " << seed;
        ++deals_checked;
      }
      std::sort(pooled.begin(), pooled.end());
      EXPECT_EQ(pooled, chosen) << "the deals hold every transfer once, seed " << seed;
      // Boundary terms between deals are shared, not counted twice: without
      // penalty slacks (whose rows may span deals) the values add up.
      const double added_eur = built.model.objective_of(values) -
                               built.model.objective_of(start_values(problem, built, {}));
      if (built.penalty_slacks.empty()) {
        EXPECT_NEAR(values_eur, added_eur, 1e-6 * std::max(1.0, std::abs(added_eur)))
            << "seed " << seed << " trial " << trial;
        ++summed;
      }
      proposals_with_several += pool.deals().size() > 1 ? 1 : 0;
      EXPECT_EQ(pool.add(values), 0u) << "a deal is pooled once";
    }
  }
  EXPECT_GT(deals_checked, 500);
  EXPECT_GT(proposals_with_several, 50);
  EXPECT_GT(summed, 100);
}

// Several random proposals pooled on each tiny region: CBC's packing has the
// value of brute force over every set of pooled deals (at most 24 of them),
// shares no farm and no parcel, and what it makes keeps every row.
TEST(DealPool, PacksAsBruteForceDoes) {
  auto cbc = make_cbc_backend();
  auto brute_force = make_brute_force_backend();
  int packed = 0;
  for (std::uint64_t seed = 1; seed <= 60; ++seed) {
    const auto tiny = region_for(seed);
    const auto problem = build_problem(tiny.region, tiny.neighbours, tiny.scenario, tiny.as_of);
    const auto built = build_model(problem);
    DealPool pool(problem, built);
    std::mt19937_64 random(seed);
    std::vector<double> start = start_values(problem, built, {});
    for (int trial = 0; trial < 40 && pool.deals().size() < 16; ++trial) {
      auto chosen = random_choices(problem, random);
      std::sort(chosen.begin(), chosen.end());
      const auto values = start_values(problem, built, chosen);
      if (!built.model.first_violation(values) && pool.add(values) > 0)
        start = values;
    }
    if (pool.deals().size() < 2)
      continue;
    const auto deadline = std::chrono::steady_clock::now() + kNoDeadline;
    RecombinationReport by_cbc, by_brute_force;
    const auto made = pool.recombine(*cbc, start, 100000, deadline, &by_cbc);
    pool.recombine(*brute_force, start, 100000, deadline, &by_brute_force);
    EXPECT_TRUE(by_cbc.proven) << "seed " << seed;
    EXPECT_NEAR(by_cbc.packed_value_eur, by_brute_force.packed_value_eur,
                1e-6 * std::max(1.0, std::abs(by_brute_force.packed_value_eur)))
        << "seed " << seed;
    // The packing's own check: chosen deals share no farm and no parcel,
    // and their values add up to what it reports.
    std::vector<int> farm_uses(problem.farms.size(), 0), parcel_uses(problem.parcels.size(), 0);
    double packed_eur = 0.0;
    for (std::size_t d : by_cbc.packed) {
      const auto& deal = pool.deals()[d];
      packed_eur += deal.value_eur;
      for (std::size_t f : deal.farms)
        EXPECT_EQ(++farm_uses[f], 1) << "seed " << seed;
      for (std::size_t m : deal.parcels)
        EXPECT_EQ(++parcel_uses[m], 1) << "seed " << seed;
    }
    EXPECT_NEAR(packed_eur, by_cbc.packed_value_eur, 1e-6 * std::max(1.0, std::abs(packed_eur)));
    if (made) {
      EXPECT_FALSE(built.model.first_violation(*made)) << "seed " << seed;
      ++packed;
    }
    // The packed deals inserted one by one, in place of the deals they
    // meet: every row kept, never below the start.
    const auto inserted = pool.insert_deals(start, by_cbc.packed, deadline);
    EXPECT_FALSE(built.model.first_violation(inserted)) << "seed " << seed;
    EXPECT_GE(built.model.objective_of(inserted),
              built.model.objective_of(start) - 1e-9 * std::abs(built.model.objective_of(start)))
        << "seed " << seed;
  }
  EXPECT_GT(packed, 20);
}

/// A generated region (600 parcels) with its model and a searched proposal
/// (the construction, then the swap search); built in place, as the problem
/// points into the region.
struct SearchedRegion {
  SearchedRegion()
      : generated(make_generated_region(1, 600)),
        problem(build_problem(generated.region, generated.neighbours, generated.scenario,
                              generated.as_of)),
        built(build_model(problem)),
        deadline(std::chrono::steady_clock::now() + kNoDeadline),
        searched(search_swaps(problem, built,
                              start_values(problem, built, construct_proposal(problem, built)),
                              SwapSearchSettings{}, deadline)) {}
  SearchedRegion(const SearchedRegion&) = delete;
  SearchedRegion& operator=(const SearchedRegion&) = delete;

  TinyRegion generated;
  Problem problem;
  BuiltModel built;
  SteadyTime deadline;
  std::vector<double> searched;
};

// A searched proposal on a generated region, its deals split into two
// proposals (alternate deals each): pooled together, they pack back into a
// proposal at least as good as the whole one.
TEST(DealPool, PacksTheDealsOfTwoHalvesBackIntoTheWhole) {
  const SearchedRegion region;
  const auto& [problem, built, deadline, whole] =
      std::tie(region.problem, region.built, region.deadline, region.searched);
  DealPool splitter(problem, built);
  splitter.add(whole);
  ASSERT_GE(splitter.deals().size(), 4u);
  const auto chosen = chosen_candidates(problem, built, whole);
  for (const auto& deal : splitter.deals()) {
    EXPECT_NEAR(deal.value_eur, value_from_start_values(problem, built, chosen, deal),
                1e-6 * std::max(1.0, std::abs(deal.value_eur)));
  }
  std::vector<std::size_t> halves[2];
  for (std::size_t d = 0; d < splitter.deals().size(); ++d) {
    const auto& candidates = splitter.deals()[d].candidates;
    halves[d % 2].insert(halves[d % 2].end(), candidates.begin(), candidates.end());
  }
  DealPool pool(problem, built);
  std::vector<double> half_values[2];
  for (int h = 0; h < 2; ++h) {
    std::sort(halves[h].begin(), halves[h].end());
    half_values[h] = start_values(problem, built, halves[h]);
    ASSERT_FALSE(built.model.first_violation(half_values[h]));
    pool.add(half_values[h]);
  }
  RecombinationReport report;
  const auto made = pool.recombine(*make_cbc_backend(), half_values[0], 100000, deadline, &report);
  ASSERT_TRUE(made.has_value());
  EXPECT_EQ(report.deals, splitter.deals().size());
  EXPECT_FALSE(built.model.first_violation(*made));
  const double best_half =
      std::max(built.model.objective_of(half_values[0]), built.model.objective_of(half_values[1]));
  EXPECT_GT(built.model.objective_of(*made), best_half);
  EXPECT_GE(built.model.objective_of(*made),
            built.model.objective_of(whole) - 1e-6 * std::abs(built.model.objective_of(whole)));
  // The exact repair, from one half with every pooled deal: it keeps every
  // row, never loses value, and takes in the other half's deals.
  std::vector<std::size_t> every_deal(pool.deals().size());
  std::iota(every_deal.begin(), every_deal.end(), std::size_t{0});
  const auto inserted = pool.insert_deals(half_values[0], every_deal, deadline);
  EXPECT_FALSE(built.model.first_violation(inserted));
  EXPECT_GE(built.model.objective_of(inserted), built.model.objective_of(half_values[0]));
  // Every deal of the other half adds to the first here, so the first
  // insertion tried is kept.
  EXPECT_GT(built.model.objective_of(inserted), built.model.objective_of(half_values[0]));
}

// An annealing walk ends at another local optimum of the swap search, which
// keeps every row: a proposal for the pool, better than its start or not.
TEST(AnnealWalk, EndsAtAnotherLocalOptimumThatKeepsEveryRow) {
  const SearchedRegion region;
  const auto& [problem, built, deadline, start] =
      std::tie(region.problem, region.built, region.deadline, region.searched);
  const auto walked =
      anneal_walk(problem, built, start, SwapSearchSettings{}, 200'000, 7, deadline);
  EXPECT_FALSE(built.model.first_violation(walked, 1e-5));
  EXPECT_NE(chosen_candidates(problem, built, walked), chosen_candidates(problem, built, start));
  const auto polished = search_swaps(problem, built, walked, SwapSearchSettings{}, deadline);
  EXPECT_DOUBLE_EQ(built.model.objective_of(polished), built.model.objective_of(walked));
  EXPECT_EQ(anneal_walk(problem, built, start, SwapSearchSettings{}, 200'000, 7, deadline), walked)
      << "a walk repeats for its seed";
}

}  // namespace
}  // namespace landpool::testing
