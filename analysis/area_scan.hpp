#pragma once
// Ranks candidate areas by their potential for organic clusters (`landpool
// scan`, docs/scan.md): each area's criteria measured from the region's
// parcels (by centroid), farms (by farmstead), leases, offers, demands and
// neighbour pairs, each scaled to 0..1 over the areas and weighted.

#include <string>
#include <vector>

#include "core/date.hpp"
#include "core/parcel_geometry.hpp"
#include "core/region.hpp"
#include "core/scan_records.hpp"

namespace landpool::analysis {

/// Square cells of `cell_km` covering the parcels' centroids, aligned to
/// multiples of the cell size in RD New and named by their south-west corner
/// in metres ("E120000N490000"). Only cells that hold a parcel.
std::vector<ScanAreaShape> grid_areas(const Region& region, double cell_km);

struct ScanInputs {
  const Region& region;
  const std::vector<ParcelNeighbours>& neighbours;
  std::vector<ScanAreaShape> areas;
  std::vector<ScanAreaShape> urban;  ///< built-up areas; empty: no urban criterion
  Date reference_date;               ///< leases ending within the horizon from here
  std::string areas_from;            ///< for the outputs: "grid 2 km" or a file
};

/// Measures, scores and ranks every area. Throws InputError naming the area
/// when an area's WKT cannot be read.
ScanResult scan_areas(const ScanInputs& inputs, const ScanSettings& settings);

}  // namespace landpool::analysis
