// Which farms each column and row concerns is recorded where it is created
// (BuiltModel::column_farms, row_farms). Checked here against the farm ids
// its name lists between brackets, the way an outsider would read the model,
// on generated regions with every family present.

#include <set>
#include <string_view>

#include <gtest/gtest.h>

#include "solver/model/model_builder.hpp"
#include "solver/problem/problem.hpp"
#include "solver/tiny_regions.hpp"

namespace landpool::testing {
namespace {

/// The problem farms a name lists between brackets ("in_deal[F1,F2]").
std::set<std::uint32_t> farms_named(std::string_view name, const solver::Problem& problem) {
  std::set<std::uint32_t> farms;
  const auto open = name.find('['), close = name.find(']');
  if (open == std::string_view::npos || close == std::string_view::npos)
    return farms;
  std::size_t begin = open + 1;
  for (std::size_t i = begin; i <= close; ++i) {
    if (i < close && name[i] != ',' && name[i] != '>')
      continue;
    const auto part = name.substr(begin, i - begin);
    for (std::size_t f = 0; f < problem.farms.size(); ++f) {
      if (problem.farms[f].farm_id == part)
        farms.insert(static_cast<std::uint32_t>(f));
    }
    begin = i + 1;
  }
  return farms;
}

std::set<std::uint32_t> as_set(std::span<const std::uint32_t> farms) {
  return {farms.begin(), farms.end()};
}

void expect_tags_match_names(const TinyRegion& tiny) {
  const auto problem =
      solver::build_problem(tiny.region, tiny.neighbours, tiny.scenario, tiny.as_of);
  const auto built = solver::build_model(problem);
  std::size_t tagged = 0;
  for (std::size_t j = 0; j < built.model.columns.size(); ++j) {
    const auto tags = as_set(built.column_farms.of(j));
    tagged += !tags.empty();
    EXPECT_EQ(tags, farms_named(built.model.columns[j].name, problem))
        << built.model.columns[j].name;
  }
  for (std::size_t r = 0; r < built.model.rows.size(); ++r) {
    EXPECT_EQ(as_set(built.row_farms.of(r)), farms_named(built.model.rows[r].name, problem))
        << built.model.rows[r].name;
  }
  EXPECT_GT(tagged, problem.candidates.size());
  EXPECT_TRUE(built.column_farms.of(built.model.columns.size()).empty());
}

TEST(FarmTags, NameTheFarmsEachColumnAndRowConcerns) {
  for (std::uint64_t seed : {1, 2, 3})
    expect_tags_match_names(make_generated_region(seed, 250));
  auto consolidation = make_generated_region(4, 250, true);
  consolidation.scenario = consolidation_scenario();
  expect_tags_match_names(consolidation);
}

TEST(FarmTags, HoldWithRulesInPenaltyModeAndDealsThatQualifyForTax) {
  for (std::uint64_t seed : {4, 5, 6, 7, 8, 9}) {
    auto tiny = make_tiny_region(seed, true);
    expect_tags_match_names(tiny);
    expect_tags_match_names(make_exchange_region(seed));
  }
}

}  // namespace
}  // namespace landpool::testing
