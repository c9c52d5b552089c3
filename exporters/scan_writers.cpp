#include "exporters/scan_writers.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <stdexcept>

#include <spdlog/fmt/fmt.h>

#include "core/text.hpp"
#include "exporters/gdal_output.hpp"
#include "exporters/output_file.hpp"
#include "exporters/report_maps.hpp"

namespace landpool {
namespace {

/// The criteria that some area measured, in the catalogue's order.
std::vector<ScanCriterion> measured(const ScanResult& scan) {
  std::vector<ScanCriterion> criteria;
  for (const auto& criterion : scan_criteria()) {
    if (std::any_of(scan.areas.begin(), scan.areas.end(),
                    [&](const ScanArea& a) { return a.values.contains(criterion.key); }))
      criteria.push_back(criterion);
  }
  return criteria;
}

double value_or_nan(const std::map<std::string, double>& values, const std::string& key) {
  const auto it = values.find(key);
  return it == values.end() ? std::nan("") : it->second;
}

std::string number(double value) {
  return std::isnan(value) ? std::string() : fmt::format("{:.6g}", value);
}

/// The measured criteria with a weight other than 0: those with a contribution.
std::vector<std::string> contributing(const ScanResult& scan,
                                      const std::vector<ScanCriterion>& measured) {
  std::vector<std::string> keys;
  for (const auto& criterion : measured) {
    const auto weight = scan.settings.weights.find(criterion.key);
    if (weight != scan.settings.weights.end() && weight->second != 0.0)
      keys.push_back(criterion.key);
  }
  return keys;
}

/// A blue ramp from light (0) to dark (1).
std::string score_colour(double share) {
  const auto channel = [&](int light, int dark) {
    return static_cast<int>(std::lround(light + (dark - light) * std::clamp(share, 0.0, 1.0)));
  };
  return fmt::format("#{:02x}{:02x}{:02x}", channel(239, 8), channel(243, 81), channel(255, 156));
}

/// The `count` largest contributions of an area, as "label +0.12".
std::string top_contributions(const ScanArea& area, Language language, std::size_t count) {
  std::vector<std::pair<std::string, double>> ordered(area.contributions.begin(),
                                                      area.contributions.end());
  std::sort(ordered.begin(), ordered.end(),
            [](const auto& a, const auto& b) { return std::abs(a.second) > std::abs(b.second); });
  std::string listed;
  for (std::size_t i = 0; i < std::min(count, ordered.size()); ++i) {
    listed += (i ? "; " : "") +
              std::string(text(language, "area_scan.criterion." + ordered[i].first)) +
              fmt::format(" {:+.2f}", ordered[i].second);
  }
  return listed;
}

}  // namespace

void write_scan_csv(const ScanResult& scan, const std::filesystem::path& path) {
  auto out = open_output(path);
  const auto criteria = measured(scan);
  const auto weighted = contributing(scan, criteria);
  out << "rank,area_id,score,farmland_ha,parcels";
  for (const auto& c : criteria)
    out << ',' << c.key;
  for (const auto& key : weighted)
    out << ",contribution_" << key;
  out << '\n';
  for (const auto& area : scan.areas) {
    out << (area.rank ? std::to_string(*area.rank) : "") << ',' << csv_field(area.area_id) << ','
        << fmt::format("{:.4f},{:.2f},{}", area.score, area.farmland_ha, area.parcels);
    for (const auto& c : criteria)
      out << ',' << number(value_or_nan(area.values, c.key));
    for (const auto& key : weighted)
      out << ',' << number(value_or_nan(area.contributions, key));
    out << '\n';
  }
  finish_output(out, path);
}

void write_scan_gpkg(const ScanResult& scan, const std::filesystem::path& path) {
  auto dataset = create_vector_file("GPKG", path);
  OGRSpatialReference rd_new;
  rd_new.importFromEPSG(28992);
  OGRLayer* layer = dataset->CreateLayer("scan_areas", &rd_new, wkbMultiPolygon, nullptr);
  if (!layer)
    throw std::runtime_error(path.string() + ": cannot create layer scan_areas");
  add_field(*layer, "area_id", OFTString);
  add_field(*layer, "rank", OFTInteger);
  add_field(*layer, "score", OFTReal);
  add_field(*layer, "farmland_ha", OFTReal);
  const auto criteria = measured(scan);
  for (const auto& c : criteria)
    add_field(*layer, c.key, OFTReal);
  for (const auto& area : scan.areas) {
    OGRFeature feature(layer->GetLayerDefn());
    feature.SetField("area_id", area.area_id.c_str());
    if (area.rank)
      feature.SetField("rank", *area.rank);
    feature.SetField("score", area.score);
    feature.SetField("farmland_ha", area.farmland_ha);
    for (const auto& c : criteria) {
      if (const auto it = area.values.find(c.key); it != area.values.end())
        feature.SetField(c.key, it->second);
    }
    OGRGeometry* geometry = nullptr;
    OGRGeometryFactory::createFromWkt(area.wkt.c_str(), &rd_new, &geometry);
    if (geometry) {
      feature.SetGeometryDirectly(OGRGeometryFactory::forceToMultiPolygon(geometry));
    }
    if (layer->CreateFeature(&feature) != OGRERR_NONE)
      throw std::runtime_error(path.string() + ": cannot write area " + area.area_id);
  }
}

namespace {

/// The choropleth: ranked areas from light (lowest score) to dark, the three
/// best outlined, the unranked grey.
std::string score_map(const ScanResult& scan, Language language) {
  double low = 0.0, high = 0.0;
  bool first = true;
  for (const auto& area : scan.areas) {
    if (!area.rank)
      continue;
    low = first ? area.score : std::min(low, area.score);
    high = first ? area.score : std::max(high, area.score);
    first = false;
  }
  std::vector<ParcelView> shapes;
  std::map<std::string, const ScanArea*> by_id;
  for (const auto& area : scan.areas) {
    ParcelView view;
    view.parcel_id = area.area_id;
    view.area_ha = area.farmland_ha;
    view.wkt = area.wkt;
    view.centroid = area.centre;
    shapes.push_back(std::move(view));
    by_id[area.area_id] = &area;
  }
  const auto style = [&](const ParcelView& view) {
    const ScanArea& area = *by_id.at(view.parcel_id);
    if (!area.rank)
      return MapStyle{"#dddddd", area.area_id, false};
    return MapStyle{score_colour(high > low ? (area.score - low) / (high - low) : 1.0),
                    fmt::format("{}: #{} score {:.2f}", area.area_id, *area.rank, area.score),
                    *area.rank <= 3};
  };
  return svg_map(shapes, style,
                 {{score_colour(1.0), std::string(text(language, "area_scan.legend.high"))},
                  {score_colour(0.0), std::string(text(language, "area_scan.legend.low"))},
                  {"#dddddd", std::string(text(language, "area_scan.legend.unranked"))}},
                 std::string(text(language, "area_scan.map")), 720);
}

void write_ranked_table(std::ostream& out, const ScanResult& scan, Language language) {
  out << "<table>\n<tr><th>" << text(language, "area_scan.head.rank") << "</th><th class=l>"
      << text(language, "area_scan.head.area") << "</th><th>"
      << text(language, "area_scan.head.score") << "</th><th>"
      << text(language, "area_scan.head.farmland") << "</th><th class=l>"
      << text(language, "area_scan.head.contributions") << "</th></tr>\n";
  for (const auto& area : scan.areas) {
    out << "<tr><td>" << (area.rank ? std::to_string(*area.rank) : "") << "</td><td class=l>"
        << html_escape(area.area_id) << "</td><td>" << fmt::format("{:.3f}", area.score)
        << "</td><td>" << fmt::format("{:.1f}", area.farmland_ha) << "</td><td class=l>"
        << html_escape(top_contributions(area, language, 3)) << "</td></tr>\n";
  }
  out << "</table>\n";
}

void write_weights_table(std::ostream& out, const ScanResult& scan, Language language) {
  out << "<h2>" << text(language, "area_scan.weights") << "</h2>\n<table><tr><th class=l>"
      << text(language, "area_scan.head.criterion") << "</th><th>"
      << text(language, "area_scan.head.weight") << "</th></tr>\n";
  for (const auto& [key, weight] : scan.settings.weights) {
    out << "<tr><td class=l>"
        << html_escape(std::string(text(language, "area_scan.criterion." + key))) << " (" << key
        << ")</td><td>" << fmt::format("{:g}", weight) << "</td></tr>\n";
  }
  out << "</table>\n";
}

}  // namespace

void write_scan_html(const ScanResult& scan, const std::filesystem::path& path, Language language) {
  auto out = open_output(path);
  const std::string title = say(language, "area_scan.title", scan.areas.size(), scan.areas_from);
  out << "<!doctype html>\n<html lang=\"" << (language == Language::nl ? "nl" : "en")
      << "\"><head><meta charset=\"utf-8\"><title>" << html_escape(title)
      << "</title><style>body{font-family:sans-serif;margin:2em;max-width:75em}"
         "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25em .5em;"
         "text-align:right}td.l,th.l{text-align:left}</style></head><body>\n<h1>"
      << html_escape(title) << "</h1>\n<p>"
      << html_escape(say(language, "area_scan.intro", scan.settings.min_farmland_ha)) << "</p>\n"
      << score_map(scan, language) << '\n';
  write_ranked_table(out, scan, language);
  write_weights_table(out, scan, language);
  out << "</body></html>\n";
  finish_output(out, path);
}

}  // namespace landpool
