// Adjacency on hand-made geometries whose answers are known by construction.

#include "geo/adjacency.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include <spdlog/fmt/fmt.h>

namespace landpool::geo {
namespace {

/// An axis-parallel rectangle as WKT.
std::string rectangle(double x0, double y0, double x1, double y1) {
  return fmt::format("POLYGON (({0} {1}, {2} {1}, {2} {3}, {0} {3}, {0} {1}))", x0, y0, x1, y1);
}

AdjacencyInput parcel(const std::string& id, const std::string& wkt, double area_ha = 1.0) {
  return {id, wkt, {}, area_ha};
}

std::vector<NeighbourPair> neighbours(const std::vector<AdjacencyInput>& parcels,
                                      double max_gap_m = 5.0) {
  AdjacencyOptions options;
  options.max_gap_m = max_gap_m;
  options.sample_step_m = 0.5;
  return find_neighbours(parcels, options);
}

TEST(Adjacency, TouchingRectanglesShareTheirCommonEdge) {
  const auto pairs =
      neighbours({parcel("a", rectangle(0, 0, 100, 50)), parcel("b", rectangle(100, 10, 180, 40))});
  ASSERT_EQ(pairs.size(), 1u);
  EXPECT_EQ(pairs[0].first, 0u);
  EXPECT_EQ(pairs[0].second, 1u);
  EXPECT_DOUBLE_EQ(pairs[0].gap_m, 0.0);
  EXPECT_FALSE(pairs[0].estimated);
  // The common edge is 30 m; the edges that only run up to it do not count.
  EXPECT_NEAR(pairs[0].shared_boundary_m, 30.0, 1.0);
}

TEST(Adjacency, GapUnderTheThresholdCountsAndOverItDoesNot) {
  const auto across_ditch = neighbours(
      {parcel("a", rectangle(0, 0, 100, 200)), parcel("b", rectangle(104, 0, 204, 200))});
  ASSERT_EQ(across_ditch.size(), 1u);
  EXPECT_NEAR(across_ditch[0].gap_m, 4.0, 1e-9);
  EXPECT_NEAR(across_ditch[0].shared_boundary_m, 200.0, 10.0);

  EXPECT_TRUE(
      neighbours({parcel("a", rectangle(0, 0, 100, 200)), parcel("b", rectangle(106, 0, 206, 200))})
          .empty());
  // The threshold is configurable.
  EXPECT_EQ(
      neighbours({parcel("a", rectangle(0, 0, 100, 200)), parcel("b", rectangle(106, 0, 206, 200))},
                 8.0)
          .size(),
      1u);
}

TEST(Adjacency, ParcelInsideAnothersHoleIsItsNeighbour) {
  const std::string with_hole =
      "POLYGON ((0 0, 300 0, 300 300, 0 300, 0 0), (100 100, 200 100, 200 200, 100 200, 100 100))";
  const auto pairs =
      neighbours({parcel("ring", with_hole), parcel("island", rectangle(100, 100, 200, 200))});
  ASSERT_EQ(pairs.size(), 1u);
  EXPECT_DOUBLE_EQ(pairs[0].gap_m, 0.0);
  EXPECT_NEAR(pairs[0].shared_boundary_m, 400.0, 2.0);  // the hole's whole rim
}

TEST(Adjacency, ParcelFarInsideALargeHoleIsNoNeighbour) {
  const std::string with_hole =
      "POLYGON ((0 0, 1000 0, 1000 1000, 0 1000, 0 0), (100 100, 900 100, 900 900, 100 900, 100 "
      "100))";
  EXPECT_TRUE(
      neighbours({parcel("ring", with_hole), parcel("island", rectangle(400, 400, 600, 600))})
          .empty());
}

TEST(Adjacency, CornerContactIsANeighbourWithAShortBoundary) {
  const auto pairs = neighbours(
      {parcel("a", rectangle(0, 0, 100, 100)), parcel("b", rectangle(100, 100, 200, 200))});
  ASSERT_EQ(pairs.size(), 1u);
  EXPECT_LT(pairs[0].shared_boundary_m, 1.0);
}

TEST(Adjacency, ParcelsWithoutGeometryAreEstimatedFromAreaAndLocation) {
  // Two 1 ha squares (100 m sides) whose centres are 100 m apart would touch.
  std::vector<AdjacencyInput> parcels = {{"a", std::nullopt, {120000, 490000}, 1.0},
                                         {"b", std::nullopt, {120100, 490000}, 1.0},
                                         {"far", std::nullopt, {121000, 490000}, 1.0}};
  const auto pairs = neighbours(parcels);
  ASSERT_EQ(pairs.size(), 1u);
  EXPECT_TRUE(pairs[0].estimated);
  EXPECT_NEAR(pairs[0].shared_boundary_m, 100.0, 1e-9);
  EXPECT_EQ(pairs[0].second, 1u);
}

TEST(Adjacency, MatchesAllPairsCheckOnAGrid) {
  // A 20 × 20 grid of 50 m × 200 m strips separated by 3 m ditches in x and
  // 8 m roads in y: each strip has its left and right neighbour only.
  std::vector<AdjacencyInput> parcels;
  for (int row = 0; row < 20; ++row) {
    for (int col = 0; col < 20; ++col) {
      const double x = col * 53.0, y = row * 208.0;
      parcels.push_back(parcel(fmt::format("{}-{}", row, col), rectangle(x, y, x + 50, y + 200)));
    }
  }
  const auto pairs = neighbours(parcels);
  EXPECT_EQ(pairs.size(), 20u * 19u);
  for (const auto& pair : pairs) {
    EXPECT_EQ(pair.second, pair.first + 1);
    EXPECT_NEAR(pair.gap_m, 3.0, 1e-9);
    EXPECT_NEAR(pair.shared_boundary_m, 200.0, 1.0);
  }
}

TEST(Adjacency, RejectsNonsenseOptions) {
  AdjacencyOptions options;
  options.max_gap_m = -1.0;
  EXPECT_THROW(options.validate(), std::invalid_argument);
}

}  // namespace
}  // namespace landpool::geo

namespace landpool::geo {
namespace {

TEST(Adjacency, ANarrowStripSharesOnlyItsOwnEdgesWithEachSide) {
  // P | Q (3 m wide) | R: Q's far edge must not count as facing P.
  const auto pairs =
      neighbours({parcel("p", rectangle(0, 0, 100, 100)), parcel("q", rectangle(100, 0, 103, 100)),
                  parcel("r", rectangle(103, 0, 203, 100))});
  ASSERT_EQ(pairs.size(), 3u);  // p-q, p-r (3 m apart), q-r
  for (const auto& pair : pairs)
    EXPECT_NEAR(pair.shared_boundary_m, 100.0, 1.0);
}

TEST(Adjacency, SharedBoundaryNeverExceedsTheSmallerPerimeter) {
  // Irregular neighbours: a zig-zag edge shared by two parcels.
  const std::string left = "POLYGON ((0 0, 50 0, 60 20, 50 40, 60 60, 50 80, 0 80, 0 0))";
  const std::string right = "POLYGON ((50 0, 120 0, 120 80, 50 80, 60 60, 50 40, 60 20, 50 0))";
  const auto pairs = neighbours({parcel("l", left), parcel("r", right)});
  ASSERT_EQ(pairs.size(), 1u);
  const double zigzag = 4 * std::hypot(10.0, 20.0);
  EXPECT_NEAR(pairs[0].shared_boundary_m, zigzag, 2.0);
}

}  // namespace
}  // namespace landpool::geo
