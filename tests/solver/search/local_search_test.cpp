// The swap search judged from outside: its moves are evaluated incrementally,
// so an independent checker rebuilds every relocation and swap of the
// search's own move set in full (choices set, participation, partners and
// auxiliaries recomputed from scratch, every row of the model checked) and
// finds none that still improves; the proposal passes the verifier; on a
// generated consolidation it consolidates well beyond the reallocation, the
// same way on every run, and the annealing goes further; it never returns
// worse than its start.

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>

#include "solver/model/model_builder.hpp"
#include "solver/optimiser.hpp"
#include "solver/problem/problem.hpp"
#include "solver/records/describe_proposal.hpp"
#include "solver/search/construction.hpp"
#include "solver/search/first_exchanges.hpp"
#include "solver/search/local_search.hpp"
#include "solver/search/reallocation.hpp"
#include "solver/tiny_regions.hpp"
#include "solver/verify/verifier.hpp"
#include "test_support.hpp"

namespace landpool::testing {
namespace {

using namespace landpool::solver;
using solver::Problem;

/// `values` with each (movable parcel, column) of `changes` made the
/// parcel's choice (-1: none), computed in full: participation and partner
/// columns switch where their count of chosen columns crosses zero, every
/// boundary auxiliary takes its defining value, other columns stay.
std::vector<double> with_changes(const Problem& problem, const BuiltModel& built,
                                 std::vector<double> values,
                                 const std::vector<std::pair<std::size_t, int>>& changes) {
  auto counts = [&](const std::vector<double>& v) {
    std::vector<int> farm(problem.farms.size(), 0);
    std::vector<int> partner(built.model.columns.size(), 0);
    for (std::size_t c = 0; c < problem.candidates.size(); ++c) {
      if (v[static_cast<std::size_t>(built.choose[c])] < 0.5)
        continue;
      ++farm[problem.candidates[c].farm];
      if (const auto giver = problem.parcels[problem.candidates[c].parcel].from_farm)
        ++farm[*giver];
    }
    for (const auto& [x, column] : built.partner_links)
      partner[static_cast<std::size_t>(column)] += v[static_cast<std::size_t>(x)] > 0.5 ? 1 : 0;
    return std::pair{farm, partner};
  };
  const auto [farms_before, partners_before] = counts(values);
  for (const auto& [parcel, column] : changes) {
    for (std::size_t c = 0; c < problem.candidates.size(); ++c) {
      if (problem.candidates[c].parcel == parcel)
        values[static_cast<std::size_t>(built.choose[c])] = 0.0;
    }
    if (column >= 0)
      values[static_cast<std::size_t>(column)] = 1.0;
  }
  const auto [farms_after, partners_after] = counts(values);
  for (std::size_t f = 0; f < problem.farms.size(); ++f) {
    if ((farms_after[f] > 0) != (farms_before[f] > 0))
      values[static_cast<std::size_t>(built.takes_part[f])] = farms_after[f] > 0 ? 1.0 : 0.0;
  }
  for (std::size_t j = 0; j < values.size(); ++j) {
    if ((partners_after[j] > 0) != (partners_before[j] > 0))
      values[j] = partners_after[j] > 0 ? 1.0 : 0.0;
  }
  for (const auto& aux : built.auxiliaries) {
    const double a = aux.a.value(values), b = aux.b.value(values);
    values[static_cast<std::size_t>(aux.column)] =
        aux.is_minimum ? std::min(a, b) : std::abs(a - b);
  }
  return values;
}

/// The column of movable parcel `m` now (-1: none) and its user (-1: none).
std::pair<int, int> choice_and_user(const Problem& problem, const BuiltModel& built,
                                    const std::vector<double>& values, std::size_t m) {
  for (std::size_t c = 0; c < problem.candidates.size(); ++c) {
    if (problem.candidates[c].parcel == m &&
        values[static_cast<std::size_t>(built.choose[c])] > 0.5)
      return {built.choose[c], static_cast<int>(problem.candidates[c].farm)};
  }
  const auto giver = problem.parcels[m].from_farm;
  return {-1, giver ? static_cast<int>(*giver) : -1};
}

/// The column that gives parcel `m` to farm `f` (-1: none, as its giver),
/// or nothing when `f` cannot have it.
std::optional<int> column_to(const Problem& problem, const BuiltModel& built, std::size_t m,
                             int f) {
  if (problem.parcels[m].from_farm && static_cast<int>(*problem.parcels[m].from_farm) == f)
    return -1;
  for (std::size_t c = 0; c < problem.candidates.size(); ++c) {
    const auto& candidate = problem.candidates[c];
    if (candidate.parcel == m && static_cast<int>(candidate.farm) == f &&
        built.model.columns[static_cast<std::size_t>(built.choose[c])].upper > 0.5)
      return built.choose[c];
  }
  return std::nullopt;
}

/// A relocation or swap of the search's move set that keeps every row and
/// gains more than the search's threshold, described; empty when none.
std::string improving_move(const Problem& problem, const BuiltModel& built,
                           const std::vector<double>& values) {
  const auto& model = built.model;
  const double objective = model.objective_of(values);
  const double threshold = 1e-6 * std::max(1.0, std::abs(objective));
  auto improves = [&](const std::vector<std::pair<std::size_t, int>>& changes) {
    const auto trial = with_changes(problem, built, values, changes);
    return !model.first_violation(trial, 1e-8) && model.objective_of(trial) > objective + threshold;
  };
  auto held = [&](int column) {
    return column >= 0 && model.columns[static_cast<std::size_t>(column)].lower > 0.5;
  };
  for (std::size_t m = 0; m < problem.parcels.size(); ++m) {
    const auto [column, user] = choice_and_user(problem, built, values, m);
    if (held(column))
      continue;
    for (int to = -1; to < static_cast<int>(problem.farms.size()); ++to) {
      if (to == user)
        continue;
      const auto target =
          to >= 0 ? column_to(problem, built, m, to)
                  : (problem.parcels[m].from_farm ? std::nullopt : std::optional<int>(-1));
      if (!target)
        continue;
      if (improves({{m, *target}}))
        return "relocation of movable parcel " + std::to_string(m);
      if (user < 0 || to < 0)
        continue;
      for (std::size_t q = 0; q < problem.parcels.size(); ++q) {
        const auto [q_column, q_user] = choice_and_user(problem, built, values, q);
        if (q == m || q_user != to || held(q_column))
          continue;
        const auto back = column_to(problem, built, q, user);
        if (back && improves({{m, *target}, {q, *back}}))
          return "swap of movable parcels " + std::to_string(m) + " and " + std::to_string(q);
      }
    }
  }
  return {};
}

std::vector<ProposedTransfer> transfers_of(const Problem& problem, const BuiltModel& built,
                                           const std::vector<double>& values) {
  std::vector<ProposedTransfer> transfers;
  for (std::size_t c = 0; c < problem.candidates.size(); ++c) {
    if (values[static_cast<std::size_t>(built.choose[c])] > 0.5)
      transfers.push_back(transfer_of(problem, c));
  }
  return transfers;
}

const auto kFar = std::chrono::steady_clock::now() + std::chrono::hours(1);

// On tiny regions with every rule (hard, penalty or off at random) and on
// exchange rings with deals and the transfer tax: with every farm a target,
// the search ends where the checker finds no improving relocation or swap,
// every row holds, and the verifier accepts and values the proposal alike.
TEST(SwapSearch, EndsWhereAnIndependentCheckerFindsNoImprovingMove) {
  SwapSearchSettings everywhere;
  everywhere.nearest_farms = 1000;
  int searched = 0, improved = 0;
  for (std::uint64_t seed = 1; seed <= 60; ++seed) {
    const auto tiny = seed % 3 == 0 ? make_exchange_region(seed) : make_tiny_region(seed, seed % 2);
    const auto problem = build_problem(tiny.region, tiny.neighbours, tiny.scenario, tiny.as_of);
    if (problem.parcels.empty())
      continue;
    const auto built = build_model(problem);
    // From "nothing moves" on odd seeds, from the construction's proposal on even ones.
    auto start = start_values(problem, built, {});
    if (seed % 2 == 0) {
      const auto constructed = start_values(problem, built, construct_proposal(problem, built));
      if (!built.model.first_violation(constructed))
        start = constructed;
    }
    SwapSearchReport report;
    const auto result = search_swaps(problem, built, start, everywhere, kFar, &report);
    ++searched;
    ASSERT_FALSE(built.model.first_violation(result)) << "seed " << seed;
    const double value = built.model.objective_of(result);
    EXPECT_GE(value, built.model.objective_of(start)) << "seed " << seed;
    improved += value > built.model.objective_of(start) ? 1 : 0;
    if (report.local_optimum) {
      EXPECT_EQ(improving_move(problem, built, result), "") << "seed " << seed;
    }
    const auto evaluation = verify_proposal(tiny.region, tiny.neighbours, tiny.scenario, tiny.as_of,
                                            transfers_of(problem, built, result));
    ASSERT_TRUE(evaluation.valid())
        << "seed " << seed << ": " << evaluation.violations.front().rule;
    EXPECT_GE(evaluation.objective_eur, value - 1e-6 * std::max(1.0, std::abs(value)))
        << "seed " << seed;
  }
  EXPECT_GE(searched, 40);
  EXPECT_GE(improved, 10) << "the search rarely improved its start";
}

/// A generated consolidation (every farm exchanges, net area 0 within 10 %)
/// with its model and the exchange search's proposal.
struct Consolidation : GeneratedConsolidation {
  Consolidation() : GeneratedConsolidation(600) {}

  /// Expects every row of the model to hold for `values` and the verifier
  /// to accept its transfers and value them alike; returns its value.
  double expect_valid(const std::vector<double>& values) const {
    EXPECT_FALSE(built.model.first_violation(values));
    const double value = built.model.objective_of(values);
    const auto evaluation = verify_proposal(generated.region, generated.neighbours, scenario,
                                            generated.as_of, transfers_of(problem, built, values));
    EXPECT_TRUE(evaluation.valid())
        << (evaluation.violations.empty() ? "" : evaluation.violations.front().rule);
    EXPECT_NEAR(evaluation.objective_eur, value, 1e-6 * value);
    return value;
  }
};

// After the reallocation, as in the optimiser, the swaps raise the value
// further, the verifier accepts the transfers and values them alike, and a
// second run gives the same proposal.
TEST(SwapSearch, ConsolidatesAGeneratedRegionBeyondTheReallocationRepeatably) {
  const Consolidation region;
  const auto& problem = region.problem;
  const auto& built = region.built;
  const auto start = reallocate(problem, built, region.exchanged, ReallocationSettings{}, kFar);
  ASSERT_FALSE(built.model.first_violation(start));

  SwapSearchReport report;
  const auto result = search_swaps(problem, built, start, SwapSearchSettings{}, kFar, &report);
  EXPECT_GT(region.expect_valid(result), 1.05 * built.model.objective_of(start))
      << "the swaps found little";
  EXPECT_GT(report.swaps, 0);
  EXPECT_TRUE(report.local_optimum);
  EXPECT_EQ(search_swaps(problem, built, start, SwapSearchSettings{}, kFar), result);
}

// Annealing from the swap search's local optimum on the same consolidation:
// every row holds, the verifier accepts, it is never worse than its start,
// and with the same seed it gives the same proposal (a work limit, no clock).
TEST(SwapSearch, AnnealingLeavesTheLocalOptimumValidlyAndRepeatably) {
  const Consolidation region;
  const auto& problem = region.problem;
  const auto& built = region.built;
  const auto start = search_swaps(problem, built, region.exchanged, SwapSearchSettings{}, kFar);
  ASSERT_FALSE(built.model.first_violation(start));
  const auto annealed = anneal_swaps(problem, built, start, SwapSearchSettings{}, 300000, 7, kFar);
  EXPECT_GT(region.expect_valid(annealed), 1.02 * built.model.objective_of(start))
      << "the annealing found little";
  EXPECT_EQ(anneal_swaps(problem, built, start, SwapSearchSettings{}, 300000, 7, kFar), annealed);
}

// Annealing that may leave farms worse off on the way (rule
// nobody_worse_off priced, not refused) returns a proposal where none is:
// every row holds, the verifier accepts, it is never worse than its start,
// and it repeats with the same seed.
TEST(SwapSearch, SoftAnnealingEndsWhereNoFarmIsWorseOff) {
  const Consolidation region;
  const auto& problem = region.problem;
  const auto& built = region.built;
  ASSERT_FALSE(built.hard_gain_rows.empty());
  const auto start = search_swaps(problem, built, region.exchanged, SwapSearchSettings{}, kFar);
  SwapSearchSettings soft;
  soft.soft_gain_price = 100.0;
  const auto annealed = anneal_swaps(problem, built, start, soft, 300000, 7, kFar);
  EXPECT_GE(region.expect_valid(annealed), built.model.objective_of(start));
  EXPECT_EQ(anneal_swaps(problem, built, start, soft, 300000, 7, kFar), annealed);
}

// A consolidation of 250 parcels and 6 farms whose first proposal (the
// construction, reallocation and swap search, as the optimiser makes it)
// the annealing cannot leave while it refuses every move that leaves a farm
// worse off; with those moves priced instead, the walk ends at more than
// twice the start, every farm better off and the verifier agreeing.
TEST(SwapSearch, SoftAnnealingLeavesAStartTheHardOneCannot) {
  const auto generated = make_pilot_like_consolidation(1, 250);
  const auto scenario = consolidation_scenario();
  const auto problem =
      build_problem(generated.region, generated.neighbours, scenario, generated.as_of);
  const auto built = build_model(problem);
  ASSERT_FALSE(built.hard_gain_rows.empty());
  const auto constructed = start_values(problem, built, construct_proposal(problem, built));
  const auto start = search_swaps(
      problem, built, reallocate(problem, built, constructed, ReallocationSettings{}, kFar),
      SwapSearchSettings{}, kFar);
  ASSERT_FALSE(built.model.first_violation(start));
  const double start_eur = built.model.objective_of(start);
  const auto hard = anneal_swaps(problem, built, start, SwapSearchSettings{}, 2'000'000, 1, kFar);
  SwapSearchSettings soft;
  soft.soft_gain_price = 100.0;
  const auto softly = anneal_swaps(problem, built, start, soft, 2'000'000, 1, kFar);
  EXPECT_LT(built.model.objective_of(hard), 1.1 * start_eur) << "the start is not stuck";
  EXPECT_FALSE(built.model.first_violation(softly));
  const double soft_eur = built.model.objective_of(softly);
  EXPECT_GT(soft_eur, 2.0 * start_eur);
  const auto evaluation = verify_proposal(generated.region, generated.neighbours, scenario,
                                          generated.as_of, transfers_of(problem, built, softly));
  EXPECT_TRUE(evaluation.valid());
  EXPECT_NEAR(evaluation.objective_eur, soft_eur, 1e-6 * soft_eur);
}

// End to end through the optimiser, as `landpool solve --scenario
// scenarios/consolidation.toml` runs it: the verified proposal leaves every
// farm that takes part better off, with markedly fewer blocks per farm and
// less travel than before.
TEST(SwapSearch, OptimiserConsolidatesAGeneratedRegion) {
  const auto generated = make_generated_region(3, 600, true);
  auto scenario = consolidation_scenario();
  scenario.solver.time_limit_s = 10.0;
  auto cbc = make_cbc_backend();
  const auto result =
      optimise(generated.region, generated.neighbours, scenario, generated.as_of, *cbc);
  ASSERT_TRUE(result.call_ok) << result.error;
  ASSERT_TRUE(result.evaluation.valid());
  const auto kpis =
      describe_proposal(generated.region, generated.neighbours, scenario, generated.as_of, result)
          .kpis;
  EXPECT_EQ(kpis.farms_better_off, kpis.participating_farms);
  EXPECT_LT(kpis.blocks_per_farm_after, 0.8 * kpis.blocks_per_farm_before);
  EXPECT_LT(kpis.travel_after_ha_km, 0.9 * kpis.travel_before_ha_km);
}

Problem make_problem(std::uint64_t seed) {
  const auto tiny = make_tiny_region(seed, false);
  return build_problem(tiny.region, tiny.neighbours, tiny.scenario, tiny.as_of);
}

// A start that breaks a row is returned as it is (the search only ever
// moves between solutions of the whole model).
TEST(SwapSearch, LeavesAnInfeasibleStartAlone) {
  std::uint64_t seed = 1;
  while (make_problem(seed).candidates.empty())
    ++seed;
  const auto tiny = make_tiny_region(seed, false);
  const auto problem = build_problem(tiny.region, tiny.neighbours, tiny.scenario, tiny.as_of);
  const auto built = build_model(problem);
  auto start = start_values(problem, built, {});
  start[static_cast<std::size_t>(built.choose[0])] =
      1.0;  // chosen, but its farm does not take part
  ASSERT_TRUE(built.model.first_violation(start));
  EXPECT_EQ(search_swaps(problem, built, start, SwapSearchSettings{}, kFar), start);
}

}  // namespace
}  // namespace landpool::testing
