#pragma once
// Distance between a farmstead and a parcel. Straight-line in RD New metres
// for now; road distance is a later refinement behind this one function.

#include <cmath>

#include "core/region.hpp"

namespace landpool {

inline double travel_distance_m(const PointRd& from, const PointRd& to) {
  return std::hypot(to.x_m - from.x_m, to.y_m - from.y_m);
}

}  // namespace landpool
