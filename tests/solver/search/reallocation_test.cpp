// Reallocation of whole holdings and the repair of rounded assignments it
// stands on: the repair on small models whose answer is known, and the
// reallocation judged by the whole model's rows, the independent verifier
// and repeatability on a generated consolidation region.

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>

#include "solver/model/model_builder.hpp"
#include "solver/problem/problem.hpp"
#include "solver/search/assignment_repair.hpp"
#include "solver/search/construction.hpp"
#include "solver/search/first_exchanges.hpp"
#include "solver/search/reallocation.hpp"
#include "solver/tiny_regions.hpp"
#include "solver/verify/verifier.hpp"
#include "test_support.hpp"

namespace landpool::testing {
namespace {

using namespace landpool::solver;

/// Parcel P (3 ha) may go to farm A (column pa, worth 5) or B (pb, worth 1);
/// parcel Q (1 ha) to A (qa, worth 2). A's area band is [0.5, 1.5] ha when
/// it takes part (za), B's participation is zb.
struct TwoParcels {
  LinearModel model;
  int pa, pb, qa, za, zb;
  AssignmentShape shape;
  TwoParcels() {
    pa = model.add_binary("pa", 5.0);
    pb = model.add_binary("pb", 1.0);
    qa = model.add_binary("qa", 2.0);
    za = model.add_binary("za", 0.0);
    zb = model.add_binary("zb", 0.0);
    model.add_row("band_a", {{pa, 3.0}, {qa, 1.0}, {za, -0.5}}, 0.0, kInfinity);
    model.add_row("band_a_max", {{pa, 3.0}, {qa, 1.0}, {za, -1.5}}, -kInfinity, 0.0);
    model.add_row("once_p", {{pa, 1.0}, {pb, 1.0}}, -kInfinity, 1.0);
    shape.groups = {{pa, pb}, {qa}};
    shape.participation = {{za, {pa, qa}}, {zb, {pb}}};
  }
};

TEST(AssignmentRepair, MovesParcelsUntilEveryRowHoldsPreferringTheObjective) {
  TwoParcels two;
  // Rounding gave P to A: 3 ha, over A's band.
  std::vector<double> values{1.0, 0.0, 0.0, 1.0, 0.0};
  ASSERT_TRUE(two.model.first_violation(values));
  const double left = repair_assignment(two.model, two.shape, values);
  EXPECT_DOUBLE_EQ(left, 0.0);
  EXPECT_FALSE(two.model.first_violation(values));
  // P to B, worth more than to nowhere; A no longer takes part, and Q stays
  // where it is (the repair mends rows; adding value is the search's job).
  EXPECT_EQ(values, (std::vector<double>{0.0, 1.0, 0.0, 0.0, 1.0}));
}

TEST(AssignmentRepair, NeverMovesAFixedChoiceAndSaysWhatIsLeft) {
  TwoParcels two;
  two.model.columns[static_cast<std::size_t>(two.pa)].lower = 1.0;  // P held at A
  std::vector<double> values{1.0, 0.0, 0.0, 1.0, 0.0};
  const double left = repair_assignment(two.model, two.shape, values);
  EXPECT_EQ(values[static_cast<std::size_t>(two.pa)], 1.0);
  EXPECT_GT(left, 0.0);  // 3 ha stays over the band: nothing can fix it
  EXPECT_EQ(values[static_cast<std::size_t>(two.qa)], 0.0);  // adding Q would only add to it
}

// Every farm of a generated polder exchanges (the consolidation scenario):
// the reallocation raises the value well beyond "nothing moves", every row
// of the model holds, the verifier accepts the transfers and values them
// alike, and a second run gives the same proposal.
TEST(Reallocation, RedrawsHoldingsOfAGeneratedConsolidationValidlyAndRepeatably) {
  const auto generated = make_generated_region(3, 600, true);
  const auto& region = generated.region;
  const auto& neighbours = generated.neighbours;
  const auto scenario = consolidation_scenario();
  const auto problem = build_problem(region, neighbours, scenario, generated.as_of);
  const auto built = build_model(problem);
  // From the exchange search's proposal, as in the optimiser.
  const auto far = std::chrono::steady_clock::now() + std::chrono::minutes(10);
  const auto start = start_values(
      problem, built,
      add_exchanges(problem, neighbours, construct_proposal(problem, built), 2000, far));
  ASSERT_FALSE(built.model.first_violation(start));

  const auto reallocated = reallocate(problem, built, start, ReallocationSettings{}, far);
  EXPECT_FALSE(built.model.first_violation(reallocated));
  const double value = built.model.objective_of(reallocated);
  EXPECT_GT(value, 1.05 * built.model.objective_of(start)) << "the reallocation found little";

  std::vector<ProposedTransfer> transfers;
  for (std::size_t c = 0; c < problem.candidates.size(); ++c) {
    if (reallocated[static_cast<std::size_t>(built.choose[c])] > 0.5)
      transfers.push_back(transfer_of(problem, c));
  }
  EXPECT_GE(transfers.size(), 20u);
  const auto evaluation = verify_proposal(region, neighbours, scenario, generated.as_of, transfers);
  EXPECT_TRUE(evaluation.valid()) << evaluation.violations.front().rule << " "
                                  << evaluation.violations.front().farm_id;
  EXPECT_NEAR(evaluation.objective_eur, value, 1e-6 * value);

  EXPECT_EQ(reallocate(problem, built, start, ReallocationSettings{}, far), reallocated);
}

// On the default scenario (pool land and a few exchanges, partner and deal
// caps) the reallocation never returns worse than the proposal it starts
// from, and what it returns satisfies the whole model.
TEST(Reallocation, NeverWorsensTheConstructionsProposalOnTheDefaultScenario) {
  const auto generated = make_generated_region(2, 600);
  const auto problem =
      build_problem(generated.region, generated.neighbours, generated.scenario, generated.as_of);
  const auto exchange_parcels = std::count_if(problem.parcels.begin(), problem.parcels.end(),
                                              [](const auto& parcel) { return parcel.from_farm; });
  ASSERT_GE(static_cast<std::size_t>(exchange_parcels),
            ReallocationSettings{}.least_exchange_parcels)
      << "too few exchange parcels: the reallocation would not run";
  const auto built = build_model(problem);
  const auto start = start_values(problem, built, construct_proposal(problem, built));
  ASSERT_FALSE(built.model.first_violation(start));
  const auto reallocated = reallocate(problem, built, start, ReallocationSettings{},
                                      std::chrono::steady_clock::now() + std::chrono::minutes(10));
  EXPECT_FALSE(built.model.first_violation(reallocated));
  EXPECT_GE(built.model.objective_of(reallocated), built.model.objective_of(start) - 1e-9);
}

}  // namespace
}  // namespace landpool::testing
