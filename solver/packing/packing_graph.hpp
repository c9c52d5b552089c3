#pragma once
// The input of the cycle-and-chain packing engine, as plain data: a directed
// compatibility graph whose vertices are parties and whose arcs say "u can
// give to v" with a weight (benefit). Some vertices are chain starters: they
// only give (a kidney exchange's non-directed donor; in landpool, pool land)
// and may start one chain. The engine knows nothing of land or kidneys.

#include <string>
#include <vector>

#include <boost/graph/adjacency_list.hpp>

namespace landpool::solver::packing {

struct PackingGraph {
  struct Arc {
    int from = 0;
    int to = 0;
    double weight = 1.0;
  };
  std::vector<bool> chain_starter;  ///< one per vertex; its size is the vertex count
  std::vector<Arc> arcs;
  std::vector<std::string> labels;  ///< optional, one per vertex, for output

  int vertex_count() const { return static_cast<int>(chain_starter.size()); }
  std::string label(int vertex) const;
};

/// The caps of a packing, in arcs: a cycle has at most max_cycle_arcs arcs
/// (= parties), a chain at most max_chain_arcs arcs counting the one leaving
/// its starter. Valid for any max_cycle_arcs >= 2 and max_chain_arcs >= 0.
struct PackingCaps {
  int max_cycle_arcs = 3;
  int max_chain_arcs = 4;
};

/// The graph cleaned and indexed for fast enumeration: arcs into chain
/// starters and self-loops dropped, parallel arcs merged (best weight kept),
/// out-arcs sorted by head. Built on a Boost.Graph adjacency list.
class IndexedGraph {
 public:
  using BoostGraph =
      boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, boost::no_property,
                            boost::property<boost::edge_weight_t, double>>;

  explicit IndexedGraph(const PackingGraph& graph);

  int vertex_count() const { return vertex_count_; }
  int arc_count() const { return static_cast<int>(arc_head_.size()); }
  bool is_chain_starter(int vertex) const { return chain_starter_[vertex]; }
  const BoostGraph& boost_graph() const { return graph_; }

  /// Out-arcs of `vertex` are ids [out_begin(vertex), out_begin(vertex + 1)).
  int out_begin(int vertex) const { return out_begin_[vertex]; }
  int arc_tail(int arc) const { return arc_tail_[arc]; }
  int arc_head(int arc) const { return arc_head_[arc]; }
  double arc_weight(int arc) const { return arc_weight_[arc]; }
  double max_arc_weight() const { return max_arc_weight_; }
  /// The id of arc from -> to, or -1.
  int find_arc(int from, int to) const;
  /// Fewest arcs from any chain starter to each vertex (-1 if unreachable).
  const std::vector<int>& arcs_from_starters() const { return arcs_from_starters_; }

 private:
  int vertex_count_ = 0;
  std::vector<bool> chain_starter_;
  BoostGraph graph_;
  std::vector<int> out_begin_;
  std::vector<int> arc_tail_, arc_head_;
  std::vector<double> arc_weight_;
  double max_arc_weight_ = 0.0;
  std::vector<int> arcs_from_starters_;
};

}  // namespace landpool::solver::packing
