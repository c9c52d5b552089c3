// Two landpool processes on one database: a writer waits for another and
// then completes, or gives up with "database busy" (exit code 5); a command
// that read the region and worked on it stores nothing when another process
// changed the region meanwhile; nothing is half-written and no run or
// decision is lost (docs/robustness.md).

#include <chrono>
#include <future>

#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>

#include "test_support.hpp"

namespace landpool::testing {
namespace {

using namespace std::chrono_literals;

constexpr int kDatabaseBusy = 5;

long count_rows(const std::filesystem::path& db, const std::string& table) {
  SQLite::Database connection(db.string(), SQLite::OPEN_READONLY);
  return connection.execAndGet("SELECT count(*) FROM " + table).getInt64();
}

/// The example region imported and solved once: a run with deals to decide.
class TwoProcesses : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(landpool({"import", "csv", example_region_dir().string()}).exit_code, 0);
    ASSERT_EQ(landpool({"solve", "--time-limit", "5"}).exit_code, 0);
  }

  CommandResult landpool(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db.string(), "-q"});
    return run_landpool(args);
  }

  std::future<CommandResult> in_background(std::vector<std::string> args) {
    return std::async(std::launch::async, [this, args] { return landpool(args); });
  }

  TempDir dir;
  std::filesystem::path db = dir / "region.db";
};

TEST_F(TwoProcesses, AWriterWaitsForAnotherToFinishAndThenCompletes) {
  SQLite::Database other(db.string(), SQLite::OPEN_READWRITE);
  other.exec("BEGIN IMMEDIATE");  // another process is writing
  auto decide = in_background({"--wait", "30", "decide", "1", "accept"});
  EXPECT_EQ(decide.wait_for(1500ms), std::future_status::timeout) << "it should wait";
  other.exec("COMMIT");
  const auto decided = decide.get();
  EXPECT_EQ(decided.exit_code, 0) << decided.err;
  EXPECT_EQ(count_rows(db, "deal_decisions"), 1);
}

TEST_F(TwoProcesses, AWriterGivesUpWithDatabaseBusyAndChangesNothing) {
  const auto before = database_content(db);
  {
    SQLite::Database other(db.string(), SQLite::OPEN_READWRITE);
    other.exec("BEGIN IMMEDIATE");
    for (const std::vector<std::string>& command :
         {std::vector<std::string>{"--wait", "1", "decide", "1", "accept"},
          {"--wait", "1", "import", "csv", example_region_dir().string(), "--replace"},
          {"--wait", "1", "apply"}}) {
      const auto result = landpool(command);
      EXPECT_EQ(result.exit_code, kDatabaseBusy) << command[2] << ": " << result.err;
      EXPECT_NE(result.err.find("database busy"), std::string::npos) << result.err;
      EXPECT_NE(result.err.find("--wait"), std::string::npos) << result.err;
    }
    other.exec("ROLLBACK");
  }
  EXPECT_EQ(database_content(db), before);
  EXPECT_EQ(landpool({"decide", "1", "accept"}).exit_code, 0) << "the next command works";
}

TEST_F(TwoProcesses, ASolveStoresNothingWhenADecisionWasMadeWhileItRan) {
  const long runs_before = count_rows(db, "runs");
  // A region big enough that the solve runs to its time limit.
  const auto generated = dir / "generated";
  ASSERT_EQ(run_landpool({"generate", "region", "--preset", "harenkarspel", "--parcels", "1000",
                          "--seed", "4", "--out", generated.string(), "-q"})
                .exit_code,
            0);
  ASSERT_EQ(landpool({"import", "csv", generated.string(), "--replace"}).exit_code, 0);
  ASSERT_EQ(landpool({"solve", "--time-limit", "2"}).exit_code, 0);
  auto solve = in_background({"solve", "--time-limit", "10"});
  // It has read the region and works (a 1,000-parcel region is far from
  // proven within 10 s): the decision comes while it runs.
  ASSERT_EQ(solve.wait_for(3s), std::future_status::timeout) << "the solve ended too soon";
  const auto decided = landpool({"decide", "1", "hold", "--note", "asked for a week"});
  EXPECT_EQ(decided.exit_code, 0) << decided.err;
  const auto solved = solve.get();
  EXPECT_EQ(solved.exit_code, kDatabaseBusy) << solved.out << solved.err;
  EXPECT_NE(solved.err.find("the region changed while this command ran"), std::string::npos)
      << solved.err;
  EXPECT_EQ(count_rows(db, "runs"), runs_before + 1) << "only the 2 s run, not the stale one";
  EXPECT_EQ(count_rows(db, "deal_decisions"), 1) << "the decision is kept";
}

TEST_F(TwoProcesses, TwoAppliesAtOnceApplyEachAcceptedDealOnce) {
  ASSERT_EQ(landpool({"decide", "1", "accept"}).exit_code, 0);
  SQLite::Database reader(db.string(), SQLite::OPEN_READONLY);
  const long transfers =
      reader.execAndGet("SELECT count(*) FROM transfers WHERE run_id = 1 AND deal_id = 1")
          .getInt64();
  ASSERT_GT(transfers, 0);
  auto first = in_background({"apply"});
  auto second = in_background({"apply"});
  EXPECT_EQ(first.get().exit_code, 0);
  EXPECT_EQ(second.get().exit_code, 0);
  EXPECT_EQ(count_rows(db, "applied_transfers"), transfers);
  EXPECT_EQ(reader.execAndGet("SELECT count(*) FROM snapshots WHERE event = 'apply'").getInt64(),
            1);
}

TEST_F(TwoProcesses, TwoUpdatesAtOnceNeverLoseOneSilently) {
  // Two quarters' demands for different farms, imported at the same moment.
  const auto update_a = dir / "update-a";
  const auto update_b = dir / "update-b";
  std::filesystem::create_directories(update_a);
  std::filesystem::create_directories(update_b);
  const std::string header =
      "farm_id,wants_min_ha,wants_max_ha,max_distance_km,modes,exchange_parcels,tolerance_pct,"
      "max_partners,converts\n";
  write_text(update_a / "demands.csv", header + "F01,6,16,8,lease|exchange,none,10,3,\n");
  write_text(update_b / "demands.csv", header + "F02,3,9,6,lease|buy,none,,,\n");
  const long imports_before = count_rows(db, "imports");
  auto a = in_background({"import", "csv", update_a.string(), "--update"});
  auto b = in_background({"import", "csv", update_b.string(), "--update"});
  const int exit_a = a.get().exit_code;
  const int exit_b = b.get().exit_code;
  for (const int code : {exit_a, exit_b})
    EXPECT_TRUE(code == 0 || code == kDatabaseBusy) << code;
  EXPECT_TRUE(exit_a == 0 || exit_b == 0) << "at least one update goes through";
  EXPECT_EQ(count_rows(db, "imports"), imports_before + (exit_a == 0) + (exit_b == 0));
  SQLite::Database reader(db.string(), SQLite::OPEN_READONLY);
  const auto wants_min = [&](const char* farm) {
    return reader
        .execAndGet(std::string("SELECT wants_min_ha FROM demands WHERE farm_id = '") + farm + "'")
        .getDouble();
  };
  if (exit_a == 0) {
    EXPECT_DOUBLE_EQ(wants_min("F01"), 6.0) << "a stored update is in the region";
  }
  if (exit_b == 0) {
    EXPECT_DOUBLE_EQ(wants_min("F02"), 3.0) << "a stored update is in the region";
  }
}

TEST(TwoFirstImports, IntoOneNewDatabaseNeverBothSucceed) {
  // Without --replace an import must not overwrite a region: when two start
  // on an empty database, one stores and the other is refused (2) or finds
  // the region changed (5), whichever check sees the first.
  for (int trial = 0; trial < 3; ++trial) {
    TempDir dir;
    const auto db = (dir / "new.db").string();
    const auto import = [&] {
      return run_landpool({"--db", db, "-q", "import", "csv", example_region_dir().string()});
    };
    auto first = std::async(std::launch::async, import);
    auto second = std::async(std::launch::async, import);
    const int a = first.get().exit_code, b = second.get().exit_code;
    EXPECT_EQ((a == 0) + (b == 0), 1) << "exit codes " << a << " and " << b;
    for (const int code : {a, b})
      EXPECT_TRUE(code == 0 || code == 2 || code == kDatabaseBusy) << code;
    EXPECT_EQ(count_rows(db, "imports"), 1);
  }
}

}  // namespace
}  // namespace landpool::testing
