#pragma once
// The region's map: parcel polygons imported from GIS files, and the
// neighbour pairs derived from all known parcels. Writers take part in the
// caller's transaction (Database::require_transaction).

#include <optional>
#include <string>
#include <vector>

#include "core/parcel_geometry.hpp"
#include "db/database.hpp"

namespace landpool {

/// Replaces the whole geometry layer.
void write_geometry_layer(Database& db, const std::vector<ParcelGeometry>& parcels);
std::vector<ParcelGeometry> load_geometry_layer(Database& db);
long geometry_layer_size(Database& db);

/// Replaces all neighbour pairs and records the gap they were computed with.
void write_neighbours(Database& db, const std::vector<ParcelNeighbours>& pairs, double max_gap_m);
std::vector<ParcelNeighbours> load_neighbours(Database& db);

struct AdjacencyStats {
  long pairs = 0;
  long estimated_pairs = 0;
  long parcels_with_neighbour = 0;
  std::optional<double> max_gap_m;
};
AdjacencyStats adjacency_stats(Database& db);

/// Key-value settings of the database (e.g. "adjacency.max_gap_m").
void write_setting(Database& db, const std::string& key, const std::string& value);
std::optional<std::string> read_setting(Database& db, const std::string& key);

}  // namespace landpool
