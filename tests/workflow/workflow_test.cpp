// The use cases called directly, as the command line and the workbench call
// them: import -> solve and store -> decide -> apply -> advance -> export, on
// a generated region with the real database and CBC; bad input changes nothing.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "core/errors.hpp"
#include "db/cycle_store.hpp"
#include "db/region_store.hpp"
#include "db/run_store.hpp"
#include "test_support.hpp"
#include "workflow/compare.hpp"
#include "workflow/cycle.hpp"
#include "workflow/export.hpp"
#include "workflow/import.hpp"
#include "workflow/solve.hpp"

namespace landpool::testing {
namespace {

/// A 300-parcel region generated once, as CSV files.
struct GeneratedRegionDir {
  TempDir dir;
  std::filesystem::path region = dir / "region";
  GeneratedRegionDir() {
    generator::GenerateOptions options;
    options.preset = "harenkarspel";
    options.parcels = 300;
    options.seed = 3;
    workflow::generate_region(options, "2026-10-01", region);
  }
};

const GeneratedRegionDir& generated() {
  static const GeneratedRegionDir once;
  return once;
}

workflow::SolveRequest quick_solve() {
  workflow::SolveRequest request;
  request.as_of = "2026-10-01";
  request.time_limit_s = 10.0;
  return request;
}

// With every farm's reach cut to 1 km, at-risk organic land is lost;
// the run says why for each parcel, and the hectares add up to the KPI.
TEST(Workflow, EveryLostOrganicParcelHasAReasonAndTheHectaresAddUp) {
  const TempDir dir;
  const auto region = dir / "region";
  std::filesystem::copy(generated().region, region);
  std::istringstream demands(read_bytes(region / "demands.csv"));
  std::ostringstream narrowed;
  std::string line;
  for (int row = 0; std::getline(demands, line); ++row) {
    if (row > 0) {  // farm_id,wants_min_ha,wants_max_ha,max_distance_km,...
      const auto third = line.find(',', line.find(',', line.find(',') + 1) + 1);
      line = line.substr(0, third + 1) + "1.0" + line.substr(line.find(',', third + 1));
    }
    narrowed << line << "\n";
  }
  std::ofstream(region / "demands.csv") << narrowed.str();
  const std::string db = (dir / "region.db").string();
  workflow::ImportCsvRequest import;
  import.directory = region;
  ASSERT_TRUE(workflow::import_csv(db, import).stored);

  const auto solved = workflow::solve_region(db, quick_solve());
  const auto& lost = solved.proposal.lost_organic;
  ASSERT_FALSE(lost.empty()) << "nothing lost: the test would prove nothing";
  double lost_ha = 0.0;
  for (const auto& l : lost) {
    lost_ha += l.area_ha;
    EXPECT_NE(std::find(kLossReasons.begin(), kLossReasons.end(), l.reason), kLossReasons.end())
        << l.parcel_id << ": " << l.reason;
  }
  EXPECT_NEAR(lost_ha, solved.proposal.kpis.lost_organic_ha, 1e-6);

  auto database = Database::open(db, Database::OpenMode::must_exist);
  const auto stored = load_lost_organic(database, solved.run.run_id);
  ASSERT_EQ(stored.size(), lost.size());
  for (std::size_t i = 0; i < lost.size(); ++i) {
    EXPECT_EQ(stored[i].parcel_id, lost[i].parcel_id);
    EXPECT_EQ(stored[i].reason, lost[i].reason);
  }
}

TEST(Workflow, ImportSolveDecideApplyAdvanceExport) {
  const TempDir dir;
  const std::string db = (dir / "region.db").string();
  workflow::ImportCsvRequest import;
  import.directory = generated().region;
  import.quarter = "2026Q4";
  const auto imported = workflow::import_csv(db, import);
  ASSERT_TRUE(imported.stored);
  EXPECT_EQ(imported.region.parcels.size(), 300u);
  EXPECT_GT(imported.adjacency.pairs, 0);

  const auto solved = workflow::solve_region(db, quick_solve());
  EXPECT_GT(solved.run.run_id, 0);
  EXPECT_GT(solved.result.objective_eur, 0.0);
  EXPECT_GE(solved.result.bound_eur, solved.result.objective_eur - 1e-6);
  ASSERT_FALSE(solved.proposal.deals.empty());

  workflow::DecideRequest decide;
  decide.deal_id = solved.proposal.deals.front().deal_id;
  decide.decision = "accept";
  decide.date = "2026-10-15";
  const auto decided = workflow::decide(db, decide);
  EXPECT_EQ(decided.record.run_id, solved.run.run_id);
  EXPECT_EQ(decided.farm_ids, solved.proposal.deals.front().farm_ids);

  const auto applied = workflow::apply_accepted(db, "");
  EXPECT_EQ(applied.deals, 1);
  EXPECT_EQ(applied.quarter, "2026Q4");
  EXPECT_NEAR(applied.area_ha, solved.proposal.deals.front().area_ha, 1e-6);

  const auto advanced = workflow::advance(db, "2027Q1");
  EXPECT_EQ(advanced.from, "2026Q4");
  EXPECT_THROW(workflow::advance(db, "2026Q4"), UsageError);

  workflow::ExportRequest request;
  request.out = dir / "swap-list";
  const auto exported = workflow::export_run(db, request);
  EXPECT_EQ(exported.view.run.run_id, solved.run.run_id);
  EXPECT_TRUE(std::filesystem::exists(dir / "swap-list/transfers.csv"));
  request.format = "html";
  request.out = dir / "report.html";
  workflow::export_run(db, request);
  EXPECT_GT(std::filesystem::file_size(dir / "report.html"), 1000u);
}

TEST(Workflow, BadInputLeavesNoDatabaseAndARegionNeedsReplace) {
  const TempDir dir;
  const std::string db = (dir / "region.db").string();
  auto fixture = CsvFixture::small_valid_region();
  fixture.set("parcels.csv", 0, "area_ha", "-3");
  fixture.write(dir / "bad");
  workflow::ImportCsvRequest import;
  import.directory = dir / "bad";
  const auto rejected = workflow::import_csv(db, import);
  EXPECT_FALSE(rejected.stored);
  EXPECT_TRUE(rejected.diagnostics.has_errors());
  EXPECT_FALSE(std::filesystem::exists(db));

  import.directory = generated().region;
  ASSERT_TRUE(workflow::import_csv(db, import).stored);
  const auto before = read_bytes(db);
  EXPECT_THROW(workflow::import_csv(db, import), UsageError);
  EXPECT_EQ(read_bytes(db), before);
}

TEST(Workflow, SolveRefusesWhatItCannotDo) {
  const TempDir dir;
  const std::string db = (dir / "region.db").string();
  workflow::SolveRequest request = quick_solve();
  request.scenario_file = dir / "missing.toml";
  EXPECT_THROW(workflow::solve_region(db, request), InputError);
  request.scenario_file.clear();
  request.as_of = "01-10-2026";
  EXPECT_THROW(workflow::solve_region(db, request), UsageError);
}

TEST(Workflow, CompareStoresARunPerScenario) {
  const TempDir dir;
  const std::string db = (dir / "region.db").string();
  workflow::ImportCsvRequest import;
  import.directory = generated().region;
  ASSERT_TRUE(workflow::import_csv(db, import).stored);
  workflow::CompareRequest request;
  const std::filesystem::path scenarios = std::filesystem::path(LANDPOOL_SOURCE_DIR) / "scenarios";
  request.scenario_files = {scenarios / "default.toml", scenarios / "bio-valley.toml"};
  request.time_limit_s = 5.0;
  request.as_of = "2026-10-01";
  request.out = dir / "compare.csv";
  std::size_t started = 0;
  const auto comparison = workflow::compare_scenarios(
      db, request,
      [&](std::size_t, std::size_t, const std::string&, const std::string&) { ++started; });
  EXPECT_EQ(started, 2u);
  ASSERT_EQ(comparison.scenarios.size(), 2u);
  EXPECT_TRUE(std::filesystem::exists(request.out));
  auto database = Database::open(db, Database::OpenMode::must_exist);
  EXPECT_EQ(list_runs(database).size(), 2u);
}

}  // namespace
}  // namespace landpool::testing
