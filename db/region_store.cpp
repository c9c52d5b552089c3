#include "db/region_store.hpp"

#include <chrono>
#include <stdexcept>

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <spdlog/fmt/fmt.h>

#include "core/text.hpp"
#include "db/sql_values.hpp"

namespace landpool {
namespace {

using namespace landpool::sql;

std::string_view policy_name(ExchangeParcels::Policy policy) {
  switch (policy) {
    case ExchangeParcels::Policy::all:
      return "all";
    case ExchangeParcels::Policy::listed:
      return "listed";
    case ExchangeParcels::Policy::none:
      break;
  }
  return "none";
}
ExchangeParcels::Policy policy_of(const std::string& name) {
  if (name == "all")
    return ExchangeParcels::Policy::all;
  if (name == "listed")
    return ExchangeParcels::Policy::listed;
  return ExchangeParcels::Policy::none;
}

void delete_region_state(SQLite::Database& sql) {
  // Children before parents, so that foreign keys hold at every step.
  for (const char* table :
       {"demand_exchange_parcels", "demands", "offers", "leases", "parcels", "owners", "farms"}) {
    sql.exec(std::string("DELETE FROM ") + table);
  }
}

void insert_region_state(SQLite::Database& sql, const Region& region) {
  SQLite::Statement farm(sql, "INSERT INTO farms VALUES (?, ?, ?, ?, ?, ?)");
  for (const auto& f : region.farms) {
    insert_row(farm, f.farm_id, f.name, f.sector, f.organic_status, f.farmstead.x_m,
               f.farmstead.y_m);
  }
  SQLite::Statement owner(sql, "INSERT INTO owners VALUES (?, ?, ?, ?)");
  for (const auto& o : region.owners)
    insert_row(owner, o.owner_id, o.name, o.kind, o.farm_id);

  SQLite::Statement parcel(sql, "INSERT INTO parcels VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  for (const auto& p : region.parcels) {
    insert_row(parcel, p.parcel_id, p.area_ha, p.centroid.x_m, p.centroid.y_m, p.wkt, p.soil,
               p.value_eur_per_ha, p.land_use, p.organic_status, p.converting_since, p.owner_id,
               p.user_farm_id);
  }
  SQLite::Statement lease(sql,
                          "INSERT INTO leases (parcel_id, lessee_farm_id, start_date, end_date, "
                          "kind, rent_eur_per_ha_year) VALUES (?, ?, ?, ?, ?, ?)");
  for (const auto& l : region.leases) {
    insert_row(lease, l.parcel_id, l.lessee_farm_id, l.start_date, l.end_date, l.kind,
               l.rent_eur_per_ha_year);
  }
  SQLite::Statement offer(sql,
                          "INSERT INTO offers (parcel_id, owner_id, modes, available_from, "
                          "lease_years_max, organic_only) VALUES (?, ?, ?, ?, ?, ?)");
  for (const auto& o : region.offers) {
    insert_row(offer, o.parcel_id, o.owner_id, o.modes.to_string(), o.available_from,
               o.lease_years_max, o.organic_only ? 1 : 0);
  }
  SQLite::Statement demand(sql, "INSERT INTO demands VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  SQLite::Statement exchange(sql, "INSERT INTO demand_exchange_parcels VALUES (?, ?, ?)");
  for (const auto& d : region.demands) {
    insert_row(demand, d.farm_id, d.wants_min_ha, d.wants_max_ha, d.max_distance_km,
               d.modes.to_string(), std::string(policy_name(d.exchange.policy)), d.tolerance_pct,
               d.max_partners, d.converts ? 1 : 0, d.young_farmer ? 1 : 0);
    for (std::size_t i = 0; i < d.exchange.parcel_ids.size(); ++i) {
      insert_row(exchange, d.farm_id, d.exchange.parcel_ids[i], static_cast<int>(i));
    }
  }
}

}  // namespace

bool holds_region(Database& db) {
  return db.sql()
             .execAndGet(
                 "SELECT EXISTS (SELECT 1 FROM parcels) OR EXISTS (SELECT 1 FROM "
                 "farms) OR EXISTS (SELECT 1 FROM owners)")
             .getInt() != 0;
}

std::optional<ImportLogEntry> last_import(Database& db) {
  SQLite::Statement query(db.sql(),
                          "SELECT import_id, imported_at, format, source, fingerprint, quarter, "
                          "parcel_count FROM imports ORDER BY import_id DESC LIMIT 1");
  if (!query.executeStep())
    return std::nullopt;
  ImportLogEntry entry;
  entry.import_id = query.getColumn(0).getInt64();
  entry.imported_at = query.getColumn(1).getString();
  entry.record = {query.getColumn(2).getString(), query.getColumn(3).getString(),
                  query.getColumn(4).getString(), query.getColumn(5).getString()};
  entry.parcel_count = query.getColumn(6).getInt64();
  return entry;
}

void log_import(Database& db, const ImportRecord& record, std::size_t parcel_count) {
  db.require_transaction("log_import");
  SQLite::Statement log(db.sql(),
                        "INSERT INTO imports (imported_at, quarter, format, source, fingerprint, "
                        "parcel_count) VALUES (?, ?, ?, ?, ?, ?)");
  insert_row(log, utc_timestamp_now(), record.quarter, record.format, record.source,
             record.fingerprint, static_cast<int>(parcel_count));
}

void write_region(Database& db, const Region& region) {
  db.require_transaction("write_region");
  delete_region_state(db.sql());
  insert_region_state(db.sql(), region);
}

void replace_region(Database& db, const Region& region, const ImportRecord& record) {
  SQLite::Transaction transaction(db.sql(), SQLite::TransactionBehavior::IMMEDIATE);
  write_region(db, region);
  log_import(db, record, region.parcels.size());
  transaction.commit();
}

namespace {

/// The region in tables `prefix`farms, ... restricted by `filter` (an SQL
/// condition, "1" for the current state): the live tables and the snapshots
/// of db/cycle_store.hpp share one reader.
Region load_region_tables(Database& db, const std::string& prefix, const std::string& filter) {
  auto& sql = db.sql();
  Region region;
  auto from = [&](const char* table) { return " FROM " + prefix + table + " WHERE " + filter; };
  SQLite::Statement farms(sql, "SELECT *" + from("farms") + " ORDER BY rowid");
  while (farms.executeStep()) {
    region.farms.push_back(
        {farms.getColumn(0).getString(), farms.getColumn(1).getString(),
         optional_enum<Sector>(farms.getColumn(2)), enum_of<OrganicStatus>(farms.getColumn(3)),
         PointRd{farms.getColumn(4).getDouble(), farms.getColumn(5).getDouble()}});
  }
  SQLite::Statement owners(sql, "SELECT *" + from("owners") + " ORDER BY rowid");
  while (owners.executeStep()) {
    region.owners.push_back({owners.getColumn(0).getString(), owners.getColumn(1).getString(),
                             enum_of<OwnerKind>(owners.getColumn(2)),
                             optional_text(owners.getColumn(3))});
  }
  SQLite::Statement parcels(sql, "SELECT *" + from("parcels") + " ORDER BY rowid");
  while (parcels.executeStep()) {
    Parcel p;
    p.parcel_id = parcels.getColumn(0).getString();
    p.area_ha = parcels.getColumn(1).getDouble();
    p.centroid = {parcels.getColumn(2).getDouble(), parcels.getColumn(3).getDouble()};
    p.wkt = optional_text(parcels.getColumn(4));
    p.soil = optional_enum<Soil>(parcels.getColumn(5));
    p.value_eur_per_ha = optional_double(parcels.getColumn(6));
    p.land_use = optional_enum<LandUse>(parcels.getColumn(7));
    p.organic_status = enum_of<OrganicStatus>(parcels.getColumn(8));
    p.converting_since = optional_date(parcels.getColumn(9));
    p.owner_id = parcels.getColumn(10).getString();
    p.user_farm_id = optional_text(parcels.getColumn(11));
    region.parcels.push_back(std::move(p));
  }
  SQLite::Statement leases(sql,
                           "SELECT parcel_id, lessee_farm_id, start_date, end_date, kind, "
                           "rent_eur_per_ha_year" +
                               from("leases") + " ORDER BY lease_id");
  while (leases.executeStep()) {
    region.leases.push_back({leases.getColumn(0).getString(), leases.getColumn(1).getString(),
                             date_of(leases.getColumn(2)), optional_date(leases.getColumn(3)),
                             optional_enum<LeaseKind>(leases.getColumn(4)),
                             optional_double(leases.getColumn(5))});
  }
  SQLite::Statement offers(sql,
                           "SELECT parcel_id, owner_id, modes, available_from, lease_years_max, "
                           "organic_only" +
                               from("offers") + " ORDER BY offer_id");
  while (offers.executeStep()) {
    region.offers.push_back({offers.getColumn(0).getString(), offers.getColumn(1).getString(),
                             enum_set_of<OfferMode>(offers.getColumn(2)),
                             date_of(offers.getColumn(3)), optional_int(offers.getColumn(4)),
                             offers.getColumn(5).getInt() != 0});
  }
  SQLite::Statement demands(sql, "SELECT *" + from("demands") + " ORDER BY rowid");
  SQLite::Statement exchange(sql, "SELECT parcel_id" + from("demand_exchange_parcels") +
                                      " AND farm_id = ? ORDER BY position");
  while (demands.executeStep()) {
    Demand d;
    d.farm_id = demands.getColumn(0).getString();
    d.wants_min_ha = demands.getColumn(1).getDouble();
    d.wants_max_ha = demands.getColumn(2).getDouble();
    d.max_distance_km = optional_double(demands.getColumn(3));
    d.modes = enum_set_of<DemandMode>(demands.getColumn(4));
    d.exchange.policy = policy_of(demands.getColumn(5).getString());
    d.tolerance_pct = optional_double(demands.getColumn(6));
    d.max_partners = optional_int(demands.getColumn(7));
    d.converts = demands.getColumn(8).getInt() != 0;
    d.young_farmer = demands.getColumn(9).getInt() != 0;
    exchange.bind(1, d.farm_id);
    while (exchange.executeStep())
      d.exchange.parcel_ids.push_back(exchange.getColumn(0).getString());
    exchange.reset();
    region.demands.push_back(std::move(d));
  }
  return region;
}

}  // namespace

Region load_region(Database& db) {
  return load_region_tables(db, "", "1");
}

Region load_region_snapshot(Database& db, long snapshot_id) {
  return load_region_tables(db, "snapshot_", "snapshot_id = " + std::to_string(snapshot_id));
}

}  // namespace landpool
