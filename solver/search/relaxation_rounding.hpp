#pragma once
// The LP relaxation's own solution made a proposal. The LP leaves the deal
// structure out and fills each farm's area band with fractions of parcels:
// rounded, it links farms into deals above their caps, and where the farms'
// own rules (area bands, nobody worse off, partners) hold it breaks them
// too. Where those rules are off the LP is integral, and its deals split to
// their caps make a proposal far better than the searches find (docs/
// model.md, "Solving"). So: round, split the deals (deal_splitting.hpp),
// and when few farms then break a row, re-solve each of their deals with
// CBC, the rest of the model fixed and its farms free. Work limits only
// (nodes and simplex iterations), so that runs repeat; the deadline is a
// safety net.

#include <chrono>
#include <optional>
#include <vector>

#include "solver/model/linear_model.hpp"
#include "solver/model/model_builder.hpp"
#include "solver/problem/problem.hpp"
#include "solver/search/free_columns.hpp"

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
  SubMipNodeLimit nodes;
  long max_iterations = 24000;
  double sub_time_limit_s = 10;
  /// Simplex iterations of all the sub-MIPs together; no deal is mended
  /// after they are spent (0: no limit).
  long max_total_iterations = 0;
  int seed = 1;
};

/// What a rounding did, for the search's work limits and for tests.
struct RelaxationRoundingReport {
  std::size_t broken_after_split = 0;  ///< farms in a broken row after the split
  int passes = 0;                      ///< rounds of mending
  long deals_mended = 0;               ///< sub-MIPs solved
  long iterations = 0;                 ///< their simplex iterations
};

/// A solution of `built.model` from `relaxation` (the LP relaxation's value
/// of every column): each parcel to the farm whose share of it exceeds one
/// half, deals split to their caps, and, when few farms are then in a
/// violated row, each deal with one re-solved with CBC (`backend`) from
/// doing nothing (its held transfers kept). The result when it keeps every
/// row and column bound, whatever its value (a start for the searches);
/// nothing otherwise. `report`, when given, says what was done.
std::optional<std::vector<double>> round_relaxation(const Problem& problem, const BuiltModel& built,
                                                    const std::vector<double>& relaxation,
                                                    MipBackend& backend,
                                                    const RelaxationRoundingSettings& settings,
                                                    std::chrono::steady_clock::time_point deadline,
                                                    RelaxationRoundingReport* report = nullptr);

}  // namespace landpool::solver
