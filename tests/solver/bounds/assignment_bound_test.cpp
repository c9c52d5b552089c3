// The bound for models too large for their LP: never below CBC's proven
// optimum, and never above the bound of every column at its favourable end.

#include <gtest/gtest.h>

#include <cmath>

#include "solver/bounds/assignment_bound.hpp"
#include "solver/model/linear_model.hpp"
#include "solver/model/model_builder.hpp"
#include "solver/problem/problem.hpp"
#include "solver/tiny_regions.hpp"

namespace landpool::testing {
namespace {

using namespace landpool::solver;

// On 60 tiny regions against CBC's proven optimum: the plain relaxation is
// never below it nor above the columns' ranges; with the rows priced by
// Lagrange multipliers and the boundary shares moved (the steps aimed at a
// poor proposal or at the optimum), never below it nor above the plain
// relaxation, and tighter than it where a band binds.
TEST(AssignmentBound, NeverBelowTheProvenOptimumAndTighterPriced) {
  int tighter = 0, priced_tighter = 0, compared = 0;
  for_each_solved_tiny_region(
      60, [&](std::uint64_t seed, const Problem& problem, const BuiltModel& built, double optimum) {
        ++compared;
        const double bound = assignment_bound(problem, built);
        const double tolerance = 1e-6 * std::max(1.0, std::abs(optimum));
        EXPECT_GE(bound + tolerance, optimum) << "seed " << seed;
        EXPECT_LE(bound, range_bound(built.model) + tolerance) << "seed " << seed;
        tighter += bound < range_bound(built.model) - tolerance ? 1 : 0;

        // "Nothing moves" as the incumbent: a feasible value far below the optimum.
        const double nothing = built.model.objective_of(start_values(problem, built, {}));
        const double priced = assignment_bound(problem, built, nothing, 200);
        EXPECT_GE(priced + tolerance, optimum) << "seed " << seed;
        EXPECT_LE(priced, bound + tolerance) << "seed " << seed;
        priced_tighter += priced < bound - tolerance ? 1 : 0;

        // Aimed at the optimum itself, as the optimiser's second computation
        // aims at its final proposal: still never below it.
        const double aimed = assignment_bound(problem, built, optimum, 300);
        EXPECT_GE(aimed + tolerance, optimum) << "seed " << seed;
        EXPECT_LE(aimed, bound + tolerance) << "seed " << seed;
      });
  EXPECT_GE(tighter, compared / 2) << "no better than the columns' ranges";
  EXPECT_GE(priced_tighter, compared / 4) << "the multipliers never tightened the bound";
}

// With the drift border the only term, the bound is never below CBC's
// optimum; with every choice held at "nothing moves" it is that proposal's
// value, 0, exactly: the baseline's border stays in the bound (dropping the
// term, every d at 0, would count all of it as gone).
TEST(AssignmentBound, TheBaselinesDriftBorderStaysInTheBound) {
  auto cbc = make_cbc_backend();
  int with_border = 0;
  for (std::uint64_t seed = 1; seed <= 30; ++seed) {
    auto tiny = seed % 3 == 0 ? make_exchange_region(seed) : make_tiny_region(seed, false);
    auto& w = tiny.scenario.weights;
    w = ScenarioWeights{};
    w.keep_organic_eur_per_ha = w.organic_gain_eur_per_ha = w.area_wanted_eur_per_ha_year = 0.0;
    w.conversion_eur_per_ha_year = w.travel_eur_per_ha_km_year = 0.0;
    w.consolidation_eur_per_m_year = w.organic_contiguity_eur_per_m_year = 0.0;
    w.transaction_eur_per_parcel = w.transaction_eur_per_deal = 0.0;
    w.drift_border_eur_per_m_year = 10.0;
    tiny.scenario.deals.transfer_tax_pct = 0.0;
    const auto problem = build_problem(tiny.region, tiny.neighbours, tiny.scenario, tiny.as_of);
    auto built = build_model(problem);
    SolveSettings settings;
    settings.relative_gap = 0.0;
    const auto optimum = cbc->solve(built.model, settings);
    ASSERT_TRUE(optimum.call_ok && optimum.status == SolveStatus::optimal) << "seed " << seed;
    const double tolerance = 1e-6 * std::max(1.0, std::abs(optimum.objective));
    const double plain = assignment_bound(problem, built);
    const double stepped = assignment_bound(problem, built, optimum.objective, 200);
    EXPECT_GE(plain + tolerance, optimum.objective) << "seed " << seed;
    EXPECT_GE(stepped + tolerance, optimum.objective) << "seed " << seed;
    if (built.term(ObjectiveTerm::drift_border).constant < 1.0)
      continue;
    ++with_border;
    for (const int x : built.choose)
      built.model.columns[static_cast<std::size_t>(x)].upper = 0.0;
    EXPECT_NEAR(assignment_bound(problem, built), 0.0, 1e-6) << "seed " << seed;
  }
  EXPECT_GE(with_border, 10) << "too few regions with a drift border";
}

// One partner per farm: the partner caps and their links priced keep the
// bound valid (never below CBC's optimum) and lower it below the bound of
// the same regions with rule partners off, which the relaxation once
// matched whatever the caps.
TEST(AssignmentBound, PricingThePartnerCapsTightensTheBound) {
  auto cbc = make_cbc_backend();
  int lower = 0;
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    auto tiny = seed % 3 == 0 ? make_exchange_region(seed) : make_tiny_region(seed, false);
    tiny.scenario.defaults.max_partners = 1;
    for (auto& demand : tiny.region.demands)
      demand.max_partners = 1;
    auto bound_of = [&](const TinyRegion& region, double& optimum) {
      const auto problem =
          build_problem(region.region, region.neighbours, region.scenario, region.as_of);
      const auto built = build_model(problem);
      SolveSettings settings;
      settings.relative_gap = 0.0;
      const auto solved = cbc->solve(built.model, settings);
      EXPECT_TRUE(solved.call_ok && solved.status == SolveStatus::optimal) << "seed " << seed;
      optimum = solved.objective;
      const double nothing = built.model.objective_of(start_values(problem, built, {}));
      return assignment_bound(problem, built, nothing, 300);
    };
    double capped_optimum = 0.0, free_optimum = 0.0;
    const double capped = bound_of(tiny, capped_optimum);
    tiny.scenario.rule(RuleId::partners).mode = RuleMode::off;
    const double free = bound_of(tiny, free_optimum);
    const double tolerance = 1e-6 * std::max(1.0, std::abs(free));
    EXPECT_GE(capped + tolerance, capped_optimum) << "seed " << seed;
    EXPECT_GE(free + tolerance, free_optimum) << "seed " << seed;
    lower += capped < free - tolerance ? 1 : 0;
  }
  EXPECT_GE(lower, 10) << "the partner caps never tightened the bound";
}

// On a generated consolidation, where every farm's net area must stay near
// zero and the value is mostly shared boundary, pricing the area bands and
// moving the boundary shares tightens the bound markedly.
TEST(AssignmentBound, PricingTheAreaBandsTightensAConsolidationsBound) {
  const auto generated = make_generated_region(3, 600, true);
  const auto problem = build_problem(generated.region, generated.neighbours,
                                     consolidation_scenario(), generated.as_of);
  const auto built = build_model(problem);
  const double nothing = built.model.objective_of(start_values(problem, built, {}));
  const double plain = assignment_bound(problem, built);
  const double priced = assignment_bound(problem, built, nothing, 200);
  EXPECT_LT(priced, 0.97 * plain);
  EXPECT_GE(priced, nothing);
}

}  // namespace
}  // namespace landpool::testing
