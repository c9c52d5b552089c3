#pragma once
// A construction heuristic for a first proposal (the MIP start): farms that
// want land take their most valuable candidate parcels one by one until they
// reach what they want, each step judged on the model. Then a local search
// judged by the independent verifier. Simple, always valid, not optimal.

#include <chrono>
#include <optional>
#include <vector>

#include "solver/model/model_builder.hpp"
#include "solver/problem/problem.hpp"
#include "solver/verify/verifier.hpp"

namespace landpool::solver {

/// The verifier's value of proposing `candidates` (indices into
/// problem.candidates), or nothing when it rejects them. `verifier` is for
/// problem's region, scenario and date.
std::optional<double> verified_value(const Problem& problem, const ProposalVerifier& verifier,
                                     const std::vector<std::size_t>& candidates);

/// Indices into problem.candidates of a valid proposal (possibly empty):
/// farms that want land, those with the most valuable candidates first,
/// take their best pool parcels one by one up to what they want (at most
/// `max_tries_per_farm` tried), each step kept when the model, with every
/// rule it touches, accepts the proposal so far; a farm that cannot reach
/// the least it wants gets nothing. Starts from the deals on hold (they are
/// part of the result). No farm is started after `deadline` (a safety net
/// for very large regions, where the result then depends on the machine's
/// speed). The caller verifies the result.
std::vector<std::size_t> construct_proposal(
    const Problem& problem, const BuiltModel& built, std::size_t max_tries_per_farm = 40,
    std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max());

/// Local search from `chosen`: tries adding each candidate whose parcel is
/// free, and moving a chosen parcel to another farm, keeping every change the
/// verifier accepts that raises the verified value. Stops after `passes`
/// passes, a pass without improvement, `max_evaluations` trials (a work
/// limit, so that results repeat), or at `deadline` (a safety net for very
/// large regions, where results then depend on the machine's speed).
std::vector<std::size_t> improve_proposal(const Problem& problem,
                                          const std::vector<ParcelNeighbours>& neighbours,
                                          std::vector<std::size_t> chosen, int passes,
                                          long max_evaluations,
                                          std::chrono::steady_clock::time_point deadline);

}  // namespace landpool::solver
