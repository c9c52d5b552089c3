#include "solver/records/describe_proposal.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <unordered_map>

#include "core/rent.hpp"
#include "solver/problem/allocation.hpp"
#include "solver/records/lost_organic.hpp"
#include "solver/verify/organic_clusters.hpp"

namespace landpool::solver {
namespace {

/// Organic clusters and zone before and after, government land given out.
void describe_land_kpis(const Region& region, const std::vector<ParcelNeighbours>& neighbours,
                        const Scenario& scenario, const Date& as_of, const OptimiseResult& result,
                        Kpis& k) {
  const auto facts = allocation_facts(region, scenario, as_of);
  std::unordered_map<std::string, std::size_t> parcel_index, farm_index;
  for (std::size_t p = 0; p < region.parcels.size(); ++p)
    parcel_index[region.parcels[p].parcel_id] = p;
  for (std::size_t f = 0; f < region.farms.size(); ++f)
    farm_index[region.farms[f].farm_id] = f;
  std::unordered_map<std::string, bool> converts;
  for (const auto& demand : region.demands)
    converts[demand.farm_id] = demand.converts;
  std::vector<bool> before(region.parcels.size()), after(region.parcels.size());
  for (std::size_t p = 0; p < region.parcels.size(); ++p)
    before[p] = after[p] = region.parcels[p].organic_status != OrganicStatus::conventional;
  for (const auto& t : result.transfers) {
    const std::size_t p = parcel_index.at(t.parcel_id);
    const std::size_t f = farm_index.at(t.to_farm_id);
    after[p] =
        region.farms[f].organic_status != OrganicStatus::conventional || converts[t.to_farm_id];
    if (facts.government_parcel[p]) {
      k.government_land_ha += region.parcels[p].area_ha;
      if (!facts.groups[f].empty())
        k.government_to_priority_ha += region.parcels[p].area_ha;
    }
  }
  for (const auto& parcel_id : result.evaluation.reverting_parcel_ids)
    after[parcel_index.at(parcel_id)] = false;
  const auto now = organic_clusters(region, neighbours, before, scenario.kpis.cluster_min_ha);
  const auto then = organic_clusters(region, neighbours, after, scenario.kpis.cluster_min_ha);
  k.clustered_share_before = now.share_in_large;
  k.clustered_share_after = then.share_in_large;
  for (const auto& pair : neighbours) {
    const auto a = parcel_index.find(pair.parcel_a), b = parcel_index.find(pair.parcel_b);
    if (a == parcel_index.end() || b == parcel_index.end())
      continue;
    if (before[a->second] != before[b->second])
      k.drift_border_before_km += pair.shared_boundary_m / 1000.0;
    if (after[a->second] != after[b->second])
      k.drift_border_after_km += pair.shared_boundary_m / 1000.0;
  }
  k.organic_clusters_before = now.count;
  k.organic_clusters_after = then.count;
  k.organic_before_ha = now.organic_ha;
  k.organic_after_ha = then.organic_ha;
  k.largest_cluster_before_ha = now.largest_ha;
  k.largest_cluster_after_ha = then.largest_ha;
  k.cluster_size_before_ha = now.weighted_mean_ha;
  k.cluster_size_after_ha = then.weighted_mean_ha;
  for (std::size_t p = 0; p < region.parcels.size(); ++p) {
    if (!facts.in_zone[p])
      continue;
    k.organic_in_zone_before_ha += before[p] ? region.parcels[p].area_ha : 0.0;
    k.organic_in_zone_after_ha += after[p] ? region.parcels[p].area_ha : 0.0;
  }
}

/// Blocks, distances, travel and conversion over the participating farms.
/// Travel of the problem's farms against the least any proposal could reach.
void describe_distance_bound(const OptimiseResult& result, Kpis& k) {
  const auto& distance = result.distance;
  k.travel_farms_before_ha_km = distance.travel_before_ha_km;
  k.travel_farms_after_ha_km = distance.travel_after_ha_km;
  k.travel_bound_ha_km = distance.least_travel_ha_km;
  k.travel_bound_proven = distance.proven;
  const double before = distance.travel_before_ha_km;
  if (before <= 0.0) {
    k.distance_reduction_achieved_share = 1.0;
    return;
  }
  const double possible = before - distance.least_travel_ha_km;
  const double achieved = before - distance.travel_after_ha_km;
  k.distance_reduction_share = achieved / before;
  k.distance_reduction_possible_share = possible / before;
  k.distance_reduction_achieved_share = possible > 1e-9 ? achieved / possible : 1.0;
}

void describe_farm_kpis(const Scenario& scenario, const OptimiseResult& result,
                        const std::vector<ParticipantRecord>& participants, Kpis& k) {
  constexpr double kMachineryKmPerHaKm = 16.0;  // 8 round trips a year, 2 km per km
  double blocks_before = 0.0, blocks_after = 0.0, area_before = 0.0, area_after = 0.0;
  for (const auto& p : participants) {
    blocks_before += p.blocks_before;
    blocks_after += p.blocks_after;
    area_before += p.area_before_ha;
    area_after += p.area_after_ha;
  }
  if (!participants.empty()) {
    const auto farms = static_cast<double>(participants.size());
    k.blocks_per_farm_before = blocks_before / farms;
    k.blocks_per_farm_after = blocks_after / farms;
  }
  k.mean_block_before_ha = blocks_before > 0.0 ? area_before / blocks_before : 0.0;
  k.mean_block_after_ha = blocks_after > 0.0 ? area_after / blocks_after : 0.0;
  k.mean_distance_before_m = area_before > 0.0 ? 1000.0 * k.travel_before_ha_km / area_before : 0.0;
  k.mean_distance_after_m = area_after > 0.0 ? 1000.0 * k.travel_after_ha_km / area_after : 0.0;
  const double per_ha_km = scenario.weights.travel_eur_per_ha_km_year;
  k.travel_cost_before_eur_year = per_ha_km * k.travel_before_ha_km;
  k.travel_cost_after_eur_year = per_ha_km * k.travel_after_ha_km;
  k.machinery_before_km_year = kMachineryKmPerHaKm * k.travel_before_ha_km;
  k.machinery_after_km_year = kMachineryKmPerHaKm * k.travel_after_ha_km;
  describe_distance_bound(result, k);
  for (const auto& farm : result.evaluation.farms)
    k.conversion_cost_eur += farm.conversion_cost_eur;
  if (const auto owner_paid =
          result.evaluation.terms_eur.find(term_name(ObjectiveTerm::conversion_paid_by_owner));
      owner_paid != result.evaluation.terms_eur.end())
    k.conversion_cost_eur -= owner_paid->second;  // the term is negative
}

}  // namespace

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
  const auto owner_of_farm = acquiring_owners(region);
  // Pool land as rule who_may_move (1) sees it; an offered parcel that is not
  // free within the horizon moves, if at all, as exchange land.
  const auto pool_free_on = pool_land_free_on(region, scenario, as_of);

  const auto facts = allocation_facts(region, scenario, as_of);
  const RentBook rents(region, scenario.deals.rent_eur_per_ha_year);
  std::unordered_map<std::string, std::size_t> parcel_index;
  for (std::size_t p = 0; p < region.parcels.size(); ++p)
    parcel_index[region.parcels[p].parcel_id] = p;
  for (const auto& t : result.transfers) {
    const Parcel& parcel = *parcel_by_id.at(t.parcel_id);
    const auto offer = offer_by_parcel.find(t.parcel_id);
    TransferRecord r;
    r.parcel_id = t.parcel_id;
    r.to_farm_id = t.to_farm_id;
    const auto pool_free = pool_free_on.find(t.parcel_id);
    const bool from_pool = pool_free != pool_free_on.end();
    if (!from_pool && parcel.user_farm_id)
      r.from_farm_id = *parcel.user_farm_id;
    r.owner_before = parcel.owner_id;
    r.owner_after = parcel.owner_id;
    if (t.form == TransferForm::sale || t.form == TransferForm::ownership_exchange) {
      r.owner_after = owner_of_farm.at(t.to_farm_id);
    }
    r.form = to_string(t.form);
    // An exchange between farms that changes no owner (giver and receiver
    // resolve to one owner) is one of use; an owner change takes the deal's
    // form (kavelruil or sale) below.
    if (t.form == TransferForm::ownership_exchange && r.owner_after == r.owner_before)
      r.form = to_string(TransferForm::lease_exchange);
    r.area_ha = parcel.area_ha;
    r.value_eur = parcel.area_ha * parcel.value_eur_per_ha.value_or(kDefaultLandValue_eur_per_ha);
    r.effective_date = from_pool ? pool_free->second : as_of;
    if (from_pool && t.form != TransferForm::sale) {
      r.lease_years = offer->second->lease_years_max;
      if (facts.government_parcel[parcel_index.at(t.parcel_id)]) {
        const auto& terms = scenario.government;
        if (terms.lease_years_max)
          r.lease_years =
              std::min(r.lease_years.value_or(*terms.lease_years_max), *terms.lease_years_max);
        r.rent_eur_per_ha_year = terms.rent_eur_per_ha_year;
      }
    }
    if (r.owner_after != r.owner_before) {
      r.settles = "capital";
    } else {
      r.settles = r.form == to_string(TransferForm::lease) ? "rent" : "yearly";
      r.use_value_eur_per_year = rents.use_value_eur_per_year(parcel);
    }
    record.transfers.push_back(std::move(r));
  }

  describe_deals(region, neighbours, scenario, as_of, result, record);
  describe_participants(region, neighbours, result, record);
  record.lost_organic = explain_lost_organic(region, neighbours, scenario, as_of, result);

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
    k.settlements_eur_per_year += std::abs(farm.settlement_eur_per_year);
  }
  // Demand met: of the hectares farms want at least, the part their net
  // gain in area covers (an exchanger that receives 10 ha and gives 8 has
  // gained 2).
  std::unordered_map<std::string, double> net_gain_ha;
  for (const auto& t : record.transfers) {
    net_gain_ha[t.to_farm_id] += t.area_ha;
    if (!t.from_farm_id.empty())
      net_gain_ha[t.from_farm_id] -= t.area_ha;
    k.transferred_ha += t.area_ha;
  }
  k.transfers = static_cast<int>(record.transfers.size());
  std::unordered_map<std::string, OrganicStatus> status;
  for (const auto& farm : region.farms)
    status[farm.farm_id] = farm.organic_status;
  double met_ha = 0.0, organic_met_ha = 0.0;
  for (const auto& demand : region.demands) {
    if (demand.wants_min_ha <= 0.0)
      continue;
    const double met = std::clamp(net_gain_ha[demand.farm_id], 0.0, demand.wants_min_ha);
    k.demand_wanted_ha += demand.wants_min_ha;
    met_ha += met;
    if (status[demand.farm_id] != OrganicStatus::conventional) {
      k.organic_demand_wanted_ha += demand.wants_min_ha;
      organic_met_ha += met;
    }
  }
  // Nothing wanted is nothing unmet.
  k.demand_met_share =
      k.organic_demand_wanted_ha > 0.0 ? organic_met_ha / k.organic_demand_wanted_ha : 1.0;
  k.all_demand_met_share = k.demand_wanted_ha > 0.0 ? met_ha / k.demand_wanted_ha : 1.0;
  for (const auto& farm : e.farms)
    k.farm_gains_eur += farm.gain_eur;
  for (const auto& deal : record.deals)
    k.transfer_tax_eur += deal.transfer_tax_eur;
  k.deals = static_cast<int>(record.deals.size());
  k.deal_costs_eur = scenario.weights.transaction_eur_per_deal * static_cast<double>(k.deals);
  describe_land_kpis(region, neighbours, scenario, as_of, result, k);
  describe_farm_kpis(scenario, result, record.participants, k);
  return record;
}

}  // namespace landpool::solver
