// The per-deal transaction cost: `transaction_eur_per_deal` for each deal the
// proposal asks a negotiation table to sign (a connected set of farms in the
// exchange graph with the pool land they receive, as deal_grouping.cpp
// groups them; a farm that only takes pool land is a deal of its own).
//
// Counted exactly, without columns of its own per deal: every farm with a
// transfer takes part (z_f = 1), and in a deal of k farms all but its anchor
// are in a deal anchored at another farm (model_deals.cpp), so
//   deals = sum_f z_f - sum_f j_f,   j_f = sum_{l != f} a[f,l]
// and the objective carries -c z_f and +c j_f. j_f in [0, 1] is continuous,
// bounded by its anchors (a structure row, dropped with the structure in the
// LP bound) and by j_f <= z_f, which holds in every solution and stays in the
// LP: so c (j_f - z_f) <= 0 and the cost never raises a bound. (No row j_f <=
// sum of f's exchange choices: valid, but it adds nothing to the LP bound.)

#include <spdlog/fmt/fmt.h>

#include "solver/model/model_builder.hpp"

namespace landpool::solver {

void add_deal_costs(const Problem& problem, BuiltModel& built) {
  const double cost_eur = problem.scenario.weights.transaction_eur_per_deal;
  built.joins_deal.assign(problem.farms.size(), -1);
  if (cost_eur <= 0.0)
    return;
  auto& model = built.model;
  for (const int z : built.takes_part)
    built.add_objective(ObjectiveTerm::deal_costs, z, -cost_eur);
  const auto& deal = built.deals;
  if (deal.anchor.empty())
    return;  // no farm may exchange: every deal is one farm and its pool land
  for (std::size_t f = 0; f < problem.farms.size(); ++f) {
    std::vector<std::pair<int, double>> anchors;
    for (const auto& [l, a] : deal.anchor[f]) {
      if (l != f)
        anchors.emplace_back(a, -1.0);
    }
    if (anchors.empty())
      continue;  // f anchors every deal it can be in
    const int j = built.tag_column(
        model.add_continuous("joins_deal[" + problem.farms[f].farm_id + "]", 0.0, 1.0, 0.0), {f});
    built.joins_deal[f] = j;
    built.add_objective(ObjectiveTerm::deal_costs, j, cost_eur);
    anchors.emplace_back(j, 1.0);
    model.add_row("joins_deal_anchor", std::move(anchors), -kInfinity, 0.0);
    model.add_row("joins_deal_takes_part", {{j, 1.0}, {built.takes_part[f], -1.0}}, -kInfinity,
                  0.0);
  }
}

void set_deal_cost_start(const BuiltModel& built, std::vector<double>& values) {
  for (std::size_t f = 0; f < built.joins_deal.size(); ++f) {
    if (built.joins_deal[f] < 0)
      continue;
    double joined = 0.0;
    for (const auto& [l, a] : built.deals.anchor[f]) {
      if (l != f)
        joined += values[static_cast<std::size_t>(a)];
    }
    values[static_cast<std::size_t>(built.joins_deal[f])] = std::min(1.0, joined);
  }
}

}  // namespace landpool::solver
