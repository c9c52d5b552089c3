#pragma once
// Ordered schema migrations. The schema version lives in PRAGMA user_version;
// step N brings a database from version N-1 to N, each step in its own
// transaction. Never edit a released step: add a new one.

#include <string_view>
#include <vector>

#include <SQLiteCpp/Database.h>

namespace landpool {

struct Migration {
  int version;
  std::string_view description;
  std::string_view sql;
};

const std::vector<Migration>& schema_migrations();

/// The version this build of landpool writes.
int latest_schema_version();

/// Applies the steps after the database's current version up to `target_version`.
void migrate_schema(SQLite::Database& db, int target_version);

}  // namespace landpool
