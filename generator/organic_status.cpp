// Stage 2: the land's description and organic status. Soil follows the
// landscape (a band of sand on one side, as on the old dune ridges of North
// Holland), values follow the soil, land use follows the farm's sector (or the
// register's category for real parcels). Organic and converting farms are
// drawn by the preset's shares; their parcels are organic or converting with
// dated conversion clocks; some organic farmers are about to stop.

#include <algorithm>
#include <cmath>
#include <limits>

#include "generator/draft.hpp"

namespace landpool::generator {
namespace {

double base_value_eur_per_ha(Soil soil) {
  switch (soil) {
    case Soil::clay:
      return 85000.0;
    case Soil::sand:
      return 70000.0;
    case Soil::peat:
      return 55000.0;
    case Soil::loam:
      return 80000.0;
    case Soil::other:
      break;
  }
  return 50000.0;
}

/// Soil by position across the region: shares become bands west to east,
/// with a ragged edge, so soils form coherent areas.
void describe_land(RegionDraft& draft) {
  for (std::size_t i = 0; i < draft.parcels.size(); ++i) {
    auto& parcel = draft.parcels[i];
    const auto& geometry = draft.land.parcels[i];
    double value = base_value_eur_per_ha(parcel.soil) * draft.random.bell(0.8, 1.2);
    if (parcel.farm) {
      const auto& farm = draft.farms[*parcel.farm];
      parcel.land_use = farm.perennial ? LandUse::perennial : farm.profile->main_land_use;
      if (farm.profile->sector == Sector::mixed && draft.random.chance(0.5)) {
        parcel.land_use = LandUse::grassland;
      }
    } else {
      parcel.land_use = LandUse::arable;
    }
    if (geometry.land_use)
      parcel.land_use = *geometry.land_use;  // the register knows best
    if (parcel.land_use == LandUse::horticulture || parcel.land_use == LandUse::perennial) {
      value *= 1.2;  // bulb and vegetable land sells above plain arable land
    }
    parcel.value_eur_per_ha = std::round(value / 100.0) * 100.0;
  }
}

long conversion_days(bool perennial) {
  return perennial ? 3 * 365 : 2 * 365;
}

}  // namespace

void assign_soils(RegionDraft& draft) {
  double min_x = std::numeric_limits<double>::max(), max_x = -min_x;
  for (const auto& parcel : draft.land.parcels) {
    min_x = std::min(min_x, parcel.centroid.x_m);
    max_x = std::max(max_x, parcel.centroid.x_m);
  }
  const double span = std::max(1.0, max_x - min_x);
  draft.parcels.assign(draft.land.parcels.size(), DraftParcel{});
  for (std::size_t i = 0; i < draft.parcels.size(); ++i) {
    auto& parcel = draft.parcels[i];
    double position =
        (draft.land.parcels[i].centroid.x_m - min_x) / span + draft.random.uniform(-0.05, 0.05);
    parcel.soil = draft.preset.soil_shares.begin()->first;
    for (const auto& [soil, share] : draft.preset.soil_shares) {
      parcel.soil = soil;
      if (position < share)
        break;
      position -= share;
    }
  }
}

void assign_organic_status(RegionDraft& draft) {
  describe_land(draft);
  auto& random = draft.random;
  std::vector<std::size_t> order(draft.farms.size());
  for (std::size_t i = 0; i < order.size(); ++i)
    order[i] = i;
  random.shuffle(order);
  const auto organic_count = static_cast<std::size_t>(
      std::round(draft.preset.organic_farm_share * static_cast<double>(order.size())));
  const auto converting_count = static_cast<std::size_t>(
      std::round(draft.preset.converting_farm_share * static_cast<double>(order.size())));

  std::vector<Date> farm_conversion_start(draft.farms.size(), draft.as_of);
  for (std::size_t k = 0; k < order.size(); ++k) {
    auto& farm = draft.farms[order[k]];
    if (k < organic_count) {
      farm.farm.organic_status = OrganicStatus::organic;
      farm.retiring = random.chance(draft.preset.retiring_organic_share);
    } else if (k < organic_count + converting_count) {
      farm.farm.organic_status = OrganicStatus::converting;
      farm_conversion_start[order[k]] =
          draft.days_from_as_of(-random.integer(30, conversion_days(farm.perennial) - 30));
    } else {
      farm.farm.organic_status = OrganicStatus::conventional;
    }
  }

  for (auto& parcel : draft.parcels) {
    if (!parcel.farm) {
      // Government land not in use: some of it was last farmed organically.
      parcel.status = random.chance(0.3) ? OrganicStatus::organic : OrganicStatus::conventional;
      continue;
    }
    const auto& farm = draft.farms[*parcel.farm];
    switch (farm.farm.organic_status) {
      case OrganicStatus::organic:
        // Most land is certified; recently added parcels are still converting.
        if (random.chance(0.12)) {
          parcel.status = OrganicStatus::converting;
          parcel.converting_since =
              draft.days_from_as_of(-random.integer(30, conversion_days(farm.perennial) - 30));
        } else {
          parcel.status = OrganicStatus::organic;
        }
        break;
      case OrganicStatus::converting:
        parcel.status = OrganicStatus::converting;
        parcel.converting_since = farm_conversion_start[*parcel.farm];
        break;
      case OrganicStatus::conventional:
        parcel.status = OrganicStatus::conventional;
        break;
    }
  }
}

}  // namespace landpool::generator
