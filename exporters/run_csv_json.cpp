// CSV and JSON exports of a run.

#include <fstream>
#include <stdexcept>

#include <spdlog/fmt/fmt.h>

#include "core/text.hpp"
#include "exporters/run_writers.hpp"

namespace landpool {
namespace {

class CsvFile {
 public:
  CsvFile(const std::filesystem::path& path, const char* header)
      : path_(path), out_(path, std::ios::binary) {
    if (!out_)
      throw std::runtime_error(path.string() + ": cannot create");
    out_ << header << '\n';
  }
  std::ofstream& out() { return out_; }
  void close() {
    out_.close();
    if (!out_)
      throw std::runtime_error(path_.string() + ": write failed");
  }

 private:
  std::filesystem::path path_;
  std::ofstream out_;
};

}  // namespace

void write_run_csv(const RunView& view, const std::filesystem::path& directory) {
  std::filesystem::create_directories(directory);
  CsvFile transfers(directory / "transfers.csv",
                    "deal_id,parcel_id,from_farm_id,to_farm_id,owner_before,owner_after,form,"
                    "area_ha,value_eur,effective_date,lease_years,rent_eur_per_ha_year,settles,"
                    "use_value_eur_per_year");
  for (const auto& t : view.transfers) {
    transfers.out() << fmt::format(
        "{},{},{},{},{},{},{},{},{:.0f},{},{},{},{},{}\n", t.deal_id, csv_field(t.parcel_id),
        csv_field(t.from_farm_id), csv_field(t.to_farm_id), csv_field(t.owner_before),
        csv_field(t.owner_after), t.form, t.area_ha, t.value_eur, format_iso_date(t.effective_date),
        t.lease_years ? std::to_string(*t.lease_years) : "",
        t.rent_eur_per_ha_year ? fmt::format("{:.2f}", *t.rent_eur_per_ha_year) : "", t.settles,
        t.use_value_eur_per_year ? fmt::format("{:.2f}", *t.use_value_eur_per_year) : "");
  }
  transfers.close();

  CsvFile deals(directory / "deals.csv",
                "deal_id,form,farm_count,farm_ids,pool_owner_ids,area_ha,benefit_eur,"
                "settlement_eur,transfer_tax_eur,effective_date,settlement_eur_per_year");
  for (const auto& d : view.deals) {
    deals.out() << fmt::format("{},{},{},{},{},{:.6f},{:.0f},{:.0f},{:.0f},{},{:.0f}\n", d.deal_id,
                               d.form, d.farm_ids.size(), csv_field(join(d.farm_ids, "|")),
                               csv_field(join(d.pool_owner_ids, "|")), d.area_ha, d.benefit_eur,
                               d.settlement_eur, d.transfer_tax_eur,
                               format_iso_date(d.effective_date), d.settlement_eur_per_year);
  }
  deals.close();

  CsvFile participants(directory / "participants.csv",
                       "farm_id,deal_id,area_before_ha,area_after_ha,value_before_eur,"
                       "value_after_eur,travel_before_ha_km,travel_after_ha_km,parcels_before,"
                       "parcels_after,blocks_before,blocks_after,settlement_eur,gain_eur,"
                       "settlement_eur_per_year");
  for (const auto& p : view.participants) {
    participants.out() << fmt::format(
        "{},{},{:.6f},{:.6f},{:.0f},{:.0f},{:.3f},{:.3f},{},{},{},{},{:.0f},{:.0f},{:.0f}\n",
        csv_field(p.farm_id), p.deal_id, p.area_before_ha, p.area_after_ha, p.value_before_eur,
        p.value_after_eur, p.travel_before_ha_km, p.travel_after_ha_km, p.parcels_before,
        p.parcels_after, p.blocks_before, p.blocks_after, p.settlement_eur, p.gain_eur,
        p.settlement_eur_per_year);
  }
  participants.close();

  CsvFile lost(directory / "lost_organic.csv",
               "parcel_id,area_ha,reason,farm_id,distance_km,rule,cost_eur,"
               "keep_weight_eur_per_ha");
  for (const auto& l : view.lost_organic) {
    lost.out() << fmt::format("{},{:.6f},{},{},{:.3f},{},{:.0f},{:.0f}\n", csv_field(l.parcel_id),
                              l.area_ha, l.reason, csv_field(l.farm_id), l.distance_km, l.rule,
                              l.cost_eur, l.keep_weight_eur_per_ha);
  }
  lost.close();
}

nlohmann::json run_record_json(const RunRecord& r) {
  return {{"run_id", r.run_id},
          {"quarter", r.quarter},
          {"planned_from", r.planned_from},
          {"started_at", r.started_at},
          {"finished_at", r.finished_at},
          {"scenario", r.scenario_name},
          {"input_fingerprint", r.input_fingerprint},
          {"status", r.status},
          {"objective_eur", r.objective_eur},
          {"bound_eur", r.bound_eur},
          {"gap", r.gap},
          {"solve_time_s", r.solve_time_s}};
}

nlohmann::json run_to_json(const RunView& view) {
  nlohmann::json json;
  json["run"] = run_record_json(view.run);
  json["scope"] = view.scope;
  json["anonymised"] = view.anonymised;
  json["kpis"] = view.kpis;
  json["deals"] = nlohmann::json::array();
  for (const auto& d : view.deals) {
    json["deals"].push_back({{"deal_id", d.deal_id},
                             {"form", d.form},
                             {"farm_ids", d.farm_ids},
                             {"pool_owner_ids", d.pool_owner_ids},
                             {"area_ha", d.area_ha},
                             {"benefit_eur", d.benefit_eur},
                             {"settlement_eur", d.settlement_eur},
                             {"settlement_eur_per_year", d.settlement_eur_per_year},
                             {"transfer_tax_eur", d.transfer_tax_eur},
                             {"effective_date", format_iso_date(d.effective_date)}});
  }
  json["transfers"] = nlohmann::json::array();
  for (const auto& t : view.transfers) {
    json["transfers"].push_back(
        {{"deal_id", t.deal_id},
         {"parcel_id", t.parcel_id},
         {"from_farm_id", t.from_farm_id},
         {"to_farm_id", t.to_farm_id},
         {"owner_before", t.owner_before},
         {"owner_after", t.owner_after},
         {"form", t.form},
         {"area_ha", t.area_ha},
         {"value_eur", t.value_eur},
         {"effective_date", format_iso_date(t.effective_date)},
         {"lease_years", t.lease_years ? nlohmann::json(*t.lease_years) : nlohmann::json(nullptr)},
         {"rent_eur_per_ha_year", t.rent_eur_per_ha_year ? nlohmann::json(*t.rent_eur_per_ha_year)
                                                         : nlohmann::json(nullptr)},
         {"settles", t.settles},
         {"use_value_eur_per_year", t.use_value_eur_per_year
                                        ? nlohmann::json(*t.use_value_eur_per_year)
                                        : nlohmann::json(nullptr)}});
  }
  json["participants"] = nlohmann::json::array();
  for (const auto& p : view.participants) {
    json["participants"].push_back({{"farm_id", p.farm_id},
                                    {"deal_id", p.deal_id},
                                    {"area_before_ha", p.area_before_ha},
                                    {"area_after_ha", p.area_after_ha},
                                    {"value_before_eur", p.value_before_eur},
                                    {"value_after_eur", p.value_after_eur},
                                    {"travel_before_ha_km", p.travel_before_ha_km},
                                    {"travel_after_ha_km", p.travel_after_ha_km},
                                    {"parcels_before", p.parcels_before},
                                    {"parcels_after", p.parcels_after},
                                    {"blocks_before", p.blocks_before},
                                    {"blocks_after", p.blocks_after},
                                    {"settlement_eur", p.settlement_eur},
                                    {"settlement_eur_per_year", p.settlement_eur_per_year},
                                    {"gain_eur", p.gain_eur}});
  }
  json["lost_organic"] = nlohmann::json::array();
  for (const auto& l : view.lost_organic) {
    json["lost_organic"].push_back({{"parcel_id", l.parcel_id},
                                    {"area_ha", l.area_ha},
                                    {"reason", l.reason},
                                    {"farm_id", l.farm_id},
                                    {"distance_km", l.distance_km},
                                    {"rule", l.rule},
                                    {"cost_eur", l.cost_eur},
                                    {"keep_weight_eur_per_ha", l.keep_weight_eur_per_ha}});
  }
  return json;
}

void write_run_json(const RunView& view, const std::filesystem::path& path) {
  if (path.has_parent_path())
    std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << run_to_json(view).dump(2) << '\n';
  out.close();
  if (!out)
    throw std::runtime_error(path.string() + ": write failed");
}

}  // namespace landpool
