// The move judge against the whole model: after many random moves applied
// where it judged them feasible, on a generated consolidation (boundary,
// organic contiguity and drift-border auxiliaries everywhere), every row of
// the model holds, the rows it does not track (an auxiliary's defining
// rows) included, and its running objective equals the model's.

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>
#include <optional>
#include <random>
#include <vector>

#include "solver/model/model_builder.hpp"
#include "solver/problem/problem.hpp"
#include "solver/search/move_judge.hpp"
#include "solver/tiny_regions.hpp"
#include "test_support.hpp"

namespace landpool::testing {
namespace {

using namespace landpool::solver;

struct RandomMoves {
  int applied = 0, swaps = 0;
};

/// Applies up to 3,000 random relocations and swaps that the judge of
/// `model` finds feasible, from `start`, and expects every row of the model
/// to hold and the judge's objective to be the model's every 250 moves and
/// at the end.
RandomMoves apply_random_moves(const Problem& problem, const BuiltModel& model,
                               const std::vector<double>& start) {
  ModelMoves moves(problem, model, start, 1e-6);
  std::mt19937_64 random(7);
  std::uniform_int_distribution<std::size_t> parcel(0, problem.parcels.size() - 1);
  std::uniform_int_distribution<std::size_t> farm(0, problem.farms.size() - 1);
  RandomMoves done;
  const auto expect_every_row_held = [&] {
    const auto broken = model.model.first_violation(moves.values(), 1e-6);
    EXPECT_FALSE(broken) << "after " << done.applied << " moves: " << broken.value_or("");
    const double model_value = model.model.objective_of(moves.values());
    EXPECT_NEAR(moves.objective(), model_value, 1e-6 * std::max(1.0, std::abs(model_value)));
  };
  for (int trial = 0; trial < 200000 && done.applied < 3000; ++trial) {
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
    ++done.applied;
    done.swaps += size == 2 ? 1 : 0;
    if (done.applied % 250 == 0)
      expect_every_row_held();
  }
  expect_every_row_held();
  return done;
}

// The judge leaves an auxiliary's defining rows unchecked (its value keeps
// them): every row still holds after many moves, on a model with
// boundary, organic contiguity and drift-border auxiliaries everywhere.
TEST(ModelMoves, RandomFeasibleMovesKeepEveryRowOfTheModel) {
  const GeneratedConsolidation c(300);
  ASSERT_GE(c.built.auxiliaries.size(), 500u) << "too few auxiliaries to exercise";
  ASSERT_FALSE(c.built.model.first_violation(c.exchanged));
  const auto done = apply_random_moves(c.problem, c.built, c.exchanged);
  EXPECT_GE(done.applied, 1000) << "too few feasible moves drawn";
  EXPECT_GE(done.swaps, 100);
}

/// Random relocations of a movable parcel to another farm that may have it,
/// as `moves` sees the parcels now; nothing for a draw that is not one.
class RandomRelocations {
 public:
  RandomRelocations(const Problem& problem, unsigned seed)
      : random_(seed), parcel_(0, problem.parcels.size() - 1), farm_(0, problem.farms.size() - 1) {}

  std::optional<ParcelChange> next(const ModelMoves& moves) {
    const std::size_t m = parcel_(random_), to = farm_(random_);
    const int column = moves.column_for(m, to);
    if (column == -2 || moves.held(m) || moves.user_now(m) == static_cast<int>(to))
      return std::nullopt;
    return ParcelChange{m, column};
  }

 private:
  std::mt19937_64 random_;
  std::uniform_int_distribution<std::size_t> parcel_, farm_;
};

/// Each hard gain row's shortfall in `values`, from the model's rows.
std::vector<double> gain_shortfalls(const BuiltModel& built, const std::vector<double>& values) {
  std::vector<double> shortfalls;
  for (int r : built.hard_gain_rows) {
    const auto& row = built.model.rows[static_cast<std::size_t>(r)];
    double activity = 0.0;
    for (const auto& [column, coefficient] : row.terms)
      activity += coefficient * values[static_cast<std::size_t>(column)];
    shortfalls.push_back(std::max(0.0, row.lower - activity));
  }
  return shortfalls;
}

/// Their total.
double gain_shortfall(const BuiltModel& built, const std::vector<double>& values) {
  const auto shortfalls = gain_shortfalls(built, values);
  return std::accumulate(shortfalls.begin(), shortfalls.end(), 0.0);
}

// With rule nobody_worse_off's rows soft, a move that keeps them is judged
// as before; one that leaves a farm worse off, refused before, is judged at
// its objective change less the price of the loss; the judge's running
// shortfall matches the rows recomputed from the values.
TEST(ModelMoves, SoftGainRowsPriceAFarmsLossInsteadOfRefusingTheMove) {
  const GeneratedConsolidation c(300);
  ASSERT_FALSE(c.built.hard_gain_rows.empty());
  constexpr double kPrice = 100.0;
  ModelMoves hard(c.problem, c.built, c.exchanged, 1e-6);
  ModelMoves soft(c.problem, c.built, c.exchanged, 1e-6);
  soft.soften_rows(c.built.hard_gain_rows, kPrice);
  RandomRelocations draw(c.problem, 11);
  int same = 0, priced = 0;
  for (int trial = 0; trial < 100000 && priced < 50; ++trial) {
    const auto change = draw.next(soft);
    if (!change)
      continue;
    const std::array move{*change};
    const auto by_hard = hard.assess(move);
    const auto by_soft = soft.assess(move);
    if (by_hard) {
      ASSERT_TRUE(by_soft);
      EXPECT_NEAR(*by_soft, *by_hard, 1e-6 * std::max(1.0, std::abs(*by_hard)));
      ++same;
      continue;
    }
    if (!by_soft)
      continue;  // it breaks another row
    ModelMoves applied = soft;
    applied.apply(move);
    const double shortfall = gain_shortfall(c.built, applied.values());
    if (shortfall <= 1e-6)
      continue;  // refused for a row the soft judge also keeps no worse
    EXPECT_NEAR(applied.soft_violation(), shortfall, 1e-6 * std::max(1.0, shortfall));
    const double gained = applied.objective() - soft.objective();
    EXPECT_NEAR(*by_soft, gained - kPrice * shortfall, 1e-6 * std::max(1.0, std::abs(gained)));
    ++priced;
  }
  EXPECT_GE(same, 100);
  EXPECT_GE(priced, 10) << "too few moves that leave a farm worse off";
}

// Along a walk of random moves, some breaking and some mending a farm's
// gain, the judge's running shortfall stays the rows' own; made hard again,
// it refuses a move that would deepen a farm's shortfall.
TEST(ModelMoves, SoftShortfallFollowsTheRowsAlongAWalk) {
  const GeneratedConsolidation c(300);
  ModelMoves soft(c.problem, c.built, c.exchanged, 1e-6);
  soft.soften_rows(c.built.hard_gain_rows, 100.0);
  RandomRelocations draw(c.problem, 5);
  int applied = 0, broken = 0, mended = 0;
  for (int trial = 0; trial < 100000 && applied < 2000; ++trial) {
    const auto change = draw.next(soft);
    if (!change)
      continue;
    const std::array move{*change};
    if (!soft.assess(move))
      continue;
    const double before = soft.soft_violation();
    soft.apply(move);
    ++applied;
    broken += soft.soft_violation() > before + 1e-6 ? 1 : 0;
    mended += soft.soft_violation() < before - 1e-6 ? 1 : 0;
    const double shortfall = gain_shortfall(c.built, soft.values());
    ASSERT_NEAR(soft.soft_violation(), shortfall, 1e-6 * std::max(1.0, shortfall))
        << "after " << applied << " moves";
  }
  EXPECT_GE(broken, 10);
  EXPECT_GE(mended, 10);
  soft.harden_rows();
  int refused = 0;
  for (int trial = 0; trial < 100000 && refused < 5; ++trial) {
    const auto change = draw.next(soft);
    if (!change)
      continue;
    const std::array move{*change};
    if (soft.assess(move))
      continue;
    ModelMoves priced = soft;
    priced.soften_rows(c.built.hard_gain_rows, 100.0);
    if (!priced.assess(move))
      continue;  // refused for another row too
    ModelMoves deeper = priced;
    deeper.apply(move);
    const auto before = gain_shortfalls(c.built, priced.values());
    const auto after = gain_shortfalls(c.built, deeper.values());
    bool deepened = false;
    for (std::size_t k = 0; k < before.size(); ++k)
      deepened = deepened || after[k] > before[k] + 1e-9;
    EXPECT_TRUE(deepened) << "refused, yet no farm's shortfall deepens";
    ++refused;
  }
  EXPECT_GE(refused, 5);
}

// Where an auxiliary's side is not integral (half a choice), its value no
// longer keeps its defining rows: the judge checks them, so every row
// still holds. (Minima that are 0 at the start get a side of half a choice,
// in the auxiliary and in its row alike.)
TEST(ModelMoves, ChecksTheDefiningRowsOfAnAuxiliaryWithAFractionalSide) {
  const GeneratedConsolidation c(300);
  BuiltModel halved = c.built;
  int changed = 0;
  for (auto& aux : halved.auxiliaries) {
    if (!aux.is_minimum || aux.a.terms.empty() ||
        c.exchanged[static_cast<std::size_t>(aux.column)] > 0.5)
      continue;
    auto& [column, coefficient] = aux.a.terms.front();
    coefficient = 0.5;
    for (auto& term : halved.model.rows[static_cast<std::size_t>(aux.first_row)].terms) {
      if (term.first == column)
        term.second = -0.5;
    }
    ++changed;
  }
  ASSERT_GE(changed, 100);
  ASSERT_FALSE(halved.model.first_violation(c.exchanged));
  const auto done = apply_random_moves(c.problem, halved, c.exchanged);
  EXPECT_GE(done.applied, 1000);
}

}  // namespace
}  // namespace landpool::testing
