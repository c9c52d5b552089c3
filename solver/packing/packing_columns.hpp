#pragma once
// The columns of the packing model and their pricing. Cycles are explicit
// columns (anchored at their smallest vertex, so each cycle has exactly one
// spelling); chains are position-indexed arcs (arc a used as the k-th arc of
// some chain), so that chains never need enumerating (PICEF, Dickerson,
// Manlove, Plaut, Sandholm, Trimble 2016).
//
// Rows, all of the form a·x <= b, so every dual is >= 0:
//   vertex row v:  a pair is covered at most once (cycles through v + chain
//                  arcs into v <= 1); a chain starter starts at most one
//                  chain (its position-1 arcs <= 1);
//   flow row (v,k) for a pair v and 1 <= k < L: arcs leaving v at position
//                  k+1 <= arcs entering v at position k.

#include <functional>
#include <vector>

#include "solver/packing/packing_graph.hpp"

namespace landpool::solver::packing {

struct CycleColumn {
  std::vector<int> vertices;  ///< smallest first, in arc order; the last gives to the first
  double weight = 0.0;
};

struct ChainArcColumn {
  int arc = 0;
  int position = 1;  ///< 1 = leaves the chain starter
};

class RowLayout {
 public:
  RowLayout(const IndexedGraph& graph, int max_chain_arcs);
  int row_count() const { return row_count_; }
  int vertex_row(int vertex) const { return vertex_row_[vertex]; }
  /// Row "leaving v at position k+1 <= entering v at position k", or -1.
  int flow_row(int vertex, int position) const;
  int max_chain_arcs() const { return max_chain_arcs_; }

 private:
  int max_chain_arcs_;
  int row_count_ = 0;
  std::vector<int> vertex_row_;
  std::vector<int> flow_row_;  ///< vertex * (L - 1) + (k - 1)
};

/// (row, coefficient) pairs of each column kind.
std::vector<std::pair<int, double>> cycle_terms(const RowLayout& rows, const CycleColumn& cycle);
std::vector<std::pair<int, double>> chain_arc_terms(const IndexedGraph& graph,
                                                    const RowLayout& rows,
                                                    const ChainArcColumn& column);

/// Calls `visit(cycle, reduced_cost)` for every cycle of 2..max_cycle_arcs
/// pairs whose reduced cost weight - sum of its vertex duals exceeds
/// `threshold`. Exhaustive: prunes only on a proven reduced-cost bound.
/// `out_of_time`, when given, is asked now and then; once it says yes the
/// search stops and returns false (not every cycle was seen), else true.
bool enumerate_cycles(const IndexedGraph& graph, const RowLayout& rows, int max_cycle_arcs,
                      const std::vector<double>& duals, double threshold,
                      const std::function<void(const CycleColumn&, double)>& visit,
                      const std::function<bool()>& out_of_time = {});

/// Calls `visit(column, reduced_cost)` for every admissible position-indexed
/// chain arc whose reduced cost exceeds `threshold`.
void enumerate_chain_arcs(const IndexedGraph& graph, const RowLayout& rows,
                          const std::vector<double>& duals, double threshold,
                          const std::function<void(const ChainArcColumn&, double)>& visit);

}  // namespace landpool::solver::packing
