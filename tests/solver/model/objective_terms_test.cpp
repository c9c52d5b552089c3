// Each objective term is one named unit on both sides: the model records
// what every family adds to the objective under the term's name
// (BuiltModel::terms), and for any proposal each term's value in the model
// equals the verifier's figure of the same name, and the terms add up to the
// model's objective.

#include <cmath>
#include <random>

#include <gtest/gtest.h>

#include "solver/model/model_builder.hpp"
#include "solver/problem/problem.hpp"
#include "solver/tiny_regions.hpp"
#include "solver/verify/verifier.hpp"

namespace landpool::testing {
namespace {

/// Random proposals on `tiny`; returns how many the verifier accepted.
int check_terms(const TinyRegion& tiny, std::uint64_t seed, int trials) {
  const auto problem =
      solver::build_problem(tiny.region, tiny.neighbours, tiny.scenario, tiny.as_of);
  const auto built = solver::build_model(problem);
  const solver::ProposalVerifier verifier(tiny.region, tiny.neighbours, tiny.scenario, tiny.as_of);
  std::mt19937_64 random(seed);
  int accepted = 0;
  for (int trial = 0; trial < trials; ++trial) {
    const auto chosen = random_choices(problem, random);
    const auto check = verifier.evaluate(solver::transfers_of(problem, chosen));
    if (!check.valid())
      continue;
    ++accepted;
    const auto values = solver::start_values(problem, built, chosen);
    double sum = 0.0;
    for (std::size_t t = 0; t < kObjectiveTermNames.size(); ++t) {
      const double model_eur = built.terms[t].value(values);
      sum += model_eur;
      const auto verified = check.terms_eur.find(kObjectiveTermNames[t]);
      if (verified == check.terms_eur.end()) {
        ADD_FAILURE() << "the verifier has no term " << kObjectiveTermNames[t];
        continue;
      }
      EXPECT_NEAR(model_eur, verified->second, 1e-6 * std::max(1.0, std::abs(verified->second)))
          << "term " << kObjectiveTermNames[t] << ", seed " << seed << " trial " << trial;
    }
    EXPECT_NEAR(sum, built.model.objective_of(values), 1e-6 * std::max(1.0, std::abs(sum)))
        << "seed " << seed << " trial " << trial;
    // Farm by farm, so that what one farm gains and another loses cannot cancel.
    for (std::size_t f = 0; f < problem.farms.size(); ++f) {
      double verified_eur = 0.0;  // a farm that takes no part gains nothing
      for (const auto& outcome : check.farms) {
        if (outcome.farm_id == problem.farms[f].farm_id)
          verified_eur = outcome.gain_eur;
      }
      const double model_eur = built.gain[f].value(values);
      EXPECT_NEAR(model_eur, verified_eur, 1e-6 * std::max(1.0, std::abs(verified_eur)))
          << "farm " << problem.farms[f].farm_id << ", seed " << seed << " trial " << trial;
    }
  }
  return accepted;
}

TEST(ObjectiveTerms, EachModelTermEqualsTheVerifiersOfTheSameName) {
  int accepted = 0;
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    auto tiny = seed % 3 == 0 ? make_exchange_region(seed) : make_tiny_region(seed, true, 8);
    if (seed % 4 == 1)
      randomise_allocation(tiny, seed);
    if (seed % 2 == 0)
      tiny.scenario.weights.block_eur_per_year = 300.0;
    if (seed % 5 == 0) {  // neighbours across a gap: no shared boundary, no block joined
      for (std::size_t k = 0; k < tiny.neighbours.size(); k += 3)
        tiny.neighbours[k].shared_boundary_m = 0.0;
    }
    accepted += check_terms(tiny, seed, 30);
  }
  EXPECT_GE(accepted, 400) << "too few proposals checked";
}

}  // namespace
}  // namespace landpool::testing
