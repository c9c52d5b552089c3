#pragma once
// Deals from transfers: farms linked by farm-to-farm transfers sign
// together (connected components of the exchange graph, Boost.Graph), and pool
// land joins the deal of the farm receiving it. Each farm is in one deal. The
// verifier and the stored proposal both group this way; the model encodes the
// same grouping (model_deals.cpp) so that caps are constraints, not filters.

#include <string>
#include <vector>

namespace landpool::solver {

struct TransferEnds {
  std::string from_farm_id;  ///< empty for pool land
  std::string to_farm_id;
  std::string pool_owner_id;  ///< for pool land: who brings it in
};

struct DealGroup {
  std::vector<std::size_t> transfers;  ///< indices into the input, ascending
  std::vector<std::string> farm_ids;   ///< in order of first appearance
  std::vector<std::string> pool_owner_ids;
  bool has_pool_land() const { return !pool_owner_ids.empty(); }
};

/// Deals in order of their first transfer.
std::vector<DealGroup> group_into_deals(const std::vector<TransferEnds>& transfers);

}  // namespace landpool::solver
