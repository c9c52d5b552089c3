// The Excel workbook (libxlsxwriter): numbers as numbers, units in headers,
// frozen header rows, column widths that fit.

#include <xlsxwriter.h>

#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include <spdlog/fmt/fmt.h>

#include "core/text.hpp"
#include "exporters/kpi_rows.hpp"
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

}  // namespace

void write_run_xlsx(const RunView& view, const std::filesystem::path& path) {
  if (path.has_parent_path())
    std::filesystem::create_directories(path.parent_path());
  lxw_workbook* workbook = workbook_new(path.string().c_str());
  if (!workbook)
    throw std::runtime_error(path.string() + ": cannot create");
  lxw_format* bold = workbook_add_format(workbook);
  format_set_bold(bold);
  const Language language = view.language;
  auto t = [language](const char* key) { return std::string(text(language, key)); };
  auto heads = [&](std::initializer_list<const char*> keys) {
    std::vector<std::string> out;
    for (const char* key : keys)
      out.push_back(t(key));
    return out;
  };
  {
    Sheet summary(workbook, t("sheet.summary"), bold);
    summary.header({t("sheet.item"), t("sheet.value")});
    const auto& r = view.run;
    summary.row({t("sheet.run"), static_cast<double>(r.run_id)});
    summary.row({t("sheet.quarter"), r.quarter});
    summary.row({t("sheet.scenario"), r.scenario_name});
    summary.row({t("sheet.scope"), view.scope});
    summary.row({t("sheet.status"), r.status});
    summary.row({t("sheet.objective"), r.objective_eur});
    summary.row({t("sheet.bound"), r.bound_eur});
    summary.row({t("sheet.gap"), 100.0 * r.gap});
    summary.row({t("sheet.deals"), static_cast<double>(view.deals.size())});
    summary.row({t("sheet.transfers"), static_cast<double>(view.transfers.size())});
    summary.skip();
    summary.header({t("sheet.key_figures"), t("kpi.head.unit"), t("kpi.head.before"),
                    t("kpi.head.after"), t("kpi.head.change")});
    for (const auto& row : kpi_rows(view.kpis, language)) {
      // Shares as percentages, as in the report.
      const double scale = row.kind == KpiKind::share ? 100.0 : 1.0;
      const std::string label = kpi_group_label(row.group, language) + ": " + row.label;
      if (row.before)
        summary.row({label, row.unit, scale * *row.before, scale * row.after,
                     scale * (row.after - *row.before)});
      else
        summary.row({label, row.unit, std::string(), scale * row.after});
    }
  }
  {
    Sheet participants(workbook, t("sheet.participants"), bold);
    participants.header(
        heads({"participant.head.farm", "deal.head.deal", "participant.head.ha_before",
               "participant.head.ha_after", "participant.head.value_before",
               "participant.head.value_after", "participant.head.travel_before",
               "participant.head.travel_after", "participant.head.parcels_before",
               "participant.head.parcels_after", "participant.head.blocks_before",
               "participant.head.blocks_after", "participant.head.settlement",
               "participant.head.gain", "participant.head.settlement_year"}));
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
    Sheet lost(workbook, t("sheet.lost"), bold);
    lost.header(heads({"loss.head.parcel", "deal.head.ha", "loss.head.reason", "loss.head.farm",
                       "loss.head.distance", "loss.head.rule", "loss.head.cost", "loss.head.weight",
                       "loss.head.why"}));
    for (const auto& l : view.lost_organic) {
      lost.row({l.parcel_id, l.area_ha, loss_reason_label(l.reason, language), l.farm_id,
                l.distance_km, l.rule, l.cost_eur, l.keep_weight_eur_per_ha,
                loss_explanation(l, language)});
    }
  }
  for (const auto& d : view.deals) {
    Sheet sheet(workbook, say(language, "sheet.deal", d.deal_id), bold);
    sheet.header(
        heads({"transfer.head.parcel", "transfer.head.from", "transfer.head.to",
               "transfer.head.owner_before", "transfer.head.owner_after", "transfer.head.form",
               "transfer.head.area", "transfer.head.value", "transfer.head.effective",
               "transfer.head.settles", "transfer.head.use_value"}));
    for (const auto& tr : view.transfers) {
      if (tr.deal_id != d.deal_id)
        continue;
      sheet.row({tr.parcel_id, tr.from_farm_id.empty() ? t("transfer.pool") : tr.from_farm_id,
                 tr.to_farm_id, tr.owner_before, tr.owner_after,
                 std::string(text(language, "form." + tr.form)), tr.area_ha, tr.value_eur,
                 format_iso_date(tr.effective_date),
                 tr.settles.empty() ? std::string()
                                    : std::string(text(language, "settles." + tr.settles)),
                 tr.use_value_eur_per_year.value_or(0.0)});
    }
    sheet.skip();
    sheet.header({t("deal.head.deal"), t("sheet.value")});
    sheet.row({t("deal.head.form"), std::string(text(language, "form." + d.form))});
    sheet.row({t("deal.head.parties"), join(d.farm_ids, ", ")});
    sheet.row({t("deal.head.pool_from"),
               d.pool_owner_ids.empty() ? std::string("-") : join(d.pool_owner_ids, ", ")});
    sheet.row({t("deal.head.ha"), d.area_ha});
    sheet.row({t("deal.head.benefit"), d.benefit_eur});
    sheet.row({t("deal.head.settlement"), d.settlement_eur});
    sheet.row({t("deal.head.settlement_year"), d.settlement_eur_per_year});
    sheet.row({t("deal.head.tax"), d.transfer_tax_eur});
    sheet.row({t("deal.head.effective"), format_iso_date(d.effective_date)});
  }
  if (const lxw_error error = workbook_close(workbook); error != LXW_NO_ERROR)
    throw std::runtime_error(path.string() + ": " + lxw_strerror(error));
}

}  // namespace landpool
