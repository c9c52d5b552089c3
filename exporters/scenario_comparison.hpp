#pragma once
// Scenarios side by side (`landpool compare`): each scenario's run on the
// same region state, its People / Planet / Profit KPIs and the difference to
// the first scenario, the solver's proven gap, and which farms gain or lose
// between scenarios. Written as a text table, CSV, JSON or one HTML file with
// the maps of each scenario next to each other (docs/scenarios.md).

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "exporters/run_view.hpp"

namespace landpool {

struct ComparedScenario {
  std::string label;  ///< the scenario's name, made unique with its file name
  std::string file;
  RunView view;  ///< the whole run
};

/// Whether a scenario's difference to the first can be told from solver
/// noise. Runs stopped at a time limit are only within their proven gaps of
/// the best possible, so a difference smaller than those gaps allow may come
/// from the solver, not from the scenario (docs/scenarios.md, "Significance").
enum class Significance {
  not_applicable,  ///< the first scenario, or a measure of the run itself (time, bound)
  within_gaps,     ///< the runs' proven gaps could explain the difference
  significant,     ///< larger than the runs' proven gaps allow
};
const char* to_string(Significance significance);

/// One measure across the scenarios; values in scenario order.
struct ComparisonRow {
  std::string group;  ///< run, people, planet, profit
  std::string measure;
  std::vector<double> values;
  std::vector<Significance> significance;  ///< of each value's difference to the first
};

/// The significance of `value` against `first` for a KPI: significant when
/// |value - first| > (gap + first_gap) * max(|value|, |first|), the proven
/// relative gaps carried over to the measure as a share of it. For the
/// objective use `objective_significance`.
Significance kpi_significance(double value, double first, double gap, double first_gap);

/// The objective's difference is significant when the intervals the two
/// optima lie in, [value, bound], do not overlap.
Significance objective_significance(double value, double bound, double first_value,
                                    double first_bound);

/// A farm whose own gain differs between scenarios (0 where it takes no part).
struct FarmComparison {
  std::string farm_id;
  std::vector<double> gain_eur;
};

struct Comparison {
  Language language = Language::en;  ///< of the HTML page (CSV and JSON keep their keys)
  std::vector<ComparedScenario> scenarios;
  std::vector<ComparisonRow> rows;
  std::vector<FarmComparison> farms;  ///< only farms whose gain differs by more than 1 EUR
};

/// Rows and farm differences from the scenarios' runs.
Comparison make_comparison(std::vector<ComparedScenario> scenarios);

/// A fixed-width table for the terminal.
std::string comparison_text(const Comparison& comparison);
nlohmann::json comparison_json(const Comparison& comparison);
/// `path`: one row per measure (group, measure, a column per scenario, then
/// each scenario's difference to the first); farm gains go to the sibling
/// file <stem>_farms.csv.
void write_comparison_csv(const Comparison& comparison, const std::filesystem::path& path);
void write_comparison_json(const Comparison& comparison, const std::filesystem::path& path);
void write_comparison_html(const Comparison& comparison, const std::filesystem::path& path);

}  // namespace landpool
