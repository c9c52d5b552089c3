#pragma once
// A new GDAL vector file for the writers in exporters/: the file is replaced,
// its folder created, and the dataset closed (and flushed) when the handle goes.

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <memory>

namespace landpool {

struct GdalDatasetCloser {
  void operator()(GDALDataset* dataset) const { GDALClose(dataset); }
};
using GdalOutput = std::unique_ptr<GDALDataset, GdalDatasetCloser>;

/// Creates `path` with GDAL's `driver_name` (e.g. "GPKG", "GeoJSON");
/// throws std::runtime_error when the driver is missing or the file cannot be made.
GdalOutput create_vector_file(const char* driver_name, const std::filesystem::path& path);

/// Adds a field; throws std::runtime_error naming it when GDAL refuses.
void add_field(OGRLayer& layer, const char* name, OGRFieldType type);

}  // namespace landpool
