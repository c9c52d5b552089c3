// The quarterly cycle (docs/workflow.md) played over four quarters on a
// generated region: solve, decide (accept, hold, reject), apply, advance,
// import a new quarter's data, solve again. After every step the database
// passes its integrity checks and the region passes every check of a whole
// import; held deals come back intact, refused deals and refused partners
// never, and conversion clocks and organic land follow the rules. Apply is
// all or nothing.

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "cli/exit_codes.hpp"
#include "core/region_cycle.hpp"
#include "db/cycle_store.hpp"
#include "db/region_store.hpp"
#include "db/run_store.hpp"
#include "importers/csv_import.hpp"
#include "importers/region_csv_writer.hpp"
#include "test_support.hpp"

namespace landpool::testing {
namespace {

using Shape = std::set<std::pair<std::string, std::string>>;  // (parcel, to farm)

class Cycle : public ::testing::Test {
 protected:
  void SetUp() override {
    region_dir_ = dir_ / "region";
    db_ = (dir_ / "r.db").string();
    ASSERT_EQ(run_landpool({"generate", "region", "--preset", "harenkarspel", "--parcels", "300",
                            "--seed", "11", "--as-of", "2026-10-01", "--out", region_dir_.string()})
                  .exit_code,
              0);
    ASSERT_EQ(landpool({"import", "csv", region_dir_.string(), "--quarter", "2026Q4"}).exit_code,
              0);
  }

  CommandResult landpool(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db_});
    return run_landpool(args);
  }

  long solve(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args{"solve", "--time-limit", "10"};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto solved = landpool(args);
    EXPECT_EQ(solved.exit_code, 0) << solved.err;  // the verifier passed the proposal
    auto db = Database::open(db_, Database::OpenMode::must_exist);
    return find_run(db, std::nullopt)->run_id;
  }

  std::map<int, Shape> shapes(long run_id) {
    auto db = Database::open(db_, Database::OpenMode::must_exist);
    std::map<int, Shape> deals;
    for (const auto& t : load_transfers(db, run_id))
      deals[t.deal_id].insert({t.parcel_id, t.to_farm_id});
    return deals;
  }

  std::vector<DealRecord> deals(long run_id) {
    auto db = Database::open(db_, Database::OpenMode::must_exist);
    return load_deals(db, run_id);
  }

  Region region() {
    auto db = Database::open(db_, Database::OpenMode::must_exist);
    return load_region(db);
  }

  /// SQLite's own checks, and the region as a whole import would check it.
  void expect_integrity(const std::string& step) {
    auto db = Database::open(db_, Database::OpenMode::must_exist);
    EXPECT_EQ(db.sql().execAndGet("PRAGMA integrity_check").getString(), "ok") << step;
    SQLite::Statement foreign(db.sql(), "PRAGMA foreign_key_check");
    EXPECT_FALSE(foreign.executeStep()) << step << ": a foreign key is broken";
    const auto copy = dir_ / ("check-" + std::to_string(checks_++));
    write_region_csv(load_region(db), copy);
    const auto reread = import_csv_directory(copy);
    EXPECT_FALSE(reread.diagnostics.has_errors())
        << step << ": " << format_problem(reread.diagnostics.errors().front());
  }

  /// No converting parcel whose conversion should have completed by `quarter_start`.
  void expect_conversion_clocks(const Date& start, const std::string& step) {
    for (const auto& parcel : region().parcels) {
      if (parcel.organic_status != OrganicStatus::converting)
        continue;
      ASSERT_TRUE(parcel.converting_since.has_value()) << parcel.parcel_id;
      const int months = parcel.land_use == LandUse::perennial ? 36 : 24;
      EXPECT_GT(add_months(*parcel.converting_since, months), start)
          << step << ": " << parcel.parcel_id << " should be organic by now";
    }
  }

  double organic_ha() {
    double total = 0.0;
    for (const auto& parcel : region().parcels)
      total += parcel.organic_status != OrganicStatus::conventional ? parcel.area_ha : 0.0;
    return total;
  }

  TempDir dir_;
  std::filesystem::path region_dir_;
  std::string db_;
  int checks_ = 0;
  long last_run_ = 0;
};

TEST_F(Cycle, FourQuartersKeepHeldDealsAndNeverProposeRefusedOnes) {
  std::vector<Shape> refused;
  std::vector<std::pair<std::string, std::string>> refused_pairs;  // (farm, partner)
  std::vector<Shape> held;
  double organic_before = organic_ha();
  const std::vector<std::string> quarters = {"2026Q4", "2027Q1", "2027Q2", "2027Q3"};
  int accepted_total = 0;

  for (std::size_t q = 0; q < quarters.size(); ++q) {
    const std::string step = quarters[q];
    if (q == 2) {
      // A new quarter's data: offers for land nobody farms now, and a demand that grew.
      const auto now = region();
      std::set<std::string> offered;
      for (const auto& offer : now.offers)
        offered.insert(offer.parcel_id);
      std::string offers = "parcel_id,owner_id,mode,available_from,lease_years_max,organic_only\n";
      int added = 0;
      for (const auto& parcel : now.parcels) {
        if (parcel.user_farm_id || offered.contains(parcel.parcel_id) || added == 4)
          continue;
        offers += parcel.parcel_id + "," + parcel.owner_id + ",lease,2027-04-01,6,no\n";
        ++added;
      }
      const auto update = dir_ / "update";
      std::filesystem::create_directories(update);
      if (added > 0)
        write_text(update / "offers.csv", offers);
      // A farm in no deal so far (a farm of a held deal keeps its demand).
      std::set<std::string> dealing;
      for (const auto& deal : deals(last_run_))
        dealing.insert(deal.farm_ids.begin(), deal.farm_ids.end());
      const auto demand_it =
          std::find_if(now.demands.begin(), now.demands.end(),
                       [&](const Demand& d) { return !dealing.contains(d.farm_id); });
      ASSERT_NE(demand_it, now.demands.end());
      const auto& demand = *demand_it;
      write_text(update / "demands.csv",
                 "farm_id,wants_min_ha,wants_max_ha,modes\n" + demand.farm_id + ",0," +
                     std::to_string(demand.wants_max_ha + 5.0) + ",lease|buy|exchange\n");
      const auto imported = landpool({"import", "csv", update.string(), "--update"});
      ASSERT_EQ(imported.exit_code, 0) << imported.err;
      expect_integrity(step + " import");
    }

    const long run = solve();
    last_run_ = run;
    const auto shape_of = shapes(run);
    // Held deals come back exactly: the same transfers, as a deal of their own.
    for (const auto& shape : held) {
      bool found = false;
      for (const auto& [id, s] : shape_of)
        found = found || s == shape;
      EXPECT_TRUE(found) << step << ": a held deal did not come back intact";
    }
    // Refused deals never again whole, refused partners never in one deal.
    for (const auto& [id, s] : shape_of) {
      for (const auto& r : refused)
        EXPECT_FALSE(std::includes(s.begin(), s.end(), r.begin(), r.end()))
            << step << ": deal " << id << " repeats a refused deal";
    }
    {
      // Paired: one gives the other land (a farm's parcel, or an owner's pool land).
      auto db = Database::open(db_, Database::OpenMode::must_exist);
      for (const auto& t : load_transfers(db, run)) {
        const std::string giver = t.from_farm_id.empty() ? t.owner_before : t.from_farm_id;
        for (const auto& [farm, partner] : refused_pairs) {
          EXPECT_FALSE((t.to_farm_id == farm && giver == partner) ||
                       (t.to_farm_id == partner && giver == farm))
              << step << ": " << farm << " is paired again with " << partner;
        }
      }
    }

    // Decide: the held deals of last quarter are accepted now; of the new
    // ones the first is accepted, the second held, the third refused by a party.
    std::vector<Shape> next_held;
    int position = 0;
    for (const auto& deal : deals(run)) {
      const Shape& s = shape_of.at(deal.deal_id);
      const bool was_held = std::find(held.begin(), held.end(), s) != held.end();
      std::string decision;
      if (was_held || position == 0)
        decision = "accept";
      else if (position == 1)
        decision = "hold";
      else if (position == 2)
        decision = "reject";
      ++position;
      if (decision.empty())
        continue;
      std::vector<std::string> args{"decide", std::to_string(deal.deal_id), decision, "--note",
                                    "quarter " + step};
      if (decision == "reject") {
        args.insert(args.end(), {"--by", deal.farm_ids.front()});
        refused.push_back(s);
        for (const auto& partner : deal.farm_ids)
          if (partner != deal.farm_ids.front())
            refused_pairs.emplace_back(deal.farm_ids.front(), partner);
        for (const auto& owner : deal.pool_owner_ids)
          refused_pairs.emplace_back(deal.farm_ids.front(), owner);
      }
      if (decision == "hold")
        next_held.push_back(s);
      accepted_total += decision == "accept";
      const auto decided = landpool(args);
      ASSERT_EQ(decided.exit_code, 0) << decided.err;
    }
    held = next_held;

    const auto applied = landpool({"apply"});
    ASSERT_EQ(applied.exit_code, 0) << applied.err;
    expect_integrity(step + " apply");
    // Accepted land went to its farms; conventional land to organic farms converts.
    auto db = Database::open(db_, Database::OpenMode::must_exist);
    const auto after = load_region(db);
    std::map<std::string, const Parcel*> parcel_after;
    for (const auto& parcel : after.parcels)
      parcel_after[parcel.parcel_id] = &parcel;
    SQLite::Statement moved(db.sql(),
                            "SELECT parcel_id, to_farm_id, conversion_started, effective_date "
                            "FROM applied_transfers WHERE quarter = ?");
    moved.bind(1, step);
    while (moved.executeStep()) {
      const Parcel& parcel = *parcel_after.at(moved.getColumn(0).getString());
      EXPECT_EQ(parcel.user_farm_id, moved.getColumn(1).getString());
      if (moved.getColumn(2).getInt() == 1) {
        EXPECT_EQ(parcel.organic_status, OrganicStatus::converting) << parcel.parcel_id;
        EXPECT_EQ(format_iso_date(*parcel.converting_since), moved.getColumn(3).getString());
      }
    }
    // Organic land never shrinks through applied deals (rule 2 is hard).
    const double organic_after_apply = organic_ha();
    EXPECT_GE(organic_after_apply + 1e-6, organic_before) << step;

    if (q + 1 < quarters.size()) {
      const auto advanced = landpool({"advance", "--to", quarters[q + 1]});
      ASSERT_EQ(advanced.exit_code, 0) << advanced.err;
      expect_integrity(step + " advance");
      expect_conversion_clocks(*quarter_start(quarters[q + 1]), quarters[q + 1]);
      EXPECT_GE(organic_ha() + 1e-6, organic_after_apply) << "advancing keeps organic land";
      organic_before = organic_ha();
    }
  }
  EXPECT_GE(accepted_total, 4) << "the cycle hardly moved land: the test shows little";

  const auto history = landpool({"history"});
  ASSERT_EQ(history.exit_code, 0) << history.err;
  for (const auto& quarter : quarters)
    EXPECT_NE(history.out.find(quarter), std::string::npos) << history.out;
  auto db = Database::open(db_, Database::OpenMode::must_exist);
  const auto summaries = quarter_history(db);
  ASSERT_EQ(summaries.size(), 4u);
  for (std::size_t i = 1; i < summaries.size(); ++i) {
    if (summaries[i].deals_proposed > 0) {
      EXPECT_GE(summaries[i].carried_over_share, 0.0) << "stability is measured every quarter";
    }
  }
  std::cout << history.out;
  // Every quarter's state can be reconstructed from its snapshots.
  const auto snapshots = list_snapshots(db);
  ASSERT_FALSE(snapshots.empty());
  EXPECT_EQ(load_region_snapshot(db, snapshots.back().snapshot_id), load_region(db));
  EXPECT_NE(load_region_snapshot(db, snapshots.front().snapshot_id), load_region(db));
  const auto first_quarter =
      landpool({"history", "--quarter", "2026Q4", "--out", (dir_ / "2026Q4").string()});
  ASSERT_EQ(first_quarter.exit_code, 0) << first_quarter.err;
  const auto reread = import_csv_directory(dir_ / "2026Q4");
  EXPECT_FALSE(reread.diagnostics.has_errors());
  long last_of_quarter = 0;
  for (const auto& snapshot : snapshots)
    last_of_quarter = snapshot.quarter == "2026Q4" ? snapshot.snapshot_id : last_of_quarter;
  const auto then = load_region_snapshot(db, last_of_quarter);
  ASSERT_EQ(reread.region.parcels.size(), then.parcels.size());
  for (std::size_t i = 0; i < then.parcels.size(); ++i) {
    EXPECT_EQ(reread.region.parcels[i].user_farm_id, then.parcels[i].user_farm_id);
    EXPECT_EQ(reread.region.parcels[i].organic_status, then.parcels[i].organic_status);
  }
  EXPECT_EQ(reread.region.offers.size(), then.offers.size());
}

// A second solve of the same quarter that nobody decided on is a re-run: it
// earns no stability bonus from the first and proposes the same. Once the
// table decides on a deal, the run's other deals are the open proposal.
TEST_F(Cycle, SolvingAgainInTheSameQuarterGivesTheSameProposalUntilTheTableDecides) {
  const long first = solve({"--as-of", "2026-10-01"});
  ASSERT_GE(deals(first).size(), 2u);
  auto previous = [&](const std::string& quarter) {
    auto db = Database::open(db_, Database::OpenMode::must_exist);
    Shape shape;
    for (const auto& t : load_carry_over(db, quarter).previous)
      shape.insert({t.parcel_id, t.to_farm_id});
    return shape;
  };
  Shape all_of_first;
  for (const auto& [deal_id, shape] : shapes(first))
    all_of_first.insert(shape.begin(), shape.end());
  EXPECT_TRUE(previous("2026Q4").empty());
  EXPECT_EQ(previous("2027Q1"), all_of_first) << "another quarter builds on it";

  const long again = solve({"--as-of", "2026-10-01"});
  EXPECT_EQ(shapes(again), shapes(first));
  EXPECT_TRUE(previous("2026Q4").empty());

  ASSERT_EQ(landpool({"decide", "1", "reject"}).exit_code, 0);  // deal 1 of the latest run
  Shape undecided;
  for (const auto& [deal_id, shape] : shapes(again)) {
    if (deal_id != 1)
      undecided.insert(shape.begin(), shape.end());
  }
  EXPECT_EQ(previous("2026Q4"), undecided);
  const long after_decision = solve({"--as-of", "2026-10-01"});
  EXPECT_EQ(previous("2026Q4"), undecided) << "the decided run stays the reference";
  EXPECT_FALSE(shapes(after_decision).empty());
}

// A deal on hold whose pool land is withdrawn beyond the horizon cannot be
// kept: the solve exits 4, names the rule, the parcel and the farm, and
// stores no run; released, the deal no longer binds and the solve proposes.
TEST_F(Cycle, AHeldDealThatCanNoLongerBeKeptExitsWithFourAndSaysWhy) {
  const long first = solve({"--as-of", "2026-10-01"});
  std::optional<TransferRecord> pool;
  {
    auto db = Database::open(db_, Database::OpenMode::must_exist);
    for (const auto& t : load_transfers(db, first))
      if (t.from_farm_id.empty() && !pool)
        pool = t;
  }
  ASSERT_TRUE(pool) << "no pool land proposed";
  const auto deal = std::to_string(pool->deal_id);
  ASSERT_EQ(landpool({"decide", deal, "hold"}).exit_code, 0);
  const auto update = dir_ / "withdrawn";
  std::filesystem::create_directories(update);
  write_text(update / "offers.csv",
             "parcel_id,owner_id,mode,available_from,lease_years_max,organic_only\n" +
                 pool->parcel_id + "," + pool->owner_before + ",lease,2031-01-01,6,no\n");
  ASSERT_EQ(landpool({"import", "csv", update.string(), "--update"}).exit_code, 0);

  const auto refused = landpool({"solve", "--as-of", "2026-10-01", "--time-limit", "10"});
  EXPECT_EQ(refused.exit_code, exit_code::kNoFeasibleProposal) << refused.err;
  for (const auto& named :
       {std::string("who_may_move"), pool->parcel_id, pool->to_farm_id, std::string("release")})
    EXPECT_NE(refused.err.find(named), std::string::npos) << named << " in: " << refused.err;
  {
    auto db = Database::open(db_, Database::OpenMode::must_exist);
    EXPECT_EQ(find_run(db, std::nullopt)->run_id, first) << "a refused solve stores no run";
  }
  ASSERT_EQ(landpool({"decide", deal, "release"}).exit_code, 0);
  EXPECT_GT(solve({"--as-of", "2026-10-01"}), first);
  expect_integrity("after release");
}

// A deal on hold that a farm's new demand no longer admits (it now wants
// no land): the parcel could still move, but not with the rules together.
// The solve exits 4 and names the rule and the farm.
TEST_F(Cycle, AHeldDealTheNewDemandNoLongerAdmitsExitsWithFourAndSaysWhy) {
  const long first = solve({"--as-of", "2026-10-01"});
  std::optional<DealRecord> lease;
  for (const auto& deal : deals(first)) {
    if (deal.farm_ids.size() == 1 && !lease)
      lease = deal;
  }
  ASSERT_TRUE(lease) << "no deal of pool land to one farm";
  const auto& farm = lease->farm_ids.front();
  std::optional<Demand> demand;
  for (const auto& d : region().demands)
    if (d.farm_id == farm)
      demand = d;
  ASSERT_TRUE(demand);
  ASSERT_EQ(landpool({"decide", std::to_string(lease->deal_id), "hold"}).exit_code, 0);
  const auto update = dir_ / "no-more-land";
  std::filesystem::create_directories(update);
  write_text(update / "demands.csv",
             "farm_id,wants_min_ha,wants_max_ha,max_distance_km,modes,tolerance_pct\n" + farm +
                 ",0,0," + std::to_string(demand->max_distance_km.value_or(50.0)) +
                 ",lease|buy|exchange,0\n");
  ASSERT_EQ(landpool({"import", "csv", update.string(), "--update"}).exit_code, 0);

  const auto refused = landpool({"solve", "--as-of", "2026-10-01", "--time-limit", "10"});
  EXPECT_EQ(refused.exit_code, exit_code::kNoFeasibleProposal) << refused.err;
  for (const auto& named : {std::string("demand_balance"), farm, std::string("release")})
    EXPECT_NE(refused.err.find(named), std::string::npos) << named << " in: " << refused.err;
}

TEST_F(Cycle, ApplyIsAllOrNothing) {
  const long first = solve({"--as-of", "2026-10-01"});
  ASSERT_FALSE(deals(first).empty());
  ASSERT_EQ(landpool({"decide", "1", "accept"}).exit_code, 0);
  const auto before = region();
  auto snapshot_count = [&] {
    auto db = Database::open(db_, Database::OpenMode::must_exist);
    return list_snapshots(db).size();
  };
  const auto snapshots_before = snapshot_count();
  {
    // A failure half-way: the region is written, the log of applied transfers fails.
    auto db = Database::open(db_, Database::OpenMode::must_exist);
    db.sql().exec(
        "CREATE TRIGGER fail_apply BEFORE INSERT ON applied_transfers "
        "BEGIN SELECT RAISE(ABORT, 'simulated failure'); END");
  }
  const auto failed = landpool({"apply"});
  EXPECT_NE(failed.exit_code, 0);
  EXPECT_NE(failed.err.find("simulated failure"), std::string::npos) << failed.err;
  EXPECT_EQ(region(), before) << "a failed apply leaves the region as it was";
  EXPECT_EQ(snapshot_count(), snapshots_before);
  {
    auto db = Database::open(db_, Database::OpenMode::must_exist);
    for (const auto& d : current_decisions(db))
      EXPECT_TRUE(d.applied_on.empty());
    db.sql().exec("DROP TRIGGER fail_apply");
  }

  // The region changes under the accepted deal (a new import withdraws an
  // offer it uses): apply names the deal and parcel and changes nothing.
  std::string pool_parcel;
  {
    auto db = Database::open(db_, Database::OpenMode::must_exist);
    for (const auto& t : load_transfers(db, first))
      if (t.deal_id == 1 && t.from_farm_id.empty())
        pool_parcel = t.parcel_id;
  }
  ASSERT_FALSE(pool_parcel.empty()) << "deal 1 has pool land";
  const auto offers = read_bytes(region_dir_ / "offers.csv");
  std::string kept;
  std::istringstream lines(offers);
  for (std::string line; std::getline(lines, line);)
    if (line.rfind(pool_parcel + ",", 0) != 0)
      kept += line + "\n";
  write_text(region_dir_ / "offers.csv", kept);
  ASSERT_EQ(landpool({"import", "csv", region_dir_.string(), "--replace"}).exit_code, 0);
  const auto changed = region();
  const auto refused = landpool({"apply"});
  EXPECT_EQ(refused.exit_code, exit_code::kInvalidInput);
  EXPECT_NE(refused.err.find("deal 1: parcel " + pool_parcel + " is no longer offered"),
            std::string::npos)
      << refused.err;
  EXPECT_EQ(region(), changed);
  // Releasing the deal lets the next run propose afresh.
  ASSERT_EQ(landpool({"decide", "1", "release", "--run", std::to_string(first)}).exit_code, 0);
  EXPECT_EQ(landpool({"apply"}).out, "No accepted deals to apply.\n");
  solve({"--as-of", "2026-10-01"});
}

}  // namespace
}  // namespace landpool::testing
