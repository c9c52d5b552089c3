#pragma once
// The subcommands, each a small function from parsed options to an exit code.
// They call the library and print: data and summaries to stdout, problems and
// logs to stderr.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "generator/region_generator.hpp"
#include "geo/adjacency.hpp"
#include "importers/gis_reader.hpp"

namespace landpool::cli {

struct GlobalOptions {
  std::string db_path;  ///< resolved: --db, else $LANDPOOL_DB, else landpool.db
  bool quiet = false;
};

struct ImportCsvOptions {
  std::filesystem::path directory;
  bool replace = false;
  std::string quarter;  ///< the quarter the data is of; default: the region's, else today's
  bool update = false;  ///< DIR holds a quarter's offers/demands/leases to merge in
  std::optional<double> max_gap_m;  ///< default: the database's setting, else 5 m
};

struct ImportGisOptions {
  GisImportOptions read;
  std::string bbox_text;  ///< as typed; parsed into read.bbox
  bool replace = false;
  std::optional<double> max_gap_m;  ///< default: the database's setting, else 5 m
};

struct GenerateRegionOptions {
  generator::GenerateOptions generate;
  std::string as_of_text;  ///< YYYY-MM-DD; default: first day of the current quarter
  std::filesystem::path out;
};

struct SolveOptions {
  std::filesystem::path scenario_file;  ///< empty: built-in defaults
  std::optional<double> time_limit_s, relative_gap;
  std::optional<int> threads, seed;
  std::string quarter;              ///< default: the quarter of the as-of date
  std::string as_of;                ///< default: today
  std::filesystem::path write_mps;  ///< also write the whole model as one plain MIP (MPS)
};

struct ExportOptions {
  std::optional<long> run_id;  ///< default: the latest run
  std::string format = "csv";  ///< csv (a folder), xlsx, json, gpkg
  std::filesystem::path out;
  std::optional<int> deal_id;           ///< only this deal
  std::optional<std::string> party_id;  ///< only what this farm may see
  bool anonymise = false;               ///< stable pseudonyms for people's names and ids
};

struct ReportOptions {
  std::optional<long> run_id;
  std::filesystem::path out;
  std::optional<int> deal_id;
  std::optional<std::string> party_id;
  bool anonymise = false;
};

struct DealsOptions {
  std::optional<long> run_id;  ///< default: the latest run
  std::optional<int> deal_id;  ///< `deals show ID`: one deal in full
};

struct KepOptions {
  std::filesystem::path file;
  int cycle_cap = 3;  ///< most parties in a cycle
  int chain_cap = 3;  ///< most arcs in a chain, the starter's included
  double time_limit_s = 600.0;
  int threads = 2;
};

struct CompareOptions {
  std::vector<std::filesystem::path> scenario_files;
  std::filesystem::path out;           ///< .html, .csv or .json; empty: the table on stdout only
  std::optional<double> time_limit_s;  ///< per scenario; default: each scenario's own
  std::optional<int> seed;             ///< for every scenario; default: the first scenario's
  std::string quarter, as_of;
};

struct DecideOptions {
  int deal_id = 0;
  std::string decision;        ///< accept, reject, hold, release
  std::optional<long> run_id;  ///< default: the latest run
  std::string note, refused_by, date;
};

struct ApplyOptions {
  std::string quarter;  ///< default: the region's quarter
};

struct HistoryOptions {
  std::string quarter;        ///< with out: the quarter whose region to write
  std::filesystem::path out;  ///< write that region as CSV files here
};

struct AdvanceOptions {
  std::string to;  ///< e.g. 2027Q1
};

int solve(const GlobalOptions& global, const SolveOptions& options);
int decide(const GlobalOptions& global, const DecideOptions& options);
/// Applies every accepted deal not yet applied, in one transaction.
int apply(const GlobalOptions& global, const ApplyOptions& options);
int advance(const GlobalOptions& global, const AdvanceOptions& options);
int history(const GlobalOptions& global, const HistoryOptions& options);
/// Runs each scenario on the same region state and seed, stores each run,
/// and shows their KPIs side by side.
int compare(const GlobalOptions& global, const CompareOptions& options);
/// Needs no database: reads a PrefLib .wmd file, prints "objective N" first.
int kep(const KepOptions& options);
int runs(const GlobalOptions& global);
int deals(const GlobalOptions& global, const DealsOptions& options);
int export_run(const GlobalOptions& global, const ExportOptions& options);
int report(const GlobalOptions& global, const ReportOptions& options);
int generate_region(const GlobalOptions& global, GenerateRegionOptions options);
int import_csv(const GlobalOptions& global, ImportCsvOptions options);
int import_gis(const GlobalOptions& global, ImportGisOptions options);
int validate_csv(const GlobalOptions& global, const std::filesystem::path& directory);
int status(const GlobalOptions& global);

}  // namespace landpool::cli
