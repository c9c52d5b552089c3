#include "solver/bounds/volume_bound.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <limits>

#include <VolVolume.hpp>

namespace landpool::solver {
namespace {

/// A row of the model priced by the relaxation, its terms divided by its
/// largest coefficient (hectares, euros and links alike, so that no row's
/// violation swamps the steps) and stored together for one pass a step.
struct PricedRow {
  std::size_t first = 0, last = 0;  ///< its terms in Relaxation::term_column_, term_value_
  double lower = -DBL_MAX, upper = DBL_MAX;
  int lower_side = -1, upper_side = -1;  ///< its multipliers (Vol's duals), or -1
  bool equality = false;                 ///< lower = upper, one free multiplier (lower_side)
};

/// The relaxation, in Vol's terms: minimise −objective with each priced
/// row's sides moved into the objective by their multipliers (Vol's
/// convention: a ">=" side's multiplier >= 0, a "<=" side's <= 0), each
/// parcel's choices chosen at most once.
class Relaxation : public VOL_user_hooks {
 public:
  Relaxation(const Problem& problem, const BuiltModel& built, const VolumeSettings& settings)
      : model_(built.model), deadline_(settings.deadline) {
    const std::size_t n = model_.columns.size();
    std::vector<int> parcel_of(n, -1);
    choices_.resize(problem.parcels.size());
    for (std::size_t c = 0; c < problem.candidates.size(); ++c) {
      const auto x = static_cast<std::size_t>(built.choose[c]);
      parcel_of[x] = static_cast<int>(problem.candidates[c].parcel);
      choices_[problem.candidates[c].parcel].push_back(static_cast<int>(x));
    }
    is_choice_.assign(n, false);
    fixed_.assign(n, false);
    priced_open_.assign(n, false);
    cost_.assign(n, 0.0);
    lower_.resize(n);
    upper_.resize(n);
    for (std::size_t j = 0; j < n; ++j) {
      lower_[j] = model_.columns[j].lower;
      upper_[j] = model_.columns[j].upper;
    }
    constant_ = -model_.objective_offset;
    for (std::size_t j = 0; j < n; ++j) {
      is_choice_[j] = parcel_of[j] >= 0;
      cost_[j] = -model_.columns[j].objective;
      if (j < settings.left_out.size() && settings.left_out[j] && !is_choice_[j])
        fix_at_favourable_end(j);
    }
    select_rows(parcel_of);
  }

  long rows_priced() const { return static_cast<long>(rows_.size()); }
  long step_work() const {
    return static_cast<long>(term_column_.size() + cost_.size() + least_.size());
  }
  long rows_dropped() const { return rows_dropped_; }
  int dual_size() const { return static_cast<int>(least_.size()); }
  double best_bound() const { return -best_lcost_; }

  void set_dual_ranges(VOL_dvector& least, VOL_dvector& most) const {
    for (std::size_t i = 0; i < least_.size(); ++i) {
      least[static_cast<int>(i)] = least_[i];
      most[static_cast<int>(i)] = most_[i];
    }
  }

  /// A start for the multipliers: each column other than a choice or a
  /// penalty slack whose favourable end is held back by rows that hold back
  /// no other such column (an auxiliary's defining rows, an exemption's
  /// link) is priced at 0 by them, its cost split evenly (a boundary
  /// minimum half by each side). From "nothing priced" the first steps only
  /// undo those ends.
  void set_first_multipliers(VOL_dvector& u) const {
    std::vector<int> held(least_.size(), -1);  // the one column a side holds back, -2 several
    std::vector<int> holding(cost_.size(), 0);
    std::vector<double> held_coefficient(least_.size(), 0.0);
    for (const auto& row : rows_) {
      for (const int side : {row.lower_side, row.upper_side}) {
        if (side < 0)
          continue;
        const auto i = static_cast<std::size_t>(side);
        for (std::size_t t = row.first; t < row.last; ++t) {
          const auto j = static_cast<std::size_t>(term_column_[t]);
          if (is_choice_[j] || fixed_[j] || !has_range(term_column_[t]) ||
              !holds_back(side_kind(row, side), j, term_value_[t]))
            continue;
          held[i] = held[i] == -1 ? term_column_[t] : -2;
          held_coefficient[i] = term_value_[t];
        }
        if (held[i] >= 0)
          ++holding[static_cast<std::size_t>(held[i])];
      }
    }
    for (std::size_t i = 0; i < least_.size(); ++i) {
      u[static_cast<int>(i)] = 0.0;
      if (held[i] < 0)
        continue;
      const auto j = static_cast<std::size_t>(held[i]);
      const double price = cost_[j] / (holding[j] * held_coefficient[i]);
      u[static_cast<int>(i)] = std::min(std::max(price, least_[i]), most_[i]);
    }
  }

  int compute_rc(const VOL_dvector& u, VOL_dvector& rc) override {
    if (++steps_ % 16 == 0 && std::chrono::steady_clock::now() > deadline_)
      return -1;  // the safety net: Vol stops, the best value so far stands
    for (std::size_t j = 0; j < cost_.size(); ++j)
      rc[static_cast<int>(j)] = cost_[j];
    for (const auto& row : rows_) {
      const double price = (row.lower_side >= 0 ? u[row.lower_side] : 0.0) +
                           (row.upper_side >= 0 ? u[row.upper_side] : 0.0);
      if (price == 0.0)
        continue;
      for (std::size_t t = row.first; t < row.last; ++t)
        rc[term_column_[t]] -= price * term_value_[t];
    }
    return 0;
  }

  int solve_subproblem(const VOL_dvector& u, const VOL_dvector& rc, double& lcost, VOL_dvector& x,
                       VOL_dvector& v, double& pcost) override {
    bool valid = true;
    for (std::size_t j = 0; j < cost_.size(); ++j) {
      if (is_choice_[j])
        continue;
      const double reduced = rc[static_cast<int>(j)];
      double at = fixed_[j] ? 0.0 : reduced < 0.0 ? upper_[j] : lower_[j];
      if (!std::isfinite(at)) {  // a slack's cost below 0 by rounding: no bound this step
        valid = false;
        at = 0.0;
      }
      x[static_cast<int>(j)] = at;
    }
    for (const auto& choices : choices_)
      choose_parcel(choices, rc, x);
    double value = constant_, primal = constant_;
    for (std::size_t j = 0; j < cost_.size(); ++j) {
      const double at = x[static_cast<int>(j)];
      primal += cost_[j] * at;
      value += rc[static_cast<int>(j)] * at;
    }
    for (const auto& row : rows_) {
      double activity = 0.0;
      for (std::size_t t = row.first; t < row.last; ++t)
        activity += term_value_[t] * x[term_column_[t]];
      if (row.lower_side >= 0) {
        v[row.lower_side] = row.lower - activity;
        value += u[row.lower_side] * row.lower;
      }
      if (row.upper_side >= 0) {
        v[row.upper_side] = row.upper - activity;
        value += u[row.upper_side] * row.upper;
      }
    }
    lcost = value;
    pcost = primal;
    if (valid && std::isfinite(value))
      best_lcost_ = std::max(best_lcost_, value);
    return 0;
  }

  int heuristics(const VOL_problem&, const VOL_dvector&, double& heur_val) override {
    heur_val = DBL_MAX;  // proposals come from the searches
    return 0;
  }

 private:
  /// Each parcel to its choice of least reduced cost where that is below
  /// 0, else to none; a held choice (lower bound 1) is forced.
  void choose_parcel(const std::vector<int>& choices, const VOL_dvector& rc, VOL_dvector& x) const {
    int best = -1;
    double least = 0.0;
    for (const int j : choices) {
      x[j] = 0.0;
      const auto k = static_cast<std::size_t>(j);
      if (lower_[k] >= 1.0) {
        best = j;
        least = -DBL_MAX;
      } else if (upper_[k] >= 0.5 && rc[j] < least) {
        best = j;
        least = rc[j];
      }
    }
    if (best >= 0)
      x[best] = 1.0;
  }

  /// Column `j` at the end of its range its objective favours, in the
  /// constant (in no priced row).
  void fix_at_favourable_end(std::size_t j) {
    fixed_[j] = true;
    const auto& column = model_.columns[j];
    const double at = column.objective > 0.0 ? column.upper : column.lower;
    if (column.objective != 0.0)
      constant_ += std::isfinite(at) ? -column.objective * at : -DBL_MAX;
  }

  /// The rows priced: all but a parcel's own rows (its "at most once", the
  /// structure) and those naming a column left out; a row naming a column
  /// of no finite range only where no other row names it (a penalty
  /// slack), its multiplier then kept within the slack's price.
  void select_rows(const std::vector<int>& parcel_of) {
    const std::size_t n = model_.columns.size();
    std::vector<int> open_rows(n, 0);  // candidate rows naming a column of no finite range
    std::vector<bool> candidate(model_.rows.size(), false);
    for (std::size_t r = 0; r < model_.rows.size(); ++r) {
      const auto& row = model_.rows[r];
      if (row.terms.empty() || one_parcel(row, parcel_of))
        continue;
      candidate[r] = std::none_of(row.terms.begin(), row.terms.end(), [&](const auto& term) {
        return fixed_[static_cast<std::size_t>(term.first)];
      });
      if (!candidate[r]) {
        ++rows_dropped_;
        continue;
      }
      for (const auto& [column, k] : row.terms)
        open_rows[static_cast<std::size_t>(column)] += has_range(column) ? 0 : 1;
    }
    for (std::size_t r = 0; r < model_.rows.size(); ++r) {
      if (candidate[r] && !add_row(r, open_rows))
        ++rows_dropped_;
    }
    for (std::size_t j = 0; j < n; ++j) {
      if (!has_range(static_cast<int>(j)) && !fixed_[j] && !priced_open_[j])
        fix_at_favourable_end(j);
    }
  }

  /// Prices model row `r` (false where a column of no finite range in it is
  /// in other rows too, or the row is ranged around one).
  bool add_row(std::size_t r, const std::vector<int>& open_rows) {
    const auto& row = model_.rows[r];
    double largest = 0.0;
    for (const auto& [column, k] : row.terms)
      largest = std::max(largest, std::abs(k));
    const double scale = 1.0 / largest;
    // A slack x >= 0 keeps its reduced cost −objective − u·k >= 0: u·k <= −objective.
    double least = -DBL_MAX, most = DBL_MAX;
    std::vector<int> open;
    for (const auto& [column, k] : row.terms) {
      if (has_range(column))
        continue;
      const auto& c = model_.columns[static_cast<std::size_t>(column)];
      if (open_rows[static_cast<std::size_t>(column)] != 1 || c.lower != 0.0)
        return false;
      open.push_back(column);
      // Pulled a little towards 0, so that rounding at the limit never
      // leaves the slack's reduced cost below 0.
      const double limit = -c.objective / (scale * k) * (1.0 - 1e-9);
      if (k > 0.0)
        most = std::min(most, limit);
      else
        least = std::max(least, limit);
    }
    const bool lower = std::isfinite(row.lower), upper = std::isfinite(row.upper);
    if ((!lower && !upper) || (!open.empty() && lower && upper && row.lower != row.upper))
      return false;
    // A side whose multiplier has no room (a slack that pays) is not priced.
    if (least > most || (lower && !upper && most < 0.0) || (upper && !lower && least > 0.0))
      return false;
    for (const int j : open)
      priced_open_[static_cast<std::size_t>(j)] = true;
    PricedRow priced;
    priced.first = term_column_.size();
    for (const auto& [column, k] : row.terms) {
      term_column_.push_back(column);
      term_value_.push_back(scale * k);
    }
    priced.last = term_column_.size();
    if (lower && upper && row.lower == row.upper) {
      priced.lower = scale * row.lower;
      priced.lower_side = add_side(least, most);
      priced.equality = true;
    } else {
      if (lower) {
        priced.lower = scale * row.lower;
        priced.lower_side = add_side(std::max(0.0, least), most);
      }
      if (upper) {
        priced.upper = scale * row.upper;
        priced.upper_side = add_side(least, std::min(0.0, most));
      }
    }
    rows_.push_back(priced);
    return true;
  }

  int add_side(double least, double most) {
    least_.push_back(least);
    most_.push_back(most);
    return static_cast<int>(least_.size()) - 1;
  }

  enum class Side { at_least, at_most, equal };
  static Side side_kind(const PricedRow& row, int side) {
    return row.equality ? Side::equal : side == row.upper_side ? Side::at_most : Side::at_least;
  }

  /// Whether a side stops column `j` (coefficient `k`) from reaching the
  /// end of its range its cost favours (an equality either way).
  bool holds_back(Side side, std::size_t j, double k) const {
    if (cost_[j] == 0.0 || k == 0.0)
      return false;
    if (side == Side::equal)
      return true;
    const bool rises = cost_[j] < 0.0;  // Vol minimises
    return rises == (side == Side::at_most) ? k > 0.0 : k < 0.0;
  }

  bool has_range(int j) const {
    const auto& column = model_.columns[static_cast<std::size_t>(j)];
    return std::isfinite(column.lower) && std::isfinite(column.upper);
  }

  /// Whether every term of `row` is a choice of one parcel.
  static bool one_parcel(const LinearModel::Row& row, const std::vector<int>& parcel_of) {
    const int first = parcel_of[static_cast<std::size_t>(row.terms.front().first)];
    return first >= 0 && std::all_of(row.terms.begin(), row.terms.end(), [&](const auto& term) {
             return parcel_of[static_cast<std::size_t>(term.first)] == first;
           });
  }

  const LinearModel& model_;
  SteadyTime deadline_;
  std::vector<double> cost_;           ///< −objective: Vol minimises
  std::vector<double> lower_, upper_;  ///< the columns' ranges
  double constant_ = 0.0;
  std::vector<std::vector<int>> choices_;  ///< per parcel
  std::vector<bool> is_choice_, fixed_;
  std::vector<bool> priced_open_;  ///< a column of no finite range in a priced row
  std::vector<PricedRow> rows_;
  std::vector<int> term_column_;
  std::vector<double> term_value_;
  std::vector<double> least_, most_;  ///< per side: its multiplier's range
  long rows_dropped_ = 0;
  long steps_ = 0;
  double best_lcost_ = -std::numeric_limits<double>::infinity();
};

}  // namespace

VolumeBound volume_bound(const Problem& problem, const BuiltModel& built,
                         const VolumeSettings& settings) {
  const auto start = std::chrono::steady_clock::now();
  Relaxation relaxation(problem, built, settings);
  VolumeBound result;
  result.rows_priced = relaxation.rows_priced();
  result.rows_dropped = relaxation.rows_dropped();
  result.step_work = relaxation.step_work();
  VOL_problem volume;
  volume.psize = static_cast<int>(built.model.columns.size());
  volume.dsize = relaxation.dual_size();
  long steps = std::max(1, settings.max_steps);
  if (settings.max_work > 0)
    steps = std::min(std::max(settings.max_work / std::max(1L, result.step_work),
                              static_cast<long>(std::max(1, settings.least_steps))),
                     steps);
  volume.parm.maxsgriters = static_cast<int>(steps);
  volume.parm.printflag = 0;

  {  // no multipliers: every row but the structure dropped, a bound to start from
    VOL_dvector none(volume.dsize), rc(volume.psize), x(volume.psize), v(volume.dsize);
    none = 0.0;
    double lcost = 0.0, pcost = 0.0;
    relaxation.compute_rc(none, rc);
    relaxation.solve_subproblem(none, rc, lcost, x, v, pcost);
    result.steps = 1;
  }
  if (volume.dsize > 0) {
    volume.dual_lb.allocate(volume.dsize);
    volume.dual_ub.allocate(volume.dsize);
    relaxation.set_dual_ranges(volume.dual_lb, volume.dual_ub);
    volume.dsol.allocate(volume.dsize);
    relaxation.set_first_multipliers(volume.dsol);
    volume.solve(relaxation, true);
    result.steps = std::min(volume.iter(), volume.parm.maxsgriters);
  }
  result.bound = relaxation.best_bound();
  result.seconds = seconds_since(start);
  return result;
}

}  // namespace landpool::solver
