#pragma once
// The embedded SQLite store. Opening a database sets the per-connection
// pragmas (foreign keys, busy timeout), refuses files written by a newer
// landpool, switches to WAL and brings the schema up to date.

#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include <SQLiteCpp/Database.h>

namespace landpool {

class DatabaseError : public std::runtime_error {
 public:
  enum class Kind {
    not_found,       ///< the file does not exist and may not be created
    cannot_open,     ///< the path cannot be opened (a directory, no such folder, no rights)
    not_a_database,  ///< not an SQLite database, or another program's database
    too_new,         ///< written by a newer landpool: refuse, never downgrade
  };
  DatabaseError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

/// A failure of the store itself rather than of the request: the user can
/// act on it (wait, free space, fix rights), and the transaction it struck
/// was rolled back, so the database is as it was.
enum class StoreFault {
  busy,       ///< another process held the write lock longer than the wait
  disk_full,  ///< no space left (or a file size limit) while writing
  read_only,  ///< the file or its file system cannot be written
  io_error,   ///< the disk failed to read or write
};

/// The fault an exception from SQLite stands for; nullopt for any other error.
std::optional<StoreFault> store_fault_of(const std::exception& error);

/// One line for the user: what happened to `path` and what to do.
std::string describe_store_fault(StoreFault fault, const std::filesystem::path& path,
                                 const std::exception& error);

class Database {
 public:
  /// How long a connection waits for another process's write lock before it
  /// gives up with StoreFault::busy; process-wide, set once by the front end.
  static void set_busy_timeout_s(int seconds);
  static int busy_timeout_s();

  /// PRAGMA application_id of landpool databases ("LPDB"), so that another
  /// program's SQLite file is never taken over.
  static constexpr int kApplicationId = 0x4C504442;

  enum class OpenMode {
    create_if_missing,  ///< writers: import
    must_exist,         ///< readers: status, solve, export
  };

  /// Opens (or creates) the database at `path` and migrates it to the newest
  /// schema. Throws DatabaseError for the cases listed in its Kind.
  static Database open(const std::filesystem::path& path, OpenMode mode);

  /// Opens without migrating: for tests that build an older schema by hand.
  static Database open_unmigrated(const std::filesystem::path& path);

  SQLite::Database& sql() { return *connection_; }
  const std::filesystem::path& path() const { return path_; }
  int schema_version();

  /// For commands that work long before they write (solve, compare): throws
  /// the SQLite error of StoreFault::read_only at once when the database was
  /// opened on storage that cannot be written.
  void require_writable();

  /// Throws std::logic_error unless a transaction is open: writers that take
  /// part in a caller's transaction check this.
  void require_transaction(const char* writer);

  /// Opens an existing database read-only at the latest schema, without
  /// creating, migrating or otherwise writing anything; nullopt when the file
  /// is absent or its schema is not the latest.
  static std::optional<Database> open_read_only_if_current(const std::filesystem::path& path);

 private:
  Database(std::filesystem::path path, std::unique_ptr<SQLite::Database> connection);
  std::filesystem::path path_;
  std::unique_ptr<SQLite::Database> connection_;
};

}  // namespace landpool
