#pragma once
// Use case "scan": rank areas of the region in the database by their
// potential for organic clusters (docs/scan.md) and write scan.csv,
// scan.gpkg and scan.html.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/messages.hpp"
#include "core/scan_records.hpp"
#include "importers/diagnostics.hpp"

namespace landpool::workflow {

struct ScanRequest {
  std::filesystem::path weights_file;  ///< empty: the built-in weights
  std::optional<double> grid_km;       ///< overrides the weights file's [scan] grid_km
  std::filesystem::path areas_file;    ///< empty: a grid
  std::optional<std::string> areas_layer, areas_id_field;
  std::filesystem::path urban_file;  ///< empty: no distance to built-up areas
  /// Large GIS layers scanned straight, one after the other (a province per
  /// file, say); empty: the database.
  std::vector<std::filesystem::path> parcels_files;
  std::optional<std::string> parcels_layer;
  std::string as_of;          ///< YYYY-MM-DD; empty: the region's planning date
  std::filesystem::path out;  ///< a folder, created
  Language language = Language::en;
};

struct ScanOutcome {
  Diagnostics diagnostics;  ///< weights file or area layers; nothing written when it has errors
  ScanResult result;
  std::vector<std::filesystem::path> written;
  long features_left_out = 0;  ///< --parcels: features without a usable polygon
};

/// Reads the weights and layers, scans the region in the database (or,
/// with `parcels_files`, those GIS layers feature by feature, without a
/// database) and writes the outputs. Throws UsageError when the database
/// holds no region or --grid-km is out of range.
ScanOutcome scan_region(const std::string& db_path, const ScanRequest& request);

}  // namespace landpool::workflow
