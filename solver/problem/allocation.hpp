#pragma once
// Facts behind the allocation rules of a scenario (docs/scenarios.md), read
// from the data: which parcels are government land, which lie in the cluster
// zone, which farms belong to a priority group. The problem builder and the
// verifier both start from these facts; each then applies the rules its own
// way (model rows and coefficients there, a recount of the proposal here).

#include <optional>
#include <string>
#include <unordered_map>
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

/// Per farm id, who owns what the farm acquires: the (first) owner whose
/// farm_id is the farm, else the farm's own id. The problem and the stored
/// proposal read owners this way; the verifier derives the same on its own.
std::unordered_map<std::string, std::string> acquiring_owners(const Region& region);

/// Pool land as rule who_may_move (1) sees it: per offered parcel without an
/// open-ended lease that becomes free (offer open, leases ended) within the
/// horizon, the date it does. Shared by the problem and the stored proposal.
std::unordered_map<std::string, Date> pool_land_free_on(const Region& region,
                                                        const Scenario& scenario,
                                                        const Date& as_of);

}  // namespace landpool::solver
