#pragma once
// Use case "compare": several scenarios solved on the same region state and
// seed, each run stored, their KPIs side by side.

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "exporters/scenario_comparison.hpp"

namespace landpool::workflow {

struct CompareRequest {
  std::vector<std::filesystem::path> scenario_files;
  std::filesystem::path out;           ///< .html, .csv or .json; empty: no file
  std::optional<double> time_limit_s;  ///< per scenario; default: each scenario's own
  std::optional<int> seed;             ///< for every scenario; default: the first scenario's
  std::string quarter, as_of;
  /// Of the HTML page; empty: the first scenario's [report] language.
  std::optional<Language> language;
};

/// Called before each scenario is solved: (1-based index, count, name, file).
using ScenarioStarted =
    std::function<void(std::size_t, std::size_t, const std::string&, const std::string&)>;

/// Reads every scenario before anything runs (one bad file stops all: InputError),
/// solves and stores each, and writes `out` when given. Throws UsageError for
/// an unknown `out` extension or a database without a region.
Comparison compare_scenarios(const std::string& db_path, const CompareRequest& request,
                             const ScenarioStarted& on_start = {});

}  // namespace landpool::workflow
