// The optimiser's commands: solve, runs, export.

#include <chrono>
#include <fstream>
#include <iostream>

#include <spdlog/fmt/fmt.h>
#include <spdlog/spdlog.h>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/solve_run.hpp"
#include "db/cycle_store.hpp"
#include "db/database.hpp"
#include "db/geometry_store.hpp"
#include "db/region_store.hpp"
#include "db/run_store.hpp"
#include "exporters/region_csv_writer.hpp"
#include "importers/scenario_reader.hpp"
#include "solver/deal_verifier.hpp"
#include "solver/optimiser.hpp"
#include "solver/proposal.hpp"

namespace landpool::cli {
namespace {

// "demand met 80 % of 120 ha (organic 100 % of 40 ha)": shares of the
// hectares wanted at least, with what they are shares of.
std::string demand_met_text(const solver::Kpis& k) {
  if (k.demand_wanted_ha <= 0.0)
    return "no farm set a minimum of land wanted";
  std::string text = fmt::format("demand met {:.0f} % of {:.1f} ha", 100.0 * k.all_demand_met_share,
                                 k.demand_wanted_ha);
  if (k.organic_demand_wanted_ha > 0.0)
    text += fmt::format(" (organic {:.0f} % of {:.1f} ha)", 100.0 * k.demand_met_share,
                        k.organic_demand_wanted_ha);
  return text;
}

void print_run_summary(const RunRecord& run, const solver::OptimiseResult& result,
                       const solver::ProposalRecord& proposal) {
  const auto& k = proposal.kpis;
  std::cout << fmt::format("Run {} ({}, scenario '{}', planned from {})\n", run.run_id, run.quarter,
                           run.scenario_name, run.planned_from);
  std::cout << fmt::format("  status       {}{}\n", run.status,
                           result.status == solver::SolveStatus::optimal
                               ? ""
                               : fmt::format(" (proven gap {:.2f} %)", 100.0 * result.gap));
  std::cout << fmt::format("  value        {:.0f} EUR (bound {:.0f} EUR, gap {:.3f} %)\n",
                           result.objective_eur, result.bound_eur, 100.0 * result.gap);
  std::cout << fmt::format(
      "  model        {} farms, {} movable parcels, {} candidates, {} parts, "
      "{} columns, {} rows, {:.1f} s\n",
      result.farms, result.movable_parcels, result.candidates, result.parts, result.columns,
      result.rows, result.seconds);
  std::cout << fmt::format("  proposal     {} transfers ({:.1f} ha) in {} deals, verified\n",
                           k.transfers, k.transferred_ha, proposal.deals.size());
  std::cout << fmt::format(
      "Planet\n  organic kept {:>8.1f} ha   lost {:.1f} ha   brought into "
      "conversion {:.1f} ha\n",
      k.kept_organic_ha, k.lost_organic_ha, k.converting_gained_ha);
  std::cout << fmt::format(
      "  clusters     {:>8} -> {}, clustered {:.0f} % -> {:.0f} %   drift border {:.1f} -> "
      "{:.1f} km   machinery {:.0f} -> {:.0f} km/year\n",
      k.organic_clusters_before, k.organic_clusters_after, 100.0 * k.clustered_share_before,
      100.0 * k.clustered_share_after, k.drift_border_before_km, k.drift_border_after_km,
      k.machinery_before_km_year, k.machinery_after_km_year);
  std::cout << fmt::format(
      "Profit\n  travel       {:>8.1f} -> {:.1f} ha*km   own boundary {:.0f} -> "
      "{:.0f} m   settlements {:.0f} EUR   transfer tax {:.0f} EUR   deal costs {:.0f} EUR\n",
      k.travel_before_ha_km, k.travel_after_ha_km, k.own_boundary_before_m, k.own_boundary_after_m,
      k.settlements_eur, k.transfer_tax_eur, k.deal_costs_eur);
  std::cout << fmt::format(
      "  blocks/farm  {:>8.2f} -> {:.2f}   mean block {:.2f} -> {:.2f} ha   mean distance {:.0f} "
      "-> "
      "{:.0f} m   travel {:.0f} -> {:.0f} EUR/year   conversion {:.0f} EUR\n",
      k.blocks_per_farm_before, k.blocks_per_farm_after, k.mean_block_before_ha,
      k.mean_block_after_ha, k.mean_distance_before_m, k.mean_distance_after_m,
      k.travel_cost_before_eur_year, k.travel_cost_after_eur_year, k.conversion_cost_eur);
  std::cout << fmt::format(
      "People\n  farms        {:>8} taking part, {} better off, smallest gain "
      "{:.0f} EUR, {}\n",
      k.participating_farms, k.farms_better_off, k.smallest_gain_eur, demand_met_text(k));
}

}  // namespace

std::optional<Scenario> read_scenario_or_report(const std::filesystem::path& file) {
  Scenario scenario;
  scenario.source_text = "# built-in defaults (scenarios/default.toml)\n";
  if (file.empty())
    return scenario;
  Diagnostics diagnostics;
  auto read = read_scenario_file(file, diagnostics);
  for (const auto& problem : diagnostics.errors())
    std::cerr << format_problem(problem) << '\n';
  return read;
}

Date planning_date(Database& db, const Date& today) {
  const auto clock = region_quarter(db);
  const auto start = clock ? quarter_start(*clock) : std::nullopt;
  return start && *start > today ? *start : today;
}

std::optional<Date> parse_as_of(const std::string& text) {
  if (text.empty())
    return today_utc();
  auto parsed = parse_iso_date(text);
  if (!parsed)
    std::cerr << "landpool: --as-of must be YYYY-MM-DD, got '" << text << "'\n";
  return parsed;
}

std::string run_quarter(Database& db, const Date& as_of, const std::string& quarter_option) {
  return !quarter_option.empty() ? quarter_option : region_quarter(db).value_or(quarter_of(as_of));
}

SolvedRun solve_and_store(Database& db, const Region& region,
                          const std::vector<ParcelNeighbours>& neighbours, const Scenario& scenario,
                          const Date& as_of, const std::string& quarter,
                          const solver::CarryOver& carry) {
  SolvedRun solved;
  RunRecord& run = solved.run;
  run.quarter = run_quarter(db, as_of, quarter);
  run.planned_from = format_iso_date(as_of);
  run.started_at = utc_timestamp_now();
  run.scenario_name = scenario.name;
  run.scenario_text = scenario.source_text;
  const auto import = last_import(db);
  run.input_fingerprint = import ? import->record.fingerprint : "";

  auto backend = solver::make_cbc_backend();
  solved.result = solver::optimise(region, neighbours, scenario, as_of, *backend, carry);
  const auto& result = solved.result;
  if (!result.call_ok) {
    std::cerr << "landpool: internal error: " << result.error << '\n';
    solved.exit_code = exit_code::kInternalError;
    return solved;
  }
  if (result.status == solver::SolveStatus::infeasible) {
    std::cerr << "landpool: the rules admit no proposal"
              << (result.error.empty() ? "" : ": " + result.error) << '\n';
    solved.exit_code = exit_code::kNoFeasibleProposal;
    return solved;
  }
  const auto described_from = std::chrono::steady_clock::now();
  solved.proposal = solver::describe_proposal(region, neighbours, scenario, as_of, result);
  spdlog::debug(
      "proposal: {} deals described in {:.2f} s", solved.proposal.deals.size(),
      std::chrono::duration<double>(std::chrono::steady_clock::now() - described_from).count());
  if (const auto problems =
          solver::verify_deals(scenario, solved.proposal.transfers, solved.proposal.deals);
      !problems.empty()) {
    std::cerr << "landpool: internal error: the deals failed their check: " << problems.front()
              << '\n';
    solved.exit_code = exit_code::kInternalError;
    return solved;
  }
  run.finished_at = utc_timestamp_now();
  run.status = solver::to_string(result.status);
  run.objective_eur = result.objective_eur;
  run.bound_eur = result.bound_eur;
  run.gap = result.gap;
  run.solve_time_s = result.seconds;
  run.kpis_json = solver::kpis_to_json(solved.proposal.kpis);
  run.run_id = store_run(db, run, solved.proposal);
  solved.exit_code = exit_code::kSuccess;
  return solved;
}

int solve(const GlobalOptions& global, const SolveOptions& options) {
  auto scenario = read_scenario_or_report(options.scenario_file);
  if (!scenario)
    return exit_code::kInvalidInput;
  if (options.time_limit_s)
    scenario->solver.time_limit_s = *options.time_limit_s;
  if (options.relative_gap)
    scenario->solver.relative_gap = *options.relative_gap;
  if (options.threads)
    scenario->solver.threads = *options.threads;
  if (options.seed)
    scenario->solver.seed = *options.seed;
  auto as_of = parse_as_of(options.as_of);
  if (!as_of)
    return exit_code::kUsageError;

  auto db = Database::open(global.db_path, Database::OpenMode::must_exist);
  if (!holds_region(db)) {
    std::cerr << global.db_path << " holds no region yet: landpool import csv DIR\n";
    return exit_code::kUsageError;
  }
  if (options.as_of.empty())
    as_of = planning_date(db, *as_of);
  const auto region = load_region(db);
  const auto neighbours = load_neighbours(db);
  const auto carry = load_carry_over(db, run_quarter(db, *as_of, options.quarter));
  if (!options.write_mps.empty()) {
    // The model this solve solves, the region's history included (a refused
    // deal stays out, a held one in, the last proposal keeps its bonus).
    solver::write_mps(solver::build_plain_model(region, neighbours, *scenario, *as_of, carry),
                      options.write_mps.string());
    std::cout << "Wrote " << options.write_mps.string() << " (the model as one plain MIP)\n";
  }
  const auto solved =
      solve_and_store(db, region, neighbours, *scenario, *as_of, options.quarter, carry);
  if (solved.exit_code != exit_code::kSuccess)
    return solved.exit_code;
  print_run_summary(solved.run, solved.result, solved.proposal);
  return exit_code::kSuccess;
}

int runs(const GlobalOptions& global) {
  auto db = Database::open(global.db_path, Database::OpenMode::must_exist);
  std::cout << fmt::format("{:>4}  {:<7}  {:<10}  {:<20}  {:<26}  {:>14}  {:>8}  {:>8}\n", "run",
                           "quarter", "planned", "started", "status", "value EUR", "gap %",
                           "time s");
  for (const auto& run : list_runs(db)) {
    std::cout << fmt::format(
        "{:>4}  {:<7}  {:<10}  {:<20}  {:<26}  {:>14.0f}  {:>8.3f}  {:>8.1f}\n", run.run_id,
        run.quarter, run.planned_from.empty() ? "-" : run.planned_from, run.started_at, run.status,
        run.objective_eur, 100.0 * run.gap, run.solve_time_s);
  }
  return exit_code::kSuccess;
}

}  // namespace landpool::cli
