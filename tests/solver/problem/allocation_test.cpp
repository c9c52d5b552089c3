// Allocation rules (docs/scenarios.md): directions theory guarantees, and the
// verifier catching a proposal that breaks each rule.
//
// Loosening a rule only widens the set of valid proposals, so at a proven gap
// of zero the optimum can never fall. Each pair below is (tighter, looser) on
// the same tiny region; both must be proven optimal.

#include <gtest/gtest.h>

#include <functional>

#include "solver/optimiser.hpp"
#include "solver/tiny_regions.hpp"
#include "solver/verify/verifier.hpp"

namespace landpool::testing {
namespace {

using namespace landpool::solver;

struct Loosening {
  const char* what;
  std::function<void(Scenario&)> tighten, loosen;
};

double proven_optimum(const TinyRegion& tiny, const std::string& what, std::uint64_t seed) {
  auto cbc = make_cbc_backend();
  const auto result = optimise(tiny.region, tiny.neighbours, tiny.scenario, tiny.as_of, *cbc);
  EXPECT_TRUE(result.call_ok) << what << " seed " << seed << ": " << result.error;
  EXPECT_EQ(result.status, SolveStatus::optimal) << what << " seed " << seed;
  EXPECT_TRUE(result.evaluation.valid()) << what << " seed " << seed;
  return result.objective_eur;
}

TEST(AllocationDirections, LooseningARuleNeverLowersTheProvenOptimum) {
  const std::vector<Loosening> loosenings = {
      {"ring cap K 2 -> 3", [](Scenario& s) { s.deals.max_ring_parties = 2; },
       [](Scenario& s) { s.deals.max_ring_parties = 3; }},
      {"chain cap L 1 -> 3", [](Scenario& s) { s.deals.max_chain_links = 1; },
       [](Scenario& s) { s.deals.max_chain_links = 3; }},
      {"two-party swaps allowed", [](Scenario& s) { s.deals.two_party_swaps = false; },
       [](Scenario& s) { s.deals.two_party_swaps = true; }},
      {"eligibility organic -> everyone",
       [](Scenario& s) { s.government.eligibility = Eligibility::organic; },
       [](Scenario& s) { s.government.eligibility = Eligibility::everyone; }},
      {"sale of government land allowed", [](Scenario& s) { s.government.sale_allowed = false; },
       [](Scenario& s) { s.government.sale_allowed = true; }},
      {"cap 1 ha -> none", [](Scenario& s) { s.government.max_ha_per_farm = 1.0; },
       [](Scenario& s) { s.government.max_ha_per_farm.reset(); }},
      {"tolerance 0 -> 15 %", [](Scenario& s) { s.defaults.tolerance_pct = 0.0; },
       [](Scenario& s) { s.defaults.tolerance_pct = 15.0; }},
  };
  int strictly_better = 0;
  for (std::uint64_t seed = 5001; seed <= 5040; ++seed) {
    auto base = make_tiny_region(seed, false);
    randomise_allocation(base, seed);
    for (RuleId id : {RuleId::government_land, RuleId::government_caps, RuleId::deal_caps})
      base.scenario.rule(id).mode = RuleMode::hard;
    base.scenario.government.max_share_pct_per_farm.reset();
    for (auto& demand : base.region.demands)
      demand.tolerance_pct.reset();  // let the scenario's tolerance apply
    for (const auto& step : loosenings) {
      auto tight = base, loose = base;
      step.tighten(tight.scenario);
      step.loosen(loose.scenario);
      const double tight_value = proven_optimum(tight, step.what, seed);
      const double loose_value = proven_optimum(loose, step.what, seed);
      EXPECT_GE(loose_value, tight_value - 1e-6) << step.what << ", seed " << seed;
      strictly_better += loose_value > tight_value + 1e-6;
    }
  }
  EXPECT_GE(strictly_better, 15) << "the rules hardly bound: the test shows little";
}

/// A proposal that is valid under `valid_under`, judged again under `judged_under`.
std::vector<Violation> rejudge(const TinyRegion& tiny, const Scenario& judged_under,
                               const std::vector<ProposedTransfer>& transfers) {
  return verify_proposal(tiny.region, tiny.neighbours, judged_under, tiny.as_of, transfers)
      .violations;
}

bool names_rule(const std::vector<Violation>& violations, const std::string& rule) {
  return std::any_of(violations.begin(), violations.end(),
                     [&](const Violation& v) { return v.rule == rule; });
}

// For each rule: find a tiny region whose free optimum breaks it, and check
// that the verifier, judging under the rule, says so by name.
TEST(AllocationVerifier, CatchesAProposalThatBreaksEachRule) {
  struct Case {
    const char* rule;
    std::function<void(Scenario&)> impose;
  };
  const std::vector<Case> cases = {
      {"government_land", [](Scenario& s) { s.government.eligibility = Eligibility::organic; }},
      {"government_land", [](Scenario& s) { s.government.sale_allowed = false; }},
      {"government_caps", [](Scenario& s) { s.government.max_ha_per_farm = 0.5; }},
      {"deal_caps", [](Scenario& s) { s.deals.two_party_swaps = false; }},
  };
  for (const auto& c : cases) {
    bool caught = false;
    for (std::uint64_t seed = 6001; seed <= 8000 && !caught; ++seed) {
      auto tiny = make_tiny_region(seed, false);
      auto cbc = make_cbc_backend();
      const auto free = optimise(tiny.region, tiny.neighbours, tiny.scenario, tiny.as_of, *cbc);
      ASSERT_TRUE(free.call_ok);
      auto judged = tiny.scenario;
      c.impose(judged);
      const auto violations = rejudge(tiny, judged, free.transfers);
      if (violations.empty())
        continue;
      EXPECT_TRUE(names_rule(violations, c.rule))
          << "seed " << seed << ": " << violations.front().rule << " "
          << violations.front().message;
      caught = true;
      // Under the rule the optimiser finds a proposal that keeps it.
      tiny.scenario = judged;
      const auto ruled = optimise(tiny.region, tiny.neighbours, tiny.scenario, tiny.as_of, *cbc);
      ASSERT_TRUE(ruled.call_ok) << ruled.error;
      EXPECT_TRUE(ruled.evaluation.valid()) << c.rule;
      EXPECT_LE(ruled.objective_eur, free.objective_eur + 1e-6) << c.rule;
    }
    EXPECT_TRUE(caught) << "no tiny region's free optimum broke " << c.rule;
  }
}

}  // namespace
}  // namespace landpool::testing
