#pragma once
// The command line's shared parts: the global options, the command the
// arguments chose, and what several commands print the same way. Each
// command file registers its options with `add_*_commands` and, when chosen,
// calls one workflow function and prints its result.

#include <functional>
#include <string>

#include <CLI/CLI.hpp>

#include "importers/diagnostics.hpp"
#include "workflow/region_import.hpp"

namespace landpool::cli {

struct GlobalOptions {
  std::string db_path;  ///< resolved: --db, else $LANDPOOL_DB, else landpool.db
  bool quiet = false;
};

/// What the arguments chose; filled while CLI11 parses.
struct Shell {
  GlobalOptions global;          ///< resolved after parsing, before the command runs
  std::function<int()> command;  ///< the chosen command; returns its exit code
  bool shows_progress = false;   ///< a long solve: progress on stderr unless -q

  /// Makes `run` the command when `subcommand` is parsed.
  void run_when_chosen(CLI::App* subcommand, std::function<int()> run, bool progress = false);
};

/// A --quarter value: a quarter such as 2026Q4 (stored as written, "2026q4"
/// would be another quarter than 2026Q4).
extern const CLI::Validator kQuarter;

/// Warnings (unless quiet) and errors, each as FILE:LINE: column: message.
void print_diagnostics(const Diagnostics& diagnostics, bool quiet);

void print_adjacency(const AdjacencySummary& adjacency, double max_gap_m);

// Each registers its subcommands on `app` (cli/*_commands.cpp).
void add_import_commands(CLI::App& app, Shell& shell);
void add_solve_commands(CLI::App& app, Shell& shell);
void add_compare_command(CLI::App& app, Shell& shell);
void add_cycle_commands(CLI::App& app, Shell& shell);
void add_deal_commands(CLI::App& app, Shell& shell);
void add_export_commands(CLI::App& app, Shell& shell);
void add_kep_command(CLI::App& app, Shell& shell);
void add_scan_command(CLI::App& app, Shell& shell);
void add_serve_command(CLI::App& app, Shell& shell);

}  // namespace landpool::cli
