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

struct SheetsRequest {
  std::optional<long> run_id;        ///< default: the latest run
  std::filesystem::path out;         ///< a folder, created
  std::optional<Language> language;  ///< empty: the run's scenario's [report] language
  bool pdf = true;                   ///< also print sheets.pdf where Chromium is installed
};

struct SheetsWritten {
  long run_id = 0;
  int farm_sheets = 0, owner_sheets = 0;
  std::filesystem::path all;                 ///< sheets.html: every sheet, one per printed page
  std::optional<std::filesystem::path> pdf;  ///< sheets.pdf, when printed
  std::string pdf_note;                      ///< why no PDF, when none
};

/// One printable sheet per farm and per pool owner of the run's deals
/// (farm-ID.html, owner-ID-deal-N.html, all of them in sheets.html and, with
/// headless Chromium, sheets.pdf). Throws UsageError for an unknown run.
SheetsWritten write_deal_sheets(const std::string& db_path, const SheetsRequest& request);

}  // namespace landpool::workflow
