// Import of valid regions: what was read is what is stored.

#include "importers/csv_import.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "db/region_store.hpp"
#include "test_support.hpp"

namespace landpool::testing {
namespace {

TEST(CsvImport, ReadsEveryFieldOfTheSmallRegion) {
  TempDir dir;
  CsvFixture::small_valid_region().write(dir.path());
  const auto result = import_csv_directory(dir.path());
  ASSERT_FALSE(result.diagnostics.has_errors())
      << format_problem(result.diagnostics.errors().front());
  const auto& region = result.region;
  ASSERT_EQ(region.parcels.size(), 6u);
  ASSERT_EQ(region.farms.size(), 3u);
  ASSERT_EQ(region.owners.size(), 4u);
  ASSERT_EQ(region.leases.size(), 2u);
  ASSERT_EQ(region.offers.size(), 1u);
  ASSERT_EQ(region.demands.size(), 2u);

  const auto& a2 = region.parcels[1];
  EXPECT_EQ(a2.parcel_id, "A2");
  EXPECT_DOUBLE_EQ(a2.area_ha, 3.2);
  EXPECT_EQ(a2.organic_status, OrganicStatus::converting);
  EXPECT_EQ(a2.converting_since, parse_iso_date("2025-03-01"));
  EXPECT_EQ(a2.user_farm_id, "F1");

  const auto& b2 = region.parcels[3];  // area and location from its polygon
  EXPECT_NEAR(b2.area_ha, 2.0, 1e-9);
  EXPECT_NEAR(b2.centroid.x_m, 121300.0, 1e-6);
  EXPECT_NEAR(b2.centroid.y_m, 490750.0, 1e-6);
  EXPECT_TRUE(b2.wkt.has_value());

  EXPECT_FALSE(region.parcels[5].user_farm_id.has_value());
  EXPECT_EQ(region.owners[3].name, "De Wit, J.");  // quoted comma survives
  EXPECT_EQ(region.owners[2].kind, OwnerKind::government);
  EXPECT_FALSE(region.owners[2].farm_id.has_value());

  EXPECT_EQ(region.leases[1].kind, LeaseKind::short_term);
  EXPECT_EQ(region.leases[1].end_date, parse_iso_date("2029-12-31"));
  EXPECT_TRUE(region.offers[0].organic_only);
  EXPECT_EQ(region.offers[0].lease_years_max, 6);
  EXPECT_EQ(region.offers[0].modes.to_string(), "lease");

  const auto& f1 = region.demands[0];
  EXPECT_EQ(f1.exchange.policy, ExchangeParcels::Policy::listed);
  EXPECT_EQ(f1.exchange.parcel_ids, std::vector<std::string>{"A2"});
  EXPECT_EQ(f1.max_partners, 3);
  EXPECT_EQ(f1.modes.to_string(), "lease|exchange");
  const auto& f2 = region.demands[1];
  EXPECT_EQ(f2.exchange.policy, ExchangeParcels::Policy::all);
  EXPECT_TRUE(f2.converts);
  EXPECT_FALSE(f2.max_distance_km.has_value());
  EXPECT_EQ(f2.modes.to_string(), "exchange");
}

TEST(CsvImport, RoundTripThroughTheDatabaseKeepsEveryValue) {
  TempDir dir;
  CsvFixture::small_valid_region().write(dir / "in");
  const auto result = import_csv_directory(dir / "in");
  ASSERT_FALSE(result.diagnostics.has_errors());
  {
    auto db = Database::open(dir / "r.db", Database::OpenMode::create_if_missing);
    replace_region(db, result.region, {"csv", "in", result.fingerprint, "2026Q4"});
  }
  auto db = Database::open(dir / "r.db", Database::OpenMode::must_exist);
  EXPECT_EQ(load_region(db), result.region);
  const auto log = last_import(db);
  ASSERT_TRUE(log.has_value());
  EXPECT_EQ(log->record.fingerprint, result.fingerprint);
  EXPECT_EQ(log->parcel_count, 6);
}

TEST(CsvImport, ShippedExampleRegionIsValidAndRoundTrips) {
  const auto result = import_csv_directory(example_region_dir());
  ASSERT_FALSE(result.diagnostics.has_errors())
      << format_problem(result.diagnostics.errors().front());
  EXPECT_TRUE(result.diagnostics.warnings().empty());
  EXPECT_GT(result.region.parcels.size(), 50u);
  TempDir dir;
  auto db = Database::open(dir / "r.db", Database::OpenMode::create_if_missing);
  replace_region(db, result.region, {"csv", "example", result.fingerprint, "2026Q4"});
  EXPECT_EQ(load_region(db), result.region);
}

TEST(CsvImport, OptionalFilesMayBeAbsent) {
  TempDir dir;
  auto fixture = CsvFixture::small_valid_region();
  fixture.remove_file("leases.csv");
  fixture.remove_file("offers.csv");
  fixture.remove_file("demands.csv");
  fixture.write(dir.path());
  const auto result = import_csv_directory(dir.path());
  EXPECT_FALSE(result.diagnostics.has_errors());
  EXPECT_TRUE(result.region.leases.empty());
}

TEST(CsvImport, ColumnsInAnyOrderAndUnknownColumnsWarn) {
  TempDir dir;
  auto fixture = CsvFixture::small_valid_region();
  auto& farms = fixture.files["farms.csv"];
  for (auto& row : farms) {
    std::reverse(row.begin(), row.end());
    row.push_back("green");
  }
  farms[0].back() = "colour";
  fixture.write(dir.path());
  const auto result = import_csv_directory(dir.path());
  EXPECT_FALSE(result.diagnostics.has_errors());
  ASSERT_EQ(result.diagnostics.warnings().size(), 1u);
  EXPECT_EQ(result.diagnostics.warnings()[0].column, "colour");
  EXPECT_EQ(result.region.farms[0].farm_id, "F1");
  EXPECT_DOUBLE_EQ(result.region.farms[0].farmstead.x_m, 120000.0);
}

TEST(CsvImport, WarnsWhenGivenAreaDisagreesWithThePolygon) {
  TempDir dir;
  auto fixture = CsvFixture::small_valid_region();
  fixture.set("parcels.csv", 3, "area_ha", "2.5");  // polygon is 2.0 ha
  fixture.write(dir.path());
  const auto result = import_csv_directory(dir.path());
  EXPECT_FALSE(result.diagnostics.has_errors());
  ASSERT_EQ(result.diagnostics.warnings().size(), 1u);
  EXPECT_EQ(result.diagnostics.warnings()[0].column, "area_ha");
  EXPECT_DOUBLE_EQ(result.region.parcels[3].area_ha, 2.5);
}

}  // namespace
}  // namespace landpool::testing

namespace landpool::testing {
namespace {

TEST(CsvImport, WktIsNormalisedSoThatEveryReaderSeesThePolygon) {
  TempDir dir;
  auto fixture = CsvFixture::small_valid_region();
  fixture.set("parcels.csv", 3, "wkt",
              "polygon z ((121200 490700 1, 121400 490700 1, 121400 490800 1, 121200 490800 1, "
              "121200 490700 1))");
  fixture.write(dir.path());
  const auto result = import_csv_directory(dir.path());
  ASSERT_FALSE(result.diagnostics.has_errors())
      << format_problem(result.diagnostics.errors().front());
  const auto& wkt = *result.region.parcels[3].wkt;
  EXPECT_EQ(wkt.rfind("POLYGON ((", 0), 0u) << wkt;
  EXPECT_NEAR(result.region.parcels[3].area_ha, 2.0, 1e-9);
}

}  // namespace
}  // namespace landpool::testing
