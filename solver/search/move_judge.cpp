#include "solver/search/move_judge.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <unordered_map>

#include <spdlog/spdlog.h>

#include "core/clock.hpp"

namespace landpool::solver {

ModelMoves::ModelMoves(const Problem& problem, const BuiltModel& built, std::vector<double> values,
                       double row_tolerance)
    : problem_(problem),
      built_(built),
      model_(built.model),
      row_tolerance_(row_tolerance),
      values_(std::move(values)) {
  const auto start = std::chrono::steady_clock::now();
  index_model();
  index_parcels();
  objective_ = model_.objective_of(values_);
  spdlog::debug("model moves: {} row terms, {} auxiliary terms indexed in {:.2f} s",
                rows_of_.entries.size(), auxiliaries_of_.entries.size(), seconds_since(start));
}

void ModelMoves::index_model() {
  const std::size_t column_count = model_.columns.size();
  index_rows();
  for (const auto& aux : built_.auxiliaries) {
    side_a_.push_back(aux.a.value(values_));
    side_b_.push_back(aux.b.value(values_));
  }
  auxiliaries_of_ = FlatLists<AuxiliaryTerm>::from(column_count, [&](const auto& emit) {
    for (std::size_t i = 0; i < built_.auxiliaries.size(); ++i) {
      const auto& aux = built_.auxiliaries[i];
      for (const bool side_b : {false, true}) {
        for (const auto& [column, coefficient] : (side_b ? aux.b : aux.a).terms)
          emit(static_cast<std::size_t>(column),
               {static_cast<std::uint32_t>(i), side_b, coefficient});
      }
    }
  });

  partner_count_.assign(column_count, 0);
  for (const auto& [x, partner] : built_.partner_links) {
    partner_count_[static_cast<std::size_t>(partner)] +=
        values_[static_cast<std::size_t>(x)] > 0.5 ? 1 : 0;
  }
  partners_of_ = FlatLists<int>::from(column_count, [&](const auto& emit) {
    for (const auto& [x, partner] : built_.partner_links)
      emit(static_cast<std::size_t>(x), partner);
  });

  row_stamp_.assign(model_.rows.size(), 0);
  auxiliary_stamp_.assign(built_.auxiliaries.size(), 0);
  partner_stamp_.assign(column_count, 0);
  farm_stamp_.assign(problem_.farms.size(), 0);
}

/// Only the columns a move changes need their rows: choices,
/// participation, partners, "receives pool land", auxiliaries and penalty
/// slacks (the other deal and tax rows, most of a large model's terms, keep
/// their activity).
std::vector<bool> ModelMoves::changing_columns() const {
  std::vector<bool> changes(model_.columns.size(), false);
  for (const int x : built_.choose)
    changes[static_cast<std::size_t>(x)] = true;
  for (const int z : built_.takes_part)
    changes[static_cast<std::size_t>(z)] = true;
  for (std::size_t f = 0; f < problem_.farms.size(); ++f) {
    if (const int g = receives_pool_column(f); g >= 0)
      changes[static_cast<std::size_t>(g)] = true;
  }
  for (const auto& [x, partner] : built_.partner_links)
    changes[static_cast<std::size_t>(partner)] = true;
  for (const auto& aux : built_.auxiliaries)
    changes[static_cast<std::size_t>(aux.column)] = true;
  for (const int s : built_.penalty_slacks)
    changes[static_cast<std::size_t>(s)] = true;
  return changes;
}

/// Rows an auxiliary's defining value always keeps: its two defining rows,
/// where both its sides have integral coefficients and constants (0/1
/// expressions: follow() sets it to min or |difference| of the rounded
/// sides, which meets them exactly). They are neither tracked nor checked;
/// in a consolidation they hold most of the terms a move touches.
std::vector<bool> ModelMoves::rows_kept_by_auxiliaries() const {
  const auto integral = [](const Expression& side) {
    return std::round(side.constant) == side.constant &&
           std::all_of(side.terms.begin(), side.terms.end(),
                       [](const auto& term) { return std::round(term.second) == term.second; });
  };
  std::vector<bool> kept(model_.rows.size(), false);
  for (const auto& aux : built_.auxiliaries) {
    if (aux.first_row < 0 || !integral(aux.a) || !integral(aux.b))
      continue;
    kept[static_cast<std::size_t>(aux.first_row)] = true;
    kept[static_cast<std::size_t>(aux.first_row) + 1] = true;
  }
  return kept;
}

void ModelMoves::index_rows() {
  const std::size_t column_count = model_.columns.size();
  const auto changes = changing_columns();
  if (const auto slacks = penalty_slack_rows(built_); !slacks.empty()) {
    slack_of_row_.assign(model_.rows.size(), {-1, 0.0});
    for (const auto& slack : slacks)
      slack_of_row_[slack.row] = {slack.column, slack.coefficient};
  }
  column_data_.reserve(column_count);
  for (const auto& column : model_.columns)
    column_data_.push_back({column.lower, column.upper, column.objective});
  row_bounds_.reserve(model_.rows.size());
  for (const auto& row : model_.rows)
    row_bounds_.emplace_back(row.lower, row.upper);
  const auto kept = rows_kept_by_auxiliaries();
  activity_.assign(model_.rows.size(), 0.0);
  for (std::size_t r = 0; r < model_.rows.size(); ++r) {
    if (kept[r])
      continue;
    for (const auto& [column, coefficient] : model_.rows[r].terms)
      activity_[r] += coefficient * values_[static_cast<std::size_t>(column)];
  }
  rows_of_ = FlatLists<std::pair<int, double>>::from(column_count, [&](const auto& emit) {
    for (std::size_t r = 0; r < model_.rows.size(); ++r) {
      if (kept[r])
        continue;
      for (const auto& [column, coefficient] : model_.rows[r].terms) {
        if (changes[static_cast<std::size_t>(column)])
          emit(static_cast<std::size_t>(column), {static_cast<int>(r), coefficient});
      }
    }
  });
}

void ModelMoves::index_parcels() {
  const auto& region = *problem_.region;
  const std::size_t parcel_count = problem_.parcels.size();
  farm_of_column_.assign(model_.columns.size(), -1);
  giver_.assign(parcel_count, -1);
  for (std::size_t m = 0; m < parcel_count; ++m) {
    if (const auto giver = problem_.parcels[m].from_farm)
      giver_[m] = static_cast<int>(*giver);
  }
  current_.assign(parcel_count, -1);
  farm_count_.assign(problem_.farms.size(), 0);
  pool_count_.assign(problem_.farms.size(), 0);
  for (std::size_t c = 0; c < problem_.candidates.size(); ++c) {
    const auto& candidate = problem_.candidates[c];
    const int x = built_.choose[c];
    farm_of_column_[static_cast<std::size_t>(x)] = static_cast<int>(candidate.farm);
    if (values_[static_cast<std::size_t>(x)] > 0.5) {
      current_[candidate.parcel] = x;
      ++farm_count_[candidate.farm];
      if (const int giver = giver_[candidate.parcel]; giver >= 0)
        ++farm_count_[static_cast<std::size_t>(giver)];
      else
        ++pool_count_[candidate.farm];
    }
  }
  index_options();
  used_by_.resize(problem_.farms.size());
  position_.assign(parcel_count, 0);
  for (std::size_t m = 0; m < parcel_count; ++m) {
    if (const int user = user_of(m, current_[m]); user >= 0)
      add_use(m, user);
  }
  std::unordered_map<std::string, std::size_t> region_farm;
  for (std::size_t i = 0; i < region.farms.size(); ++i)
    region_farm.emplace(region.farms[i].farm_id, i);
  static_user_.assign(region.parcels.size(), -1);
  for (std::size_t p = 0; p < region.parcels.size(); ++p) {
    const auto& user = region.parcels[p].user_farm_id;
    if (!user)
      continue;
    if (const auto it = region_farm.find(*user); it != region_farm.end()) {
      if (const auto f = problem_.farm_index[it->second])
        static_user_[p] = static_cast<int>(*f);
    }
  }
}

/// A parcel's options by farm, in candidate order within a farm (the first
/// candidate of a farm is its column).
void ModelMoves::index_options() {
  options_ = FlatLists<Option>::from(problem_.parcels.size(), [&](const auto& emit) {
    for (std::size_t c = 0; c < problem_.candidates.size(); ++c) {
      const auto& candidate = problem_.candidates[c];
      emit(candidate.parcel, Option{static_cast<std::uint32_t>(candidate.farm), built_.choose[c]});
    }
  });
  for (std::size_t m = 0; m < problem_.parcels.size(); ++m) {
    std::stable_sort(options_.entries.begin() + static_cast<std::ptrdiff_t>(options_.start[m]),
                     options_.entries.begin() + static_cast<std::ptrdiff_t>(options_.start[m + 1]),
                     [](const Option& l, const Option& r) { return l.farm < r.farm; });
  }
}

int ModelMoves::column_for(std::size_t m, std::size_t f) const {
  if (giver_[m] == static_cast<int>(f))
    return -1;
  const auto* it =
      std::lower_bound(options_.begin(m), options_.end(m), f,
                       [](const Option& option, std::size_t farm) { return option.farm < farm; });
  if (it == options_.end(m) || it->farm != f ||
      column_data_[static_cast<std::size_t>(it->column)].upper < 0.5)
    return -2;
  return it->column;
}

int ModelMoves::user_of(std::size_t m, int column) const {
  if (column >= 0)
    return farm_of_column_[static_cast<std::size_t>(column)];
  return giver_[m];
}

int ModelMoves::user_of_region_parcel(std::size_t p) const {
  if (const auto m = problem_.movable_index[p])
    return user_of(*m, current_[*m]);
  return static_user_[p];
}

bool ModelMoves::held(std::size_t m) const {
  const int column = current_[m];
  return column >= 0 && column_data_[static_cast<std::size_t>(column)].lower > 0.5;
}

void ModelMoves::add_use(std::size_t m, int farm) {
  auto& list = used_by_[static_cast<std::size_t>(farm)];
  position_[m] = list.size();
  list.push_back(m);
}

void ModelMoves::remove_use(std::size_t m, int farm) {
  auto& list = used_by_[static_cast<std::size_t>(farm)];
  const std::size_t at = position_[m];
  list[at] = list.back();
  position_[list[at]] = at;
  list.pop_back();
}

// --- One move: apply, judge, then undo or keep -------------------------

void ModelMoves::set_column(int column, double value) {
  const auto j = static_cast<std::size_t>(column);
  const double old = values_[j];
  if (old == value)
    return;
  saved_columns_.emplace_back(column, old);
  values_[j] = value;
  const double step = value - old;
  objective_change_ += column_data_[j].objective * step;
  work_ += 1 + static_cast<long>(rows_of_.end(j) - rows_of_.begin(j)) +
           static_cast<long>(auxiliaries_of_.end(j) - auxiliaries_of_.begin(j));
  for (auto* t = rows_of_.begin(j); t != rows_of_.end(j); ++t) {
    const auto r = static_cast<std::size_t>(t->first);
    if (row_stamp_[r] != move_) {
      row_stamp_[r] = move_;
      saved_rows_.emplace_back(r, activity_[r]);
    }
    activity_[r] += t->second * step;
  }
  for (auto* t = auxiliaries_of_.begin(j); t != auxiliaries_of_.end(j); ++t) {
    if (auxiliary_stamp_[t->auxiliary] != move_) {
      auxiliary_stamp_[t->auxiliary] = move_;
      saved_auxiliaries_.push_back({t->auxiliary, side_a_[t->auxiliary], side_b_[t->auxiliary]});
    }
    (t->side_b ? side_b_ : side_a_)[t->auxiliary] += t->coefficient * step;
  }
}

void ModelMoves::count_farm(std::size_t farm, int step, int pool_step) {
  if (farm_stamp_[farm] != move_) {
    farm_stamp_[farm] = move_;
    saved_farms_.push_back({farm, farm_count_[farm], pool_count_[farm]});
  }
  farm_count_[farm] += step;
  pool_count_[farm] += pool_step;
}

/// The participation and partner counts a chosen column feeds.
void ModelMoves::count(std::size_t m, int column, int step) {
  const auto j = static_cast<std::size_t>(column);
  const int giver = giver_[m];
  count_farm(static_cast<std::size_t>(farm_of_column_[j]), step, giver >= 0 ? 0 : step);
  if (giver >= 0)
    count_farm(static_cast<std::size_t>(giver), step, 0);
  for (const int* partner = partners_of_.begin(j); partner != partners_of_.end(j); ++partner) {
    const auto p = static_cast<std::size_t>(*partner);
    if (partner_stamp_[p] != move_) {
      partner_stamp_[p] = move_;
      saved_partners_.emplace_back(p, partner_count_[p]);
    }
    partner_count_[p] += step;
  }
}

void ModelMoves::choose(const ParcelChange& change) {
  const int old = current_[change.parcel];
  if (old == change.column)
    return;
  saved_choices_.emplace_back(change.parcel, old);
  current_[change.parcel] = change.column;
  if (old >= 0) {
    set_column(old, 0.0);
    count(change.parcel, old, -1);
  }
  if (change.column >= 0) {
    set_column(change.column, 1.0);
    count(change.parcel, change.column, 1);
  }
}

/// Participation, "receives pool land" and partners follow the counts
/// where they cross zero; the auxiliaries take their defining values.
void ModelMoves::follow() {
  for (const auto& saved : saved_farms_) {
    const std::size_t farm = saved.farm;
    if ((farm_count_[farm] > 0) != (saved.count > 0))
      set_column(built_.takes_part[farm], farm_count_[farm] > 0 ? 1.0 : 0.0);
    if ((pool_count_[farm] > 0) != (saved.pool_count > 0) && receives_pool_column(farm) >= 0)
      set_column(receives_pool_column(farm), pool_count_[farm] > 0 ? 1.0 : 0.0);
  }
  for (const auto& [partner, before] : saved_partners_) {
    if ((partner_count_[partner] > 0) != (before > 0))
      set_column(static_cast<int>(partner), partner_count_[partner] > 0 ? 1.0 : 0.0);
  }
  // The sides are 0/1 expressions with integral coefficients: rounding
  // removes the drift of incremental sums.
  const std::size_t touched = saved_auxiliaries_.size();
  for (std::size_t k = 0; k < touched; ++k) {
    const std::uint32_t i = saved_auxiliaries_[k].auxiliary;
    const auto& aux = built_.auxiliaries[i];
    set_column(aux.column, aux.defining_value(std::round(side_a_[i]), std::round(side_b_[i])));
  }
  // Last, as the gains of rule nobody_worse_off (5) contain auxiliaries: each
  // penalty slack of a touched row to the least value that meets it (setting
  // one changes only its own row, already in the journal).
  if (slack_of_row_.empty())
    return;
  const std::size_t rows_touched = saved_rows_.size();
  for (std::size_t k = 0; k < rows_touched; ++k) {
    const std::size_t r = saved_rows_[k].first;
    const auto [slack, coefficient] = slack_of_row_[r];
    if (slack < 0)
      continue;
    const auto [lower, upper] = row_bounds_[r];
    const double without = activity_[r] - coefficient * values_[static_cast<std::size_t>(slack)];
    set_column(slack, least_slack_value(lower, upper, without, coefficient));
  }
}

double ModelMoves::violation(std::size_t r, double activity) const {
  const auto [lower, upper] = row_bounds_[r];
  return std::max(0.0, lower - activity) + std::max(0.0, activity - upper);
}

/// Every row the move touched and tracks holds (or is no worse than
/// before), and every changed column lies within its bounds.
bool ModelMoves::feasible() const {
  const double tolerance = 0.1 * row_tolerance_;  // room for rounding drift
  for (const auto& [r, before] : saved_rows_) {
    if (!soft(r) && violation(r, activity_[r]) > std::max(violation(r, before), tolerance))
      return false;
  }
  for (const auto& [column, before] : saved_columns_) {
    const auto& bounds = column_data_[static_cast<std::size_t>(column)];
    const double value = values_[static_cast<std::size_t>(column)];
    if (value < bounds.lower - tolerance || value > bounds.upper + tolerance)
      return false;
  }
  return true;
}

double ModelMoves::soft_violation_change() const {
  double change = 0.0;
  if (soft_row_.empty())
    return change;
  for (const auto& [r, before] : saved_rows_) {
    if (soft_row_[r])
      change += violation(r, activity_[r]) - violation(r, before);
  }
  return change;
}

void ModelMoves::soften_rows(const std::vector<int>& rows, double price) {
  soft_row_.assign(model_.rows.size(), false);
  soft_price_ = price;
  soft_violation_ = 0.0;
  for (int r : rows) {
    const auto row = static_cast<std::size_t>(r);
    soft_row_[row] = true;
    soft_violation_ += violation(row, activity_[row]);
  }
}

void ModelMoves::harden_rows() {
  soft_row_.clear();
  soft_price_ = 0.0;
}

void ModelMoves::clear_journal() {
  saved_columns_.clear();
  saved_rows_.clear();
  saved_auxiliaries_.clear();
  saved_farms_.clear();
  saved_partners_.clear();
  saved_choices_.clear();
  objective_change_ = 0.0;
  ++move_;
}

void ModelMoves::undo() {
  for (auto it = saved_columns_.rbegin(); it != saved_columns_.rend(); ++it)
    values_[static_cast<std::size_t>(it->first)] = it->second;
  for (const auto& [r, before] : saved_rows_)
    activity_[r] = before;
  for (const auto& saved : saved_auxiliaries_) {
    side_a_[saved.auxiliary] = saved.a;
    side_b_[saved.auxiliary] = saved.b;
  }
  for (const auto& saved : saved_farms_) {
    farm_count_[saved.farm] = saved.count;
    pool_count_[saved.farm] = saved.pool_count;
  }
  for (const auto& [partner, before] : saved_partners_)
    partner_count_[partner] = before;
  for (auto it = saved_choices_.rbegin(); it != saved_choices_.rend(); ++it)
    current_[it->first] = it->second;
  clear_journal();
}

void ModelMoves::keep() {
  for (const auto& [m, before] : saved_choices_) {
    if (const int user = user_of(m, before); user >= 0)
      remove_use(m, user);
    if (const int user = user_of(m, current_[m]); user >= 0)
      add_use(m, user);
  }
  objective_ += objective_change_;
  clear_journal();
}

std::optional<double> ModelMoves::assess(std::span<const ParcelChange> changes) {
  ++evaluations_;
  for (const auto& change : changes)
    choose(change);
  follow();
  std::optional<double> change;
  if (feasible())
    change = objective_change_ - soft_price_ * soft_violation_change();
  undo();
  return change;
}

void ModelMoves::apply(std::span<const ParcelChange> changes) {
  for (const auto& change : changes)
    choose(change);
  follow();
  soft_violation_ += soft_violation_change();
  keep();
}

}  // namespace landpool::solver
