#include "importers/region_csv_writer.hpp"

#include <fstream>
#include <stdexcept>

#include <spdlog/fmt/fmt.h>

#include "core/text.hpp"

namespace landpool {
namespace {

class CsvFile {
 public:
  CsvFile(const std::filesystem::path& path, std::string_view header)
      : path_(path), out_(path, std::ios::binary) {
    if (!out_)
      throw std::runtime_error(path.string() + ": cannot write");
    out_ << header << '\n';
  }
  ~CsvFile() noexcept(false) {
    out_.close();
    if (!out_ && std::uncaught_exceptions() == 0) {
      throw std::runtime_error(path_.string() + ": write failed");
    }
  }
  std::ofstream& stream() { return out_; }

 private:
  std::filesystem::path path_;
  std::ofstream out_;
};

template <class T, class Format>
std::string optional_cell(const std::optional<T>& value, Format format) {
  return value ? format(*value) : std::string();
}

std::string number(double value, int decimals) {
  return fmt::format("{:.{}f}", value, decimals);
}
std::string date(const Date& value) {
  return format_iso_date(value);
}
template <class Enum>
std::string name(Enum value) {
  return std::string(to_string(value));
}

std::string exchange_cell(const ExchangeParcels& exchange) {
  switch (exchange.policy) {
    case ExchangeParcels::Policy::all:
      return "all";
    case ExchangeParcels::Policy::none:
      return "none";
    case ExchangeParcels::Policy::listed:
      break;
  }
  std::string ids;
  for (const auto& id : exchange.parcel_ids)
    ids += (ids.empty() ? "" : "|") + id;
  return ids;
}

}  // namespace

void write_region_csv(const Region& region, const std::filesystem::path& directory) {
  std::filesystem::create_directories(directory);
  {
    CsvFile file(directory / "owners.csv", "owner_id,name,kind,farm_id");
    for (const auto& o : region.owners) {
      file.stream() << csv_field(o.owner_id) << ',' << csv_field(o.name) << ',' << name(o.kind)
                    << ',' << csv_field(o.farm_id.value_or("")) << '\n';
    }
  }
  {
    CsvFile file(directory / "farms.csv", "farm_id,name,sector,organic_status,x,y");
    for (const auto& f : region.farms) {
      file.stream() << csv_field(f.farm_id) << ',' << csv_field(f.name) << ','
                    << optional_cell(f.sector, name<Sector>) << ',' << name(f.organic_status) << ','
                    << number(f.farmstead.x_m, 1) << ',' << number(f.farmstead.y_m, 1) << '\n';
    }
  }
  {
    CsvFile file(directory / "parcels.csv",
                 "parcel_id,area_ha,x,y,wkt,soil,value_eur_per_ha,land_use,organic_status,"
                 "converting_since,owner_id,user_farm_id");
    for (const auto& p : region.parcels) {
      // With a polygon, area and location follow from it: writing them too
      // would only invite disagreement.
      const bool polygon = p.wkt.has_value();
      file.stream() << csv_field(p.parcel_id) << ',' << (polygon ? "" : number(p.area_ha, 4)) << ','
                    << (polygon ? "" : number(p.centroid.x_m, 1)) << ','
                    << (polygon ? "" : number(p.centroid.y_m, 1)) << ','
                    << csv_field(p.wkt.value_or("")) << ',' << optional_cell(p.soil, name<Soil>)
                    << ','
                    << optional_cell(p.value_eur_per_ha, [](double v) { return number(v, 0); })
                    << ',' << optional_cell(p.land_use, name<LandUse>) << ','
                    << name(p.organic_status) << ',' << optional_cell(p.converting_since, date)
                    << ',' << csv_field(p.owner_id) << ',' << csv_field(p.user_farm_id.value_or(""))
                    << '\n';
    }
  }
  {
    CsvFile file(directory / "leases.csv",
                 "parcel_id,lessee_farm_id,start_date,end_date,kind,rent_eur_per_ha_year");
    for (const auto& l : region.leases) {
      file.stream() << csv_field(l.parcel_id) << ',' << csv_field(l.lessee_farm_id) << ','
                    << date(l.start_date) << ',' << optional_cell(l.end_date, date) << ','
                    << optional_cell(l.kind, name<LeaseKind>) << ','
                    << optional_cell(l.rent_eur_per_ha_year, [](double v) { return number(v, 0); })
                    << '\n';
    }
  }
  {
    CsvFile file(directory / "offers.csv",
                 "parcel_id,owner_id,mode,available_from,lease_years_max,organic_only");
    for (const auto& o : region.offers) {
      file.stream() << csv_field(o.parcel_id) << ',' << csv_field(o.owner_id) << ','
                    << o.modes.to_string() << ',' << date(o.available_from) << ','
                    << optional_cell(o.lease_years_max, [](int v) { return std::to_string(v); })
                    << ',' << (o.organic_only ? "yes" : "no") << '\n';
    }
  }
  {
    CsvFile file(directory / "demands.csv",
                 "farm_id,wants_min_ha,wants_max_ha,max_distance_km,modes,exchange_parcels,"
                 "tolerance_pct,max_partners,converts,young_farmer");
    for (const auto& d : region.demands) {
      file.stream() << csv_field(d.farm_id) << ',' << number(d.wants_min_ha, 2) << ','
                    << number(d.wants_max_ha, 2) << ','
                    << optional_cell(d.max_distance_km, [](double v) { return number(v, 2); })
                    << ',' << d.modes.to_string() << ',' << csv_field(exchange_cell(d.exchange))
                    << ',' << optional_cell(d.tolerance_pct, [](double v) { return number(v, 1); })
                    << ',' << optional_cell(d.max_partners, [](int v) { return std::to_string(v); })
                    << ',' << (d.converts ? "yes" : "no") << ',' << (d.young_farmer ? "yes" : "no")
                    << '\n';
    }
  }
}

}  // namespace landpool
