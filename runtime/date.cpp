#include "runtime/date.h"

#include <fmt/format.h>

namespace outcomes {
namespace {

// Howard Hinnant's days_from_civil / civil_from_days.
int32_t days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

bool all_digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}

int to_int(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

}  // namespace

bool is_leap_year(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap_year(y) ? 29 : kDays[m - 1];
}

bool is_valid_ymd(int y, int m, int d) {
  return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

Date date_from_ymd(int y, int m, int d) { return Date{days_from_civil(y, m, d)}; }

YearMonthDay ymd_of(Date date) {
  int z = date.days + 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int y = static_cast<int>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2), static_cast<int>(m), static_cast<int>(d)};
}

int weekday_of(Date d) {
  // 1970-01-01 was a Thursday (3 when Monday is 0).
  int w = (d.days + 3) % 7;
  return w < 0 ? w + 7 : w;
}

Date add_months(Date d, int64_t months) {
  if (d == kOpenEnd) return d;
  // Past every representable year either way: clamp before the sum below can overflow.
  constexpr int64_t kMonthsSpan = int64_t{12} * 10000;
  if (months > kMonthsSpan) return kOpenEnd;
  if (months < -kMonthsSpan) return Date{days_from_civil(1, 1, 1)};
  YearMonthDay p = ymd_of(d);
  int64_t total = static_cast<int64_t>(p.year) * 12 + (p.month - 1) + months;
  int64_t y = total >= 0 ? total / 12 : (total - 11) / 12;
  int m = static_cast<int>(total - y * 12) + 1;
  if (y < 1) return Date{days_from_civil(1, 1, 1)};
  if (y > 9999) return kOpenEnd;
  int day = std::min(p.day, days_in_month(static_cast<int>(y), m));
  return date_from_ymd(static_cast<int>(y), m, day);
}

Date add_days(Date d, int64_t days) {
  if (d == kOpenEnd) return d;
  int64_t v;
  if (__builtin_add_overflow(int64_t{d.days}, days, &v)) return days > 0 ? kOpenEnd : Date{days_from_civil(1, 1, 1)};
  if (v > kOpenEnd.days) return kOpenEnd;
  if (v < days_from_civil(1, 1, 1)) return Date{days_from_civil(1, 1, 1)};
  return Date{static_cast<int32_t>(v)};
}

int age_in_years(Date dob, Date on) {
  YearMonthDay b = ymd_of(dob), o = ymd_of(on);
  int age = o.year - b.year;
  // Born 29 Feb: in a common year the birthday is taken as 1 March.
  int bm = b.month, bd = b.day;
  if (bm == 2 && bd == 29 && !is_leap_year(o.year)) bm = 3, bd = 1;
  if (o.month < bm || (o.month == bm && o.day < bd)) --age;
  return age;
}

std::optional<Date> parse_iso_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto ys = s.substr(0, 4), ms = s.substr(5, 2), ds = s.substr(8, 2);
  if (!all_digits(ys) || !all_digits(ms) || !all_digits(ds)) return std::nullopt;
  int y = to_int(ys), m = to_int(ms), d = to_int(ds);
  if (!is_valid_ymd(y, m, d)) return std::nullopt;
  return date_from_ymd(y, m, d);
}

std::string format_date(Date d) {
  if (d == kOpenEnd) return "open";
  YearMonthDay p = ymd_of(d);
  return fmt::format("{:04}-{:02}-{:02}", p.year, p.month, p.day);
}

static constexpr std::string_view kSeasons[] = {"spring", "summer", "autumn"};

std::optional<Term> parse_term(std::string_view s) {
  if (s.size() < 6 || s[4] != '-' || !all_digits(s.substr(0, 4))) return std::nullopt;
  int y = to_int(s.substr(0, 4));
  if (y < 1) return std::nullopt;
  for (int i = 0; i < 3; ++i)
    if (s.substr(5) == kSeasons[i]) return y * 3 + i;
  return std::nullopt;
}

std::string format_term(Term t) { return fmt::format("{:04}-{}", t / 3, kSeasons[t % 3]); }

Date term_start(Term t) {
  static constexpr int kStartMonth[] = {1, 4, 9};
  return date_from_ymd(t / 3, kStartMonth[t % 3], 1);
}

Date term_end(Term t) {
  static constexpr int kEndMonth[] = {3, 7, 12};
  static constexpr int kEndDay[] = {31, 31, 31};
  return date_from_ymd(t / 3, kEndMonth[t % 3], kEndDay[t % 3]);
}

std::optional<Month> parse_month(std::string_view s) {
  if (s.size() != 7 || s[4] != '-' || !all_digits(s.substr(0, 4)) || !all_digits(s.substr(5)))
    return std::nullopt;
  int y = to_int(s.substr(0, 4)), m = to_int(s.substr(5));
  if (y < 1 || m < 1 || m > 12) return std::nullopt;
  return y * 12 + (m - 1);
}

std::string format_month(Month m) { return fmt::format("{:04}-{:02}", m / 12, m % 12 + 1); }

Date month_start(Month m) { return date_from_ymd(m / 12, m % 12 + 1, 1); }

Month month_of(Date d) {
  YearMonthDay p = ymd_of(d);
  return p.year * 12 + (p.month - 1);
}

}  // namespace outcomes
