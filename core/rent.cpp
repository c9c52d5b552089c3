#include "core/rent.hpp"

namespace landpool {

RentBook::RentBook(const Region& region, double default_eur_per_ha_year)
    : default_eur_per_ha_year_(default_eur_per_ha_year) {
  for (const auto& lease : region.leases) {
    if (!lease.rent_eur_per_ha_year)
      continue;
    const auto [it, inserted] = recorded_.try_emplace(
        lease.parcel_id, Recorded{lease.start_date, *lease.rent_eur_per_ha_year});
    if (!inserted && lease.start_date >= it->second.start)
      it->second = {lease.start_date, *lease.rent_eur_per_ha_year};
  }
}

double RentBook::rent_eur_per_ha_year(const std::string& parcel_id) const {
  const auto it = recorded_.find(parcel_id);
  return it == recorded_.end() ? default_eur_per_ha_year_ : it->second.eur_per_ha_year;
}

double RentBook::use_value_eur_per_year(const Parcel& parcel) const {
  return parcel.area_ha * rent_eur_per_ha_year(parcel.parcel_id);
}

}  // namespace landpool
