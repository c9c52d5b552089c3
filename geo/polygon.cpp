#include "geo/polygon.hpp"

#include <string>

namespace landpool::geo {

std::optional<MultiPolygon> parse_multipolygon_wkt(std::string_view wkt) {
  const std::string text(wkt);
  MultiPolygon shape;
  try {
    if (text.find("MULTIPOLYGON") != std::string::npos) {
      bg::read_wkt(text, shape);
    } else if (text.find("POLYGON") != std::string::npos) {
      Polygon single;
      bg::read_wkt(text, single);
      shape.push_back(std::move(single));
    } else {
      return std::nullopt;
    }
  } catch (const bg::exception&) {
    return std::nullopt;
  }
  bg::correct(shape);
  return shape;
}

Box expanded(const Box& box, double margin_m) {
  return Box(Point(box.min_corner().x() - margin_m, box.min_corner().y() - margin_m),
             Point(box.max_corner().x() + margin_m, box.max_corner().y() + margin_m));
}

}  // namespace landpool::geo
