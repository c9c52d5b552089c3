// The objective, one figure in euros, and each farm's own gain (rule nobody_worse_off (5)):
//   farm gains: wanted area, machinery travel, consolidation with the farm's
//   own land, its blocks, conversion of conventional land, transaction costs
//   per parcel;
//   regional: at-risk organic land kept organic, land brought into
//   conversion, organic contiguity, drift border, penalties of soft rules.
// Every term is measured against the baseline "nothing proposed", in which
// pool land leaves its user and at-risk organic pool land reverts.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <unordered_map>

#include <spdlog/fmt/fmt.h>
#include <spdlog/spdlog.h>

#include "core/distance.hpp"
#include "solver/model/model_builder.hpp"

namespace landpool::solver {
namespace {

/// min(a, b) of two 0/1 expressions, maximised from above: exact at the
/// optimum because it only ever carries a positive weight.
Expression minimum(BuiltModel& built, const Expression& a, const Expression& b, bool binary,
                   const std::string& name) {
  auto& model = built.model;
  if (a.is_constant() && b.is_constant())
    return Expression{std::min(a.constant, b.constant), {}};
  if (a.is_constant())
    return a.constant >= 1.0 ? b : Expression{};
  if (b.is_constant())
    return b.constant >= 1.0 ? a : Expression{};
  const int s = binary ? model.add_binary(name, 0.0) : model.add_continuous(name, 0.0, 1.0, 0.0);
  built.auxiliaries.push_back({s, true, a, b, static_cast<int>(model.rows.size())});
  for (const Expression* side : {&a, &b}) {
    auto terms = side->terms;
    for (auto& term : terms)
      term.second = -term.second;
    terms.emplace_back(s, 1.0);
    model.add_row(name + ".le", std::move(terms), -kInfinity, side->constant);
  }
  return Expression{0.0, {{s, 1.0}}};
}

/// |a - b| of two 0/1 expressions, minimised from below (negative weight).
Expression absolute_difference(BuiltModel& built, const Expression& a, const Expression& b,
                               bool binary, const std::string& name) {
  auto& model = built.model;
  if (a.is_constant() && b.is_constant())
    return Expression{std::abs(a.constant - b.constant), {}};
  if (a.is_constant() || b.is_constant()) {
    const Expression& variable = a.is_constant() ? b : a;
    const double k = a.is_constant() ? a.constant : b.constant;
    if (k < 0.5)
      return variable;
    Expression flipped{1.0, {}};
    flipped.add(variable, -1.0);
    return flipped;
  }
  const int d = binary ? model.add_binary(name, 0.0) : model.add_continuous(name, 0.0, 1.0, 0.0);
  built.auxiliaries.push_back({d, false, a, b, static_cast<int>(model.rows.size())});
  for (double sign : {1.0, -1.0}) {  // d >= sign * (a - b)
    std::vector<std::pair<int, double>> terms{{d, 1.0}};
    for (const auto& [column, coefficient] : a.terms)
      terms.emplace_back(column, -sign * coefficient);
    for (const auto& [column, coefficient] : b.terms)
      terms.emplace_back(column, sign * coefficient);
    model.add_row(name + (sign > 0 ? ".ge" : ".le"), std::move(terms),
                  sign * (a.constant - b.constant), kInfinity);
  }
  return Expression{0.0, {{d, 1.0}}};
}

/// Where a parcel stands after the proposal, as expressions of the choices.
/// In the baseline, pool land has no user and exchange land stays with its farm.
class ParcelAfter {
 public:
  ParcelAfter(const Problem& problem, const BuiltModel& built)
      : problem_(problem), built_(built), candidates_of_(problem.parcels.size()) {
    for (std::size_t c = 0; c < problem.candidates.size(); ++c)
      candidates_of_[problem.candidates[c].parcel].push_back(c);
    const auto& region = *problem.region;
    for (std::size_t i = 0; i < region.farms.size(); ++i)
      region_farm_[region.farms[i].farm_id] = i;
  }

  std::optional<std::size_t> user_before(std::size_t p) const {
    if (const auto m = problem_.movable_index[p])
      return problem_.parcels[*m].from_farm;
    const auto& user = problem_.region->parcels[p].user_farm_id;
    if (!user)
      return std::nullopt;
    return problem_.farm_index[region_farm_.at(*user)];
  }

  /// 1 when farm `f` uses region parcel `p` after the proposal.
  Expression own_after(std::size_t p, std::size_t f) const {
    Expression e;
    const auto m = problem_.movable_index[p];
    if (!m) {
      e.constant = user_before(p) == f ? 1.0 : 0.0;
      return e;
    }
    for (std::size_t c : candidates_of_[*m]) {
      if (problem_.candidates[c].farm == f)
        e.add(built_.choose[c], 1.0);
    }
    if (problem_.parcels[*m].from_farm == f) {
      e.constant += 1.0;
      e.add(built_.moved[*m], -1.0);
    }
    return e;
  }

  std::vector<std::size_t> possible_users(std::size_t p) const {
    std::vector<std::size_t> users;
    const auto m = problem_.movable_index[p];
    if (!m) {
      if (auto u = user_before(p))
        users.push_back(*u);
      return users;
    }
    if (problem_.parcels[*m].from_farm)
      users.push_back(*problem_.parcels[*m].from_farm);
    for (std::size_t c : candidates_of_[*m])
      users.push_back(problem_.candidates[c].farm);
    return users;
  }

  /// 1 when region parcel `p` is managed organically after the proposal.
  Expression organic_after(std::size_t p) const {
    Expression e;
    const auto m = problem_.movable_index[p];
    if (!m) {
      e.constant =
          problem_.region->parcels[p].organic_status != OrganicStatus::conventional ? 1.0 : 0.0;
      return e;
    }
    for (std::size_t c : candidates_of_[*m]) {
      if (problem_.farms[problem_.candidates[c].farm].may_receive_organic())
        e.add(built_.choose[c], 1.0);
    }
    if (problem_.parcels[*m].from_farm && problem_.parcels[*m].organic) {
      e.constant += 1.0;
      e.add(built_.moved[*m], -1.0);
    }
    return e;
  }

  double organic_before(std::size_t p) const {
    const auto m = problem_.movable_index[p];
    if (m && !problem_.parcels[*m].from_farm)
      return 0.0;  // pool land: reverts
    return problem_.region->parcels[p].organic_status != OrganicStatus::conventional ? 1.0 : 0.0;
  }

 private:
  const Problem& problem_;
  const BuiltModel& built_;
  std::vector<std::vector<std::size_t>> candidates_of_;  ///< per movable parcel
  std::unordered_map<std::string, std::size_t> region_farm_;
};

/// Terms of each candidate: the receiver's and the giver's gains (area
/// wanted, travel, conversion, transaction), and the regional terms
/// keep_organic, organic_gain, conversion_paid_by_owner and the penalties of
/// rules organic_stays_organic and offer_conditions.
void add_candidate_terms(const Problem& problem, BuiltModel& built, Expression& regional) {
  const auto& region = *problem.region;
  const auto& w = problem.scenario.weights;
  const double years = w.appraisal_years;
  const auto& organic_rule = problem.scenario.rule(RuleId::organic_stays_organic);
  const auto& offer_rule = problem.scenario.rule(RuleId::offer_conditions);
  // A regional term: into the objective with the other regional terms, and
  // into the ledger under its name.
  auto add_regional = [&](ObjectiveTerm term, int x, double eur) {
    regional.add(x, eur);
    built.term(term).add(x, eur);
  };
  for (std::size_t c = 0; c < problem.candidates.size(); ++c) {
    const auto& candidate = problem.candidates[c];
    const auto& movable = problem.parcels[candidate.parcel];
    const auto& parcel = region.parcels[movable.region_index];
    const auto& farm = problem.farms[candidate.farm];
    const int x = built.choose[c];
    const double area = parcel.area_ha;
    // One parcel more to work for the receiver, one fewer for the giver
    // (blocks: parcels minus neighbouring pairs, the pairs in add_boundary_terms).
    const double block_eur = w.block_eur_per_year * years;
    double receiver = -w.travel_eur_per_ha_km_year * years * area * candidate.distance_m / 1000.0 -
                      w.transaction_eur_per_parcel - block_eur;
    if (farm.wants_max_ha > 0.0)
      receiver += w.area_wanted_eur_per_ha_year * years * area;
    if (!movable.organic && farm.may_receive_organic()) {
      const double conversion_eur =
          w.conversion_eur_per_ha_year * (movable.perennial ? 3.0 : 2.0) * area;
      // Paid by the pool owner: still a cost to the region, no longer the farm's.
      if (movable.government && problem.scenario.government.pays_conversion)
        add_regional(ObjectiveTerm::conversion_paid_by_owner, x, -conversion_eur);
      else
        receiver -= conversion_eur;
      add_regional(ObjectiveTerm::organic_gain, x, w.organic_gain_eur_per_ha * area);
    }
    built.gain[candidate.farm].add(x, receiver);
    if (movable.from_farm) {
      const auto& giver = problem.farms[*movable.from_farm];
      double giver_gain = w.travel_eur_per_ha_km_year * years * area *
                              travel_distance_m(giver.farmstead, parcel.centroid) / 1000.0 +
                          block_eur;
      if (giver.wants_max_ha > 0.0)
        giver_gain -= w.area_wanted_eur_per_ha_year * years * area;
      built.gain[*movable.from_farm].add(x, giver_gain);
    }
    if (movable.at_risk && farm.may_receive_organic())
      add_regional(ObjectiveTerm::keep_organic, x, w.keep_organic_eur_per_ha * area);
    if (candidate.breaks_organic_rule)
      add_regional(ObjectiveTerm::penalties, x, -organic_rule.penalty_eur * area);
    if (candidate.breaks_offer_rule)
      add_regional(ObjectiveTerm::penalties, x, -offer_rule.penalty_eur * area);
  }
}

/// Terms of the shared boundaries: boundary with the farm's own land and its
/// blocks in each farm's gain; organic_contiguity and drift_border for the region.
void add_boundary_terms(const Problem& problem, const BuildOptions& options,
                        const ParcelAfter& after, BuiltModel& built, Expression& regional) {
  const auto& w = problem.scenario.weights;
  const double years = w.appraisal_years;
  const bool binary = options.binary_auxiliaries;
  // A regional term: into the objective with the other regional terms, and
  // into the ledger under its name.
  auto add_regional = [&](ObjectiveTerm term, const Expression& e, double factor, double constant) {
    for (Expression* into : {&regional, &built.term(term)}) {
      into->add(e, factor);
      into->constant += constant;
    }
  };
  for (std::size_t k = 0; k < problem.pairs.size(); ++k) {
    const auto& pair = problem.pairs[k];
    const double length = pair.shared_boundary_m;
    // Built for every pair while consolidation counts, those with no shared
    // boundary too (worth 0): which columns exist steers the searches.
    const double own_weight = w.own_pair_eur(length);
    if (w.consolidation_eur_per_m_year > 0.0 || own_weight > 0.0) {
      const auto users_a = after.possible_users(pair.a);
      const auto users_b = after.possible_users(pair.b);
      const auto before_a = after.user_before(pair.a), before_b = after.user_before(pair.b);
      for (std::size_t f : users_a) {
        if (std::find(users_b.begin(), users_b.end(), f) == users_b.end())
          continue;
        const auto together = minimum(built, after.own_after(pair.a, f), after.own_after(pair.b, f),
                                      binary, fmt::format("own[{},{}]", k, f));
        built.gain[f].add(together, own_weight);
        if (before_a == f && before_b == f)
          built.gain[f].constant -= own_weight;
      }
    }
    const auto organic_a = after.organic_after(pair.a), organic_b = after.organic_after(pair.b);
    const double before_a = after.organic_before(pair.a), before_b = after.organic_before(pair.b);
    if (w.organic_contiguity_eur_per_m_year > 0.0) {
      const double weight = w.organic_contiguity_eur_per_m_year * years * length;
      const auto together =
          minimum(built, organic_a, organic_b, binary, fmt::format("organic[{}]", k));
      add_regional(ObjectiveTerm::organic_contiguity, together, weight,
                   -weight * std::min(before_a, before_b));
    }
    if (w.drift_border_eur_per_m_year > 0.0) {
      const double weight = w.drift_border_eur_per_m_year * years * length;
      const auto apart =
          absolute_difference(built, organic_a, organic_b, binary, fmt::format("drift[{}]", k));
      add_regional(ObjectiveTerm::drift_border, apart, -weight,
                   weight * std::abs(before_a - before_b));
    }
  }
}

void add_to_objective(LinearModel& model, const Expression& e) {
  model.objective_offset += e.constant;
  for (const auto& [column, coefficient] : e.terms)
    model.columns[static_cast<std::size_t>(column)].objective += coefficient;
}

}  // namespace

void add_farm_gains_and_value(const Problem& problem, const BuildOptions& options,
                              BuiltModel& built) {
  built.gain.assign(problem.farms.size(), Expression{});
  Expression regional;
  add_candidate_terms(problem, built, regional);
  const ParcelAfter after(problem, built);
  add_boundary_terms(problem, options, after, built, regional);
  // Objective = the farms' gains + the regional terms.
  for (const auto& gain : built.gain) {
    add_to_objective(built.model, gain);
    built.term(ObjectiveTerm::farm_gains).add(gain, 1.0);
  }
  add_to_objective(built.model, regional);
}

std::vector<double> start_values(const Problem& problem, const BuiltModel& built,
                                 const std::vector<std::size_t>& chosen) {
  std::vector<double> values(built.model.columns.size(), 0.0);
  for (std::size_t c : chosen) {
    const auto& candidate = problem.candidates[c];
    values[static_cast<std::size_t>(built.choose[c])] = 1.0;
    values[static_cast<std::size_t>(built.takes_part[candidate.farm])] = 1.0;
    if (const auto giver = problem.parcels[candidate.parcel].from_farm) {
      values[static_cast<std::size_t>(built.takes_part[*giver])] = 1.0;
    }
  }
  for (const auto& [x, partner] : built.partner_links) {
    if (values[static_cast<std::size_t>(x)] > 0.5)
      values[static_cast<std::size_t>(partner)] = 1.0;
  }
  set_deal_start(problem, built, values);
  set_deal_cost_start(built, values);
  set_tax_start(problem, built, values);
  // Auxiliaries depend on decisions only (never on each other).
  for (const auto& aux : built.auxiliaries) {
    values[static_cast<std::size_t>(aux.column)] =
        aux.defining_value(aux.a.value(values), aux.b.value(values));
  }
  set_penalty_slack_start(built, values);  // after the auxiliaries: the farms' gains use them
  return values;
}

std::vector<std::size_t> chosen_candidates(const Problem& problem, const BuiltModel& built,
                                           const std::vector<double>& values) {
  std::vector<std::size_t> chosen;
  for (std::size_t c = 0; c < problem.candidates.size(); ++c) {
    if (values[static_cast<std::size_t>(built.choose[c])] > 0.5)
      chosen.push_back(c);
  }
  return chosen;
}

std::vector<std::size_t> farms_in_breach(const Problem& problem, const BuiltModel& built,
                                         const std::vector<double>& values) {
  const auto& model = built.model;
  std::vector<int> candidate_of(model.columns.size(), -1);
  for (std::size_t c = 0; c < built.choose.size(); ++c)
    candidate_of[static_cast<std::size_t>(built.choose[c])] = static_cast<int>(c);
  std::vector<bool> breaching(problem.farms.size(), false);
  auto add_column = [&](std::size_t j) {
    if (const int c = candidate_of[j]; c >= 0) {
      if (values[j] < 0.5)
        return;
      const auto& candidate = problem.candidates[static_cast<std::size_t>(c)];
      breaching[candidate.farm] = true;
      if (const auto giver = problem.parcels[candidate.parcel].from_farm)
        breaching[*giver] = true;
    } else {
      for (const std::uint32_t f : built.column_farms.of(j))
        breaching[f] = true;
    }
  };
  constexpr double kTolerance = 1e-6;
  for (std::size_t j = 0; j < model.columns.size(); ++j) {
    if (values[j] < model.columns[j].lower - kTolerance ||
        values[j] > model.columns[j].upper + kTolerance)
      add_column(j);
  }
  int violated_rows = 0;
  for (std::size_t r = 0; r < model.rows.size(); ++r) {
    const auto& row = model.rows[r];
    double activity = 0.0;
    for (const auto& [column, coefficient] : row.terms)
      activity += coefficient * values[static_cast<std::size_t>(column)];
    if (activity >= row.lower - kTolerance && activity <= row.upper + kTolerance)
      continue;
    if (++violated_rows <= 5)
      spdlog::debug("row {} = {} outside [{}, {}]", row.name, activity, row.lower, row.upper);
    const auto named = built.row_farms.of(r);
    for (const std::uint32_t f : named)
      breaching[f] = true;
    if (named.empty()) {
      for (const auto& [column, coefficient] : row.terms)
        add_column(static_cast<std::size_t>(column));
    }
  }
  std::vector<std::size_t> farms;
  for (std::size_t f = 0; f < breaching.size(); ++f) {
    if (breaching[f])
      farms.push_back(f);
  }
  return farms;
}

}  // namespace landpool::solver
