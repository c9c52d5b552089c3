#include "solver/swap_search.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <optional>
#include <random>
#include <unordered_map>
#include <utility>

#include <spdlog/spdlog.h>

#include "solver/clock.hpp"

namespace landpool::solver {
namespace {

/// A parcel's new choice: a column of one of its candidates, or -1 (none:
/// exchange land stays with its farm, pool land with its owner).
struct Change {
  std::size_t parcel = 0;
  int column = -1;
};

/// Per index, a list of entries, stored flat: index i's are [start[i], start[i + 1]).
template <typename Entry>
struct FlatLists {
  std::vector<std::size_t> start;
  std::vector<Entry> entries;

  /// Over `count` indices, from `visit(emit)`, which calls `emit(index,
  /// entry)` for every entry the same way each time (it is called twice:
  /// to count, then to fill, so that no list of pairs is held in between).
  template <typename Visit>
  static FlatLists from(std::size_t count, const Visit& visit) {
    FlatLists lists;
    lists.start.assign(count + 1, 0);
    visit([&](std::size_t index, const Entry&) { ++lists.start[index + 1]; });
    for (std::size_t i = 0; i < count; ++i)
      lists.start[i + 1] += lists.start[i];
    lists.entries.resize(lists.start[count]);
    auto next = lists.start;
    visit([&](std::size_t index, const Entry& entry) { lists.entries[next[index]++] = entry; });
    return lists;
  }
  const Entry* begin(std::size_t i) const { return entries.data() + start[i]; }
  const Entry* end(std::size_t i) const { return entries.data() + start[i + 1]; }
};

struct AuxiliaryTerm {
  std::uint32_t auxiliary = 0;
  bool side_b = false;
  double coefficient = 0.0;
};

class SwapSearch {
 public:
  SwapSearch(const Problem& problem, const BuiltModel& built, std::vector<double> values,
             const SwapSearchSettings& settings)
      : problem_(problem),
        built_(built),
        model_(built.model),
        settings_(settings),
        values_(std::move(values)) {
    const auto start = std::chrono::steady_clock::now();
    index_model();
    index_parcels();
    objective_ = model_.objective_of(values_);
    spdlog::debug("swap search: {} row terms, {} auxiliary terms indexed in {:.2f} s",
                  rows_of_.entries.size(), auxiliaries_of_.entries.size(), seconds_since(start));
  }

  /// Passes of each parcel's best move until one finds none, the passes
  /// or the moves allowed are spent, or the deadline.
  SwapSearchReport run(std::chrono::steady_clock::time_point deadline) {
    SwapSearchReport report;
    const long first = evaluations_;
    for (; report.passes < settings_.max_passes; ++report.passes) {
      bool improved = false;
      for (std::size_t m = 0; m < problem_.parcels.size(); ++m) {
        if (evaluations_ - first >= settings_.max_evaluations ||
            std::chrono::steady_clock::now() > deadline) {
          report.evaluations = evaluations_ - first;
          return report;
        }
        if (const auto kind = improve(m)) {
          improved = true;
          ++(kind == 1 ? report.relocations : report.swaps);
        }
      }
      if (!improved) {
        report.local_optimum = true;
        ++report.passes;
        break;
      }
    }
    report.evaluations = evaluations_ - first;
    return report;
  }

  /// Simulated annealing over the same moves: a random parcel, a random
  /// target, alone or swapped with a random parcel of the target farm.
  /// Improving moves are kept, worsening ones with probability
  /// exp(change / temperature); the temperature falls geometrically over
  /// `evaluations` moves from the median loss of a sample of moves to a
  /// thousandth of it. Leaves the best solution seen in `best` and the first
  /// temperature in `first_temperature`; returns the moves drawn (fewer than
  /// `evaluations` only when the deadline came first). Deterministic for a
  /// seed.
  long anneal(long evaluations, unsigned seed, std::chrono::steady_clock::time_point deadline,
              std::vector<double>& best, double& first_temperature) {
    std::mt19937_64 random(seed);
    best = values_;
    double best_objective = objective_;
    first_temperature = 0.0;
    if (problem_.parcels.empty() || evaluations <= 0)
      return 0;
    std::uniform_int_distribution<std::size_t> parcel(0, problem_.parcels.size() - 1);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    // One random move: its changes and its objective change if it keeps every row.
    auto draw = [&](std::array<Change, 2>& changes, int& size) -> std::optional<double> {
      const std::size_t m = parcel(random);
      if (held(m))
        return std::nullopt;
      const int from = user_of(m, current_[m]);
      const auto targets = targets_of(m, from);
      if (targets.empty())
        return std::nullopt;
      const int to = targets[random() % targets.size()];
      const int column = to >= 0 ? column_for(m, static_cast<std::size_t>(to)) : -1;
      if (column == -2)
        return std::nullopt;
      changes[0] = {m, column};
      size = 1;
      if (from >= 0 && to >= 0 && random() % 2 == 0) {
        const auto& used = used_by_[static_cast<std::size_t>(to)];
        if (used.empty())
          return std::nullopt;
        const std::size_t q = used[random() % used.size()];
        const int back = q == m || held(q) ? -2 : column_for(q, static_cast<std::size_t>(from));
        if (back == -2)
          return std::nullopt;
        changes[1] = {q, back};
        size = 2;
        return assess(changes);
      }
      return assess(std::array{changes[0]});
    };
    // The first temperature: the median loss of up to 2,000 feasible moves.
    std::vector<double> losses;
    std::array<Change, 2> changes{};
    int size = 0;
    for (int sample = 0; sample < 20000 && losses.size() < 2000; ++sample) {
      if (const auto change = draw(changes, size); change && *change < 0.0)
        losses.push_back(-*change);
    }
    if (losses.empty())
      return 0;
    std::nth_element(losses.begin(), losses.begin() + static_cast<long>(losses.size() / 2),
                     losses.end());
    first_temperature = losses[losses.size() / 2];
    const double cooling = std::pow(1e-3, 1.0 / static_cast<double>(evaluations));
    double temperature = first_temperature;
    long k = 0;
    for (; k < evaluations; ++k, temperature *= cooling) {
      if (k % 4096 == 0 && std::chrono::steady_clock::now() > deadline)
        break;
      const auto change = draw(changes, size);
      if (!change || (*change < 0.0 && unit(random) >= std::exp(*change / temperature)))
        continue;
      if (size == 1)
        apply(std::array{changes[0]});
      else
        apply(changes);
      if (objective_ > best_objective + 1e-6 * std::max(1.0, std::abs(best_objective))) {
        best_objective = objective_;
        best = values_;
        ++best_copies_;
      }
    }
    return k;
  }

  const std::vector<double>& values() const { return values_; }
  long best_copies() const { return best_copies_; }

 private:
  void index_model() {
    const std::size_t column_count = model_.columns.size();
    // Only the columns a move changes need their rows: choices,
    // participation, partners and auxiliaries (deal and tax rows, most of a
    // large model's terms, keep their activity).
    std::vector<bool> changes(column_count, false);
    for (const int x : built_.choose)
      changes[static_cast<std::size_t>(x)] = true;
    for (const int z : built_.takes_part)
      changes[static_cast<std::size_t>(z)] = true;
    for (const auto& [x, partner] : built_.partner_links)
      changes[static_cast<std::size_t>(partner)] = true;
    for (const auto& aux : built_.auxiliaries)
      changes[static_cast<std::size_t>(aux.column)] = true;
    activity_.assign(model_.rows.size(), 0.0);
    for (std::size_t r = 0; r < model_.rows.size(); ++r) {
      for (const auto& [column, coefficient] : model_.rows[r].terms)
        activity_[r] += coefficient * values_[static_cast<std::size_t>(column)];
    }
    rows_of_ = FlatLists<std::pair<int, double>>::from(column_count, [&](const auto& emit) {
      for (std::size_t r = 0; r < model_.rows.size(); ++r) {
        for (const auto& [column, coefficient] : model_.rows[r].terms) {
          if (changes[static_cast<std::size_t>(column)])
            emit(static_cast<std::size_t>(column), {static_cast<int>(r), coefficient});
        }
      }
    });

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

  void index_parcels() {
    const auto& region = *problem_.region;
    const std::size_t parcel_count = problem_.parcels.size();
    candidate_of_column_.assign(model_.columns.size(), -1);
    current_.assign(parcel_count, -1);
    farm_count_.assign(problem_.farms.size(), 0);
    for (std::size_t c = 0; c < problem_.candidates.size(); ++c) {
      const auto& candidate = problem_.candidates[c];
      const int x = built_.choose[c];
      candidate_of_column_[static_cast<std::size_t>(x)] = static_cast<int>(c);
      option_.emplace(key(candidate.parcel, candidate.farm), x);
      if (values_[static_cast<std::size_t>(x)] > 0.5) {
        current_[candidate.parcel] = x;
        ++farm_count_[candidate.farm];
        if (const auto giver = problem_.parcels[candidate.parcel].from_farm)
          ++farm_count_[*giver];
      }
    }
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
    // Each parcel's farms with the nearest farmsteads, for moves that cut travel.
    nearest_.resize(parcel_count);
    for (std::size_t c = 0; c < problem_.candidates.size(); ++c)
      nearest_[problem_.candidates[c].parcel].push_back(c);
    for (auto& list : nearest_) {
      std::sort(list.begin(), list.end(), [&](std::size_t l, std::size_t r) {
        const auto &a = problem_.candidates[l], &b = problem_.candidates[r];
        return a.distance_m != b.distance_m ? a.distance_m < b.distance_m : a.farm < b.farm;
      });
      list.resize(std::min(list.size(), settings_.nearest_farms));
      for (auto& c : list)
        c = problem_.candidates[c].farm;
    }
    neighbours_.resize(parcel_count);
    for (const auto& pair : problem_.pairs) {
      if (const auto m = problem_.movable_index[pair.a])
        neighbours_[*m].push_back(pair.b);
      if (const auto m = problem_.movable_index[pair.b])
        neighbours_[*m].push_back(pair.a);
    }
  }

  static std::uint64_t key(std::size_t parcel, std::size_t farm) {
    return (static_cast<std::uint64_t>(parcel) << 32) | static_cast<std::uint64_t>(farm);
  }

  /// The column that gives movable parcel `m` to farm `f`: -1 when `f` is
  /// the farm that gives it (nothing chosen), -2 when `f` cannot have it.
  int column_for(std::size_t m, std::size_t f) const {
    if (problem_.parcels[m].from_farm == f)
      return -1;
    const auto it = option_.find(key(m, f));
    if (it == option_.end() || model_.columns[static_cast<std::size_t>(it->second)].upper < 0.5)
      return -2;
    return it->second;
  }

  /// Who uses movable parcel `m` when `column` is its choice (-1: none).
  int user_of(std::size_t m, int column) const {
    if (column >= 0)
      return static_cast<int>(problem_
                                  .candidates[static_cast<std::size_t>(
                                      candidate_of_column_[static_cast<std::size_t>(column)])]
                                  .farm);
    const auto giver = problem_.parcels[m].from_farm;
    return giver ? static_cast<int>(*giver) : -1;
  }

  /// Who uses region parcel `p` at present.
  int user_of_region_parcel(std::size_t p) const {
    if (const auto m = problem_.movable_index[p])
      return user_of(*m, current_[*m]);
    return static_user_[p];
  }

  bool held(std::size_t m) const {
    const int column = current_[m];
    return column >= 0 && model_.columns[static_cast<std::size_t>(column)].lower > 0.5;
  }

  void add_use(std::size_t m, int farm) {
    auto& list = used_by_[static_cast<std::size_t>(farm)];
    position_[m] = list.size();
    list.push_back(m);
  }

  void remove_use(std::size_t m, int farm) {
    auto& list = used_by_[static_cast<std::size_t>(farm)];
    const std::size_t at = position_[m];
    list[at] = list.back();
    position_[list[at]] = at;
    list.pop_back();
  }

  // --- One move: apply, judge, then undo or keep -------------------------

  void set_column(int column, double value) {
    const auto j = static_cast<std::size_t>(column);
    const double old = values_[j];
    if (old == value)
      return;
    saved_columns_.emplace_back(column, old);
    values_[j] = value;
    const double step = value - old;
    objective_change_ += model_.columns[j].objective * step;
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

  void count_farm(std::size_t farm, int step) {
    if (farm_stamp_[farm] != move_) {
      farm_stamp_[farm] = move_;
      saved_farms_.emplace_back(farm, farm_count_[farm]);
    }
    farm_count_[farm] += step;
  }

  /// The participation and partner counts a chosen column feeds.
  void count(int column, int step) {
    const auto j = static_cast<std::size_t>(column);
    const auto& candidate = problem_.candidates[static_cast<std::size_t>(candidate_of_column_[j])];
    count_farm(candidate.farm, step);
    if (const auto giver = problem_.parcels[candidate.parcel].from_farm)
      count_farm(*giver, step);
    for (const int* partner = partners_of_.begin(j); partner != partners_of_.end(j); ++partner) {
      const auto p = static_cast<std::size_t>(*partner);
      if (partner_stamp_[p] != move_) {
        partner_stamp_[p] = move_;
        saved_partners_.emplace_back(p, partner_count_[p]);
      }
      partner_count_[p] += step;
    }
  }

  void choose(const Change& change) {
    const int old = current_[change.parcel];
    if (old == change.column)
      return;
    saved_choices_.emplace_back(change.parcel, old);
    current_[change.parcel] = change.column;
    if (old >= 0) {
      set_column(old, 0.0);
      count(old, -1);
    }
    if (change.column >= 0) {
      set_column(change.column, 1.0);
      count(change.column, 1);
    }
  }

  /// Participation and partners follow the counts where they cross zero;
  /// the auxiliaries take their defining values.
  void follow() {
    for (const auto& [farm, before] : saved_farms_) {
      if ((farm_count_[farm] > 0) != (before > 0))
        set_column(built_.takes_part[farm], farm_count_[farm] > 0 ? 1.0 : 0.0);
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
      const double a = std::round(side_a_[i]), b = std::round(side_b_[i]);
      set_column(aux.column, aux.is_minimum ? std::min(a, b) : std::abs(a - b));
    }
  }

  double violation(std::size_t r, double activity) const {
    const auto& row = model_.rows[r];
    return std::max(0.0, row.lower - activity) + std::max(0.0, activity - row.upper);
  }

  /// Every row the move touched holds (or is no worse than before), and
  /// every changed column lies within its bounds.
  bool feasible() const {
    const double tolerance = 0.1 * settings_.row_tolerance;  // room for rounding drift
    for (const auto& [r, before] : saved_rows_) {
      if (violation(r, activity_[r]) > std::max(violation(r, before), tolerance))
        return false;
    }
    for (const auto& [column, before] : saved_columns_) {
      const auto& bounds = model_.columns[static_cast<std::size_t>(column)];
      const double value = values_[static_cast<std::size_t>(column)];
      if (value < bounds.lower - tolerance || value > bounds.upper + tolerance)
        return false;
    }
    return true;
  }

  void clear_journal() {
    saved_columns_.clear();
    saved_rows_.clear();
    saved_auxiliaries_.clear();
    saved_farms_.clear();
    saved_partners_.clear();
    saved_choices_.clear();
    objective_change_ = 0.0;
    ++move_;
  }

  void undo() {
    for (auto it = saved_columns_.rbegin(); it != saved_columns_.rend(); ++it)
      values_[static_cast<std::size_t>(it->first)] = it->second;
    for (const auto& [r, before] : saved_rows_)
      activity_[r] = before;
    for (const auto& saved : saved_auxiliaries_) {
      side_a_[saved.auxiliary] = saved.a;
      side_b_[saved.auxiliary] = saved.b;
    }
    for (const auto& [farm, before] : saved_farms_)
      farm_count_[farm] = before;
    for (const auto& [partner, before] : saved_partners_)
      partner_count_[partner] = before;
    for (auto it = saved_choices_.rbegin(); it != saved_choices_.rend(); ++it)
      current_[it->first] = it->second;
    clear_journal();
  }

  void keep() {
    for (const auto& [m, before] : saved_choices_) {
      if (const int user = user_of(m, before); user >= 0)
        remove_use(m, user);
      if (const int user = user_of(m, current_[m]); user >= 0)
        add_use(m, user);
    }
    objective_ += objective_change_;
    clear_journal();
  }

  /// The objective's change if the move keeps every row, else nothing.
  template <std::size_t N>
  std::optional<double> assess(const std::array<Change, N>& changes) {
    ++evaluations_;
    for (const auto& change : changes)
      choose(change);
    follow();
    std::optional<double> change;
    if (feasible())
      change = objective_change_;
    undo();
    return change;
  }

  template <std::size_t N>
  void apply(const std::array<Change, N>& changes) {
    for (const auto& change : changes)
      choose(change);
    follow();
    keep();
  }

  // --- The search ---------------------------------------------------------

  /// Where parcel `m`, used by `from`, may go: to a farm that uses a
  /// neighbour (consolidation), to one of its nearest farms (travel), back
  /// to the farm that gives it, or, pool land, to nobody (-1).
  std::vector<int> targets_of(std::size_t m, int from) const {
    const auto giver = problem_.parcels[m].from_farm;
    std::vector<int> targets;
    auto target = [&](int farm) {
      if (farm >= 0 && farm != from &&
          std::find(targets.begin(), targets.end(), farm) == targets.end())
        targets.push_back(farm);
    };
    for (std::size_t p : neighbours_[m])
      target(user_of_region_parcel(p));
    for (std::size_t f : nearest_[m])
      target(static_cast<int>(f));
    if (giver)
      target(static_cast<int>(*giver));
    if (!giver && from >= 0)
      targets.push_back(-1);
    return targets;
  }

  /// The best improving move of parcel `m` (alone, or swapped with a parcel
  /// of the farm it would go to), applied. Returns 1 for a relocation, 2 for
  /// a swap, 0 when nothing improves.
  int improve(std::size_t m) {
    if (held(m))
      return 0;
    const int from = user_of(m, current_[m]);
    const auto targets = targets_of(m, from);

    const double threshold = 1e-7 * std::max(1.0, std::abs(objective_));
    double best_change = threshold;
    std::array<Change, 2> best{};
    int best_kind = 0;
    for (const int to : targets) {
      const int column = to >= 0 ? column_for(m, static_cast<std::size_t>(to)) : -1;
      if (column == -2)
        continue;
      const Change move{m, column};
      if (const auto change = assess(std::array{move}); change && *change > best_change) {
        best_change = *change;
        best = {move, move};
        best_kind = 1;
      }
      if (from < 0 || to < 0)
        continue;
      for (std::size_t q : used_by_[static_cast<std::size_t>(to)]) {
        if (q == m || held(q))
          continue;
        const int back = column_for(q, static_cast<std::size_t>(from));
        if (back == -2)
          continue;
        const std::array<Change, 2> swap{move, Change{q, back}};
        if (const auto change = assess(swap); change && *change > best_change) {
          best_change = *change;
          best = swap;
          best_kind = 2;
        }
      }
    }
    if (best_kind == 1)
      apply(std::array{best[0]});
    else if (best_kind == 2)
      apply(best);
    return best_kind;
  }

  const Problem& problem_;
  const BuiltModel& built_;
  const LinearModel& model_;
  const SwapSearchSettings& settings_;
  std::vector<double> values_;
  double objective_ = 0.0;
  long evaluations_ = 0;
  long best_copies_ = 0;  ///< the annealing's copies of a new best solution

  // The model, indexed by column.
  std::vector<double> activity_;  ///< per row
  FlatLists<std::pair<int, double>> rows_of_;
  FlatLists<AuxiliaryTerm> auxiliaries_of_;
  FlatLists<int> partners_of_;
  std::vector<double> side_a_, side_b_;  ///< per auxiliary: its expressions' values
  std::vector<int> partner_count_;       ///< per partner column: chosen columns linked
  std::vector<int> candidate_of_column_;

  // The parcels.
  std::unordered_map<std::uint64_t, int> option_;  ///< (parcel, farm) -> column
  std::vector<int> current_;                       ///< per movable parcel: chosen column or -1
  std::vector<int> farm_count_;                    ///< per farm: chosen columns it gives or takes
  std::vector<std::vector<std::size_t>> used_by_;  ///< per farm: movable parcels it uses
  std::vector<std::size_t> position_;              ///< per movable parcel: its place there
  std::vector<int> static_user_;                   ///< per region parcel: user if it cannot move
  std::vector<std::vector<std::size_t>> neighbours_;  ///< per movable parcel: region parcels
  std::vector<std::vector<std::size_t>> nearest_;     ///< per movable parcel: nearest farms

  // The journal of the move being judged.
  struct SavedAuxiliary {
    std::uint32_t auxiliary;
    double a, b;
  };
  std::uint32_t move_ = 1;
  std::vector<std::uint32_t> row_stamp_, auxiliary_stamp_, partner_stamp_, farm_stamp_;
  std::vector<std::pair<int, double>> saved_columns_;
  std::vector<std::pair<std::size_t, double>> saved_rows_;
  std::vector<SavedAuxiliary> saved_auxiliaries_;
  std::vector<std::pair<std::size_t, int>> saved_farms_, saved_partners_, saved_choices_;
  double objective_change_ = 0.0;
};

/// Whether a search may start from `values`: a region with movable parcels,
/// time left, and a start that keeps every row (within the optimiser's own
/// tolerance: a sub-MIP may miss a row by millionths).
bool may_start(const Problem& problem, const BuiltModel& built, const std::vector<double>& values,
               const SwapSearchSettings& settings, std::chrono::steady_clock::time_point deadline) {
  return !problem.parcels.empty() && std::chrono::steady_clock::now() < deadline &&
         !built.model.first_violation(values, 10 * settings.row_tolerance);
}

}  // namespace

std::vector<double> search_swaps(const Problem& problem, const BuiltModel& built,
                                 std::vector<double> values, const SwapSearchSettings& settings,
                                 std::chrono::steady_clock::time_point deadline,
                                 SwapSearchReport* report) {
  if (!may_start(problem, built, values, settings, deadline))
    return values;
  const auto start = std::chrono::steady_clock::now();
  const double before = built.model.objective_of(values);
  SwapSearch search(problem, built, values, settings);
  const auto done = search.run(deadline);
  if (report)
    *report = done;
  const double after = built.model.objective_of(search.values());
  spdlog::debug("swap search: {} moves evaluated in {} passes, {:.1f} s, value {:.0f} -> {:.0f}",
                done.evaluations, done.passes, seconds_since(start), before, after);
  if (after <= before || built.model.first_violation(search.values(), 10 * settings.row_tolerance))
    return values;
  spdlog::info(
      "swap search: value {:.0f} -> {:.0f} ({} relocations, {} swaps, {} moves evaluated in {} "
      "passes{}, {:.1f} s)",
      before, after, done.relocations, done.swaps, done.evaluations, done.passes,
      done.local_optimum ? ", local optimum" : "", seconds_since(start));
  return search.values();
}

std::vector<double> anneal_swaps(const Problem& problem, const BuiltModel& built,
                                 std::vector<double> values, const SwapSearchSettings& settings,
                                 long evaluations, unsigned seed,
                                 std::chrono::steady_clock::time_point deadline) {
  if (!may_start(problem, built, values, settings, deadline))
    return values;
  const auto start = std::chrono::steady_clock::now();
  const double before = built.model.objective_of(values);
  SwapSearch search(problem, built, values, settings);
  std::vector<double> best;
  double first_temperature = 0.0;
  const long done = search.anneal(evaluations, seed, deadline, best, first_temperature);
  search.run(deadline);  // the end state polished
  const auto& polished = search.values();
  const auto& result =
      built.model.objective_of(polished) >= built.model.objective_of(best) ? polished : best;
  const double after = built.model.objective_of(result);
  spdlog::info(
      "annealing: value {:.0f} -> {:.0f} ({} of {} moves{}, first temperature {:.0f} EUR, {} "
      "new bests copied, {:.1f} s)",
      before, after, done, evaluations, done < evaluations ? ", stopped by the deadline" : "",
      first_temperature, search.best_copies(), seconds_since(start));
  if (after <= before || built.model.first_violation(result, 10 * settings.row_tolerance))
    return values;
  return result;
}

}  // namespace landpool::solver
