#include "importers/csv_table.hpp"

#include <gtest/gtest.h>

namespace landpool {
namespace {

TEST(CsvTable, TracksPhysicalLinesAcrossQuotedLineBreaksAndBlankLines) {
  Diagnostics diagnostics;
  const auto table =
      parse_csv_text("id,name\r\n1,\"two\nlines\"\r\n\r\n3,\"with \"\"quotes\"\", and comma\"\n",
                     "t.csv", diagnostics);
  ASSERT_TRUE(table.has_value());
  EXPECT_FALSE(diagnostics.has_errors());
  ASSERT_EQ(table->rows.size(), 2u);
  EXPECT_EQ(table->rows[0].line, 2);
  EXPECT_EQ(table->rows[0].fields[1], "two\nlines");
  EXPECT_EQ(table->rows[1].line, 5);
  EXPECT_EQ(table->rows[1].fields[1], "with \"quotes\", and comma");
}

TEST(CsvTable, SkipsByteOrderMark) {
  Diagnostics diagnostics;
  const auto table = parse_csv_text("\xEF\xBB\xBFid\n1\n", "t.csv", diagnostics);
  ASSERT_TRUE(table.has_value());
  EXPECT_EQ(table->header.front(), "id");
}

TEST(CsvTable, ReportsInvalidUtf8WithItsLine) {
  Diagnostics diagnostics;
  parse_csv_text("id,name\n1,Fr\xE9\x64\xE9ric\n", "t.csv", diagnostics);
  ASSERT_EQ(diagnostics.errors().size(), 1u);
  EXPECT_EQ(diagnostics.errors()[0].line, 2);
  EXPECT_NE(diagnostics.errors()[0].message.find("UTF-8"), std::string::npos);
}

TEST(CsvTable, ReportsRowsWithTheWrongNumberOfFieldsAndKeepsTheOthers) {
  Diagnostics diagnostics;
  const auto table = parse_csv_text("a,b\n1,2\n3\n4,5,6\n7,8\n", "t.csv", diagnostics);
  ASSERT_TRUE(table.has_value());
  EXPECT_EQ(table->rows.size(), 2u);
  ASSERT_EQ(diagnostics.errors().size(), 2u);
  EXPECT_EQ(diagnostics.errors()[0].line, 3);
  EXPECT_EQ(diagnostics.errors()[1].line, 4);
}

TEST(CsvTable, EmptyFileNeedsAHeader) {
  Diagnostics diagnostics;
  EXPECT_FALSE(parse_csv_text("", "t.csv", diagnostics).has_value());
  EXPECT_TRUE(diagnostics.has_errors());
}

}  // namespace
}  // namespace landpool
