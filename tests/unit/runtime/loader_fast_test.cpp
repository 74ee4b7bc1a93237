// The loader's fast path (runtime/loader_fast.cpp) against the full reader:
// every line must give the same outcome, the same messages and the same
// Family whichever reads it, and ordinary lines must take the fast path.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <string>
#include <vector>

#include "loader_test_support.h"

using namespace outcomes;
using namespace outcomes::loader_test;

namespace {

struct Both {
  Schema schema = make_test_schema();
  std::vector<std::string> fast_issues, full_issues;
  CohortReader fast{schema, "cohort.jsonl", [this](const LoadIssue& i) { fast_issues.push_back(render_load_issue(i)); }};
  CohortReader full{schema, "cohort.jsonl", [this](const LoadIssue& i) { full_issues.push_back(render_load_issue(i)); }};
  Family fast_family, full_family;
  int64_t line = 0;

  Both() { full.set_fast_path(false); }

  // Reads `text` both ways and checks they agree; returns the outcome.
  CohortReader::Outcome read(const std::string& text) {
    fast_issues.clear();
    full_issues.clear();
    ++line;
    const auto outcome = fast.parse_line(text, line, fast_family);
    INFO("line: " << text);
    CHECK(full.parse_line(text, line, full_family) == outcome);
    CHECK(fast_issues == full_issues);
    if (outcome == CohortReader::Outcome::Accepted) CHECK(fast_family == full_family);
    return outcome;
  }
};

const char* kAllTypes =
    R"({"type": "incident", "member": "C1", "date": "2017-03-01"}, )"
    R"({"type": "spell", "member": "M1", "start": "2016-01-01", "end": null}, )"
    R"({"type": "record", "member": "C1", "term": "2016-autumn", "possible": 140, "missed": 24}, )"
    R"({"type": "monthly", "month": "2017-05", "count": 28, "ratio": 2.50, "colour": "blue", "flag": false}, )"
    R"({"type": "reading", "date": "2017-06-01", "scores": {"health": 7, "safety": 10}}, )"
    R"({"type": "exclusion", "member": "C1", "date": "2017-02-01", "kind": "fixed", "days": 1.5}, )"
    R"({"type": "note", "date": "2017-01-01", "until": null, "done": true})";

// Events lie by type, then order key, then input position (Family::finalize).
void check_in_event_order(const Family& f) {
  for (size_t i = 1; i < f.events.size(); ++i) {
    const Event& a = f.events[i - 1];
    const Event& b = f.events[i];
    CHECK((a.type < b.type || (a.type == b.type && (a.order_key < b.order_key ||
                                                    (a.order_key == b.order_key && a.position < b.position)))));
  }
}

}  // namespace

TEST_CASE("fast path: ordinary families are read by it, and read as the full reader reads them") {
  Both both;
  CHECK(both.read(family_line(kAllTypes)) == CohortReader::Outcome::Accepted);
  CHECK(both.read(family_line("", "F2")) == CohortReader::Outcome::Accepted);
  CHECK(both.read("{\"id\":\"F3\",\"assessment_date\":\"2017-09-12\",\"district\":\"Dacorum\",\"lead_agency\":null,"
                  "\"members\":[{\"id\":\"M1\",\"role\":\"adult\",\"dob\":\"1985-03-02\",\"parenting\":null}],"
                  "\"events\":[]}") == CohortReader::Outcome::Accepted);
  CHECK(both.read(" \t{ \"id\" : \"F4\" , \"assessment_date\" : \"2017-09-12\" ,\r " + std::string(kMembers) +
                  " , \"events\" : [ ] } \r") == CohortReader::Outcome::Accepted);
  CHECK(both.fast.fast_accepted() == 4);
  CHECK(both.fast.accepted() == 4);
}

TEST_CASE("fast path: what it declines is left to the full reader, messages and all") {
  Both both;
  const std::vector<std::string> lines = {
      // Escapes, in names and in values, and a member id with a multi-byte character.
      family_line(R"({"type": "incident", "member": "C\u0031", "date": "2017-03-01"})"),
      family_line(R"({"type": "incident", "memb\u0065r": "C1", "date": "2017-03-01"})"),
      family_line(R"({"t\u0079pe": "incident", "member": "C1", "date": "2017-03-01"})"),
      family_line("", "F\\u0031"),
      family_line("", "F\xC3\xA9"),
      // The type not first; events before members; a repeated key.
      family_line(R"({"member": "C1", "type": "incident", "date": "2017-03-01"})"),
      R"({"id": "F9", "events": [{"type": "incident", "member": "C1", "date": "2017-03-01"}], "assessment_date": "2017-09-12", )" +
          std::string(kMembers) + "}",
      family_line(R"({"type": "incident", "member": "C1", "date": "2017-03-01", "date": "2017-03-02"})"),
      family_line(R"({"type": "incident", "type": "incident", "member": "C1", "date": "2017-03-01"})"),
      // Warnings: an unknown field, parenting on a child, a member where none is allowed.
      family_line(R"({"type": "incident", "member": "C1", "date": "2017-03-01", "colour": "red"})"),
      R"({"id": "F10", "assessment_date": "2017-09-12", "members": [{"id": "C1", "role": "child", "dob": "2006-05-10", "parenting": false}], "events": []})",
      family_line(R"({"type": "reading", "member": "C1", "date": "2017-06-01", "scores": {"health": 7}})"),
      // Errors of every kind.
      family_line(R"({"type": "spell", "member": "C1", "start": "2017-01-01", "end": "2016-01-01"})"),
      family_line(R"({"type": "record", "member": "C1", "term": "2016-autumn", "possible": 0, "missed": 0})"),
      family_line(R"({"type": "record", "member": "C1", "term": "2016-autumn", "possible": 10, "missed": 0}, )"
                  R"({"type": "record", "member": "C1", "term": "2016-autumn", "possible": 10, "missed": 1})"),
      family_line(R"({"type": "reading", "date": "2017-06-01", "scores": {}})"),
      family_line(R"({"type": "reading", "date": "2017-06-01", "scores": {"health": 7, "health": 8}})"),
      family_line(R"({"type": "exclusion", "member": "C1", "date": "2017-02-01", "kind": "fixed"})"),
      family_line(R"({"type": "incident", "member": "X9", "date": "2017-03-01"})"),
      family_line(R"({"type": "incident", "member": null, "date": "2017-03-01"})"),
      family_line(R"({"type": "incident", "member": "", "date": "2017-03-01"})"),
      family_line(R"({"type": "incident", "date": "2017-03-01"})"),
      family_line(R"({"type": "incidents", "member": "C1", "date": "2017-03-01"})"),
      family_line(R"({"type": "monthly", "month": "2017-13", "count": 1, "colour": "red"})"),
      family_line(R"({"type": "monthly", "month": "2017-05", "count": 29, "colour": "red"})"),
      family_line(R"({"type": "monthly", "month": "2017-05", "count": 1, "colour": "Red"})"),
      family_line(R"({"type": "monthly", "month": "2017-05", "count": 1.0, "colour": "red"})"),
      family_line(R"({"type": "note", "date": "2017-01-01", "hours": 1000.5})"),
      family_line(R"({"type": "note", "date": "2017-01-01", "done": tru})"),
      family_line(R"({"type": "note", "date": "2017-01-01", "done": true false})"),
      family_line(R"({"type": "note", "date": "2017-01-01",})"),
      family_line(R"({"type": "note", "date": "2017-01-01"},)"),
      family_line(R"({"type": "note", "date": "2017-01-01"})") + " x",
      family_line(R"({"type": "note", "date": "2017-01-01"})").substr(0, 150),
      family_line(R"({"type": "note", "date": "2017-01-01\t"})"),
      R"({"id": "", "assessment_date": "2017-09-12", "members": [], "events": []})",
      R"({"id": "F11", "assessment_date": "2017-09-12", "members": [], "events": []})",
      R"({"id": "F12", "assessment_date": "2017-09-12", "members": [{"id": "M1", "role": "adult", "dob": "1985-03-02"}, {"id": "M1", "role": "adult", "dob": "1985-03-02"}], "events": []})",
      R"({"id": "F13", "assessment_date": "2017-09-12", "members": [{"id": "M1", "role": "parent", "dob": "1985-03-02"}], "events": []})",
      R"({"id": "F14", "assessment_date": "2017-09-12", "members": [{"id": "M1", "role": "adult"}], "events": []})",
      R"({"id": "F15", "assessment_date": "2017-09-12", "members": [{"id": "M1", "role": "adult", "dob": "1985-03-02", "parenting": 1}], "events": []})",
      R"({"id": "F16", "assessment_date": "2017-09-12", "members": [{"id": "M1", "role": "adult", "dob": "1985-03-02"}]})",
      R"({"id": "F17", "assessment_date": "2017-09-12", "district": 7, "members": [{"id": "M1", "role": "adult", "dob": "1985-03-02"}], "events": []})",
      "[1, 2]",
      "{}",
  };
  for (const std::string& line : lines) {
    Both both;  // fresh, so no line is refused for repeating an earlier id
    both.read(line);
  }
  // A repeated id, once the first was accepted.
  CHECK(both.read(family_line("")) == CohortReader::Outcome::Accepted);
  CHECK(both.read(family_line("")) == CohortReader::Outcome::Rejected);
  CHECK(both.fast.fast_accepted() == 1);
}

TEST_CASE("fast path: dates, terms and months at their limits") {
  Both both;
  for (const char* date : {"0001-01-01", "9999-12-31", "2016-02-29", "2000-02-29", "2017-02-28", "2017-02-29",
                           "1900-02-29", "0000-01-01", "2017-00-10", "2017-12-32", "2017-04-31", "2017-1-01",
                           "2017-01-011", "2017/01/01", "20170101", "", "2017-01-0a"}) {
    both.read(family_line(std::string(R"({"type": "incident", "member": "C1", "date": ")") + date + "\"}"));
  }
  for (const char* term : {"2016-autumn", "0001-spring", "0000-summer", "2016-Autumn", "2016-autumnx", "2016autumn"})
    both.read(family_line(std::string(R"({"type": "record", "member": "C1", "possible": 1, "missed": 0, "term": ")") +
                          term + "\"}"));
  for (const char* month : {"2017-01", "2017-12", "0001-01", "0000-05", "2017-00", "2017-13", "2017-5"})
    both.read(family_line(std::string(R"({"type": "monthly", "count": 1, "colour": "red", "month": ")") + month +
                          "\"}"));
}

TEST_CASE("fast path: every day of years at the calendar's edges reads as the full reader reads it") {
  // The fast path works dates out in place (Scanner::quoted_date); the full
  // reader with parse_iso_date. Days 0 and 29 to 32 of every month, leap
  // years by each of the three rules, and the first and last years.
  Both both;
  int64_t accepted = 0;
  for (const int year : {1, 2, 4, 100, 400, 1600, 1700, 1900, 1970, 1999, 2000, 2016, 2017, 2100, 2400, 9999}) {
    for (int month = 0; month <= 13; ++month) {
      for (int day = 0; day <= 32; ++day) {
        const std::string date = fmt::format("{:04}-{:02}-{:02}", year, month, day);
        const auto outcome = both.read(family_line(R"({"type": "incident", "member": "C1", "date": ")" + date + "\"}",
                                                   "F" + date));
        accepted += outcome == CohortReader::Outcome::Accepted;
        if (outcome == CohortReader::Outcome::Accepted) {
          REQUIRE(both.fast_family.events.size() == 1);
          CHECK(both.fast_family.slots[both.fast_family.events[0].slot] == parse_iso_date(date)->days);
        }
      }
    }
  }
  CHECK(accepted == 16 * 365 + 6);  // leap years: 4, 400, 1600, 2000, 2016, 2400
  CHECK(both.fast.fast_accepted() == accepted);
}

TEST_CASE("fast path: several types out of order in one family, then a family in order") {
  Both both;
  std::string events;
  for (int i = 0; i < 30; ++i) {
    const std::string day = fmt::format("{:02}", 28 - i % 28);
    events += (i ? ", " : "") + std::string(R"({"type": "incident", "member": "C1", "date": "2017-03-)") + day + "\"}";
    events += R"(, {"type": "spell", "member": "M1", "start": "2016-01-)" + day + "\"}";
    if (i % 3 == 0) events += R"(, {"type": "note", "date": "2017-01-)" + fmt::format("{:02}", 1 + i / 3) + "\"}";
  }
  for (const std::string& line : {family_line(events), family_line(kAllTypes, "F2"), family_line(events, "F3")}) {
    REQUIRE(both.read(line) == CohortReader::Outcome::Accepted);
    check_in_event_order(both.fast_family);
  }
}

TEST_CASE("fast path: whole numbers and decimals at their limits") {
  Both both;
  for (const char* number : {"0", "-0", "1", "17", "007", "999999999999999999", "1000000000000000000",
                             "9223372036854775807", "9223372036854775808", "99999999999999999999", "-1", "1e2",
                             "1.0", "1.", ".5", "+1", "1x", "0x10", "- 1", "1 1", "\"1\"", "[1]", "{}", "null",
                             "true"}) {
    both.read(family_line(std::string(R"({"type": "record", "member": "C1", "term": "2016-autumn", "missed": 0, )"
                                      R"("possible": )") +
                          number + "}"));
    both.read(family_line(std::string(R"({"type": "note", "date": "2017-01-01", "hours": )") + number + "}"));
  }
}

TEST_CASE("fast path: names that look alike are told apart") {
  // Same length, same first and last bytes, and names that are prefixes of
  // others: every lookup must compare the whole name.
  Schema schema = make_test_schema();
  EventTypeDef alike = event_type("alike", MemberRule::None);
  alike.fields = {field("date", FieldType::Date), field("abcdefghXabcdefgh", FieldType::Int),
                  field("abcdefghYabcdefgh", FieldType::Int), field("abcd", FieldType::Int),
                  field("abce", FieldType::Int), field("a", FieldType::Int)};
  for (size_t f = 1; f < alike.fields.size(); ++f) alike.fields[f].optional = true;
  schema.types.push_back(alike);
  lay_out(schema, schema.types.back());
  std::vector<std::string> fast_issues, full_issues;
  CohortReader fast(schema, "c", [&](const LoadIssue& i) { fast_issues.push_back(render_load_issue(i)); });
  CohortReader full(schema, "c", [&](const LoadIssue& i) { full_issues.push_back(render_load_issue(i)); });
  full.set_fast_path(false);
  Family a, b;
  int64_t line = 0;
  for (const char* fields : {R"("abcdefghXabcdefgh": 1, "abcdefghYabcdefgh": 2, "abcd": 3, "abce": 4, "a": 5)",
                             R"("abcdefghYabcdefgh": 2, "abcdefghXabcdefgh": 1, "a": 5, "abce": 4)",
                             R"("abcdefghZabcdefgh": 1)", R"("abcf": 1)", R"("b": 1)", R"("abc": 1)",
                             R"("abcdefghXabcdefgh": 1, "abcdefghXabcdefgh": 1)"}) {
    ++line;
    const std::string text =
        family_line(std::string(R"({"type": "alike", "date": "2017-01-01", )") + fields + "}", "F" + std::to_string(line));
    fast_issues.clear();
    full_issues.clear();
    INFO(text);
    const auto outcome = fast.parse_line(text, line, a);
    CHECK(full.parse_line(text, line, b) == outcome);
    CHECK(fast_issues == full_issues);
    if (outcome == CohortReader::Outcome::Accepted) CHECK(a == b);
  }
  CHECK(fast.fast_accepted() == 2);
}

TEST_CASE("fast path: events out of order are sorted by type, then date, ties in input order") {
  Both both;
  std::string events;
  // Enough events of one type for a full sort, with ties on one date.
  for (int i = 0; i < 60; ++i) {
    const int day = 28 - (i * 7) % 28;
    events += (i ? ", " : "") + std::string(R"({"type": "incident", "member": "C1", "date": "2017-03-)") +
              (day < 10 ? "0" : "") + std::to_string(day) + "\"}";
    if (i % 10 == 0) events += R"(, {"type": "spell", "member": "M1", "start": "2016-01-0)" + std::to_string(9 - i / 10) + "\"}";
  }
  REQUIRE(both.read(family_line(events)) == CohortReader::Outcome::Accepted);
  const Family& f = both.fast_family;
  check_in_event_order(f);
  CHECK(f.events_of_type(kIncident).size() == 60);
  CHECK(f.events_of_type(kSpell).size() == 6);
  // A few events out of order (the insertion sort) and events already in order.
  CHECK(both.read(family_line(R"({"type": "incident", "member": "C1", "date": "2017-03-02"}, )"
                              R"({"type": "incident", "member": "C1", "date": "2017-03-01"}, )"
                              R"({"type": "incident", "member": "M1", "date": "2017-03-01"})",
                              "F2")) == CohortReader::Outcome::Accepted);
  CHECK(both.fast_family.events[0].position == 1);
  CHECK(both.fast_family.events[1].position == 2);
  CHECK(both.fast_family.events[2].position == 0);
  CHECK(both.read(family_line(kAllTypes, "F3")) == CohortReader::Outcome::Accepted);
}

TEST_CASE("fast path: every byte of a good line, deleted or changed, reads the same both ways") {
  Both both;
  const std::string good = family_line(kAllTypes);
  int64_t fast_before = 0;
  for (size_t i = 0; i < good.size(); ++i) {
    for (const char replacement : {'\0', ' ', '"', '\\', '}', ']', ',', ':', '0', 'x', '\x01', '\xC3'}) {
      std::string changed = good;
      changed[i] = replacement;
      // A fresh id for each, so no line is refused for repeating an earlier one.
      if (changed.find("\"F1\"") != std::string::npos)
        changed.replace(changed.find("\"F1\""), 4, "\"F" + std::to_string(both.line) + "\"");
      both.read(changed);
    }
    std::string shorter = good;
    shorter.erase(i, 1);
    if (shorter.find("\"F1\"") != std::string::npos)
      shorter.replace(shorter.find("\"F1\""), 4, "\"F" + std::to_string(both.line) + "\"");
    both.read(shorter);
  }
  CHECK(both.fast.fast_accepted() > fast_before);
}

TEST_CASE("fast path: many events under a unique key, with and without a repeat") {
  Both both;
  std::string events;
  for (int year = 1990; year < 2010; ++year)
    for (const char* member : {"M1", "C1"})
      events += std::string(events.empty() ? "" : ", ") + R"({"type": "record", "member": ")" + member +
                R"(", "term": ")" + std::to_string(year) + R"(-spring", "possible": 10, "missed": 1})";
  CHECK(both.read(family_line(events)) == CohortReader::Outcome::Accepted);
  CHECK(both.fast.fast_accepted() == 1);
  // The same member and term again, far from the first: the full reader names the pair.
  const std::string repeat = events + R"(, {"type": "record", "member": "C1", "term": "1995-spring", "possible": 9, "missed": 0})";
  CHECK(both.read(family_line(repeat, "F2")) == CohortReader::Outcome::Rejected);
  CHECK(both.fast_issues.size() == 1);
  // Same term, other member; same member, other term: no repeat.
  CHECK(both.read(family_line(R"({"type": "monthly", "month": "2017-05", "count": 1, "colour": "red"}, )"
                              R"({"type": "monthly", "member": "C1", "month": "2017-05", "count": 1, "colour": "red"}, )"
                              R"({"type": "monthly", "member": "C1", "month": "2017-06", "count": 1, "colour": "red"})",
                              "F3")) == CohortReader::Outcome::Accepted);
  CHECK(both.read(family_line(R"({"type": "monthly", "month": "2017-05", "count": 1, "colour": "red"}, )"
                              R"({"type": "monthly", "month": "2017-05", "count": 2, "colour": "blue"})",
                              "F4")) == CohortReader::Outcome::Rejected);
}
