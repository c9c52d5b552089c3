#include "db/database.hpp"

#include <SQLiteCpp/Exception.h>
#include <spdlog/fmt/fmt.h>
#include <spdlog/spdlog.h>
#include <sqlite3.h>
#include <unistd.h>

#include "db/migrations.hpp"

namespace landpool {
namespace {

int g_busy_timeout_s = 30;

int busy_timeout_ms() {
  return g_busy_timeout_s * 1000;
}

std::unique_ptr<SQLite::Database> connect(const std::filesystem::path& path, bool create) {
  const int flags = SQLite::OPEN_READWRITE | (create ? SQLite::OPEN_CREATE : 0);
  std::unique_ptr<SQLite::Database> connection;
  try {
    connection = std::make_unique<SQLite::Database>(path.string(), flags, busy_timeout_ms());
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
    if (store_fault_of(error))
      throw;  // busy or failing storage, not a question of the file's content
    throw DatabaseError(DatabaseError::Kind::not_a_database,
                        path.string() + ": not a landpool database (" + error.what() + ")");
  }
  return connection;
}

/// Whether the file or its folder cannot be written (a read-only file system,
/// or no rights): SQLite could not create its -wal and -shm files there.
std::filesystem::path folder_of(const std::filesystem::path& path) {
  return path.has_parent_path() ? path.parent_path() : ".";
}

bool on_read_only_storage(const std::filesystem::path& path) {
  return ::access(path.c_str(), W_OK) != 0 || ::access(folder_of(path).c_str(), W_OK) != 0;
}

/// Whether the write-ahead log holds nothing: `immutable` ignores the log,
/// so it may only be used when every commit is in the main file.
bool log_is_empty(const std::filesystem::path& path) {
  std::error_code error;
  const auto log = std::filesystem::path(path.string() + "-wal");
  return !std::filesystem::exists(log, error) || std::filesystem::file_size(log, error) == 0;
}

/// A read-only connection for such storage: `immutable` lets SQLite read a
/// WAL database without its -shm file, which it could not create.
std::unique_ptr<SQLite::Database> connect_read_only(const std::filesystem::path& path) {
  std::string uri = "file:";
  for (const char c : std::filesystem::absolute(path).string()) {
    if (c == '%' || c == '?' || c == '#')
      uri += fmt::format("%{:02X}", static_cast<unsigned char>(c));
    else
      uri += c;
  }
  uri += "?immutable=1";
  try {
    return std::make_unique<SQLite::Database>(uri, SQLite::OPEN_READONLY | SQLite::OPEN_URI,
                                              busy_timeout_ms());
  } catch (const SQLite::Exception& error) {
    throw DatabaseError(DatabaseError::Kind::cannot_open,
                        path.string() + ": cannot open the database (" + error.what() + ")");
  }
}

}  // namespace

std::optional<StoreFault> store_fault_of(const std::exception& error) {
  const auto* sqlite_error = dynamic_cast<const SQLite::Exception*>(&error);
  if (sqlite_error == nullptr)
    return std::nullopt;
  switch (sqlite_error->getErrorCode()) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return StoreFault::busy;
    case SQLITE_FULL:
      return StoreFault::disk_full;
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:  // its -wal or -shm file cannot be created
      return StoreFault::read_only;
    case SQLITE_IOERR:
      return StoreFault::io_error;
    default:
      return std::nullopt;
  }
}

std::string describe_store_fault(StoreFault fault, const std::filesystem::path& path,
                                 const std::exception& error) {
  const std::string where = path.string() + ": ";
  const std::string unchanged = "; nothing was changed";
  switch (fault) {
    case StoreFault::busy:
      return where + "database busy: another process is writing to it and did not finish within " +
             std::to_string(g_busy_timeout_s) + " s (wait longer with --wait SECONDS)" + unchanged;
    case StoreFault::disk_full:
      return where + "the disk is full (or a file size limit was reached)" + unchanged +
             "; free space and repeat the command";
    case StoreFault::read_only:
      return where +
             "the database cannot be written (a read-only file system, or no right to write the "
             "file and its folder)" +
             unchanged;
    case StoreFault::io_error:
      return where + "the disk failed to read or write (" + error.what() + ")" + unchanged;
  }
  return where + error.what();
}

void Database::set_busy_timeout_s(int seconds) {
  g_busy_timeout_s = seconds;
}

int Database::busy_timeout_s() {
  return g_busy_timeout_s;
}

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
  // With committed changes still in its log, such a file is not opened at
  // all (the connection below fails as StoreFault::read_only).
  const bool read_only = exists && on_read_only_storage(path) && log_is_empty(path);
  if (!exists && mode == OpenMode::create_if_missing) {
    const auto folder = folder_of(path);
    if (std::filesystem::is_directory(folder) && ::access(folder.c_str(), W_OK) != 0)
      throw SQLite::Exception(path.string() + ": the folder cannot be written", SQLITE_READONLY);
  }
  Database db(path, read_only ? connect_read_only(path)
                              : connect(path, mode == OpenMode::create_if_missing));
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
  if (read_only) {
    // Commands that only read work; the first write fails as StoreFault::read_only.
    if (version < latest_schema_version())
      throw SQLite::Exception(path.string() + ": schema version " + std::to_string(version) +
                                  " needs an upgrade, and the database is read-only",
                              SQLITE_READONLY);
    return db;
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
      std::make_unique<SQLite::Database>(path.string(), SQLite::OPEN_READONLY, busy_timeout_ms());
  try {
    if (connection->execAndGet("PRAGMA user_version").getInt() != latest_schema_version()) {
      return std::nullopt;
    }
  } catch (const SQLite::Exception&) {
    return std::nullopt;  // not a database: the writer that opens it will say so
  }
  return Database(path, std::move(connection));
}

void Database::require_writable() {
  if (sqlite3_db_readonly(connection_->getHandle(), "main") == 1)
    throw SQLite::Exception(path_.string() + ": read-only", SQLITE_READONLY);
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
