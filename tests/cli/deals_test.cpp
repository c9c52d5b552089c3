// `landpool deals` on a solved region: every transfer belongs to one deal,
// every deal respects the scenario's caps, and one deal shows in full.

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <sstream>

#include "cli/exit_codes.hpp"
#include "test_support.hpp"

namespace landpool::testing {
namespace {

TEST(Deals, ListedDealsRespectTheCapsAndCoverEveryTransfer) {
  TempDir dir;
  const auto db = (dir / "r.db").string();
  ASSERT_EQ(run_landpool({"--db", db, "import", "csv", example_region_dir().string()}).exit_code,
            0);
  write_text(dir / "tight.toml",
             "name = \"tight\"\n[deals]\nmax_ring_parties = 2\nmax_chain_links = 2\n"
             "[solver]\ntime_limit_s = 20\n");
  const auto solved = run_landpool(
      {"--db", db, "solve", "--as-of", "2026-10-01", "--scenario", (dir / "tight.toml").string()});
  ASSERT_EQ(solved.exit_code, 0) << solved.err;

  const auto listed = run_landpool({"--db", db, "deals"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  std::istringstream lines(listed.out);
  std::string line;
  std::getline(lines, line);  // run header
  std::getline(lines, line);  // column header
  std::set<int> deal_ids;
  while (std::getline(lines, line)) {
    std::istringstream cells(line);
    int deal_id = 0, farms = 0;
    std::string form;
    cells >> deal_id >> form >> farms;
    deal_ids.insert(deal_id);
    const bool pool = line.find(" pool ") != std::string::npos;
    EXPECT_LE(farms, 2) << line;  // K = 2 and L = 2 farms
    EXPECT_TRUE(form == "lease" || form == "lease_exchange" || form == "kavelruil" ||
                form == "sale")
        << line;
    if (form == "lease") {
      EXPECT_TRUE(pool) << line;
    }
  }
  ASSERT_FALSE(deal_ids.empty()) << listed.out;

  ASSERT_EQ(run_landpool({"--db", db, "export", "--format", "csv", "--out", (dir / "out").string()})
                .exit_code,
            0);
  std::istringstream csv(read_bytes(dir / "out" / "transfers.csv"));
  std::getline(csv, line);
  int transfers = 0;
  while (std::getline(csv, line)) {
    ++transfers;
    EXPECT_TRUE(deal_ids.contains(std::stoi(line.substr(0, line.find(','))))) << line;
  }
  EXPECT_GT(transfers, 0);

  const auto shown = run_landpool({"--db", db, "deals", "show", "1"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_NE(shown.out.find("deal 1 of run 1"), std::string::npos) << shown.out;
  EXPECT_NE(shown.out.find("settlement"), std::string::npos);
  EXPECT_EQ(run_landpool({"--db", db, "deals", "show", "999"}).exit_code, exit_code::kUsageError);
}

}  // namespace
}  // namespace landpool::testing
