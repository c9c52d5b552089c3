#pragma once
// Measuring an OGR geometry: shared by the WKT check and the GIS reader, so
// that both accept and measure polygons the same way.

#include <ogr_geometry.h>

#include "geo/polygon_check.hpp"

namespace landpool {

/// Registers GDAL's drivers and silences its own error printing, once.
void prepare_gdal();

/// Accepts a non-empty, valid POLYGON or MULTIPOLYGON with a positive area.
PolygonCheck measure_polygon(const OGRGeometry& geometry);

}  // namespace landpool
