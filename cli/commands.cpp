#include "cli/commands.hpp"

#include <cstdio>
#include <iostream>

#include <spdlog/spdlog.h>

#include "cli/exit_codes.hpp"
#include "core/region_summary.hpp"
#include "db/database.hpp"
#include "db/region_store.hpp"
#include "importers/csv_import.hpp"

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

std::string region_counts(const Region& region) {
  return fmt::format("{} parcels, {} farms, {} owners, {} leases, {} offers, {} demands",
                     region.parcels.size(), region.farms.size(), region.owners.size(),
                     region.leases.size(), region.offers.size(), region.demands.size());
}

}  // namespace

int validate_csv(const GlobalOptions& global, const std::filesystem::path& directory) {
  const auto result = import_csv_directory(directory);
  print_diagnostics(result.diagnostics, global.quiet);
  if (result.diagnostics.has_errors()) {
    std::cerr << result.diagnostics.errors().size() << " problem(s) in " << directory.string()
              << '\n';
    return exit_code::kInvalidInput;
  }
  std::cout << directory.string() << ": valid (" << region_counts(result.region) << ")\n";
  return exit_code::kSuccess;
}

int import_csv(const GlobalOptions& global, const ImportCsvOptions& options) {
  // Read and check everything before the database is opened: invalid input
  // must leave the database file exactly as it was, or not create it at all.
  const auto result = import_csv_directory(options.directory);
  print_diagnostics(result.diagnostics, global.quiet);
  if (result.diagnostics.has_errors()) {
    std::cerr << result.diagnostics.errors().size() << " problem(s) in "
              << options.directory.string() << "; nothing was imported\n";
    return exit_code::kInvalidInput;
  }

  auto db = Database::open(global.db_path, Database::OpenMode::create_if_missing);
  if (holds_region(db) && !options.replace) {
    const auto previous = last_import(db);
    std::cerr << global.db_path << " already holds a region"
              << (previous ? " (imported " + previous->imported_at + " from " +
                                 previous->record.source + ")"
                           : std::string())
              << "; pass --replace to replace it\n";
    return exit_code::kUsageError;
  }
  const ImportRecord record{"csv", options.directory.string(), result.fingerprint,
                            quarter_of(today_utc())};
  replace_region(db, result.region, record);
  spdlog::info("imported {} into {}", options.directory.string(), global.db_path);
  std::cout << "Imported " << region_counts(result.region) << " into " << global.db_path << '\n';
  return exit_code::kSuccess;
}

int status(const GlobalOptions& global) {
  auto db = Database::open(global.db_path, Database::OpenMode::must_exist);
  if (!holds_region(db)) {
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
  return exit_code::kSuccess;
}

}  // namespace landpool::cli
