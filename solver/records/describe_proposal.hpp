#pragma once
// The optimiser's verified transfers described as the records a run stores
// (core/run_records.hpp): transfers, deals with their legal form,
// participants and KPIs.

#include <optional>
#include <string>
#include <vector>

#include "core/date.hpp"
#include "core/region.hpp"
#include "core/run_records.hpp"
#include "solver/optimiser.hpp"

namespace landpool::solver {

/// Turns the optimiser's verified transfers into stored records: transfers,
/// deals (deal_records.cpp), participants and KPIs.
ProposalRecord describe_proposal(const Region& region,
                                 const std::vector<ParcelNeighbours>& neighbours,
                                 const Scenario& scenario, const Date& as_of,
                                 const OptimiseResult& result);

/// Groups `record.transfers` into deals, sets each transfer's deal_id and
/// form, and fills `record.deals` (deal_records.cpp).
void describe_deals(const Region& region, const std::vector<ParcelNeighbours>& neighbours,
                    const Scenario& scenario, const Date& as_of, const OptimiseResult& result,
                    ProposalRecord& record);

/// Fills `record.participants` from the region and the transfers.
void describe_participants(const Region& region, const std::vector<ParcelNeighbours>& neighbours,
                           const OptimiseResult& result, ProposalRecord& record);

}  // namespace landpool::solver
