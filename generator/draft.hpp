#pragma once
// Working state of the farm-layer synthesis, shared by its stages (internal
// to generator/). Each stage fills in more of the draft:
//   assign_soils → place_farms → assign_organic_status → assign_tenure →
//   add_pool_and_demands.

#include <optional>
#include <string>
#include <vector>

#include "core/date.hpp"
#include "core/region.hpp"
#include "generator/landscape.hpp"
#include "generator/presets.hpp"
#include "generator/random.hpp"

namespace landpool::generator {

struct DraftFarm {
  Farm farm;
  const SectorProfile* profile = nullptr;
  std::vector<std::size_t> home;  ///< parcels of the home lot, around the farmstead
  std::vector<std::size_t> tail;  ///< distant parcels
  bool retiring = false;          ///< about to stop: land comes free
  bool perennial = false;         ///< fruit grower: 3 years of conversion
};

struct DraftParcel {
  std::optional<std::size_t> farm;  ///< user; empty: not in use
  bool distant = false;             ///< in its farm's tail
  std::string owner_id;
  std::optional<Lease> lease;
  Soil soil = Soil::clay;
  double value_eur_per_ha = 0.0;
  LandUse land_use = LandUse::arable;
  OrganicStatus status = OrganicStatus::conventional;
  std::optional<Date> converting_since;
};

struct RegionDraft {
  const Landscape& land;
  const RegionPreset& preset;
  Date as_of;
  DeterministicRandom& random;
  std::vector<DraftFarm> farms;
  std::vector<DraftParcel> parcels;
  std::vector<Owner> owners;
  std::vector<Offer> offers;
  std::vector<Demand> demands;

  double distance_m(std::size_t parcel, const PointRd& point) const;
  Date days_from_as_of(long days) const;
};

void assign_soils(RegionDraft& draft);
void place_farms(RegionDraft& draft);
void assign_tenure(RegionDraft& draft);
void assign_organic_status(RegionDraft& draft);
void add_pool_and_demands(RegionDraft& draft);
/// Replaces the pool and the demands by a consolidation (GenerateOptions::consolidation).
void make_consolidation(RegionDraft& draft);

/// Dutch surnames and given-name initials for generated names.
std::string surname(DeterministicRandom& random);
std::string person_name(DeterministicRandom& random);

}  // namespace landpool::generator
