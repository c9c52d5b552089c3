#pragma once
// Region presets: the statistics a generated region is drawn from. Each
// number's source or reasoning is written in docs/regions.md.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/enums.hpp"
#include "core/region.hpp"

namespace landpool::generator {

struct SectorProfile {
  Sector sector;
  double share_of_farms;  ///< by count
  double mean_size_ha;    ///< mean farm size
  LandUse main_land_use;  ///< what most of its parcels carry
};

struct RegionPreset {
  std::string name;
  std::string description;
  long parcels = 3000;
  PointRd centre;            ///< RD New, where the synthetic polder lies
  std::string municipality;  ///< owner of municipal land positions
  std::vector<SectorProfile> sectors;
  std::map<Soil, double> soil_shares;
  double organic_farm_share = 0.15;      ///< organic farms, by count
  double converting_farm_share = 0.03;   ///< farms in conversion, by count
  double retiring_organic_share = 0.15;  ///< organic farms about to stop
  double leased_area_share = 0.40;       ///< land leased rather than owned by its user
  double government_area_share = 0.03;   ///< government land positions
  double unused_government_share = 0.5;  ///< of those, not in use now (pool land)
  double home_lot_share_min = 0.55;      ///< share of a farm's area around its farmstead
  double home_lot_share_max = 0.90;
  double tail_distance_km_max = 6.0;     ///< farthest distant parcel of a farm
  double exchange_willing_share = 0.20;  ///< conventional farms willing to exchange
  double converts_share = 0.06;          ///< conventional farms willing to convert
  double organic_demand_share = 0.70;    ///< organic farms that want more land

  /// Throws std::invalid_argument naming the first bad setting.
  void validate() const;
};

/// The presets by name: harenkarspel (default), waterland, and polder-1k …
/// polder-100k for benchmarks.
const std::vector<RegionPreset>& region_presets();

/// The preset with this name, or nullopt.
std::optional<RegionPreset> find_preset(const std::string& name);

}  // namespace landpool::generator
