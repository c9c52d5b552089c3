#include "solver/packing/packing_checker.hpp"

#include <cmath>
#include <map>
#include <optional>

#include <spdlog/fmt/fmt.h>

namespace landpool::solver::packing {
namespace {

class ArcLookup {
 public:
  explicit ArcLookup(const PackingGraph& graph) {
    for (const auto& arc : graph.arcs) {
      auto [it, inserted] = weights_.emplace(std::pair{arc.from, arc.to}, arc.weight);
      if (!inserted && arc.weight > it->second)
        it->second = arc.weight;
    }
  }
  std::optional<double> weight(int from, int to) const {
    const auto it = weights_.find({from, to});
    return it == weights_.end() ? std::nullopt : std::optional<double>(it->second);
  }

 private:
  std::map<std::pair<int, int>, double> weights_;
};

}  // namespace

PackingCheck check_packing(const PackingGraph& graph, const PackingCaps& caps,
                           const std::vector<CycleColumn>& cycles, const std::vector<Chain>& chains,
                           double claimed_weight) {
  PackingCheck check;
  const ArcLookup arcs(graph);
  std::vector<int> used(static_cast<std::size_t>(graph.vertex_count()), 0);
  auto use_vertex = [&](int vertex, const std::string& where) {
    if (vertex < 0 || vertex >= graph.vertex_count()) {
      check.violations.push_back(fmt::format("{}: vertex {} does not exist", where, vertex));
      return false;
    }
    if (++used[vertex] == 2)
      check.violations.push_back(
          fmt::format("{}: vertex {} is used more than once", where, graph.label(vertex)));
    return true;
  };
  auto use_arc = [&](int from, int to, const std::string& where) {
    const auto weight = arcs.weight(from, to);
    if (!weight) {
      check.violations.push_back(
          fmt::format("{}: no arc {} -> {}", where, graph.label(from), graph.label(to)));
      return;
    }
    check.recomputed_weight += *weight;
  };

  for (std::size_t c = 0; c < cycles.size(); ++c) {
    const auto& vertices = cycles[c].vertices;
    const std::string where = fmt::format("cycle {}", c + 1);
    const int size = static_cast<int>(vertices.size());
    if (size < 2 || size > caps.max_cycle_arcs)
      check.violations.push_back(
          fmt::format("{}: {} arcs, allowed 2..{}", where, size, caps.max_cycle_arcs));
    bool valid = true;
    for (int v : vertices) {
      valid = use_vertex(v, where) && valid;
      if (valid && graph.chain_starter[v])
        check.violations.push_back(
            fmt::format("{}: chain starter {} cannot receive", where, graph.label(v)));
    }
    if (valid) {
      for (int i = 0; i < size; ++i)
        use_arc(vertices[i], vertices[(i + 1) % size], where);
    }
  }
  for (std::size_t c = 0; c < chains.size(); ++c) {
    const auto& vertices = chains[c].vertices;
    const std::string where = fmt::format("chain {}", c + 1);
    const int arc_count = static_cast<int>(vertices.size()) - 1;
    if (arc_count < 1 || arc_count > caps.max_chain_arcs)
      check.violations.push_back(
          fmt::format("{}: {} arcs, allowed 1..{}", where, arc_count, caps.max_chain_arcs));
    bool valid = true;
    for (std::size_t i = 0; i < vertices.size(); ++i) {
      valid = use_vertex(vertices[i], where) && valid;
      if (valid && (i == 0) != static_cast<bool>(graph.chain_starter[vertices[i]]))
        check.violations.push_back(
            i == 0 ? fmt::format("{}: starts at {}, which is not a chain starter", where,
                                 graph.label(vertices[i]))
                   : fmt::format("{}: chain starter {} cannot receive", where,
                                 graph.label(vertices[i])));
    }
    if (valid) {
      for (int i = 0; i < arc_count; ++i)
        use_arc(vertices[i], vertices[i + 1], where);
    }
  }
  if (std::abs(check.recomputed_weight - claimed_weight) > 1e-6 * std::max(1.0, claimed_weight))
    check.violations.push_back(fmt::format("claimed weight {} but the arcs used weigh {}",
                                           claimed_weight, check.recomputed_weight));
  return check;
}

}  // namespace landpool::solver::packing
