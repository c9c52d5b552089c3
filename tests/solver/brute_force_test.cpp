// The optimiser (CBC) against brute force on random tiny regions: every way
// the parcels that could move might go is tried, the independent verifier
// judges each, and the best valid value must equal the optimiser's proven
// optimum. The optimiser's own proposal must pass the verifier too.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "solver/model/linear_model.hpp"
#include "solver/model/model_builder.hpp"
#include "solver/optimiser.hpp"
#include "solver/problem/problem.hpp"
#include "solver/tiny_regions.hpp"
#include "solver/verify/verifier.hpp"

namespace landpool::testing {
namespace {

using namespace landpool::solver;

struct BruteForce {
  double best = 0.0;  // nothing proposed is always valid and worth 0
  long valid = 0;
};

/// Tries every assignment of the parcels that might move (offered, or
/// declared exchangeable) to "stays" or any farm with a demand, with every
/// transfer form the verifier could accept.
BruteForce brute_force(const TinyRegion& tiny) {
  const auto& region = tiny.region;
  std::vector<std::string> parcels, farms;
  for (const auto& parcel : region.parcels) {
    const bool offered =
        std::any_of(region.offers.begin(), region.offers.end(),
                    [&](const Offer& o) { return o.parcel_id == parcel.parcel_id; });
    const bool exchangeable =
        std::any_of(region.demands.begin(), region.demands.end(), [&](const Demand& d) {
          if (d.exchange.policy == ExchangeParcels::Policy::all)
            return parcel.user_farm_id == d.farm_id;
          return std::find(d.exchange.parcel_ids.begin(), d.exchange.parcel_ids.end(),
                           parcel.parcel_id) != d.exchange.parcel_ids.end();
        });
    if (offered || exchangeable)
      parcels.push_back(parcel.parcel_id);
  }
  for (const auto& demand : region.demands)
    farms.push_back(demand.farm_id);
  const std::size_t choices = farms.size() + 1;
  std::size_t total = 1;
  for (std::size_t i = 0; i < parcels.size(); ++i)
    total *= choices;

  BruteForce result;
  // Rule 3 judges each transfer alone: the verifier picks each pair's form.
  std::map<std::pair<std::string, std::string>, TransferForm> best_form;
  for (const auto& parcel : parcels) {
    for (const auto& farm : farms) {
      double best_cost = std::numeric_limits<double>::infinity();
      // Forms that change no owner first: among forms the rules judge alike,
      // they are never worse (no transfer tax).
      for (auto form : {TransferForm::lease, TransferForm::lease_exchange, TransferForm::sale,
                        TransferForm::ownership_exchange}) {
        const auto alone = verify_proposal(region, tiny.neighbours, tiny.scenario, tiny.as_of,
                                           {{parcel, farm, form}});
        // Rule 3 and the sale ban of government land depend on the form.
        const bool broken =
            std::any_of(alone.violations.begin(), alone.violations.end(), [](const Violation& v) {
              return v.rule == "offer_conditions" || v.rule == "government_land";
            });
        const double cost = (broken ? 1e12 : 0.0) + alone.penalties_eur;
        if (cost < best_cost) {
          best_cost = cost;
          best_form[{parcel, farm}] = form;
        }
      }
    }
  }
  std::vector<ProposedTransfer> transfers;
  for (std::size_t code = 0; code < total; ++code) {
    transfers.clear();
    std::size_t rest = code;
    for (const auto& parcel : parcels) {
      const std::size_t choice = rest % choices;
      rest /= choices;
      if (choice > 0)
        transfers.push_back({parcel, farms[choice - 1], TransferForm::lease});
    }
    // The form changes nothing but rule 3: take the best form for each pair.
    for (auto& t : transfers)
      t.form = best_form.at({t.parcel_id, t.to_farm_id});
    const auto evaluation =
        verify_proposal(region, tiny.neighbours, tiny.scenario, tiny.as_of, transfers);
    if (!evaluation.valid())
      continue;
    ++result.valid;
    result.best = std::max(result.best, evaluation.objective_eur);
  }
  return result;
}

/// The optimiser's proven optimum equals the brute force's; returns it.
double expect_agreement(const TinyRegion& tiny, std::uint64_t seed) {
  auto cbc = make_cbc_backend();
  const auto result = optimise(tiny.region, tiny.neighbours, tiny.scenario, tiny.as_of, *cbc);
  if (!result.call_ok || result.status != SolveStatus::optimal) {
    ADD_FAILURE() << "seed " << seed << ": " << to_string(result.status) << " " << result.error;
    return 0.0;
  }
  EXPECT_TRUE(result.evaluation.valid()) << "seed " << seed;
  const auto truth = brute_force(tiny);
  EXPECT_NEAR(result.objective_eur, truth.best, 1e-6 * std::max(1.0, std::abs(truth.best)))
      << "seed " << seed << ": optimiser " << result.objective_eur << ", brute force " << truth.best
      << " over " << truth.valid << " valid proposals";
  EXPECT_GE(result.bound_eur + 1e-6, result.objective_eur);
  return result.objective_eur;
}

void expect_agreement(std::uint64_t seed, bool vary_rules) {
  expect_agreement(make_tiny_region(seed, vary_rules), seed);
}

TEST(BruteForceAgreement, OnTwoHundredRandomTinyRegionsWithEveryRuleHard) {
  for (std::uint64_t seed = 1; seed <= 200; ++seed)
    expect_agreement(seed, false);
}

TEST(BruteForceAgreement, OnSixtyRandomTinyRegionsWithRulesHardSoftOrOff) {
  for (std::uint64_t seed = 1001; seed <= 1060; ++seed)
    expect_agreement(seed, true);
}

// A cost per block (parcels less neighbouring pairs) makes parcels that join
// a farm's land worth more than those that lie apart; still exact.
TEST(BruteForceAgreement, ABlockCostOnFortyRandomTinyRegions) {
  for (std::uint64_t seed = 2001; seed <= 2040; ++seed) {
    auto tiny = make_tiny_region(seed, seed % 2 == 0);
    tiny.scenario.weights.block_eur_per_year = 100.0 * static_cast<double>(seed % 7);
    expect_agreement(tiny, seed);
  }
}

// Where the best reallocation is one tangle of farms, tight caps must give the
// best proposal made of small deals (brute force over every proposal, judged by
// the verifier's deal rule), not a tangle cut up after solving.
TEST(BruteForceAgreement, DealCapsBindAndTheCappedOptimumIsStillExact) {
  int binding = 0;
  for (std::uint64_t seed = 3001; seed <= 3200; ++seed) {
    auto tiny = make_tiny_region(seed, false);
    tiny.scenario.deals.max_ring_parties = 2;
    tiny.scenario.deals.max_chain_links = 1;
    const double capped = expect_agreement(tiny, seed);
    tiny.scenario.rule(RuleId::deal_caps).mode = RuleMode::off;
    const double free = expect_agreement(tiny, seed);
    EXPECT_LE(capped, free + 1e-6) << "seed " << seed;
    binding += capped < free - 1e-6;
  }
  EXPECT_GE(binding, 3) << "the caps never bound: the test shows nothing";
}

// A chain cap much looser than the ring cap (K = 2, L = 4): a deal's anchor
// must not be shared by farms of another deal, or by farms that only receive
// pool land, to pass a ring off as a chain.
TEST(BruteForceAgreement, ChainCapMuchLooserThanTheRingCapStaysExact) {
  for (std::uint64_t seed = 7001; seed <= 7060; ++seed) {
    auto tiny = seed % 2 == 0 ? make_exchange_region(seed) : make_tiny_region(seed, false);
    tiny.scenario.deals.max_ring_parties = 2;
    tiny.scenario.deals.max_chain_links = 4;
    tiny.scenario.deals.two_party_swaps = true;
    expect_agreement(tiny, seed);
  }
}

TEST(BruteForceAgreement, AllocationRulesOnEightyRandomTinyRegions) {
  int government_moves = 0, changed = 0;
  for (std::uint64_t seed = 4001; seed <= 4080; ++seed) {
    auto tiny = make_tiny_region(seed, false);
    auto cbc_plain = make_cbc_backend();
    const double plain =
        optimise(tiny.region, tiny.neighbours, tiny.scenario, tiny.as_of, *cbc_plain).objective_eur;
    randomise_allocation(tiny, seed);
    auto cbc = make_cbc_backend();
    const auto result = optimise(tiny.region, tiny.neighbours, tiny.scenario, tiny.as_of, *cbc);
    for (const auto& t : result.transfers)
      government_moves += std::any_of(
          tiny.region.offers.begin(), tiny.region.offers.end(),
          [&](const Offer& o) { return o.parcel_id == t.parcel_id && o.owner_id == "GOV"; });
    changed += std::abs(expect_agreement(tiny, seed) - plain) > 1e-6;
  }
  EXPECT_GE(government_moves, 10) << "government land hardly moved: the rules were not exercised";
  EXPECT_GE(changed, 20) << "the rules rarely changed the optimum: the test shows little";
}

// The transfer tax depends on the deal: a kavelruil (three owners bring land
// in, two receive) pays none, any other change of owner pays. Regions made
// for exchanges between owners: the optimum, tax included, must equal the
// brute force's, and both kinds of optimum must occur.
TEST(BruteForceAgreement, TransferTaxAndKavelruilOnSixtyExchangeRegions) {
  int exempt = 0, taxed = 0;
  for (std::uint64_t seed = 6001; seed <= 6060; ++seed) {
    const auto tiny = make_exchange_region(seed);
    auto cbc = make_cbc_backend();
    const auto result = optimise(tiny.region, tiny.neighbours, tiny.scenario, tiny.as_of, *cbc);
    expect_agreement(tiny, seed);
    double tax_if_all_paid = 0.0;
    for (const auto& t : result.transfers) {
      const auto& parcel =
          *std::find_if(tiny.region.parcels.begin(), tiny.region.parcels.end(),
                        [&](const Parcel& p) { return p.parcel_id == t.parcel_id; });
      if ((t.form == TransferForm::sale || t.form == TransferForm::ownership_exchange) &&
          parcel.owner_id != "O" + t.to_farm_id)
        tax_if_all_paid += tiny.scenario.deals.transfer_tax_pct / 100.0 * parcel.area_ha *
                           *parcel.value_eur_per_ha;
    }
    const double tax = -result.evaluation.terms_eur.at("transfer_tax");
    exempt += tax < tax_if_all_paid - 1e-6 ? 1 : 0;
    taxed += tax > 1e-6 ? 1 : 0;
  }
  EXPECT_GE(exempt, 5) << "no optimum was a kavelruil: the exemption was not exercised";
  EXPECT_GE(taxed, 5) << "no optimum paid the tax: the charge was not exercised";
}

TEST(BruteForceBackend, AgreesWithCbcOnTheModelItself) {
  int compared = 0;
  for (std::uint64_t seed = 2001; seed <= 2040; ++seed) {
    const auto tiny = make_tiny_region(seed, false, 4);
    const auto problem = build_problem(tiny.region, tiny.neighbours, tiny.scenario, tiny.as_of);
    const auto built = build_model(problem, BuildOptions{true});
    // The brute force enumerates binary columns only (deal flows are continuous).
    const bool binary = std::all_of(built.model.columns.begin(), built.model.columns.end(),
                                    [](const auto& c) { return c.integer && c.upper <= 1.0; });
    if (built.model.columns.size() > 22 || !binary)
      continue;
    ++compared;
    SolveSettings settings;
    settings.relative_gap = 0.0;
    const auto exact = make_brute_force_backend()->solve(built.model, settings);
    const auto cbc = make_cbc_backend()->solve(built.model, settings);
    ASSERT_TRUE(exact.call_ok && cbc.call_ok) << exact.error << cbc.error;
    EXPECT_NEAR(cbc.objective, exact.objective, 1e-6 * std::max(1.0, std::abs(exact.objective)))
        << "seed " << seed;
  }
  EXPECT_GE(compared, 20) << "too few models small enough to enumerate";
}

// The work CBC reports (simplex iterations, nodes) is what a work limit can
// rest on: spent, and the same on every run of the same model.
TEST(CbcBackend, ReportsTheSameWorkOnEveryRun) {
  LinearModel knapsack;
  std::vector<std::pair<int, double>> weights;
  for (int i = 0; i < 14; ++i) {
    const int x = knapsack.add_binary("x[" + std::to_string(i) + "]", 10.0 + (7 * i) % 11);
    weights.emplace_back(x, 3.0 + (5 * i) % 7);
  }
  knapsack.add_row("capacity", weights, -kInfinity, 31.5);
  SolveSettings settings;
  settings.relative_gap = 0.0;
  settings.log_progress = false;
  const auto first = make_cbc_backend()->solve(knapsack, settings);
  const auto second = make_cbc_backend()->solve(knapsack, settings);
  ASSERT_TRUE(first.call_ok && second.call_ok) << first.error << second.error;
  EXPECT_EQ(first.status, SolveStatus::optimal);
  EXPECT_GT(first.iterations, 0);
  EXPECT_EQ(second.iterations, first.iterations);
  EXPECT_EQ(second.nodes, first.nodes);
  const auto exact = make_brute_force_backend()->solve(knapsack, settings);
  EXPECT_NEAR(first.objective, exact.objective, 1e-6);
}

}  // namespace
}  // namespace landpool::testing
