#pragma once
// Use cases that bring data in: check a region's CSV files, import them (a
// whole region or a quarter's update), import a GIS layer, generate a region.
// Input is read and checked before the database is opened, so rejected input
// leaves the database file exactly as it was.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/region.hpp"
#include "generator/region_generator.hpp"
#include "importers/diagnostics.hpp"
#include "importers/gis_reader.hpp"
#include "workflow/region_import.hpp"

namespace landpool::workflow {

/// What an import read and, when it had no errors, stored.
struct ImportOutcome {
  Diagnostics diagnostics;  ///< warnings, and the errors that stopped it
  bool stored = false;
  std::string quarter;                      ///< the quarter the import belongs to
  Region region;                            ///< what was read (CSV)
  AdjacencySummary adjacency;               ///< when stored
  double max_gap_m = 0.0;                   ///< the neighbour gap used
  int offers = 0, demands = 0, leases = 0;  ///< rows an update took
  GisRead gis;  ///< what was read (GIS; its diagnostics moved to `diagnostics`)
};

struct ImportCsvRequest {
  std::filesystem::path directory;
  bool replace = false;
  std::string quarter;  ///< default: the region's, else today's
  bool update = false;  ///< `directory` holds a quarter's offers/demands/leases to merge in
  std::optional<double> max_gap_m;  ///< default: the database's setting, else 5 m
};

/// Reads and checks the files of `directory` against the database's map,
/// changing nothing.
ImportOutcome check_csv(const std::string& db_path, const std::filesystem::path& directory);

/// Imports a region (or, with `update`, a quarter's update). Throws
/// UsageError when a region is there without `replace`, or an update has no
/// region or names another quarter than the region's.
ImportOutcome import_csv(const std::string& db_path, const ImportCsvRequest& request);

struct ImportGisRequest {
  GisImportOptions read;
  std::string bbox_text;  ///< as typed; parsed into read.bbox
  bool replace = false;
  std::optional<double> max_gap_m;
};

/// Imports parcel polygons. Throws UsageError for a malformed --bbox or
/// existing geometry without `replace`; an input without polygons is an error
/// in the outcome's diagnostics.
ImportOutcome import_gis(const std::string& db_path, ImportGisRequest request);

struct GeneratedRegion {
  generator::GeneratedRegion generated;
  Date as_of;         ///< the date the region describes
  long polygons = 0;  ///< written to parcels.geojson
};

/// Generates a region into `out` as the CSV input contract and a GeoJSON layer;
/// `as_of_text` empty: the first day of the current quarter. The result must
/// pass the importer's checks (std::logic_error otherwise: a generator bug).
GeneratedRegion generate_region(generator::GenerateOptions options, const std::string& as_of_text,
                                const std::filesystem::path& out);

}  // namespace landpool::workflow
