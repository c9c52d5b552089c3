// Stage 3: who owns each parcel and the leases. Each farmer owns part of the
// land they use and leases the rest from private owners, land funds or
// government bodies; distant parcels are leased more often than the home lot.
// Government land positions are partly leased out on short leases, partly
// not in use. Leases run now; a quarter of them end within two years, and
// all leases of farmers about to stop do.

#include <cmath>

#include <spdlog/fmt/fmt.h>

#include "generator/draft.hpp"

namespace landpool::generator {
namespace {

struct Lessors {
  std::vector<std::string> government;  ///< municipality, province, state
  std::vector<std::string> land_funds;
  std::string current_private;
  long private_quota = 0;
  long private_count = 0;
};

double rent_eur_per_ha_year(Soil soil, DeterministicRandom& random) {
  const double base = soil == Soil::clay ? 900.0 : soil == Soil::sand ? 750.0 : 600.0;
  return std::round(base * random.bell(0.8, 1.2) / 10.0) * 10.0;
}

const std::string& next_private_owner(RegionDraft& draft, Lessors& lessors) {
  if (lessors.private_quota <= 0) {
    lessors.current_private = fmt::format("O-P{:05d}", ++lessors.private_count);
    lessors.private_quota = draft.random.integer(1, 6);
    const std::string name =
        draft.random.chance(0.2) ? "Erven " + surname(draft.random) : person_name(draft.random);
    draft.owners.push_back({lessors.current_private, name, OwnerKind::private_person, {}});
  }
  --lessors.private_quota;
  return lessors.current_private;
}

/// A lease running on the as-of date; `ends_soon` makes it end within two years.
Lease make_lease(RegionDraft& draft, const std::string& parcel_id, const std::string& farm_id,
                 bool short_lease, bool ends_soon, Soil soil) {
  auto& random = draft.random;
  Lease lease;
  lease.parcel_id = parcel_id;
  lease.lessee_farm_id = farm_id;
  lease.kind = short_lease ? LeaseKind::short_term : LeaseKind::regular;
  lease.rent_eur_per_ha_year = rent_eur_per_ha_year(soil, random);
  if (ends_soon) {
    lease.end_date = draft.days_from_as_of(random.integer(1, 730));
  } else if (short_lease || random.chance(0.5)) {
    lease.end_date = draft.days_from_as_of(random.integer(731, short_lease ? 2190 : 4380));
  }
  if (short_lease) {
    // A short lease runs at most six years.
    const Date end = *lease.end_date;
    const long length_days = random.integer(365, 6 * 365);
    lease.start_date = Date{std::chrono::sys_days{end} - std::chrono::days{length_days}};
    if (lease.start_date > draft.as_of)
      lease.start_date = draft.days_from_as_of(-30);
  } else {
    lease.start_date = draft.days_from_as_of(-random.integer(180, 15 * 365));
  }
  return lease;
}

}  // namespace

void assign_tenure(RegionDraft& draft) {
  auto& random = draft.random;
  Lessors lessors;
  draft.owners.push_back({"G-GEM", draft.preset.municipality, OwnerKind::government, {}});
  draft.owners.push_back({"G-PNH", "Provincie Noord-Holland", OwnerKind::government, {}});
  draft.owners.push_back({"G-RVB", "Rijksvastgoedbedrijf", OwnerKind::government, {}});
  draft.owners.push_back({"L-BDG", "Stichting BD Grondbeheer", OwnerKind::land_fund, {}});
  draft.owners.push_back({"L-LVO", "Cooperatie Land van Ons", OwnerKind::land_fund, {}});
  lessors.government = {"G-GEM", "G-PNH", "G-RVB"};
  lessors.land_funds = {"L-BDG", "L-LVO"};
  for (const auto& farm : draft.farms) {
    draft.owners.push_back(
        {"O-" + farm.farm.farm_id, person_name(random), OwnerKind::farmer, farm.farm.farm_id});
  }

  double total_ha = 0.0;
  for (const auto& parcel : draft.land.parcels)
    total_ha += parcel.area_ha;
  const double leased_government_target_ha =
      total_ha * draft.preset.government_area_share * (1.0 - draft.preset.unused_government_share);
  double leased_government_ha = 0.0;
  // Calibrated so that about `leased_area_share` of the area is leased, with
  // the home lot (about three quarters of the land) leased less than the tail.
  const double home_lease_chance = 0.8 * draft.preset.leased_area_share;
  const double tail_lease_chance = std::min(1.0, 1.5 * draft.preset.leased_area_share);

  for (std::size_t i = 0; i < draft.parcels.size(); ++i) {
    auto& parcel = draft.parcels[i];
    const auto& geometry = draft.land.parcels[i];
    if (!parcel.farm) {  // unused government land position
      parcel.owner_id = random.pick(lessors.government);
      continue;
    }
    const auto& farm = draft.farms[*parcel.farm];
    const std::string& farm_id = farm.farm.farm_id;
    const bool ends_soon = farm.retiring || random.chance(0.25);
    if (leased_government_ha < leased_government_target_ha && random.chance(0.05)) {
      parcel.owner_id = random.pick(lessors.government);
      parcel.lease = make_lease(draft, geometry.parcel_id, farm_id, true, ends_soon, parcel.soil);
      leased_government_ha += geometry.area_ha;
      continue;
    }
    if (!random.chance(parcel.distant ? tail_lease_chance : home_lease_chance)) {
      parcel.owner_id = "O-" + farm_id;
      continue;
    }
    parcel.owner_id =
        random.chance(0.1) ? random.pick(lessors.land_funds) : next_private_owner(draft, lessors);
    parcel.lease =
        make_lease(draft, geometry.parcel_id, farm_id, random.chance(0.35), ends_soon, parcel.soil);
  }
}

}  // namespace landpool::generator
