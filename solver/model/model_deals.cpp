// Deal caps as constraints of the model (rule deal_caps). A deal is a
// connected set of farms linked by farm-to-farm transfers; each farm is in at
// most one. Representative formulation: every farm in a deal is assigned to
// the deal's anchor, its smallest-index farm:
//   a[f,l]  farm f is in the deal anchored at farm l (l <= f, and l within
//           cap - 1 exchange hops of f, since a capped deal is that small)
//   y[u,v]  farms u and v exchange at least one parcel
//   g[f]    farm f receives pool land;  h[l]  the deal anchored at l has pool land
// Rows: sum x <= n y[u,v] over each pair's exchange candidates;
// d[f] = sum_l a[f,l] <= 1; t[f] = sum_l l a[f,l]; a[f,l] <= a[l,l];
// y[u,v] <= d[u], d[v]; |t[u] - t[v]| <= F (1 - y[u,v]) (exchanging farms
// share the anchor); a flow from each anchor (connectivity); and the size row
//   sum_f a[f,l] <= K + (L' - K) h[l]   with L' = max(1, L),
// h[l] tied to g of its members in the direction that keeps the cap exact.
// With the rule off, the anchors are still built (without hop limit or size
// rows) when the transfer tax (model_tax.cpp) or the per-deal cost
// (model_deal_costs.cpp) needs the deals.

#include <algorithm>
#include <deque>
#include <map>
#include <set>

#include <spdlog/fmt/fmt.h>
#include <spdlog/spdlog.h>

#include "solver/model/model_builder.hpp"

namespace landpool::solver {
namespace {

/// A binary column `what[F,L]` of two farms, tagged with both.
int add_farm_pair_binary(const Problem& problem, BuiltModel& built, const char* what, std::size_t f,
                         std::size_t l) {
  return built.tag_column(
      built.model.add_binary(
          fmt::format("{}[{},{}]", what, problem.farms[f].farm_id, problem.farms[l].farm_id), 0.0),
      {f, l});
}

void log_deal_rows(const LinearModel& model, std::size_t first_row, std::size_t first_column) {
  std::map<std::string, int> rows;
  for (std::size_t r = first_row; r < model.rows.size(); ++r)
    ++rows[model.rows[r].name.substr(0, model.rows[r].name.find('['))];
  std::string text;
  for (const auto& [name, count] : rows)
    text += fmt::format(" {} {}", name, count);
  spdlog::debug("deal caps: {} columns; rows:{}", model.columns.size() - first_column, text);
}

/// Farms at least `start` reachable from `start` within `max_hops` exchange
/// hops through farms at least `start` (a deal anchored at `start` has only
/// such farms, so it is connected through them).
std::vector<std::size_t> reachable_above(const std::vector<std::vector<std::size_t>>& adjacency,
                                         std::size_t start, int max_hops) {
  std::map<std::size_t, int> hops{{start, 0}};
  std::deque<std::size_t> queue{start};
  while (!queue.empty()) {
    const std::size_t farm = queue.front();
    queue.pop_front();
    if (hops[farm] == max_hops)
      continue;
    for (std::size_t next : adjacency[farm]) {
      if (next > start && hops.emplace(next, hops[farm] + 1).second)
        queue.push_back(next);
    }
  }
  std::vector<std::size_t> farms;
  for (const auto& [farm, distance] : hops)
    farms.push_back(farm);
  return farms;
}

/// Without two-party swaps, a deal without pool land has at least three
/// farms: sum_f a[f,l] + 3 sum_f b[f,l] >= 3 a[l,l], where b[f,l] <= a[f,l]
/// and b[f,l] <= sum of f's pool choices (f is in the deal and brings pool
/// land), and a[f,l] <= sum of f's exchange columns y (a member really
/// exchanges: no idle farm may pad the count).
void add_no_two_party_swap(const Problem& problem, BuiltModel& built, std::size_t l,
                           const std::vector<std::pair<std::size_t, int>>& members,
                           const RuleSetting& rule) {
  auto& model = built.model;
  auto& deal = built.deals;
  if (deal.brings_pool.empty())
    deal.brings_pool.assign(problem.farms.size(), {});
  std::vector<std::vector<int>> exchanges_of(problem.farms.size());
  for (const auto& e : deal.exchanges) {
    exchanges_of[e.u].push_back(e.column);
    exchanges_of[e.v].push_back(e.column);
  }
  std::vector<std::pair<int, double>> row;
  for (const auto& [f, a] : members) {
    // A member counts only if it exchanges land: a[f,l] <= sum of its y.
    std::vector<std::pair<int, double>> exchanging{{a, 1.0}};
    for (int y : exchanges_of[f])
      exchanging.emplace_back(y, -1.0);
    model.add_row("member_exchanges", std::move(exchanging), -kInfinity, 0.0);
    row.emplace_back(a, 1.0);
    if (deal.pool_choices[f].empty())
      continue;
    const int b = add_farm_pair_binary(problem, built, "brings_pool", f, l);
    deal.brings_pool[f][l] = b;
    model.add_row("brings_pool_in", {{b, 1.0}, {a, -1.0}}, -kInfinity, 0.0);
    std::vector<std::pair<int, double>> some{{b, 1.0}};
    for (int x : deal.pool_choices[f])
      some.emplace_back(x, -1.0);
    model.add_row("brings_pool_land", std::move(some), -kInfinity, 0.0);
    row.emplace_back(b, 3.0);
  }
  row.emplace_back(deal.anchor[l].at(l), -3.0);
  if (rule.mode == RuleMode::penalty) {
    row.emplace_back(add_penalty_slack(built, "two_party[" + problem.farms[l].farm_id + "]",
                                       rule.penalty_eur, l),
                     1.0);
  }
  model.add_row("no_two_party_swap[" + problem.farms[l].farm_id + "]", std::move(row), 0.0,
                kInfinity);
  built.tag_last_row({l});
}

/// Every member of a deal is reached from the deal's anchor by a flow along
/// chosen exchanges: the anchor sends one unit to each other member. Arcs
/// carry flow only where y = 1, and exchanging farms share their anchor, so
/// flow never crosses deals and one flow serves them all. Without it, the
/// farms of another deal could borrow an anchor and loosen its cap or make up
/// a kavelruil's count of owners.
void add_connectivity(const Problem& problem, BuiltModel& built) {
  auto& model = built.model;
  auto& deal = built.deals;
  std::map<std::size_t, int> members;  // per anchor
  for (const auto& anchors : deal.anchor) {
    for (const auto& [l, column] : anchors)
      ++members[l];
  }
  int largest = 1;
  for (const auto& [l, count] : members)
    largest = std::max(largest, count);
  const double capacity = static_cast<double>(largest - 1);
  if (capacity <= 0.0)
    return;
  for (const auto& e : deal.exchanges) {
    for (const auto& [from, to] : {std::pair{e.u, e.v}, std::pair{e.v, e.u}}) {
      const int flow = built.tag_column(
          model.add_continuous(fmt::format("deal_flow[{}>{}]", problem.farms[from].farm_id,
                                           problem.farms[to].farm_id),
                               0.0, capacity, 0.0),
          {from, to});
      model.add_row("deal_flow_on_exchange", {{flow, 1.0}, {e.column, -capacity}}, -kInfinity, 0.0);
      deal.flow.push_back({from, to, e.column, flow});
    }
  }
  // At farm f: inflow - outflow = [f is a member of another farm's deal]
  //                               - (members of the deal anchored at f, besides f).
  std::vector<std::vector<std::pair<int, double>>> balance(problem.farms.size());
  for (const auto& arc : deal.flow) {
    balance[arc.to].emplace_back(arc.column, 1.0);
    balance[arc.from].emplace_back(arc.column, -1.0);
  }
  for (std::size_t f = 0; f < problem.farms.size(); ++f) {
    for (const auto& [l, column] : deal.anchor[f]) {
      if (l == f)
        continue;
      balance[f].emplace_back(column, -1.0);
      balance[l].emplace_back(column, 1.0);
    }
  }
  for (std::size_t f = 0; f < problem.farms.size(); ++f) {
    if (!balance[f].empty()) {
      model.add_row("deal_connected[" + problem.farms[f].farm_id + "]", std::move(balance[f]), 0.0,
                    0.0);
      built.tag_last_row({f});
    }
  }
}

/// Flow values for a start: a breadth-first tree from each anchor over the
/// chosen exchanges; each tree arc carries the members below it.
void set_flow_start(const BuiltModel& built, const std::vector<std::size_t>& anchor_of,
                    std::vector<double>& values) {
  const auto& deal = built.deals;
  auto on = [&](int column) { return values[static_cast<std::size_t>(column)] > 0.5; };
  std::map<std::size_t, std::vector<const DealColumns::FlowArc*>> out;
  for (const auto& arc : deal.flow) {
    values[static_cast<std::size_t>(arc.column)] = 0.0;
    if (on(arc.exchange))
      out[arc.from].push_back(&arc);
  }
  std::vector<bool> reached(anchor_of.size(), false);
  for (std::size_t l = 0; l < anchor_of.size(); ++l) {
    if (anchor_of[l] != l || out[l].empty())
      continue;
    std::vector<const DealColumns::FlowArc*> tree;
    std::deque<std::size_t> queue{l};
    reached[l] = true;
    while (!queue.empty()) {
      const std::size_t farm = queue.front();
      queue.pop_front();
      for (const auto* arc : out[farm]) {
        if (!reached[arc->to]) {
          reached[arc->to] = true;
          tree.push_back(arc);
          queue.push_back(arc->to);
        }
      }
    }
    std::map<std::size_t, double> below;
    for (auto it = tree.rbegin(); it != tree.rend(); ++it) {
      const double carried = 1.0 + below[(*it)->to];
      values[static_cast<std::size_t>((*it)->column)] = carried;
      below[(*it)->from] += carried;
    }
  }
}

}  // namespace

namespace {

/// Farm pairs that may exchange, each with the choices between them.
using ExchangePairs = std::map<std::pair<std::size_t, std::size_t>, std::vector<int>>;

/// The exchanging pairs; fills each farm's pool-land choices.
ExchangePairs exchange_pairs(const Problem& problem, BuiltModel& built) {
  ExchangePairs exchanges;
  auto& deal = built.deals;
  deal.pool_choices.assign(problem.farms.size(), {});
  for (std::size_t c = 0; c < problem.candidates.size(); ++c) {
    const auto& candidate = problem.candidates[c];
    if (const auto giver = problem.parcels[candidate.parcel].from_farm) {
      exchanges[{std::min(*giver, candidate.farm), std::max(*giver, candidate.farm)}].push_back(
          built.choose[c]);
    } else {
      deal.pool_choices[candidate.farm].push_back(built.choose[c]);
    }
  }
  return exchanges;
}

/// a[f,l]: farm f is in the deal anchored at l, for every l within `widest`
/// farms of f in the exchange graph (and above it in index).
void add_anchors(const Problem& problem, BuiltModel& built, const ExchangePairs& exchanges,
                 int widest) {
  const std::size_t farm_count = problem.farms.size();
  std::vector<std::vector<std::size_t>> adjacency(farm_count);
  for (const auto& [ends, columns] : exchanges) {
    adjacency[ends.first].push_back(ends.second);
    adjacency[ends.second].push_back(ends.first);
  }
  auto& deal = built.deals;
  deal.anchor.assign(farm_count, {});
  for (std::size_t l = 0; l < farm_count; ++l) {
    if (adjacency[l].empty())
      continue;
    for (std::size_t f : reachable_above(adjacency, l, widest - 1))
      deal.anchor[f][l] = add_farm_pair_binary(problem, built, "in_deal", f, l);
  }
}

/// Per farm, its anchors' sum (in a deal: at most one) and index sum (its
/// deal's anchor) as columns of their own, so that the rows per exchange
/// pair name two columns instead of every anchor of both farms (on 30,000
/// parcels a farm has up to 230 anchors, and those rows held 34 of the
/// model's 45 million terms): the same LP, the columns substituted. A
/// member's anchor is in its own deal.
void add_anchor_sums(const Problem& problem, BuiltModel& built) {
  auto& model = built.model;
  auto& deal = built.deals;
  const std::size_t farm_count = problem.farms.size();
  deal.in_a_deal.assign(farm_count, -1);
  deal.anchor_index.assign(farm_count, -1);
  for (std::size_t f = 0; f < farm_count; ++f) {
    if (deal.anchor[f].empty())
      continue;
    const auto& id = problem.farms[f].farm_id;
    deal.in_a_deal[f] =
        built.tag_column(model.add_continuous("in_a_deal[" + id + "]", 0.0, 1.0, 0.0), {f});
    deal.anchor_index[f] = built.tag_column(
        model.add_continuous("deal_anchor_index[" + id + "]", 0.0,
                             static_cast<double>(std::max<std::size_t>(1, farm_count - 1)), 0.0),
        {f});
    std::vector<std::pair<int, double>> one{{deal.in_a_deal[f], -1.0}};
    std::vector<std::pair<int, double>> index{{deal.anchor_index[f], -1.0}};
    for (const auto& [l, column] : deal.anchor[f]) {
      one.emplace_back(column, 1.0);
      index.emplace_back(column, static_cast<double>(l));
    }
    model.add_row("one_deal[" + id + "]", std::move(one), 0.0, 0.0);
    built.tag_last_row({f});
    model.add_row("deal_anchor_index[" + id + "]", std::move(index), 0.0, 0.0);
    built.tag_last_row({f});
  }
  for (std::size_t f = 0; f < farm_count; ++f) {
    for (const auto& [l, column] : deal.anchor[f]) {
      if (l != f)
        model.add_row("anchor_in_deal", {{column, 1.0}, {deal.anchor[l].at(l), -1.0}}, -kInfinity,
                      0.0);
    }
  }
}

/// y[u,v] per exchanging pair: 1 exactly where the pair exchanges, and then
/// both farms share one anchor.
void add_exchange_columns(const Problem& problem, BuiltModel& built,
                          const ExchangePairs& exchanges) {
  auto& model = built.model;
  auto& deal = built.deals;
  for (const auto& [ends, columns] : exchanges) {
    const auto [u, v] = ends;
    const int y = add_farm_pair_binary(problem, built, "exchange", u, v);
    deal.exchanges.push_back({u, v, y, columns});
    // One aggregated row per pair keeps the model small: sum x <= n y.
    std::vector<std::pair<int, double>> link{{y, -static_cast<double>(columns.size())}};
    for (int x : columns)
      link.emplace_back(x, 1.0);
    model.add_row("exchange_link", std::move(link), -kInfinity, 0.0);
    // And y only where they do, so that a deal's flow runs on real exchanges.
    std::vector<std::pair<int, double>> used{{y, 1.0}};
    for (int x : columns)
      used.emplace_back(x, -1.0);
    model.add_row("exchange_used", std::move(used), -kInfinity, 0.0);
    for (const std::size_t farm : {u, v})
      model.add_row("exchange_in_deal", {{y, 1.0}, {deal.in_a_deal[farm], -1.0}}, -kInfinity, 0.0);
    // Exchanging farms both have exactly one anchor (rows above), and the
    // same one: their anchors' indices agree, |sum_l l a[u,l] - sum_l l
    // a[v,l]| <= F (1 - y). Two rows per pair instead of one per anchor.
    const double big = static_cast<double>(problem.farms.size());
    const int index_u = deal.anchor_index[u], index_v = deal.anchor_index[v];
    model.add_row("same_deal", {{y, big}, {index_u, 1.0}, {index_v, -1.0}}, -kInfinity, big);
    model.add_row("same_deal", {{y, big}, {index_u, -1.0}, {index_v, 1.0}}, -kInfinity, big);
  }
}

/// g[f]: farm f receives pool land, where the chain cap differs from the
/// ring cap (a deal with pool land may then hold another number of farms).
void add_pool_receivers(const Problem& problem, BuiltModel& built, int ring_cap, int chain_cap) {
  auto& model = built.model;
  auto& deal = built.deals;
  deal.chain_cap_looser = chain_cap > ring_cap;
  for (std::size_t f = 0; f < problem.farms.size(); ++f) {
    if (deal.anchor[f].empty() || deal.pool_choices[f].empty() || chain_cap == ring_cap)
      continue;
    const int g = built.tag_column(
        model.add_binary("receives_pool[" + problem.farms[f].farm_id + "]", 0.0), {f});
    deal.receives_pool[f] = g;
    for (int x : deal.pool_choices[f]) {
      if (deal.chain_cap_looser)
        continue;  // g may only be 1 with pool land: below
      model.add_row("pool_tightens_cap", {{x, 1.0}, {g, -1.0}}, -kInfinity, 0.0);
    }
    if (deal.chain_cap_looser) {
      std::vector<std::pair<int, double>> some{{g, 1.0}};
      for (int x : deal.pool_choices[f])
        some.emplace_back(x, -1.0);
      model.add_row("pool_loosens_cap", std::move(some), -kInfinity, 0.0);
    }
  }
}

/// h[l]: the deal anchored at `l` has pool land (where the caps differ);
/// returns the column, or -1.
int add_has_pool(const Problem& problem, BuiltModel& built, std::size_t l,
                 const std::vector<std::pair<std::size_t, int>>& members) {
  auto& model = built.model;
  auto& deal = built.deals;
  const bool pool_possible = std::any_of(members.begin(), members.end(), [&](const auto& m) {
    return deal.receives_pool[m.first] >= 0;
  });
  if (!pool_possible)
    return -1;
  const int h = built.tag_column(
      model.add_binary("deal_has_pool[" + problem.farms[l].farm_id + "]", 0.0), {l});
  deal.has_pool[l] = h;
  std::vector<std::pair<int, double>> some{{h, 1.0}};
  for (const auto& [f, a] : members) {
    const int g = deal.receives_pool[f];
    if (g < 0)
      continue;
    if (deal.chain_cap_looser) {  // h <= sum_f min(a[f,l], g[f])
      const int r = add_farm_pair_binary(problem, built, "pool_member", f, l);
      deal.pool_member[f][l] = r;
      model.add_row("pool_member_in", {{r, 1.0}, {a, -1.0}}, -kInfinity, 0.0);
      model.add_row("pool_member_pool", {{r, 1.0}, {g, -1.0}}, -kInfinity, 0.0);
      some.emplace_back(r, -1.0);
    } else {  // h >= a[f,l] + g[f] - 1
      model.add_row("deal_has_pool", {{h, 1.0}, {a, -1.0}, {g, -1.0}}, -1.0, kInfinity);
    }
  }
  if (deal.chain_cap_looser)
    model.add_row("deal_pool_source", std::move(some), -kInfinity, 0.0);
  return h;
}

/// The size of the deal anchored at `l` within its cap (ring, or chain when
/// it has pool land), and no two-party swap where the scenario forbids them.
void add_deal_size(const Problem& problem, BuiltModel& built, std::size_t l, int ring_cap,
                   int chain_cap) {
  const auto& rule = problem.scenario.rule(RuleId::deal_caps);
  auto& deal = built.deals;
  std::vector<std::pair<int, double>> size;
  std::vector<std::pair<std::size_t, int>> members;
  for (std::size_t f = 0; f < problem.farms.size(); ++f) {
    if (const auto it = deal.anchor[f].find(l); it != deal.anchor[f].end()) {
      size.emplace_back(it->second, 1.0);
      members.emplace_back(f, it->second);
    }
  }
  if (const int h = add_has_pool(problem, built, l, members); h >= 0)
    size.emplace_back(h, static_cast<double>(ring_cap - chain_cap));
  if (rule.mode == RuleMode::penalty) {
    const int s =
        add_penalty_slack(built, "over_cap[" + problem.farms[l].farm_id + "]", rule.penalty_eur, l);
    deal.over_cap[l] = s;
    size.emplace_back(s, -1.0);
  }
  size.emplace_back(deal.anchor[l].at(l), -static_cast<double>(ring_cap));
  built.model.add_row("deal_size[" + problem.farms[l].farm_id + "]", std::move(size), -kInfinity,
                      0.0);
  built.tag_last_row({l});
  if (!problem.scenario.deals.two_party_swaps)
    add_no_two_party_swap(problem, built, l, members, rule);
}

}  // namespace

void add_deal_caps(const Problem& problem, BuiltModel& built) {
  const auto& rule = problem.scenario.rule(RuleId::deal_caps);
  // The transfer tax and the per-deal cost need to know the deals even when
  // no cap bounds them.
  const bool caps = rule.mode != RuleMode::off;
  if (!caps && !tax_depends_on_deals(problem) &&
      problem.scenario.weights.transaction_eur_per_deal <= 0.0)
    return;
  auto& model = built.model;
  auto& deal = built.deals;
  const std::size_t first_row = model.rows.size(), first_column = model.columns.size();
  const std::size_t farm_count = problem.farms.size();
  const int ring_cap = problem.scenario.deals.max_farms(false);
  const int chain_cap = problem.scenario.deals.max_farms(true);
  const auto exchanges = exchange_pairs(problem, built);
  if (exchanges.empty())
    return;  // every deal is one farm and its pool land: within any cap
  // Hard caps keep a deal within max(K, L') farms, so an anchor reaches no
  // further; a penalty lets a deal grow at a price, so it may span the graph.
  const int widest =
      rule.mode == RuleMode::hard ? std::max(ring_cap, chain_cap) : static_cast<int>(farm_count);
  add_anchors(problem, built, exchanges, widest);
  add_anchor_sums(problem, built);
  add_exchange_columns(problem, built, exchanges);
  add_connectivity(problem, built);
  deal.receives_pool.assign(farm_count, -1);
  deal.has_pool.assign(farm_count, -1);
  deal.pool_member.assign(farm_count, {});
  deal.over_cap.assign(farm_count, -1);
  if (caps) {
    add_pool_receivers(problem, built, ring_cap, chain_cap);
    for (std::size_t l = 0; l < farm_count; ++l) {
      if (deal.anchor[l].find(l) != deal.anchor[l].end())
        add_deal_size(problem, built, l, ring_cap, chain_cap);
    }
  }
  log_deal_rows(model, first_row, first_column);
}

void set_deal_start(const Problem& problem, const BuiltModel& built, std::vector<double>& values) {
  const auto& deal = built.deals;
  if (deal.exchanges.empty())
    return;
  auto chosen = [&](int column) { return values[static_cast<std::size_t>(column)] > 0.5; };
  auto set = [&](int column) { values[static_cast<std::size_t>(column)] = 1.0; };
  const std::size_t farm_count = problem.farms.size();
  std::vector<std::size_t> root(farm_count);
  for (std::size_t f = 0; f < farm_count; ++f)
    root[f] = f;
  auto find = [&](std::size_t f) {
    while (root[f] != f)
      f = root[f] = root[root[f]];
    return f;
  };
  std::vector<bool> exchanging(farm_count, false);
  for (const auto& e : deal.exchanges) {
    if (std::none_of(e.choices.begin(), e.choices.end(), chosen))
      continue;
    set(e.column);
    exchanging[e.u] = exchanging[e.v] = true;
    root[find(e.u)] = find(e.v);
  }
  std::vector<std::size_t> anchor_of(farm_count, farm_count);
  for (std::size_t f = 0; f < farm_count; ++f) {
    if (exchanging[f])
      anchor_of[find(f)] = std::min(anchor_of[find(f)], f);
  }
  for (std::size_t f = 0; f < farm_count; ++f) {
    const bool gets_pool =
        std::any_of(deal.pool_choices[f].begin(), deal.pool_choices[f].end(), chosen);
    if (gets_pool && deal.receives_pool[f] >= 0)
      set(deal.receives_pool[f]);
    if (!exchanging[f])
      continue;
    const std::size_t l = anchor_of[find(f)];
    const auto a = deal.anchor[f].find(l);
    if (a == deal.anchor[f].end())
      continue;  // the start breaks a cap: the caller's check discards it
    set(a->second);
    set(deal.in_a_deal[f]);
    values[static_cast<std::size_t>(deal.anchor_index[f])] = static_cast<double>(l);
    if (gets_pool && !deal.brings_pool.empty()) {
      if (const auto b = deal.brings_pool[f].find(l); b != deal.brings_pool[f].end())
        set(b->second);
    }
    if (gets_pool && deal.has_pool[l] >= 0) {
      set(deal.has_pool[l]);
      if (const auto r = deal.pool_member[f].find(l); r != deal.pool_member[f].end())
        set(r->second);
    }
  }
  std::vector<std::size_t> anchor_of_farm(farm_count, farm_count);
  for (std::size_t f = 0; f < farm_count; ++f) {
    if (exchanging[f])
      anchor_of_farm[f] = anchor_of[find(f)];
  }
  set_flow_start(built, anchor_of_farm, values);
}

}  // namespace landpool::solver
