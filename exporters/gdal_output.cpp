#include "exporters/gdal_output.hpp"

#include <stdexcept>
#include <string>

#include "geo/ogr_measure.hpp"

namespace landpool {

GdalOutput create_vector_file(const char* driver_name, const std::filesystem::path& path) {
  prepare_gdal();
  auto* driver = GetGDALDriverManager()->GetDriverByName(driver_name);
  if (!driver)
    throw std::runtime_error(std::string("GDAL has no ") + driver_name + " driver");
  if (path.has_parent_path())
    std::filesystem::create_directories(path.parent_path());
  std::filesystem::remove(path);
  GdalOutput dataset(driver->Create(path.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!dataset)
    throw std::runtime_error(path.string() + ": cannot create");
  return dataset;
}

void add_field(OGRLayer& layer, const char* name, OGRFieldType type) {
  OGRFieldDefn definition(name, type);
  if (layer.CreateField(&definition) != OGRERR_NONE)
    throw std::runtime_error(std::string("cannot create field ") + name);
}

}  // namespace landpool
