#include "solver/problem/independent_parts.hpp"

#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/connected_components.hpp>

namespace landpool::solver {

std::vector<Problem> split_into_parts(const Problem& whole) {
  const std::size_t farms = whole.farms.size();
  boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS> graph(farms +
                                                                            whole.parcels.size());
  for (const auto& c : whole.candidates)
    boost::add_edge(c.farm, farms + c.parcel, graph);
  for (std::size_t m = 0; m < whole.parcels.size(); ++m) {
    if (whole.parcels[m].from_farm)
      boost::add_edge(*whole.parcels[m].from_farm, farms + m, graph);
  }
  std::unordered_map<std::string, std::size_t> farm_of;  // farm id -> problem farm
  for (std::size_t f = 0; f < farms; ++f)
    farm_of.emplace(whole.farms[f].farm_id, f);
  for (const auto& pair : whole.pairs) {
    const auto a = whole.movable_index[pair.a], b = whole.movable_index[pair.b];
    if (a && b)
      boost::add_edge(farms + *a, farms + *b, graph);
    // A movable parcel next to a farm's fixed land ties it to that farm.
    for (const auto& [movable, fixed] : {std::pair{a, pair.b}, std::pair{b, pair.a}}) {
      if (!movable || whole.movable_index[fixed])
        continue;
      const auto& user = whole.region->parcels[fixed].user_farm_id;
      if (!user)
        continue;
      const auto farm = farm_of.find(*user);
      if (farm != farm_of.end())
        boost::add_edge(farm->second, farms + *movable, graph);
    }
  }
  std::vector<int> component(boost::num_vertices(graph));
  const int count = boost::connected_components(graph, component.data());

  std::vector<Problem> parts(static_cast<std::size_t>(count));
  for (auto& part : parts) {
    part.region = whole.region;
    part.scenario = whole.scenario;
    part.as_of = whole.as_of;
    part.allocation = whole.allocation;
    part.carry = whole.carry;
    part.movable_index.assign(whole.movable_index.size(), std::nullopt);
    part.farm_index.assign(whole.farm_index.size(), std::nullopt);
  }
  std::vector<std::size_t> farm_local(farms), parcel_local(whole.parcels.size());
  for (std::size_t f = 0; f < farms; ++f) {
    auto& part = parts[static_cast<std::size_t>(component[f])];
    farm_local[f] = part.farms.size();
    part.farm_index[whole.farms[f].region_index] = part.farms.size();
    part.farms.push_back(whole.farms[f]);
  }
  for (std::size_t m = 0; m < whole.parcels.size(); ++m) {
    auto& part = parts[static_cast<std::size_t>(component[farms + m])];
    parcel_local[m] = part.parcels.size();
    auto movable = whole.parcels[m];
    if (movable.from_farm)
      movable.from_farm = farm_local[*movable.from_farm];
    part.movable_index[movable.region_index] = part.parcels.size();
    part.parcels.push_back(movable);
  }
  for (auto c : whole.candidates) {
    auto& part = parts[static_cast<std::size_t>(component[c.farm])];
    c.farm = farm_local[c.farm];
    c.parcel = parcel_local[c.parcel];
    part.candidates.push_back(c);
  }
  for (const auto& pair : whole.pairs) {
    const auto m =
        whole.movable_index[pair.a] ? whole.movable_index[pair.a] : whole.movable_index[pair.b];
    parts[static_cast<std::size_t>(component[farms + *m])].pairs.push_back(pair);
  }
  // Parts with nothing to decide are dropped.
  std::erase_if(parts, [](const Problem& part) { return part.candidates.empty(); });
  return parts;
}

}  // namespace landpool::solver
