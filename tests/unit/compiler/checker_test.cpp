// The checker: the types it gives expressions, name resolution (enum values
// by context, did-you-mean), and its errors, each with its stable code.
// Every test compiles a small plan with compile_text, so the stdlib schema
// and prelude are in scope exactly as for a real plan.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "compiler/driver.h"

using namespace outcomes;

namespace {

std::unique_ptr<Compilation> compile(const std::string& text) { return compile_text("check.plan", text); }

std::vector<std::string> codes(const Compilation& c) {
  std::vector<std::string> out;
  for (const Diagnostic& d : c.diagnostics.all()) out.push_back(d.code);
  return out;
}

std::string rendered(const Compilation& c) { return render_all(c.diagnostics, c.sources); }

// The only diagnostic, which must have `code` (a copy: the compilation is
// often a temporary).
Diagnostic only(const Compilation& c, const std::string& code) {
  INFO(rendered(c));
  REQUIRE(codes(c) == std::vector<std::string>{code});
  return c.diagnostics.all()[0];
}

// A compact name for a type: Bool, Int, Optional<Event offence>, List<Member> ...
std::string describe(const Semantics& sem, TypeId t) {
  const TypeInfo& i = sem.types.info(t);
  switch (i.kind) {
    case TypeKind::Error: return "Error";
    case TypeKind::Bool: return "Bool";
    case TypeKind::Verdict: return "Verdict";
    case TypeKind::Int: return "Int";
    case TypeKind::Number: return "Number";
    case TypeKind::Percent: return "Percent";
    case TypeKind::Date: return "Date";
    case TypeKind::Duration: return "Duration";
    case TypeKind::Window: return "Window";
    case TypeKind::Term: return "Term";
    case TypeKind::Month: return "Month";
    case TypeKind::String: return "String";
    case TypeKind::Enum: return "Enum " + sem.schema.enums[i.param].name;
    case TypeKind::Member: return "Member";
    case TypeKind::Event: return "Event " + sem.schema.types[i.param].name;
    case TypeKind::Scores: return "Scores";
    case TypeKind::Strand: return "Strand";
    case TypeKind::List: return "List<" + describe(sem, i.elem) + ">";
    case TypeKind::Optional: return "Optional<" + describe(sem, i.elem) + ">";
    case TypeKind::Unknown: return "Unknown<" + describe(sem, i.elem) + ">";
    default: return "Other";
  }
}

// The type the checker gives `def x = TEXT` (with `prefix` items before it).
std::string type_of(const std::string& text, const std::string& prefix = "") {
  auto c = compile(prefix + "\ndef x = " + text + "\n");
  INFO(text);
  INFO(rendered(*c));
  REQUIRE(c->diagnostics.all().empty());
  const Semantics& sem = *c->semantics;
  auto it = sem.globals.find("x");
  REQUIRE(it != sem.globals.end());
  return describe(sem, sem.defs[it->second.index].type);
}

// The definition `name` of the plan (the last module compiled).
const DefDecl& plan_def(const Compilation& c, const std::string& name) {
  for (const DefDecl& d : c.modules.back()->defs)
    if (d.name == name) return d;
  FAIL("no definition " << name);
  throw 0;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

// ---- types of expressions ------------------------------------------------------

TEST_CASE("arithmetic types") {
  CHECK(type_of("1 + 2") == "Int");
  CHECK(type_of("2 * 3 - 1") == "Int");
  CHECK(type_of("7 / 2") == "Number");  // division is exact
  CHECK(type_of("2.5 * 2") == "Number");
  CHECK(type_of("1 + 0.5") == "Number");
  CHECK(type_of("-3") == "Int");
  CHECK(type_of("10% + 5%") == "Percent");
  CHECK(type_of("100% - 10%") == "Percent");
}

TEST_CASE("dates, durations and windows") {
  CHECK(type_of("A + 12 months") == "Date");
  CHECK(type_of("C - 2 weeks") == "Date");
  CHECK(type_of("12 months + A") == "Date");
  CHECK(type_of("2018-06-30") == "Date");
  CHECK(type_of("6 months") == "Duration");
  CHECK(type_of("last 12 months before A") == "Window");
  CHECK(type_of("(A, C]") == "Window");
  CHECK(type_of("2016-autumn") == "Term");
  CHECK(type_of("term_end(2016-autumn)") == "Date");
  CHECK(type_of("2017-05") == "Month");
  CHECK(type_of("year_of(A)") == "Int");
  CHECK(type_of("date(2018, 2, 29)") == "Date");
}

TEST_CASE("quantifier types") {
  CHECK(type_of("any offence where date in (A, C]") == "Bool");
  CHECK(type_of("no offence") == "Bool");
  CHECK(type_of("count offence") == "Int");
  CHECK(type_of("latest offence") == "Optional<Event offence>");
  CHECK(type_of("earliest star_reading where date <= A") == "Optional<Event star_reading>");
  CHECK(type_of("sum days of exclusion") == "Number");
  CHECK(type_of("sum possible_sessions of attendance") == "Int");
  CHECK(type_of("each m in members where m.role == child") == "List<Member>");
  CHECK(type_of("last 2 of star_reading") == "List<Event star_reading>");
  CHECK(type_of("offence") == "List<Event offence>");
  CHECK(type_of("every c in children satisfies c.parenting") == "Bool");
  // A filter that may be unknown makes the answer a verdict.
  CHECK(type_of("any c in children where percent(1, 0) < 10%") == "Verdict");
  CHECK(type_of("every c in children satisfies unauthorised_absence_rate(c, A) < 10%") == "Verdict");
}

TEST_CASE("fields of events and members, and absent values") {
  CHECK(type_of("(latest exclusion).days") == "Optional<Number>");
  CHECK(type_of("(latest exclusion).kind") == "Optional<Enum ExclusionKind>");
  CHECK(type_of("(latest offence).member.role") == "Optional<Enum Role>");
  CHECK(type_of("(latest concern).member") == "Optional<Member>");
  CHECK(type_of("(latest exclusion).days > 2") == "Bool");  // absent compares false
  CHECK(type_of("(latest exclusion).days ?? 0") == "Number");
  CHECK(type_of("present(latest offence)") == "Bool");
  CHECK(type_of("(latest star_reading).scores[progress_to_work]") == "Optional<Int>");
  CHECK(type_of("mean((latest star_reading).scores)") == "Optional<Number>");
  CHECK(type_of("(latest education_provision).suitable") == "Optional<Bool>");
}

TEST_CASE("unknown values and verdicts") {
  CHECK(type_of("percent(1, 2)") == "Unknown<Percent>");
  CHECK(type_of("percent(1, 2) < 10%") == "Verdict");
  CHECK(type_of("not (percent(1, 2) < 10%)") == "Verdict");
  CHECK(type_of("percent(1, 2) < 10% and true") == "Verdict");
  CHECK(type_of("true and false") == "Bool");
  CHECK(type_of("unknown") == "Verdict");
  CHECK(type_of("100% - percent(1, 2)") == "Unknown<Percent>");
  CHECK(type_of("if A < C then 1 else unknown") == "Unknown<Int>");
  CHECK(type_of("if A < C then true else unknown") == "Verdict");
}

TEST_CASE("if, let and sets") {
  CHECK(type_of("if A < C then 1 else 2.5") == "Number");
  CHECK(type_of("if A < C then A else C") == "Date");
  CHECK(type_of("let y = 3; y * 2") == "Int");
  CHECK(type_of("let w = (A, C]; any offence where date in w") == "Bool");
  CHECK(type_of("(latest exclusion).kind in {permanent, fixed}") == "Bool");
}

TEST_CASE("a definition with a declared type has that type") {
  auto c = compile("def x -> Number = 1\ndef y -> Verdict = true\ndef z -> Int? = (latest attendance).possible_sessions");
  INFO(rendered(*c));
  REQUIRE(c->diagnostics.all().empty());
  const Semantics& sem = *c->semantics;
  CHECK(describe(sem, sem.defs[sem.globals.at("x").index].type) == "Number");
  CHECK(describe(sem, sem.defs[sem.globals.at("y").index].type) == "Verdict");
  CHECK(describe(sem, sem.defs[sem.globals.at("z").index].type) == "Optional<Int>");
}

TEST_CASE("a declared type the rule does not give is E0317") {
  const Diagnostic& d = only(*compile("def x -> Bool = 1"), "E0317");
  CHECK(d.message == "`x` is declared to give true/false, but its rule gives a whole number");
  // A verdict may be unknown, so it does not fit Bool.
  only(*compile("def y -> Bool = percent(1, 2) < 10%"), "E0317");
}

// ---- names ---------------------------------------------------------------------

TEST_CASE("unknown names suggest the closest name in scope") {
  const Diagnostic& d = only(*compile("def x = count offense"), "E0335");
  CHECK(d.message == "unknown name `offense`");
  CHECK(d.help == "did you mean `offence`?");
  const Diagnostic& local = only(*compile("def x(threshold: Int) -> Bool = count offence > treshold"), "E0335");
  CHECK(local.help == "did you mean `threshold`?");
  // An implicit field of the quantified event is in scope too.
  const Diagnostic& field = only(*compile("def x = any exclusion where dayz > 2"), "E0335");
  CHECK(field.help == "did you mean `days`?");
}

TEST_CASE("a quantifier over an unknown name reports that name only, not its fields") {
  const Diagnostic& d = only(*compile("def x = any offense where date in (A, C] and member.role == child"), "E0335");
  CHECK(d.message == "unknown name `offense`");
  CHECK(d.help == "did you mean `offence`?");
  // Outside such a quantifier, an unknown name is still reported.
  auto c = compile("def x = any offense where date in (A, C]\ndef y = dat");
  CHECK(codes(*c) == std::vector<std::string>{"E0335", "E0335"});
}

TEST_CASE("a name far from everything gets no suggestion") {
  const Diagnostic& d = only(*compile("def x = qqqqqqqqqqqqq"), "E0335");
  CHECK(d.help.empty());
}

TEST_CASE("unknown functions and types suggest too") {
  const Diagnostic& f = only(*compile("def x = yeer_of(A)"), "E0367");
  CHECK(f.message == "unknown function `yeer_of`");
  CHECK(f.help == "did you mean `year_of`?");
  const Diagnostic& t = only(*compile("def x(m: Membr) = 1"), "E0314");
  CHECK(t.message == "unknown type `Membr`");
  CHECK(t.help == "did you mean `Member`?");
}

TEST_CASE("an enum value is resolved by the type it is compared with") {
  // `progress` is a value of ClosureReason and of JudgementOutcome.
  auto c = compile("def j = any judgement where outcome == progress\n"
                   "def k = any case_closed where reason == progress\n"
                   "def s = any case_closed where reason in {progress, step_up}\n");
  INFO(rendered(*c));
  REQUIRE(c->diagnostics.all().empty());
  const Schema& schema = c->semantics->schema;
  const Expr& j = *plan_def(*c, "j").body->b->b;
  CHECK(j.resolution == Resolution::EnumValue);
  CHECK(j.ref == schema.enum_index("JudgementOutcome"));
  CHECK(j.ref2 == schema.enums[schema.enum_index("JudgementOutcome")].index_of("progress"));
  const Expr& k = *plan_def(*c, "k").body->b->b;
  CHECK(k.resolution == Resolution::EnumValue);
  CHECK(k.ref == schema.enum_index("ClosureReason"));
  const Expr& s = *plan_def(*c, "s").body->b->b->args[0];
  CHECK(s.ref == schema.enum_index("ClosureReason"));
}

TEST_CASE("an enum value is resolved by the parameter it is passed to") {
  auto c = compile("def f(o: JudgementOutcome) -> Bool = any judgement where outcome == o\ndef g = f(progress)");
  INFO(rendered(*c));
  REQUIRE(c->diagnostics.all().empty());
  const Expr& arg = *plan_def(*c, "g").body->args[0];
  CHECK(arg.resolution == Resolution::EnumValue);
  CHECK(arg.ref == c->semantics->schema.enum_index("JudgementOutcome"));
}

TEST_CASE("a value of only one enumeration needs no context; Enum.value names it fully") {
  CHECK(type_of("permanent") == "Enum ExclusionKind");
  CHECK(type_of("ClosureReason.progress") == "Enum ClosureReason");
  CHECK(type_of("JudgementOutcome.progress") == "Enum JudgementOutcome");
}

TEST_CASE("an enum value of several enumerations without context is E0334") {
  const Diagnostic& d = only(*compile("def x = progress"), "E0334");
  CHECK(d.message == "`progress` is a value of more than one enumeration");
  CHECK(d.help == "write one of: ClosureReason.progress, JudgementOutcome.progress");
}

TEST_CASE("a misspelt enum value is E0333 with the closest value") {
  const Diagnostic& d = only(*compile("def x = any exclusion where kind == permanant"), "E0333");
  CHECK(d.message == "`permanant` is not a value of ExclusionKind");
  CHECK(d.help == "did you mean `permanent`?");
  const Diagnostic& q = only(*compile("def x = ExclusionKind.fixd"), "E0333");
  CHECK(q.help == "did you mean `fixed`?");
  // Far from every value: list them.
  const Diagnostic& far = only(*compile("def x = any exclusion where kind == zzzzzzzz"), "E0333");
  CHECK(far.help == "the values of ExclusionKind are: permanent, fixed");
}

TEST_CASE("an enumeration's name alone is E0332") {
  const Diagnostic& d = only(*compile("def x = ExclusionKind"), "E0332");
  CHECK(contains(d.message, "`ExclusionKind.permanent`"));
}

TEST_CASE("a field the event does not have is E0336") {
  const Diagnostic& d = only(*compile("def x = (latest exclusion).dayz"), "E0336");
  CHECK(d.message == "a `exclusion` event that may be absent has no field `dayz`");
  CHECK(d.help == "did you mean `days`?");
  const Diagnostic& list = only(*compile("def x = (latest offence).kind"), "E0336");
  CHECK(list.help == "its fields are: date, member");
  const Diagnostic& member = only(*compile("def x = any offence where member.rol == child"), "E0336");
  CHECK(member.help == "did you mean `role`?");
}

TEST_CASE("a definition with parameters used without arguments is E0331") {
  only(*compile("def x = young_person"), "E0331");
}

// ---- type errors ---------------------------------------------------------------

TEST_CASE("a percentage compared with a count is E0320") {
  const Diagnostic& d = only(*compile("def x = count offence >= 10%"), "E0320");
  CHECK(d.message == "a percentage is compared with a whole number");
  only(*compile("def x = 10% < 2.5"), "E0320");
  const Diagnostic& add = only(*compile("def x = 10% + 1"), "E0320");
  CHECK(add.message == "a percentage and a whole number cannot be combined with `+`");
}

TEST_CASE("a date compared with a number is E0321") {
  const Diagnostic& d = only(*compile("def x = A < 5"), "E0321");
  CHECK(d.message == "a date is compared with a whole number");
  only(*compile("def x = any offence where 2 >= date"), "E0321");
}

TEST_CASE("a date added to a date is E0323") {
  const Diagnostic& d = only(*compile("def x = A + C"), "E0323");
  CHECK(d.message == "a date is added to a date");
  const Diagnostic& sub = only(*compile("def x = C - A"), "E0323");
  CHECK(sub.message == "one date is subtracted from another");
}

TEST_CASE("a number without a unit used with a date is E0324, pointing at the number") {
  auto c = compile("def x = A - 30");
  const Diagnostic& d = only(*c, "E0324");
  CHECK(c->sources.text(d.span) == "30");
  CHECK(d.help == "give it a unit, such as `6 months` or `30 days`");
  auto plus = compile("def x = 5 + A");
  CHECK(plus->sources.text(only(*plus, "E0324").span) == "5");
  only(*compile("def x = A - 2.5"), "E0324");
}

TEST_CASE("other operator misuse") {
  only(*compile("def x = (A, C] + 1"), "E0325");
  only(*compile("def x = any exclusion where kind < fixed"), "E0322");
  only(*compile("def x = A == 2016-autumn"), "E0321");
  only(*compile("def x = not 3"), "E0339");
  only(*compile("def x = 1 and true"), "E0341");
  only(*compile("def x = 2.5 months"), "E0348");
  only(*compile("def x = sum kind of exclusion"), "E0363");
  only(*compile("def x = present(A)"), "E0368");
  only(*compile("def x = A ?? C"), "E0342");
  only(*compile("def x = any offence where date"), "E0362");
  only(*compile("def x = every c in children satisfies 1"), "E0364");
  only(*compile("def x = any 3"), "E0360");
  only(*compile("def x = 3 in (A, C]"), "E0345");
  only(*compile("def x = {1, 2}"), "E0330");
  only(*compile("def x = if 1 then 2 else 3"), "E0353");
  only(*compile("def x = if A < C then A else 1"), "E0354");
  only(*compile("def x = any offence where it active at A"), "E0351");
  only(*compile("def x = any cin where it overlaps A"), "E0352");
  only(*compile("def x = last 12 before A"), "E0349");
}

TEST_CASE("a set holding a value of another type is E0344") {
  only(*compile("def x = any exclusion where kind in {permanent, asbo}"), "E0344");
}

TEST_CASE("calls with the wrong number of arguments are E0365") {
  const Diagnostic& b = only(*compile("def x = year_of(A, C)"), "E0365");
  CHECK(b.message == "`year_of` takes 1 argument(s), but 2 are given");
  const Diagnostic& d = only(*compile("def x = school_age(A)"), "E0365");
  CHECK(d.message == "`school_age` takes 2 argument(s), but 1 are given");
}

TEST_CASE("calls with an argument of the wrong type are E0366") {
  auto c = compile("def x = year_of(3)");
  const Diagnostic& b = only(*c, "E0366");
  CHECK(b.message == "argument 1 of `year_of` must be a date, but this is a whole number");
  CHECK(c->sources.text(b.span) == "3");
  const Diagnostic& d = only(*compile("def x = young_person(A)"), "E0366");
  CHECK(d.message == "argument 1 of `young_person` must be a member, but this is a date");
  only(*compile("def x = longest_run(offence, (A, C])"), "E0366");  // offences are not intervals
}

// ---- items -------------------------------------------------------------------------

const char* kStrandWith(const char* presents, const char* progress) {
  static std::string text;
  text = std::string("strand s \"S\" {\n  indicator 1.1 {\n    presents when ") + presents +
         "\n    progress when " + progress + "\n  }\n}\n";
  return text.c_str();
}

TEST_CASE("a presenting condition that is not true/false is E0318") {
  const Diagnostic& d = only(*compile(kStrandWith("count offence", "true")), "E0318");
  CHECK(d.message ==
        "a presenting condition must be true or false (or met / not met), but this is a whole number");
  const Diagnostic& p = only(*compile(kStrandWith("true", "A")), "E0318");
  CHECK(p.message == "a progress condition must be true or false (or met / not met), but this is a date");
}

TEST_CASE("a progress condition may be a verdict") {
  auto c = compile(kStrandWith("any offence", "every c in children satisfies unauthorised_absence_rate(c, C) < 10%"));
  INFO(rendered(*c));
  CHECK(c->ok());
}

TEST_CASE("an indicator condition cannot depend on presenting() or progress() (E0369)") {
  const std::string strands = "strand b \"B\" { indicator 2.1 { presents when true progress when true } }\n";
  const Diagnostic& direct = only(*compile(strands + kStrandWith("presenting(b)", "true")), "E0369");
  CHECK(direct.message ==
        "indicator 1.1's condition depends on which strands or indicators present, which is only known after every "
        "indicator is worked out");
  // Through definitions, however deep.
  only(*compile(strands + "def b_progress -> Verdict = progress(b)\ndef via -> Verdict = b_progress\n" +
                kStrandWith("true", "via")),
       "E0369");
  only(*compile(strands + "def in_b(x: Int) -> Bool = presenting(b) and x > 0\n" + kStrandWith("in_b(1)", "true")),
       "E0369");
  // Results and claims may use them, and so may definitions they call.
  auto ok = compile(strands + "def b_progress -> Verdict = progress(b)\nresult r = presenting(b)\n"
                              "claim k \"K\" { condition c \"C\" when b_progress }\n");
  INFO(rendered(*ok));
  CHECK(ok->ok());
}

TEST_CASE("claim and result conditions are checked") {
  only(*compile("claim k \"K\" { condition a \"A\" when 3 }"), "E0318");
  auto ok = compile("result r \"R\" = count offence\nclaim k \"K\" { condition a \"A\" when r > 1 }");
  INFO(rendered(*ok));
  CHECK(ok->ok());
}

TEST_CASE("a definition in terms of itself is E0316") {
  auto c = compile("def a -> Bool = b\ndef b -> Bool = a");
  std::vector<std::string> found = codes(*c);
  CHECK(std::count(found.begin(), found.end(), "E0316") >= 1);
  const Diagnostic& d = c->diagnostics.all()[0];
  CHECK(d.code == "E0316");
  CHECK(d.message == "`a` is defined in terms of itself");
  const Diagnostic& self =
      only(*compile("def f(n: Int) -> Int = if n <= 0 then 0 else f(n - 1)"), "E0316");
  CHECK(self.message == "`f` is defined in terms of itself");
}

TEST_CASE("a name defined twice is E0301 with a note at the first") {
  auto c = compile("def x = 1\ndef y = 2\ndef x = 3");
  const Diagnostic& d = only(*c, "E0301");
  CHECK(d.message == "`x` is defined twice");
  REQUIRE(d.notes.size() == 1);
  CHECK(d.notes[0].message == "first defined here");
  const SourceFile& file = c->sources.file(d.notes[0].span.file);
  CHECK(file.position(d.notes[0].span.begin).line == 1);
  CHECK(c->sources.file(d.span.file).position(d.span.begin).line == 3);
}

TEST_CASE("a name that clashes with the prelude points at the prelude") {
  auto c = compile("def children = 1");
  const Diagnostic& d = only(*c, "E0301");
  REQUIRE(d.notes.size() == 1);
  CHECK(contains(c->sources.file(d.notes[0].span.file).path, "prelude.rules"));
  CHECK(contains(d.help, "override"));
}

TEST_CASE("an indicator id used twice is E0319 with a note") {
  auto c = compile(std::string(kStrandWith("true", "true")) + "strand t \"T\" { indicator 1.1 { presents when true progress when true } }");
  const Diagnostic& d = only(*c, "E0319");
  CHECK(d.message == "indicator 1.1 is defined twice");
  REQUIRE(d.notes.size() == 1);
  CHECK(c->sources.file(d.notes[0].span.file).position(d.notes[0].span.begin).line == 2);
}

TEST_CASE("override replaces a parameter or definition") {
  auto c = compile("override param attendance_lookback = 12 months\n"
                   "override def children -> List of Member = members\n");
  INFO(rendered(*c));
  REQUIRE(c->ok());
  const Semantics& sem = *c->semantics;
  const ParamInfo& p = sem.params[sem.globals.at("attendance_lookback").index];
  CHECK(p.decl == &c->modules.back()->params[0]);
  CHECK(p.decl->value->a->int_value == 12);
  const DefInfo& d = sem.defs[sem.globals.at("children").index];
  CHECK(d.decl == &c->modules.back()->defs[0]);
  // The override's span is the one named from now on.
  CHECK(sem.globals.at("children").span.file == c->modules.back()->file);
}

TEST_CASE("override of nothing is E0303") {
  const Diagnostic& p = only(*compile("override param no_such_param = 3"), "E0303");
  CHECK(p.message == "`override param no_such_param` replaces nothing: no parameter has that name");
  const Diagnostic& d = only(*compile("override def no_such_def = 3"), "E0303");
  CHECK(d.message == "`override def no_such_def` replaces nothing: no definition has that name");
  // A definition is not a parameter.
  only(*compile("override param children = 3"), "E0303");
}

TEST_CASE("a parameter must be a single value (E0315)") {
  for (const char* ok : {"12 months", "10%", "3", "2.5", "2018-01-01", "true", "permanent"}) {
    auto c = compile(std::string("param p = ") + ok);
    INFO(ok);
    INFO(rendered(*c));
    CHECK(c->ok());
  }
  for (const char* bad : {"1 + 2", "A", "year_of(A)", "count offence"}) {
    auto c = compile(std::string("param p = ") + bad);
    INFO(bad);
    INFO(rendered(*c));
    CHECK(codes(*c) == std::vector<std::string>{"E0315"});
  }
}

TEST_CASE("event declarations are checked") {
  only(*compile("event thing { date: Date  level: Lvl }"), "E0306");
  only(*compile("event thing { level: Int }"), "E0310");
  only(*compile("event thing { date: Date  date: Date }"), "E0309");
  only(*compile("event thing { date: Date  check date: \"x\" }"), "E0312");
  only(*compile("event thing { date: Date  unique nope: \"x\" }"), "E0311");
  only(*compile("event thing { date: Date  n: Int = true }"), "E0308");
  only(*compile("enum E: a, b, a"), "E0304");
}

TEST_CASE("a correct plan compiles to a program") {
  auto c = compile(kStrandWith("any offence where date in last 12 months before A", "no offence where date in (A, C]"));
  INFO(rendered(*c));
  REQUIRE(c->ok());
  CHECK(c->program->indicators.size() == 1);
  CHECK(c->program->strands.size() == 1);
}
