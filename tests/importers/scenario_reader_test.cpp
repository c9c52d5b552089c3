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
  EXPECT_EQ(w.block_eur_per_year, built_in.weights.block_eur_per_year);
  EXPECT_EQ(w.organic_contiguity_eur_per_m_year,
            built_in.weights.organic_contiguity_eur_per_m_year);
  EXPECT_EQ(w.drift_border_eur_per_m_year, built_in.weights.drift_border_eur_per_m_year);
  EXPECT_EQ(w.transaction_eur_per_parcel, built_in.weights.transaction_eur_per_parcel);
  EXPECT_EQ(w.transaction_eur_per_deal, built_in.weights.transaction_eur_per_deal);
  EXPECT_EQ(w.appraisal_years, built_in.weights.appraisal_years);
  EXPECT_EQ(read->defaults.tolerance_pct, built_in.defaults.tolerance_pct);
  EXPECT_EQ(read->defaults.max_distance_km, built_in.defaults.max_distance_km);
  EXPECT_EQ(read->defaults.max_partners, built_in.defaults.max_partners);
  EXPECT_EQ(read->defaults.horizon_months, built_in.defaults.horizon_months);
  EXPECT_EQ(read->solver.time_limit_s, built_in.solver.time_limit_s);
  EXPECT_EQ(read->solver.search_cycle_s, built_in.solver.search_cycle_s);
  EXPECT_EQ(read->solver.relative_gap, built_in.solver.relative_gap);
  EXPECT_EQ(read->kpis.cluster_min_ha, built_in.kpis.cluster_min_ha);
  EXPECT_EQ(read->deals.ownership_exchanges, built_in.deals.ownership_exchanges);
  EXPECT_EQ(read->deals.transfer_tax_pct, built_in.deals.transfer_tax_pct);
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
      {"[solver]\nsearch_cycle_s = 5\n", 2, "solver.search_cycle_s", "out of range"},
      {"[rules.partners]\nmode = \"sometimes\"\n", 2, "rules.partners.mode", "hard"},
      {"[rules.partners]\nmode = \"penalty\"\n", 1, "rules.partners", "penalty_eur"},
      {"[rules.who_may_move]\nmode = \"off\"\n", 1, "rules.who_may_move", "unknown key"},
      {"[weights]\nkeep_organic_eur_per_ha = nan\n", 2, "weights.keep_organic_eur_per_ha",
       "finite"},
      {"[weights\n", 1, "-", ""},
      {"[deals]\nmax_ring_parties = 1\n", 2, "deals.max_ring_parties", "out of range"},
      {"[deals]\nmax_chain_links = -1\n", 2, "deals.max_chain_links", "out of range"},
      {"[deals]\nchain_cap = 3\n", 2, "deals.chain_cap", "unknown key"},
      // A key that is not bare is named as TOML writes it, quoted (an empty one too).
      {"\"\" = 1\n", 1, "\"\"", "unknown key"},
      {"[weights]\n\"keep organic\" = 1\n", 2, "weights.\"keep organic\"", "unknown key"},
      {"\"a\\nb\\\"\" = 1\n", 1, "\"a\\u000Ab\\\"\"", "unknown key"},
      {"[rules.deal_caps]\nmode = \"never\"\n", 2, "rules.deal_caps.mode", "hard"},
      // Allocation rules (docs/scenarios.md): unknown rule, wrong types, bad zone, contradictions.
      {"[rules.first_come_first_served]\nmode = \"hard\"\n", 1, "rules.first_come_first_served",
       "unknown key"},
      {"[government_land]\neligibility = \"friends\"\n", 2, "government_land.eligibility",
       "\"organic\", \"organic_or_converting\""},
      {"[government_land]\nsale_allowed = \"no\"\n", 2, "government_land.sale_allowed",
       "true or false"},
      {"[government_land]\nowner_kinds = [\"government\", \"church\"]\n", 2,
       "government_land.owner_kinds", "each must be one of"},
      {"[government_land]\nmax_share_pct_per_farm = 150\n", 2,
       "government_land.max_share_pct_per_farm", "out of range"},
      {"[government_land]\nlease_years_max = 2.5\n", 2, "government_land.lease_years_max",
       "whole number"},
      {"[[government_land.priority]]\ngroup = \"elders\"\n", 2, "government_land.priority.group",
       "young_farmers"},
      {"[[government_land.priority]]\nbonus_eur_per_ha = 5\n", 1, "government_land.priority",
       "needs a group"},
      {"[government_land.priority]\ngroup = \"young_farmers\"\n", 1, "government_land.priority",
       "must be [[government_land.priority]] tables"},
      {"[cluster_zone]\npolygon_wkt = \"POLYGON ((0 0, 10 10, 10 0, 0 10, 0 0))\"\n", 2,
       "cluster_zone.polygon_wkt", "not usable"},
      {"[cluster_zone]\npolygon_wkt = \"POINT (1 2)\"\n", 2, "cluster_zone.polygon_wkt",
       "not usable"},
      {"[cluster_zone]\ncentre_x_m = 1000.0\ncentre_y_m = 2000.0\nradius_m = 500.0\n"
       "polygon_wkt = \"POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))\"\n",
       5, "cluster_zone.polygon_wkt", "not both"},
      {"[cluster_zone]\ncentre_x_m = 1000.0\nradius_m = 500.0\n", 1, "cluster_zone", "go together"},
      {"[cluster_zone]\ncentre = \"somewhere\"\n", 2, "cluster_zone.centre", "organic_core"},
      {"[cluster_zone]\norganic_bonus_eur_per_ha = 100.0\n", 1, "cluster_zone", "needs"},
      {"[deals]\nmax_ring_parties = 2\ntwo_party_swaps = false\n", 3, "deals.two_party_swaps",
       "no exchange possible"},
      {"[government_land]\n[[government_land.priority]]\ngroup = \"in_cluster_zone\"\n", 2,
       "government_land.priority", "needs a [cluster_zone]"},
      {"[government_land]\nmax_share_pct_per_farm = 0\nmax_ha_per_farm = 5\n", 3,
       "government_land.max_ha_per_farm", "contradicts"},
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

TEST(ScenarioReader, EveryShippedScenarioReadsAndSaysWhatItTests) {
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(
           std::filesystem::path(LANDPOOL_SOURCE_DIR) / "scenarios")) {
    if (entry.path().extension() != ".toml")
      continue;
    ++files;
    Diagnostics diagnostics;
    const auto read = read_scenario_file(entry.path(), diagnostics);
    ASSERT_TRUE(read.has_value()) << format_problem(diagnostics.errors().front());
    EXPECT_EQ(read->name, entry.path().stem().string()) << "name and file agree";
    EXPECT_EQ(read->source_text.rfind("# ", 0), 0u) << entry.path() << " starts with its comment";
  }
  EXPECT_GE(files, 6);
}

TEST(ScenarioReader, ReadsEveryAllocationRule) {
  const std::string text = R"toml(
[deals]
two_party_swaps = false
[government_land]
owner_kinds = ["government", "land_fund"]
eligibility = "organic_or_converting"
lease_years_max = 6
rent_eur_per_ha_year = 850.5
sale_allowed = false
max_share_pct_per_farm = 25
max_ha_per_farm = 10
pays_conversion = true
[[government_land.priority]]
group = "organic_nearby"
bonus_eur_per_ha = 1000
radius_km = 3
top_pct = 10
[[government_land.priority]]
group = "in_cluster_zone"
bonus_eur_per_ha = 500
[cluster_zone]
polygon_wkt = "POLYGON ((100000 500000, 104000 500000, 104000 504000, 100000 504000, 100000 500000))"
organic_bonus_eur_per_ha = 3000
[rules.government_caps]
mode = "penalty"
penalty_eur = 400
)toml";
  Diagnostics diagnostics;
  const auto s = parse_scenario(text, "a.toml", diagnostics);
  ASSERT_TRUE(s.has_value()) << format_problem(diagnostics.errors().front());
  EXPECT_FALSE(s->deals.two_party_swaps);
  const auto& g = s->government;
  EXPECT_EQ(g.owner_kinds, (std::vector<OwnerKind>{OwnerKind::government, OwnerKind::land_fund}));
  EXPECT_EQ(g.eligibility, Eligibility::organic_or_converting);
  EXPECT_EQ(g.lease_years_max, 6);
  EXPECT_EQ(g.rent_eur_per_ha_year, 850.5);
  EXPECT_FALSE(g.sale_allowed);
  EXPECT_EQ(g.max_share_pct_per_farm, 25.0);
  EXPECT_EQ(g.max_ha_per_farm, 10.0);
  EXPECT_TRUE(g.pays_conversion);
  ASSERT_EQ(g.priorities.size(), 2u);
  EXPECT_EQ(g.priorities[0].group, PriorityGroup::organic_nearby);
  EXPECT_EQ(g.priorities[0].radius_km, 3.0);
  EXPECT_EQ(g.priorities[0].top_pct, 10.0);
  EXPECT_EQ(g.priorities[1].group, PriorityGroup::in_cluster_zone);
  EXPECT_TRUE(s->cluster_zone.active());
  EXPECT_EQ(s->cluster_zone.organic_bonus_eur_per_ha, 3000.0);
  EXPECT_EQ(s->rule(RuleId::government_caps).mode, RuleMode::penalty);
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
                      "area_ha,value_eur,effective_date,lease_years,rent_eur_per_ha_year,settles,"
                      "use_value_eur_per_year\n",
                      0),
            0u);
  EXPECT_EQ(run_landpool({"--db", db, "export", "--format", "pdf", "--out", (dir / "x").string()})
                .exit_code,
            exit_code::kUsageError);
}

}  // namespace
}  // namespace landpool::testing
