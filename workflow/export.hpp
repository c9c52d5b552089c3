#pragma once
// Use case "export": a stored run as swap lists, balances, map layers or the
// HTML report, for the whole run, one deal or one party (docs/exports.md).

#include <filesystem>
#include <optional>
#include <string>

#include "exporters/run_view.hpp"

namespace landpool::workflow {

struct ExportRequest {
  std::optional<long> run_id;  ///< default: the latest run
  std::string format = "csv";  ///< csv (a folder), xlsx, json, gpkg, html (the report)
  std::filesystem::path out;
  ViewOptions view;  ///< one deal, one party, pseudonyms, language
};

struct Exported {
  RunView view;
  long features = 0;  ///< gpkg: parcels per layer
};

/// What one export of a run may show; `with_quarters`: for the whole run,
/// the region's quarters too (the report's history). Throws UsageError for an
/// unknown run or a database without runs.
RunView load_run_view(const std::string& db_path, std::optional<long> run_id,
                      const ViewOptions& options, bool with_quarters = false);

/// Writes the run in the request's format. Throws UsageError for an
/// unknown format.
Exported export_run(const std::string& db_path, const ExportRequest& request);

}  // namespace landpool::workflow
