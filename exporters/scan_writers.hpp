#pragma once
// The outputs of `landpool scan` (docs/scan.md): scan.csv (one row per
// area: rank, score, every criterion and every weighted contribution),
// scan.gpkg (the areas as polygons with the same fields, for QGIS) and
// scan.html (a choropleth map and the ranked table, in Dutch or English).

#include <filesystem>

#include "core/messages.hpp"
#include "core/scan_records.hpp"

namespace landpool {

void write_scan_csv(const ScanResult& scan, const std::filesystem::path& path);
void write_scan_gpkg(const ScanResult& scan, const std::filesystem::path& path);
void write_scan_html(const ScanResult& scan, const std::filesystem::path& path, Language language);

}  // namespace landpool
