#include "solver/search/deal_splitting.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <utility>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/connected_components.hpp>

namespace landpool::solver {
namespace {

using FarmPair = std::pair<std::size_t, std::size_t>;  ///< lower index first

/// The pair of farms a farm-to-farm transfer links; nothing for pool land.
std::optional<FarmPair> pair_of(const Problem& problem, std::size_t candidate) {
  const auto& chosen = problem.candidates[candidate];
  const auto giver = problem.parcels[chosen.parcel].from_farm;
  if (!giver)
    return std::nullopt;
  return std::minmax(*giver, chosen.farm);
}

/// Union-find over farms, each set a deal with its size and whether it has pool land.
class DealSets {
 public:
  DealSets(std::size_t farm_count, std::vector<bool> receives_pool)
      : parent_(farm_count), farms_(farm_count, 1), pool_(std::move(receives_pool)) {
    for (std::size_t f = 0; f < farm_count; ++f)
      parent_[f] = f;
  }
  std::size_t root(std::size_t f) {
    while (parent_[f] != f)
      f = parent_[f] = parent_[parent_[f]];
    return f;
  }
  /// Joins the deals of `a` and `b` when the joined deal keeps `caps`; false otherwise.
  bool join_within(std::size_t a, std::size_t b, const ScenarioDeals& caps) {
    a = root(a);
    b = root(b);
    if (a == b)
      return true;
    const bool pool = pool_[a] || pool_[b];
    if (static_cast<int>(farms_[a] + farms_[b]) > caps.max_farms(pool))
      return false;
    parent_[b] = a;
    farms_[a] += farms_[b];
    pool_[a] = pool;
    return true;
  }
  /// A deal of two farms without pool land (not allowed without two-party swaps).
  bool lone_pair(std::size_t f) {
    const auto r = root(f);
    return farms_[r] == 2 && !pool_[r];
  }

 private:
  std::vector<std::size_t> parent_, farms_;
  std::vector<bool> pool_;
};

}  // namespace

std::vector<int> deal_of_farms(const Problem& problem, const std::vector<std::size_t>& chosen) {
  const std::size_t farm_count = problem.farms.size();
  boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS> graph(farm_count);
  std::vector<bool> takes_part(farm_count, false);
  for (std::size_t c : chosen) {
    takes_part[problem.candidates[c].farm] = true;
    if (const auto pair = pair_of(problem, c)) {
      takes_part[pair->first] = takes_part[pair->second] = true;
      boost::add_edge(pair->first, pair->second, graph);
    }
  }
  std::vector<int> component(farm_count, 0);
  if (farm_count > 0)
    boost::connected_components(graph, component.data());
  std::vector<int> deal(farm_count, -1);
  std::map<int, int> number;  // component -> deal, in order of the lowest farm
  for (std::size_t f = 0; f < farm_count; ++f) {
    if (takes_part[f])
      deal[f] = number.emplace(component[f], static_cast<int>(number.size())).first->second;
  }
  return deal;
}

std::vector<std::size_t> split_oversize_deals(const Problem& problem,
                                              std::vector<std::size_t> chosen,
                                              const std::function<double(std::size_t)>& worth) {
  if (problem.scenario.rule(RuleId::deal_caps).mode != RuleMode::hard)
    return chosen;
  const auto& caps = problem.scenario.deals;
  std::map<FarmPair, double> pair_worth;
  std::vector<bool> receives_pool(problem.farms.size(), false);
  for (std::size_t c : chosen) {
    if (const auto pair = pair_of(problem, c))
      pair_worth[*pair] += worth(c);
    else
      receives_pool[problem.candidates[c].farm] = true;
  }
  std::vector<std::pair<double, FarmPair>> by_worth;
  for (const auto& [pair, value] : pair_worth)
    by_worth.emplace_back(value, pair);
  std::stable_sort(by_worth.begin(), by_worth.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });

  DealSets deals(problem.farms.size(), std::move(receives_pool));
  std::vector<FarmPair> dropped;
  for (const auto& [value, pair] : by_worth) {
    if (!deals.join_within(pair.first, pair.second, caps))
      dropped.push_back(pair);
  }
  if (!caps.two_party_swaps) {
    for (const auto& [value, pair] : by_worth) {
      if (deals.lone_pair(pair.first))
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
