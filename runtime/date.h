// Calendar days, months, school terms and the month arithmetic of spec section 2.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace outcomes {

// A calendar day, stored as days since 1970-01-01 (proleptic Gregorian).
struct Date {
  int32_t days = 0;
  friend constexpr auto operator<=>(Date, Date) = default;
};

// The end of an interval that is still open: later than any real date.
inline constexpr Date kOpenEnd{2932896};  // 9999-12-31
inline constexpr Date kNoDate{INT32_MIN};

struct YearMonthDay {
  int year, month, day;
};

Date date_from_ymd(int year, int month, int day);  // month 1-12; no validation
YearMonthDay ymd_of(Date d);
bool is_valid_ymd(int year, int month, int day);
int days_in_month(int year, int month);
bool is_leap_year(int year);
int weekday_of(Date d);  // 0 = Monday ... 6 = Sunday

// Same day of month N months later (negative: earlier), clamped to the last
// day of the target month: 2018-03-31 - 1 month = 2018-02-28.
Date add_months(Date d, int64_t months);
Date add_days(Date d, int64_t days);

// Completed years at `on`; someone born on 29 February gains a year on
// 1 March in common years.
int age_in_years(Date dob, Date on);

std::optional<Date> parse_iso_date(std::string_view text);  // strict YYYY-MM-DD
std::string format_date(Date d);

// School terms, encoded so that later terms compare greater:
// year * 3 + season, season 0 = spring, 1 = summer, 2 = autumn.
using Term = int32_t;
std::optional<Term> parse_term(std::string_view text);  // "2016-autumn"
std::string format_term(Term t);
Date term_start(Term t);  // spring 1 Jan, summer 1 Apr, autumn 1 Sep
Date term_end(Term t);    // spring 31 Mar, summer 31 Jul, autumn 31 Dec

// Calendar months, encoded year * 12 + (month - 1).
using Month = int32_t;
std::optional<Month> parse_month(std::string_view text);  // "2017-05"
std::string format_month(Month m);
Date month_start(Month m);
Month month_of(Date d);

}  // namespace outcomes
