#include "exporters/parcel_geojson_writer.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <memory>
#include <stdexcept>

#include "exporters/gdal_output.hpp"

namespace landpool {

long write_parcels_geojson(const Region& region, const std::filesystem::path& path) {
  auto dataset = create_vector_file("GeoJSON", path);

  OGRSpatialReference rd_new;
  rd_new.importFromEPSG(28992);
  const char* layer_options[] = {"RFC7946=NO", "COORDINATE_PRECISION=3", "WRITE_BBOX=NO", nullptr};
  auto* layer =
      dataset->CreateLayer("parcels", &rd_new, wkbUnknown, const_cast<char**>(layer_options));
  if (!layer)
    throw std::runtime_error(path.string() + ": cannot create the parcel layer");
  for (const char* name :
       {"parcel_id", "user_farm_id", "owner_id", "organic_status", "land_use", "soil"}) {
    add_field(*layer, name, OFTString);
  }
  add_field(*layer, "area_ha", OFTReal);

  long written = 0;
  for (const auto& parcel : region.parcels) {
    if (!parcel.wkt)
      continue;
    OGRFeature feature(layer->GetLayerDefn());
    feature.SetField("parcel_id", parcel.parcel_id.c_str());
    feature.SetField("user_farm_id", parcel.user_farm_id.value_or("").c_str());
    feature.SetField("owner_id", parcel.owner_id.c_str());
    feature.SetField("organic_status", std::string(to_string(parcel.organic_status)).c_str());
    if (parcel.land_use)
      feature.SetField("land_use", std::string(to_string(*parcel.land_use)).c_str());
    if (parcel.soil)
      feature.SetField("soil", std::string(to_string(*parcel.soil)).c_str());
    feature.SetField("area_ha", parcel.area_ha);
    OGRGeometry* geometry = nullptr;
    if (OGRGeometryFactory::createFromWkt(parcel.wkt->c_str(), nullptr, &geometry) != OGRERR_NONE) {
      throw std::runtime_error("parcel " + parcel.parcel_id + ": WKT does not parse");
    }
    feature.SetGeometryDirectly(geometry);
    if (layer->CreateFeature(&feature) != OGRERR_NONE) {
      throw std::runtime_error(path.string() + ": cannot write parcel " + parcel.parcel_id);
    }
    ++written;
  }
  return written;
}

}  // namespace landpool
