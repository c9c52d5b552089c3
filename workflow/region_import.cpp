#include "workflow/region_import.hpp"

#include <chrono>
#include <unordered_map>
#include <unordered_set>

#include <SQLiteCpp/Transaction.h>
#include <spdlog/spdlog.h>

#include "db/cycle_store.hpp"
#include "db/geometry_store.hpp"

namespace landpool {

std::vector<ParcelNeighbours> compute_neighbours(const Region& region,
                                                 const std::vector<ParcelGeometry>& layer,
                                                 const geo::AdjacencyOptions& adjacency,
                                                 AdjacencySummary& summary) {
  const auto start = std::chrono::steady_clock::now();
  std::unordered_map<std::string, const ParcelGeometry*> layer_by_id;
  for (const auto& geometry : layer)
    layer_by_id.emplace(geometry.parcel_id, &geometry);

  std::vector<geo::AdjacencyInput> inputs;
  inputs.reserve(region.parcels.size() + layer.size());
  std::unordered_set<std::string> in_region;
  for (const auto& parcel : region.parcels) {
    in_region.insert(parcel.parcel_id);
    auto wkt = parcel.wkt;
    if (!wkt) {
      if (auto it = layer_by_id.find(parcel.parcel_id); it != layer_by_id.end()) {
        wkt = it->second->wkt;
      }
    }
    inputs.push_back({parcel.parcel_id, std::move(wkt), parcel.centroid, parcel.area_ha});
  }
  for (const auto& geometry : layer) {
    if (in_region.contains(geometry.parcel_id))
      continue;
    inputs.push_back({geometry.parcel_id, geometry.wkt, geometry.centroid, geometry.area_ha});
  }

  const auto found = geo::find_neighbours(inputs, adjacency);
  std::vector<ParcelNeighbours> pairs;
  pairs.reserve(found.size());
  std::vector<bool> has_neighbour(inputs.size(), false);
  for (const auto& pair : found) {
    const auto& a = inputs[pair.first].parcel_id;
    const auto& b = inputs[pair.second].parcel_id;
    pairs.push_back(
        {std::min(a, b), std::max(a, b), pair.shared_boundary_m, pair.gap_m, pair.estimated});
    has_neighbour[pair.first] = has_neighbour[pair.second] = true;
    if (pair.estimated)
      ++summary.estimated_pairs;
  }
  summary.parcels = static_cast<long>(inputs.size());
  for (const auto& input : inputs)
    summary.parcels_with_geometry += input.wkt ? 1 : 0;
  summary.pairs = static_cast<long>(pairs.size());
  for (bool flag : has_neighbour)
    summary.parcels_with_neighbour += flag ? 1 : 0;
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  spdlog::info("adjacency: {} parcels, {} neighbour pairs ({} estimated) in {:.2f} s",
               summary.parcels, summary.pairs, summary.estimated_pairs, summary.seconds);
  return pairs;
}

AdjacencySummary store_region(Database& db, const Region& region,
                              const std::vector<ParcelGeometry>& layer, const ImportRecord& record,
                              const geo::AdjacencyOptions& adjacency, const RegionRevision& read_at,
                              RevisionScope scope) {
  AdjacencySummary summary;
  const auto pairs = compute_neighbours(region, layer, adjacency, summary);
  SQLite::Transaction transaction(db.sql(), SQLite::TransactionBehavior::IMMEDIATE);
  require_unchanged_since(db, read_at, scope);
  write_region(db, region);
  write_neighbours(db, pairs, adjacency.max_gap_m);
  log_import(db, record, region.parcels.size());
  // The import sets the region's quarter; every import is kept
  // as a snapshot, so earlier quarters' states stay reconstructible.
  set_region_quarter(db, record.quarter);
  take_snapshot(db, record.quarter, "import", record.source);
  transaction.commit();
  return summary;
}

AdjacencySummary store_geometry_layer(Database& db, const std::vector<ParcelGeometry>& layer,
                                      const ImportRecord& record,
                                      const geo::AdjacencyOptions& adjacency,
                                      const RegionRevision& read_at) {
  AdjacencySummary summary;
  const auto region = load_region(db);  // any change since `read_at` is refused below
  const auto pairs = compute_neighbours(region, layer, adjacency, summary);
  SQLite::Transaction transaction(db.sql(), SQLite::TransactionBehavior::IMMEDIATE);
  require_unchanged_since(db, read_at);
  write_geometry_layer(db, layer);
  write_neighbours(db, pairs, adjacency.max_gap_m);
  log_import(db, record, layer.size());
  transaction.commit();
  return summary;
}

}  // namespace landpool
