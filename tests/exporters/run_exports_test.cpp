// The exports of a solved run: CSV parses back and agrees with the database,
// the workbook and GeoPackage have the expected structure, JSON holds the
// run, a party's export names no farm outside its deals, pseudonyms are
// stable, and the HTML report renders in headless Chromium with its maps drawn.

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <gtest/gtest.h>

#include <regex>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "db/database.hpp"
#include "db/region_store.hpp"
#include "db/run_store.hpp"
#include "test_support.hpp"

namespace landpool::testing {
namespace {

std::vector<std::vector<std::string>> csv_rows(const std::filesystem::path& path) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream lines(read_bytes(path));
  for (std::string line; std::getline(lines, line);) {
    std::vector<std::string> cells;
    std::stringstream cell_stream(line);
    for (std::string cell; std::getline(cell_stream, cell, ',');)
      cells.push_back(cell);
    rows.push_back(cells);
  }
  return rows;
}

// A file inside a zip (xlsx), read through GDAL's /vsizip/.
std::string zipped_file(const std::filesystem::path& zip, const std::string& inner) {
  GDALAllRegister();
  const std::string name = "/vsizip/" + zip.string() + "/" + inner;
  VSILFILE* file = VSIFOpenL(name.c_str(), "rb");
  if (!file)
    return {};
  std::string text;
  char buffer[4096];
  for (std::size_t n; (n = VSIFReadL(buffer, 1, sizeof buffer, file)) > 0;)
    text.append(buffer, n);
  VSIFCloseL(file);
  return text;
}

// Everything an export wrote, as text (GeoPackage features included).
std::string all_text(const std::filesystem::path& directory) {
  std::string text;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(directory)) {
    const auto& path = entry.path();
    if (!entry.is_regular_file())
      continue;
    if (path.extension() == ".xlsx") {
      text += zipped_file(path, "xl/sharedStrings.xml") + zipped_file(path, "xl/workbook.xml");
    } else if (path.extension() == ".gpkg") {
      GDALAllRegister();
      auto* dataset = static_cast<GDALDataset*>(
          GDALOpenEx(path.string().c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr));
      for (auto* layer : dataset->GetLayers()) {
        for (auto& feature : *layer) {
          for (int i = 0; i < feature->GetFieldCount(); ++i)
            text += std::string(feature->GetFieldAsString(i)) + "\n";
        }
      }
      GDALClose(dataset);
    } else {
      text += read_bytes(path);
    }
  }
  return text;
}

/// Headless Chromium, or empty when it is not installed.
std::string chromium_path() {
  for (const char* candidate : {"/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
    if (std::filesystem::exists(candidate))
      return candidate;
  }
  return {};
}

/// Renders `html` to a PNG kept in the build tree's test-artefacts folder
/// (for a person to look at after the tests); returns its path.
std::filesystem::path screenshot(const std::string& chromium, const std::filesystem::path& html,
                                 const std::string& name, const std::string& size) {
  const std::filesystem::path artefacts(LANDPOOL_ARTEFACT_DIR);
  std::filesystem::create_directories(artefacts);
  const auto png = artefacts / (name + ".png");
  const auto profile = artefacts / (".profile-" + name);
  const std::string command =
      chromium +
      " --headless --no-sandbox --disable-gpu --disable-background-networking --no-first-run "
      "--user-data-dir=" +
      profile.string() + " --window-size=" + size + " --screenshot=" + png.string() + " file://" +
      html.string() + " >/dev/null 2>&1";
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
  std::filesystem::remove_all(profile);
  return png;
}

class RunExports : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    db_ = (*dir_ / "r.db").string();
    ASSERT_EQ(run_landpool({"--db", db_, "import", "csv", example_region_dir().string()}).exit_code,
              0);
    const auto solved =
        run_landpool({"--db", db_, "solve", "--as-of", "2026-10-01", "--time-limit", "20"});
    ASSERT_EQ(solved.exit_code, 0) << solved.err;
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static std::filesystem::path out(const std::string& name) { return *dir_ / name; }
  static inline TempDir* dir_ = nullptr;
  static inline std::string db_;
};

TEST_F(RunExports, CsvParsesBackAndAgreesWithTheDatabase) {
  ASSERT_EQ(run_landpool({"--db", db_, "export", "--format", "csv", "--out", out("csv").string()})
                .exit_code,
            0);
  auto db = Database::open(db_, Database::OpenMode::must_exist);
  const auto transfers = load_transfers(db, 1);
  const auto deals = load_deals(db, 1);
  const auto participants = load_participants(db, 1);
  const auto transfer_rows = csv_rows(out("csv") / "transfers.csv");
  ASSERT_EQ(transfer_rows.size(), transfers.size() + 1);
  EXPECT_EQ(transfer_rows[0].size(), 14u);
  std::set<std::string> parcels_in_csv;
  for (std::size_t i = 1; i < transfer_rows.size(); ++i) {
    parcels_in_csv.insert(transfer_rows[i][1]);
    EXPECT_GT(std::stod(transfer_rows[i][7]), 0.0);
    // A change of owner settles in capital, anything else has a use value.
    const bool changes_owner = transfer_rows[i][4] != transfer_rows[i][5];
    EXPECT_EQ(transfer_rows[i][12] == "capital", changes_owner) << transfer_rows[i][1];
    EXPECT_EQ(transfer_rows[i][13].empty(), changes_owner) << transfer_rows[i][1];
  }
  for (const auto& t : transfers)
    EXPECT_TRUE(parcels_in_csv.contains(t.parcel_id)) << t.parcel_id;
  const auto deal_rows = csv_rows(out("csv") / "deals.csv");
  ASSERT_EQ(deal_rows.size(), deals.size() + 1);
  for (std::size_t i = 1; i < deal_rows.size(); ++i) {
    EXPECT_EQ(std::stoi(deal_rows[i][0]), deals[i - 1].deal_id);
    EXPECT_EQ(deal_rows[i][1], deals[i - 1].form);
    EXPECT_NEAR(std::stod(deal_rows[i][5]), deals[i - 1].area_ha, 1e-3);
  }
  EXPECT_EQ(csv_rows(out("csv") / "participants.csv").size(), participants.size() + 1);
}

TEST_F(RunExports, WorkbookJsonAndGeoPackageHaveTheirStructure) {
  for (const auto& [format, file] : std::vector<std::pair<std::string, std::string>>{
           {"xlsx", "run.xlsx"}, {"json", "run.json"}, {"gpkg", "run.gpkg"}}) {
    const auto exported =
        run_landpool({"--db", db_, "export", "--format", format, "--out", out(file).string()});
    ASSERT_EQ(exported.exit_code, 0) << format << ": " << exported.err;
  }
  auto db = Database::open(db_, Database::OpenMode::must_exist);
  const auto deals = load_deals(db, 1);
  const auto workbook = zipped_file(out("run.xlsx"), "xl/workbook.xml");
  for (const std::string sheet : {"Summary", "Participants", "Deal 1"})
    EXPECT_NE(workbook.find("name=\"" + sheet + "\""), std::string::npos) << workbook;
  EXPECT_NE(zipped_file(out("run.xlsx"), "xl/worksheets/sheet1.xml").find("<pane"),
            std::string::npos)
      << "the header row is frozen";

  const auto json = nlohmann::json::parse(read_bytes(out("run.json")));
  EXPECT_EQ(json["deals"].size(), deals.size());
  EXPECT_EQ(json["run"]["run_id"], 1);
  EXPECT_TRUE(json["kpis"].contains("planet"));

  GDALAllRegister();
  auto* dataset = static_cast<GDALDataset*>(
      GDALOpenEx(out("run.gpkg").string().c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr));
  ASSERT_NE(dataset, nullptr);
  const auto region = load_region(db);
  for (const char* layer : {"parcels_before", "parcels_after"}) {
    ASSERT_NE(dataset->GetLayerByName(layer), nullptr) << layer;
    EXPECT_EQ(dataset->GetLayerByName(layer)->GetFeatureCount(),
              static_cast<GIntBig>(region.parcels.size()));
  }
  EXPECT_NE(dataset->GetLayerByName("layer_styles"), nullptr);
  GDALClose(dataset);
}

TEST_F(RunExports, APartysExportNamesNoFarmOutsideItsDeals) {
  auto db = Database::open(db_, Database::OpenMode::must_exist);
  const auto deals = load_deals(db, 1);
  const auto region = load_region(db);
  ASSERT_FALSE(deals.empty());
  const std::string party = deals.front().farm_ids.front();
  std::set<std::string> partners;
  for (const auto& deal : deals) {
    if (std::find(deal.farm_ids.begin(), deal.farm_ids.end(), party) != deal.farm_ids.end())
      partners.insert(deal.farm_ids.begin(), deal.farm_ids.end());
  }
  const auto dir = out("party");
  for (const auto& [format, file] : std::vector<std::pair<std::string, std::string>>{
           {"csv", "csv"}, {"xlsx", "p.xlsx"}, {"json", "p.json"}, {"gpkg", "p.gpkg"}}) {
    const auto exported = run_landpool({"--db", db_, "export", "--format", format, "--party", party,
                                        "--out", (dir / file).string()});
    ASSERT_EQ(exported.exit_code, 0) << format << ": " << exported.err;
  }
  ASSERT_EQ(run_landpool(
                {"--db", db_, "report", "--party", party, "--out", (dir / "report.html").string()})
                .exit_code,
            0);
  const auto text = all_text(dir);
  int outsiders = 0;
  for (const auto& farm : region.farms) {
    if (partners.contains(farm.farm_id))
      continue;
    ++outsiders;
    // Farm ids are matched as whole tokens (F1 must not match inside F10).
    for (const std::string& needle :
         {"," + farm.farm_id + ",", ">" + farm.farm_id + "<", "\"" + farm.farm_id + "\"",
          "\n" + farm.farm_id + "\n", "|" + farm.farm_id, farm.farm_id + ": "}) {
      EXPECT_EQ(text.find(needle), std::string::npos) << farm.farm_id << " leaks as " << needle;
    }
    if (!farm.name.empty()) {
      EXPECT_EQ(text.find(farm.name), std::string::npos) << farm.name;
    }
  }
  EXPECT_GT(outsiders, 0);
  EXPECT_EQ(run_landpool({"--db", db_, "export", "--party", "NO-SUCH-FARM", "--out",
                          (dir / "none").string()})
                .exit_code,
            2);
}

TEST_F(RunExports, AnonymisedExportsUseStablePseudonyms) {
  for (const char* name : {"a1.json", "a2.json"}) {
    ASSERT_EQ(run_landpool({"--db", db_, "export", "--format", "json", "--anonymise", "--out",
                            out(name).string()})
                  .exit_code,
              0);
  }
  const auto first = read_bytes(out("a1.json"));
  EXPECT_EQ(first, read_bytes(out("a2.json")));
  auto db = Database::open(db_, Database::OpenMode::must_exist);
  for (const auto& farm : load_region(db).farms)
    EXPECT_EQ(first.find("\"" + farm.farm_id + "\""), std::string::npos) << farm.farm_id;
  EXPECT_NE(first.find("farm-"), std::string::npos);
}

// The report and the workbook in Dutch: labels from the catalogue, units,
// counts as whole numbers; the same run in English reads English.
TEST_F(RunExports, TheReportAndWorkbookSpeakDutchOrEnglish) {
  const auto nl = out("report-nl.html"), en = out("report-en.html");
  ASSERT_EQ(run_landpool({"--db", db_, "report", "--lang", "nl", "--out", nl.string()}).exit_code,
            0);
  ASSERT_EQ(run_landpool({"--db", db_, "report", "--out", en.string()}).exit_code, 0);
  const auto dutch = read_bytes(nl), english = read_bytes(en);
  EXPECT_NE(dutch.find("<html lang=nl>"), std::string::npos);
  for (const char* label : {"Kerncijfers", "Deelnemende bedrijven", "Kavels per bedrijf",
                            "Overeenkomsten", "Verschil", "EUR per jaar"})
    EXPECT_NE(dutch.find(label), std::string::npos) << label;
  EXPECT_EQ(dutch.find("Key figures"), std::string::npos);
  for (const char* label : {"Key figures", "Farms taking part", "Blocks per farm", "Change"})
    EXPECT_NE(english.find(label), std::string::npos) << label;
  // A count reads as a whole number: the participating farms' row.
  const auto row = english.find("<td>Farms taking part</td>");
  ASSERT_NE(row, std::string::npos);
  const auto end = english.find("</tr>", row);
  EXPECT_EQ(english.substr(row, end - row).find('.'), std::string::npos)
      << english.substr(row, end - row);

  const auto workbook = out("run-nl.xlsx");
  ASSERT_EQ(run_landpool({"--db", db_, "export", "--format", "xlsx", "--lang", "nl", "--out",
                          workbook.string()})
                .exit_code,
            0);
  const auto sheets = zipped_file(workbook, "xl/workbook.xml");
  for (const char* sheet : {"Samenvatting", "Deelnemers", "Overeenkomst 1"})
    EXPECT_NE(sheets.find(std::string("name=\"") + sheet + "\""), std::string::npos) << sheet;
  EXPECT_NE(run_landpool({"--db", db_, "report", "--lang", "de", "--out", nl.string()}).exit_code,
            0);
}

// One sheet per farm and per pool owner of the run's deals, in Dutch; a
// farm's sheet names no farm outside its deal; printed, one page per sheet.
TEST_F(RunExports, DealSheetsOnePagePerPartyInDutch) {
  auto db = Database::open(db_, Database::OpenMode::must_exist);
  const auto deals = load_deals(db, 1);
  const auto region = load_region(db);
  std::size_t farms = 0, owners = 0;
  for (const auto& deal : deals) {
    farms += deal.farm_ids.size();
    owners += deal.pool_owner_ids.size();
  }
  const auto dir = out("sheets");
  const auto written = run_landpool({"--db", db_, "sheets", "--lang", "nl", "--out", dir.string()});
  ASSERT_EQ(written.exit_code, 0) << written.err;
  const auto& deal = deals.front();
  const std::string farm = deal.farm_ids.front();
  const auto sheet = read_bytes(dir / ("farm-" + farm + ".html"));
  for (const char* label : {"Overeenkomstblad", "Wat u ontvangt", "Geld", "Volgende stap", "<svg"})
    EXPECT_NE(sheet.find(label), std::string::npos) << label;
  for (const auto& other : region.farms) {
    const bool in_deal =
        std::find(deal.farm_ids.begin(), deal.farm_ids.end(), other.farm_id) != deal.farm_ids.end();
    if (!in_deal) {
      EXPECT_EQ(sheet.find(">" + other.farm_id + "<"), std::string::npos) << other.farm_id;
    }
  }
  std::size_t pages = 0, sheets = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const auto name = entry.path().filename().string();
    sheets += name.rfind("farm-", 0) == 0 || name.rfind("owner-", 0) == 0;
  }
  EXPECT_EQ(sheets, farms + owners);
  if (!std::filesystem::exists(dir / "sheets.pdf"))
    GTEST_SKIP() << "no sheets.pdf (Chromium is not installed): " << written.err;
  // One farm's and one owner's sheet, in Dutch and in English, as screenshots.
  const auto english = out("sheets-en");
  ASSERT_EQ(run_landpool({"--db", db_, "sheets", "--no-pdf", "--out", english.string()}).exit_code,
            0);
  std::string owner_file;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().filename().string().rfind("owner-", 0) == 0)
      owner_file = entry.path().filename().string();
  }
  ASSERT_FALSE(owner_file.empty()) << "no owner sheet: the example region leases no pool land";
  const auto chromium = chromium_path();
  for (const auto& [folder, language] : {std::pair{dir, "nl"}, std::pair{english, "en"}}) {
    for (const auto& file : {"farm-" + farm + ".html", owner_file}) {
      const auto png =
          screenshot(chromium, folder / file,
                     std::string("sheet-") + language + "-" + file.substr(0, 5), "800,1130");
      EXPECT_GT(std::filesystem::file_size(png), 10000u) << png;
    }
  }
  // Pages of the PDF: one /Type /Page object per page.
  const auto pdf = read_bytes(dir / "sheets.pdf");
  const std::regex page(R"(/Type\s*/Page[^s])");
  pages = static_cast<std::size_t>(
      std::distance(std::sregex_iterator(pdf.begin(), pdf.end(), page), std::sregex_iterator()));
  EXPECT_EQ(pages, sheets) << "one printed page per sheet";
}

TEST_F(RunExports, ReportRendersInHeadlessChromiumWithTheMapDrawn) {
  const auto report = out("report.html");
  ASSERT_EQ(run_landpool({"--db", db_, "report", "--out", report.string()}).exit_code, 0);
  const auto html = read_bytes(report);
  EXPECT_EQ(html.find("<script"), std::string::npos) << "self-contained: no scripts";
  EXPECT_EQ(html.find("http://"), html.find("http://www.w3.org/2000/svg"))
      << "no network references";
  EXPECT_NE(html.find("<svg"), std::string::npos);
  const auto chromium = chromium_path();
  if (chromium.empty())
    GTEST_SKIP() << "Chromium is not installed (scripts/install-deps.sh --test installs it)";
  const auto png = screenshot(chromium, report, "report-en", "1200,1600");
  ASSERT_TRUE(std::filesystem::exists(png));
  const auto dutch = out("rapport.html");
  ASSERT_EQ(
      run_landpool({"--db", db_, "report", "--lang", "nl", "--out", dutch.string()}).exit_code, 0);
  EXPECT_GT(std::filesystem::file_size(screenshot(chromium, dutch, "report-nl", "1200,1600")),
            10000u);

  // The map is drawn: the screenshot has many colours, not a blank page.
  GDALAllRegister();
  auto* image = static_cast<GDALDataset*>(GDALOpen(png.string().c_str(), GA_ReadOnly));
  ASSERT_NE(image, nullptr);
  const int width = image->GetRasterXSize(), height = image->GetRasterYSize();
  std::vector<std::uint8_t> red(static_cast<std::size_t>(width) * height), green(red.size()),
      blue(red.size());
  for (const auto& [band, buffer] : {std::pair{1, &red}, std::pair{2, &green}, {3, &blue}}) {
    ASSERT_EQ(image->GetRasterBand(band)->RasterIO(GF_Read, 0, 0, width, height, buffer->data(),
                                                   width, height, GDT_Byte, 0, 0),
              CE_None);
  }
  GDALClose(image);
  std::set<std::uint32_t> colours;
  std::size_t non_white = 0;
  for (std::size_t i = 0; i < red.size(); ++i) {
    colours.insert((std::uint32_t{red[i]} << 16) | (std::uint32_t{green[i]} << 8) | blue[i]);
    non_white += red[i] < 240 || green[i] < 240 || blue[i] < 240;
  }
  EXPECT_GT(colours.size(), 20u) << "a blank or one-colour page";
  EXPECT_GT(non_white, red.size() / 20) << "the page is mostly empty";
}

}  // namespace
}  // namespace landpool::testing
