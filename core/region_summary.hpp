#pragma once
// The at-a-glance figures of a region that `landpool status` prints.

#include <map>
#include <string>

#include "core/region.hpp"

namespace landpool {

struct RegionSummary {
  int parcel_count = 0;
  int farm_count = 0;
  int owner_count = 0;
  int lease_count = 0;
  int offer_count = 0;
  int demand_count = 0;
  int organic_farm_count = 0;  ///< organic or converting farms
  double total_ha = 0.0;
  double organic_ha = 0.0;
  double converting_ha = 0.0;
  double leased_ha = 0.0;     ///< under a lease running on the reference date
  double leased_share = 0.0;  ///< leased_ha / total_ha
  std::map<OwnerKind, double> pool_ha_by_owner_kind;  ///< offered land
  double demand_min_ha = 0.0;                         ///< sum of positive wants_min_ha
  double demand_max_ha = 0.0;                         ///< sum of positive wants_max_ha
  int willing_exchangers = 0;                         ///< farms that declared exchangeable parcels
  double exchangeable_ha = 0.0;                       ///< area of those parcels
  int farms_willing_to_convert = 0;
};

/// Computes the summary; leases count as running when they cover `reference_date`.
RegionSummary summarise(const Region& region, const Date& reference_date);

/// Plain-text rendering for a terminal, a few lines, no colours.
std::string format_summary(const RegionSummary& summary, const Date& reference_date);

}  // namespace landpool
