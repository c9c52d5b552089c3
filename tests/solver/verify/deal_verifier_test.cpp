// The deal check catches each kind of wrong deal record.

#include "solver/verify/deal_verifier.hpp"

#include <gtest/gtest.h>

namespace landpool::solver {
namespace {

TransferRecord transfer(int deal, const char* parcel, const char* from, const char* to,
                        const char* owner_before, const char* owner_after, const char* form,
                        double value) {
  TransferRecord t;
  t.deal_id = deal;
  t.parcel_id = parcel;
  t.from_farm_id = from;
  t.to_farm_id = to;
  t.owner_before = owner_before;
  t.owner_after = owner_after;
  t.form = form;
  t.area_ha = 1.0;
  t.value_eur = value;
  t.effective_date = *parse_iso_date("2027-01-01");
  // A change of owner settles the value; an exchange of use a hundredth of
  // it a year; a lease pays rent to its owner.
  const bool changes_owner = t.owner_before != t.owner_after;
  t.settles = changes_owner ? "capital" : t.form == "lease" ? "rent" : "yearly";
  if (!changes_owner)
    t.use_value_eur_per_year = value / 100.0;
  return t;
}

class DealVerifier : public ::testing::Test {
 protected:
  DealVerifier() {
    // Deal 1: A and B swap use. Deal 2: D gives C a parcel's use, and three
    // owners sell to C and D: three owners bring land, two receive (kavelruil).
    transfers = {transfer(1, "P1", "A", "B", "OA", "OA", "lease_exchange", 1000),
                 transfer(1, "P2", "B", "A", "OB", "OB", "lease_exchange", 1500),
                 transfer(2, "P3", "", "C", "X", "OC", "kavelruil", 2000),
                 transfer(2, "P4", "", "D", "Y", "OD", "kavelruil", 2000),
                 transfer(2, "P5", "", "C", "Z", "OC", "kavelruil", 2000),
                 transfer(2, "P6", "D", "C", "OD", "OD", "lease_exchange", 500)};
    DealRecord swap;
    swap.deal_id = 1;
    swap.form = "lease_exchange";
    swap.farm_ids = {"A", "B"};
    swap.area_ha = 2.0;
    swap.settlement_eur_per_year = 5;  // A gets 15 a year of use for 10
    swap.effective_date = *parse_iso_date("2027-01-01");
    DealRecord chain;
    chain.deal_id = 2;
    chain.form = "kavelruil";
    chain.farm_ids = {"C", "D"};
    chain.pool_owner_ids = {"X", "Y", "Z"};
    chain.area_ha = 4.0;
    chain.settlement_eur = 6000;        // C buys 4,000, D 2,000
    chain.settlement_eur_per_year = 5;  // C gets D's parcel's use
    chain.effective_date = swap.effective_date;
    deals = {swap, chain};
    scenario.deals.max_chain_links = 2;
  }
  bool catches(const std::string& text) {
    const auto problems = verify_deals(scenario, transfers, deals);
    return std::any_of(problems.begin(), problems.end(),
                       [&](const auto& p) { return p.find(text) != std::string::npos; });
  }
  Scenario scenario;
  std::vector<TransferRecord> transfers;
  std::vector<DealRecord> deals;
};

TEST_F(DealVerifier, AcceptsCorrectDeals) {
  const auto problems = verify_deals(scenario, transfers, deals);
  EXPECT_TRUE(problems.empty()) << problems.front();
}

TEST_F(DealVerifier, CatchesAWrongForm) {
  deals[1].form = "sale";
  EXPECT_TRUE(catches("is a kavelruil, not a sale"));
}

TEST_F(DealVerifier, ChargesTaxWhenTwoOwnersOnlyBringLand) {
  transfers[3].owner_before = transfers[2].owner_before;  // two owners bring land in: a sale
  EXPECT_TRUE(catches("is a sale, not a kavelruil"));
  const std::string sale = "sale";
  deals[1].form = sale;
  for (auto& t : transfers) {
    if (t.deal_id == 2)
      t.form = sale;
  }
  EXPECT_TRUE(catches("transfer tax 0 EUR, recomputed 624 EUR"));
  deals[1].transfer_tax_eur = 624;
  EXPECT_FALSE(catches("deal 2"));
}

TEST_F(DealVerifier, CatchesAFarmInTwoDealsAndUnlinkedFarms) {
  transfers[1].deal_id = 2;
  EXPECT_TRUE(catches("farm B is in deals 1 and 2"));
  transfers[1].deal_id = 1;
  transfers.push_back(transfer(1, "P6", "", "E", "Q", "Q", "lease", 0));
  deals[0].farm_ids.push_back("E");
  EXPECT_TRUE(catches("joins farms no exchange links"));
}

TEST_F(DealVerifier, CatchesCapsSettlementsAreasDatesAndOrphans) {
  scenario.deals.max_chain_links = 1;
  EXPECT_TRUE(catches("deal 2 has 2 farms, at most 1 in a chain"));
  scenario.deals.max_chain_links = 2;
  deals[0].settlement_eur_per_year = 0;
  EXPECT_TRUE(catches("settlement 0 EUR a year, recomputed 5 EUR a year"));
  deals[0].area_ha = 5;
  EXPECT_TRUE(catches("5.0000 ha, recomputed 2.0000 ha"));
  deals[0].effective_date = *parse_iso_date("2026-01-01");
  EXPECT_TRUE(catches("effective 2026-01-01"));
  transfers[0].deal_id = 7;
  EXPECT_TRUE(catches("deal 7, which does not exist"));
}

TEST_F(DealVerifier, AnExchangeOfUseNeverSettlesInCapital) {
  deals[0].settlement_eur = 500;  // the value difference of the two parcels
  EXPECT_TRUE(catches("deal 1: settlement 500 EUR, recomputed 0 EUR"));
  deals[0].settlement_eur = 0;
  transfers[0].settles = "capital";
  EXPECT_TRUE(catches("parcel P1 settles yearly, not capital"));
  transfers[0].settles = "yearly";
  transfers[0].use_value_eur_per_year.reset();
  EXPECT_TRUE(catches("parcel P1 changes use without a use value"));
}

}  // namespace
}  // namespace landpool::solver
