#include "geo/polygon_check.hpp"
#include "geo/ogr_measure.hpp"

#include <ogr_geometry.h>

#include <memory>
#include <mutex>

#include <cpl_error.h>
#include <gdal_priv.h>

#include "core/input_limits.hpp"
#include "core/text.hpp"

namespace landpool {
namespace {

struct OgrGeometryDeleter {
  void operator()(OGRGeometry* geometry) const { OGRGeometryFactory::destroyGeometry(geometry); }
};
using OgrGeometryPtr = std::unique_ptr<OGRGeometry, OgrGeometryDeleter>;

}  // namespace

PolygonCheck measure_wkt_polygon(std::string_view wkt) {
  prepare_gdal();
  const std::string text(wkt);
  const char* cursor = text.c_str();
  OGRGeometry* raw = nullptr;
  const OGRErr parse_error = OGRGeometryFactory::createFromWkt(&cursor, nullptr, &raw);
  OgrGeometryPtr geometry(raw);
  if (parse_error != OGRERR_NONE || !geometry)
    return {std::nullopt, "not valid WKT"};
  if (!trim(cursor).empty())
    return {std::nullopt, "not valid WKT: text after the geometry"};
  return measure_polygon(*geometry);
}

bool inside_rd_range(const PointRd& point) {
  return point.x_m >= kRdMinX_m && point.x_m <= kRdMaxX_m && point.y_m >= kRdMinY_m &&
         point.y_m <= kRdMaxY_m;
}

void prepare_gdal() {
  static std::once_flag once;
  std::call_once(once, [] {
    GDALAllRegister();
    // GDAL's own messages stay quiet: every problem is reported by us, placed.
    CPLPushErrorHandler(CPLQuietErrorHandler);
  });
}

namespace {

long polygon_vertices(const OGRPolygon& polygon) {
  long vertices = 0;
  for (const OGRLinearRing* ring : polygon)
    vertices += ring->getNumPoints();
  return vertices;
}

/// Vertices of all rings of a POLYGON or MULTIPOLYGON.
long count_vertices(const OGRGeometry& geometry) {
  if (wkbFlatten(geometry.getGeometryType()) == wkbPolygon)
    return polygon_vertices(*geometry.toPolygon());
  long vertices = 0;
  for (const OGRPolygon* polygon : *geometry.toMultiPolygon())
    vertices += polygon_vertices(*polygon);
  return vertices;
}

}  // namespace

PolygonCheck measure_polygon(const OGRGeometry& geometry) {
  const auto type = wkbFlatten(geometry.getGeometryType());
  if (type != wkbPolygon && type != wkbMultiPolygon) {
    return {std::nullopt,
            std::string("expected POLYGON or MULTIPOLYGON, found ") + geometry.getGeometryName()};
  }
  if (geometry.IsEmpty())
    return {std::nullopt, "empty geometry"};
  // Before the validity check, whose time grows with the vertices.
  if (const long vertices = count_vertices(geometry); vertices > limits::kMaxPolygonVertices) {
    return {std::nullopt, "the polygon has " + std::to_string(vertices) +
                              " vertices, more than the limit of " +
                              std::to_string(limits::kMaxPolygonVertices) + " per parcel"};
  }
  if (!geometry.IsValid()) {
    return {std::nullopt, "invalid polygon (self-intersecting, unclosed or with bad rings)"};
  }
  const double area_m2 =
      type == wkbPolygon ? geometry.toPolygon()->get_Area() : geometry.toMultiPolygon()->get_Area();
  if (!(area_m2 > 0.0))
    return {std::nullopt, "zero area"};
  OGRPoint centroid;
  if (geometry.Centroid(&centroid) != OGRERR_NONE) {
    return {std::nullopt, "cannot compute a centroid"};
  }
  std::unique_ptr<OGRGeometry, OgrGeometryDeleter> flat(geometry.clone());
  flat->flattenTo2D();
  char* text = nullptr;
  flat->exportToWkt(&text, wkbVariantIso);
  std::string wkt = text ? text : "";
  CPLFree(text);
  return {
      PolygonMeasures{area_m2 / 10000.0, PointRd{centroid.getX(), centroid.getY()}, std::move(wkt)},
      {}};
}

}  // namespace landpool
