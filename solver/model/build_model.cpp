// The model's families in the order they are written: each adds its columns,
// rows and objective coefficients to `built` (docs/model.md, rule by rule).

#include "solver/model/model_builder.hpp"

#include <algorithm>

namespace landpool::solver {

BuiltModel build_model(const Problem& problem, const BuildOptions& options) {
  BuiltModel built;
  for (std::size_t f = 0; f < problem.farms.size(); ++f)
    built.farm_of_id.emplace(problem.farms[f].farm_id, f);
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
  built.column_farms.finish(built.model.columns.size());
  built.row_farms.finish(built.model.rows.size());
  return built;
}

void FarmTags::finish(std::size_t count) {
  std::stable_sort(recorded_.begin(), recorded_.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  offset_.assign(count + 1, 0);
  farm_.clear();
  farm_.reserve(recorded_.size());
  std::size_t next = 0;
  for (std::size_t index = 0; index < count; ++index) {
    offset_[index] = farm_.size();
    for (; next < recorded_.size() && static_cast<std::size_t>(recorded_[next].first) == index;
         ++next)
      farm_.push_back(recorded_[next].second);
  }
  offset_[count] = farm_.size();
  recorded_.clear();
  recorded_.shrink_to_fit();
}

std::span<const std::uint32_t> FarmTags::of(std::size_t index) const {
  if (index + 1 >= offset_.size())
    return {};
  return {farm_.data() + offset_[index], offset_[index + 1] - offset_[index]};
}

}  // namespace landpool::solver
