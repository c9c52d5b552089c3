#pragma once
// What the use of a parcel is worth per year: the yardstick of a use
// exchange's yearly settlement (docs/model.md, "Settlements").

#include <string>
#include <unordered_map>

#include "core/region.hpp"

namespace landpool {

/// Rents recorded on the leases, per parcel id: the latest lease (by start
/// date) that states a rent.
class RentBook {
 public:
  /// `default_eur_per_ha_year` values parcels without a recorded rent
  /// (the scenario's `[defaults] rent_eur_per_ha_year`).
  RentBook(const Region& region, double default_eur_per_ha_year);

  double rent_eur_per_ha_year(const std::string& parcel_id) const;
  /// Area times rent per hectare.
  double use_value_eur_per_year(const Parcel& parcel) const;

 private:
  struct Recorded {
    Date start;
    double eur_per_ha_year = 0.0;
  };
  std::unordered_map<std::string, Recorded> recorded_;
  double default_eur_per_ha_year_ = 0.0;
};

}  // namespace landpool
