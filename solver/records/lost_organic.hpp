#pragma once
// Why organic land is lost: for each at-risk organic parcel that a verified
// proposal lets revert, the reason that binds (core/run_records.hpp,
// LostOrganicRecord; docs/model.md, "Why organic land is lost").

#include <vector>

#include "core/date.hpp"
#include "core/region.hpp"
#include "core/run_records.hpp"
#include "solver/optimiser.hpp"

namespace landpool::solver {

/// At most this many farms are tried per lost parcel, nearest first: each
/// trial is one verification of the whole proposal.
inline constexpr std::size_t kLostParcelTrials = 4;

/// One record per parcel of `result.evaluation.reverting_parcel_ids`, in
/// that order. The reason is the parcel's alone, everything else as
/// proposed: the organic or converting farms with a demand within their
/// reach, the forms their demands and the offer allow, the room their
/// bands leave (rule demand_balance), and, for the nearest of those with
/// room, the whole proposal with the parcel added, verified.
std::vector<LostOrganicRecord> explain_lost_organic(const Region& region,
                                                    const std::vector<ParcelNeighbours>& neighbours,
                                                    const Scenario& scenario, const Date& as_of,
                                                    const OptimiseResult& result);

}  // namespace landpool::solver
