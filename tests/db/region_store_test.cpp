#include "db/region_store.hpp"

#include <gtest/gtest.h>

#include "importers/csv_import.hpp"
#include "test_support.hpp"

namespace landpool::testing {
namespace {

Region small_region() {
  TempDir dir;
  CsvFixture::small_valid_region().write(dir.path());
  return import_csv_directory(dir.path()).region;
}

TEST(RegionStore, EmptyDatabaseHoldsNoRegion) {
  TempDir dir;
  auto db = Database::open(dir / "r.db", Database::OpenMode::create_if_missing);
  EXPECT_FALSE(holds_region(db));
  EXPECT_FALSE(last_import(db).has_value());
}

TEST(RegionStore, ReplaceSwapsTheWholeRegionAndLogsEachImport) {
  TempDir dir;
  auto db = Database::open(dir / "r.db", Database::OpenMode::create_if_missing);
  auto region = small_region();
  replace_region(db, region, {"csv", "first", "fp1", "2026Q4"});
  region.parcels.pop_back();  // G1P goes, and with it its offer
  region.offers.clear();
  replace_region(db, region, {"csv", "second", "fp2", "2027Q1"});
  EXPECT_EQ(load_region(db), region);
  EXPECT_EQ(db.sql().execAndGet("SELECT count(*) FROM imports").getInt(), 2);
  EXPECT_EQ(last_import(db)->record.source, "second");
  EXPECT_EQ(last_import(db)->record.quarter, "2027Q1");
}

TEST(RegionStore, FailedWriteLeavesThePreviousRegion) {
  TempDir dir;
  auto db = Database::open(dir / "r.db", Database::OpenMode::create_if_missing);
  const auto region = small_region();
  replace_region(db, region, {"csv", "first", "fp1", "2026Q4"});
  auto broken = region;
  broken.parcels[0].owner_id = "nobody";  // violates a foreign key mid-transaction
  EXPECT_ANY_THROW(replace_region(db, broken, {"csv", "broken", "fp2", "2026Q4"}));
  EXPECT_EQ(load_region(db), region);
  EXPECT_EQ(db.sql().execAndGet("SELECT count(*) FROM imports").getInt(), 1);
}

}  // namespace
}  // namespace landpool::testing
