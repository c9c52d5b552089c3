#include "db/database.hpp"

#include <SQLiteCpp/Exception.h>
#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include "db/migrations.hpp"

namespace landpool {
namespace {

constexpr int kBusyTimeout_ms = 5000;

std::unique_ptr<SQLite::Database> connect(const std::filesystem::path& path, bool create) {
  const int flags = SQLite::OPEN_READWRITE | (create ? SQLite::OPEN_CREATE : 0);
  std::unique_ptr<SQLite::Database> connection;
  try {
    connection = std::make_unique<SQLite::Database>(path.string(), flags, kBusyTimeout_ms);
  } catch (const SQLite::Exception& error) {
    throw DatabaseError(DatabaseError::Kind::cannot_open,
                        path.string() + ": cannot open the database (" + error.what() + ")");
  }
  try {
    connection->exec("PRAGMA foreign_keys = ON");
    // Reading the schema makes SQLite parse the file header: a file that is not
    // a database fails here, before anything is written to it.
    connection->execAndGet("SELECT count(*) FROM sqlite_schema");
  } catch (const SQLite::Exception& error) {
    throw DatabaseError(DatabaseError::Kind::not_a_database,
                        path.string() + ": not a landpool database (" + error.what() + ")");
  }
  return connection;
}

}  // namespace

Database::Database(std::filesystem::path path, std::unique_ptr<SQLite::Database> connection)
    : path_(std::move(path)), connection_(std::move(connection)) {}

Database Database::open(const std::filesystem::path& path, OpenMode mode) {
  if (std::filesystem::is_directory(path)) {
    throw DatabaseError(DatabaseError::Kind::cannot_open, path.string() + ": is a directory");
  }
  const bool exists = std::filesystem::exists(path);
  if (!exists && mode == OpenMode::must_exist) {
    throw DatabaseError(DatabaseError::Kind::not_found,
                        path.string() +
                            ": no such database (import a region first: "
                            "landpool import csv DIR)");
  }
  Database db(path, connect(path, mode == OpenMode::create_if_missing));
  const int application_id = db.sql().execAndGet("PRAGMA application_id").getInt();
  const bool blank = db.sql().execAndGet("SELECT count(*) FROM sqlite_schema").getInt() == 0;
  if (application_id != kApplicationId && !blank) {
    throw DatabaseError(DatabaseError::Kind::not_a_database,
                        path.string() + ": an SQLite database of another program, not landpool's");
  }
  const int version = db.schema_version();
  if (version > latest_schema_version()) {
    throw DatabaseError(DatabaseError::Kind::too_new,
                        path.string() + ": schema version " + std::to_string(version) +
                            " is newer than this landpool understands (" +
                            std::to_string(latest_schema_version()) + "); upgrade landpool");
  }
  // WAL persists in the file: set only after the version check, so that a
  // refused file is left exactly as it was.
  db.sql().exec("PRAGMA journal_mode = WAL");
  if (blank)
    db.sql().exec("PRAGMA application_id = " + std::to_string(kApplicationId));
  migrate_schema(db.sql(), latest_schema_version());
  return db;
}

Database Database::open_unmigrated(const std::filesystem::path& path) {
  return Database(path, connect(path, /*create=*/true));
}

std::optional<Database> Database::open_read_only_if_current(const std::filesystem::path& path) {
  if (!std::filesystem::exists(path))
    return std::nullopt;
  auto connection =
      std::make_unique<SQLite::Database>(path.string(), SQLite::OPEN_READONLY, kBusyTimeout_ms);
  try {
    if (connection->execAndGet("PRAGMA user_version").getInt() != latest_schema_version()) {
      return std::nullopt;
    }
  } catch (const SQLite::Exception&) {
    return std::nullopt;  // not a database: the writer that opens it will say so
  }
  return Database(path, std::move(connection));
}

void Database::require_transaction(const char* writer) {
  if (sqlite3_get_autocommit(connection_->getHandle()) != 0) {
    throw std::logic_error(std::string(writer) + " must run inside a transaction");
  }
}

int Database::schema_version() {
  return connection_->execAndGet("PRAGMA user_version").getInt();
}

}  // namespace landpool
