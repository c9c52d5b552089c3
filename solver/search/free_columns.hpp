#pragma once
// The columns a neighbourhood of a few farms sets free, the rest of the model
// fixed at a proposal (restrict_model): shared by the neighbourhood search
// and the rounding of the LP, whose sub-MIPs re-solve a few farms each.

#include <cstddef>
#include <vector>

#include "solver/model/model_builder.hpp"
#include "solver/problem/problem.hpp"

namespace landpool::solver {

/// Which columns a neighbourhood of farms sets free: their choices of pool
/// land and of each other's exchange parcels, their participation, the
/// boundary auxiliaries whose expressions hold a free choice, and every
/// other column (partners, deals, tax) that concerns only them or their
/// present exchange partners. Indexed once per model.
class FreeColumns {
 public:
  FreeColumns(const Problem& problem, const BuiltModel& built)
      : problem_(problem),
        built_(built),
        farm_of_choice_(built.model.columns.size(), -1),
        is_auxiliary_(built.model.columns.size(), false) {
    for (std::size_t c = 0; c < problem.candidates.size(); ++c)
      farm_of_choice_[static_cast<std::size_t>(built.choose[c])] =
          static_cast<int>(problem.candidates[c].farm);
    for (const auto& auxiliary : built.auxiliaries)
      is_auxiliary_[static_cast<std::size_t>(auxiliary.column)] = true;
  }

  /// Per column of the model: free when `farms` are the neighbourhood and
  /// `values` the proposal.
  std::vector<bool> of(const std::vector<std::size_t>& farms,
                       const std::vector<double>& values) const;

 private:
  const Problem& problem_;
  const BuiltModel& built_;
  std::vector<int> farm_of_choice_;  ///< per column: the farm it chooses for, or -1
  std::vector<bool> is_auxiliary_;
};

/// A sub-MIP's node limit, a work limit so that runs repeat: `max_nodes` up
/// to `full_nodes_up_to_columns` columns, fewer in proportion above, at
/// least `least_nodes` (a node's LP grows with the sub-model, and at 300
/// nodes large sub-MIPs would end at the clock, not at the limit).
struct SubMipNodeLimit {
  int max_nodes = 300;
  int full_nodes_up_to_columns = 2000;
  int least_nodes = 20;
  /// The limit for a sub-MIP of `columns` columns.
  int for_columns(std::size_t columns) const;
};

}  // namespace landpool::solver
