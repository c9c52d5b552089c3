#include "solver/verify/organic_clusters.hpp"

#include <algorithm>
#include <unordered_map>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/connected_components.hpp>

namespace landpool::solver {

OrganicClusters organic_clusters(const Region& region,
                                 const std::vector<ParcelNeighbours>& neighbours,
                                 const std::vector<bool>& organic, double large_ha) {
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t p = 0; p < region.parcels.size(); ++p)
    index[region.parcels[p].parcel_id] = p;
  boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS> graph(region.parcels.size());
  for (const auto& pair : neighbours) {
    const auto a = index.find(pair.parcel_a), b = index.find(pair.parcel_b);
    if (a != index.end() && b != index.end() && organic[a->second] && organic[b->second])
      boost::add_edge(a->second, b->second, graph);
  }
  std::vector<int> component(region.parcels.size());
  const int components = boost::connected_components(graph, component.data());
  std::vector<double> area(static_cast<std::size_t>(components), 0.0);
  for (std::size_t p = 0; p < region.parcels.size(); ++p) {
    if (organic[p])
      area[static_cast<std::size_t>(component[p])] += region.parcels[p].area_ha;
  }
  OrganicClusters clusters;
  double squares = 0.0, in_large = 0.0;
  for (const double ha : area) {
    if (ha <= 0.0)
      continue;  // a conventional parcel's own component
    ++clusters.count;
    in_large += ha >= large_ha ? ha : 0.0;
    clusters.organic_ha += ha;
    clusters.largest_ha = std::max(clusters.largest_ha, ha);
    squares += ha * ha;
  }
  clusters.weighted_mean_ha = clusters.organic_ha > 0.0 ? squares / clusters.organic_ha : 0.0;
  clusters.share_in_large = clusters.organic_ha > 0.0 ? in_large / clusters.organic_ha : 0.0;
  return clusters;
}

}  // namespace landpool::solver
