#include "solver/problem/allocation.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_map>

#include "core/distance.hpp"
#include "geo/polygon.hpp"

namespace landpool::solver {
namespace {

/// Whether a point lies in the cluster zone (the polygon parsed once).
class ZoneTest {
 public:
  ZoneTest(const ClusterZone& zone, std::optional<PointRd> centre)
      : centre_(centre), radius_m_(zone.radius_m) {
    if (!zone.polygon_wkt.empty())
      shape_ = geo::parse_multipolygon_wkt(zone.polygon_wkt);
  }
  bool contains(const PointRd& point) const {
    if (centre_)
      return std::hypot(point.x_m - centre_->x_m, point.y_m - centre_->y_m) <= radius_m_;
    return shape_ && geo::bg::covered_by(geo::Point(point.x_m, point.y_m), *shape_);
  }

 private:
  std::optional<PointRd> centre_;
  double radius_m_ = 0.0;
  std::optional<geo::MultiPolygon> shape_;
};

/// Organic or converting hectares within `radius_m` of each point (organic
/// parcels sorted by x, so each point scans one strip).
std::vector<double> organic_ha_near(const Region& region, const std::vector<PointRd>& points,
                                    double radius_m) {
  std::vector<std::size_t> organic;
  for (std::size_t p = 0; p < region.parcels.size(); ++p) {
    if (region.parcels[p].organic_status != OrganicStatus::conventional)
      organic.push_back(p);
  }
  std::sort(organic.begin(), organic.end(), [&](std::size_t a, std::size_t b) {
    return region.parcels[a].centroid.x_m < region.parcels[b].centroid.x_m;
  });
  std::vector<double> nearby(points.size(), 0.0);
  for (std::size_t f = 0; f < points.size(); ++f) {
    const PointRd home = points[f];
    auto it = std::lower_bound(
        organic.begin(), organic.end(), home.x_m - radius_m,
        [&](std::size_t p, double x) { return region.parcels[p].centroid.x_m < x; });
    for (; it != organic.end() && region.parcels[*it].centroid.x_m <= home.x_m + radius_m; ++it) {
      const Parcel& parcel = region.parcels[*it];
      if (std::hypot(parcel.centroid.x_m - home.x_m, parcel.centroid.y_m - home.y_m) <= radius_m)
        nearby[f] += parcel.area_ha;
    }
  }
  return nearby;
}

}  // namespace

bool eligible_for_government_land(Eligibility rule, OrganicStatus farm_status, bool converts) {
  switch (rule) {
    case Eligibility::organic:
      return farm_status == OrganicStatus::organic;
    case Eligibility::organic_or_converting:
      return farm_status != OrganicStatus::conventional;
    case Eligibility::committed_to_convert:
      return farm_status != OrganicStatus::conventional || converts;
    case Eligibility::everyone:
      return true;
  }
  return true;
}

AllocationFacts allocation_facts(const Region& region, const Scenario& scenario,
                                 const Date& as_of) {
  AllocationFacts facts;
  const auto& government = scenario.government;
  std::unordered_map<std::string, OwnerKind> owner_kind;
  for (const auto& owner : region.owners)
    owner_kind[owner.owner_id] = owner.kind;
  std::unordered_map<std::string, std::size_t> parcel_index, farm_index;
  for (std::size_t p = 0; p < region.parcels.size(); ++p)
    parcel_index[region.parcels[p].parcel_id] = p;
  for (std::size_t f = 0; f < region.farms.size(); ++f)
    farm_index[region.farms[f].farm_id] = f;

  facts.government_parcel.assign(region.parcels.size(), false);
  for (const auto& offer : region.offers) {
    const auto kind = owner_kind.find(offer.owner_id);
    const auto p = parcel_index.find(offer.parcel_id);
    if (kind == owner_kind.end() || p == parcel_index.end() ||
        !government.is_government(kind->second))
      continue;
    facts.government_parcel[p->second] = true;
    facts.government_offered_ha += region.parcels[p->second].area_ha;
  }
  if (government.max_ha_per_farm)
    facts.cap_ha_per_farm = *government.max_ha_per_farm;
  if (government.max_share_pct_per_farm) {
    const double share_ha =
        *government.max_share_pct_per_farm / 100.0 * facts.government_offered_ha;
    facts.cap_ha_per_farm = std::min(facts.cap_ha_per_farm.value_or(share_ha), share_ha);
  }
  facts.zone_centre = scenario.cluster_zone.centre;
  if (scenario.cluster_zone.centre_on_organic_core) {
    std::vector<PointRd> organic;
    for (const auto& parcel : region.parcels) {
      if (parcel.organic_status != OrganicStatus::conventional)
        organic.push_back(parcel.centroid);
    }
    const auto near = organic_ha_near(region, organic, scenario.cluster_zone.radius_m);
    const auto best = std::max_element(near.begin(), near.end());  // first of equals: stable
    if (best != near.end())
      facts.zone_centre = organic[static_cast<std::size_t>(best - near.begin())];
  }
  const ZoneTest zone(scenario.cluster_zone, facts.zone_centre);
  facts.in_zone.assign(region.parcels.size(), false);
  for (std::size_t p = 0; p < region.parcels.size(); ++p)
    facts.in_zone[p] = zone.contains(region.parcels[p].centroid);

  facts.groups.assign(region.farms.size(), {});
  facts.priority_eur_per_ha.assign(region.farms.size(), 0.0);
  const Date horizon_end = add_months(as_of, scenario.defaults.horizon_months);
  for (const auto& priority : government.priorities) {
    std::vector<bool> member(region.farms.size(), false);
    switch (priority.group) {
      case PriorityGroup::young_farmers:
        for (const auto& demand : region.demands) {
          if (const auto f = farm_index.find(demand.farm_id); f != farm_index.end())
            member[f->second] = demand.young_farmer;
        }
        break;
      case PriorityGroup::in_cluster_zone:
        for (std::size_t f = 0; f < region.farms.size(); ++f)
          member[f] = zone.contains(region.farms[f].farmstead);
        break;
      case PriorityGroup::lease_ends:
        for (const auto& lease : region.leases) {
          const auto f = farm_index.find(lease.lessee_farm_id);
          if (f != farm_index.end() && lease.end_date && *lease.end_date >= as_of &&
              *lease.end_date <= horizon_end)
            member[f->second] = true;
        }
        break;
      case PriorityGroup::organic_nearby: {
        std::vector<PointRd> farmsteads;
        for (const auto& farm : region.farms)
          farmsteads.push_back(farm.farmstead);
        const auto nearby = organic_ha_near(region, farmsteads, 1000.0 * priority.radius_km);
        std::vector<std::size_t> ranked;
        for (const auto& demand : region.demands) {
          const auto f = farm_index.find(demand.farm_id);
          if (f != farm_index.end() && nearby[f->second] > 0.0)
            ranked.push_back(f->second);
        }
        std::sort(ranked.begin(), ranked.end(), [&](std::size_t a, std::size_t b) {
          if (nearby[a] != nearby[b])
            return nearby[a] > nearby[b];
          return region.farms[a].farm_id < region.farms[b].farm_id;
        });
        const auto top = static_cast<std::size_t>(
            std::ceil(priority.top_pct / 100.0 * static_cast<double>(region.demands.size())));
        for (std::size_t i = 0; i < ranked.size() && i < top; ++i)
          member[ranked[i]] = true;
        break;
      }
    }
    for (std::size_t f = 0; f < region.farms.size(); ++f) {
      if (!member[f])
        continue;
      facts.groups[f].push_back(priority.group);
      facts.priority_eur_per_ha[f] += priority.bonus_eur_per_ha;
    }
  }
  return facts;
}

std::unordered_map<std::string, std::string> acquiring_owners(const Region& region) {
  std::unordered_map<std::string, std::string> owner_of_farm;
  for (const auto& owner : region.owners) {
    if (owner.farm_id)
      owner_of_farm.emplace(*owner.farm_id, owner.owner_id);
  }
  for (const auto& farm : region.farms)
    owner_of_farm.emplace(farm.farm_id, farm.farm_id);
  return owner_of_farm;
}

std::unordered_map<std::string, Date> pool_land_free_on(const Region& region,
                                                        const Scenario& scenario,
                                                        const Date& as_of) {
  std::unordered_map<std::string, Date> lease_free;
  std::unordered_map<std::string, bool> open_lease;
  for (const auto& lease : region.leases) {
    if (!lease.end_date) {
      open_lease[lease.parcel_id] = true;
      continue;
    }
    auto [it, inserted] = lease_free.emplace(lease.parcel_id, day_after(*lease.end_date));
    if (!inserted)
      it->second = std::max(it->second, day_after(*lease.end_date));
  }
  const Date horizon_end = add_months(as_of, scenario.defaults.horizon_months);
  std::unordered_map<std::string, Date> free_on;
  for (const auto& offer : region.offers) {
    if (open_lease.contains(offer.parcel_id))
      continue;
    Date available = std::max(offer.available_from, as_of);
    if (const auto free = lease_free.find(offer.parcel_id); free != lease_free.end())
      available = std::max(available, free->second);
    if (available <= horizon_end)
      free_on.emplace(offer.parcel_id, available);
  }
  return free_on;
}

}  // namespace landpool::solver
