#include "exporters/scenario_comparison.hpp"

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <utility>

#include <spdlog/fmt/fmt.h>

#include "core/messages.hpp"
#include "exporters/kpi_rows.hpp"
#include "exporters/output_file.hpp"
#include "exporters/report_maps.hpp"

namespace landpool {
namespace {

std::string csv_cell(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos)
    return text;
  std::string quoted = "\"";
  for (const char c : text)
    quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

std::string number(double value) {
  const double rounded = std::round(value);
  if (std::abs(value - rounded) < 1e-9 || std::abs(value) >= 1000.0)
    return fmt::format("{:.0f}", value);
  return fmt::format("{:.2f}", value);
}

std::string difference(double value, double first) {
  const double d = value - first;
  if (std::abs(d) < 1e-9)
    return "0";
  return fmt::format("{}{}", d > 0 ? "+" : "", number(d));
}

/// Status as a number for the table: 1 when proven optimal.
double proven_optimal(const RunRecord& run) {
  return run.status == "optimal" ? 1.0 : 0.0;
}

/// Marks each row's differences to the first scenario.
void mark_significance(Comparison& comparison) {
  const auto& list = comparison.scenarios;
  if (list.empty())
    return;
  const auto& first = list.front().view.run;
  for (auto& row : comparison.rows) {
    row.significance.assign(row.values.size(), Significance::not_applicable);
    const bool kpi = row.group != "run" || row.measure == "deals" || row.measure == "transfers";
    for (std::size_t i = 1; i < row.values.size(); ++i) {
      const auto& run = list[i].view.run;
      if (row.measure == "value_eur")
        row.significance[i] = objective_significance(run.objective_eur, run.bound_eur,
                                                     first.objective_eur, first.bound_eur);
      else if (kpi)
        row.significance[i] = kpi_significance(row.values[i], row.values[0], run.gap, first.gap);
    }
  }
}

/// The mark a table cell carries after its difference.
const char* significance_mark(Significance significance) {
  return significance == Significance::significant ? "*" : "";
}

}  // namespace

const char* to_string(Significance significance) {
  switch (significance) {
    case Significance::not_applicable:
      return "-";
    case Significance::within_gaps:
      return "within_gaps";
    case Significance::significant:
      return "significant";
  }
  return "-";
}

Significance kpi_significance(double value, double first, double gap, double first_gap) {
  const double difference = std::abs(value - first);
  if (difference < 1e-9)
    return Significance::within_gaps;
  const double allowed =
      (std::max(gap, 0.0) + std::max(first_gap, 0.0)) * std::max(std::abs(value), std::abs(first));
  return difference > allowed + 1e-9 ? Significance::significant : Significance::within_gaps;
}

Significance objective_significance(double value, double bound, double first_value,
                                    double first_bound) {
  constexpr double kTolerance_eur = 0.5;
  const bool apart = value > first_bound + kTolerance_eur || first_value > bound + kTolerance_eur;
  return apart ? Significance::significant : Significance::within_gaps;
}

Comparison make_comparison(std::vector<ComparedScenario> scenarios) {
  Comparison comparison;
  comparison.scenarios = std::move(scenarios);
  const auto& list = comparison.scenarios;
  auto add_row = [&](std::string group, std::string measure, auto value_of) {
    ComparisonRow row{std::move(group), std::move(measure), {}, {}};
    for (const auto& s : list)
      row.values.push_back(value_of(s));
    comparison.rows.push_back(std::move(row));
  };
  add_row("run", "run_id", [](const ComparedScenario& s) { return double(s.view.run.run_id); });
  add_row("run", "proven_optimal",
          [](const ComparedScenario& s) { return proven_optimal(s.view.run); });
  add_row("run", "value_eur", [](const ComparedScenario& s) { return s.view.run.objective_eur; });
  add_row("run", "bound_eur", [](const ComparedScenario& s) { return s.view.run.bound_eur; });
  add_row("run", "gap_pct", [](const ComparedScenario& s) { return 100.0 * s.view.run.gap; });
  add_row("run", "solve_time_s", [](const ComparedScenario& s) { return s.view.run.solve_time_s; });
  add_row("run", "deals", [](const ComparedScenario& s) { return double(s.view.deals.size()); });
  add_row("run", "transfers",
          [](const ComparedScenario& s) { return double(s.view.transfers.size()); });
  // Every numeric KPI any scenario has, group by group, in a stable order.
  for (const char* group : {"people", "planet", "profit"}) {
    std::vector<std::string> keys;
    for (const auto& s : list) {
      if (!s.view.kpis.contains(group))
        continue;
      for (const auto& [key, value] : s.view.kpis[group].items()) {
        if (value.is_number() && std::find(keys.begin(), keys.end(), key) == keys.end())
          keys.push_back(key);
      }
    }
    for (const auto& key : keys) {
      add_row(group, key, [&](const ComparedScenario& s) {
        const auto& kpis = s.view.kpis;
        return kpis.contains(group) && kpis[group].contains(key) ? kpis[group][key].get<double>()
                                                                 : 0.0;
      });
    }
  }
  std::map<std::string, std::vector<double>> gains;
  for (std::size_t i = 0; i < list.size(); ++i) {
    for (const auto& p : list[i].view.participants) {
      auto& row = gains[p.farm_id];
      row.resize(list.size(), 0.0);
      row[i] = p.gain_eur;
    }
  }
  for (auto& [farm_id, row] : gains) {
    const auto [low, high] = std::minmax_element(row.begin(), row.end());
    if (*high - *low > 1.0)
      comparison.farms.push_back({farm_id, row});
  }
  mark_significance(comparison);
  return comparison;
}

std::string comparison_text(const Comparison& comparison) {
  std::ostringstream out;
  out << fmt::format("{:<8} {:<28}", "group", "measure");
  for (const auto& s : comparison.scenarios)
    out << fmt::format(" {:>16.16}", s.label);
  out << '\n';
  for (const auto& row : comparison.rows) {
    out << fmt::format("{:<8} {:<28}", row.group, row.measure);
    for (std::size_t i = 0; i < row.values.size(); ++i) {
      const std::string cell = i == 0 ? number(row.values[0])
                                      : number(row.values[i]) + " (" +
                                            difference(row.values[i], row.values[0]) + ")" +
                                            significance_mark(row.significance[i]);
      out << fmt::format(" {:>16}", cell);
    }
    out << '\n';
  }
  out << "* the difference to the first scenario is larger than the runs' proven gaps allow; "
         "unmarked differences may be solver noise\n";
  out << fmt::format("{} farms gain or lose between scenarios (own gain in EUR, see --out)\n",
                     comparison.farms.size());
  return out.str();
}

nlohmann::json comparison_json(const Comparison& comparison) {
  nlohmann::json json;
  for (const auto& s : comparison.scenarios) {
    json["scenarios"].push_back({{"label", s.label},
                                 {"file", s.file},
                                 {"run_id", s.view.run.run_id},
                                 {"status", s.view.run.status},
                                 {"value_eur", s.view.run.objective_eur},
                                 {"bound_eur", s.view.run.bound_eur},
                                 {"gap", s.view.run.gap},
                                 {"input_fingerprint", s.view.run.input_fingerprint},
                                 {"kpis", s.view.kpis}});
  }
  for (const auto& row : comparison.rows) {
    nlohmann::json differences = nlohmann::json::array();
    nlohmann::json significance = nlohmann::json::array();
    for (std::size_t i = 0; i < row.values.size(); ++i) {
      differences.push_back(row.values[i] - row.values.front());
      significance.push_back(to_string(row.significance[i]));
    }
    json["measures"].push_back({{"group", row.group},
                                {"measure", row.measure},
                                {"values", row.values},
                                {"difference_to_first", differences},
                                {"significance", significance}});
  }
  json["farms"] = nlohmann::json::array();
  for (const auto& farm : comparison.farms)
    json["farms"].push_back({{"farm_id", farm.farm_id}, {"gain_eur", farm.gain_eur}});
  return json;
}

void write_comparison_csv(const Comparison& comparison, const std::filesystem::path& path) {
  auto out = open_output(path);
  out << "group,measure";
  for (const auto& s : comparison.scenarios)
    out << ',' << csv_cell(s.label);
  for (std::size_t i = 1; i < comparison.scenarios.size(); ++i)
    out << ',' << csv_cell(comparison.scenarios[i].label + " - " + comparison.scenarios[0].label);
  for (std::size_t i = 1; i < comparison.scenarios.size(); ++i)
    out << ',' << csv_cell("significance " + comparison.scenarios[i].label);
  out << '\n';
  for (const auto& row : comparison.rows) {
    out << row.group << ',' << row.measure;
    for (const double value : row.values)
      out << ',' << fmt::format("{:.6g}", value);
    for (std::size_t i = 1; i < row.values.size(); ++i)
      out << ',' << fmt::format("{:.6g}", row.values[i] - row.values[0]);
    for (std::size_t i = 1; i < row.values.size(); ++i)
      out << ',' << to_string(row.significance[i]);
    out << '\n';
  }
  finish_output(out, path);

  const auto farms_path = path.parent_path() / (path.stem().string() + "_farms.csv");
  auto farms = open_output(farms_path);
  farms << "farm_id";
  for (const auto& s : comparison.scenarios)
    farms << ',' << csv_cell("gain_eur " + s.label);
  farms << '\n';
  for (const auto& farm : comparison.farms) {
    farms << csv_cell(farm.farm_id);
    for (const double gain : farm.gain_eur)
      farms << ',' << fmt::format("{:.2f}", gain);
    farms << '\n';
  }
  finish_output(farms, farms_path);
}

void write_comparison_json(const Comparison& comparison, const std::filesystem::path& path) {
  auto out = open_output(path);
  out << comparison_json(comparison).dump(2) << '\n';
  finish_output(out, path);
}

void write_comparison_html(const Comparison& comparison, const std::filesystem::path& path) {
  const auto& list = comparison.scenarios;
  const Language language = comparison.language;
  auto t = [language](const char* key) { return html_escape(std::string(text(language, key))); };
  auto head = [&](const std::vector<std::string>& cells) {
    std::string row = "<tr>";
    for (const auto& cell : cells)
      row += "<th>" + html_escape(cell) + "</th>";
    return row + "</tr>";
  };
  std::ostringstream html;
  html << "<!DOCTYPE html><html lang=" << language_code(language)
       << "><head><meta charset=utf-8><title>landpool: " << t("compare.title")
       << "</title><style>body{font-family:sans-serif;margin:24px;color:#222}"
          "table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;padding:3px "
          "8px}td.n{text-align:right}th{background:#f0f0ea}.up{color:#1f5fa8}.down{color:#8a3ea0}"
          ".maps{display:flex;flex-wrap:wrap;gap:12px}h2{border-bottom:1px solid #ccc}"
          ".noise{color:#999}.significant{font-weight:bold}"
          "</style></head><body><h1>"
       << t("compare.title") << "</h1>";
  html << "<p>"
       << html_escape(say(language, "compare.intro",
                          list.empty() ? "" : list.front().view.run.input_fingerprint,
                          list.empty() ? "" : list.front().label))
       << "</p>";
  html << "<table>" << head(text_cells(language, "compare.head.runs"));
  for (const auto& s : list) {
    const auto& run = s.view.run;
    html << fmt::format(
        "<tr><td>{}</td><td>{}</td><td class=n>{}</td><td>{}</td><td class=n>{:.0f}</td><td "
        "class=n>{:.0f}</td><td class=n>{:.2f} %</td></tr>",
        html_escape(s.label), html_escape(s.file), run.run_id, html_escape(run.status),
        run.objective_eur, run.bound_eur, 100.0 * run.gap);
  }
  html << "</table><h2>" << t("compare.key_figures") << "</h2><p>" << t("compare.significance")
       << "</p><table>";
  std::vector<std::string> columns{std::string(text(language, "compare.head.group")),
                                   std::string(text(language, "kpi.head.measure"))};
  for (const auto& s : list)
    columns.push_back(s.label);
  html << head(columns);
  for (const auto& row : comparison.rows) {
    const std::string group = row.group == "run" ? std::string(text(language, "compare.group.run"))
                                                 : kpi_group_label(row.group, language);
    html << "<tr><td>" << html_escape(group) << "</td><td>"
         << html_escape(kpi_label(row.group, row.measure, language)) << "</td>";
    for (std::size_t i = 0; i < row.values.size(); ++i) {
      const double d = row.values[i] - row.values[0];
      html << "<td class=n>" << number(row.values[i]);
      if (i > 0 && std::abs(d) > 1e-9) {
        const auto significance = row.significance[i];
        html << fmt::format(" <span class=\"{} {}\">({}{})</span>", d > 0 ? "up" : "down",
                            significance == Significance::significant   ? "significant"
                            : significance == Significance::within_gaps ? "noise"
                                                                        : "",
                            difference(row.values[i], row.values[0]),
                            significance_mark(significance));
      }
      html << "</td>";
    }
    html << "</tr>";
  }
  html << "</table>";

  auto organic_colour = [](const std::string& status) {
    return status == "organic"      ? std::string("#2e8b57")
           : status == "converting" ? std::string("#9acd32")
                                    : std::string("#e8e1c8");
  };
  auto organic = [language](const std::string& status) {
    return std::string(text(language, "organic." + status));
  };
  const int width = list.size() <= 2 ? 520 : list.size() <= 3 ? 420 : 340;
  html << "<h2>" << t("compare.organic_maps") << "</h2><div class=maps>";
  for (const auto& s : list) {
    html << svg_map(
        s.view.parcels,
        [&](const ParcelView& p) {
          return MapStyle{
              organic_colour(p.organic_after),
              fmt::format("{}: {} ({:.2f} ha)", p.parcel_id, organic(p.organic_after), p.area_ha),
              p.deal_id > 0};
        },
        {{"#2e8b57", organic("organic")},
         {"#9acd32", organic("converting")},
         {"#e8e1c8", organic("conventional")}},
        s.label, width);
  }
  html << "</div><h2>" << t("compare.deal_maps") << "</h2><div class=maps>";
  for (const auto& s : list) {
    html << svg_map(
        s.view.parcels,
        [&](const ParcelView& p) {
          if (p.deal_id == 0)
            return MapStyle{"#eeeeee",
                            p.parcel_id + ": " + std::string(text(language, "map.stays")), false};
          return MapStyle{farm_colour("deal" + std::to_string(p.deal_id)),
                          fmt::format("{}: {}, {} -> {}", p.parcel_id,
                                      say(language, "report.scope.deal", p.deal_id),
                                      p.user_before.empty() ? "pool" : p.user_before, p.user_after),
                          true};
        },
        {{"hsl(30,55%,55%)", std::string(text(language, "map.deal_colour"))},
         {"#eeeeee", std::string(text(language, "map.stays"))}},
        s.label, width);
  }
  html << "</div><h2>" << t("compare.gains") << "</h2>";
  if (comparison.farms.empty()) {
    html << "<p>" << t("compare.gains.same") << "</p>";
  } else {
    html << "<p>" << t("compare.gains.intro") << "</p><table>";
    std::vector<std::string> farm_columns{std::string(text(language, "participant.head.farm"))};
    for (const auto& s : list)
      farm_columns.push_back(s.label);
    html << head(farm_columns);
    for (const auto& farm : comparison.farms) {
      html << "<tr><td>" << html_escape(farm.farm_id) << "</td>";
      for (std::size_t i = 0; i < farm.gain_eur.size(); ++i) {
        const double d = farm.gain_eur[i] - farm.gain_eur[0];
        html << "<td class=n>" << number(farm.gain_eur[i]);
        if (i > 0 && std::abs(d) > 1.0)
          html << fmt::format(
              " <span class={}>({})</span>", d > 0 ? "up" : "down",
              html_escape(say(language, d > 0 ? "compare.gains.more" : "compare.gains.less",
                              number(std::abs(d)))));
        html << "</td>";
      }
      html << "</tr>";
    }
    html << "</table>";
  }
  html << "<p>" << t("compare.footer") << "</p></body></html>\n";
  auto out = open_output(path);
  out << html.str();
  finish_output(out, path);
}

}  // namespace landpool
