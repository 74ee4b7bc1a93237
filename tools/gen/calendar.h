// Calendar arithmetic for the generator, following spec section 2. The
// generator keeps its own small copy (rather than runtime/date.h) so that it
// builds on fmt alone and stays independent of the evaluator it feeds.
#pragma once
#include <compare>
#include <cstdint>
#include <string>

namespace outcomes::gen {

// A calendar day, as days since 1970-01-01.
struct Date {
  int32_t days = 0;
  friend constexpr auto operator<=>(Date, Date) = default;
};

struct Ymd {
  int year, month, day;
};

bool is_leap_year(int year);
int days_in_month(int year, int month);
Date make_date(int year, int month, int day);
Ymd ymd_of(Date date);
int weekday_of(Date date);  // 0 = Monday ... 6 = Sunday

inline Date add_days(Date date, int64_t days) { return Date{static_cast<int32_t>(date.days + days)}; }
inline int64_t days_between(Date from, Date to) { return to.days - from.days; }
// In the window (after, until]: after the lower bound, on or before the upper.
inline bool within(Date date, Date after, Date until) { return after < date && date <= until; }
// Same day of month N months later (negative: earlier), clamped to month end.
Date add_months(Date date, int months);

// Completed years; a 29 February birthday falls on 1 March in common years.
int age_on(Date dob, Date on);
// The day someone reaches `years` (1 March for 29 February in common years).
Date birthday(Date dob, int years);

void append_date(std::string& out, Date date);  // YYYY-MM-DD

// School terms: year * 3 + season, season 0 spring, 1 summer, 2 autumn.
using Term = int32_t;
Date term_start(Term term);
Date term_end(Term term);
Term latest_term_ending_on_or_before(Date date);
void append_term(std::string& out, Term term);  // 2016-autumn

// Calendar months: year * 12 + month - 1.
using Month = int32_t;
Month month_of(Date date);
Date month_start(Month month);
void append_month(std::string& out, Month month);  // 2017-05

// Compulsory school age (spec section 2), both ends inclusive.
Date compulsory_school_start(Date dob);
Date compulsory_school_end(Date dob);
bool of_compulsory_school_age(Date dob, Date on);
// Primary phase: age on the 31 August that starts the school year holding
// `on` is 4 to 10.
bool in_primary_phase(Date dob, Date on);
// Age on that same 31 August (the school-year age).
int school_year_age(Date dob, Date on);

}  // namespace outcomes::gen
