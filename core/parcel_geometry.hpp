#pragma once
// A parcel polygon from a GIS source (the region's map), before or beside the
// CSV data that says who owns and uses the parcel. Joined by parcel_id.

#include <optional>
#include <string>

#include "core/enums.hpp"
#include "core/region.hpp"

namespace landpool {

struct ParcelGeometry {
  std::string parcel_id;
  long feature_id = 0;  ///< feature id in the source file, for messages
  std::string wkt;      ///< POLYGON or MULTIPOLYGON in RD New
  double area_ha = 0.0;
  PointRd centroid;
  std::optional<LandUse> land_use;       ///< from the BRP category, when present
  std::optional<std::string> category;   ///< BRP category as published
  std::optional<std::string> crop_code;  ///< BRP gewascode
  std::optional<std::string> crop_name;  ///< BRP gewas
  std::optional<int> year;               ///< BRP jaar
  friend bool operator==(const ParcelGeometry&, const ParcelGeometry&) = default;
};

/// A pair of neighbouring parcels (see geo/adjacency.hpp for how they are found).
struct ParcelNeighbours {
  std::string parcel_a;  ///< parcel_a < parcel_b
  std::string parcel_b;
  double shared_boundary_m = 0.0;
  double gap_m = 0.0;
  bool estimated = false;
  friend bool operator==(const ParcelNeighbours&, const ParcelNeighbours&) = default;
};

}  // namespace landpool
