// The quarterly cycle: decide, apply, advance, history (docs/workflow.md).

#include <algorithm>
#include <iostream>

#include <SQLiteCpp/Transaction.h>
#include <spdlog/fmt/fmt.h>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "core/region_cycle.hpp"
#include "db/cycle_store.hpp"
#include "db/region_store.hpp"
#include "db/run_store.hpp"
#include "exporters/region_csv_writer.hpp"

namespace landpool::cli {
namespace {

/// The region's quarter: its clock, else the quarter of today.
std::string current_quarter(Database& db) {
  return region_quarter(db).value_or(quarter_of(today_utc()));
}

}  // namespace

int decide(const GlobalOptions& global, const DecideOptions& options) {
  const auto decided_on = options.date.empty() ? today_utc() : parse_iso_date(options.date);
  if (!decided_on) {
    std::cerr << "landpool: --date must be YYYY-MM-DD, got '" << options.date << "'\n";
    return exit_code::kUsageError;
  }
  auto db = Database::open(global.db_path, Database::OpenMode::must_exist);
  const auto run = find_run(db, options.run_id);
  if (!run) {
    std::cerr << "landpool: no such run" << (options.run_id ? "" : " (solve first)") << '\n';
    return exit_code::kUsageError;
  }
  const auto deals = load_deals(db, run->run_id);
  const auto deal = std::find_if(deals.begin(), deals.end(), [&](const solver::DealRecord& d) {
    return d.deal_id == options.deal_id;
  });
  if (deal == deals.end()) {
    std::cerr << fmt::format("landpool: run {} has no deal {}\n", run->run_id, options.deal_id);
    return exit_code::kUsageError;
  }
  std::optional<DecisionRecord> current;
  for (const auto& d : current_decisions(db)) {
    if (d.run_id == run->run_id && d.deal_id == options.deal_id)
      current = d;
  }
  if (current && !current->applied_on.empty()) {
    std::cerr << fmt::format("landpool: deal {} of run {} was applied on {}; it stays decided\n",
                             options.deal_id, run->run_id, current->applied_on);
    return exit_code::kUsageError;
  }
  if (options.decision == "release" &&
      (!current || (current->decision != "hold" && current->decision != "accept"))) {
    std::cerr << "landpool: only a deal on hold or accepted (not applied) can be released\n";
    return exit_code::kUsageError;
  }
  if (!options.refused_by.empty()) {
    const bool party = std::find(deal->farm_ids.begin(), deal->farm_ids.end(),
                                 options.refused_by) != deal->farm_ids.end();
    if (options.decision != "reject" || !party) {
      std::cerr << fmt::format("landpool: --by names a farm of the deal ({}) that refused it\n",
                               join(deal->farm_ids, ", "));
      return exit_code::kUsageError;
    }
  }
  DecisionRecord record;
  record.run_id = run->run_id;
  record.deal_id = options.deal_id;
  record.decision = options.decision;
  record.quarter = current_quarter(db);
  record.decided_on = format_iso_date(*decided_on);
  record.refused_by = options.refused_by;
  record.note = options.note;
  record_decision(db, record);
  std::cout << fmt::format("Deal {} of run {} ({}): {} on {}{}\n", options.deal_id, run->run_id,
                           join(deal->farm_ids, ", "), options.decision, record.decided_on,
                           options.note.empty() ? "" : " — " + options.note);
  return exit_code::kSuccess;
}

int apply(const GlobalOptions& global, const ApplyOptions& options) {
  auto db = Database::open(global.db_path, Database::OpenMode::must_exist);
  const std::string quarter = options.quarter.empty() ? current_quarter(db) : options.quarter;
  const std::string applied_on = format_iso_date(today_utc());
  std::vector<DecisionRecord> accepted;
  std::vector<TransferToApply> transfers;
  std::vector<std::size_t> transfer_count;  // per accepted deal, in order
  for (const auto& d : open_decisions(db)) {
    if (d.decision != "accept")
      continue;
    accepted.push_back(d);
    const std::size_t before = transfers.size();
    for (const auto& t : load_transfers(db, d.run_id)) {
      if (t.deal_id == d.deal_id)
        transfers.push_back({t.deal_id, t.parcel_id, t.from_farm_id, t.to_farm_id, t.owner_before,
                             t.owner_after, t.form, t.effective_date, t.lease_years,
                             t.rent_eur_per_ha_year});
    }
    transfer_count.push_back(transfers.size() - before);
  }
  if (accepted.empty()) {
    std::cout << "No accepted deals to apply.\n";
    return exit_code::kSuccess;
  }
  Region region = load_region(db);
  const auto result = apply_transfers(region, transfers);
  if (!result.conflicts.empty()) {
    for (const auto& conflict : result.conflicts)
      std::cerr << "landpool: " << conflict << '\n';
    std::cerr << "landpool: nothing was applied; reject or release the deals above, or solve "
                 "again\n";
    return exit_code::kInvalidInput;
  }
  {
    SQLite::Transaction transaction(db.sql(), SQLite::TransactionBehavior::IMMEDIATE);
    write_region(db, region);
    // result.applied follows `transfers`: deal by deal, in the order of `accepted`.
    std::size_t next = 0;
    for (std::size_t i = 0; i < accepted.size(); ++i) {
      const std::vector<AppliedTransfer> of_deal(
          result.applied.begin() + static_cast<std::ptrdiff_t>(next),
          result.applied.begin() + static_cast<std::ptrdiff_t>(next + transfer_count[i]));
      next += transfer_count[i];
      log_applied(db, accepted[i].run_id, quarter, of_deal);
      mark_applied(db, accepted[i].run_id, accepted[i].deal_id, applied_on);
    }
    take_snapshot(db, quarter, "apply", fmt::format("{} deals applied", accepted.size()));
    transaction.commit();
  }
  double area_ha = 0.0;
  for (const auto& a : result.applied)
    area_ha += a.area_ha;
  std::cout << fmt::format("Applied {} deals ({} transfers, {:.1f} ha) in {}\n", accepted.size(),
                           result.applied.size(), area_ha, quarter);
  return exit_code::kSuccess;
}

int advance(const GlobalOptions& global, const AdvanceOptions& options) {
  const auto to = quarter_start(options.to);
  if (!to) {
    std::cerr << "landpool: --to must be a quarter such as 2027Q1, got '" << options.to << "'\n";
    return exit_code::kUsageError;
  }
  auto db = Database::open(global.db_path, Database::OpenMode::must_exist);
  const std::string from = current_quarter(db);
  if (options.to <= from) {
    std::cerr << fmt::format("landpool: the region is in {}; --to must be later\n", from);
    return exit_code::kUsageError;
  }
  Region region = load_region(db);
  const auto result = advance_region(region, *to);
  {
    SQLite::Transaction transaction(db.sql(), SQLite::TransactionBehavior::IMMEDIATE);
    write_region(db, region);
    set_region_quarter(db, options.to);
    take_snapshot(db, options.to, "advance", "from " + from);
    transaction.commit();
  }
  std::cout << fmt::format(
      "Region moved from {} to {}: {:.1f} ha finished conversion, {} leases ended ({:.1f} ha "
      "freed), {} offers closed\n",
      from, options.to, result.became_organic_ha, result.leases_ended, result.land_freed_ha,
      result.offers_closed);
  return exit_code::kSuccess;
}

int history(const GlobalOptions& global, const HistoryOptions& options) {
  auto db = Database::open(global.db_path, Database::OpenMode::must_exist);
  if (!options.out.empty()) {
    // The region as it stood at the end of a quarter, as importable CSV files.
    std::optional<SnapshotRecord> last;
    for (const auto& snapshot : list_snapshots(db)) {
      if (snapshot.quarter == options.quarter)
        last = snapshot;
    }
    if (!last) {
      std::cerr << "landpool: no snapshot of quarter '" << options.quarter
                << "' (see landpool history)\n";
      return exit_code::kUsageError;
    }
    write_region_csv(load_region_snapshot(db, last->snapshot_id), options.out);
    std::cout << fmt::format("Wrote the region of {} (snapshot {}, after {}: {}) to {}\n",
                             options.quarter, last->snapshot_id, last->event, last->detail,
                             options.out.string());
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

}  // namespace landpool::cli
