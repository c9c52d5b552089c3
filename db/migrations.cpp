#include "db/migrations.hpp"

#include <string>

#include <SQLiteCpp/Transaction.h>
#include <spdlog/spdlog.h>

namespace landpool {
namespace {

// Version 1: the region's current state, as the input contract describes it,
// plus a log of imports (each stamped with its quarter).
constexpr std::string_view kRegionSchema = R"sql(
CREATE TABLE farms (
  farm_id        TEXT PRIMARY KEY,
  name           TEXT NOT NULL,
  sector         TEXT CHECK (sector IN ('dairy','arable','horticulture','mixed','other')),
  organic_status TEXT NOT NULL CHECK (organic_status IN ('organic','converting','conventional')),
  farmstead_x_m  REAL NOT NULL,
  farmstead_y_m  REAL NOT NULL
);
CREATE TABLE owners (
  owner_id TEXT PRIMARY KEY,
  name     TEXT NOT NULL,
  kind     TEXT NOT NULL CHECK (kind IN ('farmer','private','government','land_fund','other')),
  farm_id  TEXT REFERENCES farms (farm_id)
);
CREATE TABLE parcels (
  parcel_id        TEXT PRIMARY KEY,
  area_ha          REAL NOT NULL CHECK (area_ha > 0),
  centroid_x_m     REAL NOT NULL,
  centroid_y_m     REAL NOT NULL,
  wkt              TEXT,
  soil             TEXT CHECK (soil IN ('clay','sand','peat','loam','other')),
  value_eur_per_ha REAL CHECK (value_eur_per_ha >= 0),
  land_use         TEXT CHECK (land_use IN
                     ('grassland','arable','horticulture','perennial','nature','other')),
  organic_status   TEXT NOT NULL CHECK (organic_status IN ('organic','converting','conventional')),
  converting_since TEXT,
  owner_id         TEXT NOT NULL REFERENCES owners (owner_id),
  user_farm_id     TEXT REFERENCES farms (farm_id)
);
CREATE INDEX parcels_by_user ON parcels (user_farm_id);
CREATE INDEX parcels_by_owner ON parcels (owner_id);
CREATE TABLE leases (
  lease_id             INTEGER PRIMARY KEY,
  parcel_id            TEXT NOT NULL REFERENCES parcels (parcel_id),
  lessee_farm_id       TEXT NOT NULL REFERENCES farms (farm_id),
  start_date           TEXT NOT NULL,
  end_date             TEXT CHECK (end_date IS NULL OR end_date >= start_date),
  kind                 TEXT CHECK (kind IN ('regular','short','other')),
  rent_eur_per_ha_year REAL CHECK (rent_eur_per_ha_year >= 0)
);
CREATE INDEX leases_by_parcel ON leases (parcel_id);
CREATE TABLE offers (
  offer_id        INTEGER PRIMARY KEY,
  parcel_id       TEXT NOT NULL UNIQUE REFERENCES parcels (parcel_id),
  owner_id        TEXT NOT NULL REFERENCES owners (owner_id),
  modes           TEXT NOT NULL,
  available_from  TEXT NOT NULL,
  lease_years_max INTEGER CHECK (lease_years_max >= 1),
  organic_only    INTEGER NOT NULL CHECK (organic_only IN (0, 1))
);
CREATE TABLE demands (
  farm_id         TEXT PRIMARY KEY REFERENCES farms (farm_id),
  wants_min_ha    REAL NOT NULL,
  wants_max_ha    REAL NOT NULL CHECK (wants_max_ha >= wants_min_ha),
  max_distance_km REAL CHECK (max_distance_km > 0),
  modes           TEXT NOT NULL,
  exchange_policy TEXT NOT NULL CHECK (exchange_policy IN ('none','all','listed')),
  tolerance_pct   REAL CHECK (tolerance_pct BETWEEN 0 AND 100),
  max_partners    INTEGER CHECK (max_partners >= 1),
  converts        INTEGER NOT NULL CHECK (converts IN (0, 1))
);
CREATE TABLE demand_exchange_parcels (
  farm_id   TEXT NOT NULL REFERENCES demands (farm_id) ON DELETE CASCADE,
  parcel_id TEXT NOT NULL REFERENCES parcels (parcel_id),
  position  INTEGER NOT NULL,
  PRIMARY KEY (farm_id, parcel_id)
);
CREATE TABLE imports (
  import_id    INTEGER PRIMARY KEY,
  imported_at  TEXT NOT NULL,
  quarter      TEXT NOT NULL,
  format       TEXT NOT NULL,
  source       TEXT NOT NULL,
  fingerprint  TEXT NOT NULL,
  parcel_count INTEGER NOT NULL
);
)sql";

// Version 2: optimiser runs per quarter, their deals (with the negotiation
// outcome) and parcel transfers. Transfers keep their own copies of ids and
// figures, without foreign keys into the region, so that history survives a
// re-import of the region.
constexpr std::string_view kRunsSchema = R"sql(
CREATE TABLE runs (
  run_id            INTEGER PRIMARY KEY,
  quarter           TEXT NOT NULL,
  started_at        TEXT NOT NULL,
  finished_at       TEXT,
  scenario_name     TEXT NOT NULL,
  scenario_text     TEXT NOT NULL,
  input_fingerprint TEXT NOT NULL,
  status            TEXT NOT NULL,
  objective_eur     REAL,
  bound_eur         REAL,
  gap               REAL,
  solve_time_s      REAL,
  kpis_json         TEXT
);
CREATE INDEX runs_by_quarter ON runs (quarter);
CREATE TABLE deals (
  run_id         INTEGER NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
  deal_id        INTEGER NOT NULL,
  form           TEXT NOT NULL CHECK (form IN ('lease','lease_exchange','kavelruil','sale')),
  effective_date TEXT,
  benefit_eur    REAL,
  decision       TEXT NOT NULL DEFAULT 'proposed'
                   CHECK (decision IN ('proposed','accepted','rejected','hold')),
  decided_at     TEXT,
  note           TEXT,
  PRIMARY KEY (run_id, deal_id)
);
CREATE TABLE transfers (
  run_id         INTEGER NOT NULL,
  deal_id        INTEGER NOT NULL,
  parcel_id      TEXT NOT NULL,
  from_farm_id   TEXT,
  to_farm_id     TEXT NOT NULL,
  owner_before   TEXT NOT NULL,
  owner_after    TEXT NOT NULL,
  form           TEXT NOT NULL,
  area_ha        REAL NOT NULL,
  value_eur      REAL NOT NULL,
  effective_date TEXT,
  PRIMARY KEY (run_id, parcel_id),
  FOREIGN KEY (run_id, deal_id) REFERENCES deals (run_id, deal_id) ON DELETE CASCADE
);
)sql";

// Version 3: the region's map. Parcel polygons imported from GIS files (joined
// to the CSV data by parcel_id), neighbour pairs with their shared boundary,
// and settings such as the gap used for adjacency.
constexpr std::string_view kGeometrySchema = R"sql(
CREATE TABLE parcel_geometries (
  parcel_id    TEXT PRIMARY KEY,
  feature_id   INTEGER NOT NULL,
  wkt          TEXT NOT NULL,
  area_ha      REAL NOT NULL CHECK (area_ha > 0),
  centroid_x_m REAL NOT NULL,
  centroid_y_m REAL NOT NULL,
  land_use     TEXT CHECK (land_use IN
                 ('grassland','arable','horticulture','perennial','nature','other')),
  category     TEXT,
  crop_code    TEXT,
  crop_name    TEXT,
  year         INTEGER
);
CREATE TABLE parcel_neighbours (
  parcel_a          TEXT NOT NULL,
  parcel_b          TEXT NOT NULL,
  shared_boundary_m REAL NOT NULL CHECK (shared_boundary_m >= 0),
  gap_m             REAL NOT NULL CHECK (gap_m >= 0),
  estimated         INTEGER NOT NULL CHECK (estimated IN (0, 1)),
  PRIMARY KEY (parcel_a, parcel_b),
  CHECK (parcel_a < parcel_b)
) WITHOUT ROWID;
CREATE INDEX parcel_neighbours_by_b ON parcel_neighbours (parcel_b);
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
)sql";

// Version 4: deals as first-class records (parties, settlement, transfer
// tax) and each run's participants before and after.
constexpr std::string_view kDealsSchema = R"sql(
ALTER TABLE deals ADD COLUMN farm_ids TEXT;        -- '|'-separated, in order of first transfer
ALTER TABLE deals ADD COLUMN pool_owner_ids TEXT;  -- '|'-separated
ALTER TABLE deals ADD COLUMN area_ha REAL;
ALTER TABLE deals ADD COLUMN settlement_eur REAL;
ALTER TABLE deals ADD COLUMN transfer_tax_eur REAL;
CREATE TABLE run_participants (
  run_id              INTEGER NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
  farm_id             TEXT NOT NULL,
  deal_id             INTEGER NOT NULL,
  area_before_ha      REAL NOT NULL,
  area_after_ha       REAL NOT NULL,
  value_before_eur    REAL NOT NULL,
  value_after_eur     REAL NOT NULL,
  travel_before_ha_km REAL NOT NULL,
  travel_after_ha_km  REAL NOT NULL,
  parcels_before      INTEGER NOT NULL,
  parcels_after       INTEGER NOT NULL,
  blocks_before       INTEGER NOT NULL,
  blocks_after        INTEGER NOT NULL,
  settlement_eur      REAL NOT NULL,
  gain_eur            REAL NOT NULL,
  PRIMARY KEY (run_id, farm_id)
);
)sql";

// Version 5: allocation rules. A demand may come from a young farmer (a
// priority group); a lease carries its term and rent where they are known.
constexpr std::string_view kAllocationSchema = R"sql(
ALTER TABLE demands ADD COLUMN young_farmer INTEGER NOT NULL DEFAULT 0
  CHECK (young_farmer IN (0, 1));
ALTER TABLE transfers ADD COLUMN lease_years INTEGER;
ALTER TABLE transfers ADD COLUMN rent_eur_per_ha_year REAL;
)sql";

// Version 6: the quarterly cycle. Decisions on deals; snapshots of the region
// state (one copy of each region table per snapshot, the snapshot id as the
// last column, so that the live tables' reader reads them too: a migration
// that adds a column to a region table adds it to its snapshot table as
// well); what applying deals changed.
constexpr std::string_view kCycleSchema = R"sql(
CREATE TABLE deal_decisions (
  decision_id INTEGER PRIMARY KEY,
  run_id      INTEGER NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
  deal_id     INTEGER NOT NULL,
  decision    TEXT NOT NULL CHECK (decision IN ('accept', 'reject', 'hold', 'release')),
  quarter     TEXT NOT NULL,
  decided_on  TEXT NOT NULL,
  refused_by  TEXT,
  note        TEXT,
  applied_on  TEXT
);
CREATE INDEX decisions_by_deal ON deal_decisions (run_id, deal_id);
CREATE TABLE snapshots (
  snapshot_id   INTEGER PRIMARY KEY,
  quarter       TEXT NOT NULL,
  taken_at      TEXT NOT NULL,
  event         TEXT NOT NULL,
  detail        TEXT NOT NULL,
  organic_ha    REAL NOT NULL,
  converting_ha REAL NOT NULL
);
CREATE TABLE snapshot_farms AS SELECT *, 0 AS snapshot_id FROM farms WHERE 0;
CREATE TABLE snapshot_owners AS SELECT *, 0 AS snapshot_id FROM owners WHERE 0;
CREATE TABLE snapshot_parcels AS SELECT *, 0 AS snapshot_id FROM parcels WHERE 0;
CREATE TABLE snapshot_leases AS SELECT *, 0 AS snapshot_id FROM leases WHERE 0;
CREATE TABLE snapshot_offers AS SELECT *, 0 AS snapshot_id FROM offers WHERE 0;
CREATE TABLE snapshot_demands AS SELECT *, 0 AS snapshot_id FROM demands WHERE 0;
CREATE TABLE snapshot_demand_exchange_parcels AS
  SELECT *, 0 AS snapshot_id FROM demand_exchange_parcels WHERE 0;
CREATE TABLE applied_transfers (
  run_id             INTEGER NOT NULL,
  deal_id            INTEGER NOT NULL,
  quarter            TEXT NOT NULL,
  parcel_id          TEXT NOT NULL,
  from_farm_id       TEXT,
  to_farm_id         TEXT NOT NULL,
  form               TEXT NOT NULL,
  area_ha            REAL NOT NULL,
  organic_kept       INTEGER NOT NULL,
  conversion_started INTEGER NOT NULL,
  effective_date     TEXT NOT NULL
);
)sql";

// Version 7: the date a run planned from (its --as-of, else the day it ran),
// so that anyone can check its proposal again; unknown for older runs.
constexpr std::string_view kPlannedFromSchema = R"sql(
ALTER TABLE runs ADD COLUMN planned_from TEXT;
)sql";

// Version 8: settlements by legal form. An exchange of use settles its
// difference in use value per year, a change of owner in capital; runs
// stored before keep NULL here (their settlement_eur counted use exchanges
// in capital).
constexpr std::string_view kSettlementSchema = R"sql(
ALTER TABLE deals ADD COLUMN settlement_eur_per_year REAL;
ALTER TABLE run_participants ADD COLUMN settlement_eur_per_year REAL;
ALTER TABLE transfers ADD COLUMN settles TEXT;
ALTER TABLE transfers ADD COLUMN use_value_eur_per_year REAL;
)sql";

// Version 9: why each at-risk organic parcel a run lets revert is lost.
constexpr std::string_view kLostOrganicSchema = R"sql(
CREATE TABLE run_lost_organic (
  run_id                 INTEGER NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
  parcel_id              TEXT NOT NULL,
  area_ha                REAL NOT NULL,
  reason                 TEXT NOT NULL,
  farm_id                TEXT,
  rule                   TEXT,
  distance_km            REAL NOT NULL,
  cost_eur               REAL NOT NULL,
  keep_weight_eur_per_ha REAL NOT NULL,
  PRIMARY KEY (run_id, parcel_id)
);
)sql";

// Version 10: what-if variants of the region (`landpool serve`). A variant
// keeps its edits and its own run; such runs carry the variant's name and
// stay out of the region's run history until the variant is applied.
constexpr std::string_view kVariantSchema = R"sql(
ALTER TABLE runs ADD COLUMN variant TEXT;
CREATE TABLE variants (
  name           TEXT PRIMARY KEY,
  created_at     TEXT NOT NULL,
  base_run_id    INTEGER,
  edits_json     TEXT NOT NULL,
  read_at_json   TEXT NOT NULL,
  run_id         INTEGER NOT NULL REFERENCES runs (run_id),
  applied_run_id INTEGER REFERENCES runs (run_id),
  applied_at     TEXT
);
)sql";

const std::vector<Migration> kMigrations = {
    {1, "region state: farms, owners, parcels, leases, offers, demands, imports", kRegionSchema},
    {2, "optimiser runs per quarter, deals and transfers", kRunsSchema},
    {3, "parcel geometries from GIS, neighbour pairs, settings", kGeometrySchema},
    {4, "deal parties, settlements and tax; participants per run", kDealsSchema},
    {5, "young farmers in demands, lease terms of transfers", kAllocationSchema},
    {6, "deal decisions, region snapshots per quarter, applied transfers", kCycleSchema},
    {7, "the date each run planned from", kPlannedFromSchema},
    {8, "settlements by legal form: capital, or yearly for exchanges of use", kSettlementSchema},
    {9, "why each run's lost organic parcels are lost", kLostOrganicSchema},
    {10, "what-if variants of the region and their runs", kVariantSchema},
};

}  // namespace

const std::vector<Migration>& schema_migrations() {
  return kMigrations;
}

int latest_schema_version() {
  return kMigrations.back().version;
}

void migrate_schema(SQLite::Database& db, int target_version) {
  const int current = db.execAndGet("PRAGMA user_version").getInt();
  for (const auto& step : kMigrations) {
    if (step.version <= current || step.version > target_version)
      continue;
    SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
    // Another process may have migrated while this one waited for the lock.
    if (db.execAndGet("PRAGMA user_version").getInt() >= step.version)
      continue;
    db.exec(std::string(step.sql));
    db.exec("PRAGMA user_version = " + std::to_string(step.version));
    transaction.commit();
    spdlog::info("database schema upgraded to version {}: {}", step.version, step.description);
  }
}

}  // namespace landpool
