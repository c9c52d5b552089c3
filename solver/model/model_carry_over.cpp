// The carry-over of earlier quarters in the model (docs/workflow.md):
//   held       x = 1 (lower bound) for each transfer of a deal on hold
//   stability  + stability_eur_per_transfer for each transfer of the last
//              run's open proposal chosen again
//   refused    sum of x over a refused deal's transfers <= n - 1: never all
//              of them again (rows only where all are still candidates)

#include <map>

#include "solver/model/model_builder.hpp"

namespace landpool::solver {

void add_carry_over(const Problem& problem, BuiltModel& built) {
  const auto& carry = *problem.carry;
  if (carry.empty())
    return;
  auto& model = built.model;
  const auto& region = *problem.region;
  std::map<std::pair<std::string, std::string>, int> column_of;  // (parcel, farm) -> x
  for (std::size_t c = 0; c < problem.candidates.size(); ++c) {
    const auto& candidate = problem.candidates[c];
    auto& column = model.columns[static_cast<std::size_t>(built.choose[c])];
    if (candidate.held)
      column.lower = 1.0;
    if (candidate.previously_proposed) {
      built.add_objective(ObjectiveTerm::stability, built.choose[c],
                          problem.scenario.cycle.stability_eur_per_transfer);
    }
    column_of[{region.parcels[problem.parcels[candidate.parcel].region_index].parcel_id,
               problem.farms[candidate.farm].farm_id}] = built.choose[c];
  }
  for (std::size_t d = 0; d < carry.refused_deals.size(); ++d) {
    std::vector<std::pair<int, double>> terms;
    for (const auto& t : carry.refused_deals[d]) {
      const auto it = column_of.find({t.parcel_id, t.to_farm_id});
      if (it == column_of.end()) {
        terms.clear();  // one transfer is impossible: so is the shape
        break;
      }
      terms.emplace_back(it->second, 1.0);
    }
    if (terms.empty())
      continue;
    const double most = static_cast<double>(terms.size()) - 1.0;
    model.add_row("refused_deal[" + std::to_string(d) + "]", std::move(terms), -kInfinity, most);
  }
}

}  // namespace landpool::solver
