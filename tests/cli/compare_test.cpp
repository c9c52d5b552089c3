// `landpool compare` on the example region with shipped scenarios: the
// comparison is written in every format, its runs are stored and exportable,
// the values move the way theory says where the solver proved optimality, and
// a bad scenario stops everything with exit 3 before anything runs.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli/exit_codes.hpp"
#include "test_support.hpp"

namespace landpool::testing {
namespace {

std::string shipped(const std::string& name) {
  return (std::filesystem::path(LANDPOOL_SOURCE_DIR) / "scenarios" / (name + ".toml")).string();
}

int count_runs(const std::string& db) {
  const auto listed = run_landpool({"--db", db, "runs"});
  return static_cast<int>(std::count(listed.out.begin(), listed.out.end(), '\n')) - 1;
}

TEST(Compare, ShippedScenariosSideBySideInJsonCsvAndHtml) {
  TempDir dir;
  const auto db = (dir / "r.db").string();
  ASSERT_EQ(run_landpool({"--db", db, "import", "csv", example_region_dir().string()}).exit_code,
            0);
  const auto json_path = dir / "out" / "compare.json";
  const auto compared = run_landpool(
      {"--db", db, "compare", shipped("tight"), shipped("default"), shipped("generous"),
       shipped("organic-government-land"), "--as-of", "2026-10-01", "--time-limit",
       std::to_string(static_cast<int>(20 * kSlowdown)), "--out", json_path.string()});
  ASSERT_EQ(compared.exit_code, 0) << compared.err;
  EXPECT_NE(compared.out.find("value_eur"), std::string::npos) << compared.out;
  const auto json = nlohmann::json::parse(read_bytes(json_path));
  ASSERT_EQ(json["scenarios"].size(), 4u);
  const std::string fingerprint = json["scenarios"][0]["input_fingerprint"];
  std::vector<double> values;
  std::vector<bool> optimal;
  for (const auto& s : json["scenarios"]) {
    EXPECT_EQ(s["input_fingerprint"], fingerprint) << "same region state for every scenario";
    values.push_back(s["value_eur"].get<double>());
    optimal.push_back(s["status"] == "optimal");
    EXPECT_TRUE(s["kpis"].contains("planet"));
  }
  // tight <= default <= generous: each loosens the caps of the one before.
  if (optimal[0] && optimal[1]) {
    EXPECT_LE(values[0], values[1] + 1e-6);
  }
  if (optimal[1] && optimal[2]) {
    EXPECT_LE(values[1], values[2] + 1e-6);
  }
  EXPECT_TRUE(optimal[0] && optimal[1] && optimal[2]) << "the example region solves to optimality";
  bool has_gap_row = false;
  for (const auto& row : json["measures"]) {
    has_gap_row = has_gap_row || row["measure"] == "gap_pct";
    ASSERT_EQ(row["values"].size(), 4u);
    EXPECT_DOUBLE_EQ(row["difference_to_first"][0].get<double>(), 0.0);
  }
  EXPECT_TRUE(has_gap_row);
  EXPECT_EQ(count_runs(db), 4) << "every compared scenario is a stored run";
  // The organic-government-land run exports like any run, its government
  // leases carrying the scenario's lease terms (rent 800, at most 12 years).
  const long last_run = json["scenarios"][3]["run_id"];
  ASSERT_EQ(run_landpool({"--db", db, "export", "--run", std::to_string(last_run), "--format",
                          "json", "--out", (dir / "run.json").string()})
                .exit_code,
            0);
  int government_leases = 0;
  const auto run_json = nlohmann::json::parse(read_bytes(dir / "run.json"));
  for (const auto& t : run_json["transfers"]) {
    const std::string owner = t["owner_before"];
    const bool government = owner == "O-GEM" || owner == "O-PNH" || owner == "O-BBL";
    if (government && t["form"] == "lease") {
      ++government_leases;
      EXPECT_EQ(t["rent_eur_per_ha_year"], 800.0);
      EXPECT_LE(t["lease_years"].get<int>(), 12);
    } else {
      EXPECT_TRUE(t["rent_eur_per_ha_year"].is_null()) << t.dump();
    }
  }
  EXPECT_GT(government_leases, 0);

  const auto csv_path = dir / "out" / "compare.csv";
  const auto as_csv =
      run_landpool({"--db", db, "compare", shipped("default"), shipped("bio-valley"), "--as-of",
                    "2026-10-01", "--time-limit", "20", "--out", csv_path.string()});
  ASSERT_EQ(as_csv.exit_code, 0) << as_csv.err;
  const auto csv = read_bytes(csv_path);
  EXPECT_EQ(
      csv.rfind("group,measure,default,bio-valley,bio-valley - default,significance bio-valley\n",
                0),
      0u)
      << csv;
  EXPECT_NE(csv.find("planet,organic_in_zone_after_ha,"), std::string::npos);
  EXPECT_EQ(read_bytes(dir / "out" / "compare_farms.csv").rfind("farm_id,gain_eur default,", 0),
            0u);

  const auto html_path = dir / "out" / "compare.html";
  const auto as_html = run_landpool(
      {"--db", db, "compare", shipped("default"), shipped("leases-only"), "--as-of", "2026-10-01",
       "--time-limit", "20", "--lang", "nl", "--out", html_path.string()});
  ASSERT_EQ(as_html.exit_code, 0) << as_html.err;
  const auto html = read_bytes(html_path);
  EXPECT_NE(html.find("leases-only"), std::string::npos);
  for (const char* dutch : {"<html lang=nl>", "Scenario's vergeleken", "Kerncijfers naast elkaar",
                            "Biologische grond na elk scenario", "Verloren biologische grond"})
    EXPECT_NE(html.find(dutch), std::string::npos) << dutch;
  EXPECT_GE(std::count(html.begin(), html.end(), '<'), 100);
  std::size_t maps = 0;
  for (auto at = html.find("<svg"); at != std::string::npos; at = html.find("<svg", at + 1))
    ++maps;
  EXPECT_GE(maps, 4u) << "two maps per scenario, side by side";
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(count_runs(db), 8);
}

TEST(Compare, ABadScenarioStopsEverythingWithExitThree) {
  TempDir dir;
  const auto db = (dir / "r.db").string();
  ASSERT_EQ(run_landpool({"--db", db, "import", "csv", example_region_dir().string()}).exit_code,
            0);
  write_text(dir / "bad.toml",
             "name = \"bad\"\n[government_land]\neligibility = \"organic\"\nsale_allowed = 0\n");
  const auto result = run_landpool({"--db", db, "compare", shipped("default"),
                                    (dir / "bad.toml").string(), "--time-limit", "5"});
  EXPECT_EQ(result.exit_code, exit_code::kInvalidInput);
  EXPECT_NE(result.err.find("bad.toml:4: government_land.sale_allowed: must be true or false"),
            std::string::npos)
      << result.err;
  EXPECT_EQ(count_runs(db), 0) << "nothing ran";
  EXPECT_EQ(
      run_landpool({"--db", db, "compare", shipped("default"), "--out", (dir / "c.pdf").string()})
          .exit_code,
      exit_code::kUsageError);
}

}  // namespace
}  // namespace landpool::testing
