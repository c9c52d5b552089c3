#include "solver/search/free_columns.hpp"

#include <algorithm>
#include <cstdint>

namespace landpool::solver {

std::vector<bool> FreeColumns::of(const std::vector<std::size_t>& farms,
                                  const std::vector<double>& values) const {
  std::vector<bool> in_neighbourhood(problem_.farms.size(), false);
  for (std::size_t f : farms)
    in_neighbourhood[f] = true;

  // The neighbourhood's farms may take pool land and exchange among
  // themselves. Their deals may change, and with them the deals of their
  // present exchange partners: those farms are touched.
  auto is_free_choice = [&](std::size_t c) {
    const auto& candidate = problem_.candidates[c];
    const auto giver = problem_.parcels[candidate.parcel].from_farm;
    return in_neighbourhood[candidate.farm] && (!giver || in_neighbourhood[*giver]);
  };
  std::vector<bool> touched = in_neighbourhood;
  for (const auto& exchange : built_.deals.exchanges) {
    if (values[static_cast<std::size_t>(exchange.column)] > 0.5 &&
        (in_neighbourhood[exchange.u] || in_neighbourhood[exchange.v]))
      touched[exchange.u] = touched[exchange.v] = true;
  }
  // Free: the neighbourhood's choices and participation, and every other
  // column (boundaries, partners, deals, tax) that concerns only touched
  // farms (BuiltModel::column_farms) and either concerns one or shares a
  // row with a free choice. Other farms' choices stay as they are.
  std::vector<bool> free(built_.model.columns.size(), false);
  for (std::size_t c = 0; c < problem_.candidates.size(); ++c) {
    if (is_free_choice(c))
      free[static_cast<std::size_t>(built_.choose[c])] = true;
  }
  for (std::size_t f = 0; f < problem_.farms.size(); ++f) {
    if (touched[f])
      free[static_cast<std::size_t>(built_.takes_part[f])] = true;
  }
  std::vector<bool> near_choice(built_.model.columns.size(), false);
  for (const auto& row : built_.model.rows) {
    const bool has_free_choice =
        std::any_of(row.terms.begin(), row.terms.end(), [&](const auto& t) {
          return farm_of_choice_[static_cast<std::size_t>(t.first)] >= 0 &&
                 free[static_cast<std::size_t>(t.first)];
        });
    if (has_free_choice) {
      for (const auto& [other, coefficient] : row.terms)
        near_choice[static_cast<std::size_t>(other)] = true;
    }
  }
  // A boundary auxiliary (min or |difference| of two parcels' states)
  // changes only with a free choice in its own expressions.
  for (const auto& auxiliary : built_.auxiliaries) {
    bool moves = false;
    for (const auto* expression : {&auxiliary.a, &auxiliary.b}) {
      for (const auto& [column, coefficient] : expression->terms)
        moves = moves || free[static_cast<std::size_t>(column)];
    }
    free[static_cast<std::size_t>(auxiliary.column)] = moves;
  }
  for (std::size_t j = 0; j < built_.model.columns.size(); ++j) {
    if (free[j] || farm_of_choice_[j] >= 0 || is_auxiliary_[j])
      continue;
    const auto concerned = built_.column_farms.of(j);
    const bool all_touched = std::all_of(concerned.begin(), concerned.end(),
                                         [&](std::uint32_t f) { return touched[f]; });
    free[j] = all_touched && (!concerned.empty() || near_choice[j]);
  }
  return free;
}

int SubMipNodeLimit::for_columns(std::size_t columns) const {
  const double share = std::min(1.0, static_cast<double>(full_nodes_up_to_columns) /
                                         static_cast<double>(std::max<std::size_t>(1, columns)));
  return std::max(least_nodes, static_cast<int>(share * static_cast<double>(max_nodes)));
}

}  // namespace landpool::solver
