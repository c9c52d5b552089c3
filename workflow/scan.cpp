#include "workflow/scan.hpp"

#include <SQLiteCpp/Transaction.h>
#include <spdlog/fmt/fmt.h>

#include "analysis/area_scan.hpp"
#include "core/errors.hpp"
#include "db/database.hpp"
#include "db/geometry_store.hpp"
#include "db/region_store.hpp"
#include "exporters/scan_writers.hpp"
#include "importers/gis_reader.hpp"
#include "importers/scan_settings_reader.hpp"
#include "workflow/solve.hpp"

namespace landpool::workflow {
namespace {

std::optional<ScanSettings> read_settings(const ScanRequest& request, Diagnostics& diagnostics) {
  auto settings = request.weights_file.empty()
                      ? std::optional(ScanSettings::defaults())
                      : read_scan_settings(request.weights_file, diagnostics);
  if (settings && request.grid_km) {
    if (!(*request.grid_km >= 0.1 && *request.grid_km <= 100.0))
      throw UsageError(fmt::format("--grid-km must lie in [0.1, 100], got {}", *request.grid_km));
    settings->grid_km = *request.grid_km;
  }
  return settings;
}

std::vector<ScanAreaShape> read_layer(const std::filesystem::path& file,
                                      const std::optional<std::string>& layer,
                                      const std::optional<std::string>& id_field,
                                      Diagnostics& diagnostics) {
  if (file.empty())
    return {};
  GisImportOptions options;
  options.file = file.string();
  options.layer = layer;
  options.id_field = id_field;
  auto read = read_area_layer(options);
  diagnostics.merge(read.diagnostics);
  return std::move(read.areas);
}

std::string areas_from(const ScanRequest& request, const ScanSettings& settings) {
  return request.areas_file.empty() ? fmt::format("grid {:g} km", settings.grid_km)
                                    : request.areas_file.string();
}

void write_outputs(ScanOutcome& outcome, const ScanRequest& request) {
  std::filesystem::create_directories(request.out);
  outcome.written = {request.out / "scan.csv", request.out / "scan.gpkg",
                     request.out / "scan.html"};
  write_scan_csv(outcome.result, outcome.written[0]);
  write_scan_gpkg(outcome.result, outcome.written[1]);
  write_scan_html(outcome.result, outcome.written[2], request.language);
}

/// The region in the database.
ScanResult scan_database(const std::string& db_path, const ScanRequest& request,
                         const ScanSettings& settings, std::vector<ScanAreaShape> areas,
                         std::vector<ScanAreaShape> urban) {
  Date reference = today_utc();
  if (!request.as_of.empty()) {
    const auto parsed = parse_iso_date(request.as_of);
    if (!parsed)
      throw UsageError("--as-of must be a date YYYY-MM-DD, got '" + request.as_of + "'");
    reference = *parsed;
  }
  auto db = Database::open(db_path, Database::OpenMode::must_exist);
  // One read transaction: the region and its neighbours of one moment.
  SQLite::Transaction reading(db.sql(), SQLite::TransactionBehavior::DEFERRED);
  require_region(db, db_path);
  const auto region = load_region(db);
  const auto neighbours = load_neighbours(db);
  if (request.as_of.empty())
    reference = planning_date(db, reference);
  reading.commit();
  if (request.areas_file.empty())
    areas = analysis::grid_areas(region, settings.grid_km);
  const analysis::ScanInputs inputs{region,           neighbours, std::move(areas),
                                    std::move(urban), reference,  areas_from(request, settings)};
  return analysis::scan_areas(inputs, settings);
}

/// The GIS layers of `request.parcels_files`, feature by feature; nullopt
/// with the problems in `diagnostics` when one cannot be read.
std::optional<ScanResult> scan_layer(const ScanRequest& request, const ScanSettings& settings,
                                     std::vector<ScanAreaShape> areas,
                                     std::vector<ScanAreaShape> urban, Diagnostics& diagnostics,
                                     long& left_out) {
  analysis::LayerScan scan(std::move(areas), std::move(urban), settings);
  for (const auto& file : request.parcels_files) {
    GisImportOptions options;
    options.file = file.string();
    options.layer = request.parcels_layer;
    const auto read = stream_parcels(options, [&](const ScanParcel& parcel) { scan.add(parcel); });
    diagnostics.merge(read.diagnostics);
    left_out += read.left_out;
    if (diagnostics.has_errors())
      return std::nullopt;
  }
  return scan.finish(areas_from(request, settings));
}

}  // namespace

ScanOutcome scan_region(const std::string& db_path, const ScanRequest& request) {
  ScanOutcome outcome;
  auto settings = read_settings(request, outcome.diagnostics);
  auto areas = read_layer(request.areas_file, request.areas_layer, request.areas_id_field,
                          outcome.diagnostics);
  auto urban = read_layer(request.urban_file, std::nullopt, std::nullopt, outcome.diagnostics);
  if (outcome.diagnostics.has_errors() || !settings)
    return outcome;
  if (!request.areas_file.empty() && areas.empty())
    throw InputError(request.areas_file.string() + ": no area polygons");
  if (request.parcels_files.empty()) {
    outcome.result = scan_database(db_path, request, *settings, std::move(areas), std::move(urban));
  } else {
    auto scanned = scan_layer(request, *settings, std::move(areas), std::move(urban),
                              outcome.diagnostics, outcome.features_left_out);
    if (!scanned)
      return outcome;
    outcome.result = std::move(*scanned);
  }
  write_outputs(outcome, request);
  return outcome;
}

}  // namespace landpool::workflow
