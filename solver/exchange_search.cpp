#include "solver/exchange_search.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "core/distance.hpp"
#include "solver/verifier.hpp"

namespace landpool::solver {
namespace {

// Per (giver, receiver) pair, the best few candidates by estimate, and per
// giver the receivers with the best of them: enough to find good swaps and
// rings without enumerating every combination in a region where all farms
// could exchange with all.
constexpr std::size_t kBestPerPair = 3;
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
  Estimator(const Problem& problem) : problem_(problem) {
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
    touching_.resize(region.parcels.size());
    for (const auto& pair : problem.pairs) {
      touching_[pair.a].emplace_back(pair.b, pair.shared_boundary_m);
      touching_[pair.b].emplace_back(pair.a, pair.shared_boundary_m);
    }
  }

  double value_eur(const Candidate& candidate) const {
    const auto& w = problem_.scenario.weights;
    const double years = w.appraisal_years;
    const auto& movable = problem_.parcels[candidate.parcel];
    const auto& parcel = problem_.region->parcels[movable.region_index];
    const auto& receiver = problem_.farms[candidate.farm];
    const auto& giver = problem_.farms[*movable.from_farm];
    const double giver_m = travel_distance_m(giver.farmstead, parcel.centroid);
    double value = w.travel_eur_per_ha_km_year * years * parcel.area_ha *
                       (giver_m - candidate.distance_m) / 1000.0 -
                   w.transaction_eur_per_parcel;
    for (const auto& [other, length_m] : touching_[movable.region_index]) {
      if (user_[other] == candidate.farm)
        value += w.consolidation_eur_per_m_year * years * length_m;
      if (user_[other] == movable.from_farm)
        value -= w.consolidation_eur_per_m_year * years * length_m;
    }
    if (!movable.organic && receiver.may_receive_organic()) {
      value += (w.organic_gain_eur_per_ha -
                w.conversion_eur_per_ha_year * (movable.perennial ? 3.0 : 2.0)) *
               parcel.area_ha;
    }
    return value;
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

/// Each farm of the move gives one parcel and receives one: its net change
/// must fit its demand band, widened by its tolerance of what it gives.
bool balanced(const Problem& problem, const std::vector<std::size_t>& candidates) {
  std::map<std::size_t, std::pair<double, double>> given_received;
  for (std::size_t c : candidates) {
    const auto& candidate = problem.candidates[c];
    const auto& movable = problem.parcels[candidate.parcel];
    const double area = problem.region->parcels[movable.region_index].area_ha;
    given_received[*movable.from_farm].first += area;
    given_received[candidate.farm].second += area;
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

std::vector<Move> candidate_moves(const Problem& problem, const Estimator& estimator) {
  std::vector<double> value(problem.candidates.size(), 0.0);
  std::map<std::pair<std::size_t, std::size_t>, std::vector<std::size_t>> best;
  for (std::size_t c = 0; c < problem.candidates.size(); ++c) {
    const auto& candidate = problem.candidates[c];
    const auto& giver = problem.parcels[candidate.parcel].from_farm;
    if (!giver || candidate.breaks_organic_rule || candidate.breaks_offer_rule)
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
    for (std::size_t c : candidates)
      estimate += value[c];
    if (estimate > 0.0 && balanced(problem, candidates))
      moves.push_back({std::move(candidates), estimate});
  };
  for (const auto& [ab, first] : best) {
    const auto [a, b] = ab;
    if (!among_best(a, b))
      continue;
    // Swaps a <-> b (each pair once), and rings a -> b -> c -> a.
    if (const auto back = best.find({b, a}); back != best.end() && a < b && among_best(b, a)) {
      for (std::size_t c1 : first)
        for (std::size_t c2 : back->second)
          consider({c1, c2});
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
  const auto& region = *problem.region;
  auto transfers_of = [&](const std::vector<std::size_t>& candidates) {
    std::vector<ProposedTransfer> transfers;
    for (std::size_t c : candidates) {
      const auto& candidate = problem.candidates[c];
      transfers.push_back({region.parcels[problem.parcels[candidate.parcel].region_index].parcel_id,
                           problem.farms[candidate.farm].farm_id, candidate.form});
    }
    return transfers;
  };
  auto verified = [&](const std::vector<std::size_t>& candidates) -> std::optional<double> {
    const auto check = verify_proposal(region, neighbours, problem.scenario, problem.as_of,
                                       transfers_of(candidates));
    if (!check.valid())
      return std::nullopt;
    return check.objective_eur;
  };
  double current = verified(chosen).value_or(0.0);
  std::vector<bool> parcel_used(problem.parcels.size(), false);
  for (std::size_t c : chosen)
    parcel_used[problem.candidates[c].parcel] = true;

  const Estimator estimator(problem);
  long evaluations = 0;
  for (const auto& move : candidate_moves(problem, estimator)) {
    if (evaluations >= max_evaluations || std::chrono::steady_clock::now() > deadline)
      break;
    // A farm may take part in several moves (the verifier judges the deal
    // they make together); a parcel moves once.
    const bool free = std::all_of(move.candidates.begin(), move.candidates.end(), [&](auto c) {
      return !parcel_used[problem.candidates[c].parcel];
    });
    if (!free)
      continue;
    auto trial = chosen;
    trial.insert(trial.end(), move.candidates.begin(), move.candidates.end());
    ++evaluations;
    const auto value = verified(trial);
    if (!value || *value <= current + 1e-6)
      continue;
    chosen = std::move(trial);
    current = *value;
    for (std::size_t c : move.candidates)
      parcel_used[problem.candidates[c].parcel] = true;
  }
  return chosen;
}

}  // namespace landpool::solver
