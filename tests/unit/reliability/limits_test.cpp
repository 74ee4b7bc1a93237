// Limits (docs/reliability.md): hostile rule files and families end in a
// clear error, never a crash or a hang, and big but legitimate ones (10,000
// indicators, 100,000 events, thousands of members) run in reasonable time.
// Messages are checked word for word.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "compiler/checker.h"
#include "compiler/diagnostics.h"
#include "compiler/driver.h"
#include "compiler/parser.h"
#include "runtime/loader.h"
#include "runtime/vm.h"
#include "tests/unit/reliability/reliability_support.h"

using namespace outcomes;
namespace fs = std::filesystem;

namespace {

std::string indicator_plan(const std::string& defs, const std::string& condition) {
  return "plan \"x\"\n" + defs + "strand crime \"Crime\" {\n  indicator 1.1 {\n    presents when " + condition +
         "\n    progress when true\n  }\n}\n";
}

// Every error as "CODE message", in order.
std::vector<std::string> errors(const Compilation& c) {
  std::vector<std::string> out;
  for (const auto& d : c.diagnostics.all())
    if (d.severity == Severity::Error) out.push_back(d.code + " " + d.message);
  return out;
}

using reliability::kSlack;
using reliability::seconds_since;

struct Loaded {
  std::unique_ptr<Compilation> c;
  std::unique_ptr<Vm> check_vm;
  explicit Loaded(std::unique_ptr<Compilation> compilation) : c(std::move(compilation)) {
    REQUIRE_MESSAGE(c->ok(), (errors(*c).empty() ? std::string() : errors(*c)[0]));
    check_vm = std::make_unique<Vm>(*c->program);
    bind_event_checks(*c->program, *check_vm);
  }
  const Program& program() const { return *c->program; }
  // Parses one line; returns the loader's message when it is rejected.
  std::string load(const std::string& line, Family& family) const {
    std::string message;
    CohortReader reader(program().schema, "c.jsonl", [&](const LoadIssue& issue) {
      if (issue.severity == LoadIssue::Severity::Error) message = render_load_issue(issue);
    });
    auto outcome = reader.parse_line(line, 1, family);
    if (outcome != CohortReader::Outcome::Accepted && message.empty()) message = "rejected without a message";
    return message;
  }
};

std::string members_json(int adults, int children) {
  std::string out = "[";
  for (int i = 0; i < adults + children; ++i)
    out += (i ? ", " : "") + std::string(R"({"id": ")") + (i < adults ? "M" : "C") + std::to_string(i) +
           R"(", "role": ")" + (i < adults ? "adult" : "child") + R"(", "dob": ")" +
           (i < adults ? "1980-01-01" : "2008-01-01") + "\"}";
  return out + "]";
}

Date d(const char* iso) { return *parse_iso_date(iso); }

}  // namespace

TEST_CASE("expressions nested past the limit are E0206, however deep") {
  for (const std::string& condition :
       {std::string(100000, '(') + "true" + std::string(100000, ')'), [] {
          std::string s;
          for (int i = 0; i < 100000; ++i) s += "not ";
          return s + "true";
        }()}) {
    auto c = compile_text("deep.plan", indicator_plan("", condition));
    REQUIRE_FALSE(c->ok());
    CHECK(errors(*c).front() == "E0206 this rule is nested more than 200 levels deep");
    CHECK(errors(*c).size() == 1);
  }
}

TEST_CASE("a chain of definitions past 200 is one E0380, in either order") {
  std::string forward, backward;  // d0 uses d1 uses d2 ...; and e10000 uses e9999 ...
  for (int i = 0; i < 10000; ++i) forward += "def d" + std::to_string(i) + " = d" + std::to_string(i + 1) + "\n";
  forward += "def d10000 = true\n";
  backward = "def e0 = true\n";
  for (int i = 1; i <= 10000; ++i) backward += "def e" + std::to_string(i) + " = e" + std::to_string(i - 1) + "\n";

  auto c = compile_text("forward.plan", indicator_plan(forward, "d0"));
  REQUIRE_FALSE(c->ok());
  CHECK(errors(*c) == std::vector<std::string>{
                          "E0380 `d200` uses a chain of more than 200 definitions, each using the next"});
  c = compile_text("backward.plan", indicator_plan(backward, "e10000"));
  REQUIRE_FALSE(c->ok());
  CHECK(errors(*c) == std::vector<std::string>{
                          "E0380 `e200` uses a chain of more than 200 definitions, each using the next"});
  // Through calls with arguments too.
  std::string calls = "def f0(x: Int) -> Bool = x > 0\n";
  for (int i = 1; i <= 300; ++i)
    calls += "def f" + std::to_string(i) + "(x: Int) -> Bool = f" + std::to_string(i - 1) + "(x + 1)\n";
  c = compile_text("calls.plan", indicator_plan(calls, "f300(1)"));
  REQUIRE_FALSE(c->ok());
  CHECK(errors(*c).front() == "E0380 `f200` uses a chain of more than 200 definitions, each using the next");
}

TEST_CASE("a chain of 200 definitions compiles and runs") {
  std::string defs = "def e1 = any offence where date in last 12 months before A\n";
  for (int i = 2; i <= kMaxDefinitionDepth; ++i)
    defs += "def e" + std::to_string(i) + " = e" + std::to_string(i - 1) + "\n";
  Loaded plan(compile_text("chain.plan", indicator_plan(defs, "e200")));
  Family family;
  REQUIRE(plan.load(R"({"id": "F1", "assessment_date": "2017-09-12", "members": )" + members_json(1, 1) +
                        R"(, "events": [{"type": "offence", "member": "C1", "date": "2017-03-01"}]})",
                    family) == "");
  Vm vm(plan.program());
  Evaluation e;
  vm.evaluate(family, d("2018-06-30"), e);
  CHECK(e.presenting[0] == 1);
}

TEST_CASE("the deepest rules the limits allow check without exhausting the stack") {
  // 199 definitions, each nesting the next as deep as the parser allows.
  std::string defs;
  for (int i = 0; i < 199; ++i) {
    std::string open, close;
    for (int k = 0; k < 66; ++k) open += "not (", close += ")";
    defs += "def w" + std::to_string(i) + " = " + open + "w" + std::to_string(i + 1) + close + "\n";
  }
  defs += "def w199 = true\n";
  auto c = compile_text("deep.plan", indicator_plan(defs, "w0"));
  CHECK(errors(*c).empty());
}

TEST_CASE("cyclic definitions are E0316 and cyclic imports E0401") {
  auto c = compile_text("cycle.plan", indicator_plan("def a = b\ndef b = c\ndef c = a\n", "a"));
  REQUIRE_FALSE(c->ok());
  CHECK(errors(*c).front() == "E0316 `a` is defined in terms of itself");

  fs::path dir = fs::temp_directory_path() / ("outcomes-limits-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "one.rules") << "module one\nimport \"two.rules\"\ndef x = true\n";
  std::ofstream(dir / "two.rules") << "module two\nimport \"one.rules\"\ndef y = true\n";
  std::ofstream(dir / "p.plan") << "import \"one.rules\"\n" << indicator_plan("", "x");
  c = compile_file((dir / "p.plan").string());
  REQUIRE_FALSE(c->ok());
  CHECK(errors(*c).front() == "E0401 imports form a cycle through " + (dir / "one.rules").string());
  fs::remove_all(dir);
}

TEST_CASE("numbers too large for the rules are E0217") {
  for (const char* n : {"9223372036854775808", "99999999999999999999999", "99999999999999999999.5",
                        "1.00000000000000000001"}) {
    auto c = compile_text("n.plan", indicator_plan("", std::string(n) + " > 3"));
    REQUIRE_FALSE(c->ok());
    CHECK(errors(*c).front() == "E0217 the number " + std::string(n) + " is too large");
  }
}

TEST_CASE("date arithmetic with huge durations clamps instead of overflowing") {
  CHECK(add_days(d("2017-09-12"), INT64_MAX) == kOpenEnd);
  CHECK(add_days(d("2017-09-12"), INT64_MIN + 1) == d("0001-01-01"));
  CHECK(add_months(d("2017-09-12"), INT64_MAX) == kOpenEnd);
  CHECK(add_months(d("2017-09-12"), INT64_MIN + 1) == d("0001-01-01"));
  CHECK(add_months(d("2017-09-12"), 12 * 8000) == kOpenEnd);
  CHECK(add_months(d("2017-09-12"), -12 * 2016) == d("0001-09-12"));

  Loaded plan(compile_text(
      "durations.plan",
      indicator_plan("def far = A + 9223372036854775807 days > C and A + 768614336404564650 years > C\n"
                     "def back = A - 9223372036854775807 months < C\n",
                     "far and back")));
  Family family;
  REQUIRE(plan.load(R"({"id": "F1", "assessment_date": "2017-09-12", "members": )" + members_json(1, 0) +
                        R"(, "events": []})",
                    family) == "");
  Vm vm(plan.program());
  Evaluation e;
  vm.evaluate(family, d("2018-06-30"), e);
  CHECK(e.presenting[0] == 1);
  // A duration that does not fit at all is the family's error, not a crash.
  Loaded overflow(compile_text("overflow.plan", indicator_plan("", "A + 9223372036854775807 weeks > C")));
  Vm overflow_vm(overflow.program());
  std::string message;
  try {
    overflow_vm.evaluate(family, d("2018-06-30"), e);
  } catch (const EvaluationError& error) {
    message = error.what();
  }
  CHECK(message.rfind("a duration is too long (rule at overflow.plan:", 0) == 0);
}

TEST_CASE("a plan of 10,000 indicators compiles in reasonable time") {
  std::string text = "plan \"big\"\n";
  for (int s = 0; s < 10; ++s) {
    text += "strand s" + std::to_string(s) + " \"Strand\" {\n";
    for (int i = 0; i < 1000; ++i)
      text += "  indicator " + std::to_string(s + 1) + "." + std::to_string(i + 1) +
              " {\n    presents when any offence where date in last " + std::to_string(1 + i % 24) +
              " months before A\n    progress when no offence where date in (A, C]\n  }\n";
    text += "}\n";
  }
  auto started = std::chrono::steady_clock::now();
  auto c = compile_text("big.plan", text);
  double took = seconds_since(started);
  MESSAGE("10,000 indicators compiled in " << took << " s");
  REQUIRE(c->ok());
  CHECK(c->program->indicators.size() == 10000);
  CHECK(took < kSlack);
}
