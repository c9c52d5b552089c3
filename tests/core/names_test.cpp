// Every rule and every objective term keeps one name across the code and
// docs/model.md, which defines each of them.

#include <gtest/gtest.h>

#include "core/objective_terms.hpp"
#include "core/scenario.hpp"
#include "test_support.hpp"

namespace landpool::testing {
namespace {

std::string model_md() {
  return read_bytes(std::filesystem::path(LANDPOOL_SOURCE_DIR) / "docs/model.md");
}

TEST(Names, EveryRuleIsDefinedInModelMd) {
  const auto text = model_md();
  for (const char* name : kRuleNames)
    EXPECT_NE(text.find(std::string("`") + name + "`"), std::string::npos) << name;
}

TEST(Names, EveryObjectiveTermIsDefinedInModelMd) {
  const auto text = model_md();
  for (const char* name : kObjectiveTermNames)
    EXPECT_NE(text.find(std::string("`") + name + "`"), std::string::npos) << name;
}

TEST(Names, RuleAndTermNamesAreUniqueIdentifiers) {
  std::set<std::string> seen;
  for (const char* name : kRuleNames)
    EXPECT_TRUE(seen.insert(name).second) << name;
  for (const char* name : kObjectiveTermNames)
    EXPECT_TRUE(seen.insert(name).second) << name;
  for (const auto& name : seen)
    EXPECT_EQ(name.find_first_not_of("abcdefghijklmnopqrstuvwxyz_"), std::string::npos) << name;
}

}  // namespace
}  // namespace landpool::testing
