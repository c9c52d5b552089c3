#pragma once
// What the parcel register does not publish, synthesised on top of a
// landscape: farms and farmsteads, who uses and who owns each parcel, leases,
// organic status and conversion dates, government land positions, offers of
// willing owners and farms' demands. The statistics come from the preset
// (docs/regions.md explains each).

#include "core/date.hpp"
#include "core/region.hpp"
#include "generator/landscape.hpp"
#include "generator/presets.hpp"
#include "generator/random.hpp"

namespace landpool::generator {

/// Builds a complete region on `land`; dates are relative to `as_of`.
Region synthesise_farm_layer(const Landscape& land, const RegionPreset& preset, const Date& as_of,
                             DeterministicRandom& random);

}  // namespace landpool::generator
