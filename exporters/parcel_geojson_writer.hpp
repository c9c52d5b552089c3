#pragma once
// Writes the region's parcel polygons as GeoJSON in RD New (through GDAL),
// with who uses and owns each parcel and its organic status, for QGIS and for
// `landpool import gis`.

#include <filesystem>

#include "core/region.hpp"

namespace landpool {

/// Writes every parcel that has a polygon; returns how many were written.
/// Overwrites `path`. Throws std::runtime_error when GDAL cannot write.
long write_parcels_geojson(const Region& region, const std::filesystem::path& path);

}  // namespace landpool
