#pragma once
// SVG maps for the HTML report, drawn from the parcel geometry (points sized
// by area where a parcel has no polygon): readable at a glance with legend,
// scale bar, north arrow and hover details (SVG <title>).

#include <functional>
#include <string>
#include <vector>

#include "exporters/run_view.hpp"

namespace landpool {

struct MapStyle {
  std::string fill;     ///< CSS colour
  std::string tooltip;  ///< hover text
  bool emphasised = false;
};

struct LegendEntry {
  std::string colour, label;
};

/// One map of `parcels`, each styled by `style`. `width_px` wide.
std::string svg_map(const std::vector<ParcelView>& parcels,
                    const std::function<MapStyle(const ParcelView&)>& style,
                    const std::vector<LegendEntry>& legend, const std::string& title,
                    int width_px = 520);

/// A colour per farm id, stable and well spread (golden-angle hues).
std::string farm_colour(const std::string& farm_id);

/// Escapes text for HTML and SVG.
std::string html_escape(const std::string& text);

}  // namespace landpool
