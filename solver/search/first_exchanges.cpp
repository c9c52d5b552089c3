#include "solver/search/first_exchanges.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include <spdlog/spdlog.h>

#include "core/clock.hpp"
#include "core/distance.hpp"
#include "solver/search/construction.hpp"

namespace landpool::solver {
namespace {

// Per (giver, receiver) pair, the best few candidates by estimate, and per
// giver the receivers with the best of them: enough to find good swaps and
// rings without enumerating every combination in a region where all farms
// could exchange with all.
constexpr std::size_t kBestPerPair = 6;
constexpr std::size_t kReceiversPerGiver = 8;

struct Move {
  std::vector<std::size_t> candidates;
  double estimate_eur = 0.0;
};

/// What one exchange candidate is worth to its two farms, roughly: travel
/// and consolidation the giver saves and the receiver gains, conversion and
/// the organic gain, the transaction cost (the transfer tax is per move).
class Estimator {
 public:
  /// `chosen`: the proposal so far, whose receivers count as the users.
  Estimator(const Problem& problem, const std::vector<std::size_t>& chosen) : problem_(problem) {
    const auto& region = *problem.region;
    user_.assign(region.parcels.size(), std::nullopt);
    std::unordered_map<std::string, std::size_t> farm_of_id;
    for (std::size_t f = 0; f < problem.farms.size(); ++f)
      farm_of_id[problem.farms[f].farm_id] = f;
    for (std::size_t p = 0; p < region.parcels.size(); ++p) {
      const auto& user = region.parcels[p].user_farm_id;
      if (user) {
        if (const auto it = farm_of_id.find(*user); it != farm_of_id.end())
          user_[p] = it->second;
      }
    }
    for (std::size_t c : chosen) {
      const auto& candidate = problem.candidates[c];
      user_[problem.parcels[candidate.parcel].region_index] = candidate.farm;
    }
    touching_.resize(region.parcels.size());
    for (const auto& pair : problem.pairs) {
      touching_[pair.a].emplace_back(pair.b, pair.shared_boundary_m);
      touching_[pair.b].emplace_back(pair.a, pair.shared_boundary_m);
    }
  }

  /// What the candidate is worth to the farm that gives the parcel up:
  /// travel saved, one parcel fewer to work, boundary with its own land lost.
  double giver_eur(const Candidate& candidate) const {
    const auto& w = problem_.scenario.weights;
    const auto& movable = problem_.parcels[candidate.parcel];
    const auto& parcel = problem_.region->parcels[movable.region_index];
    const auto& giver = problem_.farms[*movable.from_farm];
    double value = w.travel_eur_per_ha_km_year * w.appraisal_years * parcel.area_ha *
                       travel_distance_m(giver.farmstead, parcel.centroid) / 1000.0 +
                   w.block_eur_per_year * w.appraisal_years;
    for (const auto& [other, length_m] : touching_[movable.region_index]) {
      if (user_[other] == movable.from_farm)
        value -= w.own_pair_eur(length_m);
    }
    return value;
  }

  /// What it is worth to the farm that receives it: travel, one parcel more
  /// to work, boundary with its own land, conversion and the transaction cost.
  double receiver_eur(const Candidate& candidate) const {
    const auto& w = problem_.scenario.weights;
    const auto& movable = problem_.parcels[candidate.parcel];
    const auto& parcel = problem_.region->parcels[movable.region_index];
    double value = -w.travel_eur_per_ha_km_year * w.appraisal_years * parcel.area_ha *
                       candidate.distance_m / 1000.0 -
                   w.transaction_eur_per_parcel - w.block_eur_per_year * w.appraisal_years;
    for (const auto& [other, length_m] : touching_[movable.region_index]) {
      if (user_[other] == candidate.farm)
        value += w.own_pair_eur(length_m);
    }
    if (!movable.organic && problem_.farms[candidate.farm].may_receive_organic())
      value -= w.conversion_eur_per_ha_year * (movable.perennial ? 3.0 : 2.0) * parcel.area_ha;
    return value;
  }

  /// Both farms' parts and the region's organic gain.
  double value_eur(const Candidate& candidate) const {
    const auto& movable = problem_.parcels[candidate.parcel];
    double value = giver_eur(candidate) + receiver_eur(candidate);
    if (!movable.organic && problem_.farms[candidate.farm].may_receive_organic())
      value += problem_.scenario.weights.organic_gain_eur_per_ha *
               problem_.region->parcels[movable.region_index].area_ha;
    return value;
  }

  /// Shared boundary of two region parcels (0 when they do not touch).
  double boundary_m(std::size_t a, std::size_t b) const {
    for (const auto& [other, length_m] : touching_[a]) {
      if (other == b)
        return length_m;
    }
    return 0.0;
  }

  /// The tax the move would pay as a deal of its own.
  double tax_eur(const std::vector<std::size_t>& candidates) const {
    std::set<std::string> giving, receiving;
    double changing_eur = 0.0;
    for (std::size_t c : candidates) {
      const auto& candidate = problem_.candidates[c];
      if (!candidate.changes_owner)
        continue;
      const auto& parcel =
          problem_.region->parcels[problem_.parcels[candidate.parcel].region_index];
      giving.insert(parcel.owner_id);
      receiving.insert(problem_.farms[candidate.farm].owner_id);
      changing_eur +=
          parcel.area_ha * parcel.value_eur_per_ha.value_or(kDefaultLandValue_eur_per_ha);
    }
    if (giving.size() >= 3 && receiving.size() >= 2)
      return 0.0;
    return problem_.scenario.deals.transfer_tax_pct / 100.0 * changing_eur;
  }

 private:
  const Problem& problem_;
  std::vector<std::optional<std::size_t>> user_;  ///< problem farm using each region parcel
  std::vector<std::vector<std::pair<std::size_t, double>>> touching_;
};

/// Hectares each farm gives and receives in `candidates`.
using Areas = std::map<std::size_t, std::pair<double, double>>;
Areas given_and_received(const Problem& problem, const std::vector<std::size_t>& candidates) {
  Areas given_received;
  for (std::size_t c : candidates) {
    const auto& candidate = problem.candidates[c];
    const auto& movable = problem.parcels[candidate.parcel];
    const double area = problem.region->parcels[movable.region_index].area_ha;
    if (movable.from_farm)
      given_received[*movable.from_farm].first += area;
    given_received[candidate.farm].second += area;
  }
  return given_received;
}

/// With the move added to what the proposal already gives and receives
/// (`so_far`), each farm of the move must end within its demand band,
/// widened by its tolerance of all it gives.
bool balanced(const Problem& problem, const std::vector<std::size_t>& candidates,
              const Areas& so_far) {
  Areas given_received;
  for (const auto& [f, areas] : given_and_received(problem, candidates)) {
    const auto before = so_far.find(f);
    given_received[f] = areas;
    if (before != so_far.end()) {
      given_received[f].first += before->second.first;
      given_received[f].second += before->second.second;
    }
  }
  for (const auto& [f, areas] : given_received) {
    const auto& farm = problem.farms[f];
    const double net = areas.second - areas.first;
    const double slack = farm.tolerance_share * areas.first;
    if (net < farm.wants_min_ha - slack - 1e-9 || net > farm.wants_max_ha + slack + 1e-9)
      return false;
  }
  return true;
}

std::vector<Move> candidate_moves(const Problem& problem, const Estimator& estimator,
                                  const std::vector<bool>& parcel_used, const Areas& so_far) {
  std::vector<double> value(problem.candidates.size(), 0.0);
  std::map<std::pair<std::size_t, std::size_t>, std::vector<std::size_t>> best;
  for (std::size_t c = 0; c < problem.candidates.size(); ++c) {
    const auto& candidate = problem.candidates[c];
    const auto& giver = problem.parcels[candidate.parcel].from_farm;
    if (!giver || candidate.breaks_organic_rule || candidate.breaks_offer_rule ||
        parcel_used[candidate.parcel])
      continue;
    value[c] = estimator.value_eur(candidate);
    best[{*giver, candidate.farm}].push_back(c);
  }
  for (auto& [pair, list] : best) {
    std::stable_sort(list.begin(), list.end(),
                     [&](std::size_t a, std::size_t b) { return value[a] > value[b]; });
    if (list.size() > kBestPerPair)
      list.resize(kBestPerPair);
  }
  std::map<std::size_t, std::vector<std::size_t>> receivers_of;  // giver -> best receivers
  for (const auto& [pair, list] : best)
    receivers_of[pair.first].push_back(pair.second);
  for (auto& [giver, receivers] : receivers_of) {
    auto top = [&](std::size_t receiver) { return value[best.at({giver, receiver}).front()]; };
    std::stable_sort(receivers.begin(), receivers.end(),
                     [&](std::size_t a, std::size_t b) { return top(a) > top(b); });
    if (receivers.size() > kReceiversPerGiver)
      receivers.resize(kReceiversPerGiver);
  }
  auto among_best = [&](std::size_t giver, std::size_t receiver) {
    const auto& list = receivers_of[giver];
    return std::find(list.begin(), list.end(), receiver) != list.end();
  };

  std::vector<Move> moves;
  auto consider = [&](std::vector<std::size_t> candidates) {
    double estimate = -estimator.tax_eur(candidates);
    std::map<std::size_t, double> farm_gain;  // rule nobody_worse_off (5): each farm gains
    for (std::size_t c : candidates) {
      estimate += value[c];
      const auto& candidate = problem.candidates[c];
      farm_gain[*problem.parcels[candidate.parcel].from_farm] += estimator.giver_eur(candidate);
      farm_gain[candidate.farm] += estimator.receiver_eur(candidate);
      // What a farm receives next to what it gives in the same move is no
      // boundary with its own land.
      for (std::size_t other : candidates) {
        const auto& given = problem.parcels[problem.candidates[other].parcel];
        if (given.from_farm != candidate.farm)
          continue;
        const double lost_eur = problem.scenario.weights.own_pair_eur(estimator.boundary_m(
            problem.parcels[candidate.parcel].region_index, given.region_index));
        estimate -= lost_eur;
        farm_gain[candidate.farm] -= lost_eur;
      }
    }
    const bool all_gain = std::all_of(farm_gain.begin(), farm_gain.end(),
                                      [](const auto& entry) { return entry.second >= 0.0; });
    if (estimate > 0.0 && all_gain && balanced(problem, candidates, so_far))
      moves.push_back({std::move(candidates), estimate});
  };
  for (const auto& [ab, first] : best) {
    const auto [a, b] = ab;
    if (!among_best(a, b))
      continue;
    // Swaps a <-> b (each pair once), and rings a -> b -> c -> a.
    if (const auto back = best.find({b, a}); back != best.end() && a < b && among_best(b, a)) {
      const auto& second = back->second;
      for (std::size_t c1 : first)
        for (std::size_t c2 : second)
          consider({c1, c2});
      // One parcel for two, either way: areas rarely match one for one.
      for (std::size_t i = 0; i < second.size(); ++i)
        for (std::size_t j = i + 1; j < second.size(); ++j)
          for (std::size_t c1 : first)
            consider({c1, second[i], second[j]});
      for (std::size_t i = 0; i < first.size(); ++i)
        for (std::size_t j = i + 1; j < first.size(); ++j) {
          for (std::size_t c2 : second)
            consider({first[i], first[j], c2});
          for (std::size_t k = 0; k < second.size(); ++k)  // and two for two
            for (std::size_t m = k + 1; m < second.size(); ++m)
              consider({first[i], first[j], second[k], second[m]});
        }
    }
    for (std::size_t c : receivers_of[b]) {
      if (c == a || c == b)
        continue;
      const auto closing = best.find({c, a});
      // Each ring once, from its smallest farm.
      if (closing == best.end() || !among_best(c, a) || !(a < b && a < c))
        continue;
      for (std::size_t c1 : first)
        for (std::size_t c2 : best.at({b, c}))
          for (std::size_t c3 : closing->second)
            consider({c1, c2, c3});
    }
  }
  std::stable_sort(moves.begin(), moves.end(),
                   [](const Move& x, const Move& y) { return x.estimate_eur > y.estimate_eur; });
  return moves;
}

}  // namespace

std::vector<std::size_t> add_exchanges(const Problem& problem,
                                       const std::vector<ParcelNeighbours>& neighbours,
                                       std::vector<std::size_t> chosen, long max_evaluations,
                                       std::chrono::steady_clock::time_point deadline) {
  const auto start = std::chrono::steady_clock::now();
  const ProposalVerifier verifier(*problem.region, neighbours, problem.scenario, problem.as_of);
  auto verified = [&](const std::vector<std::size_t>& candidates) {
    return verified_value(problem, verifier, candidates);
  };
  double current = verified(chosen).value_or(0.0);
  std::vector<bool> parcel_used(problem.parcels.size(), false);
  for (std::size_t c : chosen)
    parcel_used[problem.candidates[c].parcel] = true;

  // Rounds: the estimates of a round assume the proposal as it stood at its
  // start; once moves were kept, holdings changed and the next round
  // re-ranks what is left.
  long evaluations = 0, rounds = 0, accepted = 0, invalid = 0;
  bool kept = true;
  while (kept && evaluations < max_evaluations && std::chrono::steady_clock::now() <= deadline) {
    kept = false;
    ++rounds;
    const Estimator estimator(problem, chosen);
    const auto moves =
        candidate_moves(problem, estimator, parcel_used, given_and_received(problem, chosen));
    spdlog::debug("exchange search round {}: {} moves estimated to pay", rounds, moves.size());
    // A farm may take part in several moves over the rounds (the verifier
    // judges the deal they make together), in one per round, as the round's
    // estimates assume its holdings at the round's start; a parcel moves once.
    std::vector<bool> farm_changed(problem.farms.size(), false);
    for (const auto& move : moves) {
      if (evaluations >= max_evaluations || std::chrono::steady_clock::now() > deadline)
        break;
      const bool free = std::all_of(move.candidates.begin(), move.candidates.end(), [&](auto c) {
        const auto& candidate = problem.candidates[c];
        return !parcel_used[candidate.parcel] && !farm_changed[candidate.farm] &&
               !farm_changed[*problem.parcels[candidate.parcel].from_farm];
      });
      if (!free)
        continue;
      auto trial = chosen;
      trial.insert(trial.end(), move.candidates.begin(), move.candidates.end());
      ++evaluations;
      const auto value = verified(trial);
      invalid += value ? 0 : 1;
      if (!value || *value <= current + 1e-6)
        continue;
      ++accepted;
      chosen = std::move(trial);
      current = *value;
      kept = true;
      for (std::size_t c : move.candidates) {
        parcel_used[problem.candidates[c].parcel] = true;
        farm_changed[problem.candidates[c].farm] = true;
      }
    }
  }
  spdlog::debug("exchange search: {} rounds, {} trials, {} kept, {} broke a rule, {:.2f} s", rounds,
                evaluations, accepted, invalid, seconds_since(start));
  return chosen;
}

}  // namespace landpool::solver
