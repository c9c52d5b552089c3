#include "generator/region_generator.hpp"

#include <stdexcept>

#include "generator/draft.hpp"
#include "generator/landscape.hpp"

namespace landpool::generator {
namespace {

Region finish(RegionDraft& draft) {
  Region region;
  region.owners = std::move(draft.owners);
  for (const auto& farm : draft.farms)
    region.farms.push_back(farm.farm);
  for (std::size_t i = 0; i < draft.parcels.size(); ++i) {
    const auto& d = draft.parcels[i];
    const auto& geometry = draft.land.parcels[i];
    Parcel parcel;
    parcel.parcel_id = geometry.parcel_id;
    parcel.area_ha = geometry.area_ha;
    parcel.centroid = geometry.centroid;
    parcel.wkt = geometry.wkt;
    parcel.soil = d.soil;
    parcel.value_eur_per_ha = d.value_eur_per_ha;
    parcel.land_use = d.land_use;
    parcel.organic_status = d.status;
    parcel.converting_since = d.converting_since;
    parcel.owner_id = d.owner_id;
    if (d.farm)
      parcel.user_farm_id = draft.farms[*d.farm].farm.farm_id;
    region.parcels.push_back(std::move(parcel));
    if (d.lease)
      region.leases.push_back(*d.lease);
  }
  region.offers = std::move(draft.offers);
  region.demands = std::move(draft.demands);
  return region;
}

}  // namespace

double RegionDraft::distance_m(std::size_t parcel, const PointRd& point) const {
  const auto& c = land.parcels[parcel].centroid;
  const double dx = c.x_m - point.x_m, dy = c.y_m - point.y_m;
  return std::sqrt(dx * dx + dy * dy);
}

Date RegionDraft::days_from_as_of(long days) const {
  return Date{std::chrono::sys_days{as_of} + std::chrono::days{days}};
}

void GenerateOptions::validate() const {
  if (!find_preset(preset)) {
    std::string names;
    for (const auto& p : region_presets())
      names += (names.empty() ? "" : ", ") + p.name;
    throw std::invalid_argument("unknown preset '" + preset + "' (presets: " + names + ")");
  }
  if (parcels && geometry_file) {
    throw std::invalid_argument("--parcels and --geometry exclude each other: the file decides");
  }
  if (parcels && (*parcels < 10 || *parcels > 500000)) {
    throw std::invalid_argument("--parcels must lie between 10 and 500000");
  }
  if (farm_size_factor && !(*farm_size_factor >= 0.1 && *farm_size_factor <= 20.0)) {
    throw std::invalid_argument("--farm-size-factor must lie between 0.1 and 20");
  }
}

GeneratedRegion generate_region(const GenerateOptions& options) {
  options.validate();
  GeneratedRegion result{{}, *find_preset(options.preset)};
  auto& preset = result.preset;
  if (options.parcels)
    preset.parcels = *options.parcels;
  if (options.organic_farm_share)
    preset.organic_farm_share = *options.organic_farm_share;
  if (options.farm_size_factor) {
    for (auto& sector : preset.sectors)
      sector.mean_size_ha *= *options.farm_size_factor;
  }
  preset.validate();

  DeterministicRandom random(options.seed);
  const Landscape land = options.geometry_file
                             ? landscape_from_file(*options.geometry_file)
                             : synthetic_polder(preset.parcels, preset.centre, random);
  RegionDraft draft{land, preset, options.as_of, random, {}, {}, {}, {}, {}};
  assign_soils(draft);
  place_farms(draft);
  assign_organic_status(draft);
  assign_tenure(draft);
  add_pool_and_demands(draft);
  if (options.consolidation)
    make_consolidation(draft);
  result.region = finish(draft);
  return result;
}

}  // namespace landpool::generator
