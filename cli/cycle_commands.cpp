// The quarterly cycle: decide, apply, advance, history (docs/workflow.md).

#include <iostream>
#include <memory>

#include <spdlog/fmt/fmt.h>

#include "cli/exit_codes.hpp"
#include "cli/shell.hpp"
#include "core/text.hpp"
#include "importers/region_csv_writer.hpp"
#include "workflow/cycle.hpp"

namespace landpool::cli {
namespace {

struct HistoryOptions {
  std::string quarter;        ///< with out: the quarter whose region to write
  std::filesystem::path out;  ///< write that region as CSV files here
};

int decide(const GlobalOptions& global, const workflow::DecideRequest& request) {
  const auto decided = workflow::decide(global.db_path, request);
  std::cout << fmt::format("Deal {} of run {} ({}): {} on {}{}\n", request.deal_id,
                           decided.record.run_id, join(decided.farm_ids, ", "), request.decision,
                           decided.record.decided_on,
                           request.note.empty() ? "" : " — " + request.note);
  return exit_code::kSuccess;
}

int apply_deals(const GlobalOptions& global, const std::string& quarter) {
  const auto applied = workflow::apply_accepted(global.db_path, quarter);
  if (applied.deals == 0) {
    std::cout << "No accepted deals to apply.\n";
    return exit_code::kSuccess;
  }
  std::cout << fmt::format("Applied {} deals ({} transfers, {:.1f} ha) in {}\n", applied.deals,
                           applied.transfers.size(), applied.area_ha, applied.quarter);
  return exit_code::kSuccess;
}

int advance_clock(const GlobalOptions& global, const std::string& to) {
  const auto advanced = workflow::advance(global.db_path, to);
  const auto& result = advanced.result;
  std::cout << fmt::format(
      "Region moved from {} to {}: {:.1f} ha finished conversion, {} leases ended ({:.1f} ha "
      "freed), {} offers closed\n",
      advanced.from, advanced.to, result.became_organic_ha, result.leases_ended,
      result.land_freed_ha, result.offers_closed);
  return exit_code::kSuccess;
}

int history(const GlobalOptions& global, const HistoryOptions& options) {
  auto db = Database::open(global.db_path, Database::OpenMode::must_exist);
  if (!options.out.empty()) {
    // The region as it stood at the end of a quarter, as importable CSV files.
    const auto past = workflow::region_of_quarter(db, options.quarter);
    write_region_csv(past.region, options.out);
    std::cout << fmt::format("Wrote the region of {} (snapshot {}, after {}: {}) to {}\n",
                             options.quarter, past.snapshot.snapshot_id, past.snapshot.event,
                             past.snapshot.detail, options.out.string());
    return exit_code::kSuccess;
  }
  std::cout << fmt::format(
      "{:<7} {:>4} {:>6} {:>6} {:>6} {:>5} {:>9} {:>9} {:>9} {:>8} {:>9} "
      "{:>9} {:>12} {:>6}\n",
      "quarter", "runs", "deals", "accept", "refuse", "hold", "applied", "kept ha", "conv ha",
      "carried", "organic", "convert", "value EUR", "gap %");
  for (const auto& q : quarter_history(db)) {
    std::cout << fmt::format(
        "{:<7} {:>4} {:>6} {:>6} {:>6} {:>5} {:>9.1f} {:>9.1f} {:>9.1f} {:>8} {:>9.1f} {:>9.1f} "
        "{:>12.0f} {:>6.2f}\n",
        q.quarter, q.runs, q.deals_proposed, q.accepted, q.refused, q.held, q.applied.area_ha,
        q.applied.organic_kept_ha, q.applied.conversion_started_ha,
        q.carried_over_share < 0 ? std::string("-")
                                 : fmt::format("{:.0f} %", 100.0 * q.carried_over_share),
        q.organic_ha, q.converting_ha, q.value_eur, 100.0 * q.gap);
  }
  return exit_code::kSuccess;
}

void add_decide(CLI::App& app, Shell& shell) {
  auto request = std::make_shared<workflow::DecideRequest>();
  auto* cmd = app.add_subcommand("decide", "Record the outcome of a negotiation on a deal");
  cmd->fallthrough();
  cmd->add_option("DEAL", request->deal_id, "Deal id (of the latest run unless --run)")->required();
  cmd->add_option("DECISION", request->decision, "accept, reject, hold or release")
      ->required()
      ->check(CLI::IsMember({"accept", "reject", "hold", "release"}));
  cmd->add_option("--run", request->run_id, "Run id (default: the latest)");
  cmd->add_option("--note", request->note, "What was said");
  cmd->add_option("--by", request->refused_by,
                  "reject: the farm that refused (it is not paired with its partners again)");
  cmd->add_option("--date", request->date, "Date of the decision (default: today)");
  shell.run_when_chosen(cmd, [&shell, request] { return decide(shell.global, *request); });
}

void add_history(CLI::App& app, Shell& shell) {
  auto options = std::make_shared<HistoryOptions>();
  auto* cmd = app.add_subcommand("history", "Per quarter: land applied, organic land, deals, KPIs");
  cmd->fallthrough();
  auto* quarter =
      cmd->add_option("--quarter", options->quarter,
                      "With --out: the quarter whose region (its last snapshot) to write")
          ->check(kQuarter);
  cmd->add_option("--out", options->out, "Write that region as CSV files to DIR")->needs(quarter);
  shell.run_when_chosen(cmd, [&shell, options] { return history(shell.global, *options); });
}

}  // namespace

void add_cycle_commands(CLI::App& app, Shell& shell) {
  add_decide(app, shell);

  auto apply_quarter = std::make_shared<std::string>();
  auto* apply_cmd =
      app.add_subcommand("apply", "Apply every accepted deal to the region (one transaction)");
  apply_cmd->fallthrough();
  apply_cmd
      ->add_option("--quarter", *apply_quarter,
                   "Quarter the changes belong to (default: the region's)")
      ->check(kQuarter);
  shell.run_when_chosen(
      apply_cmd, [&shell, apply_quarter] { return apply_deals(shell.global, *apply_quarter); });

  auto to = std::make_shared<std::string>();
  auto* advance_cmd = app.add_subcommand(
      "advance", "Move the region's clock: conversions complete, leases end, offers close");
  advance_cmd->fallthrough();
  advance_cmd->add_option("--to", *to, "Quarter to move to, e.g. 2027Q1")->required();
  shell.run_when_chosen(advance_cmd, [&shell, to] { return advance_clock(shell.global, *to); });

  add_history(app, shell);
}

}  // namespace landpool::cli
