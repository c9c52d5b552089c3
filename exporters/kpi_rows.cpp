#include "exporters/kpi_rows.hpp"

#include <array>
#include <cmath>

#include <spdlog/fmt/fmt.h>

namespace landpool {
namespace {

/// One key figure: its group in kpis_json, its label's catalogue key, its
/// unit, the JSON keys of the value before (empty: none) and after.
struct KpiSpec {
  const char* group;
  const char* label;
  KpiKind kind;
  const char* before;
  const char* after;
};

constexpr std::array kSpecs = {
    KpiSpec{"people", "kpi.participating_farms", KpiKind::count, "", "participating_farms"},
    KpiSpec{"people", "kpi.farms_better_off", KpiKind::count, "", "farms_better_off"},
    KpiSpec{"people", "kpi.smallest_gain", KpiKind::eur, "", "smallest_gain_eur"},
    KpiSpec{"people", "kpi.demand_wanted", KpiKind::area_ha, "", "demand_wanted_ha"},
    KpiSpec{"people", "kpi.all_demand_met", KpiKind::share, "", "all_demand_met_share"},
    KpiSpec{"people", "kpi.organic_demand_wanted", KpiKind::area_ha, "",
            "organic_demand_wanted_ha"},
    KpiSpec{"people", "kpi.demand_met", KpiKind::share, "", "demand_met_share"},
    KpiSpec{"people", "kpi.government_land", KpiKind::area_ha, "", "government_land_ha"},
    KpiSpec{"people", "kpi.government_to_priority", KpiKind::area_ha, "",
            "government_to_priority_ha"},
    KpiSpec{"planet", "kpi.kept_organic", KpiKind::area_ha, "", "kept_organic_ha"},
    KpiSpec{"planet", "kpi.lost_organic", KpiKind::area_ha, "", "lost_organic_ha"},
    KpiSpec{"planet", "kpi.converting_gained", KpiKind::area_ha, "", "converting_gained_ha"},
    KpiSpec{"planet", "kpi.organic_area", KpiKind::area_ha, "organic_before_ha",
            "organic_after_ha"},
    KpiSpec{"planet", "kpi.organic_clusters", KpiKind::count, "organic_clusters_before",
            "organic_clusters_after"},
    KpiSpec{"planet", "kpi.largest_cluster", KpiKind::area_ha, "largest_cluster_before_ha",
            "largest_cluster_after_ha"},
    KpiSpec{"planet", "kpi.cluster_size", KpiKind::area_ha, "cluster_size_before_ha",
            "cluster_size_after_ha"},
    KpiSpec{"planet", "kpi.clustered_share", KpiKind::share, "clustered_share_before",
            "clustered_share_after"},
    KpiSpec{"planet", "kpi.organic_in_zone", KpiKind::area_ha, "organic_in_zone_before_ha",
            "organic_in_zone_after_ha"},
    KpiSpec{"planet", "kpi.drift_border", KpiKind::km, "drift_border_before_km",
            "drift_border_after_km"},
    KpiSpec{"planet", "kpi.machinery", KpiKind::km_year, "machinery_before_km_year",
            "machinery_after_km_year"},
    KpiSpec{"profit", "kpi.blocks_per_farm", KpiKind::per_farm, "blocks_per_farm_before",
            "blocks_per_farm_after"},
    KpiSpec{"profit", "kpi.mean_block", KpiKind::area_ha, "mean_block_before_ha",
            "mean_block_after_ha"},
    KpiSpec{"profit", "kpi.mean_distance", KpiKind::m, "mean_distance_before_m",
            "mean_distance_after_m"},
    KpiSpec{"profit", "kpi.travel", KpiKind::ha_km, "travel_before_ha_km", "travel_after_ha_km"},
    KpiSpec{"profit", "kpi.travel_cost", KpiKind::eur_year, "travel_cost_before_eur_year",
            "travel_cost_after_eur_year"},
    KpiSpec{"profit", "kpi.own_boundary", KpiKind::m, "own_boundary_before_m",
            "own_boundary_after_m"},
    KpiSpec{"profit", "kpi.distance_reduction", KpiKind::share, "", "distance_reduction_share"},
    KpiSpec{"profit", "kpi.distance_reduction_possible", KpiKind::share, "",
            "distance_reduction_possible_share"},
    KpiSpec{"profit", "kpi.distance_reduction_achieved", KpiKind::share, "",
            "distance_reduction_achieved_share"},
    KpiSpec{"profit", "kpi.farm_gains", KpiKind::eur, "", "farm_gains_eur"},
    KpiSpec{"profit", "kpi.conversion_cost", KpiKind::eur, "", "conversion_cost_eur"},
    KpiSpec{"profit", "kpi.settlements", KpiKind::eur, "", "settlements_eur"},
    KpiSpec{"profit", "kpi.settlements_per_year", KpiKind::eur_year, "",
            "settlements_eur_per_year"},
    KpiSpec{"profit", "kpi.transfer_tax", KpiKind::eur, "", "transfer_tax_eur"},
    KpiSpec{"profit", "kpi.deals", KpiKind::count, "", "deals"},
    KpiSpec{"profit", "kpi.deal_costs", KpiKind::eur, "", "deal_costs_eur"},
    KpiSpec{"", "kpi.transferred", KpiKind::area_ha, "", "transferred_ha"},
    KpiSpec{"", "kpi.transfers", KpiKind::count, "", "transfers"},
};

/// kpis_json keys no row shows on purpose: the travel bound's figures are
/// the distance line's (the run summary), and the shares above state them.
constexpr std::array kNotShown = {"profit.travel_farms_before_ha_km",
                                  "profit.travel_farms_after_ha_km", "profit.travel_bound_ha_km",
                                  "profit.travel_bound_proven"};

const char* unit_key(KpiKind kind) {
  switch (kind) {
    case KpiKind::count:
      return "unit.count";
    case KpiKind::share:
      return "unit.percent";
    case KpiKind::area_ha:
      return "unit.ha";
    case KpiKind::eur:
      return "unit.eur";
    case KpiKind::eur_year:
      return "unit.eur_year";
    case KpiKind::km:
      return "unit.km";
    case KpiKind::km_year:
      return "unit.km_year";
    case KpiKind::m:
      return "unit.m";
    case KpiKind::ha_km:
      return "unit.ha_km";
    case KpiKind::per_farm:
      return "unit.per_farm";
  }
  return "unit.count";
}

const nlohmann::json* find(const nlohmann::json& kpis, const char* group, const char* key) {
  if (*group && !kpis.contains(group))
    return nullptr;
  const auto& scope = *group ? kpis.at(group) : kpis;
  const auto it = scope.find(key);
  return it == scope.end() || !it->is_number() ? nullptr : &*it;
}

}  // namespace

std::vector<KpiRow> kpi_rows(const nlohmann::json& kpis, Language language) {
  std::vector<KpiRow> rows;
  for (const auto& spec : kSpecs) {
    const auto* after = find(kpis, spec.group, spec.after);
    if (!after)
      continue;
    KpiRow row;
    row.group = *spec.group ? spec.group : "profit";
    row.label = std::string(text(language, spec.label));
    row.unit = std::string(text(language, unit_key(spec.kind)));
    row.after = after->get<double>();
    row.kind = spec.kind;
    if (*spec.before) {
      if (const auto* before = find(kpis, spec.group, spec.before))
        row.before = before->get<double>();
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string kpi_group_label(std::string_view group, Language language) {
  return std::string(text(language, "kpi.group." + std::string(group)));
}

std::string format_kpi(double value, KpiKind kind) {
  switch (kind) {
    case KpiKind::count:
    case KpiKind::eur:
    case KpiKind::eur_year:
    case KpiKind::m:
    case KpiKind::km_year:
      return fmt::format("{:.0f}", value);
    case KpiKind::share:
      return fmt::format("{:.1f}", 100.0 * value);
    case KpiKind::per_farm:
      return fmt::format("{:.2f}", value);
    default:
      return fmt::format("{:.1f}", value);
  }
}

std::string format_kpi_change(double change, KpiKind kind) {
  const std::string magnitude = format_kpi(std::abs(change), kind);
  if (magnitude.find_first_not_of("0.") == std::string::npos)
    return "0";
  return (change < 0 ? "-" : "+") + magnitude;
}

std::string kpi_label(std::string_view group, std::string_view key, Language language) {
  for (const auto& spec : kSpecs) {
    // The compare page's "run" rows (deals, transfers) reuse any group's label.
    if (group != spec.group && group != "run")
      continue;
    const std::string label(text(language, spec.label));
    if (key == spec.after)
      return *spec.before ? say(language, "kpi.after_suffix", label) : label;
    if (*spec.before && key == spec.before)
      return say(language, "kpi.before_suffix", label);
  }
  if (key == "value_eur")
    return std::string(text(language, "compare.value"));
  return std::string(key);
}

std::vector<std::string> kpi_keys_shown() {
  std::vector<std::string> keys;
  for (const auto& spec : kSpecs) {
    const std::string prefix = *spec.group ? std::string(spec.group) + "." : "";
    if (*spec.before)
      keys.push_back(prefix + spec.before);
    keys.push_back(prefix + spec.after);
  }
  for (const char* key : kNotShown)
    keys.emplace_back(key);
  return keys;
}

}  // namespace landpool
