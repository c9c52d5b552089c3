#include "geo/adjacency.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <stdexcept>
#include <thread>

#include <boost/geometry/index/rtree.hpp>

#include "geo/polygon.hpp"

namespace landpool::geo {
namespace bgi = boost::geometry::index;

void AdjacencyOptions::validate() const {
  if (!(max_gap_m >= 0.0 && max_gap_m <= 1000.0)) {
    throw std::invalid_argument("adjacency max_gap_m must lie between 0 and 1000 m");
  }
  if (!(sample_step_m > 0.0 && sample_step_m <= 100.0)) {
    throw std::invalid_argument("adjacency sample_step_m must lie in (0, 100] m");
  }
  if (!(estimate_reach_factor >= 1.0 && estimate_reach_factor <= 3.0)) {
    throw std::invalid_argument("adjacency estimate_reach_factor must lie between 1 and 3");
  }
}

namespace {

struct Segment {
  Point p, q;
  Box box;
};

struct Shape {
  std::optional<MultiPolygon> polygon;
  std::vector<Segment> boundary;  ///< every ring's segments, holes included
  Box box;                        ///< envelope, or the equivalent square for point parcels
  double side_m = 0.0;            ///< side of the square of equal area
  PointRd centroid;
};

std::vector<Segment> boundary_segments(const MultiPolygon& shape) {
  std::vector<Segment> segments;
  auto add_ring = [&](const auto& ring) {
    for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
      const Point& p = ring[i];
      const Point& q = ring[i + 1];
      segments.push_back({p, q,
                          Box(Point(std::min(p.x(), q.x()), std::min(p.y(), q.y())),
                              Point(std::max(p.x(), q.x()), std::max(p.y(), q.y())))});
    }
  };
  for (const auto& polygon : shape) {
    add_ring(polygon.outer());
    for (const auto& hole : polygon.inners())
      add_ring(hole);
  }
  return segments;
}

Shape make_shape(const AdjacencyInput& input) {
  Shape shape;
  shape.centroid = input.centroid;
  shape.side_m = std::sqrt(std::max(input.area_ha, 0.0) * 10000.0);
  if (input.wkt)
    shape.polygon = parse_multipolygon_wkt(*input.wkt);
  if (shape.polygon && !shape.polygon->empty()) {
    bg::envelope(*shape.polygon, shape.box);
    shape.boundary = boundary_segments(*shape.polygon);
  } else {
    shape.polygon.reset();
    const double half = shape.side_m / 2.0;
    shape.box = Box(Point(input.centroid.x_m - half, input.centroid.y_m - half),
                    Point(input.centroid.x_m + half, input.centroid.y_m + half));
  }
  return shape;
}

// Segments count as facing each other when they are within about 35 degrees
// of parallel: the end of a neighbour's field across a ditch does not.
constexpr double kMinParallelCosine = 0.82;

/// Distance from `m` (on segment `s`) to the interior of segment `t`, or
/// nullopt when the segments are not about parallel, the perpendicular foot
/// falls outside `t`, or `t` lies on the inner side of `s`.
std::optional<double> facing_distance(const Point& m, const Segment& s, const Segment& t) {
  const double tx = t.q.x() - t.p.x(), ty = t.q.y() - t.p.y();
  const double sx = s.q.x() - s.p.x(), sy = s.q.y() - s.p.y();
  const double t_length2 = tx * tx + ty * ty;
  const double s_length2 = sx * sx + sy * sy;
  if (t_length2 <= 0.0 || s_length2 <= 0.0)
    return std::nullopt;
  const double cosine = std::abs(tx * sx + ty * sy) / std::sqrt(t_length2 * s_length2);
  if (cosine < kMinParallelCosine)
    return std::nullopt;
  const double along = ((m.x() - t.p.x()) * tx + (m.y() - t.p.y()) * ty) / t_length2;
  if (along <= 0.0 || along >= 1.0)
    return std::nullopt;
  const double fx = t.p.x() + along * tx - m.x(), fy = t.p.y() + along * ty - m.y();
  const double distance = std::sqrt(fx * fx + fy * fy);
  // The other parcel must lie outside `s`: rings are clockwise (holes
  // counter-clockwise), so the outside is on the left. This keeps the far
  // side of a narrow strip from "facing" a parcel across the strip itself.
  if (distance > 1e-6 && sx * fy - sy * fx <= 0.0)
    return std::nullopt;
  return distance;
}

/// Length of `from`'s boundary that faces `to`'s boundary within `reach_m`:
/// each piece of at most `step_m` counts when its middle lies within reach of
/// the interior of a roughly parallel segment of `to`.
double boundary_facing(const Shape& from, const Shape& to, double reach_m, double step_m) {
  const Box reach_box = expanded(to.box, reach_m);
  std::vector<const Segment*> near;
  double length_m = 0.0;
  for (const auto& s : from.boundary) {
    if (!bg::intersects(s.box, reach_box))
      continue;
    const Box s_reach = expanded(s.box, reach_m);
    near.clear();
    for (const auto& t : to.boundary) {
      if (bg::intersects(t.box, s_reach))
        near.push_back(&t);
    }
    if (near.empty())
      continue;
    const double segment_m = std::hypot(s.q.x() - s.p.x(), s.q.y() - s.p.y());
    const auto pieces =
        std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(segment_m / step_m)));
    const double piece_m = segment_m / static_cast<double>(pieces);
    for (std::size_t k = 0; k < pieces; ++k) {
      const double f = (static_cast<double>(k) + 0.5) / static_cast<double>(pieces);
      const Point middle(s.p.x() + f * (s.q.x() - s.p.x()), s.p.y() + f * (s.q.y() - s.p.y()));
      for (const Segment* t : near) {
        const auto distance_m = facing_distance(middle, s, *t);
        if (distance_m && *distance_m <= reach_m) {
          length_m += piece_m;
          break;
        }
      }
    }
  }
  return length_m;
}

std::optional<NeighbourPair> exact_pair(const Shape& a, const Shape& b, std::size_t ia,
                                        std::size_t ib, const AdjacencyOptions& options) {
  const double gap_m = bg::distance(*a.polygon, *b.polygon);
  if (gap_m > options.max_gap_m)
    return std::nullopt;
  // Reach a little past the gap itself, so that a boundary across a ditch of
  // exactly the gap still counts.
  const double reach_m = options.max_gap_m + 1e-6;
  const double shared_m = 0.5 * (boundary_facing(a, b, reach_m, options.sample_step_m) +
                                 boundary_facing(b, a, reach_m, options.sample_step_m));
  return NeighbourPair{ia, ib, shared_m, gap_m, false};
}

std::optional<NeighbourPair> estimated_pair(const Shape& a, const Shape& b, std::size_t ia,
                                            std::size_t ib, const AdjacencyOptions& options) {
  const double distance_m =
      std::hypot(a.centroid.x_m - b.centroid.x_m, a.centroid.y_m - b.centroid.y_m);
  const double touching_m = 0.5 * (a.side_m + b.side_m);
  const double reach_m = options.estimate_reach_factor * touching_m + options.max_gap_m;
  if (distance_m > reach_m)
    return std::nullopt;
  const double gap_m = std::max(0.0, distance_m - touching_m);
  return NeighbourPair{ia, ib, std::min(a.side_m, b.side_m), gap_m, true};
}

}  // namespace

std::vector<NeighbourPair> find_neighbours(const std::vector<AdjacencyInput>& parcels,
                                           const AdjacencyOptions& options) {
  options.validate();
  std::vector<Shape> shapes;
  shapes.reserve(parcels.size());
  for (const auto& parcel : parcels)
    shapes.push_back(make_shape(parcel));

  // Boxes grown so that any pair that could qualify has intersecting boxes.
  auto search_margin = [&](const Shape& shape) {
    if (shape.polygon)
      return options.max_gap_m;
    return 0.5 * shape.side_m * (options.estimate_reach_factor - 1.0) + options.max_gap_m;
  };
  using Entry = std::pair<Box, std::size_t>;
  std::vector<Entry> entries;
  entries.reserve(shapes.size());
  for (std::size_t i = 0; i < shapes.size(); ++i) {
    entries.emplace_back(expanded(shapes[i].box, search_margin(shapes[i])), i);
  }
  const bgi::rtree<Entry, bgi::rstar<16>> index(entries.begin(), entries.end());

  auto pairs_of = [&](std::size_t begin, std::size_t end, std::vector<NeighbourPair>& out) {
    std::vector<Entry> candidates;
    for (std::size_t i = begin; i < end; ++i) {
      candidates.clear();
      index.query(bgi::intersects(entries[i].first), std::back_inserter(candidates));
      for (const auto& [box, j] : candidates) {
        if (j <= i)
          continue;
        const auto& a = shapes[i];
        const auto& b = shapes[j];
        auto pair = (a.polygon && b.polygon) ? exact_pair(a, b, i, j, options)
                                             : estimated_pair(a, b, i, j, options);
        if (pair)
          out.push_back(*pair);
      }
    }
  };

  // Two workers, one per half of the parcels (the target machines have two
  // cores); an exception in the helper thread is carried back and rethrown.
  const std::size_t middle = shapes.size() / 2;
  std::vector<NeighbourPair> first_half, second_half;
  std::exception_ptr worker_error;
  std::thread worker([&] {
    try {
      pairs_of(middle, shapes.size(), second_half);
    } catch (...) {
      worker_error = std::current_exception();
    }
  });
  pairs_of(0, middle, first_half);
  worker.join();
  if (worker_error)
    std::rethrow_exception(worker_error);
  first_half.insert(first_half.end(), second_half.begin(), second_half.end());
  std::sort(first_half.begin(), first_half.end(), [](const auto& x, const auto& y) {
    return x.first != y.first ? x.first < y.first : x.second < y.second;
  });
  return first_half;
}

}  // namespace landpool::geo
