// The message catalogue: every entry in both languages with the same
// placeholders, every key the code asks for present, every key figure
// labelled.

#include "core/messages.hpp"
#include "core/scan_records.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <set>

#include <nlohmann/json.hpp>

#include "core/run_records.hpp"
#include "exporters/kpi_rows.hpp"
#include "test_support.hpp"

namespace landpool::testing {
namespace {

/// The {…} placeholders of a message, in order.
std::vector<std::string> placeholders(std::string_view text) {
  std::vector<std::string> found;
  static const std::regex placeholder(R"(\{[^}]*\})");
  const std::string s(text);
  for (auto it = std::sregex_iterator(s.begin(), s.end(), placeholder);
       it != std::sregex_iterator(); ++it)
    found.push_back(it->str());
  return found;
}

TEST(Messages, EveryEntryHasBothLanguagesAndTheSamePlaceholders) {
  std::set<std::string_view> keys;
  for (const auto& message : message_catalogue()) {
    EXPECT_TRUE(keys.insert(message.key).second) << "twice: " << message.key;
    EXPECT_FALSE(message.en.empty()) << message.key << " lacks English";
    EXPECT_FALSE(message.nl.empty()) << message.key << " lacks Dutch";
    EXPECT_EQ(placeholders(message.en), placeholders(message.nl)) << message.key;
  }
}

TEST(Messages, AnUnknownKeyIsAnErrorNamingIt) {
  try {
    (void)text(Language::nl, "report.no_such_entry");
    FAIL() << "no error";
  } catch (const std::out_of_range& error) {
    EXPECT_NE(std::string(error.what()).find("report.no_such_entry"), std::string::npos);
  }
  EXPECT_EQ(parse_language("nl"), Language::nl);
  EXPECT_FALSE(parse_language("de"));
}

// Every literal key in the sources that read the catalogue exists in it.
TEST(Messages, EveryKeyTheCodeUsesIsInTheCatalogue) {
  const std::filesystem::path root(LANDPOOL_SOURCE_DIR);
  static const std::regex key_literal(
      R"re("((kpi|unit|status|run_status|report|map|organic|deal|dsheet|participant|form|loss|quarter|sheet|transfer|settles|compare|area_scan)\.[a-z_.]+)")re");
  int seen = 0;
  for (const char* folder : {"exporters", "cli", "workflow"}) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root / folder)) {
      if (entry.path().extension() != ".cpp")
        continue;
      const auto source = read_bytes(entry.path());
      for (auto it = std::sregex_iterator(source.begin(), source.end(), key_literal);
           it != std::sregex_iterator(); ++it) {
        const std::string key = (*it)[1].str();
        if (key.back() == '.')
          continue;  // a prefix the code completes; checked below
        ++seen;
        EXPECT_NO_THROW((void)text(Language::nl, key)) << entry.path() << ": " << key;
      }
    }
  }
  EXPECT_GT(seen, 50) << "the scan found too few keys to mean anything";
}

TEST(Messages, EveryScanCriterionHasALabel) {
  for (const auto& criterion : scan_criteria()) {
    EXPECT_NO_THROW((void)text(Language::nl, std::string("area_scan.criterion.") + criterion.key))
        << criterion.key;
  }
}

// Keys the code builds from a prefix and a closed vocabulary.
TEST(Messages, EveryWordOfAClosedVocabularyIsInTheCatalogue) {
  for (const char* form : {"lease", "lease_exchange", "kavelruil", "sale"}) {
    EXPECT_NO_THROW((void)text(Language::nl, std::string("form.") + form)) << form;
    EXPECT_NO_THROW((void)text(Language::nl, std::string("dsheet.next.") + form)) << form;
  }
  for (const char* reason : kLossReasons) {
    EXPECT_NO_THROW((void)text(Language::nl, std::string("loss.") + reason)) << reason;
  }
  for (const char* status : {"organic", "converting", "conventional"})
    EXPECT_NO_THROW((void)text(Language::nl, std::string("organic.") + status)) << status;
  for (const char* settles : {"capital", "yearly", "rent"})
    EXPECT_NO_THROW((void)text(Language::nl, std::string("settles.") + settles)) << settles;
  for (const char* status : {"optimal", "gap_limit", "time_limit_with_solution",
                             "time_limit_without_solution", "infeasible", "unbounded"})
    EXPECT_NO_THROW((void)text(Language::nl, std::string("run_status.") + status)) << status;
  for (const char* group : {"people", "planet", "profit"})
    EXPECT_NO_THROW((void)kpi_group_label(group, Language::nl)) << group;
}

// A key figure added to kpis_json without a label fails here.
TEST(Messages, EveryKeyFigureHasARow) {
  const auto json = nlohmann::json::parse(kpis_to_json(Kpis{}));
  const auto shown = kpi_keys_shown();
  const std::set<std::string> labelled(shown.begin(), shown.end());
  for (const auto& [key, value] : json.items()) {
    if (!value.is_object()) {
      EXPECT_TRUE(labelled.contains(key)) << key;
      continue;
    }
    for (const auto& [inner, ignored] : value.items())
      EXPECT_TRUE(labelled.contains(key + "." + inner)) << key << "." << inner;
  }
  const auto rows = kpi_rows(json, Language::nl);
  EXPECT_GE(rows.size(), 35u);
  for (const auto& row : rows)
    EXPECT_FALSE(row.label.empty());
}

TEST(Messages, CountsAreWholeAndSharesArePercentages) {
  EXPECT_EQ(format_kpi(54.0, KpiKind::count), "54");
  EXPECT_EQ(format_kpi(0.4704, KpiKind::share), "47.0");
  EXPECT_EQ(format_kpi_change(-0.96, KpiKind::per_farm), "-0.96");
  EXPECT_EQ(format_kpi_change(0.0001, KpiKind::area_ha), "0");
}

}  // namespace
}  // namespace landpool::testing
