#pragma once
// Ranks candidate areas by their potential for organic clusters (`landpool
// scan`, docs/scan.md): each area's criteria measured from the region's
// parcels (by centroid), farms (by farmstead), leases, offers, demands and
// neighbour pairs, each scaled to 0..1 over the areas and weighted.

#include <memory>
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

/// A scan fed one parcel at a time from a large GIS layer, without a
/// database (`landpool scan --parcels FILE`): memory is that of the areas,
/// not of the parcels. It measures what a layer's own attributes give:
/// farmland, organic land and its share (where the layer has
/// organic_status), soil and land-use diversity, and the distance to
/// built-up areas; the criteria that need farms, leases, offers, demands or
/// neighbours are absent.
class LayerScan {
 public:
  /// `areas` empty: cells of `settings.grid_km`, made as parcels arrive.
  LayerScan(std::vector<ScanAreaShape> areas, std::vector<ScanAreaShape> urban,
            ScanSettings settings);
  ~LayerScan();
  LayerScan(const LayerScan&) = delete;
  LayerScan& operator=(const LayerScan&) = delete;

  void add(const ScanParcel& parcel);
  ScanResult finish(std::string areas_from);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace landpool::analysis
