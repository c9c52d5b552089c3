#include "importers/csv_region_reader.hpp"

#include <cmath>
#include <functional>
#include <limits>

#include <spdlog/fmt/fmt.h>

#include "core/text.hpp"
#include "geo/polygon_check.hpp"
#include "importers/csv_table.hpp"
#include "importers/field_parser.hpp"

namespace landpool {
namespace {

constexpr double kMax = std::numeric_limits<double>::max();
const NumberRange kPositive{0.0, kMax, true, "must be positive"};
const NumberRange kNonNegative{0.0, kMax, false, "must not be negative"};
// The largest Dutch crop parcels are about 100 ha; 5,000 ha is a typing error.
const NumberRange kParcelArea{0.0, 5000.0, true, "must be positive and at most 5000 ha"};
const NumberRange kPercent{0.0, 100.0, false, "must lie between 0 and 100"};
const NumberRange kAnyArea{-1e9, 1e9, false, "must lie between -1e9 and 1e9"};
// A given area may differ this much from the polygon's before we warn.
constexpr double kAreaMismatchWarnShare = 0.05;

/// Reads one file's rows with `read_row` when its header is usable.
/// Returns false when the file is absent or unusable.
bool read_table(const std::filesystem::path& directory, const char* name, bool required,
                const std::vector<ColumnSpec>& columns, Diagnostics& diagnostics,
                CsvRegionRead& out, const std::function<void(RowFields&)>& read_row) {
  const auto path = directory / name;
  out.files_in_order.push_back(path.string());
  if (!std::filesystem::exists(path)) {
    if (required)
      diagnostics.error(path.string(), 0, "-", "required file is missing");
    return false;
  }
  auto table = read_csv_table(path, diagnostics);
  if (!table)
    return false;
  TableReader reader(*table, columns, diagnostics);
  if (!reader.header_ok())
    return false;
  for (const auto& row : reader.rows()) {
    RowFields fields(reader, row, diagnostics);
    read_row(fields);
  }
  return true;
}

void check_rd_point(RowFields& row, const PointRd& point, std::string_view x_column,
                    std::string_view y_column) {
  if (point.x_m < kRdMinX_m || point.x_m > kRdMaxX_m) {
    row.problem(x_column, fmt::format("{:.0f} is outside the RD New range of the Netherlands "
                                      "({:.0f} to {:.0f} m)",
                                      point.x_m, kRdMinX_m, kRdMaxX_m));
  }
  if (point.y_m < kRdMinY_m || point.y_m > kRdMaxY_m) {
    row.problem(y_column, fmt::format("{:.0f} is outside the RD New range of the Netherlands "
                                      "({:.0f} to {:.0f} m)",
                                      point.y_m, kRdMinY_m, kRdMaxY_m));
  }
}

void read_owner(RowFields& row, CsvRegionRead& out) {
  Owner owner;
  auto id = row.text("owner_id", Need::required);
  auto name = row.text("name", Need::required);
  auto kind = row.choice<OwnerKind>("kind", Need::required);
  owner.farm_id = row.text("farm_id", Need::optional);
  if (!id)
    return;
  owner.owner_id = *id;
  owner.name = name.value_or("");
  owner.kind = kind.value_or(OwnerKind::other);
  out.region.owners.push_back(std::move(owner));
}

void read_farm(RowFields& row, CsvRegionRead& out) {
  Farm farm;
  auto id = row.text("farm_id", Need::required);
  auto name = row.text("name", Need::required);
  farm.sector = row.choice<Sector>("sector", Need::optional);
  auto status = row.choice<OrganicStatus>("organic_status", Need::required);
  auto x = row.number("x", Need::required);
  auto y = row.number("y", Need::required);
  if (x && y) {
    farm.farmstead = {*x, *y};
    check_rd_point(row, farm.farmstead, "x", "y");
  }
  if (!id)
    return;
  farm.farm_id = *id;
  farm.name = name.value_or("");
  farm.organic_status = status.value_or(OrganicStatus::conventional);
  out.region.farms.push_back(std::move(farm));
}

void read_parcel(RowFields& row, CsvRegionRead& out) {
  Parcel parcel;
  auto id = row.text("parcel_id", Need::required);
  auto area_ha = row.number("area_ha", Need::optional, kParcelArea);
  auto x = row.number("x", Need::optional);
  auto y = row.number("y", Need::optional);
  parcel.wkt = row.text("wkt", Need::optional);
  parcel.soil = row.choice<Soil>("soil", Need::optional);
  parcel.value_eur_per_ha = row.number("value_eur_per_ha", Need::optional, kNonNegative);
  parcel.land_use = row.choice<LandUse>("land_use", Need::optional);
  auto status = row.choice<OrganicStatus>("organic_status", Need::required);
  parcel.converting_since = row.date("converting_since", Need::optional);
  auto owner = row.text("owner_id", Need::required);
  parcel.user_farm_id = row.text("user_farm_id", Need::optional);

  if (status == OrganicStatus::converting && !parcel.converting_since &&
      !row.text("converting_since", Need::optional)) {
    row.problem("converting_since", "a converting parcel needs the date its conversion began");
  }

  std::optional<PolygonMeasures> measured;
  if (!parcel.wkt && id && out.known_geometry) {
    if (auto it = out.known_geometry->find(*id); it != out.known_geometry->end()) {
      const ParcelGeometry& known = *it->second;
      parcel.wkt = known.wkt;
      measured = PolygonMeasures{known.area_ha, known.centroid, known.wkt};
      if (!parcel.land_use)
        parcel.land_use = known.land_use;
    }
  }
  if (parcel.wkt && !measured) {
    auto check = measure_wkt_polygon(*parcel.wkt);
    if (check.measures) {
      measured = check.measures;
      parcel.wkt = measured->wkt;  // one spelling for every later reader
    } else {
      row.problem("wkt", check.error);
    }
  }
  const bool x_given = row.text("x", Need::optional).has_value();
  const bool y_given = row.text("y", Need::optional).has_value();
  if (x_given != y_given) {
    row.problem(x_given ? "y" : "x", "x and y must be given together");
  } else if (x && y) {
    parcel.centroid = {*x, *y};
    check_rd_point(row, parcel.centroid, "x", "y");
  } else if (measured) {
    parcel.centroid = measured->centroid;
  } else if (!parcel.wkt) {
    row.problem("x", "a location is required: give x and y, or wkt");
  }
  if (measured && !inside_rd_range(measured->centroid)) {
    row.problem("wkt", fmt::format("the polygon lies at ({:.0f}, {:.0f}), outside the RD New "
                                   "range of the Netherlands: coordinates must be RD New metres",
                                   measured->centroid.x_m, measured->centroid.y_m));
  }

  if (area_ha) {
    parcel.area_ha = *area_ha;
    if (measured && std::abs(measured->area_ha - *area_ha) > kAreaMismatchWarnShare * *area_ha) {
      // A warning, not an error: registered areas often differ from drawn ones.
      row.warning("area_ha",
                  fmt::format("area_ha {} differs by more than {:.0f} % from the "
                              "polygon's {:.4f} ha; area_ha is used",
                              *area_ha, 100.0 * kAreaMismatchWarnShare, measured->area_ha));
    }
  } else if (measured) {
    parcel.area_ha = measured->area_ha;
  } else if (!parcel.wkt && !row.text("area_ha", Need::optional)) {
    row.problem("area_ha", "an area is required: give area_ha, or wkt to compute it");
  }

  if (!id)
    return;
  parcel.parcel_id = *id;
  parcel.organic_status = status.value_or(OrganicStatus::conventional);
  parcel.owner_id = owner.value_or("");
  out.region.parcels.push_back(std::move(parcel));
}

void read_lease(RowFields& row, CsvRegionRead& out) {
  Lease lease;
  auto parcel = row.text("parcel_id", Need::required);
  auto lessee = row.text("lessee_farm_id", Need::required);
  auto start = row.date("start_date", Need::required);
  lease.end_date = row.date("end_date", Need::optional);
  lease.kind = row.choice<LeaseKind>("kind", Need::optional);
  lease.rent_eur_per_ha_year = row.number("rent_eur_per_ha_year", Need::optional, kNonNegative);
  if (start && lease.end_date && *lease.end_date < *start) {
    row.problem("end_date", "the lease ends (" + format_iso_date(*lease.end_date) +
                                ") before it starts (" + format_iso_date(*start) + ")");
  }
  if (!parcel || !lessee || !start)
    return;
  lease.parcel_id = *parcel;
  lease.lessee_farm_id = *lessee;
  lease.start_date = *start;
  out.region.leases.push_back(std::move(lease));
}

void read_offer(RowFields& row, CsvRegionRead& out) {
  Offer offer;
  auto parcel = row.text("parcel_id", Need::required);
  auto owner = row.text("owner_id", Need::required);
  auto modes = row.choice_set<OfferMode>("mode", Need::required);
  auto available = row.date("available_from", Need::required);
  offer.lease_years_max = row.integer("lease_years_max", Need::optional, 1);
  offer.organic_only = row.yes_no("organic_only", Need::optional).value_or(false);
  if (!parcel || !owner)
    return;
  offer.parcel_id = *parcel;
  offer.owner_id = *owner;
  if (modes)
    offer.modes = *modes;
  if (available)
    offer.available_from = *available;
  out.region.offers.push_back(std::move(offer));
}

void read_exchange_parcels(RowFields& row, Demand& demand) {
  auto cell = row.text("exchange_parcels", Need::optional);
  if (!cell || *cell == "none")
    return;
  if (*cell == "all") {
    demand.exchange.policy = ExchangeParcels::Policy::all;
    return;
  }
  demand.exchange.policy = ExchangeParcels::Policy::listed;
  for (auto id : split_trimmed(*cell, '|')) {
    if (id.empty()) {
      row.problem("exchange_parcels", "empty parcel id in '" + *cell + "'");
      continue;
    }
    demand.exchange.parcel_ids.emplace_back(id);
  }
}

void read_demand(RowFields& row, CsvRegionRead& out) {
  Demand demand;
  auto farm = row.text("farm_id", Need::required);
  auto wants_min = row.number("wants_min_ha", Need::required, kAnyArea);
  auto wants_max = row.number("wants_max_ha", Need::required, kAnyArea);
  demand.max_distance_km = row.number("max_distance_km", Need::optional, kPositive);
  if (auto modes = row.choice_set<DemandMode>("modes", Need::optional))
    demand.modes = *modes;
  read_exchange_parcels(row, demand);
  demand.tolerance_pct = row.number("tolerance_pct", Need::optional, kPercent);
  demand.max_partners = row.integer("max_partners", Need::optional, 1);
  demand.converts = row.yes_no("converts", Need::optional).value_or(false);
  demand.young_farmer = row.yes_no("young_farmer", Need::optional).value_or(false);
  if (wants_min && wants_max && *wants_min > *wants_max) {
    row.problem("wants_min_ha", fmt::format("wants_min_ha ({}) is greater than wants_max_ha ({})",
                                            *wants_min, *wants_max));
  }
  if (!farm)
    return;
  demand.farm_id = *farm;
  demand.wants_min_ha = wants_min.value_or(0.0);
  demand.wants_max_ha = wants_max.value_or(0.0);
  out.region.demands.push_back(std::move(demand));
}

/// Runs `read_row` and records the row's origin when it added a record.
template <class Record>
std::function<void(RowFields&)> tracked(std::vector<Record>& records, std::vector<Origin>& origins,
                                        const std::string& file,
                                        void (*read_row)(RowFields&, CsvRegionRead&),
                                        CsvRegionRead& out) {
  return [&records, &origins, file, read_row, &out](RowFields& row) {
    const auto before = records.size();
    read_row(row, out);
    if (records.size() > before)
      origins.push_back({file, row.line()});
  };
}

}  // namespace

CsvRegionRead read_csv_region(const std::filesystem::path& directory, Diagnostics& diagnostics,
                              const GeometryLookup* known_geometry) {
  CsvRegionRead out;
  out.known_geometry = known_geometry;
  auto& region = out.region;
  auto& origins = out.origins;
  auto path = [&](const char* name) { return (directory / name).string(); };

  origins.owners_loaded = read_table(
      directory, kOwnersFile, true,
      {{"owner_id", true}, {"name", true}, {"kind", true}, {"farm_id", false}}, diagnostics, out,
      tracked(region.owners, origins.owners, path(kOwnersFile), read_owner, out));
  origins.farms_loaded = read_table(
      directory, kFarmsFile, true,
      {{"farm_id", true},
       {"name", true},
       {"sector", false},
       {"organic_status", true},
       {"x", true},
       {"y", true}},
      diagnostics, out, tracked(region.farms, origins.farms, path(kFarmsFile), read_farm, out));
  origins.parcels_file = path(kParcelsFile);
  origins.parcels_loaded =
      read_table(directory, kParcelsFile, true,
                 {{"parcel_id", true},
                  {"area_ha", false},
                  {"x", false},
                  {"y", false},
                  {"wkt", false},
                  {"soil", false},
                  {"value_eur_per_ha", false},
                  {"land_use", false},
                  {"organic_status", true},
                  {"converting_since", false},
                  {"owner_id", true},
                  {"user_farm_id", false}},
                 diagnostics, out,
                 tracked(region.parcels, origins.parcels, path(kParcelsFile), read_parcel, out));
  read_table(directory, kLeasesFile, false,
             {{"parcel_id", true},
              {"lessee_farm_id", true},
              {"start_date", true},
              {"end_date", false},
              {"kind", false},
              {"rent_eur_per_ha_year", false}},
             diagnostics, out,
             tracked(region.leases, origins.leases, path(kLeasesFile), read_lease, out));
  read_table(directory, kOffersFile, false,
             {{"parcel_id", true},
              {"owner_id", true},
              {"mode", true},
              {"available_from", true},
              {"lease_years_max", false},
              {"organic_only", false}},
             diagnostics, out,
             tracked(region.offers, origins.offers, path(kOffersFile), read_offer, out));
  read_table(directory, kDemandsFile, false,
             {{"farm_id", true},
              {"wants_min_ha", true},
              {"wants_max_ha", true},
              {"max_distance_km", false},
              {"modes", false},
              {"exchange_parcels", false},
              {"tolerance_pct", false},
              {"max_partners", false},
              {"converts", false},
              {"young_farmer", false}},
             diagnostics, out,
             tracked(region.demands, origins.demands, path(kDemandsFile), read_demand, out));
  return out;
}

}  // namespace landpool
