#pragma once
// Random tiny regions for cross-checking the optimiser against brute force:
// a few farms and at most `max_movable` parcels that could move.

#include <cstdint>
#include <functional>
#include <random>
#include <vector>

#include "core/parcel_geometry.hpp"
#include "core/region.hpp"
#include "core/scenario.hpp"
#include "solver/model/model_builder.hpp"
#include "solver/problem/problem.hpp"

namespace landpool::testing {

struct TinyRegion {
  Region region;
  std::vector<ParcelNeighbours> neighbours;
  Scenario scenario;
  Date as_of;
};

/// Region number `seed`; with `vary_rules`, each rule is hard, a penalty or off at random.
TinyRegion make_tiny_region(std::uint64_t seed, bool vary_rules, int max_movable = 6);

/// A tiny region made for exchanges: three or four farms on a ring, each
/// farming parcels next to another farm's farmstead (mostly its own
/// property), sometimes a parcel for sale; farms want to own what they get,
/// and the transfer tax is drawn low enough that some two-owner swaps still
/// pay. Rings of three owners are kavelruil deals; swaps of two pay the tax.
TinyRegion make_exchange_region(std::uint64_t seed);

/// Regions 1..`count` of the mixed set the bound tests check (every third
/// an exchange region, the others with rules varied on every other seed),
/// each with its model and CBC's proven optimum (a failed test where CBC
/// proves none): `check(seed, problem, built, optimum_eur)`.
void for_each_solved_tiny_region(
    std::uint64_t count, const std::function<void(std::uint64_t, const solver::Problem&,
                                                  const solver::BuiltModel&, double)>& check);

/// A region from the generator (`parcels` parcels of preset harenkarspel,
/// as of 2026-10-01) with its neighbour pairs and the default scenario, for
/// tests that need more than a tiny region.
TinyRegion make_generated_region(std::uint64_t seed, long parcels, bool consolidation = false);
/// A consolidation with farms the size of the Galician pilot's, as
/// `landpool generate region --preset polder-1k --farm-size-factor 3.6
/// --consolidation` makes it.
TinyRegion make_pilot_like_consolidation(std::uint64_t seed, long parcels);

/// The shipped scenarios/consolidation.toml (a failed test when it cannot be read).
Scenario consolidation_scenario();

/// A generated consolidation (`parcels` parcels, region 3, every farm
/// exchanging, net area 0 within 10 %) with its model and the exchange
/// search's proposal; built in place (the problem points into the region).
struct GeneratedConsolidation {
  explicit GeneratedConsolidation(long parcels);
  GeneratedConsolidation(const GeneratedConsolidation&) = delete;
  GeneratedConsolidation& operator=(const GeneratedConsolidation&) = delete;

  TinyRegion generated;
  Scenario scenario;
  solver::Problem problem;
  solver::BuiltModel built;
  std::vector<double> exchanged;  ///< the exchange search's proposal, as model values
};

/// Random allocation rules of a municipality (eligibility, sale ban, caps,
/// priority groups, cluster zone, owner-paid conversion, two-party swap ban),
/// each rule hard or a penalty; young farmers drawn among the demands.
void randomise_allocation(TinyRegion& tiny, std::uint64_t seed);

/// Every rule but "who may move" (always hard) in penalty mode at `penalty_eur`.
void all_rules_as_penalties(Scenario& scenario, double penalty_eur);

/// A random proposal: each movable parcel to one of its candidates or to
/// nobody, as indices into `problem.candidates`.
std::vector<std::size_t> random_choices(const solver::Problem& problem, std::mt19937_64& random);

}  // namespace landpool::testing
