// Fuzzes parcel geometry in WKT: the check and measure of the importers
// (OGR/GEOS), then the Boost.Geometry parse the adjacency uses on what the
// check accepted, and on the raw text.

#include "geo/polygon.hpp"
#include "geo/polygon_check.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace landpool;
  const std::string text = fuzz::as_text(data, size);
  const PolygonCheck check = measure_wkt_polygon(text);
  if (check.measures) {
    if (!(check.measures->area_ha > 0.0))
      __builtin_trap();  // an accepted polygon has a positive area
    (void)geo::parse_multipolygon_wkt(check.measures->wkt);
  } else if (check.error.empty()) {
    __builtin_trap();  // a refused polygon says why
  }
  (void)geo::parse_multipolygon_wkt(text);
  return 0;
}
