#include "solver/verify/verifier.hpp"

#include <algorithm>
#include <set>
#include <unordered_map>

#include <spdlog/fmt/fmt.h>

#include "core/distance.hpp"
#include "core/rent.hpp"
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
  RentBook rents;  ///< values the use of parcels exchanged in use

  Index(const Region& region, const Scenario& scenario, const Date& as_of)
      : rents(region, scenario.deals.rent_eur_per_ha_year) {
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

/// A neighbour pair between parcels of the region, by parcel index.
struct ParcelPair {
  std::size_t a = 0, b = 0;
  double shared_boundary_m = 0.0;
};

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
  std::vector<ParcelPair> pairs;

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

namespace {

/// One proposal under check: the state the rules and terms read, filled stage
/// by stage. Each rule and term is one member function named after it
/// (docs/model.md); `evaluate` calls them in order.
class ProposalCheck {
 public:
  ProposalCheck(const Region& region, const Scenario& scenario, const Index& index,
                const AllocationFacts& facts, const std::vector<ParcelPair>& pairs,
                Evaluation& result)
      : region_(region),
        scenario_(scenario),
        index_(index),
        facts_(facts),
        pairs_(pairs),
        w_(scenario.weights),
        years_(scenario.weights.appraisal_years),
        n_(region.parcels.size()),
        result_(result) {
    set_users_before();
  }

  /// Rules checked transfer by transfer; records who receives what.
  void check_transfers(const std::vector<ProposedTransfer>& transfers) {
    for (const auto& t : transfers)
      check_transfer(t);
  }

  /// Terms keep_organic and organic_gain.
  void organic_terms() {
    for (std::size_t p = 0; p < n_; ++p) {
      const Parcel& parcel = region_.parcels[p];
      const bool at_risk =
          index_.movable_pool[p] && parcel.organic_status != OrganicStatus::conventional;
      if (at_risk) {
        (organic_after_[p] ? result_.kept_organic_ha : result_.lost_organic_ha) += parcel.area_ha;
        if (!organic_after_[p])
          result_.reverting_parcel_ids.push_back(parcel.parcel_id);
        if (organic_after_[p])
          keep_eur_ += w_.keep_organic_eur_per_ha * parcel.area_ha;
      }
      if (received_by_[p] && parcel.organic_status == OrganicStatus::conventional &&
          organic_after_[p]) {
        result_.converting_gained_ha += parcel.area_ha;
        gain_eur_ += w_.organic_gain_eur_per_ha * parcel.area_ha;
      }
    }
  }

  /// Each participating farm's outcome: land, value, conversion, partners,
  /// travel and boundary with its own land, before and after.
  void measure_farms() {
    outcome_.assign(region_.farms.size(), FarmOutcome{});
    participates_.assign(region_.farms.size(), false);
    parties_.assign(region_.farms.size(), {});
    for (std::size_t p = 0; p < n_; ++p) {
      if (received_by_[p])
        measure_received(p);
    }
    measure_travel();
    measure_boundaries();
  }

  /// Term farm_gains and the rules on each farm's outcome: demand_balance,
  /// nobody_worse_off, partners.
  void farm_rules_and_gains() {
    for (std::size_t f = 0; f < region_.farms.size(); ++f) {
      if (!participates_[f])
        continue;
      auto& r = outcome_[f];
      const Farm& farm = region_.farms[f];
      r.farm_id = farm.farm_id;
      r.net_ha = r.received_ha - r.given_ha;
      r.settlement_eur = r.value_received_eur - r.value_given_eur;
      r.settlement_eur_per_year =
          r.use_value_received_eur_per_year - r.use_value_given_eur_per_year;
      r.partners = static_cast<int>(parties_[f].size());
      const auto d = index_.demand.find(farm.farm_id);
      if (d != index_.demand.end()) {  // else already a violation
        const Demand& demand = region_.demands[d->second];
        r.gain_eur = own_gain_eur(r, demand);
        farm_gains_eur_ += r.gain_eur;
        check_demand_balance(r, demand);
        check_nobody_worse_off(r);
        check_partners(r, demand);
      }
      result_.farms.push_back(r);
    }
  }

  /// Rule government_caps: government land per farm.
  void check_government_caps() {
    if (!facts_.cap_ha_per_farm)
      return;
    for (std::size_t f = 0; f < region_.farms.size(); ++f) {
      if (government_ha_[f] > *facts_.cap_ha_per_farm + kTolerance) {
        breach(RuleId::government_caps, government_ha_[f] - *facts_.cap_ha_per_farm,
               region_.farms[f].farm_id, "",
               fmt::format("{:.2f} ha of government land, at most {:.2f}", government_ha_[f],
                           *facts_.cap_ha_per_farm));
      }
    }
  }

  /// Farms linked by exchanges sign together: rule deal_caps bounds their
  /// size, and which owners bring and receive land decides term transfer_tax.
  void check_deals() {
    std::vector<TransferEnds> ends;
    std::vector<std::size_t> ends_parcel;
    for (std::size_t p = 0; p < n_; ++p) {
      if (!received_by_[p])
        continue;
      const Parcel& parcel = region_.parcels[p];
      ends_parcel.push_back(p);
      ends.push_back({index_.exchangeable[p] ? *parcel.user_farm_id : std::string(),
                      region_.farms[*received_by_[p]].farm_id, parcel.owner_id});
    }
    deals_ = group_into_deals(ends);
    for (const auto& deal : deals_) {
      tax_eur_ += transfer_tax_eur(deal, ends_parcel);
      check_deal_caps(deal);
    }
  }

  /// The terms by name (core/objective_terms.hpp) and their sum.
  void total(const std::vector<ProposedTransfer>& transfers, const CarryOver& carry) {
    auto& terms = result_.terms_eur;
    terms[term_name(ObjectiveTerm::farm_gains)] = farm_gains_eur_;
    terms[term_name(ObjectiveTerm::keep_organic)] = keep_eur_;
    terms[term_name(ObjectiveTerm::organic_gain)] = gain_eur_;
    terms[term_name(ObjectiveTerm::organic_contiguity)] =
        w_.organic_contiguity_eur_per_m_year * years_ * contiguity_m_;
    terms[term_name(ObjectiveTerm::drift_border)] =
        -w_.drift_border_eur_per_m_year * years_ * drift_m_;
    terms[term_name(ObjectiveTerm::penalties)] = -result_.penalties_eur;
    terms[term_name(ObjectiveTerm::stability)] =
        check_carry_over(region_, index_, scenario_, transfers, carry, result_);
    terms[term_name(ObjectiveTerm::priority)] = priority_eur_;
    terms[term_name(ObjectiveTerm::cluster_zone)] = cluster_zone_eur();
    terms[term_name(ObjectiveTerm::conversion_paid_by_owner)] = -owner_paid_conversion_eur_;
    terms[term_name(ObjectiveTerm::transfer_tax)] = -tax_eur_;
    terms[term_name(ObjectiveTerm::deal_costs)] =
        -w_.transaction_eur_per_deal * static_cast<double>(deals_.size());
    for (const auto& [name, value] : terms)
      result_.objective_eur += value;
  }

 private:
  /// A hard rule broken is a violation; a rule in penalty mode charges
  /// penalty_eur per `amount`; a rule that is off counts nothing.
  void breach(RuleId id, double amount, const std::string& farm, const std::string& parcel,
              std::string message) {
    const auto& setting = scenario_.rule(id);
    if (setting.mode == RuleMode::hard) {
      result_.violations.push_back({rule_name(id), farm, parcel, std::move(message)});
    } else if (setting.mode == RuleMode::penalty) {
      result_.penalties_eur += setting.penalty_eur * amount;
    }
  }

  /// A rule that is hard in every scenario (or this part of it).
  void violation(RuleId id, const std::string& farm, const std::string& parcel,
                 std::string message) {
    result_.violations.push_back({rule_name(id), farm, parcel, std::move(message)});
  }

  const Demand* demand_of(const Farm& farm) const {
    const auto d = index_.demand.find(farm.farm_id);
    return d == index_.demand.end() ? nullptr : &region_.demands[d->second];
  }

  /// Users and organic management in the baseline (nothing proposed): pool
  /// land that becomes free leaves its user either way.
  void set_users_before() {
    user_before_.resize(n_);
    organic_before_.resize(n_);
    for (std::size_t p = 0; p < n_; ++p) {
      const auto& parcel = region_.parcels[p];
      if (parcel.user_farm_id && !index_.movable_pool[p])
        user_before_[p] = index_.farm.at(*parcel.user_farm_id);
      organic_before_[p] =
          parcel.organic_status != OrganicStatus::conventional && !index_.movable_pool[p];
    }
    user_after_ = user_before_;
    organic_after_ = organic_before_;
    received_by_.resize(n_);
    form_of_.resize(n_);
    government_ha_.assign(region_.farms.size(), 0.0);
  }

  void check_transfer(const ProposedTransfer& t) {
    const auto p = index_.parcel.find(t.parcel_id);
    const auto f = index_.farm.find(t.to_farm_id);
    if (p == index_.parcel.end() || f == index_.farm.end()) {
      violation(RuleId::who_may_move, t.to_farm_id, t.parcel_id, "unknown parcel or farm");
      return;
    }
    const Parcel& parcel = region_.parcels[p->second];
    const Farm& farm = region_.farms[f->second];
    if (received_by_[p->second]) {
      violation(RuleId::who_may_move, farm.farm_id, parcel.parcel_id,
                "the parcel is transferred twice");
      return;
    }
    check_who_may_move(p->second, farm);
    const Demand* demand = demand_of(farm);
    if (!demand) {
      violation(RuleId::demand_balance, farm.farm_id, parcel.parcel_id,
                "the farm has no demand: it does not take part");
    }
    const bool organic_ok = may_receive_organic(farm, demand);
    if (parcel.organic_status != OrganicStatus::conventional && !organic_ok) {
      breach(RuleId::organic_stays_organic, parcel.area_ha, farm.farm_id, parcel.parcel_id,
             "organic land would go to a conventional farm that does not convert");
    }
    const auto o = index_.offer.find(parcel.parcel_id);
    const Offer* offer = (o != index_.offer.end() && index_.movable_pool[p->second])
                             ? &region_.offers[o->second]
                             : nullptr;
    check_offer_conditions(p->second, farm, demand, offer, organic_ok, t.form);
    if (offer && facts_.government_parcel[p->second])
      check_government_land(p->second, f->second, demand, t.form);
    check_distance_limit(parcel, farm, demand);
    received_by_[p->second] = f->second;
    form_of_[p->second] = t.form;
    user_after_[p->second] = f->second;
    // Land that goes to an organic, converting or converting-willing farm is
    // managed organically from then on; otherwise it is (or becomes) conventional.
    organic_after_[p->second] = organic_ok;
  }

  /// Rule who_may_move: only pool land free within the horizon or land its
  /// user declared exchangeable moves, and never to its own user.
  void check_who_may_move(std::size_t p, const Farm& farm) {
    const Parcel& parcel = region_.parcels[p];
    if (!index_.movable_pool[p] && !index_.exchangeable[p]) {
      violation(RuleId::who_may_move, farm.farm_id, parcel.parcel_id,
                "neither offered (and free within the horizon) nor declared exchangeable");
    }
    if (index_.exchangeable[p] && parcel.user_farm_id == farm.farm_id) {
      violation(RuleId::who_may_move, farm.farm_id, parcel.parcel_id,
                "the parcel would go to the farm that uses it");
    }
  }

  /// Rule offer_conditions: one condition per transfer (charged once in
  /// penalty mode): organic-only offers, the form, and between farms,
  /// ownership moves exactly when the giver owns the parcel and the receiver
  /// wants to own land (docs/model.md).
  void check_offer_conditions(std::size_t p, const Farm& farm, const Demand* demand,
                              const Offer* offer, bool organic_ok, TransferForm form) {
    const Parcel& parcel = region_.parcels[p];
    const bool organic_only_broken = offer && offer->organic_only && !organic_ok;
    const bool form_broken = demand && !form_allowed(offer, *demand, form);
    bool ownership_broken = false;
    if (demand && index_.exchangeable[p] && !form_broken) {
      const bool owns = index_.owner_of_farm.at(*parcel.user_farm_id) == parcel.owner_id;
      const bool expected =
          scenario_.deals.ownership_exchanges && owns && demand->modes.contains(DemandMode::buy);
      ownership_broken = expected != (form == TransferForm::ownership_exchange);
    }
    if (!organic_only_broken && !form_broken && !ownership_broken)
      return;
    breach(RuleId::offer_conditions, parcel.area_ha, farm.farm_id, parcel.parcel_id,
           organic_only_broken
               ? std::string("an organic-only offer would go to a conventional farm")
           : form_broken
               ? fmt::format("form {} fits neither the offer nor the demand", to_string(form))
               : fmt::format("form {}: ownership moves between farms exactly when the giver "
                             "owns the parcel and the receiver wants to own land",
                             to_string(form)));
  }

  /// Rule government_land (eligibility and the sale ban); counts the farm's
  /// government land for rule government_caps and term priority.
  void check_government_land(std::size_t p, std::size_t f, const Demand* demand,
                             TransferForm form) {
    const Parcel& parcel = region_.parcels[p];
    const Farm& farm = region_.farms[f];
    const auto& government = scenario_.government;
    government_ha_[f] += parcel.area_ha;
    priority_eur_ += facts_.priority_eur_per_ha[f] * parcel.area_ha;
    const bool eligible = eligible_for_government_land(government.eligibility, farm.organic_status,
                                                       demand && demand->converts);
    if (eligible && (form != TransferForm::sale || government.sale_allowed))
      return;
    breach(RuleId::government_land, parcel.area_ha, farm.farm_id, parcel.parcel_id,
           !eligible
               ? fmt::format("government land to a farm that is not eligible ({})",
                             kEligibilityNames[static_cast<std::size_t>(government.eligibility)])
               : std::string("government land sold where the scenario allows no sale"));
  }

  /// Rule demand_balance's distance limit (hard unless the rule is off).
  void check_distance_limit(const Parcel& parcel, const Farm& farm, const Demand* demand) {
    if (!demand || scenario_.rule(RuleId::demand_balance).mode == RuleMode::off)
      return;
    const double limit_m =
        1000.0 * demand->max_distance_km.value_or(scenario_.defaults.max_distance_km);
    if (travel_distance_m(farm.farmstead, parcel.centroid) > limit_m + kTolerance) {
      violation(RuleId::demand_balance, farm.farm_id, parcel.parcel_id,
                "farther from the farmstead than allowed");
    }
  }

  /// Received parcel `p` changes owner: a sale, or an ownership exchange to
  /// a farm of another owner.
  bool changes_owner(std::size_t p) const {
    const auto form = *form_of_[p];
    if (form != TransferForm::sale && form != TransferForm::ownership_exchange)
      return false;
    return index_.owner_of_farm.at(region_.farms[*received_by_[p]].farm_id) !=
           region_.parcels[p].owner_id;
  }

  /// What receiving parcel `p` means to its receiver (and giver).
  void measure_received(std::size_t p) {
    const Parcel& parcel = region_.parcels[p];
    const std::size_t to = *received_by_[p];
    const Farm& receiver = region_.farms[to];
    participates_[to] = true;
    auto& r = outcome_[to];
    r.received_ha += parcel.area_ha;
    ++r.parcels_received;
    // Settlements follow the legal form: a change of owner in capital, an
    // exchange of use yearly; a lease of pool land pays its rent to the owner.
    const bool capital = changes_owner(p);
    const bool use_exchange = !capital && *form_of_[p] != TransferForm::lease;
    if (capital)
      r.value_received_eur += value_eur(parcel);
    if (use_exchange)
      r.use_value_received_eur_per_year += index_.rents.use_value_eur_per_year(parcel);
    if (parcel.organic_status == OrganicStatus::conventional &&
        may_receive_organic(receiver, demand_of(receiver))) {
      const double conversion_years = parcel.land_use == LandUse::perennial ? 3.0 : 2.0;
      const double conversion_eur =
          w_.conversion_eur_per_ha_year * conversion_years * parcel.area_ha;
      const bool owner_pays = scenario_.government.pays_conversion && index_.movable_pool[p] &&
                              facts_.government_parcel[p];
      (owner_pays ? owner_paid_conversion_eur_ : r.conversion_cost_eur) += conversion_eur;
    }
    if (index_.exchangeable[p]) {
      const std::size_t from = index_.farm.at(*parcel.user_farm_id);
      participates_[from] = true;
      outcome_[from].given_ha += parcel.area_ha;
      if (capital)
        outcome_[from].value_given_eur += value_eur(parcel);
      if (use_exchange)
        outcome_[from].use_value_given_eur_per_year += index_.rents.use_value_eur_per_year(parcel);
      parties_[to].insert("farm:" + region_.farms[from].farm_id);
      parties_[from].insert("farm:" + receiver.farm_id);
    } else {
      parties_[to].insert("owner:" + parcel.owner_id);
    }
  }

  /// Travel and parcels of the participating farms, in the baseline and after.
  void measure_travel() {
    for (std::size_t p = 0; p < n_; ++p) {
      const Parcel& parcel = region_.parcels[p];
      for (const auto& [user, before] :
           {std::pair{user_before_[p], true}, std::pair{user_after_[p], false}}) {
        if (!user || !participates_[*user])
          continue;
        const double km =
            travel_distance_m(region_.farms[*user].farmstead, parcel.centroid) / 1000.0;
        auto& outcome = outcome_[*user];
        (before ? outcome.travel_before_ha_km : outcome.travel_after_ha_km) += parcel.area_ha * km;
        ++(before ? outcome.block_estimate_before : outcome.block_estimate_after);
      }
    }
  }

  /// Shared boundaries: terms organic_contiguity and drift_border for the
  /// region, boundary with their own land and blocks for the farms.
  void measure_boundaries() {
    for (const auto& pair : pairs_) {
      const std::size_t i = pair.a, j = pair.b;
      contiguity_m_ += pair.shared_boundary_m * ((organic_after_[i] && organic_after_[j]) -
                                                 (organic_before_[i] && organic_before_[j]));
      drift_m_ += pair.shared_boundary_m * ((organic_after_[i] != organic_after_[j]) -
                                            (organic_before_[i] != organic_before_[j]));
      const bool joins = pair.shared_boundary_m > 0.0;  // two parcels, one block
      if (user_before_[i] && user_before_[i] == user_before_[j] &&
          participates_[*user_before_[i]]) {
        auto& outcome = outcome_[*user_before_[i]];
        outcome.own_boundary_before_m += pair.shared_boundary_m;
        outcome.block_estimate_before -= joins ? 1 : 0;
      }
      if (user_after_[i] && user_after_[i] == user_after_[j] && participates_[*user_after_[i]]) {
        auto& outcome = outcome_[*user_after_[i]];
        outcome.own_boundary_after_m += pair.shared_boundary_m;
        outcome.block_estimate_after -= joins ? 1 : 0;
      }
    }
  }

  /// The farm's own measure (docs/model.md, "A farm's own measure").
  double own_gain_eur(const FarmOutcome& r, const Demand& demand) const {
    return (demand.wants_max_ha > 0.0 ? w_.area_wanted_eur_per_ha_year * years_ * r.net_ha : 0.0) -
           w_.travel_eur_per_ha_km_year * years_ * (r.travel_after_ha_km - r.travel_before_ha_km) +
           w_.consolidation_eur_per_m_year * years_ *
               (r.own_boundary_after_m - r.own_boundary_before_m) -
           w_.block_eur_per_year * years_ *
               static_cast<double>(r.block_estimate_after - r.block_estimate_before) -
           r.conversion_cost_eur -
           w_.transaction_eur_per_parcel * static_cast<double>(r.parcels_received);
  }

  /// Rule demand_balance: net area within the band, widened by the tolerance
  /// on what the farm gives.
  void check_demand_balance(const FarmOutcome& r, const Demand& demand) {
    const double slack =
        demand.tolerance_pct.value_or(scenario_.defaults.tolerance_pct) / 100.0 * r.given_ha;
    const double low = demand.wants_min_ha - slack, high = demand.wants_max_ha + slack;
    if (r.net_ha < low - kTolerance || r.net_ha > high + kTolerance) {
      breach(RuleId::demand_balance, std::max(low - r.net_ha, r.net_ha - high), r.farm_id, "",
             fmt::format("net change {:.2f} ha outside [{:.2f}, {:.2f}]", r.net_ha, low, high));
    }
  }

  /// Rule nobody_worse_off: the farm's own gain is not negative.
  void check_nobody_worse_off(const FarmOutcome& r) {
    if (r.gain_eur < -kTolerance) {
      breach(RuleId::nobody_worse_off, -r.gain_eur, r.farm_id, "",
             fmt::format("the farm would lose {:.0f} EUR by its own measure", -r.gain_eur));
    }
  }

  /// Rule partners: at most max_partners parties on the other side.
  void check_partners(const FarmOutcome& r, const Demand& demand) {
    const int max_partners = demand.max_partners.value_or(scenario_.defaults.max_partners);
    if (r.partners > max_partners) {
      breach(RuleId::partners, r.partners - max_partners, r.farm_id, "",
             fmt::format("{} partners, at most {}", r.partners, max_partners));
    }
  }

  /// Term transfer_tax of one deal: on the value of land changing owner,
  /// unless the deal is a kavelruil (at least three owners bring land in and
  /// two receive).
  double transfer_tax_eur(const DealGroup& deal,
                          const std::vector<std::size_t>& ends_parcel) const {
    std::set<std::string> giving, receiving;
    double value_changing_owner = 0.0;
    for (std::size_t e : deal.transfers) {
      const std::size_t p = ends_parcel[e];
      if (!changes_owner(p))
        continue;
      giving.insert(region_.parcels[p].owner_id);
      receiving.insert(index_.owner_of_farm.at(region_.farms[*received_by_[p]].farm_id));
      value_changing_owner += value_eur(region_.parcels[p]);
    }
    const bool kavelruil = giving.size() >= 3 && receiving.size() >= 2;
    return kavelruil ? 0.0 : scenario_.deals.transfer_tax_pct / 100.0 * value_changing_owner;
  }

  /// Rule deal_caps: the farms of a deal within the ring or chain cap, and no
  /// two-party swap where the scenario forbids them.
  void check_deal_caps(const DealGroup& deal) {
    const int cap = scenario_.deals.max_farms(deal.has_pool_land());
    const int farms = static_cast<int>(deal.farm_ids.size());
    if (farms > cap) {
      std::string members;
      for (const auto& farm_id : deal.farm_ids) {
        members += members.empty() ? "" : ", ";
        members += farm_id;
      }
      breach(RuleId::deal_caps, farms - cap, deal.farm_ids.front(), "",
             fmt::format("a deal of {} farms ({}) {}: at most {}", farms, members,
                         deal.has_pool_land() ? "started by pool land" : "without pool land", cap));
    }
    if (!scenario_.deals.two_party_swaps && !deal.has_pool_land() && farms == 2) {
      breach(RuleId::deal_caps, 1.0, deal.farm_ids.front(), "",
             fmt::format("{} and {} would swap as two parties, which the scenario does not allow",
                         deal.farm_ids[0], deal.farm_ids[1]));
    }
  }

  /// Term cluster_zone: land inside that becomes (or stays) organic, or
  /// leaves organic use.
  double cluster_zone_eur() const {
    double zone_eur = 0.0;
    if (scenario_.cluster_zone.organic_bonus_eur_per_ha <= 0.0)
      return zone_eur;
    for (std::size_t p = 0; p < n_; ++p) {
      if (facts_.in_zone[p] && received_by_[p]) {
        zone_eur +=
            scenario_.cluster_zone.organic_bonus_eur_per_ha * region_.parcels[p].area_ha *
            (static_cast<double>(organic_after_[p]) - static_cast<double>(organic_before_[p]));
      }
    }
    return zone_eur;
  }

  const Region& region_;
  const Scenario& scenario_;
  const Index& index_;
  const AllocationFacts& facts_;
  const std::vector<ParcelPair>& pairs_;
  const ScenarioWeights& w_;
  const double years_;
  const std::size_t n_;
  Evaluation& result_;
  // Per parcel: users and organic management before and after, and the transfer's.
  std::vector<std::optional<std::size_t>> user_before_, user_after_, received_by_;
  std::vector<bool> organic_before_, organic_after_;
  std::vector<std::optional<TransferForm>> form_of_;
  // Per farm.
  std::vector<double> government_ha_;
  std::vector<FarmOutcome> outcome_;
  std::vector<bool> participates_;
  std::vector<std::set<std::string>> parties_;
  std::vector<DealGroup> deals_;
  // Terms as they are counted.
  double keep_eur_ = 0.0, gain_eur_ = 0.0, farm_gains_eur_ = 0.0, priority_eur_ = 0.0;
  double owner_paid_conversion_eur_ = 0.0, tax_eur_ = 0.0, contiguity_m_ = 0.0, drift_m_ = 0.0;
};

}  // namespace

Evaluation ProposalVerifier::evaluate(const std::vector<ProposedTransfer>& transfers,
                                      const CarryOver& carry) const {
  Evaluation result;
  const auto& p = *prepared_;
  ProposalCheck check(p.region, p.scenario, p.index, p.facts, p.pairs, result);
  check.check_transfers(transfers);
  check.organic_terms();
  check.measure_farms();
  check.farm_rules_and_gains();
  check.check_government_caps();
  check.check_deals();
  check.total(transfers, carry);
  return result;
}

}  // namespace landpool::solver
