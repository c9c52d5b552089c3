#pragma once
// Reading and writing the region's current state. Every write is one
// IMMEDIATE transaction: a failure leaves the database as it was.

#include <optional>
#include <string>

#include "core/region.hpp"
#include "db/database.hpp"

namespace landpool {

/// Provenance of an import, kept in the imports log.
struct ImportRecord {
  std::string format;       ///< "csv", later "gis"
  std::string source;       ///< directory or file the user named
  std::string fingerprint;  ///< of the input bytes
  std::string quarter;      ///< e.g. "2026Q4"
};

struct ImportLogEntry {
  long import_id = 0;
  std::string imported_at;  ///< UTC, ISO 8601
  ImportRecord record;
  long parcel_count = 0;
};

/// True when the database holds a region (any parcel, farm or owner).
bool holds_region(Database& db);

/// The most recent import, if any.
std::optional<ImportLogEntry> last_import(Database& db);

/// Replaces the whole region state with `region` and logs the import, in
/// one transaction. Runs and their proposals are kept.
void replace_region(Database& db, const Region& region, const ImportRecord& record);

/// The two steps of replace_region, for callers that write more in the same
/// transaction (which they must have opened).
void write_region(Database& db, const Region& region);
void log_import(Database& db, const ImportRecord& record, std::size_t parcel_count);

/// Loads the region, records in the order they were imported.
Region load_region(Database& db);

/// The region as a snapshot kept it (db/cycle_store.hpp).
Region load_region_snapshot(Database& db, long snapshot_id);

}  // namespace landpool
