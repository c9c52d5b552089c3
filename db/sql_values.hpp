#pragma once
// Binding C++ values (optionals, dates, enums) to SQLite statements and
// reading them back: one place for the mapping that every store uses.

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>

#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Statement.h>

#include "core/date.hpp"
#include "core/enums.hpp"

namespace landpool::sql {

inline void bind(SQLite::Statement& statement, int index, const std::string& value) {
  statement.bind(index, value);
}
inline void bind(SQLite::Statement& statement, int index, double value) {
  statement.bind(index, value);
}
inline void bind(SQLite::Statement& statement, int index, int value) {
  statement.bind(index, value);
}
inline void bind(SQLite::Statement& statement, int index, long value) {
  statement.bind(index, static_cast<std::int64_t>(value));
}
inline void bind(SQLite::Statement& statement, int index, const Date& value) {
  statement.bind(index, format_iso_date(value));
}
template <class Enum>
requires std::is_enum_v<Enum>
inline void bind(SQLite::Statement& statement, int index, Enum value) {
  statement.bind(index, std::string(to_string(value)));
}
template <class T>
inline void bind(SQLite::Statement& statement, int index, const std::optional<T>& value) {
  if (value) {
    bind(statement, index, *value);
  } else {
    statement.bind(index);  // NULL
  }
}

/// Binds each argument to the next parameter, runs the statement and resets it.
template <class... Values>
void insert_row(SQLite::Statement& statement, const Values&... values) {
  int index = 0;
  (bind(statement, ++index, values), ...);
  statement.exec();
  statement.reset();
}

// --- reading columns ----------------------------------------------------------

inline std::optional<std::string> optional_text(const SQLite::Column& column) {
  if (column.isNull())
    return std::nullopt;
  return column.getString();
}
inline std::optional<double> optional_double(const SQLite::Column& column) {
  if (column.isNull())
    return std::nullopt;
  return column.getDouble();
}
inline std::optional<int> optional_int(const SQLite::Column& column) {
  if (column.isNull())
    return std::nullopt;
  return column.getInt();
}
inline Date date_of(const SQLite::Column& column) {
  auto date = parse_iso_date(column.getString());
  if (!date)
    throw std::runtime_error("database holds a malformed date: " + column.getString());
  return *date;
}
inline std::optional<Date> optional_date(const SQLite::Column& column) {
  if (column.isNull())
    return std::nullopt;
  return date_of(column);
}
template <class Enum>
Enum enum_of(const SQLite::Column& column) {
  auto value = parse_enum<Enum>(column.getString());
  if (!value)
    throw std::runtime_error("database holds an unknown value: " + column.getString());
  return *value;
}
template <class Enum>
std::optional<Enum> optional_enum(const SQLite::Column& column) {
  if (column.isNull())
    return std::nullopt;
  return enum_of<Enum>(column);
}
template <class Enum>
EnumSet<Enum> enum_set_of(const SQLite::Column& column) {
  auto parsed = parse_enum_set<Enum>(column.getString());
  if (!parsed.set)
    throw std::runtime_error("database holds unknown modes: " + column.getString());
  return *parsed.set;
}

}  // namespace landpool::sql
