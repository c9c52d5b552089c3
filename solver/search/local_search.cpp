#include "solver/search/local_search.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <random>
#include <utility>

#include <spdlog/spdlog.h>

#include "core/clock.hpp"
#include "solver/search/move_judge.hpp"

namespace landpool::solver {
namespace {

class SwapSearch {
 public:
  SwapSearch(const Problem& problem, const BuiltModel& built, std::vector<double> values,
             const SwapSearchSettings& settings)
      : problem_(problem),
        settings_(settings),
        hard_gain_rows_(built.hard_gain_rows),
        moves_(problem, built, std::move(values), settings.row_tolerance) {
    index_targets();
  }

  SwapSearchReport run(std::chrono::steady_clock::time_point deadline) {
    SwapSearchReport report;
    const long first = moves_.evaluations();
    const long first_work = moves_.work();
    for (; report.passes < settings_.max_passes; ++report.passes) {
      bool improved = false;
      for (std::size_t m = 0; m < problem_.parcels.size(); ++m) {
        if (moves_.evaluations() - first >= settings_.max_evaluations ||
            std::chrono::steady_clock::now() > deadline) {
          report.evaluations = moves_.evaluations() - first;
          report.work = moves_.work() - first_work;
          return report;
        }
        if (const auto kind = improve(m)) {
          improved = true;
          ++(kind == 1 ? report.relocations : report.swaps);
        }
      }
      if (!improved) {
        report.local_optimum = true;
        ++report.passes;
        break;
      }
    }
    report.evaluations = moves_.evaluations() - first;
    report.work = moves_.work() - first_work;
    return report;
  }

  /// Simulated annealing over the same moves: a random parcel, a random
  /// target, alone or swapped with a random parcel of the target farm.
  /// Improving moves are kept, worsening ones with probability
  /// exp(change / temperature); the temperature falls geometrically over
  /// `evaluations` moves from the median loss of a sample of moves to a
  /// thousandth of it. Leaves the best solution seen in `best` and the first
  /// temperature in `first_temperature`; returns the moves drawn (fewer than
  /// `evaluations` only when the deadline came first). Deterministic for a
  /// seed.
  long anneal(long evaluations, unsigned seed, std::chrono::steady_clock::time_point deadline,
              std::vector<double>& best, double& first_temperature) {
    std::mt19937_64 random(seed);
    best = moves_.values();
    double best_objective = moves_.objective();
    first_temperature = 0.0;
    if (problem_.parcels.empty() || evaluations <= 0)
      return 0;
    // Rule nobody_worse_off priced, not refused, during the walk alone: the
    // polish after it keeps the rows again. The first temperature is
    // sampled with the price in, far higher: only a walk that hot leaves a
    // start that the hard rules hold fast.
    const bool soft = settings_.soft_gain_price > 0.0 && !hard_gain_rows_.empty();
    if (soft)
      moves_.soften_rows(hard_gain_rows_, settings_.soft_gain_price);
    first_temperature = median_loss(random);
    const long drawn = first_temperature > 0.0 ? walk(evaluations, first_temperature, random, best,
                                                      best_objective, deadline)
                                               : 0;
    if (soft)
      moves_.harden_rows();
    return drawn;
  }

  const std::vector<double>& values() const { return moves_.values(); }
  long best_copies() const { return best_copies_; }
  long work() const { return moves_.work(); }

 private:
  /// One random move (a parcel to a random target, alone or swapped with a
  /// random parcel of the target farm): its changes in `changes[0..size)`,
  /// and its objective change if the judge allows it.
  std::optional<double> draw(std::mt19937_64& random, std::array<ParcelChange, 2>& changes,
                             int& size) {
    std::uniform_int_distribution<std::size_t> parcel(0, problem_.parcels.size() - 1);
    const std::size_t m = parcel(random);
    if (moves_.held(m))
      return std::nullopt;
    const int from = moves_.user_now(m);
    const auto targets = targets_of(m, from);
    if (targets.empty())
      return std::nullopt;
    const int to = targets[random() % targets.size()];
    const int column = to >= 0 ? moves_.column_for(m, static_cast<std::size_t>(to)) : -1;
    if (column == -2)
      return std::nullopt;
    changes[0] = {m, column};
    size = 1;
    if (from >= 0 && to >= 0 && random() % 2 == 0) {
      const auto& used = moves_.used_by(static_cast<std::size_t>(to));
      if (used.empty())
        return std::nullopt;
      const std::size_t q = used[random() % used.size()];
      const int back =
          q == m || moves_.held(q) ? -2 : moves_.column_for(q, static_cast<std::size_t>(from));
      if (back == -2)
        return std::nullopt;
      changes[1] = {q, back};
      size = 2;
      return moves_.assess(changes);
    }
    return moves_.assess(std::array{changes[0]});
  }

  /// The median loss of up to 2,000 allowed moves that lose (0 if none).
  double median_loss(std::mt19937_64& random) {
    std::vector<double> losses;
    std::array<ParcelChange, 2> changes{};
    int size = 0;
    for (int sample = 0; sample < 20000 && losses.size() < 2000; ++sample) {
      if (const auto change = draw(random, changes, size); change && *change < 0.0)
        losses.push_back(-*change);
    }
    if (losses.empty())
      return 0.0;
    std::nth_element(losses.begin(), losses.begin() + static_cast<long>(losses.size() / 2),
                     losses.end());
    return losses[losses.size() / 2];
  }

  /// The annealing's walk (anneal, above), from `first_temperature` to a
  /// thousandth of it.
  long walk(long evaluations, double first_temperature, std::mt19937_64& random,
            std::vector<double>& best, double& best_objective,
            std::chrono::steady_clock::time_point deadline) {
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::array<ParcelChange, 2> changes{};
    int size = 0;
    const double cooling = std::pow(1e-3, 1.0 / static_cast<double>(evaluations));
    double temperature = first_temperature;
    long k = 0;
    for (; k < evaluations; ++k, temperature *= cooling) {
      if (k % 4096 == 0 && std::chrono::steady_clock::now() > deadline)
        break;
      const auto change = draw(random, changes, size);
      if (!change || (*change < 0.0 && unit(random) >= std::exp(*change / temperature)))
        continue;
      if (size == 1)
        moves_.apply(std::array{changes[0]});
      else
        moves_.apply(changes);
      if (moves_.objective() > best_objective + 1e-6 * std::max(1.0, std::abs(best_objective)) &&
          moves_.soft_violation() <= settings_.row_tolerance) {
        best_objective = moves_.objective();
        best = moves_.values();
        ++best_copies_;
      }
    }
    return k;
  }

  /// Each parcel's farms with the nearest farmsteads (moves that cut
  /// travel) and its neighbours (moves that consolidate).
  void index_targets() {
    const std::size_t parcel_count = problem_.parcels.size();
    nearest_.resize(parcel_count);
    for (std::size_t c = 0; c < problem_.candidates.size(); ++c)
      nearest_[problem_.candidates[c].parcel].push_back(c);
    for (auto& list : nearest_) {
      std::sort(list.begin(), list.end(), [&](std::size_t l, std::size_t r) {
        const auto &a = problem_.candidates[l], &b = problem_.candidates[r];
        return a.distance_m != b.distance_m ? a.distance_m < b.distance_m : a.farm < b.farm;
      });
      list.resize(std::min(list.size(), settings_.nearest_farms));
      for (auto& c : list)
        c = problem_.candidates[c].farm;
    }
    neighbours_.resize(parcel_count);
    for (const auto& pair : problem_.pairs) {
      if (const auto m = problem_.movable_index[pair.a])
        neighbours_[*m].push_back(pair.b);
      if (const auto m = problem_.movable_index[pair.b])
        neighbours_[*m].push_back(pair.a);
    }
  }

  /// Where parcel `m`, used by `from`, may go: to a farm that uses a
  /// neighbour (consolidation), to one of its nearest farms (travel), back
  /// to the farm that gives it, or, pool land, to nobody (-1).
  std::vector<int> targets_of(std::size_t m, int from) const {
    const auto giver = problem_.parcels[m].from_farm;
    std::vector<int> targets;
    auto target = [&](int farm) {
      if (farm >= 0 && farm != from &&
          std::find(targets.begin(), targets.end(), farm) == targets.end())
        targets.push_back(farm);
    };
    for (std::size_t p : neighbours_[m])
      target(moves_.user_of_region_parcel(p));
    for (std::size_t f : nearest_[m])
      target(static_cast<int>(f));
    if (giver)
      target(static_cast<int>(*giver));
    if (!giver && from >= 0)
      targets.push_back(-1);
    return targets;
  }

  /// The best improving move of parcel `m` (alone, or swapped with a parcel
  /// of the farm it would go to), applied. Returns 1 for a relocation, 2 for
  /// a swap, 0 when nothing improves.
  int improve(std::size_t m) {
    if (moves_.held(m))
      return 0;
    const int from = moves_.user_now(m);
    const auto targets = targets_of(m, from);

    const double threshold = 1e-7 * std::max(1.0, std::abs(moves_.objective()));
    double best_change = threshold;
    std::array<ParcelChange, 2> best{};
    int best_kind = 0;
    for (const int to : targets) {
      const int column = to >= 0 ? moves_.column_for(m, static_cast<std::size_t>(to)) : -1;
      if (column == -2)
        continue;
      const ParcelChange move{m, column};
      if (const auto change = moves_.assess(std::array{move}); change && *change > best_change) {
        best_change = *change;
        best = {move, move};
        best_kind = 1;
      }
      if (from < 0 || to < 0)
        continue;
      for (std::size_t q : moves_.used_by(static_cast<std::size_t>(to))) {
        if (q == m || moves_.held(q))
          continue;
        const int back = moves_.column_for(q, static_cast<std::size_t>(from));
        if (back == -2)
          continue;
        const std::array<ParcelChange, 2> swap{move, ParcelChange{q, back}};
        if (const auto change = moves_.assess(swap); change && *change > best_change) {
          best_change = *change;
          best = swap;
          best_kind = 2;
        }
      }
    }
    if (best_kind == 1)
      moves_.apply(std::array{best[0]});
    else if (best_kind == 2)
      moves_.apply(best);
    return best_kind;
  }

  const Problem& problem_;
  const SwapSearchSettings& settings_;
  const std::vector<int>& hard_gain_rows_;  ///< softened during the annealing alone
  ModelMoves moves_;
  long best_copies_ = 0;  ///< the annealing's copies of a new best solution
  std::vector<std::vector<std::size_t>> neighbours_;  ///< per movable parcel: region parcels
  std::vector<std::vector<std::size_t>> nearest_;     ///< per movable parcel: nearest farms
};

/// Whether a search may start from `values`: a region with movable parcels,
/// time left, and a start that keeps every row (within the optimiser's own
/// tolerance: a sub-MIP may miss a row by millionths).
bool may_start(const Problem& problem, const BuiltModel& built, const std::vector<double>& values,
               const SwapSearchSettings& settings, std::chrono::steady_clock::time_point deadline) {
  return !problem.parcels.empty() && std::chrono::steady_clock::now() < deadline &&
         !built.model.first_violation(values, 10 * settings.row_tolerance);
}

}  // namespace

std::vector<double> search_swaps(const Problem& problem, const BuiltModel& built,
                                 std::vector<double> values, const SwapSearchSettings& settings,
                                 std::chrono::steady_clock::time_point deadline,
                                 SwapSearchReport* report) {
  if (!may_start(problem, built, values, settings, deadline))
    return values;
  const auto start = std::chrono::steady_clock::now();
  const double before = built.model.objective_of(values);
  SwapSearch search(problem, built, values, settings);
  const auto done = search.run(deadline);
  if (report)
    *report = done;
  const double after = built.model.objective_of(search.values());
  spdlog::debug(
      "swap search: {} moves evaluated in {} passes, {:.1f} s, work {:.1f} a move, value {:.0f} -> "
      "{:.0f}",
      done.evaluations, done.passes, seconds_since(start),
      static_cast<double>(done.work) / static_cast<double>(std::max(1L, done.evaluations)), before,
      after);
  if (after <= before || built.model.first_violation(search.values(), 10 * settings.row_tolerance))
    return values;
  spdlog::info(
      "swap search: value {:.0f} -> {:.0f} ({} relocations, {} swaps, {} moves evaluated in {} "
      "passes{}, {:.1f} s)",
      before, after, done.relocations, done.swaps, done.evaluations, done.passes,
      done.local_optimum ? ", local optimum" : "", seconds_since(start));
  return search.values();
}

namespace {

/// Where an annealing walk ends: the best solution it saw and its end state
/// polished by the swap search, with their objectives.
struct AnnealEnd {
  std::vector<double> best, polished;
  double start_eur = 0.0, best_eur = 0.0, polished_eur = 0.0;
};

AnnealEnd walk(const Problem& problem, const BuiltModel& built, const std::vector<double>& values,
               const SwapSearchSettings& settings, long evaluations, unsigned seed,
               std::chrono::steady_clock::time_point deadline) {
  const auto start = std::chrono::steady_clock::now();
  AnnealEnd end;
  end.start_eur = built.model.objective_of(values);
  SwapSearch search(problem, built, values, settings);
  double first_temperature = 0.0;
  const long done = search.anneal(evaluations, seed, deadline, end.best, first_temperature);
  spdlog::debug("annealing: {:.2f} µs and work {:.1f} a move",
                1e6 * seconds_since(start) / static_cast<double>(std::max(1L, done)),
                static_cast<double>(search.work()) / static_cast<double>(std::max(1L, done)));
  search.run(deadline);  // the end state polished
  end.polished = search.values();
  end.best_eur = built.model.objective_of(end.best);
  end.polished_eur = built.model.objective_of(end.polished);
  spdlog::info(
      "annealing: value {:.0f} -> best {:.0f}, end {:.0f} ({} of {} moves{}, first temperature "
      "{:.0f} EUR, {} new bests copied, {:.1f} s)",
      end.start_eur, end.best_eur, end.polished_eur, done, evaluations,
      done < evaluations ? ", stopped by the deadline" : "", first_temperature,
      search.best_copies(), seconds_since(start));
  return end;
}

}  // namespace

std::vector<double> anneal_swaps(const Problem& problem, const BuiltModel& built,
                                 std::vector<double> values, const SwapSearchSettings& settings,
                                 long evaluations, unsigned seed,
                                 std::chrono::steady_clock::time_point deadline) {
  if (!may_start(problem, built, values, settings, deadline))
    return values;
  auto end = walk(problem, built, values, settings, evaluations, seed, deadline);
  // With soft rows the walk may end where they break: then its best.
  const bool polished_best =
      end.polished_eur >= end.best_eur &&
      !built.model.first_violation(end.polished, 10 * settings.row_tolerance);
  auto& result = polished_best ? end.polished : end.best;
  if ((polished_best ? end.polished_eur : end.best_eur) <= end.start_eur ||
      built.model.first_violation(result, 10 * settings.row_tolerance))
    return values;
  return std::move(result);
}

std::vector<double> anneal_walk(const Problem& problem, const BuiltModel& built,
                                const std::vector<double>& values,
                                const SwapSearchSettings& settings, long evaluations, unsigned seed,
                                std::chrono::steady_clock::time_point deadline) {
  if (!may_start(problem, built, values, settings, deadline))
    return values;
  auto end = walk(problem, built, values, settings, evaluations, seed, deadline);
  if (built.model.first_violation(end.polished, 10 * settings.row_tolerance))
    return values;
  return std::move(end.polished);
}

}  // namespace landpool::solver
