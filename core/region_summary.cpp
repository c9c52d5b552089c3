#include "core/region_summary.hpp"

#include <algorithm>
#include <set>
#include <sstream>
#include <unordered_map>

#include <spdlog/fmt/fmt.h>

namespace landpool {
namespace {

bool lease_runs_on(const Lease& lease, const Date& date) {
  return lease.start_date <= date && (!lease.end_date || date <= *lease.end_date);
}

}  // namespace

RegionSummary summarise(const Region& region, const Date& reference_date) {
  RegionSummary s;
  s.parcel_count = static_cast<int>(region.parcels.size());
  s.farm_count = static_cast<int>(region.farms.size());
  s.owner_count = static_cast<int>(region.owners.size());
  s.lease_count = static_cast<int>(region.leases.size());
  s.offer_count = static_cast<int>(region.offers.size());
  s.demand_count = static_cast<int>(region.demands.size());

  std::unordered_map<std::string, const Parcel*> parcel_by_id;
  for (const auto& parcel : region.parcels) {
    parcel_by_id.emplace(parcel.parcel_id, &parcel);
    s.total_ha += parcel.area_ha;
    if (parcel.organic_status == OrganicStatus::organic)
      s.organic_ha += parcel.area_ha;
    if (parcel.organic_status == OrganicStatus::converting)
      s.converting_ha += parcel.area_ha;
  }
  std::unordered_map<std::string, OrganicStatus> status_by_farm;
  for (const auto& farm : region.farms) {
    if (farm.organic_status != OrganicStatus::conventional)
      ++s.organic_farm_count;
    status_by_farm.emplace(farm.farm_id, farm.organic_status);
  }

  std::set<std::string> leased_parcels;
  for (const auto& lease : region.leases) {
    if (lease_runs_on(lease, reference_date))
      leased_parcels.insert(lease.parcel_id);
  }
  for (const auto& id : leased_parcels) {
    if (auto it = parcel_by_id.find(id); it != parcel_by_id.end())
      s.leased_ha += it->second->area_ha;
  }
  s.leased_share = s.total_ha > 0.0 ? s.leased_ha / s.total_ha : 0.0;

  std::unordered_map<std::string, OwnerKind> kind_by_owner;
  for (const auto& owner : region.owners)
    kind_by_owner.emplace(owner.owner_id, owner.kind);
  std::set<std::string> offered;
  for (const auto& offer : region.offers) {
    if (!offered.insert(offer.parcel_id).second)
      continue;  // count a parcel once
    const auto parcel = parcel_by_id.find(offer.parcel_id);
    const auto kind = kind_by_owner.find(offer.owner_id);
    if (parcel == parcel_by_id.end() || kind == kind_by_owner.end())
      continue;
    s.pool_ha_by_owner_kind[kind->second] += parcel->second->area_ha;
  }

  std::unordered_map<std::string, const Demand*> demand_by_farm;
  for (const auto& demand : region.demands) {
    if (demand.wants_min_ha > 0.0)
      s.demand_min_ha += demand.wants_min_ha;
    if (demand.wants_max_ha > 0.0)
      s.demand_max_ha += demand.wants_max_ha;
    const auto status = status_by_farm.find(demand.farm_id);
    if (demand.converts && status != status_by_farm.end() &&
        status->second == OrganicStatus::conventional) {
      ++s.farms_willing_to_convert;
    }
    if (demand.exchange.policy == ExchangeParcels::Policy::none)
      continue;
    ++s.willing_exchangers;
    demand_by_farm.emplace(demand.farm_id, &demand);
  }
  for (const auto& parcel : region.parcels) {
    if (!parcel.user_farm_id)
      continue;
    const auto it = demand_by_farm.find(*parcel.user_farm_id);
    if (it == demand_by_farm.end())
      continue;
    const auto& exchange = it->second->exchange;
    const bool listed = exchange.policy == ExchangeParcels::Policy::all ||
                        std::find(exchange.parcel_ids.begin(), exchange.parcel_ids.end(),
                                  parcel.parcel_id) != exchange.parcel_ids.end();
    if (listed)
      s.exchangeable_ha += parcel.area_ha;
  }
  return s;
}

std::string format_summary(const RegionSummary& s, const Date& reference_date) {
  auto share = [&](double ha) { return s.total_ha > 0.0 ? 100.0 * ha / s.total_ha : 0.0; };
  std::ostringstream out;
  out << fmt::format("Region on {}\n", format_iso_date(reference_date));
  out << fmt::format("  parcels {:>7}   farms {:>5} ({} organic or converting)   owners {:>5}\n",
                     s.parcel_count, s.farm_count, s.organic_farm_count, s.owner_count);
  out << fmt::format("  leases  {:>7}   offers {:>4}   demands {:>4}\n", s.lease_count,
                     s.offer_count, s.demand_count);
  out << fmt::format("Land\n");
  out << fmt::format("  total        {:>10.1f} ha\n", s.total_ha);
  out << fmt::format("  organic      {:>10.1f} ha  {:>5.1f} %\n", s.organic_ha,
                     share(s.organic_ha));
  out << fmt::format("  converting   {:>10.1f} ha  {:>5.1f} %\n", s.converting_ha,
                     share(s.converting_ha));
  out << fmt::format("  leased       {:>10.1f} ha  {:>5.1f} %\n", s.leased_ha,
                     100.0 * s.leased_share);
  out << fmt::format("Pool (offered land)\n");
  double pool_total_ha = 0.0;
  for (const auto& [kind, ha] : s.pool_ha_by_owner_kind) {
    out << fmt::format("  {:<12} {:>10.1f} ha\n", to_string(kind), ha);
    pool_total_ha += ha;
  }
  out << fmt::format("  {:<12} {:>10.1f} ha\n", "all owners", pool_total_ha);
  out << fmt::format("Demand\n");
  out << fmt::format("  wanted       {:>10.1f} to {:.1f} ha net\n", s.demand_min_ha,
                     s.demand_max_ha);
  out << fmt::format("  exchangers   {:>10} farms offering {:.1f} ha in exchange\n",
                     s.willing_exchangers, s.exchangeable_ha);
  out << fmt::format("  converters   {:>10} conventional farms willing to convert\n",
                     s.farms_willing_to_convert);
  return out.str();
}

}  // namespace landpool
