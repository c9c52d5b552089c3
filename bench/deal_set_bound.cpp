#include "bench/deal_set_bound.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <set>
#include <stdexcept>
#include <string>

#include <spdlog/fmt/fmt.h>

#include "solver/search/free_columns.hpp"

namespace landpool::bench {
namespace {

using namespace landpool::solver;

/// Connected farm sets of the exchange graph of at most `most` farms, each once.
std::vector<std::vector<std::size_t>> connected_sets(
    const std::vector<std::set<std::size_t>>& neighbours, std::size_t most) {
  std::set<std::vector<std::size_t>> seen;
  std::vector<std::vector<std::size_t>> frontier;
  for (std::size_t f = 0; f < neighbours.size(); ++f)
    frontier.push_back({f});
  seen.insert(frontier.begin(), frontier.end());
  while (!frontier.empty()) {
    std::vector<std::vector<std::size_t>> next;
    for (const auto& set : frontier) {
      for (std::size_t f : set) {
        for (std::size_t g : neighbours[f]) {
          if (set.size() >= most || std::binary_search(set.begin(), set.end(), g))
            continue;
          auto grown = set;
          grown.insert(std::upper_bound(grown.begin(), grown.end(), g), g);
          if (seen.insert(grown).second)
            next.push_back(std::move(grown));
        }
      }
    }
    frontier = std::move(next);
  }
  return {seen.begin(), seen.end()};
}

/// A farm set's sub-model with its boundary credits, its objective before
/// the pool prices, and the pool parcel each of its columns chooses (or -1).
struct SetModel {
  std::vector<std::size_t> farms;
  RestrictedModel restricted;
  std::vector<double> base_objective;
  std::vector<int> pool_parcel;
  bool priced = false;  ///< has pool land, so its value moves with sigma
  double value = 0.0;   ///< at the latest sigma: the sub-MIP's bound less "nothing proposed"
  std::vector<double> solution;
};

/// The region's model and what every set shares.
struct WholeModel {
  const solver::Problem& problem;
  const BuiltModel& built;
  std::vector<double> nothing;  ///< "nothing proposed"
  double nothing_eur = 0.0;     ///< its objective
  /// Per column of a choice: its pool parcel (else -1), its receiving farm
  /// and its giving farm (-1 for pool land); -1 for other columns.
  std::vector<int> pool_parcel_of_column, receiver_of_column, giver_of_column;
  std::vector<bool> is_auxiliary;
  /// An organic boundary whose sides share their state today (others cannot
  /// add more together than apart): its sides' net terms and states today,
  /// and half the most two deals' changes of it can add together.
  struct OrganicBoundary {
    std::vector<std::pair<int, double>> side[2];
    double today[2] = {0.0, 0.0};
    double half_interaction_eur = 0.0;
  };
  std::vector<OrganicBoundary> organic_boundaries;
};

/// `e`'s terms with those of one column merged and zero ones dropped (an
/// organic exchange parcel's state names each organic receiver twice, +1
/// and -1).
std::vector<std::pair<int, double>> net_terms(const Expression& e) {
  std::map<int, double> net;
  for (const auto& [column, coefficient] : e.terms)
    net[column] += coefficient;
  std::vector<std::pair<int, double>> terms;
  for (const auto& [column, coefficient] : net) {
    if (std::abs(coefficient) > 1e-12)
      terms.emplace_back(column, coefficient);
  }
  return terms;
}

/// Whether choice column `j` may be set by a deal of farms outside `in_set`:
/// its receiver is outside, and so is its giver (or it is pool land).
bool settable_elsewhere(const WholeModel& whole, const std::vector<bool>& in_set, int j) {
  const auto column = static_cast<std::size_t>(j);
  const int receiver = whole.receiver_of_column[column];
  const int giver = whole.giver_of_column[column];
  return receiver >= 0 && !in_set[static_cast<std::size_t>(receiver)] &&
         (giver < 0 || !in_set[static_cast<std::size_t>(giver)]);
}

/// Half the most two deals' changes of an organic boundary can add
/// together, to each side that changes in `set` while the other side may
/// change in another deal (settable_elsewhere). Returns the sides credited.
long credit_organic_boundaries(const WholeModel& whole, const std::vector<bool>& is_free,
                               const std::vector<bool>& in_set,
                               const std::vector<int>& restricted_of, SetModel& set) {
  long credits = 0;
  for (const auto& boundary : whole.organic_boundaries) {
    for (int side = 0; side < 2; ++side) {
      const auto& own = boundary.side[side];
      const auto& other = boundary.side[1 - side];
      const bool changes_here = std::any_of(own.begin(), own.end(), [&](const auto& term) {
        return static_cast<bool>(is_free[static_cast<std::size_t>(term.first)]);
      });
      const bool changes_elsewhere = std::any_of(other.begin(), other.end(), [&](const auto& term) {
        return settable_elsewhere(whole, in_set, term.first);
      });
      if (!changes_here || !changes_elsewhere)
        continue;
      const double sign = boundary.today[side] < 0.5 ? 1.0 : -1.0;  // the change from today
      for (const auto& [column, coefficient] : own) {
        const int k = restricted_of[static_cast<std::size_t>(column)];
        if (k < 0)
          continue;
        const double c = boundary.half_interaction_eur * sign * coefficient;
        set.restricted.model.columns[static_cast<std::size_t>(k)].objective += c;
        set.restricted.model.objective_offset -=
            c * whole.nothing[static_cast<std::size_t>(column)];
      }
      ++credits;
    }
  }
  return credits;
}

/// The columns a deal of `farms` may set: the neighbourhood search's
/// (FreeColumns), and every other column that is neither a choice nor a
/// boundary auxiliary and concerns one of them (partners, deal structure,
/// tax tagged with an owner outside the set). More freedom than a deal
/// needs only loosens the bound; less would break it.
std::vector<bool> free_for_set(const WholeModel& whole, const FreeColumns& free_columns,
                               const std::vector<std::size_t>& farms,
                               const std::vector<bool>& in_set) {
  auto is_free = free_columns.of(farms, whole.nothing);
  for (std::size_t j = 0; j < is_free.size(); ++j) {
    if (is_free[j] || whole.receiver_of_column[j] >= 0 || whole.is_auxiliary[j])
      continue;
    const auto concerned = whole.built.column_farms.of(j);
    is_free[j] =
        std::any_of(concerned.begin(), concerned.end(), [&](std::uint32_t f) { return in_set[f]; });
  }
  return is_free;
}

/// Each set's sub-model, with its boundary credits where `credit`; adds the
/// sides credited to `credits`.
std::vector<SetModel> set_models(const WholeModel& whole,
                                 const std::vector<std::vector<std::size_t>>& sets, bool credit,
                                 long& credits) {
  const FreeColumns free_columns(whole.problem, whole.built);
  std::vector<SetModel> models;
  for (const auto& farms : sets) {
    std::vector<bool> in_set(whole.problem.farms.size(), false);
    for (std::size_t f : farms)
      in_set[f] = true;
    const auto is_free = free_for_set(whole, free_columns, farms, in_set);
    SetModel set{
        farms, restrict_model(whole.built.model, is_free, whole.nothing), {}, {}, false, 0.0, {}};
    std::vector<int> restricted_of(whole.built.model.columns.size(), -1);
    for (std::size_t k = 0; k < set.restricted.original.size(); ++k)
      restricted_of[static_cast<std::size_t>(set.restricted.original[k])] = static_cast<int>(k);
    if (credit)
      credits += credit_organic_boundaries(whole, is_free, in_set, restricted_of, set);
    for (std::size_t k = 0; k < set.restricted.original.size(); ++k) {
      const auto original = static_cast<std::size_t>(set.restricted.original[k]);
      set.base_objective.push_back(set.restricted.model.columns[k].objective);
      set.pool_parcel.push_back(whole.pool_parcel_of_column[original]);
      set.priced = set.priced || set.pool_parcel.back() >= 0;
    }
    models.push_back(std::move(set));
  }
  return models;
}

/// The set's value at `sigma`: CBC's bound on its sub-MIP, less "nothing
/// proposed". False where CBC stopped at its time limit.
bool price_set(const WholeModel& whole, const std::vector<double>& sigma,
               const DealSetBoundSettings& bound_settings, MipBackend& cbc, SetModel& set) {
  auto& columns = set.restricted.model.columns;
  std::vector<double> nothing;
  for (std::size_t k = 0; k < columns.size(); ++k) {
    const int parcel = set.pool_parcel[k];
    columns[k].objective =
        set.base_objective[k] - (parcel >= 0 ? sigma[static_cast<std::size_t>(parcel)] : 0.0);
    nothing.push_back(whole.nothing[static_cast<std::size_t>(set.restricted.original[k])]);
  }
  SolveSettings settings;
  settings.time_limit_s = bound_settings.sub_mip_limit_s;
  settings.relative_gap = 1e-7;
  settings.threads = 1;
  settings.log_progress = false;
  settings.start = nothing;
  const auto solved = cbc.solve(set.restricted.model, settings);
  if (!solved.call_ok)
    throw std::runtime_error("sub-MIP failed: " + solved.error);
  if (solved.has_solution() && solved.bound < solved.objective - 1e-6)
    throw std::runtime_error("sub-MIP bound below its solution");
  if (bound_settings.on_set_solved)
    bound_settings.on_set_solved(set.farms, set.restricted, solved);
  set.value = solved.bound - whole.nothing_eur;
  set.solution = solved.has_solution() ? solved.values : nothing;
  return solved.status != SolveStatus::time_limit_with_solution &&
         solved.status != SolveStatus::time_limit_without_solution;
}

/// The best packing of farm-disjoint sets by their values: CBC's bound and
/// the sets it packs.
std::pair<double, std::vector<std::size_t>> pack(const std::vector<SetModel>& sets,
                                                 std::size_t farm_count, MipBackend& cbc) {
  LinearModel packing;
  std::vector<std::vector<std::pair<int, double>>> farm_rows(farm_count);
  std::vector<std::size_t> set_of_column;
  for (std::size_t s = 0; s < sets.size(); ++s) {
    if (sets[s].value <= 1e-6)
      continue;
    const int column = packing.add_binary(fmt::format("set[{}]", s), sets[s].value);
    set_of_column.push_back(s);
    for (std::size_t f : sets[s].farms)
      farm_rows[f].emplace_back(column, 1.0);
  }
  for (std::size_t f = 0; f < farm_count; ++f) {
    if (!farm_rows[f].empty())
      packing.add_row(fmt::format("farm[{}]", f), farm_rows[f], -kInfinity, 1.0);
  }
  if (packing.columns.empty())
    return {0.0, {}};
  SolveSettings settings;
  settings.time_limit_s = 120.0;
  settings.relative_gap = 1e-9;
  settings.log_progress = false;
  const auto packed = cbc.solve(packing, settings);
  if (!packed.call_ok)
    throw std::runtime_error("packing failed: " + packed.error);
  std::vector<std::size_t> chosen;
  for (std::size_t k = 0; k < packed.values.size(); ++k) {
    if (packed.values[k] > 0.5)
      chosen.push_back(set_of_column[k]);
  }
  return {packed.bound, chosen};
}

/// How often the chosen sets' solutions use each pool parcel.
std::vector<double> pool_use(const std::vector<SetModel>& sets,
                             const std::vector<std::size_t>& chosen, std::size_t parcels) {
  std::vector<double> used(parcels, 0.0);
  for (std::size_t s : chosen) {
    for (std::size_t j = 0; j < sets[s].solution.size(); ++j) {
      if (sets[s].pool_parcel[j] >= 0 && sets[s].solution[j] > 0.5)
        used[static_cast<std::size_t>(sets[s].pool_parcel[j])] += 1.0;
    }
  }
  return used;
}

WholeModel whole_model_of(const solver::Problem& problem, const BuiltModel& built) {
  const std::size_t columns = built.model.columns.size();
  WholeModel whole{problem,
                   built,
                   start_values(problem, built, {}),
                   0.0,
                   std::vector<int>(columns, -1),
                   std::vector<int>(columns, -1),
                   std::vector<int>(columns, -1),
                   std::vector<bool>(columns, false),
                   {}};
  whole.nothing_eur = built.model.objective_of(whole.nothing);
  for (std::size_t c = 0; c < problem.candidates.size(); ++c) {
    const auto& candidate = problem.candidates[c];
    const auto column = static_cast<std::size_t>(built.choose[c]);
    const auto giver = problem.parcels[candidate.parcel].from_farm;
    if (!giver)
      whole.pool_parcel_of_column[column] = static_cast<int>(candidate.parcel);
    whole.receiver_of_column[column] = static_cast<int>(candidate.farm);
    whole.giver_of_column[column] = giver ? static_cast<int>(*giver) : -1;
  }
  for (const auto& auxiliary : built.auxiliaries)
    whole.is_auxiliary[static_cast<std::size_t>(auxiliary.column)] = true;
  std::map<int, double> organic_weight;  // boundary auxiliary -> its objective weight
  for (const auto which : {ObjectiveTerm::organic_contiguity, ObjectiveTerm::drift_border}) {
    for (const auto& [column, coefficient] : built.term(which).terms)
      organic_weight[column] += coefficient;
  }
  for (const auto& auxiliary : built.auxiliaries) {
    const auto weight = organic_weight.find(auxiliary.column);
    if (weight == organic_weight.end() || weight->second == 0.0)
      continue;  // not organic, or a pair without a shared boundary
    if ((weight->second > 0.0) != auxiliary.is_minimum)
      throw std::logic_error("an organic minimum of negative or difference of positive weight");
    WholeModel::OrganicBoundary boundary;
    boundary.today[0] = auxiliary.a.value(whole.nothing);
    boundary.today[1] = auxiliary.b.value(whole.nothing);
    if (std::abs(boundary.today[0] - boundary.today[1]) > 0.5)
      continue;  // the interaction cannot be positive
    boundary.side[0] = net_terms(auxiliary.a);
    boundary.side[1] = net_terms(auxiliary.b);
    // At most w for a minimum of weight w, 2r for a difference of weight -r.
    boundary.half_interaction_eur =
        0.5 * std::abs(weight->second) * (auxiliary.is_minimum ? 1.0 : 2.0);
    whole.organic_boundaries.push_back(std::move(boundary));
  }
  return whole;
}

/// The projected subgradient of the bound in sigma: 1 less how often the
/// packed sets' solutions use each pool parcel, 0 where sigma is 0 and the
/// parcel unused. (Where a sub-MIP stopped unproven its solution is not the
/// one its bound belongs to: then only a direction.)
std::vector<double> step_direction(const solver::Problem& problem, const std::vector<double>& sigma,
                                   const std::vector<double>& used) {
  std::vector<double> direction(sigma.size(), 0.0);
  for (std::size_t p = 0; p < sigma.size(); ++p) {
    const double g = problem.parcels[p].from_farm ? 0.0 : 1.0 - used[p];
    direction[p] = (g > 0.0 && sigma[p] <= 0.0) ? 0.0 : g;
  }
  return direction;
}

/// Subgradient steps on sigma (projected on sigma >= 0), Polyak's length
/// towards the target, halved after four steps without a better bound.
void lagrangian_steps(const WholeModel& whole, std::vector<SetModel>& sets,
                      const DealSetBoundSettings& settings, DealSetBound& result) {
  auto cbc = make_cbc_backend();
  const auto& problem = whole.problem;
  std::vector<double> sigma(problem.parcels.size(), 0.0);
  double best = std::numeric_limits<double>::infinity(), scale = settings.first_step;
  int since_best = 0;
  const auto start = std::chrono::steady_clock::now();
  for (int step = 0; step <= settings.steps; ++step) {
    result.steps = step;
    for (auto& set : sets) {
      if (step == 0 || set.priced)
        result.sub_mips_stopped += price_set(whole, sigma, settings, *cbc, set) ? 0 : 1;
    }
    const auto [packed, chosen] = pack(sets, problem.farms.size(), *cbc);
    double sigma_sum = 0.0;
    for (double s : sigma)
      sigma_sum += s;
    const double bound = whole.nothing_eur + sigma_sum + packed;
    since_best = bound < best ? 0 : since_best + 1;
    best = std::min(best, bound);
    result.bound_eur = best;
    const auto direction =
        step_direction(problem, sigma, pool_use(sets, chosen, problem.parcels.size()));
    double norm = 0.0;
    for (double d : direction)
      norm += d * d;
    if (settings.progress)
      settings.progress(fmt::format(
          "step {:>3}: bound {:.0f} (best {:.0f}), pool prices {:.0f}, {} sets packed, "
          "sub-MIPs stopped by their time limit so far {}, {:.1f} s",
          step, bound, best, sigma_sum, chosen.size(), result.sub_mips_stopped,
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()));
    if (norm <= 0.0)
      break;  // every priced parcel used once by the packed solutions, none twice
    if (since_best >= 4) {
      scale /= 2.0;
      since_best = 0;
    }
    const double length = scale * std::max(bound - settings.target_eur, 1.0) / norm;
    for (std::size_t p = 0; p < sigma.size(); ++p)
      sigma[p] = std::max(0.0, sigma[p] - length * direction[p]);
  }
}

}  // namespace

std::vector<std::vector<std::size_t>> connected_farm_sets(const solver::Problem& problem,
                                                          std::size_t most) {
  std::vector<std::set<std::size_t>> neighbours(problem.farms.size());
  for (const auto& candidate : problem.candidates) {
    if (const auto giver = problem.parcels[candidate.parcel].from_farm) {
      neighbours[candidate.farm].insert(*giver);
      neighbours[*giver].insert(candidate.farm);
    }
  }
  return connected_sets(neighbours, most);
}

DealSetBound deal_set_bound(const solver::Problem& problem, const solver::BuiltModel& built,
                            const DealSetBoundSettings& settings) {
  const bool any_held = std::any_of(problem.candidates.begin(), problem.candidates.end(),
                                    [](const auto& candidate) { return candidate.held; });
  if (problem.scenario.rule(RuleId::deal_caps).mode != RuleMode::hard || any_held)
    throw std::invalid_argument("the deal set bound needs rule deal_caps hard and no deal on hold");
  const auto& deals = problem.scenario.deals;
  const auto sets =
      settings.only_farms.empty()
          ? connected_farm_sets(problem, static_cast<std::size_t>(std::max(deals.max_farms(true),
                                                                           deals.max_farms(false))))
          : std::vector<std::vector<std::size_t>>{settings.only_farms};
  const auto whole = whole_model_of(problem, built);
  DealSetBound result;
  result.is_bound = settings.credit_boundaries && settings.only_farms.empty();
  auto models = set_models(whole, sets, settings.credit_boundaries, result.credited_sides);
  result.sets = models.size();
  lagrangian_steps(whole, models, settings, result);
  return result;
}

}  // namespace landpool::bench
