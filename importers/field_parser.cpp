#include "importers/field_parser.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "core/text.hpp"

namespace landpool {
namespace {

std::string format_number(double value) {
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return ec == std::errc() ? std::string(buffer, end) : std::string("?");
}

}  // namespace

TableReader::TableReader(const CsvTable& table, const std::vector<ColumnSpec>& columns,
                         Diagnostics& diagnostics)
    : table_(table) {
  for (std::size_t i = 0; i < table.header.size(); ++i) {
    const std::string name(trim(table.header[i]));
    if (name.empty())
      continue;  // trailing commas, as spreadsheets write them
    const bool known = std::any_of(columns.begin(), columns.end(),
                                   [&](const ColumnSpec& spec) { return spec.name == name; });
    const bool first = index_.emplace(name, i).second;
    if (!known) {
      if (first) {
        diagnostics.warning(table.file, table.header_line, name,
                            "column is not part of the input contract; ignored");
      }
    } else if (!first) {
      diagnostics.error(table.file, table.header_line, name, "column appears twice in the header");
      header_ok_ = false;
    }
  }
  for (const auto& spec : columns) {
    if (spec.required && !index_.contains(spec.name)) {
      diagnostics.error(table.file, table.header_line, spec.name, "required column is missing");
      header_ok_ = false;
    }
  }
}

std::optional<std::size_t> TableReader::index_of(std::string_view column) const {
  const auto it = index_.find(std::string(column));
  if (it == index_.end())
    return std::nullopt;
  return it->second;
}

RowFields::RowFields(const TableReader& table, const CsvRow& row, Diagnostics& diagnostics)
    : table_(table), row_(row), diagnostics_(diagnostics) {}

void RowFields::problem(std::string_view column, std::string message) {
  diagnostics_.error(table_.table().file, row_.line, std::string(column), std::move(message));
  ok_ = false;
}

void RowFields::warning(std::string_view column, std::string message) {
  diagnostics_.warning(table_.table().file, row_.line, std::string(column), std::move(message));
}

std::optional<std::string> RowFields::text(std::string_view column, Need need) {
  const auto index = table_.index_of(column);
  std::string_view cell = index ? trim(row_.fields[*index]) : std::string_view{};
  if (cell.empty()) {
    if (need == Need::required)
      problem(column, "a value is required");
    return std::nullopt;
  }
  return std::string(cell);
}

std::optional<double> RowFields::number(std::string_view column, Need need,
                                        const NumberRange& range) {
  auto cell = text(column, need);
  if (!cell)
    return std::nullopt;
  double value = 0.0;
  const char* begin = cell->data();
  const char* end = begin + cell->size();
  auto [ptr, ec] = std::from_chars(begin, end, value);
  if (ec != std::errc() || ptr != end || !std::isfinite(value)) {
    std::string hint = cell->find(',') != std::string::npos ? " (the decimal mark is '.')" : "";
    problem(column, "not a number: '" + *cell + "'" + hint);
    return std::nullopt;
  }
  const bool below = range.min_strict ? value <= range.min : value < range.min;
  if (below || value > range.max) {
    problem(column, format_number(value) + " is out of range: " + range.what);
    return std::nullopt;
  }
  return value;
}

std::optional<int> RowFields::integer(std::string_view column, Need need, int min_value) {
  auto cell = text(column, need);
  if (!cell)
    return std::nullopt;
  int value = 0;
  const char* begin = cell->data();
  const char* end = begin + cell->size();
  auto [ptr, ec] = std::from_chars(begin, end, value);
  if (ec == std::errc::result_out_of_range) {
    problem(column, "'" + *cell + "' is too large");
    return std::nullopt;
  }
  if (ec != std::errc() || ptr != end) {
    problem(column, "not a whole number: '" + *cell + "'");
    return std::nullopt;
  }
  if (value < min_value) {
    problem(column, std::to_string(value) + " is out of range: must be at least " +
                        std::to_string(min_value));
    return std::nullopt;
  }
  return value;
}

std::optional<Date> RowFields::date(std::string_view column, Need need) {
  auto cell = text(column, need);
  if (!cell)
    return std::nullopt;
  auto value = parse_iso_date(*cell);
  if (!value)
    problem(column, "not a date: '" + *cell + "' (expected YYYY-MM-DD)");
  return value;
}

std::optional<bool> RowFields::yes_no(std::string_view column, Need need) {
  auto cell = text(column, need);
  if (!cell)
    return std::nullopt;
  if (*cell == "yes")
    return true;
  if (*cell == "no")
    return false;
  problem(column, "unknown value '" + *cell + "' (expected yes or no)");
  return std::nullopt;
}

}  // namespace landpool
