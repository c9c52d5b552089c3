// A proposal that breaks a rule in penalty mode is a proposal the verifier
// accepts at a price; the model must take it as a feasible start at the same
// value, or the optimiser throws the heuristics' work away (found by
// bench/rule_sweep.py: partners in penalty mode, the first proposal of a
// consolidation rejected and the run ending at 10,592 EUR instead of 213,750).

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "solver/model/model_builder.hpp"
#include "solver/problem/problem.hpp"
#include "solver/search/construction.hpp"
#include "solver/search/move_judge.hpp"
#include "solver/tiny_regions.hpp"
#include "solver/verify/verifier.hpp"

namespace landpool::testing {
namespace {

// Random proposals (each movable parcel to one of its candidates or to
// nobody) on tiny regions, exchange rings and a generated region's corner,
// with every rule a penalty: whatever the verifier accepts, start_values
// meets every row of the model with, and at the verifier's value.
TEST(StartValues, AProposalBreakingPenaltyRulesIsAFeasibleStartAtTheVerifiersValue) {
  int accepted = 0, with_penalties = 0;
  for (std::uint64_t seed = 1; seed <= 60; ++seed) {
    auto tiny = seed % 3 == 0 ? make_exchange_region(seed) : make_tiny_region(seed, false, 8);
    if (seed % 4 == 1)
      randomise_allocation(tiny, seed);
    all_rules_as_penalties(tiny.scenario, 10.0 * static_cast<double>(1 + seed % 7));
    const auto problem =
        solver::build_problem(tiny.region, tiny.neighbours, tiny.scenario, tiny.as_of);
    const auto built = solver::build_model(problem);
    const solver::ProposalVerifier verifier(tiny.region, tiny.neighbours, tiny.scenario,
                                            tiny.as_of);
    std::mt19937_64 random(seed);
    for (int trial = 0; trial < 40; ++trial) {
      const auto chosen = random_choices(problem, random);
      const auto check = verifier.evaluate(solver::transfers_of(problem, chosen));
      if (!check.valid())
        continue;  // a rule that stays hard (who may move, as the model has no column)
      ++accepted;
      if (check.penalties_eur > 0.0)
        ++with_penalties;
      const auto values = solver::start_values(problem, built, chosen);
      const auto violation = built.model.first_violation(values);
      ASSERT_FALSE(violation) << "seed " << seed << " trial " << trial << ": " << *violation
                              << " (verifier penalties " << check.penalties_eur << " EUR)";
      EXPECT_NEAR(built.model.objective_of(values), check.objective_eur,
                  1e-6 * std::max(1.0, std::abs(check.objective_eur)))
          << "seed " << seed << " trial " << trial;
    }
  }
  EXPECT_GE(accepted, 1000) << "too few proposals checked";
  EXPECT_GE(with_penalties, 300) << "too few proposals paid a penalty: the test shows little";
}

// The searches' moves (solver/search/move_judge.cpp) let penalty slacks follow:
// with every rule a penalty, a random parcel given to a random farm (or to
// nobody) is judged at exactly the change start_values gives the whole
// proposal, and moves that break a rule at its price are taken.
TEST(StartValues, MovesPayPenaltiesAsTheWholeProposalDoes) {
  int assessed = 0, penalty_changed = 0;
  for (std::uint64_t seed = 1; seed <= 60; ++seed) {
    auto tiny = seed % 3 == 0 ? make_exchange_region(seed) : make_tiny_region(seed, false, 8);
    all_rules_as_penalties(tiny.scenario, 10.0 * static_cast<double>(1 + seed % 7));
    const auto problem =
        solver::build_problem(tiny.region, tiny.neighbours, tiny.scenario, tiny.as_of);
    if (problem.parcels.empty())
      continue;
    const auto built = solver::build_model(problem);
    std::vector<std::size_t> chosen;  // the proposal the moves have made
    solver::ModelMoves moves(problem, built, solver::start_values(problem, built, chosen), 1e-6);
    std::mt19937_64 random(seed);
    for (int trial = 0; trial < 60; ++trial) {
      const std::size_t m = random() % problem.parcels.size();
      const std::size_t f = random() % (problem.farms.size() + 1);  // the last: nobody
      const int column = f < problem.farms.size() ? moves.column_for(m, f) : -1;
      if (column == -2)
        continue;
      const solver::ParcelChange change{m, column};
      const auto change_eur = moves.assess({&change, 1});
      if (!change_eur)
        continue;  // needs deal or tax columns to follow: refused, not guessed
      ++assessed;
      std::erase_if(chosen, [&](std::size_t c) { return problem.candidates[c].parcel == m; });
      for (std::size_t c = 0; c < problem.candidates.size() && column >= 0; ++c) {
        if (built.choose[c] == column)
          chosen.push_back(c);
      }
      const auto whole = solver::start_values(problem, built, chosen);
      ASSERT_FALSE(built.model.first_violation(whole)) << "seed " << seed;
      const double before = moves.objective();
      EXPECT_NEAR(before + *change_eur, built.model.objective_of(whole),
                  1e-6 * std::max(1.0, std::abs(before)))
          << "seed " << seed << " trial " << trial;
      double slack_change = 0.0;
      for (const int s : built.penalty_slacks) {
        slack_change += std::abs(whole[static_cast<std::size_t>(s)] -
                                 moves.values()[static_cast<std::size_t>(s)]);
      }
      penalty_changed += slack_change > 1e-9 ? 1 : 0;
      moves.apply({&change, 1});
    }
  }
  EXPECT_GE(assessed, 500) << "too few moves judged";
  EXPECT_GE(penalty_changed, 100) << "too few moves changed a penalty: the test shows little";
}

}  // namespace
}  // namespace landpool::testing
