#pragma once
// Independent check of a packing against the original graph: recomputes
// everything from the input arcs, shares no code with the engine.

#include <string>
#include <vector>

#include "solver/packing/cycle_chain_packing.hpp"

namespace landpool::solver::packing {

struct PackingCheck {
  std::vector<std::string> violations;  ///< empty when the packing is valid
  double recomputed_weight = 0.0;       ///< sum of the used arcs' weights
  bool ok() const { return violations.empty(); }
};

/// Checks that cycles have 2..K distinct non-starter vertices, chains start at
/// a starter and have 1..L arcs, every arc exists, no vertex is used twice,
/// and that `claimed_weight` equals the recomputed weight.
PackingCheck check_packing(const PackingGraph& graph, const PackingCaps& caps,
                           const std::vector<CycleColumn>& cycles, const std::vector<Chain>& chains,
                           double claimed_weight);

}  // namespace landpool::solver::packing
