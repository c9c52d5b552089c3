// The command line as a user meets it: options, database location, exit codes.

#include <gtest/gtest.h>

#include "cli/exit_codes.hpp"
#include "test_support.hpp"

namespace landpool::testing {
namespace {

class Cli : public ::testing::Test {
 protected:
  void SetUp() override { CsvFixture::small_valid_region().write(dir / "region"); }
  std::string region() const { return (dir / "region").string(); }
  TempDir dir;
};

TEST_F(Cli, HelpListsCommandsAndExitCodes) {
  const auto result = run_landpool({"--help"});
  EXPECT_EQ(result.exit_code, 0);
  for (const char* text :
       {"import", "validate", "status", "--db", "Exit codes", "3 invalid input"}) {
    EXPECT_NE(result.out.find(text), std::string::npos) << text;
  }
  EXPECT_EQ(run_landpool({"import", "csv", "--help"}).exit_code, 0);
}

TEST_F(Cli, UsageErrorsExitWithTwo) {
  EXPECT_EQ(run_landpool({}).exit_code, exit_code::kUsageError);
  EXPECT_EQ(run_landpool({"frobnicate"}).exit_code, exit_code::kUsageError);
  EXPECT_EQ(run_landpool({"import", "csv"}).exit_code, exit_code::kUsageError);
  EXPECT_EQ(run_landpool({"status", "--no-such-option"}).exit_code, exit_code::kUsageError);
  // A quarter is written 2026Q4: "2026q4" would be stored as another quarter.
  for (const auto* command : {"solve", "compare", "apply"}) {
    const auto refused = run_landpool({command, "--quarter", "2026q4"});
    EXPECT_EQ(refused.exit_code, exit_code::kUsageError) << command;
    EXPECT_NE(refused.err.find("such as 2026Q4"), std::string::npos) << refused.err;
  }
  EXPECT_EQ(run_landpool({"import", "csv", region(), "--quarter", "Q4"}).exit_code,
            exit_code::kUsageError);
}

TEST_F(Cli, DbOptionIsAcceptedBeforeOrAfterTheSubcommand) {
  const auto before = (dir / "before.db").string();
  const auto after = (dir / "after.db").string();
  EXPECT_EQ(run_landpool({"--db", before, "import", "csv", region()}).exit_code, 0);
  EXPECT_EQ(run_landpool({"import", "csv", region(), "--db", after}).exit_code, 0);
  EXPECT_TRUE(std::filesystem::exists(before));
  EXPECT_TRUE(std::filesystem::exists(after));
  EXPECT_EQ(run_landpool({"status", "--db", after}).exit_code, 0);
}

TEST_F(Cli, EnvironmentVariableAndDefaultLocation) {
  const auto from_env = (dir / "env.db").string();
  EXPECT_EQ(run_landpool({"import", "csv", region()}, {{"LANDPOOL_DB", from_env}}).exit_code, 0);
  EXPECT_TRUE(std::filesystem::exists(from_env));

  const auto from_option = (dir / "option.db").string();
  EXPECT_EQ(run_landpool({"--db", from_option, "import", "csv", region()},
                         {{"LANDPOOL_DB", from_env + ".unused"}})
                .exit_code,
            0);
  EXPECT_TRUE(std::filesystem::exists(from_option));
  EXPECT_FALSE(std::filesystem::exists(from_env + ".unused"));

  std::filesystem::create_directories(dir / "cwd");
  EXPECT_EQ(run_landpool({"import", "csv", region()}, {}, dir / "cwd").exit_code, 0);
  EXPECT_TRUE(std::filesystem::exists(dir / "cwd" / "landpool.db"));
}

TEST_F(Cli, ReimportNeedsReplaceAndThenReplaces) {
  const auto db = (dir / "r.db").string();
  ASSERT_EQ(run_landpool({"--db", db, "import", "csv", region()}).exit_code, 0);
  const auto before = read_bytes(db);
  const auto refused = run_landpool({"--db", db, "import", "csv", region()});
  EXPECT_EQ(refused.exit_code, exit_code::kUsageError);
  EXPECT_NE(refused.err.find("--replace"), std::string::npos) << refused.err;
  EXPECT_TRUE(read_bytes(db) == before);

  auto smaller = CsvFixture::small_valid_region();
  smaller.files["leases.csv"].pop_back();
  smaller.write(dir / "smaller");
  const auto replaced =
      run_landpool({"--db", db, "import", "csv", (dir / "smaller").string(), "--replace"});
  EXPECT_EQ(replaced.exit_code, 0) << replaced.err;
  const auto status = run_landpool({"--db", db, "status"});
  EXPECT_NE(status.out.find("leases        1"), std::string::npos) << status.out;
}

TEST_F(Cli, StatusSummarisesTheRegion) {
  const auto db = (dir / "r.db").string();
  ASSERT_EQ(run_landpool({"--db", db, "import", "csv", region()}).exit_code, 0);
  const auto result = run_landpool({"--db", db, "status"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  // 6 parcels: 4.5 + 3.2 + 6 + 2 + 5 + 8 = 28.7 ha; organic 4.5; converting 8.2;
  // leased on today's date: B2 (to 2027-12-31) and C1 (to 2029-12-31) = 7 ha.
  for (const char* text :
       {"parcels       6", "farms     3", "28.7 ha", "organic             4.5 ha",
        "converting          8.2 ha", "government          8.0 ha", "2.0 to 10.0 ha",
        "2 farms offering 11.2 ha"}) {
    EXPECT_NE(result.out.find(text), std::string::npos) << text << " not in\n" << result.out;
  }
  EXPECT_TRUE(result.err.empty()) << "status writes nothing to stderr: " << result.err;
}

TEST_F(Cli, StatusWithoutDatabaseIsAUsageErrorAndCreatesNothing) {
  const auto db = dir / "missing.db";
  const auto result = run_landpool({"--db", db.string(), "status"});
  EXPECT_EQ(result.exit_code, exit_code::kUsageError);
  EXPECT_NE(result.err.find("import"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(db));
}

TEST_F(Cli, ValidateReportsAValidRegionOnStdout) {
  const auto result = run_landpool({"validate", region()});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_NE(result.out.find("valid (6 parcels"), std::string::npos) << result.out;
}

}  // namespace
}  // namespace landpool::testing

namespace landpool::testing {
namespace {

TEST(KepCommand, PrintsTheObjectiveFirstThenCyclesAndChains) {
  TempDir dir;
  // Pairs 1-2 swap; donor 4 starts 4 -> 3; pair 3 gives on to nobody.
  write_text(dir / "pool.wmd",
             "# FILE NAME: pool.wmd\n# ALTERNATIVE NAME 1: Pair 1\n# ALTERNATIVE NAME 2: Pair 2\n"
             "# ALTERNATIVE NAME 3: Pair 3\n# ALTERNATIVE NAME 4: Alturist 4\n1,2,1.0\n2,1,1.0\n"
             "1,4,0.0\n2,4,0.0\n3,4,0.0\n4,3,1.0\n");
  const auto result =
      run_landpool({"kep", (dir / "pool.wmd").string(), "--cycle-cap", "3", "--chain-cap", "3"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out.substr(0, result.out.find('\n')), "objective 3");
  EXPECT_NE(result.out.find("status optimal"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("\ncycle 1 2\n"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("\nchain 4 3\n"), std::string::npos) << result.out;

  const auto no_chains =
      run_landpool({"kep", (dir / "pool.wmd").string(), "--cycle-cap", "2", "--chain-cap", "0"});
  EXPECT_EQ(no_chains.out.substr(0, no_chains.out.find('\n')), "objective 2");
}

TEST(KepCommand, BadCapsAreUsageErrorsAndBadFilesInvalidInput) {
  TempDir dir;
  write_text(dir / "pool.wmd", "# ALTERNATIVE NAME 1: Pair 1\n1;2;1.0\n");
  EXPECT_EQ(run_landpool({"kep", (dir / "pool.wmd").string(), "--cycle-cap", "1"}).exit_code,
            exit_code::kUsageError);
  const auto bad = run_landpool({"kep", (dir / "pool.wmd").string()});
  EXPECT_EQ(bad.exit_code, exit_code::kInvalidInput);
  EXPECT_NE(bad.err.find("pool.wmd:2: "), std::string::npos) << bad.err;
  EXPECT_EQ(run_landpool({"kep", (dir / "missing.wmd").string()}).exit_code,
            exit_code::kInvalidInput);
}

}  // namespace
}  // namespace landpool::testing
