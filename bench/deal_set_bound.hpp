#pragma once
// The bound a decomposition by deals would prove, measured before one is
// built (landpool_deal_bound, bench/README.md): the model's Lagrangian
// relaxation by farm sets.
//
// A deal's farms are a connected set of the exchange graph (a farm that only
// takes pool land is a set of one) of at most max(K, L') farms. Each such set
// is solved by CBC on the whole model with every other farm at "nothing
// proposed" (restrict_model): its own rules, caps, tax and deal cost hold
// exactly. Two things tie deals together, and both are relaxed so that the
// result stays a bound of the whole model:
// - pool land: "each pool parcel at most once" is priced by multipliers
//   sigma >= 0, moved by subgradient steps towards a target value;
// - boundary terms between parcels that different deals change (organic
//   contiguity, drift border): their interaction (at most w for a minimum of
//   weight w, 2r for a difference of weight -r, where both parcels share
//   their state today; else none) is credited half to each side that changes
//   in the set while the other side's parcel can change in a deal of other
//   farms.
// Each set's value is then at least what any deal on it adds, and
//   bound(sigma) = "nothing proposed" + sum sigma + the best packing of
//                  farm-disjoint sets by their values (CBC)
// is at least the optimum of the whole model. A sub-MIP stopped by its time
// limit counts with CBC's bound.

#include <cstddef>
#include <functional>
#include <vector>

#include "solver/model/linear_model.hpp"
#include "solver/model/model_builder.hpp"
#include "solver/problem/problem.hpp"

namespace landpool::bench {

struct DealSetBoundSettings {
  int steps = 30;                ///< subgradient steps at most
  double target_eur = 0.0;       ///< Polyak's target: a proposal's value
  double sub_mip_limit_s = 5.0;  ///< per set and step
  double first_step = 0.25;      ///< Polyak's step length factor, halved when stalling
  /// False: boundaries between deals count as if the other deal's parcel
  /// stayed, which gives no bound (what pricing them in a master could reach).
  bool credit_boundaries = true;
  /// Not empty: only this set (no bound).
  std::vector<std::size_t> only_farms;
  /// Called after each set's sub-MIP (the set, its restricted model, CBC's result).
  std::function<void(const std::vector<std::size_t>&, const solver::RestrictedModel&,
                     const solver::SolveResult&)>
      on_set_solved;
  /// Called after each step with a line for the user.
  std::function<void(const std::string&)> progress;
};

struct DealSetBound {
  double bound_eur = 0.0;  ///< the best over the steps (a bound where is_bound)
  bool is_bound = true;
  std::size_t sets = 0;
  long credited_sides = 0;
  int steps = 0;
  long sub_mips_stopped = 0;  ///< by their time limit, over all steps
};

/// The bound of `built` (the model of `problem`). Throws std::invalid_argument
/// where rule deal_caps is not hard or a deal is on hold (the sets would not
/// hold every deal, or "nothing proposed" would not be every set's baseline),
/// and std::runtime_error where CBC fails.
DealSetBound deal_set_bound(const solver::Problem& problem, const solver::BuiltModel& built,
                            const DealSetBoundSettings& settings);

/// The connected farm sets of the exchange graph (a farm and the giver of a
/// parcel it may receive) of at most `most` farms, each once, sorted.
std::vector<std::vector<std::size_t>> connected_farm_sets(const solver::Problem& problem,
                                                          std::size_t most);

}  // namespace landpool::bench
