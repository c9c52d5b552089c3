#pragma once
// Front door of the CSV importer: read, check and report, without touching
// any database. The caller stores the region only when there are no errors,
// which is how a failed import leaves the database exactly as it was.

#include <filesystem>
#include <string>
#include <vector>

#include "core/parcel_geometry.hpp"
#include "core/region.hpp"
#include "importers/diagnostics.hpp"

namespace landpool {

struct CsvImport {
  Region region;            ///< complete only when diagnostics has no errors
  Diagnostics diagnostics;  ///< errors and warnings, ordered by file and line
  std::string fingerprint;  ///< hash of the files' bytes, to tell inputs apart
};

/// Reads and validates the input contract files in `directory`. Parcels
/// without wkt, area or location take them from `known_geometry` (the
/// database's geometry layer) when it holds their parcel_id.
CsvImport import_csv_directory(const std::filesystem::path& directory,
                               const std::vector<ParcelGeometry>& known_geometry = {});

}  // namespace landpool
