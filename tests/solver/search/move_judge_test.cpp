// The move judge against the whole model: after many random moves applied
// where it judged them feasible, on a generated consolidation (boundary,
// organic contiguity and drift-border auxiliaries everywhere), every row of
// the model holds, the rows it does not track (an auxiliary's defining
// rows) included, and its running objective equals the model's.

#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <cmath>
#include <random>

#include "solver/model/model_builder.hpp"
#include "solver/problem/problem.hpp"
#include "solver/search/construction.hpp"
#include "solver/search/first_exchanges.hpp"
#include "solver/search/move_judge.hpp"
#include "solver/tiny_regions.hpp"
#include "test_support.hpp"

namespace landpool::testing {
namespace {

using namespace landpool::solver;

TEST(ModelMoves, RandomFeasibleMovesKeepEveryRowOfTheModel) {
  const auto generated = make_generated_region(3, 300, true);
  const Scenario scenario = consolidation_scenario();
  const auto problem =
      build_problem(generated.region, generated.neighbours, scenario, generated.as_of);
  const auto built = build_model(problem);
  ASSERT_GE(built.auxiliaries.size(), 500u) << "too few auxiliaries to exercise";
  const auto far = std::chrono::steady_clock::now() + std::chrono::hours(1);
  const auto start = start_values(
      problem, built,
      add_exchanges(problem, generated.neighbours, construct_proposal(problem, built), 2000, far));
  ASSERT_FALSE(built.model.first_violation(start));

  ModelMoves moves(problem, built, start, 1e-6);
  std::mt19937_64 random(7);
  std::uniform_int_distribution<std::size_t> parcel(0, problem.parcels.size() - 1);
  std::uniform_int_distribution<std::size_t> farm(0, problem.farms.size() - 1);
  int applied = 0, swaps = 0;
  const auto expect_every_row_held = [&](int after) {
    const auto broken = built.model.first_violation(moves.values(), 1e-6);
    EXPECT_FALSE(broken) << "after " << after << " moves: " << broken.value_or("");
    const double model_value = built.model.objective_of(moves.values());
    EXPECT_NEAR(moves.objective(), model_value, 1e-6 * std::max(1.0, std::abs(model_value)));
  };
  for (int trial = 0; trial < 200000 && applied < 3000; ++trial) {
    const std::size_t m = parcel(random);
    const std::size_t to = farm(random);
    const int column = moves.column_for(m, to);
    if (column == -2 || moves.held(m) || moves.user_now(m) == static_cast<int>(to))
      continue;
    std::array<ParcelChange, 2> changes{ParcelChange{m, column}, ParcelChange{m, column}};
    std::size_t size = 1;
    const int from = moves.user_now(m);
    const auto& used = moves.used_by(to);
    if (from >= 0 && !used.empty() && random() % 2 == 0) {
      const std::size_t q = used[random() % used.size()];
      const int back = moves.column_for(q, static_cast<std::size_t>(from));
      if (q != m && back != -2 && !moves.held(q)) {
        changes[1] = {q, back};
        size = 2;
      }
    }
    const std::span<const ParcelChange> move(changes.data(), size);
    if (!moves.assess(move))
      continue;
    moves.apply(move);
    ++applied;
    swaps += size == 2 ? 1 : 0;
    if (applied % 250 == 0)
      expect_every_row_held(applied);
  }
  expect_every_row_held(applied);
  EXPECT_GE(applied, 1000) << "too few feasible moves drawn";
  EXPECT_GE(swaps, 100);
}

}  // namespace
}  // namespace landpool::testing
