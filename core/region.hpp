#pragma once
// The region's land data as plain values: what the importers produce, the
// database stores and the optimiser reads. Units live in the names; RD New
// (EPSG:28992) metres for every coordinate.

#include <optional>
#include <string>
#include <vector>

#include "core/date.hpp"
#include "core/enums.hpp"

namespace landpool {

struct PointRd {
  double x_m = 0.0;
  double y_m = 0.0;
  friend bool operator==(const PointRd&, const PointRd&) = default;
};

/// Value assumed for a parcel without value_eur_per_ha (docs/model.md).
inline constexpr double kDefaultLandValue_eur_per_ha = 60000.0;

struct Parcel {
  std::string parcel_id;
  double area_ha = 0.0;
  PointRd centroid;                ///< given x, y or the geometry's centroid
  std::optional<std::string> wkt;  ///< polygon in RD New, when known
  std::optional<Soil> soil;
  std::optional<double> value_eur_per_ha;
  std::optional<LandUse> land_use;
  OrganicStatus organic_status = OrganicStatus::conventional;
  std::optional<Date> converting_since;  ///< set iff organic_status is converting
  std::string owner_id;
  std::optional<std::string> user_farm_id;  ///< empty: not in agricultural use
  friend bool operator==(const Parcel&, const Parcel&) = default;
};

struct Owner {
  std::string owner_id;
  std::string name;
  OwnerKind kind = OwnerKind::other;
  std::optional<std::string> farm_id;  ///< the farm this owner runs, if any
  friend bool operator==(const Owner&, const Owner&) = default;
};

struct Farm {
  std::string farm_id;
  std::string name;
  std::optional<Sector> sector;
  OrganicStatus organic_status = OrganicStatus::conventional;
  PointRd farmstead;
  friend bool operator==(const Farm&, const Farm&) = default;
};

struct Lease {
  std::string parcel_id;
  std::string lessee_farm_id;
  Date start_date;
  std::optional<Date> end_date;  ///< empty: open-ended
  std::optional<LeaseKind> kind;
  std::optional<double> rent_eur_per_ha_year;
  friend bool operator==(const Lease&, const Lease&) = default;
};

/// A willing owner's (or government body's) parcel entering the pool.
struct Offer {
  std::string parcel_id;
  std::string owner_id;
  OfferModes modes;
  Date available_from;
  std::optional<int> lease_years_max;
  bool organic_only = false;
  friend bool operator==(const Offer&, const Offer&) = default;
};

/// Which of its parcels a farm is willing to give in exchange.
struct ExchangeParcels {
  enum class Policy { none, all, listed };
  Policy policy = Policy::none;
  std::vector<std::string> parcel_ids;  ///< only for Policy::listed
  friend bool operator==(const ExchangeParcels&, const ExchangeParcels&) = default;
};

/// What a farm wants: a net change in area within [wants_min_ha, wants_max_ha].
/// Optional numbers fall back to the scenario's defaults.
struct Demand {
  std::string farm_id;
  double wants_min_ha = 0.0;
  double wants_max_ha = 0.0;
  std::optional<double> max_distance_km;
  DemandModes modes = DemandModes::all();
  ExchangeParcels exchange;
  std::optional<double> tolerance_pct;
  std::optional<int> max_partners;
  bool converts = false;      ///< a conventional farm willing to convert
  bool young_farmer = false;  ///< run by a young farmer (a priority group for government land)
  friend bool operator==(const Demand&, const Demand&) = default;
};

struct Region {
  std::vector<Owner> owners;
  std::vector<Farm> farms;
  std::vector<Parcel> parcels;
  std::vector<Lease> leases;
  std::vector<Offer> offers;
  std::vector<Demand> demands;
  friend bool operator==(const Region&, const Region&) = default;
};

}  // namespace landpool
