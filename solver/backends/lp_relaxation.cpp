#include "solver/backends/lp_relaxation.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include <spdlog/spdlog.h>
#include <ClpSimplex.hpp>
#include <ClpSolve.hpp>

#include "core/clock.hpp"
#include "solver/backends/coin_arrays.hpp"

namespace landpool::solver {
namespace {

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
  // Empty rows go too: dropping a row only relaxes.
  auto arrays = coin_arrays(
      model, [&](const LinearModel::Row& row) { return names_left_out(row, left_out); });
  for (std::size_t j = 0; j < left_out.size(); ++j) {
    if (!left_out[j])
      continue;
    // In no row: its favourable end is its optimum.
    auto& lower = arrays.column_lower[j];
    auto& upper = arrays.column_upper[j];
    lower = upper = model.columns[j].objective > 0.0 ? upper : lower;
    if (std::abs(lower) >= COIN_DBL_MAX) {
      spdlog::warn("LP relaxation: column {} left out has no finite favourable end; not solved",
                   model.columns[j].name);
      return relaxation;
    }
  }
  const std::size_t rows_kept = arrays.row_lower.size();
  ClpSimplex clp;
  clp.setLogLevel(0);
  clp.loadProblem(arrays.matrix, arrays.column_lower.data(), arrays.column_upper.data(),
                  arrays.cost.data(), arrays.row_lower.data(), arrays.row_upper.data());
  clp.setMaximumWallSeconds(std::max(1.0, time_limit_s));
  // Large LPs: primal simplex after the "idiot" crash, on the default
  // region's LP 25 s against 44 s for the dual simplex. Small ones (and
  // those without rows, where the crash fails in Clp 1.17) by Clp's own
  // choice.
  constexpr std::size_t kCrashFromRows = 5000;
  ClpSolve options;
  if (rows_kept >= kCrashFromRows) {
    options.setSolveType(ClpSolve::usePrimal);
    options.setSpecialOption(1, 2, 60);
  }
  options.setPresolveType(ClpSolve::presolveOn);
  clp.initialSolve(options);
  relaxation.seconds = seconds_since(start);
  if (clp.isProvenOptimal()) {
    relaxation.outcome = LpRelaxation::Outcome::optimal;
    relaxation.bound = -clp.objectiveValue() + model.objective_offset;
    const double* solution = clp.primalColumnSolution();
    relaxation.values.assign(solution, solution + model.columns.size());
  } else if (clp.isProvenPrimalInfeasible()) {
    relaxation.outcome = LpRelaxation::Outcome::infeasible;
  } else {
    relaxation.outcome = LpRelaxation::Outcome::stopped;
  }
  spdlog::info(
      "LP relaxation ({} of {} rows) {} after {:.1f} s, bound {:.0f}", rows_kept, model.rows.size(),
      relaxation.outcome == LpRelaxation::Outcome::optimal      ? "solved"
      : relaxation.outcome == LpRelaxation::Outcome::infeasible ? "infeasible"
                                                                : "stopped by the time limit",
      relaxation.seconds, relaxation.bound);
  return relaxation;
}

}  // namespace landpool::solver
