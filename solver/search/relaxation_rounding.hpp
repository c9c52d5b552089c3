#pragma once
// The LP relaxation's own solution made a proposal. The LP ignores the deal
// structure and fills each farm's area band with fractions of parcels, so
// that rounded it links farms into oversized deals and breaks bands, gains
// and partner caps; but on the default region its rounding is worth 9 %
// more than the searches' proposal, and with rules demand_balance to
// partners off it is integral and optimal. So: round, split the deals to
// their caps (deal_splitting.hpp), and re-solve each deal that still breaks
// a row with CBC, the rest of the model fixed, its farms free (doing
// nothing is always a solution for them). Work limits only, so that runs
// repeat; the deadline is a safety net.

#include <chrono>
#include <optional>
#include <vector>

#include "solver/model/linear_model.hpp"
#include "solver/model/model_builder.hpp"
#include "solver/problem/problem.hpp"

namespace landpool::solver {

struct RelaxationRoundingSettings {
  int repair_passes = 3;  ///< rounds over the deals that break a row
  /// The rounding is mended only when at most this many farms are in a
  /// broken row after the split (a nearly integral LP); otherwise it is
  /// given up at once. On the default region 49 are, and the mended
  /// rounding was worth less than the searches' proposal in each of the
  /// seven shipped scenarios but one, at 4-9 s.
  std::size_t most_broken_farms = 10;
  /// Per deal's sub-MIP, as the neighbourhood search's: nodes and simplex
  /// iterations (work limits), seconds (a safety net).
  int max_nodes = 300;
  long max_iterations = 24000;
  double sub_time_limit_s = 10;
  int seed = 1;
};

/// A solution of `built.model` from `relaxation` (the LP relaxation's value
/// of every column): each parcel to the farm whose share of it exceeds one
/// half, deals split to their caps, and, when few farms are then in a
/// violated row, each deal with one re-solved with CBC (`backend`), a deal
/// CBC cannot mend left out. The result when it keeps every row, whatever
/// its value (a start for the searches); nothing otherwise.
std::optional<std::vector<double>> round_relaxation(const Problem& problem, const BuiltModel& built,
                                                    const std::vector<double>& relaxation,
                                                    MipBackend& backend,
                                                    const RelaxationRoundingSettings& settings,
                                                    std::chrono::steady_clock::time_point deadline);

}  // namespace landpool::solver
