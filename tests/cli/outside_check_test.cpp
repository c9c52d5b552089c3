// A proposal checked from outside: scripts/check_transfers.py reads only the
// region's CSV files and the exported transfers.csv (no database, no
// landpool code) and recomputes the rules and each transfer's numbers. A
// generated region's proposal passes it; deliberately broken copies of
// the export do not, each named by its rule.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "core/date.hpp"
#include "db/database.hpp"
#include "db/run_store.hpp"
#include "test_support.hpp"

namespace landpool::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kPython = "/usr/bin/python3";

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  return lines;
}

std::vector<std::string> cells_of(const std::string& line) {
  std::vector<std::string> cells;
  std::istringstream in(line);
  for (std::string cell; std::getline(in, cell, ',');)
    cells.push_back(cell);
  if (!line.empty() && line.back() == ',')
    cells.emplace_back();
  return cells;
}

std::string joined(const std::vector<std::string>& cells) {
  std::string line;
  for (std::size_t i = 0; i < cells.size(); ++i)
    line += (i ? "," : "") + cells[i];
  return line;
}

class OutsideCheck : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(kPython))
      GTEST_SKIP() << kPython << " is absent (scripts/install-deps.sh --test installs it)";
    region_ = dir_ / "region";
    db_ = (dir_ / "r.db").string();
    ASSERT_EQ(run_landpool({"generate", "region", "--preset", "harenkarspel", "--parcels", "400",
                            "--seed", "4", "--as-of", "2026-10-01", "--out", region_.string()})
                  .exit_code,
              0);
    ASSERT_EQ(run_landpool({"--db", db_, "import", "csv", region_.string()}).exit_code, 0);
    const auto solved =
        run_landpool({"--db", db_, "solve", "--as-of", "2026-10-01", "--time-limit", "20"});
    ASSERT_EQ(solved.exit_code, 0) << solved.err;
    ASSERT_EQ(run_landpool(
                  {"--db", db_, "export", "--format", "csv", "--out", (dir_ / "export").string()})
                  .exit_code,
              0);
  }

  /// The check, as of the date the run says it planned from, under the
  /// default scenario or the one whose TOML text is `scenario`.
  CommandResult check(const fs::path& export_dir, const std::string& scenario = "") {
    auto db = Database::open(db_, Database::OpenMode::must_exist);
    const auto planned_from = find_run(db, std::nullopt)->planned_from;
    EXPECT_EQ(planned_from, "2026-10-01");
    std::vector<std::string> arguments{
        (fs::path(LANDPOOL_SOURCE_DIR) / "scripts/check_transfers.py").string(), region_.string(),
        export_dir.string(), "--as-of", planned_from};
    if (!scenario.empty()) {
      const auto path = dir_ / ("scenario-" + std::to_string(++scenarios_) + ".toml");
      write_text(path, scenario);
      arguments.insert(arguments.end(), {"--scenario", path.string()});
    }
    return run_program(kPython, arguments);
  }

  using Cells = std::vector<std::string>;
  /// A copy of the export with the first transfer whose cells `match`
  /// rewritten by `change` (a failed test when none matches).
  fs::path broken_first(const std::string& name, const std::function<bool(const Cells&)>& match,
                        const std::function<void(Cells&)>& change) {
    return broken(name, [&](auto& data) {
      for (auto& line : data) {
        auto cells = cells_of(line);
        if (match(cells)) {
          change(cells);
          line = joined(cells);
          return;
        }
      }
      ADD_FAILURE() << name << ": no transfer of the kind to break";
    });
  }

  /// The first value of `column` in the rows of `file` (a CSV of the region)
  /// whose `key_column` is `key`, or "".
  std::string region_value(const std::string& file, const std::string& key_column,
                           const std::string& key, const std::string& column) const {
    const auto lines = lines_of(read_bytes(region_ / file));
    const auto header = cells_of(lines.front());
    const auto at = [&](const std::string& name) {
      return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) -
                                      header.begin());
    };
    for (std::size_t i = 1; i < lines.size(); ++i) {
      const auto cells = cells_of(lines[i]);
      if (cells[at(key_column)] == key)
        return cells[at(column)];
    }
    return "";
  }

  /// A copy of the export with transfers.csv rewritten by `change` (its
  /// data lines, the header kept).
  fs::path broken(const std::string& name,
                  const std::function<void(std::vector<std::string>&)>& change) {
    const auto copy = dir_ / name;
    fs::create_directories(copy);
    auto lines = lines_of(read_bytes(dir_ / "export" / "transfers.csv"));
    std::vector<std::string> data(lines.begin() + 1, lines.end());
    change(data);
    std::string text = lines.front() + "\n";
    for (const auto& line : data)
      text += line + "\n";
    write_text(copy / "transfers.csv", text);
    return copy;
  }

  TempDir dir_;
  fs::path region_;
  std::string db_;
  int scenarios_ = 0;
};

TEST_F(OutsideCheck, TheProposalPassesAndBrokenCopiesAreCaughtByRule) {
  const auto passed = check(dir_ / "export");
  EXPECT_EQ(passed.exit_code, 0) << passed.out << passed.err;
  EXPECT_NE(passed.err.find(": 0 problems"), std::string::npos) << passed.err;
  ASSERT_GE(lines_of(read_bytes(dir_ / "export" / "transfers.csv")).size(), 4u)
      << "too few transfers to break";

  // Columns: deal_id,parcel_id,from_farm_id,to_farm_id,owner_before,owner_after,form,area_ha,...
  const auto twice = check(broken("twice", [](auto& data) { data.push_back(data.front()); }));
  EXPECT_EQ(twice.exit_code, 1);
  EXPECT_NE(twice.out.find("changes user twice"), std::string::npos) << twice.out;

  const auto area = check(broken("area", [](auto& data) {
    auto cells = cells_of(data.front());
    cells[7] = std::to_string(std::stod(cells[7]) + 0.01);
    data.front() = joined(cells);
  }));
  EXPECT_EQ(area.exit_code, 1);
  EXPECT_NE(area.out.find("numbers"), std::string::npos) << area.out;

  const auto stranger = check(broken("stranger", [](auto& data) {
    auto cells = cells_of(data.front());
    cells[3] = "F-NOBODY";
    data.front() = joined(cells);
  }));
  EXPECT_EQ(stranger.exit_code, 1);
  EXPECT_NE(stranger.out.find("rule1"), std::string::npos) << stranger.out;

  // Exchange land to a farm whose demand does not exchange (rule 3).
  std::string no_exchange;
  const auto demand_lines = lines_of(read_bytes(region_ / "demands.csv"));
  const auto header = cells_of(demand_lines.front());
  const auto modes_at = std::find(header.begin(), header.end(), "modes") - header.begin();
  for (std::size_t i = 1; i < demand_lines.size() && no_exchange.empty(); ++i) {
    const auto cells = cells_of(demand_lines[i]);
    const auto& modes = cells[static_cast<std::size_t>(modes_at)];
    if (!modes.empty() && modes.find("exchange") == std::string::npos)
      no_exchange = cells[0];
  }
  ASSERT_FALSE(no_exchange.empty()) << "the generated region has no farm that does not exchange";
  const auto mode = check(broken_first(
      "mode", [&](const auto& cells) { return !cells[2].empty() && cells[3] != no_exchange; },
      [&](auto& cells) { cells[3] = no_exchange; }));
  EXPECT_EQ(mode.exit_code, 1);
  EXPECT_NE(mode.out.find("no exchange mode"), std::string::npos) << mode.out;

  // Pool land a day before its offer and leases free it (rule 1).
  const auto early = check(broken_first(
      "early", [](const auto& cells) { return cells[2].empty(); },
      [](auto& cells) {
        const std::chrono::sys_days free_on{*parse_iso_date(cells[9])};
        cells[9] = format_iso_date(Date{free_on - std::chrono::days(1)});
      }));
  EXPECT_EQ(early.exit_code, 1);
  EXPECT_NE(early.out.find("free it on"), std::string::npos) << early.out;

  // An exchange of use settled in capital, or at another use value.
  const auto use_swap = [](const auto& cells) { return !cells[2].empty() && cells[4] == cells[5]; };
  const auto in_capital =
      check(broken_first("capital", use_swap, [](auto& cells) { cells[12] = "capital"; }));
  EXPECT_EQ(in_capital.exit_code, 1);
  EXPECT_NE(in_capital.out.find("settles capital, a lease_exchange settles yearly"),
            std::string::npos)
      << in_capital.out;
  const auto use_value = check(broken_first("use_value", use_swap, [](auto& cells) {
    cells[13] = std::to_string(std::stod(cells[13]) + 10.0);
  }));
  EXPECT_EQ(use_value.exit_code, 1);
  EXPECT_NE(use_value.out.find("area x rent is"), std::string::npos) << use_value.out;

  // Every parcel to the first receiving farm (but what it gives itself):
  // far more land than its band holds.
  const auto band = check(broken("band", [](auto& data) {
    const auto receiver = cells_of(data.front())[3];
    for (auto& line : data) {
      auto cells = cells_of(line);
      if (cells[2] != receiver)
        cells[3] = receiver;
      line = joined(cells);
    }
  }));
  EXPECT_EQ(band.exit_code, 1);
  EXPECT_NE(band.out.find("rule4 farm"), std::string::npos) << band.out;
  EXPECT_NE(band.out.find(" ha outside ["), std::string::npos) << band.out;
}

// Rules 8 and 9 as the scenario sets them: the proposal (made under the
// default scenario, where everyone may have government land, uncapped)
// breaks a cap of 0.001 ha; a government parcel sold, or given to a
// conventional farm, breaks a sale ban or an organic-only eligibility.
TEST_F(OutsideCheck, GovernmentLandIsCheckedAsTheScenarioAllocatesIt) {
  // Pool land offered by government (columns: from_farm_id 2, owner_before 4).
  const auto government = [&](const Cells& cells) {
    return cells[2].empty() &&
           region_value("owners.csv", "owner_id", cells[4], "kind") == "government";
  };
  std::string conventional;  // a conventional farm with a demand
  for (const auto& line : lines_of(read_bytes(region_ / "demands.csv"))) {
    const auto farm = cells_of(line)[0];
    if (region_value("farms.csv", "farm_id", farm, "organic_status") == "conventional") {
      conventional = farm;
      break;
    }
  }
  ASSERT_FALSE(conventional.empty());

  const auto capped = check(dir_ / "export", "[government_land]\nmax_ha_per_farm = 0.001\n");
  EXPECT_EQ(capped.exit_code, 1);
  EXPECT_NE(capped.out.find("rule9 farm"), std::string::npos) << capped.out;
  EXPECT_NE(capped.out.find("ha of government land, at most 0.001"), std::string::npos)
      << capped.out;
  const auto as_penalty =
      check(dir_ / "export",
            "[government_land]\nmax_ha_per_farm = 0.001\n"
            "[rules.government_caps]\nmode = \"penalty\"\npenalty_eur = 10.0\n");
  EXPECT_EQ(as_penalty.exit_code, 0) << as_penalty.out;

  const auto sold = check(broken_first("sold", government,
                                       [](auto& cells) {
                                         cells[5] = "O-BUYER";
                                         cells[6] = "sale";
                                       }),
                          "[government_land]\nsale_allowed = false\n");
  EXPECT_EQ(sold.exit_code, 1);
  EXPECT_NE(sold.out.find("rule8"), std::string::npos) << sold.out;
  EXPECT_NE(sold.out.find("allows no sale"), std::string::npos) << sold.out;

  const auto to_conventional =
      check(broken_first("conventional", government, [&](auto& cells) { cells[3] = conventional; }),
            "[government_land]\neligibility = \"organic\"\n");
  EXPECT_EQ(to_conventional.exit_code, 1);
  EXPECT_NE(to_conventional.out.find("not eligible (organic)"), std::string::npos)
      << to_conventional.out;
}

}  // namespace
}  // namespace landpool::testing
