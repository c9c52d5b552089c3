#include "workflow/solve.hpp"

#include <chrono>

#include <SQLiteCpp/Transaction.h>
#include <spdlog/fmt/fmt.h>
#include <spdlog/spdlog.h>

#include "core/errors.hpp"
#include "db/cycle_store.hpp"
#include "db/geometry_store.hpp"
#include "db/region_store.hpp"
#include "db/run_store.hpp"
#include "importers/scenario_reader.hpp"
#include "solver/records/describe_proposal.hpp"
#include "solver/verify/deal_verifier.hpp"

namespace landpool::workflow {

Scenario read_scenario(const std::filesystem::path& file) {
  Scenario scenario;
  scenario.source_text = "# built-in defaults (scenarios/default.toml)\n";
  if (file.empty())
    return scenario;
  Diagnostics diagnostics;
  auto read = read_scenario_file(file, diagnostics);
  if (read)
    return *read;
  std::string problems;
  for (const auto& problem : diagnostics.errors()) {
    problems += (problems.empty() ? "" : "\n");
    problems += format_problem(problem);
  }
  throw InputError(problems.empty() ? file.string() + ": cannot be read" : problems);
}

Date parse_as_of(const std::string& text) {
  if (text.empty())
    return today_utc();
  const auto parsed = parse_iso_date(text);
  if (!parsed)
    throw UsageError("--as-of must be YYYY-MM-DD, got '" + text + "'");
  return *parsed;
}

Date planning_date(Database& db, const Date& today) {
  const auto clock = region_quarter(db);
  const auto start = clock ? quarter_start(*clock) : std::nullopt;
  return start && *start > today ? *start : today;
}

std::string run_quarter(Database& db, const Date& as_of, const std::string& quarter_option) {
  return !quarter_option.empty() ? quarter_option : region_quarter(db).value_or(quarter_of(as_of));
}

void require_region(Database& db, const std::string& db_path) {
  if (!holds_region(db))
    throw UsageError(db_path + " holds no region yet: landpool import csv DIR");
}

namespace {

RunRecord new_run(Database& db, const Scenario& scenario, const Date& as_of,
                  const std::string& quarter) {
  RunRecord run;
  run.quarter = run_quarter(db, as_of, quarter);
  run.planned_from = format_iso_date(as_of);
  run.started_at = utc_timestamp_now();
  run.scenario_name = scenario.name;
  run.scenario_text = scenario.source_text;
  const auto import = last_import(db);
  run.input_fingerprint = import ? import->record.fingerprint : "";
  return run;
}

void record_outcome(const solver::OptimiseResult& result, const ProposalRecord& proposal,
                    RunRecord& run) {
  run.finished_at = utc_timestamp_now();
  run.status = solver::to_string(result.status);
  run.objective_eur = result.objective_eur;
  run.bound_eur = result.bound_eur;
  run.gap = result.gap;
  run.solve_time_s = result.seconds;
  run.kpis_json = kpis_to_json(proposal.kpis);
}

}  // namespace

SolvedRun solve_scenario(Database& db, const Region& region,
                         const std::vector<ParcelNeighbours>& neighbours, const Scenario& scenario,
                         const Date& as_of, const std::string& quarter, const CarryOver& carry) {
  SolvedRun solved;
  solved.language = scenario.report.language;
  solved.run = new_run(db, scenario, as_of, quarter);
  auto backend = solver::make_cbc_backend();
  solved.result = solver::optimise(region, neighbours, scenario, as_of, *backend, carry);
  const auto& result = solved.result;
  if (!result.call_ok)
    throw std::runtime_error(result.error);
  if (result.status == solver::SolveStatus::infeasible)
    throw NoProposalError(result.error.empty()
                              ? std::string("the rules admit no proposal")
                              : fmt::format("the rules admit no proposal: {}", result.error));
  const auto described_from = std::chrono::steady_clock::now();
  solved.proposal = solver::describe_proposal(region, neighbours, scenario, as_of, result);
  spdlog::debug(
      "proposal: {} deals described in {:.2f} s", solved.proposal.deals.size(),
      std::chrono::duration<double>(std::chrono::steady_clock::now() - described_from).count());
  if (const auto problems =
          solver::verify_deals(scenario, solved.proposal.transfers, solved.proposal.deals);
      !problems.empty())
    throw std::runtime_error("the deals failed their check: " + problems.front());
  record_outcome(result, solved.proposal, solved.run);
  return solved;
}

SolvedRun solve_and_store(Database& db, const Region& region,
                          const std::vector<ParcelNeighbours>& neighbours, const Scenario& scenario,
                          const Date& as_of, const std::string& quarter, const CarryOver& carry,
                          const RegionRevision& read_at) {
  auto solved = solve_scenario(db, region, neighbours, scenario, as_of, quarter, carry);
  solved.run.run_id = store_run(db, solved.run, solved.proposal, read_at);
  return solved;
}

SolvedRun solve_region(const std::string& db_path, const SolveRequest& request) {
  auto scenario = read_scenario(request.scenario_file);
  if (request.time_limit_s)
    scenario.solver.time_limit_s = *request.time_limit_s;
  if (request.relative_gap)
    scenario.solver.relative_gap = *request.relative_gap;
  if (request.threads)
    scenario.solver.threads = *request.threads;
  if (request.seed)
    scenario.solver.seed = *request.seed;
  Date as_of = parse_as_of(request.as_of);
  auto db = Database::open(db_path, Database::OpenMode::must_exist);
  db.require_writable();
  // One read transaction: region, neighbours and carry-over of one moment.
  SQLite::Transaction reading(db.sql(), SQLite::TransactionBehavior::DEFERRED);
  require_region(db, db_path);
  if (request.as_of.empty())
    as_of = planning_date(db, as_of);
  const auto region = load_region(db);
  const auto neighbours = load_neighbours(db);
  const auto carry = load_carry_over(db, run_quarter(db, as_of, request.quarter));
  const auto read_at = region_revision(db);
  reading.commit();
  if (!request.write_mps.empty()) {
    // The model this solve solves, the region's history included.
    solver::write_mps(solver::build_plain_model(region, neighbours, scenario, as_of, carry),
                      request.write_mps.string());
  }
  return solve_and_store(db, region, neighbours, scenario, as_of, request.quarter, carry, read_at);
}

}  // namespace landpool::workflow
