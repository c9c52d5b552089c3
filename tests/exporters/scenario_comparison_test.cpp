// Which differences between scenarios `landpool compare` calls significant:
// only those larger than the runs' proven gaps allow.

#include <gtest/gtest.h>

#include "exporters/scenario_comparison.hpp"

namespace landpool {
namespace {

ComparedScenario scenario(const std::string& label, double value_eur, double bound_eur,
                          double organic_kept_ha) {
  ComparedScenario s;
  s.label = label;
  s.view.run.objective_eur = value_eur;
  s.view.run.bound_eur = bound_eur;
  s.view.run.gap = (bound_eur - value_eur) / bound_eur;
  s.view.run.status = s.view.run.gap > 0 ? "time_limit_with_solution" : "optimal";
  s.view.kpis = {{"planet", {{"kept_organic_ha", organic_kept_ha}}}};
  return s;
}

const ComparisonRow& row_of(const Comparison& comparison, const std::string& measure) {
  for (const auto& row : comparison.rows) {
    if (row.measure == measure)
      return row;
  }
  throw std::runtime_error("no row " + measure);
}

TEST(Significance, AKpiDifferenceMustExceedBothGaps) {
  // 10 % and 5 % gaps allow 15 % of the larger value.
  EXPECT_EQ(kpi_significance(100.0, 86.0, 0.10, 0.05), Significance::within_gaps);
  EXPECT_EQ(kpi_significance(100.0, 84.0, 0.10, 0.05), Significance::significant);
  EXPECT_EQ(kpi_significance(-100.0, -84.0, 0.10, 0.05), Significance::significant);
  // Proven optima: any difference is the scenario's.
  EXPECT_EQ(kpi_significance(10.5, 10.0, 0.0, 0.0), Significance::significant);
  EXPECT_EQ(kpi_significance(10.0, 10.0, 0.0, 0.0), Significance::within_gaps);
}

TEST(Significance, TheObjectiveDiffersWhenItsIntervalsDoNotOverlap) {
  EXPECT_EQ(objective_significance(120.0, 130.0, 100.0, 119.0), Significance::significant);
  EXPECT_EQ(objective_significance(120.0, 130.0, 100.0, 121.0), Significance::within_gaps);
  EXPECT_EQ(objective_significance(80.0, 90.0, 100.0, 110.0), Significance::significant);
}

TEST(Significance, TheComparisonMarksEachScenarioAgainstTheFirst) {
  auto comparison =
      make_comparison({scenario("a", 1000.0, 1100.0, 50.0), scenario("b", 1010.0, 1050.0, 52.0),
                       scenario("c", 1200.0, 1200.0, 80.0)});
  const auto& value = row_of(comparison, "value_eur");
  EXPECT_EQ(value.significance[0], Significance::not_applicable);
  EXPECT_EQ(value.significance[1], Significance::within_gaps);
  EXPECT_EQ(value.significance[2], Significance::significant);
  const auto& kept = row_of(comparison, "kept_organic_ha");
  EXPECT_EQ(kept.significance[1], Significance::within_gaps);
  EXPECT_EQ(kept.significance[2], Significance::significant);
  EXPECT_EQ(row_of(comparison, "solve_time_s").significance[2], Significance::not_applicable);
  const auto text = comparison_text(comparison);
  EXPECT_NE(text.find("(+200)*"), std::string::npos) << text;
  EXPECT_NE(text.find("(+10) "), std::string::npos) << text;
  const auto json = comparison_json(comparison);
  EXPECT_EQ(json["measures"][2]["measure"], "value_eur");
  EXPECT_EQ(json["measures"][2]["significance"][2], "significant");
}

}  // namespace
}  // namespace landpool
