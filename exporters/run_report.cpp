// The HTML report: one self-contained file (inline CSS and SVG, no scripts,
// no fonts, no network) that a municipality can mail around. Every word a
// person reads comes from the message catalogue, in the view's language.

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <unordered_map>

#include <spdlog/fmt/fmt.h>

#include "core/text.hpp"
#include "exporters/kpi_rows.hpp"
#include "exporters/lost_organic_text.hpp"
#include "exporters/report_maps.hpp"
#include "exporters/run_writers.hpp"

namespace landpool {
namespace {

constexpr const char* kStyle = R"(
body{font-family:sans-serif;margin:24px;color:#222;max-width:1150px}
h1{font-size:1.5em}h2{margin-top:1.6em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}
td.n{text-align:right}th{background:#f0f0ea}.maps{display:flex;flex-wrap:wrap;gap:16px}
.status{padding:8px 12px;background:#f4f7ee;border-left:4px solid #6a4}
.up{color:#2a7a2a}.down{color:#a33}
)";

std::string number(double value, int decimals = 0) {
  return fmt::format("{:.{}f}", value, decimals);
}

/// A table header row from cells.
std::string header_row(const std::vector<std::string>& cells) {
  std::string row = "<tr>";
  for (const auto& cell : cells)
    row += "<th>" + html_escape(cell) + "</th>";
  return row + "</tr>";
}

std::string plain_status(const RunRecord& run, Language language) {
  if (run.status == "optimal")
    return say(language, "status.optimal", number(run.objective_eur));
  return say(language, "status.gap", text(language, "run_status." + run.status),
             number(run.objective_eur), number(run.bound_eur), 100.0 * run.gap);
}

std::string scope_text(const RunView& view) {
  const auto& scope = view.scope;
  if (scope.rfind("deal ", 0) == 0)
    return say(view.language, "report.scope.deal", scope.substr(5));
  if (scope.rfind("party ", 0) == 0)
    return say(view.language, "report.scope.party", scope.substr(6));
  return std::string(text(view.language, "report.scope.whole_run"));
}

/// One table per group: key figure, unit, before, after, change.
std::string kpi_tables(const std::vector<KpiRow>& rows, Language language) {
  std::string html;
  for (const char* group : {"people", "planet", "profit"}) {
    html += "<h3>" + html_escape(kpi_group_label(group, language)) + "</h3><table>" +
            header_row({std::string(text(language, "kpi.head.measure")),
                        std::string(text(language, "kpi.head.unit")),
                        std::string(text(language, "kpi.head.before")),
                        std::string(text(language, "kpi.head.after")),
                        std::string(text(language, "kpi.head.change"))});
    for (const auto& row : rows) {
      if (row.group != group)
        continue;
      const std::string change =
          row.before ? format_kpi_change(row.after - *row.before, row.kind) : "";
      html += fmt::format(
          "<tr><td>{}</td><td>{}</td><td class=n>{}</td><td class=n>{}</td><td "
          "class=n>{}</td></tr>",
          html_escape(row.label), html_escape(row.unit),
          row.before ? format_kpi(*row.before, row.kind) : "", format_kpi(row.after, row.kind),
          change);
    }
    html += "</table>";
  }
  return html;
}

/// Per theme, each figure with a before and an after as two bars, the
/// pair scaled to its larger value (units differ between figures).
std::string before_after_charts(const std::vector<KpiRow>& rows, Language language) {
  std::string html;
  for (const char* group : {"planet", "profit"}) {
    std::vector<const KpiRow*> pairs;
    for (const auto& row : rows) {
      if (row.group == group && row.before && std::max(*row.before, row.after) > 0.0)
        pairs.push_back(&row);
    }
    if (pairs.empty())
      continue;
    const int label_w = 330, bar_w = 260, line = 30;
    const int height = static_cast<int>(pairs.size()) * line + 30;
    html += fmt::format(
        "<figure><figcaption>{}</figcaption><svg width={} height={} role=img "
        "font-family=sans-serif font-size=11>",
        html_escape(say(language, "report.chart.theme", kpi_group_label(group, language))),
        label_w + bar_w + 220, height);
    for (std::size_t i = 0; i < pairs.size(); ++i) {
      const auto& row = *pairs[i];
      const double top = std::max(*row.before, row.after);
      const int y = 10 + static_cast<int>(i) * line;
      const int before_w = static_cast<int>(*row.before / top * bar_w);
      const int after_w = static_cast<int>(row.after / top * bar_w);
      html += fmt::format(
          "<text x=0 y={}>{}</text><rect x={} y={} width={} height=11 fill=#bbb><title>{}: "
          "{}</title></rect><rect x={} y={} width={} height=11 fill=#3a7><title>{}: {}</title>"
          "</rect><text x={} y={}>{} -> {} {}</text>",
          y + 15, html_escape(row.label), label_w, y, before_w,
          html_escape(std::string(text(language, "kpi.head.before"))),
          format_kpi(*row.before, row.kind), label_w, y + 12, after_w,
          html_escape(std::string(text(language, "kpi.head.after"))),
          format_kpi(row.after, row.kind), label_w + bar_w + 6, y + 15,
          format_kpi(*row.before, row.kind), format_kpi(row.after, row.kind),
          html_escape(row.unit));
    }
    html += "</svg></figure>";
  }
  return html;
}

/// Each participating farm's gain by its own measure, largest first.
std::string gains_chart(const RunView& view) {
  if (view.participants.empty())
    return {};
  auto farms = view.participants;
  std::sort(farms.begin(), farms.end(),
            [](const auto& a, const auto& b) { return a.gain_eur > b.gain_eur; });
  double top = 1.0;
  for (const auto& p : farms)
    top = std::max(top, std::abs(p.gain_eur));
  // At most 900 px wide: bars narrow as farms grow in number.
  const int step = std::clamp(900 / static_cast<int>(farms.size()), 2, 13);
  const int bar = std::max(1, step * 3 / 4), height = 150, left = 40;
  const int width = left + static_cast<int>(farms.size()) * step + 10;
  std::string html = fmt::format(
      "<figure><figcaption>{}</figcaption><svg width={} height={} role=img font-family=sans-serif "
      "font-size=11><text x=0 y=12>EUR</text><text x=0 y=26>{}</text>",
      html_escape(std::string(text(view.language, "report.chart.gains"))), width, height + 20,
      number(top));
  for (std::size_t i = 0; i < farms.size(); ++i) {
    const int h = static_cast<int>(std::abs(farms[i].gain_eur) / top * height);
    html +=
        fmt::format("<rect x={} y={} width={} height={} fill=#3a7><title>{}: {} EUR</title></rect>",
                    left + static_cast<int>(i) * step, 10 + height - h, bar, h,
                    html_escape(farms[i].farm_id), number(farms[i].gain_eur));
  }
  return html + "</svg></figure>";
}

std::string form_label(const std::string& form, Language language) {
  return std::string(text(language, "form." + form));
}

std::string organic_label(const std::string& status, Language language) {
  return std::string(text(language, "organic." + status));
}

/// The quarters over time: a table and a bar chart of organic and converting
/// land at each quarter's end, with the land applied in it.
std::string quarters_section(const std::vector<QuarterSummary>& quarters, Language language) {
  if (quarters.empty())
    return "";
  std::string html = "<h2>" + html_escape(std::string(text(language, "quarter.title"))) + "</h2>";
  double top = 1.0;
  for (const auto& q : quarters)
    top = std::max({top, q.organic_ha + q.converting_ha, q.applied.area_ha});
  const int bar = 28, gap = 26, height = 180, left = 60;
  const int width = left + static_cast<int>(quarters.size()) * (2 * bar + gap) + 20;
  html += fmt::format(
      "<svg width={} height={} role=img aria-label=\"{}\">"
      "<text x=4 y=14 font-size=11>ha</text><line x1={} y1=20 x2={} y2={} stroke=#999 />"
      "<text x=4 y=24 font-size=11>{:.0f}</text>",
      width, height + 50, html_escape(std::string(text(language, "quarter.title"))), left - 4,
      left - 4, height + 20, top);
  for (std::size_t i = 0; i < quarters.size(); ++i) {
    const auto& q = quarters[i];
    const int x = left + static_cast<int>(i) * (2 * bar + gap);
    auto scaled = [&](double ha) { return static_cast<int>(ha / top * height); };
    const int organic = scaled(q.organic_ha), converting = scaled(q.converting_ha);
    const int applied = scaled(q.applied.area_ha);
    html += fmt::format(
        "<rect x={} y={} width={} height={} fill=#2e8b57><title>{}: {:.1f} ha</title>"
        "</rect><rect x={} y={} width={} height={} fill=#9acd32><title>{}: {:.1f} "
        "ha</title></rect><rect x={} y={} width={} height={} fill=#e08a2c><title>{}: "
        "{:.1f} ha</title></rect><text x={} y={} font-size=11>{}</text>",
        x, 20 + height - organic, bar, organic, q.quarter, q.organic_ha, x,
        20 + height - organic - converting, bar, converting, q.quarter, q.converting_ha, x + bar,
        20 + height - applied, bar, applied, q.quarter, q.applied.area_ha, x, height + 36,
        q.quarter);
  }
  html +=
      "</svg><p><span style=\"color:#2e8b57\">■</span><span style=\"color:#9acd32\">■</span>"
      "<span style=\"color:#e08a2c\">■</span> " +
      html_escape(std::string(text(language, "quarter.legend"))) + "</p>";
  html += "<table>" + header_row(text_cells(language, "quarter.head"));
  for (const auto& q : quarters) {
    html += fmt::format(
        "<tr><td>{}</td><td class=n>{}</td><td class=n>{}</td><td class=n>{}</td><td "
        "class=n>{}</td><td class=n>{}</td><td class=n>{:.1f}</td><td class=n>{:.1f}</td><td "
        "class=n>{:.1f}</td><td class=n>{}</td><td class=n>{:.1f}</td><td class=n>{:.1f}</td><td "
        "class=n>{}</td><td class=n>{:.2f} %</td></tr>",
        html_escape(q.quarter), q.runs, q.deals_proposed, q.accepted, q.refused, q.held,
        q.applied.area_ha, q.applied.organic_kept_ha, q.applied.conversion_started_ha,
        q.carried_over_share < 0 ? std::string("-")
                                 : fmt::format("{:.0f} %", 100.0 * q.carried_over_share),
        q.organic_ha, q.converting_ha, number(q.value_eur), 100.0 * q.gap);
  }
  return html + "</table>";
}

/// Why organic land is lost: a map of the lost parcels by reason, hectares
/// per reason, and each parcel with its reason in words.
std::string lost_organic_section(const RunView& view) {
  if (view.lost_organic.empty())
    return {};
  const Language language = view.language;
  const std::map<std::string, std::string> colour = {
      {"no_farm_in_reach", "#8b0000"}, {"offer_fits_no_demand", "#d2691e"},
      {"demand_met", "#e0a000"},       {"rule", "#6a5acd"},
      {"costs_more", "#c71585"},       {"search_missed", "#1e90ff"}};
  auto by_reason = [&](const ParcelView& p) {
    if (!p.loss_reason.empty())
      return MapStyle{colour.at(p.loss_reason),
                      fmt::format("{}: {} ({:.2f} ha)", p.parcel_id,
                                  loss_reason_label(p.loss_reason, language), p.area_ha),
                      true};
    return MapStyle{p.organic_after == "conventional" ? "#eeeeee" : "#b8dcb8",
                    p.parcel_id + ": " + organic_label(p.organic_after, language), false};
  };
  std::vector<LegendEntry> legend;
  std::map<std::string, std::pair<double, int>> per_reason;
  for (const auto& l : view.lost_organic) {
    per_reason[l.reason].first += l.area_ha;
    ++per_reason[l.reason].second;
  }
  std::string totals =
      "<table>" + header_row({std::string(text(language, "loss.head.reason")),
                              std::string(text(language, "loss.head.parcels")), "ha"});
  double total_ha = 0.0;
  for (const std::string reason : kLossReasons) {
    const auto it = per_reason.find(reason);
    if (it == per_reason.end())
      continue;
    legend.push_back({colour.at(reason), loss_reason_label(reason, language)});
    totals += fmt::format("<tr><td>{}</td><td class=n>{}</td><td class=n>{:.2f}</td></tr>",
                          html_escape(loss_reason_label(reason, language)), it->second.second,
                          it->second.first);
    total_ha += it->second.first;
  }
  totals += fmt::format("<tr><th>{}</th><th class=n>{}</th><th class=n>{:.2f}</th></tr></table>",
                        html_escape(std::string(text(language, "loss.all"))),
                        view.lost_organic.size(), total_ha);
  legend.push_back({"#b8dcb8", std::string(text(language, "map.organic_after"))});
  std::string rows = "<table>" + header_row({std::string(text(language, "loss.head.parcel")), "ha",
                                             std::string(text(language, "loss.head.reason")),
                                             std::string(text(language, "loss.head.why"))});
  for (const auto& l : view.lost_organic) {
    rows += fmt::format("<tr><td>{}</td><td class=n>{:.2f}</td><td>{}</td><td>{}</td></tr>",
                        html_escape(l.parcel_id), l.area_ha,
                        html_escape(loss_reason_label(l.reason, language)),
                        html_escape(loss_explanation(l, language)));
  }
  return "<h2>" + html_escape(std::string(text(language, "loss.title"))) + "</h2><p>" +
         html_escape(std::string(text(language, "loss.intro"))) + "</p><div class=maps>" +
         svg_map(view.parcels, by_reason, legend, std::string(text(language, "map.lost")), 900) +
         "</div>" + totals + rows + "</table>";
}

/// The maps of land use by farm and of organic land, before and after.
std::string land_maps(const RunView& view) {
  const Language language = view.language;
  auto by_farm = [&](bool before) {
    return [before, language](const ParcelView& p) {
      const auto& farm = before ? p.user_before : p.user_after;
      return MapStyle{
          farm_colour(farm),
          fmt::format("{}: {} ({:.2f} ha, {})", p.parcel_id,
                      farm.empty() ? std::string(text(language, "map.no_farm")) : farm, p.area_ha,
                      organic_label(before ? p.organic_before : p.organic_after, language)),
          p.deal_id > 0};
    };
  };
  auto organic_colour = [](const std::string& status) {
    return status == "organic"      ? std::string("#2e8b57")
           : status == "converting" ? std::string("#9acd32")
                                    : std::string("#e8e1c8");
  };
  auto by_organic = [&](bool before) {
    return [before, organic_colour, language](const ParcelView& p) {
      const auto& status = before ? p.organic_before : p.organic_after;
      return MapStyle{organic_colour(status),
                      fmt::format("{}: {} ({:.2f} ha)", p.parcel_id,
                                  organic_label(status, language), p.area_ha),
                      false};
    };
  };
  const std::vector<LegendEntry> organic_legend = {
      {"#2e8b57", organic_label("organic", language)},
      {"#9acd32", organic_label("converting", language)},
      {"#e8e1c8", organic_label("conventional", language)}};
  const std::vector<LegendEntry> farm_legend = {
      {"hsl(200,55%,55%)", std::string(text(language, "map.farm_colour"))},
      {"#e6e6e6", std::string(text(language, "map.no_farm"))}};
  auto title = [&](const char* key) { return std::string(text(language, key)); };
  return "<h2>" + html_escape(title("report.farms_map")) + "</h2><div class=maps>" +
         svg_map(view.parcels, by_farm(true), farm_legend, title("map.before_farms")) +
         svg_map(view.parcels, by_farm(false), farm_legend, title("map.after_farms")) +
         "</div><h2>" + html_escape(title("report.organic_map")) + "</h2><div class=maps>" +
         svg_map(view.parcels, by_organic(true), organic_legend, title("map.before_organic")) +
         svg_map(view.parcels, by_organic(false), organic_legend, title("map.after_organic")) +
         "</div>";
}

/// The deals on a map and in a table, with why each is there.
std::string deals_section(const RunView& view,
                          const std::unordered_map<std::string, const ParcelView*>& parcels) {
  const Language language = view.language;
  std::map<int, std::string> deal_parties;
  for (const auto& d : view.deals)
    deal_parties[d.deal_id] = join(d.farm_ids, ", ");
  auto by_deal = [&](const ParcelView& p) {
    if (p.deal_id == 0)
      return MapStyle{"#eeeeee", p.parcel_id + ": " + std::string(text(language, "map.stays")),
                      false};
    return MapStyle{
        farm_colour("deal" + std::to_string(p.deal_id)),
        fmt::format("{}: {} ({}), {} → {}", p.parcel_id,
                    say(language, "report.scope.deal", p.deal_id), deal_parties[p.deal_id],
                    p.user_before.empty() ? "pool" : p.user_before, p.user_after),
        true};
  };
  std::string html = "<h2>" + html_escape(std::string(text(language, "report.deals_map"))) +
                     "</h2><div class=maps>" +
                     svg_map(view.parcels, by_deal,
                             {{"hsl(30,55%,55%)", std::string(text(language, "map.deal_colour"))},
                              {"#eeeeee", std::string(text(language, "map.stays"))}},
                             std::string(text(language, "map.deals")), 900) +
                     "</div>";
  html += "<h2>" + html_escape(std::string(text(language, "report.deals"))) + "</h2><table>";
  std::vector<std::string> head;
  for (const char* key :
       {"deal.head.deal", "deal.head.form", "deal.head.parties", "deal.head.pool_from",
        "deal.head.ha", "deal.head.benefit", "deal.head.settlement", "deal.head.settlement_year",
        "deal.head.tax", "deal.head.effective", "deal.head.why"})
    head.emplace_back(text(language, key));
  html += header_row(head);
  for (const auto& d : view.deals) {
    html += fmt::format(
        "<tr><td><a href=\"#deal-{0}\">{0}</a></td><td>{1}</td><td>{2}</td><td>{3}</td><td "
        "class=n>{4:.2f}</td><td class=n>{5}</td><td class=n>{6}</td><td class=n>{7}</td><td "
        "class=n>{8}</td><td>{9}</td><td>{10}</td></tr>",
        d.deal_id, html_escape(form_label(d.form, language)), html_escape(deal_parties[d.deal_id]),
        html_escape(join(d.pool_owner_ids, ", ")), d.area_ha, number(d.benefit_eur),
        number(d.settlement_eur), number(d.settlement_eur_per_year), number(d.transfer_tax_eur),
        format_iso_date(d.effective_date), html_escape(deal_why(view, d, parcels)));
  }
  html += "</table>";
  // Each deal on a map of its own parcels, before and after: the table links here.
  for (const auto& d : view.deals) {
    std::vector<ParcelView> own;
    std::copy_if(view.parcels.begin(), view.parcels.end(), std::back_inserter(own),
                 [&](const ParcelView& p) { return p.deal_id == d.deal_id; });
    auto by_user = [](bool before) {
      return [before](const ParcelView& p) {
        const auto& farm = before ? p.user_before : p.user_after;
        return MapStyle{farm_colour(farm), p.parcel_id + ": " + (farm.empty() ? "pool" : farm),
                        true};
      };
    };
    const std::string title = say(language, "report.scope.deal", d.deal_id);
    html += fmt::format("<details id=deal-{}><summary>{}: {}</summary><div class=maps>", d.deal_id,
                        html_escape(title), html_escape(deal_parties[d.deal_id])) +
            svg_map(own, by_user(true), {}, std::string(text(language, "map.before_farms")), 360) +
            svg_map(own, by_user(false), {}, std::string(text(language, "map.after_farms")), 360) +
            "</div></details>";
  }
  return html;
}

std::string participants_section(const RunView& view) {
  const Language language = view.language;
  std::vector<std::string> head;
  for (const char* key : {"participant.head.farm", "deal.head.deal", "participant.head.ha_before",
                          "participant.head.ha_after", "participant.head.blocks_before",
                          "participant.head.blocks_after", "participant.head.travel_before",
                          "participant.head.travel_after", "participant.head.settlement",
                          "participant.head.settlement_year", "participant.head.gain"})
    head.emplace_back(text(language, key));
  std::string html = "<h2>" + html_escape(std::string(text(language, "report.participants"))) +
                     "</h2><table>" + header_row(head);
  for (const auto& p : view.participants) {
    html += fmt::format(
        "<tr><td>{}</td><td class=n>{}</td><td class=n>{:.2f}</td><td class=n>{:.2f}</td><td "
        "class=n>{}</td><td class=n>{}</td><td class=n>{:.1f}</td><td class=n>{:.1f}</td><td "
        "class=n>{}</td><td class=n>{}</td><td class=n>{}</td></tr>",
        html_escape(p.farm_id), p.deal_id, p.area_before_ha, p.area_after_ha, p.blocks_before,
        p.blocks_after, p.travel_before_ha_km, p.travel_after_ha_km, number(p.settlement_eur),
        number(p.settlement_eur_per_year), number(p.gain_eur));
  }
  return html + "</table>";
}

}  // namespace

void write_run_report(const RunView& view, const std::filesystem::path& path) {
  const Language language = view.language;
  std::unordered_map<std::string, const ParcelView*> parcel_by_id;
  for (const auto& parcel : view.parcels)
    parcel_by_id[parcel.parcel_id] = &parcel;
  const auto& run = view.run;
  const auto rows = kpi_rows(view.kpis, language);
  std::ostringstream html;
  html << "<!DOCTYPE html><html lang=" << language_code(language)
       << "><head><meta charset=utf-8><title>landpool run " << run.run_id << "</title><style>"
       << kStyle << "</style></head><body>";
  html << "<h1>"
       << html_escape(say(language, "report.title", run.run_id, run.quarter, run.scenario_name))
       << "</h1>";
  html << "<p>"
       << html_escape(say(language, "report.scope", scope_text(view),
                          view.anonymised ? text(language, "report.pseudonyms") : "",
                          view.deals.size(), view.transfers.size(), run.solve_time_s))
       << "</p>";
  html << "<p class=status>" << html_escape(plain_status(run, language)) << "</p>";
  html << "<h2>" << html_escape(std::string(text(language, "report.key_figures"))) << "</h2>"
       << kpi_tables(rows, language);
  html << "<h2>" << html_escape(std::string(text(language, "report.charts")))
       << "</h2><div class=maps>" << before_after_charts(rows, language) << gains_chart(view)
       << "</div>";
  html << land_maps(view) << lost_organic_section(view) << deals_section(view, parcel_by_id)
       << participants_section(view) << quarters_section(view.quarters, language) << "<p>"
       << html_escape(std::string(text(language, "report.footer"))) << "</p></body></html>\n";

  if (path.has_parent_path())
    std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << html.str();
  out.close();
  if (!out)
    throw std::runtime_error(path.string() + ": write failed");
}

}  // namespace landpool
