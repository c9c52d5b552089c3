// Stage 1: farms, farmsteads and which parcels each farm uses. A farm grows a
// compact home lot outward from its farmstead along neighbour links, then
// takes a tail of distant parcels (1 km up to the preset's maximum), the way
// Dutch holdings are fragmented. Farms are placed one after another, so late
// farms find less free land near home: fragmentation emerges by itself.

#include <algorithm>
#include <cmath>
#include <map>
#include <queue>

#include <spdlog/fmt/fmt.h>

#include "generator/draft.hpp"

namespace landpool::generator {
namespace {

constexpr double kGridCell_m = 1000.0;

/// Parcels bucketed in 1 km cells, for picking distant parcels quickly.
class ParcelGrid {
 public:
  explicit ParcelGrid(const Landscape& land) {
    for (std::size_t i = 0; i < land.parcels.size(); ++i) {
      cells_[key(land.parcels[i].centroid.x_m, land.parcels[i].centroid.y_m)].push_back(i);
    }
  }
  const std::vector<std::size_t>* cell_at(double x_m, double y_m) const {
    auto it = cells_.find(key(x_m, y_m));
    return it == cells_.end() ? nullptr : &it->second;
  }

 private:
  static std::pair<long, long> key(double x_m, double y_m) {
    return {static_cast<long>(std::floor(x_m / kGridCell_m)),
            static_cast<long>(std::floor(y_m / kGridCell_m))};
  }
  std::map<std::pair<long, long>, std::vector<std::size_t>> cells_;
};

/// How much more (or less) often a sector farms this soil than on average.
double soil_affinity(Sector sector, Soil soil) {
  switch (soil) {
    case Soil::peat:
      return sector == Sector::dairy ? 3.0 : sector == Sector::mixed ? 1.0 : 0.2;
    case Soil::sand:
      return sector == Sector::horticulture ? 3.0 : sector == Sector::arable ? 0.3 : 0.8;
    case Soil::clay:
    case Soil::loam:
      return sector == Sector::arable ? 1.5 : sector == Sector::horticulture ? 0.7 : 1.0;
    case Soil::other:
      break;
  }
  return 1.0;
}

std::string farm_name(const SectorProfile& profile, DeterministicRandom& random) {
  static const std::map<Sector, std::vector<std::string>> prefixes = {
      {Sector::dairy, {"Melkveebedrijf", "Melkveehouderij", "Veehouderij"}},
      {Sector::arable, {"Akkerbouwbedrijf", "Akkerbouw", "Maatschap"}},
      {Sector::horticulture, {"Bollenkwekerij", "Tuinderij", "Groenteteelt", "Kwekerij"}},
      {Sector::mixed, {"Boerderij", "Gemengd Bedrijf", "Zorgboerderij"}},
      {Sector::other, {"Bedrijf"}}};
  return random.pick(prefixes.at(profile.sector)) + " " + surname(random);
}

/// Claims parcels best-first by distance from the farmstead, along neighbour
/// links, until `target_ha` is reached. Where wide ditches cut the links (as
/// in peat meadows), the lot jumps to the nearest free parcels within a
/// kilometre of the farmstead.
void grow_home_lot(RegionDraft& draft, std::size_t farm_index, std::size_t seed, double target_ha,
                   const std::vector<std::vector<std::size_t>>& neighbours,
                   const ParcelGrid& grid) {
  auto& farm = draft.farms[farm_index];
  using Entry = std::pair<double, std::size_t>;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> frontier;
  frontier.push({0.0, seed});
  double claimed_ha = 0.0;
  bool jumped = false;
  while (claimed_ha < target_ha) {
    if (frontier.empty()) {
      if (jumped)
        break;
      jumped = true;
      const auto& home = farm.farm.farmstead;
      for (double dx : {-kGridCell_m, 0.0, kGridCell_m}) {
        for (double dy : {-kGridCell_m, 0.0, kGridCell_m}) {
          const auto* cell = grid.cell_at(home.x_m + dx, home.y_m + dy);
          if (!cell)
            continue;
          for (std::size_t parcel : *cell) {
            const double distance = draft.distance_m(parcel, home);
            if (!draft.parcels[parcel].farm && distance <= kGridCell_m) {
              frontier.push({distance, parcel});
            }
          }
        }
      }
      if (frontier.empty())
        break;
    }
    const auto [distance, parcel] = frontier.top();
    frontier.pop();
    if (draft.parcels[parcel].farm)
      continue;
    draft.parcels[parcel].farm = farm_index;
    farm.home.push_back(parcel);
    claimed_ha += draft.land.parcels[parcel].area_ha;
    for (std::size_t next : neighbours[parcel]) {
      if (!draft.parcels[next].farm) {
        frontier.push({draft.distance_m(next, farm.farm.farmstead), next});
      }
    }
  }
}

double take_tail(RegionDraft& draft, std::size_t farm_index, double target_ha,
                 const ParcelGrid& grid) {
  auto& farm = draft.farms[farm_index];
  const double reach_m = draft.preset.tail_distance_km_max * 1000.0;
  double claimed_ha = 0.0;
  for (int attempt = 0; attempt < 80 && claimed_ha < target_ha; ++attempt) {
    const double dx = draft.random.uniform(-reach_m, reach_m);
    const double dy = draft.random.uniform(-reach_m, reach_m);
    const double d2 = dx * dx + dy * dy;
    if (d2 < 1000.0 * 1000.0 || d2 > reach_m * reach_m)
      continue;
    const auto* cell = grid.cell_at(farm.farm.farmstead.x_m + dx, farm.farm.farmstead.y_m + dy);
    if (!cell || cell->empty())
      continue;
    const std::size_t parcel = draft.random.pick(*cell);
    if (draft.parcels[parcel].farm)
      continue;
    draft.parcels[parcel].farm = farm_index;
    draft.parcels[parcel].distant = true;
    farm.tail.push_back(parcel);
    claimed_ha += draft.land.parcels[parcel].area_ha;
  }
  return claimed_ha;
}

/// Parcels nobody took go to the farm whose farmstead is nearest.
void give_leftovers_to_nearest_farms(RegionDraft& draft,
                                     const std::vector<std::size_t>& leftovers) {
  for (std::size_t parcel : leftovers) {
    std::size_t best = 0;
    double best_m = std::numeric_limits<double>::max();
    for (std::size_t f = 0; f < draft.farms.size(); ++f) {
      const double d = draft.distance_m(parcel, draft.farms[f].farm.farmstead);
      if (d < best_m)
        best_m = d, best = f;
    }
    draft.parcels[parcel].farm = best;
    draft.parcels[parcel].distant = best_m > 1000.0;
    (best_m > 1000.0 ? draft.farms[best].tail : draft.farms[best].home).push_back(parcel);
  }
}

}  // namespace

void place_farms(RegionDraft& draft) {
  const auto& land = draft.land;
  const auto& preset = draft.preset;
  auto& random = draft.random;

  std::vector<std::vector<std::size_t>> neighbours(land.parcels.size());
  for (const auto& pair : land.neighbours) {
    neighbours[pair.first].push_back(pair.second);
    neighbours[pair.second].push_back(pair.first);
  }
  const ParcelGrid grid(land);

  double total_ha = 0.0;
  for (const auto& parcel : land.parcels)
    total_ha += parcel.area_ha;
  // Unused government land stays out of the farms; a little slack is left so
  // that farms are not forced onto the last scraps.
  const double farmed_target_ha =
      total_ha * (1.0 - preset.government_area_share * preset.unused_government_share - 0.02);

  std::vector<std::size_t> seeds(land.parcels.size());
  for (std::size_t i = 0; i < seeds.size(); ++i)
    seeds[i] = i;
  random.shuffle(seeds);
  std::vector<double> sector_weights;
  for (const auto& sector : preset.sectors)
    sector_weights.push_back(sector.share_of_farms);

  double farmed_ha = 0.0;
  for (std::size_t next_seed = 0; next_seed < seeds.size() && farmed_ha < farmed_target_ha;) {
    const std::size_t seed = seeds[next_seed++];
    if (draft.parcels[seed].farm)
      continue;
    DraftFarm farm;
    // Sectors follow the soil of the farm's first parcel: dairy on peat,
    // bulbs and vegetables on sand, arable on clay.
    std::vector<double> weights = sector_weights;
    for (std::size_t s = 0; s < weights.size(); ++s) {
      weights[s] *= soil_affinity(preset.sectors[s].sector, draft.parcels[seed].soil);
    }
    farm.profile = &preset.sectors[random.weighted(weights)];
    farm.farm.farm_id = fmt::format("F{:05d}", draft.farms.size() + 1);
    farm.farm.name = farm_name(*farm.profile, random);
    farm.farm.sector = farm.profile->sector;
    const auto& at = land.parcels[seed].centroid;
    farm.farm.farmstead = {std::round(at.x_m + random.uniform(-20.0, 20.0)),
                           std::round(at.y_m + random.uniform(-20.0, 20.0))};
    farm.perennial = farm.profile->sector == Sector::horticulture && random.chance(0.10);
    draft.farms.push_back(std::move(farm));

    const std::size_t index = draft.farms.size() - 1;
    const double size_ha = random.bell(0.3, 1.7) * draft.farms[index].profile->mean_size_ha;
    const double home_ha =
        size_ha * random.uniform(preset.home_lot_share_min, preset.home_lot_share_max);
    grow_home_lot(draft, index, seed, home_ha, neighbours, grid);
    take_tail(draft, index, size_ha - home_ha, grid);
    for (std::size_t p : draft.farms[index].home)
      farmed_ha += land.parcels[p].area_ha;
    for (std::size_t p : draft.farms[index].tail)
      farmed_ha += land.parcels[p].area_ha;
  }

  // What is left: government land positions not in use now, the rest to the
  // nearest farms.
  std::vector<std::size_t> free;
  for (std::size_t i = 0; i < draft.parcels.size(); ++i) {
    if (!draft.parcels[i].farm)
      free.push_back(i);
  }
  random.shuffle(free);
  double unused_government_ha = 0.0;
  const double unused_target_ha =
      total_ha * preset.government_area_share * preset.unused_government_share;
  std::vector<std::size_t> leftovers;
  for (std::size_t parcel : free) {
    if (unused_government_ha < unused_target_ha) {
      draft.parcels[parcel].owner_id = "government";  // resolved in assign_tenure
      unused_government_ha += land.parcels[parcel].area_ha;
    } else {
      leftovers.push_back(parcel);
    }
  }
  if (!draft.farms.empty())
    give_leftovers_to_nearest_farms(draft, leftovers);
}

}  // namespace landpool::generator
