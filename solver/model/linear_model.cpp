#include "solver/model/linear_model.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>

#include <spdlog/fmt/fmt.h>

#include "core/clock.hpp"

namespace landpool::solver {

void LinearModel::add_row(std::string name, std::vector<std::pair<int, double>> terms, double lower,
                          double upper) {
  std::sort(terms.begin(), terms.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::pair<int, double>> merged;
  for (const auto& [column, coefficient] : terms) {
    if (!merged.empty() && merged.back().first == column) {
      merged.back().second += coefficient;
    } else {
      merged.emplace_back(column, coefficient);
    }
  }
  std::erase_if(merged, [](const auto& term) { return term.second == 0.0; });
  rows.push_back({std::move(name), std::move(merged), lower, upper});
}

double LinearModel::objective_of(const std::vector<double>& values) const {
  double total = objective_offset;
  for (std::size_t j = 0; j < columns.size(); ++j)
    total += columns[j].objective * values[j];
  return total;
}

std::optional<std::string> LinearModel::first_violation(const std::vector<double>& values,
                                                        double tolerance) const {
  if (values.size() != columns.size())
    return "wrong number of values";
  for (std::size_t j = 0; j < columns.size(); ++j) {
    const auto& c = columns[j];
    if (values[j] < c.lower - tolerance || values[j] > c.upper + tolerance) {
      return fmt::format("column {} = {} outside [{}, {}]", c.name, values[j], c.lower, c.upper);
    }
    if (c.integer && std::abs(values[j] - std::round(values[j])) > tolerance) {
      return fmt::format("column {} = {} is not integral", c.name, values[j]);
    }
  }
  for (const auto& row : rows) {
    double activity = 0.0;
    for (const auto& [column, coefficient] : row.terms)
      activity += coefficient * values[column];
    if (activity < row.lower - tolerance || activity > row.upper + tolerance) {
      return fmt::format("row {} = {} outside [{}, {}]", row.name, activity, row.lower, row.upper);
    }
  }
  return std::nullopt;
}

double relative_gap(double bound, double objective) {
  return std::abs(bound - objective) / std::max({std::abs(bound), std::abs(objective), 1e-9});
}

double range_bound(const LinearModel& model) {
  double bound = model.objective_offset;
  for (const auto& c : model.columns)
    bound += c.objective > 0.0 ? c.objective * c.upper : c.objective * c.lower;
  return bound;
}

double dual_bound(const LinearModel& model, const std::vector<double>& row_prices) {
  std::vector<double> reduced(model.columns.size());
  for (std::size_t j = 0; j < model.columns.size(); ++j)
    reduced[j] = model.columns[j].objective;
  double bound = model.objective_offset;
  const std::size_t priced = std::min(row_prices.size(), model.rows.size());
  for (std::size_t i = 0; i < priced; ++i) {
    const auto& row = model.rows[i];
    double price = row_prices[i];
    // A positive price earns on the row's upper end, a negative one on its
    // lower; one that cannot (or is not finite) counts 0, as any price may.
    if (!std::isfinite(price) || (price > 0.0 && row.upper == kInfinity) ||
        (price < 0.0 && row.lower == -kInfinity))
      price = 0.0;
    if (price == 0.0)
      continue;
    bound += price > 0.0 ? price * row.upper : price * row.lower;
    for (const auto& [column, coefficient] : row.terms)
      reduced[static_cast<std::size_t>(column)] -= price * coefficient;
  }
  for (std::size_t j = 0; j < model.columns.size(); ++j) {
    const auto& column = model.columns[j];
    if (std::isnan(reduced[j]))
      return kInfinity;
    if (reduced[j] > 0.0)
      bound += reduced[j] * column.upper;
    else if (reduced[j] < 0.0)
      bound += reduced[j] * column.lower;
  }
  return std::isnan(bound) ? kInfinity : bound;
}

std::vector<double> RestrictedModel::expand(const std::vector<double>& values) const {
  auto whole = whole_values;
  for (std::size_t j = 0; j < original.size(); ++j)
    whole[static_cast<std::size_t>(original[j])] = values[j];
  return whole;
}

RestrictedModel restrict_model(const LinearModel& model, const std::vector<bool>& keep_free,
                               const std::vector<double>& values) {
  RestrictedModel restricted;
  restricted.whole_values = values;
  auto& sub = restricted.model;
  sub.objective_offset = model.objective_offset;
  std::vector<int> new_index(model.columns.size(), -1);
  for (std::size_t j = 0; j < model.columns.size(); ++j) {
    if (keep_free[j]) {
      new_index[j] = static_cast<int>(sub.columns.size());
      sub.columns.push_back(model.columns[j]);
      restricted.original.push_back(static_cast<int>(j));
    } else {
      sub.objective_offset += model.columns[j].objective * values[j];
    }
  }
  for (const auto& row : model.rows) {
    double fixed = 0.0;
    std::vector<std::pair<int, double>> terms;
    for (const auto& [column, coefficient] : row.terms) {
      const int index = new_index[static_cast<std::size_t>(column)];
      if (index < 0)
        fixed += coefficient * values[static_cast<std::size_t>(column)];
      else
        terms.emplace_back(index, coefficient);
    }
    if (terms.empty()) {
      if (fixed < row.lower - 1e-6 || fixed > row.upper + 1e-6)
        throw std::invalid_argument("restrict_model: the fixed columns break row " + row.name);
      continue;
    }
    sub.rows.push_back({row.name, std::move(terms), row.lower - fixed, row.upper - fixed});
  }
  return restricted;
}

const char* to_string(SolveStatus status) {
  switch (status) {
    case SolveStatus::optimal:
      return "optimal";
    case SolveStatus::gap_limit:
      return "gap_limit";
    case SolveStatus::time_limit_with_solution:
      return "time_limit_with_solution";
    case SolveStatus::time_limit_without_solution:
      return "time_limit_without_solution";
    case SolveStatus::infeasible:
      return "infeasible";
    case SolveStatus::unbounded:
      return "unbounded";
  }
  return "unknown";
}

namespace {

class BruteForceBackend final : public MipBackend {
 public:
  SolveResult solve(const LinearModel& model, const SolveSettings&) override {
    const auto start = std::chrono::steady_clock::now();
    SolveResult result;
    const std::size_t n = model.columns.size();
    for (const auto& c : model.columns) {
      if (!c.integer || c.lower < 0.0 || c.upper > 1.0) {
        result.error = "brute force handles binary columns only";
        return result;
      }
    }
    if (n > 24) {
      result.error = "brute force handles at most 24 columns";
      return result;
    }
    std::vector<double> values(n);
    for (std::uint64_t mask = 0; mask < (std::uint64_t{1} << n); ++mask) {
      for (std::size_t j = 0; j < n; ++j)
        values[j] = ((mask >> j) & 1u) ? 1.0 : 0.0;
      if (model.first_violation(values))
        continue;
      const double objective = model.objective_of(values);
      if (!result.has_solution() || objective > result.objective + 1e-9) {
        result.values = values;
        result.objective = objective;
      }
    }
    result.call_ok = true;
    result.status = result.has_solution() ? SolveStatus::optimal : SolveStatus::infeasible;
    result.bound = result.objective;
    result.seconds = seconds_since(start);
    return result;
  }
};

}  // namespace

std::unique_ptr<MipBackend> make_brute_force_backend() {
  return std::make_unique<BruteForceBackend>();
}

}  // namespace landpool::solver
