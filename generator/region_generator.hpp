#pragma once
// Front door of the region generator: a complete, valid region from a preset
// and a seed, on a synthetic polder or on real parcels from a GIS file.
// Deterministic: the same preset, seed, parcel count, geometry and as-of date
// give the same region on any machine.

#include <optional>
#include <string>

#include "core/date.hpp"
#include "core/region.hpp"
#include "generator/presets.hpp"

namespace landpool::generator {

struct GenerateOptions {
  std::string preset = "harenkarspel";
  std::uint64_t seed = 1;
  std::optional<long> parcels;               ///< overrides the preset's count (synthetic land only)
  std::optional<std::string> geometry_file;  ///< real parcels instead of a synthetic polder
  std::optional<double> organic_farm_share;  ///< overrides the preset's share of organic farms
  /// Scales every sector's mean farm size (so the same land holds about
  /// 1/factor as many farms), for regions of few, large farms.
  std::optional<double> farm_size_factor;
  /// A consolidation: every farm takes part, exchanging use of all its
  /// parcels (net area 0 within 10 %), and no pool land is offered.
  bool consolidation = false;
  Date as_of = Date{std::chrono::year{2026}, std::chrono::month{10}, std::chrono::day{1}};
  /// Throws std::invalid_argument naming the bad option.
  void validate() const;
};

struct GeneratedRegion {
  Region region;
  RegionPreset preset;
};

GeneratedRegion generate_region(const GenerateOptions& options);

}  // namespace landpool::generator
