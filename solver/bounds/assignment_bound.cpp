#include "solver/bounds/assignment_bound.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

namespace landpool::solver {
namespace {

/// A boundary term w·min(a, b) (w > 0) of the objective, bounded from above
/// by w·(share·a + (1 − share)·b) for any share in [0, 1].
struct SplitMinimum {
  double weight = 0.0;
  const Expression* a = nullptr;
  const Expression* b = nullptr;
};

/// A boundary term −w·|a − b| (w > 0) of the objective, bounded from above
/// by −w·t·(a − b) for any t in [−1, 1], since |a − b| ≥ t·(a − b). t starts
/// at the baseline's a − b, which is exact where a proposal leaves both
/// sides as they are (dropping the term instead counts every border of the
/// baseline as gone).
struct SplitDifference {
  double weight = 0.0;  ///< w
  const Expression* a = nullptr;
  const Expression* b = nullptr;
  double first_t = 0.0, t = 0.0;
  double slope = 0.0;  ///< the value's slope in t at the last maximiser
};

/// The relaxation's maximum for a linear objective over the choices (each
/// parcel to its best farm or to none, a held choice forced) and the free
/// 0/1 columns (participation, partners; each 1 where it pays), with rows
/// over those columns alone priced into the objective by Lagrange
/// multipliers, each boundary minimum split between its two sides by a
/// share and each drift border bounded by its factor t, all improved by
/// subgradient steps: every multiplier, share and t gives a valid bound.
class AssignmentRelaxation {
 public:
  AssignmentRelaxation(const Problem& problem, const BuiltModel& built,
                       std::vector<double> coefficient, double constant,
                       std::vector<SplitMinimum> minima, std::vector<SplitDifference> differences)
      : problem_(problem),
        built_(built),
        coefficient_(std::move(coefficient)),
        constant_(constant),
        minima_(std::move(minima)),
        differences_(std::move(differences)),
        share_(minima_.size(), 0.5),
        share_slope_(minima_.size(), 0.0),
        is_choice_(built.model.columns.size(), false),
        is_free_(built.model.columns.size(), false) {
    for (const auto& minimum : minima_) {  // min(a, b) <= (a + b) / 2 to begin with
      for (const Expression* side : {minimum.a, minimum.b}) {
        constant_ += 0.5 * minimum.weight * side->constant;
        for (const auto& [column, k] : side->terms)
          coefficient_[static_cast<std::size_t>(column)] += 0.5 * minimum.weight * k;
      }
    }
    for (const auto& difference : differences_)  // each t at its first value
      add_difference(difference, difference.first_t, coefficient_, constant_);
    std::vector<std::size_t> parcel_of(built.model.columns.size(), 0);  // of a choice column
    for (std::size_t c = 0; c < problem.candidates.size(); ++c) {
      is_choice_[static_cast<std::size_t>(built.choose[c])] = true;
      parcel_of[static_cast<std::size_t>(built.choose[c])] = problem.candidates[c].parcel;
    }
    // Free columns: participation and partners, each at 1 where its reduced
    // cost is positive.
    free_ = built.takes_part;
    std::vector<bool> is_partner(built.model.columns.size(), false);
    for (const auto& [x, partner] : built.partner_links) {
      free_.push_back(partner);
      is_partner[static_cast<std::size_t>(partner)] = true;
    }
    std::sort(free_.begin(), free_.end());
    free_.erase(std::unique(free_.begin(), free_.end()), free_.end());
    for (const int j : free_)
      is_free_[static_cast<std::size_t>(j)] = true;
    const auto& model = built.model;
    // A partner column is limited when a row of partner columns alone caps
    // it from above (a farm's partner count): only then does pricing its
    // links x <= w tighten the bound. Participation's links stay out: its
    // cost is left out with joins_deal (assignment_bound below), so z is 1
    // at no cost.
    std::vector<bool> limited(model.columns.size(), false);
    for (const auto& row : model.rows) {
      const bool cap = std::isfinite(row.upper) && !row.terms.empty() &&
                       std::all_of(row.terms.begin(), row.terms.end(), [&](const auto& term) {
                         return is_partner[static_cast<std::size_t>(term.first)];
                       });
      for (const auto& [column, k] : row.terms)
        limited[static_cast<std::size_t>(column)] =
            limited[static_cast<std::size_t>(column)] || cap;
    }
    // Rows priced: over choices and free columns alone, not a parcel's "at
    // most once" (kept as the structure); of the two-term rows only the links
    // to a limited free column and the caps (the others are dropped: a
    // relaxation may drop rows).
    bool links = false;
    for (std::size_t r = 0; r < model.rows.size(); ++r) {
      const auto& row = model.rows[r];
      const bool free_only = all_free(row);
      const bool link = row.terms.size() == 2 && !free_only &&
                        std::any_of(row.terms.begin(), row.terms.end(), [&](const auto& term) {
                          return limited[static_cast<std::size_t>(term.first)];
                        });
      if (row.terms.size() < 3 && !link && !free_only)
        continue;
      bool priced = true;
      std::optional<std::size_t> one_parcel;
      bool same_parcel = true;
      for (const auto& [column, k] : row.terms) {
        const auto j = static_cast<std::size_t>(column);
        priced = priced && (is_choice_[j] || is_free_[j]);
        if (!is_choice_[j]) {
          same_parcel = false;
          continue;
        }
        const std::size_t parcel = parcel_of[j];
        same_parcel = same_parcel && (!one_parcel || *one_parcel == parcel);
        one_parcel = parcel;
      }
      if (priced && !same_parcel) {
        rows_.push_back(r);
        links = links || link;
      }
    }
    // Links (in choices) beside area bands (in hectares): each row's slack
    // in units of its largest coefficient, so that neither swamps the steps.
    for (const std::size_t r : rows_) {
      double largest = 1.0;
      if (links) {
        largest = 0.0;
        for (const auto& [column, k] : model.rows[r].terms)
          largest = std::max(largest, std::abs(k));
      }
      scale_.push_back(largest > 0.0 ? 1.0 / largest : 1.0);
    }
  }

  /// The smallest bound over `iterations` subgradient steps on the rows'
  /// multipliers (the shares at one half, each t at the baseline's), then
  /// half as many on the multipliers, the shares and the t together
  /// (Polyak's step towards `incumbent`, a feasible value); the plain
  /// relaxation's without an incumbent.
  double bound(double incumbent, int iterations) {
    const std::size_t count = rows_.size();
    std::vector<double> above(count, 0.0), below(count, 0.0);  // multipliers of upper, lower
    std::vector<double> activity(count);
    double best = evaluate(above, below, activity);
    if ((count == 0 && minima_.empty() && differences_.empty()) || !std::isfinite(incumbent))
      return best;
    // The rows alone first: moving thousands of shares with the same step
    // slows the multipliers down (30,000 parcels: 26.5 M against 22.5 M EUR).
    best = std::min(best, descend(incumbent, iterations, above, below, activity));
    if (!minima_.empty() || !differences_.empty()) {
      shares_move_ = true;  // half as many steps: each costs several times more
      best = std::min(best, descend(incumbent, iterations / 2, above, below, activity));
    }
    return best;
  }

 private:
  double descend(double incumbent, int iterations, std::vector<double>& above,
                 std::vector<double>& below, std::vector<double>& activity) {
    const std::size_t count = rows_.size();
    double best = std::numeric_limits<double>::infinity();
    double step_scale = 1.0;
    int since_better = 0;
    const auto& model = built_.model;
    for (int step_count = 0; step_count < iterations && best > incumbent; ++step_count) {
      const double value = evaluate(above, below, activity);
      if (value < best - 1e-9 * std::abs(value)) {
        best = value;
        since_better = 0;
      } else if (++since_better >= 20) {
        step_scale *= 0.5;
        since_better = 0;
      }
      // Subgradient: the slack of each priced side at the maximiser.
      double norm = 0.0;
      std::vector<double> slack_above(count, 0.0), slack_below(count, 0.0);
      for (std::size_t i = 0; i < count; ++i) {
        const auto& row = model.rows[rows_[i]];
        if (std::isfinite(row.upper))
          slack_above[i] = scale_[i] * (row.upper - activity[i]);
        if (std::isfinite(row.lower))
          slack_below[i] = scale_[i] * (activity[i] - row.lower);
        // Only sides that can still move count in the step.
        if (above[i] > 0.0 || slack_above[i] < 0.0)
          norm += slack_above[i] * slack_above[i];
        if (below[i] > 0.0 || slack_below[i] < 0.0)
          norm += slack_below[i] * slack_below[i];
      }
      // A share moves towards the side the maximiser does not take.
      for (std::size_t k = 0; shares_move_ && k < minima_.size(); ++k) {
        const double slope = share_slope_[k];
        if ((slope > 0.0 && share_[k] > 0.0) || (slope < 0.0 && share_[k] < 1.0))
          norm += slope * slope;
      }
      for (const auto& difference : differences_) {
        if (shares_move_ && ((difference.slope > 0.0 && difference.t > -1.0) ||
                             (difference.slope < 0.0 && difference.t < 1.0)))
          norm += difference.slope * difference.slope;
      }
      if (norm <= 1e-12)
        break;  // nothing left to price
      const double step = step_scale * (value - incumbent) / norm;
      for (std::size_t i = 0; i < count; ++i) {
        above[i] = std::max(0.0, above[i] - step * scale_[i] * slack_above[i]);
        below[i] = std::max(0.0, below[i] - step * scale_[i] * slack_below[i]);
      }
      for (std::size_t k = 0; shares_move_ && k < minima_.size(); ++k)
        share_[k] = std::clamp(share_[k] - step * share_slope_[k], 0.0, 1.0);
      for (auto& difference : differences_) {
        if (shares_move_)
          difference.t = std::clamp(difference.t - step * difference.slope, -1.0, 1.0);
      }
    }
    return best;
  }

  /// Adds −w·t·(a − b) of `difference` to `coefficient` and `constant`.
  static void add_difference(const SplitDifference& difference, double t,
                             std::vector<double>& coefficient, double& constant) {
    for (const auto& [side, factor] : {std::pair{difference.a, -t}, std::pair{difference.b, t}}) {
      const double weight = difference.weight * factor;
      constant += weight * side->constant;
      for (const auto& [column, k] : side->terms)
        coefficient[static_cast<std::size_t>(column)] += weight * k;
    }
  }

  /// The relaxation's maximum with the rows priced by the multipliers, and
  /// each priced row's activity at the maximiser.
  double evaluate(const std::vector<double>& above, const std::vector<double>& below,
                  std::vector<double>& activity) {
    const auto& model = built_.model;
    auto reduced = coefficient_;  // the shares at one half included
    double value = constant_;
    for (std::size_t m = 0; shares_move_ && m < minima_.size(); ++m) {
      const auto& minimum = minima_[m];
      const double moved = share_[m] - 0.5;
      if (moved == 0.0)
        continue;
      for (const auto& [side, factor] :
           {std::pair{minimum.a, moved}, std::pair{minimum.b, -moved}}) {
        const double weight = minimum.weight * factor;
        value += weight * side->constant;
        for (const auto& [column, coefficient] : side->terms)
          reduced[static_cast<std::size_t>(column)] += weight * coefficient;
      }
    }
    for (const auto& difference : differences_) {
      if (shares_move_ && difference.t != difference.first_t)
        add_difference(difference, difference.t - difference.first_t, reduced, value);
    }
    for (std::size_t i = 0; i < rows_.size(); ++i) {
      const auto& row = model.rows[rows_[i]];
      const double price = above[i] - below[i];
      if (above[i] > 0.0)
        value += above[i] * row.upper;
      if (below[i] > 0.0)
        value -= below[i] * row.lower;
      if (price == 0.0)
        continue;
      for (const auto& [column, k] : row.terms)
        reduced[static_cast<std::size_t>(column)] -= price * k;
    }
    // Each parcel to its best farm, or to none; a held choice is forced.
    std::vector<double> best(problem_.parcels.size(), 0.0);
    std::vector<int> chosen(problem_.parcels.size(), -1);
    std::vector<bool> forced(problem_.parcels.size(), false);
    for (std::size_t c = 0; c < problem_.candidates.size(); ++c) {
      const int x = built_.choose[c];
      const auto j = static_cast<std::size_t>(x);
      const std::size_t m = problem_.candidates[c].parcel;
      const bool held = model.columns[j].lower >= 1.0;
      if (model.columns[j].upper < 0.5 || (forced[m] && !held))
        continue;
      if ((held && !forced[m]) || reduced[j] > best[m]) {
        best[m] = reduced[j];
        chosen[m] = x;
      }
      forced[m] = forced[m] || held;
    }
    std::vector<double> at(model.columns.size(), 0.0);
    for (std::size_t m = 0; m < best.size(); ++m) {
      value += best[m];
      if (chosen[m] >= 0)
        at[static_cast<std::size_t>(chosen[m])] = 1.0;
    }
    for (const int column : free_) {
      const auto j = static_cast<std::size_t>(column);
      const bool one =
          model.columns[j].lower >= 1.0 || (model.columns[j].upper >= 1.0 && reduced[j] > 0.0);
      if (one) {
        value += reduced[j];
        at[j] = 1.0;
      }
    }
    for (std::size_t i = 0; i < rows_.size(); ++i) {
      double total = 0.0;
      for (const auto& [column, k] : model.rows[rows_[i]].terms)
        total += k * at[static_cast<std::size_t>(column)];
      activity[i] = total;
    }
    for (auto& difference : differences_) {
      if (shares_move_)
        difference.slope = -difference.weight * (difference.a->value(at) - difference.b->value(at));
    }
    // The value's slope in each share: w·(a − b) at the maximiser.
    for (std::size_t k = 0; shares_move_ && k < minima_.size(); ++k) {
      const auto& minimum = minima_[k];
      share_slope_[k] = minimum.weight * (minimum.a->value(at) - minimum.b->value(at));
    }
    return value;
  }

  const Problem& problem_;
  const BuiltModel& built_;
  std::vector<double> coefficient_;
  double constant_;
  std::vector<SplitMinimum> minima_;
  std::vector<SplitDifference> differences_;
  std::vector<double> share_, share_slope_;
  bool shares_move_ = false;

  /// Whether every column of `row` is a free column.
  bool all_free(const LinearModel::Row& row) const {
    return !row.terms.empty() &&
           std::all_of(row.terms.begin(), row.terms.end(), [&](const auto& term) {
             return is_free_[static_cast<std::size_t>(term.first)];
           });
  }

  std::vector<bool> is_choice_, is_free_;
  std::vector<int> free_;
  std::vector<double> scale_;
  std::vector<std::size_t> rows_;
};

}  // namespace

double assignment_bound(const Problem& problem, const BuiltModel& built, double incumbent,
                        int iterations) {
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
  std::vector<SplitMinimum> minima;
  std::vector<SplitDifference> differences;
  const std::vector<double> nothing(n, 0.0);  // the baseline: no choice made
  for (std::size_t i = 0; i < built.auxiliaries.size(); ++i) {
    const auto& auxiliary = built.auxiliaries[i];
    const auto j = static_cast<std::size_t>(auxiliary.column);
    const double weight = model.columns[j].objective;
    // A negative |a - b| is bounded by its factor t below; a negative
    // minimum is best at its lowest value (0) once the rows that push it up
    // are dropped, a positive |a - b| at its top (the columns' ranges).
    if (!only_choices(auxiliary.a) || !only_choices(auxiliary.b))
      continue;  // left to the columns' ranges below
    if (!auxiliary.is_minimum && weight < 0.0) {
      const double baseline =
          std::clamp(auxiliary.a.value(nothing) - auxiliary.b.value(nothing), -1.0, 1.0);
      differences.push_back({-weight, &auxiliary.a, &auxiliary.b, baseline, baseline});
      handled[j] = true;
      continue;
    }
    if (weight <= 0.0 || !auxiliary.is_minimum)
      continue;  // left to the columns' ranges below
    handled[j] = true;
    // min(a, b) <= share·a + (1 − share)·b for any share in [0, 1]: half
    // and half at first, the relaxation below moves the shares.
    minima.push_back({weight, &auxiliary.a, &auxiliary.b});
  }
  for (const auto& exemption : built.tax.exemptions) {
    const auto j = static_cast<std::size_t>(exemption.column);
    if (model.columns[j].objective > 0.0 &&
        candidate_of[static_cast<std::size_t>(exemption.x)] >= 0) {
      coefficient[static_cast<std::size_t>(exemption.x)] += model.columns[j].objective;  // e <= x
      handled[j] = true;
    }
  }
  // Partner columns are free columns of the relaxation, at their own cost.
  for (const auto& [x, partner] : built.partner_links) {
    const auto j = static_cast<std::size_t>(partner);
    coefficient[j] = model.columns[j].objective;
    handled[j] = true;
  }
  // The per-deal cost: c·j_f − c·z_f <= 0 in every solution (j_f <= z_f),
  // and z_f's −c is left at its favoured end (0) below, so j_f adds nothing.
  for (const int j : built.joins_deal) {
    if (j >= 0)
      handled[static_cast<std::size_t>(j)] = true;
  }
  // Every other column at the end of its range that the objective favours.
  for (std::size_t j = 0; j < n; ++j) {
    if (handled[j])
      continue;
    const auto& column = model.columns[j];
    constant +=
        column.objective > 0.0 ? column.objective * column.upper : column.objective * column.lower;
  }
  AssignmentRelaxation relaxation(problem, built, std::move(coefficient), constant,
                                  std::move(minima), std::move(differences));
  return relaxation.bound(incumbent, iterations);
}

}  // namespace landpool::solver
