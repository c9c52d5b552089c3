#include "core/region_cycle.hpp"

#include <algorithm>
#include <unordered_map>

#include <spdlog/fmt/fmt.h>

namespace landpool {
namespace {

struct RegionIndex {
  std::unordered_map<std::string, std::size_t> parcel, farm, demand, offer;
  explicit RegionIndex(const Region& region) {
    for (std::size_t i = 0; i < region.parcels.size(); ++i)
      parcel[region.parcels[i].parcel_id] = i;
    for (std::size_t i = 0; i < region.farms.size(); ++i)
      farm[region.farms[i].farm_id] = i;
    for (std::size_t i = 0; i < region.demands.size(); ++i)
      demand[region.demands[i].farm_id] = i;
    for (std::size_t i = 0; i < region.offers.size(); ++i)
      offer[region.offers[i].parcel_id] = i;
  }
};

std::optional<std::string> conflict(const Region& region, const RegionIndex& index,
                                    const TransferToApply& t) {
  const auto p = index.parcel.find(t.parcel_id);
  if (p == index.parcel.end())
    return fmt::format("deal {}: parcel {} is no longer in the region", t.deal_id, t.parcel_id);
  if (!index.farm.contains(t.to_farm_id))
    return fmt::format("deal {}: farm {} is no longer in the region", t.deal_id, t.to_farm_id);
  const Parcel& parcel = region.parcels[p->second];
  if (parcel.owner_id != t.owner_before) {
    return fmt::format("deal {}: parcel {} is now owned by {}, not {} as when the run proposed it",
                       t.deal_id, t.parcel_id, parcel.owner_id, t.owner_before);
  }
  if (t.from_farm_id.empty()) {
    if (!index.offer.contains(t.parcel_id))
      return fmt::format("deal {}: parcel {} is no longer offered (another deal took it?)",
                         t.deal_id, t.parcel_id);
  } else if (parcel.user_farm_id != t.from_farm_id) {
    return fmt::format(
        "deal {}: parcel {} is now used by {}, not by {} as when the run proposed it", t.deal_id,
        t.parcel_id, parcel.user_farm_id.value_or("nobody"), t.from_farm_id);
  }
  return std::nullopt;
}

bool may_farm_organically(const Region& region, const RegionIndex& index,
                          const std::string& farm_id) {
  const Farm& farm = region.farms[index.farm.at(farm_id)];
  if (farm.organic_status != OrganicStatus::conventional)
    return true;
  const auto d = index.demand.find(farm_id);
  return d != index.demand.end() && region.demands[d->second].converts;
}

}  // namespace

ApplyResult apply_transfers(Region& region, const std::vector<TransferToApply>& transfers) {
  ApplyResult result;
  {
    const RegionIndex index(region);
    std::unordered_map<std::string, int> seen;
    for (const auto& t : transfers) {
      if (auto problem = conflict(region, index, t))
        result.conflicts.push_back(std::move(*problem));
      if (const auto [it, fresh] = seen.emplace(t.parcel_id, t.deal_id); !fresh)
        result.conflicts.push_back(
            fmt::format("deals {} and {} both move parcel {}", it->second, t.deal_id, t.parcel_id));
    }
    if (!result.conflicts.empty())
      return result;  // nothing changed
  }
  Region next = region;
  const RegionIndex index(next);
  std::unordered_map<std::string, double> net_ha;
  std::vector<std::string> closed_offers, given_parcels;
  for (const auto& t : transfers) {
    Parcel& parcel = next.parcels[index.parcel.at(t.parcel_id)];
    AppliedTransfer applied{t, parcel.area_ha, false, false};
    const bool organic_farm = may_farm_organically(next, index, t.to_farm_id);
    // Leases: the region holds the leases in force as agreed (each lessee
    // farms its parcel), so the parcel's earlier lease gives way to the
    // receiver's, from the effective date; the snapshots keep the old one.
    std::erase_if(next.leases, [&](const Lease& lease) { return lease.parcel_id == t.parcel_id; });
    // A sale or a kavelruil; a purchase by the parcel's own owner changes
    // no owner but needs no lease either.
    if (t.owner_after != t.owner_before || t.form == "sale") {
      parcel.owner_id = t.owner_after;
      if (std::none_of(next.owners.begin(), next.owners.end(),
                       [&](const Owner& o) { return o.owner_id == t.owner_after; })) {
        next.owners.push_back({t.owner_after, next.farms[index.farm.at(t.to_farm_id)].name,
                               OwnerKind::farmer, t.to_farm_id});
      }
    } else {
      Lease lease;
      lease.parcel_id = t.parcel_id;
      lease.lessee_farm_id = t.to_farm_id;
      lease.start_date = t.effective_date;
      if (t.lease_years) {  // end dates are inclusive: the day before the anniversary
        lease.end_date =
            Date{std::chrono::sys_days{add_months(t.effective_date, 12 * *t.lease_years)} -
                 std::chrono::days{1}};
      }
      lease.kind = t.form == "lease" ? LeaseKind::regular : LeaseKind::other;
      lease.rent_eur_per_ha_year = t.rent_eur_per_ha_year;
      next.leases.push_back(lease);
    }
    parcel.user_farm_id = t.to_farm_id;
    if (t.from_farm_id.empty()) {
      closed_offers.push_back(t.parcel_id);
    } else {
      net_ha[t.from_farm_id] -= parcel.area_ha;
      given_parcels.push_back(t.parcel_id);
    }
    net_ha[t.to_farm_id] += parcel.area_ha;
    if (parcel.organic_status != OrganicStatus::conventional) {
      applied.organic_kept = organic_farm;
      if (!organic_farm) {
        parcel.organic_status = OrganicStatus::conventional;
        parcel.converting_since.reset();
      }
    } else if (organic_farm) {
      parcel.organic_status = OrganicStatus::converting;
      parcel.converting_since = t.effective_date;
      applied.conversion_started = true;
    }
    result.applied.push_back(applied);
  }
  std::erase_if(next.offers, [&](const Offer& offer) {
    return std::find(closed_offers.begin(), closed_offers.end(), offer.parcel_id) !=
           closed_offers.end();
  });
  // A conventional farm with converts = yes counts as converting from its first deal.
  for (const auto& demand : next.demands) {
    Farm& farm = next.farms[index.farm.at(demand.farm_id)];
    if (demand.converts && net_ha.contains(demand.farm_id) &&
        farm.organic_status == OrganicStatus::conventional)
      farm.organic_status = OrganicStatus::converting;
  }
  for (auto& demand : next.demands) {
    // A farm's wish shrinks by what it received; a listed exchange parcel it
    // gave away is no longer its to give.
    const double net = net_ha.contains(demand.farm_id) ? net_ha[demand.farm_id] : 0.0;
    if (net > 0.0) {
      demand.wants_min_ha = std::max(0.0, demand.wants_min_ha - net);
      demand.wants_max_ha = std::max(demand.wants_min_ha, demand.wants_max_ha - net);
    }
    std::erase_if(demand.exchange.parcel_ids, [&](const std::string& id) {
      return std::find(given_parcels.begin(), given_parcels.end(), id) != given_parcels.end();
    });
  }
  region = std::move(next);
  return result;
}

AdvanceResult advance_region(Region& region, const Date& to) {
  AdvanceResult result;
  for (auto& parcel : region.parcels) {
    if (parcel.organic_status != OrganicStatus::converting || !parcel.converting_since)
      continue;
    const int months = parcel.land_use == LandUse::perennial ? 36 : 24;
    if (add_months(*parcel.converting_since, months) <= to) {
      parcel.organic_status = OrganicStatus::organic;
      parcel.converting_since.reset();
      result.became_organic_ha += parcel.area_ha;
    }
  }
  std::unordered_map<std::string, std::size_t> parcel_index;
  for (std::size_t i = 0; i < region.parcels.size(); ++i)
    parcel_index[region.parcels[i].parcel_id] = i;
  std::unordered_map<std::string, std::string> farm_of_owner;
  for (const auto& owner : region.owners) {
    if (owner.farm_id)
      farm_of_owner[owner.owner_id] = *owner.farm_id;
  }
  std::vector<Lease> kept;
  for (const auto& lease : region.leases) {
    if (!lease.end_date || *lease.end_date >= to) {
      kept.push_back(lease);
      continue;
    }
    ++result.leases_ended;
    const auto p = parcel_index.find(lease.parcel_id);
    if (p == parcel_index.end())
      continue;
    Parcel& parcel = region.parcels[p->second];
    const bool renewed =
        std::any_of(region.leases.begin(), region.leases.end(), [&](const Lease& l) {
          return l.parcel_id == lease.parcel_id && l.start_date > lease.start_date &&
                 (!l.end_date || *l.end_date >= to);
        });
    if (parcel.user_farm_id != lease.lessee_farm_id || renewed)
      continue;
    const auto own_farm = farm_of_owner.find(parcel.owner_id);
    if (own_farm != farm_of_owner.end())
      parcel.user_farm_id = own_farm->second;
    else
      parcel.user_farm_id.reset();
    result.land_freed_ha += parcel.area_ha;
  }
  region.leases = std::move(kept);
  // An offer closes when its parcel can no longer be had: its owner is no
  // longer the offering owner, or an open-ended lease holds it.
  const auto before = region.offers.size();
  std::erase_if(region.offers, [&](const Offer& offer) {
    const auto p = parcel_index.find(offer.parcel_id);
    if (p == parcel_index.end() || region.parcels[p->second].owner_id != offer.owner_id)
      return true;
    return std::any_of(region.leases.begin(), region.leases.end(), [&](const Lease& l) {
      return l.parcel_id == offer.parcel_id && !l.end_date;
    });
  });
  result.offers_closed = static_cast<int>(before - region.offers.size());
  return result;
}

}  // namespace landpool
