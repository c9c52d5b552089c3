#include "solver/assignment_bound.hpp"

#include <algorithm>
#include <limits>

namespace landpool::solver {

double assignment_bound(const Problem& problem, const BuiltModel& built) {
  const auto& model = built.model;
  const std::size_t n = model.columns.size();
  // Per x column: its coefficient in the linear upper bound.
  std::vector<int> candidate_of(n, -1);
  for (std::size_t c = 0; c < problem.candidates.size(); ++c)
    candidate_of[static_cast<std::size_t>(built.choose[c])] = static_cast<int>(c);
  std::vector<double> coefficient(n, 0.0);
  std::vector<bool> handled(n, false);
  double constant = model.objective_offset;
  for (std::size_t j = 0; j < n; ++j) {
    if (candidate_of[j] >= 0) {
      coefficient[j] = model.columns[j].objective;
      handled[j] = true;
    }
  }
  auto only_choices = [&](const Expression& e) {
    return std::all_of(e.terms.begin(), e.terms.end(), [&](const auto& term) {
      return candidate_of[static_cast<std::size_t>(term.first)] >= 0;
    });
  };
  auto add = [&](const Expression& e, double weight) {
    constant += weight * e.constant;
    for (const auto& [column, k] : e.terms)
      coefficient[static_cast<std::size_t>(column)] += weight * k;
  };
  for (const auto& auxiliary : built.auxiliaries) {
    const auto j = static_cast<std::size_t>(auxiliary.column);
    const double weight = model.columns[j].objective;
    // A negative weight is best at the auxiliary's lowest value (0) once
    // the rows that push it up are dropped; a positive |a - b| at its top.
    if (weight <= 0.0 || !auxiliary.is_minimum || !only_choices(auxiliary.a) ||
        !only_choices(auxiliary.b))
      continue;  // left to the columns' ranges below
    handled[j] = true;
    // min(a, b) <= (a + b) / 2, and <= a or <= b alone; model_value.cpp
    // only makes auxiliaries of two expressions that both vary.
    add(auxiliary.a, 0.5 * weight);
    add(auxiliary.b, 0.5 * weight);
  }
  for (const auto& exemption : built.tax.exemptions) {
    const auto j = static_cast<std::size_t>(exemption.column);
    if (model.columns[j].objective > 0.0 &&
        candidate_of[static_cast<std::size_t>(exemption.x)] >= 0) {
      coefficient[static_cast<std::size_t>(exemption.x)] += model.columns[j].objective;  // e <= x
      handled[j] = true;
    }
  }
  // Every other column at the end of its range that the objective favours.
  for (std::size_t j = 0; j < n; ++j) {
    if (handled[j])
      continue;
    const auto& column = model.columns[j];
    constant +=
        column.objective > 0.0 ? column.objective * column.upper : column.objective * column.lower;
  }
  // Each parcel to its best farm, or to none; a held choice is forced.
  std::vector<double> best(problem.parcels.size(), 0.0);
  std::vector<bool> forced(problem.parcels.size(), false);
  for (std::size_t c = 0; c < problem.candidates.size(); ++c) {
    const auto j = static_cast<std::size_t>(built.choose[c]);
    const std::size_t m = problem.candidates[c].parcel;
    if (model.columns[j].lower >= 1.0) {
      best[m] = forced[m] ? std::max(best[m], coefficient[j]) : coefficient[j];
      forced[m] = true;
    } else if (!forced[m]) {
      best[m] = std::max(best[m], coefficient[j]);
    }
  }
  for (double b : best)
    constant += b;
  return constant;
}

}  // namespace landpool::solver
