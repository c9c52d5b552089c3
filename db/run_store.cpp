#include "db/run_store.hpp"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include "core/text.hpp"
#include "db/sql_values.hpp"

namespace landpool {

using namespace landpool::sql;

namespace {

std::vector<std::string> split_ids(const std::string& text) {
  std::vector<std::string> ids;
  for (const auto piece : split_trimmed(text, '|'))
    ids.emplace_back(piece);
  return ids;
}

}  // namespace

long insert_run(Database& db, const RunRecord& run, const ProposalRecord& proposal) {
  db.require_transaction("insert_run");
  SQLite::Statement insert(
      db.sql(),
      "INSERT INTO runs (quarter, started_at, finished_at, scenario_name, "
      "scenario_text, input_fingerprint, status, objective_eur, bound_eur, gap, "
      "solve_time_s, kpis_json, planned_from, variant) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  insert_row(insert, run.quarter, run.started_at, run.finished_at, run.scenario_name,
             run.scenario_text, run.input_fingerprint, run.status, run.objective_eur, run.bound_eur,
             run.gap, run.solve_time_s, run.kpis_json, run.planned_from,
             run.variant.empty() ? std::optional<std::string>{} : run.variant);
  const long run_id = static_cast<long>(db.sql().getLastInsertRowid());
  SQLite::Statement deal(db.sql(),
                         "INSERT INTO deals (run_id, deal_id, form, effective_date, benefit_eur, "
                         "farm_ids, pool_owner_ids, area_ha, settlement_eur, transfer_tax_eur, "
                         "settlement_eur_per_year) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  for (const auto& d : proposal.deals) {
    insert_row(deal, run_id, d.deal_id, d.form, d.effective_date, d.benefit_eur,
               join(d.farm_ids, "|"), join(d.pool_owner_ids, "|"), d.area_ha, d.settlement_eur,
               d.transfer_tax_eur, d.settlement_eur_per_year);
  }
  SQLite::Statement transfer(
      db.sql(), "INSERT INTO transfers VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  for (const auto& t : proposal.transfers) {
    insert_row(transfer, run_id, t.deal_id, t.parcel_id,
               t.from_farm_id.empty() ? std::optional<std::string>{} : t.from_farm_id, t.to_farm_id,
               t.owner_before, t.owner_after, t.form, t.area_ha, t.value_eur, t.effective_date,
               t.lease_years, t.rent_eur_per_ha_year, t.settles, t.use_value_eur_per_year);
  }
  SQLite::Statement participant(
      db.sql(),
      "INSERT INTO run_participants VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  for (const auto& r : proposal.participants) {
    insert_row(participant, run_id, r.farm_id, r.deal_id, r.area_before_ha, r.area_after_ha,
               r.value_before_eur, r.value_after_eur, r.travel_before_ha_km, r.travel_after_ha_km,
               r.parcels_before, r.parcels_after, r.blocks_before, r.blocks_after, r.settlement_eur,
               r.gain_eur, r.settlement_eur_per_year);
  }
  SQLite::Statement lost(db.sql(),
                         "INSERT INTO run_lost_organic VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  for (const auto& l : proposal.lost_organic) {
    insert_row(lost, run_id, l.parcel_id, l.area_ha, l.reason,
               l.farm_id.empty() ? std::optional<std::string>{} : l.farm_id,
               l.rule.empty() ? std::optional<std::string>{} : l.rule, l.distance_km, l.cost_eur,
               l.keep_weight_eur_per_ha);
  }
  return run_id;
}

long store_run(Database& db, RunRecord run, const ProposalRecord& proposal,
               const RegionRevision& read_at) {
  SQLite::Transaction transaction(db.sql(), SQLite::TransactionBehavior::IMMEDIATE);
  require_unchanged_since(db, read_at);
  const long run_id = insert_run(db, run, proposal);
  transaction.commit();
  return run_id;
}

std::vector<long> store_runs(Database& db,
                             const std::vector<std::pair<RunRecord, ProposalRecord>>& runs,
                             const RegionRevision& read_at) {
  SQLite::Transaction transaction(db.sql(), SQLite::TransactionBehavior::IMMEDIATE);
  require_unchanged_since(db, read_at);
  std::vector<long> ids;
  for (const auto& [run, proposal] : runs)
    ids.push_back(insert_run(db, run, proposal));
  transaction.commit();
  return ids;
}

std::vector<DealRecord> load_deals(Database& db, long run_id) {
  std::vector<DealRecord> deals;
  SQLite::Statement query(db.sql(),
                          "SELECT deal_id, form, effective_date, benefit_eur, farm_ids, "
                          "pool_owner_ids, area_ha, settlement_eur, transfer_tax_eur, "
                          "settlement_eur_per_year FROM deals "
                          "WHERE run_id = ? ORDER BY deal_id");
  query.bind(1, static_cast<std::int64_t>(run_id));
  while (query.executeStep()) {
    DealRecord d;
    d.deal_id = query.getColumn(0).getInt();
    d.form = query.getColumn(1).getString();
    d.effective_date = date_of(query.getColumn(2));
    d.benefit_eur = query.getColumn(3).getDouble();
    d.farm_ids = split_ids(query.getColumn(4).getString());
    d.pool_owner_ids = split_ids(query.getColumn(5).getString());
    d.area_ha = query.getColumn(6).getDouble();
    d.settlement_eur = query.getColumn(7).getDouble();
    d.transfer_tax_eur = query.getColumn(8).getDouble();
    d.settlement_eur_per_year = optional_double(query.getColumn(9)).value_or(0.0);
    deals.push_back(std::move(d));
  }
  return deals;
}

ProposalRecord load_proposal(Database& db, long run_id) {
  ProposalRecord proposal;
  proposal.deals = load_deals(db, run_id);
  proposal.transfers = load_transfers(db, run_id);
  proposal.participants = load_participants(db, run_id);
  proposal.lost_organic = load_lost_organic(db, run_id);
  return proposal;
}

std::vector<LostOrganicRecord> load_lost_organic(Database& db, long run_id) {
  std::vector<LostOrganicRecord> lost;
  SQLite::Statement query(
      db.sql(),
      "SELECT parcel_id, area_ha, reason, farm_id, rule, distance_km, cost_eur, "
      "keep_weight_eur_per_ha FROM run_lost_organic WHERE run_id = ? "
      "ORDER BY rowid");
  query.bind(1, static_cast<std::int64_t>(run_id));
  while (query.executeStep()) {
    LostOrganicRecord l;
    l.parcel_id = query.getColumn(0).getString();
    l.area_ha = query.getColumn(1).getDouble();
    l.reason = query.getColumn(2).getString();
    l.farm_id = optional_text(query.getColumn(3)).value_or("");
    l.rule = optional_text(query.getColumn(4)).value_or("");
    l.distance_km = query.getColumn(5).getDouble();
    l.cost_eur = query.getColumn(6).getDouble();
    l.keep_weight_eur_per_ha = query.getColumn(7).getDouble();
    lost.push_back(std::move(l));
  }
  return lost;
}

std::vector<ParticipantRecord> load_participants(Database& db, long run_id) {
  std::vector<ParticipantRecord> participants;
  SQLite::Statement query(db.sql(),
                          "SELECT * FROM run_participants WHERE run_id = ? ORDER BY deal_id, "
                          "farm_id");
  query.bind(1, static_cast<std::int64_t>(run_id));
  while (query.executeStep()) {
    ParticipantRecord r;
    r.farm_id = query.getColumn(1).getString();
    r.deal_id = query.getColumn(2).getInt();
    r.area_before_ha = query.getColumn(3).getDouble();
    r.area_after_ha = query.getColumn(4).getDouble();
    r.value_before_eur = query.getColumn(5).getDouble();
    r.value_after_eur = query.getColumn(6).getDouble();
    r.travel_before_ha_km = query.getColumn(7).getDouble();
    r.travel_after_ha_km = query.getColumn(8).getDouble();
    r.parcels_before = query.getColumn(9).getInt();
    r.parcels_after = query.getColumn(10).getInt();
    r.blocks_before = query.getColumn(11).getInt();
    r.blocks_after = query.getColumn(12).getInt();
    r.settlement_eur = query.getColumn(13).getDouble();
    r.gain_eur = query.getColumn(14).getDouble();
    r.settlement_eur_per_year = optional_double(query.getColumn(15)).value_or(0.0);
    participants.push_back(std::move(r));
  }
  return participants;
}

namespace {

RunRecord run_of(SQLite::Statement& query) {
  RunRecord r;
  r.run_id = static_cast<long>(query.getColumn(0).getInt64());
  r.quarter = query.getColumn(1).getString();
  r.started_at = query.getColumn(2).getString();
  r.finished_at = query.getColumn(3).getString();
  r.scenario_name = query.getColumn(4).getString();
  r.scenario_text = query.getColumn(5).getString();
  r.input_fingerprint = query.getColumn(6).getString();
  r.status = query.getColumn(7).getString();
  r.objective_eur = query.getColumn(8).getDouble();
  r.bound_eur = query.getColumn(9).getDouble();
  r.gap = query.getColumn(10).getDouble();
  r.solve_time_s = query.getColumn(11).getDouble();
  r.kpis_json = query.getColumn(12).getString();
  r.planned_from = query.getColumn(13).getString();  // NULL reads as ""
  r.variant = query.getColumn(14).getString();
  return r;
}

}  // namespace

std::vector<RunRecord> list_runs(Database& db) {
  std::vector<RunRecord> runs;
  SQLite::Statement query(db.sql(), "SELECT * FROM runs WHERE variant IS NULL ORDER BY run_id");
  while (query.executeStep())
    runs.push_back(run_of(query));
  return runs;
}

std::optional<RunRecord> find_run(Database& db, std::optional<long> run_id) {
  SQLite::Statement query(
      db.sql(), run_id ? "SELECT * FROM runs WHERE run_id = ?"
                       : "SELECT * FROM runs WHERE variant IS NULL ORDER BY run_id DESC LIMIT 1");
  if (run_id)
    query.bind(1, static_cast<std::int64_t>(*run_id));
  if (!query.executeStep())
    return std::nullopt;
  return run_of(query);
}

std::vector<TransferRecord> load_transfers(Database& db, long run_id) {
  std::vector<TransferRecord> transfers;
  SQLite::Statement query(db.sql(),
                          "SELECT deal_id, parcel_id, from_farm_id, to_farm_id, owner_before, "
                          "owner_after, form, area_ha, value_eur, effective_date, lease_years, "
                          "rent_eur_per_ha_year, settles, use_value_eur_per_year FROM transfers "
                          "WHERE run_id = ? ORDER BY deal_id, parcel_id");
  query.bind(1, static_cast<std::int64_t>(run_id));
  while (query.executeStep()) {
    TransferRecord t;
    t.deal_id = query.getColumn(0).getInt();
    t.parcel_id = query.getColumn(1).getString();
    t.from_farm_id = optional_text(query.getColumn(2)).value_or("");
    t.to_farm_id = query.getColumn(3).getString();
    t.owner_before = query.getColumn(4).getString();
    t.owner_after = query.getColumn(5).getString();
    t.form = query.getColumn(6).getString();
    t.area_ha = query.getColumn(7).getDouble();
    t.value_eur = query.getColumn(8).getDouble();
    t.effective_date = date_of(query.getColumn(9));
    t.lease_years = optional_int(query.getColumn(10));
    t.rent_eur_per_ha_year = optional_double(query.getColumn(11));
    t.settles = optional_text(query.getColumn(12)).value_or("");
    t.use_value_eur_per_year = optional_double(query.getColumn(13));
    transfers.push_back(std::move(t));
  }
  return transfers;
}

}  // namespace landpool
