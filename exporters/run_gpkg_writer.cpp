// The GeoPackage of a run (GDAL): parcels before and after, with a QGIS
// default style (organic status) stored in the layer_styles table QGIS reads.

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <memory>
#include <stdexcept>

#include <spdlog/fmt/fmt.h>

#include "exporters/gdal_output.hpp"
#include "exporters/run_writers.hpp"

namespace landpool {
namespace {

std::string category(const char* value, const char* label, int index) {
  return fmt::format(R"(<category value="{0}" symbol="{1}" label="{2}" render="true"/>)", value,
                     index, label);
}

std::string symbol(int index, const char* colour) {
  return fmt::format(
      R"(<symbol name="{0}" type="fill" alpha="1"><layer class="SimpleFill" enabled="1" locked="0">)"
      R"(<Option type="Map"><Option name="color" type="QString" value="{1}"/>)"
      R"(<Option name="outline_color" type="QString" value="60,60,60,255"/>)"
      R"(<Option name="outline_width" type="QString" value="0.2"/></Option></layer></symbol>)",
      index, colour);
}

// A categorised renderer on organic_status: what a land agent looks at first.
std::string organic_style_qml() {
  const struct {
    const char* value;
    const char* colour;
    const char* label;
  } classes[] = {{"organic", "46,139,87,255", "organic"},
                 {"converting", "154,205,50,255", "converting"},
                 {"conventional", "210,200,170,255", "conventional"}};
  std::string categories, symbols;
  for (int i = 0; i < 3; ++i) {
    categories += category(classes[i].value, classes[i].label, i);
    symbols += symbol(i, classes[i].colour);
  }
  return R"(<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'><qgis version="3.22">)"
         R"(<renderer-v2 type="categorizedSymbol" attr="organic_status" enableorderby="0">)"
         "<categories>" +
         categories + "</categories><symbols>" + symbols +
         "</symbols></renderer-v2><labeling type=\"simple\"/></qgis>";
}

std::string sql_text(const std::string& text) {
  std::string quoted = "'";
  for (char c : text)
    quoted += c == '\'' ? std::string("''") : std::string(1, c);
  return quoted + "'";
}

}  // namespace

long write_run_gpkg(const RunView& view, const std::filesystem::path& path) {
  auto dataset = create_vector_file("GPKG", path);
  OGRSpatialReference rd_new;
  rd_new.importFromEPSG(28992);
  long features = 0;
  for (const bool before : {true, false}) {
    const char* name = before ? "parcels_before" : "parcels_after";
    auto* layer = dataset->CreateLayer(name, &rd_new, wkbUnknown, nullptr);
    if (!layer)
      throw std::runtime_error(path.string() + ": cannot create layer " + std::string(name));
    add_field(*layer, "parcel_id", OFTString);
    add_field(*layer, "farm_id", OFTString);
    add_field(*layer, "organic_status", OFTString);
    add_field(*layer, "deal_id", OFTInteger);
    add_field(*layer, "moves", OFTInteger);
    add_field(*layer, "area_ha", OFTReal);
    if (layer->StartTransaction() != OGRERR_NONE)
      throw std::runtime_error(path.string() + ": cannot start a transaction");
    features = 0;
    for (const auto& parcel : view.parcels) {
      OGRFeature feature(layer->GetLayerDefn());
      feature.SetField("parcel_id", parcel.parcel_id.c_str());
      feature.SetField("farm_id", (before ? parcel.user_before : parcel.user_after).c_str());
      feature.SetField("organic_status",
                       (before ? parcel.organic_before : parcel.organic_after).c_str());
      if (parcel.deal_id > 0)
        feature.SetField("deal_id", parcel.deal_id);
      feature.SetField("moves", parcel.deal_id > 0 ? 1 : 0);
      feature.SetField("area_ha", parcel.area_ha);
      OGRGeometry* geometry = nullptr;
      if (parcel.wkt) {
        OGRGeometryFactory::createFromWkt(parcel.wkt->c_str(), &rd_new, &geometry);
      }
      if (!geometry)
        geometry = new OGRPoint(parcel.centroid.x_m, parcel.centroid.y_m);
      feature.SetGeometryDirectly(geometry);
      if (layer->CreateFeature(&feature) != OGRERR_NONE)
        throw std::runtime_error(path.string() + ": cannot write parcel " + parcel.parcel_id);
      ++features;
    }
    if (layer->CommitTransaction() != OGRERR_NONE)
      throw std::runtime_error(path.string() + ": cannot commit layer " + std::string(name));
  }
  // QGIS loads a layer's default style from layer_styles.
  dataset->ExecuteSQL(
      "CREATE TABLE layer_styles (id INTEGER PRIMARY KEY AUTOINCREMENT, f_table_catalog TEXT, "
      "f_table_schema TEXT, f_table_name TEXT, f_geometry_column TEXT, styleName TEXT, styleQML "
      "TEXT, styleSLD TEXT, useAsDefault BOOLEAN, description TEXT, owner TEXT, ui TEXT, "
      "update_time DATETIME DEFAULT CURRENT_TIMESTAMP)",
      nullptr, nullptr);
  for (const char* layer : {"parcels_before", "parcels_after"}) {
    const std::string insert =
        "INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, "
        "f_geometry_column, styleName, styleQML, styleSLD, useAsDefault, description) VALUES "
        "('', '', '" +
        std::string(layer) + "', 'geom', 'organic status', " + sql_text(organic_style_qml()) +
        ", '', 1, 'landpool: parcels by organic status')";
    dataset->ExecuteSQL(insert.c_str(), nullptr, nullptr);
  }
  return features;
}

}  // namespace landpool
