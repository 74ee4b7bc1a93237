// The code generator: small definitions compile to the expected opcodes,
// parameters become constants, jumps land inside their function, every
// function ends in RETURN and the debug locations run parallel to the code.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "compiler/driver.h"
#include "runtime/date.h"

using namespace outcomes;

namespace {

struct Compiled {
  std::unique_ptr<Compilation> c;
  Program generated;  // the code as generated: superinstructions turned back into what they replaced
  const Program& program() const { return generated; }

  explicit Compiled(const std::string& text) : c(compile_text("codegen.plan", text)) {
    INFO(render_all(c->diagnostics, c->sources));
    REQUIRE(c->ok());
    generated = *c->program;
    for (Instruction& in : generated.code) in.op = unfused(in.op);
  }

  const FunctionInfo& function(const std::string& name) const {
    for (const FunctionInfo& f : program().functions)
      if (f.name == name) return f;
    FAIL("no function " << name);
    throw 0;
  }

  int function_index(const std::string& name) const {
    const FunctionInfo& f = function(name);
    return static_cast<int>(&f - program().functions.data());
  }

  std::vector<Op> ops(const std::string& name) const {
    const FunctionInfo& f = function(name);
    std::vector<Op> out;
    for (uint32_t pc = f.entry; pc < f.end; ++pc) out.push_back(program().code[pc].op);
    return out;
  }

  const Instruction& at(const std::string& name, size_t offset) const {
    const FunctionInfo& f = function(name);
    REQUIRE(f.entry + offset < f.end);
    return program().code[f.entry + offset];
  }

  // The constant a CONST instruction pushes.
  Value constant(const std::string& name, size_t offset) const {
    const Instruction& in = at(name, offset);
    REQUIRE(in.op == Op::CONST);
    REQUIRE(in.a >= 0);
    REQUIRE(static_cast<size_t>(in.a) < program().constants.size());
    return program().constants[in.a];
  }
};

bool is_jump(Op op) {
  return op == Op::JUMP || op == Op::JUMP_IF_FALSE || op == Op::AND_JUMP || op == Op::OR_JUMP || op == Op::ITER_NEXT;
}

std::string names(const std::vector<Op>& ops) {
  std::string s;
  for (Op op : ops) s += std::string(s.empty() ? "" : " ") + op_name(op);
  return s;
}

}  // namespace

TEST_CASE("a small definition compiles to the expected opcodes") {
  Compiled p("def two -> Int = 1 + 1\n");
  CHECK(names(p.ops("two")) == "CONST CONST ADD_INT RETURN");
  CHECK(p.constant("two", 0).a == 1);
  const FunctionInfo& f = p.function("two");
  CHECK(f.arity == 0);
  CHECK(f.memo >= 0);  // no parameters: evaluated once per family
}

TEST_CASE("a count over events is a loop") {
  Compiled p("param limit = 3\ndef over -> Bool = count offence > limit\n");
  CHECK(names(p.ops("over")) ==
        "CONST STORE_LOCAL EVENTS ITER_START ITER_NEXT LOAD_LOCAL CONST ADD_INT STORE_LOCAL JUMP "
        "LOAD_LOCAL CONST COMPARE RETURN");
  const FunctionInfo& f = p.function("over");
  CHECK(p.at("over", 2).a == p.program().schema.type_index("offence"));
  // ITER_NEXT leaves the loop for the LOAD_LOCAL after it; the JUMP goes back to ITER_NEXT.
  CHECK(p.at("over", 4).a == static_cast<int32_t>(f.entry + 10));
  CHECK(p.at("over", 9).a == static_cast<int32_t>(f.entry + 4));
  CHECK(p.at("over", 12).a == static_cast<int32_t>(CompareOp::Gt));
  CHECK(f.locals >= 4);  // list, position, element, running count
}

TEST_CASE("parameters are folded into constants") {
  Compiled p(R"(
param limit = 3
param window = 12 months
param span = 13 weeks
param rate = 12.5%
param half = 0.5
param start = 2018-04-01
param flag = true
param kind = fixed
def limit_value -> Int = limit
def window_value -> Duration = window
def span_value -> Duration = span
def rate_value -> Percent = rate
def half_value -> Number = half
def start_value -> Date = start
def flag_value -> Bool = flag
def kind_value -> ExclusionKind = kind
def last_window -> Window = last window before A
)");
  for (const char* name : {"limit_value", "window_value", "span_value", "rate_value", "half_value", "start_value",
                           "flag_value", "kind_value"}) {
    CAPTURE(name);
    CHECK(names(p.ops(name)) == "CONST RETURN");
  }
  CHECK(p.constant("limit_value", 0).a == 3);
  Value months = p.constant("window_value", 0);
  CHECK(months.a == 12);
  CHECK(months.b == 1);  // months
  Value weeks = p.constant("span_value", 0);
  CHECK(weeks.a == 91);
  CHECK(weeks.b == 0);  // days
  Value rate = p.constant("rate_value", 0);
  CHECK(rate.a == 1);
  CHECK(rate.b == 8);
  Value half = p.constant("half_value", 0);
  CHECK(half.a == 1);
  CHECK(half.b == 2);
  CHECK(p.constant("start_value", 0).a == parse_iso_date("2018-04-01")->days);
  CHECK(p.constant("flag_value", 0).a == 1);
  const Schema& schema = p.program().schema;
  CHECK(p.constant("kind_value", 0).a == schema.enums[schema.enum_index("ExclusionKind")].index_of("fixed"));
  // `last window before A` is (A - window, A].
  CHECK(names(p.ops("last_window")) == "LOAD_A CONST DATE_SUB LOAD_A MAKE_WINDOW RETURN");
  CHECK(p.constant("last_window", 1).a == 12);
  CHECK(p.at("last_window", 4).a == 1);  // the lower bound is excluded
  CHECK(p.at("last_window", 4).b == 0);
}

TEST_CASE("an overridden parameter's new value is the constant used everywhere") {
  Compiled p("override param star_sustained_score = 9\n");
  const FunctionInfo& f = p.function("star_sustained_three");
  bool found_nine = false, found_seven = false;
  for (uint32_t pc = f.entry; pc < f.end; ++pc) {
    const Instruction& in = p.program().code[pc];
    if (in.op != Op::CONST) continue;
    found_nine |= p.program().constants[in.a].a == 9;
    found_seven |= p.program().constants[in.a].a == 7;
  }
  CHECK(found_nine);
  CHECK_FALSE(found_seven);
}

TEST_CASE("whole numbers are converted where a number is wanted") {
  Compiled p("def n -> Number = 3\ndef share -> Number = 1 / 2\ndef mixed -> Bool = 2.5 > 2\n");
  CHECK(names(p.ops("n")) == "CONST INT_TO_NUM RETURN");
  CHECK(names(p.ops("share")) == "CONST INT_TO_NUM CONST INT_TO_NUM DIV_NUM RETURN");
  CHECK(names(p.ops("mixed")) == "CONST CONST INT_TO_NUM COMPARE RETURN");
  CHECK(p.at("mixed", 3).b / 4 == static_cast<int>(CompareKind::Number));
}

TEST_CASE("and / or jump over their right side") {
  Compiled p("def both -> Bool = true and false\ndef either -> Bool = true or false\n");
  CHECK(names(p.ops("both")) == "CONST AND_JUMP CONST AND3 RETURN");
  CHECK(p.at("both", 1).a == static_cast<int32_t>(p.function("both").entry + 4));
  CHECK(names(p.ops("either")) == "CONST OR_JUMP CONST OR3 RETURN");
  CHECK(p.at("either", 1).a == static_cast<int32_t>(p.function("either").entry + 4));
}

TEST_CASE("if compiles to a conditional jump over the then-branch") {
  Compiled p("def pick -> Int = if A < C then 1 else 2\n");
  CHECK(names(p.ops("pick")) == "LOAD_A LOAD_C COMPARE JUMP_IF_FALSE CONST JUMP CONST RETURN");
  uint32_t entry = p.function("pick").entry;
  CHECK(p.at("pick", 3).a == static_cast<int32_t>(entry + 6));  // to the else-branch
  CHECK(p.at("pick", 5).a == static_cast<int32_t>(entry + 7));  // past it
}

TEST_CASE("let stores its value in a local") {
  Compiled p("def twice -> Int = let y = 3; y + y\n");
  CHECK(names(p.ops("twice")) == "CONST STORE_LOCAL LOAD_LOCAL LOAD_LOCAL ADD_INT RETURN");
  CHECK(p.at("twice", 1).a == p.at("twice", 2).a);
}

TEST_CASE("calls: CALL for definitions with parameters, CALL_MEMO for those without") {
  Compiled p(R"(
def one -> Int = 1
def plus(n: Int) -> Int = n + one
def three -> Int = plus(2)
def year -> Int = year_of(A)
)");
  CHECK(names(p.ops("plus")) == "LOAD_LOCAL CALL_MEMO ADD_INT RETURN");
  CHECK(p.at("plus", 1).a == p.function_index("one"));
  CHECK(names(p.ops("three")) == "CONST CALL RETURN");
  CHECK(p.at("three", 1).a == p.function_index("plus"));
  CHECK(p.function("plus").arity == 1);
  CHECK(p.function("plus").memo == -1);
  CHECK(names(p.ops("year")) == "LOAD_A NATIVE RETURN");
  CHECK(p.at("year", 1).a == static_cast<int32_t>(Native::YEAR_OF));
  CHECK(p.at("year", 1).b == 1);
}

TEST_CASE("membership in a set compares with each value in turn") {
  Compiled p("def m -> Bool = (latest exclusion).kind in {permanent, fixed}\n");
  std::vector<Op> ops = p.ops("m");
  // ... STORE_LOCAL, then LOAD_LOCAL CONST COMPARE per value, OR_JUMP POP between them.
  std::string shown = names(ops);
  CHECK(shown.find("STORE_LOCAL LOAD_LOCAL CONST COMPARE OR_JUMP POP LOAD_LOCAL CONST COMPARE RETURN") !=
        std::string::npos);
}

TEST_CASE("indicator functions: presenting collapses unknown, progress does not") {
  Compiled p("strand s \"S\" {\n  indicator 1.1 {\n    presents when any offence\n    progress when no offence\n  }\n}\n");
  const Program& prog = p.program();
  REQUIRE(prog.indicators.size() == 1);
  const IndicatorInfo& ind = prog.indicators[0];
  const FunctionInfo& presents = prog.functions[ind.presents_function];
  const FunctionInfo& progress = prog.functions[ind.progress_function];
  CHECK(presents.name == "indicator 1.1 presents");
  CHECK(progress.name == "indicator 1.1 progress");
  CHECK(prog.code[presents.end - 2].op == Op::COLLAPSE);
  CHECK(prog.code[presents.end - 1].op == Op::RETURN);
  CHECK(prog.code[progress.end - 2].op == Op::NOT3);  // `no` ends in NOT3 ...
  CHECK(prog.code[progress.end - 1].op == Op::RETURN);  // ... with no COLLAPSE after it
  CHECK(presents.memo == -1);
}

TEST_CASE("every function's code ends in RETURN, and the functions tile the code") {
  Compiled p(R"(
strand s "S" {
  indicator 1.1 { presents when any offence where date in last 12 months before A progress when true }
}
result r "R" = count offence
claim k "K" { condition c "C" when r > 0 discretion "D" when false }
)");
  const Program& prog = p.program();
  REQUIRE_FALSE(prog.functions.empty());
  std::vector<std::pair<uint32_t, uint32_t>> ranges;
  for (const FunctionInfo& f : prog.functions) {
    CAPTURE(f.name);
    REQUIRE(f.entry < f.end);
    REQUIRE(f.end <= prog.code.size());
    CHECK(prog.code[f.end - 1].op == Op::RETURN);
    ranges.emplace_back(f.entry, f.end);
    // Jumps stay inside their function.
    for (uint32_t pc = f.entry; pc < f.end; ++pc) {
      const Instruction& in = prog.code[pc];
      if (is_jump(in.op)) {
        CHECK(in.a >= static_cast<int32_t>(f.entry));
        CHECK(in.a < static_cast<int32_t>(f.end));
      }
      if (in.op == Op::CALL || in.op == Op::CALL_MEMO) {
        CHECK(in.a >= 0);
        CHECK(static_cast<size_t>(in.a) < prog.functions.size());
      }
      if (in.op == Op::CONST) CHECK(static_cast<size_t>(in.a) < prog.constants.size());
      if (in.op == Op::LOAD_LOCAL || in.op == Op::STORE_LOCAL) CHECK(in.a < f.locals);
    }
  }
  std::sort(ranges.begin(), ranges.end());
  CHECK(ranges.front().first == 0);
  for (size_t i = 1; i < ranges.size(); ++i) CHECK(ranges[i].first == ranges[i - 1].second);
  CHECK(ranges.back().second == prog.code.size());
}

TEST_CASE("memo slots are distinct, one per definition without parameters") {
  Compiled p("def a -> Int = 1\ndef b -> Int = a + 1\n");
  const Program& prog = p.program();
  std::set<int> slots;
  for (const FunctionInfo& f : prog.functions) {
    if (f.memo < 0) continue;
    CHECK(f.arity == 0);
    CHECK(f.memo < prog.memo_count);
    CHECK(slots.insert(f.memo).second);
  }
  CHECK(static_cast<int>(slots.size()) == prog.memo_count);
}

TEST_CASE("constants are stored once each") {
  Compiled p("def a -> Int = 5 + 5 + 5\ndef b -> Int = 5\n");
  const Program& prog = p.program();
  std::set<std::pair<int64_t, int64_t>> seen;
  for (const Value& v : prog.constants) CHECK(seen.insert({v.a, v.b}).second);
  CHECK(p.at("a", 0).a == p.at("b", 0).a);
}

TEST_CASE("debug locations run parallel to the code and point at the rule text") {
  Compiled p("\n\ndef two -> Int =\n  1 + 1\n");
  const Program& prog = p.program();
  REQUIRE(prog.debug.size() == prog.code.size());
  for (const DebugLocation& d : prog.debug) {
    CHECK(d.file < prog.source_paths.size());
    CHECK(d.line >= 1);
    CHECK(d.begin <= d.end);
  }
  const FunctionInfo& f = p.function("two");
  for (uint32_t pc = f.entry; pc < f.end; ++pc) {
    const DebugLocation& d = prog.debug[pc];
    CHECK(prog.source_paths[d.file] == "codegen.plan");
    CHECK(d.line == 4);
  }
  // The ADD_INT instruction covers `1 + 1`; each CONST its own literal.
  const DebugLocation& add = prog.debug[f.entry + 2];
  const SourceFile& file = p.c->sources.file(add.file);
  CHECK(std::string_view(file.text).substr(add.begin, add.end - add.begin) == "1 + 1");
  const DebugLocation& second = prog.debug[f.entry + 1];
  CHECK(second.begin == add.end - 1);
  // Stdlib functions point into the stdlib files.
  const FunctionInfo& children = p.function("children");
  CHECK(prog.source_paths[prog.debug[children.entry].file].find("prelude.rules") != std::string::npos);
}

TEST_CASE("event checks compile to one-argument functions that collapse unknown") {
  Compiled p("");
  const Program& prog = p.program();
  size_t checks = 0;
  for (const EventTypeDef& t : prog.schema.types) checks += t.checks.size();
  REQUIRE(prog.check_functions.size() == checks);
  REQUIRE(checks > 0);
  for (int fi : prog.check_functions) {
    const FunctionInfo& f = prog.functions[fi];
    CAPTURE(f.name);
    CHECK(f.arity == 1);
    CHECK(f.memo == -1);
    CHECK(prog.code[f.end - 2].op == Op::COLLAPSE);
    CHECK(prog.code[f.end - 1].op == Op::RETURN);
  }
  CHECK(prog.functions[prog.check_functions[0]].name.find(" check") != std::string::npos);
}

TEST_CASE("the program carries the plan's header, strands, indicators and results") {
  Compiled p(R"(
plan "demo" title "Demo" version "2" source "demo.txt"
strand a "Strand A" {
  indicator 1.1 { issue "I" progress "P" sources "S" presents when true progress when true }
  indicator 1.2 { presents when true progress when true }
}
strand b "Strand B" { indicator 2.1 { presents when true progress when true } }
result eligible "Eligible" = count strands >= 2
result when_first "First offence" = (earliest offence).date
claim k "K" { condition c "C" when eligible }
)");
  const Program& prog = p.program();
  CHECK(prog.plan_id == "demo");
  CHECK(prog.title == "Demo");
  CHECK(prog.version == "2");
  CHECK(prog.source_document == "demo.txt");
  REQUIRE(prog.strands.size() == 2);
  CHECK(prog.strands[0].indicators == std::vector<int>{0, 1});
  CHECK(prog.strands[1].indicators == std::vector<int>{2});
  CHECK(prog.indicators[0].issue == "I");
  CHECK(prog.indicators[0].progress == "P");
  CHECK(prog.indicators[0].sources == "S");
  CHECK(prog.indicators[2].strand == 1);
  REQUIRE(prog.results.size() == 3);
  CHECK(prog.results[0].kind == OutputKind::Bool);
  CHECK(prog.results[1].kind == OutputKind::Date);
  CHECK(prog.results[2].is_claim);
  CHECK(prog.results[2].kind == OutputKind::Enum);
  CHECK(prog.results[2].enum_id == prog.claim_verdict_enum);
  REQUIRE(prog.results[2].conditions.size() == 1);
  CHECK(prog.results[2].conditions[0].name == "c");
  CHECK(prog.result_index("when_first") == 1);
}
