#include "core/date.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>

#include <spdlog/fmt/chrono.h>
#include <spdlog/fmt/fmt.h>

namespace landpool {
namespace {

std::optional<int> parse_digits(std::string_view text) {
  for (char c : text) {
    if (c < '0' || c > '9')
      return std::nullopt;
  }
  int value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size())
    return std::nullopt;
  return value;
}

}  // namespace

std::optional<Date> parse_iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-')
    return std::nullopt;
  const auto year = parse_digits(text.substr(0, 4));
  const auto month = parse_digits(text.substr(5, 2));
  const auto day = parse_digits(text.substr(8, 2));
  if (!year || !month || !day)
    return std::nullopt;
  if (*year < 1900 || *year > 2200)
    return std::nullopt;
  const Date date{std::chrono::year{*year}, std::chrono::month{static_cast<unsigned>(*month)},
                  std::chrono::day{static_cast<unsigned>(*day)}};
  if (!date.ok())
    return std::nullopt;
  return date;
}

std::string format_iso_date(const Date& date) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return buffer;
}

std::string utc_timestamp_now() {
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}",
                     std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
}

Date today_utc() {
  return Date{std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
}

long days_between(const Date& from, const Date& to) {
  return static_cast<long>((std::chrono::sys_days{to} - std::chrono::sys_days{from}).count());
}

Date add_months(const Date& date, int months) {
  const auto shifted =
      date.year() / date.month() / std::chrono::day{1} + std::chrono::months{months};
  const auto last = std::chrono::year_month_day_last{shifted.year(),
                                                     std::chrono::month_day_last{shifted.month()}};
  return Date{shifted.year(), shifted.month(), std::min(date.day(), last.day())};
}

Date day_after(const Date& date) {
  return Date{std::chrono::sys_days{date} + std::chrono::days{1}};
}

std::string quarter_of(const Date& date) {
  const unsigned quarter = (static_cast<unsigned>(date.month()) - 1) / 3 + 1;
  return std::to_string(static_cast<int>(date.year())) + "Q" + std::to_string(quarter);
}

std::optional<Date> quarter_start(std::string_view quarter) {
  if (quarter.size() != 6 || quarter[4] != 'Q' || quarter[5] < '1' || quarter[5] > '4')
    return std::nullopt;
  for (std::size_t i = 0; i < 4; ++i) {
    if (quarter[i] < '0' || quarter[i] > '9')
      return std::nullopt;
  }
  const int year = std::stoi(std::string(quarter.substr(0, 4)));
  const unsigned month = 3u * static_cast<unsigned>(quarter[5] - '1') + 1u;
  return Date{std::chrono::year(year), std::chrono::month(month), std::chrono::day(1)};
}

}  // namespace landpool
