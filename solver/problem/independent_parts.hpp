#pragma once
// Independent parts of a problem: no farm, parcel or boundary term in
// common, so each is solved on its own and their optima add up.

#include <vector>

#include "solver/problem/problem.hpp"

namespace landpool::solver {

/// Connected components of the graph whose vertices are farms and movable
/// parcels, with an edge from each candidate's parcel to its farm, from an
/// exchange parcel to its giving farm, between two movable neighbours, and
/// from a movable parcel to the farm using a fixed neighbour. Each part
/// keeps the whole region's indices (`movable_index`, `farm_index`) mapped
/// to its own; parts without candidates are dropped.
std::vector<Problem> split_into_parts(const Problem& whole);

}  // namespace landpool::solver
