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
    old.sql().exec(
        read_bytes(std::filesystem::path(LANDPOOL_SOURCE_DIR) / "tests/db/fixtures/schema_v1.sql"));
    ASSERT_EQ(old.schema_version(), 1);
  }
  auto db = Database::open(path, Database::OpenMode::must_exist);
  EXPECT_EQ(db.schema_version(), latest_schema_version());
  EXPECT_TRUE(db.sql().tableExists("runs"));
  EXPECT_TRUE(db.sql().tableExists("parcel_neighbours"));
  const auto region = load_region(db);
  ASSERT_EQ(region.farms.size(), 1u);
  EXPECT_EQ(region.farms[0].name, "Old Farm");
  ASSERT_EQ(region.parcels.size(), 1u);
  EXPECT_DOUBLE_EQ(region.parcels[0].area_ha, 3.5);
  EXPECT_EQ(last_import(db)->record.quarter, "2026Q4");

  // And the command line reads it as any other database.
  const auto status = run_landpool({"status", "--db", path.string()});
  EXPECT_EQ(status.exit_code, 0) << status.err;
}

TEST(Migrations, NewerSchemaIsRefusedAndLeftUntouched) {
  TempDir dir;
  const auto path = dir / "future.db";
  {
    auto db = Database::open_unmigrated(path);
    db.sql().exec("PRAGMA application_id = " + std::to_string(Database::kApplicationId));
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
  try {
    Database::open(path, Database::OpenMode::must_exist);
    FAIL() << "a text file must be refused";
  } catch (const DatabaseError& error) {
    EXPECT_EQ(error.kind(), DatabaseError::Kind::not_a_database);
  }
  EXPECT_EQ(run_landpool({"status", "--db", path.string()}).exit_code, 3);
  EXPECT_EQ(read_bytes(path), "these are my notes, not a database\n");
}

TEST(Migrations, AnotherProgramsDatabaseIsRefusedAndLeftUntouched) {
  TempDir dir;
  const auto path = dir / "other.db";
  {
    auto other = Database::open_unmigrated(path);
    other.sql().exec("CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('mine')");
  }
  const auto before = read_bytes(path);
  const auto result = run_landpool({"status", "--db", path.string()});
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_NE(result.err.find("another program"), std::string::npos) << result.err;
  EXPECT_TRUE(read_bytes(path) == before);
}

TEST(Migrations, PathThatCannotBeOpenedIsAUsageError) {
  TempDir dir;
  const auto result = run_landpool({"status", "--db", dir.path().string()});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  const auto nested = run_landpool(
      {"import", "csv", example_region_dir().string(), "--db", (dir / "no/such/x.db").string()});
  EXPECT_EQ(nested.exit_code, 2) << nested.err;
}

}  // namespace
}  // namespace landpool::testing
