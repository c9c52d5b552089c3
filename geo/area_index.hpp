#pragma once
// Polygons indexed by their boxes (Boost.Geometry R-tree): which polygon
// holds a point, and how far a point lies from the nearest polygon. For the
// scan's candidate areas and the urban layer, in RD New metres.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "geo/polygon.hpp"

namespace landpool::geo {

class AreaIndex {
 public:
  /// `shapes` index-parallel to what `locate` returns.
  explicit AreaIndex(std::vector<MultiPolygon> shapes);
  ~AreaIndex();
  AreaIndex(AreaIndex&&) noexcept;
  AreaIndex& operator=(AreaIndex&&) noexcept;

  /// The first polygon (lowest index) that covers the point, if any.
  std::optional<std::size_t> locate(const Point& point) const;
  /// Distance to the nearest polygon in metres (0 inside); nullopt when empty.
  std::optional<double> distance_m(const Point& point) const;
  std::size_t size() const;

 private:
  struct Index;
  std::unique_ptr<Index> index_;
};

}  // namespace landpool::geo
