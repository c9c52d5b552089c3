#include "geo/polygon_check.hpp"

#include <gtest/gtest.h>

namespace landpool {
namespace {

TEST(Geometry, MeasuresAreaAndCentroidOfARectangle) {
  // 400 m × 100 m = 4 ha, centred on (120200, 490050).
  const auto check = measure_wkt_polygon(
      "POLYGON ((120000 490000, 120400 490000, 120400 490100, 120000 490100, 120000 490000))");
  ASSERT_TRUE(check.measures.has_value()) << check.error;
  EXPECT_NEAR(check.measures->area_ha, 4.0, 1e-9);
  EXPECT_NEAR(check.measures->centroid.x_m, 120200.0, 1e-6);
  EXPECT_NEAR(check.measures->centroid.y_m, 490050.0, 1e-6);
}

TEST(Geometry, SubtractsHolesAndAcceptsMultiPolygons) {
  const auto with_hole = measure_wkt_polygon(
      "POLYGON ((0 0, 200 0, 200 200, 0 200, 0 0), (50 50, 150 50, 150 150, 50 150, 50 50))");
  ASSERT_TRUE(with_hole.measures.has_value()) << with_hole.error;
  EXPECT_NEAR(with_hole.measures->area_ha, 3.0, 1e-9);
  const auto multi = measure_wkt_polygon(
      "MULTIPOLYGON (((0 0, 100 0, 100 100, 0 100, 0 0)), ((200 0, 300 0, 300 100, 200 100, 200 "
      "0)))");
  ASSERT_TRUE(multi.measures.has_value()) << multi.error;
  EXPECT_NEAR(multi.measures->area_ha, 2.0, 1e-9);
}

TEST(Geometry, RejectsWhatCannotBeAParcel) {
  EXPECT_FALSE(measure_wkt_polygon("POLYGON ((0 0, 1 1").measures);
  EXPECT_FALSE(measure_wkt_polygon("POLYGON EMPTY").measures);
  EXPECT_FALSE(measure_wkt_polygon("LINESTRING (0 0, 1 1)").measures);
  EXPECT_FALSE(measure_wkt_polygon("POLYGON ((0 0, 10 10, 10 0, 0 10, 0 0))").measures);
  EXPECT_FALSE(measure_wkt_polygon("POLYGON ((0 0, 10 0, 20 0, 0 0))").measures);
}

}  // namespace
}  // namespace landpool
