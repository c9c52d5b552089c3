// GIS import end to end through the real executable: real BRP data (when
// ../shared/data is present) and hand-made files with known answers.

#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <spdlog/fmt/fmt.h>
#include <boost/geometry.hpp>

#include "cli/exit_codes.hpp"
#include "db/geometry_store.hpp"
#include "db/region_store.hpp"
#include "geo/polygon.hpp"
#include "test_support.hpp"

namespace landpool::testing {
namespace {

std::filesystem::path shared_file(const std::string& relative) {
  const auto data = shared_data_dir();
  return data ? *data / relative : std::filesystem::path();
}

#define SKIP_WITHOUT_SHARED_DATA(path)                                       \
  if ((path).empty() || !std::filesystem::exists(path))                      \
  GTEST_SKIP() << "../shared/data is absent: " << (path).filename().string() \
               << " not found (the reference data sits beside the checkout in CI)"

/// A GeoJSON FeatureCollection in RD New with one feature per (id, WKT-ish ring).
std::string geojson_rd(const std::vector<std::pair<std::string, std::string>>& features,
                       const std::string& crs = "urn:ogc:def:crs:EPSG::28992") {
  std::string out = R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":")" +
                    crs + R"("}},"features":[)";
  for (std::size_t i = 0; i < features.size(); ++i) {
    if (i > 0)
      out += ",";
    out += fmt::format(
        R"({{"type":"Feature","properties":{{"parcel_id":"{}"}},"geometry":{{"type":"Polygon","coordinates":[{}]}}}})",
        features[i].first, features[i].second);
  }
  return out + "]}";
}

std::string ring(double x0, double y0, double x1, double y1) {
  return fmt::format("[[{0},{1}],[{2},{1}],[{2},{3}],[{0},{3}],[{0},{1}]]", x0, y0, x1, y1);
}

TEST(GisImport, BrpWaterlandImportsEveryParcelWithPolygonAreasAndNeighbours) {
  const auto file = shared_file("brp-2020-amsterdam-waterland/fields_cropped.shp.zip");
  SKIP_WITHOUT_SHARED_DATA(file);
  TempDir dir;
  const auto db_path = dir / "brp.db";
  const auto result = run_landpool({"import", "gis", file.string(), "--db", db_path.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("Imported 4872 parcel polygons"), std::string::npos) << result.out;

  auto db = Database::open(db_path, Database::OpenMode::must_exist);
  const auto layer = load_geometry_layer(db);
  ASSERT_EQ(layer.size(), 4872u);
  double total_ha = 0.0;
  for (const auto& parcel : layer) {
    // Recompute each area independently (Boost.Geometry, not GDAL).
    const auto shape = geo::parse_multipolygon_wkt(parcel.wkt);
    ASSERT_TRUE(shape.has_value()) << parcel.parcel_id;
    EXPECT_NEAR(parcel.area_ha, boost::geometry::area(*shape) / 10000.0, 1e-6 * parcel.area_ha);
    total_ha += parcel.area_ha;
  }
  EXPECT_NEAR(total_ha, 7287.0, 1.0);  // as published with the sample
  const auto stats = adjacency_stats(db);
  EXPECT_GT(static_cast<double>(stats.parcels_with_neighbour), 0.9 * 4872);
  EXPECT_FALSE(holds_region(db));  // the map only: owners and users come from CSV
}

TEST(GisImport, PdokGeoPackageLeavesOutLandscapeElements) {
  const auto file = shared_file("pdok-brp-2023-sample/brpgewaspercelen_definitief_2023.gpkg");
  SKIP_WITHOUT_SHARED_DATA(file);
  TempDir dir;
  const auto db_path = dir / "pdok.db";
  const auto result = run_landpool({"--db", db_path.string(), "import", "gis", file.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("47 landscape elements"), std::string::npos) << result.out;
  auto db = Database::open(db_path, Database::OpenMode::must_exist);
  const auto layer = load_geometry_layer(db);
  ASSERT_EQ(layer.size(), 53u);
  int grassland = 0, arable = 0;
  for (const auto& parcel : layer) {
    EXPECT_NE(parcel.category, "Landschapselement");
    EXPECT_EQ(parcel.year, 2023);
    EXPECT_TRUE(parcel.crop_code.has_value());
    grassland += parcel.land_use == LandUse::grassland;
    arable += parcel.land_use == LandUse::arable;
  }
  EXPECT_EQ(grassland, 33);
  EXPECT_EQ(arable, 20);
}

TEST(GisImport, DanishParcelsAreReprojectedFromUtm) {
  const auto file = shared_file("dk-marker-2026-sample/Marker_2026.zip");
  SKIP_WITHOUT_SHARED_DATA(file);
  // Areas in the source CRS, read independently with OGR.
  GDALAllRegister();
  std::map<long, double> source_area_m2;
  {
    std::unique_ptr<GDALDataset> dataset(static_cast<GDALDataset*>(GDALOpenEx(
        ("/vsizip/" + file.string()).c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr)));
    ASSERT_TRUE(dataset);
    auto* layer = dataset->GetLayer(0);
    EXPECT_STREQ(layer->GetSpatialRef()->GetAuthorityCode(nullptr), "25832");
    for (auto& feature : *layer) {
      source_area_m2[static_cast<long>(feature->GetFID())] =
          feature->GetGeometryRef()->toPolygon()->get_Area();
    }
  }
  TempDir dir;
  const auto db_path = dir / "dk.db";
  const auto result = run_landpool({"--db", db_path.string(), "import", "gis", file.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("EPSG:25832, reprojected to EPSG:28992"), std::string::npos);
  EXPECT_NE(result.err.find("outside the Netherlands"), std::string::npos) << result.err;
  auto db = Database::open(db_path, Database::OpenMode::must_exist);
  const auto layer = load_geometry_layer(db);
  ASSERT_EQ(layer.size(), 100u);
  for (const auto& parcel : layer) {
    // Denmark lies north of the Netherlands in RD New; projection scale
    // changes areas by well under 2 % there.
    EXPECT_GT(parcel.centroid.y_m, 700000.0);
    EXPECT_NEAR(parcel.area_ha * 10000.0, source_area_m2.at(parcel.feature_id),
                0.02 * source_area_m2.at(parcel.feature_id));
  }
}

TEST(GisImport, Wgs84GeoJsonIsReprojectedToRdNew) {
  // A ~100 m square around the RD New origin (Amersfoort, 155000 / 463000).
  TempDir dir;
  const double lon = 5.38720621, lat = 52.15517440, d_lon = 0.00073, d_lat = 0.00045;
  write_text(dir / "wgs84.geojson",
             geojson_rd({{"onze-lieve-vrouwetoren",
                          fmt::format("[[{0},{1}],[{2},{1}],[{2},{3}],[{0},{3}],[{0},{1}]]",
                                      lon - d_lon, lat - d_lat, lon + d_lon, lat + d_lat)}},
                        "urn:ogc:def:crs:OGC:1.3:CRS84"));
  const auto db_path = dir / "r.db";
  const auto result = run_landpool({"--db", db_path.string(), "import", "gis",
                                    (dir / "wgs84.geojson").string(), "--id-field", "parcel_id"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto db = Database::open(db_path, Database::OpenMode::must_exist);
  const auto layer = load_geometry_layer(db);
  ASSERT_EQ(layer.size(), 1u);
  EXPECT_EQ(layer[0].parcel_id, "onze-lieve-vrouwetoren");
  EXPECT_NEAR(layer[0].centroid.x_m, 155000.0, 5.0);
  EXPECT_NEAR(layer[0].centroid.y_m, 463000.0, 5.0);
}

TEST(GisImport, HandMadeGeometriesGiveTheExpectedNeighbours) {
  TempDir dir;
  const std::string with_hole = ring(1000, 0, 1300, 300) + "," + ring(1100, 100, 1200, 200);
  write_text(dir / "parcels.geojson",
             geojson_rd({{"touch-a", ring(0, 0, 100, 200)},
                         {"touch-b", ring(100, 0, 200, 200)},
                         {"ditch-c", ring(203, 0, 303, 200)},  // 3 m from touch-b
                         {"far-d", ring(320, 0, 420, 200)},    // 17 m from ditch-c
                         {"ring-e", with_hole},
                         {"island-f", ring(1100, 100, 1200, 200)}}));
  const auto db_path = dir / "r.db";
  const auto result = run_landpool({"--db", db_path.string(), "import", "gis",
                                    (dir / "parcels.geojson").string(), "--id-field", "parcel_id"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto db = Database::open(db_path, Database::OpenMode::must_exist);
  const auto pairs = load_neighbours(db);
  ASSERT_EQ(pairs.size(), 3u);
  EXPECT_EQ(pairs[0].parcel_a, "ditch-c");
  EXPECT_EQ(pairs[0].parcel_b, "touch-b");
  EXPECT_NEAR(pairs[0].gap_m, 3.0, 1e-6);
  EXPECT_EQ(pairs[1].parcel_a, "island-f");
  EXPECT_EQ(pairs[1].parcel_b, "ring-e");
  EXPECT_NEAR(pairs[1].shared_boundary_m, 400.0, 5.0);
  EXPECT_EQ(pairs[2].parcel_a, "touch-a");
  EXPECT_EQ(pairs[2].parcel_b, "touch-b");
  EXPECT_NEAR(pairs[2].shared_boundary_m, 200.0, 2.0);
}

TEST(GisImport, GeneratingOnParcelsOutsideTheNetherlandsIsAnInputError) {
  const auto file = shared_file("dk-marker-2026-sample/Marker_2026.zip");
  SKIP_WITHOUT_SHARED_DATA(file);
  TempDir dir;
  const auto result = run_landpool({"generate", "region", "--geometry", file.string(), "--out",
                                    (dir / "dk").string(), "--as-of", "2026-10-01"});
  EXPECT_EQ(result.exit_code, exit_code::kInvalidInput);
  EXPECT_NE(result.err.find("outside the Netherlands"), std::string::npos) << result.err;
  EXPECT_EQ(run_landpool({"generate", "region", "--geometry", (dir / "none.gpkg").string(), "--out",
                          (dir / "x").string()})
                .exit_code,
            exit_code::kInvalidInput);
}

TEST(GisImport, TheGapSettingStaysUntilChanged) {
  TempDir dir;
  write_text(dir / "p.geojson", geojson_rd({{"a", ring(120000, 490000, 120100, 490100)},
                                            {"b", ring(120108, 490000, 120208, 490100)}}));
  const auto file = (dir / "p.geojson").string();
  const auto db_path = (dir / "r.db").string();
  ASSERT_EQ(run_landpool({"--db", db_path, "import", "gis", file, "--max-gap-m", "10"}).exit_code,
            0);
  const auto again = run_landpool({"--db", db_path, "import", "gis", file, "--replace"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("gap up to 10 m"), std::string::npos) << again.out;
  auto db = Database::open(db_path, Database::OpenMode::must_exist);
  EXPECT_EQ(load_neighbours(db).size(), 1u);  // 8 m apart: neighbours at 10 m
  EXPECT_EQ(run_landpool({"--db", db_path, "import", "gis", file, "--replace", "--bbox",
                          "4.9,52.4,5.0,52.5"})
                .exit_code,
            exit_code::kUsageError);  // degrees, not metres
}

TEST(GisImport, FileWithoutCrsIsRefused) {
  TempDir dir;
  GDALAllRegister();
  const auto path = (dir / "nocrs.shp").string();
  {
    auto* driver = GetGDALDriverManager()->GetDriverByName("ESRI Shapefile");
    std::unique_ptr<GDALDataset> dataset(
        driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    auto* layer = dataset->CreateLayer("nocrs", nullptr, wkbPolygon, nullptr);
    OGRFeature feature(layer->GetLayerDefn());
    OGRGeometry* square = nullptr;
    OGRGeometryFactory::createFromWkt(
        "POLYGON ((120000 490000, 120100 490000, 120100 490100, 120000 490100, 120000 490000))",
        nullptr, &square);
    feature.SetGeometryDirectly(square);
    ASSERT_EQ(layer->CreateFeature(&feature), OGRERR_NONE);
  }
  const auto db_path = dir / "r.db";
  const auto result = run_landpool({"--db", db_path.string(), "import", "gis", path});
  EXPECT_EQ(result.exit_code, exit_code::kInvalidInput);
  EXPECT_NE(result.err.find(path + ":0: -: layer 'nocrs' has no coordinate reference system"),
            std::string::npos)
      << result.err;
  EXPECT_FALSE(std::filesystem::exists(db_path));
}

TEST(GisImport, InvalidPolygonIsReportedPerFeatureAndRefusedOrSkipped) {
  TempDir dir;
  const std::string bowtie = "[[0,0],[100,100],[100,0],[0,100],[0,0]]";
  write_text(dir / "p.geojson",
             geojson_rd({{"good", ring(120000, 490000, 120100, 490100)}, {"bowtie", bowtie}}));
  const auto file = (dir / "p.geojson").string();
  const auto db_path = (dir / "r.db").string();
  const auto refused = run_landpool({"--db", db_path, "import", "gis", file});
  EXPECT_EQ(refused.exit_code, exit_code::kInvalidInput);
  EXPECT_NE(refused.err.find(file + ":1: geometry: invalid polygon"), std::string::npos)
      << refused.err;
  EXPECT_FALSE(std::filesystem::exists(db_path));

  const auto skipped = run_landpool({"--db", db_path, "import", "gis", file, "--skip-invalid"});
  EXPECT_EQ(skipped.exit_code, 0) << skipped.err;
  EXPECT_NE(skipped.out.find("Imported 1 parcel polygons"), std::string::npos);
  EXPECT_NE(skipped.out.find("1 invalid"), std::string::npos);
}

TEST(GisImport, BboxLayerAndReplaceOptions) {
  TempDir dir;
  write_text(dir / "p.geojson", geojson_rd({{"in", ring(120000, 490000, 120100, 490100)},
                                            {"out", ring(130000, 490000, 130100, 490100)}}));
  const auto file = (dir / "p.geojson").string();
  const auto db_path = (dir / "r.db").string();
  const auto clipped = run_landpool(
      {"--db", db_path, "import", "gis", file, "--bbox", "119000,489000,121000,491000"});
  ASSERT_EQ(clipped.exit_code, 0) << clipped.err;
  EXPECT_NE(clipped.out.find("Imported 1 parcel polygons"), std::string::npos);
  EXPECT_NE(clipped.out.find("1 outside --bbox"), std::string::npos);

  EXPECT_EQ(run_landpool({"--db", db_path, "import", "gis", file}).exit_code,
            exit_code::kUsageError);  // needs --replace
  EXPECT_EQ(run_landpool({"--db", db_path, "import", "gis", file, "--replace"}).exit_code, 0);
  EXPECT_EQ(run_landpool({"--db", db_path, "import", "gis", file, "--replace", "--layer", "nope"})
                .exit_code,
            exit_code::kInvalidInput);
  EXPECT_EQ(run_landpool({"--db", db_path, "import", "gis", file, "--bbox", "1,2,3"}).exit_code,
            exit_code::kUsageError);
}

TEST(GisImport, CsvParcelsTakeTheirPolygonFromTheGeometryLayer) {
  TempDir dir;
  write_text(dir / "p.geojson", geojson_rd({{"A1", ring(120000, 490000, 120300, 490100)},
                                            {"A2", ring(120300, 490000, 120500, 490100)}}));
  const auto db_path = (dir / "r.db").string();
  ASSERT_EQ(run_landpool({"--db", db_path, "import", "gis", (dir / "p.geojson").string(),
                          "--id-field", "parcel_id"})
                .exit_code,
            0);
  auto fixture = CsvFixture::small_valid_region();
  for (const char* column : {"area_ha", "x", "y"}) {
    fixture.set("parcels.csv", 0, column, "");
    fixture.set("parcels.csv", 1, column, "");
  }
  fixture.write(dir / "csv");
  const auto imported = run_landpool({"--db", db_path, "import", "csv", (dir / "csv").string()});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  auto db = Database::open(db_path, Database::OpenMode::must_exist);
  const auto region = load_region(db);
  EXPECT_NEAR(region.parcels[0].area_ha, 3.0, 1e-9);
  EXPECT_NEAR(region.parcels[1].centroid.x_m, 120400.0, 1e-6);
  const auto pairs = load_neighbours(db);
  const bool a1_a2 = std::any_of(pairs.begin(), pairs.end(), [](const ParcelNeighbours& p) {
    return p.parcel_a == "A1" && p.parcel_b == "A2" && !p.estimated;
  });
  EXPECT_TRUE(a1_a2);
}

}  // namespace
}  // namespace landpool::testing
