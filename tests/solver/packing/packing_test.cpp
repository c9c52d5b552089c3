// The packing engine against an independent brute force on random small
// graphs (any K >= 2, L >= 0, integer and fractional weights), and the
// independent checker against deliberately broken packings.

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <random>

#include "solver/model/linear_model.hpp"
#include "solver/packing/cycle_chain_packing.hpp"
#include "solver/packing/packing_checker.hpp"

namespace landpool::solver::packing {
namespace {

// Every cycle and chain as a (vertex set, weight) pair, listed the plainest
// way: simple paths by depth-first search over an adjacency matrix.
struct Structure {
  std::vector<int> vertices;
  double weight;
};

std::vector<Structure> all_structures(const PackingGraph& graph, const PackingCaps& caps) {
  const int n = graph.vertex_count();
  std::vector<std::vector<double>> weight(n, std::vector<double>(n, -1e300));
  for (const auto& arc : graph.arcs) {
    if (arc.from != arc.to && !graph.chain_starter[arc.to])
      weight[arc.from][arc.to] = std::max(weight[arc.from][arc.to], arc.weight);
  }
  auto has = [&](int a, int b) { return weight[a][b] > -1e299; };
  std::vector<Structure> found;
  std::vector<int> path;
  std::function<void(double)> walk = [&](double sum) {
    const int last = path.back();
    const int first = path.front();
    const int arcs = static_cast<int>(path.size()) - 1;
    if (graph.chain_starter[first]) {
      if (arcs >= 1)
        found.push_back({path, sum});
      if (arcs == caps.max_chain_arcs)
        return;
    } else {
      // A cycle is listed once: from its smallest vertex.
      if (arcs >= 1 && has(last, first) && arcs + 1 <= caps.max_cycle_arcs)
        found.push_back({path, sum + weight[last][first]});
      if (arcs + 1 >= caps.max_cycle_arcs)
        return;
    }
    for (int next = 0; next < n; ++next) {
      if (!has(last, next) || std::find(path.begin(), path.end(), next) != path.end())
        continue;
      if (!graph.chain_starter[first] && next < first)
        continue;
      path.push_back(next);
      walk(sum + weight[last][next]);
      path.pop_back();
    }
  };
  for (int v = 0; v < n; ++v) {
    path = {v};
    walk(0.0);
  }
  return found;
}

double brute_force_optimum(const PackingGraph& graph, const PackingCaps& caps) {
  const auto structures = all_structures(graph, caps);
  double best = 0.0;
  std::vector<bool> used(static_cast<std::size_t>(graph.vertex_count()), false);
  std::function<void(std::size_t, double)> choose = [&](std::size_t from, double sum) {
    best = std::max(best, sum);
    for (std::size_t i = from; i < structures.size(); ++i) {
      const auto& s = structures[i];
      if (std::any_of(s.vertices.begin(), s.vertices.end(), [&](int v) { return used[v]; }))
        continue;
      for (int v : s.vertices)
        used[v] = true;
      choose(i + 1, sum + s.weight);
      for (int v : s.vertices)
        used[v] = false;
    }
  };
  choose(0, 0.0);
  return best;
}

PackingGraph random_graph(std::mt19937& random, bool integral) {
  std::uniform_int_distribution<int> size(2, 8);
  const int n = size(random);
  PackingGraph graph;
  graph.chain_starter.assign(static_cast<std::size_t>(n), false);
  std::bernoulli_distribution starter(0.2),
      arc(std::uniform_real_distribution<double>(0.15, 0.6)(random));
  std::uniform_int_distribution<int> int_weight(1, 3);
  std::uniform_real_distribution<double> real_weight(0.1, 2.0);
  for (int v = 0; v < n; ++v)
    graph.chain_starter[v] = starter(random);
  for (int a = 0; a < n; ++a) {
    for (int b = 0; b < n; ++b) {
      if (a != b && arc(random))
        graph.arcs.push_back({a, b, integral ? int_weight(random) : real_weight(random)});
    }
  }
  return graph;
}

TEST(Packing, AgreesWithBruteForceOnRandomSmallGraphs) {
  std::mt19937 random(20261128);
  auto backend = make_cbc_backend();
  int with_chains = 0, with_cycles = 0, widened = 0;
  for (int instance = 0; instance < 300; ++instance) {
    const bool integral = instance % 3 != 0;
    const auto graph = random_graph(random, integral);
    const PackingCaps caps{std::uniform_int_distribution<int>(2, 5)(random),
                           std::uniform_int_distribution<int>(0, 4)(random)};
    const double expected = brute_force_optimum(graph, caps);
    PackingSettings settings;
    settings.threads = 1;
    const auto result = pack_cycles_and_chains(graph, caps, settings, *backend);
    ASSERT_TRUE(result.call_ok) << result.error;
    SCOPED_TRACE("instance " + std::to_string(instance) + " K=" +
                 std::to_string(caps.max_cycle_arcs) + " L=" + std::to_string(caps.max_chain_arcs));
    EXPECT_EQ(result.status, SolveStatus::optimal);
    EXPECT_NEAR(result.objective, expected, 1e-6);
    EXPECT_GE(result.bound + 1e-6, result.objective);
    const auto check = check_packing(graph, caps, result.cycles, result.chains, result.objective);
    EXPECT_TRUE(check.ok()) << check.violations.front();
    with_chains += !result.chains.empty();
    with_cycles += !result.cycles.empty();
    widened += result.final_columns > 0;
  }
  EXPECT_GT(widened, 5) << "the LP bound was never fractional: the widening step is untested";
  // The random instances exercise both structures and the proof step.
  EXPECT_GT(with_chains, 30);
  EXPECT_GT(with_cycles, 30);
}

TEST(Packing, FractionalLpBoundIsClosedByWideningTheColumns) {
  // Three pairs with two-way arcs between all: with K = 2 the LP takes every
  // 2-cycle at one half (value 3), but only one 2-cycle fits (value 2).
  PackingGraph graph;
  graph.chain_starter.assign(3, false);
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b)
      if (a != b)
        graph.arcs.push_back({a, b, 1.0});
  auto backend = make_cbc_backend();
  const auto result = pack_cycles_and_chains(graph, {2, 0}, {}, *backend);
  ASSERT_TRUE(result.call_ok) << result.error;
  EXPECT_EQ(result.status, SolveStatus::optimal);
  EXPECT_DOUBLE_EQ(result.objective, 2.0);
  EXPECT_DOUBLE_EQ(result.lp_bound, 3.0);
  EXPECT_DOUBLE_EQ(result.bound, 2.0);
  // With K = 3 the triangle itself is the optimum.
  const auto triangle = pack_cycles_and_chains(graph, {3, 0}, {}, *backend);
  EXPECT_DOUBLE_EQ(triangle.objective, 3.0);
}

TEST(Packing, ChainCapCountsTheStartersArc) {
  // Starter 0 -> 1 -> 2 -> 3: with L = 2 only two arcs may be used.
  PackingGraph graph;
  graph.chain_starter = {true, false, false, false};
  graph.arcs = {{0, 1, 1.0}, {1, 2, 1.0}, {2, 3, 1.0}, {3, 0, 1.0}};
  auto backend = make_cbc_backend();
  EXPECT_DOUBLE_EQ(pack_cycles_and_chains(graph, {2, 2}, {}, *backend).objective, 2.0);
  EXPECT_DOUBLE_EQ(pack_cycles_and_chains(graph, {2, 3}, {}, *backend).objective, 3.0);
  EXPECT_DOUBLE_EQ(pack_cycles_and_chains(graph, {2, 0}, {}, *backend).objective, 0.0);
}

TEST(Packing, RefusesInvalidCaps) {
  EXPECT_FALSE(validate_caps({1, 3}).empty());
  EXPECT_FALSE(validate_caps({3, -1}).empty());
  EXPECT_TRUE(validate_caps({2, 0}).empty());
}

class PackingChecker : public ::testing::Test {
 protected:
  PackingChecker() {
    graph.chain_starter = {false, false, false, true, false};
    graph.arcs = {{0, 1, 1.0}, {1, 2, 1.0}, {2, 0, 1.0}, {3, 4, 1.0}, {4, 0, 1.0}, {1, 0, 1.0}};
  }
  PackingGraph graph;
  PackingCaps caps{3, 2};
};

TEST_F(PackingChecker, AcceptsAValidPacking) {
  const auto check = check_packing(graph, caps, {{{0, 1, 2}, 3.0}}, {{{3, 4}, 1.0}}, 4.0);
  EXPECT_TRUE(check.ok()) << check.violations.front();
}

TEST_F(PackingChecker, CatchesEachKindOfBreak) {
  auto fails = [&](const std::vector<CycleColumn>& cycles, const std::vector<Chain>& chains,
                   double weight, const std::string& expected) {
    const auto check = check_packing(graph, caps, cycles, chains, weight);
    ASSERT_FALSE(check.ok()) << expected;
    EXPECT_NE(check.violations.front().find(expected), std::string::npos)
        << check.violations.front();
  };
  fails({{{0, 2, 1}, 3.0}}, {}, 3.0, "no arc");                               // wrong direction
  fails({{{0, 1, 2}, 3.0}}, {{{3, 4, 0}, 2.0}}, 5.0, "used more than once");  // overlap
  fails({}, {{{4, 0}, 1.0}}, 1.0, "not a chain starter");
  fails({{{0, 1, 2}, 3.0}}, {}, 4.0, "claimed weight");
  fails({}, {{{3, 4, 0, 1}, 3.0}}, 3.0, "3 arcs, allowed 1..2");
  caps.max_cycle_arcs = 2;
  fails({{{0, 1, 2}, 3.0}}, {}, 3.0, "3 arcs, allowed 2..2");
}

}  // namespace
}  // namespace landpool::solver::packing
