#include "solver/verify/verifier.hpp"

#include <algorithm>
#include <set>
#include <unordered_map>

#include <spdlog/fmt/fmt.h>

#include "core/distance.hpp"
#include "solver/problem/allocation.hpp"
#include "solver/verify/deal_grouping.hpp"

namespace landpool::solver {
namespace {

constexpr double kTolerance = 1e-6;
// Value assumed for a parcel without value_eur_per_ha (documented in docs/model.md).
constexpr double kDefaultValue_eur_per_ha = 60000.0;

const char* rule_name(RuleId id) {
  return kRuleNames[static_cast<std::size_t>(id)];
}

/// Everything the verifier needs, indexed from the region by id.
struct Index {
  std::unordered_map<std::string, std::size_t> parcel, farm, demand, offer;
  std::vector<bool> movable_pool;  ///< per parcel
  std::vector<bool> exchangeable;  ///< per parcel
  /// Who owns what a farm acquires: its owner record, else the farm's id.
  std::unordered_map<std::string, std::string> owner_of_farm;

  Index(const Region& region, const Scenario& scenario, const Date& as_of) {
    for (const auto& owner : region.owners) {
      if (owner.farm_id)
        owner_of_farm.emplace(*owner.farm_id, owner.owner_id);
    }
    for (const auto& each : region.farms)
      owner_of_farm.emplace(each.farm_id, each.farm_id);
    for (std::size_t i = 0; i < region.parcels.size(); ++i)
      parcel[region.parcels[i].parcel_id] = i;
    for (std::size_t i = 0; i < region.farms.size(); ++i)
      farm[region.farms[i].farm_id] = i;
    for (std::size_t i = 0; i < region.demands.size(); ++i)
      demand[region.demands[i].farm_id] = i;
    for (std::size_t i = 0; i < region.offers.size(); ++i)
      offer[region.offers[i].parcel_id] = i;
    const Date horizon_end = add_months(as_of, scenario.defaults.horizon_months);
    std::unordered_map<std::string, Date> free_from;
    std::set<std::string> open_ended;
    for (const auto& lease : region.leases) {
      if (!lease.end_date) {
        open_ended.insert(lease.parcel_id);
        continue;
      }
      auto [it, inserted] = free_from.emplace(lease.parcel_id, day_after(*lease.end_date));
      if (!inserted && day_after(*lease.end_date) > it->second)
        it->second = day_after(*lease.end_date);
    }
    movable_pool.assign(region.parcels.size(), false);
    exchangeable.assign(region.parcels.size(), false);
    for (const auto& o : region.offers) {
      const auto p = parcel.find(o.parcel_id);
      if (p == parcel.end() || open_ended.contains(o.parcel_id))
        continue;
      Date available = std::max(o.available_from, as_of);
      if (auto f = free_from.find(o.parcel_id); f != free_from.end())
        available = std::max(available, f->second);
      movable_pool[p->second] = available <= horizon_end;
    }
    for (std::size_t p = 0; p < region.parcels.size(); ++p) {
      const auto& user = region.parcels[p].user_farm_id;
      if (!user || movable_pool[p])
        continue;
      const auto d = demand.find(*user);
      if (d == demand.end())
        continue;
      const auto& exchange = region.demands[d->second].exchange;
      exchangeable[p] = exchange.policy == ExchangeParcels::Policy::all ||
                        std::find(exchange.parcel_ids.begin(), exchange.parcel_ids.end(),
                                  region.parcels[p].parcel_id) != exchange.parcel_ids.end();
    }
  }
};

bool may_receive_organic(const Farm& farm, const Demand* demand) {
  return farm.organic_status != OrganicStatus::conventional || (demand && demand->converts);
}

double value_eur(const Parcel& parcel) {
  return parcel.area_ha * parcel.value_eur_per_ha.value_or(kDefaultValue_eur_per_ha);
}

/// Held transfers present and their parcels and farms in nothing else; no
/// refused deal whole again; no refused pair. Returns the stability term.
double check_carry_over(const Region& region, const Index& index, const Scenario& scenario,
                        const std::vector<ProposedTransfer>& transfers, const CarryOver& carry,
                        Evaluation& result) {
  if (carry.empty())
    return 0.0;
  auto violation = [&](const std::string& farm, const std::string& parcel, std::string message) {
    result.violations.push_back({"carry_over", farm, parcel, std::move(message)});
  };
  std::set<std::pair<std::string, std::string>> proposed;
  for (const auto& t : transfers)
    proposed.insert({t.parcel_id, t.to_farm_id});
  // Pool land as rule who_may_move (1) sees it: offered and free within the horizon.
  auto is_pool = [&](const std::string& parcel_id) {
    const auto p = index.parcel.find(parcel_id);
    return p != index.parcel.end() && index.movable_pool[p->second];
  };
  // The party on the other side of a transfer: the giving farm, or the owner of pool land.
  auto partner = [&](const ProposedTransfer& t) -> std::string {
    const auto p = index.parcel.find(t.parcel_id);
    if (p == index.parcel.end())
      return "";
    const Parcel& parcel = region.parcels[p->second];
    if (!index.movable_pool[p->second] && parcel.user_farm_id)
      return *parcel.user_farm_id;
    return parcel.owner_id;
  };

  std::set<std::string> held_parcels, held_farms;
  std::set<std::pair<std::string, std::string>> held;
  for (const auto& t : carry.held) {
    held.insert({t.parcel_id, t.to_farm_id});
    held_parcels.insert(t.parcel_id);
    held_farms.insert(t.to_farm_id);
    if (!is_pool(t.parcel_id))
      held_farms.insert(partner(t));
    if (!proposed.contains({t.parcel_id, t.to_farm_id}))
      violation(t.to_farm_id, t.parcel_id, "a transfer of a deal on hold is missing");
  }
  for (const auto& t : transfers) {
    if (held.contains({t.parcel_id, t.to_farm_id}))
      continue;
    const std::string giver = is_pool(t.parcel_id) ? std::string() : partner(t);
    if (held_parcels.contains(t.parcel_id) || held_farms.contains(t.to_farm_id) ||
        (!giver.empty() && held_farms.contains(giver)))
      violation(t.to_farm_id, t.parcel_id, "touches a deal on hold");
  }
  for (const auto& deal : carry.refused_deals) {
    const bool again = !deal.empty() && std::all_of(deal.begin(), deal.end(), [&](const auto& t) {
      return proposed.contains({t.parcel_id, t.to_farm_id});
    });
    if (again)
      violation(deal.front().to_farm_id, "", "a refused deal is proposed again");
  }
  if (!scenario.cycle.pair_refused_partners) {
    std::set<std::pair<std::string, std::string>> refused;
    for (const auto& [farm, other] : carry.refused_partners) {
      refused.insert({farm, other});
      refused.insert({other, farm});
    }
    for (const auto& t : transfers) {
      if (refused.contains({t.to_farm_id, partner(t)}))
        violation(t.to_farm_id, t.parcel_id, "pairs the farm with a partner it refused");
    }
  }
  std::set<std::pair<std::string, std::string>> previous;
  for (const auto& t : carry.previous)
    previous.insert({t.parcel_id, t.to_farm_id});
  double kept = 0.0;
  for (const auto& t : transfers)
    kept += previous.contains({t.parcel_id, t.to_farm_id}) ? 1.0 : 0.0;
  return scenario.cycle.stability_eur_per_transfer * kept;
}

}  // namespace

bool form_allowed(const Offer* offer, const Demand& receiver, TransferForm form) {
  switch (form) {
    case TransferForm::lease:
      return offer && offer->modes.contains(OfferMode::lease) &&
             receiver.modes.contains(DemandMode::lease);
    case TransferForm::sale:
      return offer && offer->modes.contains(OfferMode::sale) &&
             receiver.modes.contains(DemandMode::buy);
    case TransferForm::lease_exchange:
      return (!offer || offer->modes.contains(OfferMode::exchange)) &&
             receiver.modes.contains(DemandMode::exchange);
    case TransferForm::ownership_exchange:
      return !offer && receiver.modes.contains(DemandMode::exchange) &&
             receiver.modes.contains(DemandMode::buy);
  }
  return false;
}

struct ProposalVerifier::Prepared {
  const Region& region;
  const Scenario& scenario;
  Index index;
  AllocationFacts facts;
  /// The neighbour pairs between parcels of the region, by parcel index.
  struct Pair {
    std::size_t a = 0, b = 0;
    double shared_boundary_m = 0.0;
  };
  std::vector<Pair> pairs;

  Prepared(const Region& the_region, const std::vector<ParcelNeighbours>& neighbours,
           const Scenario& the_scenario, const Date& as_of)
      : region(the_region),
        scenario(the_scenario),
        index(the_region, the_scenario, as_of),
        facts(allocation_facts(the_region, the_scenario, as_of)) {
    pairs.reserve(neighbours.size());
    for (const auto& pair : neighbours) {
      const auto a = index.parcel.find(pair.parcel_a);
      const auto b = index.parcel.find(pair.parcel_b);
      if (a != index.parcel.end() && b != index.parcel.end())
        pairs.push_back({a->second, b->second, pair.shared_boundary_m});
    }
  }
};

ProposalVerifier::ProposalVerifier(const Region& region,
                                   const std::vector<ParcelNeighbours>& neighbours,
                                   const Scenario& scenario, const Date& as_of)
    : prepared_(std::make_unique<Prepared>(region, neighbours, scenario, as_of)) {}

ProposalVerifier::~ProposalVerifier() = default;

Evaluation verify_proposal(const Region& region, const std::vector<ParcelNeighbours>& neighbours,
                           const Scenario& scenario, const Date& as_of,
                           const std::vector<ProposedTransfer>& transfers, const CarryOver& carry) {
  return ProposalVerifier(region, neighbours, scenario, as_of).evaluate(transfers, carry);
}

Evaluation ProposalVerifier::evaluate(const std::vector<ProposedTransfer>& transfers,
                                      const CarryOver& carry) const {
  Evaluation result;
  const Region& region = prepared_->region;
  const Scenario& scenario = prepared_->scenario;
  const Index& index = prepared_->index;
  const AllocationFacts& facts = prepared_->facts;
  const auto& government = scenario.government;
  double priority_eur = 0.0, owner_paid_conversion_eur = 0.0;
  std::vector<double> government_ha(region.farms.size(), 0.0);
  const auto& w = scenario.weights;
  const double years = w.appraisal_years;
  auto mode_of = [&](RuleId id) { return scenario.rule(id).mode; };
  auto breach = [&](RuleId id, double amount, const std::string& farm, const std::string& parcel,
                    std::string message) {
    const auto& setting = scenario.rule(id);
    if (setting.mode == RuleMode::hard) {
      result.violations.push_back({rule_name(id), farm, parcel, std::move(message)});
    } else if (setting.mode == RuleMode::penalty) {
      result.penalties_eur += setting.penalty_eur * amount;
    }
  };

  // Users after the proposal, and in the baseline (nothing proposed): pool
  // land that becomes free leaves its user either way.
  const std::size_t n = region.parcels.size();
  std::vector<std::optional<std::size_t>> user_before(n), user_after(n);
  std::vector<bool> organic_before(n), organic_after(n);
  for (std::size_t p = 0; p < n; ++p) {
    const auto& parcel = region.parcels[p];
    if (parcel.user_farm_id && !index.movable_pool[p]) {
      user_before[p] = index.farm.at(*parcel.user_farm_id);
    }
    organic_before[p] =
        parcel.organic_status != OrganicStatus::conventional && !index.movable_pool[p];
  }
  user_after = user_before;
  organic_after = organic_before;

  std::vector<std::optional<std::size_t>> received_by(n);  // farm index per transferred parcel
  std::vector<std::optional<TransferForm>> form_of(n);
  for (const auto& t : transfers) {
    const auto p = index.parcel.find(t.parcel_id);
    const auto f = index.farm.find(t.to_farm_id);
    if (p == index.parcel.end() || f == index.farm.end()) {
      result.violations.push_back(
          {rule_name(RuleId::who_may_move), t.to_farm_id, t.parcel_id, "unknown parcel or farm"});
      continue;
    }
    const Parcel& parcel = region.parcels[p->second];
    const Farm& farm = region.farms[f->second];
    if (received_by[p->second]) {
      result.violations.push_back({rule_name(RuleId::who_may_move), farm.farm_id, parcel.parcel_id,
                                   "the parcel is transferred twice"});
      continue;
    }
    if (!index.movable_pool[p->second] && !index.exchangeable[p->second]) {
      result.violations.push_back({rule_name(RuleId::who_may_move), farm.farm_id, parcel.parcel_id,
                                   "neither offered (and free within the horizon) nor declared "
                                   "exchangeable"});
    }
    if (index.exchangeable[p->second] && parcel.user_farm_id == farm.farm_id) {
      result.violations.push_back({rule_name(RuleId::who_may_move), farm.farm_id, parcel.parcel_id,
                                   "the parcel would go to the farm that uses it"});
    }
    const auto d = index.demand.find(farm.farm_id);
    const Demand* demand = d == index.demand.end() ? nullptr : &region.demands[d->second];
    if (!demand) {
      result.violations.push_back({rule_name(RuleId::demand_balance), farm.farm_id,
                                   parcel.parcel_id,
                                   "the farm has no demand: it does not take part"});
    }
    const bool organic_ok = may_receive_organic(farm, demand);
    if (parcel.organic_status != OrganicStatus::conventional && !organic_ok) {
      breach(RuleId::organic_stays_organic, parcel.area_ha, farm.farm_id, parcel.parcel_id,
             "organic land would go to a conventional farm that does not convert");
    }
    const auto o = index.offer.find(parcel.parcel_id);
    const Offer* offer = (o != index.offer.end() && index.movable_pool[p->second])
                             ? &region.offers[o->second]
                             : nullptr;
    // Rule offer_conditions (3) is one condition per transfer (charged once in
    // penalty mode).
    const bool organic_only_broken = offer && offer->organic_only && !organic_ok;
    const bool form_broken = demand && !form_allowed(offer, *demand, t.form);
    // Between farms, ownership moves exactly when the giver owns the parcel
    // and the receiver wants to own land (docs/model.md, rule offer_conditions (3)).
    bool ownership_broken = false;
    if (demand && index.exchangeable[p->second] && !form_broken) {
      const bool owns = index.owner_of_farm.at(*parcel.user_farm_id) == parcel.owner_id;
      const bool expected =
          scenario.deals.ownership_exchanges && owns && demand->modes.contains(DemandMode::buy);
      ownership_broken = expected != (t.form == TransferForm::ownership_exchange);
    }
    if (organic_only_broken || form_broken || ownership_broken) {
      breach(RuleId::offer_conditions, parcel.area_ha, farm.farm_id, parcel.parcel_id,
             organic_only_broken
                 ? std::string("an organic-only offer would go to a conventional farm")
             : form_broken
                 ? fmt::format("form {} fits neither the offer nor the demand", to_string(t.form))
                 : fmt::format("form {}: ownership moves between farms exactly when the giver "
                               "owns the parcel and the receiver wants to own land",
                               to_string(t.form)));
    }
    if (offer && facts.government_parcel[p->second]) {
      government_ha[f->second] += parcel.area_ha;
      priority_eur += facts.priority_eur_per_ha[f->second] * parcel.area_ha;
      const bool eligible = eligible_for_government_land(
          government.eligibility, farm.organic_status, demand && demand->converts);
      if (!eligible || (t.form == TransferForm::sale && !government.sale_allowed)) {
        breach(RuleId::government_land, parcel.area_ha, farm.farm_id, parcel.parcel_id,
               !eligible ? fmt::format(
                               "government land to a farm that is not eligible ({})",
                               kEligibilityNames[static_cast<std::size_t>(government.eligibility)])
                         : std::string("government land sold where the scenario allows no sale"));
      }
    }
    if (demand && mode_of(RuleId::demand_balance) != RuleMode::off) {
      const double limit_m =
          1000.0 * demand->max_distance_km.value_or(scenario.defaults.max_distance_km);
      if (travel_distance_m(farm.farmstead, parcel.centroid) > limit_m + kTolerance) {
        result.violations.push_back({rule_name(RuleId::demand_balance), farm.farm_id,
                                     parcel.parcel_id, "farther from the farmstead than allowed"});
      }
    }
    received_by[p->second] = f->second;
    form_of[p->second] = t.form;
    user_after[p->second] = f->second;
    // Land that goes to an organic, converting or converting-willing farm is
    // managed organically from then on; otherwise it is (or becomes) conventional.
    organic_after[p->second] = organic_ok;
  }

  // Regional terms.
  double keep_eur = 0.0, gain_eur = 0.0;
  for (std::size_t p = 0; p < n; ++p) {
    const Parcel& parcel = region.parcels[p];
    const bool at_risk =
        index.movable_pool[p] && parcel.organic_status != OrganicStatus::conventional;
    if (at_risk) {
      (organic_after[p] ? result.kept_organic_ha : result.lost_organic_ha) += parcel.area_ha;
      if (!organic_after[p])
        result.reverting_parcel_ids.push_back(parcel.parcel_id);
      if (organic_after[p])
        keep_eur += w.keep_organic_eur_per_ha * parcel.area_ha;
    }
    if (received_by[p] && parcel.organic_status == OrganicStatus::conventional &&
        organic_after[p]) {
      result.converting_gained_ha += parcel.area_ha;
      gain_eur += w.organic_gain_eur_per_ha * parcel.area_ha;
    }
  }

  // Farms: who takes part, and how each weighs the proposal.
  std::vector<FarmOutcome> outcome(region.farms.size());
  std::vector<bool> participates(region.farms.size(), false);
  std::vector<std::set<std::string>> parties(region.farms.size());
  for (std::size_t p = 0; p < n; ++p) {
    if (!received_by[p])
      continue;
    const Parcel& parcel = region.parcels[p];
    const std::size_t to = *received_by[p];
    const Farm& receiver = region.farms[to];
    participates[to] = true;
    auto& r = outcome[to];
    r.received_ha += parcel.area_ha;
    ++r.parcels_received;
    const bool pays_value = *form_of[p] != TransferForm::lease;
    if (pays_value)
      r.value_received_eur += value_eur(parcel);
    const auto d = index.demand.find(receiver.farm_id);
    const Demand* demand = d == index.demand.end() ? nullptr : &region.demands[d->second];
    if (parcel.organic_status == OrganicStatus::conventional &&
        may_receive_organic(receiver, demand)) {
      const double conversion_years = parcel.land_use == LandUse::perennial ? 3.0 : 2.0;
      const double conversion_eur =
          w.conversion_eur_per_ha_year * conversion_years * parcel.area_ha;
      const bool owner_pays =
          government.pays_conversion && index.movable_pool[p] && facts.government_parcel[p];
      (owner_pays ? owner_paid_conversion_eur : r.conversion_cost_eur) += conversion_eur;
    }
    if (index.exchangeable[p]) {
      const std::size_t from = index.farm.at(*parcel.user_farm_id);
      participates[from] = true;
      outcome[from].given_ha += parcel.area_ha;
      outcome[from].value_given_eur += value_eur(parcel);
      parties[to].insert("farm:" + region.farms[from].farm_id);
      parties[from].insert("farm:" + receiver.farm_id);
    } else {
      parties[to].insert("owner:" + parcel.owner_id);
    }
  }
  for (std::size_t p = 0; p < n; ++p) {
    const Parcel& parcel = region.parcels[p];
    for (const auto& [user, before] :
         {std::pair{user_before[p], true}, std::pair{user_after[p], false}}) {
      if (!user || !participates[*user])
        continue;
      const double km = travel_distance_m(region.farms[*user].farmstead, parcel.centroid) / 1000.0;
      (before ? outcome[*user].travel_before_ha_km : outcome[*user].travel_after_ha_km) +=
          parcel.area_ha * km;
    }
  }
  // Shared boundaries: organic contiguity and drift border for the region,
  // boundary with their own land for the farms.
  double contiguity_m = 0.0, drift_m = 0.0;
  for (const auto& pair : prepared_->pairs) {
    const std::size_t i = pair.a, j = pair.b;
    contiguity_m += pair.shared_boundary_m * ((organic_after[i] && organic_after[j]) -
                                              (organic_before[i] && organic_before[j]));
    drift_m += pair.shared_boundary_m *
               ((organic_after[i] != organic_after[j]) - (organic_before[i] != organic_before[j]));
    if (user_before[i] && user_before[i] == user_before[j] && participates[*user_before[i]]) {
      outcome[*user_before[i]].own_boundary_before_m += pair.shared_boundary_m;
    }
    if (user_after[i] && user_after[i] == user_after[j] && participates[*user_after[i]]) {
      outcome[*user_after[i]].own_boundary_after_m += pair.shared_boundary_m;
    }
  }

  double farm_gains_eur = 0.0;
  for (std::size_t f = 0; f < region.farms.size(); ++f) {
    if (!participates[f])
      continue;
    auto& r = outcome[f];
    const Farm& farm = region.farms[f];
    r.farm_id = farm.farm_id;
    r.net_ha = r.received_ha - r.given_ha;
    r.settlement_eur = r.value_received_eur - r.value_given_eur;
    r.partners = static_cast<int>(parties[f].size());
    const auto d = index.demand.find(farm.farm_id);
    if (d == index.demand.end()) {
      result.farms.push_back(r);
      continue;  // already a violation
    }
    const Demand& demand = region.demands[d->second];
    r.gain_eur =
        (demand.wants_max_ha > 0.0 ? w.area_wanted_eur_per_ha_year * years * r.net_ha : 0.0) -
        w.travel_eur_per_ha_km_year * years * (r.travel_after_ha_km - r.travel_before_ha_km) +
        w.consolidation_eur_per_m_year * years *
            (r.own_boundary_after_m - r.own_boundary_before_m) -
        r.conversion_cost_eur -
        w.transaction_eur_per_parcel * static_cast<double>(r.parcels_received);
    farm_gains_eur += r.gain_eur;

    const double slack =
        demand.tolerance_pct.value_or(scenario.defaults.tolerance_pct) / 100.0 * r.given_ha;
    const double low = demand.wants_min_ha - slack, high = demand.wants_max_ha + slack;
    if (r.net_ha < low - kTolerance || r.net_ha > high + kTolerance) {
      breach(RuleId::demand_balance, std::max(low - r.net_ha, r.net_ha - high), farm.farm_id, "",
             fmt::format("net change {:.2f} ha outside [{:.2f}, {:.2f}]", r.net_ha, low, high));
    }
    if (r.gain_eur < -kTolerance) {
      breach(RuleId::nobody_worse_off, -r.gain_eur, farm.farm_id, "",
             fmt::format("the farm would lose {:.0f} EUR by its own measure", -r.gain_eur));
    }
    const int max_partners = demand.max_partners.value_or(scenario.defaults.max_partners);
    if (r.partners > max_partners) {
      breach(RuleId::partners, r.partners - max_partners, farm.farm_id, "",
             fmt::format("{} partners, at most {}", r.partners, max_partners));
    }
    result.farms.push_back(r);
  }
  if (facts.cap_ha_per_farm) {
    for (std::size_t f = 0; f < region.farms.size(); ++f) {
      if (government_ha[f] > *facts.cap_ha_per_farm + kTolerance) {
        breach(RuleId::government_caps, government_ha[f] - *facts.cap_ha_per_farm,
               region.farms[f].farm_id, "",
               fmt::format("{:.2f} ha of government land, at most {:.2f}", government_ha[f],
                           *facts.cap_ha_per_farm));
      }
    }
  }

  // Deals: farms linked by exchanges sign together; the caps bound their size,
  // and which owners bring and receive land decides the transfer tax.
  std::vector<TransferEnds> ends;
  std::vector<std::size_t> ends_parcel;
  for (std::size_t p = 0; p < n; ++p) {
    if (!received_by[p])
      continue;
    const Parcel& parcel = region.parcels[p];
    ends_parcel.push_back(p);
    ends.push_back({index.exchangeable[p] ? *parcel.user_farm_id : std::string(),
                    region.farms[*received_by[p]].farm_id, parcel.owner_id});
  }
  const double tax_rate = scenario.deals.transfer_tax_pct / 100.0;
  double tax_eur = 0.0;
  const auto deals = group_into_deals(ends);
  for (const auto& deal : deals) {
    // Transfer tax: on the value of land changing owner, unless the deal is
    // a kavelruil (at least three owners bring land in and two receive).
    std::set<std::string> giving, receiving;
    double value_changing_owner = 0.0;
    for (std::size_t e : deal.transfers) {
      const std::size_t p = ends_parcel[e];
      const auto form = *form_of[p];
      if (form != TransferForm::sale && form != TransferForm::ownership_exchange)
        continue;
      const std::string& after = index.owner_of_farm.at(region.farms[*received_by[p]].farm_id);
      if (after == region.parcels[p].owner_id)
        continue;
      giving.insert(region.parcels[p].owner_id);
      receiving.insert(after);
      value_changing_owner += value_eur(region.parcels[p]);
    }
    if (giving.size() < 3 || receiving.size() < 2)
      tax_eur += tax_rate * value_changing_owner;

    const int cap = scenario.deals.max_farms(deal.has_pool_land());
    const int farms = static_cast<int>(deal.farm_ids.size());
    if (farms > cap) {
      std::string members;
      for (const auto& farm_id : deal.farm_ids)
        members += (members.empty() ? "" : ", ") + farm_id;
      breach(RuleId::deal_caps, farms - cap, deal.farm_ids.front(), "",
             fmt::format("a deal of {} farms ({}) {}: at most {}", farms, members,
                         deal.has_pool_land() ? "started by pool land" : "without pool land", cap));
    }
    if (!scenario.deals.two_party_swaps && !deal.has_pool_land() && farms == 2) {
      breach(RuleId::deal_caps, 1.0, deal.farm_ids.front(), "",
             fmt::format("{} and {} would swap as two parties, which the scenario does not allow",
                         deal.farm_ids[0], deal.farm_ids[1]));
    }
  }

  // The cluster zone: land inside that becomes (or stays) organic, or leaves organic use.
  double zone_eur = 0.0;
  if (scenario.cluster_zone.organic_bonus_eur_per_ha > 0.0) {
    for (std::size_t p = 0; p < n; ++p) {
      if (facts.in_zone[p] && received_by[p]) {
        zone_eur +=
            scenario.cluster_zone.organic_bonus_eur_per_ha * region.parcels[p].area_ha *
            (static_cast<double>(organic_after[p]) - static_cast<double>(organic_before[p]));
      }
    }
  }

  result.terms_eur[term_name(ObjectiveTerm::farm_gains)] = farm_gains_eur;
  result.terms_eur[term_name(ObjectiveTerm::keep_organic)] = keep_eur;
  result.terms_eur[term_name(ObjectiveTerm::organic_gain)] = gain_eur;
  result.terms_eur[term_name(ObjectiveTerm::organic_contiguity)] =
      w.organic_contiguity_eur_per_m_year * years * contiguity_m;
  result.terms_eur[term_name(ObjectiveTerm::drift_border)] =
      -w.drift_border_eur_per_m_year * years * drift_m;
  result.terms_eur[term_name(ObjectiveTerm::penalties)] = -result.penalties_eur;
  result.terms_eur[term_name(ObjectiveTerm::stability)] =
      check_carry_over(region, index, scenario, transfers, carry, result);
  result.terms_eur[term_name(ObjectiveTerm::priority)] = priority_eur;
  result.terms_eur[term_name(ObjectiveTerm::cluster_zone)] = zone_eur;
  result.terms_eur[term_name(ObjectiveTerm::conversion_paid_by_owner)] = -owner_paid_conversion_eur;
  result.terms_eur[term_name(ObjectiveTerm::transfer_tax)] = -tax_eur;
  result.terms_eur[term_name(ObjectiveTerm::deal_costs)] =
      -w.transaction_eur_per_deal * static_cast<double>(deals.size());
  for (const auto& [name, value] : result.terms_eur)
    result.objective_eur += value;
  return result;
}

}  // namespace landpool::solver
