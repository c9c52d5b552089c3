#include "importers/scenario_reader.hpp"

#include <gtest/gtest.h>

#include "cli/exit_codes.hpp"
#include "test_support.hpp"

namespace landpool::testing {
namespace {

TEST(ScenarioReader, TheShippedDefaultEqualsTheBuiltInDefaults) {
  Diagnostics diagnostics;
  const auto read = read_scenario_file(
      std::filesystem::path(LANDPOOL_SOURCE_DIR) / "scenarios/default.toml", diagnostics);
  ASSERT_TRUE(read.has_value()) << format_problem(diagnostics.errors().front());
  const Scenario built_in;
  const auto& w = read->weights;
  EXPECT_EQ(w.keep_organic_eur_per_ha, built_in.weights.keep_organic_eur_per_ha);
  EXPECT_EQ(w.organic_gain_eur_per_ha, built_in.weights.organic_gain_eur_per_ha);
  EXPECT_EQ(w.area_wanted_eur_per_ha_year, built_in.weights.area_wanted_eur_per_ha_year);
  EXPECT_EQ(w.conversion_eur_per_ha_year, built_in.weights.conversion_eur_per_ha_year);
  EXPECT_EQ(w.travel_eur_per_ha_km_year, built_in.weights.travel_eur_per_ha_km_year);
  EXPECT_EQ(w.consolidation_eur_per_m_year, built_in.weights.consolidation_eur_per_m_year);
  EXPECT_EQ(w.organic_contiguity_eur_per_m_year,
            built_in.weights.organic_contiguity_eur_per_m_year);
  EXPECT_EQ(w.drift_border_eur_per_m_year, built_in.weights.drift_border_eur_per_m_year);
  EXPECT_EQ(w.transaction_eur_per_parcel, built_in.weights.transaction_eur_per_parcel);
  EXPECT_EQ(w.appraisal_years, built_in.weights.appraisal_years);
  EXPECT_EQ(read->defaults.tolerance_pct, built_in.defaults.tolerance_pct);
  EXPECT_EQ(read->defaults.max_distance_km, built_in.defaults.max_distance_km);
  EXPECT_EQ(read->defaults.max_partners, built_in.defaults.max_partners);
  EXPECT_EQ(read->defaults.horizon_months, built_in.defaults.horizon_months);
  EXPECT_EQ(read->solver.time_limit_s, built_in.solver.time_limit_s);
  EXPECT_EQ(read->solver.relative_gap, built_in.solver.relative_gap);
  for (std::size_t i = 0; i < kRuleNames.size(); ++i) {
    EXPECT_EQ(read->rules[i].mode, built_in.rules[i].mode) << kRuleNames[i];
  }
}

struct BadScenario {
  std::string text;
  long line;
  std::string key;
  std::string fragment;
};

TEST(ScenarioReader, ProblemsNameTheLineAndKey) {
  const std::vector<BadScenario> cases = {
      {"name = \"x\"\n[weights]\nkeep_organic = 3\n", 3, "weights.keep_organic", "unknown key"},
      {"[defaults]\nmax_partners = 0\n", 2, "defaults.max_partners", "out of range"},
      {"[defaults]\nmax_partners = 2.5\n", 2, "defaults.max_partners", "whole number"},
      {"[solver]\ntime_limit_s = \"fast\"\n", 2, "solver.time_limit_s", "finite number"},
      {"[rules.partners]\nmode = \"sometimes\"\n", 2, "rules.partners.mode", "hard"},
      {"[rules.partners]\nmode = \"penalty\"\n", 1, "rules.partners", "penalty_eur"},
      {"[rules.who_may_move]\nmode = \"off\"\n", 1, "rules.who_may_move", "unknown key"},
      {"[weights]\nkeep_organic_eur_per_ha = nan\n", 2, "weights.keep_organic_eur_per_ha",
       "finite"},
      {"[weights\n", 1, "-", ""},
      {"[deals]\nmax_ring_parties = 1\n", 2, "deals.max_ring_parties", "out of range"},
      {"[deals]\nmax_chain_links = -1\n", 2, "deals.max_chain_links", "out of range"},
      {"[deals]\nchain_cap = 3\n", 2, "deals.chain_cap", "unknown key"},
      {"[rules.deal_caps]\nmode = \"never\"\n", 2, "rules.deal_caps.mode", "hard"},
  };
  for (const auto& c : cases) {
    Diagnostics diagnostics;
    EXPECT_FALSE(parse_scenario(c.text, "s.toml", diagnostics).has_value()) << c.text;
    ASSERT_FALSE(diagnostics.errors().empty()) << c.text;
    const auto& problem = diagnostics.errors().front();
    EXPECT_EQ(problem.line, c.line) << c.text;
    EXPECT_EQ(problem.column, c.key) << c.text;
    EXPECT_NE(problem.message.find(c.fragment), std::string::npos) << problem.message;
  }
}

TEST(ScenarioReader, SolveRefusesABadScenarioWithExitThree) {
  TempDir dir;
  CsvFixture::small_valid_region().write(dir / "region");
  const auto db = (dir / "r.db").string();
  ASSERT_EQ(run_landpool({"--db", db, "import", "csv", (dir / "region").string()}).exit_code, 0);
  write_text(dir / "bad.toml", "[weights]\ntravel_eur_per_ha_km_year = -5\n");
  const auto result =
      run_landpool({"--db", db, "solve", "--scenario", (dir / "bad.toml").string()});
  EXPECT_EQ(result.exit_code, exit_code::kInvalidInput);
  EXPECT_NE(result.err.find("bad.toml:2: weights.travel_eur_per_ha_km_year:"), std::string::npos)
      << result.err;
}

TEST(Solve, StoresAVerifiedRunThatRunsListsAndExportWrites) {
  TempDir dir;
  CsvFixture::small_valid_region().write(dir / "region");
  const auto db = (dir / "r.db").string();
  ASSERT_EQ(run_landpool({"--db", db, "import", "csv", (dir / "region").string()}).exit_code, 0);
  const auto solved = run_landpool({"--db", db, "solve", "--as-of", "2026-10-01"});
  ASSERT_EQ(solved.exit_code, 0) << solved.err;
  EXPECT_NE(solved.out.find("status       optimal"), std::string::npos) << solved.out;
  EXPECT_NE(solved.out.find("verified"), std::string::npos);
  const auto listed = run_landpool({"--db", db, "runs"});
  EXPECT_NE(listed.out.find("optimal"), std::string::npos) << listed.out;
  const auto exported =
      run_landpool({"--db", db, "export", "--format", "csv", "--out", (dir / "out").string()});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  const auto csv = read_bytes(dir / "out" / "transfers.csv");
  EXPECT_EQ(csv.rfind("deal_id,parcel_id,from_farm_id,to_farm_id,owner_before,owner_after,form,"
                      "area_ha,value_eur,effective_date\n",
                      0),
            0u);
  EXPECT_EQ(run_landpool({"--db", db, "export", "--format", "pdf", "--out", (dir / "x").string()})
                .exit_code,
            exit_code::kUsageError);
}

}  // namespace
}  // namespace landpool::testing
