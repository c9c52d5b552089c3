#pragma once
// The quarterly cycle on the region's data (docs/workflow.md): applying
// accepted deals and moving the region's clock. Pure functions on a Region;
// the caller stores the result in one transaction.

#include <optional>
#include <string>
#include <vector>

#include "core/date.hpp"
#include "core/region.hpp"

namespace landpool {

/// One transfer of an accepted deal, as the run stored it.
struct TransferToApply {
  int deal_id = 0;
  std::string parcel_id;
  std::string from_farm_id;  ///< empty: pool land
  std::string to_farm_id;
  std::string owner_before, owner_after;
  std::string form;  ///< lease, sale, lease_exchange
  Date effective_date;
  std::optional<int> lease_years;
  std::optional<double> rent_eur_per_ha_year;
};

/// What applying changed, for the history.
struct AppliedTransfer {
  TransferToApply transfer;
  double area_ha = 0.0;
  bool organic_kept = false;        ///< organic land that stays organic with its new farm
  bool conversion_started = false;  ///< conventional land that starts converting
};

struct ApplyResult {
  std::vector<std::string> conflicts;  ///< why a deal cannot be applied; nothing changed if any
  std::vector<AppliedTransfer> applied;
};

/// Applies the transfers to `region` as their forms say: a lease or an
/// exchange of use changes the user and the leases (the parcel's lease is
/// replaced by the receiver's, starting on the effective date), a sale the
/// owner too (and no lease remains).
/// Used offers close, demands shrink by the net area received, conventional
/// land that goes to an organic (or converting-willing) farm starts converting
/// on the effective date, and a farm with converts = yes becomes converting.
/// A transfer whose parcel changed since the run (user, owner, or the offer
/// gone) is a conflict: then `region` is left exactly as it was.
ApplyResult apply_transfers(Region& region, const std::vector<TransferToApply>& transfers);

struct AdvanceResult {
  double became_organic_ha = 0.0;  ///< conversion completed
  int leases_ended = 0;
  double land_freed_ha = 0.0;  ///< parcels whose lease ended
  int offers_closed = 0;
};

/// Moves the region from `from` to `to` (the first day of the new quarter):
/// conversions that complete by then turn organic (2 years, 3 for perennial
/// land), leases that ended before `to` are removed and their parcels return
/// to the owner's own farm or fall out of use, and offers that can no longer
/// be taken (the parcel sold to a farm, or leased open-ended) close.
AdvanceResult advance_region(Region& region, const Date& to);

}  // namespace landpool
