#include "generator/presets.hpp"

#include <stdexcept>

namespace landpool::generator {
namespace {

void require_share(double value, const char* name) {
  if (!(value >= 0.0 && value <= 1.0)) {
    throw std::invalid_argument(std::string("preset setting ") + name + " must lie in [0, 1]");
  }
}

RegionPreset harenkarspel() {
  RegionPreset p;
  p.name = "harenkarspel";
  p.description =
      "North Holland clay municipality: bulbs, field vegetables, arable and dairy (default)";
  p.parcels = 3000;
  p.centre = {111500.0, 526500.0};
  p.municipality = "Gemeente Schagen";  // Harenkarspel merged into Schagen in 2013
  p.sectors = {
      {Sector::horticulture, 0.35, 25.0, LandUse::horticulture},
      {Sector::arable, 0.25, 55.0, LandUse::arable},
      {Sector::dairy, 0.30, 55.0, LandUse::grassland},
      {Sector::mixed, 0.10, 35.0, LandUse::arable},
  };
  p.soil_shares = {{Soil::clay, 0.75}, {Soil::sand, 0.25}};
  return p;
}

RegionPreset waterland() {
  RegionPreset p;
  p.name = "waterland";
  p.description =
      "Peat-meadow dairy north of Amsterdam; meant for the real BRP sample (--geometry)";
  p.parcels = 4872;
  p.centre = {127500.0, 492500.0};
  p.municipality = "Gemeente Waterland";
  p.sectors = {
      {Sector::dairy, 0.85, 50.0, LandUse::grassland},
      {Sector::mixed, 0.10, 30.0, LandUse::grassland},
      {Sector::arable, 0.05, 40.0, LandUse::arable},
  };
  p.soil_shares = {{Soil::peat, 0.85}, {Soil::clay, 0.15}};
  p.organic_farm_share = 0.12;
  return p;
}

RegionPreset polder(long parcels, const char* name) {
  RegionPreset p = harenkarspel();
  p.name = name;
  p.description = "Harenkarspel statistics at benchmark scale";
  p.parcels = parcels;
  p.centre = {150000.0, 480000.0};
  return p;
}

}  // namespace

void RegionPreset::validate() const {
  if (parcels < 10 || parcels > 500000) {
    throw std::invalid_argument("the number of parcels must lie between 10 and 500000");
  }
  if (sectors.empty())
    throw std::invalid_argument("a preset needs at least one sector");
  for (const auto& sector : sectors) {
    require_share(sector.share_of_farms, "sector share");
    if (!(sector.mean_size_ha > 0.0))
      throw std::invalid_argument("farm sizes must be positive");
  }
  require_share(organic_farm_share, "organic_farm_share");
  require_share(converting_farm_share, "converting_farm_share");
  require_share(retiring_organic_share, "retiring_organic_share");
  require_share(leased_area_share, "leased_area_share");
  require_share(government_area_share, "government_area_share");
  require_share(unused_government_share, "unused_government_share");
  require_share(home_lot_share_min, "home_lot_share_min");
  require_share(home_lot_share_max, "home_lot_share_max");
  require_share(exchange_willing_share, "exchange_willing_share");
  require_share(converts_share, "converts_share");
  require_share(organic_demand_share, "organic_demand_share");
  if (organic_farm_share + converting_farm_share > 1.0) {
    throw std::invalid_argument("organic and converting farm shares add up to more than 1");
  }
}

const std::vector<RegionPreset>& region_presets() {
  static const std::vector<RegionPreset> presets = {
      harenkarspel(),
      waterland(),
      polder(1000, "polder-1k"),
      polder(3000, "polder-3k"),
      polder(10000, "polder-10k"),
      polder(30000, "polder-30k"),
      polder(100000, "polder-100k"),
  };
  return presets;
}

std::optional<RegionPreset> find_preset(const std::string& name) {
  for (const auto& preset : region_presets()) {
    if (preset.name == name)
      return preset;
  }
  return std::nullopt;
}

}  // namespace landpool::generator
