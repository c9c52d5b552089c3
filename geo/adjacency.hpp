#pragma once
// Which parcels are neighbours, and how long a boundary they share.
//
// Two parcels with geometry are neighbours when the distance between their
// polygons is at most `max_gap_m` (a ditch between them does not separate
// them). Their shared boundary is the length of each one's boundary that
// faces the other's across at most `max_gap_m` (a piece faces a segment when
// it runs within about 35 degrees of parallel to it and its perpendicular
// foot falls inside it), averaged over the two sides and measured by walking
// the boundary in steps of at most `sample_step_m`. Parcels touching only at a
// corner are neighbours with a shared boundary near zero.
//
// A parcel without geometry (CSV with x, y and area only) is taken as a
// square of its area centred on its location. Such a pair is an *estimated*
// neighbour when the centres are no farther apart than
// `estimate_reach_factor` × (half the sum of the two sides) + `max_gap_m`,
// i.e. when two squares laid side by side would about touch; the estimated
// shared boundary is the side of the smaller square.
//
// Candidate pairs come from an R-tree over bounding boxes: never all pairs.

#include <optional>
#include <string>
#include <vector>

#include "core/region.hpp"

namespace landpool::geo {

struct AdjacencyOptions {
  double max_gap_m = 5.0;
  double sample_step_m = 2.0;
  double estimate_reach_factor = 1.15;
  /// Throws std::invalid_argument naming the bad setting.
  void validate() const;
};

struct AdjacencyInput {
  std::string parcel_id;
  std::optional<std::string> wkt;  ///< RD New polygon; empty: estimate from the point
  PointRd centroid;
  double area_ha = 0.0;
};

struct NeighbourPair {
  std::size_t first = 0;  ///< index into the input, first < second
  std::size_t second = 0;
  double shared_boundary_m = 0.0;
  double gap_m = 0.0;      ///< distance between the polygons (0 when touching)
  bool estimated = false;  ///< at least one side had no geometry
};

/// All neighbour pairs, ordered by (first, second). Inputs whose WKT cannot be
/// parsed are treated as having no geometry.
std::vector<NeighbourPair> find_neighbours(const std::vector<AdjacencyInput>& parcels,
                                           const AdjacencyOptions& options);

}  // namespace landpool::geo
