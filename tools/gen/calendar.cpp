#include "tools/gen/calendar.h"

#include <algorithm>

namespace outcomes::gen {
namespace {

// Howard Hinnant's days_from_civil.
int32_t days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

void append_digits(std::string& out, int value, int width) {
  char buffer[8];
  for (int i = width - 1; i >= 0; --i) {
    buffer[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  out.append(buffer, width);
}

}  // namespace

bool is_leap_year(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap_year(y) ? 29 : kDays[m - 1];
}

Date make_date(int y, int m, int d) { return Date{days_from_civil(y, m, d)}; }

Ymd ymd_of(Date date) {
  const int z = date.days + 719468;
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

int weekday_of(Date date) {
  const int w = (date.days + 3) % 7;  // 1970-01-01 was a Thursday
  return w < 0 ? w + 7 : w;
}

Date add_months(Date date, int months) {
  const Ymd p = ymd_of(date);
  const int total = p.year * 12 + (p.month - 1) + months;
  const int y = total / 12;
  const int m = total % 12 + 1;
  return make_date(y, m, std::min(p.day, days_in_month(y, m)));
}

int age_on(Date dob, Date on) {
  const Ymd b = ymd_of(dob), o = ymd_of(on);
  int age = o.year - b.year;
  if (o.month < b.month || (o.month == b.month && o.day < b.day)) --age;
  return age;
}

Date birthday(Date dob, int years) {
  const Ymd b = ymd_of(dob);
  const int y = b.year + years;
  if (b.month == 2 && b.day == 29 && !is_leap_year(y)) return make_date(y, 3, 1);
  return make_date(y, b.month, b.day);
}

void append_date(std::string& out, Date date) {
  const Ymd p = ymd_of(date);
  append_digits(out, p.year, 4);
  out += '-';
  append_digits(out, p.month, 2);
  out += '-';
  append_digits(out, p.day, 2);
}

Date term_start(Term term) {
  static constexpr int kStartMonth[] = {1, 4, 9};
  return make_date(term / 3, kStartMonth[term % 3], 1);
}

Date term_end(Term term) {
  static constexpr int kEndMonth[] = {3, 7, 12};
  static constexpr int kEndDay[] = {31, 31, 31};
  return make_date(term / 3, kEndMonth[term % 3], kEndDay[term % 3]);
}

Term latest_term_ending_on_or_before(Date date) {
  const Ymd p = ymd_of(date);
  Term candidate = p.year * 3 + 2;  // this year's autumn
  while (term_end(candidate) > date) --candidate;
  return candidate;
}

void append_term(std::string& out, Term term) {
  static constexpr const char* kSeasons[] = {"spring", "summer", "autumn"};
  append_digits(out, term / 3, 4);
  out += '-';
  out += kSeasons[term % 3];
}

Month month_of(Date date) {
  const Ymd p = ymd_of(date);
  return p.year * 12 + p.month - 1;
}

Date month_start(Month month) { return make_date(month / 12, month % 12 + 1, 1); }

void append_month(std::string& out, Month month) {
  append_digits(out, month / 12, 4);
  out += '-';
  append_digits(out, month % 12 + 1, 2);
}

Date compulsory_school_start(Date dob) {
  const Date fifth = birthday(dob, 5);
  const int y = ymd_of(fifth).year;
  for (Date candidate : {make_date(y, 3, 31), make_date(y, 8, 31), make_date(y, 12, 31)})
    if (candidate >= fifth) return candidate;
  return make_date(y + 1, 3, 31);  // unreachable: 31 Dec is always on or after
}

Date compulsory_school_end(Date dob) {
  const Ymd sixteenth = ymd_of(birthday(dob, 16));
  // The school year runs 1 Sep - 31 Aug; its June is in the later calendar year.
  const int june_year = sixteenth.month >= 9 ? sixteenth.year + 1 : sixteenth.year;
  Date last_friday = make_date(june_year, 6, 30);
  while (weekday_of(last_friday) != 4) last_friday = add_days(last_friday, -1);
  return last_friday;
}

bool of_compulsory_school_age(Date dob, Date on) {
  return compulsory_school_start(dob) <= on && on <= compulsory_school_end(dob);
}

int school_year_age(Date dob, Date on) {
  const Ymd p = ymd_of(on);
  const int year = p.month <= 8 ? p.year - 1 : p.year;
  return age_on(dob, make_date(year, 8, 31));
}

bool in_primary_phase(Date dob, Date on) {
  const int age = school_year_age(dob, on);
  return age >= 4 && age <= 10;
}

}  // namespace outcomes::gen
