#include "importers/gis_reader.hpp"

#include <cpl_conv.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <memory>
#include <mutex>
#include <set>

#include <spdlog/fmt/fmt.h>

#include "core/input_limits.hpp"
#include "core/text.hpp"
#include "geo/ogr_measure.hpp"
#include "geo/polygon_check.hpp"

namespace landpool {
namespace {

std::string gdal_path(const std::string& file) {
  const bool zipped = file.size() > 4 && file.compare(file.size() - 4, 4, ".zip") == 0;
  if (zipped && file.rfind("/vsizip/", 0) != 0)
    return "/vsizip/" + file;
  return file;
}

constexpr double kGibibyte = 1024.0 * 1024.0 * 1024.0;

/// Bytes the members of a zipped file unpack to, from the zip's directory
/// (nothing is unpacked to learn it).
std::uintmax_t unpacked_bytes(const std::string& zip_path) {
  std::uintmax_t total = 0;
  char** members = VSIReadDirRecursive(zip_path.c_str());
  for (int i = 0; members && members[i]; ++i) {
    VSIStatBufL stat;
    const std::string member = zip_path + "/" + members[i];
    if (VSIStatL(member.c_str(), &stat) == 0 && !VSI_ISDIR(stat.st_mode))
      total += static_cast<std::uintmax_t>(stat.st_size);
  }
  CSLDestroy(members);
  return total;
}

struct DatasetCloser {
  void operator()(GDALDataset* dataset) const { GDALClose(dataset); }
};
struct FeatureDeleter {
  void operator()(OGRFeature* feature) const { OGRFeature::DestroyFeature(feature); }
};
struct GeometryDeleter {
  void operator()(OGRGeometry* geometry) const { OGRGeometryFactory::destroyGeometry(geometry); }
};
struct TransformDeleter {
  void operator()(OGRCoordinateTransformation* transform) const {
    OGRCoordinateTransformation::DestroyCT(transform);
  }
};

std::string crs_name(const OGRSpatialReference& crs) {
  const char* authority = crs.GetAuthorityName(nullptr);
  const char* code = crs.GetAuthorityCode(nullptr);
  if (authority && code)
    return std::string(authority) + ":" + code;
  const char* name = crs.GetName();
  return name ? name : "unnamed CRS";
}

OGRLayer* choose_layer(GDALDataset& dataset, const GisImportOptions& options,
                       Diagnostics& diagnostics) {
  if (options.layer) {
    if (auto* layer = dataset.GetLayerByName(options.layer->c_str()))
      return layer;
    std::string names;
    for (auto* layer : dataset.GetLayers())
      names += std::string(names.empty() ? "" : ", ") + layer->GetName();
    diagnostics.error(options.file, 0, "-",
                      "no layer '" + *options.layer + "' (layers: " + names + ")");
    return nullptr;
  }
  if (auto* brp = dataset.GetLayerByName("brp_gewas"))
    return brp;
  if (dataset.GetLayerCount() == 1)
    return dataset.GetLayer(0);
  std::string names;
  for (auto* layer : dataset.GetLayers())
    names += std::string(names.empty() ? "" : ", ") + layer->GetName();
  diagnostics.error(options.file, 0, "-",
                    dataset.GetLayerCount() == 0
                        ? std::string("the file holds no vector layer")
                        : "several layers (" + names + "): choose one with --layer");
  return nullptr;
}

std::optional<std::string> text_field(OGRFeature& feature, const char* name) {
  const int index = feature.GetFieldIndex(name);
  if (index < 0 || !feature.IsFieldSetAndNotNull(index))
    return std::nullopt;
  std::string value = std::string(trim(feature.GetFieldAsString(index)));
  if (value.empty())
    return std::nullopt;
  return value;
}

/// BRP categories as PDOK publishes them.
std::optional<LandUse> land_use_of_category(const std::string& category) {
  if (category == "Grasland")
    return LandUse::grassland;
  if (category == "Bouwland")
    return LandUse::arable;
  if (category == "Natuurterrein")
    return LandUse::nature;
  return LandUse::other;
}

bool envelope_meets(const OGRGeometry& geometry, const BoxRd& box) {
  OGREnvelope envelope;
  geometry.getEnvelope(&envelope);
  return envelope.MaxX >= box.min_x_m && envelope.MinX <= box.max_x_m &&
         envelope.MaxY >= box.min_y_m && envelope.MinY <= box.max_y_m;
}

}  // namespace

std::optional<BoxRd> parse_bbox(const std::string& text) {
  const auto parts = split_trimmed(text, ',');
  if (parts.size() != 4)
    return std::nullopt;
  double values[4];
  for (std::size_t i = 0; i < 4; ++i) {
    const std::string part(parts[i]);
    char* end = nullptr;
    values[i] = std::strtod(part.c_str(), &end);
    if (part.empty() || end != part.c_str() + part.size())
      return std::nullopt;
  }
  if (values[0] >= values[2] || values[1] >= values[3])
    return std::nullopt;
  return BoxRd{values[0], values[1], values[2], values[3]};
}

namespace {

/// A layer opened for reading in RD New: the dataset, the layer chosen and
/// the transformation from its CRS (none when it is RD New already).
struct LayerInRd {
  std::unique_ptr<GDALDataset, DatasetCloser> dataset;
  OGRLayer* layer = nullptr;
  std::unique_ptr<OGRCoordinateTransformation, TransformDeleter> to_rd;
  std::string source_crs;
};

/// Opens `options.file` (zip size checked first) and its layer; nullopt with
/// the problem in `diagnostics` when it cannot be read in RD New.
std::optional<LayerInRd> open_layer_in_rd(const GisImportOptions& options,
                                          Diagnostics& diagnostics) {
  prepare_gdal();
  const std::string& file = options.file;
  const std::string path = gdal_path(file);
  if (path.rfind("/vsizip/", 0) == 0) {
    if (const auto bytes = unpacked_bytes(path); bytes > limits::kMaxUnpackedBytes) {
      diagnostics.error(file, 0, "-",
                        fmt::format("the archive unpacks to {:.1f} GiB, more than the limit of "
                                    "{:.0f} GiB",
                                    static_cast<double>(bytes) / kGibibyte,
                                    static_cast<double>(limits::kMaxUnpackedBytes) / kGibibyte));
      return std::nullopt;
    }
  }
  LayerInRd opened;
  opened.dataset.reset(static_cast<GDALDataset*>(
      GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr)));
  if (!opened.dataset) {
    diagnostics.error(file, 0, "-",
                      "cannot open as a GIS vector file (GeoPackage, Shapefile, "
                      "zipped Shapefile, GeoJSON)");
    return std::nullopt;
  }
  opened.layer = choose_layer(*opened.dataset, options, diagnostics);
  if (!opened.layer)
    return std::nullopt;
  const OGRSpatialReference* source_crs = opened.layer->GetSpatialRef();
  if (!source_crs) {
    diagnostics.error(file, 0, "-",
                      "layer '" + std::string(opened.layer->GetName()) +
                          "' has no coordinate reference system: add one (e.g. a .prj file)");
    return std::nullopt;
  }
  opened.source_crs = crs_name(*source_crs);
  OGRSpatialReference rd_new;
  rd_new.importFromEPSG(28992);
  rd_new.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  OGRSpatialReference source(*source_crs);
  source.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  if (!source.IsSame(&rd_new)) {
    opened.to_rd.reset(OGRCreateCoordinateTransformation(&source, &rd_new));
    if (!opened.to_rd) {
      diagnostics.error(file, 0, "-",
                        "cannot reproject from " + opened.source_crs + " to EPSG:28992");
      return std::nullopt;
    }
  }
  return opened;
}

}  // namespace

GisRead read_gis_parcels(const GisImportOptions& options) {
  GisRead result;
  auto& diagnostics = result.diagnostics;
  const std::string& file = options.file;
  auto opened = open_layer_in_rd(options, diagnostics);
  if (!opened)
    return result;
  OGRLayer* layer = opened->layer;
  const auto& to_rd = opened->to_rd;
  result.layer_name = layer->GetName();
  result.source_crs = opened->source_crs;
  result.reprojected = to_rd != nullptr;

  // The parcel id: --id-field; else a field named parcel_id (as landpool
  // writes it); else the feature id. The FID column may be named as well.
  int id_index = -1;
  const std::string fid_column = layer->GetFIDColumn() ? layer->GetFIDColumn() : "";
  std::optional<std::string> id_field = options.id_field;
  if (!id_field && layer->GetLayerDefn()->GetFieldIndex("parcel_id") >= 0)
    id_field = "parcel_id";
  if (id_field && *id_field == fid_column && !fid_column.empty())
    id_field.reset();
  if (id_field) {
    id_index = layer->GetLayerDefn()->GetFieldIndex(id_field->c_str());
    if (id_index < 0) {
      diagnostics.error(file, 0, *id_field, "no such field in layer '" + result.layer_name + "'");
      return result;
    }
  }

  std::set<std::string> seen_ids;
  layer->ResetReading();
  for (std::unique_ptr<OGRFeature, FeatureDeleter> feature(layer->GetNextFeature()); feature;
       feature.reset(layer->GetNextFeature())) {
    if (++result.features_read > limits::kMaxGisFeatures) {
      diagnostics.error(file, 0, "-",
                        fmt::format("the layer has more than {} features, the limit per layer "
                                    "(take a part with --bbox)",
                                    limits::kMaxGisFeatures));
      return result;
    }
    const long fid = static_cast<long>(feature->GetFID());
    ParcelGeometry parcel;
    parcel.feature_id = fid;
    parcel.category = text_field(*feature, "category");
    if (parcel.category == "Landschapselement") {
      ++result.left_out_landscape_elements;
      continue;
    }
    if (id_index >= 0) {
      if (!feature->IsFieldSetAndNotNull(id_index)) {
        diagnostics.error(file, fid, *id_field, "empty parcel id");
        continue;
      }
      parcel.parcel_id = trim(feature->GetFieldAsString(id_index));
    } else {
      parcel.parcel_id = std::to_string(fid);
    }

    auto invalid = [&](const std::string& reason) {
      if (options.skip_invalid) {
        diagnostics.warning(file, fid, "geometry", reason + "; left out");
        ++result.left_out_invalid;
      } else {
        diagnostics.error(file, fid, "geometry", reason);
      }
    };
    const OGRGeometry* raw = feature->GetGeometryRef();
    if (!raw || raw->IsEmpty()) {
      invalid("empty geometry");
      continue;
    }
    std::unique_ptr<OGRGeometry, GeometryDeleter> geometry(raw->clone());
    geometry->flattenTo2D();
    if (to_rd && geometry->transform(to_rd.get()) != OGRERR_NONE) {
      invalid("cannot reproject to EPSG:28992");
      continue;
    }
    if (options.bbox && !envelope_meets(*geometry, *options.bbox)) {
      ++result.left_out_outside_bbox;
      continue;
    }
    const auto check = measure_polygon(*geometry);
    if (!check.measures) {
      invalid(check.error);
      continue;
    }
    if (!seen_ids.insert(parcel.parcel_id).second) {
      diagnostics.error(file, fid, id_field.value_or("fid"),
                        "duplicate parcel id '" + parcel.parcel_id + "'");
      continue;
    }
    parcel.wkt = check.measures->wkt;
    parcel.area_ha = check.measures->area_ha;
    parcel.centroid = check.measures->centroid;
    if (parcel.category)
      parcel.land_use = land_use_of_category(*parcel.category);
    parcel.crop_code = text_field(*feature, "gewascode");
    parcel.crop_name = text_field(*feature, "gewas");
    if (auto year = text_field(*feature, "jaar"))
      parcel.year = std::atoi(year->c_str());
    result.parcels.push_back(std::move(parcel));
  }
  if (result.reprojected) {
    std::size_t outside = 0;
    for (const auto& parcel : result.parcels) {
      if (!inside_rd_range(parcel.centroid))
        ++outside;
    }
    if (outside > 0) {
      diagnostics.warning(file, 0, "-",
                          fmt::format("{} of {} parcels lie outside the Netherlands' RD New range "
                                      "after reprojection from {}",
                                      outside, result.parcels.size(), result.source_crs));
    }
  }
  return result;
}

AreaLayerRead read_area_layer(const GisImportOptions& options) {
  AreaLayerRead result;
  auto& diagnostics = result.diagnostics;
  auto opened = open_layer_in_rd(options, diagnostics);
  if (!opened)
    return result;
  result.source_crs = opened->source_crs;
  result.reprojected = opened->to_rd != nullptr;
  OGRLayer* layer = opened->layer;
  const int id_index =
      layer->GetLayerDefn()->GetFieldIndex(options.id_field.value_or("name").c_str());
  if (options.id_field && id_index < 0) {
    diagnostics.error(options.file, 0, *options.id_field,
                      "no such field in layer '" + std::string(layer->GetName()) + "'");
    return result;
  }
  std::set<std::string> seen_ids;
  layer->ResetReading();
  for (std::unique_ptr<OGRFeature, FeatureDeleter> feature(layer->GetNextFeature()); feature;
       feature.reset(layer->GetNextFeature())) {
    const long fid = static_cast<long>(feature->GetFID());
    if (static_cast<long>(result.areas.size()) >= limits::kMaxGisFeatures) {
      diagnostics.error(options.file, 0, "-", "more areas than the limit per layer");
      return result;
    }
    const bool named = id_index >= 0 && feature->IsFieldSetAndNotNull(id_index);
    const std::string id =
        named ? std::string(trim(feature->GetFieldAsString(id_index))) : std::to_string(fid);
    const OGRGeometry* raw = feature->GetGeometryRef();
    if (!raw || raw->IsEmpty()) {
      diagnostics.error(options.file, fid, "geometry", "empty geometry");
      continue;
    }
    std::unique_ptr<OGRGeometry, GeometryDeleter> geometry(raw->clone());
    geometry->flattenTo2D();
    if (opened->to_rd && geometry->transform(opened->to_rd.get()) != OGRERR_NONE) {
      diagnostics.error(options.file, fid, "geometry", "cannot reproject to EPSG:28992");
      continue;
    }
    const auto check = measure_polygon(*geometry);
    if (!check.measures) {
      diagnostics.error(options.file, fid, "geometry", check.error);
      continue;
    }
    if (!seen_ids.insert(id).second) {
      diagnostics.error(options.file, fid, options.id_field.value_or(named ? "name" : "fid"),
                        "duplicate area id '" + id + "'");
      continue;
    }
    result.areas.push_back({id, check.measures->wkt});
  }
  return result;
}

namespace {

template <class Enum>
std::optional<Enum> enum_field(OGRFeature& feature, const char* name) {
  const auto text = text_field(feature, name);
  return text ? parse_enum<Enum>(*text) : std::nullopt;
}

/// Area and centroid of a polygon feature, without the validity check (the
/// scan counts land; it does not store the polygon).
std::optional<ScanParcel> streamed(OGRGeometry& geometry) {
  const auto type = wkbFlatten(geometry.getGeometryType());
  if (type != wkbPolygon && type != wkbMultiPolygon)
    return std::nullopt;
  const double area_m2 =
      type == wkbPolygon ? geometry.toPolygon()->get_Area() : geometry.toMultiPolygon()->get_Area();
  OGRPoint centroid;
  if (!(area_m2 > 0.0) || geometry.Centroid(&centroid) != OGRERR_NONE)
    return std::nullopt;
  ScanParcel parcel;
  parcel.centroid = {centroid.getX(), centroid.getY()};
  parcel.area_ha = area_m2 / 10000.0;
  return parcel;
}

}  // namespace

ParcelStreamRead stream_parcels(const GisImportOptions& options,
                                const std::function<void(const ScanParcel&)>& visit) {
  ParcelStreamRead result;
  auto opened = open_layer_in_rd(options, result.diagnostics);
  if (!opened)
    return result;
  result.source_crs = opened->source_crs;
  OGRLayer* layer = opened->layer;
  layer->ResetReading();
  for (std::unique_ptr<OGRFeature, FeatureDeleter> feature(layer->GetNextFeature()); feature;
       feature.reset(layer->GetNextFeature())) {
    if (++result.features_read > limits::kMaxScannedFeatures) {
      result.diagnostics.error(
          options.file, 0, "-",
          fmt::format("the layer has more than {} features, the limit of a scan",
                      limits::kMaxScannedFeatures));
      return result;
    }
    OGRGeometry* geometry = feature->GetGeometryRef();
    if (!geometry || geometry->IsEmpty() ||
        (opened->to_rd && geometry->transform(opened->to_rd.get()) != OGRERR_NONE)) {
      ++result.left_out;
      continue;
    }
    auto parcel = streamed(*geometry);
    if (!parcel ||
        text_field(*feature, "category") == std::optional<std::string>("Landschapselement")) {
      ++result.left_out;
      continue;
    }
    parcel->organic_status = enum_field<OrganicStatus>(*feature, "organic_status");
    parcel->soil = enum_field<Soil>(*feature, "soil");
    parcel->land_use = enum_field<LandUse>(*feature, "land_use");
    if (const auto category = text_field(*feature, "category"); !parcel->land_use && category)
      parcel->land_use = land_use_of_category(*category);
    visit(*parcel);
  }
  return result;
}

}  // namespace landpool
