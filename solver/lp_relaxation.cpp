#include "solver/lp_relaxation.hpp"

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

}  // namespace

double estimated_lp_seconds(const LinearModel& model) {
  return 30.0 * std::pow(static_cast<double>(model.rows.size()) / 52000.0, 1.5);
}

LpRelaxation solve_lp_relaxation(const LinearModel& model, double time_limit_s) {
  const auto start = std::chrono::steady_clock::now();
  LpRelaxation relaxation;
  relaxation.bound = range_bound(model);
  const int n = static_cast<int>(model.columns.size());
  CoinPackedMatrix matrix(false, 0, 0);  // row-ordered
  matrix.setDimensions(0, n);
  std::vector<double> row_lower, row_upper;
  row_lower.reserve(model.rows.size());
  row_upper.reserve(model.rows.size());
  std::vector<int> indices;
  std::vector<double> elements;
  for (const auto& row : model.rows) {
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
  for (const auto& column : model.columns) {
    lower.push_back(finite(column.lower));
    upper.push_back(finite(column.upper));
    cost.push_back(-column.objective);
  }
  ClpSimplex clp;
  clp.setLogLevel(0);
  clp.loadProblem(matrix, lower.data(), upper.data(), cost.data(), row_lower.data(),
                  row_upper.data());
  clp.setMaximumWallSeconds(std::max(1.0, time_limit_s));
  // Primal simplex after the "idiot" crash: on the default region's LP
  // 29 s against 112 s for the dual simplex (the cbc program, same model).
  ClpSolve options;
  options.setSolveType(ClpSolve::usePrimal);
  options.setSpecialOption(1, 2, 60);
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
  spdlog::info("LP relaxation {} after {:.1f} s, bound {:.0f}",
               relaxation.outcome == LpRelaxation::Outcome::optimal ? "solved"
               : relaxation.outcome == LpRelaxation::Outcome::infeasible
                   ? "infeasible"
                   : "stopped by the time limit",
               relaxation.seconds, relaxation.bound);
  return relaxation;
}

}  // namespace landpool::solver
