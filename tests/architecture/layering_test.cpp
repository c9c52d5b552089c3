// The folders' include rules (docs/architecture.md, block `layers`) hold for
// the whole source tree, allow no cycle, and the check catches a forbidden
// include.

#include <fstream>

#include <gtest/gtest.h>

#include "architecture/include_rules.hpp"
#include "test_support.hpp"

namespace landpool::testing {
namespace {

const std::filesystem::path kSource = LANDPOOL_SOURCE_DIR;

IncludeRules project_rules() {
  return read_include_rules(kSource / "docs/architecture.md");
}

TEST(Layering, EveryIncludeIsAllowedByTheWrittenRules) {
  const auto problems = forbidden_includes(kSource, project_rules());
  std::string text;
  for (const auto& problem : problems)
    text += problem + "\n";
  EXPECT_TRUE(problems.empty()) << text;
}

TEST(Layering, TheRulesHaveNoCycle) {
  EXPECT_EQ(rule_cycle(project_rules()), "");
}

TEST(Layering, DatabaseAndExportersNeverUseTheOptimiser) {
  const auto rules = project_rules();
  for (const std::string unit : {"db", "exporters"}) {
    for (const auto& allowed : rules.at(unit))
      EXPECT_NE(allowed.rfind("solver", 0), 0u) << unit << " may use " << allowed;
  }
}

TEST(Layering, CatchesAForbiddenIncludeAndACycle) {
  const TempDir dir;
  const auto root = dir.path();
  std::filesystem::create_directories(root / "db");
  std::filesystem::create_directories(root / "solver/search");
  std::ofstream(root / "db/store.cpp") << "#include \"core/date.hpp\"\n"
                                       << "#include \"solver/search/local_search.hpp\"\n";
  std::ofstream(root / "solver/search/local_search.hpp") << "#include \"db/store.hpp\"\n";
  IncludeRules rules{
      {"core", {}}, {"db", {"core"}}, {"solver", {"core"}}, {"solver/search", {"core", "db"}}};
  const auto problems = forbidden_includes(root, rules);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems.front(),
            "db/store.cpp:2: includes solver/search/local_search.hpp (db may use core)");
  rules["db"].insert("solver/search");
  EXPECT_EQ(rule_cycle(rules), "db -> solver/search -> db");
}

}  // namespace
}  // namespace landpool::testing
