#include "analysis/area_scan.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include <spdlog/fmt/fmt.h>
#include <boost/pending/disjoint_sets.hpp>

#include "core/distance.hpp"
#include "core/errors.hpp"
#include "geo/area_index.hpp"

namespace landpool::analysis {
namespace {

bool is_organic(OrganicStatus status) {
  return status != OrganicStatus::conventional;
}

/// Connected parts of a graph over `count` items: disjoint sets (Boost).
class Parts {
 public:
  explicit Parts(std::size_t count)
      : rank_(std::max<std::size_t>(count, 1)),
        parent_(std::max<std::size_t>(count, 1)),
        sets_(rank_.data(), parent_.data()) {
    for (std::size_t i = 0; i < count; ++i)
      sets_.make_set(i);
  }
  void join(std::size_t a, std::size_t b) { sets_.union_set(a, b); }
  std::size_t part_of(std::size_t i) { return sets_.find_set(i); }

 private:
  std::vector<std::size_t> rank_, parent_;
  boost::disjoint_sets<std::size_t*, std::size_t*> sets_;
};

/// exp(Shannon entropy) of the shares: the effective number of kinds.
double effective_kinds(const std::map<int, double>& area_by_kind) {
  double total = 0.0;
  for (const auto& [kind, ha] : area_by_kind)
    total += ha;
  if (total <= 0.0)
    return 0.0;
  double entropy = 0.0;
  for (const auto& [kind, ha] : area_by_kind) {
    if (ha > 0.0)
      entropy -= ha / total * std::log(ha / total);
  }
  return std::exp(entropy);
}

/// What is summed per area before the criteria are formed.
struct Tally {
  double farmland_ha = 0.0, organic_ha = 0.0, organic_in_clusters_ha = 0.0;
  double status_known_ha = 0.0;  ///< a layer scan: farmland whose organic status the layer gives
  double at_risk_organic_ha = 0.0, offered_ha = 0.0, government_ha = 0.0, land_fund_ha = 0.0;
  double distance_ha_m = 0.0, used_ha = 0.0, drift_border_m = 0.0;
  int parcels = 0, organic_farms = 0, demands = 0, exchangers = 0, converting = 0;
  int farms = 0, blocks = 0;
  std::map<int, double> soil_ha, land_use_ha;
};

struct RegionIndex {
  std::unordered_map<std::string, std::size_t> parcel, farm;
};

RegionIndex index_region(const Region& region) {
  RegionIndex index;
  for (std::size_t i = 0; i < region.parcels.size(); ++i)
    index.parcel.emplace(region.parcels[i].parcel_id, i);
  for (std::size_t i = 0; i < region.farms.size(); ++i)
    index.farm.emplace(region.farms[i].farm_id, i);
  return index;
}

/// Per parcel: whether it lies in an organic cluster of at least `min_ha`.
std::vector<bool> in_large_organic_cluster(const Region& region, const RegionIndex& index,
                                           const std::vector<ParcelNeighbours>& pairs,
                                           double min_ha) {
  const auto& parcels = region.parcels;
  Parts parts(parcels.size());
  for (const auto& pair : pairs) {
    const auto a = index.parcel.find(pair.parcel_a), b = index.parcel.find(pair.parcel_b);
    if (a != index.parcel.end() && b != index.parcel.end() &&
        is_organic(parcels[a->second].organic_status) &&
        is_organic(parcels[b->second].organic_status))
      parts.join(a->second, b->second);
  }
  std::unordered_map<std::size_t, double> cluster_ha;
  for (std::size_t i = 0; i < parcels.size(); ++i) {
    if (is_organic(parcels[i].organic_status))
      cluster_ha[parts.part_of(i)] += parcels[i].area_ha;
  }
  std::vector<bool> large(parcels.size(), false);
  for (std::size_t i = 0; i < parcels.size(); ++i)
    large[i] = is_organic(parcels[i].organic_status) && cluster_ha[parts.part_of(i)] >= min_ha;
  return large;
}

/// Per farm: its blocks, the parcels it uses joined by neighbour pairs.
std::vector<int> blocks_per_farm(const Region& region, const RegionIndex& index,
                                 const std::vector<ParcelNeighbours>& pairs) {
  const auto& parcels = region.parcels;
  Parts parts(parcels.size());
  for (const auto& pair : pairs) {
    const auto a = index.parcel.find(pair.parcel_a), b = index.parcel.find(pair.parcel_b);
    if (a != index.parcel.end() && b != index.parcel.end() && parcels[a->second].user_farm_id &&
        parcels[a->second].user_farm_id == parcels[b->second].user_farm_id)
      parts.join(a->second, b->second);
  }
  std::vector<std::vector<std::size_t>> roots(region.farms.size());
  for (std::size_t i = 0; i < parcels.size(); ++i) {
    if (!parcels[i].user_farm_id)
      continue;
    if (const auto farm = index.farm.find(*parcels[i].user_farm_id); farm != index.farm.end())
      roots[farm->second].push_back(parts.part_of(i));
  }
  std::vector<int> blocks(region.farms.size(), 0);
  for (std::size_t f = 0; f < roots.size(); ++f) {
    std::sort(roots[f].begin(), roots[f].end());
    blocks[f] = static_cast<int>(std::unique(roots[f].begin(), roots[f].end()) - roots[f].begin());
  }
  return blocks;
}

std::vector<std::optional<std::size_t>> locate_all(const geo::AreaIndex& areas,
                                                   const std::vector<PointRd>& points) {
  std::vector<std::optional<std::size_t>> located;
  located.reserve(points.size());
  for (const auto& point : points)
    located.push_back(areas.locate(geo::Point(point.x_m, point.y_m)));
  return located;
}

geo::AreaIndex index_shapes(const std::vector<ScanAreaShape>& shapes, const char* what) {
  std::vector<geo::MultiPolygon> polygons;
  for (const auto& shape : shapes) {
    auto polygon = geo::parse_multipolygon_wkt(shape.wkt);
    if (!polygon)
      throw InputError(fmt::format("{} '{}': not a polygon", what, shape.area_id));
    polygons.push_back(std::move(*polygon));
  }
  return geo::AreaIndex(std::move(polygons));
}

void tally_parcels(const ScanInputs& in, const ScanSettings& settings, const RegionIndex& index,
                   const std::vector<std::optional<std::size_t>>& area_of_parcel,
                   std::vector<Tally>& tallies) {
  const auto& region = in.region;
  const auto large =
      in_large_organic_cluster(region, index, in.neighbours, settings.cluster_min_ha);
  std::unordered_set<std::string> offered;
  for (const auto& offer : region.offers)
    offered.insert(offer.parcel_id);
  std::unordered_map<std::string, Date> lease_end;
  for (const auto& lease : region.leases) {
    if (lease.end_date && lease.start_date <= in.reference_date &&
        *lease.end_date >= in.reference_date)
      lease_end[lease.parcel_id] = *lease.end_date;
  }
  std::unordered_map<std::string, OwnerKind> owner_kind;
  for (const auto& owner : region.owners)
    owner_kind[owner.owner_id] = owner.kind;
  const Date horizon = add_months(in.reference_date, 12 * settings.horizon_years);

  for (std::size_t i = 0; i < region.parcels.size(); ++i) {
    if (!area_of_parcel[i])
      continue;
    const Parcel& p = region.parcels[i];
    Tally& t = tallies[*area_of_parcel[i]];
    ++t.parcels;
    t.farmland_ha += p.area_ha;
    const bool organic = is_organic(p.organic_status);
    const bool pool = offered.contains(p.parcel_id);
    const auto end = lease_end.find(p.parcel_id);
    t.organic_ha += organic ? p.area_ha : 0.0;
    t.organic_in_clusters_ha += large[i] ? p.area_ha : 0.0;
    if (organic && (pool || (end != lease_end.end() && end->second <= horizon)))
      t.at_risk_organic_ha += p.area_ha;
    t.offered_ha += pool ? p.area_ha : 0.0;
    const auto kind = owner_kind.find(p.owner_id);
    if (kind != owner_kind.end() && kind->second == OwnerKind::government)
      t.government_ha += p.area_ha;
    if (kind != owner_kind.end() && kind->second == OwnerKind::land_fund)
      t.land_fund_ha += p.area_ha;
    if (p.user_farm_id) {
      if (const auto farm = index.farm.find(*p.user_farm_id); farm != index.farm.end()) {
        t.distance_ha_m +=
            p.area_ha * travel_distance_m(region.farms[farm->second].farmstead, p.centroid);
        t.used_ha += p.area_ha;
      }
    }
    if (p.soil)
      t.soil_ha[static_cast<int>(*p.soil)] += p.area_ha;
    if (p.land_use)
      t.land_use_ha[static_cast<int>(*p.land_use)] += p.area_ha;
  }
}

/// The organic-conventional border: half of each pair's boundary to each side.
void tally_border(const ScanInputs& in, const RegionIndex& index,
                  const std::vector<std::optional<std::size_t>>& area_of_parcel,
                  std::vector<Tally>& tallies) {
  const auto& region = in.region;
  for (const auto& pair : in.neighbours) {
    const auto a = index.parcel.find(pair.parcel_a), b = index.parcel.find(pair.parcel_b);
    if (a == index.parcel.end() || b == index.parcel.end())
      continue;
    const Parcel &pa = region.parcels[a->second], &pb = region.parcels[b->second];
    if (!pa.user_farm_id || !pb.user_farm_id ||
        is_organic(pa.organic_status) == is_organic(pb.organic_status))
      continue;
    for (const std::size_t side : {a->second, b->second}) {
      if (area_of_parcel[side])
        tallies[*area_of_parcel[side]].drift_border_m += pair.shared_boundary_m / 2.0;
    }
  }
}

void tally_farms(const ScanInputs& in, const RegionIndex& index, const geo::AreaIndex& areas,
                 std::vector<Tally>& tallies) {
  const auto& region = in.region;
  const auto blocks = blocks_per_farm(region, index, in.neighbours);
  std::vector<PointRd> farmsteads;
  for (const auto& farm : region.farms)
    farmsteads.push_back(farm.farmstead);
  const auto area_of_farm = locate_all(areas, farmsteads);
  std::unordered_map<std::string, const Demand*> demand_of;
  for (const auto& demand : region.demands)
    demand_of[demand.farm_id] = &demand;
  for (std::size_t f = 0; f < region.farms.size(); ++f) {
    if (!area_of_farm[f])
      continue;
    Tally& t = tallies[*area_of_farm[f]];
    t.organic_farms += is_organic(region.farms[f].organic_status) ? 1 : 0;
    if (blocks[f] > 0) {
      ++t.farms;
      t.blocks += blocks[f];
    }
    if (const auto d = demand_of.find(region.farms[f].farm_id); d != demand_of.end()) {
      ++t.demands;
      t.exchangers += d->second->exchange.policy != ExchangeParcels::Policy::none ? 1 : 0;
      t.converting += d->second->converts && !is_organic(region.farms[f].organic_status) ? 1 : 0;
    }
  }
}

double ratio(double part, double whole) {
  return whole > 0.0 ? part / whole : 0.0;
}

std::map<std::string, double> criteria_of(const Tally& t) {
  return {
      {"organic_ha", t.organic_ha},
      {"organic_share_pct", 100.0 * ratio(t.organic_ha, t.farmland_ha)},
      {"organic_farms", t.organic_farms},
      {"organic_in_clusters_pct", 100.0 * ratio(t.organic_in_clusters_ha, t.organic_ha)},
      {"at_risk_organic_ha", t.at_risk_organic_ha},
      {"offered_ha", t.offered_ha},
      {"demands", t.demands},
      {"exchangers", t.exchangers},
      {"farms_willing_to_convert", t.converting},
      {"government_ha", t.government_ha},
      {"land_fund_ha", t.land_fund_ha},
      {"blocks_per_farm", ratio(t.blocks, t.farms)},
      {"mean_distance_m", ratio(t.distance_ha_m, t.used_ha)},
      {"drift_border_km", t.drift_border_m / 1000.0},
      {"soil_diversity", effective_kinds(t.soil_ha)},
      {"land_use_diversity", effective_kinds(t.land_use_ha)},
  };
}

/// Scales each weighted criterion to 0..1 over the ranked areas and sums.
void score(std::vector<ScanArea>& areas, const ScanSettings& settings) {
  double weight_sum = 0.0;
  for (const auto& [key, weight] : settings.weights) {
    std::vector<double> values;
    for (const auto& area : areas) {
      if (area.rank && area.values.contains(key))
        values.push_back(area.values.at(key));
    }
    if (values.empty() || weight == 0.0)
      continue;
    weight_sum += std::abs(weight);
    const auto [low, high] = std::minmax_element(values.begin(), values.end());
    for (auto& area : areas) {
      if (!area.rank || !area.values.contains(key))
        continue;
      const double scaled = *high > *low ? (area.values.at(key) - *low) / (*high - *low) : 0.0;
      area.contributions[key] = weight * scaled;
    }
  }
  for (auto& area : areas) {
    double sum = 0.0;
    for (const auto& [key, contribution] : area.contributions)
      sum += contribution;
    area.score = weight_sum > 0.0 ? sum / weight_sum : 0.0;
  }
}

void rank(std::vector<ScanArea>& areas) {
  std::stable_sort(areas.begin(), areas.end(), [](const ScanArea& a, const ScanArea& b) {
    if (a.rank.has_value() != b.rank.has_value())
      return a.rank.has_value();
    if (a.score != b.score)
      return a.score > b.score;
    return a.area_id < b.area_id;
  });
  int next = 1;
  for (auto& area : areas) {
    if (area.rank)
      area.rank = next++;
  }
}

PointRd centre_of(const ScanAreaShape& shape) {
  const auto polygon = geo::parse_multipolygon_wkt(shape.wkt);
  geo::Point centre(0.0, 0.0);
  if (polygon && !polygon->empty())
    geo::bg::centroid(*polygon, centre);
  return {centre.x(), centre.y()};
}

}  // namespace

namespace {

using Cell = std::pair<long, long>;

Cell cell_of(const PointRd& point, double cell_m) {
  return {static_cast<long>(std::floor(point.x_m / cell_m)),
          static_cast<long>(std::floor(point.y_m / cell_m))};
}

ScanAreaShape cell_shape(const Cell& cell, double cell_m) {
  const double x = static_cast<double>(cell.first) * cell_m;
  const double y = static_cast<double>(cell.second) * cell_m;
  return {fmt::format("E{:.0f}N{:.0f}", x, y),
          fmt::format("POLYGON (({0} {1}, {0} {3}, {2} {3}, {2} {1}, {0} {1}))", x, y, x + cell_m,
                      y + cell_m)};
}

/// The areas with their tallies' criteria, the urban distance, scores and ranks.
ScanResult assemble(const std::vector<ScanAreaShape>& shapes, const std::vector<Tally>& tallies,
                    const std::function<std::map<std::string, double>(const Tally&)>& criteria,
                    const geo::AreaIndex& urban, const ScanSettings& settings,
                    std::string areas_from) {
  ScanResult result;
  result.settings = settings;
  result.areas_from = std::move(areas_from);
  for (std::size_t a = 0; a < shapes.size(); ++a) {
    ScanArea area;
    area.area_id = shapes[a].area_id;
    area.wkt = shapes[a].wkt;
    area.centre = centre_of(shapes[a]);
    area.farmland_ha = tallies[a].farmland_ha;
    area.parcels = tallies[a].parcels;
    area.values = criteria(tallies[a]);
    if (const auto distance = urban.distance_m(geo::Point(area.centre.x_m, area.centre.y_m)))
      area.values["urban_distance_km"] = *distance / 1000.0;
    if (area.farmland_ha >= settings.min_farmland_ha && area.parcels > 0)
      area.rank = 0;  // ranked below, once scored
    result.areas.push_back(std::move(area));
  }
  score(result.areas, settings);
  rank(result.areas);
  return result;
}

}  // namespace

std::vector<ScanAreaShape> grid_areas(const Region& region, double cell_km) {
  const double cell_m = cell_km * 1000.0;
  std::set<Cell> cells;
  for (const auto& parcel : region.parcels)
    cells.insert(cell_of(parcel.centroid, cell_m));
  std::vector<ScanAreaShape> shapes;
  for (const auto& cell : cells)
    shapes.push_back(cell_shape(cell, cell_m));
  return shapes;
}

ScanResult scan_areas(const ScanInputs& in, const ScanSettings& settings) {
  const auto index = index_region(in.region);
  const auto areas = index_shapes(in.areas, "area");
  std::vector<PointRd> centroids;
  for (const auto& parcel : in.region.parcels)
    centroids.push_back(parcel.centroid);
  std::vector<Tally> tallies(in.areas.size());
  const auto area_of_parcel = locate_all(areas, centroids);
  tally_parcels(in, settings, index, area_of_parcel, tallies);
  tally_border(in, index, area_of_parcel, tallies);
  tally_farms(in, index, areas, tallies);
  return assemble(in.areas, tallies, criteria_of, index_shapes(in.urban, "built-up area"), settings,
                  in.areas_from);
}

struct LayerScan::State {
  ScanSettings settings;
  std::vector<ScanAreaShape> areas;  ///< a grid's grow as parcels arrive
  std::optional<geo::AreaIndex> layer;
  geo::AreaIndex urban;
  std::map<Cell, std::size_t> cell_index;
  std::vector<Tally> tallies;
};

LayerScan::LayerScan(std::vector<ScanAreaShape> areas, std::vector<ScanAreaShape> urban,
                     ScanSettings settings)
    : state_(std::make_unique<State>(State{
          std::move(settings), {}, std::nullopt, index_shapes(urban, "built-up area"), {}, {}})) {
  if (!areas.empty()) {
    state_->layer.emplace(index_shapes(areas, "area"));
    state_->tallies.resize(areas.size());
    state_->areas = std::move(areas);
  }
}

LayerScan::~LayerScan() = default;

void LayerScan::add(const ScanParcel& parcel) {
  State& s = *state_;
  std::optional<std::size_t> area;
  if (s.layer) {
    area = s.layer->locate(geo::Point(parcel.centroid.x_m, parcel.centroid.y_m));
  } else {
    const Cell cell = cell_of(parcel.centroid, s.settings.grid_km * 1000.0);
    const auto [it, added] = s.cell_index.emplace(cell, s.areas.size());
    if (added) {
      s.areas.push_back(cell_shape(cell, s.settings.grid_km * 1000.0));
      s.tallies.emplace_back();
    }
    area = it->second;
  }
  if (!area)
    return;
  Tally& t = s.tallies[*area];
  ++t.parcels;
  t.farmland_ha += parcel.area_ha;
  if (parcel.organic_status) {
    t.status_known_ha += parcel.area_ha;
    t.organic_ha += is_organic(*parcel.organic_status) ? parcel.area_ha : 0.0;
  }
  if (parcel.soil)
    t.soil_ha[static_cast<int>(*parcel.soil)] += parcel.area_ha;
  if (parcel.land_use)
    t.land_use_ha[static_cast<int>(*parcel.land_use)] += parcel.area_ha;
}

ScanResult LayerScan::finish(std::string areas_from) {
  const State& s = *state_;
  const auto criteria = [&](const Tally& t) {
    std::map<std::string, double> values;
    // Only where the layer gives the status: absent, not 0, elsewhere.
    if (t.status_known_ha > 0.0) {
      values["organic_ha"] = t.organic_ha;
      values["organic_share_pct"] = 100.0 * ratio(t.organic_ha, t.status_known_ha);
    }
    if (!t.soil_ha.empty())
      values["soil_diversity"] = effective_kinds(t.soil_ha);
    if (!t.land_use_ha.empty())
      values["land_use_diversity"] = effective_kinds(t.land_use_ha);
    return values;
  };
  return assemble(s.areas, s.tallies, criteria, s.urban, s.settings, std::move(areas_from));
}

}  // namespace landpool::analysis
