#pragma once
// A new quarter's data for a region already in the database: any of
// offers.csv, demands.csv and leases.csv (the columns of docs/data-format.md),
// merged into the current region, which keeps the deals applied so far.
// Offers replace the offer of the same parcel, demands the demand of the same
// farm; leases are added. Everything is checked as a whole import would be,
// with problems placed in the update's files.

#include <filesystem>
#include <string>
#include <vector>

#include "core/parcel_geometry.hpp"
#include "core/region.hpp"
#include "importers/diagnostics.hpp"

namespace landpool {

struct QuarterUpdate {
  Region region;  ///< the merged region, complete only without errors
  Diagnostics diagnostics;
  std::string fingerprint;                  ///< of the update's files
  int offers = 0, demands = 0, leases = 0;  ///< rows taken from the update
};

QuarterUpdate merge_quarter_update(const Region& current, const std::filesystem::path& directory,
                                   const std::vector<ParcelGeometry>& known_geometry = {});

}  // namespace landpool
