// landpool scan: the criteria's formulas on a hand-made region, the planted
// best area ranked first, bad weights files refused with file, line and key,
// and an area layer in another CRS reprojected (docs/scan.md).

#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include <gtest/gtest.h>

#include "analysis/area_scan.hpp"
#include "cli/exit_codes.hpp"
#include "importers/scan_settings_reader.hpp"
#include "test_support.hpp"

namespace landpool::testing {
namespace {

Parcel parcel(const std::string& id, double x, double y, double ha, OrganicStatus status,
              const std::string& owner, const std::string& user) {
  Parcel p;
  p.parcel_id = id;
  p.centroid = {x, y};
  p.area_ha = ha;
  p.organic_status = status;
  p.owner_id = owner;
  p.user_farm_id = user;
  return p;
}

Farm farm(const std::string& id, double x, double y, OrganicStatus status) {
  Farm f;
  f.farm_id = id;
  f.farmstead = {x, y};
  f.organic_status = status;
  return f;
}

ParcelNeighbours pair(const std::string& a, const std::string& b, double boundary_m) {
  return {a, b, boundary_m, 0.0, false};
}

constexpr auto kOrganic = OrganicStatus::organic;
constexpr auto kConventional = OrganicStatus::conventional;

TEST(AreaScan, EachCriterionFollowsItsFormulaOnAHandMadeRegion) {
  // One 2 km cell (x 100000-102000, y 500000-502000): farm O (organic) uses
  // A, B (joined) and C (apart); farm K (conventional) uses D beside B.
  Region region;
  region.owners = {{"G", "Gemeente", OwnerKind::government, std::nullopt},
                   {"P", "Private", OwnerKind::private_person, std::nullopt},
                   {"L", "Grondfonds", OwnerKind::land_fund, std::nullopt}};
  region.farms = {farm("O", 100100, 500100, kOrganic), farm("K", 101900, 501900, kConventional)};
  region.parcels = {parcel("A", 100500, 500100, 10, kOrganic, "G", "O"),
                    parcel("B", 100700, 500100, 6, kOrganic, "P", "O"),
                    parcel("C", 101500, 501500, 4, kOrganic, "P", "O"),
                    parcel("D", 100900, 500100, 20, kConventional, "L", "K")};
  region.parcels[0].soil = Soil::clay;
  region.parcels[1].soil = Soil::clay;
  region.parcels[2].soil = Soil::sand;
  region.parcels[3].soil = Soil::sand;
  region.offers = {{"C", "P", OfferModes{}, *parse_iso_date("2027-01-01"), std::nullopt, false}};
  region.leases = {{"B", "O", *parse_iso_date("2020-01-01"), *parse_iso_date("2028-06-30"),
                    std::nullopt, std::nullopt}};
  Demand demand;
  demand.farm_id = "K";
  demand.converts = true;
  demand.exchange.policy = ExchangeParcels::Policy::all;
  Demand organic_demand;  // an organic farm cannot convert: not counted as willing to
  organic_demand.farm_id = "O";
  organic_demand.converts = true;
  region.demands = {demand, organic_demand};
  const std::vector<ParcelNeighbours> pairs = {pair("A", "B", 200), pair("B", "D", 150)};

  ScanSettings settings = ScanSettings::defaults();
  settings.min_farmland_ha = 1;
  settings.cluster_min_ha = 15;  // A+B (16 ha) is a cluster, C (4 ha) is not
  const analysis::ScanInputs inputs{
      region,     pairs, analysis::grid_areas(region, 2.0), {}, *parse_iso_date("2026-10-01"),
      "grid 2 km"};
  const auto result = analysis::scan_areas(inputs, settings);
  ASSERT_EQ(result.areas.size(), 1u);
  const auto& area = result.areas[0];
  EXPECT_EQ(area.area_id, "E100000N500000");
  EXPECT_EQ(area.rank, 1);
  const auto& v = area.values;
  EXPECT_DOUBLE_EQ(area.farmland_ha, 40);
  EXPECT_DOUBLE_EQ(v.at("organic_ha"), 20);
  EXPECT_DOUBLE_EQ(v.at("organic_share_pct"), 50);
  EXPECT_DOUBLE_EQ(v.at("organic_farms"), 1);
  EXPECT_DOUBLE_EQ(v.at("organic_in_clusters_pct"), 80);  // 16 of 20 ha
  EXPECT_DOUBLE_EQ(v.at("at_risk_organic_ha"), 10);       // C offered, B's lease ends 2028
  EXPECT_DOUBLE_EQ(v.at("offered_ha"), 4);
  EXPECT_DOUBLE_EQ(v.at("demands"), 2);
  EXPECT_DOUBLE_EQ(v.at("exchangers"), 1);
  EXPECT_DOUBLE_EQ(v.at("farms_willing_to_convert"), 1);
  EXPECT_DOUBLE_EQ(v.at("government_ha"), 10);
  EXPECT_DOUBLE_EQ(v.at("land_fund_ha"), 20);
  EXPECT_DOUBLE_EQ(v.at("blocks_per_farm"), 1.5);   // O: {A,B}, {C}; K: {D}
  EXPECT_DOUBLE_EQ(v.at("drift_border_km"), 0.15);  // B-D, both halves in the cell
  // clay 16 ha, sand 24 ha: exp of the Shannon entropy of the shares
  EXPECT_NEAR(v.at("soil_diversity"), std::exp(-(0.4 * std::log(0.4) + 0.6 * std::log(0.6))),
              1e-12);
  const double distance =
      (10 * 400 + 6 * 600 + 4 * std::hypot(1400, 1400) + 20 * std::hypot(1000, 1800)) / 40;
  EXPECT_NEAR(v.at("mean_distance_m"), distance, 1e-9);
  EXPECT_FALSE(v.contains("urban_distance_km")) << "no built-up layer given";
}

/// A landscape of 5 x 5 cells of 2 km, each with the same conventional farm
/// and parcels; the cell at (`planted_x`, `planted_y`) also has organic land,
/// offers, government land and willing farms.
Region planted_landscape(int planted_x, int planted_y) {
  Region region;
  region.owners = {{"G", "Provincie", OwnerKind::government, std::nullopt},
                   {"P", "Private", OwnerKind::private_person, std::nullopt}};
  for (int cx = 0; cx < 5; ++cx) {
    for (int cy = 0; cy < 5; ++cy) {
      const double x0 = 120000 + 2000 * cx, y0 = 490000 + 2000 * cy;
      const std::string cell = std::to_string(cx) + "_" + std::to_string(cy);
      const bool planted = cx == planted_x && cy == planted_y;
      region.farms.push_back(
          farm("F" + cell, x0 + 1000, y0 + 1000, planted ? kOrganic : kConventional));
      for (int i = 0; i < 8; ++i) {
        const bool organic = planted && i < 6;
        region.parcels.push_back(parcel("P" + cell + "_" + std::to_string(i), x0 + 200 + 200 * i,
                                        y0 + 500, 10, organic ? kOrganic : kConventional,
                                        planted && i < 3 ? "G" : "P", "F" + cell));
      }
      if (planted) {
        region.offers.push_back({"P" + cell + "_0", "G", OfferModes{},
                                 *parse_iso_date("2027-01-01"), std::nullopt, false});
        Demand demand;
        demand.farm_id = "F" + cell;
        demand.exchange.policy = ExchangeParcels::Policy::all;
        region.demands.push_back(demand);
      }
    }
  }
  return region;
}

TEST(AreaScan, ThePlantedBestAreaRanksFirstWhereverItLies) {
  for (const auto& [x, y] : std::vector<std::pair<int, int>>{{0, 0}, {2, 3}, {4, 1}}) {
    const Region region = planted_landscape(x, y);
    const analysis::ScanInputs inputs{
        region,     {}, analysis::grid_areas(region, 2.0), {}, *parse_iso_date("2026-10-01"),
        "grid 2 km"};
    const auto result = analysis::scan_areas(inputs, ScanSettings::defaults());
    ASSERT_EQ(result.areas.size(), 25u);
    const std::string planted =
        "E" + std::to_string(120000 + 2000 * x) + "N" + std::to_string(490000 + 2000 * y);
    EXPECT_EQ(result.areas.front().area_id, planted);
    EXPECT_EQ(result.areas.front().rank, 1);
    EXPECT_GT(result.areas.front().score, result.areas[1].score);
  }
}

TEST(AreaScan, TheDistanceToBuiltUpAreasIsMeasuredFromEachAreasCentre) {
  const Region region = planted_landscape(0, 0);
  // A town west of the landscape: the cells' centres lie 1, 3, 5, 7 and 9 km east of it.
  const std::vector<ScanAreaShape> town = {
      {"town",
       "POLYGON ((118000 490000, 118000 500000, 120000 500000, 120000 490000, "
       "118000 490000))"}};
  ScanSettings settings;
  settings.weights = {{"urban_distance_km", -1.0}};  // nearer is better, nothing else counts
  const analysis::ScanInputs inputs{
      region,     {}, analysis::grid_areas(region, 2.0), town, *parse_iso_date("2026-10-01"),
      "grid 2 km"};
  const auto result = analysis::scan_areas(inputs, settings);
  for (const auto& area : result.areas) {
    const double column = std::round((area.centre.x_m - 121000) / 2000);
    EXPECT_NEAR(area.values.at("urban_distance_km"), 1.0 + 2.0 * column, 1e-9) << area.area_id;
    EXPECT_NEAR(area.score, -column / 4.0, 1e-9) << area.area_id;
  }
  EXPECT_EQ(result.areas.front().area_id.substr(0, 7), "E120000") << "the column nearest the town";
}

TEST(ScanSettings, ABadWeightsFileIsRefusedWithFileLineAndKey) {
  TempDir dir;
  const auto db = (dir / "r.db").string();
  ASSERT_EQ(
      run_landpool({"--db", db, "import", "csv", example_region_dir().string(), "-q"}).exit_code,
      0);
  const auto weights = dir / "weights.toml";
  write_text(weights,
             "[scan]\ngrid_km = -2\n[weights]\norganic_hectares = 1\nofferd_ha = \"a lot\"\n");
  const auto before = read_bytes(db);
  const auto result = run_landpool(
      {"--db", db, "scan", "--weights", weights.string(), "--out", (dir / "out").string()});
  EXPECT_EQ(result.exit_code, exit_code::kInvalidInput) << result.err;
  EXPECT_NE(result.err.find("weights.toml:2: scan.grid_km: -2 is out of range"), std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("weights.toml:4: weights.organic_hectares: unknown criterion"),
            std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("weights.toml:5: weights.offerd_ha: unknown criterion"),
            std::string::npos)
      << result.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "out")) << "nothing is written";
  EXPECT_EQ(read_bytes(db), before);

  Diagnostics diagnostics;
  EXPECT_FALSE(parse_scan_settings("[weights]\ngovernment_ha = \"high\"\n", "w.toml", diagnostics));
  ASSERT_EQ(diagnostics.errors().size(), 1u);
  EXPECT_EQ(format_problem(diagnostics.errors()[0]),
            "w.toml:2: weights.government_ha: must be a finite number");

  // Keys that are not bare are named quoted, as TOML writes them.
  Diagnostics quoted;
  EXPECT_FALSE(parse_scan_settings("\"\" = 1\n[scan]\n\"grid km\" = 2\n", "w.toml", quoted));
  ASSERT_EQ(quoted.errors().size(), 2u);
  EXPECT_EQ(quoted.errors()[0].column, "\"\"");
  EXPECT_EQ(quoted.errors()[1].column, "scan.\"grid km\"");
}

/// A GeoJSON of two areas in EPSG:4326 splitting the example region at x_split_m.
std::string areas_in_wgs84(double x_split_m) {
  OGRSpatialReference rd, wgs84;
  rd.importFromEPSG(28992);
  wgs84.importFromEPSG(4326);
  rd.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation> to_wgs84(
      OGRCreateCoordinateTransformation(&rd, &wgs84));
  const auto ring = [&](double x0, double x1) {
    std::ostringstream text;
    text.precision(12);
    const double corners[5][2] = {
        {x0, 480000}, {x1, 480000}, {x1, 560000}, {x0, 560000}, {x0, 480000}};
    text << "[[";
    for (int i = 0; i < 5; ++i) {
      double x = corners[i][0], y = corners[i][1];
      to_wgs84->Transform(1, &x, &y);
      text << (i ? "," : "") << '[' << x << ',' << y << ']';
    }
    text << "]]";
    return text.str();
  };
  return R"({"type":"FeatureCollection","features":[)"
         R"({"type":"Feature","properties":{"name":"West"},"geometry":{"type":"Polygon","coordinates":)" +
         ring(90000, x_split_m) +
         R"(}},{"type":"Feature","properties":{"name":"East"},"geometry":{"type":"Polygon","coordinates":)" +
         ring(x_split_m, 130000) + "}}]}";
}

/// area_id -> the column `name` of a scan.csv.
std::map<std::string, double> column_by_area(const std::filesystem::path& csv_path,
                                             const std::string& name) {
  std::istringstream csv(read_bytes(csv_path));
  std::string line;
  std::getline(csv, line);
  std::vector<std::string> header;
  std::stringstream head(line);
  for (std::string cell; std::getline(head, cell, ',');)
    header.push_back(cell);
  const auto at = std::find(header.begin(), header.end(), name) - header.begin();
  std::map<std::string, double> column;
  while (std::getline(csv, line)) {
    std::vector<std::string> cells;
    std::stringstream row(line);
    for (std::string cell; std::getline(row, cell, ',');)
      cells.push_back(cell);
    if (static_cast<std::size_t>(at) < cells.size() && !cells[at].empty())
      column[cells.at(1)] = std::stod(cells[at]);
  }
  return column;
}

std::map<std::string, double> farmland_by_area(const std::filesystem::path& csv_path) {
  return column_by_area(csv_path, "farmland_ha");
}

TEST(AreaScan, AnAreaLayerInAnotherCrsIsReprojectedAndCoversTheRegion) {
  TempDir dir;
  const auto db = (dir / "r.db").string();
  ASSERT_EQ(
      run_landpool({"--db", db, "import", "csv", example_region_dir().string(), "-q"}).exit_code,
      0);
  const auto areas = dir / "areas.geojson";
  write_text(areas, areas_in_wgs84(108500));
  const auto out = dir / "out";
  const auto result = run_landpool({"--db", db, "scan", "--areas", areas.string(), "--out",
                                    out.string(), "--weights", (dir / "w.toml").string()});
  // (a missing weights file is refused too)
  EXPECT_EQ(result.exit_code, exit_code::kInvalidInput);
  write_text(dir / "w.toml", "[scan]\nmin_farmland_ha = 1\n");
  const auto scanned =
      run_landpool({"--db", db, "scan", "--areas", areas.string(), "--out", out.string(),
                    "--weights", (dir / "w.toml").string(), "--lang", "nl"});
  ASSERT_EQ(scanned.exit_code, 0) << scanned.err;
  const auto farmland = farmland_by_area(out / "scan.csv");
  ASSERT_EQ(farmland.size(), 2u);
  EXPECT_GT(farmland.at("West"), 0.0);
  EXPECT_GT(farmland.at("East"), 0.0);
  // Every parcel lies in one of the two halves: as much farmland as all grid cells.
  const auto grid_out = dir / "grid";
  ASSERT_EQ(run_landpool({"--db", db, "scan", "--out", grid_out.string()}).exit_code, 0);
  double total = 0.0;
  for (const auto& [cell, ha] : farmland_by_area(grid_out / "scan.csv"))
    total += ha;
  EXPECT_NEAR(farmland.at("West") + farmland.at("East"), total, 0.05);  // CSV: 2 decimals
  // Two areas of one name cannot be told apart in the outputs: refused.
  auto twice = areas_in_wgs84(108500);
  twice.replace(twice.find("\"East\""), 6, "\"West\"");
  write_text(areas, twice);
  const auto duplicate =
      run_landpool({"--db", db, "scan", "--areas", areas.string(), "--out", (dir / "d").string()});
  EXPECT_EQ(duplicate.exit_code, exit_code::kInvalidInput);
  EXPECT_NE(duplicate.err.find(": name: duplicate area id 'West'"), std::string::npos)
      << duplicate.err;
  const auto html = read_bytes(out / "scan.html");
  EXPECT_NE(html.find("Waar biologische clusters kansrijk zijn"), std::string::npos);
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(out / "scan.gpkg"));
}

TEST(AreaScan, AGisLayerScannedStraightAgreesWithTheDatabaseScanOfTheSameRegion) {
  TempDir dir;
  const auto region = dir / "region";
  ASSERT_EQ(run_landpool({"generate", "region", "--preset", "harenkarspel", "--parcels", "800",
                          "--seed", "3", "--out", region.string(), "-q"})
                .exit_code,
            0);
  const auto db = (dir / "r.db").string();
  ASSERT_EQ(run_landpool({"--db", db, "import", "csv", region.string(), "-q"}).exit_code, 0);
  ASSERT_EQ(run_landpool({"--db", db, "scan", "--out", (dir / "db").string()}).exit_code, 0);
  // No database at all for the layer: the option's path must not be touched.
  const auto layer =
      run_landpool({"--db", (dir / "absent.db").string(), "scan", "--parcels",
                    (region / "parcels.geojson").string(), "--out", (dir / "layer").string()});
  ASSERT_EQ(layer.exit_code, 0) << layer.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "absent.db"));
  for (const char* criterion :
       {"farmland_ha", "organic_ha", "land_use_diversity", "soil_diversity"}) {
    const auto from_db = column_by_area(dir / "db" / "scan.csv", criterion);
    const auto from_layer = column_by_area(dir / "layer" / "scan.csv", criterion);
    ASSERT_FALSE(from_db.empty()) << criterion;
    ASSERT_EQ(from_db.size(), from_layer.size()) << criterion;
    for (const auto& [area, value] : from_db) {
      ASSERT_TRUE(from_layer.contains(area)) << criterion << " " << area;
      EXPECT_NEAR(from_layer.at(area), value, 0.01 + 1e-3 * value) << criterion << " " << area;
    }
  }
  const auto columns = read_bytes(dir / "layer" / "scan.csv");
  EXPECT_EQ(columns.substr(0, columns.find('\n')).find(",demands,"), std::string::npos)
      << "criteria a layer cannot measure are absent, not zero";
}

}  // namespace
}  // namespace landpool::testing
