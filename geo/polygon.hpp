#pragma once
// Polygon types for spatial computations (Boost.Geometry), in RD New metres.
// GDAL/OGR reads and checks files; Boost.Geometry does the bulk geometry of
// adjacency, where its R-tree and header-only algorithms are fast.

#include <optional>
#include <string_view>

#include <boost/geometry.hpp>

namespace landpool::geo {

namespace bg = boost::geometry;
using Point = bg::model::d2::point_xy<double>;
using Polygon = bg::model::polygon<Point>;  // clockwise outer rings, closed
using MultiPolygon = bg::model::multi_polygon<Polygon>;
using Box = bg::model::box<Point>;

/// Parses POLYGON or MULTIPOLYGON WKT into a multipolygon with corrected
/// ring orientation; nullopt for anything else or unparsable text.
std::optional<MultiPolygon> parse_multipolygon_wkt(std::string_view wkt);

/// The box grown by `margin_m` on every side.
Box expanded(const Box& box, double margin_m);

}  // namespace landpool::geo
