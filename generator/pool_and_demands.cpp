// Stage 4: the pool and the demands. Land enters the pool from government
// land positions (not in use, or when their short lease ends), from farmers
// about to stop, from land funds and some private owners when a lease ends.
// Organic farms ask for more land; some conventional farms are willing to
// exchange, and a few to convert.

#include <cmath>
#include <cstdint>

#include "generator/draft.hpp"

namespace landpool::generator {
namespace {

bool ends_within(const std::optional<Lease>& lease, const Date& limit) {
  return lease && lease->end_date && *lease->end_date <= limit;
}

Date day_after(const Date& date) {
  return Date{std::chrono::sys_days{date} + std::chrono::days{1}};
}

OwnerKind kind_of(const std::string& owner_id) {
  if (owner_id.starts_with("G-"))
    return OwnerKind::government;
  if (owner_id.starts_with("L-"))
    return OwnerKind::land_fund;
  if (owner_id.starts_with("O-F"))
    return OwnerKind::farmer;
  return OwnerKind::private_person;
}

void add_offers(RegionDraft& draft) {
  auto& random = draft.random;
  const Date two_years = draft.days_from_as_of(730);
  for (std::size_t i = 0; i < draft.parcels.size(); ++i) {
    const auto& parcel = draft.parcels[i];
    Offer offer;
    offer.parcel_id = draft.land.parcels[i].parcel_id;
    offer.owner_id = parcel.owner_id;
    const bool freed = ends_within(parcel.lease, two_years);
    const Date free_from = freed ? day_after(*parcel.lease->end_date) : draft.as_of;
    switch (kind_of(parcel.owner_id)) {
      case OwnerKind::government:
        if (parcel.farm && !freed)
          continue;
        offer.modes.insert(OfferMode::lease);
        if (random.chance(0.5))
          offer.modes.insert(OfferMode::exchange);
        offer.available_from =
            parcel.farm ? free_from : draft.days_from_as_of(random.integer(0, 180));
        offer.lease_years_max = 6;
        // The province's policy: its land only to organic or converting farms.
        offer.organic_only = parcel.owner_id == "G-PNH" || random.chance(0.3);
        break;
      case OwnerKind::farmer:
        if (!parcel.farm || !draft.farms[*parcel.farm].retiring)
          continue;
        offer.modes.insert(OfferMode::sale);
        if (random.chance(0.6))
          offer.modes.insert(OfferMode::lease);
        offer.available_from = draft.days_from_as_of(random.integer(30, 365));
        offer.organic_only = random.chance(0.5);
        break;
      case OwnerKind::land_fund:
        if (!freed)
          continue;
        offer.modes.insert(OfferMode::lease);
        offer.available_from = free_from;
        offer.organic_only = true;  // these funds buy land for organic farming
        break;
      default:
        if (!freed || !random.chance(0.2))
          continue;
        offer.modes.insert(OfferMode::lease);
        offer.modes.insert(OfferMode::sale);
        offer.available_from = free_from;
        break;
    }
    draft.offers.push_back(std::move(offer));
  }
}

void add_demands(RegionDraft& draft) {
  auto& random = draft.random;
  const auto& preset = draft.preset;
  for (const auto& farm : draft.farms) {
    Demand demand;
    demand.farm_id = farm.farm.farm_id;
    demand.tolerance_pct = 10.0;
    demand.max_partners = 3;
    auto exchange_tail = [&] {
      if (farm.tail.empty() || random.chance(0.3)) {
        demand.exchange.policy = ExchangeParcels::Policy::all;
        return;
      }
      demand.exchange.policy = ExchangeParcels::Policy::listed;
      for (std::size_t parcel : farm.tail) {
        demand.exchange.parcel_ids.push_back(draft.land.parcels[parcel].parcel_id);
      }
    };
    if (farm.farm.organic_status != OrganicStatus::conventional) {
      if (farm.retiring || !random.chance(preset.organic_demand_share))
        continue;
      demand.wants_min_ha = std::round(random.bell(1.0, 5.0));
      demand.wants_max_ha = demand.wants_min_ha + std::round(random.uniform(3.0, 15.0));
      demand.max_distance_km = std::round(random.uniform(3.0, 8.0) * 2.0) / 2.0;
      demand.modes = DemandModes{};
      demand.modes.insert(DemandMode::lease);
      if (random.chance(0.5))
        demand.modes.insert(DemandMode::buy);
      if (random.chance(0.6)) {
        demand.modes.insert(DemandMode::exchange);
        exchange_tail();
      }
    } else if (random.chance(preset.converts_share)) {
      demand.converts = true;
      demand.wants_min_ha = std::round(random.uniform(0.0, 3.0));
      demand.wants_max_ha = demand.wants_min_ha + std::round(random.uniform(2.0, 8.0));
      demand.max_distance_km = 5.0;
      demand.modes = DemandModes{};
      demand.modes.insert(DemandMode::lease);
      demand.modes.insert(DemandMode::exchange);
      exchange_tail();
    } else if (random.chance(preset.exchange_willing_share)) {
      demand.max_distance_km = 5.0;
      demand.modes = DemandModes{};
      demand.modes.insert(DemandMode::exchange);
      exchange_tail();
    } else {
      continue;
    }
    draft.demands.push_back(std::move(demand));
  }
  // About one farm in eight is run by a young farmer. Drawn from the farm id,
  // not from `random`, so that adding this did not change the regions.
  for (auto& demand : draft.demands) {
    std::uint64_t hash = 14695981039346656037ull;
    for (const char c : demand.farm_id)
      hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    demand.young_farmer = hash % 8 == 0;
  }
}

}  // namespace

void add_pool_and_demands(RegionDraft& draft) {
  add_offers(draft);
  add_demands(draft);
}

void make_consolidation(RegionDraft& draft) {
  draft.offers.clear();
  std::vector<Demand> demands;
  for (const auto& farm : draft.farms) {
    Demand demand;
    demand.farm_id = farm.farm.farm_id;
    demand.wants_min_ha = 0.0;
    demand.wants_max_ha = 0.0;
    demand.tolerance_pct = 10.0;
    demand.modes = DemandModes{};
    demand.modes.insert(DemandMode::exchange);
    demand.exchange.policy = ExchangeParcels::Policy::all;
    // Keep what add_demands drew for the farm (young farmer, willingness to convert).
    for (const auto& drawn : draft.demands) {
      if (drawn.farm_id == demand.farm_id) {
        demand.converts = drawn.converts;
        demand.young_farmer = drawn.young_farmer;
      }
    }
    demands.push_back(std::move(demand));
  }
  draft.demands = std::move(demands);
}

}  // namespace landpool::generator
