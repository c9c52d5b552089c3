// The LP's own solution made a proposal: deals split to their caps (checked
// by the verifier's own grouping of transfers into deals, not the
// splitter's), and the rounding of a nearly integral LP judged by the whole
// model's rows, the independent verifier and repeatability.

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <random>

#include "solver/backends/lp_relaxation.hpp"
#include "solver/model/model_builder.hpp"
#include "solver/problem/problem.hpp"
#include "solver/search/construction.hpp"
#include "solver/search/deal_splitting.hpp"
#include "solver/search/relaxation_rounding.hpp"
#include "solver/tiny_regions.hpp"
#include "solver/verify/deal_grouping.hpp"
#include "solver/verify/verifier.hpp"
#include "test_support.hpp"

namespace landpool::testing {
namespace {

using namespace landpool::solver;

/// The deals of `chosen` as the verifier groups them, each with whether it
/// keeps the scenario's caps.
std::vector<bool> deals_within_caps(const Problem& problem,
                                    const std::vector<std::size_t>& chosen) {
  std::vector<TransferEnds> ends;
  for (std::size_t c : chosen) {
    const auto& candidate = problem.candidates[c];
    const auto& movable = problem.parcels[candidate.parcel];
    const auto& to = problem.farms[candidate.farm].farm_id;
    if (movable.from_farm)
      ends.push_back({problem.farms[*movable.from_farm].farm_id, to, std::string()});
    else
      ends.push_back({std::string(), to, problem.region->parcels[movable.region_index].owner_id});
  }
  std::vector<bool> within;
  const auto& caps = problem.scenario.deals;
  for (const auto& deal : group_into_deals(ends)) {
    const int farms = static_cast<int>(deal.farm_ids.size());
    within.push_back(farms <= caps.max_farms(deal.has_pool_land()) &&
                     (caps.two_party_swaps || deal.has_pool_land() || farms != 2));
  }
  return within;
}

bool all_within_caps(const Problem& problem, const std::vector<std::size_t>& chosen) {
  const auto within = deals_within_caps(problem, chosen);
  return std::all_of(within.begin(), within.end(), [](bool ok) { return ok; });
}

/// Many exchanges at once: each exchange parcel of a generated consolidation
/// region to one of its candidates at random, pool land likewise.
std::vector<std::size_t> many_exchanges(const Problem& problem, std::uint64_t seed) {
  std::mt19937_64 random(seed);
  return random_choices(problem, random);
}

class DealSplittingTest : public ::testing::TestWithParam<bool> {};

// With two-party swaps allowed and not: every deal left keeps its cap, only
// farm-to-farm transfers go, and none that went could come back without a
// deal breaking its cap or the two-party rule (the split is maximal; with
// the default caps, where a chain may hold one farm more than a ring, pool
// land never lets a deal grow past what was already refused).
TEST_P(DealSplittingTest, LeavesEveryDealWithinItsCapsAndDropsNoMoreThanItMust) {
  auto generated = make_generated_region(3, 600, true);
  generated.scenario.deals.two_party_swaps = GetParam();
  const auto problem =
      build_problem(generated.region, generated.neighbours, generated.scenario, generated.as_of);
  const auto chosen = many_exchanges(problem, 7);
  ASSERT_FALSE(all_within_caps(problem, chosen)) << "the random choices already keep the caps";

  const auto kept = split_oversize_deals(problem, chosen, [](std::size_t c) {
    return static_cast<double>(c % 17);  // any worth: the caps must hold whatever it is
  });
  EXPECT_TRUE(all_within_caps(problem, kept));
  EXPECT_TRUE(std::includes(chosen.begin(), chosen.end(), kept.begin(), kept.end()));
  std::vector<std::size_t> dropped;
  std::set_difference(chosen.begin(), chosen.end(), kept.begin(), kept.end(),
                      std::back_inserter(dropped));
  ASSERT_FALSE(dropped.empty());
  for (std::size_t c : dropped) {
    EXPECT_TRUE(problem.parcels[problem.candidates[c].parcel].from_farm)
        << "pool land never links farms: it need not go";
    auto back = kept;
    back.insert(std::lower_bound(back.begin(), back.end(), c), c);
    EXPECT_FALSE(all_within_caps(problem, back)) << "candidate " << c << " went needlessly";
  }
}

INSTANTIATE_TEST_SUITE_P(TwoPartySwaps, DealSplittingTest, ::testing::Bool());

// Where the caps are not hard, nothing is split.
TEST(DealSplitting, LeavesTheChoicesAloneWhenTheCapsAreNotHard) {
  auto generated = make_generated_region(3, 600, true);
  generated.scenario.rule(RuleId::deal_caps).mode = RuleMode::penalty;
  const auto problem =
      build_problem(generated.region, generated.neighbours, generated.scenario, generated.as_of);
  const auto chosen = many_exchanges(problem, 7);
  EXPECT_EQ(split_oversize_deals(problem, chosen, [](std::size_t) { return 1.0; }), chosen);
}

/// The default scenario with the farms' own rules (area bands, nobody worse
/// off, partners) off and no boundary terms: the LP relaxation is then
/// integral, and rounded it links farms into deals far above the caps.
Scenario caps_only(Scenario scenario) {
  for (const auto rule : {RuleId::demand_balance, RuleId::nobody_worse_off, RuleId::partners})
    scenario.rule(rule).mode = RuleMode::off;
  scenario.weights.consolidation_eur_per_m_year = 0.0;
  scenario.weights.organic_contiguity_eur_per_m_year = 0.0;
  scenario.weights.drift_border_eur_per_m_year = 0.0;
  scenario.weights.transaction_eur_per_deal = 0.0;
  scenario.deals.transfer_tax_pct = 0.0;
  return scenario;
}

TEST(RelaxationRounding, MakesAValidVerifiedProposalFromAnIntegralLpWhoseDealsAreTooLarge) {
  const auto generated = make_generated_region(2, 600);
  const auto scenario = caps_only(generated.scenario);
  const auto problem =
      build_problem(generated.region, generated.neighbours, scenario, generated.as_of);
  const auto built = build_model(problem);
  const auto lp = solve_lp_relaxation(built.model, 60.0, deal_structure_columns(built));
  ASSERT_EQ(lp.outcome, LpRelaxation::Outcome::optimal);
  const auto lp_choices = chosen_candidates(problem, built, lp.values);
  ASSERT_FALSE(all_within_caps(problem, lp_choices)) << "the LP keeps the caps: nothing to test";

  const auto backend = make_cbc_backend();
  const auto far = std::chrono::steady_clock::now() + std::chrono::minutes(10);
  const auto rounded =
      round_relaxation(problem, built, lp.values, *backend, RelaxationRoundingSettings{}, far);
  ASSERT_TRUE(rounded.has_value());
  EXPECT_FALSE(built.model.first_violation(*rounded, 1e-6));
  const double value = built.model.objective_of(*rounded);
  EXPECT_LE(value, lp.bound + 1e-6 * lp.bound);
  const auto constructed = start_values(problem, built, construct_proposal(problem, built));
  EXPECT_GT(value, built.model.objective_of(constructed)) << "worth less than the construction";

  const auto chosen = chosen_candidates(problem, built, *rounded);
  EXPECT_TRUE(all_within_caps(problem, chosen));
  std::vector<ProposedTransfer> transfers;
  for (std::size_t c : chosen)
    transfers.push_back(transfer_of(problem, c));
  const auto evaluation =
      verify_proposal(generated.region, generated.neighbours, scenario, generated.as_of, transfers);
  ASSERT_TRUE(evaluation.valid()) << evaluation.violations.front().rule << " "
                                  << evaluation.violations.front().farm_id;
  EXPECT_NEAR(evaluation.objective_eur, value, 1e-6 * std::max(1.0, value));

  EXPECT_EQ(
      round_relaxation(problem, built, lp.values, *backend, RelaxationRoundingSettings{}, far),
      rounded);
}

/// The default scenario's LP on a generated region of 600 parcels, which is
/// fractional: its rounding breaks area bands, gains and partner caps.
struct FractionalLp {
  TinyRegion generated = make_generated_region(2, 600);
  Problem problem =
      build_problem(generated.region, generated.neighbours, generated.scenario, generated.as_of);
  BuiltModel built = build_model(problem);
  LpRelaxation lp = solve_lp_relaxation(built.model, 60.0, deal_structure_columns(built));
};

// A rounding that leaves more farms in broken rows than the settings allow
// is given up before any deal is mended.
TEST(RelaxationRounding, GivesUpWhenTooManyFarmsBreakARow) {
  const FractionalLp fractional;
  ASSERT_EQ(fractional.lp.outcome, LpRelaxation::Outcome::optimal);
  RelaxationRoundingSettings settings;
  settings.most_broken_farms = 0;
  const auto backend = make_cbc_backend();
  RelaxationRoundingReport report;
  EXPECT_FALSE(round_relaxation(
      fractional.problem, fractional.built, fractional.lp.values, *backend, settings,
      std::chrono::steady_clock::now() + std::chrono::minutes(1), &report));
  EXPECT_GT(report.broken_after_split, 0u) << "the rounding keeps every row: nothing to give up";
  EXPECT_EQ(report.deals_mended, 0);
}

// Mending every deal a rounding breaks (CBC, the rest fixed): what comes
// back keeps every row, the verifier accepts it at the model's value, and
// the work limit on the sub-MIPs' iterations holds to within one sub-MIP.
TEST(RelaxationRounding, MendsTheDealsItBreaksIntoAVerifiedProposal) {
  const FractionalLp fractional;
  ASSERT_EQ(fractional.lp.outcome, LpRelaxation::Outcome::optimal);
  const auto& [generated, problem, built, lp] = fractional;
  RelaxationRoundingSettings settings;
  settings.most_broken_farms = problem.farms.size();
  settings.max_total_iterations = 50000;
  const auto backend = make_cbc_backend();
  RelaxationRoundingReport report;
  const auto rounded =
      round_relaxation(problem, built, lp.values, *backend, settings,
                       std::chrono::steady_clock::now() + std::chrono::minutes(5), &report);
  EXPECT_GT(report.broken_after_split, 0u);
  EXPECT_GT(report.deals_mended, 0);
  EXPECT_LE(report.iterations, settings.max_total_iterations + settings.max_iterations);
  ASSERT_TRUE(rounded.has_value()) << "mending left a row broken";
  EXPECT_FALSE(built.model.first_violation(*rounded, 1e-6));
  std::vector<ProposedTransfer> transfers;
  for (std::size_t c : chosen_candidates(problem, built, *rounded))
    transfers.push_back(transfer_of(problem, c));
  const auto evaluation = verify_proposal(generated.region, generated.neighbours,
                                          generated.scenario, generated.as_of, transfers);
  ASSERT_TRUE(evaluation.valid()) << evaluation.violations.front().rule << " "
                                  << evaluation.violations.front().farm_id;
  EXPECT_NEAR(evaluation.objective_eur, built.model.objective_of(*rounded),
              1e-6 * std::max(1.0, evaluation.objective_eur));
}

}  // namespace
}  // namespace landpool::testing
