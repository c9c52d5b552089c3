#include "generator/landscape.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <spdlog/fmt/fmt.h>

#include "core/errors.hpp"
#include "geo/polygon_check.hpp"
#include "importers/diagnostics.hpp"
#include "importers/gis_reader.hpp"

namespace landpool::generator {
namespace {

constexpr double kRoad_m = 10.0;
constexpr double kDitch_m = 3.0;
constexpr double kParcelGap_m = 4.0;
constexpr double kMinStrip_m = 25.0, kMaxStrip_m = 140.0;
constexpr double kMinBlockWidth_m = 700.0, kMaxBlockWidth_m = 1300.0;
constexpr double kMinBlockHeight_m = 450.0, kMaxBlockHeight_m = 900.0;
constexpr double kMinParcel_ha = 0.5, kMaxParcel_ha = 10.0;

/// Rounded to 0.1 m, so that written coordinates are exact.
double decimetre(double value_m) {
  return std::round(value_m * 10.0) / 10.0;
}

ParcelGeometry rectangle_parcel(long number, double x0, double y0, double x1, double y1) {
  x0 = decimetre(x0), y0 = decimetre(y0), x1 = decimetre(x1), y1 = decimetre(y1);
  ParcelGeometry parcel;
  parcel.parcel_id = fmt::format("P{:06d}", number);
  parcel.feature_id = number;
  parcel.wkt = fmt::format(
      "POLYGON (({0:.1f} {1:.1f}, {2:.1f} {1:.1f}, {2:.1f} {3:.1f}, "
      "{0:.1f} {3:.1f}, {0:.1f} {1:.1f}))",
      x0, y0, x1, y1);
  parcel.area_ha = (x1 - x0) * (y1 - y0) / 10000.0;
  parcel.centroid = {(x0 + x1) / 2.0, (y0 + y1) / 2.0};
  return parcel;
}

std::vector<geo::NeighbourPair> neighbours_of(const std::vector<ParcelGeometry>& parcels) {
  std::vector<geo::AdjacencyInput> inputs;
  inputs.reserve(parcels.size());
  for (const auto& parcel : parcels) {
    inputs.push_back({parcel.parcel_id, parcel.wkt, parcel.centroid, parcel.area_ha});
  }
  return geo::find_neighbours(inputs, geo::AdjacencyOptions{});
}

}  // namespace

Landscape synthetic_polder(long parcel_count, const PointRd& centre, DeterministicRandom& random) {
  // Lay blocks out in a roughly square grid: about 16 parcels per block.
  const double blocks = std::ceil(static_cast<double>(parcel_count) / 16.0);
  const auto columns = static_cast<long>(std::max(1.0, std::ceil(std::sqrt(blocks * 0.7))));
  std::vector<double> column_width_m(static_cast<std::size_t>(columns));
  double total_width_m = 0.0;
  for (auto& width : column_width_m) {
    width = random.uniform(kMinBlockWidth_m, kMaxBlockWidth_m);
    total_width_m += width + kRoad_m;
  }
  const double rows_expected = std::ceil(blocks / static_cast<double>(columns));
  const double x_start = centre.x_m - total_width_m / 2.0;
  double y =
      centre.y_m - rows_expected * (0.5 * (kMinBlockHeight_m + kMaxBlockHeight_m) + kRoad_m) / 2.0;

  Landscape land;
  land.parcels.reserve(static_cast<std::size_t>(parcel_count));
  long number = 0;
  while (number < parcel_count) {
    const double block_height_m = random.uniform(kMinBlockHeight_m, kMaxBlockHeight_m);
    double x = x_start;
    for (std::size_t column = 0; column < column_width_m.size() && number < parcel_count;
         ++column) {
      const double width_m = column_width_m[column];
      double strip_y = y;
      while (strip_y + kMinStrip_m <= y + block_height_m && number < parcel_count) {
        double strip_m = random.uniform(kMinStrip_m, kMaxStrip_m);
        if (strip_y + strip_m > y + block_height_m)
          strip_m = y + block_height_m - strip_y;
        // Cut the strip into pieces of 0.5–10 ha, aiming at 1.5–5 ha.
        const double strip_ha = strip_m * width_m / 10000.0;
        const auto fewest = static_cast<long>(std::ceil(strip_ha / kMaxParcel_ha));
        const auto most = std::max(1L, static_cast<long>(std::floor(strip_ha / kMinParcel_ha)));
        const auto wanted = static_cast<long>(std::round(strip_ha / random.uniform(1.5, 5.0)));
        const long pieces = std::clamp(std::max(wanted, 1L), fewest, std::max(fewest, most));
        const double piece_m = (width_m - kParcelGap_m * static_cast<double>(pieces - 1)) /
                               static_cast<double>(pieces);
        for (long k = 0; k < pieces && number < parcel_count; ++k) {
          const double x0 = x + static_cast<double>(k) * (piece_m + kParcelGap_m);
          land.parcels.push_back(
              rectangle_parcel(++number, x0, strip_y, x0 + piece_m, strip_y + strip_m));
        }
        strip_y += strip_m + kDitch_m;
      }
      x += width_m + kRoad_m;
    }
    y += block_height_m + kRoad_m;
  }
  land.neighbours = neighbours_of(land.parcels);
  return land;
}

Landscape landscape_from_file(const std::string& file) {
  GisImportOptions options;
  options.file = file;
  auto read = read_gis_parcels(options);
  if (read.diagnostics.has_errors()) {
    throw InputError(format_problem(read.diagnostics.errors().front()));
  }
  if (read.parcels.empty())
    throw InputError(file + ": no parcel polygons");
  // The rest of a region (farmsteads, the input contract) lives in the
  // Netherlands' RD New range: parcels elsewhere cannot carry one.
  const auto outside =
      std::count_if(read.parcels.begin(), read.parcels.end(),
                    [](const ParcelGeometry& p) { return !inside_rd_range(p.centroid); });
  if (outside > 0) {
    throw InputError(
        fmt::format("{}: {} of {} parcels lie outside the Netherlands (RD New range); "
                    "a generated region needs Dutch parcels",
                    file, outside, read.parcels.size()));
  }
  Landscape land;
  land.parcels = std::move(read.parcels);
  land.neighbours = neighbours_of(land.parcels);
  return land;
}

}  // namespace landpool::generator
