#include "geo/area_index.hpp"

#include <algorithm>
#include <limits>

#include <boost/geometry/index/rtree.hpp>

namespace landpool::geo {

namespace bgi = boost::geometry::index;

namespace {

/// The box of the outer rings (holes lie inside them).
Box outer_box(const MultiPolygon& shape) {
  double min_x = std::numeric_limits<double>::infinity(), min_y = min_x;
  double max_x = -min_x, max_y = -min_x;
  for (const auto& polygon : shape) {
    for (const auto& point : polygon.outer()) {
      min_x = std::min(min_x, point.x());
      min_y = std::min(min_y, point.y());
      max_x = std::max(max_x, point.x());
      max_y = std::max(max_y, point.y());
    }
  }
  return Box(Point(min_x, min_y), Point(max_x, max_y));
}

}  // namespace

struct AreaIndex::Index {
  using Entry = std::pair<Box, std::size_t>;
  std::vector<MultiPolygon> shapes;
  bgi::rtree<Entry, bgi::rstar<16>> boxes;
};

AreaIndex::AreaIndex(std::vector<MultiPolygon> shapes) : index_(std::make_unique<Index>()) {
  std::vector<Index::Entry> entries;
  entries.reserve(shapes.size());
  for (std::size_t i = 0; i < shapes.size(); ++i)
    entries.emplace_back(outer_box(shapes[i]), i);
  index_->shapes = std::move(shapes);
  index_->boxes = bgi::rtree<Index::Entry, bgi::rstar<16>>(entries.begin(), entries.end());
}

AreaIndex::~AreaIndex() = default;
AreaIndex::AreaIndex(AreaIndex&&) noexcept = default;
AreaIndex& AreaIndex::operator=(AreaIndex&&) noexcept = default;

std::size_t AreaIndex::size() const {
  return index_->shapes.size();
}

std::optional<std::size_t> AreaIndex::locate(const Point& point) const {
  std::optional<std::size_t> found;
  for (auto it = index_->boxes.qbegin(bgi::covers(point)); it != index_->boxes.qend(); ++it) {
    if ((!found || it->second < *found) && bg::covered_by(point, index_->shapes[it->second]))
      found = it->second;
  }
  return found;
}

std::optional<double> AreaIndex::distance_m(const Point& point) const {
  if (index_->shapes.empty())
    return std::nullopt;
  // Boxes nearest first: once a box lies farther than the best polygon, stop.
  double best = std::numeric_limits<double>::infinity();
  for (auto it = index_->boxes.qbegin(bgi::nearest(point, static_cast<unsigned>(size())));
       it != index_->boxes.qend(); ++it) {
    if (bg::distance(point, it->first) > best)
      break;
    best = std::min(best, static_cast<double>(bg::distance(point, index_->shapes[it->second])));
  }
  return best;
}

}  // namespace landpool::geo
