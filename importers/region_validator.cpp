#include "importers/region_validator.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>

namespace landpool {
namespace {

/// Index of records by id; duplicates are reported at their second place.
template <class Record, class IdOf>
std::unordered_map<std::string, std::size_t> index_unique(const std::vector<Record>& records,
                                                          const std::vector<Origin>& origins,
                                                          const char* column, IdOf id_of,
                                                          Diagnostics& diagnostics) {
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < records.size(); ++i) {
    const std::string& id = id_of(records[i]);
    auto [it, inserted] = index.emplace(id, i);
    if (!inserted) {
      diagnostics.error(origins[i].file, origins[i].line, column,
                        "duplicate id '" + id + "' (first on line " +
                            std::to_string(origins[it->second].line) + ")");
    }
  }
  return index;
}

struct Indexes {
  std::unordered_map<std::string, std::size_t> owners, farms, parcels;
};

bool overlaps(const Lease& a, const Lease& b) {
  const bool a_before_b = a.end_date && *a.end_date < b.start_date;
  const bool b_before_a = b.end_date && *b.end_date < a.start_date;
  return !a_before_b && !b_before_a;
}

void check_parcels(const Region& region, const RegionOrigins& origins, const Indexes& index,
                   Diagnostics& diagnostics) {
  for (std::size_t i = 0; i < region.parcels.size(); ++i) {
    const auto& parcel = region.parcels[i];
    const auto& where = origins.parcels[i];
    if (origins.owners_loaded && !parcel.owner_id.empty() &&
        !index.owners.contains(parcel.owner_id)) {
      diagnostics.error(where.file, where.line, "owner_id",
                        "unknown owner '" + parcel.owner_id + "' (not in owners.csv)");
    }
    if (origins.farms_loaded && parcel.user_farm_id &&
        !index.farms.contains(*parcel.user_farm_id)) {
      diagnostics.error(where.file, where.line, "user_farm_id",
                        "unknown farm '" + *parcel.user_farm_id + "' (not in farms.csv)");
    }
  }
}

void check_owners(const Region& region, const RegionOrigins& origins, const Indexes& index,
                  Diagnostics& diagnostics) {
  if (!origins.farms_loaded)
    return;
  for (std::size_t i = 0; i < region.owners.size(); ++i) {
    const auto& owner = region.owners[i];
    if (owner.farm_id && !index.farms.contains(*owner.farm_id)) {
      diagnostics.error(origins.owners[i].file, origins.owners[i].line, "farm_id",
                        "unknown farm '" + *owner.farm_id + "' (not in farms.csv)");
    }
  }
}

void check_leases(const Region& region, const RegionOrigins& origins, const Indexes& index,
                  Diagnostics& diagnostics) {
  std::map<std::string, std::vector<std::size_t>> leases_by_parcel;
  for (std::size_t i = 0; i < region.leases.size(); ++i) {
    const auto& lease = region.leases[i];
    const auto& where = origins.leases[i];
    const auto parcel = index.parcels.find(lease.parcel_id);
    if (origins.parcels_loaded && parcel == index.parcels.end()) {
      diagnostics.error(where.file, where.line, "parcel_id",
                        "unknown parcel '" + lease.parcel_id + "' (not in parcels.csv)");
    }
    const bool lessee_known = index.farms.contains(lease.lessee_farm_id);
    if (origins.farms_loaded && !lessee_known) {
      diagnostics.error(where.file, where.line, "lessee_farm_id",
                        "unknown farm '" + lease.lessee_farm_id + "' (not in farms.csv)");
    }
    if (parcel != index.parcels.end() && lessee_known) {
      const auto& user = region.parcels[parcel->second].user_farm_id;
      if (user != lease.lessee_farm_id) {
        diagnostics.error(where.file, where.line, "lessee_farm_id",
                          "lessee '" + lease.lessee_farm_id + "' is not the user of parcel '" +
                              lease.parcel_id + "' (user_farm_id is '" + user.value_or("") +
                              "' in parcels.csv)");
      }
    }
    auto& earlier = leases_by_parcel[lease.parcel_id];
    for (std::size_t other : earlier) {
      if (overlaps(region.leases[other], lease)) {
        diagnostics.error(where.file, where.line, "start_date",
                          "lease of parcel '" + lease.parcel_id + "' overlaps the lease on line " +
                              std::to_string(origins.leases[other].line));
        break;
      }
    }
    earlier.push_back(i);
  }
}

void check_offers(const Region& region, const RegionOrigins& origins, const Indexes& index,
                  Diagnostics& diagnostics) {
  std::unordered_map<std::string, std::size_t> first_offer;
  for (std::size_t i = 0; i < region.offers.size(); ++i) {
    const auto& offer = region.offers[i];
    const auto& where = origins.offers[i];
    if (auto [it, inserted] = first_offer.emplace(offer.parcel_id, i); !inserted) {
      diagnostics.error(where.file, where.line, "parcel_id",
                        "parcel '" + offer.parcel_id + "' is already offered on line " +
                            std::to_string(origins.offers[it->second].line));
    }
    const auto parcel = index.parcels.find(offer.parcel_id);
    if (origins.parcels_loaded && parcel == index.parcels.end()) {
      diagnostics.error(where.file, where.line, "parcel_id",
                        "unknown parcel '" + offer.parcel_id + "' (not in parcels.csv)");
    }
    const bool owner_known = index.owners.contains(offer.owner_id);
    if (origins.owners_loaded && !owner_known) {
      diagnostics.error(where.file, where.line, "owner_id",
                        "unknown owner '" + offer.owner_id + "' (not in owners.csv)");
    } else if (parcel != index.parcels.end() &&
               region.parcels[parcel->second].owner_id != offer.owner_id) {
      diagnostics.error(where.file, where.line, "owner_id",
                        "owner '" + offer.owner_id + "' does not own parcel '" + offer.parcel_id +
                            "' (its owner is '" + region.parcels[parcel->second].owner_id + "')");
    }
  }
}

void check_demands(const Region& region, const RegionOrigins& origins, const Indexes& index,
                   Diagnostics& diagnostics) {
  index_unique(
      region.demands, origins.demands, "farm_id",
      [](const Demand& d) -> const std::string& { return d.farm_id; }, diagnostics);
  for (std::size_t i = 0; i < region.demands.size(); ++i) {
    const auto& demand = region.demands[i];
    const auto& where = origins.demands[i];
    if (origins.farms_loaded && !index.farms.contains(demand.farm_id)) {
      diagnostics.error(where.file, where.line, "farm_id",
                        "unknown farm '" + demand.farm_id + "' (not in farms.csv)");
    }
    if (!origins.parcels_loaded)
      continue;
    std::unordered_map<std::string, int> times_listed;
    for (const auto& parcel_id : demand.exchange.parcel_ids) {
      const auto parcel = index.parcels.find(parcel_id);
      if (++times_listed[parcel_id] == 2) {
        diagnostics.error(where.file, where.line, "exchange_parcels",
                          "parcel '" + parcel_id + "' is listed twice");
      } else if (parcel == index.parcels.end()) {
        diagnostics.error(where.file, where.line, "exchange_parcels",
                          "unknown parcel '" + parcel_id + "' (not in parcels.csv)");
      } else if (region.parcels[parcel->second].user_farm_id != demand.farm_id) {
        diagnostics.error(where.file, where.line, "exchange_parcels",
                          "parcel '" + parcel_id + "' is not used by farm '" + demand.farm_id +
                              "', so the farm cannot give it in exchange");
      }
    }
  }
}

}  // namespace

void validate_region(const Region& region, const RegionOrigins& origins, Diagnostics& diagnostics) {
  if (origins.parcels_loaded && region.parcels.empty() && !diagnostics.has_errors()) {
    diagnostics.error(origins.parcels_file, 0, "-", "no parcels: a region needs at least one");
  }
  Indexes index;
  index.owners = index_unique(
      region.owners, origins.owners, "owner_id",
      [](const Owner& o) -> const std::string& { return o.owner_id; }, diagnostics);
  index.farms = index_unique(
      region.farms, origins.farms, "farm_id",
      [](const Farm& f) -> const std::string& { return f.farm_id; }, diagnostics);
  index.parcels = index_unique(
      region.parcels, origins.parcels, "parcel_id",
      [](const Parcel& p) -> const std::string& { return p.parcel_id; }, diagnostics);
  check_parcels(region, origins, index, diagnostics);
  check_owners(region, origins, index, diagnostics);
  check_leases(region, origins, index, diagnostics);
  check_offers(region, origins, index, diagnostics);
  check_demands(region, origins, index, diagnostics);
}

}  // namespace landpool
