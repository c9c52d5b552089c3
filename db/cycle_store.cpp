#include "db/cycle_store.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include <SQLiteCpp/Statement.h>

#include "core/errors.hpp"
#include "db/geometry_store.hpp"
#include "db/run_store.hpp"
#include "db/sql_values.hpp"

namespace landpool {

using sql::insert_row;

std::optional<std::string> region_quarter(Database& db) {
  return read_setting(db, "region.quarter");
}

void set_region_quarter(Database& db, const std::string& quarter) {
  write_setting(db, "region.quarter", quarter);
}

namespace {

std::string text_or_empty(const SQLite::Column& column) {
  return column.isNull() ? std::string() : column.getString();
}

std::optional<std::string> null_if_empty(const std::string& text) {
  return text.empty() ? std::nullopt : std::optional<std::string>(text);
}

}  // namespace

RegionRevision region_revision(Database& db) {
  SQLite::Statement query(db.sql(),
                          "SELECT (SELECT COALESCE(MAX(import_id), 0) FROM imports), "
                          "(SELECT COALESCE(MAX(snapshot_id), 0) FROM snapshots), "
                          "(SELECT COALESCE(MAX(decision_id), 0) FROM deal_decisions), "
                          "(SELECT COALESCE(MAX(import_id), 0) FROM imports WHERE format = 'gis')");
  query.executeStep();
  const auto column = [&](int i) { return static_cast<long>(query.getColumn(i).getInt64()); };
  return {column(0), column(1), column(2), column(3)};
}

void require_unchanged_since(Database& db, const RegionRevision& read_at, RevisionScope scope) {
  db.require_transaction("require_unchanged_since");
  const RegionRevision now = region_revision(db);
  const bool unchanged = scope == RevisionScope::whole_region
                             ? now == read_at
                             : now.geometry_import_id == read_at.geometry_import_id;
  if (!unchanged)
    throw ConcurrentChangeError(
        db.path().string() +
        ": the region changed while this command ran (another landpool process imported, "
        "applied, advanced or decided a deal); nothing was stored: run the command again");
}

void record_decision(Database& db, const DecisionRecord& d) {
  SQLite::Statement insert(
      db.sql(),
      "INSERT INTO deal_decisions (run_id, deal_id, decision, quarter, "
      "decided_on, refused_by, note, applied_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  insert_row(insert, d.run_id, d.deal_id, d.decision, d.quarter, d.decided_on,
             null_if_empty(d.refused_by), null_if_empty(d.note), null_if_empty(d.applied_on));
}

std::vector<DecisionRecord> load_decisions(Database& db) {
  std::vector<DecisionRecord> decisions;
  SQLite::Statement query(
      db.sql(),
      "SELECT run_id, deal_id, decision, quarter, decided_on, refused_by, note, "
      "applied_on FROM deal_decisions ORDER BY decision_id");
  while (query.executeStep()) {
    decisions.push_back({query.getColumn(0).getInt64(), query.getColumn(1).getInt(),
                         query.getColumn(2).getString(), query.getColumn(3).getString(),
                         query.getColumn(4).getString(), text_or_empty(query.getColumn(5)),
                         text_or_empty(query.getColumn(6)), text_or_empty(query.getColumn(7))});
  }
  return decisions;
}

std::vector<DecisionRecord> current_decisions(Database& db) {
  auto all = load_decisions(db);
  std::vector<DecisionRecord> latest;
  std::set<std::pair<long, int>> seen;
  for (auto it = all.rbegin(); it != all.rend(); ++it) {
    if (seen.insert({it->run_id, it->deal_id}).second)
      latest.push_back(*it);
  }
  std::reverse(latest.begin(), latest.end());
  return latest;
}

void mark_applied(Database& db, long run_id, int deal_id, const std::string& applied_on) {
  SQLite::Statement update(
      db.sql(),
      "UPDATE deal_decisions SET applied_on = ? WHERE decision_id = (SELECT "
      "MAX(decision_id) FROM deal_decisions WHERE run_id = ? AND deal_id = ?)");
  insert_row(update, applied_on, run_id, deal_id);
}

long take_snapshot(Database& db, const std::string& quarter, const std::string& event,
                   const std::string& detail) {
  auto& sql = db.sql();
  SQLite::Statement insert(
      sql,
      "INSERT INTO snapshots (quarter, taken_at, event, detail, organic_ha, "
      "converting_ha) SELECT ?, ?, ?, ?, "
      "COALESCE(SUM(CASE WHEN organic_status = 'organic' THEN area_ha END), 0), "
      "COALESCE(SUM(CASE WHEN organic_status = 'converting' THEN area_ha END), 0) "
      "FROM parcels");
  insert_row(insert, quarter, utc_timestamp_now(), event, detail);
  const long id = static_cast<long>(sql.getLastInsertRowid());
  for (const char* table :
       {"farms", "owners", "parcels", "leases", "offers", "demands", "demand_exchange_parcels"}) {
    SQLite::Statement copy(sql, std::string("INSERT INTO snapshot_") + table +
                                    " SELECT *, ? FROM " + table + " ORDER BY rowid");
    copy.bind(1, static_cast<std::int64_t>(id));
    copy.exec();
  }
  return id;
}

std::vector<SnapshotRecord> list_snapshots(Database& db) {
  std::vector<SnapshotRecord> snapshots;
  SQLite::Statement query(db.sql(),
                          "SELECT snapshot_id, quarter, taken_at, event, detail, organic_ha, "
                          "converting_ha FROM snapshots ORDER BY snapshot_id");
  while (query.executeStep()) {
    snapshots.push_back({query.getColumn(0).getInt64(), query.getColumn(1).getString(),
                         query.getColumn(2).getString(), query.getColumn(3).getString(),
                         query.getColumn(4).getString(), query.getColumn(5).getDouble(),
                         query.getColumn(6).getDouble()});
  }
  return snapshots;
}

void log_applied(Database& db, long run_id, const std::string& quarter,
                 const std::vector<AppliedTransfer>& applied) {
  SQLite::Statement insert(
      db.sql(), "INSERT INTO applied_transfers VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  for (const auto& a : applied) {
    const auto& t = a.transfer;
    insert_row(insert, run_id, t.deal_id, quarter, t.parcel_id, null_if_empty(t.from_farm_id),
               t.to_farm_id, t.form, a.area_ha, a.organic_kept ? 1 : 0,
               a.conversion_started ? 1 : 0, t.effective_date);
  }
}

AppliedTotals applied_in_quarter(Database& db, const std::string& quarter) {
  SQLite::Statement query(
      db.sql(),
      "SELECT COALESCE(SUM(area_ha), 0), COALESCE(SUM(area_ha * organic_kept), 0), "
      "COALESCE(SUM(area_ha * conversion_started), 0), COUNT(DISTINCT run_id || ':' || deal_id) "
      "FROM applied_transfers WHERE quarter = ?");
  query.bind(1, quarter);
  query.executeStep();
  return {query.getColumn(0).getDouble(), query.getColumn(1).getDouble(),
          query.getColumn(2).getDouble(), query.getColumn(3).getInt()};
}

}  // namespace landpool

namespace landpool {
namespace {

std::vector<ProposedTransfer> deal_transfers(Database& db, long run_id, int deal_id) {
  std::vector<ProposedTransfer> transfers;
  for (const auto& t : load_transfers(db, run_id)) {
    if (t.deal_id == deal_id)
      transfers.push_back(
          {t.parcel_id, t.to_farm_id, parse_transfer_form(t.form).value_or(TransferForm::lease)});
  }
  return transfers;
}

}  // namespace

std::vector<DecisionRecord> open_decisions(Database& db) {
  const auto current = current_decisions(db);
  std::set<std::pair<long, int>> decided_deals;
  for (const auto& d : current)
    decided_deals.insert({d.run_id, d.deal_id});
  // A held deal comes back in the next run as that run's deal; once that
  // deal is decided, its decision governs and the old one is done.
  auto same_shape = [](std::vector<ProposedTransfer> a, std::vector<ProposedTransfer> b) {
    auto key = [](const ProposedTransfer& t) { return t.parcel_id + "\n" + t.to_farm_id; };
    auto less = [&](const auto& x, const auto& y) { return key(x) < key(y); };
    std::sort(a.begin(), a.end(), less);
    std::sort(b.begin(), b.end(), less);
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                              [&](auto& x, auto& y) { return key(x) == key(y); });
  };
  const auto runs = list_runs(db);
  std::vector<DecisionRecord> open;
  for (const auto& d : current) {
    if (d.decision != "hold" && !(d.decision == "accept" && d.applied_on.empty()))
      continue;
    const auto shape = deal_transfers(db, d.run_id, d.deal_id);
    bool superseded = false;
    for (const auto& later : runs) {
      if (later.run_id <= d.run_id || superseded)
        continue;
      for (const auto& deal : load_deals(db, later.run_id)) {
        superseded =
            superseded || (decided_deals.contains({later.run_id, deal.deal_id}) &&
                           same_shape(shape, deal_transfers(db, later.run_id, deal.deal_id)));
      }
    }
    if (!superseded)
      open.push_back(d);
  }
  return open;
}

CarryOver load_carry_over(Database& db, const std::string& quarter) {
  CarryOver carry;
  const auto current = current_decisions(db);
  for (const auto& d : open_decisions(db)) {
    const auto shape = deal_transfers(db, d.run_id, d.deal_id);
    carry.held.insert(carry.held.end(), shape.begin(), shape.end());
  }
  // Refusals by the latest decision: a deal refused and then accepted or
  // released is no longer refused.
  for (const auto& d : current) {
    if (d.decision != "reject")
      continue;
    carry.refused_deals.push_back(deal_transfers(db, d.run_id, d.deal_id));
    if (d.refused_by.empty())
      continue;
    for (const auto& deal : load_deals(db, d.run_id)) {
      if (deal.deal_id != d.deal_id)
        continue;
      for (const auto& farm : deal.farm_ids) {
        if (farm != d.refused_by)
          carry.refused_partners.emplace_back(d.refused_by, farm);
      }
      for (const auto& owner : deal.pool_owner_ids)
        carry.refused_partners.emplace_back(d.refused_by, owner);
    }
  }
  std::set<long> runs_decided;
  for (const auto& d : load_decisions(db))
    runs_decided.insert(d.run_id);
  const auto runs = list_runs(db);  // oldest first
  const auto reference = std::find_if(runs.rbegin(), runs.rend(), [&](const RunRecord& run) {
    return run.quarter != quarter || runs_decided.contains(run.run_id);
  });
  if (reference != runs.rend())
    carry.previous = open_transfers(db, reference->run_id);
  return carry;
}

std::vector<ProposedTransfer> open_transfers(Database& db, long run_id) {
  std::set<int> decided;
  for (const auto& d : current_decisions(db)) {
    if (d.run_id == run_id)
      decided.insert(d.deal_id);
  }
  std::vector<ProposedTransfer> open;
  for (const auto& t : load_transfers(db, run_id)) {
    if (!decided.contains(t.deal_id))
      open.push_back(
          {t.parcel_id, t.to_farm_id, parse_transfer_form(t.form).value_or(TransferForm::lease)});
  }
  return open;
}

std::vector<QuarterSummary> quarter_history(Database& db) {
  std::map<std::string, QuarterSummary> by_quarter;
  auto at = [&](const std::string& quarter) -> QuarterSummary& {
    auto& summary = by_quarter[quarter];
    summary.quarter = quarter;
    return summary;
  };
  // Runs: the last of each quarter speaks for it; stability against the run before.
  const auto runs = list_runs(db);  // oldest first
  std::map<std::string, const RunRecord*> last_run;
  for (const auto& run : runs) {
    ++at(run.quarter).runs;
    last_run[run.quarter] = &run;
  }
  auto shapes = [&](long run_id) {
    std::map<int, std::set<std::pair<std::string, std::string>>> deals;
    for (const auto& t : load_transfers(db, run_id))
      deals[t.deal_id].insert({t.parcel_id, t.to_farm_id});
    std::set<std::set<std::pair<std::string, std::string>>> out;
    for (auto& [id, shape] : deals)
      out.insert(std::move(shape));
    return out;
  };
  for (const auto& [quarter, run] : last_run) {
    auto& s = at(quarter);
    const auto deals = shapes(run->run_id);
    s.deals_proposed = static_cast<int>(deals.size());
    s.value_eur = run->objective_eur;
    s.gap = run->gap;
    try {
      const auto kpis = nlohmann::json::parse(run->kpis_json.empty() ? "{}" : run->kpis_json);
      s.kept_organic_ha = kpis.value("/planet/kept_organic_ha"_json_pointer, 0.0);
      s.cluster_size_after_ha = kpis.value("/planet/cluster_size_after_ha"_json_pointer, 0.0);
    } catch (const nlohmann::json::exception&) {
      // An older run's KPIs without these figures: shown as 0.
    }
    const RunRecord* before = nullptr;
    for (const auto& r : runs) {
      if (r.run_id < run->run_id)
        before = &r;
    }
    if (before && !deals.empty()) {
      const auto earlier = shapes(before->run_id);
      int same = 0;
      for (const auto& shape : deals)
        same += earlier.contains(shape) ? 1 : 0;
      s.carried_over_share = static_cast<double>(same) / static_cast<double>(deals.size());
    }
  }
  for (const auto& d : load_decisions(db)) {
    auto& s = at(d.quarter);
    s.accepted += d.decision == "accept";
    s.refused += d.decision == "reject";
    s.held += d.decision == "hold";
  }
  for (const auto& snapshot : list_snapshots(db)) {
    auto& s = at(snapshot.quarter);
    s.organic_ha = snapshot.organic_ha;
    s.converting_ha = snapshot.converting_ha;
  }
  std::vector<QuarterSummary> history;
  for (auto& [quarter, summary] : by_quarter) {
    summary.applied = applied_in_quarter(db, quarter);
    history.push_back(summary);
  }
  return history;  // "2026Q4" < "2027Q1": text order is time order
}

}  // namespace landpool
