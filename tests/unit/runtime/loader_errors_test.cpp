// The cohort loader on bad input: every kind of error of spec sections 1 and
// 7 rejects the family with one message naming the file, line, family id,
// field, what was expected and what was found.
#include <doctest/doctest.h>

#include "runtime/loader.h"
#include "tests/unit/runtime/loader_test_support.h"

using namespace outcomes;
using namespace outcomes::loader_test;
using Outcome = CohortReader::Outcome;

namespace {

bool contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

// Parses `line` as line 17 and returns the rendered error; fails the test if
// the line is not rejected with exactly one error.
std::string rejection(std::string_view line) {
  Harness h;
  const Outcome outcome = h.parse(line, 17);
  CHECK(outcome == Outcome::Rejected);
  CHECK(h.errors().size() == 1);
  CHECK(h.reader.rejected() == 1);
  CHECK(h.reader.accepted() == 0);
  return h.error();
}

std::string event_rejection(std::string_view event) { return rejection(family_line(event, "F0003")); }

const std::string kPrefix = "cohort.jsonl:17: family F0003: ";

}  // namespace

TEST_CASE("the message format of the spec") {
  CHECK(event_rejection(R"({"type": "incident", "member": "C1", "date": "2017-03-01"},)"
                        R"({"type": "incident", "member": "C1", "date": "2017-02-29"},)"
                        R"({"type": "incident", "member": "C1", "date": "2017-13-01"})") ==
        kPrefix + "events[1].date: expected a date YYYY-MM-DD, found \"2017-02-29\"");
  LoadIssue issue{LoadIssue::Severity::Error, "cohort.jsonl", 17, "F0003", "events[2].date",
                  "expected a date YYYY-MM-DD, found \"2017-13-01\""};
  CHECK(render_load_issue(issue) ==
        "cohort.jsonl:17: family F0003: events[2].date: expected a date YYYY-MM-DD, found \"2017-13-01\"");
  issue.family_id.clear();
  issue.field.clear();
  issue.line = 0;
  CHECK(render_load_issue(issue) == "cohort.jsonl: expected a date YYYY-MM-DD, found \"2017-13-01\"");
}

TEST_CASE("lines that are not a JSON object") {
  CHECK(rejection("[1, 2]") == "cohort.jsonl:17: expected a JSON object (one family per line), found an array");
  CHECK(rejection("\"F1\"") == "cohort.jsonl:17: expected a JSON object (one family per line), found \"F1\"");
  CHECK(rejection("42") == "cohort.jsonl:17: expected a JSON object (one family per line), found 42");
  CHECK(rejection("null") == "cohort.jsonl:17: expected a JSON object (one family per line), found null");
}

TEST_CASE("malformed JSON") {
  CHECK(contains(rejection(R"({"id": "F1", "assessment_date": )"), "malformed JSON"));
  CHECK(contains(rejection(R"({"id": "F1" "assessment_date": "2017-09-12"})"), "malformed JSON"));
  CHECK(contains(rejection(R"({"id": "F1", "x": "unclosed})"), "malformed JSON"));
  CHECK(contains(rejection(R"({"id": "F1", "x": tru})"), "expected true or false"));
  CHECK(contains(rejection(R"({"id": "F1", "x": nul})"), "expected null"));
  CHECK(contains(rejection(R"({"id": "F1", "x": "bad \q escape"})"), "escape"));
  CHECK(contains(rejection(R"({"id": "F1", "x": "\ud800"})"), "escape"));
  // Inside ignored fields the JSON is still checked.
  const std::string in_unknown = rejection(family_line("", "F0003").insert(1, R"("extra": [1 2], )"));
  CHECK(contains(in_unknown, "family F0003: extra: malformed JSON"));
  CHECK(contains(rejection(family_line("", "F0003").insert(1, R"("extra": {"a" 1}, )")), "malformed JSON"));
  CHECK(contains(rejection(family_line("", "F0003").insert(1, R"("extra": 01, )")), "01 is not a number"));
  CHECK(contains(rejection(family_line("", "F0003").insert(1, R"("extra": 1.5e, )")), "1.5e is not a number"));
  CHECK(contains(rejection(family_line("", "F0003").insert(1, R"("extra": [1,], )")), "malformed JSON"));
}

TEST_CASE("text after the family's closing brace") {
  const std::string line = family_line("", "F0003");
  CHECK(rejection(line + " {\"id\": \"F2\"}") ==
        kPrefix + "unexpected text after the family's closing brace: {\"id\": \"F2\"}");
  CHECK(contains(rejection(line + "}"), "unexpected text after the family's closing brace: }"));
  CHECK(contains(rejection(line + " x"), "malformed JSON"));
}

TEST_CASE("bytes that are not text") {
  std::string invalid_utf8 = family_line("", "F0003");
  invalid_utf8.insert(invalid_utf8.find("2017-09-12"), "\xff\xfe");
  CHECK(rejection(invalid_utf8) == "cohort.jsonl:17: the line is not valid UTF-8");

  std::string nul_in_string = family_line("", "F0003");
  nul_in_string.insert(nul_in_string.find("2017-09-12"), std::string(1, '\0'));
  CHECK(contains(rejection(nul_in_string), "unescaped control character"));

  std::string nul_outside = family_line("", "F0003");
  nul_outside.insert(nul_outside.find("\"members\""), std::string(1, '\0'));
  CHECK(contains(rejection(nul_outside), "malformed JSON"));

  // An escaped NUL is valid JSON; as a family id it is shown escaped.
  Harness h;
  CHECK(h.parse(R"({"id": "F\u0000", "assessment_date": "x"})", 2) == Outcome::Rejected);
  CHECK(h.error() == "cohort.jsonl:2: family F\\x00: assessment_date: expected a date YYYY-MM-DD, found \"x\"");
}

TEST_CASE("deep nesting and huge values never crash") {
  CHECK(contains(rejection(std::string(100000, '[') + std::string(100000, ']')), "expected a JSON object"));
  CHECK(contains(rejection(std::string(100000, '{')), "malformed JSON"));
  const std::string deep = std::string(5000, '[') + std::string(5000, ']');
  CHECK(contains(rejection(family_line("", "F0003").insert(1, "\"extra\": " + deep + ", ")),
                 "extra: nested more than 100 levels deep"));
  CHECK(event_rejection(R"({"type": "incident", "member": "C1", "date": )" + deep + "}") ==
        kPrefix + "events[0].date: expected a date YYYY-MM-DD, found an array");
  const std::string huge(5000, '9');
  CHECK(contains(event_rejection(R"({"type": "record", "member": "C1", "term": "2016-autumn", "possible": )" + huge +
                                 R"(, "missed": 1})"),
                 "events[0].possible: expected a non-negative whole number, found 9999"));
  {
    // In an ignored field a huge number is still valid JSON.
    Harness h;
    CHECK(h.parse(family_line("", "F4").insert(1, "\"extra\": " + huge + ", ")) == Outcome::Accepted);
    CHECK(h.warnings().size() == 1);
  }
  CHECK(event_rejection(R"({"type": "note", "date": "2017-01-01", "hours": 1e999999999999})") ==
        kPrefix + "events[0].hours: expected a number from 0 to 1000, found 1e999999999999");
  const std::string long_text(100000, 'a');
  CHECK(contains(event_rejection(R"({"type": "incident", "member": "C1", "date": ")" + long_text + "\"}"),
                 "found \"aaaa"));
  CHECK(event_rejection(R"({"type": "incident", "member": "C1", "date": ")" + long_text + "\"}").size() < 200);
}

TEST_CASE("family fields") {
  CHECK(rejection(R"({"assessment_date": "2017-09-12", "members": [], "events": []})") ==
        "cohort.jsonl:17: id: required field is missing; expected the family's id, a non-empty string");
  CHECK(rejection(R"({"id": 12, "assessment_date": "2017-09-12"})") ==
        "cohort.jsonl:17: id: expected the family's id, a non-empty string, found 12");
  CHECK(rejection(R"({"id": "", "assessment_date": "2017-09-12"})") ==
        "cohort.jsonl:17: id: expected the family's id, a non-empty string, found \"\"");
  CHECK(rejection(R"({"id": "F0003", "members": [], "events": []})") ==
        kPrefix + "members: expected an array of at least one member, found an empty array");
  CHECK(rejection(std::string(R"({"id": "F0003", )") + kMembers + R"(, "events": []})") ==
        kPrefix + "assessment_date: required field is missing; expected a date YYYY-MM-DD");
  CHECK(rejection(std::string(R"({"id": "F0003", "assessment_date": "2017-9-12", )") + kMembers +
                  R"(, "events": []})") == kPrefix + "assessment_date: expected a date YYYY-MM-DD, found \"2017-9-12\"");
  CHECK(rejection(std::string(R"({"id": "F0003", "assessment_date": 20170912, )") + kMembers + R"(, "events": []})") ==
        kPrefix + "assessment_date: expected a date YYYY-MM-DD, found 20170912");
  CHECK(rejection(std::string(R"({"id": "F0003", "assessment_date": null, )") + kMembers + R"(, "events": []})") ==
        kPrefix + "assessment_date: expected a date YYYY-MM-DD, found null");
  CHECK(rejection(R"({"id": "F0003", "assessment_date": "2017-09-12", "events": []})") ==
        kPrefix + "members: required field is missing; expected an array of at least one member");
  CHECK(rejection(std::string(R"({"id": "F0003", "assessment_date": "2017-09-12", )") + kMembers + "}") ==
        kPrefix + "events: required field is missing; expected an array of events (it may be empty)");
  CHECK(rejection(std::string(R"({"id": "F0003", "assessment_date": "2017-09-12", )") + kMembers +
                  R"(, "events": {}})") == kPrefix + "events: expected an array of events (it may be empty), found an object");
  CHECK(rejection(std::string(R"({"id": "F0003", "district": 5, "assessment_date": "2017-09-12", )") + kMembers +
                  R"(, "events": []})") == kPrefix + "district: expected a string or null, found 5");
  CHECK(rejection(std::string(R"({"id": "F0003", "assessment_date": "2017-09-12", "assessment_date": "2017-09-12", )") +
                  kMembers + R"(, "events": []})") == kPrefix + "assessment_date: this field is given twice");
}

TEST_CASE("member fields") {
  auto with_members = [](std::string_view members) {
    return rejection(R"({"id": "F0003", "assessment_date": "2017-09-12", "members": [)" + std::string(members) +
                     R"(], "events": []})");
  };
  CHECK(with_members(R"({"id": "M1", "role": "adult"})") ==
        kPrefix + "members[0].dob: required field is missing; expected a date YYYY-MM-DD");
  CHECK(with_members(R"({"id": "M1", "role": "adult", "dob": "1985-02-30"})") ==
        kPrefix + "members[0].dob: expected a date YYYY-MM-DD, found \"1985-02-30\"");
  CHECK(with_members(R"({"id": "M1", "role": "adult", "dob": "1985-03-02"}, {"role": "child", "dob": "2006-05-10"})") ==
        kPrefix + "members[1].id: required field is missing; expected the member's id, a non-empty string");
  CHECK(with_members(R"({"id": "M1", "role": "adult", "dob": "1985-03-02"}, {"id": "M1", "role": "child", "dob": "2006-05-10"})") ==
        kPrefix + "members[1].id: the member id \"M1\" is also used by members[0]");
  CHECK(with_members(R"({"id": "M1", "role": "Adult", "dob": "1985-03-02"})") ==
        kPrefix + "members[0].role: expected \"adult\" or \"child\", found \"Adult\" (did you mean \"adult\"?)");
  CHECK(with_members(R"({"id": "M1", "role": "parent", "dob": "1985-03-02"})") ==
        kPrefix + "members[0].role: expected \"adult\" or \"child\", found \"parent\"");
  CHECK(with_members(R"({"id": "M1", "role": "adult", "dob": "1985-03-02", "parenting": "yes"})") ==
        kPrefix + "members[0].parenting: expected true or false, found \"yes\"");
  CHECK(with_members(R"(["M1", "adult"])") ==
        kPrefix + "members[0]: expected a member (an object with id, role and dob), found an array");
  CHECK(rejection(R"({"id": "F0003", "assessment_date": "2017-09-12", "members": {}, "events": []})") ==
        kPrefix + "members: expected an array of at least one member, found an object");
}

TEST_CASE("event type and member") {
  CHECK(event_rejection(R"({"member": "C1", "date": "2017-03-01"})") ==
        kPrefix + "events[0].type: required field is missing; expected the event's type");
  CHECK(event_rejection(R"({"type": "incidnet", "member": "C1", "date": "2017-03-01"})") ==
        kPrefix + "events[0].type: unknown event type \"incidnet\" (did you mean \"incident\"?)");
  CHECK(event_rejection(R"({"type": "offence", "member": "C1", "date": "2017-03-01"})") ==
        kPrefix + "events[0].type: unknown event type \"offence\"");
  CHECK(event_rejection(R"({"type": 3})") == kPrefix + "events[0].type: expected an event type name, found 3");
  CHECK(event_rejection(R"("incident")") ==
        kPrefix + "events[0]: expected an event (an object with a type), found \"incident\"");
  CHECK(event_rejection(R"({"type": "incident", "date": "2017-03-01"})") ==
        kPrefix + "events[0].member: required field is missing; expected the id of one of the family's members "
                  "(\"M1\", \"C1\")");
  CHECK(event_rejection(R"({"type": "incident", "member": "C9", "date": "2017-03-01"})") ==
        kPrefix + "events[0].member: no member \"C9\" in this family; its members are \"M1\", \"C1\"");
  CHECK(contains(event_rejection(R"({"type": "incident", "member": null, "date": "2017-03-01"})"),
                 "events[0].member: expected the id of one of the family's members (\"M1\", \"C1\"), found null"));
  CHECK(contains(event_rejection(R"({"type": "note", "member": "C9", "date": "2017-03-01"})"),
                 "events[0].member: no member \"C9\""));
  CHECK(contains(event_rejection(R"({"type": "note", "member": 1, "date": "2017-03-01"})"),
                 "events[0].member: expected the id of one of the family's members"));
  CHECK(event_rejection(R"({"type": "incident", "type": "incident", "member": "C1", "date": "2017-03-01"})") ==
        kPrefix + "events[0].type: this field is given twice");
  CHECK(event_rejection(R"({"type": "incident", "member": "C1", "date": "2017-03-01", "date": "2017-03-02"})") ==
        kPrefix + "events[0].date: this field is given twice");
}

TEST_CASE("missing and null required fields") {
  CHECK(event_rejection(R"({"type": "incident", "member": "C1"})") ==
        kPrefix + "events[0].date: required field is missing; expected a date YYYY-MM-DD");
  CHECK(event_rejection(R"({"type": "incident", "member": "C1", "date": null})") ==
        kPrefix + "events[0].date: expected a date YYYY-MM-DD, found null");
  CHECK(event_rejection(R"({"type": "spell", "member": "C1", "end": "2017-03-01"})") ==
        kPrefix + "events[0].start: required field is missing; expected a date YYYY-MM-DD");
  CHECK(event_rejection(R"({"type": "monthly", "month": "2017-05", "count": 1})") ==
        kPrefix + "events[0].colour: required field is missing; expected one of red, green, blue");
}

TEST_CASE("integers: whole, non-negative, at most 2^63 - 1, in range") {
  auto record = [](std::string_view possible) {
    return event_rejection(R"({"type": "record", "member": "C1", "term": "2016-autumn", "missed": 0, "possible": )" +
                           std::string(possible) + "}");
  };
  CHECK(record("140.0") ==
        kPrefix + "events[0].possible: expected a non-negative whole number written without a fraction or exponent, "
                  "found 140.0");
  CHECK(contains(record("1.4e2"), "written without a fraction or exponent, found 1.4e2"));
  CHECK(contains(record("1e2"), "written without a fraction or exponent, found 1e2"));
  CHECK(record("-3") == kPrefix + "events[0].possible: expected a non-negative whole number, found -3");
  CHECK(record("9223372036854775808") ==
        kPrefix + "events[0].possible: expected a non-negative whole number, found 9223372036854775808");
  CHECK(record("\"140\"") == kPrefix + "events[0].possible: expected a non-negative whole number, found \"140\"");
  CHECK(record("true") == kPrefix + "events[0].possible: expected a non-negative whole number, found true");
  CHECK(contains(record("NaN"), "malformed JSON"));
  CHECK(contains(record("Infinity"), "malformed JSON"));
  CHECK(contains(record("-Infinity"), "malformed JSON"));
  CHECK(contains(record("0x10"), "malformed JSON"));
  CHECK(contains(record("+5"), "malformed JSON"));
  auto count = [](std::string_view value) {
    return event_rejection(R"({"type": "monthly", "month": "2017-05", "colour": "red", "count": )" + std::string(value) +
                           "}");
  };
  CHECK(count("0") == kPrefix + "events[0].count: expected a whole number from 1 to 28, found 0");
  CHECK(count("29") == kPrefix + "events[0].count: expected a whole number from 1 to 28, found 29");

  Harness h;
  CHECK(h.parse(family_line(R"({"type": "record", "member": "C1", "term": "2016-autumn", "missed": 0, )"
                            R"("possible": 9223372036854775807})")) == Outcome::Accepted);
  CHECK(h.parse(family_line(R"({"type": "record", "member": "C1", "term": "2016-autumn", "missed": -0, )"
                            R"("possible": 1})", "F2")) == Outcome::Accepted);
}

TEST_CASE("numbers: non-negative, finite, exact") {
  auto hours = [](std::string_view value) {
    return event_rejection(R"({"type": "note", "date": "2017-01-01", "hours": )" + std::string(value) + "}");
  };
  CHECK(hours("-0.5") == kPrefix + "events[0].hours: expected a number from 0 to 1000, found -0.5");
  CHECK(hours("1000.5") == kPrefix + "events[0].hours: expected a number from 0 to 1000, found 1000.5");
  CHECK(hours("\"2\"") == kPrefix + "events[0].hours: expected a number from 0 to 1000, found \"2\"");
  CHECK(contains(hours("NaN"), "malformed JSON"));
  CHECK(contains(hours("Infinity"), "malformed JSON"));
  CHECK(contains(hours("1.e5"), "malformed JSON"));
  CHECK(contains(hours(".5"), "malformed JSON"));
  CHECK(hours("0.0000000000000000001") ==
        kPrefix + "events[0].hours: expected a number from 0 to 1000 with at most 18 decimal places, found "
                  "0.0000000000000000001");
  auto ratio = [](std::string_view value) {
    return event_rejection(R"({"type": "monthly", "month": "2017-05", "colour": "red", "count": 1, "ratio": )" +
                           std::string(value) + "}");
  };
  CHECK(ratio("1e19") == kPrefix + "events[0].ratio: expected a non-negative number, found 1e19");
  CHECK(ratio("-1") == kPrefix + "events[0].ratio: expected a non-negative number, found -1");
}

TEST_CASE("booleans, enums, terms and months") {
  CHECK(event_rejection(R"({"type": "monthly", "month": "2017-05", "count": 1, "colour": "red", "flag": "true"})") ==
        kPrefix + "events[0].flag: expected true or false, found \"true\"");
  CHECK(event_rejection(R"({"type": "monthly", "month": "2017-05", "count": 1, "colour": "red", "flag": 1})") ==
        kPrefix + "events[0].flag: expected true or false, found 1");
  CHECK(event_rejection(R"({"type": "exclusion", "member": "C1", "date": "2017-01-01", "kind": "permanant"})") ==
        kPrefix + "events[0].kind: expected one of permanent, fixed, found \"permanant\" (did you mean \"permanent\"?)");
  CHECK(event_rejection(R"({"type": "exclusion", "member": "C1", "date": "2017-01-01", "kind": "expelled"})") ==
        kPrefix + "events[0].kind: expected one of permanent, fixed, found \"expelled\"");
  CHECK(event_rejection(R"({"type": "exclusion", "member": "C1", "date": "2017-01-01", "kind": 1})") ==
        kPrefix + "events[0].kind: expected one of permanent, fixed, found 1");
  CHECK(event_rejection(R"({"type": "record", "member": "C1", "term": "2016-fall", "possible": 1, "missed": 0})") ==
        kPrefix + "events[0].term: expected a school term YYYY-autumn, YYYY-spring or YYYY-summer, found \"2016-fall\"");
  CHECK(contains(event_rejection(R"({"type": "record", "member": "C1", "term": "2016", "possible": 1, "missed": 0})"),
                 "events[0].term: expected a school term"));
  CHECK(event_rejection(R"({"type": "monthly", "month": "2017-13", "count": 1, "colour": "red"})") ==
        kPrefix + "events[0].month: expected a month YYYY-MM, found \"2017-13\"");
  CHECK(contains(event_rejection(R"({"type": "monthly", "month": "2017-5", "count": 1, "colour": "red"})"),
                 "expected a month YYYY-MM, found \"2017-5\""));
}

TEST_CASE("scores") {
  auto scores = [](std::string_view value) {
    return event_rejection(R"({"type": "reading", "date": "2017-01-01", "scores": )" + std::string(value) + "}");
  };
  CHECK(scores(R"({"helth": 5})") ==
        kPrefix + "events[0].scores.helth: unknown key \"helth\"; expected one of health, wellbeing, safety "
                  "(did you mean \"health\"?)");
  CHECK(scores(R"({"health": 0})") == kPrefix + "events[0].scores.health: expected a whole number from 1 to 10, found 0");
  CHECK(scores(R"({"health": 11})") == kPrefix + "events[0].scores.health: expected a whole number from 1 to 10, found 11");
  CHECK(scores(R"({"health": 7.5})") ==
        kPrefix + "events[0].scores.health: expected a whole number from 1 to 10 written without a fraction or exponent, "
                  "found 7.5");
  CHECK(scores(R"({"health": null})") ==
        kPrefix + "events[0].scores.health: expected a whole number from 1 to 10, found null");
  CHECK(scores(R"({"health": 5, "health": 6})") == kPrefix + "events[0].scores.health: this key is given twice");
  CHECK(contains(scores("[5]"), "events[0].scores: expected an object whose keys are among health, wellbeing, safety"));
  // An empty object is read; the schema's check rejects it.
  CHECK(scores("{}") == kPrefix + "events[0].scores: a reading needs at least one score (scores is {})");
}

TEST_CASE("event checks reject the family with their message and field") {
  CHECK(event_rejection(R"({"type": "spell", "member": "C1", "start": "2017-03-01", "end": "2017-02-28"})") ==
        kPrefix + "events[0].end: end is before start (end is 2017-02-28)");
  CHECK(event_rejection(R"({"type": "record", "member": "C1", "term": "2016-autumn", "possible": 0, "missed": 0})") ==
        kPrefix + "events[0].possible: possible must be more than 0 (possible is 0)");
  CHECK(event_rejection(R"({"type": "record", "member": "C1", "term": "2016-autumn", "possible": 10, "missed": 11})") ==
        kPrefix + "events[0].missed: missed exceeds possible (missed is 11)");
  CHECK(event_rejection(R"({"type": "exclusion", "member": "C1", "date": "2017-01-01", "kind": "fixed"})") ==
        kPrefix + "events[0].days: a fixed exclusion needs days (days is absent)");
  // The check sees the event at its index in the unsorted events: the third.
  CHECK(event_rejection(R"({"type": "spell", "member": "C1", "start": "2017-03-01"},)"
                        R"({"type": "incident", "member": "C1", "date": "2017-03-01"},)"
                        R"({"type": "spell", "member": "M1", "start": "2017-03-01", "end": "2016-01-01"})") ==
        kPrefix + "events[2].end: end is before start (end is 2016-01-01)");
  Harness h;
  CHECK(h.parse(family_line(R"({"type": "exclusion", "member": "C1", "date": "2017-01-01", "kind": "fixed", "days": 1.5},)"
                            R"({"type": "exclusion", "member": "C1", "date": "2017-01-01", "kind": "permanent"},)"
                            R"({"type": "spell", "member": "C1", "start": "2017-03-01", "end": "2017-03-01"})")) ==
        Outcome::Accepted);
}

TEST_CASE("unique keys across a family's events of one type") {
  const std::string record_c1 = R"({"type": "record", "member": "C1", "term": "2016-autumn", "possible": 10, "missed": 1})";
  CHECK(event_rejection(record_c1 + R"(, {"type": "incident", "member": "C1", "date": "2017-03-01"}, )" + record_c1) ==
        kPrefix + "events[2].term: two records for one member and term (events[0] has the same member, term)");
  // The first repeat in input order is the one named.
  CHECK(contains(event_rejection(
                     R"({"type": "record", "member": "M1", "term": "2017-spring", "possible": 10, "missed": 1},)" +
                     record_c1 + "," + record_c1 +
                     R"(, {"type": "record", "member": "M1", "term": "2017-spring", "possible": 10, "missed": 1})"),
                 "events[2].term: two records for one member and term (events[1] has the same member, term)"));
  CHECK(event_rejection(R"({"type": "monthly", "member": "C1", "month": "2017-05", "count": 1, "colour": "red"},)"
                        R"({"type": "monthly", "member": "C1", "month": "2017-05", "count": 2, "colour": "blue"})") ==
        kPrefix + "events[1].month: two \"monthly\" events share the same member, month (events[0] has the same member, "
                  "month)");
  Harness h;
  CHECK(h.parse(family_line(record_c1 +
                            R"(, {"type": "record", "member": "M1", "term": "2016-autumn", "possible": 10, "missed": 1})"
                            R"(, {"type": "record", "member": "C1", "term": "2017-spring", "possible": 10, "missed": 1})"
                            R"(, {"type": "monthly", "month": "2017-05", "count": 1, "colour": "red"})"
                            R"(, {"type": "monthly", "member": "C1", "month": "2017-05", "count": 1, "colour": "red"})")) ==
        Outcome::Accepted);
}

TEST_CASE("warnings found before the error are still reported, with the family id") {
  Harness h;
  CHECK(h.parse(R"({"id": "F5", "assessment_date": "2017-09-12", "members": [)"
                R"({"id": "M1", "role": "adult", "date_of_birth": "1985-03-02"}], "events": []})",
                9) == Outcome::Rejected);
  REQUIRE(h.issues.size() == 2);
  CHECK(render_load_issue(h.issues[0]) == "cohort.jsonl:9: warning: family F5: members[0].date_of_birth: unknown field, ignored");
  CHECK(render_load_issue(h.issues[1]) ==
        "cohort.jsonl:9: family F5: members[0].dob: required field is missing; expected a date YYYY-MM-DD");
}
