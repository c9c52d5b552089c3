// The model's families in the order they are written: each adds its columns,
// rows and objective coefficients to `built` (docs/model.md, rule by rule).

#include "solver/model/model_builder.hpp"

namespace landpool::solver {

BuiltModel build_model(const Problem& problem, const BuildOptions& options) {
  BuiltModel built;
  add_assignment(problem, built);                     // x, z; rule who_may_move
  add_farm_gains_and_value(problem, options, built);  // the objective terms, each farm's gain
  add_demand_balance(problem, built);
  add_nobody_worse_off(problem, built);
  add_partners(problem, built);
  const int deal_structure_from = static_cast<int>(built.model.columns.size());
  add_deal_caps(problem, built);
  add_transfer_tax(problem, built);
  built.deal_structure = {deal_structure_from, static_cast<int>(built.model.columns.size())};
  add_deal_costs(problem, built);  // after the structure: its columns stay in the LP bound
  add_allocation(problem, built);  // rules government_land, government_caps; priority, zone
  add_carry_over(problem, built);  // held, refused, stability
  return built;
}

}  // namespace landpool::solver
