// Superinstructions (compiler/superinstructions.cpp, runtime/bytecode.h):
// each gives what the plain instructions it stands for give, over absent
// values and unknown, and none is made where a jump could enter the middle
// of its sequence. Every comparison runs a program twice: as compiled (with
// superinstructions) and with every superinstruction turned back into the
// instruction it replaced.
#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "compiler/driver.h"
#include "compiler/superinstructions.h"
#include "runtime/loader.h"
#include "runtime/vm.h"

using namespace outcomes;

namespace {

Program unfused_copy(const Program& p) {
  Program plain = p;
  for (Instruction& in : plain.code) in.op = unfused(in.op);
  return plain;
}

std::set<Op> superinstructions_in(const Program& p) {
  std::set<Op> found;
  for (const Instruction& in : p.code)
    if (unfused(in.op) != in.op) found.insert(in.op);
  return found;
}

constexpr const char* kRules = R"(
def n_excl -> Int = count exclusion
def long_excl -> Int = count exclusion where days > 2
def long_or_permanent -> Bool = any exclusion where days > 2 or kind == permanent
def days_total -> Number = sum days of exclusion
def recent_long -> Verdict = any exclusion where date >= A - 6 months and days >= 3 and kind == fixed
def between(n: Int) -> Bool = 3 < n and n < 10
def above(n: Int) -> Bool = 3 < n
def plus(a: Int, b: Int) -> Int = a + b
def itself(n: Int) -> Int = n
def small -> Bool = between(n_excl) and above(long_excl)
def sums -> Int = plus(n_excl, long_excl) + itself(count offence)
def offenders -> Int = count offence where member.role == child
def same_day -> Int = count o in offence where (count x in offence where x.date == o.date) > 1
def unknown_rate -> Verdict = percent(count offence, count exclusion) < 50%
def all_known -> Verdict = every e in exclusion satisfies e.days > 1 and percent(1, 0) < 10%
strand s "S" {
  indicator 1.1 { presents when unknown_rate progress when long_excl > 1 and unknown_rate }
  indicator 1.2 { presents when long_or_permanent and small progress when all_known }
}
)";

constexpr const char* kMembers =
    R"([{"id": "M1", "role": "adult", "dob": "1985-03-02", "parenting": true},)"
    R"( {"id": "C1", "role": "child", "dob": "2006-05-10"}])";

std::string family_json(const std::string& events) {
  return R"({"id": "F1", "assessment_date": "2018-01-15", "members": )" + std::string(kMembers) +
         R"(, "events": [)" + events + "]}";
}

std::string exclusion(const char* member, const char* date, const char* kind, const char* days) {
  std::string s = std::string(R"({"type": "exclusion", "member": ")") + member + R"(", "date": ")" + date +
                  R"(", "kind": ")" + kind + "\"";
  if (days) s += std::string(R"(, "days": )") + days;
  return s + "}";
}

std::string offence(const char* member, const char* date) {
  return std::string(R"({"type": "offence", "member": ")") + member + R"(", "date": ")" + date + "\"}";
}

Family read_family(Program& program, Vm& checks, const std::string& events) {
  bind_event_checks(program, checks);
  CohortReader reader(program.schema, "test.jsonl", [](const LoadIssue&) {});
  Family f;
  std::string line = family_json(events);
  REQUIRE(reader.parse_line(line, 1, f) == CohortReader::Outcome::Accepted);
  return f;
}

}  // namespace

TEST_CASE("superinstructions: each gives what its plain sequence gives, absent values and unknown included") {
  auto compilation = compile_text("fuse.plan", kRules);
  INFO(render_all(compilation->diagnostics, compilation->sources));
  REQUIRE(compilation->ok());
  Program& fused = *compilation->program;
  const Program plain = unfused_copy(fused);
  CHECK(superinstructions_in(plain).empty());

  // The rules above give rise to every superinstruction (the schema's
  // checks, compiled with the plan, to COLLAPSE_RETURN).
  const std::set<Op> found = superinstructions_in(fused);
#define X(name, first, length, doc) CHECK_MESSAGE(found.count(Op::name), #name " is not made");
  OUTCOMES_SUPERINSTRUCTIONS(X)
#undef X

  Vm checks(fused);
  const std::vector<std::string> cohort = {
      "",
      exclusion("C1", "2017-10-01", "fixed", "3") + ", " + exclusion("C1", "2017-11-01", "permanent", nullptr),
      exclusion("C1", "2017-10-01", "fixed", "1.5") + ", " + exclusion("M1", "2017-12-01", "fixed", "4") + ", " +
          offence("C1", "2017-12-01") + ", " + offence("M1", "2017-12-01") + ", " + offence("C1", "2016-01-01"),
      exclusion("C1", "2016-10-01", "permanent", nullptr) + ", " + exclusion("C1", "2017-09-01", "permanent", nullptr) +
          ", " + exclusion("C1", "2017-09-02", "permanent", nullptr) + ", " + exclusion("C1", "2017-09-03", "fixed", "9") +
          ", " + offence("C1", "2017-12-01"),
  };
  Vm fused_vm(fused), plain_vm(plain);
  for (const std::string& events : cohort) {
    INFO("events: " << events);
    Family f = read_family(fused, checks, events);
    const Date as_of{17712};  // 2018-06-30
    Evaluation a, b;
    fused_vm.evaluate(f, as_of, a);
    plain_vm.evaluate(f, as_of, b);
    CHECK(a.presenting == b.presenting);
    CHECK(a.progress == b.progress);
    for (size_t i = 0; i < fused.functions.size(); ++i) {
      if (fused.functions[i].arity != 0) continue;
      INFO(fused.functions[i].name);
      Value x = fused_vm.call(static_cast<int>(i)), y = plain_vm.call(static_cast<int>(i));
      CHECK(x.a == y.a);
      CHECK(x.b == y.b);
    }
    // Each event through the checks of its type (check_functions lists them
    // type by type, in schema order).
    std::vector<int> check_type;
    for (size_t t = 0; t < fused.schema.types.size(); ++t)
      check_type.insert(check_type.end(), fused.schema.types[t].checks.size(), static_cast<int>(t));
    REQUIRE(check_type.size() == fused.check_functions.size());
    for (uint32_t e = 0; e < f.events.size(); ++e)
      for (size_t c = 0; c < fused.check_functions.size(); ++c) {
        if (check_type[c] != f.events[e].type) continue;
        const int check = fused.check_functions[c];
        CHECK(fused_vm.run_check(check, f, e) == plain_vm.run_check(check, f, e));
      }
  }
}

namespace {

// A hand-written program: function 1 (`choose`, one Bool argument x) is
//   0 CONST 9; 1 LOAD_LOCAL x; 2 JUMP_IF_FALSE to; 3 POP; 4 CONST 7; 5 STORE_LOCAL 1; 6 LOAD_LOCAL 1; 7 RETURN
// so it answers 7 when x is true and 9 otherwise. With `to` = 5 the jump
// enters CONST 7; STORE_LOCAL between its two instructions; with `to` = 4 it
// does not. Function 0 calls it with `x`.
Program choose_program(int32_t to, bool x) {
  Program p;
  p.constants = {{9, 0}, {7, 0}, {x ? 1 : 0, 0}};
  p.code = {{Op::CONST, 0, 0, 2}, {Op::CALL, 0, 0, 1}, {Op::RETURN, 0, 0, 0},
            {Op::CONST, 0, 0, 0}, {Op::LOAD_LOCAL, 0, 0, 0}, {Op::JUMP_IF_FALSE, 0, 0, to + 3},
            {Op::POP, 0, 0, 0}, {Op::CONST, 0, 0, 1}, {Op::STORE_LOCAL, 0, 0, 1},
            {Op::LOAD_LOCAL, 0, 0, 1}, {Op::RETURN, 0, 0, 0}};
  p.debug.resize(p.code.size());
  FunctionInfo root, choose;
  root.name = "root", root.entry = 0, root.end = 3;
  choose.name = "choose", choose.entry = 3, choose.end = 11, choose.arity = 1, choose.locals = 2;
  p.functions = {root, choose};
  return p;
}

}  // namespace

TEST_CASE("superinstructions: none is made where a jump enters the middle of its sequence") {
  for (bool x : {true, false}) {
    INFO("x = " << x);
    // The jump lands on STORE_LOCAL: CONST 7 (pc 7) stays as it is.
    Program entered = choose_program(5, x);
    // ... with 9 left on the stack, so x false gives 9, as the plain code does.
    Program entered_plain = entered;
    fuse_superinstructions(entered);
    CHECK(entered.code[7].op == Op::CONST);
    CHECK(entered.code[9].op == Op::LOCAL_RETURN);  // LOAD_LOCAL 1; RETURN is entered only at its start
    CHECK(Vm(entered).call(0).a == (x ? 7 : 9));
    CHECK(Vm(entered_plain).call(0).a == (x ? 7 : 9));

    // The jump lands on CONST 7 itself: the pair becomes CONST_STORE.
    Program whole = choose_program(4, x);
    fuse_superinstructions(whole);
    CHECK(whole.code[7].op == Op::CONST_STORE);
    CHECK(Vm(whole).call(0).a == 7);
  }
}

TEST_CASE("superinstructions: traced programs keep the plain instructions") {
  auto compilation = compile_text("fuse.plan", kRules, /*trace=*/true);
  REQUIRE(compilation->ok());
  CHECK(superinstructions_in(*compilation->program).empty());
  CHECK(fuse_superinstructions(*compilation->program) == 0);
}

TEST_CASE("superinstructions: the names and documentation cover every opcode") {
  CHECK(std::string(op_name(Op::LOCAL_FIELD)) == "LOCAL_FIELD");
  CHECK(unfused(Op::LOCAL_FIELD) == Op::LOAD_LOCAL);
  CHECK(fused_length(Op::CONST_COMPARE_AND_JUMP) == 3);
  CHECK(unfused(Op::COMPARE) == Op::COMPARE);
  CHECK(fused_length(Op::COMPARE) == 1);
  CHECK(std::string(op_doc(Op::EVENTS_ITER_START)).find("ITER_START") != std::string::npos);
}
