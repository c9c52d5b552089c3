// The verifier catches a deliberately broken proposal for each rule, and the
// optimiser's proposal on the same region passes it.

#include "solver/verify/verifier.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "importers/csv_import.hpp"
#include "solver/optimiser.hpp"
#include "test_support.hpp"

namespace landpool::testing {
namespace {

class VerifierRules : public ::testing::Test {
 protected:
  void SetUp() override {
    auto fixture = CsvFixture::small_valid_region();
    fixture.set("demands.csv", 1, "converts", "");  // F2: conventional, does not convert
    fixture.set("demands.csv", 0, "max_partners", "1");
    fixture.write(dir.path());
    auto imported = import_csv_directory(dir.path());
    ASSERT_FALSE(imported.diagnostics.has_errors());
    region = imported.region;
  }

  bool breaks(const std::vector<ProposedTransfer>& transfers, const std::string& rule) {
    const auto evaluation =
        solver::verify_proposal(region, {}, scenario, *parse_iso_date("2026-10-01"), transfers);
    return std::any_of(evaluation.violations.begin(), evaluation.violations.end(),
                       [&](const solver::Violation& v) { return v.rule == rule; });
  }

  TempDir dir;
  Region region;
  Scenario scenario;
};

TEST_F(VerifierRules, WhoMayMove) {
  // A1 is F1's own parcel and not declared exchangeable.
  EXPECT_TRUE(breaks({{"A1", "F2", TransferForm::lease_exchange}}, "who_may_move"));
  EXPECT_TRUE(breaks({{"G1P", "F1", TransferForm::lease}, {"G1P", "F1", TransferForm::lease}},
                     "who_may_move"));
}

TEST_F(VerifierRules, OrganicStaysOrganic) {
  // A2 is converting; F2 is conventional and does not convert.
  EXPECT_TRUE(breaks({{"A2", "F2", TransferForm::lease_exchange}}, "organic_stays_organic"));
}

TEST_F(VerifierRules, OfferConditions) {
  // G1P is offered for lease to organic farms only; F2 wants exchanges only.
  EXPECT_TRUE(breaks({{"G1P", "F2", TransferForm::lease}}, "offer_conditions"));
  EXPECT_TRUE(breaks({{"G1P", "F1", TransferForm::sale}}, "offer_conditions"));
}

TEST_F(VerifierRules, DemandBalance) {
  // F1 wants +2..+10 ha; giving A2 (3.2 ha) leaves it at -3.2 ha.
  scenario.rule(RuleId::organic_stays_organic).mode = RuleMode::off;
  EXPECT_TRUE(breaks({{"A2", "F2", TransferForm::lease_exchange}}, "demand_balance"));
}

TEST_F(VerifierRules, NobodyWorseOff) {
  // 8 ha of conventional land to an organic farm: two years of conversion cost
  // more than the wanted area is worth to it.
  EXPECT_TRUE(breaks({{"G1P", "F1", TransferForm::lease}}, "nobody_worse_off"));
  scenario.rule(RuleId::nobody_worse_off).mode = RuleMode::off;
  EXPECT_FALSE(breaks({{"G1P", "F1", TransferForm::lease}}, "nobody_worse_off"));
}

TEST_F(VerifierRules, Partners) {
  // F1 may deal with one party; G1P (owner G1) and B2 (from farm F2) are two.
  scenario.weights.conversion_eur_per_ha_year = 0.0;
  EXPECT_TRUE(
      breaks({{"G1P", "F1", TransferForm::lease}, {"B2", "F1", TransferForm::lease_exchange}},
             "partners"));
}

TEST_F(VerifierRules, DealCaps) {
  scenario.weights.conversion_eur_per_ha_year = 0.0;
  scenario.rule(RuleId::partners).mode = RuleMode::off;
  // F1 and F2 swap: a ring of two farms.
  const std::vector<ProposedTransfer> ring = {{"B2", "F1", TransferForm::lease_exchange},
                                              {"A2", "F2", TransferForm::lease_exchange}};
  EXPECT_FALSE(breaks(ring, "deal_caps"));
  scenario.deals.max_ring_parties = 1;  // below what the reader allows: the rule must still bite
  EXPECT_TRUE(breaks(ring, "deal_caps"));
  // Pool land G1P to F1 and B2 from F2: a chain of two links.
  scenario.deals.max_ring_parties = 3;
  const std::vector<ProposedTransfer> chain = {{"G1P", "F1", TransferForm::lease},
                                               {"B2", "F1", TransferForm::lease_exchange}};
  scenario.deals.max_chain_links = 2;
  EXPECT_FALSE(breaks(chain, "deal_caps"));
  scenario.deals.max_chain_links = 1;
  EXPECT_TRUE(breaks(chain, "deal_caps"));
  // A lease of pool land alone is always a deal one may sign.
  scenario.deals.max_chain_links = 0;
  EXPECT_FALSE(breaks({{"G1P", "F1", TransferForm::lease}}, "deal_caps"));
}

// F1 gives A2 (3.2 ha, worth 224,000 EUR, no lease rent: the scenario's 850
// EUR/ha) for the use of B2 (2 ha, 120,000 EUR, leased at 800 EUR/ha): use
// values 2,720 and 1,600 EUR a year. An exchange of use settles that
// difference yearly, never the 104,000 EUR difference in capital.
TEST_F(VerifierRules, AUseSwapOfUnequalValueSettlesYearlyNotInCapital) {
  scenario.rule(RuleId::partners).mode = RuleMode::off;
  const auto evaluation = solver::verify_proposal(
      region, {}, scenario, *parse_iso_date("2026-10-01"),
      {{"B2", "F1", TransferForm::lease_exchange}, {"A2", "F2", TransferForm::lease_exchange}});
  ASSERT_EQ(evaluation.farms.size(), 2u);
  const auto& f1 = evaluation.farms[0];
  const auto& f2 = evaluation.farms[1];
  ASSERT_EQ(f1.farm_id, "F1");
  EXPECT_DOUBLE_EQ(f1.settlement_eur, 0.0);
  EXPECT_DOUBLE_EQ(f2.settlement_eur, 0.0);
  EXPECT_NEAR(f1.settlement_eur_per_year, 1600.0 - 2720.0, 1e-6);
  EXPECT_NEAR(f2.settlement_eur_per_year, 2720.0 - 1600.0, 1e-6);
  // The yardstick for parcels without a lease rent is the scenario's.
  scenario.deals.rent_eur_per_ha_year = 1000.0;
  const auto dearer = solver::verify_proposal(
      region, {}, scenario, *parse_iso_date("2026-10-01"),
      {{"B2", "F1", TransferForm::lease_exchange}, {"A2", "F2", TransferForm::lease_exchange}});
  EXPECT_NEAR(dearer.farms[1].settlement_eur_per_year, 3200.0 - 1600.0, 1e-6);
}

// Blocks are counted as parcels minus neighbouring pairs with a shared
// boundary. F1 works A1 and A2 (one block); G1P joins that block only where
// it shares a boundary with A2; a neighbour across a gap joins nothing.
TEST_F(VerifierRules, BlocksCountParcelsLessPairsSharingABoundary) {
  scenario.weights.consolidation_eur_per_m_year = 0.0;
  scenario.weights.block_eur_per_year = 400.0;
  const ParcelNeighbours a1_a2{"A1", "A2", 150.0, 0.0, false};
  auto f1_after = [&](const std::vector<ParcelNeighbours>& neighbours) {
    const auto evaluation =
        solver::verify_proposal(region, neighbours, scenario, *parse_iso_date("2026-10-01"),
                                {{"G1P", "F1", TransferForm::lease}});
    EXPECT_EQ(evaluation.farms.at(0).farm_id, "F1");
    return evaluation.farms.at(0);
  };
  const auto apart = f1_after({a1_a2});
  const auto joined = f1_after({a1_a2, {"A2", "G1P", 100.0, 0.0, false}});
  const auto across_a_gap = f1_after({a1_a2, {"A2", "G1P", 0.0, 3.0, true}});
  EXPECT_EQ(apart.block_estimate_before, 1);
  EXPECT_EQ(apart.block_estimate_after, 2);
  EXPECT_EQ(joined.block_estimate_after, 1);
  EXPECT_EQ(across_a_gap.block_estimate_after, 2);
  EXPECT_NEAR(joined.gain_eur - apart.gain_eur, 400.0 * scenario.weights.appraisal_years, 1e-6);
  EXPECT_NEAR(across_a_gap.gain_eur, apart.gain_eur, 1e-6);
  // A swap: F1 gives A2, which joined A1, for B2; F2 gives B2 for A2. Each
  // works two blocks after; F1's one block became two, F2's two stay two.
  scenario.rule(RuleId::partners).mode = RuleMode::off;
  auto swap_with = [&](double block_eur_per_year) {
    scenario.weights.block_eur_per_year = block_eur_per_year;
    return solver::verify_proposal(
        region, {a1_a2}, scenario, *parse_iso_date("2026-10-01"),
        {{"B2", "F1", TransferForm::lease_exchange}, {"A2", "F2", TransferForm::lease_exchange}});
  };
  const auto swap = swap_with(400.0), free_swap = swap_with(0.0);
  ASSERT_EQ(swap.farms.size(), 2u);
  EXPECT_EQ(swap.farms[0].block_estimate_before, 1);
  EXPECT_EQ(swap.farms[0].block_estimate_after, 2);
  EXPECT_EQ(swap.farms[1].block_estimate_before, 2);
  EXPECT_EQ(swap.farms[1].block_estimate_after, 2);
  const double years = scenario.weights.appraisal_years;
  EXPECT_NEAR(swap.farms[0].gain_eur, free_swap.farms[0].gain_eur - 400.0 * years, 1e-6);
  EXPECT_NEAR(swap.farms[1].gain_eur, free_swap.farms[1].gain_eur, 1e-6);
}

TEST_F(VerifierRules, ThePenaltyModeCostsInsteadOfForbidding) {
  scenario.rule(RuleId::organic_stays_organic) = {RuleMode::penalty, 1000.0};
  const auto evaluation =
      solver::verify_proposal(region, {}, scenario, *parse_iso_date("2026-10-01"),
                              {{"A2", "F2", TransferForm::lease_exchange}});
  EXPECT_FALSE(std::any_of(evaluation.violations.begin(), evaluation.violations.end(),
                           [](const auto& v) { return v.rule == "organic_stays_organic"; }));
  EXPECT_NEAR(evaluation.penalties_eur, 1000.0 * 3.2, 1e-6);
}

TEST_F(VerifierRules, OfferConditionsArePenalisedOncePerTransfer) {
  // Both organic-only and the form are broken: one breach, one penalty.
  scenario.rule(RuleId::offer_conditions) = {RuleMode::penalty, 10.0};
  scenario.rule(RuleId::organic_stays_organic).mode = RuleMode::off;
  const auto evaluation = solver::verify_proposal(
      region, {}, scenario, *parse_iso_date("2026-10-01"), {{"G1P", "F2", TransferForm::lease}});
  EXPECT_NEAR(evaluation.penalties_eur, 10.0 * 8.0, 1e-6);
  auto cbc = solver::make_cbc_backend();
  const auto result = solver::optimise(region, {}, scenario, *parse_iso_date("2026-10-01"), *cbc);
  EXPECT_TRUE(result.call_ok) << result.error;
}

TEST_F(VerifierRules, TheOptimisersProposalPassesOnThisRegion) {
  auto cbc = solver::make_cbc_backend();
  const auto result = solver::optimise(region, {}, scenario, *parse_iso_date("2026-10-01"), *cbc);
  ASSERT_TRUE(result.call_ok) << result.error;
  EXPECT_TRUE(result.evaluation.valid());
  EXPECT_EQ(result.status, solver::SolveStatus::optimal);
}

}  // namespace
}  // namespace landpool::testing
