// Very large or hostile input ends in a clear error naming the file (and the
// line and field where there is one), exit code 3 and no database written,
// within the limits of core/input_limits.hpp (docs/data-format.md, "Limits").
// The largest cases (a 10-million-vertex polygon, a pool of a million arcs)
// are measured by bench/hostile_inputs.sh, not run here.

#include <cpl_vsi.h>
#include <gdal.h>

#include <cmath>
#include <cstdint>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "cli/exit_codes.hpp"
#include "core/input_limits.hpp"
#include "test_support.hpp"

namespace landpool::testing {
namespace {

/// A ring of `vertices` points around (x, y): a valid polygon with that many.
std::string circle_wkt(int vertices, double x, double y, double radius_m) {
  std::ostringstream wkt;
  wkt.precision(10);
  wkt << "POLYGON ((";
  for (int i = 0; i <= vertices; ++i) {
    const double angle = 2.0 * M_PI * (i % vertices) / vertices;
    wkt << (i ? ", " : "") << x + radius_m * std::cos(angle) << ' '
        << y + radius_m * std::sin(angle);
  }
  wkt << "))";
  return wkt.str();
}

std::string fmt_id(int i) {
  std::ostringstream id;
  id << 'X' << i;
  return id.str();
}

class InputLimits : public ::testing::Test {
 protected:
  /// Imports the fixture; expects exit 3, `fragment` in stderr and no database.
  std::string refused_import(const CsvFixture& fixture, const std::string& fragment) {
    fixture.write(input);
    return refused({"import", "csv", input.string()}, fragment);
  }
  std::string refused(std::vector<std::string> args, const std::string& fragment) {
    args.insert(args.begin(), {"--db", db.string()});
    const auto result = run_landpool(args);
    EXPECT_EQ(result.exit_code, exit_code::kInvalidInput) << result.err.substr(0, 2000);
    EXPECT_NE(result.err.find(fragment), std::string::npos) << result.err.substr(0, 2000);
    EXPECT_FALSE(std::filesystem::exists(db)) << "nothing may be written";
    return result.err;
  }

  TempDir dir;
  std::filesystem::path input = dir / "region";
  std::filesystem::path db = dir / "region.db";
};

TEST_F(InputLimits, ACsvFileBeyondTheSizeLimitIsRefusedBeforeItIsRead) {
  auto fixture = CsvFixture::small_valid_region();
  fixture.write(input);
  // 2 GiB, sparse: the size check must come before any reading.
  std::filesystem::resize_file(input / "parcels.csv", std::uintmax_t{2} << 30);
  refused({"import", "csv", input.string()},
          "parcels.csv:0: -: the file holds 2048 MB, more than the limit of 512 MB");
}

TEST_F(InputLimits, AFieldOf100MegabytesIsRefusedNamingItsLineAndColumn) {
  auto fixture = CsvFixture::small_valid_region();
  fixture.set("parcels.csv", 1, "wkt", "POLYGON ((" + std::string(100u << 20, '1') + "))");
  refused_import(fixture,
                 "parcels.csv:3: wkt: the field holds 100.0 MB, more than the limit of 16 MB");
}

TEST_F(InputLimits, APolygonWithTooManyVerticesIsRefusedInCsvAndGis) {
  const int vertices = limits::kMaxPolygonVertices + 50'000;
  const std::string wkt = circle_wkt(vertices, 121300, 490750, 60);
  ASSERT_LT(wkt.size(), limits::kMaxFieldBytes) << "the vertex limit, not the field limit";
  auto fixture = CsvFixture::small_valid_region();
  fixture.set("parcels.csv", 3, "wkt", wkt);
  refused_import(fixture, "parcels.csv:5: wkt: the polygon has " + std::to_string(vertices + 1) +
                              " vertices, more than the limit of 250000 per parcel");

  // The same polygon as a GIS feature.
  const auto geojson = dir / "big.geojson";
  std::ostringstream coordinates;
  coordinates.precision(10);
  for (int i = 0; i <= vertices; ++i) {
    const double angle = 2.0 * M_PI * (i % vertices) / vertices;
    coordinates << (i ? "," : "") << '[' << 121300 + 60 * std::cos(angle) << ','
                << 490750 + 60 * std::sin(angle) << ']';
  }
  write_text(geojson,
             R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":)"
             R"("urn:ogc:def:crs:EPSG::28992"}},"features":[{"type":"Feature","properties":{},)"
             R"("geometry":{"type":"Polygon","coordinates":[[)" +
                 coordinates.str() + "]]}}]}");
  refused({"import", "gis", geojson.string()}, ": geometry: the polygon has");
}

/// A zip whose members claim `claimed_bytes` each in its directory (a zip
/// bomb's headers, without the gigabytes).
void write_zip_claiming(const std::filesystem::path& zip, int members,
                        std::uint32_t claimed_bytes) {
  for (int i = 0; i < members; ++i) {
    const std::string member = "/vsizip/" + zip.string() + "/part" + std::to_string(i) + ".shp";
    VSILFILE* file = VSIFOpenL(member.c_str(), "wb");
    ASSERT_NE(file, nullptr);
    const std::string zeros(4096, '\0');
    VSIFWriteL(zeros.data(), 1, zeros.size(), file);
    VSIFCloseL(file);
  }
  std::string bytes = read_bytes(zip);
  const std::string central_entry("PK\x01\x02", 4);
  for (auto at = bytes.find(central_entry); at != std::string::npos;
       at = bytes.find(central_entry, at + 4)) {
    for (int b = 0; b < 4; ++b)  // uncompressed size, little-endian, at offset 24
      bytes[at + 24 + b] = static_cast<char>((claimed_bytes >> (8 * b)) & 0xFF);
  }
  std::ofstream(zip, std::ios::binary | std::ios::trunc) << bytes;
}

TEST_F(InputLimits, AZipThatUnpacksToGigabytesIsRefusedFromItsDirectory) {
  GDALAllRegister();
  const auto zip = dir / "bomb.shp.zip";
  write_zip_claiming(zip, 3, 0xF0000000u);  // 3 x 3.75 GiB
  refused({"import", "gis", zip.string()},
          "bomb.shp.zip:0: -: the archive unpacks to 11.2 GiB, more than the limit of 8 GiB");
}

TEST_F(InputLimits, OneRowMoreThanTheLimitIsRefusedEvenAsTheFilesLastRow) {
  auto fixture = CsvFixture::small_valid_region();
  fixture.write(input);
  std::string owners = read_bytes(input / "owners.csv");
  const std::size_t rows_now = 4;  // the fixture's owners
  owners.reserve(owners.size() + 24 * limits::kMaxCsvRows);
  for (std::size_t i = rows_now; i <= limits::kMaxCsvRows; ++i)
    owners += fmt_id(static_cast<int>(i)) + ",Owner,private,\n";
  owners.pop_back();  // the last row ends the file, without a line break
  write_text(input / "owners.csv", owners);
  refused({"import", "csv", input.string()}, "owners.csv:2000002: -: more than 2000000 rows");
}

TEST_F(InputLimits, ThousandsOfBadRowsListTheFirstThousandAndCountTheRest) {
  auto fixture = CsvFixture::small_valid_region();
  auto row = fixture.files["parcels.csv"][1];
  for (int i = 0; i < 3000; ++i) {
    row[0] = fmt_id(i);
    row[1] = "not a number";
    fixture.add_row("parcels.csv", row);
  }
  const auto err = refused_import(fixture, "more problem(s) not listed");
  std::size_t listed = 0;
  std::istringstream lines(err);
  for (std::string line; std::getline(lines, line);)
    listed += line.find("parcels.csv:") != std::string::npos &&
              line.find(": area_ha: ") != std::string::npos;
  EXPECT_EQ(listed, limits::kMaxProblemsPerFile);
}

TEST_F(InputLimits, APoolWithAVeryLongCommentLineIsReadWithoutRunningOutOfStack) {
  const auto pool = dir / "pool.wmd";
  write_text(pool, "# ALTERNATIVE NAME 1: Pair " + std::string(4u << 20, 'x') +
                       "\n# ALTERNATIVE NAME 2: Pair 2\n1,2,1\n2,1,1\n");
  const auto result = run_landpool({"kep", pool.string(), "--time-limit", "5"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("objective 2"), std::string::npos) << result.out;
}

}  // namespace
}  // namespace landpool::testing
