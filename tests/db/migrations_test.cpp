#include "db/migrations.hpp"

#include <gtest/gtest.h>

#include <SQLiteCpp/Transaction.h>

#include "db/database.hpp"
#include "db/region_store.hpp"
#include "test_support.hpp"

namespace landpool::testing {
namespace {

TEST(Migrations, VersionsAreConsecutiveFromOne) {
  int expected = 1;
  for (const auto& step : schema_migrations())
    EXPECT_EQ(step.version, expected++);
  EXPECT_EQ(latest_schema_version(), expected - 1);
}

TEST(Migrations, NewDatabaseGetsTheLatestSchemaInWalMode) {
  TempDir dir;
  auto db = Database::open(dir / "new.db", Database::OpenMode::create_if_missing);
  EXPECT_EQ(db.schema_version(), latest_schema_version());
  EXPECT_EQ(db.sql().execAndGet("PRAGMA journal_mode").getString(), "wal");
  EXPECT_EQ(db.sql().execAndGet("PRAGMA foreign_keys").getInt(), 1);
}

TEST(Migrations, OlderSchemaIsUpgradedAndKeepsItsData) {
  TempDir dir;
  const auto path = dir / "old.db";
  {
    auto old = Database::open_unmigrated(path);
    migrate_schema(old.sql(), 1);
    ASSERT_EQ(old.schema_version(), 1);
    old.sql().exec(
        "INSERT INTO farms VALUES ('F1', 'Old Farm', 'dairy', 'organic', 120000, 490000)");
  }
  auto db = Database::open(path, Database::OpenMode::must_exist);
  EXPECT_EQ(db.schema_version(), latest_schema_version());
  EXPECT_TRUE(db.sql().tableExists("runs"));
  EXPECT_TRUE(db.sql().tableExists("transfers"));
  const auto region = load_region(db);
  ASSERT_EQ(region.farms.size(), 1u);
  EXPECT_EQ(region.farms[0].name, "Old Farm");
}

TEST(Migrations, NewerSchemaIsRefusedAndLeftUntouched) {
  TempDir dir;
  const auto path = dir / "future.db";
  {
    auto db = Database::open_unmigrated(path);
    db.sql().exec("CREATE TABLE something_new (x INTEGER)");
    db.sql().exec("PRAGMA user_version = " + std::to_string(latest_schema_version() + 1));
  }
  const auto before = read_bytes(path);
  try {
    Database::open(path, Database::OpenMode::must_exist);
    FAIL() << "a database newer than the code must be refused";
  } catch (const DatabaseError& error) {
    EXPECT_EQ(error.kind(), DatabaseError::Kind::too_new);
    EXPECT_NE(std::string(error.what()).find("newer"), std::string::npos);
  }
  EXPECT_TRUE(read_bytes(path) == before);

  const auto result = run_landpool({"status", "--db", path.string()});
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_NE(result.err.find("newer than this landpool"), std::string::npos) << result.err;
}

TEST(Migrations, FileThatIsNotADatabaseIsRefused) {
  TempDir dir;
  const auto path = dir / "notes.db";
  write_text(path, "these are my notes, not a database\n");
  EXPECT_THROW(Database::open(path, Database::OpenMode::must_exist), DatabaseError);
  EXPECT_EQ(read_bytes(path), "these are my notes, not a database\n");
}

}  // namespace
}  // namespace landpool::testing
