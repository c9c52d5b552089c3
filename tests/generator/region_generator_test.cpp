// The region generator: deterministic, valid by the importer's own checks,
// and with the statistics docs/regions.md promises.

#include "generator/region_generator.hpp"

#include <gtest/gtest.h>

#include <ogr_geometry.h>

#include <map>
#include <memory>
#include <set>

#include "importers/csv_import.hpp"
#include "importers/region_csv_writer.hpp"
#include "test_support.hpp"

namespace landpool::testing {
namespace {

using generator::generate_region;
using generator::GenerateOptions;

GenerateOptions options(const std::string& preset, std::uint64_t seed,
                        std::optional<long> parcels = std::nullopt) {
  GenerateOptions o;
  o.preset = preset;
  o.seed = seed;
  o.parcels = parcels;
  o.as_of = *parse_iso_date("2026-10-01");
  return o;
}

std::map<std::string, std::string> files_in(const std::filesystem::path& directory) {
  std::map<std::string, std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(directory)) {
    files[entry.path().filename().string()] = read_bytes(entry.path());
  }
  return files;
}

TEST(RegionGenerator, SameSeedGivesByteIdenticalFilesAndAnotherSeedDoesNot) {
  TempDir dir;
  auto run = [&](const std::string& out, std::uint64_t seed) {
    const auto result =
        run_landpool({"generate", "region", "--preset", "polder-1k", "--seed", std::to_string(seed),
                      "--as-of", "2026-10-01", "--out", (dir / out).string()});
    ASSERT_EQ(result.exit_code, 0) << result.err;
  };
  run("a", 7);
  run("b", 7);
  run("c", 8);
  const auto a = files_in(dir / "a");
  EXPECT_EQ(a.size(), 7u);  // six CSV files and parcels.geojson
  EXPECT_TRUE(a == files_in(dir / "b"));
  EXPECT_FALSE(a.at("parcels.csv") == files_in(dir / "c").at("parcels.csv"));
}

class GeneratedRegionImports
    : public ::testing::TestWithParam<std::tuple<std::string, std::uint64_t, long>> {};

TEST_P(GeneratedRegionImports, WithoutASingleProblem) {
  const auto& [preset, seed, parcels] = GetParam();
  const auto generated = generate_region(options(preset, seed, parcels));
  TempDir dir;
  write_region_csv(generated.region, dir.path());
  const auto imported = import_csv_directory(dir.path());
  EXPECT_TRUE(imported.diagnostics.errors().empty())
      << format_problem(imported.diagnostics.errors().front());
  EXPECT_TRUE(imported.diagnostics.warnings().empty())
      << format_problem(imported.diagnostics.warnings().front());
  EXPECT_EQ(imported.region.parcels.size(), static_cast<std::size_t>(parcels));
  EXPECT_EQ(imported.region.farms, generated.region.farms);
  EXPECT_EQ(imported.region.leases, generated.region.leases);
  EXPECT_EQ(imported.region.demands, generated.region.demands);
}

INSTANTIATE_TEST_SUITE_P(PresetsAndSeeds, GeneratedRegionImports,
                         ::testing::Values(std::make_tuple("harenkarspel", 1, 3000),
                                           std::make_tuple("harenkarspel", 2, 800),
                                           std::make_tuple("waterland", 3, 900),
                                           std::make_tuple("polder-1k", 4, 1000),
                                           std::make_tuple("polder-1k", 5, 150)));

TEST(RegionGenerator, HasThePromisedStatistics) {
  const auto generated = generate_region(options("harenkarspel", 11));
  const auto& region = generated.region;
  const auto& preset = generated.preset;

  double total_ha = 0.0, government_ha = 0.0;
  std::map<std::string, OwnerKind> owner_kind;
  for (const auto& owner : region.owners)
    owner_kind[owner.owner_id] = owner.kind;
  for (const auto& parcel : region.parcels) {
    total_ha += parcel.area_ha;
    EXPECT_GE(parcel.area_ha, 0.45) << parcel.parcel_id;
    EXPECT_LE(parcel.area_ha, 10.0) << parcel.parcel_id;
    if (owner_kind.at(parcel.owner_id) == OwnerKind::government)
      government_ha += parcel.area_ha;
  }
  EXPECT_NEAR(government_ha / total_ha, preset.government_area_share, 0.015);

  // About 40 % of the land leased (leases run on the as-of date).
  double leased_ha = 0.0;
  std::map<std::string, double> area_of;
  for (const auto& parcel : region.parcels)
    area_of[parcel.parcel_id] = parcel.area_ha;
  for (const auto& lease : region.leases)
    leased_ha += area_of.at(lease.parcel_id);
  EXPECT_NEAR(leased_ha / total_ha, preset.leased_area_share, 0.06);

  // Organic farms at the preset's share, several hundred farms in all.
  long organic = 0;
  for (const auto& farm : region.farms)
    organic += farm.organic_status == OrganicStatus::organic;
  EXPECT_GT(region.farms.size(), 120u);
  EXPECT_LT(region.farms.size(), 400u);
  EXPECT_NEAR(static_cast<double>(organic) / static_cast<double>(region.farms.size()),
              preset.organic_farm_share, 0.02);

  // Holdings: most land near the farmstead, a tail of distant parcels.
  std::map<std::string, PointRd> farmstead;
  for (const auto& farm : region.farms)
    farmstead[farm.farm_id] = farm.farmstead;
  double near_ha = 0.0, farmed_ha = 0.0, far_ha = 0.0;
  for (const auto& parcel : region.parcels) {
    if (!parcel.user_farm_id)
      continue;
    const auto& home = farmstead.at(*parcel.user_farm_id);
    const double d = std::hypot(parcel.centroid.x_m - home.x_m, parcel.centroid.y_m - home.y_m);
    farmed_ha += parcel.area_ha;
    if (d <= 2000.0)
      near_ha += parcel.area_ha;
    if (d > 3000.0)
      far_ha += parcel.area_ha;
  }
  EXPECT_GT(near_ha / farmed_ha, 0.6);
  EXPECT_GT(far_ha / farmed_ha, 0.03);

  // Pool land from government and willing owners; organic farms want land.
  EXPECT_GT(region.offers.size(), 30u);
  long organic_demands = 0, converters = 0, exchangers = 0;
  std::map<std::string, OrganicStatus> status;
  for (const auto& farm : region.farms)
    status[farm.farm_id] = farm.organic_status;
  for (const auto& demand : region.demands) {
    organic_demands += status.at(demand.farm_id) != OrganicStatus::conventional;
    converters += demand.converts;
    exchangers += demand.exchange.policy != ExchangeParcels::Policy::none;
  }
  EXPECT_GT(organic_demands, 10);
  EXPECT_GT(converters, 0);
  EXPECT_GT(exchangers, 10);

  // Converting parcels carry a conversion date in the last two (three) years.
  for (const auto& parcel : region.parcels) {
    if (parcel.organic_status != OrganicStatus::converting)
      continue;
    ASSERT_TRUE(parcel.converting_since.has_value());
    const long age = days_between(*parcel.converting_since, *parse_iso_date("2026-10-01"));
    EXPECT_GT(age, 0);
    EXPECT_LT(age, 3 * 365);
  }
}

TEST(RegionGenerator, OrganicShareIsConfigurable) {
  for (double share : {0.05, 0.40}) {
    auto o = options("polder-1k", 9);
    o.organic_farm_share = share;
    const auto region = generate_region(o).region;
    long organic = 0;
    for (const auto& farm : region.farms)
      organic += farm.organic_status == OrganicStatus::organic;
    EXPECT_NEAR(static_cast<double>(organic) / static_cast<double>(region.farms.size()), share,
                0.02);
  }
}

TEST(RegionGenerator, FarmSizeFactorGivesFewerLargerFarms) {
  const auto usual = generate_region(options("polder-1k", 5)).region;
  auto o = options("polder-1k", 5);
  o.farm_size_factor = 3.0;
  const auto large = generate_region(o).region;
  EXPECT_EQ(large.parcels.size(), usual.parcels.size());
  const double ratio =
      static_cast<double>(usual.farms.size()) / static_cast<double>(large.farms.size());
  EXPECT_GT(ratio, 2.0) << usual.farms.size() << " farms, with factor 3: " << large.farms.size();
  EXPECT_LT(ratio, 4.0) << usual.farms.size() << " farms, with factor 3: " << large.farms.size();
  o.farm_size_factor = 0.0;
  EXPECT_THROW(generate_region(o), std::invalid_argument);
}

// A consolidation: every farm takes part with all its parcels, net area 0
// within 10 %, exchanges of use only, and no pool land; valid as an import.
TEST(RegionGenerator, ConsolidationMakesEveryFarmExchangeAllItsLand) {
  auto o = options("polder-1k", 4);
  o.consolidation = true;
  const auto region = generate_region(o).region;
  EXPECT_TRUE(region.offers.empty());
  ASSERT_EQ(region.demands.size(), region.farms.size());
  std::set<std::string> farms;
  for (const auto& demand : region.demands) {
    farms.insert(demand.farm_id);
    EXPECT_EQ(demand.exchange.policy, ExchangeParcels::Policy::all);
    EXPECT_EQ(demand.wants_min_ha, 0.0);
    EXPECT_EQ(demand.wants_max_ha, 0.0);
    EXPECT_EQ(demand.tolerance_pct, 10.0);
    EXPECT_TRUE(demand.modes.contains(DemandMode::exchange));
    EXPECT_FALSE(demand.modes.contains(DemandMode::buy));
  }
  EXPECT_EQ(farms.size(), region.farms.size());
  TempDir dir;
  write_region_csv(region, dir.path());
  const auto imported = import_csv_directory(dir.path());
  EXPECT_TRUE(imported.diagnostics.errors().empty())
      << format_problem(imported.diagnostics.errors().front());
  EXPECT_EQ(imported.region.demands, region.demands);
}

TEST(RegionGenerator, SyntheticPolygonsTileWithoutOverlap) {
  // Checked with GDAL/GEOS, independently of the generator's own arithmetic.
  const auto generated = generate_region(options("polder-1k", 3, 400));
  std::vector<std::unique_ptr<OGRGeometry>> shapes;
  std::vector<OGREnvelope> boxes;
  for (const auto& parcel : generated.region.parcels) {
    OGRGeometry* shape = nullptr;
    ASSERT_EQ(OGRGeometryFactory::createFromWkt(parcel.wkt->c_str(), nullptr, &shape), OGRERR_NONE);
    shapes.emplace_back(shape);
    boxes.emplace_back();
    shape->getEnvelope(&boxes.back());
  }
  long touching = 0;
  for (std::size_t i = 0; i < shapes.size(); ++i) {
    for (std::size_t j = i + 1; j < shapes.size(); ++j) {
      if (!boxes[i].Intersects(boxes[j]))
        continue;
      std::unique_ptr<OGRGeometry> common(shapes[i]->Intersection(shapes[j].get()));
      const double area = common && !common->IsEmpty() && common->getDimension() == 2
                              ? common->toPolygon()->get_Area()
                              : 0.0;
      EXPECT_EQ(area, 0.0) << i << " " << j;
      ++touching;
    }
  }
  EXPECT_EQ(touching, 0) << "ditches separate every parcel";
}

TEST(RegionGenerator, UsesRealParcelsFromTheBrpSample) {
  const auto data = shared_data_dir();
  const auto file = data ? *data / "brp-2020-amsterdam-waterland/fields_cropped.shp.zip"
                         : std::filesystem::path();
  if (file.empty() || !std::filesystem::exists(file)) {
    GTEST_SKIP() << "../shared/data is absent: the BRP sample is not found";
  }
  auto o = options("waterland", 1);
  o.geometry_file = file.string();
  const auto generated = generate_region(o);
  EXPECT_EQ(generated.region.parcels.size(), 4872u);
  TempDir dir;
  write_region_csv(generated.region, dir.path());
  const auto imported = import_csv_directory(dir.path());
  EXPECT_TRUE(imported.diagnostics.errors().empty())
      << format_problem(imported.diagnostics.errors().front());
  long dairy = 0;
  for (const auto& farm : generated.region.farms)
    dairy += farm.sector == Sector::dairy;
  EXPECT_GT(static_cast<double>(dairy), 0.7 * static_cast<double>(generated.region.farms.size()));
}

TEST(RegionGenerator, RefusesUnknownPresetsAndBadCounts) {
  EXPECT_THROW(generate_region(options("atlantis", 1)), std::invalid_argument);
  EXPECT_THROW(generate_region(options("harenkarspel", 1, 3)), std::invalid_argument);
  const auto result =
      run_landpool({"generate", "region", "--preset", "atlantis", "--out", "/tmp/x"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("harenkarspel"), std::string::npos) << result.err;
}

TEST(RegionCsvWriter, WritesWhatTheImporterReadsBack) {
  const auto first = import_csv_directory(example_region_dir());
  ASSERT_FALSE(first.diagnostics.has_errors());
  TempDir dir;
  write_region_csv(first.region, dir.path());
  const auto second = import_csv_directory(dir.path());
  ASSERT_FALSE(second.diagnostics.has_errors());
  EXPECT_EQ(second.region, first.region);
}

}  // namespace
}  // namespace landpool::testing
