#pragma once
// `landpool scan` as plain records: the settings a weights file gives, the
// criteria it measures (docs/scan.md has each formula) and each candidate
// area's figures, contributions, score and rank.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/region.hpp"

namespace landpool {

/// One measured criterion: its key (weights file, CSV column) and unit.
struct ScanCriterion {
  const char* key;
  const char* unit;
};

/// Every criterion the scan measures, in the order of its outputs.
const std::vector<ScanCriterion>& scan_criteria();

struct ScanSettings {
  double grid_km = 2.0;                   ///< cell size when no area layer is given
  double min_farmland_ha = 50.0;          ///< areas with less farmland are listed, not ranked
  int horizon_years = 3;                  ///< leases ending within it count as at risk
  double cluster_min_ha = 10.0;           ///< an organic cluster at least this large counts as one
  std::map<std::string, double> weights;  ///< by criterion key; absent keys weigh 0

  /// The built-in weights (docs/scan.md): organic mass, risk, willingness and
  /// government land count for an area, fragmentation against it.
  static ScanSettings defaults();
};

/// One parcel as a scan of a large GIS layer reads it: no polygon kept.
struct ScanParcel {
  PointRd centroid;
  double area_ha = 0.0;
  std::optional<OrganicStatus> organic_status;  ///< when the layer has it
  std::optional<Soil> soil;
  std::optional<LandUse> land_use;
};

/// A candidate area: a grid cell or a polygon of a layer the user gave.
struct ScanAreaShape {
  std::string area_id;
  std::string wkt;  ///< POLYGON or MULTIPOLYGON in RD New
};

struct ScanArea {
  std::string area_id;
  std::string wkt;
  PointRd centre;
  double farmland_ha = 0.0;
  int parcels = 0;
  std::map<std::string, double> values;         ///< by criterion key
  std::map<std::string, double> contributions;  ///< weight × value scaled to 0..1 over the areas
  double score = 0.0;                           ///< sum of contributions / sum of |weights|
  std::optional<int> rank;                      ///< 1 = best; none: too little farmland
};

struct ScanResult {
  ScanSettings settings;
  std::string areas_from;       ///< "grid 2 km" or the area layer's file
  std::vector<ScanArea> areas;  ///< ranked areas first, best first
};

}  // namespace landpool
