#include "exporters/web_map.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "geo/polygon.hpp"

namespace landpool {

namespace {

double rounded(double metres) {
  return std::round(metres * 10.0) / 10.0;
}

struct Bounds {
  double min_x = std::numeric_limits<double>::max(), min_y = min_x;
  double max_x = std::numeric_limits<double>::lowest(), max_y = max_x;
  void add(double x, double y) {
    min_x = std::min(min_x, x);
    min_y = std::min(min_y, y);
    max_x = std::max(max_x, x);
    max_y = std::max(max_y, y);
  }
};

nlohmann::json ring_json(const geo::Polygon::ring_type& ring, Bounds& bounds) {
  nlohmann::json coordinates = nlohmann::json::array();
  for (const auto& point : ring) {
    bounds.add(point.x(), point.y());
    coordinates.push_back({rounded(point.x()), rounded(point.y())});
  }
  return coordinates;
}

nlohmann::json geometry_json(const ParcelView& parcel, Bounds& bounds) {
  if (parcel.wkt) {
    if (const auto shape = geo::parse_multipolygon_wkt(*parcel.wkt); shape && !shape->empty()) {
      nlohmann::json polygons = nlohmann::json::array();
      for (const auto& polygon : *shape) {
        nlohmann::json rings = nlohmann::json::array({ring_json(polygon.outer(), bounds)});
        for (const auto& hole : polygon.inners())
          rings.push_back(ring_json(hole, bounds));
        polygons.push_back(std::move(rings));
      }
      return {{"type", "MultiPolygon"}, {"coordinates", std::move(polygons)}};
    }
  }
  bounds.add(parcel.centroid.x_m, parcel.centroid.y_m);
  return {{"type", "Point"},
          {"coordinates", {rounded(parcel.centroid.x_m), rounded(parcel.centroid.y_m)}}};
}

}  // namespace

nlohmann::json parcels_geojson(const RunView& view) {
  Bounds bounds;
  nlohmann::json features = nlohmann::json::array();
  for (const auto& p : view.parcels) {
    features.push_back({{"type", "Feature"},
                        {"id", p.parcel_id},
                        {"geometry", geometry_json(p, bounds)},
                        {"properties",
                         {{"parcel_id", p.parcel_id},
                          {"area_ha", p.area_ha},
                          {"user_before", p.user_before},
                          {"user_after", p.user_after},
                          {"organic_before", p.organic_before},
                          {"organic_after", p.organic_after},
                          {"deal_id", p.deal_id},
                          {"loss_reason", p.loss_reason}}}});
  }
  nlohmann::json collection = {{"type", "FeatureCollection"}, {"features", std::move(features)}};
  if (!view.parcels.empty())
    collection["bbox"] = {bounds.min_x, bounds.min_y, bounds.max_x, bounds.max_y};
  return collection;
}

}  // namespace landpool
