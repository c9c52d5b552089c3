#pragma once
// Calendar dates as the input contract writes them: YYYY-MM-DD.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace landpool {

using Date = std::chrono::year_month_day;

/// Parses a strict ISO date "YYYY-MM-DD" that exists in the calendar
/// (2024-02-29 yes, 2023-02-29 no). Years 1900–2200 only: anything else in
/// land data is a typing error.
std::optional<Date> parse_iso_date(std::string_view text);

/// "YYYY-MM-DD".
std::string format_iso_date(const Date& date);

/// Now in UTC as ISO 8601 to the second: "2026-11-28T09:15:00Z".
std::string utc_timestamp_now();

/// Today's date in UTC.
Date today_utc();

/// Whole days from `from` to `to` (negative when `to` is earlier).
long days_between(const Date& from, const Date& to);

/// The same day `months` later, clamped to the month's last day (Jan 31 + 1 = Feb 28/29).
Date add_months(const Date& date, int months);

/// The next day.
Date day_after(const Date& date);

/// The calendar quarter of a date: "2026Q4".
std::string quarter_of(const Date& date);

/// The first day of a quarter written "2026Q4"; nullopt for anything else.
std::optional<Date> quarter_start(std::string_view quarter);

}  // namespace landpool
