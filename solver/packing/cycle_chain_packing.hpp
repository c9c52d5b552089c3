#pragma once
// The packing engine: choose vertex-disjoint cycles of at most K arcs and
// chains of at most L arcs started by chain starters, maximising the total
// arc weight. The same problem kidney-exchange programmes solve; landpool uses
// it to pack swap rings and pool-land chains into signable deals.
//
// Method (exact, no cycle list up front):
//  1. column generation on the LP relaxation of the cycle + position-indexed
//     chain model: cycles are priced by a bounded depth-first search, chain
//     arcs by a scan, so memory grows with the columns used, not with all
//     cycles;
//  2. a MIP over the generated columns gives an incumbent z;
//  3. reduced-cost argument: with optimal LP value z_LP and duals, any
//     solution better than z uses only columns of reduced cost
//     >= z + delta - z_LP (delta = 1 when all weights are integers). Those
//     columns are enumerated and a last MIP over them proves the optimum.

#include <string>
#include <vector>

#include "solver/model/linear_model.hpp"
#include "solver/packing/packing_columns.hpp"
#include "solver/packing/packing_graph.hpp"

namespace landpool::solver::packing {

struct PackingSettings {
  double time_limit_s = 600.0;
  int threads = 2;
  int seed = 1;
  /// Refuse to build a final MIP with more columns than this (memory guard);
  /// the result is then the incumbent with the LP bound.
  std::size_t max_final_columns = 3'000'000;

  /// Empty when valid, else what is wrong.
  std::string validate() const;
};

struct Chain {
  std::vector<int> vertices;  ///< the starter first, then the receivers in order
  double weight = 0.0;
};

struct PackingResult {
  bool call_ok = false;
  std::string error;
  SolveStatus status = SolveStatus::time_limit_without_solution;
  double objective = 0.0;
  double bound = 0.0;     ///< proven upper bound on the optimum
  double lp_bound = 0.0;  ///< the LP relaxation (when column generation converged)
  double gap = 0.0;       ///< relative
  std::vector<CycleColumn> cycles;
  std::vector<Chain> chains;
  int pricing_rounds = 0;
  std::size_t generated_columns = 0;
  std::size_t final_columns = 0;
  double seconds = 0.0;
};

/// Empty when the caps are valid (K >= 2, L >= 0), else what is wrong.
std::string validate_caps(const PackingCaps& caps);

PackingResult pack_cycles_and_chains(const PackingGraph& graph, const PackingCaps& caps,
                                     const PackingSettings& settings, MipBackend& backend);

}  // namespace landpool::solver::packing
