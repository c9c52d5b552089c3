#include "solver/lp_relaxation.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include <spdlog/spdlog.h>
#include <ClpSimplex.hpp>
#include <ClpSolve.hpp>
#include <CoinPackedMatrix.hpp>

namespace landpool::solver {
namespace {

double finite(double value) {
  return std::isinf(value) ? (value > 0 ? COIN_DBL_MAX : -COIN_DBL_MAX) : value;
}

/// Whether `row` names a column marked in `left_out`.
bool names_left_out(const LinearModel::Row& row, const std::vector<bool>& left_out) {
  return !left_out.empty() &&
         std::any_of(row.terms.begin(), row.terms.end(), [&](const auto& term) {
           return left_out[static_cast<std::size_t>(term.first)];
         });
}

}  // namespace

double estimated_lp_seconds(const LinearModel& model, const std::vector<bool>& left_out) {
  const auto rows = std::count_if(model.rows.begin(), model.rows.end(),
                                  [&](const auto& row) { return !names_left_out(row, left_out); });
  return 30.0 * std::pow(static_cast<double>(rows) / 52000.0, 1.5);
}

LpRelaxation solve_lp_relaxation(const LinearModel& model, double time_limit_s,
                                 const std::vector<bool>& left_out) {
  const auto start = std::chrono::steady_clock::now();
  LpRelaxation relaxation;
  relaxation.bound = range_bound(model);
  const int n = static_cast<int>(model.columns.size());
  const auto is_left_out = [&](int j) {
    return !left_out.empty() && left_out[static_cast<std::size_t>(j)];
  };
  CoinPackedMatrix matrix(false, 0, 0);  // row-ordered
  matrix.setDimensions(0, n);
  std::vector<double> row_lower, row_upper;
  row_lower.reserve(model.rows.size());
  row_upper.reserve(model.rows.size());
  std::vector<int> indices;
  std::vector<double> elements;
  int rows_left_out = 0;
  for (const auto& row : model.rows) {
    if (names_left_out(row, left_out)) {
      ++rows_left_out;
      continue;
    }
    indices.clear();
    elements.clear();
    for (const auto& [column, coefficient] : row.terms) {
      indices.push_back(column);
      elements.push_back(coefficient);
    }
    matrix.appendRow(static_cast<int>(indices.size()), indices.data(), elements.data());
    row_lower.push_back(finite(row.lower));
    row_upper.push_back(finite(row.upper));
  }
  std::vector<double> lower, upper, cost;  // Clp minimises: the objective negated
  for (int j = 0; j < n; ++j) {
    const auto& column = model.columns[static_cast<std::size_t>(j)];
    lower.push_back(finite(column.lower));
    upper.push_back(finite(column.upper));
    if (is_left_out(j)) {  // in no row: its favourable end is its optimum
      lower.back() = upper.back() = column.objective > 0.0 ? upper.back() : lower.back();
      if (std::abs(lower.back()) >= COIN_DBL_MAX) {
        spdlog::warn("LP relaxation: column {} left out has no finite favourable end; not solved",
                     column.name);
        return relaxation;
      }
    }
    cost.push_back(-column.objective);
  }
  ClpSimplex clp;
  clp.setLogLevel(0);
  clp.loadProblem(matrix, lower.data(), upper.data(), cost.data(), row_lower.data(),
                  row_upper.data());
  clp.setMaximumWallSeconds(std::max(1.0, time_limit_s));
  // Large LPs: primal simplex after the "idiot" crash, on the default
  // region's LP 25 s against 44 s for the dual simplex. Small ones (and
  // those without rows, where the crash fails in Clp 1.17) by Clp's own
  // choice.
  constexpr std::size_t kCrashFromRows = 5000;
  ClpSolve options;
  if (row_lower.size() >= kCrashFromRows) {
    options.setSolveType(ClpSolve::usePrimal);
    options.setSpecialOption(1, 2, 60);
  }
  options.setPresolveType(ClpSolve::presolveOn);
  clp.initialSolve(options);
  relaxation.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (clp.isProvenOptimal()) {
    relaxation.outcome = LpRelaxation::Outcome::optimal;
    relaxation.bound = -clp.objectiveValue() + model.objective_offset;
    const double* solution = clp.primalColumnSolution();
    relaxation.values.assign(solution, solution + n);
  } else if (clp.isProvenPrimalInfeasible()) {
    relaxation.outcome = LpRelaxation::Outcome::infeasible;
  } else {
    relaxation.outcome = LpRelaxation::Outcome::stopped;
  }
  spdlog::info("LP relaxation ({} of {} rows) {} after {:.1f} s, bound {:.0f}",
               model.rows.size() - static_cast<std::size_t>(rows_left_out), model.rows.size(),
               relaxation.outcome == LpRelaxation::Outcome::optimal ? "solved"
               : relaxation.outcome == LpRelaxation::Outcome::infeasible
                   ? "infeasible"
                   : "stopped by the time limit",
               relaxation.seconds, relaxation.bound);
  return relaxation;
}

}  // namespace landpool::solver
