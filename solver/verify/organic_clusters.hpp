#pragma once
// Organic clusters: groups of organic or converting parcels that share a
// boundary (connected components over the neighbour pairs). Compactness of
// organic land is read from them: fewer, larger clusters are better.

#include <vector>

#include "core/parcel_geometry.hpp"
#include "core/region.hpp"

namespace landpool::solver {

struct OrganicClusters {
  int count = 0;
  double organic_ha = 0.0;
  double largest_ha = 0.0;
  /// Area-weighted mean cluster size, sum(a_i^2) / sum(a_i): the size of the
  /// cluster an average organic hectare lies in.
  double weighted_mean_ha = 0.0;
  /// Share of the organic area in clusters of at least `large_ha`.
  double share_in_large = 0.0;
};

/// Clusters of the parcels flagged in `organic` (one flag per region parcel).
OrganicClusters organic_clusters(const Region& region,
                                 const std::vector<ParcelNeighbours>& neighbours,
                                 const std::vector<bool>& organic, double large_ha = 20.0);

}  // namespace landpool::solver
