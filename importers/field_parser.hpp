#pragma once
// Typed, checked access to the cells of a CSV table by column name. Every
// failed conversion records a problem naming file, line and column and yields
// nullopt, so a reader can go on and report all problems of a file at once.

#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/date.hpp"
#include "core/enums.hpp"
#include "importers/csv_table.hpp"
#include "importers/diagnostics.hpp"

namespace landpool {

struct ColumnSpec {
  std::string name;
  bool required = false;  ///< the column must be in the header
};

enum class Need { required, optional };

/// Numeric bounds: min is exclusive when `min_strict`, max is inclusive.
struct NumberRange {
  double min = -std::numeric_limits<double>::max();
  double max = std::numeric_limits<double>::max();
  bool min_strict = false;
  std::string what;  ///< the whole rule, e.g. "must lie between 0 and 100"
};

class TableReader;

class RowFields {
 public:
  RowFields(const TableReader& table, const CsvRow& row, Diagnostics& diagnostics);

  long line() const { return row_.line; }
  /// True while no problem was reported on this row.
  bool ok() const { return ok_; }

  /// The trimmed cell; nullopt when the column is absent or the cell empty.
  std::optional<std::string> text(std::string_view column, Need need);
  std::optional<double> number(std::string_view column, Need need, const NumberRange& range = {});
  std::optional<int> integer(std::string_view column, Need need, int min_value);
  std::optional<Date> date(std::string_view column, Need need);
  std::optional<bool> yes_no(std::string_view column, Need need);

  template <class Enum>
  std::optional<Enum> choice(std::string_view column, Need need) {
    auto cell = text(column, need);
    if (!cell)
      return std::nullopt;
    auto value = parse_enum<Enum>(*cell);
    if (!value)
      problem(column, "unknown value '" + *cell + "' (expected " + allowed_values<Enum>() + ")");
    return value;
  }

  template <class Enum>
  std::optional<EnumSet<Enum>> choice_set(std::string_view column, Need need) {
    auto cell = text(column, need);
    if (!cell)
      return std::nullopt;
    auto parsed = parse_enum_set<Enum>(*cell);
    if (!parsed.set) {
      problem(column, "unknown value '" + parsed.bad_token + "' (expected " +
                          allowed_values<Enum>() + ", several joined by '|')");
    }
    return parsed.set;
  }

  /// Records a problem on this row.
  void problem(std::string_view column, std::string message);
  /// Records a warning on this row (the row stays ok).
  void warning(std::string_view column, std::string message);

 private:
  const TableReader& table_;
  const CsvRow& row_;
  Diagnostics& diagnostics_;
  bool ok_ = true;
};

/// Maps column names to positions, checks that required columns are present
/// and warns about columns that are not part of the contract.
class TableReader {
 public:
  TableReader(const CsvTable& table, const std::vector<ColumnSpec>& columns,
              Diagnostics& diagnostics);

  /// False when a required column is missing: rows should not be read then.
  bool header_ok() const { return header_ok_; }
  const CsvTable& table() const { return table_; }
  const std::vector<CsvRow>& rows() const { return table_.rows; }
  std::optional<std::size_t> index_of(std::string_view column) const;

 private:
  const CsvTable& table_;
  std::unordered_map<std::string, std::size_t> index_;
  bool header_ok_ = true;
};

}  // namespace landpool
