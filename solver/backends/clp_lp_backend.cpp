// The Clp implementation of IncrementalLp. Clp minimises: it is handed the
// negated objective, and its duals are negated back.

#include <ClpSimplex.hpp>
#include <CoinHelperFunctions.hpp>

#include <cmath>
#include <vector>

#include "solver/backends/coin_arrays.hpp"
#include "solver/backends/incremental_lp.hpp"

namespace landpool::solver {
namespace {

class ClpLp final : public IncrementalLp {
 public:
  ClpLp() {
    simplex_.setLogLevel(0);
    simplex_.setOptimizationDirection(1.0);
  }

  int add_row(double lower, double upper) override {
    // Rows are added in one batch before the next columns: Clp copies its
    // arrays on each addition, quadratic over thousands of rows.
    pending_lower_.push_back(coin_finite(lower));
    pending_upper_.push_back(coin_finite(upper));
    return simplex_.numberRows() + static_cast<int>(pending_lower_.size()) - 1;
  }

  void add_columns(const std::vector<LpColumn>& columns) override {
    flush_rows();
    if (columns.empty())
      return;
    std::vector<double> lower, upper, cost;
    std::vector<CoinBigIndex> starts{0};
    std::vector<int> rows;
    std::vector<double> elements;
    for (const auto& column : columns) {
      lower.push_back(coin_finite(column.lower));
      upper.push_back(coin_finite(column.upper));
      cost.push_back(-column.objective);
      for (const auto& [row, coefficient] : column.terms) {
        rows.push_back(row);
        elements.push_back(coefficient);
      }
      starts.push_back(static_cast<CoinBigIndex>(rows.size()));
    }
    simplex_.addColumns(static_cast<int>(columns.size()), lower.data(), upper.data(), cost.data(),
                        starts.data(), rows.data(), elements.data());
  }

  void set_time_limit_s(double seconds) override {
    // Clp turns both into deadlines from now; CPU time, too, since one
    // thread runs the simplex.
    simplex_.setMaximumWallSeconds(seconds);
    simplex_.setMaximumSeconds(seconds);
  }

  LpStatus solve() override {
    flush_rows();
    // Primal simplex keeps primal feasibility when columns are added.
    simplex_.primal();
    return status();
  }

  LpStatus status() const {
    switch (simplex_.status()) {
      case 0:
        return LpStatus::optimal;
      case 1:
        return LpStatus::infeasible;
      case 2:
        return LpStatus::unbounded;
      case 3:
        return LpStatus::stopped;
      default:
        return LpStatus::failed;
    }
  }

  LpStatus solve_from_scratch() override {
    flush_rows();
    simplex_.initialSolve();
    return status();
  }

  double objective() const override { return -simplex_.objectiveValue(); }

  std::vector<double> values() const override {
    const double* solution = simplex_.getColSolution();
    return {solution, solution + simplex_.numberColumns()};
  }

  std::vector<double> duals() const override {
    const double* duals = simplex_.getRowPrice();
    std::vector<double> result(duals, duals + simplex_.numberRows());
    for (auto& value : result)
      value = -value;
    return result;
  }

  int column_count() const override { return simplex_.numberColumns(); }

 private:
  void flush_rows() {
    if (pending_lower_.empty())
      return;
    const std::vector<CoinBigIndex> starts(pending_lower_.size() + 1, 0);
    simplex_.addRows(static_cast<int>(pending_lower_.size()), pending_lower_.data(),
                     pending_upper_.data(), starts.data(), nullptr, nullptr);
    pending_lower_.clear();
    pending_upper_.clear();
  }

  ClpSimplex simplex_;
  std::vector<double> pending_lower_, pending_upper_;
};

}  // namespace

std::unique_ptr<IncrementalLp> make_clp_lp() {
  return std::make_unique<ClpLp>();
}

}  // namespace landpool::solver
