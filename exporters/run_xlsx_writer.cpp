// The Excel workbook (libxlsxwriter): numbers as numbers, units in headers,
// frozen header rows, column widths that fit.

#include <xlsxwriter.h>

#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include <spdlog/fmt/fmt.h>

#include "core/text.hpp"
#include "exporters/lost_organic_text.hpp"
#include "exporters/run_writers.hpp"

namespace landpool {
namespace {

using Cell = std::variant<std::string, double>;

class Sheet {
 public:
  Sheet(lxw_workbook* workbook, const std::string& name, lxw_format* bold)
      : sheet_(workbook_add_worksheet(workbook, name.c_str())), bold_(bold) {
    if (!sheet_)
      throw std::runtime_error("xlsx: cannot add sheet " + name);
  }
  /// A header row (bold, frozen when it is the first row written).
  void header(const std::vector<std::string>& titles) {
    for (std::size_t c = 0; c < titles.size(); ++c) {
      worksheet_write_string(sheet_, row_, static_cast<lxw_col_t>(c), titles[c].c_str(), bold_);
      widen(c, titles[c].size());
    }
    if (row_ == 0)
      worksheet_freeze_panes(sheet_, 1, 0);
    ++row_;
  }
  void row(const std::vector<Cell>& cells) {
    for (std::size_t c = 0; c < cells.size(); ++c) {
      const auto col = static_cast<lxw_col_t>(c);
      if (const auto* text = std::get_if<std::string>(&cells[c])) {
        worksheet_write_string(sheet_, row_, col, text->c_str(), nullptr);
        widen(c, text->size());
      } else {
        worksheet_write_number(sheet_, row_, col, std::get<double>(cells[c]), nullptr);
        widen(c, 12);
      }
    }
    ++row_;
  }
  void skip() { ++row_; }
  ~Sheet() {
    for (std::size_t c = 0; c < widths_.size(); ++c)
      worksheet_set_column(sheet_, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                           static_cast<double>(std::min<std::size_t>(widths_[c] + 2, 60)), nullptr);
  }

 private:
  void widen(std::size_t column, std::size_t width) {
    if (widths_.size() <= column)
      widths_.resize(column + 1, 8);
    widths_[column] = std::max(widths_[column], width);
  }
  lxw_worksheet* sheet_;
  lxw_format* bold_;
  lxw_row_t row_ = 0;
  std::vector<std::size_t> widths_;
};

void add_kpis(Sheet& sheet, const nlohmann::json& json, const std::string& prefix) {
  for (const auto& [key, value] : json.items()) {
    if (value.is_object())
      add_kpis(sheet, value, prefix + key + ".");
    else if (value.is_number())
      sheet.row({prefix + key, value.get<double>()});
  }
}

}  // namespace

void write_run_xlsx(const RunView& view, const std::filesystem::path& path) {
  if (path.has_parent_path())
    std::filesystem::create_directories(path.parent_path());
  lxw_workbook* workbook = workbook_new(path.string().c_str());
  if (!workbook)
    throw std::runtime_error(path.string() + ": cannot create");
  lxw_format* bold = workbook_add_format(workbook);
  format_set_bold(bold);
  {
    Sheet summary(workbook, "Summary", bold);
    summary.header({"item", "value"});
    const auto& r = view.run;
    summary.row({"run", static_cast<double>(r.run_id)});
    summary.row({"quarter", r.quarter});
    summary.row({"scenario", r.scenario_name});
    summary.row({"scope", view.scope});
    summary.row({"status", r.status});
    summary.row({"value (EUR)", r.objective_eur});
    summary.row({"proven bound (EUR)", r.bound_eur});
    summary.row({"proven gap (%)", 100.0 * r.gap});
    summary.row({"deals", static_cast<double>(view.deals.size())});
    summary.row({"transfers", static_cast<double>(view.transfers.size())});
    summary.skip();
    summary.header({"KPI (region)", "value"});
    add_kpis(summary, view.kpis, "");
  }
  {
    Sheet participants(workbook, "Participants", bold);
    participants.header({"farm", "deal", "area before (ha)", "area after (ha)",
                         "value before (EUR)", "value after (EUR)", "travel before (ha km)",
                         "travel after (ha km)", "parcels before", "parcels after", "blocks before",
                         "blocks after", "settlement (EUR, + pays)", "gain (EUR)",
                         "use settlement (EUR a year, + pays)"});
    for (const auto& p : view.participants) {
      participants.row({p.farm_id, static_cast<double>(p.deal_id), p.area_before_ha,
                        p.area_after_ha, p.value_before_eur, p.value_after_eur,
                        p.travel_before_ha_km, p.travel_after_ha_km,
                        static_cast<double>(p.parcels_before), static_cast<double>(p.parcels_after),
                        static_cast<double>(p.blocks_before), static_cast<double>(p.blocks_after),
                        p.settlement_eur, p.gain_eur, p.settlement_eur_per_year});
    }
  }
  if (!view.lost_organic.empty()) {
    Sheet lost(workbook, "Lost organic", bold);
    lost.header({"parcel", "area (ha)", "reason", "nearest farm", "distance (km)", "rule",
                 "cost (EUR)", "kept from keep_organic (EUR/ha)", "why"});
    for (const auto& l : view.lost_organic) {
      lost.row({l.parcel_id, l.area_ha, l.reason, l.farm_id, l.distance_km, l.rule, l.cost_eur,
                l.keep_weight_eur_per_ha, loss_explanation(l)});
    }
  }
  for (const auto& d : view.deals) {
    Sheet sheet(workbook, fmt::format("Deal {}", d.deal_id), bold);
    sheet.header({"parcel", "from farm", "to farm", "owner before", "owner after", "form",
                  "area (ha)", "value (EUR)", "effective", "settles", "use value (EUR a year)"});
    for (const auto& t : view.transfers) {
      if (t.deal_id != d.deal_id)
        continue;
      sheet.row({t.parcel_id, t.from_farm_id.empty() ? std::string("pool") : t.from_farm_id,
                 t.to_farm_id, t.owner_before, t.owner_after, t.form, t.area_ha, t.value_eur,
                 format_iso_date(t.effective_date), t.settles,
                 t.use_value_eur_per_year.value_or(0.0)});
    }
    sheet.skip();
    sheet.header({"deal", "value"});
    sheet.row({"form", d.form});
    sheet.row({"farms", join(d.farm_ids, ", ")});
    sheet.row({"pool land from",
               d.pool_owner_ids.empty() ? std::string("-") : join(d.pool_owner_ids, ", ")});
    sheet.row({"area (ha)", d.area_ha});
    sheet.row({"benefit (EUR)", d.benefit_eur});
    sheet.row({"settlement (EUR)", d.settlement_eur});
    sheet.row({"use settlement (EUR a year)", d.settlement_eur_per_year});
    sheet.row({"transfer tax (EUR)", d.transfer_tax_eur});
    sheet.row({"effective", format_iso_date(d.effective_date)});
  }
  if (const lxw_error error = workbook_close(workbook); error != LXW_NO_ERROR)
    throw std::runtime_error(path.string() + ": " + lxw_strerror(error));
}

}  // namespace landpool
