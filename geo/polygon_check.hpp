#pragma once
// Parcel geometry checks and measures, through GDAL/OGR (GEOS underneath).
// Coordinates are RD New metres; areas come out in hectares.

#include <optional>
#include <string>
#include <string_view>

#include "core/region.hpp"

namespace landpool {

struct PolygonMeasures {
  double area_ha = 0.0;
  PointRd centroid;
  std::string wkt;  ///< normalised: upper-case ISO WKT, two dimensions
};

/// A measured polygon, or the reason it cannot be used.
struct PolygonCheck {
  std::optional<PolygonMeasures> measures;
  std::string error;
};

/// Parses WKT and accepts a non-empty, valid POLYGON or MULTIPOLYGON with a
/// positive area. The reason names what is wrong ("self-intersecting", ...).
PolygonCheck measure_wkt_polygon(std::string_view wkt);

/// The box of RD New coordinates that covers the Netherlands (EPSG:28992
/// area of use, rounded outwards): x −7 000 … 300 000 m, y 289 000 … 629 000 m.
bool inside_rd_range(const PointRd& point);
inline constexpr double kRdMinX_m = -7000.0;
inline constexpr double kRdMaxX_m = 300000.0;
inline constexpr double kRdMinY_m = 289000.0;
inline constexpr double kRdMaxY_m = 629000.0;

}  // namespace landpool
