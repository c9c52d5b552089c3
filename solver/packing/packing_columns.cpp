#include "solver/packing/packing_columns.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

namespace landpool::solver::packing {

RowLayout::RowLayout(const IndexedGraph& graph, int max_chain_arcs)
    : max_chain_arcs_(max_chain_arcs) {
  const int n = graph.vertex_count();
  vertex_row_.resize(static_cast<std::size_t>(n));
  for (int v = 0; v < n; ++v)
    vertex_row_[v] = row_count_++;
  const int positions = std::max(0, max_chain_arcs - 1);
  flow_row_.assign(static_cast<std::size_t>(n) * static_cast<std::size_t>(positions), -1);
  for (int v = 0; v < n; ++v) {
    if (graph.is_chain_starter(v) || graph.arcs_from_starters()[v] < 1)
      continue;  // starters only start; unreachable pairs never carry a chain
    for (int k = std::max(1, graph.arcs_from_starters()[v]); k <= positions; ++k)
      flow_row_[static_cast<std::size_t>(v) * positions + (k - 1)] = row_count_++;
  }
}

int RowLayout::flow_row(int vertex, int position) const {
  const int positions = std::max(0, max_chain_arcs_ - 1);
  if (position < 1 || position > positions)
    return -1;
  return flow_row_[static_cast<std::size_t>(vertex) * positions + (position - 1)];
}

std::vector<std::pair<int, double>> cycle_terms(const RowLayout& rows, const CycleColumn& cycle) {
  std::vector<std::pair<int, double>> terms;
  for (int v : cycle.vertices)
    terms.emplace_back(rows.vertex_row(v), 1.0);
  return terms;
}

std::vector<std::pair<int, double>> chain_arc_terms(const IndexedGraph& graph,
                                                    const RowLayout& rows,
                                                    const ChainArcColumn& column) {
  const int tail = graph.arc_tail(column.arc);
  const int head = graph.arc_head(column.arc);
  std::vector<std::pair<int, double>> terms{{rows.vertex_row(head), 1.0}};
  terms.emplace_back(
      column.position == 1 ? rows.vertex_row(tail) : rows.flow_row(tail, column.position - 1), 1.0);
  if (const int onward = rows.flow_row(head, column.position); onward >= 0)
    terms.emplace_back(onward, -1.0);
  return terms;
}

namespace {

// Depth-first search for cycles anchored at their smallest vertex.
class CycleSearch {
 public:
  CycleSearch(const IndexedGraph& graph, const RowLayout& rows, int max_cycle_arcs,
              const std::vector<double>& duals, double threshold,
              const std::function<void(const CycleColumn&, double)>& visit,
              const std::function<bool()>& out_of_time)
      : graph_(graph),
        rows_(rows),
        max_arcs_(max_cycle_arcs),
        duals_(duals),
        threshold_(threshold),
        visit_(visit),
        out_of_time_(out_of_time),
        closing_weight_(static_cast<std::size_t>(graph.vertex_count()), kNoArc),
        on_path_(static_cast<std::size_t>(graph.vertex_count()), false) {}

  /// False when `out_of_time` stopped the search before every cycle was seen.
  bool run() {
    const auto& boost_graph = graph_.boost_graph();
    const auto weights = boost::get(boost::edge_weight, boost_graph);
    for (int anchor = 0; anchor < graph_.vertex_count() && !stopped_; ++anchor) {
      if (graph_.is_chain_starter(anchor))
        continue;
      anchor_ = anchor;
      std::vector<int> closers;
      for (auto [e, end] = boost::in_edges(static_cast<std::size_t>(anchor), boost_graph); e != end;
           ++e) {
        const int tail = static_cast<int>(boost::source(*e, boost_graph));
        if (tail > anchor && !graph_.is_chain_starter(tail)) {
          closing_weight_[tail] = weights[*e];
          closers.push_back(tail);
        }
      }
      if (!closers.empty()) {
        path_.assign(1, anchor);
        on_path_[anchor] = true;
        extend(anchor, 0.0, dual(anchor));
        on_path_[anchor] = false;
      }
      for (int tail : closers)
        closing_weight_[tail] = kNoArc;
    }
    return !stopped_;
  }

 private:
  static constexpr double kNoArc = std::numeric_limits<double>::quiet_NaN();

  double dual(int vertex) const { return duals_[rows_.vertex_row(vertex)]; }

  // `path_` holds the anchor and the vertices after it; `weight` the arcs so far.
  void extend(int vertex, double weight, double dual_sum) {
    // The clock is asked once per 2^16 extensions: cheap, and often enough.
    if (out_of_time_ && (++extensions_ & 0xFFFF) == 0 && out_of_time_())
      stopped_ = true;
    if (stopped_)
      return;
    const int arcs_so_far = static_cast<int>(path_.size()) - 1;
    const double best_arc = graph_.max_arc_weight();
    for (int arc = graph_.out_begin(vertex); arc < graph_.out_begin(vertex + 1); ++arc) {
      const int head = graph_.arc_head(arc);
      if (head <= anchor_ || on_path_[head])
        continue;
      const double path_weight = weight + graph_.arc_weight(arc);
      const double path_duals = dual_sum + dual(head);
      const int arcs = arcs_so_far + 1;
      path_.push_back(head);
      if (!std::isnan(closing_weight_[head])) {
        const double reduced_cost = path_weight + closing_weight_[head] - path_duals;
        if (reduced_cost > threshold_) {
          found_.vertices = path_;
          found_.weight = path_weight + closing_weight_[head];
          visit_(found_, reduced_cost);
        }
      }
      // Room for another vertex and the closing arc; duals only lower the bound.
      const int arcs_left = max_arcs_ - arcs;
      if (arcs_left >= 2) {
        const double bound =
            path_weight + (best_arc > 0 ? arcs_left * best_arc : best_arc) - path_duals;
        if (bound > threshold_) {
          on_path_[head] = true;
          extend(head, path_weight, path_duals);
          on_path_[head] = false;
        }
      }
      path_.pop_back();
    }
  }

  const IndexedGraph& graph_;
  const RowLayout& rows_;
  int max_arcs_;
  const std::vector<double>& duals_;
  double threshold_;
  const std::function<void(const CycleColumn&, double)>& visit_;
  const std::function<bool()>& out_of_time_;
  std::uint64_t extensions_ = 0;
  bool stopped_ = false;
  std::vector<double> closing_weight_;
  std::vector<bool> on_path_;
  std::vector<int> path_;
  int anchor_ = 0;
  CycleColumn found_;
};

}  // namespace

bool enumerate_cycles(const IndexedGraph& graph, const RowLayout& rows, int max_cycle_arcs,
                      const std::vector<double>& duals, double threshold,
                      const std::function<void(const CycleColumn&, double)>& visit,
                      const std::function<bool()>& out_of_time) {
  if (max_cycle_arcs < 2)
    return true;
  return CycleSearch(graph, rows, max_cycle_arcs, duals, threshold, visit, out_of_time).run();
}

void enumerate_chain_arcs(const IndexedGraph& graph, const RowLayout& rows,
                          const std::vector<double>& duals, double threshold,
                          const std::function<void(const ChainArcColumn&, double)>& visit) {
  const int max_positions = rows.max_chain_arcs();
  const auto& depth = graph.arcs_from_starters();
  for (int arc = 0; arc < graph.arc_count(); ++arc) {
    const int tail = graph.arc_tail(arc);
    const int head = graph.arc_head(arc);
    if (depth[tail] < 0)
      continue;
    const double head_dual = duals[rows.vertex_row(head)];
    if (graph.is_chain_starter(tail)) {
      if (max_positions < 1)
        continue;
      const double reduced_cost = graph.arc_weight(arc) - head_dual - duals[rows.vertex_row(tail)] +
                                  (rows.flow_row(head, 1) >= 0 ? duals[rows.flow_row(head, 1)] : 0);
      if (reduced_cost > threshold)
        visit({arc, 1}, reduced_cost);
      continue;
    }
    for (int k = std::max(2, depth[tail] + 1); k <= max_positions; ++k) {
      const int incoming = rows.flow_row(tail, k - 1);
      if (incoming < 0)
        continue;
      const int onward = rows.flow_row(head, k);
      const double reduced_cost =
          graph.arc_weight(arc) - head_dual - duals[incoming] + (onward >= 0 ? duals[onward] : 0.0);
      if (reduced_cost > threshold)
        visit({arc, k}, reduced_cost);
    }
  }
}

}  // namespace landpool::solver::packing
