// landpool: the command-line shell. Parses arguments, calls the library and
// maps outcomes to the documented exit codes (cli/exit_codes.hpp).

#include <cstdlib>
#include <iostream>

#include <SQLiteCpp/Exception.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "core/date.hpp"
#include "core/errors.hpp"
#include "db/database.hpp"

namespace {

using namespace landpool;

/// A --quarter value: a quarter such as 2026Q4. Anything else is a usage
/// error (stored as written, "2026q4" would be another quarter than 2026Q4).
const CLI::Validator kQuarter(
    [](std::string& text) {
      return quarter_start(text) ? std::string()
                                 : "must be a quarter such as 2026Q4, got '" + text + "'";
    },
    "QUARTER");

std::string resolve_db_path(const std::string& from_option) {
  if (!from_option.empty())
    return from_option;
  if (const char* from_env = std::getenv("LANDPOOL_DB"); from_env && *from_env)
    return from_env;
  return "landpool.db";
}

void set_up_logging(int verbosity, bool quiet) {
  // stdout carries data and summaries; every log line goes to stderr.
  auto logger = spdlog::stderr_color_mt("landpool");
  logger->set_pattern("%^%l%$: %v");
  spdlog::set_default_logger(logger);
  spdlog::set_level(quiet            ? spdlog::level::err
                    : verbosity >= 2 ? spdlog::level::trace
                    : verbosity == 1 ? spdlog::level::debug
                                     : spdlog::level::warn);
}

/// Runs a command, turning exceptions into messages and exit codes.
template <class Command>
int guarded(Command&& command) {
  try {
    return command();
  } catch (const DatabaseError& error) {
    std::cerr << "landpool: " << error.what() << '\n';
    const bool usage = error.kind() == DatabaseError::Kind::not_found ||
                       error.kind() == DatabaseError::Kind::cannot_open;
    return usage ? exit_code::kUsageError : exit_code::kInvalidInput;
  } catch (const InputError& error) {
    std::cerr << "landpool: " << error.what() << '\n';
    return exit_code::kInvalidInput;
  } catch (const std::invalid_argument& error) {
    std::cerr << "landpool: " << error.what() << '\n';
    return exit_code::kUsageError;
  } catch (const std::exception& error) {
    std::cerr << "landpool: internal error: " << error.what() << '\n';
    return exit_code::kInternalError;
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"landpool: land pooling and exchange proposals that keep organic land organic"};
  app.footer(exit_code::kHelpText);
  app.set_version_flag("--version", "landpool 0.1.0");
  app.require_subcommand(1);
  app.fallthrough();  // global options are accepted after the subcommand too

  std::string db_option;
  int verbosity = 0;
  bool quiet = false;
  app.add_option("--db", db_option,
                 "Database file (default: $LANDPOOL_DB, else landpool.db in this directory)");
  app.add_flag("-v,--verbose", verbosity, "More log output on stderr (-vv for all)");
  app.add_flag("-q,--quiet", quiet, "Only errors on stderr");

  auto* import_cmd = app.add_subcommand("import", "Import a region's land data");
  import_cmd->require_subcommand(1);
  import_cmd->fallthrough();
  cli::ImportCsvOptions import_options;
  auto* import_csv_cmd =
      import_cmd->add_subcommand("csv", "Import the CSV files of the input contract from DIR");
  import_csv_cmd->fallthrough();
  import_csv_cmd->add_option("DIR", import_options.directory, "Directory with parcels.csv etc.")
      ->required();
  import_csv_cmd->add_flag("--replace", import_options.replace,
                           "Replace the region already in the database (its history is kept)");
  import_csv_cmd->add_flag("--update", import_options.update,
                           "DIR holds a new quarter's offers.csv, demands.csv and/or leases.csv: "
                           "merge them into the region (offers and demands replace those of the "
                           "same parcel or farm, leases are added)");
  import_csv_cmd
      ->add_option("--quarter", import_options.quarter,
                   "Quarter the data is of, e.g. 2027Q1 (default: the region's, else "
                   "today's); sets the region's clock")
      ->check(kQuarter);

  import_csv_cmd->add_option("--max-gap-m", import_options.max_gap_m,
                             "Parcels this close are neighbours (a ditch), metres (default: the "
                             "database's last setting, else 5)");

  cli::ImportGisOptions gis_options;
  auto* import_gis_cmd = import_cmd->add_subcommand(
      "gis", "Import parcel polygons (GeoPackage, Shapefile, zipped Shapefile, GeoJSON)");
  import_gis_cmd->fallthrough();
  import_gis_cmd->add_option("FILE", gis_options.read.file, "GIS file")->required();
  import_gis_cmd->add_option("--layer", gis_options.read.layer,
                             "Layer to read (default: brp_gewas, else the only layer)");
  import_gis_cmd->add_option("--bbox", gis_options.bbox_text,
                             "Keep parcels meeting XMIN,YMIN,XMAX,YMAX (RD New metres)");
  import_gis_cmd->add_option("--id-field", gis_options.read.id_field,
                             "Field holding the parcel id (default: the feature id)");
  import_gis_cmd->add_flag("--skip-invalid", gis_options.read.skip_invalid,
                           "Leave out invalid polygons (reported) instead of refusing the file");
  import_gis_cmd->add_flag("--replace", gis_options.replace,
                           "Replace the parcel polygons already in the database");
  import_gis_cmd->add_option("--max-gap-m", gis_options.max_gap_m,
                             "Parcels this close are neighbours (a ditch), metres (default: the "
                             "database's last setting, else 5)");

  auto* generate_cmd = app.add_subcommand("generate", "Generate input data");
  generate_cmd->require_subcommand(1);
  generate_cmd->fallthrough();
  cli::GenerateRegionOptions generate_options;
  auto* generate_region_cmd = generate_cmd->add_subcommand(
      "region", "Write a complete, realistic region (CSV files and parcels.geojson) to --out");
  generate_region_cmd->fallthrough();
  generate_region_cmd
      ->add_option("--preset", generate_options.generate.preset,
                   "harenkarspel, waterland, polder-1k, polder-3k, polder-10k, polder-30k, "
                   "polder-100k")
      ->capture_default_str();
  generate_region_cmd->add_option("--seed", generate_options.generate.seed, "Random seed")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  generate_region_cmd->add_option("--parcels", generate_options.generate.parcels,
                                  "Number of parcels (default: the preset's)");
  generate_region_cmd->add_option("--geometry", generate_options.generate.geometry_file,
                                  "Use the parcels of this GIS file instead of a synthetic polder");
  generate_region_cmd
      ->add_option("--organic-share", generate_options.generate.organic_farm_share,
                   "Share of farms that are organic, 0 to 1 (default: the preset's)")
      ->check(CLI::Range(0.0, 1.0));
  generate_region_cmd->add_flag(
      "--consolidation", generate_options.generate.consolidation,
      "Every farm takes part, exchanging the use of all its parcels (net area 0 within 10 %); "
      "no pool land");
  generate_region_cmd->add_option("--as-of", generate_options.as_of_text,
                                  "Date the region describes (default: start of this quarter)");
  generate_region_cmd->add_option("--out", generate_options.out, "Output directory")->required();

  std::filesystem::path validate_dir;
  auto* validate_cmd = app.add_subcommand(
      "validate", "Check the CSV files in DIR and report every problem; change nothing");
  validate_cmd->fallthrough();
  validate_cmd->add_option("DIR", validate_dir, "Directory with parcels.csv etc.")->required();

  auto* status_cmd = app.add_subcommand("status", "Summarise the region in the database");
  status_cmd->fallthrough();

  cli::SolveOptions solve_options;
  auto* solve_cmd =
      app.add_subcommand("solve", "Propose transfers for the region and store the run");
  solve_cmd->fallthrough();
  solve_cmd->add_option("--scenario", solve_options.scenario_file,
                        "Scenario TOML (default: built-in, as scenarios/default.toml)");
  solve_cmd->add_option("--time-limit", solve_options.time_limit_s, "Seconds for the solver")
      ->check(CLI::Range(0.1, 7.0 * 24 * 3600));
  solve_cmd->add_option("--gap", solve_options.relative_gap, "Relative gap to stop at")
      ->check(CLI::Range(0.0, 1.0));
  solve_cmd->add_option("--threads", solve_options.threads, "Solver threads")
      ->check(CLI::Range(1, 64));
  solve_cmd->add_option("--seed", solve_options.seed, "Solver seed")->check(CLI::Range(0, 1000000));
  solve_cmd->add_option("--quarter", solve_options.quarter, "Quarter of the run, e.g. 2026Q4")
      ->check(kQuarter);
  solve_cmd->add_option("--as-of", solve_options.as_of, "Date to plan from (default: today)");
  solve_cmd->add_option("--write-mps", solve_options.write_mps,
                        "Also write the whole model, unsplit, as an MPS file (benchmark baseline)");

  cli::CompareOptions compare_options;
  auto* compare_cmd = app.add_subcommand(
      "compare", "Run several scenarios on the same region state and compare their KPIs");
  compare_cmd->fallthrough();
  compare_cmd->add_option("SCENARIO", compare_options.scenario_files, "Scenario TOML files")
      ->required()
      ->check(CLI::ExistingFile);
  compare_cmd->add_option("--out", compare_options.out,
                          "Also write the comparison: FILE.html (with maps), .csv or .json");
  compare_cmd->add_option("--time-limit", compare_options.time_limit_s, "Seconds per scenario")
      ->check(CLI::Range(0.1, 7.0 * 24 * 3600));
  compare_cmd
      ->add_option("--seed", compare_options.seed,
                   "Solver seed for every scenario (default: the first scenario's)")
      ->check(CLI::Range(0, 1000000));
  compare_cmd->add_option("--quarter", compare_options.quarter, "Quarter of the runs")
      ->check(kQuarter);
  compare_cmd->add_option("--as-of", compare_options.as_of, "Date to plan from (default: today)");

  cli::DecideOptions decide_options;
  auto* decide_cmd = app.add_subcommand("decide", "Record the outcome of a negotiation on a deal");
  decide_cmd->fallthrough();
  decide_cmd->add_option("DEAL", decide_options.deal_id, "Deal id (of the latest run unless --run)")
      ->required();
  decide_cmd->add_option("DECISION", decide_options.decision, "accept, reject, hold or release")
      ->required()
      ->check(CLI::IsMember({"accept", "reject", "hold", "release"}));
  decide_cmd->add_option("--run", decide_options.run_id, "Run id (default: the latest)");
  decide_cmd->add_option("--note", decide_options.note, "What was said");
  decide_cmd->add_option(
      "--by", decide_options.refused_by,
      "reject: the farm that refused (it is not paired with its partners again)");
  decide_cmd->add_option("--date", decide_options.date, "Date of the decision (default: today)");

  cli::ApplyOptions apply_options;
  auto* apply_cmd =
      app.add_subcommand("apply", "Apply every accepted deal to the region (one transaction)");
  apply_cmd->fallthrough();
  apply_cmd
      ->add_option("--quarter", apply_options.quarter,
                   "Quarter the changes belong to (default: the region's)")
      ->check(kQuarter);

  cli::AdvanceOptions advance_options;
  auto* advance_cmd = app.add_subcommand(
      "advance", "Move the region's clock: conversions complete, leases end, offers close");
  advance_cmd->fallthrough();
  advance_cmd->add_option("--to", advance_options.to, "Quarter to move to, e.g. 2027Q1")
      ->required();

  cli::HistoryOptions history_options;
  auto* history_cmd =
      app.add_subcommand("history", "Per quarter: land applied, organic land, deals, KPIs");
  history_cmd->fallthrough();
  auto* history_quarter =
      history_cmd
          ->add_option("--quarter", history_options.quarter,
                       "With --out: the quarter whose region (its last snapshot) to write")
          ->check(kQuarter);
  history_cmd->add_option("--out", history_options.out, "Write that region as CSV files to DIR")
      ->needs(history_quarter);

  auto* runs_cmd = app.add_subcommand("runs", "List the optimiser runs");
  runs_cmd->fallthrough();

  cli::ExportOptions export_options;
  auto* export_cmd = app.add_subcommand("export", "Export a run's proposal");
  export_cmd->fallthrough();
  export_cmd->add_option("--run", export_options.run_id, "Run id (default: the latest)");
  export_cmd->add_option("--format", export_options.format, "csv (a folder), xlsx, json or gpkg")
      ->capture_default_str()
      ->check(CLI::IsMember({"csv", "xlsx", "json", "gpkg"}));
  export_cmd->add_option("--out", export_options.out, "Output folder (csv) or file")->required();
  export_cmd->add_option("--deal", export_options.deal_id, "Only this deal");
  export_cmd->add_option("--party", export_options.party_id,
                         "Only what this farm may see: its own deals");
  export_cmd->add_flag("--anonymise", export_options.anonymise,
                       "Replace names and ids of people and farms by stable pseudonyms");

  cli::ReportOptions report_options;
  auto* report_cmd =
      app.add_subcommand("report", "Write a self-contained HTML report of a run, with maps");
  report_cmd->fallthrough();
  report_cmd->add_option("--run", report_options.run_id, "Run id (default: the latest)");
  report_cmd->add_option("--out", report_options.out, "HTML file")->required();
  report_cmd->add_option("--deal", report_options.deal_id, "Only this deal");
  report_cmd->add_option("--party", report_options.party_id, "Only what this farm may see");
  report_cmd->add_flag("--anonymise", report_options.anonymise, "Stable pseudonyms for people");

  cli::DealsOptions deals_options;
  auto* deals_cmd =
      app.add_subcommand("deals", "List the deals of a run (`deals show ID`: one deal)");
  deals_cmd->fallthrough();
  deals_cmd->add_option("--run", deals_options.run_id, "Run id (default: the latest)");
  auto* deal_show_cmd = deals_cmd->add_subcommand("show", "One deal in full, transfer by transfer");
  deal_show_cmd->fallthrough();
  deal_show_cmd->add_option("id", deals_options.deal_id, "Deal id")->required();

  cli::KepOptions kep_options;
  auto* kep_cmd = app.add_subcommand(
      "kep",
      "Test and benchmark tool: pack cycles and chains in a PrefLib kidney-exchange pool "
      "(.wmd) with the deal engine; prints 'objective N' first");
  kep_cmd->fallthrough();
  kep_cmd->add_option("file", kep_options.file, "PrefLib .wmd file")->required();
  kep_cmd->add_option("--cycle-cap", kep_options.cycle_cap, "Most arcs (parties) in a cycle, >= 2")
      ->check(CLI::Range(2, 50))
      ->capture_default_str();
  kep_cmd
      ->add_option("--chain-cap", kep_options.chain_cap,
                   "Most arcs in a chain, counting the donor's, >= 0")
      ->check(CLI::Range(0, 50))
      ->capture_default_str();
  kep_cmd->add_option("--time-limit", kep_options.time_limit_s, "Seconds")
      ->check(CLI::Range(0.1, 7.0 * 24 * 3600))
      ->capture_default_str();
  kep_cmd->add_option("--threads", kep_options.threads, "Solver threads")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForAllHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForVersion& version) {
    return app.exit(version);
  } catch (const CLI::ParseError& error) {
    app.exit(error);
    return exit_code::kUsageError;
  }

  set_up_logging(verbosity, quiet);
  // A long solve shows its progress (incumbent, bound, gap) unless -q.
  if ((solve_cmd->parsed() || compare_cmd->parsed()) && !quiet && verbosity == 0)
    spdlog::set_level(spdlog::level::info);
  const cli::GlobalOptions global{resolve_db_path(db_option), quiet};

  if (import_csv_cmd->parsed()) {
    return guarded([&] { return cli::import_csv(global, import_options); });
  }
  if (generate_region_cmd->parsed()) {
    return guarded([&] { return cli::generate_region(global, generate_options); });
  }
  if (import_gis_cmd->parsed()) {
    return guarded([&] { return cli::import_gis(global, gis_options); });
  }
  if (validate_cmd->parsed())
    return guarded([&] { return cli::validate_csv(global, validate_dir); });
  if (status_cmd->parsed())
    return guarded([&] { return cli::status(global); });
  if (solve_cmd->parsed())
    return guarded([&] { return cli::solve(global, solve_options); });
  if (decide_cmd->parsed())
    return guarded([&] { return cli::decide(global, decide_options); });
  if (apply_cmd->parsed())
    return guarded([&] { return cli::apply(global, apply_options); });
  if (advance_cmd->parsed())
    return guarded([&] { return cli::advance(global, advance_options); });
  if (history_cmd->parsed())
    return guarded([&] { return cli::history(global, history_options); });
  if (compare_cmd->parsed())
    return guarded([&] { return cli::compare(global, compare_options); });
  if (deals_cmd->parsed())
    return guarded([&] { return cli::deals(global, deals_options); });
  if (kep_cmd->parsed())
    return guarded([&] { return cli::kep(kep_options); });
  if (runs_cmd->parsed())
    return guarded([&] { return cli::runs(global); });
  if (export_cmd->parsed())
    return guarded([&] { return cli::export_run(global, export_options); });
  if (report_cmd->parsed())
    return guarded([&] { return cli::report(global, report_options); });
  return exit_code::kUsageError;
}
