#pragma once
// Facts behind the allocation rules of a scenario (docs/scenarios.md), read
// from the data: which parcels are government land, which lie in the cluster
// zone, which farms belong to a priority group. The problem builder and the
// verifier both start from these facts; each then applies the rules its own
// way (model rows and coefficients there, a recount of the proposal here).

#include <optional>
#include <vector>

#include "core/date.hpp"
#include "core/region.hpp"
#include "core/scenario.hpp"

namespace landpool::solver {

struct AllocationFacts {
  std::vector<bool> government_parcel;  ///< per region parcel: offered by a government owner kind
  std::vector<bool> in_zone;            ///< per region parcel: centroid inside the cluster zone
  std::vector<std::vector<PriorityGroup>> groups;  ///< per region farm
  std::vector<double> priority_eur_per_ha;         ///< per region farm: its groups' bonuses summed
  double government_offered_ha = 0.0;              ///< all government land offered
  std::optional<PointRd> zone_centre;              ///< the circle's centre, once resolved
  /// Most government land one farm may receive (rule government_caps), if capped.
  std::optional<double> cap_ha_per_farm;
};

AllocationFacts allocation_facts(const Region& region, const Scenario& scenario, const Date& as_of);

/// Whether a farm may receive government land under `rule`.
bool eligible_for_government_land(Eligibility rule, OrganicStatus farm_status, bool converts);

}  // namespace landpool::solver
