// Fuzzes `landpool import gis` and the scan's GIS readers (areas, parcels
// streamed) through GDAL's in-memory files: the first byte picks the format
// by file extension (GeoJSON, GeoPackage, zipped Shapefile, GML, KML,
// FlatGeobuf), the rest is the file.

#include <cpl_error.h>
#include <cpl_vsi.h>
#include <gdal.h>

#include "core/errors.hpp"
#include "importers/gis_reader.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  GDALAllRegister();
  CPLSetErrorHandler(CPLQuietErrorHandler);  // GDAL's own warnings would drown the fuzzer's
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace landpool;
  if (size == 0)
    return 0;
  const char* extensions[] = {".geojson", ".gpkg", ".zip", ".gml", ".kml", ".fgb"};
  const std::string path = std::string("/vsimem/fuzz") + extensions[data[0] % 6];
  VSILFILE* file = VSIFileFromMemBuffer(path.c_str(), const_cast<GByte*>(data + 1),
                                        static_cast<vsi_l_offset>(size - 1), FALSE);
  VSIFCloseL(file);
  GisImportOptions options;
  options.file = path;
  try {
    const GisRead read = read_gis_parcels(options);
    fuzz::require_placed_problems(read.diagnostics);
  } catch (const InputError&) {
  }
  // The scan's readers of the same file: areas (--areas, --urban) and parcels streamed (--parcels).
  fuzz::require_placed_problems(read_area_layer(options).diagnostics);
  const auto stream = stream_parcels(options, [](const ScanParcel& parcel) {
    if (!(parcel.area_ha > 0.0))
      __builtin_trap();  // a streamed parcel has land
  });
  fuzz::require_placed_problems(stream.diagnostics);
  VSIUnlink(path.c_str());
  return 0;
}
