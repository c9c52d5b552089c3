// A proposal that breaks a rule in penalty mode is a proposal the verifier
// accepts at a price; the model must take it as a feasible start at the same
// value, or the optimiser throws the heuristics' work away (found by
// bench/rule_sweep.py: partners in penalty mode, the first proposal of a
// consolidation rejected and the run ending at 10,592 EUR instead of 213,750).

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "solver/construction.hpp"
#include "solver/model_builder.hpp"
#include "solver/problem.hpp"
#include "solver/verifier.hpp"
#include "tiny_regions.hpp"

namespace landpool::testing {
namespace {

/// Every rule but "who may move" (always hard) in penalty mode.
void all_rules_as_penalties(Scenario& scenario, double penalty_eur) {
  for (std::size_t rule = 1; rule < scenario.rules.size(); ++rule) {
    scenario.rules[rule].mode = RuleMode::penalty;
    scenario.rules[rule].penalty_eur = penalty_eur;
  }
}

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
    std::vector<std::vector<std::size_t>> candidates_of(problem.parcels.size());
    for (std::size_t c = 0; c < problem.candidates.size(); ++c)
      candidates_of[problem.candidates[c].parcel].push_back(c);
    std::mt19937_64 random(seed);
    for (int trial = 0; trial < 40; ++trial) {
      std::vector<std::size_t> chosen;
      for (const auto& candidates : candidates_of) {
        const std::size_t pick = random() % (candidates.size() + 1);
        if (pick < candidates.size())
          chosen.push_back(candidates[pick]);
      }
      std::vector<solver::ProposedTransfer> transfers;
      for (std::size_t c : chosen)
        transfers.push_back(solver::transfer_of(problem, c));
      const auto check = verifier.evaluate(transfers);
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

}  // namespace
}  // namespace landpool::testing
