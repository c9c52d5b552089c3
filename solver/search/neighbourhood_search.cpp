#include "solver/search/neighbourhood_search.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <numeric>
#include <random>
#include <stdexcept>
#include <string_view>
#include <unordered_map>

#include <spdlog/spdlog.h>

#include "core/clock.hpp"
#include "solver/search/free_columns.hpp"

namespace landpool::solver {
namespace {

/// How strongly two farms interact: parcels both could receive, or one
/// gives and the other could receive.
std::vector<std::map<std::size_t, double>> interactions(const Problem& problem) {
  std::vector<std::vector<std::size_t>> farms_of_parcel(problem.parcels.size());
  for (const auto& candidate : problem.candidates)
    farms_of_parcel[candidate.parcel].push_back(candidate.farm);
  std::vector<std::map<std::size_t, double>> weight(problem.farms.size());
  for (std::size_t m = 0; m < problem.parcels.size(); ++m) {
    auto& farms = farms_of_parcel[m];
    if (const auto giver = problem.parcels[m].from_farm)
      farms.push_back(*giver);
    std::sort(farms.begin(), farms.end());
    farms.erase(std::unique(farms.begin(), farms.end()), farms.end());
    for (std::size_t i = 0; i < farms.size(); ++i) {
      for (std::size_t j = i + 1; j < farms.size(); ++j) {
        weight[farms[i]][farms[j]] += 1.0;
        weight[farms[j]][farms[i]] += 1.0;
      }
    }
  }
  return weight;
}

/// Where the LP relaxation and the proposal differ: per parcel, the farms
/// whose choice of it differs (and its giver when its being moved differs)
/// are tied together by the size of the difference. Adds that, scaled, to
/// `weight`, and returns each farm's total difference.
std::vector<double> add_relaxation_pull(const Problem& problem, const BuiltModel& built,
                                        const std::vector<double>& relaxation,
                                        const std::vector<double>& values,
                                        std::vector<std::map<std::size_t, double>>& weight) {
  constexpr double kScale = 100.0;  // the LP's pull first, the interactions break ties
  std::vector<std::vector<std::size_t>> of_parcel(problem.parcels.size());
  for (std::size_t c = 0; c < problem.candidates.size(); ++c)
    of_parcel[problem.candidates[c].parcel].push_back(c);
  std::vector<double> difference(problem.farms.size(), 0.0);
  for (std::size_t m = 0; m < problem.parcels.size(); ++m) {
    std::vector<std::pair<std::size_t, double>> farms;
    double moved_lp = 0.0, moved_now = 0.0;
    for (std::size_t c : of_parcel[m]) {
      const auto j = static_cast<std::size_t>(built.choose[c]);
      moved_lp += relaxation[j];
      moved_now += values[j];
      const double d = std::abs(relaxation[j] - values[j]);
      if (d > 1e-6)
        farms.emplace_back(problem.candidates[c].farm, d);
    }
    if (const auto giver = problem.parcels[m].from_farm) {
      const double d = std::abs(moved_lp - moved_now);
      if (d > 1e-6)
        farms.emplace_back(*giver, d);
    }
    for (std::size_t i = 0; i < farms.size(); ++i) {
      difference[farms[i].first] += farms[i].second;
      for (std::size_t k = i + 1; k < farms.size(); ++k) {
        if (farms[i].first == farms[k].first)
          continue;
        const double w = kScale * std::min(farms[i].second, farms[k].second);
        weight[farms[i].first][farms[k].first] += w;
        weight[farms[k].first][farms[i].first] += w;
      }
    }
  }
  return difference;
}

/// `seed` and the farms that interact most with those already chosen; when
/// none interacts any more, the farms whose farmsteads are nearest the seed's.
std::vector<std::size_t> neighbourhood_of(
    const Problem& problem, std::size_t seed, int size,
    const std::vector<std::map<std::size_t, double>>& weight) {
  std::vector<std::size_t> chosen{seed};
  std::map<std::size_t, double> pull = weight[seed];
  while (static_cast<int>(chosen.size()) < size) {
    std::size_t best = 0;
    double best_pull = 0.0;
    for (const auto& [farm, w] : pull) {
      if (w > best_pull && std::find(chosen.begin(), chosen.end(), farm) == chosen.end()) {
        best = farm;
        best_pull = w;
      }
    }
    if (best_pull <= 0.0) {
      double nearest_m = std::numeric_limits<double>::infinity();
      const auto& from = problem.farms[seed].farmstead;
      for (std::size_t f = 0; f < problem.farms.size(); ++f) {
        const auto& to = problem.farms[f].farmstead;
        const double distance_m = std::hypot(to.x_m - from.x_m, to.y_m - from.y_m);
        if (distance_m < nearest_m && std::find(chosen.begin(), chosen.end(), f) == chosen.end()) {
          best = f;
          nearest_m = distance_m;
        }
      }
      if (!std::isfinite(nearest_m))
        break;
    }
    chosen.push_back(best);
    for (const auto& [farm, w] : weight[best])
      pull[farm] += w;
  }
  return chosen;
}

}  // namespace

namespace {

/// The seed of neighbourhood `round`: the shuffled order, or, guided, the
/// farm where the LP and the proposal differ most, less often the more it
/// has been the seed.
std::size_t next_seed(long round, const std::vector<std::size_t>& seeds, bool guided,
                      const std::vector<double>& difference, std::vector<int>& seeded) {
  std::size_t seed = seeds[static_cast<std::size_t>(round) % seeds.size()];
  if (!guided)
    return seed;
  double best = -1.0;
  for (std::size_t f : seeds) {
    const double score = difference[f] / (1.0 + seeded[f]);
    if (score > best) {
      best = score;
      seed = f;
    }
  }
  ++seeded[seed];
  return seed;
}

/// A sub-MIP's settings: the incumbent as its start, branching only, and
/// fewer nodes for larger sub-models (each node's LP grows with the model,
/// so each sub-MIP's work stays about level).
SolveSettings sub_mip_settings(const NeighbourhoodSettings& settings,
                               const RestrictedModel& restricted, const std::vector<double>& values,
                               double left_s) {
  SolveSettings sub;
  std::vector<double> start;
  for (int column : restricted.original)
    start.push_back(values[static_cast<std::size_t>(column)]);
  sub.time_limit_s = std::min(settings.sub_time_limit_s, left_s);
  sub.relative_gap = 1e-6;
  sub.threads = settings.threads;
  sub.seed = settings.seed;
  sub.max_nodes = settings.nodes.for_columns(restricted.model.columns.size());
  sub.max_iterations = settings.max_sub_mip_iterations;
  sub.log_progress = false;
  sub.branching_only = true;
  sub.start = std::move(start);
  return sub;
}

/// What the search's sub-MIPs did, for the log and the work limits.
struct SubMipTally {
  long solved = 0, improved = 0, proven = 0, iterations = 0, nodes = 0, most_in_one = 0;
  double gained = 0.0;   ///< euros
  double seconds = 0.0;  ///< in CBC

  void add(const RestrictedModel& restricted, const SolveResult& result) {
    // What each sub-MIP costs, for calibrating the work limits (-vv).
    spdlog::trace(
        "neighbourhood search: sub-MIP of {} columns, {} rows: {} iterations, {} nodes, "
        "{:.3f} s",
        restricted.model.columns.size(), restricted.model.rows.size(), result.iterations,
        result.nodes, result.seconds);
    ++solved;
    iterations += result.iterations;
    most_in_one = std::max(most_in_one, result.iterations);
    nodes += result.nodes;
    seconds += result.seconds;
  }

  void report() const {
    spdlog::info(
        "neighbourhood search: {} sub-MIPs ({} proven), {} improved the proposal by {:.0f}", solved,
        proven, improved, gained);
    spdlog::debug("neighbourhood search: {} simplex iterations, {} nodes, {:.1f} s in CBC",
                  iterations, nodes, seconds);
  }
};

}  // namespace

std::vector<double> search_neighbourhoods(const Problem& problem, const BuiltModel& built,
                                          std::vector<double> values, MipBackend& backend,
                                          const NeighbourhoodSettings& settings,
                                          std::chrono::steady_clock::time_point deadline,
                                          SearchEnd* end, long* iterations_spent,
                                          long* most_iterations_in_one) {
  if (end)
    *end = SearchEnd::local_optimum;
  const auto& model = built.model;
  const std::size_t farm_count = problem.farms.size();
  if (farm_count < 2 || model.first_violation(values))
    return values;
  if (seconds_until(deadline) < 0.5) {
    // No sub-MIP could start: skip the set-up, seconds on a model of a
    // million columns (the index of free columns, the farms' interactions).
    if (end)
      *end = SearchEnd::deadline;
    return values;
  }
  const auto interaction = interactions(problem);
  auto weight = interaction;
  const bool guided = settings.relaxation.size() == model.columns.size();
  std::vector<double> difference;
  if (guided)
    difference = add_relaxation_pull(problem, built, settings.relaxation, values, weight);
  std::vector<int> seeded(farm_count, 0);  // guided: how often each farm was the seed

  const FreeColumns free_columns(problem, built);

  std::vector<std::size_t> seeds(farm_count);
  std::iota(seeds.begin(), seeds.end(), 0);
  std::mt19937 random(static_cast<unsigned>(settings.seed));
  std::shuffle(seeds.begin(), seeds.end(), random);
  const long most = settings.max_neighbourhoods > 0 ? settings.max_neighbourhoods
                                                    : 2 * static_cast<long>(farm_count);
  int size = std::max(2, settings.first_farms);
  double objective = model.objective_of(values);
  std::size_t since_improvement = 0;
  SubMipTally local;
  for (long round = 0; round < most && since_improvement < farm_count; ++round) {
    if (settings.max_iterations > 0 && local.iterations >= settings.max_iterations)
      break;  // the work limit (reported as such below)
    const double left_s = seconds_until(deadline);
    if (left_s < 0.5) {
      if (end)
        *end = SearchEnd::deadline;
      break;
    }
    const auto seed = next_seed(round, seeds, guided, difference, seeded);
    const auto farms = neighbourhood_of(problem, seed, size, weight);
    RestrictedModel restricted;
    try {
      restricted = restrict_model(model, free_columns.of(farms, values), values);
    } catch (const std::invalid_argument& error) {
      spdlog::warn("neighbourhood search: {}", error.what());
      if (end)
        *end = SearchEnd::deadline;
      break;
    }
    spdlog::debug("neighbourhood search: {} farms, {} columns, {} rows free", farms.size(),
                  restricted.model.columns.size(), restricted.model.rows.size());
    // Too large to prove quickly: skipped, and the next one has fewer farms
    // (shrinking and solving it at once costs the last swap search its time).
    if (static_cast<long>(restricted.model.columns.size()) > settings.most_free_columns) {
      size = std::max(2, size - 1);
      ++since_improvement;
      continue;
    }
    const auto solved =
        backend.solve(restricted.model, sub_mip_settings(settings, restricted, values, left_s));
    local.add(restricted, solved);
    if (!solved.call_ok || !solved.has_solution()) {
      size = std::max(2, size - 1);
      ++since_improvement;
      continue;
    }
    const bool proven = solved.status == SolveStatus::optimal;
    local.proven += proven ? 1 : 0;
    size = proven ? std::min(settings.most_farms, size + 1) : std::max(2, size - 1);
    auto candidate = restricted.expand(solved.values);
    const double candidate_objective = model.objective_of(candidate);
    if (candidate_objective > objective + 1e-6 * std::max(1.0, std::abs(objective)) &&
        !model.first_violation(candidate, 1e-6)) {
      local.gained += candidate_objective - objective;
      ++local.improved;
      spdlog::debug("neighbourhood search: {} farms, {} of {} columns free, +{:.0f}", farms.size(),
                    restricted.model.columns.size(), model.columns.size(),
                    candidate_objective - objective);
      values = std::move(candidate);
      objective = candidate_objective;
      since_improvement = 0;
      if (guided) {  // the differences have moved
        weight = interaction;
        difference = add_relaxation_pull(problem, built, settings.relaxation, values, weight);
      }
    } else {
      ++since_improvement;
    }
    if (settings.progress)
      settings.progress(objective);
  }
  if (end && *end == SearchEnd::local_optimum && since_improvement < farm_count)
    *end = SearchEnd::work_limit;
  local.report();
  if (iterations_spent)
    *iterations_spent = local.iterations;
  if (most_iterations_in_one)
    *most_iterations_in_one = local.most_in_one;
  return values;
}

}  // namespace landpool::solver
