// The allocation rules of a municipality (docs/scenarios.md) in the model:
//   priority   + bonus per hectare of government land a priority farm receives
//   zone       + bonus per hectare inside the cluster zone that becomes or
//                stays organic, - bonus for a hectare that leaves organic use
//   government_land (penalty mode) - penalty per hectare given out against
//                eligibility or the sale ban (hard mode: no such candidate)
//   government_caps  sum of government hectares to one farm <= cap (+ slack)
// Each term is linear in the choice columns x.

#include <spdlog/fmt/fmt.h>

#include "solver/model/model_builder.hpp"

namespace landpool::solver {

void add_allocation(const Problem& problem, BuiltModel& built) {
  auto& model = built.model;
  const auto& region = *problem.region;
  const auto& scenario = problem.scenario;
  const auto& facts = *problem.allocation;
  const double zone_bonus = scenario.cluster_zone.organic_bonus_eur_per_ha;
  const auto& government_rule = scenario.rule(RuleId::government_land);
  std::vector<std::vector<std::pair<int, double>>> government_ha(problem.farms.size());
  for (std::size_t c = 0; c < problem.candidates.size(); ++c) {
    const auto& candidate = problem.candidates[c];
    const auto& movable = problem.parcels[candidate.parcel];
    const auto& farm = problem.farms[candidate.farm];
    const double area = region.parcels[movable.region_index].area_ha;
    if (movable.government) {
      built.add_objective(ObjectiveTerm::priority, built.choose[c],
                          facts.priority_eur_per_ha[farm.region_index] * area);
      government_ha[candidate.farm].emplace_back(built.choose[c], area);
    }
    if (movable.in_zone && zone_bonus > 0.0) {
      // Organic after minus organic before; pool land counts as reverting.
      const double after = farm.may_receive_organic() ? 1.0 : 0.0;
      const double before = movable.from_farm && movable.organic ? 1.0 : 0.0;
      built.add_objective(ObjectiveTerm::cluster_zone, built.choose[c],
                          zone_bonus * area * (after - before));
    }
    if (candidate.breaks_government_rule) {
      built.add_objective(ObjectiveTerm::penalties, built.choose[c],
                          -government_rule.penalty_eur * area);
    }
  }

  const auto& caps_rule = scenario.rule(RuleId::government_caps);
  if (!facts.cap_ha_per_farm || caps_rule.mode == RuleMode::off)
    return;
  for (std::size_t f = 0; f < problem.farms.size(); ++f) {
    auto terms = government_ha[f];
    if (terms.empty())
      continue;
    if (caps_rule.mode == RuleMode::penalty) {
      terms.emplace_back(
          add_penalty_slack(built, "government_over_cap[" + problem.farms[f].farm_id + "]",
                            caps_rule.penalty_eur, f),
          -1.0);
    }
    model.add_row("government_cap[" + problem.farms[f].farm_id + "]", std::move(terms), -kInfinity,
                  *facts.cap_ha_per_farm);
    built.tag_last_row({f});
  }
}

}  // namespace landpool::solver
