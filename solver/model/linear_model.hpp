#pragma once
// A mixed-integer linear model as plain data, solver-neutral: the model
// builder writes it, a backend (CBC, or brute force for tiny models) solves
// it. Always a maximisation; backends translate.

#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace landpool::solver {

inline constexpr double kInfinity = std::numeric_limits<double>::infinity();

struct LinearModel {
  struct Column {
    std::string name;
    double lower = 0.0;
    double upper = 1.0;
    double objective = 0.0;  ///< coefficient in the maximised objective
    bool integer = true;
  };
  struct Row {
    std::string name;
    std::vector<std::pair<int, double>> terms;  ///< (column, coefficient)
    double lower = -kInfinity;
    double upper = kInfinity;
  };
  std::vector<Column> columns;
  std::vector<Row> rows;
  double objective_offset = 0.0;

  int add_binary(std::string name, double objective) {
    columns.push_back({std::move(name), 0.0, 1.0, objective, true});
    return static_cast<int>(columns.size()) - 1;
  }
  int add_continuous(std::string name, double lower, double upper, double objective) {
    columns.push_back({std::move(name), lower, upper, objective, false});
    return static_cast<int>(columns.size()) - 1;
  }
  /// Adds a row; terms of the same column are merged and zero terms dropped
  /// (solvers require each column at most once per row).
  void add_row(std::string name, std::vector<std::pair<int, double>> terms, double lower,
               double upper);
  /// The objective of `values` (including the offset).
  double objective_of(const std::vector<double>& values) const;
  /// The first row or bound violated by more than `tolerance`, or nullopt.
  std::optional<std::string> first_violation(const std::vector<double>& values,
                                             double tolerance = 1e-6) const;
};

/// What is known about the model after a solve (the call itself may still
/// have failed: see SolveResult::call_ok).
enum class SolveStatus {
  optimal,                      ///< proven optimal (within the solver's tolerances)
  gap_limit,                    ///< stopped at the requested relative gap
  time_limit_with_solution,     ///< a proposal, not proven optimal
  time_limit_without_solution,  ///< no proposal found in time
  infeasible,                   ///< proven: no solution exists
  unbounded,
};
const char* to_string(SolveStatus status);

struct SolveSettings {
  double time_limit_s = 60.0;
  double relative_gap = 0.001;
  int threads = 2;
  int seed = 1;
  std::optional<std::vector<double>> start;  ///< a feasible MIP start, checked by the caller
  /// Branch-and-bound nodes at most (a work limit, so that results repeat);
  /// nullopt: no limit. Hitting it reports time_limit_with(out)_solution.
  std::optional<int> max_nodes;
  /// Simplex iterations, checked at each node: the search stops at the
  /// first node after they pass it (a work limit, so that results repeat
  /// where a node costs many iterations); nullopt: no limit. Reported as
  /// the node limit is.
  std::optional<long> max_iterations;
  bool log_progress = true;  ///< incumbent, bound and gap on stderr while solving
  /// Branching only, no cut generators or primal heuristics: for many small
  /// sub-MIPs that start from a good solution (neighbourhood search), where
  /// CBC's root work costs more than it finds.
  bool branching_only = false;
};

struct SolveResult {
  bool call_ok = false;  ///< false: the solver failed (see error), nothing is known
  std::string error;
  SolveStatus status = SolveStatus::time_limit_without_solution;
  std::vector<double> values;  ///< empty without a solution
  double objective = 0.0;      ///< of `values`
  double bound = 0.0;          ///< proven upper bound on the optimum
  double gap = 0.0;            ///< |bound - objective| / max(|bound|, |objective|, 1e-9)
  double seconds = 0.0;
  /// Simplex iterations and branch-and-bound nodes the solver spent: a
  /// measure of work that, unlike seconds, repeats run to run.
  long iterations = 0;
  long nodes = 0;
  bool has_solution() const { return !values.empty(); }
};

class MipBackend {
 public:
  virtual ~MipBackend() = default;
  virtual SolveResult solve(const LinearModel& model, const SolveSettings& settings) = 0;
};

/// |bound - objective| / max(|bound|, |objective|): the gap as CBC states it.
double relative_gap(double bound, double objective);

/// A bound that needs no LP: every column at the end of its range that the
/// objective favours (valid, weak).
double range_bound(const LinearModel& model);

/// The Lagrangian bound for row multipliers `row_prices` (one per row of the
/// model, any values; missing ones count 0): every row's activity moved
/// into the objective at its price, then each column and each row activity
/// at the end of its range that pays most. Valid for any prices, so an LP
/// stopped early still proves a bound with its present duals; at the LP's
/// optimal duals it equals the LP bound, and with every price 0 it is
/// `range_bound`. A price that is not finite, or whose sign would need an
/// infinite row bound, is taken as 0 (allowed: every price is); an infinite
/// column end that pays gives +infinity.
double dual_bound(const LinearModel& model, const std::vector<double>& row_prices);

/// A model with some columns fixed and substituted out: what is left for a
/// solver, and the way back to the whole model's columns.
struct RestrictedModel {
  LinearModel model;
  std::vector<int> original;         ///< per column of `model`: its column in the whole model
  std::vector<double> whole_values;  ///< the whole model's values, fixed ones final
  /// The whole model's values for `values` of the restricted model.
  std::vector<double> expand(const std::vector<double>& values) const;
};

/// Fixes every column j with `keep_free[j]` false at `values[j]` and removes
/// it: rows lose its term (their bounds shift by it), rows left empty are
/// dropped, and the objective offset takes its value. Throws
/// std::invalid_argument when a dropped row is violated by the fixed values.
RestrictedModel restrict_model(const LinearModel& model, const std::vector<bool>& keep_free,
                               const std::vector<double>& values);

/// COIN-OR CBC with its full default strategy (preprocessing, cuts, heuristics).
std::unique_ptr<MipBackend> make_cbc_backend();

/// Writes the model as an MPS file for other solvers, e.g. the `cbc`
/// program: minimisation of the negated objective (MPS has no sense line in
/// every reader), the offset as one column fixed at 1. Throws on failure.
void write_mps(const LinearModel& model, const std::string& path);

/// Enumerates every 0/1 assignment: for models whose columns are all binary
/// and at most 24 of them; for cross-checking CBC in tests.
std::unique_ptr<MipBackend> make_brute_force_backend();

}  // namespace landpool::solver
