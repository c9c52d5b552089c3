#pragma once
// Deals within their caps (rule deal_caps) from a set of chosen transfers. A
// rounded LP, which leaves the deal structure out, links farms into deals of
// dozens (on the default region with the farms' own rules off, one deal of
// 45 farms); the farm-to-farm transfers that link them least profitably go
// until every deal fits its cap, so that the rest of the rounding can stay.

#include <cstddef>
#include <functional>
#include <vector>

#include "solver/problem/problem.hpp"

namespace landpool::solver {

/// Per problem farm: the deal it is in when `chosen` (indices into
/// `problem.candidates`) are made, numbered from 0 in order of the deal's
/// lowest farm, or -1 for a farm with no transfer. A deal is a connected set
/// of farms in the exchange graph (an edge where one gives a parcel to the
/// other, Boost.Graph components); a farm that only receives pool land is a
/// deal of its own.
std::vector<int> deal_of_farms(const Problem& problem, const std::vector<std::size_t>& chosen);

/// `chosen` without the farm-to-farm transfers that must go for
/// every deal to keep rule deal_caps when the rule is hard (unchanged
/// otherwise). The pairs of farms that exchange are joined in order of the
/// sum of `worth` over their transfers, most first (Kruskal's algorithm with
/// the caps as capacities): a pair that would take a deal above
/// `max_farms(has pool land)` (core/scenario.hpp) is dropped with all its
/// transfers. Without two-party swaps, a pair left as a deal of its own
/// without pool land is dropped too. Pool land is never dropped. Greedy and
/// deterministic; the order of `chosen` is kept.
std::vector<std::size_t> split_oversize_deals(const Problem& problem,
                                              std::vector<std::size_t> chosen,
                                              const std::function<double(std::size_t)>& worth);

}  // namespace landpool::solver
