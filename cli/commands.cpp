#include "cli/commands.hpp"

#include <cstdio>
#include <iostream>

#include <spdlog/spdlog.h>

#include "cli/exit_codes.hpp"
#include "core/fingerprint.hpp"
#include "core/region_summary.hpp"
#include "db/cycle_store.hpp"
#include "db/database.hpp"
#include "db/geometry_store.hpp"
#include "db/region_store.hpp"
#include "exporters/parcel_geojson_writer.hpp"
#include "exporters/region_csv_writer.hpp"
#include "importers/csv_import.hpp"
#include "importers/quarter_update.hpp"
#include "importers/region_import.hpp"

namespace landpool::cli {
namespace {

void print_diagnostics(const Diagnostics& diagnostics, bool quiet) {
  if (!quiet) {
    for (const auto& warning : diagnostics.warnings()) {
      std::cerr << warning.file << ':' << warning.line << ": " << warning.column
                << ": warning: " << warning.message << '\n';
    }
  }
  for (const auto& error : diagnostics.errors())
    std::cerr << format_problem(error) << '\n';
}

/// The geometry layer of an existing, current database, read without writing.
std::vector<ParcelGeometry> known_geometry(const std::string& db_path) {
  auto db = Database::open_read_only_if_current(db_path);
  if (!db)
    return {};
  return load_geometry_layer(*db);
}

void print_adjacency(const AdjacencySummary& adjacency, double max_gap_m) {
  const double share = adjacency.parcels > 0
                           ? 100.0 * static_cast<double>(adjacency.parcels_with_neighbour) /
                                 static_cast<double>(adjacency.parcels)
                           : 0.0;
  std::cout << fmt::format(
      "Neighbours: {} pairs ({} estimated without geometry); {} of {} parcels ({:.1f} %) have "
      "at least one (gap up to {} m), {:.2f} s\n",
      adjacency.pairs, adjacency.estimated_pairs, adjacency.parcels_with_neighbour,
      adjacency.parcels, share, max_gap_m, adjacency.seconds);
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
bool refuse_overwrite(const std::string& db_path, bool holds_data, bool replace,
                      const std::string& what) {
  if (!holds_data || replace)
    return false;
  std::cerr << db_path << " already holds " << what << "; pass --replace to replace it\n";
  return true;
}

std::string region_counts(const Region& region) {
  return fmt::format("{} parcels, {} farms, {} owners, {} leases, {} offers, {} demands",
                     region.parcels.size(), region.farms.size(), region.owners.size(),
                     region.leases.size(), region.offers.size(), region.demands.size());
}

}  // namespace

int validate_csv(const GlobalOptions& global, const std::filesystem::path& directory) {
  const auto result = import_csv_directory(directory, known_geometry(global.db_path));
  print_diagnostics(result.diagnostics, global.quiet);
  if (result.diagnostics.has_errors()) {
    std::cerr << result.diagnostics.errors().size() << " problem(s) in " << directory.string()
              << '\n';
    return exit_code::kInvalidInput;
  }
  std::cout << directory.string() << ": valid (" << region_counts(result.region) << ")\n";
  return exit_code::kSuccess;
}

namespace {

/// `import csv DIR --update`: a new quarter's offers, demands and leases.
int import_csv_update(const GlobalOptions& global, const ImportCsvOptions& options) {
  auto db = Database::open(global.db_path, Database::OpenMode::must_exist);
  if (!holds_region(db)) {
    std::cerr << global.db_path << " holds no region to update: import csv DIR first\n";
    return exit_code::kUsageError;
  }
  // An update belongs to the region's quarter; moving the clock is advance's job.
  if (const auto clock = region_quarter(db);
      !options.quarter.empty() && clock && options.quarter != *clock) {
    std::cerr << "landpool: the region is in " << *clock << "; run landpool advance --to "
              << options.quarter << " first, then import the update\n";
    return exit_code::kUsageError;
  }
  const auto map = load_geometry_layer(db);
  const auto update = merge_quarter_update(load_region(db), options.directory, map);
  print_diagnostics(update.diagnostics, global.quiet);
  if (update.diagnostics.has_errors()) {
    std::cerr << update.diagnostics.errors().size() << " problem(s) in "
              << options.directory.string() << "; nothing was imported\n";
    return exit_code::kInvalidInput;
  }
  const ImportRecord record{"csv-update", options.directory.string(), update.fingerprint,
                            !options.quarter.empty()
                                ? options.quarter
                                : region_quarter(db).value_or(quarter_of(today_utc()))};
  const auto gap = adjacency_options(db, options.max_gap_m);
  store_region(db, update.region, map, record, gap);
  std::cout << fmt::format("Updated the region in {} ({}): {} offers, {} demands, {} new leases\n",
                           global.db_path, record.quarter, update.offers, update.demands,
                           update.leases);
  return exit_code::kSuccess;
}

}  // namespace

int import_csv(const GlobalOptions& global, ImportCsvOptions options) {
  if (options.update)
    return import_csv_update(global, options);
  // Read and check everything before the database is opened: invalid input
  // must leave the database file exactly as it was, or not create it at all.
  if (options.max_gap_m)
    geo::AdjacencyOptions{*options.max_gap_m}.validate();
  const auto map = known_geometry(global.db_path);  // read once: validation and neighbours
  const auto result = import_csv_directory(options.directory, map);
  print_diagnostics(result.diagnostics, global.quiet);
  if (result.diagnostics.has_errors()) {
    std::cerr << result.diagnostics.errors().size() << " problem(s) in "
              << options.directory.string() << "; nothing was imported\n";
    return exit_code::kInvalidInput;
  }

  auto db = Database::open(global.db_path, Database::OpenMode::create_if_missing);
  if (refuse_overwrite(global.db_path, holds_region(db), options.replace, "a region")) {
    return exit_code::kUsageError;
  }
  const ImportRecord record{"csv", options.directory.string(), result.fingerprint,
                            !options.quarter.empty()
                                ? options.quarter
                                : region_quarter(db).value_or(quarter_of(today_utc()))};
  const auto gap = adjacency_options(db, options.max_gap_m);
  const auto adjacency = store_region(db, result.region, map, record, gap);
  std::cout << "Imported " << region_counts(result.region) << " into " << global.db_path << '\n';
  print_adjacency(adjacency, gap.max_gap_m);
  return exit_code::kSuccess;
}

int import_gis(const GlobalOptions& global, ImportGisOptions options) {
  if (options.max_gap_m)
    geo::AdjacencyOptions{*options.max_gap_m}.validate();
  if (!options.bbox_text.empty()) {
    options.read.bbox = parse_bbox(options.bbox_text);
    const auto& box = options.read.bbox;
    if (box && std::max({std::abs(box->min_x_m), std::abs(box->max_x_m), std::abs(box->min_y_m),
                         std::abs(box->max_y_m)}) <= 360.0) {
      std::cerr << "landpool: --bbox '" << options.bbox_text
                << "' looks like degrees; give RD New metres, e.g. 105000,520000,118000,533000\n";
      return exit_code::kUsageError;
    }
    if (!options.read.bbox) {
      std::cerr << "landpool: --bbox must be XMIN,YMIN,XMAX,YMAX in RD New metres with "
                   "XMIN < XMAX and YMIN < YMAX, got '"
                << options.bbox_text << "'\n";
      return exit_code::kUsageError;
    }
  }
  const auto read = read_gis_parcels(options.read);
  print_diagnostics(read.diagnostics, global.quiet);
  if (read.diagnostics.has_errors()) {
    std::cerr << read.diagnostics.errors().size() << " problem(s) in " << options.read.file
              << "; nothing was imported\n";
    return exit_code::kInvalidInput;
  }
  if (read.parcels.empty()) {
    std::cerr << options.read.file << ": no parcel polygons to import; nothing was imported\n";
    return exit_code::kInvalidInput;
  }

  auto db = Database::open(global.db_path, Database::OpenMode::create_if_missing);
  if (refuse_overwrite(global.db_path, geometry_layer_size(db) > 0, options.replace,
                       "parcel geometries")) {
    return exit_code::kUsageError;
  }
  const ImportRecord record{"gis", options.read.file, fingerprint_files({options.read.file}),
                            quarter_of(today_utc())};
  const auto gap = adjacency_options(db, options.max_gap_m);
  const auto adjacency = store_geometry_layer(db, read.parcels, record, gap);

  double area_ha = 0.0;
  for (const auto& parcel : read.parcels)
    area_ha += parcel.area_ha;
  std::cout << fmt::format("Read {} features from layer '{}' ({}{})\n", read.features_read,
                           read.layer_name, read.source_crs,
                           read.reprojected ? ", reprojected to EPSG:28992" : "");
  std::cout << fmt::format("Imported {} parcel polygons ({:.1f} ha) into {}\n", read.parcels.size(),
                           area_ha, global.db_path);
  std::cout << fmt::format(
      "Left out: {} landscape elements (BRP Landschapselement), {} outside --bbox, {} invalid\n",
      read.left_out_landscape_elements, read.left_out_outside_bbox, read.left_out_invalid);
  print_adjacency(adjacency, gap.max_gap_m);
  return exit_code::kSuccess;
}

int generate_region(const GlobalOptions&, GenerateRegionOptions options) {
  if (options.as_of_text.empty()) {
    const auto today = today_utc();
    const unsigned first_month = (static_cast<unsigned>(today.month()) - 1) / 3 * 3 + 1;
    options.generate.as_of =
        Date{today.year(), std::chrono::month{first_month}, std::chrono::day{1}};
  } else if (auto as_of = parse_iso_date(options.as_of_text)) {
    options.generate.as_of = *as_of;
  } else {
    std::cerr << "landpool: --as-of must be a date YYYY-MM-DD, got '" << options.as_of_text
              << "'\n";
    return exit_code::kUsageError;
  }
  const auto generated = generator::generate_region(options.generate);
  const auto& region = generated.region;
  write_region_csv(region, options.out);
  const long polygons = write_parcels_geojson(region, options.out / "parcels.geojson");

  // The generator's own output must pass the importer's checks: a region that
  // does not is a bug here, not bad input.
  const auto check = import_csv_directory(options.out);
  if (check.diagnostics.has_errors()) {
    print_diagnostics(check.diagnostics, false);
    throw std::logic_error("the generated region does not pass validation");
  }
  const auto summary = summarise(region, options.generate.as_of);
  std::cout << fmt::format("Generated region '{}' (seed {}, as of {}) into {}\n",
                           generated.preset.name, options.generate.seed,
                           format_iso_date(options.generate.as_of), options.out.string());
  std::cout << fmt::format(
      "  {} parcels ({:.0f} ha, {} polygons in parcels.geojson), {} farms ({} organic or "
      "converting), {} owners\n",
      summary.parcel_count, summary.total_ha, polygons, summary.farm_count,
      summary.organic_farm_count, summary.owner_count);
  double pool_ha = 0.0;
  for (const auto& [kind, ha] : summary.pool_ha_by_owner_kind)
    pool_ha += ha;
  std::cout << fmt::format(
      "  organic {:.0f} ha, converting {:.0f} ha, leased {:.0f} %, pool {:.0f} ha in {} offers, "
      "{} demands\n",
      summary.organic_ha, summary.converting_ha, 100.0 * summary.leased_share, pool_ha,
      summary.offer_count, summary.demand_count);

  return exit_code::kSuccess;
}

int status(const GlobalOptions& global) {
  auto db = Database::open(global.db_path, Database::OpenMode::must_exist);
  if (!holds_region(db) && geometry_layer_size(db) == 0) {
    std::cerr << global.db_path << " holds no region yet: landpool import csv DIR\n";
    return exit_code::kUsageError;
  }
  const auto region = load_region(db);
  const auto today = today_utc();
  std::cout << "Database " << global.db_path;
  if (const auto previous = last_import(db)) {
    std::cout << " (imported " << previous->imported_at << " from " << previous->record.source
              << ")";
  }
  std::cout << '\n' << format_summary(summarise(region, today), today);
  const auto stats = adjacency_stats(db);
  std::cout << fmt::format("Map\n  polygons     {:>10} from GIS imports\n",
                           geometry_layer_size(db));
  std::cout << fmt::format("  neighbours   {:>10} pairs ({} estimated), {} parcels with one",
                           stats.pairs, stats.estimated_pairs, stats.parcels_with_neighbour);
  if (stats.max_gap_m)
    std::cout << fmt::format(" (gap up to {} m)", *stats.max_gap_m);
  std::cout << '\n';
  return exit_code::kSuccess;
}

}  // namespace landpool::cli
