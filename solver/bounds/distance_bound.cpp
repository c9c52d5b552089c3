#include "solver/bounds/distance_bound.hpp"

#include <algorithm>
#include <unordered_map>

#include "core/clock.hpp"
#include "core/distance.hpp"
#include "solver/backends/lp_relaxation.hpp"

namespace landpool::solver {
namespace {

/// Per region parcel: area x distance to the problem farm using it in the
/// baseline (nothing proposed), or 0. Pool land leaves its user either way,
/// as the model and the verifier count it.
std::vector<double> travel_now_ha_km(const Problem& problem) {
  std::unordered_map<std::string, std::size_t> farm_of_id;
  for (std::size_t f = 0; f < problem.farms.size(); ++f)
    farm_of_id.emplace(problem.farms[f].farm_id, f);
  std::vector<double> travel;
  const auto& parcels = problem.region->parcels;
  for (std::size_t p = 0; p < parcels.size(); ++p) {
    const auto& parcel = parcels[p];
    const auto movable = problem.movable_index[p];
    const bool pool = movable && !problem.parcels[*movable].from_farm;
    const auto user =
        parcel.user_farm_id && !pool ? farm_of_id.find(*parcel.user_farm_id) : farm_of_id.end();
    travel.push_back(
        user == farm_of_id.end()
            ? 0.0
            : parcel.area_ha *
                  travel_distance_m(problem.farms[user->second].farmstead, parcel.centroid) /
                  1000.0);
  }
  return travel;
}

/// The change in travel when candidate `c` is chosen (negative: shorter).
double travel_change_ha_km(const Problem& problem, const Candidate& candidate) {
  const auto& movable = problem.parcels[candidate.parcel];
  const auto& parcel = problem.region->parcels[movable.region_index];
  const double to_ha_km = parcel.area_ha * candidate.distance_m / 1000.0;
  if (!movable.from_farm)
    return to_ha_km;
  const auto& giver = problem.farms[*movable.from_farm];
  return to_ha_km - parcel.area_ha * travel_distance_m(giver.farmstead, parcel.centroid) / 1000.0;
}

/// x[c] per candidate and z[f] per farm, maximising the travel saved, with
/// each parcel once and each farm's net area in its band.
LinearModel relaxation(const Problem& problem) {
  LinearModel model;
  const auto& region = *problem.region;
  std::vector<int> z(problem.farms.size());
  for (std::size_t f = 0; f < problem.farms.size(); ++f)
    z[f] = model.add_continuous("z", 0.0, 1.0, 0.0);
  std::vector<std::vector<std::pair<int, double>>> once(problem.parcels.size());
  std::vector<std::vector<std::pair<int, double>>> net(problem.farms.size()),
      given(problem.farms.size());
  for (const auto& candidate : problem.candidates) {
    const int x = model.add_continuous("x", 0.0, 1.0, -travel_change_ha_km(problem, candidate));
    const auto& movable = problem.parcels[candidate.parcel];
    const double area = region.parcels[movable.region_index].area_ha;
    once[candidate.parcel].emplace_back(x, 1.0);
    net[candidate.farm].emplace_back(x, area);
    if (movable.from_farm) {
      net[*movable.from_farm].emplace_back(x, -area);
      given[*movable.from_farm].emplace_back(x, area);
    }
  }
  for (auto& terms : once) {
    if (terms.size() > 1)
      model.add_row("once", std::move(terms), -kInfinity, 1.0);
  }
  if (problem.scenario.rule(RuleId::demand_balance).mode != RuleMode::hard)
    return model;
  for (std::size_t f = 0; f < problem.farms.size(); ++f) {
    const auto& farm = problem.farms[f];
    auto low = net[f], high = net[f];
    low.emplace_back(z[f], -farm.wants_min_ha);
    high.emplace_back(z[f], -farm.wants_max_ha);
    for (const auto& [column, area] : given[f]) {
      low.emplace_back(column, farm.tolerance_share * area);
      high.emplace_back(column, -farm.tolerance_share * area);
    }
    model.add_row("balance_min", std::move(low), 0.0, kInfinity);
    model.add_row("balance_max", std::move(high), -kInfinity, 0.0);
  }
  return model;
}

/// Travel after `transfers`, from each parcel's travel now (`now`).
double travel_after(const Problem& problem, const std::vector<double>& now,
                    const std::vector<ProposedTransfer>& transfers) {
  const auto& region = *problem.region;
  std::unordered_map<std::string, std::size_t> farm_of_id;
  for (std::size_t f = 0; f < problem.farms.size(); ++f)
    farm_of_id.emplace(problem.farms[f].farm_id, f);
  std::unordered_map<std::string, const ProposedTransfer*> transfer_of_parcel;
  for (const auto& transfer : transfers)
    transfer_of_parcel.emplace(transfer.parcel_id, &transfer);
  double travel = 0.0;
  for (std::size_t p = 0; p < region.parcels.size(); ++p) {
    const auto& parcel = region.parcels[p];
    const auto moved = transfer_of_parcel.find(parcel.parcel_id);
    if (moved == transfer_of_parcel.end()) {
      travel += now[p];
      continue;
    }
    if (const auto to = farm_of_id.find(moved->second->to_farm_id); to != farm_of_id.end())
      travel += parcel.area_ha *
                travel_distance_m(problem.farms[to->second].farmstead, parcel.centroid) / 1000.0;
  }
  return travel;
}

}  // namespace

DistanceBound distance_bound(const Problem& problem, const std::vector<ProposedTransfer>& transfers,
                             double time_limit_s) {
  const auto start = std::chrono::steady_clock::now();
  DistanceBound bound;
  const auto now = travel_now_ha_km(problem);
  for (const double travel : now)
    bound.travel_before_ha_km += travel;
  bound.travel_after_ha_km = travel_after(problem, now, transfers);
  bound.least_travel_ha_km = bound.travel_before_ha_km;
  if (!problem.candidates.empty()) {
    const auto lp = solve_lp_relaxation(relaxation(problem), time_limit_s);
    bound.proven = lp.outcome == LpRelaxation::Outcome::optimal;
    if (lp.outcome != LpRelaxation::Outcome::infeasible)
      bound.least_travel_ha_km = bound.travel_before_ha_km - std::max(0.0, lp.bound);
  } else {
    bound.proven = true;
  }
  bound.seconds = seconds_since(start);
  return bound;
}

}  // namespace landpool::solver
