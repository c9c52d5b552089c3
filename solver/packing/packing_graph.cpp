#include "solver/packing/packing_graph.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>

#include <spdlog/fmt/fmt.h>
#include <boost/graph/breadth_first_search.hpp>

namespace landpool::solver::packing {

std::string PackingGraph::label(int vertex) const {
  if (vertex >= 0 && static_cast<std::size_t>(vertex) < labels.size() &&
      !labels[static_cast<std::size_t>(vertex)].empty())
    return labels[static_cast<std::size_t>(vertex)];
  return std::to_string(vertex);
}

IndexedGraph::IndexedGraph(const PackingGraph& input)
    : vertex_count_(input.vertex_count()),
      chain_starter_(input.chain_starter),
      graph_(static_cast<std::size_t>(input.vertex_count())) {
  std::map<std::pair<int, int>, double> best;
  for (const auto& arc : input.arcs) {
    if (arc.from < 0 || arc.to < 0 || arc.from >= vertex_count_ || arc.to >= vertex_count_)
      throw std::invalid_argument(fmt::format("arc {} -> {} names a vertex outside 0..{}", arc.from,
                                              arc.to, vertex_count_ - 1));
    if (arc.from == arc.to || chain_starter_[arc.to])
      continue;  // a starter never receives; a one-party "cycle" is no exchange
    auto [it, inserted] = best.emplace(std::pair{arc.from, arc.to}, arc.weight);
    if (!inserted)
      it->second = std::max(it->second, arc.weight);
  }
  for (const auto& [ends, weight] : best)
    boost::add_edge(static_cast<std::size_t>(ends.first), static_cast<std::size_t>(ends.second),
                    weight, graph_);

  // Flat, sorted out-arc arrays: the enumeration's inner loops run over them.
  const auto weights = boost::get(boost::edge_weight, graph_);
  out_begin_.assign(static_cast<std::size_t>(vertex_count_) + 1, 0);
  for (int v = 0; v < vertex_count_; ++v) {
    out_begin_[v] = static_cast<int>(arc_head_.size());
    std::vector<std::pair<int, double>> heads;
    for (auto [e, end] = boost::out_edges(static_cast<std::size_t>(v), graph_); e != end; ++e)
      heads.emplace_back(static_cast<int>(boost::target(*e, graph_)), weights[*e]);
    std::sort(heads.begin(), heads.end());
    for (const auto& [head, weight] : heads) {
      arc_tail_.push_back(v);
      arc_head_.push_back(head);
      arc_weight_.push_back(weight);
      max_arc_weight_ = std::max(max_arc_weight_, weight);
    }
  }
  out_begin_[vertex_count_] = static_cast<int>(arc_head_.size());

  // Multi-source breadth-first search from every chain starter.
  arcs_from_starters_.assign(static_cast<std::size_t>(vertex_count_), -1);
  std::vector<boost::default_color_type> colour(static_cast<std::size_t>(vertex_count_));
  boost::queue<std::size_t> queue;
  std::vector<std::size_t> sources;
  for (int v = 0; v < vertex_count_; ++v) {
    if (chain_starter_[v]) {
      sources.push_back(static_cast<std::size_t>(v));
      arcs_from_starters_[v] = 0;
    }
  }
  auto distance_recorder =
      boost::record_distances(arcs_from_starters_.data(), boost::on_tree_edge());
  if (!sources.empty()) {
    boost::breadth_first_search(
        graph_, sources.begin(), sources.end(), queue, boost::make_bfs_visitor(distance_recorder),
        boost::make_iterator_property_map(colour.begin(), boost::get(boost::vertex_index, graph_)));
  }
}

int IndexedGraph::find_arc(int from, int to) const {
  const auto begin = arc_head_.begin() + out_begin_[from];
  const auto end = arc_head_.begin() + out_begin_[from + 1];
  const auto it = std::lower_bound(begin, end, to);
  return it != end && *it == to ? static_cast<int>(it - arc_head_.begin()) : -1;
}

}  // namespace landpool::solver::packing
