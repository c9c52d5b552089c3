// The HTML report: one self-contained file (inline CSS and SVG, no scripts,
// no fonts, no network) that a municipality can mail around.

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <unordered_map>

#include <spdlog/fmt/fmt.h>

#include "core/text.hpp"
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
)";

std::string number(double value, int decimals = 0) {
  return fmt::format("{:.{}f}", value, decimals);
}

std::string plain_status(const RunRecord& run) {
  if (run.status == "optimal")
    return fmt::format(
        "Proven optimal: no proposal under these rules is worth more than this one ({} EUR).",
        number(run.objective_eur));
  return fmt::format(
      "Not proven optimal ({}). This proposal is worth {} EUR; no proposal can be worth more than "
      "{} EUR, so it is within {:.1f} % of the best possible (the proven gap).",
      run.status, number(run.objective_eur), number(run.bound_eur), 100.0 * run.gap);
}

std::string kpi_tables(const nlohmann::json& kpis) {
  std::string html;
  for (const char* group : {"people", "planet", "profit"}) {
    if (!kpis.contains(group))
      continue;
    html += fmt::format("<h3>{}</h3><table><tr><th>measure</th><th>value</th></tr>",
                        std::string(1, static_cast<char>(std::toupper(group[0]))) + (group + 1));
    for (const auto& [key, value] : kpis[group].items()) {
      html += fmt::format("<tr><td>{}</td><td class=n>{}</td></tr>", html_escape(key),
                          value.is_number() ? number(value.get<double>(), 2) : value.dump());
    }
    html += "</table>";
  }
  return html;
}

// Why a deal is proposed, in plain words, from the numbers behind it.
std::string why(const RunView& view, const DealRecord& deal,
                const std::unordered_map<std::string, const ParcelView*>& parcels) {
  double kept_organic_ha = 0.0, converting_ha = 0.0;
  for (const auto& t : view.transfers) {
    if (t.deal_id != deal.deal_id)
      continue;
    const auto p = parcels.find(t.parcel_id);
    if (p == parcels.end())
      continue;
    if (p->second->organic_before != "conventional" && p->second->organic_after != "conventional")
      kept_organic_ha += t.area_ha;
    if (p->second->organic_before == "conventional" && p->second->organic_after == "converting")
      converting_ha += t.area_ha;
  }
  std::vector<std::string> reasons;
  if (kept_organic_ha > 0)
    reasons.push_back(fmt::format("keeps {:.1f} ha organic", kept_organic_ha));
  if (converting_ha > 0)
    reasons.push_back(fmt::format("brings {:.1f} ha into conversion", converting_ha));
  for (const auto& p : view.participants) {
    if (p.deal_id != deal.deal_id)
      continue;
    std::string farm = p.farm_id + ": ";
    const double travel = p.travel_after_ha_km - p.travel_before_ha_km;
    farm += fmt::format("{:+.1f} ha", p.area_after_ha - p.area_before_ha);
    if (std::abs(travel) > 0.05)
      farm += fmt::format(", travel {} by {:.1f} ha·km per round", travel < 0 ? "falls" : "rises",
                          std::abs(travel));
    if (p.blocks_after != p.blocks_before)
      farm += fmt::format(", blocks {} → {}", p.blocks_before, p.blocks_after);
    farm += fmt::format(", gains {} EUR", number(p.gain_eur));
    reasons.push_back(farm);
  }
  return reasons.empty() ? "-" : join(reasons, "; ");
}

/// The quarters over time: a table and a bar chart of organic and converting
/// land at each quarter's end, with the land applied in it.
std::string quarters_section(const std::vector<QuarterSummary>& quarters) {
  if (quarters.empty())
    return "";
  std::string html = "<h2>Quarters</h2>";
  double top = 1.0;
  for (const auto& q : quarters)
    top = std::max({top, q.organic_ha + q.converting_ha, q.applied.area_ha});
  const int bar = 28, gap = 26, height = 180, left = 60;
  const int width = left + static_cast<int>(quarters.size()) * (2 * bar + gap) + 20;
  html += fmt::format(
      "<svg width={} height={} role=img aria-label=\"organic land per quarter\">"
      "<text x=4 y=14 font-size=11>ha</text><line x1={} y1=20 x2={} y2={} stroke=#999 />"
      "<text x=4 y=24 font-size=11>{:.0f}</text>",
      width, height + 50, left - 4, left - 4, height + 20, top);
  for (std::size_t i = 0; i < quarters.size(); ++i) {
    const auto& q = quarters[i];
    const int x = left + static_cast<int>(i) * (2 * bar + gap);
    auto scaled = [&](double ha) { return static_cast<int>(ha / top * height); };
    const int organic = scaled(q.organic_ha), converting = scaled(q.converting_ha);
    const int applied = scaled(q.applied.area_ha);
    html += fmt::format(
        "<rect x={} y={} width={} height={} fill=#2e8b57><title>{}: organic {:.1f} ha</title>"
        "</rect><rect x={} y={} width={} height={} fill=#9acd32><title>{}: converting {:.1f} "
        "ha</title></rect><rect x={} y={} width={} height={} fill=#e08a2c><title>{}: applied "
        "{:.1f} ha</title></rect><text x={} y={} font-size=11>{}</text>",
        x, 20 + height - organic, bar, organic, q.quarter, q.organic_ha, x,
        20 + height - organic - converting, bar, converting, q.quarter, q.converting_ha, x + bar,
        20 + height - applied, bar, applied, q.quarter, q.applied.area_ha, x, height + 36,
        q.quarter);
  }
  html +=
      "</svg><p><span style=\"color:#2e8b57\">■</span> organic "
      "<span style=\"color:#9acd32\">■</span> converting (region, end of quarter) "
      "<span style=\"color:#e08a2c\">■</span> land applied in the quarter</p>";
  html +=
      "<table><tr><th>quarter</th><th>runs</th><th>deals proposed</th><th>accepted</th>"
      "<th>refused</th><th>held</th><th>applied ha</th><th>organic kept ha</th><th>into "
      "conversion ha</th><th>deals carried over</th><th>organic ha</th><th>converting "
      "ha</th><th>value EUR</th><th>proven gap</th></tr>";
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
  const std::map<std::string, std::string> colour = {
      {"no_farm_in_reach", "#8b0000"}, {"offer_fits_no_demand", "#d2691e"},
      {"demand_met", "#e0a000"},       {"rule", "#6a5acd"},
      {"costs_more", "#c71585"},       {"search_missed", "#1e90ff"}};
  auto by_reason = [&](const ParcelView& p) {
    if (!p.loss_reason.empty())
      return MapStyle{colour.at(p.loss_reason),
                      fmt::format("{}: lost, {} ({:.2f} ha)", p.parcel_id,
                                  loss_reason_label(p.loss_reason), p.area_ha),
                      true};
    return MapStyle{p.organic_after == "conventional" ? "#eeeeee" : "#b8dcb8",
                    fmt::format("{}: {}", p.parcel_id, p.organic_after), false};
  };
  std::vector<LegendEntry> legend;
  std::map<std::string, std::pair<double, int>> per_reason;
  for (const auto& l : view.lost_organic) {
    per_reason[l.reason].first += l.area_ha;
    ++per_reason[l.reason].second;
  }
  std::string totals = "<table><tr><th>reason</th><th>parcels</th><th>ha</th></tr>";
  double total_ha = 0.0;
  for (const std::string reason : kLossReasons) {
    const auto it = per_reason.find(reason);
    if (it == per_reason.end())
      continue;
    legend.push_back({colour.at(reason), loss_reason_label(reason)});
    totals += fmt::format("<tr><td>{}</td><td class=n>{}</td><td class=n>{:.2f}</td></tr>",
                          loss_reason_label(reason), it->second.second, it->second.first);
    total_ha += it->second.first;
  }
  totals += fmt::format("<tr><th>all</th><th class=n>{}</th><th class=n>{:.2f}</th></tr></table>",
                        view.lost_organic.size(), total_ha);
  legend.push_back({"#b8dcb8", "organic or converting after the proposal"});
  std::string rows = "<table><tr><th>parcel</th><th>ha</th><th>reason</th><th>why</th></tr>";
  for (const auto& l : view.lost_organic) {
    rows += fmt::format("<tr><td>{}</td><td class=n>{:.2f}</td><td>{}</td><td>{}</td></tr>",
                        html_escape(l.parcel_id), l.area_ha, l.reason,
                        html_escape(loss_explanation(l)));
  }
  return "<h2>Why organic land is lost</h2><p>At-risk organic land (offered, its use ending) "
         "that the proposal does not keep organic, and for each parcel the reason that binds "
         "for that parcel alone, everything else as proposed.</p><div class=maps>" +
         svg_map(view.parcels, by_reason, legend, "Lost organic parcels by reason", 900) +
         "</div>" + totals + rows + "</table>";
}

}  // namespace

void write_run_report(const RunView& view, const std::filesystem::path& path) {
  std::unordered_map<std::string, const ParcelView*> parcel_by_id;
  for (const auto& parcel : view.parcels)
    parcel_by_id[parcel.parcel_id] = &parcel;
  std::ostringstream html;
  const auto& run = view.run;
  html << "<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>landpool run "
       << run.run_id << "</title><style>" << kStyle << "</style></head><body>";
  html << fmt::format("<h1>landpool: proposal of run {} ({}, scenario {})</h1>", run.run_id,
                      html_escape(run.quarter), html_escape(run.scenario_name));
  html << fmt::format("<p>Scope: {}{}. {} deals, {} parcel transfers. Solved in {:.1f} s.</p>",
                      html_escape(view.scope),
                      view.anonymised ? " (names replaced by pseudonyms)" : "", view.deals.size(),
                      view.transfers.size(), run.solve_time_s);
  html << "<p class=status>" << html_escape(plain_status(run)) << "</p>";
  html << "<h2>Key figures: People, Planet, Profit (region)</h2>" << kpi_tables(view.kpis);

  // Maps.
  auto by_farm = [](bool before) {
    return [before](const ParcelView& p) {
      const auto& farm = before ? p.user_before : p.user_after;
      return MapStyle{
          farm_colour(farm),
          fmt::format("{}: {} ({:.2f} ha, {})", p.parcel_id, farm.empty() ? "no farm" : farm,
                      p.area_ha, before ? p.organic_before : p.organic_after),
          p.deal_id > 0};
    };
  };
  auto organic_colour = [](const std::string& status) {
    return status == "organic"      ? std::string("#2e8b57")
           : status == "converting" ? std::string("#9acd32")
                                    : std::string("#e8e1c8");
  };
  auto by_organic = [&](bool before) {
    return [before, organic_colour](const ParcelView& p) {
      const auto& status = before ? p.organic_before : p.organic_after;
      return MapStyle{organic_colour(status),
                      fmt::format("{}: {} ({:.2f} ha)", p.parcel_id, status, p.area_ha), false};
    };
  };
  const std::vector<LegendEntry> organic_legend = {
      {"#2e8b57", "organic"}, {"#9acd32", "converting"}, {"#e8e1c8", "conventional"}};
  const std::vector<LegendEntry> farm_legend = {
      {"hsl(200,55%,55%)", "one colour per farm (hover for the farm)"},
      {"#e6e6e6", "no farm in view"}};
  html << "<h2>Land use by farm, before and after</h2><div class=maps>"
       << svg_map(view.parcels, by_farm(true), farm_legend, "Before: who farms each parcel")
       << svg_map(view.parcels, by_farm(false), farm_legend,
                  "After: who farms each parcel (moved parcels outlined)")
       << "</div>";
  html << "<h2>Organic land, before and after</h2><div class=maps>"
       << svg_map(view.parcels, by_organic(true), organic_legend, "Before: organic status")
       << svg_map(view.parcels, by_organic(false), organic_legend, "After: organic status")
       << "</div>";
  std::map<int, std::string> deal_parties;
  for (const auto& d : view.deals) {
    deal_parties[d.deal_id] = join(d.farm_ids, ", ");
  }
  auto by_deal = [&](const ParcelView& p) {
    if (p.deal_id == 0)
      return MapStyle{"#eeeeee", p.parcel_id + ": stays", false};
    return MapStyle{
        farm_colour("deal" + std::to_string(p.deal_id)),
        fmt::format("{}: deal {} ({}), {} → {}", p.parcel_id, p.deal_id, deal_parties[p.deal_id],
                    p.user_before.empty() ? "pool" : p.user_before, p.user_after),
        true};
  };
  html << lost_organic_section(view);
  html << "<h2>Deals on the map</h2><div class=maps>"
       << svg_map(view.parcels, by_deal,
                  {{"hsl(30,55%,55%)", "moving parcel, one colour per deal (hover: parties)"},
                   {"#eeeeee", "stays"}},
                  "Each deal highlighted with its parties", 900)
       << "</div>";

  html << "<h2>Deals</h2><table><tr><th>deal</th><th>form</th><th>parties</th><th>pool land "
          "from</th><th>ha</th><th>benefit EUR</th><th>settlement EUR</th><th>use settlement "
          "EUR a year</th><th>transfer tax EUR</th><th>effective</th><th>why</th></tr>";
  for (const auto& d : view.deals) {
    const std::string pool = join(d.pool_owner_ids, ", ");
    html << fmt::format(
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=n>{:.2f}</td><td "
        "class=n>{}</td><td class=n>{}</td><td class=n>{}</td><td class=n>{}</td><td>{}</td><td>{}"
        "</td></tr>",
        d.deal_id, d.form, html_escape(deal_parties[d.deal_id]), html_escape(pool), d.area_ha,
        number(d.benefit_eur), number(d.settlement_eur), number(d.settlement_eur_per_year),
        number(d.transfer_tax_eur), format_iso_date(d.effective_date),
        html_escape(why(view, d, parcel_by_id)));
  }
  html << "</table>";
  html << "<h2>Participants</h2><table><tr><th>farm</th><th>deal</th><th>ha before</th><th>ha "
          "after</th><th>blocks before</th><th>blocks after</th><th>travel before ha·km</th>"
          "<th>travel after ha·km</th><th>settlement EUR (+ pays)</th><th>use settlement EUR a "
          "year (+ pays)</th><th>gain EUR</th></tr>";
  for (const auto& p : view.participants) {
    html << fmt::format(
        "<tr><td>{}</td><td class=n>{}</td><td class=n>{:.2f}</td><td class=n>{:.2f}</td><td "
        "class=n>{}</td><td class=n>{}</td><td class=n>{:.1f}</td><td class=n>{:.1f}</td><td "
        "class=n>{}</td><td class=n>{}</td><td class=n>{}</td></tr>",
        html_escape(p.farm_id), p.deal_id, p.area_before_ha, p.area_after_ha, p.blocks_before,
        p.blocks_after, p.travel_before_ha_km, p.travel_after_ha_km, number(p.settlement_eur),
        number(p.settlement_eur_per_year), number(p.gain_eur));
  }
  html << "</table>" << quarters_section(view.quarters)
       << "<p>Made by landpool. Every proposal was checked by an independent verifier "
          "that recomputes each rule and number from the data.</p></body></html>\n";

  if (path.has_parent_path())
    std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << html.str();
  out.close();
  if (!out)
    throw std::runtime_error(path.string() + ": write failed");
}

}  // namespace landpool
