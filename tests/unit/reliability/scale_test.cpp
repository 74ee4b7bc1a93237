// Big families (docs/reliability.md): 100,000 events load and evaluate under
// every bundled plan in reasonable time, and so does a family of thousands of
// members (once quadratic: the loader scanned the members for every event,
// and each event check rebuilt the VM's list of members). Loader limits on a
// family's size give their messages.
#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

#include "compiler/driver.h"
#include "runtime/loader.h"
#include "runtime/vm.h"
#include "tests/unit/reliability/reliability_support.h"

using namespace outcomes;

namespace {

using reliability::kSlack;
using reliability::seconds_since;

struct Plan {
  std::unique_ptr<Compilation> c;
  std::unique_ptr<Vm> check_vm;
  explicit Plan(const std::string& name) : c(compile_file(std::string(OUTCOMES_SOURCE_ROOT) + "/plans/" + name)) {
    REQUIRE(c->ok());
    check_vm = std::make_unique<Vm>(*c->program);
    bind_event_checks(*c->program, *check_vm);
  }
};

std::string date(int days_before) {
  return format_date(add_days(*parse_iso_date("2018-06-01"), -days_before));
}

// One adult and one child; 100,000 events of every kind the plans read,
// spread over eleven years.
std::string big_family() {
  std::string events;
  auto add = [&](const std::string& e) { events += (events.empty() ? "" : ", ") + e; };
  for (int i = 0; i < 10000; ++i) {
    int k = i % 4000;
    add(R"({"type": "offence", "member": "C1", "date": ")" + date(k) + "\"}");
    add(R"({"type": "asb_incident", "member": "C1", "date": ")" + date(k + 1) + "\"}");
    add(R"({"type": "exclusion", "member": "C1", "date": ")" + date(k) + R"(", "kind": "fixed", "days": 1})");
    add(R"({"type": "benefit", "member": "M1", "benefit": "jsa", "start": ")" + date(k + 300) + R"(", "end": ")" +
        date(k) + "\"}");
    add(R"({"type": "employment", "member": "M1", "start": ")" + date(k + 100) + R"(", "end": ")" + date(k) + "\"}");
    add(R"({"type": "cin", "member": "C1", "reason": "other", "start": ")" + date(k + 60) + R"(", "end": ")" +
        date(k) + "\"}");
    add(R"({"type": "concern", "date": ")" + date(k) + R"(", "area": "attendance", "source": "ffa"})");
    add(R"({"type": "star_reading", "date": ")" + date(k) + R"(", "scores": {"physical_health": 4, "family_routine": 8}})");
    add(R"({"type": "gp_registration", "member": "C1", "start": ")" + date(k + 10) + R"(", "end": null})");
    add(R"({"type": "da_notification", "member": "M1", "date": ")" + date(k) + R"(", "category": "vawg"})");
  }
  return R"({"id": "BIG", "assessment_date": "2017-09-12", "members": [)"
         R"({"id": "M1", "role": "adult", "dob": "1980-01-01", "parenting": true},)"
         R"( {"id": "C1", "role": "child", "dob": "2008-01-01"}], "events": [)" +
         events + "]}";
}

}  // namespace

TEST_CASE("a family of 100,000 events loads and evaluates under every plan") {
  const std::string line = big_family();
  for (const char* name : {"herts-2018.plan", "tf2.plan", "herefordshire-v6.1.plan"}) {
    Plan plan(name);
    CohortReader reader(plan.c->program->schema, "big.jsonl", nullptr);
    Family family;
    auto started = std::chrono::steady_clock::now();
    REQUIRE(reader.parse_line(line, 1, family) == CohortReader::Outcome::Accepted);
    double load = seconds_since(started);
    CHECK(family.events.size() == 100000);
    Vm vm(*plan.c->program);
    Evaluation e;
    started = std::chrono::steady_clock::now();
    for (const char* as_of : {"2017-09-12", "2018-06-30", "2019-01-31"}) vm.evaluate(family, *parse_iso_date(as_of), e);
    double evaluate = seconds_since(started) / 3;
    MESSAGE(std::string(name) << ": 100,000 events loaded in " << load << " s, evaluated in " << evaluate << " s");
    CHECK(load < kSlack);
    CHECK(evaluate < kSlack);
  }
}

TEST_CASE("a family of 30,000 members and 100,000 events loads in linear time") {
  std::string members = R"({"id": "M0", "role": "adult", "dob": "1980-01-01"})", events;
  const int children = 30000;
  for (int i = 1; i <= children; ++i)
    members += R"(, {"id": "C)" + std::to_string(i) + R"(", "role": "child", "dob": "2008-01-01"})";
  for (int i = 0; i < 100000; ++i) {
    const int child = 1 + i % children, term = i / children;  // one record per child and term
    events += std::string(i ? ", " : "") + R"({"type": "attendance", "member": "C)" + std::to_string(child) +
              R"(", "term": ")" + std::to_string(2014 + term) + R"(-autumn", "possible_sessions": 100,)"
              R"( "authorised_absence": 5, "unauthorised_absence": 5})";
  }
  const std::string line = R"({"id": "F1", "assessment_date": "2017-09-12", "members": [)" + members +
                           R"(], "events": [)" + events + "]}";
  Plan plan("herefordshire-v6.1.plan");
  CohortReader reader(plan.c->program->schema, "many.jsonl", nullptr);
  Family family;
  auto started = std::chrono::steady_clock::now();
  REQUIRE(reader.parse_line(line, 1, family) == CohortReader::Outcome::Accepted);
  double took = seconds_since(started);
  MESSAGE("30,001 members and 100,000 events (each event checked) loaded in " << took << " s");
  CHECK(family.members.size() == 30001);
  CHECK(took < kSlack);
  // Member ids stay unique and resolvable past the point where they are hashed.
  CHECK(family.members[family.events[0].member].id == "C1");
  std::string repeated = line;
  repeated.replace(repeated.find(R"("id": "C40")"), 11, R"("id": "C39")");
  std::string message;
  CohortReader strict(plan.c->program->schema, "many.jsonl",
                      [&](const LoadIssue& issue) { message = render_load_issue(issue); });
  REQUIRE(strict.parse_line(repeated, 1, family) == CohortReader::Outcome::Rejected);
  CHECK(message == "many.jsonl:1: family F1: members[40].id: the member id \"C39\" is also used by members[39]");
  // The next family starts its index afresh.
  CHECK(strict.parse_line(R"({"id": "F2", "assessment_date": "2017-09-12", "members": [{"id": "C39", "role":)"
                          R"( "child", "dob": "2008-01-01"}], "events": [{"type": "offence", "member": "C40",)"
                          R"( "date": "2017-01-01"}]})",
                          2, family) == CohortReader::Outcome::Rejected);
  CHECK(message.find("events[0].member: no member \"C40\" in this family") != std::string::npos);
}

TEST_CASE("a family of more than 32,767 members is rejected by name") {
  std::string members;
  for (int i = 0; i < 32768; ++i)
    members += std::string(i ? ", " : "") + R"({"id": "C)" + std::to_string(i) +
               R"(", "role": "child", "dob": "2008-01-01"})";
  Plan plan("tf2.plan");
  std::string message;
  CohortReader reader(plan.c->program->schema, "c.jsonl",
                      [&](const LoadIssue& issue) { message = render_load_issue(issue); });
  Family family;
  CHECK(reader.parse_line(R"({"id": "F1", "assessment_date": "2017-09-12", "members": [)" + members +
                              R"(], "events": []})",
                          1, family) == CohortReader::Outcome::Rejected);
  CHECK(message == "c.jsonl:1: family F1: members: a family may have at most 32767 members");
}
