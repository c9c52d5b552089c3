// Where does the gap come from? Builds the model of a region's database as
// `landpool solve` would, solves its LP relaxation with Clp, runs the
// heuristics and the neighbourhood search for a proposal (without a time
// limit, with the search's work limit), and prints the objective of both split by
// column family (the column name up to its first '[') and by objective term,
// largest difference first. A development tool: bench/README.md shows how to run it.
//   landpool_gap_anatomy DB [SCENARIO.toml] [AS_OF]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include <spdlog/fmt/fmt.h>
#include <spdlog/spdlog.h>

#include "bench/deal_set_bound.hpp"
#include "bench/tool_region.hpp"
#include "solver/backends/lp_relaxation.hpp"
#include "solver/bounds/assignment_bound.hpp"
#include "solver/bounds/volume_bound.hpp"
#include "solver/model/model_builder.hpp"
#include "solver/search/construction.hpp"
#include "solver/search/first_exchanges.hpp"
#include "solver/search/neighbourhood_search.hpp"

namespace {

std::string family(const std::string& name) {
  return name.substr(0, name.find('['));
}

/// `values`' objective split by term (the model's ledger), in kObjectiveTermNames' order.
std::vector<double> term_values(const landpool::solver::BuiltModel& built,
                                const std::vector<double>& values) {
  std::vector<double> by_term;
  for (const auto& term : built.terms)
    by_term.push_back(term.value(values));
  return by_term;
}

/// Deal sets in the LP (LANDPOOL_DEAL_SETS=1, rule deal_caps hard): x_pf <=
/// y_uv for each exchange candidate between farms u and v, y_uv <= the sets
/// holding both, each farm in sets worth at most 1, a set per connected set
/// of 2 to max(K, L') farms of the exchange graph (valid rows: a proposal's
/// deals are such sets). Returns the sets added.
long add_deal_sets(const landpool::solver::Problem& problem,
                   const landpool::solver::BuiltModel& built, landpool::solver::LinearModel& lp) {
  using namespace landpool::solver;
  std::map<std::pair<std::size_t, std::size_t>, std::vector<int>> pair_choices;
  for (std::size_t c = 0; c < problem.candidates.size(); ++c) {
    const auto& candidate = problem.candidates[c];
    const auto giver = problem.parcels[candidate.parcel].from_farm;
    if (!giver)
      continue;
    const auto key = std::minmax(*giver, candidate.farm);
    pair_choices[{key.first, key.second}].push_back(built.choose[c]);
  }
  std::map<std::pair<std::size_t, std::size_t>, int> pair_column;
  for (const auto& [pair, choices] : pair_choices) {
    const int y = lp.add_continuous(fmt::format("dy[{},{}]", pair.first, pair.second), 0, 1, 0);
    pair_column[pair] = y;
    for (const int x : choices)
      lp.add_row("dxy", {{x, 1.0}, {y, -1.0}}, -kInfinity, 0.0);
  }
  const auto& deals = problem.scenario.deals;
  const auto most =
      static_cast<std::size_t>(std::max({1, deals.max_farms(true), deals.max_farms(false)}));
  std::vector<std::vector<std::size_t>> sets;
  for (auto& members : landpool::bench::connected_farm_sets(problem, most))
    if (members.size() > 1)
      sets.push_back(std::move(members));
  std::vector<std::vector<std::pair<int, double>>> farm_terms(problem.farms.size());
  std::map<int, std::vector<std::pair<int, double>>> pair_terms;
  for (const auto& [pair, y] : pair_column)
    pair_terms[y].emplace_back(y, 1.0);
  for (const auto& members : sets) {
    const int set = lp.add_continuous("dset", 0, 1, 0);
    for (const std::size_t f : members)
      farm_terms[f].emplace_back(set, 1.0);
    for (std::size_t i = 0; i < members.size(); ++i)
      for (std::size_t j = i + 1; j < members.size(); ++j) {
        const auto it = pair_column.find(std::minmax(members[i], members[j]));
        if (it != pair_column.end())
          pair_terms[it->second].emplace_back(set, -1.0);
      }
  }
  for (auto& [y, terms] : pair_terms)
    lp.add_row("dpair", std::move(terms), -kInfinity, 0.0);
  for (auto& terms : farm_terms)
    if (!terms.empty())
      lp.add_row("dfarm", std::move(terms), -kInfinity, 1.0);
  return static_cast<long>(sets.size());
}

}  // namespace

int main(int argc, char** argv) {
  using namespace landpool;
  if (argc < 2) {
    std::cerr << "usage: landpool_gap_anatomy DB [SCENARIO.toml] [AS_OF]\n";
    return 2;
  }
  spdlog::set_level(spdlog::level::warn);
  const auto tool = load_tool_region(argc, argv);
  if (!tool)
    return 3;
  const auto& problem = tool->problem;
  const auto& neighbours = tool->neighbours;
  const auto built = solver::build_model(problem);
  const auto& model = built.model;
  // LANDPOOL_ROW_TERMS=1: rows and their terms by row family, and stop.
  if (std::getenv("LANDPOOL_ROW_TERMS")) {
    std::map<std::string, std::pair<long, long>> by_family;
    for (const auto& row : model.rows) {
      auto& [rows, terms] = by_family[family(row.name)];
      ++rows;
      terms += static_cast<long>(row.terms.size());
    }
    for (const auto& [name, counts] : by_family)
      std::cout << fmt::format("{:<28} {:>10} rows {:>12} terms\n", name, counts.first,
                               counts.second);
    return 0;
  }
  // LANDPOOL_LP_ONLY=1: the LP bound as the optimiser computes it (deal
  // structure left out), and stop; LANDPOOL_LP_ITERATIONS=N stops it there.
  // LANDPOOL_DROP_ROWS=a,b drops the rows of those families first (which
  // rows hold the LP below a relaxation's bound); LANDPOOL_DEAL_SETS=1 adds
  // deal sets (add_deal_sets).
  if (std::getenv("LANDPOOL_LP_ONLY")) {
    const auto left_out = solver::deal_structure_columns(built);
    const char* most = std::getenv("LANDPOOL_LP_ITERATIONS");
    auto relaxed = model;
    if (const char* drop = std::getenv("LANDPOOL_DROP_ROWS")) {
      std::set<std::string> families;
      std::stringstream list(drop);
      for (std::string name; std::getline(list, name, ',');)
        families.insert(name);
      for (auto& row : relaxed.rows)
        if (families.count(family(row.name)) > 0)
          row.terms.clear();
    }
    auto lp_left_out = left_out;
    if (std::getenv("LANDPOOL_DEAL_SETS")) {
      if (problem.scenario.rule(RuleId::deal_caps).mode == RuleMode::hard) {
        const long sets = add_deal_sets(problem, built, relaxed);
        std::cout << fmt::format("deal sets: {}\n", sets);
        lp_left_out.resize(relaxed.columns.size(), false);
      } else {
        std::cout << "deal sets skipped: rule deal_caps is not hard\n";
      }
    }
    const auto bound =
        solver::solve_lp_relaxation(relaxed, 3600.0, lp_left_out, most ? std::atol(most) : 0L);
    std::cout << fmt::format(
        "LP bound {:.0f} ({}; {:.1f} s, {} iterations; {} terms)\n", bound.bound,
        bound.outcome == solver::LpRelaxation::Outcome::optimal ? "solved" : "stopped",
        bound.seconds, bound.iterations, solver::lp_terms(relaxed, lp_left_out));
    return 0;
  }

  // LANDPOOL_VOLUME_STEPS=N: the Volume algorithm's bound after at most N
  // steps, and stop.
  if (const char* steps = std::getenv("LANDPOOL_VOLUME_STEPS")) {
    solver::VolumeSettings settings;
    settings.max_steps = std::atoi(steps);
    settings.left_out = solver::deal_structure_columns(built);
    const auto volume = solver::volume_bound(problem, built, settings);
    std::cout << fmt::format(
        "volume bound {:.0f} after {} steps ({:.1f} s; {} rows priced, {} dropped; {} columns; "
        "work {} a step)\n",
        volume.bound, volume.steps, volume.seconds, volume.rows_priced, volume.rows_dropped,
        model.columns.size(), volume.step_work);
    return 0;
  }

  // LANDPOOL_ASSIGNMENT_STEPS=N: the assignment relaxation's bound after N
  // subgradient steps (aimed at LANDPOOL_INCUMBENT, a proposal's value), and stop.
  if (const char* steps = std::getenv("LANDPOOL_ASSIGNMENT_STEPS")) {
    const char* incumbent = std::getenv("LANDPOOL_INCUMBENT");
    const auto start = std::chrono::steady_clock::now();
    const double bound = solver::assignment_bound(
        problem, built, incumbent ? std::atof(incumbent) : 0.0, std::atoi(steps));
    std::cout << fmt::format(
        "assignment bound {:.0f} after {} steps ({:.1f} s; {} columns)\n", bound, steps,
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(),
        model.columns.size());
    return 0;
  }

  const auto t0 = std::chrono::steady_clock::now();
  const auto far = std::chrono::steady_clock::now() + std::chrono::hours(1);
  auto chosen = solver::construct_proposal(problem, built);
  chosen = solver::add_exchanges(problem, neighbours, std::move(chosen),
                                 std::max(2000L, static_cast<long>(problem.parcels.size())), far);
  chosen = solver::improve_proposal(problem, neighbours, std::move(chosen), 3, 8000, far);
  auto heuristic = solver::start_values(problem, built, chosen);
  // Then the neighbourhood search as the optimiser runs it (its work limit
  // at a 60 s time limit), so that the comparison is with a real proposal.
  auto cbc = solver::make_cbc_backend();
  solver::NeighbourhoodSettings neighbourhoods;
  neighbourhoods.seed = problem.scenario.solver.seed;
  neighbourhoods.max_neighbourhoods = static_cast<long>(0.8 * problem.scenario.solver.time_limit_s);
  heuristic = solver::search_neighbourhoods(problem, built, std::move(heuristic), *cbc,
                                            neighbourhoods, far);
  const double heuristic_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const auto t1 = std::chrono::steady_clock::now();
  // The whole LP (the optimiser leaves the deal structure out: the same
  // bound on the regions measured, but the families' split may differ).
  const auto relaxation = solver::solve_lp_relaxation(model, 3600.0);
  if (relaxation.outcome != solver::LpRelaxation::Outcome::optimal) {
    std::cerr << "the LP relaxation was not solved\n";
    return 1;
  }
  const auto& lp = relaxation.values;
  const double lp_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();

  struct Sums {
    double lp = 0, heuristic = 0;
    long columns = 0;
    double fractional = 0;  ///< LP columns strictly between 0 and 1 (integers only)
  };
  std::map<std::string, Sums> by_family;
  for (std::size_t j = 0; j < model.columns.size(); ++j) {
    const auto& column = model.columns[j];
    auto& sums = by_family[family(column.name)];
    sums.lp += column.objective * lp[j];
    sums.heuristic += column.objective * heuristic[j];
    ++sums.columns;
    if (column.integer && lp[j] > 1e-6 && lp[j] < 1 - 1e-6)
      ++sums.fractional;
  }
  std::vector<std::pair<std::string, Sums>> rows(by_family.begin(), by_family.end());
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return std::abs(a.second.lp - a.second.heuristic) > std::abs(b.second.lp - b.second.heuristic);
  });
  std::cout << fmt::format("{} columns, {} rows; heuristic {:.1f} s, LP {:.1f} s\n",
                           model.columns.size(), model.rows.size(), heuristic_s, lp_s);
  std::cout << fmt::format("{:<24} {:>8} {:>10} {:>14} {:>14} {:>14}\n", "family", "columns",
                           "fractional", "LP", "proposal", "difference");
  for (const auto& [name, sums] : rows)
    std::cout << fmt::format("{:<24} {:>8} {:>10.0f} {:>14.0f} {:>14.0f} {:>14.0f}\n", name,
                             sums.columns, sums.fractional, sums.lp, sums.heuristic,
                             sums.lp - sums.heuristic);
  std::cout << fmt::format("{:<24} {:>8} {:>10} {:>14.0f} {:>14.0f} {:>14.0f}\n", "total", "", "",
                           model.objective_of(lp), model.objective_of(heuristic),
                           model.objective_of(lp) - model.objective_of(heuristic));
  // The same split by objective term (docs/model.md, the model's ledger
  // BuiltModel::terms), largest difference first.
  std::vector<std::tuple<std::string, double, double>> terms;
  const auto lp_by_term = term_values(built, lp), heuristic_by_term = term_values(built, heuristic);
  for (std::size_t t = 0; t < lp_by_term.size(); ++t)
    terms.emplace_back(kObjectiveTermNames[t], lp_by_term[t], heuristic_by_term[t]);
  std::sort(terms.begin(), terms.end(), [](const auto& a, const auto& b) {
    return std::abs(std::get<1>(a) - std::get<2>(a)) > std::abs(std::get<1>(b) - std::get<2>(b));
  });
  std::cout << fmt::format("\n{:<28} {:>14} {:>14} {:>14}\n", "term", "LP", "proposal",
                           "difference");
  for (const auto& [name, at_lp, at_proposal] : terms)
    std::cout << fmt::format("{:<28} {:>14.0f} {:>14.0f} {:>14.0f}\n", name, at_lp, at_proposal,
                             at_lp - at_proposal);
  // LANDPOOL_SHOW=family,family: print those columns' LP values (nonzero).
  if (const char* show = std::getenv("LANDPOOL_SHOW")) {
    std::string wanted = ",";
    wanted.append(show).append(",");
    for (std::size_t j = 0; j < model.columns.size(); ++j) {
      const auto& column = model.columns[j];
      std::string key = ",";
      key.append(family(column.name)).append(",");
      if (wanted.find(key) != std::string::npos && std::abs(lp[j]) > 1e-6)
        std::cout << fmt::format("  {} = {:.3f} (heuristic {:.0f}, objective {:.0f})\n",
                                 column.name, lp[j], heuristic[j], column.objective);
    }
  }
  return 0;
}
