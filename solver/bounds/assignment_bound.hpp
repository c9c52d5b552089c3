#pragma once
// A proven upper bound without an LP, for models too large for their LP
// relaxation in the time. Only "each parcel to at most one farm" is kept as
// structure; rows over choices and the free 0/1 columns (participation,
// partners) are priced by multipliers and every other row is dropped (a
// relaxation). Each boundary auxiliary min(a, b) is replaced by an
// expression it cannot exceed (s·a + (1 − s)·b, s in [0, 1], their mean to
// begin with), each drift border −w·|a − b| by −w·t·(a − b) (t in [−1, 1],
// the baseline's a − b to begin with, so that the baseline's border stays
// counted), and each tax exemption by its parcel's choice. What is left is
// linear, and its maximum is each parcel's best farm (or staying) and each
// free column where it pays. Far tighter than every column at its
// favourable end, weaker than the LP.

#include <limits>

#include "solver/model/model_builder.hpp"
#include "solver/problem/problem.hpp"

namespace landpool::solver {

/// An upper bound on the optimum of `built.model` (built from `problem`).
/// With a feasible value `incumbent`, rows over choices and the free 0/1
/// columns (participation, partners) alone are priced by Lagrange
/// multipliers: area bands, caps, partner counts and the links x <= w of
/// partner columns so capped (not a parcel's "at most once", which stays the
/// structure). They improve over `iterations` subgradient steps, then the
/// multipliers, the boundary shares s and the drift factors t over half as
/// many again: each step's maximum is a valid bound, and the smallest is
/// returned.
double assignment_bound(const Problem& problem, const BuiltModel& built,
                        double incumbent = -std::numeric_limits<double>::infinity(),
                        int iterations = 0);

}  // namespace landpool::solver
