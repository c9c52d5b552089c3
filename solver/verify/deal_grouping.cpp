#include "solver/verify/deal_grouping.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/connected_components.hpp>

namespace landpool::solver {

std::vector<DealGroup> group_into_deals(const std::vector<TransferEnds>& transfers) {
  std::unordered_map<std::string, std::size_t> farm_vertex;
  std::vector<std::string> farm_names;
  auto vertex = [&](const std::string& farm_id) {
    auto [it, inserted] = farm_vertex.emplace(farm_id, farm_names.size());
    if (inserted)
      farm_names.push_back(farm_id);
    return it->second;
  };
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;
  std::vector<std::pair<std::size_t, std::size_t>> edges;
  std::vector<std::size_t> receiver(transfers.size());
  for (std::size_t t = 0; t < transfers.size(); ++t) {
    receiver[t] = vertex(transfers[t].to_farm_id);
    if (!transfers[t].from_farm_id.empty())
      edges.emplace_back(vertex(transfers[t].from_farm_id), receiver[t]);
  }
  Graph graph(farm_names.size());
  for (const auto& [a, b] : edges)
    boost::add_edge(a, b, graph);
  std::vector<int> component(farm_names.size());
  boost::connected_components(graph, component.data());

  std::map<int, std::size_t> deal_of_component;  // numbered by first transfer
  std::vector<DealGroup> deals;
  for (std::size_t t = 0; t < transfers.size(); ++t) {
    auto [it, inserted] = deal_of_component.emplace(component[receiver[t]], deals.size());
    if (inserted)
      deals.emplace_back();
    auto& deal = deals[it->second];
    deal.transfers.push_back(t);
    auto add_farm = [&](const std::string& farm_id) {
      if (std::find(deal.farm_ids.begin(), deal.farm_ids.end(), farm_id) == deal.farm_ids.end())
        deal.farm_ids.push_back(farm_id);
    };
    if (!transfers[t].from_farm_id.empty())
      add_farm(transfers[t].from_farm_id);
    add_farm(transfers[t].to_farm_id);
    if (transfers[t].from_farm_id.empty() &&
        std::find(deal.pool_owner_ids.begin(), deal.pool_owner_ids.end(),
                  transfers[t].pool_owner_id) == deal.pool_owner_ids.end())
      deal.pool_owner_ids.push_back(transfers[t].pool_owner_id);
  }
  return deals;
}

}  // namespace landpool::solver
