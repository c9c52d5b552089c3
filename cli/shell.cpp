#include "cli/shell.hpp"

#include <iostream>

#include <spdlog/fmt/fmt.h>

#include "core/date.hpp"

namespace landpool::cli {

void Shell::run_when_chosen(CLI::App* subcommand, std::function<int()> run, bool progress) {
  subcommand->callback([this, run = std::move(run), progress] {
    command = run;
    shows_progress = progress;
  });
}

const CLI::Validator kQuarter(
    [](std::string& text) {
      return quarter_start(text) ? std::string()
                                 : "must be a quarter such as 2026Q4, got '" + text + "'";
    },
    "QUARTER");

void print_diagnostics(const Diagnostics& diagnostics, bool quiet) {
  if (!quiet) {
    for (const auto& warning : diagnostics.warnings()) {
      std::cerr << warning.file << ':' << warning.line << ": " << warning.column
                << ": warning: " << warning.message << '\n';
    }
  }
  for (const auto& error : diagnostics.errors())
    std::cerr << format_problem(error) << '\n';
  for (const auto& [file, unlisted] : diagnostics.unlisted_errors())
    std::cerr << file << ": " << unlisted << " more problem(s) not listed\n";
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

}  // namespace landpool::cli
