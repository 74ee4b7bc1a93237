// Event checks answered from the event's slots (runtime/native_check.h):
// each shape it recognises, met and failed, with absent operands, Number
// fields and values at the edge of overflow, always beside the VM's answer
// for the same event; and shapes it must leave to the VM.
#include <doctest/doctest.h>

#include <initializer_list>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "compiler/driver.h"
#include "runtime/native_check.h"
#include "runtime/vm.h"

using namespace outcomes;

namespace {

constexpr const char* kPlan = R"(plan "native-checks"
enum Kind: permanent, fixed
enum Domain: one, two, three
event spell by optional member {
  start: Date  end: Date or open
  check end >= start: "end is before start"
}
event counted {
  date: Date
  a: Int  b: Int optional  total: Int
  check a > 0: "a must be more than 0"
  check a + b <= total: "a plus b exceeds total"
  check a - total < b: "a minus total is not below b"
  check a * a <= total: "a squared exceeds total"
}
event measured {
  date: Date
  hours: Number
  limit: Number optional
  check hours <= 24.5: "too many hours"
  check hours >= 1: "too few hours"
  check not present(limit) or hours <= limit: "hours exceed the limit"
  check hours + 1 > limit: "limit too high"
}
event flagged {
  date: Date  kind: Kind  days: Number optional
  check kind != fixed or present(days): "a fixed one needs days"
  check kind == fixed and present(days) or kind == permanent: "and then or"
}
event scored {
  date: Date  scores: Scores of Domain in 1..10
  check count_scored(scores) > 0: "needs a score"
}
event dated {
  date: Date  until: Date optional
  check year_of(date) >= 2000: "too early"
  check not present(until) or until >= date: "until is before date"
}
)";

constexpr int64_t kMax = INT64_MAX;

// The plan above, and one event of a type at a time with chosen slots.
struct Checks {
  std::unique_ptr<Compilation> compilation;
  std::unique_ptr<Vm> vm;

  Checks() {
    compilation = compile_text("native.plan", kPlan);
    INFO(render_all(compilation->diagnostics, compilation->sources));
    REQUIRE(compilation->ok());
    vm = std::make_unique<Vm>(program());
  }
  const Program& program() const { return *compilation->program; }

  int type_of(const std::string& name) const {
    const int type = program().schema.type_index(name);
    REQUIRE(type >= 0);
    return type;
  }
  int function_of(int type, size_t check) const {
    size_t index = 0;
    for (int t = 0; t < type; ++t) index += program().schema.types[t].checks.size();
    REQUIRE(check < program().schema.types[type].checks.size());
    return program().check_functions[index + check];
  }
  std::optional<NativeCheck> recognise(const std::string& type_name, size_t check) const {
    const int type = type_of(type_name);
    return NativeCheck::recognise(program(), function_of(type, check), program().schema.types[type]);
  }

  // A family holding one event of `type_name`, each named field set (Number:
  // numerator and denominator), the others absent.
  Family event(const std::string& type_name, std::initializer_list<std::pair<const char*, std::vector<int64_t>>> fields) {
    const EventTypeDef& type = program().schema.types[type_of(type_name)];
    Family family;
    family.assessment_date = Date{17500};
    family.slots.assign(type.slot_count, kAbsent);
    for (const auto& [name, values] : fields) {
      const int field = type.field_index(name);
      REQUIRE(field >= 0);
      REQUIRE(values.size() == static_cast<size_t>(type.fields[field].width));
      for (size_t i = 0; i < values.size(); ++i) family.slots[type.fields[field].slot + i] = values[i];
    }
    Event event;
    event.type = static_cast<uint16_t>(type_of(type_name));
    family.events.push_back(event);
    return family;
  }

  // The VM's answer: Holds, Fails, or AskVm where the VM fails.
  NativeCheck::Answer vm_answer(const std::string& type_name, size_t check, const Family& family) {
    try {
      return vm->run_check(function_of(type_of(type_name), check), family, 0) ? NativeCheck::Answer::Holds
                                                                                : NativeCheck::Answer::Fails;
    } catch (const EvaluationError&) {
      return NativeCheck::Answer::AskVm;
    }
  }

  // The native answer, required to be the VM's, and returned for the test's own expectation.
  NativeCheck::Answer answer(const std::string& type_name, size_t check, const Family& family) {
    const std::optional<NativeCheck> native = recognise(type_name, check);
    REQUIRE(native);
    const NativeCheck::Answer answer = native->evaluate(family, 0);
    CHECK(answer == vm_answer(type_name, check, family));
    CHECK(native->evaluate_tree(family, 0) == answer);
    return answer;
  }
};

using Answer = NativeCheck::Answer;
constexpr Answer kHolds = Answer::Holds, kFails = Answer::Fails, kAskVm = Answer::AskVm;

}  // namespace

TEST_CASE("native checks: field against field (end >= start), an open end being the latest date") {
  Checks c;
  CHECK(c.recognise("spell", 0)->describe() == "collapse(compare >= (field 1, field 0))");
  CHECK(c.answer("spell", 0, c.event("spell", {{"start", {100}}, {"end", {100}}})) == kHolds);
  CHECK(c.answer("spell", 0, c.event("spell", {{"start", {100}}, {"end", {250}}})) == kHolds);
  CHECK(c.answer("spell", 0, c.event("spell", {{"start", {100}}, {"end", {99}}})) == kFails);
  CHECK(c.answer("spell", 0, c.event("spell", {{"start", {-5}}, {"end", {kOpenEnd.days}}})) == kHolds);
}

TEST_CASE("native checks: field against a constant, and arithmetic with an optional operand") {
  Checks c;
  CHECK(c.recognise("counted", 0)->describe() == "collapse(compare > (field 1, 0))");
  CHECK(c.answer("counted", 0, c.event("counted", {{"a", {1}}})) == kHolds);
  CHECK(c.answer("counted", 0, c.event("counted", {{"a", {0}}})) == kFails);
  CHECK(c.answer("counted", 0, c.event("counted", {{"a", {-kMax}}})) == kFails);

  CHECK(c.recognise("counted", 1)->describe() == "collapse(compare <= absent:false (+ (field 1, field 2), field 3))");
  CHECK(c.answer("counted", 1, c.event("counted", {{"a", {3}}, {"b", {4}}, {"total", {7}}})) == kHolds);
  CHECK(c.answer("counted", 1, c.event("counted", {{"a", {3}}, {"b", {5}}, {"total", {7}}})) == kFails);
  // b absent: the sum is absent, and the comparison false.
  CHECK(c.answer("counted", 1, c.event("counted", {{"a", {3}}, {"total", {7}}})) == kFails);
  // On the edge of overflow, and over it: the VM fails, so the native path asks it.
  CHECK(c.answer("counted", 1, c.event("counted", {{"a", {kMax - 1}}, {"b", {1}}, {"total", {kMax}}})) == kHolds);
  CHECK(c.answer("counted", 1, c.event("counted", {{"a", {kMax}}, {"b", {1}}, {"total", {kMax}}})) == kAskVm);
  // A sum of exactly INT64_MIN would read as absent: the VM fails there too.
  CHECK(c.answer("counted", 1, c.event("counted", {{"a", {-kMax}}, {"b", {-1}}, {"total", {0}}})) == kAskVm);
  // b absent but a sum that would overflow: absent wins, as in the VM.
  CHECK(c.answer("counted", 1, c.event("counted", {{"a", {kMax}}, {"total", {0}}})) == kFails);

  CHECK(c.recognise("counted", 2)->describe() == "collapse(compare < absent:false (- (field 1, field 3), field 2))");
  CHECK(c.answer("counted", 2, c.event("counted", {{"a", {5}}, {"b", {1}}, {"total", {5}}})) == kHolds);
  CHECK(c.answer("counted", 2, c.event("counted", {{"a", {5}}, {"b", {0}}, {"total", {5}}})) == kFails);
  CHECK(c.answer("counted", 2, c.event("counted", {{"a", {-kMax}}, {"b", {0}}, {"total", {2}}})) == kAskVm);

  CHECK(c.recognise("counted", 3)->describe() == "collapse(compare <= (* (field 1, field 1), field 3))");
  CHECK(c.answer("counted", 3, c.event("counted", {{"a", {3}}, {"total", {9}}})) == kHolds);
  CHECK(c.answer("counted", 3, c.event("counted", {{"a", {-4}}, {"total", {9}}})) == kFails);
  CHECK(c.answer("counted", 3, c.event("counted", {{"a", {int64_t{1} << 32}}, {"total", {kMax}}})) == kAskVm);
  CHECK(c.answer("counted", 3, c.event("counted", {{"a", {3037000499}}, {"total", {kMax}}})) == kHolds);
}

TEST_CASE("native checks: exact Number fields against constants, whole numbers and optional Numbers") {
  Checks c;
  CHECK(c.recognise("measured", 0)->describe() == "collapse(compare <= number (number field 1, 49/2))");
  CHECK(c.answer("measured", 0, c.event("measured", {{"hours", {49, 2}}})) == kHolds);
  CHECK(c.answer("measured", 0, c.event("measured", {{"hours", {245, 10}}})) == kHolds);
  CHECK(c.answer("measured", 0, c.event("measured", {{"hours", {2451, 100}}})) == kFails);
  CHECK(c.answer("measured", 0, c.event("measured", {{"hours", {kMax, 1}}})) == kFails);
  CHECK(c.answer("measured", 0, c.event("measured", {{"hours", {kMax, kMax}}})) == kHolds);

  CHECK(c.recognise("measured", 1)->describe() == "collapse(compare >= number (number field 1, number(1)))");
  CHECK(c.answer("measured", 1, c.event("measured", {{"hours", {1, 1}}})) == kHolds);
  CHECK(c.answer("measured", 1, c.event("measured", {{"hours", {999, 1000}}})) == kFails);
  CHECK(c.answer("measured", 1, c.event("measured", {{"hours", {kMax, kMax - 1}}})) == kHolds);
  CHECK(c.answer("measured", 1, c.event("measured", {{"hours", {kMax - 1, kMax}}})) == kFails);

  CHECK(c.recognise("measured", 2)->describe() ==
        "collapse(or-else (not(present(number field 3)), or (not(present(number field 3)), "
        "compare <= number absent:false (number field 1, number field 3))))");
  CHECK(c.answer("measured", 2, c.event("measured", {{"hours", {5, 1}}})) == kHolds);  // no limit
  CHECK(c.answer("measured", 2, c.event("measured", {{"hours", {5, 1}}, {"limit", {10, 2}}})) == kHolds);
  CHECK(c.answer("measured", 2, c.event("measured", {{"hours", {11, 2}}, {"limit", {5, 1}}})) == kFails);
}

TEST_CASE("native checks: enumerations with present(), and or after and") {
  Checks c;
  CHECK(c.recognise("flagged", 0)->describe() ==
        "collapse(or-else (compare != (field 1, 1), or (compare != (field 1, 1), present(number field 2))))");
  CHECK(c.answer("flagged", 0, c.event("flagged", {{"kind", {0}}})) == kHolds);
  CHECK(c.answer("flagged", 0, c.event("flagged", {{"kind", {1}}, {"days", {3, 2}}})) == kHolds);
  CHECK(c.answer("flagged", 0, c.event("flagged", {{"kind", {1}}})) == kFails);

  REQUIRE(c.recognise("flagged", 1));
  CHECK(c.answer("flagged", 1, c.event("flagged", {{"kind", {0}}})) == kHolds);
  CHECK(c.answer("flagged", 1, c.event("flagged", {{"kind", {1}}, {"days", {1, 1}}})) == kHolds);
  CHECK(c.answer("flagged", 1, c.event("flagged", {{"kind", {1}}})) == kFails);
}

TEST_CASE("native checks: count_scored over Scores") {
  Checks c;
  CHECK(c.recognise("scored", 0)->describe() == "collapse(compare > (count_scored(field 1, 3 domains), 0))");
  CHECK(c.answer("scored", 0, c.event("scored", {{"scores", {0, 0, 7}}})) == kHolds);
  CHECK(c.answer("scored", 0, c.event("scored", {{"scores", {0, 0, 0}}})) == kFails);
}

TEST_CASE("native checks: an optional date, present or not") {
  Checks c;
  REQUIRE(c.recognise("dated", 1));
  CHECK(c.answer("dated", 1, c.event("dated", {{"date", {100}}})) == kHolds);
  CHECK(c.answer("dated", 1, c.event("dated", {{"date", {100}}, {"until", {100}}})) == kHolds);
  CHECK(c.answer("dated", 1, c.event("dated", {{"date", {100}}, {"until", {99}}})) == kFails);
}

TEST_CASE("native checks: what is not recognised stays on the VM, with the VM's answer") {
  Checks c;
  CHECK_FALSE(c.recognise("dated", 0));     // year_of: a built-in other than count_scored
  CHECK_FALSE(c.recognise("measured", 3));  // exact addition (ADD_NUM)
  // Bound as the loader uses them, those checks still answer (through the VM).
  Vm check_vm(c.program());
  bind_event_checks(*c.compilation->program, check_vm);
  const EventTypeDef& dated = c.program().schema.types[c.type_of("dated")];
  CHECK(dated.checks[0].holds(c.event("dated", {{"date", {11000}}}), 0));   // 2000-02-12
  CHECK_FALSE(dated.checks[0].holds(c.event("dated", {{"date", {100}}}), 0));  // 1970
  const EventTypeDef& measured = c.program().schema.types[c.type_of("measured")];
  CHECK(measured.checks[3].holds(c.event("measured", {{"hours", {5, 1}}, {"limit", {11, 2}}}), 0));
  CHECK_FALSE(measured.checks[3].holds(c.event("measured", {{"hours", {5, 1}}, {"limit", {6, 1}}}), 0));
  // A recognised check whose evaluation overflows goes to the VM, which fails as before.
  const EventTypeDef& counted = c.program().schema.types[c.type_of("counted")];
  CHECK_THROWS_AS(counted.checks[1].holds(c.event("counted", {{"a", {kMax}}, {"b", {1}}, {"total", {0}}}), 0),
                  EvaluationError);
}

TEST_CASE("native checks: code outside the understood shapes is refused, not misread") {
  Checks c;
  const int type = c.type_of("spell");
  const int function = c.function_of(type, 0);
  Program changed = c.program();
  const EventTypeDef& spell = changed.schema.types[type];
  const FunctionInfo& f = changed.functions[function];
  REQUIRE(NativeCheck::recognise(changed, function, spell));
  SUBCASE("a backward jump") {
    changed.code[f.entry + 4] = Instruction{Op::OR_JUMP, 0, 0, static_cast<int32_t>(f.entry)};
    CHECK_FALSE(NativeCheck::recognise(changed, function, spell));
  }
  SUBCASE("a second argument") {
    changed.code[f.entry + 2].a = 1;
    CHECK_FALSE(NativeCheck::recognise(changed, function, spell));
  }
  SUBCASE("a field past the event's slots") {
    changed.code[f.entry + 1].a = spell.slot_count;
    CHECK_FALSE(NativeCheck::recognise(changed, function, spell));
  }
  SUBCASE("two values left at the end") {
    changed.code[f.entry + 4] = Instruction{Op::LOAD_LOCAL, 0, 0, 0};
    CHECK_FALSE(NativeCheck::recognise(changed, function, spell));
  }
  SUBCASE("no function") { CHECK_FALSE(NativeCheck::recognise(changed, -1, spell)); }
}

TEST_CASE("native checks: every check of stdlib/schema.rules is recognised") {
  std::unique_ptr<Compilation> stdlib = compile_stdlib();
  REQUIRE(stdlib->ok());
  const Program& program = *stdlib->program;
  size_t next = 0;
  for (const EventTypeDef& type : program.schema.types) {
    for (const EventCheck& check : type.checks) {
      CAPTURE(type.name);
      CAPTURE(check.message);
      CHECK(NativeCheck::recognise(program, program.check_functions[next++], type));
    }
  }
  CHECK(next == program.check_functions.size());
}
