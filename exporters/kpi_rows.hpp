#pragma once
// The key figures as people read them (report, workbook, run summary): each
// with a label and a unit from the message catalogue, before -> after and
// the change, grouped People, Planet, Profit; counts as whole numbers,
// shares as percentages.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/messages.hpp"

namespace landpool {

enum class KpiKind { count, share, area_ha, eur, eur_year, km, km_year, m, ha_km, per_farm };

struct KpiRow {
  std::string group;  ///< people, planet or profit (kpis_json's groups)
  std::string label, unit;
  std::optional<double> before;  ///< empty for figures of the proposal alone
  double after = 0.0;
  KpiKind kind = KpiKind::count;
};

/// The rows of `kpis` (a run's kpis_json) that it holds, in reading order.
std::vector<KpiRow> kpi_rows(const nlohmann::json& kpis, Language language);

/// "People", "Planet", "Profit" in `language`.
std::string kpi_group_label(std::string_view group, Language language);

/// A value as its kind reads: 54, 47 %, 1,575.5 ha is written "1575.5".
std::string format_kpi(double value, KpiKind kind);

/// The change after - before, signed (+3, -2.5 %, +12.0).
std::string format_kpi_change(double change, KpiKind kind);

/// The label of one kpis_json value, "group.key" ("planet.organic_after_ha":
/// "Organic and converting land (after)"); the key itself when no row shows it.
std::string kpi_label(std::string_view group, std::string_view key, Language language);

/// Every key of kpis_json that some row shows ("planet.kept_organic_ha").
std::vector<std::string> kpi_keys_shown();

}  // namespace landpool
