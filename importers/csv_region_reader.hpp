#pragma once
// Reads the six files of the CSV input contract (docs/data-format.md) into a
// Region, checking each row on its own: required values, numbers, dates,
// vocabularies, ranges, geometry. Checks across rows and files (ids,
// references, overlaps) are the validator's (region_validator.hpp).

#include <filesystem>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/parcel_geometry.hpp"
#include "core/region.hpp"
#include "importers/diagnostics.hpp"

namespace landpool {

/// Where a record came from, so later checks can name FILE:LINE.
struct Origin {
  std::string file;
  long line = 0;
};

/// Origins of a region's records, index-parallel to the Region's vectors.
/// A table is `loaded` when its file was read with a usable header; checks
/// that refer to a table that did not load are skipped to avoid cascades.
struct RegionOrigins {
  std::vector<Origin> owners, farms, parcels, leases, offers, demands;
  bool owners_loaded = false, farms_loaded = false, parcels_loaded = false;
  std::string parcels_file;  ///< path of parcels.csv, for problems about the file as a whole
};

/// Polygons already known (the geometry layer of the database), by parcel id.
using GeometryLookup = std::unordered_map<std::string, const ParcelGeometry*>;

struct CsvRegionRead {
  const GeometryLookup* known_geometry = nullptr;  ///< input: may be null
  Region region;
  RegionOrigins origins;
  std::vector<std::string> files_in_order;  ///< for sorting problems
};

/// Input contract file names.
inline constexpr const char* kParcelsFile = "parcels.csv";
inline constexpr const char* kOwnersFile = "owners.csv";
inline constexpr const char* kFarmsFile = "farms.csv";
inline constexpr const char* kLeasesFile = "leases.csv";
inline constexpr const char* kOffersFile = "offers.csv";
inline constexpr const char* kDemandsFile = "demands.csv";

/// Reads every contract file in `directory`. Required files (parcels, owners,
/// farms) missing is an error; optional ones (leases, offers, demands) may be
/// absent. A parcel row without wkt takes the polygon of the same parcel_id
/// from `known_geometry`, when given.
CsvRegionRead read_csv_region(const std::filesystem::path& directory, Diagnostics& diagnostics,
                              const GeometryLookup* known_geometry = nullptr);

}  // namespace landpool
