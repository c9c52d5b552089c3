#include "workflow/import.hpp"

#include <algorithm>
#include <cmath>

#include <SQLiteCpp/Transaction.h>

#include "core/errors.hpp"
#include "core/fingerprint.hpp"
#include "db/cycle_store.hpp"
#include "db/geometry_store.hpp"
#include "db/region_store.hpp"
#include "exporters/parcel_geojson_writer.hpp"
#include "importers/csv_import.hpp"
#include "importers/quarter_update.hpp"
#include "importers/region_csv_writer.hpp"

namespace landpool::workflow {
namespace {

/// The geometry layer of an existing, current database, read without
/// writing, and the revision it was read at (none: no such database yet).
struct KnownGeometry {
  std::vector<ParcelGeometry> layer;
  std::optional<RegionRevision> read_at;
};

KnownGeometry known_geometry(const std::string& db_path) {
  auto db = Database::open_read_only_if_current(db_path);
  if (!db)
    return {};
  SQLite::Transaction reading(db->sql(), SQLite::TransactionBehavior::DEFERRED);
  KnownGeometry known{load_geometry_layer(*db), region_revision(*db)};
  reading.commit();
  return known;
}

/// The adjacency settings: the gap given, else the one the database used last.
geo::AdjacencyOptions adjacency_options(Database& db, std::optional<double> max_gap_m) {
  geo::AdjacencyOptions options;
  if (max_gap_m) {
    options.max_gap_m = *max_gap_m;
  } else if (auto stored = read_setting(db, "adjacency.max_gap_m")) {
    options.max_gap_m = std::stod(*stored);
  }
  options.validate();
  return options;
}

/// Refuses to overwrite what is there unless --replace was given.
void refuse_overwrite(const std::string& db_path, bool holds_data, bool replace,
                      const std::string& what) {
  if (holds_data && !replace)
    throw UsageError(db_path + " already holds " + what + "; pass --replace to replace it");
}

std::string quarter_or_region_clock(Database& db, const std::string& quarter) {
  return !quarter.empty() ? quarter : region_quarter(db).value_or(quarter_of(today_utc()));
}

ImportOutcome import_csv_update(const std::string& db_path, const ImportCsvRequest& request) {
  auto db = Database::open(db_path, Database::OpenMode::must_exist);
  // One read transaction: the checks, the region and its revision of one moment.
  SQLite::Transaction reading(db.sql(), SQLite::TransactionBehavior::DEFERRED);
  if (!holds_region(db))
    throw UsageError(db_path + " holds no region to update: import csv DIR first");
  // An update belongs to the region's quarter; moving the clock is advance's job.
  if (const auto clock = region_quarter(db);
      !request.quarter.empty() && clock && request.quarter != *clock)
    throw UsageError("the region is in " + *clock + "; run landpool advance --to " +
                     request.quarter + " first, then import the update");
  const auto quarter = quarter_or_region_clock(db, request.quarter);
  const auto map = load_geometry_layer(db);
  const auto current = load_region(db);
  const auto read_at = region_revision(db);
  reading.commit();
  auto update = merge_quarter_update(current, request.directory, map);
  ImportOutcome outcome;
  outcome.diagnostics = std::move(update.diagnostics);
  if (outcome.diagnostics.has_errors())
    return outcome;
  outcome.quarter = quarter;
  const ImportRecord record{"csv-update", request.directory.string(), update.fingerprint,
                            outcome.quarter};
  const auto gap = adjacency_options(db, request.max_gap_m);
  outcome.adjacency =
      store_region(db, update.region, map, record, gap, read_at, RevisionScope::whole_region);
  outcome.max_gap_m = gap.max_gap_m;
  outcome.offers = update.offers;
  outcome.demands = update.demands;
  outcome.leases = update.leases;
  outcome.region = std::move(update.region);
  outcome.stored = true;
  return outcome;
}

}  // namespace

ImportOutcome check_csv(const std::string& db_path, const std::filesystem::path& directory) {
  auto read = import_csv_directory(directory, known_geometry(db_path).layer);
  ImportOutcome outcome;
  outcome.diagnostics = std::move(read.diagnostics);
  outcome.region = std::move(read.region);
  return outcome;
}

ImportOutcome import_csv(const std::string& db_path, const ImportCsvRequest& request) {
  if (request.update)
    return import_csv_update(db_path, request);
  if (request.max_gap_m)
    geo::AdjacencyOptions{*request.max_gap_m}.validate();
  const auto known = known_geometry(db_path);  // read once: validation and neighbours
  auto read = import_csv_directory(request.directory, known.layer);
  ImportOutcome outcome;
  outcome.diagnostics = std::move(read.diagnostics);
  if (outcome.diagnostics.has_errors())
    return outcome;
  auto db = Database::open(db_path, Database::OpenMode::create_if_missing);
  const auto read_at = region_revision(db);  // a new or just migrated database
  refuse_overwrite(db_path, holds_region(db), request.replace, "a region");
  outcome.quarter = quarter_or_region_clock(db, request.quarter);
  const ImportRecord record{"csv", request.directory.string(), read.fingerprint, outcome.quarter};
  const auto gap = adjacency_options(db, request.max_gap_m);
  // Replacing depends only on the geometry layer; a first import also on
  // the database still holding no region when it was checked.
  outcome.adjacency =
      store_region(db, read.region, known.layer, record, gap, known.read_at.value_or(read_at),
                   request.replace ? RevisionScope::geometry_layer : RevisionScope::whole_region);
  outcome.max_gap_m = gap.max_gap_m;
  outcome.region = std::move(read.region);
  outcome.stored = true;
  return outcome;
}

namespace {

/// --bbox in RD New metres; degrees and malformed boxes are usage errors.
std::optional<BoxRd> parse_bbox_option(const std::string& text) {
  if (text.empty())
    return std::nullopt;
  const auto box = parse_bbox(text);
  if (box && std::max({std::abs(box->min_x_m), std::abs(box->max_x_m), std::abs(box->min_y_m),
                       std::abs(box->max_y_m)}) <= 360.0)
    throw UsageError("--bbox '" + text +
                     "' looks like degrees; give RD New metres, e.g. 105000,520000,118000,533000");
  if (!box)
    throw UsageError(
        "--bbox must be XMIN,YMIN,XMAX,YMAX in RD New metres with XMIN < XMAX and YMIN < YMAX, "
        "got '" +
        text + "'");
  return box;
}

}  // namespace

ImportOutcome import_gis(const std::string& db_path, ImportGisRequest request) {
  if (request.max_gap_m)
    geo::AdjacencyOptions{*request.max_gap_m}.validate();
  if (!request.bbox_text.empty())
    request.read.bbox = parse_bbox_option(request.bbox_text);
  ImportOutcome outcome;
  outcome.gis = read_gis_parcels(request.read);
  outcome.diagnostics = std::move(outcome.gis.diagnostics);
  if (outcome.diagnostics.has_errors())
    return outcome;
  if (outcome.gis.parcels.empty())
    throw InputError(request.read.file + ": no parcel polygons to import; nothing was imported");
  auto db = Database::open(db_path, Database::OpenMode::create_if_missing);
  const auto read_at = region_revision(db);  // before the check, so that it holds at the write
  refuse_overwrite(db_path, geometry_layer_size(db) > 0, request.replace, "parcel geometries");
  outcome.quarter = quarter_of(today_utc());
  const ImportRecord record{"gis", request.read.file, fingerprint_files({request.read.file}),
                            outcome.quarter};
  const auto gap = adjacency_options(db, request.max_gap_m);
  outcome.adjacency = store_geometry_layer(db, outcome.gis.parcels, record, gap, read_at);
  outcome.max_gap_m = gap.max_gap_m;
  outcome.stored = true;
  return outcome;
}

GeneratedRegion generate_region(generator::GenerateOptions options, const std::string& as_of_text,
                                const std::filesystem::path& out) {
  if (as_of_text.empty()) {
    const auto today = today_utc();
    const unsigned first_month = (static_cast<unsigned>(today.month()) - 1) / 3 * 3 + 1;
    options.as_of = Date{today.year(), std::chrono::month{first_month}, std::chrono::day{1}};
  } else if (auto as_of = parse_iso_date(as_of_text)) {
    options.as_of = *as_of;
  } else {
    throw UsageError("--as-of must be a date YYYY-MM-DD, got '" + as_of_text + "'");
  }
  GeneratedRegion result{generator::generate_region(options), options.as_of, 0};
  write_region_csv(result.generated.region, out);
  result.polygons = write_parcels_geojson(result.generated.region, out / "parcels.geojson");
  // The generator's own output must pass the importer's checks: a region that
  // does not is a bug here, not bad input.
  const auto check = import_csv_directory(out);
  if (check.diagnostics.has_errors())
    throw std::logic_error("the generated region does not pass validation: " +
                           format_problem(check.diagnostics.errors().front()));
  return result;
}

}  // namespace landpool::workflow
