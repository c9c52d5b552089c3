#pragma once
// Writers of a run's swap list and balances (docs/exports.md documents every
// column). Each takes a RunView, so party and anonymised exports share the
// same filtering. All throw std::runtime_error when a file cannot be written.

#include <filesystem>

#include <nlohmann/json.hpp>

#include "exporters/run_view.hpp"

namespace landpool {

/// transfers.csv, deals.csv and participants.csv in `directory` (created).
void write_run_csv(const RunView& view, const std::filesystem::path& directory);

/// A stored run's record (status, value, bound, gap …): the "run" object
/// of run_to_json, and the workbench's.
nlohmann::json run_record_json(const RunRecord& run);
/// The whole view as one JSON document.
nlohmann::json run_to_json(const RunView& view);
void write_run_json(const RunView& view, const std::filesystem::path& path);

/// Summary sheet (KPIs), a participants sheet and one sheet per deal.
void write_run_xlsx(const RunView& view, const std::filesystem::path& path);

/// GeoPackage layers parcels_before and parcels_after (polygons in RD New,
/// points where a parcel has no polygon) with user, organic status, deal id,
/// and a QGIS layer style; returns the number of features per layer.
long write_run_gpkg(const RunView& view, const std::filesystem::path& path);

/// One self-contained HTML report with KPIs, maps and deals.
void write_run_report(const RunView& view, const std::filesystem::path& path);

}  // namespace landpool
