// Transfer tax (objective term transfer_tax, docs/model.md): a share
// (scenario deals.transfer_tax_pct) of the value of every parcel that changes
// owner, unless its deal is a kavelruil: at least three owners bring land in
// and at least two receive. Every owner change is charged on its x column; an
// exemption column e[c] gives the tax back when the receiving farm's deal
// qualifies:
//   e[c] <= x[c],  e[c] <= k[f]         (f receives c)
//   k[f] <= sum_l a[f,l],  k[f] <= q[l] + 1 - a[f,l]   for each anchor l of f
//   3 q[l] <= sum_o B[o,l],  2 q[l] <= sum_g R[g,l]
// where R[g,l] (member g receives land changing owner) and the sources of
// B[o,l] (owner o brings land: a member's own parcel in an ownership
// exchange, or pool land o sells to a member) are each at most a[g,l] and at
// most the sum of the x columns that make them true. The counts are exact
// because the members of anchor l are exactly the farms of one deal (the
// connectivity flow of model_deals.cpp): no other farm can borrow l's anchor
// to make up the count.

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include <spdlog/fmt/fmt.h>
#include <spdlog/spdlog.h>

#include "solver/model/model_builder.hpp"

namespace landpool::solver {
namespace {

double tax_rate(const Problem& problem) {
  return problem.scenario.deals.transfer_tax_pct / 100.0;
}

double value_eur(const Problem& problem, const Candidate& candidate) {
  const auto& parcel = problem.region->parcels[problem.parcels[candidate.parcel].region_index];
  return parcel.area_ha * parcel.value_eur_per_ha.value_or(kDefaultLandValue_eur_per_ha);
}

/// A column that is 1 only if `a` is and one of `xs` is, concerning `farms`.
TaxColumns::Indicator add_indicator(BuiltModel& built, const std::string& name, int a,
                                    std::vector<int> xs, std::initializer_list<std::size_t> farms) {
  auto& model = built.model;
  TaxColumns::Indicator indicator{built.tag_column(model.add_binary(name, 0.0), farms), a,
                                  std::move(xs)};
  model.add_row("tax_indicator_member", {{indicator.column, 1.0}, {a, -1.0}}, -kInfinity, 0.0);
  std::vector<std::pair<int, double>> some{{indicator.column, 1.0}};
  for (int x : indicator.xs)
    some.emplace_back(x, -1.0);
  model.add_row("tax_indicator_land", std::move(some), -kInfinity, 0.0);
  return indicator;
}

/// The deal anchored at `l`: whether it qualifies as a kavelruil, and what
/// it counts; nothing when it can never have three owners and two receivers.
std::optional<TaxColumns::Deal> add_qualification(
    const Problem& problem, BuiltModel& built, std::size_t l,
    const std::vector<std::vector<std::size_t>>& owner_changes_into) {
  auto& model = built.model;
  std::vector<std::pair<std::size_t, int>> members;  // farm, a[f,l]
  for (std::size_t f = 0; f < problem.farms.size(); ++f) {
    if (const auto it = built.deals.anchor[f].find(l); it != built.deals.anchor[f].end())
      members.emplace_back(f, it->second);
  }
  // What members could receive with a change of owner, by who brings it in.
  std::map<std::size_t, std::vector<int>> receives, gives_own;
  std::map<std::size_t, std::map<std::string, std::vector<int>>> buys_from;
  std::map<std::string, int> owners_possible;
  for (const auto& [f, a] : members) {
    for (std::size_t c : owner_changes_into[f]) {
      const auto& movable = problem.parcels[problem.candidates[c].parcel];
      const int x = built.choose[c];
      receives[f].push_back(x);
      owners_possible[movable.owner_id] = 1;
      if (movable.from_farm)
        gives_own[*movable.from_farm].push_back(x);
      else
        buys_from[f][movable.owner_id].push_back(x);
    }
  }
  std::set<std::string> receiving_owners;
  for (const auto& [f, xs] : receives)
    receiving_owners.insert(problem.farms[f].owner_id);
  if (receiving_owners.size() < 2 || owners_possible.size() < 3)
    return std::nullopt;

  TaxColumns::Deal deal;
  deal.anchor = l;
  const std::string& anchor_id = problem.farms[l].farm_id;
  std::map<std::string, std::vector<int>> sources_of_owner, receivers_of_owner;
  for (const auto& [g, a] : members) {
    const std::string& farm_id = problem.farms[g].farm_id;
    if (const auto it = receives.find(g); it != receives.end()) {
      deal.receivers.push_back(add_indicator(
          built, fmt::format("receives_owned[{},{}]", farm_id, anchor_id), a, it->second, {g, l}));
      receivers_of_owner[problem.farms[g].owner_id].push_back(deal.receivers.back().column);
    }
    // A member's own parcels given in ownership exchanges were counted by
    // their receivers; a giver outside the members gives to another deal.
    if (const auto it = gives_own.find(g); it != gives_own.end()) {
      deal.sources.push_back(add_indicator(
          built, fmt::format("brings_own[{},{}]", farm_id, anchor_id), a, it->second, {g, l}));
      sources_of_owner[problem.farms[g].owner_id].push_back(deal.sources.back().column);
    }
    if (const auto it = buys_from.find(g); it != buys_from.end()) {
      for (const auto& [owner, xs] : it->second) {
        deal.sources.push_back(add_indicator(
            built, fmt::format("sells_to[{},{},{}]", owner, farm_id, anchor_id), a, xs, {}));
        built.tag_column_by_id(deal.sources.back().column, owner);
        built.tag_column(deal.sources.back().column, {g, l});
        sources_of_owner[owner].push_back(deal.sources.back().column);
      }
    }
  }
  if (sources_of_owner.size() < 3)
    return std::nullopt;  // fewer owners than a kavelruil needs (the indicators stay 0-able)
  deal.qualifies =
      built.tag_column(model.add_binary(fmt::format("kavelruil_deal[{}]", anchor_id), 0.0), {l});
  // A deal qualifies only if it exists: q[l] <= a[l,l].
  model.add_row("kavelruil_deal_exists",
                {{deal.qualifies, 1.0}, {built.deals.anchor[l].at(l), -1.0}}, -kInfinity, 0.0);
  // Owners are counted once each, however many ways they bring or receive land.
  auto count_owners = [&](const std::map<std::string, std::vector<int>>& indicators_of_owner,
                          const std::string& what, double needed,
                          std::vector<std::pair<int, std::vector<int>>>& counted) {
    std::vector<std::pair<int, double>> row{{deal.qualifies, needed}};
    for (const auto& [owner, indicators] : indicators_of_owner) {
      int column = indicators.front();
      if (indicators.size() > 1) {
        column = model.add_binary(fmt::format("{}[{},{}]", what, owner, anchor_id), 0.0);
        built.tag_column_by_id(column, owner);
        built.tag_column(column, {l});
        std::vector<std::pair<int, double>> some{{column, 1.0}};
        for (int i : indicators)
          some.emplace_back(i, -1.0);
        model.add_row("owner_" + what, std::move(some), -kInfinity, 0.0);
      }
      counted.emplace_back(column, indicators);
      row.emplace_back(column, -1.0);
    }
    model.add_row("kavelruil_" + what + "[" + anchor_id + "]", std::move(row), -kInfinity, 0.0);
    built.tag_last_row({l});
  };
  count_owners(sources_of_owner, "brings_land", 3.0, deal.owners);
  count_owners(receivers_of_owner, "receives_land", 2.0, deal.receiving_owners);
  return deal;
}

}  // namespace

bool tax_depends_on_deals(const Problem& problem) {
  if (tax_rate(problem) <= 0.0)
    return false;
  bool changes = false, exchanges = false;
  for (const auto& candidate : problem.candidates) {
    changes = changes || candidate.changes_owner;
    exchanges = exchanges || problem.parcels[candidate.parcel].from_farm.has_value();
  }
  return changes && exchanges;
}

void add_transfer_tax(const Problem& problem, BuiltModel& built) {
  const double rate = tax_rate(problem);
  if (rate <= 0.0)
    return;
  auto& model = built.model;
  auto& tax = built.tax;
  const std::size_t farm_count = problem.farms.size();
  std::vector<std::vector<std::size_t>> owner_changes_into(farm_count);
  for (std::size_t c = 0; c < problem.candidates.size(); ++c) {
    const auto& candidate = problem.candidates[c];
    if (!candidate.changes_owner)
      continue;
    built.add_objective(ObjectiveTerm::transfer_tax, built.choose[c],
                        -rate * value_eur(problem, candidate));
    owner_changes_into[candidate.farm].push_back(c);
  }
  // Without farm-to-farm exchanges every deal has one receiving farm: never
  // a kavelruil, so the charge above is the tax.
  if (built.deals.anchor.empty())
    return;

  const std::size_t first_column = model.columns.size();
  std::vector<int> qualifies_of_anchor(farm_count, -1);
  for (std::size_t l = 0; l < farm_count; ++l) {
    if (!built.deals.anchor[l].contains(l))
      continue;
    if (auto deal = add_qualification(problem, built, l, owner_changes_into)) {
      qualifies_of_anchor[l] = deal->qualifies;
      tax.deals.push_back(std::move(*deal));
    }
  }
  tax.kavelruil.assign(farm_count, -1);
  std::vector<std::vector<int>> exchanges_of(farm_count);
  for (const auto& e : built.deals.exchanges) {
    exchanges_of[e.u].push_back(e.column);
    exchanges_of[e.v].push_back(e.column);
  }
  for (std::size_t f = 0; f < farm_count; ++f) {
    const auto& anchors = built.deals.anchor[f];
    const bool may_qualify = std::any_of(anchors.begin(), anchors.end(), [&](const auto& entry) {
      return qualifies_of_anchor[entry.first] >= 0;
    });
    if (owner_changes_into[f].empty() || !may_qualify)
      continue;
    const int k = built.tag_column(
        model.add_binary("in_kavelruil[" + problem.farms[f].farm_id + "]", 0.0), {f});
    tax.kavelruil[f] = k;
    std::vector<std::pair<int, double>> in_some_deal{{k, 1.0}};
    for (const auto& [l, a] : anchors) {
      in_some_deal.emplace_back(a, -1.0);
      // k <= q[l] + 1 - a[f,l]; an anchor that never qualifies has q = 0.
      std::vector<std::pair<int, double>> row{{k, 1.0}, {a, 1.0}};
      if (qualifies_of_anchor[l] >= 0)
        row.emplace_back(qualifies_of_anchor[l], -1.0);
      model.add_row("kavelruil_by_anchor", std::move(row), -kInfinity, 1.0);
    }
    model.add_row("kavelruil_in_a_deal", std::move(in_some_deal), -kInfinity, 0.0);
    // Two receiving owners need two farms, joined by exchanges: k[f] <= sum of f's y.
    std::vector<std::pair<int, double>> exchanging{{k, 1.0}};
    for (int y : exchanges_of[f])
      exchanging.emplace_back(y, -1.0);
    model.add_row("kavelruil_exchanges", std::move(exchanging), -kInfinity, 0.0);
    for (std::size_t c : owner_changes_into[f]) {
      const int x = built.choose[c];
      const auto& parcel =
          problem.region->parcels[problem.parcels[problem.candidates[c].parcel].region_index];
      const int e = built.tag_column(
          model.add_binary("tax_exempt[" + parcel.parcel_id + ">" + problem.farms[f].farm_id + "]",
                           0.0),
          {f});
      built.add_objective(ObjectiveTerm::transfer_tax, e,
                          rate * value_eur(problem, problem.candidates[c]));
      model.add_row("exempt_if_moved", {{e, 1.0}, {x, -1.0}}, -kInfinity, 0.0);
      model.add_row("exempt_if_kavelruil", {{e, 1.0}, {k, -1.0}}, -kInfinity, 0.0);
      tax.exemptions.push_back({e, x, k});
    }
  }
  std::size_t indicators = 0;
  for (const auto& deal : tax.deals)
    indicators += deal.receivers.size() + deal.sources.size() + deal.owners.size();
  spdlog::debug(
      "transfer tax: {} deals may qualify, {} indicators, {} exemptions, {} columns after",
      tax.deals.size(), indicators, tax.exemptions.size(), model.columns.size() - first_column);
}

void set_tax_start(const Problem& problem, const BuiltModel& built, std::vector<double>& values) {
  const auto& tax = built.tax;
  if (tax.deals.empty())
    return;
  auto on = [&](int column) { return values[static_cast<std::size_t>(column)] > 0.5; };
  auto set = [&](int column, double value) { values[static_cast<std::size_t>(column)] = value; };
  std::vector<bool> qualifies(problem.farms.size(), false);  // per anchor
  for (const auto& deal : tax.deals) {
    auto indicate = [&](const TaxColumns::Indicator& i) {
      const bool value = on(i.a) && std::any_of(i.xs.begin(), i.xs.end(), on);
      set(i.column, value ? 1.0 : 0.0);
      return value;
    };
    for (const auto& r : deal.receivers)
      indicate(r);
    for (const auto& s : deal.sources)
      indicate(s);
    auto count = [&](const std::vector<std::pair<int, std::vector<int>>>& counted) {
      int distinct = 0;
      for (const auto& [column, indicators] : counted) {
        const bool any = std::any_of(indicators.begin(), indicators.end(), on);
        set(column, any ? 1.0 : 0.0);
        distinct += any ? 1 : 0;
      }
      return distinct;
    };
    const int owners = count(deal.owners), receivers = count(deal.receiving_owners);
    qualifies[deal.anchor] = owners >= 3 && receivers >= 2;
    set(deal.qualifies, qualifies[deal.anchor] ? 1.0 : 0.0);
  }
  for (std::size_t f = 0; f < problem.farms.size(); ++f) {
    const int k = tax.kavelruil.empty() ? -1 : tax.kavelruil[f];
    if (k < 0)
      continue;
    bool in = false;
    for (const auto& [l, a] : built.deals.anchor[f])
      in = in || (on(a) && qualifies[l]);
    set(k, in ? 1.0 : 0.0);
  }
  for (const auto& e : tax.exemptions)
    set(e.column, on(e.x) && on(e.kavelruil) ? 1.0 : 0.0);
}

}  // namespace landpool::solver
