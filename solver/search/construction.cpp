#include "solver/search/construction.hpp"

#include <algorithm>
#include <numeric>
#include <optional>

#include <spdlog/spdlog.h>

#include "solver/search/move_judge.hpp"

namespace landpool::solver {
namespace {

/// A row may be missed by this much, as the optimiser's own checks allow.
constexpr double kRowTolerance = 1e-6;

/// What a candidate is worth on its own, to its farm and the region.
double standalone_value(const Problem& problem, const Candidate& candidate) {
  const auto& w = problem.scenario.weights;
  const auto& movable = problem.parcels[candidate.parcel];
  const auto& farm = problem.farms[candidate.farm];
  const double area = problem.region->parcels[movable.region_index].area_ha;
  double value =
      -w.travel_eur_per_ha_km_year * w.appraisal_years * area * candidate.distance_m / 1000.0 -
      w.transaction_eur_per_parcel - w.block_eur_per_year * w.appraisal_years +
      w.area_wanted_eur_per_ha_year * w.appraisal_years * area;
  if (movable.at_risk && farm.may_receive_organic())
    value += w.keep_organic_eur_per_ha * area;
  if (!movable.organic && farm.may_receive_organic()) {
    value += w.organic_gain_eur_per_ha * area -
             w.conversion_eur_per_ha_year * (movable.perennial ? 3.0 : 2.0) * area;
  }
  // A farm alone with its pool land is never a kavelruil: a change of owner pays the tax.
  if (candidate.changes_owner) {
    const auto& parcel = problem.region->parcels[movable.region_index];
    value -= problem.scenario.deals.transfer_tax_pct / 100.0 * area *
             parcel.value_eur_per_ha.value_or(kDefaultLandValue_eur_per_ha);
  }
  return value;
}

}  // namespace

std::optional<double> verified_value(const Problem& problem, const ProposalVerifier& verifier,
                                     const std::vector<std::size_t>& candidates) {
  const auto check = verifier.evaluate(transfers_of(problem, candidates));
  if (!check.valid()) {
    spdlog::trace("heuristic trial rejected: {} {} {}", check.violations.front().rule,
                  check.violations.front().farm_id, check.violations.front().message);
    return std::nullopt;
  }
  return check.objective_eur;
}

std::vector<std::size_t> construct_proposal(const Problem& problem, const BuiltModel& built,
                                            std::size_t max_tries_per_farm,
                                            std::chrono::steady_clock::time_point deadline) {
  const auto& region = *problem.region;
  std::vector<std::vector<std::size_t>> by_farm(problem.farms.size());
  std::vector<double> value(problem.candidates.size());
  std::vector<std::size_t> held;
  for (std::size_t c = 0; c < problem.candidates.size(); ++c) {
    if (problem.candidates[c].held)
      held.push_back(c);
    // Only pool land (exchanges need partners moving together, left to the
    // MIP), and no transfer that a rule in penalty mode charges for.
    const auto& candidate = problem.candidates[c];
    if (problem.parcels[candidate.parcel].from_farm || candidate.breaks_organic_rule ||
        candidate.breaks_offer_rule || candidate.breaks_government_rule)
      continue;
    value[c] = standalone_value(problem, candidate);
    if (value[c] > 0.0)
      by_farm[problem.candidates[c].farm].push_back(c);
  }
  // Farms whose best candidates are worth most go first.
  std::vector<std::size_t> order(problem.farms.size());
  std::iota(order.begin(), order.end(), 0);
  for (auto& list : by_farm) {
    std::sort(list.begin(), list.end(),
              [&](std::size_t a, std::size_t b) { return value[a] > value[b]; });
  }
  auto best = [&](std::size_t f) { return by_farm[f].empty() ? 0.0 : value[by_farm[f].front()]; };
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return best(a) > best(b); });

  // Each step is judged on the model (every rule it touches, exactly), from
  // the deals on hold: microseconds a step, where the verifier's check of the
  // whole proposal costs 24-29 ms on 30,000 parcels.
  ModelMoves moves(problem, built, start_values(problem, built, held), kRowTolerance);
  for (std::size_t k = 0; k < order.size(); ++k) {
    const std::size_t f = order[k];
    const auto& farm = problem.farms[f];
    if (farm.wants_max_ha <= 0.0)
      continue;
    if (std::chrono::steady_clock::now() > deadline) {
      spdlog::info("construction: stopped at its deadline with {} of {} farms not tried",
                   order.size() - k, order.size());
      break;
    }
    std::vector<ParcelChange> added;
    double net = 0.0;
    std::size_t tries = 0;
    for (std::size_t c : by_farm[f]) {
      if (tries++ >= max_tries_per_farm || net >= farm.wants_max_ha)
        break;
      const auto& candidate = problem.candidates[c];
      const double area = region.parcels[problem.parcels[candidate.parcel].region_index].area_ha;
      if (moves.user_now(candidate.parcel) >= 0 || net + area > farm.wants_max_ha)
        continue;
      added.push_back({candidate.parcel, built.choose[c]});
      net += area;
      if (net + 1e-9 < farm.wants_min_ha)
        continue;                  // not enough yet to judge
      if (!moves.assess(added)) {  // undo this parcel
        added.pop_back();
        net -= area;
      }
    }
    const bool reached = net + 1e-9 >= farm.wants_min_ha;
    if (!added.empty() && reached && moves.assess(added))
      moves.apply(added);
  }
  std::vector<std::size_t> chosen;
  for (std::size_t c = 0; c < problem.candidates.size(); ++c) {
    if (moves.values()[static_cast<std::size_t>(built.choose[c])] > 0.5)
      chosen.push_back(c);
  }
  return chosen;
}

std::vector<std::size_t> improve_proposal(const Problem& problem,
                                          const std::vector<ParcelNeighbours>& neighbours,
                                          std::vector<std::size_t> chosen, int passes,
                                          long max_evaluations,
                                          std::chrono::steady_clock::time_point deadline) {
  long evaluations = 0;
  auto out_of_time = [&] {
    return evaluations >= max_evaluations || std::chrono::steady_clock::now() > deadline;
  };
  const ProposalVerifier verifier(*problem.region, neighbours, problem.scenario, problem.as_of);
  auto evaluate = [&](const std::vector<std::size_t>& candidates) {
    return verified_value(problem, verifier, candidates);
  };
  double current = evaluate(chosen).value_or(0.0);
  std::vector<std::optional<std::size_t>> holder(problem.parcels.size());  // position in chosen
  auto reindex = [&] {
    std::fill(holder.begin(), holder.end(), std::nullopt);
    for (std::size_t k = 0; k < chosen.size(); ++k)
      holder[problem.candidates[chosen[k]].parcel] = k;
  };
  reindex();
  std::vector<std::size_t> order(problem.candidates.size());
  std::iota(order.begin(), order.end(), 0);
  std::vector<double> value(problem.candidates.size());
  for (std::size_t c = 0; c < value.size(); ++c)
    value[c] = standalone_value(problem, problem.candidates[c]);
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return value[a] > value[b]; });

  bool improved = false;
  auto keep_if_better = [&](std::vector<std::size_t> trial) {
    ++evaluations;
    const auto value_of_trial = evaluate(trial);
    if (value_of_trial && *value_of_trial > current + 1e-6) {
      chosen = std::move(trial);
      current = *value_of_trial;
      reindex();
      improved = true;
    }
  };
  for (int pass = 0; pass < passes && !out_of_time(); ++pass) {
    improved = false;
    // Dropping a transfer can pay too (a sale whose tax outweighs it).
    for (std::size_t k = chosen.size(); k-- > 0 && !out_of_time();) {
      auto trial = chosen;
      trial.erase(trial.begin() + static_cast<std::ptrdiff_t>(k));
      keep_if_better(std::move(trial));
    }
    for (std::size_t c : order) {
      if (out_of_time())
        break;
      const auto parcel = problem.candidates[c].parcel;
      auto trial = chosen;
      if (holder[parcel]) {
        if (chosen[*holder[parcel]] == c)
          continue;
        trial[*holder[parcel]] = c;  // move the parcel to this farm
      } else {
        trial.push_back(c);
      }
      keep_if_better(std::move(trial));
    }
    if (!improved)
      break;
  }
  return chosen;
}

}  // namespace landpool::solver
