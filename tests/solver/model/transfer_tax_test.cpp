// The transfer tax decides the shape of a deal. Three owner-occupiers each
// farm a parcel next to another farm. Two of them can swap (a sale for tax
// purposes: two owners), or all three can pass parcels round a ring (a
// kavelruil: three owners bring land in, tax-exempt). Without the tax the swap
// is worth more; with it, only the ring pays. The optimiser must choose each
// time, and prove it. Each deal also costs its own at the negotiation table.

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "solver/optimiser.hpp"
#include "solver/records/describe_proposal.hpp"
#include "solver/search/first_exchanges.hpp"
#include "solver/verify/deal_verifier.hpp"
#include "solver/verify/verifier.hpp"

namespace landpool::testing {
namespace {

using namespace landpool::solver;

struct TaxRegion {
  Region region;
  std::vector<ParcelNeighbours> neighbours;
  Scenario scenario;
  Date as_of = *parse_iso_date("2026-10-01");
};

using Farmsteads = std::vector<std::pair<std::string, PointRd>>;
struct ParcelAt {
  std::string parcel_id, user;
  PointRd centroid;
};

/// Organic owner-occupiers, each with a home parcel at its farmstead, and the
/// given parcels (2 ha at 60,000 EUR/ha, owned by their user). Every farm
/// wants 0 ha net, exchanges and wants to own; `exchangeable` lists what each
/// farm offers in exchange.
TaxRegion owner_occupiers(
    const Farmsteads& farms, const std::vector<ParcelAt>& parcels,
    std::vector<ParcelNeighbours> neighbours,
    const std::vector<std::pair<std::string, std::vector<std::string>>>& exchangeable) {
  TaxRegion t;
  auto& r = t.region;
  auto add_parcel = [&](const ParcelAt& at) {
    Parcel p;
    p.parcel_id = at.parcel_id;
    p.area_ha = 2.0;
    p.centroid = at.centroid;
    p.soil = Soil::clay;
    p.value_eur_per_ha = 60000.0;
    p.land_use = LandUse::arable;
    p.organic_status = OrganicStatus::organic;
    p.user_farm_id = at.user;
    p.owner_id = "O" + at.user;
    r.parcels.push_back(p);
  };
  for (const auto& [id, at] : farms) {
    Farm farm;
    farm.farm_id = id;
    farm.name = "Farm " + id;
    farm.organic_status = OrganicStatus::organic;
    farm.farmstead = at;
    r.farms.push_back(farm);
    r.owners.push_back({"O" + id, "owner of " + id, OwnerKind::farmer, id});
    add_parcel({"home" + id, id, at});
  }
  for (const auto& parcel : parcels)
    add_parcel(parcel);
  for (auto& pair : neighbours) {
    if (pair.parcel_b < pair.parcel_a)
      std::swap(pair.parcel_a, pair.parcel_b);
  }
  t.neighbours = std::move(neighbours);
  for (const auto& [id, listed] : exchangeable) {
    Demand demand;
    demand.farm_id = id;
    demand.wants_min_ha = 0.0;
    demand.wants_max_ha = 0.0;
    demand.modes = DemandModes{};
    demand.modes.insert(DemandMode::exchange);
    demand.modes.insert(DemandMode::buy);
    demand.exchange.policy = ExchangeParcels::Policy::listed;
    demand.exchange.parcel_ids = listed;
    r.demands.push_back(demand);
  }
  t.scenario.solver.relative_gap = 0.0;
  t.scenario.solver.threads = 1;
  return t;
}

TaxRegion make_region(double transfer_tax_pct) {
  const double x0 = 120000.0, y0 = 490000.0;
  auto t =
      owner_occupiers({{"A", {x0, y0}}, {"B", {x0 + 1400.0, y0}}, {"C", {x0 + 700.0, y0 + 1200.0}}},
                      {{"a_at_B", "A", {x0 + 1550.0, y0}},          // A's parcel next to B's home
                       {"b_at_A", "B", {x0 + 150.0, y0}},           // B's parcel next to A's home
                       {"b_at_C", "B", {x0 + 850.0, y0 + 1200.0}},  // B's parcel next to C's home
                       {"c_near_A", "C", {x0, y0 + 450.0}}},  // C's parcel near A, not touching
                      {{"a_at_B", "homeB", 150.0, 3.0, false},
                       {"b_at_A", "homeA", 150.0, 3.0, false},
                       {"b_at_C", "homeC", 150.0, 3.0, false}},
                      {{"A", {"a_at_B"}}, {"B", {"b_at_A", "b_at_C"}}, {"C", {"c_near_A"}}});
  // B farms no farther than 1.45 km: C's parcel near A (1.47 km) is not
  // for B, so the swap and the ring exclude each other.
  t.region.demands[1].max_distance_km = 1.45;
  t.scenario.deals.transfer_tax_pct = transfer_tax_pct;
  return t;
}

const std::vector<ProposedTransfer> kSwap = {{"a_at_B", "B", TransferForm::ownership_exchange},
                                             {"b_at_A", "A", TransferForm::ownership_exchange}};
const std::vector<ProposedTransfer> kRing = {{"a_at_B", "B", TransferForm::ownership_exchange},
                                             {"b_at_C", "C", TransferForm::ownership_exchange},
                                             {"c_near_A", "A", TransferForm::ownership_exchange}};

double value_of(const TaxRegion& t, const std::vector<ProposedTransfer>& transfers) {
  const auto evaluation = verify_proposal(t.region, t.neighbours, t.scenario, t.as_of, transfers);
  EXPECT_TRUE(evaluation.valid()) << evaluation.violations.front().message;
  return evaluation.objective_eur;
}

std::set<std::pair<std::string, std::string>> moves(const std::vector<ProposedTransfer>& list) {
  std::set<std::pair<std::string, std::string>> out;
  for (const auto& t : list)
    out.insert({t.parcel_id, t.to_farm_id});
  return out;
}

OptimiseResult solve(const TaxRegion& t) {
  auto cbc = make_cbc_backend();
  auto result = optimise(t.region, t.neighbours, t.scenario, t.as_of, *cbc);
  EXPECT_TRUE(result.call_ok) << result.error;
  EXPECT_EQ(result.status, SolveStatus::optimal);
  EXPECT_TRUE(result.evaluation.valid());
  return result;
}

TEST(TransferTax, WithoutTaxTheTwoPartySwapIsBest) {
  const auto t = make_region(0.0);
  // The premise, judged by the verifier alone: both are valid, the swap is worth more.
  ASSERT_GT(value_of(t, kSwap), value_of(t, kRing) + 1.0);
  const auto result = solve(t);
  EXPECT_EQ(moves(result.transfers), moves(kSwap));
  EXPECT_NEAR(result.objective_eur, value_of(t, kSwap), 1e-6);
}

TEST(TransferTax, WithTheTaxTheThreePartyKavelruilIsBest) {
  const auto t = make_region(10.4);
  const double swap = value_of(t, kSwap), ring = value_of(t, kRing);
  ASSERT_LT(swap, ring);
  // The swap pays 10.4 % of the value of both parcels; the ring pays nothing.
  EXPECT_NEAR(value_of(make_region(0.0), kSwap) - swap, 0.104 * 2 * 120000.0, 1e-6);
  EXPECT_NEAR(value_of(make_region(0.0), kRing), ring, 1e-6);
  const auto result = solve(t);
  EXPECT_EQ(moves(result.transfers), moves(kRing));
  EXPECT_NEAR(result.objective_eur, ring, 1e-6);
  EXPECT_NEAR(result.evaluation.terms_eur.at("transfer_tax"), 0.0, 1e-9);

  // Stored as one kavelruil deal of three farms, owners changed, no tax.
  const auto record = describe_proposal(t.region, t.neighbours, t.scenario, t.as_of, result);
  ASSERT_EQ(record.deals.size(), 1u);
  EXPECT_EQ(record.deals.front().form, "kavelruil");
  EXPECT_EQ(record.deals.front().farm_ids.size(), 3u);
  EXPECT_DOUBLE_EQ(record.deals.front().transfer_tax_eur, 0.0);
  for (const auto& transfer : record.transfers) {
    EXPECT_EQ(transfer.form, "kavelruil");
    EXPECT_EQ(transfer.owner_after, "O" + transfer.to_farm_id);
  }
  EXPECT_TRUE(verify_deals(t.scenario, record.transfers, record.deals).empty());

  // Key figures over the three farms: blocks 2+3+2 -> 2+2+1, shorter distances.
  const auto& k = record.kpis;
  EXPECT_NEAR(k.blocks_per_farm_before, 7.0 / 3.0, 1e-9);
  EXPECT_NEAR(k.blocks_per_farm_after, 5.0 / 3.0, 1e-9);
  EXPECT_NEAR(k.mean_block_after_ha, 14.0 / 5.0, 1e-9);
  EXPECT_LT(k.mean_distance_after_m, k.mean_distance_before_m);
  EXPECT_NEAR(k.machinery_before_km_year, 16.0 * k.travel_before_ha_km, 1e-9);
  EXPECT_NEAR(k.travel_cost_after_eur_year, 25.0 * k.travel_after_ha_km, 1e-9);
  EXPECT_DOUBLE_EQ(k.drift_border_before_km, 0.0);  // all organic
  EXPECT_DOUBLE_EQ(k.conversion_cost_eur, 0.0);
}

TEST(TransferTax, ASwapAloneIsASaleAndPaysTheTax) {
  auto t = make_region(10.4);
  OptimiseResult forced;
  forced.transfers = kSwap;
  forced.evaluation = verify_proposal(t.region, t.neighbours, t.scenario, t.as_of, kSwap);
  const auto record = describe_proposal(t.region, t.neighbours, t.scenario, t.as_of, forced);
  ASSERT_EQ(record.deals.size(), 1u);
  EXPECT_EQ(record.deals.front().form, "sale");
  EXPECT_NEAR(record.deals.front().transfer_tax_eur, 0.104 * 240000.0, 1e-6);
  EXPECT_NEAR(forced.evaluation.terms_eur.at("transfer_tax"), -0.104 * 240000.0, 1e-6);
  // Nobody set a minimum: nothing is unmet.
  EXPECT_DOUBLE_EQ(record.kpis.demand_wanted_ha, 0.0);
  EXPECT_DOUBLE_EQ(record.kpis.all_demand_met_share, 1.0);
  EXPECT_DOUBLE_EQ(record.kpis.demand_met_share, 1.0);
}

TEST(TransferTax, DemandMetCountsTheNetGainInAreaNotWhatIsReceived) {
  auto t = make_region(10.4);
  for (auto& demand : t.region.demands)
    demand.wants_min_ha = demand.farm_id == "A" ? 3.0 : demand.farm_id == "B" ? 1.0 : 0.0;
  auto described = [&](const std::vector<ProposedTransfer>& transfers) {
    OptimiseResult forced;
    forced.transfers = transfers;
    forced.evaluation = verify_proposal(t.region, t.neighbours, t.scenario, t.as_of, transfers);
    return describe_proposal(t.region, t.neighbours, t.scenario, t.as_of, forced).kpis;
  };
  // A and B swap 2 ha for 2 ha: neither has more land than before.
  const auto swapped = described(kSwap);
  EXPECT_DOUBLE_EQ(swapped.demand_wanted_ha, 4.0);
  EXPECT_DOUBLE_EQ(swapped.all_demand_met_share, 0.0);
  EXPECT_DOUBLE_EQ(swapped.organic_demand_wanted_ha, 4.0);  // every farm here is organic
  EXPECT_DOUBLE_EQ(swapped.demand_met_share, 0.0);
  // B's parcel to A alone: A gains 2 of its 3 ha, B's 1 ha is not met.
  const auto one_way = described({kSwap.back()});
  EXPECT_NEAR(one_way.all_demand_met_share, 2.0 / 4.0, 1e-12);
}

TEST(TransferTax, OwnershipMovesBetweenFarmsExactlyWhenTheGiverOwnsAndTheReceiverWantsToOwn) {
  auto t = make_region(10.4);
  auto breaks_form = [&](const std::vector<ProposedTransfer>& transfers) {
    const auto e = verify_proposal(t.region, t.neighbours, t.scenario, t.as_of, transfers);
    return std::any_of(e.violations.begin(), e.violations.end(),
                       [](const Violation& v) { return v.rule == "offer_conditions"; });
  };
  EXPECT_FALSE(breaks_form(kSwap));
  // Use only, where the giver owns and the receiver wants to own: wrong form.
  EXPECT_TRUE(breaks_form({{"a_at_B", "B", TransferForm::lease_exchange},
                           {"b_at_A", "A", TransferForm::lease_exchange}}));
  // A receiver that does not want to own gets use only.
  for (auto& demand : t.region.demands) {
    if (demand.farm_id == "B") {
      demand.modes = DemandModes{};
      demand.modes.insert(DemandMode::exchange);
    }
  }
  EXPECT_TRUE(breaks_form({{"a_at_B", "B", TransferForm::ownership_exchange}}));
  EXPECT_FALSE(breaks_form({{"a_at_B", "B", TransferForm::lease_exchange}}));
  // A leased parcel changes user only.
  t = make_region(10.4);
  for (auto& parcel : t.region.parcels) {
    if (parcel.parcel_id == "a_at_B")
      parcel.owner_id = "OC";
  }
  EXPECT_TRUE(breaks_form({{"a_at_B", "B", TransferForm::ownership_exchange}}));
  // The scenario can keep every exchange one of use.
  t = make_region(10.4);
  t.scenario.deals.ownership_exchanges = false;
  EXPECT_TRUE(breaks_form(kSwap));
}

// The exchange search of the first proposal finds the same answers alone.
TEST(ExchangeSearch, FindsTheSwapWithoutTaxAndTheRingWithIt) {
  for (const double tax_pct : {0.0, 10.4}) {
    const auto t = make_region(tax_pct);
    const auto problem = build_problem(t.region, t.neighbours, t.scenario, t.as_of);
    const auto chosen = add_exchanges(problem, t.neighbours, {}, 100,
                                      std::chrono::steady_clock::now() + std::chrono::minutes(1));
    std::vector<ProposedTransfer> found;
    for (std::size_t c : chosen)
      found.push_back(transfer_of(problem, c));
    EXPECT_EQ(moves(found), moves(tax_pct > 0.0 ? kRing : kSwap)) << "tax " << tax_pct;
  }
}

/// Two pairs of owner-occupiers far apart, each of which may swap a parcel
/// next to the other's farmstead (and B a parcel in between).
TaxRegion two_separate_pairs() {
  const double x0 = 120000.0, y0 = 490000.0;
  auto t = owner_occupiers(
      {{"A", {x0, y0}},
       {"B", {x0 + 1400.0, y0}},
       {"C", {x0, y0 + 3000.0}},
       {"D", {x0 + 1400.0, y0 + 3000.0}}},
      {{"a_at_B", "A", {x0 + 1550.0, y0}},
       {"b_at_A", "B", {x0 + 150.0, y0}},
       {"b_mid", "B", {x0 + 700.0, y0 + 1500.0}},
       {"c_at_D", "C", {x0 + 1550.0, y0 + 3000.0}},
       {"d_at_C", "D", {x0 + 150.0, y0 + 3000.0}}},
      {{"a_at_B", "homeB", 150.0, 3.0, false},
       {"b_at_A", "homeA", 150.0, 3.0, false},
       {"c_at_D", "homeD", 150.0, 3.0, false},
       {"d_at_C", "homeC", 150.0, 3.0, false}},
      {{"A", {"a_at_B"}}, {"B", {"b_at_A", "b_mid"}}, {"C", {"c_at_D"}}, {"D", {"d_at_C"}}});
  t.scenario.deals.max_ring_parties = 4;
  return t;
}

const std::vector<ProposedTransfer> kBothSwaps = {
    {"a_at_B", "B", TransferForm::ownership_exchange},
    {"b_at_A", "A", TransferForm::ownership_exchange},
    {"c_at_D", "D", TransferForm::ownership_exchange},
    {"d_at_C", "C", TransferForm::ownership_exchange}};

// Two separate swaps of two owners each: both sales, both taxed. Counted as
// one deal they would look like four owners swapping, a kavelruil: the model
// must not let one swap borrow the other's deal (both are reachable through a
// parcel B could give C). With the tax neither swap pays, so nothing moves.
TEST(TransferTax, TwoSeparateSwapsAreNotOneKavelruil) {
  const auto t = two_separate_pairs();
  const auto& both = kBothSwaps;
  // The premise: without the tax both swaps pay; with it they do not.
  auto untaxed = t;
  untaxed.scenario.deals.transfer_tax_pct = 0.0;
  ASSERT_GT(value_of(untaxed, both), 0.0);
  ASSERT_LT(value_of(t, both), 0.0);
  const auto result = solve(t);
  EXPECT_TRUE(result.error.empty()) << result.error;
  EXPECT_NEAR(result.objective_eur, 0.0, 1e-6);
  EXPECT_TRUE(result.transfers.empty());
}

// Each deal a negotiation table signs costs `transaction_eur_per_deal`: the
// two separate swaps are two deals (not one, not one per farm). Below the
// value of a swap both are proposed, at two deals' cost; above it neither.
// Also with the deal caps off, where only the cost needs the deal anchors.
TEST(DealCosts, EachSeparateDealCostsItsOwnAtTheTable) {
  auto t = two_separate_pairs();
  t.scenario.deals.transfer_tax_pct = 0.0;
  t.scenario.weights.transaction_eur_per_deal = 0.0;
  const double swaps = value_of(t, kBothSwaps);  // both swaps, free of deal costs
  ASSERT_GT(swaps, 0.0);
  for (const auto caps : {RuleMode::hard, RuleMode::off}) {
    t.scenario.rule(RuleId::deal_caps).mode = caps;
    // A deal costs 0.3 of both swaps' value: two deals cost 0.6 of it; counted
    // one per farm (four), 1.2, and nothing would move.
    t.scenario.weights.transaction_eur_per_deal = 0.3 * swaps;
    const auto evaluation =
        verify_proposal(t.region, t.neighbours, t.scenario, t.as_of, kBothSwaps);
    EXPECT_NEAR(evaluation.terms_eur.at("deal_costs"), -0.6 * swaps, 1e-6);
    const auto result = solve(t);
    EXPECT_EQ(moves(result.transfers), moves(kBothSwaps));
    EXPECT_NEAR(result.objective_eur, 0.4 * swaps, 1e-6);
    const auto record = describe_proposal(t.region, t.neighbours, t.scenario, t.as_of, result);
    EXPECT_EQ(record.kpis.deals, 2);
    EXPECT_NEAR(record.kpis.deal_costs_eur, 0.6 * swaps, 1e-6);

    // A deal now costs more than its swap is worth: nothing moves.
    t.scenario.weights.transaction_eur_per_deal = 0.6 * swaps;
    const auto none = solve(t);
    EXPECT_TRUE(none.transfers.empty());
    EXPECT_NEAR(none.objective_eur, 0.0, 1e-6);
  }
}

}  // namespace
}  // namespace landpool::testing
