// `landpool solve` and `landpool runs`: propose transfers and store the run;
// list the runs so far.

#include <iostream>
#include <memory>
#include <string_view>

#include <spdlog/fmt/fmt.h>

#include "cli/exit_codes.hpp"
#include "cli/shell.hpp"
#include "db/run_store.hpp"
#include "exporters/kpi_rows.hpp"
#include "workflow/solve.hpp"

namespace landpool::cli {
namespace {

/// Lost organic land by reason: hectares and parcels, and for a cost the
/// keep_organic weight that would keep the cheapest of them.
std::string lost_organic_text(const std::vector<LostOrganicRecord>& lost) {
  std::string text;
  for (const std::string reason : kLossReasons) {
    double hectares = 0.0, least_weight = 0.0;
    int parcels = 0;
    for (const auto& l : lost) {
      if (l.reason != reason)
        continue;
      hectares += l.area_ha;
      least_weight = parcels++ == 0 ? l.keep_weight_eur_per_ha
                                    : std::min(least_weight, l.keep_weight_eur_per_ha);
    }
    if (parcels == 0)
      continue;
    text += fmt::format("{}{} {:.1f} ha ({} parcel{}{})", text.empty() ? "" : ", ", reason,
                        hectares, parcels, parcels == 1 ? "" : "s",
                        reason == "costs_more"
                            ? fmt::format(", kept from keep_organic {:.0f} EUR/ha", least_weight)
                            : "");
  }
  return text;
}

/// The key figures by group, as the report and workbook label them:
/// before -> after (change) unit; then why organic land is lost.
void print_key_figures(const ProposalRecord& proposal, Language language) {
  const auto rows = kpi_rows(nlohmann::json::parse(kpis_to_json(proposal.kpis)), language);
  for (const char* group : {"people", "planet", "profit"}) {
    std::cout << kpi_group_label(group, language) << "\n";
    for (const auto& row : rows) {
      if (row.group != group)
        continue;
      const std::string value =
          row.before ? fmt::format("{} -> {} ({})", format_kpi(*row.before, row.kind),
                                   format_kpi(row.after, row.kind),
                                   format_kpi_change(row.after - *row.before, row.kind))
                     : format_kpi(row.after, row.kind);
      // A count needs no unit on the terminal ("54", not "54 number").
      std::cout << fmt::format("  {:<50} {} {}\n", row.label, value,
                               row.kind == KpiKind::count ? "" : row.unit);
    }
    if (std::string_view(group) == "planet" && !proposal.lost_organic.empty())
      std::cout << "  why lost: " << lost_organic_text(proposal.lost_organic) << "\n";
  }
}

void print_run_summary(const RunRecord& run, const solver::OptimiseResult& result,
                       const ProposalRecord& proposal, Language language) {
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
  print_key_figures(proposal, language);
  std::cout << fmt::format(
      "  distance     {:>8.1f} % shorter, of a possible {:.1f} % ({}bound {:.0f} ha*km): {:.0f} % "
      "of what is possible\n",
      100.0 * k.distance_reduction_share, 100.0 * k.distance_reduction_possible_share,
      k.travel_bound_proven ? "" : "weak ", k.travel_bound_ha_km,
      100.0 * k.distance_reduction_achieved_share);
}

int solve(const GlobalOptions& global, const workflow::SolveRequest& request) {
  const auto solved = workflow::solve_region(global.db_path, request);
  if (!request.write_mps.empty())
    std::cout << "Wrote " << request.write_mps.string() << " (the model as one plain MIP)\n";
  print_run_summary(solved.run, solved.result, solved.proposal, solved.language);
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

}  // namespace

void add_solve_commands(CLI::App& app, Shell& shell) {
  auto request = std::make_shared<workflow::SolveRequest>();
  auto* cmd = app.add_subcommand("solve", "Propose transfers for the region and store the run");
  cmd->fallthrough();
  cmd->add_option("--scenario", request->scenario_file,
                  "Scenario TOML (default: built-in, as scenarios/default.toml)");
  cmd->add_option("--time-limit", request->time_limit_s, "Seconds for the solver")
      ->check(CLI::Range(0.1, 7.0 * 24 * 3600));
  cmd->add_option("--gap", request->relative_gap, "Relative gap to stop at")
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--threads", request->threads, "Solver threads")->check(CLI::Range(1, 64));
  cmd->add_option("--seed", request->seed, "Solver seed")->check(CLI::Range(0, 1000000));
  cmd->add_option("--quarter", request->quarter, "Quarter of the run, e.g. 2026Q4")
      ->check(kQuarter);
  cmd->add_option("--as-of", request->as_of, "Date to plan from (default: today)");
  cmd->add_option("--write-mps", request->write_mps,
                  "Also write the whole model, unsplit, as an MPS file (benchmark baseline)");
  shell.run_when_chosen(
      cmd, [&shell, request] { return solve(shell.global, *request); }, true);

  auto* runs_cmd = app.add_subcommand("runs", "List the optimiser runs");
  runs_cmd->fallthrough();
  shell.run_when_chosen(runs_cmd, [&shell] { return runs(shell.global); });
}

}  // namespace landpool::cli
