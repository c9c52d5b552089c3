#include "exporters/report_maps.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <spdlog/fmt/fmt.h>

#include "geo/polygon.hpp"

namespace landpool {

std::string html_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string farm_colour(const std::string& farm_id) {
  if (farm_id.empty())
    return "#e6e6e6";
  std::uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : farm_id)
    hash = (hash ^ c) * 1099511628211ull;
  const double hue = std::fmod(static_cast<double>(hash % 1000) * 137.508, 360.0);
  return fmt::format("hsl({:.0f},55%,{}%)", hue, 45 + static_cast<int>(hash % 3) * 10);
}

std::string svg_map(const std::vector<ParcelView>& parcels,
                    const std::function<MapStyle(const ParcelView&)>& style,
                    const std::vector<LegendEntry>& legend, const std::string& title,
                    int width_px) {
  // Geometry first: polygons where known, else points.
  struct Shape {
    const ParcelView* parcel;
    std::optional<geo::MultiPolygon> polygon;
  };
  std::vector<Shape> shapes;
  double min_x = std::numeric_limits<double>::max(), min_y = min_x;
  double max_x = std::numeric_limits<double>::lowest(), max_y = max_x;
  auto extend = [&](double x, double y) {
    min_x = std::min(min_x, x);
    max_x = std::max(max_x, x);
    min_y = std::min(min_y, y);
    max_y = std::max(max_y, y);
  };
  for (const auto& parcel : parcels) {
    Shape shape{&parcel, parcel.wkt ? geo::parse_multipolygon_wkt(*parcel.wkt) : std::nullopt};
    if (shape.polygon) {
      for (const auto& polygon : *shape.polygon) {
        for (const auto& point : polygon.outer())
          extend(point.x(), point.y());
      }
    } else {
      extend(parcel.centroid.x_m, parcel.centroid.y_m);
    }
    shapes.push_back(std::move(shape));
  }
  if (shapes.empty())
    return "<p>No parcels to draw.</p>";
  const double margin_m = 100.0;
  min_x -= margin_m, min_y -= margin_m, max_x += margin_m, max_y += margin_m;
  const double span_x = std::max(max_x - min_x, 1.0), span_y = std::max(max_y - min_y, 1.0);
  const double scale = width_px / span_x;
  const int map_height = std::max(120, static_cast<int>(span_y * scale));
  const int legend_height = 22 * static_cast<int>(legend.size()) + 50;
  auto sx = [&](double x) { return (x - min_x) * scale; };
  auto sy = [&](double y) { return (max_y - y) * scale; };

  std::string svg = fmt::format(
      R"svg(<svg xmlns="http://www.w3.org/2000/svg" class="map" width="{0}" height="{1}" )svg"
      R"svg(viewBox="0 0 {0} {1}" role="img" aria-label="{2}"><rect width="{0}" height="{3}" )svg"
      R"svg(fill="#f7f7f2" stroke="#999"/>)svg",
      width_px, map_height + legend_height, html_escape(title), map_height);
  for (const auto& shape : shapes) {
    const auto s = style(*shape.parcel);
    const std::string stroke = s.emphasised ? R"svg(stroke="#000" stroke-width="1.6")svg"
                                            : R"svg(stroke="#777" stroke-width="0.3")svg";
    if (shape.polygon) {
      std::string d;
      for (const auto& polygon : *shape.polygon) {
        auto ring_path = [&](const auto& ring) {
          for (std::size_t i = 0; i < ring.size(); ++i)
            d += fmt::format("{}{:.1f},{:.1f}", i == 0 ? "M" : "L", sx(ring[i].x()),
                             sy(ring[i].y()));
          d += "Z";
        };
        ring_path(polygon.outer());
        for (const auto& inner : polygon.inners())
          ring_path(inner);
      }
      svg += fmt::format(
          R"svg(<path d="{}" fill="{}" fill-rule="evenodd" {}><title>{}</title></path>)svg", d,
          s.fill, stroke, html_escape(s.tooltip));
    } else {
      // No polygon: a circle of the parcel's area at the map's scale.
      const double radius_px =
          std::max(2.0, std::sqrt(shape.parcel->area_ha * 10000.0 / M_PI) * scale);
      svg += fmt::format(
          R"svg(<circle cx="{:.1f}" cy="{:.1f}" r="{:.1f}" fill="{}" {}><title>{}</title></circle>)svg",
          sx(shape.parcel->centroid.x_m), sy(shape.parcel->centroid.y_m), radius_px, s.fill, stroke,
          html_escape(s.tooltip));
    }
  }
  // Scale bar: a round length near a quarter of the width.
  const double target_m = span_x / 4.0;
  const double step = std::pow(10.0, std::floor(std::log10(target_m)));
  const double bar_m = target_m >= 5 * step ? 5 * step : target_m >= 2 * step ? 2 * step : step;
  const double bar_px = bar_m * scale;
  svg += fmt::format(
      R"svg(<g font-family="sans-serif" font-size="11"><rect x="10" y="{0}" width="{1:.1f}" )svg"
      R"svg(height="5" fill="#000"/><text x="10" y="{2}">{3}</text></g>)svg",
      map_height - 18, bar_px, map_height - 22,
      bar_m >= 1000 ? fmt::format("{:g} km", bar_m / 1000) : fmt::format("{:g} m", bar_m));
  // North arrow (RD New: north is up).
  svg += fmt::format(
      R"svg(<g transform="translate({0},12)"><polygon points="0,0 7,20 0,15 -7,20" fill="#000"/>)svg"
      R"svg(<text x="-4" y="32" font-family="sans-serif" font-size="11">N</text></g>)svg",
      width_px - 20);
  // Legend.
  int y = map_height + 18;
  svg += fmt::format(R"svg(<text x="10" y="{}" font-family="sans-serif" font-size="12" )svg"
                     R"svg(font-weight="bold">{}</text>)svg",
                     y, html_escape(title));
  for (const auto& entry : legend) {
    y += 20;
    svg += fmt::format(
        R"svg(<rect x="10" y="{}" width="14" height="14" fill="{}" stroke="#555"/>)svg"
        R"svg(<text x="30" y="{}" font-family="sans-serif" font-size="12">{}</text>)svg",
        y - 11, entry.colour, y, html_escape(entry.label));
  }
  svg += "</svg>";
  return svg;
}

}  // namespace landpool
