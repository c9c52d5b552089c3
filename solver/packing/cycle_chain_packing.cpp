#include "solver/packing/cycle_chain_packing.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <numeric>
#include <set>

#include <spdlog/fmt/fmt.h>
#include <spdlog/spdlog.h>

#include "core/clock.hpp"
#include "solver/backends/incremental_lp.hpp"
#include "solver/packing/packing_checker.hpp"

namespace landpool::solver::packing {
namespace {

constexpr double kPricingTolerance = 1e-6;

constexpr double kGenerationShare = 0.75;

class Clock {
 public:
  explicit Clock(double limit_s) : limit_s_(limit_s) {}
  double elapsed_s() const { return seconds_since(start_); }
  double left_s() const { return std::max(0.0, limit_s_ - elapsed_s()); }

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  double limit_s_;
};

// Per vertex, the column of largest reduced cost through it; the batch of a
// pricing round is the union. Spreads new columns over the whole graph instead
// of piling them on the first vertices enumerated.
template <class Column>
class BestPerVertex {
 public:
  explicit BestPerVertex(int vertex_count)
      : best_(static_cast<std::size_t>(vertex_count), {-kInfinity, -1}) {}

  void offer(const Column& column, const std::vector<int>& vertices, double reduced_cost) {
    long id = -1;
    for (int v : vertices) {
      if (reduced_cost <= best_[v].first)
        continue;  // first found wins ties: deterministic
      if (id < 0) {
        id = static_cast<long>(storage_.size());
        storage_.push_back(column);
      }
      best_[v] = {reduced_cost, id};
    }
  }

  std::vector<Column> take() const {
    std::vector<long> ids;
    for (const auto& [reduced_cost, id] : best_) {
      if (id >= 0)
        ids.push_back(id);
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    std::vector<Column> columns;
    for (long id : ids)
      columns.push_back(storage_[static_cast<std::size_t>(id)]);
    return columns;
  }

 private:
  std::vector<std::pair<double, long>> best_;
  std::vector<Column> storage_;
};

// The columns of one model, with their (row, coefficient) terms.
struct ColumnSet {
  std::vector<CycleColumn> cycles;
  std::vector<ChainArcColumn> chain_arcs;
  std::size_t size() const { return cycles.size() + chain_arcs.size(); }
};

LinearModel build_mip(const IndexedGraph& graph, const RowLayout& rows, const ColumnSet& columns) {
  LinearModel model;
  std::vector<std::vector<std::pair<int, double>>> row_terms(
      static_cast<std::size_t>(rows.row_count()));
  auto add_terms = [&](int column, const std::vector<std::pair<int, double>>& terms) {
    for (const auto& [row, coefficient] : terms)
      row_terms[row].emplace_back(column, coefficient);
  };
  for (const auto& cycle : columns.cycles)
    add_terms(model.add_binary("", cycle.weight), cycle_terms(rows, cycle));
  for (const auto& chain_arc : columns.chain_arcs)
    add_terms(model.add_binary("", graph.arc_weight(chain_arc.arc)),
              chain_arc_terms(graph, rows, chain_arc));
  for (int row = 0; row < rows.row_count(); ++row) {
    if (row_terms[row].empty())
      continue;
    const bool flow_row = row >= graph.vertex_count();
    model.add_row("", std::move(row_terms[row]), -kInfinity, flow_row ? 0.0 : 1.0);
  }
  return model;
}

// Reads cycles and chains out of a MIP solution over `columns`.
void decode(const IndexedGraph& graph, const ColumnSet& columns, const std::vector<double>& values,
            PackingResult& result) {
  result.cycles.clear();
  result.chains.clear();
  for (std::size_t i = 0; i < columns.cycles.size(); ++i) {
    if (values[i] > 0.5)
      result.cycles.push_back(columns.cycles[i]);
  }
  std::map<std::pair<int, int>, int> next_arc;  // (tail, position) -> arc
  std::vector<int> first_arcs;
  for (std::size_t i = 0; i < columns.chain_arcs.size(); ++i) {
    if (values[columns.cycles.size() + i] <= 0.5)
      continue;
    const auto& column = columns.chain_arcs[i];
    if (column.position == 1)
      first_arcs.push_back(column.arc);
    else
      next_arc[{graph.arc_tail(column.arc), column.position}] = column.arc;
  }
  for (int arc : first_arcs) {
    Chain chain{{graph.arc_tail(arc)}, 0.0};
    for (int position = 1; arc >= 0; ++position) {
      chain.vertices.push_back(graph.arc_head(arc));
      chain.weight += graph.arc_weight(arc);
      const auto it = next_arc.find({graph.arc_head(arc), position + 1});
      arc = it == next_arc.end() ? -1 : it->second;
    }
    result.chains.push_back(std::move(chain));
  }
  result.objective = 0.0;
  for (const auto& cycle : result.cycles)
    result.objective += cycle.weight;
  for (const auto& chain : result.chains)
    result.objective += chain.weight;
}

bool all_weights_integral(const IndexedGraph& graph) {
  for (int arc = 0; arc < graph.arc_count(); ++arc) {
    if (std::abs(graph.arc_weight(arc) - std::round(graph.arc_weight(arc))) > 1e-9)
      return false;
  }
  return true;
}

// A bound that needs no LP: each used arc enters a distinct pair.
double arc_entry_bound(const IndexedGraph& graph) {
  std::vector<double> best_in(static_cast<std::size_t>(graph.vertex_count()), 0.0);
  for (int arc = 0; arc < graph.arc_count(); ++arc)
    best_in[graph.arc_head(arc)] = std::max(best_in[graph.arc_head(arc)], graph.arc_weight(arc));
  double bound = 0.0;
  for (double weight : best_in)
    bound += weight;
  return bound;
}

struct ColumnGeneration {
  bool converged = false;
  double lp_objective = 0.0;
  std::vector<double> duals;
  ColumnSet columns;
  std::vector<double> lp_values;  ///< the last LP solution, in ColumnSet order
  int rounds = 0;

  bool lp_solution_integral() const {
    return std::all_of(lp_values.begin(), lp_values.end(),
                       [](double value) { return std::abs(value - std::round(value)) < 1e-7; });
  }
};

ColumnGeneration generate_columns(const IndexedGraph& graph, const RowLayout& rows,
                                  const PackingCaps& caps, const Clock& clock) {
  ColumnGeneration generation;
  auto lp = make_clp_lp();
  for (int row = 0; row < rows.row_count(); ++row)
    lp->add_row(-kInfinity, row >= graph.vertex_count() ? 0.0 : 1.0);
  generation.duals.assign(static_cast<std::size_t>(rows.row_count()), 0.0);
  std::set<std::vector<int>> cycles_added;
  std::set<std::pair<int, int>> chain_arcs_added;
  std::vector<long> set_index;  // LP column -> ColumnSet position (chain arcs: ~index)
  while (clock.left_s() > 0) {
    BestPerVertex<CycleColumn> best_cycles(graph.vertex_count());
    BestPerVertex<ChainArcColumn> best_chain_arcs(graph.vertex_count());
    const bool priced_every_cycle = enumerate_cycles(
        graph, rows, caps.max_cycle_arcs, generation.duals, kPricingTolerance,
        [&](const CycleColumn& cycle, double reduced_cost) {
          // A column already in the LP is priced again only
          // through numerical noise: it must not hide new ones.
          if (!cycles_added.contains(cycle.vertices))
            best_cycles.offer(cycle, cycle.vertices, reduced_cost);
        },
        [&] { return clock.left_s() <= 0; });
    enumerate_chain_arcs(graph, rows, generation.duals, kPricingTolerance,
                         [&](const ChainArcColumn& column, double reduced_cost) {
                           if (!chain_arcs_added.contains({column.arc, column.position}))
                             best_chain_arcs.offer(
                                 column, {graph.arc_tail(column.arc), graph.arc_head(column.arc)},
                                 reduced_cost);
                         });
    std::vector<LpColumn> new_columns;
    for (auto& cycle : best_cycles.take()) {
      cycles_added.insert(cycle.vertices);
      new_columns.push_back({cycle.weight, 0.0, kInfinity, cycle_terms(rows, cycle)});
      set_index.push_back(static_cast<long>(generation.columns.cycles.size()));
      generation.columns.cycles.push_back(std::move(cycle));
    }
    for (const auto& column : best_chain_arcs.take()) {
      chain_arcs_added.insert({column.arc, column.position});
      new_columns.push_back(
          {graph.arc_weight(column.arc), 0.0, kInfinity, chain_arc_terms(graph, rows, column)});
      set_index.push_back(~static_cast<long>(generation.columns.chain_arcs.size()));
      generation.columns.chain_arcs.push_back(column);
    }
    if (new_columns.empty()) {
      generation.converged = priced_every_cycle;  // no column left out, unless cut short
      break;
    }
    lp->add_columns(new_columns);
    // Clp reads a limit of 0 or less as none at all.
    const LpStatus status = clock.left_s() > 0 ? (lp->set_time_limit_s(clock.left_s()), lp->solve())
                                               : LpStatus::stopped;
    if (status == LpStatus::stopped) {
      // The new columns stay for the MIP; there is no LP optimum over them.
      generation.lp_values.clear();
      break;
    }
    if (status != LpStatus::optimal)
      throw std::runtime_error("Clp did not solve the packing LP to optimality");
    generation.duals = lp->duals();
    generation.lp_objective = lp->objective();
    const auto values = lp->values();
    generation.lp_values.assign(generation.columns.size(), 0.0);
    for (std::size_t j = 0; j < values.size(); ++j) {
      const long at = set_index[j];
      generation
          .lp_values[at >= 0 ? static_cast<std::size_t>(at)
                             : generation.columns.cycles.size() + static_cast<std::size_t>(~at)] =
          values[j];
    }
    ++generation.rounds;
    spdlog::debug("packing LP round {}: {} columns, LP {:.4f}, {:.1f} s", generation.rounds,
                  generation.columns.size(), generation.lp_objective, clock.elapsed_s());
  }
  return generation;
}

/// Column values of a greedy packing of the generated cycles, heaviest
/// first, each taken when none of its pairs is taken yet (chains left out).
std::vector<double> greedy_cycles(const IndexedGraph& graph, const ColumnSet& columns) {
  std::vector<std::size_t> order(columns.cycles.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return columns.cycles[a].weight > columns.cycles[b].weight;
  });
  std::vector<bool> used(static_cast<std::size_t>(graph.vertex_count()), false);
  std::vector<double> values(columns.size(), 0.0);
  for (const std::size_t i : order) {
    const auto& vertices = columns.cycles[i].vertices;
    if (std::any_of(vertices.begin(), vertices.end(), [&](int v) { return used[v]; }))
      continue;
    for (const int v : vertices)
      used[v] = true;
    values[i] = 1.0;
  }
  return values;
}

double reduced_cost(double objective, const std::vector<std::pair<int, double>>& terms,
                    const std::vector<double>& duals) {
  for (const auto& [row, coefficient] : terms)
    objective -= duals[row] * coefficient;
  return objective;
}

// The columns of `columns` whose reduced cost is at least `threshold`.
ColumnSet reduced_cost_at_least(const IndexedGraph& graph, const RowLayout& rows,
                                const ColumnSet& columns, const std::vector<double>& duals,
                                double threshold) {
  ColumnSet kept;
  for (const auto& cycle : columns.cycles) {
    if (reduced_cost(cycle.weight, cycle_terms(rows, cycle), duals) >= threshold)
      kept.cycles.push_back(cycle);
  }
  for (const auto& column : columns.chain_arcs) {
    if (reduced_cost(graph.arc_weight(column.arc), chain_arc_terms(graph, rows, column), duals) >=
        threshold)
      kept.chain_arcs.push_back(column);
  }
  return kept;
}

// Every column whose reduced cost is at least `threshold`, or nullopt when
// there are more than `limit`.
std::optional<ColumnSet> columns_above(const IndexedGraph& graph, const RowLayout& rows,
                                       const PackingCaps& caps, const std::vector<double>& duals,
                                       double threshold, std::size_t limit) {
  ColumnSet columns;
  bool too_many = false;
  enumerate_cycles(
      graph, rows, caps.max_cycle_arcs, duals, threshold,
      [&](const CycleColumn& cycle, double) {
        if (columns.size() < limit)
          columns.cycles.push_back(cycle);
        else
          too_many = true;
      },
      [&] { return too_many; });  // the answer is known: no need to see the rest
  enumerate_chain_arcs(graph, rows, duals, threshold, [&](const ChainArcColumn& column, double) {
    if (columns.size() < limit)
      columns.chain_arcs.push_back(column);
    else
      too_many = true;
  });
  if (too_many)
    return std::nullopt;
  return columns;
}

}  // namespace

std::string PackingSettings::validate() const {
  if (!(time_limit_s > 0))
    return "time limit must be positive";
  if (threads < 1)
    return "threads must be at least 1";
  if (max_final_columns < 1)
    return "max_final_columns must be at least 1";
  return {};
}

std::string validate_caps(const PackingCaps& caps) {
  if (caps.max_cycle_arcs < 2)
    return fmt::format("cycle cap {} is below 2 (a cycle needs two parties)", caps.max_cycle_arcs);
  if (caps.max_chain_arcs < 0)
    return fmt::format("chain cap {} is negative", caps.max_chain_arcs);
  return {};
}

PackingResult pack_cycles_and_chains(const PackingGraph& input, const PackingCaps& caps,
                                     const PackingSettings& settings, MipBackend& backend) {
  const Clock clock(settings.time_limit_s);
  PackingResult result;
  if (auto problem = validate_caps(caps); !problem.empty()) {
    result.error = problem;
    return result;
  }
  if (auto problem = settings.validate(); !problem.empty()) {
    result.error = problem;
    return result;
  }
  try {
    const IndexedGraph graph(input);
    const RowLayout rows(graph, caps.max_chain_arcs);
    const bool integral = all_weights_integral(graph);
    // Columns priced out have reduced costs up to the pricing tolerance, and
    // a packing's columns may sum them: every bound and threshold allows this.
    const double slack = kPricingTolerance * (graph.vertex_count() + 1);
    // Column generation may take at most this share of the time, so that a
    // pool too large to price out still gets an integer step over what was
    // generated (on the PrefLib pools it converges in a small part of it).
    const Clock generation_clock(kGenerationShare * clock.left_s());
    auto generation = generate_columns(graph, rows, caps, generation_clock);
    result.pricing_rounds = generation.rounds;
    result.generated_columns = generation.columns.size();
    result.lp_bound = generation.converged ? generation.lp_objective : 0.0;
    double upper = arc_entry_bound(graph);
    if (generation.converged)
      upper = std::min(upper, integral ? std::floor(generation.lp_objective + slack)
                                       : generation.lp_objective + slack);

    auto solve_over = [&](const ColumnSet& columns, double time_limit_s) {
      SolveSettings mip_settings;
      mip_settings.time_limit_s = std::max(1.0, time_limit_s);
      mip_settings.relative_gap = 0.0;
      mip_settings.threads = settings.threads;
      mip_settings.seed = settings.seed;
      auto solved = backend.solve(build_mip(graph, rows, columns), mip_settings);
      if (!solved.call_ok)
        throw std::runtime_error(solved.error);
      return solved;
    };

    // First the best packing of the generated columns: the LP's support is
    // among them, and it usually reaches the LP bound U already. When the LP
    // converged, only columns of reduced cost >= U - z_LP can be in a packing
    // worth U: the MIP keeps just those.
    result.status = SolveStatus::time_limit_with_solution;
    if (generation.converged && generation.lp_solution_integral())
      decode(graph, generation.columns, generation.lp_values, result);
    else  // an answer should the MIP find none in time
      decode(graph, generation.columns, greedy_cycles(graph, generation.columns), result);
    const ColumnSet first_columns =
        generation.converged
            ? reduced_cost_at_least(graph, rows, generation.columns, generation.duals,
                                    upper - generation.lp_objective - slack)
            : generation.columns;
    if (first_columns.size() > 0 && result.objective < upper - 1e-6) {
      const auto solved = solve_over(first_columns, clock.left_s());
      if (solved.has_solution() && solved.objective > result.objective + 1e-9)
        decode(graph, first_columns, solved.values, result);
      spdlog::debug("packing: MIP over {} of the {} generated columns: {} ({}), {:.1f} s",
                    first_columns.size(), generation.columns.size(), result.objective,
                    to_string(solved.status), clock.elapsed_s());
    }
    if (result.objective >= upper - 1e-6) {
      result.status = SolveStatus::optimal;
      upper = result.objective;
    } else if (generation.converged) {
      // Any packing worth v uses only columns of reduced cost >= v - z_LP:
      // enumerate the columns that could beat the best packing, widening the
      // set only as far as the best packing found requires.
      const double z_lp = generation.lp_objective;
      const double improvement = integral ? 1.0 : 1e-6 * std::max(1.0, std::abs(upper));
      double threshold = result.objective + improvement - z_lp - slack;
      while (clock.left_s() > 0) {
        const auto candidates = columns_above(graph, rows, caps, generation.duals, threshold,
                                              settings.max_final_columns);
        if (!candidates) {
          spdlog::warn("packing: more than {} columns could improve the best packing; stopping",
                       settings.max_final_columns);
          break;
        }
        result.final_columns = candidates->size();
        const auto solved = solve_over(*candidates, clock.left_s());
        if (solved.has_solution() && solved.objective > result.objective + 1e-9)
          decode(graph, *candidates, solved.values, result);
        if (solved.status != SolveStatus::optimal) {
          // Packings outside the candidates are worth less than z_LP + threshold
          // + slack (the slack their other columns' reduced costs may add).
          upper = std::min(upper, std::max(solved.bound, z_lp + threshold + slack));
          break;
        }
        const double needed = result.objective + improvement - z_lp - slack;
        upper = std::min(upper, std::max(result.objective, z_lp + threshold + slack));
        if (needed >= threshold - 1e-9) {
          result.status = SolveStatus::optimal;
          upper = result.objective;
          break;
        }
        threshold = needed;
        spdlog::debug("packing: best {} below the LP bound {}; widening to reduced cost {:.4f}",
                      result.objective, z_lp, threshold);
      }
      if (integral)
        upper = std::floor(upper + 1e-6);
    }
    result.bound = std::max(upper, result.objective);
    const double scale = std::max({std::abs(result.bound), std::abs(result.objective), 1e-9});
    result.gap = (result.bound - result.objective) / scale;
    if (result.status != SolveStatus::optimal && result.cycles.empty() && result.chains.empty() &&
        result.bound > 1e-9)
      result.status = SolveStatus::time_limit_with_solution;  // the empty packing is a packing

    const auto check = check_packing(input, caps, result.cycles, result.chains, result.objective);
    if (!check.ok())
      throw std::runtime_error("the packing failed its independent check: " +
                               check.violations.front());
    result.call_ok = true;
  } catch (const std::exception& error) {
    result.call_ok = false;
    result.error = error.what();
  }
  result.seconds = clock.elapsed_s();
  return result;
}

}  // namespace landpool::solver::packing
