// `landpool compare`: scenarios side by side on the same region state.

#include <iostream>
#include <map>

#include <spdlog/fmt/fmt.h>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/solve_run.hpp"
#include "db/cycle_store.hpp"
#include "db/geometry_store.hpp"
#include "db/region_store.hpp"
#include "exporters/scenario_comparison.hpp"

namespace landpool::cli {

int compare(const GlobalOptions& global, const CompareOptions& options) {
  const std::string extension = options.out.extension().string();
  if (!options.out.empty() && extension != ".html" && extension != ".csv" && extension != ".json") {
    std::cerr << "landpool: --out must end in .html, .csv or .json, got '" << options.out.string()
              << "'\n";
    return exit_code::kUsageError;
  }
  // Every scenario is read before anything runs: one bad file stops all.
  std::vector<Scenario> scenarios;
  bool all_read = true;
  for (const auto& file : options.scenario_files) {
    auto scenario = read_scenario_or_report(file);
    all_read = all_read && scenario.has_value();
    if (scenario)
      scenarios.push_back(std::move(*scenario));
  }
  if (!all_read)
    return exit_code::kInvalidInput;
  const auto as_of = parse_as_of(options.as_of);
  if (!as_of)
    return exit_code::kUsageError;
  const int seed = options.seed.value_or(scenarios.front().solver.seed);
  for (auto& scenario : scenarios) {
    scenario.solver.seed = seed;
    if (options.time_limit_s)
      scenario.solver.time_limit_s = *options.time_limit_s;
  }

  auto db = Database::open(global.db_path, Database::OpenMode::must_exist);
  if (!holds_region(db)) {
    std::cerr << global.db_path << " holds no region yet: landpool import csv DIR\n";
    return exit_code::kUsageError;
  }
  const auto region = load_region(db);
  const auto neighbours = load_neighbours(db);
  const Date plan_from = options.as_of.empty() ? planning_date(db, *as_of) : *as_of;
  // Read once: the runs compare stores must not become each other's "previous".
  const auto carry = load_carry_over(db, run_quarter(db, plan_from, options.quarter));
  std::map<std::string, int> name_count;
  for (const auto& scenario : scenarios)
    ++name_count[scenario.name];

  std::vector<ComparedScenario> compared;
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    const auto& scenario = scenarios[i];
    const std::string file = options.scenario_files[i].string();
    std::cerr << fmt::format("landpool: scenario {} of {}: {} ({})\n", i + 1, scenarios.size(),
                             scenario.name, file);
    const auto solved =
        solve_and_store(db, region, neighbours, scenario, plan_from, options.quarter, carry);
    if (solved.exit_code != exit_code::kSuccess)
      return solved.exit_code;
    std::string label = scenario.name;
    if (name_count[label] > 1)
      label += " (" + options.scenario_files[i].stem().string() + ")";
    compared.push_back({label, file,
                        make_run_view(solved.run, solved.proposal.deals, solved.proposal.transfers,
                                      solved.proposal.participants, region, {})});
  }
  const auto comparison = make_comparison(std::move(compared));
  std::cout << comparison_text(comparison);
  if (extension == ".html")
    write_comparison_html(comparison, options.out);
  else if (extension == ".csv")
    write_comparison_csv(comparison, options.out);
  else if (extension == ".json")
    write_comparison_json(comparison, options.out);
  if (!options.out.empty())
    std::cout << "Wrote " << options.out.string() << '\n';
  return exit_code::kSuccess;
}

}  // namespace landpool::cli
