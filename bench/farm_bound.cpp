// How tight would a decomposition by farm plans be? A development tool that
// prints the Lagrangian bound of the model split into one block per farm
// (bench/README.md):
//   landpool_farm_bound DB [SCENARIO.toml|-] [AS_OF] [STEPS] [PROPOSAL_EUR]
//
// Each row goes to the farm that every column it names concerns (a choice
// column concerns its receiver and its giver, a farm's own columns that
// farm): a farm's bands, gains, own boundaries and the "at most once" of the
// parcels it gives stay whole in its block. Rows that no one farm holds
// (a pool parcel's "at most once") are blocks of their own. A column named
// by rows of several blocks is copied into each; its objective is split
// among the copies, first by the LP's duals (so that the first value is at
// most the LP bound), then moved by subgradient steps towards copies that
// agree. Every split gives a valid bound: each block's MIP bound by CBC.
// FARM_BOUND_SUB_S=S: each block's MIP at most S seconds (20).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <iterator>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <spdlog/fmt/fmt.h>
#include <spdlog/spdlog.h>

#include "bench/tool_region.hpp"
#include "core/clock.hpp"
#include "solver/backends/incremental_lp.hpp"
#include "solver/backends/lp_relaxation.hpp"
#include "solver/model/model_builder.hpp"

namespace {

using namespace landpool;
using namespace landpool::solver;

/// The farms each column concerns (empty: any farm, e.g. a regional term):
/// the model's tags, a choice's giver beside its receiver, and the farm of
/// each boundary auxiliary "own[pair,farm]" (left untagged by the model).
std::vector<std::vector<int>> column_farms(const solver::Problem& problem,
                                           const BuiltModel& built) {
  std::vector<std::vector<int>> farms(built.model.columns.size());
  for (std::size_t j = 0; j < farms.size(); ++j) {
    for (const auto f : built.column_farms.of(j))
      farms[j].push_back(static_cast<int>(f));
  }
  for (std::size_t c = 0; c < problem.candidates.size(); ++c) {
    auto& of = farms[static_cast<std::size_t>(built.choose[c])];
    of.push_back(static_cast<int>(problem.candidates[c].farm));
    if (const auto giver = problem.parcels[problem.candidates[c].parcel].from_farm)
      of.push_back(static_cast<int>(*giver));
  }
  for (std::size_t j = 0; j < built.model.columns.size(); ++j) {
    const auto& name = built.model.columns[j].name;
    if (name.rfind("own[", 0) == 0) {
      const auto comma = name.find(',');
      farms[j] = {std::atoi(name.c_str() + comma + 1)};
    }
  }
  for (auto& of : farms) {
    std::sort(of.begin(), of.end());
    of.erase(std::unique(of.begin(), of.end()), of.end());
  }
  return farms;
}

/// Each row's block: the first farm all its columns concern, else a block
/// of its own. Farms' blocks first (0 .. farms-1).
std::vector<int> row_blocks(const LinearModel& model, const std::vector<std::vector<int>>& farms,
                            std::size_t farm_count, int* block_count) {
  std::vector<int> block(model.rows.size());
  int next = static_cast<int>(farm_count);
  for (std::size_t r = 0; r < model.rows.size(); ++r) {
    std::vector<int> common;
    bool universal = true;
    for (const auto& [column, coefficient] : model.rows[r].terms) {
      const auto& of = farms[static_cast<std::size_t>(column)];
      if (of.empty())
        continue;
      if (universal) {
        common = of;
        universal = false;
        continue;
      }
      std::vector<int> both;
      std::set_intersection(common.begin(), common.end(), of.begin(), of.end(),
                            std::back_inserter(both));
      common = std::move(both);
    }
    block[r] = !universal && !common.empty() ? common.front() : next++;
  }
  *block_count = next;
  return block;
}

struct Solved {
  double bound = 0.0;
  double lp = 0.0;
  bool proven = false;
  std::vector<double> values;  ///< per copy
};

struct Decomposition {
  std::vector<LinearModel> blocks;
  std::vector<std::vector<std::pair<int, int>>> copies;  ///< per column: (block, copy)
  std::vector<int> free_columns;                         ///< named by no row
};

Decomposition decompose(const LinearModel& model, const std::vector<int>& row_block,
                        int block_count) {
  Decomposition d;
  d.blocks.resize(static_cast<std::size_t>(block_count));
  d.copies.resize(model.columns.size());
  for (std::size_t r = 0; r < model.rows.size(); ++r) {
    const auto b = static_cast<std::size_t>(row_block[r]);
    auto& block = d.blocks[b];
    std::vector<std::pair<int, double>> terms;
    for (const auto& [column, coefficient] : model.rows[r].terms) {
      auto& copies = d.copies[static_cast<std::size_t>(column)];
      auto found = std::find_if(copies.begin(), copies.end(),
                                [&](const auto& copy) { return copy.first == row_block[r]; });
      int copy = 0;
      if (found == copies.end()) {
        const auto& original = model.columns[static_cast<std::size_t>(column)];
        block.columns.push_back(original);
        block.columns.back().objective = 0.0;
        copy = static_cast<int>(block.columns.size()) - 1;
        copies.emplace_back(row_block[r], copy);
      } else {
        copy = found->second;
      }
      terms.emplace_back(copy, coefficient);
    }
    block.add_row(model.rows[r].name, std::move(terms), model.rows[r].lower, model.rows[r].upper);
  }
  for (std::size_t j = 0; j < model.columns.size(); ++j) {
    if (d.copies[j].empty())
      d.free_columns.push_back(static_cast<int>(j));
  }
  return d;
}

/// The LP's duals and optimum (Clp).
std::vector<double> lp_duals(const LinearModel& model, double* bound) {
  auto lp = make_clp_lp();
  for (const auto& row : model.rows)
    lp->add_row(row.lower, row.upper);
  std::vector<LpColumn> columns(model.columns.size());
  for (std::size_t j = 0; j < model.columns.size(); ++j)
    columns[j] = {model.columns[j].objective, model.columns[j].lower, model.columns[j].upper, {}};
  for (std::size_t r = 0; r < model.rows.size(); ++r) {
    for (const auto& [column, coefficient] : model.rows[r].terms)
      columns[static_cast<std::size_t>(column)].terms.emplace_back(static_cast<int>(r),
                                                                   coefficient);
  }
  lp->add_columns(columns);
  if (lp->solve_from_scratch() != LpStatus::optimal)
    throw std::runtime_error("the LP was not solved");
  *bound = lp->objective() + model.objective_offset;
  return lp->duals();
}

/// The copies' objectives: each copy the duals of its block's rows, the
/// reduced cost to the first copy (they add up to the column's objective).
void split_by_duals(const LinearModel& model, const std::vector<double>& duals,
                    const std::vector<int>& row_block, Decomposition& d) {
  std::vector<double> priced(model.columns.size(), 0.0);
  for (std::size_t r = 0; r < model.rows.size(); ++r) {
    for (const auto& [column, coefficient] : model.rows[r].terms) {
      const auto& copies = d.copies[static_cast<std::size_t>(column)];
      const auto copy = std::find_if(copies.begin(), copies.end(),
                                     [&](const auto& c) { return c.first == row_block[r]; });
      d.blocks[static_cast<std::size_t>(copy->first)]
          .columns[static_cast<std::size_t>(copy->second)]
          .objective += duals[r] * coefficient;
      priced[static_cast<std::size_t>(column)] += duals[r] * coefficient;
    }
  }
  for (std::size_t j = 0; j < model.columns.size(); ++j) {
    if (d.copies[j].empty())
      continue;
    const auto [block, copy] = d.copies[j].front();
    d.blocks[static_cast<std::size_t>(block)].columns[static_cast<std::size_t>(copy)].objective +=
        model.columns[j].objective - priced[j];
  }
}

double free_value(const LinearModel& model, const Decomposition& d) {
  double value = model.objective_offset;
  for (int j : d.free_columns) {
    const auto& column = model.columns[static_cast<std::size_t>(j)];
    if (column.objective != 0.0)
      value += std::max(column.objective * column.lower, column.objective * column.upper);
  }
  return value;
}

/// A block's bound by CBC (`whole`), else its LP's (the small blocks of
/// single coupling rows, where CBC's presolve may leave nothing to solve).
Solved solve_block(MipBackend& cbc, const LinearModel& block, double limit_s, bool whole) {
  Solved solved;
  const auto relaxed = solve_lp_relaxation(block, limit_s);
  solved.lp = relaxed.bound;
  if (!whole) {
    solved.bound = relaxed.bound;
    solved.proven = relaxed.outcome == LpRelaxation::Outcome::optimal;
    solved.values = relaxed.values;
    return solved;
  }
  SolveSettings settings;
  settings.time_limit_s = limit_s;
  settings.relative_gap = 1e-6;
  settings.log_progress = false;
  const auto result = cbc.solve(block, settings);
  if (!result.call_ok || result.status == SolveStatus::infeasible)
    throw std::runtime_error("a block was not solved: " + result.error);
  // CBC's bound only where it has one (finite, the search not unbounded).
  const bool cbc_bound = std::isfinite(result.bound) && result.status != SolveStatus::unbounded &&
                         result.status != SolveStatus::time_limit_without_solution;
  solved.bound = cbc_bound ? std::min(result.bound, relaxed.bound) : relaxed.bound;
  solved.proven = result.status == SolveStatus::optimal || result.status == SolveStatus::gap_limit;
  solved.values = result.values;
  return solved;
}

/// One Lagrangian value: every block solved at its copies' objectives.
struct Evaluation {
  std::vector<Solved> blocks;
  double bound = 0.0, lp = 0.0;  ///< the sum of the blocks' bounds and LPs, free columns included
  int unproven = 0;
};

Evaluation evaluate(MipBackend& cbc, const Decomposition& d, double free_eur,
                    std::size_t farm_count, double sub_s) {
  Evaluation e{std::vector<Solved>(d.blocks.size()), free_eur, free_eur, 0};
  for (std::size_t b = 0; b < d.blocks.size(); ++b) {
    if (d.blocks[b].columns.empty())
      continue;
    e.blocks[b] = solve_block(cbc, d.blocks[b], sub_s, b < farm_count);
    e.bound += e.blocks[b].bound;
    e.lp += e.blocks[b].lp;
    e.unproven += e.blocks[b].proven ? 0 : 1;
  }
  return e;
}

/// A subgradient step of length `theta` towards `target_eur`: each column's
/// objective moves between its copies towards the copies' mean value (the
/// split still adds up to the objective). False where the copies agree.
bool step_towards(Decomposition& d, const Evaluation& e, double theta, double target_eur) {
  std::vector<std::pair<double*, double>> moves;
  double norm = 0.0;
  for (const auto& copies : d.copies) {
    if (copies.size() < 2)
      continue;
    const auto value = [&](const std::pair<int, int>& copy) {
      const auto& values = e.blocks[static_cast<std::size_t>(copy.first)].values;
      return values.empty() ? std::nullopt
                            : std::optional{values[static_cast<std::size_t>(copy.second)]};
    };
    double mean = 0.0;
    if (!std::all_of(copies.begin(), copies.end(), [&](const auto& copy) { return value(copy); }))
      continue;
    for (const auto& copy : copies)
      mean += *value(copy) / static_cast<double>(copies.size());
    for (const auto& copy : copies) {
      const double g = *value(copy) - mean;
      norm += g * g;
      moves.emplace_back(&d.blocks[static_cast<std::size_t>(copy.first)]
                              .columns[static_cast<std::size_t>(copy.second)]
                              .objective,
                         g);
    }
  }
  if (norm < 1e-12)
    return false;
  const double t = theta * (e.bound - target_eur) / norm;
  for (auto& [objective, g] : moves)
    *objective -= t * g;
  return true;
}

int run(int argc, char** argv) {
  const auto arguments = bound_tool_arguments(argc, argv, "landpool_farm_bound", 10);
  if (!arguments.tool)
    return arguments.exit_code;
  const char* sub = std::getenv("FARM_BOUND_SUB_S");
  const double sub_s = sub ? std::atof(sub) : 20.0;
  const auto& problem = arguments.tool->problem;
  const auto built = build_model(problem);
  const auto& model = built.model;
  double lp_bound = 0.0;
  const auto duals = lp_duals(model, &lp_bound);
  std::cout << fmt::format("{} columns, {} rows, LP bound {:.0f}\n", model.columns.size(),
                           model.rows.size(), lp_bound);
  int block_count = 0;
  const auto row_block =
      row_blocks(model, column_farms(problem, built), problem.farms.size(), &block_count);
  auto d = decompose(model, row_block, block_count);
  split_by_duals(model, duals, row_block, d);
  const double free_eur = free_value(model, d);
  auto cbc = make_cbc_backend();
  double best = std::numeric_limits<double>::infinity();
  double theta = 1.0;
  for (int step = 0; step <= arguments.steps; ++step) {
    const auto start = std::chrono::steady_clock::now();
    const auto e = evaluate(*cbc, d, free_eur, problem.farms.size(), sub_s);
    for (std::size_t f = 0; step == 0 && f < problem.farms.size(); ++f) {
      if (e.blocks[f].lp - e.blocks[f].bound > 1.0)
        std::cout << fmt::format("  farm {} ({} columns): LP {:.0f}, MIP {:.0f}\n",
                                 problem.farms[f].farm_id, d.blocks[f].columns.size(),
                                 e.blocks[f].lp, e.blocks[f].bound);
    }
    best = std::min(best, e.bound);
    std::cout << fmt::format(
        "step {}: bound {:.0f} (best {:.0f}; blocks' LPs {:.0f}), {} blocks, {} not proven, "
        "{:.1f} s\n",
        step, e.bound, best, e.lp, d.blocks.size(), e.unproven, seconds_since(start));
    const double target = arguments.proposal_eur > 0.0 ? arguments.proposal_eur : 0.95 * best;
    if (!step_towards(d, e, theta, target))
      break;
    if (e.bound > best + 1e-6)
      theta *= 0.7;
  }
  if (arguments.proposal_eur > best + 1e-6 * std::max(1.0, arguments.proposal_eur))
    std::cout << "not a bound: below the proposal's value (a fault)\n";
  std::cout << fmt::format("farm bound {:.0f} against the LP's {:.0f}", best, lp_bound);
  print_gaps(best, lp_bound, arguments.proposal_eur);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return landpool::run_tool("landpool_farm_bound", run, argc, argv);
}
