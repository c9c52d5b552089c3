#include "solver/search/assignment_repair.hpp"

#include <algorithm>
#include <cmath>

namespace landpool::solver {
namespace {

class Repair {
 public:
  Repair(const LinearModel& model, const AssignmentShape& shape, std::vector<double>& values)
      : model_(model), shape_(shape), values_(values), rows_of_(model.columns.size()) {
    for (std::size_t r = 0; r < model.rows.size(); ++r) {
      double scale = 0.0;
      for (const auto& [column, coefficient] : model.rows[r].terms) {
        rows_of_[static_cast<std::size_t>(column)].emplace_back(static_cast<int>(r), coefficient);
        scale = std::max(scale, std::abs(coefficient));
      }
      scale_.push_back(scale > 0.0 ? scale : 1.0);
    }
    activity_.assign(model.rows.size(), 0.0);
    for (std::size_t r = 0; r < model.rows.size(); ++r) {
      for (const auto& [column, coefficient] : model.rows[r].terms)
        activity_[r] += coefficient * values_[static_cast<std::size_t>(column)];
    }
    // Which participation columns each choice feeds, and how many of their
    // choices are 1 at present.
    participations_of_.resize(model.columns.size());
    for (std::size_t i = 0; i < shape.participation.size(); ++i) {
      int count = 0;
      for (int choice : shape.participation[i].second) {
        participations_of_[static_cast<std::size_t>(choice)].push_back(i);
        count += values_[static_cast<std::size_t>(choice)] > 0.5 ? 1 : 0;
      }
      chosen_count_.push_back(count);
    }
  }

  double run(int max_passes) {
    for (int pass = 0; pass < max_passes && total_violation() > kTolerance; ++pass) {
      bool moved = false;
      for (const auto& group : shape_.groups)
        moved = improve(group) || moved;
      if (!moved)
        break;
    }
    return total_violation();
  }

 private:
  static constexpr double kTolerance = 1e-7;

  double violation(std::size_t r, double activity) const {
    const auto& row = model_.rows[r];
    return (std::max(0.0, row.lower - activity) + std::max(0.0, activity - row.upper)) / scale_[r];
  }

  double total_violation() const {
    double total = 0.0;
    for (std::size_t r = 0; r < activity_.size(); ++r)
      total += violation(r, activity_[r]);
    return total;
  }

  /// Column changes of moving the group from `from` to `to` (-1: none).
  std::vector<std::pair<int, double>> changes(int from, int to) const {
    std::vector<std::pair<int, double>> delta;
    if (from >= 0)
      delta.emplace_back(from, -1.0);
    if (to >= 0)
      delta.emplace_back(to, 1.0);
    // Participation follows: count the change per participation column.
    std::vector<std::pair<std::size_t, int>> counts;
    for (const auto& [column, step] : delta) {
      for (std::size_t i : participations_of_[static_cast<std::size_t>(column)]) {
        auto it = std::find_if(counts.begin(), counts.end(),
                               [i](const auto& entry) { return entry.first == i; });
        if (it == counts.end())
          counts.emplace_back(i, static_cast<int>(step));
        else
          it->second += static_cast<int>(step);
      }
    }
    for (const auto& [i, step] : counts) {
      const bool before = chosen_count_[i] > 0, after = chosen_count_[i] + step > 0;
      if (before != after)
        delta.emplace_back(shape_.participation[i].first, after ? 1.0 : -1.0);
    }
    return delta;
  }

  /// Violation change and objective change of applying `delta`.
  std::pair<double, double> assess(const std::vector<std::pair<int, double>>& delta) {
    touched_.clear();
    double objective = 0.0;
    for (const auto& [column, step] : delta) {
      objective += step * model_.columns[static_cast<std::size_t>(column)].objective;
      for (const auto& [row, coefficient] : rows_of_[static_cast<std::size_t>(column)])
        touched_.emplace_back(row, coefficient * step);
    }
    std::sort(touched_.begin(), touched_.end());
    double change = 0.0;
    for (std::size_t t = 0; t < touched_.size();) {
      const auto r = static_cast<std::size_t>(touched_[t].first);
      double shift = 0.0;
      for (; t < touched_.size() && static_cast<std::size_t>(touched_[t].first) == r; ++t)
        shift += touched_[t].second;
      change += violation(r, activity_[r] + shift) - violation(r, activity_[r]);
    }
    return {change, objective};
  }

  void apply(int from, int to, const std::vector<std::pair<int, double>>& delta) {
    for (const auto& [column, step] : delta) {
      values_[static_cast<std::size_t>(column)] += step;
      for (const auto& [row, coefficient] : rows_of_[static_cast<std::size_t>(column)])
        activity_[static_cast<std::size_t>(row)] += coefficient * step;
    }
    for (int column : {from, to}) {
      if (column < 0)
        continue;
      for (std::size_t i : participations_of_[static_cast<std::size_t>(column)])
        chosen_count_[i] += column == to ? 1 : -1;
    }
  }

  /// The best move of one parcel, applied when it lowers the violation.
  bool improve(const std::vector<int>& group) {
    int from = -1;
    for (int column : group) {
      if (values_[static_cast<std::size_t>(column)] > 0.5)
        from = column;
    }
    if (from >= 0 && model_.columns[static_cast<std::size_t>(from)].lower > 0.5)
      return false;  // held, or fixed by the caller
    double best_change = -kTolerance, best_objective = 0.0;
    int best = from;
    std::vector<std::pair<int, double>> best_delta;
    for (int to : group) {
      if (to == from || model_.columns[static_cast<std::size_t>(to)].upper < 0.5)
        continue;
      const auto delta = changes(from, to);
      const auto [change, objective] = assess(delta);
      if (change < best_change - kTolerance ||
          (change < best_change + kTolerance && objective > best_objective)) {
        best_change = change;
        best_objective = objective;
        best = to;
        best_delta = delta;
      }
    }
    if (from >= 0) {  // or to none
      const auto delta = changes(from, -1);
      const auto [change, objective] = assess(delta);
      if (change < best_change - kTolerance ||
          (change < best_change + kTolerance && objective > best_objective)) {
        best_change = change;
        best_objective = objective;
        best = -1;
        best_delta = delta;
      }
    }
    if (best == from)
      return false;
    apply(from, best, best_delta);
    return true;
  }

  const LinearModel& model_;
  const AssignmentShape& shape_;
  std::vector<double>& values_;
  std::vector<std::vector<std::pair<int, double>>> rows_of_;
  std::vector<double> scale_, activity_;
  std::vector<std::vector<std::size_t>> participations_of_;
  std::vector<int> chosen_count_;
  std::vector<std::pair<int, double>> touched_;
};

}  // namespace

double repair_assignment(const LinearModel& model, const AssignmentShape& shape,
                         std::vector<double>& values, int max_passes) {
  return Repair(model, shape, values).run(max_passes);
}

}  // namespace landpool::solver
