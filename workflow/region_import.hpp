#pragma once
// Storing what the importers read, together with what follows from it: the
// neighbour pairs of every known parcel are recomputed on each import, in the
// same transaction, so the database never holds a region and an adjacency
// that disagree.

#include <string>
#include <vector>

#include "core/parcel_geometry.hpp"
#include "core/region.hpp"
#include "db/cycle_store.hpp"
#include "db/database.hpp"
#include "db/region_store.hpp"
#include "geo/adjacency.hpp"

namespace landpool {

struct AdjacencySummary {
  long parcels = 0;  ///< parcels considered
  long parcels_with_geometry = 0;
  long pairs = 0;
  long estimated_pairs = 0;
  long parcels_with_neighbour = 0;
  double seconds = 0.0;
};

/// Replaces the region (CSV data) and recomputes adjacency with the map
/// `layer` (the database's geometry layer, as the caller already read it at
/// revision `read_at`). Throws ConcurrentChangeError, storing nothing, when
/// another process changed what `scope` covers since.
AdjacencySummary store_region(Database& db, const Region& region,
                              const std::vector<ParcelGeometry>& layer, const ImportRecord& record,
                              const geo::AdjacencyOptions& adjacency, const RegionRevision& read_at,
                              RevisionScope scope);

/// Replaces the geometry layer (GIS data) and recomputes adjacency with the
/// region; throws as store_region when anything changed since `read_at`.
AdjacencySummary store_geometry_layer(Database& db, const std::vector<ParcelGeometry>& layer,
                                      const ImportRecord& record,
                                      const geo::AdjacencyOptions& adjacency,
                                      const RegionRevision& read_at);

/// Neighbour pairs over the union of the region's parcels (their own geometry
/// first) and the geometry layer's parcels, keyed by parcel id.
std::vector<ParcelNeighbours> compute_neighbours(const Region& region,
                                                 const std::vector<ParcelGeometry>& layer,
                                                 const geo::AdjacencyOptions& adjacency,
                                                 AdjacencySummary& summary);

}  // namespace landpool
