#include "workflow/compare.hpp"

#include <map>

#include <SQLiteCpp/Transaction.h>

#include "core/errors.hpp"
#include "db/cycle_store.hpp"
#include "db/geometry_store.hpp"
#include "db/region_store.hpp"
#include "workflow/solve.hpp"

namespace landpool::workflow {
namespace {

void check_out_extension(const std::filesystem::path& out) {
  const std::string extension = out.extension().string();
  if (!out.empty() && extension != ".html" && extension != ".csv" && extension != ".json")
    throw UsageError("--out must end in .html, .csv or .json, got '" + out.string() + "'");
}

/// Every scenario read, with the comparison's seed and time limit.
std::vector<Scenario> read_scenarios(const CompareRequest& request) {
  std::vector<Scenario> scenarios;
  std::string problems;
  for (const auto& file : request.scenario_files) {
    try {
      scenarios.push_back(read_scenario(file));
    } catch (const InputError& error) {
      problems += (problems.empty() ? "" : "\n");
      problems += error.what();
    }
  }
  if (!problems.empty())
    throw InputError(problems);
  const int seed = request.seed.value_or(scenarios.front().solver.seed);
  for (auto& scenario : scenarios) {
    scenario.solver.seed = seed;
    if (request.time_limit_s)
      scenario.solver.time_limit_s = *request.time_limit_s;
  }
  return scenarios;
}

/// Scenario names made unique with their file names where two share one.
std::vector<std::string> labels(const std::vector<Scenario>& scenarios,
                                const std::vector<std::filesystem::path>& files) {
  std::map<std::string, int> name_count;
  for (const auto& scenario : scenarios)
    ++name_count[scenario.name];
  std::vector<std::string> result;
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    std::string label = scenarios[i].name;
    if (name_count[label] > 1)
      label += " (" + files[i].stem().string() + ")";
    result.push_back(label);
  }
  return result;
}

void write_comparison(const Comparison& comparison, const std::filesystem::path& out) {
  const std::string extension = out.extension().string();
  if (extension == ".html")
    write_comparison_html(comparison, out);
  else if (extension == ".csv")
    write_comparison_csv(comparison, out);
  else if (extension == ".json")
    write_comparison_json(comparison, out);
}

}  // namespace

Comparison compare_scenarios(const std::string& db_path, const CompareRequest& request,
                             const ScenarioStarted& on_start) {
  check_out_extension(request.out);
  const auto scenarios = read_scenarios(request);
  const Date as_of = parse_as_of(request.as_of);
  auto db = Database::open(db_path, Database::OpenMode::must_exist);
  db.require_writable();
  // One read transaction: region, neighbours and carry-over of one moment.
  SQLite::Transaction reading(db.sql(), SQLite::TransactionBehavior::DEFERRED);
  require_region(db, db_path);
  const auto region = load_region(db);
  const auto neighbours = load_neighbours(db);
  const Date plan_from = request.as_of.empty() ? planning_date(db, as_of) : as_of;
  // Read once: the runs compare stores must not become each other's "previous".
  const auto carry = load_carry_over(db, run_quarter(db, plan_from, request.quarter));
  const auto read_at = region_revision(db);
  reading.commit();
  const auto names = labels(scenarios, request.scenario_files);
  std::vector<std::pair<RunRecord, ProposalRecord>> solved;
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    if (on_start)
      on_start(i + 1, scenarios.size(), scenarios[i].name, request.scenario_files[i].string());
    auto run =
        solve_scenario(db, region, neighbours, scenarios[i], plan_from, request.quarter, carry);
    solved.emplace_back(std::move(run.run), std::move(run.proposal));
  }
  // All runs in one transaction: a comparison interrupted stores none.
  const auto run_ids = store_runs(db, solved, read_at);
  std::vector<ComparedScenario> compared;
  for (std::size_t i = 0; i < solved.size(); ++i) {
    solved[i].first.run_id = run_ids[i];
    compared.push_back({names[i], request.scenario_files[i].string(),
                        make_run_view(solved[i].first, solved[i].second, region, {})});
  }
  auto comparison = make_comparison(std::move(compared));
  comparison.language = request.language.value_or(scenarios.front().report.language);
  if (!request.out.empty())
    write_comparison(comparison, request.out);
  return comparison;
}

}  // namespace landpool::workflow
