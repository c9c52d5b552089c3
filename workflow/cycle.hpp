#pragma once
// Use cases of the quarterly negotiation cycle (docs/workflow.md): record a
// deal's decision, apply accepted deals, advance the region's clock, read a
// past quarter's region. Each write is one transaction.

#include <optional>
#include <string>
#include <vector>

#include "core/region.hpp"
#include "core/region_cycle.hpp"
#include "core/run_records.hpp"
#include "db/cycle_store.hpp"

namespace landpool::workflow {

struct DecideRequest {
  int deal_id = 0;
  std::string decision;        ///< accept, reject, hold, release
  std::optional<long> run_id;  ///< default: the latest run
  std::string note, refused_by, date;
};

struct Decided {
  DecisionRecord record;
  std::vector<std::string> farm_ids;  ///< the deal's parties
};

/// Records the decision. Throws UsageError for an unknown run or deal, a
/// deal already applied, a release of a deal neither held nor accepted, or a
/// refusing party that is not in the deal.
Decided decide(const std::string& db_path, const DecideRequest& request);

struct Applied {
  std::string quarter;
  int deals = 0;  ///< 0: nothing was accepted
  std::vector<AppliedTransfer> transfers;
  double area_ha = 0.0;
};

/// Applies every accepted deal not yet applied, in one transaction, to the
/// region of `quarter` (empty: the region's). Throws InputError naming each
/// conflict when they no longer fit the region; nothing is applied then.
Applied apply_accepted(const std::string& db_path, const std::string& quarter);

struct Advanced {
  std::string from, to;
  AdvanceResult result;
};

/// Moves the region's clock to quarter `to` (conversions complete, leases end,
/// offers close). Throws UsageError for a quarter that is not later.
Advanced advance(const std::string& db_path, const std::string& to);

struct QuarterRegion {
  SnapshotRecord snapshot;  ///< the quarter's last snapshot
  Region region;
};

/// The region as it stood at the end of `quarter`. Throws UsageError when no
/// snapshot of that quarter exists.
QuarterRegion region_of_quarter(Database& db, const std::string& quarter);

}  // namespace landpool::workflow
