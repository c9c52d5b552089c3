// Deals and participants of a verified proposal, as stored and exported.
// Benefits and settlements are recomputed by the independent verifier.

#include <algorithm>
#include <map>
#include <numeric>
#include <set>
#include <unordered_map>

#include "solver/records/describe_proposal.hpp"
#include "solver/verify/deal_grouping.hpp"

namespace landpool::solver {
void describe_deals(const Region& region, const std::vector<ParcelNeighbours>& neighbours,
                    const Scenario& scenario, const Date& as_of, const OptimiseResult& result,
                    ProposalRecord& record) {
  std::vector<TransferEnds> ends;
  for (const auto& t : record.transfers)
    ends.push_back({t.from_farm_id, t.to_farm_id, t.owner_before});
  std::map<std::string, const FarmOutcome*> outcome_of;
  for (const auto& farm : result.evaluation.farms)
    outcome_of[farm.farm_id] = &farm;
  // Indexed once for every deal: a whole verifier per deal costs 9 s for
  // 307 deals on 30,000 parcels.
  const ProposalVerifier verifier(region, neighbours, scenario, as_of);
  const double baseline = verifier.evaluate({}).objective_eur;

  record.deals.clear();
  for (const auto& group : group_into_deals(ends)) {
    DealRecord deal;
    deal.deal_id = static_cast<int>(record.deals.size()) + 1;
    deal.farm_ids = group.farm_ids;
    deal.pool_owner_ids = group.pool_owner_ids;
    deal.effective_date = as_of;
    std::set<std::string> owners_giving, owners_receiving;
    bool exchange = false;
    double value_changing_owner = 0.0;
    std::vector<ProposedTransfer> alone;
    for (std::size_t t : group.transfers) {
      auto& transfer = record.transfers[t];
      transfer.deal_id = deal.deal_id;
      deal.area_ha += transfer.area_ha;
      deal.effective_date = std::max(deal.effective_date, transfer.effective_date);
      exchange = exchange || !transfer.from_farm_id.empty();
      if (transfer.owner_before != transfer.owner_after) {
        owners_giving.insert(transfer.owner_before);
        owners_receiving.insert(transfer.owner_after);
        value_changing_owner += transfer.value_eur;
      }
      alone.push_back(result.transfers[t]);  // records follow the result's transfers
    }
    if (!owners_giving.empty()) {
      const bool kavelruil = owners_giving.size() >= 3 && owners_receiving.size() >= 2;
      deal.form = kavelruil ? "kavelruil" : "sale";
      if (!kavelruil)
        deal.transfer_tax_eur = scenario.deals.transfer_tax_pct / 100.0 * value_changing_owner;
      for (std::size_t t : group.transfers) {
        auto& transfer = record.transfers[t];
        if (transfer.owner_before != transfer.owner_after)
          transfer.form = deal.form;
      }
    } else {
      deal.form = exchange ? "lease_exchange" : "lease";
    }
    for (const auto& farm_id : deal.farm_ids) {
      const auto outcome = outcome_of.find(farm_id);
      if (outcome == outcome_of.end())
        continue;
      deal.settlement_eur += std::max(0.0, outcome->second->settlement_eur);
      deal.settlement_eur_per_year += std::max(0.0, outcome->second->settlement_eur_per_year);
    }
    // Parties are in no other deal, so the deal alone is worth its share.
    deal.benefit_eur = verifier.evaluate(alone).objective_eur - baseline;
    record.deals.push_back(std::move(deal));
  }
}

void describe_participants(const Region& region, const std::vector<ParcelNeighbours>& neighbours,
                           const OptimiseResult& result, ProposalRecord& record) {
  std::unordered_map<std::string, std::size_t> parcel_index;
  for (std::size_t p = 0; p < region.parcels.size(); ++p)
    parcel_index[region.parcels[p].parcel_id] = p;
  std::vector<std::string> user_before(region.parcels.size()), user_after;
  for (std::size_t p = 0; p < region.parcels.size(); ++p)
    user_before[p] = region.parcels[p].user_farm_id.value_or("");
  user_after = user_before;
  std::map<std::string, int> deal_of_farm;
  for (const auto& t : record.transfers) {
    user_after[parcel_index.at(t.parcel_id)] = t.to_farm_id;
    deal_of_farm[t.to_farm_id] = t.deal_id;
    if (!t.from_farm_id.empty())
      deal_of_farm[t.from_farm_id] = t.deal_id;
  }
  // Blocks: a farm's parcels joined by shared boundaries (union-find).
  auto blocks = [&](const std::vector<std::string>& users, const std::string& farm_id) {
    std::vector<std::size_t> root(region.parcels.size());
    std::iota(root.begin(), root.end(), std::size_t{0});
    auto find = [&](std::size_t i) {
      while (root[i] != i)
        i = root[i] = root[root[i]];
      return i;
    };
    for (const auto& pair : neighbours) {
      const auto a = parcel_index.find(pair.parcel_a), b = parcel_index.find(pair.parcel_b);
      if (a == parcel_index.end() || b == parcel_index.end() || pair.shared_boundary_m <= 0)
        continue;
      if (users[a->second] == farm_id && users[b->second] == farm_id)
        root[find(a->second)] = find(b->second);
    }
    int count = 0;
    for (std::size_t p = 0; p < region.parcels.size(); ++p)
      count += users[p] == farm_id && find(p) == p;
    return count;
  };
  auto holdings = [&](const std::vector<std::string>& users, const std::string& farm_id,
                      ParticipantRecord& r, bool before) {
    double area = 0.0, value = 0.0;
    int parcels = 0;
    for (std::size_t p = 0; p < region.parcels.size(); ++p) {
      if (users[p] != farm_id)
        continue;
      const auto& parcel = region.parcels[p];
      area += parcel.area_ha;
      value += parcel.area_ha * parcel.value_eur_per_ha.value_or(kDefaultLandValue_eur_per_ha);
      ++parcels;
    }
    (before ? r.area_before_ha : r.area_after_ha) = area;
    (before ? r.value_before_eur : r.value_after_eur) = value;
    (before ? r.parcels_before : r.parcels_after) = parcels;
    (before ? r.blocks_before : r.blocks_after) = blocks(users, farm_id);
  };
  record.participants.clear();
  for (const auto& farm : result.evaluation.farms) {
    ParticipantRecord r;
    r.farm_id = farm.farm_id;
    r.deal_id = deal_of_farm[farm.farm_id];
    holdings(user_before, farm.farm_id, r, true);
    holdings(user_after, farm.farm_id, r, false);
    r.travel_before_ha_km = farm.travel_before_ha_km;
    r.travel_after_ha_km = farm.travel_after_ha_km;
    r.settlement_eur = farm.settlement_eur;
    r.settlement_eur_per_year = farm.settlement_eur_per_year;
    r.gain_eur = farm.gain_eur;
    record.participants.push_back(std::move(r));
  }
}

}  // namespace landpool::solver
