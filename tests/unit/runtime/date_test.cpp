#include <doctest/doctest.h>

#include "runtime/date.h"

using namespace outcomes;

static Date d(const char* s) { return *parse_iso_date(s); }

TEST_CASE("month arithmetic clamps to the last day of the month") {
  CHECK(add_months(d("2018-03-31"), -1) == d("2018-02-28"));
  CHECK(add_months(d("2016-03-31"), -1) == d("2016-02-29"));
  CHECK(add_months(d("2018-06-30"), -6) == d("2017-12-30"));
  CHECK(add_months(d("2017-08-31"), 6) == d("2018-02-28"));
  CHECK(add_months(d("2018-01-15"), -12) == d("2017-01-15"));
  CHECK(add_months(d("2018-01-15"), 13) == d("2019-02-15"));
}

TEST_CASE("parsing is strict") {
  CHECK(parse_iso_date("2018-02-29") == std::nullopt);
  CHECK(parse_iso_date("2016-02-29").has_value());
  CHECK(parse_iso_date("2018-2-01") == std::nullopt);
  CHECK(parse_iso_date("2018-02-01x") == std::nullopt);
  CHECK(parse_iso_date("") == std::nullopt);
  CHECK(format_date(d("0999-01-02")) == "0999-01-02");
}

TEST_CASE("age in completed years; 29 February birthdays fall on 1 March") {
  CHECK(age_in_years(d("2006-05-10"), d("2016-05-09")) == 9);
  CHECK(age_in_years(d("2006-05-10"), d("2016-05-10")) == 10);
  CHECK(age_in_years(d("2004-02-29"), d("2014-02-28")) == 9);
  CHECK(age_in_years(d("2004-02-29"), d("2014-03-01")) == 10);
  CHECK(age_in_years(d("2004-02-29"), d("2016-02-29")) == 12);
}

TEST_CASE("weekdays") {
  CHECK(weekday_of(d("1970-01-01")) == 3);
  CHECK(weekday_of(d("2018-06-29")) == 4);  // a Friday
  CHECK(weekday_of(d("1969-12-29")) == 0);  // a Monday
}

TEST_CASE("school terms and months") {
  Term t = *parse_term("2016-autumn");
  CHECK(term_start(t) == d("2016-09-01"));
  CHECK(term_end(t) == d("2016-12-31"));
  CHECK(format_term(t) == "2016-autumn");
  CHECK(*parse_term("2017-spring") > t);
  CHECK(term_end(*parse_term("2017-summer")) == d("2017-07-31"));
  CHECK(parse_term("2017-winter") == std::nullopt);
  Month m = *parse_month("2017-05");
  CHECK(month_start(m) == d("2017-05-01"));
  CHECK(month_of(d("2017-05-31")) == m);
  CHECK(parse_month("2017-13") == std::nullopt);
}
