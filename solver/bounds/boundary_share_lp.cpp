#include "solver/bounds/boundary_share_lp.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>

#include <spdlog/spdlog.h>

#include "core/clock.hpp"

namespace landpool::solver {
namespace {

/// Which auxiliaries may be shared, and where each one's column stands in
/// the rows, indexed once for all rounds.
class MinimumSharing {
 public:
  explicit MinimumSharing(const BuiltModel& built)
      : built_(built),
        rows_of_(built.auxiliaries.size()),
        auxiliary_of_(built.model.columns.size(), -1) {
    const auto& model = built.model;
    for (std::size_t i = 0; i < built.auxiliaries.size(); ++i)
      auxiliary_of_[column(i)] = static_cast<int>(i);
    for (std::size_t r = 0; r < model.rows.size(); ++r) {
      for (const auto& [column, coefficient] : model.rows[r].terms) {
        if (const int i = auxiliary_of_[static_cast<std::size_t>(column)]; i >= 0)
          rows_of_[static_cast<std::size_t>(i)].push_back({static_cast<int>(r), coefficient});
      }
    }
    may_share_.resize(built.auxiliaries.size());
    for (std::size_t i = 0; i < built.auxiliaries.size(); ++i)
      may_share_[i] = may_share(i);
  }

  const std::vector<bool>& may_share() const { return may_share_; }

  LinearModel relaxed(const std::vector<double>& shares) const {
    const auto& model = built_.model;
    LinearModel relaxed;  // names left out: a Clp model needs none, and they are half its memory
    relaxed.columns.reserve(model.columns.size());
    for (const auto& column : model.columns)
      relaxed.columns.push_back({{}, column.lower, column.upper, column.objective, column.integer});
    relaxed.objective_offset = model.objective_offset;
    std::vector<char> row_kind(model.rows.size(), kCopied);
    for (std::size_t i = 0; i < shares.size(); ++i) {
      if (!is_shared(shares, i))
        continue;
      if (!may_share_[i])
        throw std::invalid_argument("share_minima: auxiliary " + model.columns[column(i)].name +
                                    " may not be shared");
      move_weight(relaxed, i, shares[i]);
      const int first = built_.auxiliaries[i].first_row;
      row_kind[static_cast<std::size_t>(first)] = kDropped;
      row_kind[static_cast<std::size_t>(first) + 1] = kDropped;
      for (const auto& [row, coefficient] : rows_of_[i]) {
        if (row_kind[static_cast<std::size_t>(row)] == kCopied)
          row_kind[static_cast<std::size_t>(row)] = kRewritten;
      }
    }
    relaxed.rows.reserve(model.rows.size());
    // Every row keeps its place (dropped ones empty), so that one round's
    // basis warm-starts the next.
    for (std::size_t r = 0; r < model.rows.size(); ++r) {
      if (row_kind[r] == kCopied)
        relaxed.rows.push_back({{}, model.rows[r].terms, model.rows[r].lower, model.rows[r].upper});
      else if (row_kind[r] == kRewritten)
        rewrite_row(relaxed, model.rows[r], shares);
      else
        relaxed.rows.push_back({{}, {}, -kInfinity, kInfinity});
    }
    return relaxed;
  }

  std::size_t column(std::size_t i) const {
    return static_cast<std::size_t>(built_.auxiliaries[i].column);
  }

  /// λ = 1 on the side that is 0 in the baseline (nothing chosen), one half
  /// where both sides agree: exact there. -1 for minima that may not be shared.
  std::vector<double> first_shares() const {
    const std::vector<double> nothing(built_.model.columns.size(), 0.0);
    std::vector<double> shares(built_.auxiliaries.size(), -1.0);
    for (std::size_t i = 0; i < shares.size(); ++i) {
      if (!may_share_[i])
        continue;
      const auto& auxiliary = built_.auxiliaries[i];
      const double a = auxiliary.a.value(nothing), b = auxiliary.b.value(nothing);
      shares[i] = a < b - 0.5 ? 1.0 : b < a - 0.5 ? 0.0 : 0.5;
    }
    return shares;
  }

  /// Sets each shared minimum in `values` to min(a, b) and restores (share
  /// -1) those the next round needs: each whose share expression exceeds
  /// min(a, b) by more than `above_eur` of objective; if none does but all
  /// together do, each that exceeds it at all; and each with a ≠ b in a row
  /// (of the LP, `left_out` aside) that `values` break. Returns how many;
  /// none when `values` keep every such row and the shares overestimate
  /// the minima by `above_eur` in all.
  std::size_t restore_overestimated(std::vector<double>& shares, std::vector<double>& values,
                                    double above_eur, const std::vector<bool>& left_out) const {
    std::vector<double> over(shares.size(), 0.0);
    double total = 0.0;
    for (std::size_t i = 0; i < shares.size(); ++i) {
      if (!is_shared(shares, i))
        continue;
      const auto& auxiliary = built_.auxiliaries[i];
      const double a = auxiliary.a.value(values), b = auxiliary.b.value(values);
      values[column(i)] = std::min(a, b);
      const double weight = built_.model.columns[column(i)].objective;
      over[i] = std::max(0.0, weight * (shares[i] * a + (1.0 - shares[i]) * b - std::min(a, b)));
      total += over[i];
    }
    const double least =
        std::any_of(over.begin(), over.end(), [&](double eur) { return eur > above_eur; })
            ? above_eur
        : total > above_eur ? 1e-9
                            : kInfinity;
    std::vector<signed char> broken(built_.model.rows.size(), -1);  // per row: unknown yet
    std::size_t restored = 0;
    for (std::size_t i = 0; i < shares.size(); ++i) {
      if (is_shared(shares, i) && (over[i] > least || in_broken_row(i, values, left_out, broken))) {
        shares[i] = -1.0;
        ++restored;
      }
    }
    return restored;
  }

 private:
  static constexpr char kCopied = 0, kDropped = 1, kRewritten = 2;
  struct RowTerm {
    int row;
    double coefficient;
  };

  static bool is_shared(const std::vector<double>& shares, std::size_t i) {
    return shares[i] >= 0.0 && shares[i] <= 1.0;
  }

  /// Whether minimum `i` differs from its sides (a ≠ b) and stands in a row
  /// of the LP, its own two aside, that `values` break by more than 10⁻⁶.
  /// `broken` caches each row's verdict (-1: not yet known): a gain row holds
  /// thousands of minima.
  bool in_broken_row(std::size_t i, const std::vector<double>& values,
                     const std::vector<bool>& left_out, std::vector<signed char>& broken) const {
    const auto& auxiliary = built_.auxiliaries[i];
    if (std::abs(auxiliary.a.value(values) - auxiliary.b.value(values)) <= 1e-9)
      return false;
    return std::any_of(rows_of_[i].begin(), rows_of_[i].end(), [&](const RowTerm& term) {
      if (term.row == auxiliary.first_row || term.row == auxiliary.first_row + 1)
        return false;
      auto& verdict = broken[static_cast<std::size_t>(term.row)];
      if (verdict < 0)
        verdict = breaks(built_.model.rows[static_cast<std::size_t>(term.row)], values, left_out);
      return verdict == 1;
    });
  }

  /// Whether `values` break `row` by more than 10⁻⁶ (relative); false for a
  /// row the LP leaves out.
  static bool breaks(const LinearModel::Row& row, const std::vector<double>& values,
                     const std::vector<bool>& left_out) {
    double activity = 0.0;
    for (const auto& [j, coefficient] : row.terms) {
      if (!left_out.empty() && left_out[static_cast<std::size_t>(j)])
        return false;
      activity += coefficient * values[static_cast<std::size_t>(j)];
    }
    const double tolerance = 1e-6 * std::max(1.0, std::abs(activity));
    return activity < row.lower - tolerance || activity > row.upper + tolerance;
  }

  bool may_share(std::size_t i) const {
    const auto& auxiliary = built_.auxiliaries[i];
    const auto& model = built_.model;
    if (!auxiliary.is_minimum || auxiliary.first_row < 0 ||
        model.columns[column(i)].objective < 0.0)
      return false;
    for (const auto* side : {&auxiliary.a, &auxiliary.b}) {
      if (std::any_of(side->terms.begin(), side->terms.end(), [&](const auto& term) {
            return auxiliary_of_[static_cast<std::size_t>(term.first)] >= 0;
          }))
        return false;  // its weight would move onto a column that may be fixed at 0
    }
    return std::all_of(rows_of_[i].begin(), rows_of_[i].end(), [&](const RowTerm& term) {
      if (term.row == auxiliary.first_row || term.row == auxiliary.first_row + 1)
        return true;
      const auto& row = model.rows[static_cast<std::size_t>(term.row)];
      return term.coefficient > 0.0 ? row.upper == kInfinity : row.lower == -kInfinity;
    });
  }

  /// share·a + (1 − share)·b of minimum `i`.
  Expression share_expression(std::size_t i, double share) const {
    Expression expression;
    expression.add(built_.auxiliaries[i].a, share);
    expression.add(built_.auxiliaries[i].b, 1.0 - share);
    return expression;
  }

  /// The column fixed at 0; its weight onto share·a + (1 − share)·b.
  void move_weight(LinearModel& relaxed, std::size_t i, double share) const {
    auto& own = relaxed.columns[column(i)];
    const double weight = own.objective;
    own.objective = 0.0;
    own.lower = own.upper = 0.0;
    const auto expression = share_expression(i, share);
    relaxed.objective_offset += weight * expression.constant;
    for (const auto& [j, coefficient] : expression.terms)
      relaxed.columns[static_cast<std::size_t>(j)].objective += weight * coefficient;
  }

  /// `row` with each shared minimum's term α·s written as α·(share·a + (1 −
  /// share)·b), the constants moved into its bounds.
  void rewrite_row(LinearModel& relaxed, const LinearModel::Row& row,
                   const std::vector<double>& shares) const {
    Expression written;
    for (const auto& [j, coefficient] : row.terms) {
      const int i = auxiliary_of_[static_cast<std::size_t>(j)];
      if (i < 0 || !is_shared(shares, static_cast<std::size_t>(i)))
        written.add(j, coefficient);
      else
        written.add(
            share_expression(static_cast<std::size_t>(i), shares[static_cast<std::size_t>(i)]),
            coefficient);
    }
    relaxed.add_row({}, std::move(written.terms), row.lower - written.constant,
                    row.upper - written.constant);
  }

  const BuiltModel& built_;
  std::vector<std::vector<RowTerm>> rows_of_;
  std::vector<int> auxiliary_of_;  ///< per column: its auxiliary, or -1
  std::vector<bool> may_share_;
};

/// What a simplex iteration of a round counts against the work limit, in
/// iterations at the whole LP's rate: its LP's rows / 150,000, at least a
/// third, three times that from a basis without presolve (measured costs:
/// docs/model.md, "the boundary-share LP").
double iteration_weight(const LinearModel& relaxed, const std::vector<bool>& left_out, bool warm) {
  constexpr double kReferenceRows = 150'000.0;
  constexpr double kFewestRows = 50'000.0;
  constexpr double kWarmFactor = 3.0;
  const auto rows = static_cast<double>(lp_rows(relaxed, left_out));
  return std::max(kFewestRows, rows) / kReferenceRows * (warm ? kWarmFactor : 1.0);
}

}  // namespace

std::vector<bool> minima_that_may_be_shared(const BuiltModel& built) {
  return MinimumSharing(built).may_share();
}

LinearModel share_minima(const BuiltModel& built, const std::vector<double>& shares) {
  return MinimumSharing(built).relaxed(shares);
}

long shareable_minimum_terms(const BuiltModel& built) {
  const MinimumSharing sharing(built);
  long terms = 0;
  for (std::size_t i = 0; i < built.auxiliaries.size(); ++i) {
    if (!sharing.may_share()[i])
      continue;
    const auto first = static_cast<std::size_t>(built.auxiliaries[i].first_row);
    terms += static_cast<long>(built.model.rows[first].terms.size() +
                               built.model.rows[first + 1].terms.size());
  }
  return terms;
}

BoundaryShareLp boundary_share_lp(const BuiltModel& built, const std::vector<bool>& left_out,
                                  const BoundaryShareSettings& settings,
                                  const std::vector<double>* first_shares) {
  const auto start = std::chrono::steady_clock::now();
  const MinimumSharing sharing(built);
  auto shares = sharing.first_shares();
  if (first_shares != nullptr && first_shares->size() != shares.size())
    throw std::invalid_argument("boundary_share_lp: one first share per auxiliary expected");
  for (std::size_t i = 0; first_shares != nullptr && i < shares.size(); ++i) {
    if (shares[i] >= 0.0 && (*first_shares)[i] >= 0.0 && (*first_shares)[i] <= 1.0)
      shares[i] = (*first_shares)[i];
  }
  BoundaryShareLp result;
  result.minima_shared = static_cast<std::size_t>(
      std::count_if(shares.begin(), shares.end(), [](double share) { return share >= 0.0; }));
  auto& summary = result.relaxation;
  summary.bound = range_bound(built.model);
  LpRelaxation last;
  std::size_t restored_last = 0;
  double work = 0.0;  // simplex iterations, each weighted (iteration_weight)
  while (result.rounds < settings.max_rounds) {
    const double time_left = settings.time_limit_s - seconds_since(start);
    const double work_left = static_cast<double>(settings.max_iterations) - work;
    if (time_left <= 0.0 || (settings.max_iterations > 0 && work_left < 1.0)) {
      summary.outcome = LpRelaxation::Outcome::stopped;
      break;
    }
    const bool warm = result.rounds > 0 &&
                      static_cast<double>(restored_last) <
                          settings.warm_below_share * static_cast<double>(result.minima_shared);
    const auto relaxed = sharing.relaxed(shares);
    if (const long terms = lp_terms(relaxed, left_out);
        settings.max_terms > 0 && terms > settings.max_terms) {
      spdlog::info("boundary-share LP: round {} has {} terms, more than {}; stopped",
                   result.rounds + 1, terms, settings.max_terms);
      summary.outcome =
          result.rounds == 0 ? LpRelaxation::Outcome::not_started : LpRelaxation::Outcome::stopped;
      break;
    }
    const double weight = iteration_weight(relaxed, left_out, warm);
    last = solve_lp_relaxation(
        relaxed, time_left, left_out,
        settings.max_iterations > 0 ? std::max(1L, static_cast<long>(work_left / weight)) : 0,
        warm ? &last : nullptr);
    ++result.rounds;
    summary.iterations += last.iterations;
    work += weight * static_cast<double>(last.iterations);
    summary.bound = std::min(summary.bound, last.bound);
    summary.outcome = last.outcome;
    if (last.outcome != LpRelaxation::Outcome::optimal)
      break;
    restored_last =
        sharing.restore_overestimated(shares, last.values, settings.restore_above_eur, left_out);
    result.minima_restored += restored_last;
    spdlog::debug(
        "boundary-share LP round {}: bound {:.0f}, {} iterations, {:.1f} s, {} of {} "
        "minima restored",
        result.rounds, last.bound, last.iterations, last.seconds, result.minima_restored,
        result.minima_shared);
    if (restored_last == 0) {
      summary.values = std::move(last.values);
      break;
    }
    summary.outcome = LpRelaxation::Outcome::stopped;  // until a round restores none
  }
  summary.seconds = seconds_since(start);
  spdlog::info(
      "boundary-share LP: bound {:.0f} after {} rounds, {:.1f} s, {} iterations; {} of "
      "{} minima restored{}",
      summary.bound, result.rounds, summary.seconds, summary.iterations, result.minima_restored,
      result.minima_shared,
      summary.outcome == LpRelaxation::Outcome::optimal ? " (converged)" : "");
  return result;
}

}  // namespace landpool::solver
