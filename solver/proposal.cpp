#include "solver/proposal.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <unordered_map>

#include <nlohmann/json.hpp>

namespace landpool::solver {
ProposalRecord describe_proposal(const Region& region,
                                 const std::vector<ParcelNeighbours>& neighbours,
                                 const Scenario& scenario, const Date& as_of,
                                 const OptimiseResult& result) {
  ProposalRecord record;
  std::unordered_map<std::string, const Parcel*> parcel_by_id;
  for (const auto& parcel : region.parcels)
    parcel_by_id[parcel.parcel_id] = &parcel;
  std::unordered_map<std::string, const Offer*> offer_by_parcel;
  for (const auto& offer : region.offers)
    offer_by_parcel[offer.parcel_id] = &offer;
  std::unordered_map<std::string, std::string> owner_of_farm;
  for (const auto& owner : region.owners) {
    if (owner.farm_id)
      owner_of_farm.emplace(*owner.farm_id, owner.owner_id);
  }
  std::unordered_map<std::string, Date> lease_free;
  for (const auto& lease : region.leases) {
    if (lease.end_date)
      lease_free[lease.parcel_id] =
          std::max(lease_free[lease.parcel_id], day_after(*lease.end_date));
  }

  for (const auto& t : result.transfers) {
    const Parcel& parcel = *parcel_by_id.at(t.parcel_id);
    const auto offer = offer_by_parcel.find(t.parcel_id);
    TransferRecord r;
    r.parcel_id = t.parcel_id;
    r.to_farm_id = t.to_farm_id;
    const bool from_pool = offer != offer_by_parcel.end();
    if (!from_pool && parcel.user_farm_id)
      r.from_farm_id = *parcel.user_farm_id;
    r.owner_before = parcel.owner_id;
    r.owner_after = parcel.owner_id;
    if (t.form == TransferForm::sale) {
      const auto owner = owner_of_farm.find(t.to_farm_id);
      r.owner_after = owner != owner_of_farm.end() ? owner->second : t.to_farm_id;
    }
    r.form = to_string(t.form);
    r.area_ha = parcel.area_ha;
    r.value_eur = parcel.area_ha * parcel.value_eur_per_ha.value_or(kDefaultLandValue_eur_per_ha);
    r.effective_date = as_of;
    if (from_pool)
      r.effective_date = std::max(r.effective_date, offer->second->available_from);
    if (auto free = lease_free.find(t.parcel_id); free != lease_free.end() && from_pool) {
      r.effective_date = std::max(r.effective_date, free->second);
    }
    record.transfers.push_back(std::move(r));
  }

  describe_deals(region, neighbours, scenario, as_of, result, record);
  describe_participants(region, neighbours, result, record);

  // KPIs.
  auto& k = record.kpis;
  const auto& e = result.evaluation;
  k.kept_organic_ha = e.kept_organic_ha;
  k.lost_organic_ha = e.lost_organic_ha;
  k.converting_gained_ha = e.converting_gained_ha;
  k.participating_farms = static_cast<int>(e.farms.size());
  k.smallest_gain_eur = e.farms.empty() ? 0.0 : e.farms.front().gain_eur;
  for (const auto& farm : e.farms) {
    k.farms_better_off += farm.gain_eur > 1e-6;
    k.smallest_gain_eur = std::min(k.smallest_gain_eur, farm.gain_eur);
    k.travel_before_ha_km += farm.travel_before_ha_km;
    k.travel_after_ha_km += farm.travel_after_ha_km;
    k.own_boundary_before_m += farm.own_boundary_before_m;
    k.own_boundary_after_m += farm.own_boundary_after_m;
    k.settlements_eur += std::abs(farm.settlement_eur);
  }
  std::unordered_map<std::string, double> received;
  for (const auto& t : record.transfers) {
    received[t.to_farm_id] += t.area_ha;
    k.transferred_ha += t.area_ha;
  }
  k.transfers = static_cast<int>(record.transfers.size());
  double wanted = 0.0, met = 0.0;
  std::unordered_map<std::string, OrganicStatus> status;
  for (const auto& farm : region.farms)
    status[farm.farm_id] = farm.organic_status;
  for (const auto& demand : region.demands) {
    if (demand.wants_min_ha <= 0.0 || status[demand.farm_id] == OrganicStatus::conventional)
      continue;
    wanted += demand.wants_min_ha;
    met += std::min(demand.wants_min_ha, received[demand.farm_id]);
  }
  k.demand_met_share = wanted > 0.0 ? met / wanted : 0.0;
  return record;
}

std::string kpis_to_json(const Kpis& k) {
  const nlohmann::json json = {{"planet",
                                {{"kept_organic_ha", k.kept_organic_ha},
                                 {"lost_organic_ha", k.lost_organic_ha},
                                 {"converting_gained_ha", k.converting_gained_ha}}},
                               {"profit",
                                {{"travel_before_ha_km", k.travel_before_ha_km},
                                 {"travel_after_ha_km", k.travel_after_ha_km},
                                 {"own_boundary_before_m", k.own_boundary_before_m},
                                 {"own_boundary_after_m", k.own_boundary_after_m},
                                 {"settlements_eur", k.settlements_eur}}},
                               {"people",
                                {{"participating_farms", k.participating_farms},
                                 {"farms_better_off", k.farms_better_off},
                                 {"smallest_gain_eur", k.smallest_gain_eur},
                                 {"demand_met_share", k.demand_met_share}}},
                               {"transfers", k.transfers},
                               {"transferred_ha", k.transferred_ha}};
  return json.dump();
}

}  // namespace landpool::solver
