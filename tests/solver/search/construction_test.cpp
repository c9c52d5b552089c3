// The construction heuristic and the move judge it stands on, checked from
// outside: the model's incremental judgement of a move (ModelMoves) agrees
// with the independent verifier on random proposals of pool land, in
// validity and in value; the construction's proposal passes the verifier.

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>

#include "solver/model/model_builder.hpp"
#include "solver/problem/problem.hpp"
#include "solver/records/describe_proposal.hpp"
#include "solver/search/construction.hpp"
#include "solver/search/move_judge.hpp"
#include "solver/tiny_regions.hpp"
#include "solver/verify/verifier.hpp"

namespace landpool::testing {
namespace {

using solver::construct_proposal;
using solver::verified_value;

// The construction's proposal is one the verifier accepts, and it gives
// farms land: on a generated region it is worth something.
TEST(Construction, ProposesLandTheVerifierAccepts) {
  const auto generated = make_generated_region(1, 300);
  const auto problem = solver::build_problem(generated.region, generated.neighbours,
                                             generated.scenario, generated.as_of);
  const auto built = solver::build_model(problem);
  const auto chosen = construct_proposal(problem, built);
  ASSERT_FALSE(chosen.empty());
  const solver::ProposalVerifier verifier(generated.region, generated.neighbours,
                                          generated.scenario, generated.as_of);
  const auto value = verified_value(problem, verifier, chosen);
  ASSERT_TRUE(value.has_value());
  EXPECT_GT(*value, 0.0);
  EXPECT_NEAR(*value, built.model.objective_of(solver::start_values(problem, built, chosen)),
              1e-6 * std::abs(*value));
}

// Past its deadline no farm is started, so a region too large to construct
// in the time still leaves the run its time limit: here nothing is proposed,
// which is valid (nothing moves).
TEST(Construction, StartsNoFarmAfterItsDeadline) {
  const auto generated = make_generated_region(1, 300);
  const auto problem = solver::build_problem(generated.region, generated.neighbours,
                                             generated.scenario, generated.as_of);
  const auto built = solver::build_model(problem);
  const auto past = std::chrono::steady_clock::now() - std::chrono::seconds(1);
  const auto chosen = construct_proposal(problem, built, 40, past);
  EXPECT_TRUE(chosen.empty());
  const solver::ProposalVerifier verifier(generated.region, generated.neighbours,
                                          generated.scenario, generated.as_of);
  EXPECT_TRUE(verified_value(problem, verifier, chosen).has_value());
}

// The construction judges its steps on the model instead of asking the
// verifier: for random sets of one to three pool parcels given to one farm,
// on top of a random earlier proposal the model accepted, the model accepts
// exactly what the verifier accepts without penalty, and its objective after
// the move is the verifier's value; with the default deal caps, and with the
// tightest (a farm receiving pool land is a deal of its own), where the
// model's "receives pool land" column must follow the choices.
TEST(ModelMoves, AgreeWithTheVerifierOnPoolLand) {
  for (const std::uint64_t seed : {1u, 2u}) {
    auto generated = make_generated_region(seed, 1000);
    if (seed == 2) {
      generated.scenario.deals.max_ring_parties = 2;
      generated.scenario.deals.max_chain_links = 1;
    }
    const auto problem = solver::build_problem(generated.region, generated.neighbours,
                                               generated.scenario, generated.as_of);
    const auto built = solver::build_model(problem);
    std::vector<std::vector<std::size_t>> pool_of_farm(problem.farms.size());
    for (std::size_t c = 0; c < problem.candidates.size(); ++c) {
      if (!problem.parcels[problem.candidates[c].parcel].from_farm)
        pool_of_farm[problem.candidates[c].farm].push_back(c);
    }
    // Each farm's best candidates by their own objective term, so that a
    // fair share of the random moves is valid.
    for (auto& pool : pool_of_farm) {
      std::sort(pool.begin(), pool.end(), [&](std::size_t a, std::size_t b) {
        return built.model.columns[static_cast<std::size_t>(built.choose[a])].objective >
               built.model.columns[static_cast<std::size_t>(built.choose[b])].objective;
      });
      pool.resize(std::min<std::size_t>(pool.size(), 10));
    }
    std::vector<std::size_t> farms;
    for (std::size_t f = 0; f < problem.farms.size(); ++f) {
      if (!pool_of_farm[f].empty() && problem.farms[f].wants_max_ha > 0.0)
        farms.push_back(f);
    }
    ASSERT_GE(farms.size(), 3u) << "seed " << seed;
    solver::ModelMoves moves(problem, built, solver::start_values(problem, built, {}), 1e-6);
    // The verifier indexed once must judge each proposal as a fresh one does.
    const solver::ProposalVerifier reused(generated.region, generated.neighbours,
                                          generated.scenario, generated.as_of);
    std::vector<std::size_t> proposal;
    std::vector<double> net_ha(problem.farms.size(), 0.0);  // of the moves applied
    auto area_ha = [&](std::size_t c) {
      const auto& movable = problem.parcels[problem.candidates[c].parcel];
      return generated.region.parcels[movable.region_index].area_ha;
    };
    std::mt19937_64 random(seed);
    int accepted = 0, refused = 0;
    for (int trial = 0; trial < 3000; ++trial) {
      const std::size_t f = farms[random() % farms.size()];
      const auto& pool = pool_of_farm[f];
      std::vector<solver::ParcelChange> changes;
      std::vector<std::size_t> trial_proposal = proposal;
      const std::size_t wanted = 1 + random() % 3;
      double net = net_ha[f];
      for (std::size_t k = 0; k < 4 * wanted && changes.size() < wanted; ++k) {
        const std::size_t c = pool[random() % pool.size()];
        const std::size_t parcel = problem.candidates[c].parcel;
        // Mostly within the most the farm wants (else the balance refuses nearly all).
        const bool too_much = net + area_ha(c) > problem.farms[f].wants_max_ha && random() % 2 != 0;
        const bool taken = too_much || moves.user_now(parcel) >= 0 ||
                           std::any_of(changes.begin(), changes.end(),
                                       [&](const auto& change) { return change.parcel == parcel; });
        if (taken)
          continue;
        changes.push_back({parcel, built.choose[c]});
        trial_proposal.push_back(c);
        net += area_ha(c);
      }
      if (changes.empty())
        continue;
      const auto assessed = moves.assess(changes);
      const auto transfers = solver::transfers_of(problem, trial_proposal);
      const auto check = solver::verify_proposal(generated.region, generated.neighbours,
                                                 generated.scenario, generated.as_of, transfers);
      const auto again = reused.evaluate(transfers);
      ASSERT_EQ(again.violations.size(), check.violations.size());
      ASSERT_EQ(again.objective_eur, check.objective_eur);
      ASSERT_EQ(again.terms_eur, check.terms_eur);
      const bool verifier_accepts = check.valid() && check.penalties_eur <= 0.0;
      ASSERT_EQ(assessed.has_value(), verifier_accepts)
          << "seed " << seed << " trial " << trial << ": "
          << (check.valid() ? "verifier accepts" : check.violations.front().message);
      if (!assessed) {
        ++refused;
        continue;
      }
      ++accepted;
      EXPECT_NEAR(moves.objective() + *assessed, check.objective_eur,
                  1e-6 * std::max(1.0, std::abs(check.objective_eur)));
      // Keep every other accepted move, so that later moves judge on a
      // proposal that already has land moved.
      if (accepted % 2 == 0) {
        moves.apply(changes);
        proposal = trial_proposal;
        net_ha[f] = net;
      }
    }
    // Both answers occur, or the test would not tell them apart.
    EXPECT_GT(accepted, 10) << "seed " << seed;
    EXPECT_GT(refused, 10) << "seed " << seed;
  }
}

}  // namespace
}  // namespace landpool::testing
