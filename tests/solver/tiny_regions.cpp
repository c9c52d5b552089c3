#include "solver/tiny_regions.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <random>

#include <gtest/gtest.h>

#include <spdlog/fmt/fmt.h>

#include "core/date.hpp"
#include "generator/region_generator.hpp"
#include "importers/scenario_reader.hpp"
#include "solver/model/linear_model.hpp"
#include "solver/search/construction.hpp"
#include "solver/search/first_exchanges.hpp"
#include "workflow/region_import.hpp"

namespace landpool::testing {
namespace {

class Dice {
 public:
  explicit Dice(std::uint64_t seed) : engine_(seed) {}
  int integer(int low, int high) {
    return low + static_cast<int>(engine_() % static_cast<std::uint64_t>(high - low + 1));
  }
  double real(double low, double high) {
    return low + (high - low) * static_cast<double>(engine_() >> 11) * 0x1.0p-53;
  }
  bool chance(double p) { return real(0.0, 1.0) < p; }

 private:
  std::mt19937_64 engine_;
};

/// Neighbour pairs ordered as the store keeps them (parcel_a < parcel_b as
/// strings), and solver settings that prove the optimum exactly.
void finish_tiny_region(TinyRegion& tiny) {
  for (auto& pair : tiny.neighbours) {
    if (pair.parcel_b < pair.parcel_a)
      std::swap(pair.parcel_a, pair.parcel_b);
  }
  tiny.scenario.solver.time_limit_s = 30.0;
  tiny.scenario.solver.relative_gap = 0.0;
  tiny.scenario.solver.threads = 1;
}

}  // namespace

TinyRegion make_tiny_region(std::uint64_t seed, bool vary_rules, int max_movable) {
  Dice dice(seed * 7919 + 17);
  TinyRegion tiny;
  tiny.as_of = *parse_iso_date("2026-10-01");
  auto& r = tiny.region;
  const int farms = dice.integer(2, 4);
  for (int f = 0; f < farms; ++f) {
    Farm farm;
    farm.farm_id = fmt::format("F{}", f);
    farm.name = farm.farm_id;
    const int status = dice.integer(0, 2);
    farm.organic_status = status == 0   ? OrganicStatus::organic
                          : status == 1 ? OrganicStatus::converting
                                        : OrganicStatus::conventional;
    farm.farmstead = {120000.0 + dice.real(-1500, 1500), 490000.0 + dice.real(-1500, 1500)};
    r.farms.push_back(farm);
    r.owners.push_back(
        {"O" + farm.farm_id, "owner of " + farm.farm_id, OwnerKind::farmer, farm.farm_id});
  }
  r.owners.push_back({"GOV", "Gemeente", OwnerKind::government, {}});
  r.owners.push_back({"PRIV", "Private", OwnerKind::private_person, {}});

  // Parcels on a grid of 150 m cells around the farms; neighbours share 150 m.
  const int columns = 4;
  const int parcels = dice.integer(4, 9);
  int movable = 0;
  for (int p = 0; p < parcels; ++p) {
    Parcel parcel;
    parcel.parcel_id = fmt::format("P{}", p);
    parcel.area_ha = std::round(dice.real(0.5, 4.0) * 10.0) / 10.0;
    parcel.centroid = {119700.0 + 150.0 * (p % columns), 489800.0 + 150.0 * (p / columns)};
    parcel.soil = Soil::clay;
    parcel.value_eur_per_ha = 50000.0 + 1000.0 * dice.integer(0, 40);
    parcel.land_use = dice.chance(0.15) ? LandUse::perennial : LandUse::arable;
    const int status = dice.integer(0, 2);
    parcel.organic_status = status == 0   ? OrganicStatus::organic
                            : status == 1 ? OrganicStatus::converting
                                          : OrganicStatus::conventional;
    if (parcel.organic_status == OrganicStatus::converting)
      parcel.converting_since = *parse_iso_date("2025-06-01");
    const bool used = dice.chance(0.75);
    if (used) {
      const auto& farm = r.farms[static_cast<std::size_t>(dice.integer(0, farms - 1))];
      parcel.user_farm_id = farm.farm_id;
      parcel.owner_id = dice.chance(0.6) ? "O" + farm.farm_id : "PRIV";
    } else {
      parcel.owner_id = dice.chance(0.5) ? "GOV" : "PRIV";
    }
    // Pool land: unused parcels, and some used ones whose lease ends.
    if (movable < max_movable && (!used || dice.chance(0.2))) {
      Offer offer;
      offer.parcel_id = parcel.parcel_id;
      offer.owner_id = parcel.owner_id;
      const int modes = dice.integer(1, 7);
      if (modes & 1)
        offer.modes.insert(OfferMode::lease);
      if (modes & 2)
        offer.modes.insert(OfferMode::sale);
      if (modes & 4)
        offer.modes.insert(OfferMode::exchange);
      offer.available_from = add_months(tiny.as_of, dice.integer(0, 30));
      offer.lease_years_max = 6;
      offer.organic_only = dice.chance(0.3);
      if (used && parcel.owner_id == "PRIV") {
        r.leases.push_back({parcel.parcel_id, *parcel.user_farm_id, *parse_iso_date("2020-01-01"),
                            add_months(tiny.as_of, dice.integer(1, 30)), LeaseKind::short_term,
                            800.0});
      }
      if (used && parcel.owner_id != "PRIV")
        parcel.owner_id = "GOV", offer.owner_id = "GOV";
      r.offers.push_back(offer);
      ++movable;
    } else if (used && parcel.owner_id == "PRIV") {
      r.leases.push_back({parcel.parcel_id, *parcel.user_farm_id, *parse_iso_date("2021-01-01"),
                          std::nullopt, LeaseKind::regular, 700.0});
    }
    r.parcels.push_back(parcel);
  }
  // Demands: most farms; exchange parcels only while the movable budget lasts.
  for (const auto& farm : r.farms) {
    if (dice.chance(0.2))
      continue;
    Demand demand;
    demand.farm_id = farm.farm_id;
    demand.wants_min_ha = dice.chance(0.4) ? 0.0 : std::round(dice.real(0.0, 3.0));
    demand.wants_max_ha = demand.wants_min_ha + std::round(dice.real(0.0, 8.0));
    demand.max_distance_km = dice.real(1.0, 4.0);
    demand.modes = DemandModes{};
    const int modes = dice.integer(1, 7);
    if (modes & 1)
      demand.modes.insert(DemandMode::lease);
    if (modes & 2)
      demand.modes.insert(DemandMode::buy);
    if (modes & 4)
      demand.modes.insert(DemandMode::exchange);
    demand.tolerance_pct = dice.chance(0.5) ? 10.0 : 40.0;
    demand.max_partners = dice.integer(1, 3);
    demand.converts = farm.organic_status == OrganicStatus::conventional && dice.chance(0.4);
    demand.exchange.policy = ExchangeParcels::Policy::listed;
    // Sometimes "all": every parcel the farm uses that is not pool land.
    std::vector<std::string> own;
    for (const auto& parcel : r.parcels) {
      const bool offered = std::any_of(r.offers.begin(), r.offers.end(), [&](const Offer& o) {
        return o.parcel_id == parcel.parcel_id;
      });
      if (parcel.user_farm_id == farm.farm_id && !offered)
        own.push_back(parcel.parcel_id);
    }
    if (!own.empty() && movable + static_cast<int>(own.size()) <= max_movable && dice.chance(0.3)) {
      demand.exchange.policy = ExchangeParcels::Policy::all;
      movable += static_cast<int>(own.size());
      r.demands.push_back(demand);
      continue;
    }
    for (const auto& parcel : r.parcels) {
      const bool offered = std::any_of(r.offers.begin(), r.offers.end(), [&](const Offer& o) {
        return o.parcel_id == parcel.parcel_id;
      });
      if (parcel.user_farm_id == farm.farm_id && !offered && movable < max_movable &&
          dice.chance(0.5)) {
        demand.exchange.parcel_ids.push_back(parcel.parcel_id);
        ++movable;
      }
    }
    if (demand.exchange.parcel_ids.empty())
      demand.exchange.policy = ExchangeParcels::Policy::none;
    r.demands.push_back(demand);
  }
  for (int p = 0; p < parcels; ++p) {
    for (int q = p + 1; q < parcels; ++q) {
      const bool right = q == p + 1 && p % columns != columns - 1;
      const bool above = q == p + columns;
      if (!right && !above)
        continue;
      tiny.neighbours.push_back({fmt::format("P{}", p), fmt::format("P{}", q), 150.0, 3.0, false});
    }
  }
  finish_tiny_region(tiny);
  // Caps that bind in regions of a few farms: rings of 2 or 3, chains of 0 to 3 links.
  tiny.scenario.deals.max_ring_parties = dice.integer(2, 3);
  tiny.scenario.deals.max_chain_links = dice.integer(0, 3);
  if (vary_rules) {
    for (std::size_t rule = 1; rule < tiny.scenario.rules.size(); ++rule) {
      const int mode = dice.integer(0, 2);
      tiny.scenario.rules[rule].mode = mode == 0   ? RuleMode::hard
                                       : mode == 1 ? RuleMode::penalty
                                                   : RuleMode::off;
      tiny.scenario.rules[rule].penalty_eur = 50.0 * dice.integer(1, 40);
    }
  }
  return tiny;
}

TinyRegion make_exchange_region(std::uint64_t seed) {
  Dice dice(seed * 104729 + 7);
  TinyRegion tiny;
  tiny.as_of = *parse_iso_date("2026-10-01");
  auto& r = tiny.region;
  const int farms = dice.chance(0.7) ? 3 : 4;
  const double pi = std::acos(-1.0);
  std::vector<PointRd> farmstead;
  for (int f = 0; f < farms; ++f) {
    Farm farm;
    farm.farm_id = fmt::format("F{}", f);
    farm.name = farm.farm_id;
    farm.organic_status = dice.chance(0.8) ? OrganicStatus::organic : OrganicStatus::conventional;
    const double angle = 2.0 * pi * f / farms + dice.real(-0.2, 0.2);
    farm.farmstead = {120000.0 + 700.0 * std::cos(angle), 490000.0 + 700.0 * std::sin(angle)};
    farmstead.push_back(farm.farmstead);
    r.farms.push_back(farm);
    r.owners.push_back(
        {"O" + farm.farm_id, "owner of " + farm.farm_id, OwnerKind::farmer, farm.farm_id});
  }
  r.owners.push_back({"PRIV", "Private", OwnerKind::private_person, {}});

  // Per farm: a home parcel at its farmstead, and next to it one or two
  // parcels another farm uses (at most six that may move).
  std::vector<std::vector<std::string>> far_parcels(static_cast<std::size_t>(farms));
  int movable = 0;
  auto add_parcel = [&](const PointRd& at, const std::string& user, const std::string& owner) {
    Parcel parcel;
    parcel.parcel_id = fmt::format("P{}", r.parcels.size());
    parcel.area_ha = std::round(dice.real(1.0, 3.0) * 10.0) / 10.0;
    parcel.centroid = at;
    parcel.soil = Soil::clay;
    parcel.value_eur_per_ha = 50000.0 + 1000.0 * dice.integer(0, 40);
    parcel.land_use = LandUse::arable;
    parcel.organic_status = dice.chance(0.8) ? OrganicStatus::organic : OrganicStatus::conventional;
    if (!user.empty())
      parcel.user_farm_id = user;
    parcel.owner_id = owner;
    r.parcels.push_back(parcel);
    return parcel.parcel_id;
  };
  for (int f = 0; f < farms; ++f) {
    const auto& at = farmstead[static_cast<std::size_t>(f)];
    const std::string home = add_parcel(at, fmt::format("F{}", f), fmt::format("OF{}", f));
    const int extra = std::min(dice.integer(1, 2), 6 - movable - (farms - 1 - f));
    for (int k = 0; k < extra; ++k) {
      const int user = (f + dice.integer(1, farms - 1)) % farms;
      const std::string user_id = fmt::format("F{}", user);
      const bool owned = dice.chance(0.85);
      const std::string id =
          add_parcel({at.x_m + 150.0 * (k + 1), at.y_m}, user_id, owned ? "O" + user_id : "PRIV");
      if (!owned)
        r.leases.push_back(
            {id, user_id, *parse_iso_date("2021-01-01"), std::nullopt, LeaseKind::regular, 700.0});
      far_parcels[static_cast<std::size_t>(user)].push_back(id);
      tiny.neighbours.push_back({home, id, 150.0, 3.0, false});
      if (k > 0)
        tiny.neighbours.push_back(
            {r.parcels[r.parcels.size() - 2].parcel_id, id, 150.0, 3.0, false});
      ++movable;
    }
  }
  // Sometimes a parcel for sale next to a farmstead (one more owner to bring land in).
  if (movable < 6 && dice.chance(0.5)) {
    const auto& at = farmstead[static_cast<std::size_t>(dice.integer(0, farms - 1))];
    Offer offer;
    offer.parcel_id = add_parcel({at.x_m, at.y_m - 150.0}, "", "PRIV");
    offer.owner_id = "PRIV";
    offer.modes.insert(OfferMode::sale);
    if (dice.chance(0.3))
      offer.modes.insert(OfferMode::lease);
    offer.available_from = tiny.as_of;
    r.offers.push_back(offer);
  }
  for (int f = 0; f < farms; ++f) {
    Demand demand;
    demand.farm_id = fmt::format("F{}", f);
    demand.wants_min_ha = 0.0;
    demand.wants_max_ha = std::round(dice.real(0.0, 2.0));
    demand.max_distance_km = 5.0;
    demand.modes = DemandModes{};
    demand.modes.insert(DemandMode::exchange);
    if (dice.chance(0.85))
      demand.modes.insert(DemandMode::buy);
    if (dice.chance(0.5))
      demand.modes.insert(DemandMode::lease);
    demand.tolerance_pct = dice.chance(0.5) ? 60.0 : 100.0;
    demand.max_partners = dice.integer(2, 3);
    demand.exchange.policy = ExchangeParcels::Policy::listed;
    demand.exchange.parcel_ids = far_parcels[static_cast<std::size_t>(f)];
    if (demand.exchange.parcel_ids.empty())
      demand.exchange.policy = ExchangeParcels::Policy::none;
    r.demands.push_back(demand);
  }
  finish_tiny_region(tiny);
  const double tax_pct[] = {0.5, 1.0, 2.0, 10.4};
  tiny.scenario.deals.transfer_tax_pct = tax_pct[dice.integer(0, 3)];
  tiny.scenario.deals.max_ring_parties = dice.integer(2, 4);
  tiny.scenario.deals.max_chain_links = dice.integer(1, 4);
  tiny.scenario.deals.two_party_swaps =
      tiny.scenario.deals.max_ring_parties < 3 || dice.chance(0.8);
  return tiny;
}

/// Random allocation rules of a municipality on a tiny region: eligibility,
/// sale ban, caps, priority groups, a cluster zone, owner-paid conversion and
/// the two-party swap ban, each rule hard or a penalty.
void randomise_allocation(TinyRegion& tiny, std::uint64_t seed) {
  std::mt19937_64 dice(seed);
  auto integer = [&](int low, int high) {
    return std::uniform_int_distribution<int>(low, high)(dice);
  };
  auto& g = tiny.scenario.government;
  g.eligibility = static_cast<Eligibility>(integer(0, 3));
  g.sale_allowed = integer(0, 1) == 1;
  if (integer(0, 1) == 1)
    g.max_ha_per_farm = 0.5 * integer(1, 8);
  if (integer(0, 2) == 0)
    g.max_share_pct_per_farm = 10.0 * integer(2, 9);
  g.pays_conversion = integer(0, 1) == 1;
  for (int group = 0; group < 4; ++group) {
    if (integer(0, 1) == 1)
      g.priorities.push_back({static_cast<PriorityGroup>(group), 500.0 * integer(1, 6),
                              0.1 * integer(1, 20), 25.0 * integer(1, 4)});
  }
  for (auto& demand : tiny.region.demands)
    demand.young_farmer = integer(0, 2) == 0;
  if (integer(0, 3) > 0) {
    const auto& centre = tiny.region
                             .parcels[static_cast<std::size_t>(
                                 integer(0, static_cast<int>(tiny.region.parcels.size()) - 1))]
                             .centroid;
    tiny.scenario.cluster_zone.centre = centre;
    tiny.scenario.cluster_zone.radius_m = 100.0 * integer(1, 5);
    tiny.scenario.cluster_zone.organic_bonus_eur_per_ha = 1000.0 * integer(0, 8);
  }
  tiny.scenario.deals.two_party_swaps = integer(0, 1) == 1;
  for (RuleId id : {RuleId::government_land, RuleId::government_caps, RuleId::deal_caps}) {
    auto& rule = tiny.scenario.rule(id);
    rule.mode = integer(0, 2) == 0 ? RuleMode::penalty : RuleMode::hard;
    rule.penalty_eur = 200.0 * integer(1, 20);
  }
}

namespace {

/// The generator's region for `options` (as of 2026-10-01) with its
/// neighbour pairs and the default scenario.
TinyRegion generated_region(generator::GenerateOptions options) {
  options.as_of = *parse_iso_date("2026-10-01");
  TinyRegion generated{generator::generate_region(options).region, {}, Scenario{}, options.as_of};
  AdjacencySummary summary;
  generated.neighbours = compute_neighbours(generated.region, {}, geo::AdjacencyOptions{}, summary);
  return generated;
}

}  // namespace

TinyRegion make_generated_region(std::uint64_t seed, long parcels, bool consolidation) {
  generator::GenerateOptions options;
  options.preset = "harenkarspel";
  options.seed = seed;
  options.parcels = parcels;
  options.consolidation = consolidation;
  return generated_region(options);
}

TinyRegion make_pilot_like_consolidation(std::uint64_t seed, long parcels) {
  generator::GenerateOptions options;
  options.preset = "polder-1k";
  options.seed = seed;
  options.parcels = parcels;
  options.farm_size_factor = 3.6;
  options.consolidation = true;
  return generated_region(options);
}

Scenario consolidation_scenario() {
  Diagnostics diagnostics;
  const auto scenario = read_scenario_file(
      std::filesystem::path(LANDPOOL_SOURCE_DIR) / "scenarios/consolidation.toml", diagnostics);
  EXPECT_TRUE(scenario.has_value());
  return scenario.value_or(Scenario{});
}

GeneratedConsolidation::GeneratedConsolidation(long parcels)
    : generated(make_generated_region(3, parcels, true)),
      scenario(consolidation_scenario()),
      problem(
          solver::build_problem(generated.region, generated.neighbours, scenario, generated.as_of)),
      built(solver::build_model(problem)),
      exchanged(solver::start_values(
          problem, built,
          solver::add_exchanges(problem, generated.neighbours,
                                solver::construct_proposal(problem, built), 2000,
                                std::chrono::steady_clock::now() + std::chrono::hours(1)))) {}

void all_rules_as_penalties(Scenario& scenario, double penalty_eur) {
  for (std::size_t rule = 1; rule < scenario.rules.size(); ++rule) {
    scenario.rules[rule].mode = RuleMode::penalty;
    scenario.rules[rule].penalty_eur = penalty_eur;
  }
}

std::vector<std::size_t> random_choices(const solver::Problem& problem, std::mt19937_64& random) {
  std::vector<std::vector<std::size_t>> candidates_of(problem.parcels.size());
  for (std::size_t c = 0; c < problem.candidates.size(); ++c)
    candidates_of[problem.candidates[c].parcel].push_back(c);
  std::vector<std::size_t> chosen;
  for (const auto& candidates : candidates_of) {
    const std::size_t pick = random() % (candidates.size() + 1);
    if (pick < candidates.size())
      chosen.push_back(candidates[pick]);
  }
  return chosen;
}

void for_each_solved_tiny_region(
    std::uint64_t count, const std::function<void(std::uint64_t, const solver::Problem&,
                                                  const solver::BuiltModel&, double)>& check) {
  auto cbc = solver::make_cbc_backend();
  for (std::uint64_t seed = 1; seed <= count; ++seed) {
    const auto tiny =
        seed % 3 == 0 ? make_exchange_region(seed) : make_tiny_region(seed, seed % 2 == 0);
    const auto problem =
        solver::build_problem(tiny.region, tiny.neighbours, tiny.scenario, tiny.as_of);
    const auto built = solver::build_model(problem);
    solver::SolveSettings settings;
    settings.relative_gap = 0.0;
    const auto optimum = cbc->solve(built.model, settings);
    if (!optimum.call_ok || optimum.status != solver::SolveStatus::optimal) {
      ADD_FAILURE() << "seed " << seed << ": CBC proved no optimum";
      continue;
    }
    check(seed, problem, built, optimum.objective);
  }
}

}  // namespace landpool::testing
