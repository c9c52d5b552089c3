#include "exporters/deal_sheets.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <stdexcept>

#include <spdlog/fmt/fmt.h>

#include "core/messages.hpp"
#include "core/text.hpp"
#include "exporters/report_maps.hpp"

namespace landpool {
namespace {

/// Each sheet is one A4 page: what does not fit is cut, never spilled.
constexpr const char* kSheetStyle = R"(
@page{size:A4;margin:10mm}
body{font-family:sans-serif;color:#222;margin:0}
.sheet{width:190mm;height:272mm;overflow:hidden;page-break-after:always;break-after:page;
  padding:2mm;box-sizing:border-box;font-size:10pt}
.sheet h1{font-size:14pt;margin:0 0 2mm}.sheet h2{font-size:11pt;margin:3mm 0 1mm;
  border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:1mm 0}td,th{border:1px solid #ccc;padding:1px 5px;
  text-align:left;font-size:9pt}td.n{text-align:right}th{background:#f0f0ea}
.maps{display:flex;gap:4mm}.next{padding:2mm 3mm;background:#f4f7ee;border-left:3px solid #6a4}
)";

std::string t(Language language, const char* key) {
  return std::string(text(language, key));
}

std::string number(double value) {
  return fmt::format("{:.0f}", value);
}

std::string form_label(const std::string& form, Language language) {
  return std::string(text(language, "form." + form));
}

std::string row(const std::vector<std::string>& cells, bool head = false) {
  std::string html = "<tr>";
  for (const auto& cell : cells)
    html += (head ? "<th>" : "<td>") + html_escape(cell) + (head ? "</th>" : "</td>");
  return html + "</tr>";
}

/// Before and after maps of the view's parcels (the view decides which),
/// each parcel coloured by its user; the map's extent is the deal's land.
std::string maps(const RunView& view, const std::set<std::string>& moving) {
  const Language language = view.language;
  auto by_user = [&](bool before) {
    return [&, before](const ParcelView& p) {
      const auto& farm = before ? p.user_before : p.user_after;
      return MapStyle{farm_colour(farm), p.parcel_id + ": " + (farm.empty() ? "-" : farm),
                      moving.contains(p.parcel_id)};
    };
  };
  const std::vector<LegendEntry> legend = {{"hsl(200,55%,55%)", t(language, "map.farm_colour")},
                                           {"#e6e6e6", t(language, "map.no_farm")}};
  return "<div class=maps>" +
         svg_map(view.parcels, by_user(true), legend, t(language, "map.before_farms"), 330) +
         svg_map(view.parcels, by_user(false), legend, t(language, "map.after_farms"), 330) +
         "</div>";
}

/// What to do next, by the deal's legal form.
std::string next_step(const DealRecord& deal, Language language) {
  return "<p class=next>" +
         html_escape(say(language, "dsheet.next." + deal.form, format_iso_date(deal.effective_date),
                         number(deal.transfer_tax_eur))) +
         "</p>";
}

std::string deal_line(const RunView& view, const DealRecord& deal) {
  return "<p>" +
         html_escape(say(view.language, "dsheet.deal_line", deal.deal_id,
                         form_label(deal.form, view.language), format_iso_date(deal.effective_date),
                         view.run.run_id, view.run.quarter)) +
         "</p>";
}

}  // namespace

std::string farm_sheet_html(const RunView& view, const std::string& farm_id) {
  const Language language = view.language;
  const auto participant = std::find_if(view.participants.begin(), view.participants.end(),
                                        [&](const auto& p) { return p.farm_id == farm_id; });
  if (participant == view.participants.end() || view.deals.empty())
    return {};
  const DealRecord& deal = view.deals.front();  // a farm is in one deal per run
  const auto name = view.farm_names.contains(farm_id) ? view.farm_names.at(farm_id) : farm_id;
  std::string gives, receives;
  std::set<std::string> moving;
  for (const auto& tr : view.transfers) {
    moving.insert(tr.parcel_id);
    if (tr.from_farm_id == farm_id)
      gives += row({tr.parcel_id, fmt::format("{:.2f}", tr.area_ha), tr.to_farm_id,
                    form_label(tr.form, language), format_iso_date(tr.effective_date)});
    if (tr.to_farm_id == farm_id)
      receives += row({tr.parcel_id, fmt::format("{:.2f}", tr.area_ha),
                       tr.from_farm_id.empty() ? say(language, "dsheet.pool_owner", tr.owner_before)
                                               : tr.from_farm_id,
                       form_label(tr.form, language),
                       tr.settles.empty() ? "" : t(language, ("settles." + tr.settles).c_str()),
                       format_iso_date(tr.effective_date)});
  }
  const std::string parcel_head =
      row({t(language, "transfer.head.parcel"), "ha", t(language, "dsheet.head.other"),
           t(language, "transfer.head.form"), t(language, "transfer.head.effective")},
          true);
  std::vector<std::string> others;
  for (const auto& id : deal.farm_ids) {
    if (id != farm_id)
      others.push_back(view.farm_names.contains(id) ? view.farm_names.at(id) + " (" + id + ")"
                                                    : id);
  }
  for (const auto& owner : deal.pool_owner_ids)
    others.push_back(say(language, "dsheet.pool_owner", owner));
  const auto& p = *participant;
  std::string html = "<section class=sheet><h1>" +
                     html_escape(say(language, "dsheet.title", name, farm_id)) + "</h1>" +
                     deal_line(view, deal);
  html += "<h2>" + html_escape(t(language, "dsheet.gives")) + "</h2>" +
          (gives.empty() ? "<p>-</p>" : "<table>" + parcel_head + gives + "</table>");
  html +=
      "<h2>" + html_escape(t(language, "dsheet.receives")) + "</h2>" +
      (receives.empty()
           ? "<p>-</p>"
           : "<table>" +
                 row({t(language, "transfer.head.parcel"), "ha", t(language, "dsheet.head.other"),
                      t(language, "transfer.head.form"), t(language, "transfer.head.settles"),
                      t(language, "transfer.head.effective")},
                     true) +
                 receives + "</table>");
  html +=
      "<h2>" + html_escape(t(language, "dsheet.money")) + "</h2><table>" +
      row({t(language, "participant.head.settlement"), number(p.settlement_eur)}) +
      row({t(language, "participant.head.settlement_year"), number(p.settlement_eur_per_year)}) +
      row({t(language, "deal.head.tax"), number(deal.transfer_tax_eur)}) + "</table>";
  html += "<h2>" + html_escape(t(language, "dsheet.gain")) + "</h2><table>" +
          row({t(language, "participant.head.gain"), number(p.gain_eur)}) +
          row({t(language, "dsheet.area"),
               fmt::format("{:.2f} -> {:.2f}", p.area_before_ha, p.area_after_ha)}) +
          row({t(language, "kpi.blocks_per_farm"),
               fmt::format("{} -> {}", p.blocks_before, p.blocks_after)}) +
          row({t(language, "kpi.travel"),
               fmt::format("{:.1f} -> {:.1f}", p.travel_before_ha_km, p.travel_after_ha_km)}) +
          "</table>";
  html += "<h2>" + html_escape(t(language, "dsheet.others")) + "</h2><p>" +
          html_escape(others.empty() ? "-" : join(others, ", ")) + "</p>";
  html += maps(view, moving) + next_step(deal, language) + "</section>";
  return html;
}

std::string owner_sheet_html(const RunView& view, const Region& region,
                             const std::string& owner_id) {
  const Language language = view.language;
  if (view.deals.empty() || view.transfers.empty())
    return {};
  const DealRecord& deal = view.deals.front();
  std::string name = owner_id;
  for (const auto& owner : region.owners) {
    if (owner.owner_id == owner_id)
      name = owner.name;
  }
  std::string rows;
  std::set<std::string> own;
  for (const auto& tr : view.transfers) {
    own.insert(tr.parcel_id);
    const std::string money =
        tr.settles == "capital"
            ? say(language, "dsheet.price", number(tr.value_eur))
            : (tr.rent_eur_per_ha_year
                   ? say(language, "dsheet.rent", number(*tr.rent_eur_per_ha_year * tr.area_ha))
                   : say(language, "dsheet.rent_value",
                         number(tr.use_value_eur_per_year.value_or(0.0))));
    rows +=
        row({tr.parcel_id, fmt::format("{:.2f}", tr.area_ha),
             view.farm_names.contains(tr.to_farm_id)
                 ? view.farm_names.at(tr.to_farm_id) + " (" + tr.to_farm_id + ")"
                 : tr.to_farm_id,
             form_label(tr.form, language), tr.lease_years ? std::to_string(*tr.lease_years) : "-",
             money, format_iso_date(tr.effective_date)});
  }
  std::string html = "<section class=sheet><h1>" +
                     html_escape(say(language, "dsheet.title", name, owner_id)) + "</h1>" +
                     deal_line(view, deal);
  html += "<h2>" + html_escape(t(language, "dsheet.your_parcels")) + "</h2><table>" +
          row({t(language, "transfer.head.parcel"), "ha", t(language, "transfer.head.to"),
               t(language, "transfer.head.form"), t(language, "dsheet.head.years"),
               t(language, "dsheet.money"), t(language, "transfer.head.effective")},
              true) +
          rows + "</table>";
  html += maps(view, own) + next_step(deal, language) + "</section>";
  return html;
}

void write_sheets_page(const std::filesystem::path& path, const std::string& title,
                       const std::string& sections, Language language) {
  std::ofstream out(path, std::ios::binary);
  out << "<!DOCTYPE html><html lang=" << language_code(language)
      << "><head><meta charset=utf-8><title>" << html_escape(title) << "</title><style>"
      << kSheetStyle << "</style></head><body>" << sections << "</body></html>\n";
  out.close();
  if (!out)
    throw std::runtime_error(path.string() + ": write failed");
}

}  // namespace landpool
