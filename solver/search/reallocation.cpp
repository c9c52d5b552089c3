#include "solver/search/reallocation.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>
#include <string_view>
#include <unordered_map>

#include <spdlog/spdlog.h>

#include "core/clock.hpp"
#include "solver/backends/incremental_lp.hpp"
#include "solver/search/assignment_repair.hpp"

namespace landpool::solver {
namespace {

enum class Kind : unsigned char { other, choice, takes_part, slack, auxiliary };

/// What each column of the model is, and its candidate, farm or auxiliary.
struct ColumnKinds {
  std::vector<Kind> kind;
  std::vector<int> index;
};

ColumnKinds classify(const BuiltModel& built) {
  const auto& columns = built.model.columns;
  ColumnKinds kinds{std::vector<Kind>(columns.size(), Kind::other),
                    std::vector<int>(columns.size(), -1)};
  for (std::size_t j = 0; j < columns.size(); ++j) {
    if (!columns[j].integer)
      kinds.kind[j] = Kind::slack;  // penalty slacks; auxiliaries are marked below
  }
  auto mark = [&](int column, Kind kind, std::size_t index) {
    kinds.kind[static_cast<std::size_t>(column)] = kind;
    kinds.index[static_cast<std::size_t>(column)] = static_cast<int>(index);
  };
  for (std::size_t c = 0; c < built.choose.size(); ++c)
    mark(built.choose[c], Kind::choice, c);
  for (std::size_t f = 0; f < built.takes_part.size(); ++f)
    mark(built.takes_part[f], Kind::takes_part, f);
  for (std::size_t i = 0; i < built.auxiliaries.size(); ++i)
    mark(built.auxiliaries[i].column, Kind::auxiliary, i);
  return kinds;
}

/// Adds `factor` times `expression` to `into` over the choice columns alone,
/// every other column at its value.
void add_over_choices(Expression& into, const Expression& expression, double factor,
                      const std::vector<double>& values, const ColumnKinds& kinds) {
  into.constant += factor * expression.constant;
  for (const auto& [column, coefficient] : expression.terms) {
    if (kinds.kind[static_cast<std::size_t>(column)] == Kind::choice)
      into.add(column, factor * coefficient);
    else
      into.constant += factor * coefficient * values[static_cast<std::size_t>(column)];
  }
}

/// An affine lower (or upper) bound of an auxiliary over all of [0,1]²,
/// exact at the present proposal (where a and b are 0/1): min(a, b) >=
/// a + b - 1 and >= 0; min(a, b) <= a and <= b; |a - b| >= ±(a - b);
/// |a - b| <= a + b and <= 2 - a - b.
Expression affine_bound(const Auxiliary& aux, const std::vector<double>& values,
                        const ColumnKinds& kinds, bool lower) {
  const double a = aux.a.value(values), b = aux.b.value(values);
  Expression bound;
  if (aux.is_minimum && lower) {
    if (a + b > 1.5) {
      add_over_choices(bound, aux.a, 1.0, values, kinds);
      add_over_choices(bound, aux.b, 1.0, values, kinds);
      bound.constant -= 1.0;
    }
  } else if (aux.is_minimum) {
    add_over_choices(bound, a <= b ? aux.a : aux.b, 1.0, values, kinds);
  } else if (lower) {
    add_over_choices(bound, aux.a, a >= b ? 1.0 : -1.0, values, kinds);
    add_over_choices(bound, aux.b, a >= b ? -1.0 : 1.0, values, kinds);
  } else {
    const double sign = a + b > 1.5 ? -1.0 : 1.0;
    bound.constant += a + b > 1.5 ? 2.0 : 0.0;
    add_over_choices(bound, aux.a, sign, values, kinds);
    add_over_choices(bound, aux.b, sign, values, kinds);
  }
  return bound;
}

/// An auxiliary's gradient at the present proposal over the choice columns.
/// Both expressions are 0/1 there, so min(a, b) = a·b and |a − b| =
/// a + b − 2·a·b, whose gradients these are.
std::vector<std::pair<int, double>> gradient(const Auxiliary& aux,
                                             const std::vector<double>& values,
                                             const ColumnKinds& kinds) {
  const double a = aux.a.value(values), b = aux.b.value(values);
  std::vector<std::pair<int, double>> slopes;
  const double slope_a = aux.is_minimum ? b : 1.0 - 2.0 * b;
  const double slope_b = aux.is_minimum ? a : 1.0 - 2.0 * a;
  for (const auto& [side, slope] : {std::pair{&aux.a, slope_a}, std::pair{&aux.b, slope_b}}) {
    if (slope == 0.0)
      continue;
    for (const auto& [column, coefficient] : side->terms) {
      if (kinds.kind[static_cast<std::size_t>(column)] == Kind::choice)
        slopes.emplace_back(column, slope * coefficient);
    }
  }
  return slopes;
}

class Reallocation {
 public:
  Reallocation(const Problem& problem, const BuiltModel& built,
               const ReallocationSettings& settings)
      : problem_(problem),
        built_(built),
        settings_(settings),
        kinds_(classify(built)),
        of_parcel_(problem.parcels.size()),
        frozen_(problem.farms.size(), false) {
    for (std::size_t c = 0; c < problem.candidates.size(); ++c)
      of_parcel_[problem.candidates[c].parcel].push_back(c);
  }

  std::vector<double> run(std::vector<double> best,
                          std::chrono::steady_clock::time_point deadline) {
    const auto& model = built_.model;
    double best_objective = model.objective_of(best);
    const double first_objective = best_objective;
    bool widen = false;  // once the narrow bands failed, later rounds start widened
    for (int round = 0; round < settings_.rounds && std::chrono::steady_clock::now() < deadline;
         ++round) {
      if (std::all_of(frozen_.begin(), frozen_.end(), [](bool f) { return f; }))
        break;
      const auto round_start = std::chrono::steady_clock::now();
      auto surrogate = surrogate_at(best, widen);
      auto chosen = round_and_repair(surrogate);
      if (!chosen && !widen) {
        // Again with every band widened to the farm's present net area, and
        // so in later rounds: a farm whose trades are held, or just inside its
        // rule's band, can make the narrow LP infeasible in every round.
        log_row_broken_at(surrogate, best);
        widen = true;
        surrogate = surrogate_at(best, true);
        chosen = round_and_repair(surrogate);
      }
      if (!chosen) {
        log_row_broken_at(surrogate, best);
        spdlog::debug("reallocation round {}: the LP failed", round);
        break;
      }
      const auto trial = start_values(problem_, built_, *chosen);
      const auto violating = farms_in_breach(problem_, built_, trial);
      const double objective = model.objective_of(trial);
      spdlog::debug(
          "reallocation round {}: {} parcels chosen, value {:.0f}, {} farms in violated rows, "
          "{:.2f} s",
          round, chosen->size(), objective, violating.size(), seconds_since(round_start));
      if (!violating.empty()) {
        bool newly_frozen = false;
        for (std::size_t f : violating) {
          newly_frozen = newly_frozen || !frozen_[f];
          frozen_[f] = true;
        }
        // Nobody new sits out: the next round would be this one again (a
        // deal-size row, which the surrogate leaves out, repeated 19 times).
        if (!newly_frozen)
          break;
        continue;
      }
      if (objective <= best_objective + 1e-9 * std::max(1.0, std::abs(best_objective)))
        break;  // the linearisation has settled
      best = trial;
      best_objective = objective;
    }
    if (best_objective > first_objective)
      spdlog::info("reallocation: value {:.0f} -> {:.0f}", first_objective, best_objective);
    return best;
  }

 private:
  /// The linearised assignment at `point` as a model of its own: per
  /// parcel its most valuable candidates (and the present choice; choices
  /// touching a farm that sits out are held at the present), participation,
  /// penalty slacks, the model's rows over these alone, and "nobody worse
  /// off" linearised. Choices not in it are 0.
  struct Surrogate {
    LinearModel model;
    std::vector<std::size_t> whole;  ///< per column: its column in the whole model
    std::vector<int> local;          ///< per whole-model column: its column here, or -1
  };

  /// Debug log: the first row or bound of the surrogate that `point`, the
  /// proposal it linearises, breaks. The point should keep them all, so
  /// this says why the surrogate's LP is infeasible.
  void log_row_broken_at(const Surrogate& surrogate, const std::vector<double>& point) const {
    if (!spdlog::should_log(spdlog::level::debug))
      return;
    std::vector<double> local(surrogate.whole.size());
    for (std::size_t j = 0; j < local.size(); ++j)
      local[j] = point[surrogate.whole[j]];
    const auto broken = surrogate.model.first_violation(local);
    spdlog::debug("reallocation: the proposal {}",
                  broken ? "breaks the surrogate's " + *broken : "keeps the surrogate's rows");
  }

  Surrogate surrogate_at(const std::vector<double>& point, bool widen_to_point) const {
    const auto& model = built_.model;
    const std::size_t column_count = model.columns.size();

    // The objective, with the auxiliaries' slopes on the choices.
    std::vector<double> objective(column_count, 0.0);
    for (std::size_t j = 0; j < column_count; ++j) {
      if (kinds_.kind[j] != Kind::auxiliary && kinds_.kind[j] != Kind::other)
        objective[j] = model.columns[j].objective;
    }
    for (const auto& aux : built_.auxiliaries) {
      const double weight = model.columns[static_cast<std::size_t>(aux.column)].objective;
      if (weight == 0.0)
        continue;
      for (const auto& [column, slope] : gradient(aux, point, kinds_))
        objective[static_cast<std::size_t>(column)] += weight * slope;
    }

    Surrogate surrogate;
    auto& local = surrogate.local;
    local.assign(column_count, -1);
    auto include = [&](std::size_t j, double lower, double upper) {
      if (local[j] >= 0)
        return;
      local[j] = static_cast<int>(surrogate.whole.size());
      surrogate.whole.push_back(j);
      const auto& column = model.columns[j];
      surrogate.model.columns.push_back({column.name, lower, upper, objective[j], column.integer});
    };
    const std::size_t per_parcel = std::max<std::size_t>(
        4, settings_.most_lp_candidates / std::max<std::size_t>(1, problem_.parcels.size()));
    for (auto candidates : of_parcel_) {
      std::stable_sort(candidates.begin(), candidates.end(), [&](std::size_t l, std::size_t r) {
        return objective[column_of(l)] > objective[column_of(r)];
      });
      std::size_t taken = 0;
      for (std::size_t c : candidates) {
        const std::size_t j = column_of(c);
        const auto& column = model.columns[j];
        if (touches_frozen(c)) {
          include(j, point[j], point[j]);
        } else if (point[j] > 0.5 || column.lower > 0.5 || taken < per_parcel) {
          include(j, column.lower, column.upper);
          ++taken;
        }
      }
    }
    for (std::size_t j = 0; j < column_count; ++j) {
      if (kinds_.kind[j] == Kind::takes_part || kinds_.kind[j] == Kind::slack)
        include(j, model.columns[j].lower, model.columns[j].upper);
    }

    auto localised = [&](const std::vector<std::pair<int, double>>& terms) {
      std::vector<std::pair<int, double>> result;
      for (const auto& [column, coefficient] : terms) {
        if (const int j = local[static_cast<std::size_t>(column)]; j >= 0)
          result.emplace_back(j, coefficient);
      }
      return result;
    };
    // Area bands with a margin (hard rule only): rounding moves a farm's
    // net area by up to a parcel, which the margin absorbs.
    const bool own_bands = problem_.scenario.rule(RuleId::demand_balance).mode == RuleMode::hard;
    for (const auto& row : model.rows) {
      if (own_bands && row.name.starts_with("balance_"))
        continue;
      if (linear_row(row))
        surrogate.model.add_row(row.name, localised(row.terms), row.lower, row.upper);
    }
    if (own_bands)
      add_bands(surrogate, point, widen_to_point);
    if (problem_.scenario.rule(RuleId::nobody_worse_off).mode != RuleMode::hard)
      return surrogate;
    for (std::size_t f = 0; f < problem_.farms.size(); ++f) {
      const auto& gain = built_.gain[f];
      if (gain.terms.empty() || frozen_[f])
        continue;
      double constant = gain.constant;
      std::vector<std::pair<int, double>> terms;
      for (const auto& [column, coefficient] : gain.terms) {
        const auto j = static_cast<std::size_t>(column);
        if (kinds_.kind[j] == Kind::choice) {
          terms.emplace_back(column, coefficient);
        } else if (kinds_.kind[j] == Kind::auxiliary) {
          // A bound from the side that keeps the row safe: what the
          // surrogate accepts, the farm's own measure accepts too.
          const auto bound =
              affine_bound(built_.auxiliaries[static_cast<std::size_t>(kinds_.index[j])], point,
                           kinds_, coefficient > 0.0);
          constant += coefficient * bound.constant;
          for (const auto& [x, slope] : bound.terms)
            terms.emplace_back(x, coefficient * slope);
        } else {
          constant += coefficient * point[j];
        }
      }
      // add_row merges the terms of one column.
      surrogate.model.add_row("not_worse_off_linearised[" + problem_.farms[f].farm_id + "]",
                              localised(terms), -constant, kInfinity);
    }
    return surrogate;
  }

  /// The rows of rule demand_balance (4) as model_rules writes them, with each
  /// farm's tolerance reduced by the band margin; farms sitting out keep their
  /// fixed choices.
  /// With `widen_to_point`, every band holds the farm's net area at `point`
  /// (which the rule's own band holds): the bands no longer cut `point` off.
  void add_bands(Surrogate& surrogate, const std::vector<double>& point,
                 bool widen_to_point) const {
    const auto& region = *problem_.region;
    const std::size_t farm_count = problem_.farms.size();
    std::vector<std::vector<std::pair<int, double>>> low(farm_count), high(farm_count);
    for (std::size_t c = 0; c < problem_.candidates.size(); ++c) {
      const int j = local_of(surrogate, c);
      if (j < 0)
        continue;
      const auto& candidate = problem_.candidates[c];
      const auto& movable = problem_.parcels[candidate.parcel];
      const double area = region.parcels[movable.region_index].area_ha;
      low[candidate.farm].emplace_back(j, area);
      high[candidate.farm].emplace_back(j, area);
      if (const auto giver = movable.from_farm) {
        const double tolerance =
            problem_.farms[*giver].tolerance_share * (1.0 - settings_.band_margin);
        low[*giver].emplace_back(j, -area + tolerance * area);
        high[*giver].emplace_back(j, -area - tolerance * area);
      }
    }
    for (std::size_t f = 0; f < farm_count; ++f) {
      if (frozen_[f])
        continue;
      const int z = surrogate.local[static_cast<std::size_t>(built_.takes_part[f])];
      const auto& farm = problem_.farms[f];
      low[f].emplace_back(z, -farm.wants_min_ha);
      high[f].emplace_back(z, -farm.wants_max_ha);
      // Widened: a farm whose trades with farms sitting out are held, or
      // whose net area lies between the narrower band and the rule's, may
      // be unable to reach the narrower band; then never narrower than the
      // proposal's own net area.
      auto at_point = [&](const std::vector<std::pair<int, double>>& terms) {
        double activity = 0.0;
        for (const auto& [column, coefficient] : terms)
          activity += coefficient * point[surrogate.whole[static_cast<std::size_t>(column)]];
        return activity;
      };
      const double low_at_point = widen_to_point ? at_point(low[f]) : 0.0;
      const double high_at_point = widen_to_point ? at_point(high[f]) : 0.0;
      surrogate.model.add_row("band_min[" + farm.farm_id + "]", std::move(low[f]),
                              std::min(0.0, low_at_point), kInfinity);
      surrogate.model.add_row("band_max[" + farm.farm_id + "]", std::move(high[f]), -kInfinity,
                              std::max(0.0, high_at_point));
    }
  }

  /// Integral choices from the surrogate's LP relaxation (Clp from
  /// scratch): each parcel to its largest share when that is at least what
  /// stays; then the rows rounding breaks are repaired parcel by parcel.
  /// Nothing when the LP fails. (Not diving: the bands keep about one
  /// fractional parcel per farm whatever is fixed.)
  std::optional<std::vector<std::size_t>> round_and_repair(const Surrogate& surrogate) const {
    const auto& model = surrogate.model;
    auto lp = make_clp_lp();
    std::vector<LpColumn> columns;
    for (const auto& column : model.columns)
      columns.push_back({column.objective, column.lower, column.upper, {}});
    for (const auto& row : model.rows) {
      const int r = lp->add_row(row.lower, row.upper);
      for (const auto& [column, coefficient] : row.terms)
        columns[static_cast<std::size_t>(column)].terms.emplace_back(r, coefficient);
    }
    lp->add_columns(columns);
    if (const auto status = lp->solve_from_scratch(); status != LpStatus::optimal) {
      spdlog::debug("reallocation: Clp ends {} on {} columns, {} rows",
                    status == LpStatus::infeasible  ? "infeasible"
                    : status == LpStatus::unbounded ? "unbounded"
                                                    : "without a solution",
                    model.columns.size(), model.rows.size());
      return std::nullopt;
    }
    const auto values = lp->values();
    constexpr double kIntegral = 1e-6;
    std::vector<double> rounded(model.columns.size(), 0.0);
    AssignmentShape shape;
    for (const auto& candidates : of_parcel_) {
      double best_share = 0.0, total = 0.0;
      std::optional<std::size_t> best;
      for (std::size_t c : candidates) {
        const int j = local_of(surrogate, c);
        if (j < 0)
          continue;
        total += values[static_cast<std::size_t>(j)];
        if (values[static_cast<std::size_t>(j)] > best_share + kIntegral) {
          best_share = values[static_cast<std::size_t>(j)];
          best = c;
        }
      }
      if (best && best_share >= 1.0 - total - kIntegral)
        rounded[static_cast<std::size_t>(local_of(surrogate, *best))] = 1.0;
      shape.groups.emplace_back();
      for (std::size_t c : candidates) {
        if (const int j = local_of(surrogate, c); j >= 0)
          shape.groups.back().push_back(j);
      }
    }
    std::vector<std::vector<int>> choices_of(problem_.farms.size());
    for (std::size_t c = 0; c < problem_.candidates.size(); ++c) {
      const int j = local_of(surrogate, c);
      if (j < 0)
        continue;
      const auto& candidate = problem_.candidates[c];
      choices_of[candidate.farm].push_back(j);
      if (const auto giver = problem_.parcels[candidate.parcel].from_farm)
        choices_of[*giver].push_back(j);
    }
    for (std::size_t f = 0; f < problem_.farms.size(); ++f) {
      const int z = surrogate.local[static_cast<std::size_t>(built_.takes_part[f])];
      rounded[static_cast<std::size_t>(z)] =
          std::any_of(choices_of[f].begin(), choices_of[f].end(),
                      [&](int j) { return rounded[static_cast<std::size_t>(j)] > 0.5; })
              ? 1.0
              : 0.0;
      shape.participation.emplace_back(z, std::move(choices_of[f]));
    }
    const double left = repair_assignment(model, shape, rounded);
    spdlog::debug("reallocation: violation left after repair {:.3g}", left);
    std::vector<std::size_t> chosen;
    for (std::size_t c = 0; c < problem_.candidates.size(); ++c) {
      const int j = local_of(surrogate, c);
      if (j >= 0 && rounded[static_cast<std::size_t>(j)] > 0.5)
        chosen.push_back(c);
    }
    return chosen;
  }

  int local_of(const Surrogate& surrogate, std::size_t candidate) const {
    return surrogate.local[column_of(candidate)];
  }

  std::size_t column_of(std::size_t candidate) const {
    return static_cast<std::size_t>(built_.choose[candidate]);
  }

  bool touches_frozen(std::size_t candidate) const {
    const auto& c = problem_.candidates[candidate];
    const auto giver = problem_.parcels[c.parcel].from_farm;
    return frozen_[c.farm] || (giver && frozen_[*giver]);
  }

  /// Whether `row` lies over choices, participation and slacks only, and is
  /// not a "receiving farm takes part" row of a farm that wants no least area.
  bool linear_row(const LinearModel::Row& row) const {
    for (const auto& [column, coefficient] : row.terms) {
      const auto kind = kinds_.kind[static_cast<std::size_t>(column)];
      if (kind != Kind::choice && kind != Kind::takes_part && kind != Kind::slack)
        return false;
    }
    if (row.terms.size() != 2 || row.upper != 0.0)
      return true;
    std::optional<std::size_t> choice, farm;
    for (const auto& [column, coefficient] : row.terms) {
      const auto j = static_cast<std::size_t>(column);
      if (kinds_.kind[j] == Kind::choice && coefficient > 0.0)
        choice = j;
      else if (kinds_.kind[j] == Kind::takes_part && coefficient < 0.0)
        farm = static_cast<std::size_t>(kinds_.index[j]);
    }
    return !choice || !farm || problem_.farms[*farm].wants_min_ha > 0.0;
  }

  const Problem& problem_;
  const BuiltModel& built_;
  const ReallocationSettings& settings_;
  ColumnKinds kinds_;
  std::vector<std::vector<std::size_t>> of_parcel_;  ///< per parcel: its candidates
  std::vector<bool> frozen_;
};

}  // namespace

std::vector<double> reallocate(const Problem& problem, const BuiltModel& built,
                               std::vector<double> values, const ReallocationSettings& settings,
                               std::chrono::steady_clock::time_point deadline) {
  std::size_t exchange_parcels = 0;
  for (const auto& parcel : problem.parcels)
    exchange_parcels += parcel.from_farm ? 1 : 0;
  // The optimiser's own tolerance: a sub-MIP's solution may miss a row by
  // a few millionths.
  if (exchange_parcels < settings.least_exchange_parcels ||
      built.model.first_violation(values, 1e-5))
    return values;
  return Reallocation(problem, built, settings).run(std::move(values), deadline);
}

}  // namespace landpool::solver
