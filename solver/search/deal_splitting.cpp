#include "solver/search/deal_splitting.hpp"
#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/connected_components.hpp>
#include <limits>
#include <map>
#include <utility>
namespace landpool::solver {
namespace {
using FarmPair = std::pair<std::size_t, std::size_t>;
std::optional<FarmPair> pair_of(const Problem& problem, std::size_t candidate) {
  const auto& chosen = problem.candidates[candidate];
  const auto giver = problem.parcels[chosen.parcel].from_farm;
  if (!giver)
    return std::nullopt;
  return std::minmax(*giver, chosen.farm);
}
struct Deals {
  std::vector<int> of_farm;
  std::vector<int> farms;
  std::vector<bool> has_pool_land;
};
Deals deals_of(const Problem& problem, const std::vector<std::size_t>& chosen) {
  const std::size_t farm_count = problem.farms.size();
  boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS> graph(farm_count);
  std::vector<bool> takes_part(farm_count, false), receives_pool(farm_count, false);
  for (std::size_t c : chosen) {
    const auto& candidate = problem.candidates[c];
    takes_part[candidate.farm] = true;
    if (const auto pair = pair_of(problem, c)) {
      takes_part[pair->first] = takes_part[pair->second] = true;
      boost::add_edge(pair->first, pair->second, graph);
    } else
      receives_pool[candidate.farm] = true;
  }
  std::vector<int> component(farm_count, 0);
  if (farm_count > 0)
    boost::connected_components(graph, component.data());
  Deals deals;
  deals.of_farm.assign(farm_count, -1);
  std::map<int, int> number;
  for (std::size_t f = 0; f < farm_count; ++f) {
    if (!takes_part[f])
      continue;
    const auto [it, inserted] = number.emplace(component[f], static_cast<int>(number.size()));
    if (inserted) {
      deals.farms.push_back(0);
      deals.has_pool_land.push_back(false);
    }
    const int deal = it->second;
    deals.of_farm[f] = deal;
    ++deals.farms[static_cast<std::size_t>(deal)];
    if (receives_pool[f])
      deals.has_pool_land[static_cast<std::size_t>(deal)] = true;
  }
  return deals;
}
}  // namespace
std::vector<int> deal_of_farms(const Problem& problem, const std::vector<std::size_t>& chosen) {
  return deals_of(problem, chosen).of_farm;
}
std::vector<std::size_t> split_oversize_deals(const Problem& problem,
                                              std::vector<std::size_t> chosen,
                                              const std::function<double(std::size_t)>& worth) {
  if (problem.scenario.rule(RuleId::deal_caps).mode != RuleMode::hard)
    return chosen;
  const auto& caps = problem.scenario.deals;
  const std::size_t farm_count = problem.farms.size();
  std::map<FarmPair, double> pair_worth;
  std::vector<bool> pool(farm_count, false);
  for (std::size_t c : chosen) {
    if (const auto pair = pair_of(problem, c))
      pair_worth[*pair] += worth(c);
    else
      pool[problem.candidates[c].farm] = true;
  }
  std::vector<std::pair<double, FarmPair>> order;
  for (const auto& [pair, value] : pair_worth)
    order.emplace_back(value, pair);
  std::stable_sort(order.begin(), order.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<std::size_t> parent(farm_count), size(farm_count, 1);
  for (std::size_t f = 0; f < farm_count; ++f)
    parent[f] = f;
  std::function<std::size_t(std::size_t)> root = [&](std::size_t f) {
    return parent[f] == f ? f : parent[f] = root(parent[f]);
  };
  std::vector<FarmPair> dropped;
  for (const auto& [value, pair] : order) {
    const auto a = root(pair.first), b = root(pair.second);
    if (a == b)
      continue;
    const bool has_pool = pool[a] || pool[b];
    if (static_cast<int>(size[a] + size[b]) > caps.max_farms(has_pool)) {
      dropped.push_back(pair);
      continue;
    }
    parent[b] = a;
    size[a] += size[b];
    pool[a] = has_pool;
  }
  if (!caps.two_party_swaps) {
    for (const auto& [value, pair] : order) {
      const auto a = root(pair.first);
      if (size[a] == 2 && !pool[a])
        dropped.push_back(pair);
    }
  }
  std::sort(dropped.begin(), dropped.end());
  std::erase_if(chosen, [&](std::size_t c) {
    const auto pair = pair_of(problem, c);
    return pair && std::binary_search(dropped.begin(), dropped.end(), *pair);
  });
  return chosen;
}
}  // namespace landpool::solver
