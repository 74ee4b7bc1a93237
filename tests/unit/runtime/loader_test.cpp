// The cohort loader on good input: what an accepted family holds, how each
// field type is stored, event order and the type index, member rules, and
// the warnings that do not reject a family.
#include <doctest/doctest.h>

#include "runtime/loader.h"
#include "tests/unit/runtime/loader_test_support.h"

using namespace outcomes;
using namespace outcomes::loader_test;
using Outcome = CohortReader::Outcome;

namespace {

Date d(const char* text) { return *parse_iso_date(text); }

const EventTypeDef& type_of(const Harness& h, TestType t) { return h.schema.types[t]; }

// The single event of type t in the accepted family.
const Event& only_event(const Harness& h, TestType t) {
  REQUIRE(h.family.events_of_type(t).size() == 1);
  return h.family.events_of_type(t)[0];
}

}  // namespace

TEST_CASE("a good family is accepted with its fields and members") {
  Harness h;
  const std::string line =
      R"({"id": "F0001", "district": "Stevenage", "lead_agency": "Intensive Family Support", )"
      R"("assessment_date": "2017-09-12", )" +
      std::string(kMembers) + R"(, "events": [{"type": "incident", "member": "C1", "date": "2017-03-01"}]})";
  REQUIRE(h.parse(line, 7) == Outcome::Accepted);
  CHECK(h.issues.empty());
  const Family& f = h.family;
  CHECK(f.id == "F0001");
  CHECK(f.district == "Stevenage");
  CHECK(f.lead_agency == "Intensive Family Support");
  CHECK(f.assessment_date == d("2017-09-12"));
  CHECK(f.line == 7);
  REQUIRE(f.members.size() == 2);
  CHECK(f.members[0].id == "M1");
  CHECK(f.members[0].role == Role::Adult);
  CHECK(f.members[0].parenting);
  CHECK(f.members[0].dob == d("1985-03-02"));
  CHECK(f.members[1].id == "C1");
  CHECK(f.members[1].role == Role::Child);
  CHECK_FALSE(f.members[1].parenting);
  const Event& e = only_event(h, kIncident);
  CHECK(e.member == 1);
  CHECK(e.position == 0);
  CHECK(e.order_key == d("2017-03-01").days);
  CHECK(slot_of(f, e, type_of(h, kIncident), "date") == d("2017-03-01").days);
  CHECK(h.reader.accepted() == 1);
  CHECK(h.reader.rejected() == 0);
  CHECK(h.reader.warnings() == 0);
}

TEST_CASE("optional family strings: absent or null leave them empty; parenting defaults to false") {
  Harness h;
  REQUIRE(h.parse(R"({"id": "F1", "district": null, "assessment_date": "2017-09-12", )"
                  R"("members": [{"id": "M1", "role": "adult", "dob": "1985-03-02"}], "events": []})") ==
          Outcome::Accepted);
  CHECK(h.family.district.empty());
  CHECK(h.family.lead_agency.empty());
  CHECK_FALSE(h.family.members[0].parenting);
  CHECK(h.family.events.empty());
  CHECK(h.family.events_of_type(kIncident).empty());
  REQUIRE(h.parse(R"({"id": "F2", "assessment_date": "2017-09-12", )"
                  R"("members": [{"id": "M1", "role": "adult", "dob": "1985-03-02", "parenting": null}], "events": []})") ==
          Outcome::Accepted);
  CHECK_FALSE(h.family.members[0].parenting);
}

TEST_CASE("each field type is stored in its slots") {
  Harness h;
  REQUIRE(h.parse(family_line(
              R"({"type": "spell", "member": "M1", "start": "2016-01-01", "end": "2016-06-30"},)"
              R"({"type": "spell", "member": "M1", "start": "2017-01-01", "end": null},)"
              R"({"type": "spell", "member": "M1", "start": "2018-01-01"},)"
              R"({"type": "record", "member": "C1", "term": "2016-autumn", "possible": 140, "missed": 14},)"
              R"({"type": "monthly", "month": "2017-05", "count": 28, "ratio": 2.5, "flag": false, "colour": "blue"},)"
              R"({"type": "reading", "date": "2017-02-01", "scores": {"safety": 7, "health": 10}},)"
              R"({"type": "note", "date": "2017-02-02"})")) == Outcome::Accepted);
  CHECK(h.issues.empty());
  const Family& f = h.family;

  auto spells = f.events_of_type(kSpell);
  REQUIRE(spells.size() == 3);
  const EventTypeDef& spell = type_of(h, kSpell);
  CHECK(slot_of(f, spells[0], spell, "end") == d("2016-06-30").days);
  CHECK(slot_of(f, spells[1], spell, "end") == kOpenEnd.days);  // null: still open
  CHECK(slot_of(f, spells[2], spell, "end") == kOpenEnd.days);  // absent: still open

  const Event& record = only_event(h, kRecord);
  CHECK(slot_of(f, record, type_of(h, kRecord), "term") == *parse_term("2016-autumn"));
  CHECK(slot_of(f, record, type_of(h, kRecord), "possible") == 140);
  CHECK(slot_of(f, record, type_of(h, kRecord), "missed") == 14);
  CHECK(record.order_key == term_start(*parse_term("2016-autumn")).days);

  const Event& monthly = only_event(h, kMonthly);
  const EventTypeDef& mt = type_of(h, kMonthly);
  CHECK(monthly.member == kNoMember);  // optional member, absent
  CHECK(slot_of(f, monthly, mt, "month") == *parse_month("2017-05"));
  CHECK(monthly.order_key == month_start(*parse_month("2017-05")).days);
  CHECK(slot_of(f, monthly, mt, "count") == 28);
  CHECK(slot_of(f, monthly, mt, "ratio", 0) == 5);  // 2.5 = 5/2 exactly
  CHECK(slot_of(f, monthly, mt, "ratio", 1) == 2);
  CHECK(slot_of(f, monthly, mt, "flag") == 0);
  CHECK(slot_of(f, monthly, mt, "colour") == 2);

  const Event& reading = only_event(h, kReading);
  const EventTypeDef& rt = type_of(h, kReading);
  CHECK(slot_of(f, reading, rt, "scores", 0) == 10);  // health
  CHECK(slot_of(f, reading, rt, "scores", 1) == 0);   // wellbeing: not scored
  CHECK(slot_of(f, reading, rt, "scores", 2) == 7);   // safety

  const Event& note = only_event(h, kNote);
  const EventTypeDef& nt = type_of(h, kNote);
  CHECK(slot_of(f, note, nt, "hours", 0) == 3);  // the default
  CHECK(slot_of(f, note, nt, "hours", 1) == 1);
  CHECK(slot_of(f, note, nt, "done") == kAbsent);
  CHECK(slot_of(f, note, nt, "until") == kAbsent);
}

TEST_CASE("numbers are exact rationals from their decimal text") {
  Harness h;
  int families = 0;
  auto ratio_of = [&](const char* text) -> std::pair<int64_t, int64_t> {
    const std::string event =
        std::string(R"({"type": "monthly", "month": "2017-05", "count": 1, "colour": "red", "ratio": )") + text + "}";
    REQUIRE(h.parse(family_line(event, "F" + std::to_string(++families))) == Outcome::Accepted);
    const Event& e = only_event(h, kMonthly);
    return {slot_of(h.family, e, type_of(h, kMonthly), "ratio", 0),
            slot_of(h.family, e, type_of(h, kMonthly), "ratio", 1)};
  };
  CHECK(ratio_of("2.5") == std::pair<int64_t, int64_t>{5, 2});
  CHECK(ratio_of("0.1") == std::pair<int64_t, int64_t>{1, 10});
  CHECK(ratio_of("0.10") == std::pair<int64_t, int64_t>{1, 10});
  CHECK(ratio_of("1e2") == std::pair<int64_t, int64_t>{100, 1});
  CHECK(ratio_of("12.5E-1") == std::pair<int64_t, int64_t>{5, 4});
  CHECK(ratio_of("0") == std::pair<int64_t, int64_t>{0, 1});
  CHECK(ratio_of("-0.0") == std::pair<int64_t, int64_t>{0, 1});
  CHECK(ratio_of("0.333333333333333333") == std::pair<int64_t, int64_t>{333333333333333333, 1000000000000000000});
  CHECK(ratio_of("9223372036854775807") == std::pair<int64_t, int64_t>{INT64_MAX, 1});
}

TEST_CASE("null for an optional field is absent; for a defaulted field, the default") {
  Harness h;
  REQUIRE(h.parse(family_line(
              R"({"type": "monthly", "month": "2017-05", "count": 1, "colour": "red", "ratio": null, "flag": null},)"
              R"({"type": "note", "date": "2017-02-02", "hours": null, "done": null, "until": null})")) ==
          Outcome::Accepted);
  const Event& monthly = only_event(h, kMonthly);
  CHECK(slot_of(h.family, monthly, type_of(h, kMonthly), "ratio", 0) == kAbsent);
  CHECK(slot_of(h.family, monthly, type_of(h, kMonthly), "ratio", 1) == kAbsent);
  CHECK(slot_of(h.family, monthly, type_of(h, kMonthly), "flag") == 1);
  const Event& note = only_event(h, kNote);
  CHECK(slot_of(h.family, note, type_of(h, kNote), "hours", 0) == 3);
  CHECK(slot_of(h.family, note, type_of(h, kNote), "done") == kAbsent);
}

TEST_CASE("events are grouped by type, ordered by date, ties kept in input order") {
  Harness h;
  REQUIRE(h.parse(family_line(R"({"type": "incident", "member": "C1", "date": "2017-03-01"},)"   // 0
                              R"({"type": "note", "date": "2016-01-01"},)"                        // 1
                              R"({"type": "incident", "member": "M1", "date": "2016-12-31"},)"   // 2
                              R"({"type": "incident", "member": "C1", "date": "2017-03-01"},)"   // 3
                              R"({"type": "incident", "member": "M1", "date": "2017-03-01"},)"   // 4
                              R"({"type": "incident", "member": "M1", "date": "2015-05-05"})"))  // 5
          == Outcome::Accepted);
  const Family& f = h.family;
  auto incidents = f.events_of_type(kIncident);
  REQUIRE(incidents.size() == 5);
  std::vector<uint32_t> positions;
  for (const Event& e : incidents) positions.push_back(e.position);
  CHECK(positions == std::vector<uint32_t>{5, 2, 0, 3, 4});
  CHECK(incidents[0].order_key == d("2015-05-05").days);
  CHECK(incidents[4].order_key == d("2017-03-01").days);
  REQUIRE(f.events_of_type(kNote).size() == 1);
  CHECK(f.events_of_type(kNote)[0].position == 1);
  CHECK(f.events_of_type(kSpell).empty());
  CHECK(f.type_begin.size() == h.schema.types.size() + 1);
  // Each event's slots still belong to it after the sort.
  for (const Event& e : incidents) {
    const char* expected[] = {"2017-03-01", "", "2016-12-31", "2017-03-01", "2017-03-01", "2015-05-05"};
    CHECK(slot_of(f, e, type_of(h, kIncident), "date") == d(expected[e.position]).days);
  }
}

TEST_CASE("key order does not matter: events before members, id last, type last") {
  Harness h;
  const std::string line =
      R"({"events": [{"member": "C1", "date": "2017-03-01", "type": "incident"}], )" + std::string(kMembers) +
      R"(, "assessment_date": "2017-09-12", "id": "F9"})";
  REQUIRE(h.parse(line) == Outcome::Accepted);
  CHECK(h.family.id == "F9");
  CHECK(only_event(h, kIncident).member == 1);
}

TEST_CASE("escaped strings are read by their meaning") {
  Harness h;
  REQUIRE(h.parse(R"({"id": "F\u00301", "assessment_date": "2017-09-12", )"
                  R"("members": [{"id": "M\u00e9", "role": "adult", "dob": "1985-03-02"}], )"
                  R"("events": [{"type": "incident", "member": "M\u00e9", "date": "2017-03-01"}]})") ==
          Outcome::Accepted);
  CHECK(h.family.id == "F01");
  CHECK(h.family.members[0].id == "M\xC3\xA9");
  CHECK(only_event(h, kIncident).member == 0);
}

TEST_CASE("field names written with escapes are read by their meaning") {
  Harness h;
  REQUIRE(h.parse(R"({"id": "F1", "assessment_dat\u0065": "2017-09-12", )"
                  R"("members": [{"id": "M1", "rol\u0065": "adult", "dob": "1985-03-02"}], )"
                  R"("events": [{"type": "incident", "memb\u0065r": "M1", "d\u0061te": "2017-03-01"},)"
                  R"({"d\u0061te": "2017-03-02", "type": "incident", "member": "M1"}]})") == Outcome::Accepted);
  CHECK(h.issues.empty());
  CHECK(h.family.assessment_date == d("2017-09-12"));
  CHECK(h.family.events_of_type(kIncident).size() == 2);
  // A quote inside a name is fine too; the name is simply unknown.
  REQUIRE(h.parse(family_line(R"({"type": "incident", "member": "M1", "date": "2017-03-01", "da\"te": 1})", "F2")) ==
          Outcome::Accepted);
  REQUIRE(h.warnings().size() == 1);
  CHECK(h.warnings()[0].field == "events[0].da\"te");
  // The event's type is found by its plain name (documented in loader.h).
  CHECK(h.parse(family_line(R"({"typ\u0065": "incident", "member": "M1", "date": "2017-03-01"})", "F3")) ==
        Outcome::Rejected);
  CHECK(h.errors()[0].field == "events[0].type");
}

TEST_CASE("member rules: required, optional, none") {
  Harness h;
  SUBCASE("optional member present or null") {
    REQUIRE(h.parse(family_line(R"({"type": "monthly", "member": "C1", "month": "2017-05", "count": 1, "colour": "red"},)"
                                R"({"type": "note", "member": null, "date": "2017-01-01"})")) == Outcome::Accepted);
    CHECK(only_event(h, kMonthly).member == 1);
    CHECK(only_event(h, kNote).member == kNoMember);
  }
  SUBCASE("a member on a type without one is ignored with a warning") {
    REQUIRE(h.parse(family_line(R"({"type": "reading", "member": "C1", "date": "2017-02-01", "scores": {"health": 5}})"),
                    4) == Outcome::Accepted);
    CHECK(only_event(h, kReading).member == kNoMember);
    REQUIRE(h.warnings().size() == 1);
    CHECK(render_load_issue(h.warnings()[0]) ==
          "cohort.jsonl:4: warning: family F1: events[0].member: ignored: \"reading\" events have no member");
    CHECK(h.reader.warnings() == 1);
  }
  SUBCASE("member null on a type without one needs no warning") {
    REQUIRE(h.parse(family_line(R"({"type": "reading", "member": null, "date": "2017-02-01", "scores": {"health": 5}})")) ==
            Outcome::Accepted);
    CHECK(h.issues.empty());
  }
}

TEST_CASE("unknown fields are ignored with a warning, with a suggestion when close") {
  Harness h;
  const std::string line =
      R"({"id": "F1", "assessment_date": "2017-09-12", "region": {"a": [1, 2, {"b": null}]}, )"
      R"("members": [{"id": "M1", "role": "adult", "dob": "1985-03-02", "nickname": "Al"}], )"
      R"("events": [{"type": "incident", "member": "M1", "date": "2017-03-01", "dat": "x"}]})";
  REQUIRE(h.parse(line, 3) == Outcome::Accepted);
  const auto warnings = h.warnings();
  REQUIRE(warnings.size() == 3);
  CHECK(render_load_issue(warnings[0]) == "cohort.jsonl:3: warning: family F1: region: unknown field, ignored");
  CHECK(warnings[1].field == "members[0].nickname");
  CHECK(render_load_issue(warnings[2]) ==
        "cohort.jsonl:3: warning: family F1: events[0].dat: unknown field, ignored (did you mean \"date\"?)");
  CHECK(h.reader.warnings() == 3);
  CHECK(h.reader.accepted() == 1);
}

TEST_CASE("parenting on a child is ignored with a warning") {
  Harness h;
  REQUIRE(h.parse(R"({"id": "F1", "assessment_date": "2017-09-12", "members": [)"
                  R"({"id": "C1", "parenting": true, "role": "child", "dob": "2006-05-10"}], "events": []})") ==
          Outcome::Accepted);
  CHECK_FALSE(h.family.members[0].parenting);
  REQUIRE(h.warnings().size() == 1);
  CHECK(h.warnings()[0].field == "members[0].parenting");
  CHECK(h.warnings()[0].message.find("adults only") != std::string::npos);
  // Whatever it holds: it is ignored, not checked.
  REQUIRE(h.parse(R"({"id": "F2", "assessment_date": "2017-09-12", "members": [)"
                  R"({"id": "C1", "role": "child", "dob": "2006-05-10", "parenting": "yes"}], "events": []})") ==
          Outcome::Accepted);
  CHECK(h.warnings().size() == 1);
}

TEST_CASE("blank lines are ignored and counted nowhere") {
  Harness h;
  CHECK(h.parse("") == Outcome::Blank);
  CHECK(h.parse("   \t \r") == Outcome::Blank);
  CHECK(h.issues.empty());
  CHECK(h.reader.accepted() == 0);
  CHECK(h.reader.rejected() == 0);
}

TEST_CASE("the Family is reused from line to line") {
  Harness h;
  REQUIRE(h.parse(family_line(R"({"type": "incident", "member": "C1", "date": "2017-03-01"})", "A")) == Outcome::Accepted);
  REQUIRE(h.parse(R"({"id": "B", "assessment_date": "2018-01-01", "members": [{"id": "X", "role": "adult", )"
                  R"("dob": "1990-01-01"}], "events": []})") == Outcome::Accepted);
  CHECK(h.family.id == "B");
  CHECK(h.family.members.size() == 1);
  CHECK(h.family.events.empty());
  CHECK(h.family.slots.empty());
  CHECK(h.family.district.empty());
}

TEST_CASE("a line repeating the id of an accepted family is rejected; of a rejected one, not") {
  Harness h;
  REQUIRE(h.parse(family_line("", "F1"), 1) == Outcome::Accepted);
  REQUIRE(h.parse(family_line("", "F1"), 2) == Outcome::Rejected);
  CHECK(h.error() == "cohort.jsonl:2: family F1: id: the family id \"F1\" was already used by the family on line 1");
  // F2 is rejected first, so its id stays free.
  REQUIRE(h.parse(family_line(R"({"type": "nope"})", "F2"), 3) == Outcome::Rejected);
  REQUIRE(h.parse(family_line("", "F2"), 4) == Outcome::Accepted);
  CHECK(h.reader.accepted() == 2);
  CHECK(h.reader.rejected() == 2);
}

TEST_CASE("a good family after a bad one is still accepted") {
  Harness h;
  CHECK(h.parse("{not json", 1) == Outcome::Rejected);
  CHECK(h.parse(family_line(R"({"type": "incident", "member": "C9", "date": "2017-03-01"})", "F1"), 2) ==
        Outcome::Rejected);
  REQUIRE(h.parse(family_line(R"({"type": "incident", "member": "C1", "date": "2017-03-01"})", "F2"), 3) ==
          Outcome::Accepted);
  CHECK(h.family.id == "F2");
  CHECK(h.family.events.size() == 1);
  CHECK(h.reader.rejected() == 2);
  CHECK(h.reader.accepted() == 1);
}
