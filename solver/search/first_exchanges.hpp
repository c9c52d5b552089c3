#pragma once
// Exchanges for the first proposal: the construction heuristic places pool
// land only, and farm-to-farm exchanges need partners moving together. This
// search proposes swaps between two farms (one or two parcels for one or two)
// and rings of three (each farm gives one parcel and receives one), ranked by a quick estimate of
// what they save in travel, consolidation, transaction costs and transfer tax; each is kept only
// when the independent verifier accepts the whole proposal with it and the
// verified value rises. Simple, always valid, not optimal.

#include <chrono>
#include <vector>

#include "solver/problem/problem.hpp"

namespace landpool::solver {

/// Adds exchanges to `chosen` (indices into problem.candidates). Stops after
/// `max_evaluations` verifier calls (a work limit, so that results repeat)
/// or at `deadline` (a safety net for very large regions).
std::vector<std::size_t> add_exchanges(const Problem& problem,
                                       const std::vector<ParcelNeighbours>& neighbours,
                                       std::vector<std::size_t> chosen, long max_evaluations,
                                       std::chrono::steady_clock::time_point deadline);

}  // namespace landpool::solver
