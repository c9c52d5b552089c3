#include "solver/problem/problem.hpp"

#include <algorithm>
#include <unordered_map>

#include "core/distance.hpp"

namespace landpool::solver {

ProposedTransfer transfer_of(const Problem& problem, std::size_t c) {
  const auto& candidate = problem.candidates[c];
  return {problem.region->parcels[problem.parcels[candidate.parcel].region_index].parcel_id,
          problem.farms[candidate.farm].farm_id, candidate.form};
}

std::vector<ProposedTransfer> transfers_of(const Problem& problem,
                                           const std::vector<std::size_t>& chosen) {
  std::vector<ProposedTransfer> transfers;
  transfers.reserve(chosen.size());
  for (std::size_t c : chosen)
    transfers.push_back(transfer_of(problem, c));
  return transfers;
}

/// The form a pool parcel would change hands in, given what the owner offers
/// and what the farm wants; nullopt when they have no mode in common. Forms
/// that change no owner come first: they are never worse (no transfer tax).
std::optional<TransferForm> pool_form(const Offer& offer, const DemandModes& wants,
                                      bool sale_allowed) {
  if (offer.modes.contains(OfferMode::lease) && wants.contains(DemandMode::lease)) {
    return TransferForm::lease;
  }
  if (offer.modes.contains(OfferMode::exchange) && wants.contains(DemandMode::exchange)) {
    return TransferForm::lease_exchange;
  }
  if (sale_allowed && offer.modes.contains(OfferMode::sale) && wants.contains(DemandMode::buy)) {
    return TransferForm::sale;
  }
  return std::nullopt;
}

namespace {

std::vector<ProblemFarm> problem_farms(const Region& region, const Scenario& scenario,
                                       std::vector<std::optional<std::size_t>>& farm_index) {
  std::unordered_map<std::string, std::size_t> region_farm;
  for (std::size_t i = 0; i < region.farms.size(); ++i)
    region_farm[region.farms[i].farm_id] = i;
  farm_index.assign(region.farms.size(), std::nullopt);
  const auto owner_of_farm = acquiring_owners(region);
  std::vector<ProblemFarm> farms;
  for (const auto& demand : region.demands) {
    const auto it = region_farm.find(demand.farm_id);
    if (it == region_farm.end())
      continue;
    const Farm& farm = region.farms[it->second];
    ProblemFarm f;
    f.region_index = it->second;
    f.farm_id = farm.farm_id;
    f.farmstead = farm.farmstead;
    f.owner_id = owner_of_farm.at(farm.farm_id);
    f.organic_managed = farm.organic_status != OrganicStatus::conventional;
    f.converts = demand.converts && !f.organic_managed;
    f.wants_min_ha = demand.wants_min_ha;
    f.wants_max_ha = demand.wants_max_ha;
    f.tolerance_share = demand.tolerance_pct.value_or(scenario.defaults.tolerance_pct) / 100.0;
    f.max_distance_m = 1000.0 * demand.max_distance_km.value_or(scenario.defaults.max_distance_km);
    f.max_partners = demand.max_partners.value_or(scenario.defaults.max_partners);
    f.modes = demand.modes;
    farm_index[it->second] = farms.size();
    farms.push_back(f);
  }
  return farms;
}

}  // namespace

namespace {

using IdIndex = std::unordered_map<std::string, std::size_t>;

/// Adds region parcel `p` as movable (once: pool land first).
void add_movable(Problem& problem, std::size_t p, MovableParcel movable) {
  if (problem.movable_index[p])
    return;
  const Parcel& parcel = problem.region->parcels[p];
  movable.region_index = p;
  movable.owner_id = parcel.owner_id;
  movable.organic = parcel.organic_status != OrganicStatus::conventional;
  movable.perennial = parcel.land_use == LandUse::perennial;
  movable.government = movable.offer && problem.allocation->government_parcel[p];
  movable.in_zone = problem.allocation->in_zone[p];
  problem.movable_index[p] = problem.parcels.size();
  problem.parcels.push_back(std::move(movable));
}

/// Pool land: offered parcels, once the offer opens and any lease has ended.
void add_pool_land(Problem& problem, const IdIndex& parcel_index) {
  const auto& region = *problem.region;
  const auto pool_free_on = pool_land_free_on(region, problem.scenario, problem.as_of);
  for (std::size_t o = 0; o < region.offers.size(); ++o) {
    const auto& offer = region.offers[o];
    const auto p = parcel_index.find(offer.parcel_id);
    const auto free_on = pool_free_on.find(offer.parcel_id);
    if (p == parcel_index.end() || free_on == pool_free_on.end())
      continue;
    MovableParcel movable;
    movable.offer = o;
    movable.available = free_on->second;
    movable.at_risk = region.parcels[p->second].organic_status != OrganicStatus::conventional;
    add_movable(problem, p->second, movable);
  }
}

/// Exchange land: what farms declared exchangeable, available now.
void add_exchange_land(Problem& problem, const IdIndex& farm_region_index) {
  const auto& region = *problem.region;
  IdIndex demand_of_farm;
  for (std::size_t d = 0; d < region.demands.size(); ++d)
    demand_of_farm[region.demands[d].farm_id] = d;
  for (std::size_t p = 0; p < region.parcels.size(); ++p) {
    const auto& parcel = region.parcels[p];
    if (!parcel.user_farm_id)
      continue;
    const auto user = farm_region_index.find(*parcel.user_farm_id);
    if (user == farm_region_index.end() || !problem.farm_index[user->second])
      continue;
    const auto& demand = region.demands[demand_of_farm.at(*parcel.user_farm_id)];
    const bool listed =
        demand.exchange.policy == ExchangeParcels::Policy::all ||
        (demand.exchange.policy == ExchangeParcels::Policy::listed &&
         std::find(demand.exchange.parcel_ids.begin(), demand.exchange.parcel_ids.end(),
                   parcel.parcel_id) != demand.exchange.parcel_ids.end());
    if (!listed)
      continue;
    MovableParcel movable;
    movable.from_farm = *problem.farm_index[user->second];
    movable.available = problem.as_of;
    add_movable(problem, p, movable);
  }
}

/// Pool land `movable` to `farm`: its form, and whether rules
/// offer_conditions and government_land allow it.
void set_pool_form(const Problem& problem, const MovableParcel& movable, const ProblemFarm& farm,
                   Candidate& candidate, bool& offer_ok, bool& government_ok) {
  const auto& scenario = problem.scenario;
  const auto& offer = problem.region->offers[*movable.offer];
  // Without rule offer_conditions any form goes, and a lease is never worse (no tax).
  auto form = scenario.rule(RuleId::offer_conditions).mode == RuleMode::off
                  ? std::optional(TransferForm::lease)
                  : pool_form(offer, farm.modes);
  if (movable.government && scenario.rule(RuleId::government_land).mode != RuleMode::off) {
    government_ok = eligible_for_government_land(
        scenario.government.eligibility, problem.region->farms[farm.region_index].organic_status,
        farm.converts);
    if (form == TransferForm::sale && !scenario.government.sale_allowed) {
      const auto without_sale = pool_form(offer, farm.modes, false);
      government_ok = government_ok && without_sale.has_value();
      if (without_sale)
        form = without_sale;
    }
  }
  if (form)
    candidate.form = *form;
  offer_ok = form.has_value() && (!offer.organic_only || farm.may_receive_organic());
}

/// Movable parcel `m` to farm `f` as the rules allow it (filtered where a
/// rule is hard, marked where it is a penalty), or nothing.
std::optional<Candidate> candidate_for(const Problem& problem, std::size_t m, std::size_t f) {
  const auto& scenario = problem.scenario;
  const auto& movable = problem.parcels[m];
  const Parcel& parcel = problem.region->parcels[movable.region_index];
  const auto& farm = problem.farms[f];
  if (movable.from_farm == f)
    return std::nullopt;
  const double distance = travel_distance_m(farm.farmstead, parcel.centroid);
  // The distance limit belongs to rule demand_balance and goes with it when it is off.
  if (distance > farm.max_distance_m && scenario.rule(RuleId::demand_balance).mode != RuleMode::off)
    return std::nullopt;
  Candidate candidate{m, f, TransferForm::lease_exchange, distance, false, false};
  const auto& offer_rule = scenario.rule(RuleId::offer_conditions);
  bool offer_ok = true, government_ok = true;
  if (movable.offer) {
    set_pool_form(problem, movable, farm, candidate, offer_ok, government_ok);
  } else {
    offer_ok = farm.modes.contains(DemandMode::exchange);
    // The farm's own parcel to a farm that wants to own land changes owner
    // (with rule offer_conditions off, an exchange of use is never worse: no tax).
    if (offer_ok && offer_rule.mode != RuleMode::off && scenario.deals.ownership_exchanges &&
        farm.modes.contains(DemandMode::buy) &&
        parcel.owner_id == problem.farms[*movable.from_farm].owner_id)
      candidate.form = TransferForm::ownership_exchange;
  }
  candidate.changes_owner = (candidate.form == TransferForm::sale ||
                             candidate.form == TransferForm::ownership_exchange) &&
                            parcel.owner_id != farm.owner_id;
  const auto& organic_rule = scenario.rule(RuleId::organic_stays_organic);
  if (movable.organic && !farm.may_receive_organic()) {
    if (organic_rule.mode == RuleMode::hard)
      return std::nullopt;
    candidate.breaks_organic_rule = organic_rule.mode == RuleMode::penalty;
  }
  if (!offer_ok) {
    if (offer_rule.mode == RuleMode::hard)
      return std::nullopt;
    candidate.breaks_offer_rule = offer_rule.mode == RuleMode::penalty;
  }
  if (!government_ok) {
    if (scenario.rule(RuleId::government_land).mode == RuleMode::hard)
      return std::nullopt;
    candidate.breaks_government_rule = true;  // penalty: `off` never sets government_ok false
  }
  return candidate;
}

/// The neighbour pairs that involve a movable parcel.
void add_pairs(Problem& problem, const std::vector<ParcelNeighbours>& neighbours,
               const IdIndex& parcel_index) {
  for (const auto& pair : neighbours) {
    const auto a = parcel_index.find(pair.parcel_a);
    const auto b = parcel_index.find(pair.parcel_b);
    if (a == parcel_index.end() || b == parcel_index.end())
      continue;
    if (!problem.movable_index[a->second] && !problem.movable_index[b->second])
      continue;
    problem.pairs.push_back({a->second, b->second, pair.shared_boundary_m});
  }
}

}  // namespace

Problem build_problem(const Region& region, const std::vector<ParcelNeighbours>& neighbours,
                      const Scenario& scenario, const Date& as_of, const CarryOver& carry) {
  Problem problem;
  problem.carry = std::make_shared<const CarryOver>(carry);
  problem.region = &region;
  problem.scenario = scenario;
  problem.as_of = as_of;
  problem.farms = problem_farms(region, scenario, problem.farm_index);
  problem.allocation =
      std::make_shared<const AllocationFacts>(allocation_facts(region, scenario, as_of));
  IdIndex parcel_index, farm_region_index;
  for (std::size_t i = 0; i < region.parcels.size(); ++i)
    parcel_index[region.parcels[i].parcel_id] = i;
  for (std::size_t i = 0; i < region.farms.size(); ++i)
    farm_region_index[region.farms[i].farm_id] = i;
  problem.movable_index.assign(region.parcels.size(), std::nullopt);
  add_pool_land(problem, parcel_index);
  add_exchange_land(problem, farm_region_index);
  for (std::size_t m = 0; m < problem.parcels.size(); ++m) {
    for (std::size_t f = 0; f < problem.farms.size(); ++f) {
      if (auto candidate = candidate_for(problem, m, f))
        problem.candidates.push_back(*candidate);
    }
  }
  add_pairs(problem, neighbours, parcel_index);
  apply_carry_over(problem);
  return problem;
}

}  // namespace landpool::solver
