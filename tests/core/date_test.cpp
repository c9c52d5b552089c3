#include "core/date.hpp"

#include <gtest/gtest.h>

namespace landpool {
namespace {

TEST(Date, ParsesStrictIsoDates) {
  const auto date = parse_iso_date("2024-02-29");
  ASSERT_TRUE(date.has_value());
  EXPECT_EQ(format_iso_date(*date), "2024-02-29");
}

TEST(Date, RejectsDatesThatDoNotExistOrAreWrittenOtherwise) {
  for (const char* text : {"2023-02-29", "2024-13-01", "2024-00-10", "2024-1-5", "05-01-2024",
                           "2024/01/05", "2024-01-05T00:00", " 2024-01-05", "1850-01-01", ""}) {
    EXPECT_FALSE(parse_iso_date(text).has_value()) << text;
  }
}

TEST(Date, QuarterOfADate) {
  EXPECT_EQ(quarter_of(*parse_iso_date("2026-11-28")), "2026Q4");
  EXPECT_EQ(quarter_of(*parse_iso_date("2027-01-01")), "2027Q1");
  EXPECT_EQ(quarter_of(*parse_iso_date("2027-06-30")), "2027Q2");
}

TEST(Date, DaysBetween) {
  EXPECT_EQ(days_between(*parse_iso_date("2024-02-28"), *parse_iso_date("2024-03-01")), 2);
  EXPECT_EQ(days_between(*parse_iso_date("2024-03-01"), *parse_iso_date("2024-02-28")), -2);
}

}  // namespace
}  // namespace landpool
