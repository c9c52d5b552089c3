#pragma once
// Checks across records and files: unique ids, references to known parcels,
// owners and farms, leases that fit the parcel's use and do not overlap,
// offers made by the parcel's owner, demands of known farms for their own
// parcels. Row-level checks are done while reading (csv_region_reader.hpp).

#include "core/region.hpp"
#include "importers/csv_region_reader.hpp"
#include "importers/diagnostics.hpp"

namespace landpool {

/// Adds every violation to `diagnostics`, each at the origin of the record
/// that carries the offending value.
void validate_region(const Region& region, const RegionOrigins& origins, Diagnostics& diagnostics);

}  // namespace landpool
