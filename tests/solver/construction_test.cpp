#include <gtest/gtest.h>

#include <chrono>

#include "solver/construction.hpp"
#include "solver/problem.hpp"
#include "tiny_regions.hpp"

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
  const auto chosen = construct_proposal(problem, generated.neighbours);
  ASSERT_FALSE(chosen.empty());
  const auto value = verified_value(problem, generated.neighbours, chosen);
  ASSERT_TRUE(value.has_value());
  EXPECT_GT(*value, 0.0);
}

// Past its deadline no farm is started, so a region too large to construct
// in the time still leaves the run its time limit: here nothing is proposed,
// which is valid (nothing moves).
TEST(Construction, StartsNoFarmAfterItsDeadline) {
  const auto generated = make_generated_region(1, 300);
  const auto problem = solver::build_problem(generated.region, generated.neighbours,
                                             generated.scenario, generated.as_of);
  const auto past = std::chrono::steady_clock::now() - std::chrono::seconds(1);
  const auto chosen = construct_proposal(problem, generated.neighbours, 40, past);
  EXPECT_TRUE(chosen.empty());
  EXPECT_TRUE(verified_value(problem, generated.neighbours, chosen).has_value());
}

}  // namespace
}  // namespace landpool::testing
