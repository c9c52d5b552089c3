#pragma once
// A linear programme that grows by columns between solves, for column
// generation: rows are declared first, columns are added in batches, each
// solve warm-starts from the previous basis. Always a maximisation, like
// LinearModel. Row duals follow the maximisation convention: at an optimum a
// column's reduced cost objective - duals·column is <= 0.

#include <memory>
#include <utility>
#include <vector>

#include "solver/model/linear_model.hpp"

namespace landpool::solver {

struct LpColumn {
  double objective = 0.0;
  double lower = 0.0;
  double upper = kInfinity;
  std::vector<std::pair<int, double>> terms;  ///< (row, coefficient), rows distinct
};

enum class LpStatus {
  optimal,
  infeasible,
  unbounded,
  stopped,  ///< the time limit ended the solve; values and duals are not an optimum's
  failed,
};

class IncrementalLp {
 public:
  virtual ~IncrementalLp() = default;
  /// Declares a row lower <= a·x <= upper (empty until columns refer to it).
  virtual int add_row(double lower, double upper) = 0;
  virtual void add_columns(const std::vector<LpColumn>& columns) = 0;
  /// The next solves end by `seconds` (> 0) from now (wall clock), status
  /// stopped; Clp reads 0 or less as no limit.
  virtual void set_time_limit_s(double seconds) = 0;
  virtual LpStatus solve() = 0;
  /// Solves from scratch with the solver's own choice of method (presolve,
  /// dual simplex): far faster than solve() on a new, degenerate LP such as
  /// an assignment; no warm start.
  virtual LpStatus solve_from_scratch() = 0;
  virtual double objective() const = 0;
  virtual std::vector<double> values() const = 0;  ///< one per column, in order added
  virtual std::vector<double> duals() const = 0;   ///< one per row
  virtual int column_count() const = 0;
};

/// COIN-OR Clp (primal simplex, warm-started after each batch of columns).
std::unique_ptr<IncrementalLp> make_clp_lp();

}  // namespace landpool::solver
