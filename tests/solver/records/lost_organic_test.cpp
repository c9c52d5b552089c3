// Why organic land is lost: each reason code on a region where only that
// reason can bind. The small fixture's pool parcel G1P (8 ha, government
// land offered for lease, organic-only) is made organic, so that a proposal
// that leaves it lets it revert; F1 (organic, wants 2-10 ha within 5 km,
// leases or exchanges) is the only organic farm with a demand, 1.7 km away.

#include "solver/records/lost_organic.hpp"

#include <gtest/gtest.h>

#include "importers/csv_import.hpp"
#include "solver/verify/verifier.hpp"
#include "test_support.hpp"

namespace landpool::testing {
namespace {

class LostOrganic : public ::testing::Test {
 protected:
  void SetUp() override {
    fixture = CsvFixture::small_valid_region();
    fixture.set("parcels.csv", 5, "organic_status", "organic");  // G1P
    fixture.set("demands.csv", 1, "converts", "");               // F2 stays conventional
  }

  /// The record for G1P when nothing is proposed.
  LostOrganicRecord explain() {
    fixture.write(dir.path());
    auto imported = import_csv_directory(dir.path());
    EXPECT_FALSE(imported.diagnostics.has_errors());
    region = imported.region;
    solver::OptimiseResult nothing;
    nothing.evaluation = solver::verify_proposal(region, {}, scenario, as_of, {});
    const auto records = solver::explain_lost_organic(region, {}, scenario, as_of, nothing);
    EXPECT_EQ(records.size(), 1u);
    return records.empty() ? LostOrganicRecord{} : records.front();
  }

  TempDir dir;
  CsvFixture fixture;
  Region region;
  Scenario scenario;
  Date as_of = *parse_iso_date("2026-10-01");
};

TEST_F(LostOrganic, NoFarmInReachNamesTheNearest) {
  fixture.set("demands.csv", 0, "max_distance_km", "1");
  const auto lost = explain();
  EXPECT_EQ(lost.reason, "no_farm_in_reach");
  EXPECT_EQ(lost.farm_id, "F1");
  EXPECT_NEAR(lost.distance_km, 1.7, 0.01);
  EXPECT_DOUBLE_EQ(lost.area_ha, 8.0);
}

TEST_F(LostOrganic, AnOfferForSaleFitsNoDemandToLease) {
  fixture.set("offers.csv", 0, "mode", "sale");
  EXPECT_EQ(explain().reason, "offer_fits_no_demand");
}

TEST_F(LostOrganic, NoRoomInTheWantedArea) {
  fixture.set("demands.csv", 0, "wants_max_ha", "5");
  EXPECT_EQ(explain().reason, "demand_met");
}

TEST_F(LostOrganic, AHardRuleNamesItself) {
  scenario.government.max_ha_per_farm = 1.0;
  const auto lost = explain();
  EXPECT_EQ(lost.reason, "rule");
  EXPECT_EQ(lost.rule, "government_caps");
}

TEST_F(LostOrganic, ACostSaysWhichWeightWouldKeepIt) {
  // F1 gains, but the table's cost of a deal outweighs it and the keep bonus.
  scenario.weights.keep_organic_eur_per_ha = 0.0;
  scenario.weights.transaction_eur_per_deal = 50000.0;
  const auto lost = explain();
  EXPECT_EQ(lost.reason, "costs_more");
  EXPECT_EQ(lost.farm_id, "F1");
  EXPECT_GT(lost.cost_eur, 0.0);
  EXPECT_LT(lost.cost_eur, 50000.0);
  EXPECT_NEAR(lost.keep_weight_eur_per_ha, lost.cost_eur / 8.0, 1e-6);
  // At that weight the parcel pays its way: exactly zero change.
  scenario.weights.keep_organic_eur_per_ha = lost.keep_weight_eur_per_ha;
  const auto evaluation =
      solver::verify_proposal(region, {}, scenario, as_of, {{"G1P", "F1", TransferForm::lease}});
  EXPECT_NEAR(evaluation.objective_eur, 0.0, 1e-6);
}

TEST_F(LostOrganic, AGainingMoveIsReportedAsMissed) {
  const auto lost = explain();
  EXPECT_EQ(lost.reason, "search_missed");
  EXPECT_LT(lost.cost_eur, 0.0);  // a gain
}

}  // namespace
}  // namespace landpool::testing
