#pragma once
// Reads parcel polygons from a GIS file through GDAL/OGR: GeoPackage,
// Shapefile (also zipped), GeoJSON, or anything else OGR opens. Geometry in
// another CRS is reprojected to RD New (EPSG:28992); a layer without a CRS is
// an input error. Understands the BRP crop-parcel register as PDOK publishes
// it (layer brp_gewas; fields category, gewas, gewascode, jaar).

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/parcel_geometry.hpp"
#include "core/region.hpp"
#include "core/scan_records.hpp"
#include "importers/diagnostics.hpp"

namespace landpool {

struct BoxRd {
  double min_x_m = 0.0, min_y_m = 0.0, max_x_m = 0.0, max_y_m = 0.0;
};

/// Parses "XMIN,YMIN,XMAX,YMAX"; nullopt when malformed or empty.
std::optional<BoxRd> parse_bbox(const std::string& text);

struct GisImportOptions {
  std::string file;                     ///< path; a .zip is opened through /vsizip/
  std::optional<std::string> layer;     ///< default: brp_gewas, else the only layer
  std::optional<BoxRd> bbox;            ///< RD New; keeps parcels whose envelope meets it
  std::optional<std::string> id_field;  ///< default: the layer's feature id (FID)
  bool skip_invalid = false;  ///< leave invalid polygons out (warnings) instead of refusing
};

struct GisRead {
  std::vector<ParcelGeometry> parcels;
  std::string layer_name;
  std::string source_crs;  ///< e.g. "EPSG:25832"
  bool reprojected = false;
  long features_read = 0;
  long left_out_landscape_elements = 0;  ///< BRP Landschapselement: not farmland
  long left_out_outside_bbox = 0;
  long left_out_invalid = 0;  ///< only with skip_invalid
  Diagnostics diagnostics;
};

/// Reads the layer. Problems are placed as FILE:FEATURE_ID: field: message.
GisRead read_gis_parcels(const GisImportOptions& options);

/// Polygons of candidate areas (municipalities, water boards, an own
/// boundary) or built-up areas, reprojected to RD New.
struct AreaLayerRead {
  std::vector<ScanAreaShape> areas;
  std::string source_crs;
  bool reprojected = false;
  Diagnostics diagnostics;
};

/// Reads `options.file`'s layer (`options.layer`, else the only one); an
/// area's id is `options.id_field`, else a field "name", else its feature
/// id. Problems are placed as FILE:FEATURE_ID: field: message.
AreaLayerRead read_area_layer(const GisImportOptions& options);

struct ParcelStreamRead {
  long features_read = 0;
  long left_out = 0;  ///< empty, not a polygon or not reprojectable: counted, not scanned
  std::string source_crs;
  Diagnostics diagnostics;  ///< the file or layer cannot be read
};

/// Calls `visit` for each polygon feature of `options.file`'s layer,
/// reprojected to RD New (organic_status, soil and land_use from fields of
/// those names, land use else from the BRP category); memory stays that of
/// one feature.
ParcelStreamRead stream_parcels(const GisImportOptions& options,
                                const std::function<void(const ScanParcel&)>& visit);

}  // namespace landpool
