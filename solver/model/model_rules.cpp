// Rules demand_balance (4), nobody_worse_off (5) and partners (6) as rows, each
// hard, a penalty (with a slack column that costs its penalty per unit) or off,
// as the scenario says.

#include <algorithm>
#include <map>

#include <spdlog/fmt/fmt.h>

#include "solver/model/model_builder.hpp"

namespace landpool::solver {
namespace {

/// A slack column of farm `farm`'s rule in penalty mode, or -1 when the rule is hard.
int slack(BuiltModel& built, const RuleSetting& rule, std::string name, std::size_t farm) {
  if (rule.mode != RuleMode::penalty)
    return -1;
  return add_penalty_slack(built, std::move(name), rule.penalty_eur, farm);
}

}  // namespace

void add_demand_balance(const Problem& problem, BuiltModel& built) {
  const auto& rule = problem.scenario.rule(RuleId::demand_balance);
  if (rule.mode == RuleMode::off)
    return;
  auto& model = built.model;
  const auto& region = *problem.region;
  std::vector<Expression> net(problem.farms.size()), given(problem.farms.size());
  for (std::size_t c = 0; c < problem.candidates.size(); ++c) {
    const auto& candidate = problem.candidates[c];
    const auto& movable = problem.parcels[candidate.parcel];
    const double area = region.parcels[movable.region_index].area_ha;
    net[candidate.farm].add(built.choose[c], area);
    if (movable.from_farm) {
      net[*movable.from_farm].add(built.choose[c], -area);
      given[*movable.from_farm].add(built.choose[c], area);
    }
  }
  for (std::size_t f = 0; f < problem.farms.size(); ++f) {
    const auto& farm = problem.farms[f];
    const int z = built.takes_part[f];
    // net >= wants_min * z - tolerance * given
    auto low = net[f].terms;
    low.emplace_back(z, -farm.wants_min_ha);
    for (const auto& [column, coefficient] : given[f].terms)
      low.emplace_back(column, farm.tolerance_share * coefficient);
    if (const int s = slack(built, rule, "short_of_min[" + farm.farm_id + "]", f); s >= 0)
      low.emplace_back(s, 1.0);
    model.add_row("balance_min[" + farm.farm_id + "]", std::move(low), 0.0, kInfinity);
    built.tag_last_row({f});
    // net <= wants_max * z + tolerance * given
    auto high = net[f].terms;
    high.emplace_back(z, -farm.wants_max_ha);
    for (const auto& [column, coefficient] : given[f].terms)
      high.emplace_back(column, -farm.tolerance_share * coefficient);
    if (const int s = slack(built, rule, "over_max[" + farm.farm_id + "]", f); s >= 0)
      high.emplace_back(s, -1.0);
    model.add_row("balance_max[" + farm.farm_id + "]", std::move(high), -kInfinity, 0.0);
    built.tag_last_row({f});
  }
}

void add_nobody_worse_off(const Problem& problem, BuiltModel& built) {
  const auto& rule = problem.scenario.rule(RuleId::nobody_worse_off);
  if (rule.mode == RuleMode::off)
    return;
  for (std::size_t f = 0; f < problem.farms.size(); ++f) {
    const auto& gain = built.gain[f];
    if (gain.terms.empty())
      continue;
    auto terms = gain.terms;
    const int s = slack(built, rule, "shortfall[" + problem.farms[f].farm_id + "]", f);
    if (s >= 0)
      terms.emplace_back(s, 1.0);
    built.model.add_row("not_worse_off[" + problem.farms[f].farm_id + "]", std::move(terms),
                        -gain.constant, kInfinity);
    built.tag_last_row({f});
    if (s < 0)
      built.hard_gain_rows.push_back(static_cast<int>(built.model.rows.size()) - 1);
  }
}

void add_partners(const Problem& problem, BuiltModel& built) {
  const auto& rule = problem.scenario.rule(RuleId::partners);
  if (rule.mode == RuleMode::off)
    return;
  const auto& region = *problem.region;
  // Which candidates would make farm f deal with party q.
  std::vector<std::map<std::string, std::vector<int>>> links(problem.farms.size());
  for (std::size_t c = 0; c < problem.candidates.size(); ++c) {
    const auto& candidate = problem.candidates[c];
    const auto& movable = problem.parcels[candidate.parcel];
    const int x = built.choose[c];
    if (movable.from_farm) {
      links[candidate.farm]["farm:" + problem.farms[*movable.from_farm].farm_id].push_back(x);
      links[*movable.from_farm]["farm:" + problem.farms[candidate.farm].farm_id].push_back(x);
    } else {
      links[candidate.farm]["owner:" + region.parcels[movable.region_index].owner_id].push_back(x);
    }
  }
  auto& model = built.model;
  for (std::size_t f = 0; f < problem.farms.size(); ++f) {
    const auto& farm = problem.farms[f];
    if (static_cast<int>(links[f].size()) <= farm.max_partners)
      continue;  // cannot bind
    std::vector<std::pair<int, double>> count;
    for (const auto& [party, columns] : links[f]) {
      const int deals = model.add_binary(fmt::format("partner[{},{}]", farm.farm_id, party), 0.0);
      built.tag_column(deals, {f});
      built.tag_column_by_id(deals, party);
      count.emplace_back(deals, 1.0);
      for (int x : columns) {
        model.add_row("partner_link", {{x, 1.0}, {deals, -1.0}}, -kInfinity, 0.0);
        built.partner_links.emplace_back(x, deals);
      }
    }
    if (const int s = slack(built, rule, "extra_partners[" + farm.farm_id + "]", f); s >= 0)
      count.emplace_back(s, -1.0);
    model.add_row("partners[" + farm.farm_id + "]", std::move(count), -kInfinity,
                  farm.max_partners);
    built.tag_last_row({f});
  }
}

int add_penalty_slack(BuiltModel& built, std::string name, double penalty_eur) {
  const int column = built.model.add_continuous(std::move(name), 0.0, kInfinity, 0.0);
  built.penalty_slacks.push_back(column);
  built.add_objective(ObjectiveTerm::penalties, column, -penalty_eur);
  return column;
}

int add_penalty_slack(BuiltModel& built, std::string name, double penalty_eur, std::size_t farm) {
  return built.tag_column(add_penalty_slack(built, std::move(name), penalty_eur), {farm});
}

std::vector<PenaltySlackRow> penalty_slack_rows(const BuiltModel& built) {
  std::vector<PenaltySlackRow> found;
  if (built.penalty_slacks.empty())
    return found;  // the usual case: every rule hard or off, no row to scan
  std::vector<bool> is_slack(built.model.columns.size(), false);
  for (int s : built.penalty_slacks)
    is_slack[static_cast<std::size_t>(s)] = true;
  for (std::size_t r = 0; r < built.model.rows.size(); ++r) {
    for (const auto& [column, coefficient] : built.model.rows[r].terms) {
      if (is_slack[static_cast<std::size_t>(column)]) {
        found.push_back({r, column, coefficient});
        break;  // one slack a row (add_penalty_slack)
      }
    }
  }
  return found;
}

void set_penalty_slack_start(const BuiltModel& built, std::vector<double>& values) {
  for (const auto& slack : penalty_slack_rows(built)) {
    const auto& row = built.model.rows[slack.row];
    double activity = 0.0;
    for (const auto& [column, coefficient] : row.terms) {
      if (column != slack.column)
        activity += coefficient * values[static_cast<std::size_t>(column)];
    }
    values[static_cast<std::size_t>(slack.column)] =
        least_slack_value(row.lower, row.upper, activity, slack.coefficient);
  }
}

std::vector<bool> deal_structure_columns(const BuiltModel& built) {
  std::vector<bool> structure(built.model.columns.size(), false);
  for (int j = built.deal_structure.first; j < built.deal_structure.second; ++j)
    structure[static_cast<std::size_t>(j)] = true;
  for (const auto& exemption : built.tax.exemptions)
    structure[static_cast<std::size_t>(exemption.column)] = false;
  return structure;
}

}  // namespace landpool::solver
