// The VM, end to end: small plans compiled with compile_text and evaluated
// over families read from JSON lines by the cohort loader, using the
// compiled program's schema. Covers Kleene logic, month arithmetic and
// windows, latest / earliest, first / last N, sums over optional numbers,
// interval tests and measures, memoised definitions and evaluation errors.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <map>
#include <string>
#include <vector>

#include "compiler/driver.h"
#include "runtime/loader.h"
#include "runtime/vm.h"

using namespace outcomes;

namespace {

Date d(const char* iso) {
  auto date = parse_iso_date(iso);
  REQUIRE(date);
  return *date;
}

constexpr const char* kMembers =
    R"([{"id": "M1", "role": "adult", "dob": "1985-03-02", "parenting": true},)"
    R"( {"id": "C1", "role": "child", "dob": "2006-05-10"},)"
    R"( {"id": "C2", "role": "child", "dob": "2010-09-01"}])";

std::string family_json(const std::string& events, const std::string& assessed = "2018-01-15",
                        const std::string& id = "F1") {
  return R"({"id": ")" + id + R"(", "assessment_date": ")" + assessed + R"(", "members": )" + kMembers +
         R"(, "events": [)" + events + "]}";
}

// A compiled plan, a VM for it, and families read with its schema.
struct Plan {
  std::unique_ptr<Compilation> compilation;
  std::unique_ptr<Vm> check_vm;  // runs the schema's event checks while loading
  std::unique_ptr<Vm> vm;

  explicit Plan(const std::string& text) {
    compilation = compile_text("vm.plan", text);
    INFO(render_all(compilation->diagnostics, compilation->sources));
    REQUIRE(compilation->ok());
    check_vm = std::make_unique<Vm>(*compilation->program);
    bind_event_checks(*compilation->program, *check_vm);
    vm = std::make_unique<Vm>(*compilation->program);
  }

  const Program& program() const { return *compilation->program; }

  Family family(const std::string& events, const std::string& assessed = "2018-01-15") {
    std::vector<LoadIssue> issues;
    CohortReader reader(program().schema, "test.jsonl", [&](const LoadIssue& i) { issues.push_back(i); });
    Family f;
    std::string line = family_json(events, assessed);
    auto outcome = reader.parse_line(line, 1, f);
    for (const LoadIssue& i : issues) MESSAGE(render_load_issue(i));
    REQUIRE(outcome == CohortReader::Outcome::Accepted);
    return f;
  }

  int function(const std::string& name) const {
    for (size_t i = 0; i < program().functions.size(); ++i)
      if (program().functions[i].name == name) return static_cast<int>(i);
    FAIL("no function " << name);
    return -1;
  }

  Evaluation evaluate(const Family& f, const char* as_of = "2018-06-30") {
    Evaluation ev;
    vm->evaluate(f, d(as_of), ev);
    return ev;
  }

  // The value of the definition `name` (no parameters) for the family.
  Value value(const Family& f, const std::string& name, const char* as_of = "2018-06-30") {
    evaluate(f, as_of);
    return vm->call(function(name));
  }

  int64_t result(const Evaluation& ev, const std::string& name) const {
    int r = program().result_index(name);
    REQUIRE(r >= 0);
    return ev.results[r].a;
  }
};

std::string event(const std::string& type, const std::string& member, const std::string& fields) {
  std::string s = R"({"type": ")" + type + "\"";
  if (!member.empty()) s += R"(, "member": ")" + member + "\"";
  if (!fields.empty()) s += ", " + fields;
  return s + "}";
}

std::string offence(const char* member, const char* date) {
  return event("offence", member, std::string(R"("date": ")") + date + "\"");
}

std::string interval(const char* type, const char* member, const char* start, const char* end,
                     const std::string& more = "") {
  std::string fields = std::string(R"("start": ")") + start + "\", \"end\": " +
                       (end ? "\"" + std::string(end) + "\"" : std::string("null"));
  if (!more.empty()) fields += ", " + more;
  return event(type, member, fields);
}

constexpr int64_t kMet = 1, kNotMet = 0, kUnknown = 2;

}  // namespace

// ---- Kleene logic ------------------------------------------------------------------

TEST_CASE("Kleene logic: unknown and false = false, unknown or true = true") {
  Plan p(R"(
def u_and_f -> Verdict = unknown and false
def f_and_u -> Verdict = false and unknown
def u_and_t -> Verdict = unknown and true
def u_and_u -> Verdict = unknown and unknown
def u_or_t -> Verdict = unknown or true
def t_or_u -> Verdict = true or unknown
def u_or_f -> Verdict = unknown or false
def not_u -> Verdict = not unknown
def not_t -> Verdict = not true
def measured_unknown -> Verdict = percent(1, 0) < 10%
def measured_known -> Verdict = percent(1, 20) < 10%
def measured_and_false -> Verdict = percent(1, 0) < 10% and count offence > 5
def measured_or_true -> Verdict = percent(1, 0) < 10% or count offence == 0
)");
  Family f = p.family("");
  CHECK(p.value(f, "u_and_f").a == kNotMet);
  CHECK(p.value(f, "f_and_u").a == kNotMet);
  CHECK(p.value(f, "u_and_t").a == kUnknown);
  CHECK(p.value(f, "u_and_u").a == kUnknown);
  CHECK(p.value(f, "u_or_t").a == kMet);
  CHECK(p.value(f, "t_or_u").a == kMet);
  CHECK(p.value(f, "u_or_f").a == kUnknown);
  CHECK(p.value(f, "not_u").a == kUnknown);
  CHECK(p.value(f, "not_t").a == kNotMet);
  CHECK(p.value(f, "measured_unknown").a == kUnknown);
  CHECK(p.value(f, "measured_known").a == kMet);
  CHECK(p.value(f, "measured_and_false").a == kNotMet);
  CHECK(p.value(f, "measured_or_true").a == kMet);
}

TEST_CASE("Kleene quantifiers: every, some, any and no over unknown conditions") {
  Plan p(R"(
def unknown_for(m: Member) -> Verdict = if m.role == child then percent(1, 0) < 10% else true
def every_unknown -> Verdict = every m in members satisfies unknown_for(m)
def every_false -> Verdict = every m in members satisfies unknown_for(m) and m.role == adult
def some_unknown -> Verdict = some m in members satisfies unknown_for(m) and m.role == child
def some_true -> Verdict = some m in members satisfies unknown_for(m)
def any_unknown -> Verdict = any m in members where unknown_for(m) and m.role == child
def no_unknown -> Verdict = no m in members where unknown_for(m) and m.role == child
def any_true -> Verdict = any m in members where unknown_for(m)
def every_empty -> Bool = every o in offence satisfies false
def any_empty -> Bool = any offence
)");
  Family f = p.family("");
  CHECK(p.value(f, "every_unknown").a == kUnknown);
  CHECK(p.value(f, "every_false").a == kNotMet);
  CHECK(p.value(f, "some_unknown").a == kUnknown);
  CHECK(p.value(f, "some_true").a == kMet);
  CHECK(p.value(f, "any_unknown").a == kUnknown);
  CHECK(p.value(f, "no_unknown").a == kUnknown);
  CHECK(p.value(f, "any_true").a == kMet);
  CHECK(p.value(f, "every_empty").a == 1);
  CHECK(p.value(f, "any_empty").a == 0);
}

TEST_CASE("indicators: presenting collapses unknown to false, progress keeps it; strands and claims follow") {
  Plan p(R"(
strand s "S" {
  indicator 1.1 { presents when percent(1, 0) < 10% progress when true }
  indicator 1.2 { presents when true progress when percent(1, 0) < 10% }
  indicator 1.3 { presents when count offence > 0 progress when false }
}
strand t "T" {
  indicator 2.1 { presents when true progress when true }
}
result n = count offence
claim k "K" {
  condition unknown_one "U" when progress(s)
  condition met_one "M" when progress(t)
}
claim invalid "I" {
  condition unknown_one "U" when progress(s)
  condition false_one "F" when count offence > 0
  discretion "D" when count offence == 0
}
)");
  const Program& prog = p.program();
  Family none = p.family("");
  Evaluation ev = p.evaluate(none);
  CHECK(ev.presenting[prog.indicator_index("1.1")] == 0);
  CHECK(ev.presenting[prog.indicator_index("1.2")] == 1);
  CHECK(ev.progress[prog.indicator_index("1.2")] == kUnknown);
  CHECK(ev.presenting[prog.indicator_index("1.3")] == 0);
  CHECK(ev.strand_presenting[prog.strand_index("s")] == 1);
  CHECK(ev.strand_progress[prog.strand_index("s")] == kUnknown);
  CHECK(ev.strand_progress[prog.strand_index("t")] == kMet);
  CHECK(p.result(ev, "k") == static_cast<int64_t>(ClaimVerdict::InsufficientData));
  // false and unknown is false; the discretion then applies.
  CHECK(p.result(ev, "invalid") == static_cast<int64_t>(ClaimVerdict::ValidDiscretionary));

  Family one = p.family(offence("C1", "2017-05-01"));
  ev = p.evaluate(one);
  CHECK(ev.presenting[prog.indicator_index("1.3")] == 1);
  CHECK(ev.progress[prog.indicator_index("1.3")] == kNotMet);
  CHECK(ev.strand_progress[prog.strand_index("s")] == kNotMet);  // not_met and unknown
  CHECK(p.result(ev, "k") == static_cast<int64_t>(ClaimVerdict::Invalid));
  CHECK(p.result(ev, "invalid") == static_cast<int64_t>(ClaimVerdict::Invalid));
  CHECK(p.result(ev, "n") == 1);
}

TEST_CASE("and / or stop early: the right side is not evaluated when the left decides") {
  Plan p(R"(
def f_and_div -> Bool = false and 1 / count offence > 0
def t_or_div -> Bool = true or 1 / count offence > 0
)");
  Family f = p.family("");
  CHECK(p.value(f, "f_and_div").a == 0);
  CHECK(p.value(f, "t_or_div").a == 1);
}

// ---- dates and windows -------------------------------------------------------------

TEST_CASE("month arithmetic clamps to the end of the month") {
  Plan p(R"(
def end_of_march_less_a_month -> Date = date(2018, 3, 31) - 1 month
def leap_day_plus_a_year -> Date = date(2016, 2, 29) + 12 months
def leap_day_plus_years -> Date = date(2016, 2, 29) + 4 years
def jan_31_plus_one_then_one -> Date = date(2018, 1, 31) + 1 month + 1 month
def jan_31_plus_two -> Date = date(2018, 1, 31) + 2 months
def weeks_and_days -> Date = date(2018, 1, 1) + 2 weeks - 1 day
def a_less_six_months -> Date = A - 6 months
def make_date_clamps -> Date = date(2017, 2, 31)
)");
  Family f = p.family("", "2018-08-31");
  CHECK(p.value(f, "end_of_march_less_a_month").a == d("2018-02-28").days);
  CHECK(p.value(f, "leap_day_plus_a_year").a == d("2017-02-28").days);
  CHECK(p.value(f, "leap_day_plus_years").a == d("2020-02-29").days);
  CHECK(p.value(f, "jan_31_plus_one_then_one").a == d("2018-03-28").days);
  CHECK(p.value(f, "jan_31_plus_two").a == d("2018-03-31").days);
  CHECK(p.value(f, "weeks_and_days").a == d("2018-01-14").days);
  CHECK(p.value(f, "a_less_six_months").a == d("2018-02-28").days);
  CHECK(p.value(f, "make_date_clamps").a == d("2017-02-28").days);
}

TEST_CASE("`last N months before D` excludes its lower bound and includes D") {
  Plan p(R"(
def in_last_year -> Int = count offence where date in last 12 months before A
def in_written_window -> Int = count offence where date in (A - 12 months, A]
def in_closed_window -> Int = count offence where date in [A - 12 months, A]
def in_half_open -> Int = count offence where date in [A - 12 months, A)
def after_a -> Int = count offence where date in (A, C]
def last_month -> Int = count offence where date in last 1 month before 2018-03-31
)");
  Family f = p.family(offence("C1", "2017-06-30") + "," + offence("C1", "2017-07-01") + "," +
                          offence("C1", "2018-06-30") + "," + offence("M1", "2018-07-01") + "," +
                          offence("M1", "2018-02-28") + "," + offence("M1", "2018-03-31"),
                      "2018-06-30");
  CHECK(p.value(f, "in_last_year", "2018-07-01").a == 4);  // 2017-07-01, 2018-02-28, 2018-03-31, 2018-06-30
  CHECK(p.value(f, "in_written_window", "2018-07-01").a == 4);
  CHECK(p.value(f, "in_closed_window", "2018-07-01").a == 5);
  CHECK(p.value(f, "in_half_open", "2018-07-01").a == 4);
  CHECK(p.value(f, "after_a", "2018-07-01").a == 1);
  CHECK(p.value(f, "after_a", "2018-06-30").a == 0);
  // (2018-02-28, 2018-03-31]: 31 March less a month is 28 February, excluded.
  CHECK(p.value(f, "last_month").a == 1);
}

// ---- latest, earliest, first and last --------------------------------------------

TEST_CASE("latest and earliest follow dates, not input order; none gives an absent value") {
  Plan p(R"(
def latest_date -> Date? = (latest offence).date
def earliest_date -> Date? = (earliest offence).date
def latest_before_june -> Date? = (latest offence where date < 2017-06-01).date
def latest_by_child -> Date? = (latest offence where member.role == child).date
def none_after -> Bool = present(latest offence where date > 2018-01-01)
def none_after_date -> Date? = (latest offence where date > 2018-01-01).date
def none_after_or -> Date = (latest offence where date > 2018-01-01).date ?? A
)");
  Family f = p.family(offence("C1", "2017-01-05") + "," + offence("M1", "2017-11-20") + "," +
                      offence("C2", "2016-03-01") + "," + offence("M1", "2017-05-31"));
  CHECK(p.value(f, "latest_date").a == d("2017-11-20").days);
  CHECK(p.value(f, "earliest_date").a == d("2016-03-01").days);
  CHECK(p.value(f, "latest_before_june").a == d("2017-05-31").days);
  CHECK(p.value(f, "latest_by_child").a == d("2017-01-05").days);
  CHECK(p.value(f, "none_after").a == 0);
  CHECK(p.value(f, "none_after_date").a == kAbsent);
  CHECK(p.value(f, "none_after_or").a == d("2018-01-15").days);
}

TEST_CASE("first N and last N take from the ends of the list in date order") {
  Plan p(R"(
def last_two_from -> Date? = (earliest (last 2 of offence)).date
def last_two_to -> Date? = (latest (last 2 of offence)).date
def first_two_to -> Date? = (latest (first 2 of offence)).date
def last_two_count -> Int = count (last 2 of offence)
def last_ten_count -> Int = count (last 10 of offence)
def first_none -> Int = count (first 0 of offence)
def last_two_filtered -> Date? = (earliest (last 2 of offence where member.role == adult)).date
def last_children -> Int = count (last 1 of (each m in members where m.role == child))
)");
  Family f = p.family(offence("C1", "2017-04-01") + "," + offence("M1", "2017-01-01") + "," +
                      offence("M1", "2017-03-01") + "," + offence("C2", "2017-02-01"));
  CHECK(p.value(f, "last_two_from").a == d("2017-03-01").days);
  CHECK(p.value(f, "last_two_to").a == d("2017-04-01").days);
  CHECK(p.value(f, "first_two_to").a == d("2017-02-01").days);
  CHECK(p.value(f, "last_two_count").a == 2);
  CHECK(p.value(f, "last_ten_count").a == 4);
  CHECK(p.value(f, "first_none").a == 0);
  CHECK(p.value(f, "last_two_filtered").a == d("2017-01-01").days);
  CHECK(p.value(f, "last_children").a == 1);
}

TEST_CASE("a quantifier inside another's list or count keeps its own locals") {
  // The inner quantifiers run after the outer one has set its running result;
  // they must not share its locals.
  Plan p(R"(
def nested_take -> Int = count (last (count erjr) of offence)
def nested_if -> Int = count (if every o in offence satisfies true then offence else last 1 of offence)
def nested_sum -> Int = sum 1 of (if (sum 2 of erjr) > 0 then offence else offence)
def nested_any -> Bool = every o in (if any erjr then offence else offence) satisfies o.date > 2000-01-01
)");
  Family f = p.family(offence("C1", "2017-01-01") + "," + offence("C1", "2017-02-01") + "," +
                      offence("C1", "2017-03-01") + "," + event("erjr", "C1", R"("date": "2017-01-01")"));
  CHECK(p.value(f, "nested_take").a == 1);
  CHECK(p.value(f, "nested_if").a == 3);
  CHECK(p.value(f, "nested_sum").a == 3);
  CHECK(p.value(f, "nested_any").a == 1);
}

TEST_CASE("membership tests keep their own locals too") {
  Plan p(R"(
def offender_is_child -> Bool = (latest offence).member in children
def offender_is_listed -> Bool = (latest offence).member in (each m in members where m.role == child)
def count_in_set -> Bool = (count erjr) in {2, count offence, 1}
)");
  Family f = p.family(offence("M1", "2017-01-01") + "," + offence("C1", "2017-02-01") + "," +
                      offence("C2", "2017-03-01") + "," + event("erjr", "C1", R"("date": "2017-01-01")"));
  CHECK(p.value(f, "offender_is_child").a == 1);
  CHECK(p.value(f, "offender_is_listed").a == 1);
  CHECK(p.value(f, "count_in_set").a == 1);
  Family adult = p.family(offence("M1", "2017-04-01") + "," + offence("C1", "2017-02-01"));
  CHECK(p.value(adult, "offender_is_child").a == 0);
  CHECK(p.value(adult, "offender_is_listed").a == 0);
}

TEST_CASE("membership in a set of numbers or percentages compares their values") {
  Plan p(R"(
def percent_in -> Bool = 20% in {10%, 30%}
def percent_in_equal -> Bool = 10% in {2%, 5% + 5%}
def number_in -> Bool = 1.5 in {0.5, 2}
def number_in_int -> Bool = 3 / 1 in {1, 3}
def term_in -> Bool = 2016-autumn in {2016-spring, 2016-autumn}
def int_in -> Bool = year_of(A) in {2017, 2018}
)");
  Family f = p.family("");
  CHECK(p.value(f, "percent_in").a == 0);
  CHECK(p.value(f, "percent_in_equal").a == 1);
  CHECK(p.value(f, "number_in").a == 0);
  CHECK(p.value(f, "number_in_int").a == 1);
  CHECK(p.value(f, "term_in").a == 1);
  CHECK(p.value(f, "int_in").a == 1);
}

// ---- sums ---------------------------------------------------------------------

TEST_CASE("sum over optional numbers: an absent value adds nothing") {
  Plan p(R"(
def all_days -> Number = sum days of exclusion
def permanent_days -> Number = sum days of exclusion where kind == permanent
def last_two_days -> Number = sum days of (last 2 of exclusion)
def sessions -> Int = sum possible_sessions of attendance
def missed -> Int = sum (authorised_absence + unauthorised_absence) of attendance
)");
  auto exclusion = [](const char* date, const char* kind, const char* days) {
    std::string fields = std::string(R"("date": ")") + date + R"(", "kind": ")" + kind + "\"";
    if (days) fields += std::string(R"(, "days": )") + days;
    return event("exclusion", "C1", fields);
  };
  auto attendance = [](const char* term, int possible, int authorised, int unauthorised) {
    return event("attendance", "C1",
                 std::string(R"("term": ")") + term + R"(", "possible_sessions": )" + std::to_string(possible) +
                     R"(, "authorised_absence": )" + std::to_string(authorised) + R"(, "unauthorised_absence": )" +
                     std::to_string(unauthorised));
  };
  Family f = p.family(exclusion("2017-01-10", "fixed", "2") + "," + exclusion("2017-02-10", "fixed", "3") + "," +
                      exclusion("2017-03-10", "permanent", nullptr) + "," +
                      exclusion("2017-04-10", "fixed", "4.5") + "," + attendance("2016-autumn", 140, 4, 20) + "," +
                      attendance("2017-spring", 100, 1, 2));
  Value all = p.value(f, "all_days");
  CHECK(all.a == 19);  // 2 + 3 + 4.5, exactly
  CHECK(all.b == 2);
  Value none = p.value(f, "permanent_days");
  CHECK(none.a == 0);
  CHECK(none.b == 1);
  Value last_two = p.value(f, "last_two_days");
  CHECK(last_two.a == 9);
  CHECK(last_two.b == 2);
  CHECK(p.value(f, "sessions").a == 240);
  CHECK(p.value(f, "missed").a == 27);

  Family empty = p.family("");
  CHECK(p.value(empty, "all_days").a == 0);
  CHECK(p.value(empty, "sessions").a == 0);
}

TEST_CASE("Star scores: a domain not scored is absent; the mean of no reading is absent") {
  Plan p(R"(
def latest_work -> Int? = (latest star_reading).scores[progress_to_work]
def latest_home -> Int? = (latest star_reading).scores[home_and_money]
def latest_mean -> Number? = mean((latest star_reading).scores)
def has_mean -> Bool = present(mean((latest star_reading).scores))
def first_mean_low -> Bool = mean((earliest star_reading).scores) < 7
def scored -> Int? = count_scored((latest star_reading).scores)
)");
  Family none = p.family("");
  CHECK(p.value(none, "latest_work").a == kAbsent);
  CHECK(p.value(none, "latest_mean").a == kAbsent);
  CHECK(p.value(none, "has_mean").a == 0);
  CHECK(p.value(none, "first_mean_low").a == 0);
  Family one = p.family(event("star_reading", "", R"("date": "2017-10-01", "scores": {"progress_to_work": 4, "physical_health": 7})"));
  CHECK(p.value(one, "latest_work").a == 4);
  CHECK(p.value(one, "latest_home").a == kAbsent);
  Value mean = p.value(one, "latest_mean");
  CHECK(mean.a == 11);
  CHECK(mean.b == 2);
  CHECK(p.value(one, "has_mean").a == 1);
  CHECK(p.value(one, "first_mean_low").a == 1);
  CHECK(p.value(one, "scored").a == 2);

  // The loader keeps scores 1 to 10, but the VM must not trust that: a sum
  // of scores too large for 64 bits is an evaluation error, not a wrapped
  // (undefined) sum. Found by UBSan on a test that wrote slots directly.
  Family huge = one;
  int written = 0;
  for (int64_t& slot : huge.slots)
    if (slot == 4 || slot == 7) slot = INT64_MAX - 1, ++written;
  REQUIRE(written == 2);
  CHECK_THROWS_WITH_AS(p.value(huge, "latest_mean"), doctest::Contains("grew too large"), EvaluationError);
  CHECK(p.value(huge, "scored").a == 2);
}

// ---- intervals -----------------------------------------------------------------

TEST_CASE("an interval is active from its start to its end, both included; an open end never ends") {
  Plan p(R"(
def active_on(on: Date) -> Int = count cin where it active at on
def closed_end -> Int = active_on(2017-06-30)
def day_after -> Int = active_on(2017-07-01)
def first_day -> Int = active_on(2017-01-01)
def day_before -> Int = active_on(2016-12-31)
def far_future -> Int = active_on(2030-01-01)
)");
  Family f = p.family(interval("cin", "C1", "2017-01-01", "2017-06-30", R"("reason": "other")") + "," +
                      interval("cin", "C2", "2018-01-01", nullptr, R"("reason": "disability")"));
  CHECK(p.value(f, "closed_end").a == 1);
  CHECK(p.value(f, "day_after").a == 0);
  CHECK(p.value(f, "first_day").a == 1);
  CHECK(p.value(f, "day_before").a == 0);
  CHECK(p.value(f, "far_future").a == 1);
}

TEST_CASE("an interval overlaps a window when they share a day") {
  Plan p(R"(
def open_low -> Int = count cin where it overlaps (2017-06-30, 2017-12-31]
def closed_low -> Int = count cin where it overlaps [2017-06-30, 2017-12-31]
def reaches_open -> Int = count cin where it overlaps (2017-12-31, 2018-01-01]
def open_high -> Int = count cin where it overlaps [2016-01-01, 2017-01-01)
def closed_high -> Int = count cin where it overlaps [2016-01-01, 2017-01-01]
def last_year -> Int = count cin where it overlaps last 12 months before C
)");
  Family f = p.family(interval("cin", "C1", "2017-01-01", "2017-06-30", R"("reason": "other")") + "," +
                      interval("cin", "C2", "2018-01-01", nullptr, R"("reason": "other")"));
  CHECK(p.value(f, "open_low").a == 0);
  CHECK(p.value(f, "closed_low").a == 1);
  CHECK(p.value(f, "reaches_open").a == 1);
  CHECK(p.value(f, "open_high").a == 0);
  CHECK(p.value(f, "closed_high").a == 1);
  CHECK(p.value(f, "last_year", "2018-06-30").a == 1);
  CHECK(p.value(f, "last_year", "2018-07-01").a == 1);  // the open one
}

TEST_CASE("longest_run merges adjoining and overlapping intervals and clips them to the window") {
  Plan p(R"(
def whole_year -> Int = longest_run(employment, [2018-01-01, 2018-12-31])
def january_from_5th -> Int = longest_run(employment, [2018-01-05, 2018-01-31])
def february_clipped -> Int = longest_run(employment, (2018-02-05, 2018-02-20])
def march -> Int = longest_run(employment, [2018-03-01, 2018-03-31])
def june_open -> Int = longest_run(employment, [2018-06-01, 2018-06-30])
def nothing -> Int = longest_run(employment, [2017-01-01, 2017-12-31])
)");
  Family f = p.family(interval("employment", "M1", "2018-01-01", "2018-01-10") + "," +
                      interval("employment", "M1", "2018-01-11", "2018-01-20") + "," +  // adjoins: one run of 20
                      interval("employment", "M1", "2018-02-10", "2018-02-25") + "," +
                      interval("employment", "M1", "2018-02-01", "2018-02-15") + "," +  // overlaps: one run of 25
                      interval("employment", "M1", "2018-03-01", "2018-03-05") + "," +
                      interval("employment", "M1", "2018-03-07", "2018-03-10") + "," +  // a day's gap: 5 and 4
                      interval("employment", "M1", "2018-06-10", nullptr));
  CHECK(p.value(f, "whole_year").a == 205);  // 2018-06-10 to 2018-12-31, still open
  CHECK(p.value(f, "january_from_5th").a == 16);
  CHECK(p.value(f, "february_clipped").a == 15);
  CHECK(p.value(f, "march").a == 5);
  CHECK(p.value(f, "june_open").a == 21);
  CHECK(p.value(f, "nothing").a == 0);
}

TEST_CASE("best_covered: the most days covered in any span of N days inside the window") {
  Plan p(R"(
def march_10 -> Int = best_covered(employment, 10, [2018-03-01, 2018-03-31])
def january_30 -> Int = best_covered(employment, 30, [2018-01-01, 2018-01-31])
def span_longer_than_window -> Int = best_covered(employment, 40, [2018-01-01, 2018-01-31])
def quarter_20 -> Int = best_covered(employment, 20, [2018-01-01, 2018-03-31])
def quarter_60 -> Int = best_covered(employment, 60, [2018-01-01, 2018-03-31])
def edge -> Int = best_covered(employment, 5, [2018-01-18, 2018-01-31])
)");
  Family f = p.family(interval("employment", "M1", "2018-01-01", "2018-01-10") + "," +
                      interval("employment", "M1", "2018-01-11", "2018-01-20") + "," +
                      interval("employment", "M1", "2018-02-01", "2018-02-15") + "," +
                      interval("employment", "M1", "2018-02-10", "2018-02-25") + "," +
                      interval("employment", "M1", "2018-03-01", "2018-03-05") + "," +
                      interval("employment", "M1", "2018-03-07", "2018-03-10"));
  CHECK(p.value(f, "march_10").a == 9);
  CHECK(p.value(f, "january_30").a == 20);
  CHECK(p.value(f, "span_longer_than_window").a == 0);
  CHECK(p.value(f, "quarter_20").a == 20);
  // 60 days from 2018-01-01 reach 2018-03-01: 20 + 25 + 1.
  CHECK(p.value(f, "quarter_60").a == 46);
  CHECK(p.value(f, "edge").a == 3);  // 18, 19, 20 January
}

TEST_CASE("the stdlib's employment rules use these measures") {
  Plan p(R"(
def run_since_a -> Int = longest_run(employment, (A, C])
def covered_since_a -> Int = best_covered(employment, 210, (A, C])
)");
  // Employment that started before A counts only from the day after A.
  Family f = p.family(interval("employment", "M1", "2017-06-01", "2018-03-01"), "2018-01-15");
  CHECK(p.value(f, "run_since_a", "2018-12-31").a == 45);  // 16 January to 1 March
  CHECK(p.value(f, "covered_since_a", "2018-12-31").a == 45);
}

// ---- definitions ---------------------------------------------------------------

TEST_CASE("definitions without parameters are memoised per family, and recomputed for the next") {
  Plan p(R"(
def total -> Int = count offence
def total_per_offence -> Int = sum total of offence
def matching -> Int = count o in offence where count offence == total
def by_member(m: Member) -> Int = count offence where member == m
def adult_total -> Int = sum by_member(a) of a in (each m in members where m.role == adult)
)");
  const Program& prog = p.program();
  CHECK(prog.functions[p.function("total")].memo >= 0);
  CHECK(prog.functions[p.function("by_member")].memo == -1);

  Family two = p.family(offence("M1", "2017-01-01") + "," + offence("C1", "2017-02-01"));
  Family three = p.family(offence("M1", "2017-01-01") + "," + offence("M1", "2017-02-01") + "," +
                          offence("C2", "2017-03-01"));
  CHECK(p.value(two, "total").a == 2);
  CHECK(p.value(two, "total_per_offence").a == 4);
  CHECK(p.value(three, "total").a == 3);  // not the first family's memo
  CHECK(p.value(three, "total_per_offence").a == 9);
  CHECK(p.value(three, "matching").a == 3);
  CHECK(p.value(three, "adult_total").a == 2);
  CHECK(p.value(two, "total").a == 2);
}

TEST_CASE("calls of definitions with parameters are cached per family by their arguments") {
  Plan p(R"(
def by_member(m: Member) -> Int = count offence where member == m
def twice(m: Member) -> Int = by_member(m) + by_member(m)
def cheap(n: Int) -> Int = n + 1
def all_twice -> Int = sum twice(m) of m in members
def again -> Int = sum (by_member(m) + twice(m)) of m in members
def same_day(o: offence) -> Int = count x in offence where x.date == o.date
def pairs -> Int = sum same_day(o) of o in offence
)");
  const Program& prog = p.program();
  CHECK(prog.functions[p.function("by_member")].cached);
  CHECK(prog.functions[p.function("twice")].cached);
  CHECK_FALSE(prog.functions[p.function("cheap")].cached);  // a lookup would cost more than the body
  CHECK_FALSE(prog.functions[p.function("all_twice")].cached);  // no parameters: memoised instead

  Family two = p.family(offence("M1", "2017-01-01") + "," + offence("C1", "2017-02-01") + "," +
                        offence("C1", "2017-02-01"));
  Family other = p.family(offence("C1", "2017-01-01"));
  CHECK(p.value(two, "all_twice").a == 6);
  CHECK(p.value(two, "again").a == 9);
  CHECK(p.value(other, "all_twice").a == 2);  // the same member, another family: not the first's result
  CHECK(p.value(two, "pairs").a == 5);

  // More distinct calls than the cache holds: the rest run uncached, with the same answers.
  std::string many;
  for (int i = 0; i < 700; ++i) {
    if (i) many += ",";
    std::string date = fmt::format("{}-{:02}-01", 2000 + i % 17, 1 + i % 12);
    many += offence(i % 2 ? "M1" : "C2", date.c_str());
  }
  Family big = p.family(many);
  int64_t expected = 0;
  std::map<int64_t, int64_t> per_day;
  for (const Event& e : big.events) per_day[e.order_key]++;
  for (const auto& [day, n] : per_day) expected += n * n;
  CHECK(p.value(big, "pairs").a == expected);
}

TEST_CASE("a loop over one member's events walks that member's events only, with the same answers") {
  Plan p(R"(
def by(m: Member) -> Int = count offence where member == m
def by_swapped(m: Member) -> Int = count o in offence where m == o.member and o.date >= 2017-02-01
def last_by(m: Member) -> Date? = (earliest (last 2 of offence where member == m)).date
def concerns_of(m: Member) -> Int = count concern where member == m
def any_recent(m: Member) -> Bool = any concern where member == m and date >= 2017-03-01
def totals -> Int = sum (by(m) * 1000 + by_swapped(m) * 100 + concerns_of(m) * 10) of m in members
def recent -> Int = count m in members where any_recent(m)
def march_starts_last_two -> Int = count m in members where last_by(m) == 2017-03-01
)");
  auto walks_member_events = [&](const char* name) {
    const FunctionInfo& f = p.program().functions[p.function(name)];
    for (uint32_t pc = f.entry; pc < f.end; ++pc)
      if (p.program().code[pc].op == Op::EVENTS_OF_MEMBER) return true;
    return false;
  };
  for (const char* name : {"by", "by_swapped", "last_by", "concerns_of", "any_recent"}) {
    INFO(name);
    CHECK(walks_member_events(name));
  }
  CHECK_FALSE(walks_member_events("recent"));

  auto concern = [](const char* member, const char* date) {
    return event("concern", member, std::string(R"("date": ")") + date + R"(", "area": "crime", "source": "ffa")");
  };
  Family f = p.family(offence("C1", "2017-04-01") + "," + offence("M1", "2017-01-01") + "," +
                      offence("C1", "2017-01-15") + "," + offence("C1", "2017-03-01") + "," +
                      concern("", "2017-03-05") + "," + concern("C2", "2017-02-01") + "," +
                      concern("C2", "2017-03-02") + "," + concern("M1", "2016-12-01"));
  // M1: 1 offence, 0 since February, 1 concern; C1: 3 offences, 2 since February, no concern;
  // C2: none, 2 concerns. The concern without a member belongs to nobody.
  CHECK(p.value(f, "totals").a == 1 * 1000 + 0 + 10 + 3 * 1000 + 2 * 100 + 0 + 0 + 0 + 20);
  CHECK(p.value(f, "recent").a == 1);  // C2 only
  CHECK(p.value(f, "march_starts_last_two").a == 1);  // C1's last two: 1 March and 1 April
  Family none = p.family(offence("M1", "2017-01-01"));
  CHECK(p.value(none, "totals").a == 1000);  // not the first family's lists
}

TEST_CASE("parameters and overrides reach the code") {
  Plan p(R"(
param window = 6 months
override param star_sustained_score = 9
def recent -> Int = count offence where date in last window before A
def score -> Int = star_sustained_score
)");
  Family f = p.family(offence("C1", "2017-07-15") + "," + offence("C1", "2017-07-16"), "2018-01-15");
  CHECK(p.value(f, "recent").a == 1);
  CHECK(p.value(f, "score").a == 9);
}

TEST_CASE("prelude helpers evaluate over a real family: attendance over the last three terms") {
  Plan p(R"(
def older_child_below_10 -> Verdict =
  every c in children where c.dob < 2008-01-01 satisfies unauthorised_absence_rate(c, C) < 10%
def n_children -> Int = count children
)");
  auto attendance = [](const char* term, int possible, int unauthorised) {
    return event("attendance", "C1",
                 std::string(R"("term": ")") + term + R"(", "possible_sessions": )" + std::to_string(possible) +
                     R"(, "authorised_absence": 0, "unauthorised_absence": )" + std::to_string(unauthorised));
  };
  // 25 of 360 sessions: 6.9%.
  Family low = p.family(attendance("2016-autumn", 140, 20) + "," + attendance("2017-spring", 100, 2) + "," +
                        attendance("2017-summer", 120, 3));
  CHECK(p.value(low, "older_child_below_10").a == kMet);
  CHECK(p.value(low, "n_children").a == 2);
  // 45 of 360: 12.5%.
  Family high = p.family(attendance("2016-autumn", 140, 40) + "," + attendance("2017-spring", 100, 2) + "," +
                         attendance("2017-summer", 120, 3));
  CHECK(p.value(high, "older_child_below_10").a == kNotMet);
  // No attendance data: unknown.
  Family none = p.family("");
  CHECK(p.value(none, "older_child_below_10").a == kUnknown);
  // Terms that ended more than 18 months before C do not count.
  CHECK(p.value(high, "older_child_below_10", "2019-01-31").a == kMet);  // only 2017-summer is left: 3 of 120
}

// ---- errors ----------------------------------------------------------------

TEST_CASE("division by zero raises EvaluationError naming the rule's file and line") {
  Plan p("param limit = 3\n"
         "def ok -> Int = count offence\n"
         "result share = 1 / count offence\n");
  Family none = p.family("");
  std::string message;
  try {
    p.evaluate(none);
  } catch (const EvaluationError& e) {
    message = e.what();
  }
  CHECK(message == "division by zero (rule at vm.plan:3)");
  // The VM carries on with the next family.
  Family one = p.family(offence("C1", "2017-01-01") + "," + offence("C1", "2017-02-01"));
  Evaluation ev = p.evaluate(one);
  int r = p.program().result_index("share");
  CHECK(ev.results[r].a == 1);
  CHECK(ev.results[r].b == 2);
}

TEST_CASE("an overflow raises EvaluationError too") {
  Plan p("def big -> Int = 9223372036854775807 + count offence\n");
  Family f = p.family(offence("C1", "2017-01-01"));
  p.evaluate(f);
  CHECK_THROWS_AS(p.vm->call(p.function("big")), EvaluationError);
}
