#pragma once
// A proven upper bound without an LP, for models too large for their LP
// relaxation in the time: every rule but "each parcel to at most one farm"
// is dropped (a relaxation), each boundary auxiliary min(a, b) is replaced
// by an expression it cannot exceed (a, b or their mean), and each tax
// exemption by its parcel's choice. What is left is linear in the choices,
// and its maximum is each parcel's best farm (or staying). Far tighter than
// every column at its favourable end, far weaker than the LP.

#include "solver/model_builder.hpp"
#include "solver/problem.hpp"

namespace landpool::solver {

/// An upper bound on the optimum of `built.model` (built from `problem`).
double assignment_bound(const Problem& problem, const BuiltModel& built);

}  // namespace landpool::solver
