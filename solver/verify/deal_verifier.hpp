#pragma once
// Independent check of a run's deals, from its transfers alone: every
// transfer in exactly one deal, deals are exactly the groups of farms linked
// by exchanges (with their pool land), caps respected, legal form, transfer
// tax, settlement and effective date recomputed. Shares no code with
// describe_deals or deal_grouping.

#include <string>
#include <vector>

#include "core/run_records.hpp"
#include "core/scenario.hpp"

namespace landpool::solver {

/// Each problem as one sentence naming the deal; empty when all is right.
std::vector<std::string> verify_deals(const Scenario& scenario,
                                      const std::vector<TransferRecord>& transfers,
                                      const std::vector<DealRecord>& deals);

}  // namespace landpool::solver
