#include "workflow/cycle.hpp"

#include <algorithm>

#include <SQLiteCpp/Transaction.h>
#include <spdlog/fmt/fmt.h>

#include "core/errors.hpp"
#include "core/text.hpp"
#include "db/region_store.hpp"
#include "db/run_store.hpp"

namespace landpool::workflow {
namespace {

/// The region's quarter: its clock, else the quarter of today.
std::string current_quarter(Database& db) {
  return region_quarter(db).value_or(quarter_of(today_utc()));
}

DealRecord find_deal(Database& db, long run_id, int deal_id) {
  const auto deals = load_deals(db, run_id);
  const auto deal = std::find_if(deals.begin(), deals.end(),
                                 [&](const DealRecord& d) { return d.deal_id == deal_id; });
  if (deal == deals.end())
    throw UsageError(fmt::format("run {} has no deal {}", run_id, deal_id));
  return *deal;
}

std::optional<DecisionRecord> current_decision(Database& db, long run_id, int deal_id) {
  std::optional<DecisionRecord> current;
  for (const auto& d : current_decisions(db)) {
    if (d.run_id == run_id && d.deal_id == deal_id)
      current = d;
  }
  return current;
}

/// Whether the decision may follow the deal's current one (UsageError if not).
void check_decision(const DecideRequest& request, long run_id,
                    const std::optional<DecisionRecord>& current, const DealRecord& deal) {
  if (current && !current->applied_on.empty())
    throw UsageError(fmt::format("deal {} of run {} was applied on {}; it stays decided",
                                 request.deal_id, run_id, current->applied_on));
  if (request.decision == "release" &&
      (!current || (current->decision != "hold" && current->decision != "accept")))
    throw UsageError("only a deal on hold or accepted (not applied) can be released");
  if (!request.refused_by.empty()) {
    const bool party = std::find(deal.farm_ids.begin(), deal.farm_ids.end(), request.refused_by) !=
                       deal.farm_ids.end();
    if (request.decision != "reject" || !party)
      throw UsageError(fmt::format("--by names a farm of the deal ({}) that refused it",
                                   join(deal.farm_ids, ", ")));
  }
}

}  // namespace

Decided decide(const std::string& db_path, const DecideRequest& request) {
  const auto decided_on = request.date.empty() ? today_utc() : parse_iso_date(request.date);
  if (!decided_on)
    throw UsageError("--date must be YYYY-MM-DD, got '" + request.date + "'");
  auto db = Database::open(db_path, Database::OpenMode::must_exist);
  // Read and write at one moment, so two decisions on a deal queue, not race.
  SQLite::Transaction transaction(db.sql(), SQLite::TransactionBehavior::IMMEDIATE);
  const auto run = find_run(db, request.run_id);
  if (!run)
    throw UsageError(std::string("no such run") + (request.run_id ? "" : " (solve first)"));
  if (!run->variant.empty())
    throw UsageError(fmt::format("run {} belongs to the what-if '{}': apply the what-if first",
                                 run->run_id, run->variant));
  const auto deal = find_deal(db, run->run_id, request.deal_id);
  check_decision(request, run->run_id, current_decision(db, run->run_id, request.deal_id), deal);
  Decided decided;
  auto& record = decided.record;
  record.run_id = run->run_id;
  record.deal_id = request.deal_id;
  record.decision = request.decision;
  record.quarter = current_quarter(db);
  record.decided_on = format_iso_date(*decided_on);
  record.refused_by = request.refused_by;
  record.note = request.note;
  record_decision(db, record);
  transaction.commit();
  decided.farm_ids = deal.farm_ids;
  return decided;
}

namespace {

/// The accepted deals not yet applied, and their transfers deal by deal.
struct AcceptedDeals {
  std::vector<DecisionRecord> decisions;
  std::vector<TransferToApply> transfers;
  std::vector<std::size_t> transfer_count;  ///< per decision, in order
};

AcceptedDeals accepted_deals(Database& db) {
  AcceptedDeals accepted;
  for (const auto& d : open_decisions(db)) {
    if (d.decision != "accept")
      continue;
    accepted.decisions.push_back(d);
    const std::size_t before = accepted.transfers.size();
    for (const auto& t : load_transfers(db, d.run_id)) {
      if (t.deal_id == d.deal_id)
        accepted.transfers.push_back({t.deal_id, t.parcel_id, t.from_farm_id, t.to_farm_id,
                                      t.owner_before, t.owner_after, t.form, t.effective_date,
                                      t.lease_years, t.rent_eur_per_ha_year});
    }
    accepted.transfer_count.push_back(accepted.transfers.size() - before);
  }
  return accepted;
}

/// Writes the changed region, the applied transfers and a snapshot, inside
/// the caller's transaction.
void store_applied(Database& db, const Region& region, const AcceptedDeals& accepted,
                   const ApplyResult& result, const std::string& quarter,
                   const std::string& applied_on) {
  db.require_transaction("store_applied");
  write_region(db, region);
  // result.applied follows the transfers: deal by deal, in the order of the decisions.
  std::size_t next = 0;
  for (std::size_t i = 0; i < accepted.decisions.size(); ++i) {
    const auto first = result.applied.begin() + static_cast<std::ptrdiff_t>(next);
    const auto count = static_cast<std::ptrdiff_t>(accepted.transfer_count[i]);
    log_applied(db, accepted.decisions[i].run_id, quarter,
                std::vector<AppliedTransfer>(first, first + count));
    next += accepted.transfer_count[i];
    mark_applied(db, accepted.decisions[i].run_id, accepted.decisions[i].deal_id, applied_on);
  }
  take_snapshot(db, quarter, "apply", fmt::format("{} deals applied", accepted.decisions.size()));
}

}  // namespace

Applied apply_accepted(const std::string& db_path, const std::string& quarter) {
  auto db = Database::open(db_path, Database::OpenMode::must_exist);
  // Read and write at one moment: two applies at once never apply a deal twice.
  SQLite::Transaction transaction(db.sql(), SQLite::TransactionBehavior::IMMEDIATE);
  Applied applied;
  applied.quarter = quarter.empty() ? current_quarter(db) : quarter;
  const auto accepted = accepted_deals(db);
  if (accepted.decisions.empty())
    return applied;
  Region region = load_region(db);
  const auto result = apply_transfers(region, accepted.transfers);
  if (!result.conflicts.empty()) {
    std::string message;
    for (const auto& conflict : result.conflicts)
      message += conflict + "\nlandpool: ";
    throw InputError(message +
                     "nothing was applied; reject or release the deals above, or solve "
                     "again");
  }
  store_applied(db, region, accepted, result, applied.quarter, format_iso_date(today_utc()));
  transaction.commit();
  applied.deals = static_cast<int>(accepted.decisions.size());
  applied.transfers = result.applied;
  for (const auto& a : result.applied)
    applied.area_ha += a.area_ha;
  return applied;
}

Advanced advance(const std::string& db_path, const std::string& to) {
  const auto to_date = quarter_start(to);
  if (!to_date)
    throw UsageError("--to must be a quarter such as 2027Q1, got '" + to + "'");
  auto db = Database::open(db_path, Database::OpenMode::must_exist);
  SQLite::Transaction transaction(db.sql(), SQLite::TransactionBehavior::IMMEDIATE);
  Advanced advanced{current_quarter(db), to, {}};
  if (to <= advanced.from)
    throw UsageError(fmt::format("the region is in {}; --to must be later", advanced.from));
  Region region = load_region(db);
  advanced.result = advance_region(region, *to_date);
  write_region(db, region);
  set_region_quarter(db, to);
  take_snapshot(db, to, "advance", "from " + advanced.from);
  transaction.commit();
  return advanced;
}

QuarterRegion region_of_quarter(Database& db, const std::string& quarter) {
  std::optional<SnapshotRecord> last;
  for (const auto& snapshot : list_snapshots(db)) {
    if (snapshot.quarter == quarter)
      last = snapshot;
  }
  if (!last)
    throw UsageError("no snapshot of quarter '" + quarter + "' (see landpool history)");
  return {*last, load_region_snapshot(db, last->snapshot_id)};
}

}  // namespace landpool::workflow
