// Bad input, end to end through the real executable: every case must be
// reported as FILE:LINE: column: message, exit with code 3, and leave the
// database byte-for-byte as it was.

#include <gtest/gtest.h>

#include <functional>
#include <sstream>

#include "cli/exit_codes.hpp"
#include "test_support.hpp"

namespace landpool::testing {
namespace {

struct BadInputCase {
  std::string name;
  std::function<void(CsvFixture&)> break_input;
  std::string file;
  long line;
  std::string column;
  std::string message_fragment;
};

std::ostream& operator<<(std::ostream& out, const BadInputCase& c) {
  return out << c.name;
}

/// True when one line of `text` starts with `place` and contains `fragment`.
bool has_line(const std::string& text, const std::string& place, const std::string& fragment) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(place, 0) == 0 && line.find(fragment) != std::string::npos)
      return true;
  }
  return false;
}

const long kHeader = 1;
long row(std::size_t index) {
  return CsvFixture::line_of_row(index);
}

std::vector<BadInputCase> bad_input_cases() {
  return {
      {"MissingRequiredFile", [](CsvFixture& f) { f.remove_file("owners.csv"); }, "owners.csv", 0,
       "-", "required file is missing"},
      {"MissingRequiredColumn",
       [](CsvFixture& f) { f.drop_column("parcels.csv", "organic_status"); }, "parcels.csv",
       kHeader, "organic_status", "required column is missing"},
      {"MissingColumnInOptionalFile",
       [](CsvFixture& f) { f.drop_column("leases.csv", "start_date"); }, "leases.csv", kHeader,
       "start_date", "required column is missing"},
      {"DecimalComma", [](CsvFixture& f) { f.set("parcels.csv", 0, "area_ha", "4,5"); },
       "parcels.csv", row(0), "area_ha", "decimal mark"},
      {"NotANumber", [](CsvFixture& f) { f.set("farms.csv", 1, "x", "east"); }, "farms.csv", row(1),
       "x", "not a number"},
      {"NegativeArea", [](CsvFixture& f) { f.set("parcels.csv", 2, "area_ha", "-3"); },
       "parcels.csv", row(2), "area_ha", "must be positive"},
      {"ZeroArea", [](CsvFixture& f) { f.set("parcels.csv", 4, "area_ha", "0"); }, "parcels.csv",
       row(4), "area_ha", "must be positive"},
      {"UnknownOrganicStatus",
       [](CsvFixture& f) { f.set("parcels.csv", 1, "organic_status", "bio"); }, "parcels.csv",
       row(1), "organic_status", "unknown value 'bio'"},
      {"UnknownSoil", [](CsvFixture& f) { f.set("parcels.csv", 0, "soil", "klei"); }, "parcels.csv",
       row(0), "soil", "unknown value 'klei'"},
      {"UnknownLandUse", [](CsvFixture& f) { f.set("parcels.csv", 5, "land_use", "forest"); },
       "parcels.csv", row(5), "land_use", "unknown value"},
      {"DuplicateParcelId", [](CsvFixture& f) { f.set("parcels.csv", 2, "parcel_id", "A1"); },
       "parcels.csv", row(2), "parcel_id", "duplicate id 'A1'"},
      {"UnknownOwnerOfParcel", [](CsvFixture& f) { f.set("parcels.csv", 2, "owner_id", "O9"); },
       "parcels.csv", row(2), "owner_id", "unknown owner 'O9'"},
      {"UnknownUserOfParcel", [](CsvFixture& f) { f.set("parcels.csv", 0, "user_farm_id", "F9"); },
       "parcels.csv", row(0), "user_farm_id", "unknown farm 'F9'"},
      {"ConvertingWithoutDate",
       [](CsvFixture& f) { f.set("parcels.csv", 1, "converting_since", ""); }, "parcels.csv",
       row(1), "converting_since", "conversion began"},
      {"ImpossibleDate",
       [](CsvFixture& f) { f.set("parcels.csv", 4, "converting_since", "2023-02-29"); },
       "parcels.csv", row(4), "converting_since", "not a date"},
      {"InvalidWkt", [](CsvFixture& f) { f.set("parcels.csv", 3, "wkt", "POLYGON ((1 2, 3"); },
       "parcels.csv", row(3), "wkt", "not valid WKT"},
      {"SelfIntersectingPolygon",
       [](CsvFixture& f) {
         f.set("parcels.csv", 3, "wkt",
               "POLYGON ((121200 490700, 121400 490800, 121400 490700, 121200 490800, "
               "121200 490700))");
       },
       "parcels.csv", row(3), "wkt", "invalid polygon"},
      {"PointInsteadOfPolygon",
       [](CsvFixture& f) { f.set("parcels.csv", 3, "wkt", "POINT (121200 490700)"); },
       "parcels.csv", row(3), "wkt", "expected POLYGON"},
      {"XOutsideRdRange", [](CsvFixture& f) { f.set("parcels.csv", 2, "x", "350000"); },
       "parcels.csv", row(2), "x", "outside the RD New range"},
      {"YOutsideRdRangeOfFarm", [](CsvFixture& f) { f.set("farms.csv", 2, "y", "52.7"); },
       "farms.csv", row(2), "y", "outside the RD New range"},
      {"XWithoutY", [](CsvFixture& f) { f.set("parcels.csv", 0, "y", ""); }, "parcels.csv", row(0),
       "y", "together"},
      {"NoAreaNoGeometry", [](CsvFixture& f) { f.set("parcels.csv", 5, "area_ha", ""); },
       "parcels.csv", row(5), "area_ha", "an area is required"},
      {"UnknownOwnerKind", [](CsvFixture& f) { f.set("owners.csv", 2, "kind", "state"); },
       "owners.csv", row(2), "kind", "unknown value 'state'"},
      {"DuplicateOwnerId", [](CsvFixture& f) { f.set("owners.csv", 3, "owner_id", "O2"); },
       "owners.csv", row(3), "owner_id", "duplicate id 'O2'"},
      {"OwnerOfUnknownFarm", [](CsvFixture& f) { f.set("owners.csv", 1, "farm_id", "F7"); },
       "owners.csv", row(1), "farm_id", "unknown farm 'F7'"},
      {"EmptyRequiredName", [](CsvFixture& f) { f.set("farms.csv", 0, "name", ""); }, "farms.csv",
       row(0), "name", "a value is required"},
      {"DuplicateFarmId", [](CsvFixture& f) { f.set("farms.csv", 2, "farm_id", "F1"); },
       "farms.csv", row(2), "farm_id", "duplicate id 'F1'"},
      {"LeaseEndsBeforeStart",
       [](CsvFixture& f) { f.set("leases.csv", 0, "end_date", "2019-12-31"); }, "leases.csv",
       row(0), "end_date", "before it starts"},
      {"OverlappingLeases",
       [](CsvFixture& f) {
         f.add_row("leases.csv", {"B2", "F2", "2027-06-01", "", "regular", "800"});
       },
       "leases.csv", row(2), "start_date", "overlaps the lease on line 2"},
      {"LesseeIsNotUser", [](CsvFixture& f) { f.set("leases.csv", 1, "lessee_farm_id", "F1"); },
       "leases.csv", row(1), "lessee_farm_id", "is not the user"},
      {"LeaseOfUnknownParcel", [](CsvFixture& f) { f.set("leases.csv", 0, "parcel_id", "ZZ"); },
       "leases.csv", row(0), "parcel_id", "unknown parcel 'ZZ'"},
      {"LeaseDateInDutchOrder",
       [](CsvFixture& f) { f.set("leases.csv", 1, "start_date", "01-01-2024"); }, "leases.csv",
       row(1), "start_date", "expected YYYY-MM-DD"},
      {"OfferByNonOwner", [](CsvFixture& f) { f.set("offers.csv", 0, "owner_id", "P1"); },
       "offers.csv", row(0), "owner_id", "does not own parcel 'G1P'"},
      {"UnknownOfferMode", [](CsvFixture& f) { f.set("offers.csv", 0, "mode", "lease|rent"); },
       "offers.csv", row(0), "mode", "unknown value 'rent'"},
      {"OrganicOnlyNotYesNo", [](CsvFixture& f) { f.set("offers.csv", 0, "organic_only", "ja"); },
       "offers.csv", row(0), "organic_only", "expected yes or no"},
      {"LeaseYearsNotWhole",
       [](CsvFixture& f) { f.set("offers.csv", 0, "lease_years_max", "6.5"); }, "offers.csv",
       row(0), "lease_years_max", "not a whole number"},
      {"WantsMinAboveMax", [](CsvFixture& f) { f.set("demands.csv", 0, "wants_min_ha", "12"); },
       "demands.csv", row(0), "wants_min_ha", "greater than wants_max_ha"},
      {"DemandOfUnknownFarm", [](CsvFixture& f) { f.set("demands.csv", 1, "farm_id", "F8"); },
       "demands.csv", row(1), "farm_id", "unknown farm 'F8'"},
      {"ExchangeParcelOfAnotherFarm",
       [](CsvFixture& f) { f.set("demands.csv", 0, "exchange_parcels", "A2|B1"); }, "demands.csv",
       row(0), "exchange_parcels", "'B1' is not used by farm 'F1'"},
      {"TolerancePercentOutOfRange",
       [](CsvFixture& f) { f.set("demands.csv", 0, "tolerance_pct", "150"); }, "demands.csv",
       row(0), "tolerance_pct", "between 0 and 100"},
      {"ZeroPartners", [](CsvFixture& f) { f.set("demands.csv", 0, "max_partners", "0"); },
       "demands.csv", row(0), "max_partners", "at least 1"},
      {"DuplicateDemand",
       [](CsvFixture& f) {
         f.add_row("demands.csv", {"F1", "0", "1", "", "", "", "", "", ""});
       },
       "demands.csv", row(2), "farm_id", "duplicate id 'F1'"},
      {"RowWithTooManyFields",
       [](CsvFixture& f) {
         f.add_row("owners.csv", {"O5", "Extra", "private", "", "unexpected"});
       },
       "owners.csv", row(4), "-", "expected 4 fields"},
      {"UnclosedQuote",
       [](CsvFixture& f) {
         f.raw_files["owners.csv"] =
             "owner_id,name,kind,farm_id\nO1,Owner One,farmer,F1\nO2,Owner Two,farmer,F2\n"
             "G1,Gemeente,government,\nP1,\"De Wit,private,\n";
       },
       "owners.csv", row(3), "-", "malformed CSV"},
      {"NoParcels",
       [](CsvFixture& f) {
         f.files["parcels.csv"].resize(1);
         f.files["leases.csv"].resize(1);
         f.files["offers.csv"].resize(1);
         f.set("demands.csv", 0, "exchange_parcels", "");
       },
       "parcels.csv", 0, "-", "no parcels"},
      {"ExchangeParcelListedTwice",
       [](CsvFixture& f) { f.set("demands.csv", 0, "exchange_parcels", "A2|A2"); }, "demands.csv",
       row(0), "exchange_parcels", "listed twice"},
      {"PolygonInDegreesBesideRdPoint",
       [](CsvFixture& f) {
         f.set("parcels.csv", 0, "wkt",
               "POLYGON ((4.80 52.70, 4.81 52.70, 4.81 52.71, 4.80 52.71, 4.80 52.70))");
       },
       "parcels.csv", row(0), "wkt", "outside the RD New range"},
      {"TextAfterWkt",
       [](CsvFixture& f) {
         f.set("parcels.csv", 3, "wkt",
               "POLYGON ((121200 490700, 121400 490700, 121400 490800, 121200 490800, 121200 "
               "490700)) and more");
       },
       "parcels.csv", row(3), "wkt", "text after the geometry"},
      {"ImplausiblyLargeArea", [](CsvFixture& f) { f.set("parcels.csv", 2, "area_ha", "1e5"); },
       "parcels.csv", row(2), "area_ha", "at most 5000 ha"},
  };
}

class BadInput : public ::testing::TestWithParam<BadInputCase> {};

TEST_P(BadInput, IsReportedWithPlaceAndLeavesDatabaseUnchanged) {
  const auto& c = GetParam();
  TempDir dir;
  const auto db = (dir / "region.db").string();

  auto fixture = CsvFixture::small_valid_region();
  fixture.write(dir / "good");
  ASSERT_EQ(run_landpool({"--db", db, "import", "csv", (dir / "good").string()}).exit_code, 0);
  const std::string before = read_bytes(db);

  c.break_input(fixture);
  fixture.write(dir / "bad");
  const auto bad_dir = (dir / "bad").string();
  const auto result = run_landpool({"import", "csv", bad_dir, "--replace", "--db", db});

  EXPECT_EQ(result.exit_code, exit_code::kInvalidInput) << result.err;
  const std::string place =
      (dir / "bad" / c.file).string() + ":" + std::to_string(c.line) + ": " + c.column + ": ";
  EXPECT_TRUE(has_line(result.err, place, c.message_fragment))
      << "expected a line '" << place << "...' with '" << c.message_fragment << "' in:\n"
      << result.err;
  EXPECT_TRUE(read_bytes(db) == before) << "the database changed";

  const auto validated = run_landpool({"validate", bad_dir});
  EXPECT_EQ(validated.exit_code, exit_code::kInvalidInput);
  EXPECT_TRUE(has_line(validated.err, place, c.message_fragment)) << validated.err;
}

INSTANTIATE_TEST_SUITE_P(CsvImport, BadInput, ::testing::ValuesIn(bad_input_cases()),
                         [](const auto& test_case) { return test_case.param.name; });

TEST(BadInputReporting, ReadsOnAfterABrokenRowAndReportsLaterProblemsToo) {
  TempDir dir;
  auto fixture = CsvFixture::small_valid_region();
  fixture.raw_files["owners.csv"] =
      "owner_id,name,kind,farm_id\nO1,\"Owner \"One\",farmer,F1\nO2,Owner Two,farmer,F2\n"
      "G1,Gemeente,government,\nP1,De Wit,privat,\n";
  fixture.write(dir / "bad");
  const auto result = run_landpool({"validate", (dir / "bad").string()});
  EXPECT_EQ(result.exit_code, exit_code::kInvalidInput);
  EXPECT_TRUE(has_line(result.err, (dir / "bad" / "owners.csv").string() + ":2: -: ", "malformed"))
      << result.err;
  EXPECT_TRUE(has_line(
      result.err, (dir / "bad" / "owners.csv").string() + ":5: kind: ", "unknown value 'privat'"))
      << result.err;
}

TEST(BadInputReporting, ReportsEveryProblemOfEveryFileNotOnlyTheFirst) {
  TempDir dir;
  auto fixture = CsvFixture::small_valid_region();
  fixture.set("parcels.csv", 0, "area_ha", "-1");
  fixture.set("parcels.csv", 2, "soil", "rock");
  fixture.set("parcels.csv", 4, "organic_status", "maybe");
  fixture.set("farms.csv", 1, "x", "?");
  fixture.write(dir / "bad");
  const auto db = dir / "fresh.db";
  const auto result =
      run_landpool({"import", "csv", (dir / "bad").string()}, {{"LANDPOOL_DB", db.string()}});
  EXPECT_EQ(result.exit_code, exit_code::kInvalidInput);
  for (const std::string place : {"parcels.csv:2: area_ha:", "parcels.csv:4: soil:",
                                  "parcels.csv:6: organic_status:", "farms.csv:3: x:"}) {
    EXPECT_NE(result.err.find(place), std::string::npos) << place << " missing in\n" << result.err;
  }
  EXPECT_FALSE(std::filesystem::exists(db)) << "a failed import must not create the database";
}

/// Imports a valid region, then a quarter's update whose offers.csv
/// `make_offers` makes; expects exit 3 with `fragment` at offers.csv:0 and
/// the database exactly as it was.
void expect_update_refused(const std::function<void(const std::filesystem::path&)>& make_offers,
                           const std::string& fragment) {
  TempDir dir;
  CsvFixture::small_valid_region().write(dir / "good");
  const auto db = (dir / "r.db").string();
  ASSERT_EQ(run_landpool({"--db", db, "import", "csv", (dir / "good").string()}).exit_code, 0);
  const std::string before = read_bytes(db);
  std::filesystem::create_directories(dir / "update");
  make_offers(dir / "update" / "offers.csv");
  const auto result =
      run_landpool({"--db", db, "import", "csv", (dir / "update").string(), "--update"});
  EXPECT_EQ(result.exit_code, exit_code::kInvalidInput) << result.err;
  EXPECT_TRUE(has_line(result.err, (dir / "update" / "offers.csv").string() + ":0: -: ", fragment))
      << result.err;
  EXPECT_TRUE(read_bytes(db) == before) << "the database changed";
}

// A quarter's update whose offers.csv is a folder is refused at that name.
TEST(BadInputReporting, AnUpdateFileThatIsAFolderIsRefusedByName) {
  expect_update_refused(
      [](const std::filesystem::path& offers) { std::filesystem::create_directories(offers); },
      "is a directory");
}

// One beyond the size limit (2 GiB, sparse) is refused before it is read.
TEST(BadInputReporting, AnUpdateFileBeyondTheSizeLimitIsRefusedUnread) {
  expect_update_refused(
      [](const std::filesystem::path& offers) {
        write_text(offers, "parcel_id\n");
        std::filesystem::resize_file(offers, std::uintmax_t{2} << 30);
      },
      "the file holds 2048 MB, more than the limit of 512 MB");
}

}  // namespace
}  // namespace landpool::testing
