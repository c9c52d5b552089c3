#include "solver/search/deal_recombination.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include "core/clock.hpp"
#include "solver/search/deal_splitting.hpp"

namespace landpool::solver {

namespace {
constexpr double kNotInDeal = std::numeric_limits<double>::quiet_NaN();
/// The packing's simplex iterations at most (checked at each node, with the
/// node limit a work limit), and its seconds (a safety net). An iteration
/// took 0.29-0.65 ms on pools of 600-900 deals (10,000 parcels' later search
/// cycles), so the iterations end it before the safety net does.
constexpr long kMostPackingIterations = 12'000;
constexpr double kMostPackingSeconds = 10.0;
}  // namespace

DealPool::DealPool(const Problem& problem, const BuiltModel& built)
    : problem_(problem),
      built_(built),
      farm_columns_(problem.farms.size()),
      nothing_(start_values(problem, built, {})),
      alone_values_(built.model.columns.size(), kNotInDeal) {
  const std::size_t column_count = built.model.columns.size();
  auxiliaries_of_ = FlatLists<std::size_t>::from(column_count, [&](const auto& emit) {
    for (std::size_t a = 0; a < built.auxiliaries.size(); ++a) {
      for (const auto* expression : {&built.auxiliaries[a].a, &built.auxiliaries[a].b}) {
        for (const auto& [column, coefficient] : expression->terms)
          emit(static_cast<std::size_t>(column), a);
      }
    }
  });
  index_slack_rows();
  std::vector<bool> followed(column_count, false);  // choices, auxiliaries and slacks
  for (int column : built.choose)
    followed[static_cast<std::size_t>(column)] = true;
  for (const auto& auxiliary : built.auxiliaries)
    followed[static_cast<std::size_t>(auxiliary.column)] = true;
  for (const auto& slack : slack_rows_)
    followed[static_cast<std::size_t>(slack.column)] = true;
  for (std::size_t j = 0; j < column_count; ++j) {
    if (followed[j])
      continue;
    for (const std::uint32_t f : built.column_farms.of(j))
      farm_columns_[f].push_back(static_cast<int>(j));
  }
}

void DealPool::index_slack_rows() {
  slack_rows_ = penalty_slack_rows(built_);
  slack_rows_of_ = FlatLists<std::size_t>::from(built_.model.columns.size(), [&](const auto& emit) {
    for (std::size_t index = 0; index < slack_rows_.size(); ++index) {
      for (const auto& [column, coefficient] : built_.model.rows[slack_rows_[index].row].terms) {
        if (column != slack_rows_[index].column)
          emit(static_cast<std::size_t>(column), index);
      }
    }
  });
}

/// One deal taken out of a proposal's values: each changed column once with
/// its value before, and each column's value with the deal alone. Both are
/// restored by undo(), or on leaving scope.
struct DealPool::Removal {
  std::vector<double>& made;
  std::vector<double>& alone_values;  ///< DealPool::alone_values_
  const std::vector<double>& nothing;
  const LinearModel& model;
  std::vector<std::pair<int, double>> before;
  std::vector<int> followed;  ///< columns whose value alone is in alone_values
  double alone_eur = 0.0;     ///< the deal alone less nothing

  Removal(std::vector<double>& made_values, std::vector<double>& alone,
          const std::vector<double>& nothing_values, const LinearModel& linear_model)
      : made(made_values), alone_values(alone), nothing(nothing_values), model(linear_model) {}
  Removal(const Removal&) = delete;
  Removal& operator=(const Removal&) = delete;
  ~Removal() { undo(); }

  void set(int column, double value) {
    auto& now = made[static_cast<std::size_t>(column)];
    if (now != value) {
      before.emplace_back(column, now);
      now = value;
    }
  }
  void follow(int column, double alone) {
    const auto j = static_cast<std::size_t>(column);
    alone_values[j] = alone;
    followed.push_back(column);
    alone_eur += model.columns[j].objective * (alone - nothing[j]);
  }
  double alone_of(std::size_t j) const {
    return std::isnan(alone_values[j]) ? nothing[j] : alone_values[j];
  }
  /// The objective with the deal less without it; restores `made` (last
  /// change first) and `alone_values`.
  double undo() {
    double with_less_without_eur = 0.0;
    for (auto change = before.rbegin(); change != before.rend(); ++change) {
      const auto j = static_cast<std::size_t>(change->first);
      with_less_without_eur += model.columns[j].objective * (change->second - made[j]);
      made[j] = change->second;
    }
    before.clear();
    for (int column : followed)
      alone_values[static_cast<std::size_t>(column)] = kNotInDeal;
    followed.clear();
    return with_less_without_eur;
  }
};

double DealPool::value_in(const PooledDeal& deal, std::vector<double>& made) {
  // Without the deal its farms choose nothing, so every column that concerns
  // only them is 0; the auxiliaries over those columns, and the penalty
  // slacks of rows over either, take their values again (as start_values
  // gives them). Alone, only the deal's own columns hold their values (the
  // others nothing's), and the auxiliaries and slacks follow from those.
  Removal removal(made, alone_values_, nothing_, built_.model);
  for (std::size_t c : deal.candidates)
    removal.set(built_.choose[c], 0.0);
  for (std::size_t f : deal.farms) {
    for (int column : farm_columns_[f]) {
      if (concerns_only(column, deal.farms))
        removal.set(column, 0.0);
    }
  }
  const std::size_t cleared = removal.before.size();
  for (std::size_t i = 0; i < cleared; ++i)
    removal.follow(removal.before[i].first, removal.before[i].second);
  follow_auxiliaries_and_slacks(removal);
  const double with_less_without_eur = removal.undo();
  return 0.5 * (with_less_without_eur + removal.alone_eur);
}

void DealPool::follow_auxiliaries_and_slacks(Removal& removal) const {
  auto made_of = [&](std::size_t j) { return removal.made[j]; };
  auto alone_of = [&](std::size_t j) { return removal.alone_of(j); };
  for (std::size_t a : touched(auxiliaries_of_, removal.followed)) {
    const auto& auxiliary = built_.auxiliaries[a];
    const double alone =
        auxiliary.defining_value(side(auxiliary.a, alone_of), side(auxiliary.b, alone_of));
    removal.set(auxiliary.column,
                auxiliary.defining_value(side(auxiliary.a, made_of), side(auxiliary.b, made_of)));
    removal.follow(auxiliary.column, alone);
  }
  for (std::size_t index : touched(slack_rows_of_, removal.followed)) {
    const auto& slack = slack_rows_[index];
    const double alone = least_slack(slack, alone_of);
    removal.set(slack.column, least_slack(slack, made_of));
    removal.follow(slack.column, alone);
  }
}

bool DealPool::concerns_only(int column, const std::vector<std::size_t>& farms) const {
  const auto concerned = built_.column_farms.of(static_cast<std::size_t>(column));
  return std::all_of(concerned.begin(), concerned.end(), [&](std::uint32_t f) {
    return std::binary_search(farms.begin(), farms.end(), static_cast<std::size_t>(f));
  });
}

template <typename ValueOf>
double DealPool::side(const Expression& expression, const ValueOf& value_of) {
  double sum = expression.constant;
  for (const auto& [column, coefficient] : expression.terms)
    sum += coefficient * value_of(static_cast<std::size_t>(column));
  return sum;
}

template <typename ValueOf>
double DealPool::least_slack(const PenaltySlackRow& slack, const ValueOf& value_of) const {
  const auto& row = built_.model.rows[slack.row];
  double activity = 0.0;
  for (const auto& [column, coefficient] : row.terms) {
    if (column != slack.column)
      activity += coefficient * value_of(static_cast<std::size_t>(column));
  }
  return least_slack_value(row.lower, row.upper, activity, slack.coefficient);
}

std::vector<std::size_t> DealPool::touched(const FlatLists<std::size_t>& of,
                                           const std::vector<int>& columns) {
  std::vector<std::size_t> found;
  for (int column : columns) {
    const auto j = static_cast<std::size_t>(column);
    found.insert(found.end(), of.begin(j), of.end(j));
  }
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  return found;
}

std::vector<PooledDeal> DealPool::deals_of(const std::vector<std::size_t>& chosen) const {
  const auto deal_of = deal_of_farms(problem_, chosen);
  const int count = chosen.empty() ? 0 : *std::max_element(deal_of.begin(), deal_of.end()) + 1;
  std::vector<PooledDeal> deals(static_cast<std::size_t>(std::max(0, count)));
  for (std::size_t c : chosen) {  // ascending, so each deal's candidates are too
    const auto& candidate = problem_.candidates[c];
    auto& deal = deals[static_cast<std::size_t>(deal_of[candidate.farm])];
    deal.candidates.push_back(c);
    deal.parcels.push_back(candidate.parcel);
  }
  for (std::size_t f = 0; f < deal_of.size(); ++f) {
    if (deal_of[f] >= 0)
      deals[static_cast<std::size_t>(deal_of[f])].farms.push_back(f);
  }
  for (auto& deal : deals)
    std::sort(deal.parcels.begin(), deal.parcels.end());
  return deals;
}

std::size_t DealPool::add(const std::vector<double>& values) {
  const auto chosen = chosen_candidates(problem_, built_, values);
  auto made = start_values(problem_, built_, chosen);
  std::size_t added = 0;
  for (auto& deal : deals_of(chosen)) {
    if (index_.contains(deal.candidates))
      continue;
    deal.value_eur = value_in(deal, made);
    index_.emplace(deal.candidates, deals_.size());
    deals_.push_back(std::move(deal));
    ++added;
  }
  return added;
}

namespace {

/// One row "at most one of these deals" per farm and per parcel that two or
/// more pooled deals hold.
void add_packing_rows(LinearModel& packing, const std::vector<PooledDeal>& deals,
                      std::size_t farm_count, std::size_t parcel_count) {
  std::vector<std::vector<std::pair<int, double>>> by_farm(farm_count), by_parcel(parcel_count);
  for (std::size_t d = 0; d < deals.size(); ++d) {
    for (std::size_t f : deals[d].farms)
      by_farm[f].emplace_back(static_cast<int>(d), 1.0);
    for (std::size_t m : deals[d].parcels)
      by_parcel[m].emplace_back(static_cast<int>(d), 1.0);
  }
  for (std::size_t f = 0; f < farm_count; ++f) {
    if (by_farm[f].size() > 1)
      packing.add_row("farm_" + std::to_string(f), std::move(by_farm[f]), -kInfinity, 1.0);
  }
  for (std::size_t m = 0; m < parcel_count; ++m) {
    if (by_parcel[m].size() > 1)
      packing.add_row("parcel_" + std::to_string(m), std::move(by_parcel[m]), -kInfinity, 1.0);
  }
}

}  // namespace

std::optional<std::vector<double>> DealPool::recombine(MipBackend& backend,
                                                       const std::vector<double>& start,
                                                       int max_nodes, SteadyTime deadline,
                                                       RecombinationReport* report) const {
  if (report) {
    *report = RecombinationReport{};
    report->deals = deals_.size();
  }
  const double left_s = seconds_until(deadline);
  if (deals_.empty() || left_s <= 0.0)
    return std::nullopt;
  LinearModel packing;
  for (std::size_t d = 0; d < deals_.size(); ++d)
    packing.add_binary("deal_" + std::to_string(d), deals_[d].value_eur);
  add_packing_rows(packing, deals_, problem_.farms.size(), problem_.parcels.size());

  SolveSettings settings;
  settings.time_limit_s = std::min(left_s, kMostPackingSeconds);  // a safety net
  settings.relative_gap = 1e-9;
  settings.threads = 1;
  settings.max_nodes = max_nodes;
  settings.max_iterations = kMostPackingIterations;
  settings.log_progress = false;
  std::vector<double> first(deals_.size(), 0.0);
  bool all_pooled = true;
  for (const auto& deal : deals_of(chosen_candidates(problem_, built_, start))) {
    const auto found = index_.find(deal.candidates);
    all_pooled = all_pooled && found != index_.end();
    if (found != index_.end())
      first[found->second] = 1.0;
  }
  if (all_pooled)
    settings.start = std::move(first);
  const auto solved = backend.solve(packing, settings);
  if (report) {
    report->iterations = solved.iterations;
    report->nodes = solved.nodes;
  }
  if (!solved.call_ok || !solved.has_solution())
    return std::nullopt;

  std::vector<std::size_t> chosen;
  for (std::size_t d = 0; d < deals_.size(); ++d) {
    if (solved.values[d] < 0.5)
      continue;
    chosen.insert(chosen.end(), deals_[d].candidates.begin(), deals_[d].candidates.end());
    if (report)
      report->packed.push_back(d);
  }
  std::sort(chosen.begin(), chosen.end());
  if (report) {
    report->packed_value_eur = solved.objective;
    report->proven = solved.status == SolveStatus::optimal;
  }
  auto values = start_values(problem_, built_, chosen);
  if (built_.model.first_violation(values))
    return std::nullopt;
  return values;
}

std::vector<double> DealPool::insert_deals(const std::vector<double>& start,
                                           std::vector<std::size_t> deals,
                                           SteadyTime deadline) const {
  std::sort(deals.begin(), deals.end(), [&](std::size_t a, std::size_t b) {
    return deals_[a].value_eur != deals_[b].value_eur ? deals_[a].value_eur > deals_[b].value_eur
                                                      : a < b;
  });
  auto chosen = chosen_candidates(problem_, built_, start);
  auto best = start_values(problem_, built_, chosen);
  double best_eur = built_.model.objective_of(best);
  for (std::size_t d : deals) {
    if (seconds_until(deadline) <= 0.0)
      break;
    const auto& deal = deals_[d];
    const auto present_deals = deals_of(chosen);
    if (std::any_of(present_deals.begin(), present_deals.end(),
                    [&](const auto& present) { return present.candidates == deal.candidates; }))
      continue;                      // made already
    std::vector<std::size_t> tried;  // the present deals that share no farm or parcel with it
    for (const auto& present : present_deals) {
      if (!shares_farm_or_parcel(present, deal))
        tried.insert(tried.end(), present.candidates.begin(), present.candidates.end());
    }
    tried.insert(tried.end(), deal.candidates.begin(), deal.candidates.end());
    std::sort(tried.begin(), tried.end());
    auto values = start_values(problem_, built_, tried);
    const double value_eur = built_.model.objective_of(values);
    if (value_eur > best_eur + 1e-9 * std::max(1.0, std::abs(best_eur)) &&
        !built_.model.first_violation(values)) {
      chosen = std::move(tried);
      best = std::move(values);
      best_eur = value_eur;
    }
  }
  return best;
}

bool DealPool::shares_farm_or_parcel(const PooledDeal& a, const PooledDeal& b) {
  auto meet = [](const std::vector<std::size_t>& x, const std::vector<std::size_t>& y) {
    for (auto i = x.begin(), j = y.begin(); i != x.end() && j != y.end();) {
      if (*i == *j)
        return true;
      *i < *j ? ++i : ++j;
    }
    return false;
  };
  return meet(a.farms, b.farms) || meet(a.parcels, b.parcels);
}

}  // namespace landpool::solver
