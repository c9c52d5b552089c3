#pragma once
// Repair of a rounded assignment: an LP rounded parcel by parcel can break
// rows that measure area or money (a farm's area band, its gain) by up to a
// parcel. This local search moves one parcel at a time (to another of its
// farms, or to none) while that lowers the rows' total violation, each row's
// violation measured in units of its largest coefficient so that hectares
// and euros weigh alike; among equally good moves the one the objective
// prefers. Deterministic.

#include <vector>

#include "solver/model/linear_model.hpp"

namespace landpool::solver {

struct AssignmentShape {
  /// Per parcel: its choice columns, of which at most one is 1.
  std::vector<std::vector<int>> groups;
  /// Participation columns: (column, the choice columns that make it 1).
  /// It is 1 exactly when one of them is.
  std::vector<std::pair<int, std::vector<int>>> participation;
};

/// Moves parcels in `values` (integral, one per column of `model`, the
/// participation columns consistent with the choices) until every row
/// holds, no move lowers the total violation, or `max_passes` passes over
/// the parcels. Returns the total violation left (0 when every row holds).
/// Columns outside the shape keep their values; a choice is never set
/// against its column's bounds.
double repair_assignment(const LinearModel& model, const AssignmentShape& shape,
                         std::vector<double>& values, int max_passes = 50);

}  // namespace landpool::solver
