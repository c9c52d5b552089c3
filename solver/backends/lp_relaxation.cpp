#include "solver/backends/lp_relaxation.hpp"

#include <algorithm>
#include <chrono>
#include <climits>
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

/// The Lagrangian bound of the duals a stopped Clp holds, priced on the
/// whole model (rows it dropped at price 0). Clp minimises the negated
/// objective, so its duals change sign.
double stopped_bound(const LinearModel& model, const CoinArrays& arrays, const ClpSimplex& clp) {
  const double* duals = clp.dualRowSolution();
  if (duals == nullptr || static_cast<std::size_t>(clp.numberRows()) != arrays.model_row.size())
    return kInfinity;  // no duals of the rows it was given: no bound from them
  std::vector<double> prices(model.rows.size(), 0.0);
  for (std::size_t k = 0; k < arrays.model_row.size(); ++k)
    prices[static_cast<std::size_t>(arrays.model_row[k])] = -duals[k];
  return dual_bound(model, prices);
}

}  // namespace

long lp_terms(const LinearModel& model, const std::vector<bool>& left_out) {
  long terms = 0;
  for (const auto& row : model.rows)
    terms += names_left_out(row, left_out) ? 0 : static_cast<long>(row.terms.size());
  return terms;
}

double lp_iteration_weight(long terms) {
  return std::max(1.0, static_cast<double>(terms) / static_cast<double>(kLpReferenceTerms));
}

double lp_iterations_needed(long terms) {
  return (terms > kLpReferenceTerms ? kLargeLpIterationsPerTerm : kLpIterationsPerTerm) *
         static_cast<double>(terms);
}

bool lp_fits(long terms, long max_iterations) {
  return terms <= kMostLpTerms && lp_iterations_needed(terms) * lp_iteration_weight(terms) <=
                                      static_cast<double>(max_iterations);
}

long lp_iterations_allowed(long terms, long max_iterations) {
  if (max_iterations <= 0)
    return 0;
  return std::max(
      1L, static_cast<long>(static_cast<double>(max_iterations) / lp_iteration_weight(terms)));
}

LpRelaxation solve_lp_relaxation(const LinearModel& model, double time_limit_s,
                                 const std::vector<bool>& left_out, long max_iterations) {
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
  if (max_iterations > 0)
    clp.setMaximumIterations(static_cast<int>(std::min<long>(max_iterations, INT_MAX)));
  // The dual simplex: on the default region's LP 5.7 s against 7.5-9.6 s for
  // the primal one after Clp's "idiot" crash (3,000 generated parcels 5.8 s
  // against 21.3 s), and its duals prove a bound wherever it stops.
  ClpSolve options;
  options.setSolveType(ClpSolve::useDual);
  options.setPresolveType(ClpSolve::presolveOn);
  clp.initialSolve(options);
  relaxation.seconds = seconds_since(start);
  relaxation.iterations = clp.numberIterations();
  if (clp.isProvenOptimal()) {
    relaxation.outcome = LpRelaxation::Outcome::optimal;
    relaxation.bound = -clp.objectiveValue() + model.objective_offset;
    const double* solution = clp.primalColumnSolution();
    relaxation.values.assign(solution, solution + model.columns.size());
  } else if (clp.isProvenPrimalInfeasible()) {
    relaxation.outcome = LpRelaxation::Outcome::infeasible;
  } else {
    relaxation.outcome = LpRelaxation::Outcome::stopped;
    relaxation.bound = std::min(relaxation.bound, stopped_bound(model, arrays, clp));
  }
  spdlog::info("LP relaxation ({} of {} rows) {} after {:.1f} s, bound {:.0f}", rows_kept,
               model.rows.size(),
               relaxation.outcome == LpRelaxation::Outcome::optimal      ? "solved"
               : relaxation.outcome == LpRelaxation::Outcome::infeasible ? "infeasible"
                                                                         : "stopped by its limit",
               relaxation.seconds, relaxation.bound);
  return relaxation;
}

}  // namespace landpool::solver
