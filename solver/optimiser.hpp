#pragma once
// Front door of the optimiser: region + neighbours + scenario in, a verified
// proposal out, with a two-level result (HiGHS style): did the call work, and
// what is known about the model (optimal, within gap, time limit with or
// without a proposal, infeasible).

#include <string>
#include <vector>

#include "core/date.hpp"
#include "core/parcel_geometry.hpp"
#include "core/region.hpp"
#include "core/scenario.hpp"
#include "solver/bounds/distance_bound.hpp"
#include "solver/model/linear_model.hpp"
#include "solver/verify/verifier.hpp"

namespace landpool::solver {

struct OptimiseResult {
  bool call_ok = false;
  std::string error;
  SolveStatus status = SolveStatus::time_limit_without_solution;
  std::vector<ProposedTransfer> transfers;
  Evaluation evaluation;       ///< the verifier's, of `transfers`
  double objective_eur = 0.0;  ///< the verifier's objective
  double bound_eur = 0.0;      ///< proven upper bound (sum over independent parts)
  double gap = 0.0;            ///< relative: |bound - objective| / max(|bound|, |objective|)
  double seconds = 0.0;
  int parts = 0;  ///< independent parts solved separately
  /// The least travel any proposal could reach, and the travel after this one
  /// (the same farms and measure): how much of the possible reduction it has.
  DistanceBound distance;
  long columns = 0, rows = 0, candidates = 0, movable_parcels = 0, farms = 0;
};

/// The whole region as one model, unsplit and without a start: the plain
/// MIP a user would otherwise hand to a solver (the benchmark baseline).
/// With the region's `carry` (held and refused deals, the last open
/// proposal's stability bonus) it is the model `optimise` solves with it.
LinearModel build_plain_model(const Region& region, const std::vector<ParcelNeighbours>& neighbours,
                              const Scenario& scenario, const Date& as_of,
                              const CarryOver& carry = {});

/// Builds the problem, splits it into independent parts, solves each with
/// `backend`, verifies the whole proposal. A proposal the verifier rejects is
/// an error (call_ok false), never a result.
/// `carry`: what earlier quarters fix or forbid (held, refused, previous).
/// Held transfers that cannot be kept make the status infeasible with the
/// reason in `error` (call_ok stays true).
OptimiseResult optimise(const Region& region, const std::vector<ParcelNeighbours>& neighbours,
                        const Scenario& scenario, const Date& as_of, MipBackend& backend,
                        const CarryOver& carry = {});

}  // namespace landpool::solver
