// `landpool import csv|gis`, `generate region`, `validate` and `status`:
// bringing a region in and looking at it.

#include <iostream>
#include <memory>

#include <spdlog/fmt/fmt.h>

#include "cli/exit_codes.hpp"
#include "cli/shell.hpp"
#include "core/region_summary.hpp"
#include "db/geometry_store.hpp"
#include "db/region_store.hpp"
#include "workflow/import.hpp"

namespace landpool::cli {
namespace {

std::string region_counts(const Region& region) {
  return fmt::format("{} parcels, {} farms, {} owners, {} leases, {} offers, {} demands",
                     region.parcels.size(), region.farms.size(), region.owners.size(),
                     region.leases.size(), region.offers.size(), region.demands.size());
}

/// Prints an import's problems; false when errors stopped it.
bool report_problems(const Diagnostics& diagnostics, bool quiet, const std::string& source) {
  print_diagnostics(diagnostics, quiet);
  if (!diagnostics.has_errors())
    return true;
  std::cerr << diagnostics.error_count() << " problem(s) in " << source
            << "; nothing was imported\n";
  return false;
}

int import_csv(const GlobalOptions& global, const workflow::ImportCsvRequest& request) {
  const auto outcome = workflow::import_csv(global.db_path, request);
  if (!report_problems(outcome.diagnostics, global.quiet, request.directory.string()))
    return exit_code::kInvalidInput;
  if (request.update) {
    std::cout << fmt::format(
        "Updated the region in {} ({}): {} offers, {} demands, {} new leases\n", global.db_path,
        outcome.quarter, outcome.offers, outcome.demands, outcome.leases);
    return exit_code::kSuccess;
  }
  std::cout << "Imported " << region_counts(outcome.region) << " into " << global.db_path << '\n';
  print_adjacency(outcome.adjacency, outcome.max_gap_m);
  return exit_code::kSuccess;
}

int import_gis(const GlobalOptions& global, const workflow::ImportGisRequest& request) {
  const auto outcome = workflow::import_gis(global.db_path, request);
  if (!report_problems(outcome.diagnostics, global.quiet, request.read.file))
    return exit_code::kInvalidInput;
  const auto& read = outcome.gis;
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
  print_adjacency(outcome.adjacency, outcome.max_gap_m);
  return exit_code::kSuccess;
}

int validate(const GlobalOptions& global, const std::filesystem::path& directory) {
  const auto outcome = workflow::check_csv(global.db_path, directory);
  print_diagnostics(outcome.diagnostics, global.quiet);
  if (outcome.diagnostics.has_errors()) {
    std::cerr << outcome.diagnostics.error_count() << " problem(s) in " << directory.string()
              << '\n';
    return exit_code::kInvalidInput;
  }
  std::cout << directory.string() << ": valid (" << region_counts(outcome.region) << ")\n";
  return exit_code::kSuccess;
}

struct GenerateOptions {
  generator::GenerateOptions generate;
  std::string as_of_text;
  std::filesystem::path out;
};

int generate_region(const GenerateOptions& options) {
  const auto result = workflow::generate_region(options.generate, options.as_of_text, options.out);
  const auto& generated = result.generated;
  const auto as_of = result.as_of;
  const auto summary = summarise(generated.region, as_of);
  std::cout << fmt::format("Generated region '{}' (seed {}, as of {}) into {}\n",
                           generated.preset.name, options.generate.seed, format_iso_date(as_of),
                           options.out.string());
  std::cout << fmt::format(
      "  {} parcels ({:.0f} ha, {} polygons in parcels.geojson), {} farms ({} organic or "
      "converting), {} owners\n",
      summary.parcel_count, summary.total_ha, result.polygons, summary.farm_count,
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

constexpr const char* kMaxGapHelp =
    "Parcels this close are neighbours (a ditch), metres (default: the database's last setting, "
    "else 5)";

void add_import_csv(CLI::App& import_cmd, Shell& shell) {
  auto options = std::make_shared<workflow::ImportCsvRequest>();
  auto* cmd =
      import_cmd.add_subcommand("csv", "Import the CSV files of the input contract from DIR");
  cmd->fallthrough();
  cmd->add_option("DIR", options->directory, "Directory with parcels.csv etc.")->required();
  cmd->add_flag("--replace", options->replace,
                "Replace the region already in the database (its history is kept)");
  cmd->add_flag("--update", options->update,
                "DIR holds a new quarter's offers.csv, demands.csv and/or leases.csv: merge them "
                "into the region (offers and demands replace those of the same parcel or farm, "
                "leases are added)");
  cmd->add_option("--quarter", options->quarter,
                  "Quarter the data is of, e.g. 2027Q1 (default: the region's, else today's); "
                  "sets the region's clock")
      ->check(kQuarter);
  cmd->add_option("--max-gap-m", options->max_gap_m, kMaxGapHelp);
  shell.run_when_chosen(cmd, [&shell, options] { return import_csv(shell.global, *options); });
}

void add_import_gis(CLI::App& import_cmd, Shell& shell) {
  auto options = std::make_shared<workflow::ImportGisRequest>();
  auto* cmd = import_cmd.add_subcommand(
      "gis", "Import parcel polygons (GeoPackage, Shapefile, zipped Shapefile, GeoJSON)");
  cmd->fallthrough();
  cmd->add_option("FILE", options->read.file, "GIS file")->required();
  cmd->add_option("--layer", options->read.layer,
                  "Layer to read (default: brp_gewas, else the only layer)");
  cmd->add_option("--bbox", options->bbox_text,
                  "Keep parcels meeting XMIN,YMIN,XMAX,YMAX (RD New metres)");
  cmd->add_option("--id-field", options->read.id_field,
                  "Field holding the parcel id (default: the feature id)");
  cmd->add_flag("--skip-invalid", options->read.skip_invalid,
                "Leave out invalid polygons (reported) instead of refusing the file");
  cmd->add_flag("--replace", options->replace,
                "Replace the parcel polygons already in the database");
  cmd->add_option("--max-gap-m", options->max_gap_m, kMaxGapHelp);
  shell.run_when_chosen(cmd, [&shell, options] { return import_gis(shell.global, *options); });
}

void add_generate_region(CLI::App& app, Shell& shell) {
  auto* generate_cmd = app.add_subcommand("generate", "Generate input data");
  generate_cmd->require_subcommand(1);
  generate_cmd->fallthrough();
  auto options = std::make_shared<GenerateOptions>();
  auto& generate = options->generate;
  auto* cmd = generate_cmd->add_subcommand(
      "region", "Write a complete, realistic region (CSV files and parcels.geojson) to --out");
  cmd->fallthrough();
  cmd->add_option("--preset", generate.preset,
                  "harenkarspel, waterland, polder-1k, polder-3k, polder-10k, polder-30k, "
                  "polder-100k")
      ->capture_default_str();
  cmd->add_option("--seed", generate.seed, "Random seed")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--parcels", generate.parcels, "Number of parcels (default: the preset's)");
  cmd->add_option("--geometry", generate.geometry_file,
                  "Use the parcels of this GIS file instead of a synthetic polder");
  cmd->add_option("--organic-share", generate.organic_farm_share,
                  "Share of farms that are organic, 0 to 1 (default: the preset's)")
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--farm-size-factor", generate.farm_size_factor,
                  "Scale every sector's mean farm size: about 1/factor as many farms on the same "
                  "land (default 1)");
  cmd->add_flag("--consolidation", generate.consolidation,
                "Every farm takes part, exchanging the use of all its parcels (net area 0 within "
                "10 %); no pool land");
  cmd->add_option("--as-of", options->as_of_text,
                  "Date the region describes (default: start of this quarter)");
  cmd->add_option("--out", options->out, "Output directory")->required();
  shell.run_when_chosen(cmd, [options] { return generate_region(*options); });
}

}  // namespace

void add_import_commands(CLI::App& app, Shell& shell) {
  auto* import_cmd = app.add_subcommand("import", "Import a region's land data");
  import_cmd->require_subcommand(1);
  import_cmd->fallthrough();
  add_import_csv(*import_cmd, shell);
  add_import_gis(*import_cmd, shell);
  add_generate_region(app, shell);

  auto directory = std::make_shared<std::filesystem::path>();
  auto* validate_cmd = app.add_subcommand(
      "validate", "Check the CSV files in DIR and report every problem; change nothing");
  validate_cmd->fallthrough();
  validate_cmd->add_option("DIR", *directory, "Directory with parcels.csv etc.")->required();
  shell.run_when_chosen(validate_cmd,
                        [&shell, directory] { return validate(shell.global, *directory); });

  auto* status_cmd = app.add_subcommand("status", "Summarise the region in the database");
  status_cmd->fallthrough();
  shell.run_when_chosen(status_cmd, [&shell] { return status(shell.global); });
}

}  // namespace landpool::cli
