#include "solver/search/neighbourhood_search.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>

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
std::vector<std::size_t> neighbourhood_of(const Problem& problem, std::size_t seed, int size,
                                          const std::vector<std::map<std::size_t, double>>& weight,
                                          const std::map<std::size_t, double>& seed_pull = {}) {
  std::vector<std::size_t> chosen{seed};
  std::map<std::size_t, double> pull = weight[seed];
  for (const auto& [farm, w] : seed_pull)
    pull[farm] += w;
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

/// Who receives each movable parcel in `values` (nobody where it stays).
std::vector<std::optional<std::size_t>> receivers_of_parcels(const Problem& problem,
                                                             const BuiltModel& built,
                                                             const std::vector<double>& values) {
  std::vector<std::optional<std::size_t>> user(problem.parcels.size());
  for (std::size_t c : chosen_candidates(problem, built, values))
    user[problem.candidates[c].parcel] = problem.candidates[c].farm;
  return user;
}

/// Per farm, whether it receives a parcel (`receivers`: receivers_of_parcels).
std::vector<bool> farms_receiving(const Problem& problem,
                                  const std::vector<std::optional<std::size_t>>& receivers) {
  std::vector<bool> receives(problem.farms.size(), false);
  for (const auto& receiver : receivers) {
    if (receiver)
      receives[*receiver] = true;
  }
  return receives;
}

/// Whether farm `f` wants land (wants_max_ha > 0) and receives none.
bool waits(const Problem& problem, std::size_t f, const std::vector<bool>& receives) {
  return problem.farms[f].wants_max_ha > 0.0 && !receives[f];
}

/// The farms that wait (`receivers`: receivers_of_parcels), the largest
/// least area (wants_min_ha) first: often a farm whose least area no single
/// parcel reaches, which only a move of several farms at once can serve
/// (land taken from a farm that holds more than its least, an exchange to
/// fill the rest).
std::vector<std::size_t> waiting_farms(const Problem& problem,
                                       const std::vector<std::optional<std::size_t>>& receivers) {
  const auto receives = farms_receiving(problem, receivers);
  std::vector<std::size_t> waiting;
  for (std::size_t f = 0; f < problem.farms.size(); ++f) {
    if (waits(problem, f, receives))
      waiting.push_back(f);
  }
  // The largest least area first: the farms no single parcel serves.
  std::stable_sort(waiting.begin(), waiting.end(), [&problem](std::size_t a, std::size_t b) {
    return problem.farms[a].wants_min_ha > problem.farms[b].wants_min_ha;
  });
  return waiting;
}

/// What draws farms into the neighbourhoods of waiting farm `seed`, by the
/// area of the parcels it could receive: those each farm receives now (its
/// competitors, pool land ten times over) and those each farm gives (its
/// partners in an exchange); scaled above the farms' interactions and the
/// LP's pull, which fill the rest.
struct WaitingPull {
  std::map<std::size_t, double> receivers, givers;

  WaitingPull(const Problem& problem,
              const std::vector<std::optional<std::size_t>>& receiver_of_parcel,
              const std::vector<std::size_t>& candidates_of_seed) {
    constexpr double kScale = 1000.0;
    // A farm's net area grows by pool land alone (exchanges keep it within
    // its band of what it gives): competitors for pool land come first.
    constexpr double kPoolFactor = 10.0;
    for (std::size_t c : candidates_of_seed) {
      const std::size_t m = problem.candidates[c].parcel;
      const double pull = kScale * problem.region->parcels[problem.parcels[m].region_index].area_ha;
      const bool pool_land = !problem.parcels[m].from_farm;
      if (const auto receiver = receiver_of_parcel[m])  // never the seed: it waits
        receivers[*receiver] += pool_land ? kPoolFactor * pull : pull;
      if (const auto giver = problem.parcels[m].from_farm)
        givers[*giver] += pull;
    }
  }

  /// The givers, and the competitor that holds the most.
  std::map<std::size_t, double> givers_and_first_competitor() const {
    auto pull = givers;
    add_first(receivers, kFirst, pull);
    return pull;
  }

  /// The first competitor and the first giver; the other farms that wait
  /// (`others`: their interaction with the seed) add their pull to what
  /// fills the rest, so that it counts twice for them: two waiting farms
  /// can fill each other's band in an exchange.
  std::map<std::size_t, double> waiting_favoured(
      const std::map<std::size_t, double>& others) const {
    auto pull = others;
    add_first(receivers, 2.0 * kFirst, pull);
    add_first(givers, kFirst, pull);
    return pull;
  }

  /// Another farm that waits, `companion`, the first competitor and the
  /// first giver: the competitor's land may serve both waiting farms.
  std::map<std::size_t, double> with_companion(std::size_t companion) const {
    return waiting_favoured({{companion, 3.0 * kFirst}});
  }

 private:
  static constexpr double kFirst = 1e12;  ///< above any pull by area

  /// Adds to `pull` the farm that `from` pulls most, with its pull and `extra`.
  static void add_first(const std::map<std::size_t, double>& from, double extra,
                        std::map<std::size_t, double>& pull) {
    const auto first = std::max_element(
        from.begin(), from.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
    if (first != from.end())
      pull[first->first] += first->second + extra;
  }
};

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

  /// `what`: the search's name in the log.
  void report(std::string_view what) const {
    spdlog::info("{}: {} sub-MIPs ({} proven), {} improved the proposal by {:.0f}", what, solved,
                 proven, improved, gained);
    spdlog::debug("{}: {} simplex iterations, {} nodes, {:.1f} s in CBC", what, iterations, nodes,
                  seconds);
  }
};

/// The ids of `farms`, for the log.
std::string farm_ids(const std::vector<std::size_t>& farms, const Problem& problem) {
  std::string ids;
  for (std::size_t f : farms)
    ids += (ids.empty() ? "" : ", ") + problem.farms[f].farm_id;
  return ids;
}

/// `neighbourhoods` without those that repeat an earlier one's farms.
std::vector<std::vector<std::size_t>> distinct(
    std::vector<std::vector<std::size_t>> neighbourhoods) {
  std::vector<std::vector<std::size_t>> kept, sorted_kept;
  for (auto& farms : neighbourhoods) {
    auto sorted = farms;
    std::sort(sorted.begin(), sorted.end());
    if (std::find(sorted_kept.begin(), sorted_kept.end(), sorted) != sorted_kept.end())
      continue;
    sorted_kept.push_back(std::move(sorted));
    kept.push_back(std::move(farms));
  }
  return kept;
}

/// What became of one neighbourhood's sub-MIP.
enum class Attempt {
  failed,     ///< the model could not be restricted (the search stops)
  too_large,  ///< more free columns than most_free_columns: not solved
  no_solution,
  not_better,
  improved,
};
struct Outcome {
  Attempt attempt = Attempt::failed;
  bool proven = false;  ///< CBC proved the sub-MIP optimal
};

/// Where a sub-MIP starts: the columns outside its neighbourhood stay at
/// `values` (worth `objective`); `most_iterations` (0: the settings')
/// caps its simplex iterations.
struct From {
  const std::vector<double>& values;
  double objective;
  long most_iterations = 0;
};

/// Whether `objective` is worth more than `than`, beyond rounding.
bool beats(double objective, double than) {
  return objective > than + 1e-6 * std::max(1.0, std::abs(than));
}

/// One neighbourhood's solution, not yet accepted.
struct Proposal {
  Outcome outcome;
  std::vector<double> values;  ///< the whole model's columns, where solved
  double objective = 0.0;
  std::size_t farms = 0, free_columns = 0;  ///< for the log

  static Proposal of(Attempt attempt, bool proven = false) {
    Proposal proposal;
    proposal.outcome = {attempt, proven};
    return proposal;
  }
};

/// The neighbourhoods of one waiting farm (waiting_neighbourhoods).
struct WaitingTries {
  std::vector<std::vector<std::size_t>> own, with_companion;
};

/// The search over one solution (search_neighbourhoods): the farms'
/// interactions and the LP's pull, the index of free columns, the
/// incumbent and the tally.
class NeighbourhoodSearch {
 public:
  NeighbourhoodSearch(const Problem& problem, const BuiltModel& built, std::vector<double> values,
                      MipBackend& backend, const NeighbourhoodSettings& settings,
                      SteadyTime deadline)
      : problem_(problem),
        built_(built),
        backend_(backend),
        settings_(settings),
        deadline_(deadline),
        interaction_(interactions(problem)),
        weight_(interaction_),
        guided_(settings.relaxation.size() == built.model.columns.size()),
        free_columns_(problem, built),
        values_(std::move(values)),
        objective_(built.model.objective_of(values_)) {
    if (guided_)
      difference_ = add_relaxation_pull(problem, built, settings.relaxation, values_, weight_);
  }

  /// Rounds seeded as next_seed says, growing while CBC proves them.
  SearchEnd run() {
    const SearchEnd end = search_rounds();
    tally_.report("neighbourhood search");
    return end;
  }

  /// The neighbourhoods of the farms waiting for land (serve_waiting_farms).
  SearchEnd run_waiting() {
    const SearchEnd end = serve_waiting_farms();
    if (tally_.solved > 0)
      tally_.report("farms waiting for land");
    return end;
  }

  std::vector<double> take_values() { return std::move(values_); }
  long sub_mips() const { return tally_.solved; }
  long iterations() const { return tally_.iterations; }
  long most_in_one() const { return tally_.most_in_one; }

 private:
  bool out_of_work() const {
    return settings_.max_iterations > 0 && tally_.iterations >= settings_.max_iterations;
  }

  /// The neighbourhoods of each farm waiting for land (waiting_farms), as
  /// ::serve_waiting_farms says. A farm served on the way is passed over.
  SearchEnd serve_waiting_farms() {
    auto receivers = receivers_of_parcels(problem_, built_, values_);
    const auto waiting = waiting_farms(problem_, receivers);
    std::vector<std::vector<std::size_t>> candidates_of_farm(problem_.farms.size());
    for (std::size_t c = 0; c < problem_.candidates.size(); ++c)
      candidates_of_farm[problem_.candidates[c].farm].push_back(c);
    std::size_t tried = 0;
    for (std::size_t seed : waiting) {
      const auto receives = farms_receiving(problem_, receivers);
      if (!waits(problem_, seed, receives))
        continue;
      const auto tries = waiting_neighbourhoods(
          seed, WaitingPull(problem_, receivers, candidates_of_farm[seed]), receives);
      const long improved_before = tally_.improved;
      const auto stop = serve(seed, tries, tried);
      if (tally_.improved > improved_before)
        receivers = receivers_of_parcels(problem_, built_, values_);
      if (stop)
        return *stop;
    }
    return SearchEnd::local_optimum;
  }

  /// Waiting farm `seed`'s own neighbourhoods, each from the last gain,
  /// while it waits; then, where CBC proved each of those it solved (small
  /// sub-MIPs), those with a companion (try_companions), each from where
  /// the seed started, the best kept where it beats what the own ones reached.
  /// Returns why the stage stops (`tried` counts its sub-MIPs), if it must.
  std::optional<SearchEnd> serve(std::size_t seed, const WaitingTries& tries, std::size_t& tried) {
    // Where the seed started, for the companions (a copy only where there are any).
    const auto start = tries.with_companion.empty() ? std::vector<double>{} : values_;
    const double start_objective = objective_;
    bool all_proven = true;
    for (const auto& farms : tries.own) {
      Proposal proposal;
      if (const auto stop = solve_counted(seed, farms, {values_, objective_}, tried, proposal))
        return stop;
      const Outcome outcome = proposal.outcome;
      all_proven = all_proven && outcome.proven;
      if (outcome.attempt == Attempt::improved)
        accept(std::move(proposal));
      report_progress(outcome);
      if (outcome.attempt != Attempt::improved)
        continue;
      if (!waits(problem_, seed,
                 farms_receiving(problem_, receivers_of_parcels(problem_, built_, values_))))
        break;
    }
    if (!all_proven)
      return std::nullopt;
    return try_companions(seed, tries.with_companion, {start, start_objective}, tried);
  }

  /// Each of `with_companion` from `start` (where the seed started) within
  /// 2,000 simplex iterations; the best is kept where it beats the incumbent.
  /// Returns why the stage stops, if it must.
  std::optional<SearchEnd> try_companions(
      std::size_t seed, const std::vector<std::vector<std::size_t>>& with_companion, From start,
      std::size_t& tried) {
    // A proven sub-MIP of a companion took 513 on the 250-parcel region;
    // on the BRP sample unproven ones took 26,000 (9 s) for no gain.
    start.most_iterations = 2000;
    Proposal best;
    std::optional<SearchEnd> stop;
    for (std::size_t t = 0; !stop && t < with_companion.size(); ++t) {
      Proposal proposal;
      stop = solve_counted(seed, with_companion[t], start, tried, proposal);
      report_progress(proposal.outcome);
      const bool have_best = best.outcome.attempt == Attempt::improved;
      if (proposal.outcome.attempt == Attempt::improved &&
          beats(proposal.objective, have_best ? best.objective : objective_))
        best = std::move(proposal);
    }
    if (best.outcome.attempt == Attempt::improved) {
      accept(std::move(best));
      report_progress({Attempt::improved});
    }
    return stop;
  }

  /// One sub-MIP of the stage, `farms` free and the rest at `from`, into
  /// `proposal`, within the neighbourhood count, the iterations and the
  /// clock; returns why the stage stops, if it must.
  std::optional<SearchEnd> solve_counted(std::size_t seed, const std::vector<std::size_t>& farms,
                                         const From& from, std::size_t& tried, Proposal& proposal) {
    if (tried++ >= static_cast<std::size_t>(most_neighbourhoods()) || out_of_work())
      return SearchEnd::work_limit;
    const double left_s = seconds_until(deadline_);
    if (left_s < 0.5)
      return SearchEnd::deadline;
    spdlog::debug("farms waiting for land: {} with {}", problem_.farms[seed].farm_id,
                  farm_ids(farms, problem_));
    proposal = propose(farms, left_s, from);
    if (proposal.outcome.attempt == Attempt::failed)
      return SearchEnd::deadline;
    return std::nullopt;
  }

  /// The neighbourhoods of waiting farm `seed` (`receives`: farms_receiving):
  /// its own, with its competitors, with its givers and first competitor,
  /// and with its first competitor and giver, the other waiting farms
  /// favoured; and with each of the two other waiting farms that interact
  /// most with it, its first competitor and its first giver. Repeated sets once.
  WaitingTries waiting_neighbourhoods(std::size_t seed, const WaitingPull& pull,
                                      const std::vector<bool>& receives) const {
    constexpr std::size_t kCompanions = 2;
    const int size = std::max(2, settings_.first_farms);
    std::map<std::size_t, double> others;                    // by their interaction
    std::vector<std::pair<double, std::size_t>> companions;  // (interaction, farm)
    for (const auto& [other, weight] : interaction_[seed]) {
      if (!waits(problem_, other, receives))
        continue;
      others[other] = weight;
      companions.emplace_back(weight, other);
    }
    std::vector<std::vector<std::size_t>> tries{
        neighbourhood_of(problem_, seed, size, weight_, pull.receivers),
        neighbourhood_of(problem_, seed, size, weight_, pull.givers_and_first_competitor()),
        neighbourhood_of(problem_, seed, size, weight_, pull.waiting_favoured(others))};
    const std::size_t own = distinct(tries).size();
    std::stable_sort(companions.begin(), companions.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    for (std::size_t i = 0; i < std::min(kCompanions, companions.size()); ++i) {
      tries.push_back(neighbourhood_of(problem_, seed, size, weight_,
                                       pull.with_companion(companions[i].second)));
    }
    tries = distinct(std::move(tries));
    return {{tries.begin(), tries.begin() + static_cast<long>(own)},
            {tries.begin() + static_cast<long>(own), tries.end()}};
  }

  long most_neighbourhoods() const {
    return settings_.max_neighbourhoods > 0 ? settings_.max_neighbourhoods
                                            : 2 * static_cast<long>(problem_.farms.size());
  }

  /// Rounds until a round over every farm without improvement, the
  /// neighbourhood count, the iterations or the clock.
  SearchEnd search_rounds() {
    const std::size_t farm_count = problem_.farms.size();
    std::vector<std::size_t> seeds(farm_count);
    std::iota(seeds.begin(), seeds.end(), 0);
    std::mt19937 random(static_cast<unsigned>(settings_.seed));
    std::shuffle(seeds.begin(), seeds.end(), random);
    std::vector<int> seeded(farm_count, 0);  // guided: how often each farm was the seed
    const long most = most_neighbourhoods();
    int size = std::max(2, settings_.first_farms);
    std::size_t since_improvement = 0;
    for (long round = 0; round < most && since_improvement < farm_count; ++round) {
      if (out_of_work())
        return SearchEnd::work_limit;
      const double left_s = seconds_until(deadline_);
      if (left_s < 0.5)
        return SearchEnd::deadline;
      const auto seed = next_seed(round, seeds, guided_, difference_, seeded);
      const auto outcome =
          solve_neighbourhood(neighbourhood_of(problem_, seed, size, weight_), left_s);
      switch (outcome.attempt) {
        case Attempt::failed:
          return SearchEnd::deadline;
        case Attempt::improved:
          since_improvement = 0;
          break;
        default:
          ++since_improvement;
      }
      // Too large or unproven: the next one smaller; proven: larger.
      size = outcome.proven ? std::min(settings_.most_farms, size + 1) : std::max(2, size - 1);
    }
    return since_improvement < farm_count ? SearchEnd::work_limit : SearchEnd::local_optimum;
  }

  /// Sets `farms` free, the rest fixed at the incumbent, and solves what is
  /// left within `left_s`; keeps the solution where it is worth more and
  /// satisfies the whole model.
  /// The same farms, set free from the same incumbent, are the same
  /// sub-MIP: solved once, the outcome remembered until the incumbent moves.
  Outcome solve_neighbourhood(const std::vector<std::size_t>& farms, double left_s) {
    auto key = farms;
    std::sort(key.begin(), key.end());
    if (const auto known = tried_.find(key); known != tried_.end())
      return known->second;
    auto proposal = propose(farms, left_s, {values_, objective_});
    const Outcome outcome = proposal.outcome;
    if (outcome.attempt == Attempt::improved)
      accept(std::move(proposal));
    else if (outcome.attempt != Attempt::failed)
      tried_.emplace(std::move(key), outcome);
    report_progress(outcome);
    return outcome;
  }

  /// `farms` free, the rest fixed at `from` (the incumbent, or where a
  /// stage started), solved within `left_s`; `improved` where the solution
  /// is worth more than `from` and satisfies the whole model. The
  /// incumbent stays as it is.
  Proposal propose(const std::vector<std::size_t>& farms, double left_s, const From& from) {
    const auto& model = built_.model;
    RestrictedModel restricted;
    try {
      restricted = restrict_model(model, free_columns_.of(farms, from.values), from.values);
    } catch (const std::invalid_argument& error) {
      spdlog::warn("neighbourhood search: {}", error.what());
      return {};
    }
    spdlog::debug("neighbourhood search: {} farms, {} columns, {} rows free", farms.size(),
                  restricted.model.columns.size(), restricted.model.rows.size());
    // Too large to prove quickly: skipped (shrinking and solving it at once
    // costs the last swap search its time).
    if (static_cast<long>(restricted.model.columns.size()) > settings_.most_free_columns)
      return Proposal::of(Attempt::too_large);
    auto sub = sub_mip_settings(settings_, restricted, from.values, left_s);
    if (from.most_iterations > 0 && sub.max_iterations)
      sub.max_iterations = std::min(*sub.max_iterations, from.most_iterations);
    const auto solved = backend_.solve(restricted.model, sub);
    tally_.add(restricted, solved);
    if (!solved.call_ok || !solved.has_solution())
      return Proposal::of(Attempt::no_solution);
    const bool proven = solved.status == SolveStatus::optimal;
    tally_.proven += proven ? 1 : 0;
    auto proposal = Proposal::of(Attempt::not_better, proven);
    proposal.values = restricted.expand(solved.values);
    proposal.objective = model.objective_of(proposal.values);
    proposal.farms = farms.size();
    proposal.free_columns = restricted.model.columns.size();
    if (beats(proposal.objective, from.objective) && !model.first_violation(proposal.values, 1e-6))
      proposal.outcome.attempt = Attempt::improved;
    return proposal;
  }

  void accept(Proposal proposal) {
    tally_.gained += proposal.objective - objective_;
    ++tally_.improved;
    spdlog::debug("neighbourhood search: {} farms, {} of {} columns free, +{:.0f}", proposal.farms,
                  proposal.free_columns, built_.model.columns.size(),
                  proposal.objective - objective_);
    values_ = std::move(proposal.values);
    objective_ = proposal.objective;
    tried_.clear();
    if (guided_) {  // the differences have moved
      weight_ = interaction_;
      difference_ = add_relaxation_pull(problem_, built_, settings_.relaxation, values_, weight_);
    }
  }

  /// The incumbent's value to settings.progress after a sub-MIP with a solution.
  void report_progress(const Outcome& outcome) const {
    if (settings_.progress &&
        (outcome.attempt == Attempt::not_better || outcome.attempt == Attempt::improved))
      settings_.progress(objective_);
  }

  const Problem& problem_;
  const BuiltModel& built_;
  MipBackend& backend_;
  const NeighbourhoodSettings& settings_;
  const SteadyTime deadline_;
  const std::vector<std::map<std::size_t, double>> interaction_;
  std::vector<std::map<std::size_t, double>> weight_;  ///< interactions and the LP's pull
  const bool guided_;
  std::vector<double> difference_;  ///< guided: per farm, how far the LP and the proposal differ
  const FreeColumns free_columns_;
  std::vector<double> values_;
  double objective_;
  /// Neighbourhoods (sorted farms) tried from the incumbent without gain.
  std::map<std::vector<std::size_t>, Outcome> tried_;
  SubMipTally tally_;
};

/// search_neighbourhoods and serve_waiting_farms: `run` on a search over
/// `values`, unless no sub-MIP could start.
template <typename Run>
std::vector<double> run_search(const Problem& problem, const BuiltModel& built,
                               std::vector<double> values, MipBackend& backend,
                               const NeighbourhoodSettings& settings, SteadyTime deadline,
                               SearchWork* work, const Run& run) {
  if (work)
    *work = {};
  if (problem.farms.size() < 2 || built.model.first_violation(values))
    return values;
  if (seconds_until(deadline) < 0.5) {
    // No sub-MIP could start: skip the set-up, seconds on a model of a
    // million columns (the index of free columns, the farms' interactions).
    if (work)
      work->end = SearchEnd::deadline;
    return values;
  }
  NeighbourhoodSearch search(problem, built, std::move(values), backend, settings, deadline);
  const SearchEnd end = run(search);
  if (work)
    *work = {end, search.sub_mips(), search.iterations(), search.most_in_one()};
  return search.take_values();
}

}  // namespace

std::vector<double> search_neighbourhoods(const Problem& problem, const BuiltModel& built,
                                          std::vector<double> values, MipBackend& backend,
                                          const NeighbourhoodSettings& settings,
                                          std::chrono::steady_clock::time_point deadline,
                                          SearchWork* work) {
  return run_search(problem, built, std::move(values), backend, settings, deadline, work,
                    [](NeighbourhoodSearch& search) { return search.run(); });
}

std::vector<double> serve_waiting_farms(const Problem& problem, const BuiltModel& built,
                                        std::vector<double> values, MipBackend& backend,
                                        const NeighbourhoodSettings& settings, SteadyTime deadline,
                                        SearchWork* work) {
  if (waiting_farms(problem, receivers_of_parcels(problem, built, values)).empty()) {
    // Nobody waits: no set-up (seconds on a model of a million columns).
    if (work)
      *work = {};
    return values;
  }
  return run_search(problem, built, std::move(values), backend, settings, deadline, work,
                    [](NeighbourhoodSearch& search) { return search.run_waiting(); });
}

}  // namespace landpool::solver
