// The parser: items, operator precedence, chained comparisons, quantifiers,
// windows, let / if, sets, recovery after errors and the nesting limit.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "compiler/parser.h"

using namespace outcomes;

namespace {

struct Parsed {
  SourceSet sources;
  Diagnostics diags;
  Module module;
};

std::unique_ptr<Parsed> parse(const std::string& text) {
  auto p = std::make_unique<Parsed>();
  uint32_t file = p->sources.add("parse.rules", text);
  p->module = parse_module(p->sources, file, p->diags);
  return p;
}

std::vector<std::string> codes(const Diagnostics& d) {
  std::vector<std::string> out;
  for (const Diagnostic& x : d.all()) out.push_back(x.code);
  return out;
}

// A compact, fully bracketed picture of an expression tree, so a test states
// the shape it expects in one line.
std::string show(const Expr* e) {
  if (!e) return "_";
  switch (e->kind) {
    case ExprKind::IntLit:
    case ExprKind::DecimalLit:
    case ExprKind::DateLit:
    case ExprKind::TermLit:
    case ExprKind::MonthLit: return e->text;
    case ExprKind::PercentLit: return e->text + "%";
    case ExprKind::StringLit: return "\"" + e->text + "\"";
    case ExprKind::BoolLit: return e->int_value ? "true" : "false";
    case ExprKind::UnknownLit: return "unknown";
    case ExprKind::Name: return e->name;
    case ExprKind::Field: return show(e->a.get()) + "." + e->name;
    case ExprKind::Index: return show(e->a.get()) + "[" + show(e->b.get()) + "]";
    case ExprKind::Call: {
      std::string s = e->name + "(";
      for (size_t i = 0; i < e->args.size(); ++i) s += (i ? ", " : "") + show(e->args[i].get());
      return s + ")";
    }
    case ExprKind::Unary:
      return e->unary_op == UnaryOp::Not ? "(not " + show(e->a.get()) + ")" : "(-" + show(e->a.get()) + ")";
    case ExprKind::Binary:
      return "(" + show(e->a.get()) + " " + binary_op_text(e->binary_op) + " " + show(e->b.get()) + ")";
    case ExprKind::Duration: {
      const char* units[] = {"days", "weeks", "months", "years"};
      return show(e->a.get()) + " " + units[static_cast<int>(e->unit)];
    }
    case ExprKind::Window:
      return std::string(e->lo_open ? "(" : "[") + show(e->a.get()) + ", " + show(e->b.get()) + (e->hi_open ? ")" : "]");
    case ExprKind::LastWindow: return "(last " + show(e->a.get()) + " before " + show(e->b.get()) + ")";
    case ExprKind::Quantifier: {
      std::string s = std::string("(") + quant_text(e->quant);
      if (e->d) s += " " + show(e->d.get()) + " of";
      if (e->quant == QuantKind::Sum) s += " " + show(e->c.get()) + " of";
      s += e->implicit_binder ? " " : " " + e->name + " in ";
      s += show(e->a.get());
      if (e->b) s += " where " + show(e->b.get());
      if (e->c && e->quant != QuantKind::Sum) s += " satisfies " + show(e->c.get());
      return s + ")";
    }
    case ExprKind::If:
      return "(if " + show(e->a.get()) + " then " + show(e->b.get()) + " else " + show(e->c.get()) + ")";
    case ExprKind::Let: return "(let " + e->name + " = " + show(e->a.get()) + "; " + show(e->b.get()) + ")";
    case ExprKind::SetLit: {
      std::string s = "{";
      for (size_t i = 0; i < e->args.size(); ++i) s += (i ? ", " : "") + show(e->args[i].get());
      return s + "}";
    }
    case ExprKind::ActiveAt: return "(" + show(e->a.get()) + " active at " + show(e->b.get()) + ")";
    case ExprKind::Overlaps: return "(" + show(e->a.get()) + " overlaps " + show(e->b.get()) + ")";
  }
  return "?";
}

// Parses `def x = TEXT` and shows the body; fails the test on any diagnostic.
std::string expr(const std::string& text) {
  auto p = parse("def x = " + text);
  CAPTURE(text);
  CHECK(p->diags.all().empty());
  for (const Diagnostic& d : p->diags.all()) MESSAGE(d.code << ": " << d.message);
  if (p->module.defs.size() != 1) return "<no def>";
  return show(p->module.defs[0].body.get());
}

}  // namespace

// ---- items ------------------------------------------------------------------

TEST_CASE("a plan's items are all parsed") {
  auto p = parse(R"(
plan "demo"
  title "A demo plan"
  version "1"
  source "demo.txt"
import schema
import "shared/more.rules"
param window "how far back" = 12 months
override param other = 3
def helper(m: Member, on: Date) -> Bool "a helper" = age(m, on) >= 10
def plain = 1
override def twice -> Int = 2
enum Colour: red, green, blue
event spell by optional member {
  start: Date  end: Date or open
  level: Int optional in 1..10
  kind: Colour = red
  check end >= start: "end is before start"
  unique member, start: "twice"
}
strand crime "Crime" {
  indicator 1.1 {
    issue "An offence."
    progress "No offences."
    sources "Police"
    presents when any offence
    progress when no offence
  }
  indicator "1a" { presents when true progress when false }
  indicator 2b { presents when true progress when false }
}
result eligible "Eligible" = count strands >= 2
claim main "Main claim" {
  condition one "The first." when eligible
  condition two "The second." when true
  discretion "Discretion." when false
}
)");
  REQUIRE(p->diags.all().empty());
  const Module& m = p->module;
  REQUIRE(m.plan);
  CHECK(m.plan->id == "demo");
  CHECK(m.plan->title == "A demo plan");
  CHECK(m.plan->version == "1");
  CHECK(m.plan->source == "demo.txt");
  REQUIRE(m.imports.size() == 2);
  CHECK(m.imports[0].module == "schema");
  CHECK_FALSE(m.imports[0].is_path);
  CHECK(m.imports[1].module == "shared/more.rules");
  CHECK(m.imports[1].is_path);

  REQUIRE(m.params.size() == 2);
  CHECK(m.params[0].name == "window");
  CHECK(m.params[0].description == "how far back");
  CHECK(show(m.params[0].value.get()) == "12 months");
  CHECK_FALSE(m.params[0].is_override);
  CHECK(m.params[1].is_override);

  REQUIRE(m.defs.size() == 3);
  const DefDecl& helper = m.defs[0];
  CHECK(helper.name == "helper");
  REQUIRE(helper.params.size() == 2);
  CHECK(helper.params[0].name == "m");
  CHECK(helper.params[0].type.name == "Member");
  CHECK(helper.params[1].type.name == "Date");
  REQUIRE(helper.return_type);
  CHECK(helper.return_type->name == "Bool");
  CHECK(helper.description == "a helper");
  CHECK(show(helper.body.get()) == "(age(m, on) >= 10)");
  CHECK(m.defs[1].params.empty());
  CHECK_FALSE(m.defs[1].return_type);
  CHECK(m.defs[2].is_override);

  REQUIRE(m.enums.size() == 1);
  CHECK(m.enums[0].name == "Colour");
  REQUIRE(m.enums[0].values.size() == 3);
  CHECK(m.enums[0].values[2].first == "blue");

  REQUIRE(m.events.size() == 1);
  const EventDecl& ev = m.events[0];
  CHECK(ev.name == "spell");
  CHECK(ev.member == MemberRuleDecl::Optional);
  REQUIRE(ev.fields.size() == 4);
  CHECK(ev.fields[1].name == "end");
  CHECK(ev.fields[1].open_end);
  CHECK(ev.fields[2].optional);
  REQUIRE(ev.fields[2].range);
  CHECK(ev.fields[2].range->first == 1);
  CHECK(ev.fields[2].range->second == 10);
  REQUIRE(ev.fields[3].default_value);
  CHECK(show(ev.fields[3].default_value.get()) == "red");
  REQUIRE(ev.checks.size() == 1);
  CHECK(ev.checks[0].message == "end is before start");
  CHECK(show(ev.checks[0].condition.get()) == "(end >= start)");
  REQUIRE(ev.uniques.size() == 1);
  CHECK(ev.uniques[0].fields.size() == 2);

  REQUIRE(m.strands.size() == 1);
  const StrandDecl& s = m.strands[0];
  CHECK(s.id == "crime");
  CHECK(s.title == "Crime");
  REQUIRE(s.indicators.size() == 3);
  CHECK(s.indicators[0].id == "1.1");
  CHECK(s.indicators[0].issue == "An offence.");
  CHECK(s.indicators[0].progress == "No offences.");
  CHECK(s.indicators[0].sources == "Police");
  CHECK(show(s.indicators[0].presents.get()) == "(any offence)");
  CHECK(show(s.indicators[0].progress_condition.get()) == "(no offence)");
  CHECK(s.indicators[1].id == "1a");
  CHECK(s.indicators[2].id == "2b");

  REQUIRE(m.results.size() == 1);
  CHECK(m.results[0].name == "eligible");
  CHECK(m.results[0].title == "Eligible");
  REQUIRE(m.claims.size() == 1);
  CHECK(m.claims[0].conditions.size() == 2);
  CHECK(m.claims[0].conditions[1].name == "two");
  REQUIRE(m.claims[0].discretion);
  CHECK(m.claims[0].discretion->wording == "Discretion.");
}

TEST_CASE("a module header names the module") {
  auto p = parse("module helpers\ndef x = 1");
  CHECK(p->diags.all().empty());
  CHECK(p->module.module_name == "helpers");
  CHECK_FALSE(p->module.plan);
}

TEST_CASE("type expressions: List of, optional and or unknown") {
  auto p = parse("def a -> List of Member = members\ndef b -> star_reading? = latest star_reading\n"
                 "def c -> Percent or unknown = 10%");
  REQUIRE(p->diags.all().empty());
  const auto& defs = p->module.defs;
  CHECK(defs[0].return_type->name == "List");
  REQUIRE(defs[0].return_type->args.size() == 1);
  CHECK(defs[0].return_type->args[0].name == "Member");
  CHECK(defs[1].return_type->optional);
  CHECK(defs[2].return_type->or_unknown);
}

// ---- precedence -------------------------------------------------------------

TEST_CASE("and binds tighter than or; not binds tighter than and") {
  CHECK(expr("a or b and c") == "(a or (b and c))");
  CHECK(expr("a and b or c") == "((a and b) or c)");
  CHECK(expr("not a and b") == "((not a) and b)");
  CHECK(expr("not a or not b") == "((not a) or (not b))");
  CHECK(expr("not not a") == "(not (not a))");
  CHECK(expr("a or b or c") == "((a or b) or c)");
}

TEST_CASE("comparisons bind tighter than not, and arithmetic tighter than comparisons") {
  CHECK(expr("not a == b") == "(not (a == b))");
  CHECK(expr("a + b * c < d - e / f") == "((a + (b * c)) < (d - (e / f)))");
  CHECK(expr("a - b - c") == "((a - b) - c)");
  CHECK(expr("-a * b") == "((-a) * b)");
  CHECK(expr("(a + b) * c") == "((a + b) * c)");
  CHECK(expr("x ?? y + 1") == "(x ?? (y + 1))");
  CHECK(expr("x ?? y == z") == "((x ?? y) == z)");
}

TEST_CASE("chained comparisons: 10% <= x < 60% is two comparisons joined by and") {
  auto p = parse("def x = 10% <= rate(c) < 60%");
  REQUIRE(p->diags.all().empty());
  const Expr* e = p->module.defs[0].body.get();
  CHECK(show(e) == "((10% <= rate(c)) and (rate(c) < 60%))");
  // The middle operand is parsed twice: each comparison owns its own node.
  REQUIRE(e->kind == ExprKind::Binary);
  CHECK(e->a->b.get() != e->b->a.get());
  CHECK(e->a->b->span.begin == e->b->a->span.begin);
  CHECK(expr("1 < x + 1 <= 3") == "((1 < (x + 1)) and ((x + 1) <= 3))");
}

TEST_CASE("a chained comparison's middle operand may start with a parenthesis") {
  CHECK(expr("1 < (latest exclusion).days < 3") ==
        "((1 < (latest exclusion).days) and ((latest exclusion).days < 3))");
  CHECK(expr("1 <= (a + b) * 2 < 10") == "((1 <= ((a + b) * 2)) and (((a + b) * 2) < 10))");
  CHECK(expr("0 < (x) < 3") == "((0 < x) and (x < 3))");
}

TEST_CASE("three chained comparisons are E0216") {
  auto p = parse("def x = 1 < a < b < 3");
  CHECK(codes(p->diags) == std::vector<std::string>{"E0216"});
}

TEST_CASE("units, fields, indexes and calls") {
  CHECK(expr("A - 12 months") == "(A - 12 months)");
  CHECK(expr("2 weeks") == "2 weeks");
  CHECK(expr("1 day") == "1 days");
  CHECK(expr("r.scores[progress_to_work] >= 7") == "(r.scores[progress_to_work] >= 7)");
  CHECK(expr("(latest offence).member.role") == "(latest offence).member.role");
  CHECK(expr("f(a, b.c, 1 + 2)") == "f(a, b.c, (1 + 2))");
  CHECK(expr("g()") == "g()");
  CHECK(expr("ExclusionKind.fixed") == "ExclusionKind.fixed");
}

TEST_CASE("literals keep their values") {
  auto p = parse("def x = 2018-06-30\ndef y = 12.5%\ndef z = 2.5\ndef w = 2016-autumn\ndef v = 2017-05");
  REQUIRE(p->diags.all().empty());
  const auto& d = p->module.defs;
  CHECK(d[0].body->kind == ExprKind::DateLit);
  CHECK(d[1].body->kind == ExprKind::PercentLit);
  CHECK(d[1].body->num == 1);
  CHECK(d[1].body->den == 8);  // 12.5% = 1/8
  CHECK(d[2].body->kind == ExprKind::DecimalLit);
  CHECK(d[2].body->num == 5);
  CHECK(d[2].body->den == 2);
  CHECK(d[3].body->kind == ExprKind::TermLit);
  CHECK(d[4].body->kind == ExprKind::MonthLit);
}

TEST_CASE("a date that is not on the calendar is E0218") {
  auto p = parse("def x = 2018-02-30");
  CHECK(codes(p->diags) == std::vector<std::string>{"E0218"});
  auto q = parse("def x = 2018-13");
  CHECK(codes(q->diags) == std::vector<std::string>{"E0218"});
}

TEST_CASE("a number too large is E0217") {
  auto p = parse("def x = 99999999999999999999");
  CHECK(codes(p->diags) == std::vector<std::string>{"E0217"});
}

// ---- quantifiers ----------------------------------------------------------------

TEST_CASE("quantifiers without a binder bind `it`") {
  auto p = parse("def x = any offence where date > A");
  REQUIRE(p->diags.all().empty());
  const Expr* q = p->module.defs[0].body.get();
  REQUIRE(q->kind == ExprKind::Quantifier);
  CHECK(q->quant == QuantKind::Any);
  CHECK(q->implicit_binder);
  CHECK(q->name == "it");
  CHECK(show(q) == "(any offence where (date > A))");
}

TEST_CASE("quantifiers with a binder") {
  auto p = parse("def x = every c in children where c.role == child satisfies school_age(c, A)");
  REQUIRE(p->diags.all().empty());
  const Expr* q = p->module.defs[0].body.get();
  CHECK(q->quant == QuantKind::Every);
  CHECK_FALSE(q->implicit_binder);
  CHECK(q->name == "c");
  CHECK(show(q) == "(every c in children where (c.role == child) satisfies school_age(c, A))");
}

TEST_CASE("each quantifier word") {
  CHECK(expr("no offence") == "(no offence)");
  CHECK(expr("count offence where date in (A, C]") == "(count offence where (date in (A, C]))");
  CHECK(expr("each m in members where m.role == adult") == "(each m in members where (m.role == adult))");
  CHECK(expr("latest star_reading where date <= A") == "(latest star_reading where (date <= A))");
  CHECK(expr("earliest star_reading") == "(earliest star_reading)");
  CHECK(expr("some r in readings satisfies r.x") == "(some r in readings satisfies r.x)");
  CHECK(expr("sum days of exclusion where kind == fixed") == "(sum days of exclusion where (kind == fixed))");
  CHECK(expr("sum (a + b) of terms") == "(sum (a + b) of terms)");
  CHECK(expr("last 2 of star_reading where date in (A, C]") == "(last 2 of star_reading where (date in (A, C]))");
  CHECK(expr("first 3 of offence") == "(first 3 of offence)");
}

TEST_CASE("a quantifier is an operand: count x == 2 compares the count") {
  CHECK(expr("count readings == 2") == "((count readings) == 2)");
  CHECK(expr("count last_three_terms(c, on) > 0") == "((count last_three_terms(c, on)) > 0)");
}

TEST_CASE("the where clause of a quantifier takes the rest of the condition") {
  CHECK(expr("any offence where a and b") == "(any offence where (a and b))");
  CHECK(expr("(any offence where a) and b") == "((any offence where a) and b)");
}

TEST_CASE("every and some need satisfies") {
  auto p = parse("def x = every c in children where true");
  CHECK(codes(p->diags) == std::vector<std::string>{"E0202"});
}

// ---- windows -----------------------------------------------------------------

TEST_CASE("windows with open and closed ends") {
  CHECK(expr("date in (A, C]") == "(date in (A, C])");
  CHECK(expr("date in [A, C]") == "(date in [A, C])");
  CHECK(expr("date in [A, C)") == "(date in [A, C))");
  CHECK(expr("date in (A - 6 months, A)") == "(date in ((A - 6 months), A))");
  auto p = parse("def x = (A, C]");
  const Expr* w = p->module.defs[0].body.get();
  REQUIRE(w->kind == ExprKind::Window);
  CHECK(w->lo_open);
  CHECK_FALSE(w->hi_open);
}

TEST_CASE("a window `last N before D`") {
  auto p = parse("def x = last 12 months before A");
  REQUIRE(p->diags.all().empty());
  const Expr* w = p->module.defs[0].body.get();
  REQUIRE(w->kind == ExprKind::LastWindow);
  REQUIRE(w->a->kind == ExprKind::Duration);
  CHECK(w->a->unit == DurationUnit::Months);
  CHECK(w->a->a->int_value == 12);
  CHECK(show(w->b.get()) == "A");
  CHECK(expr("date in last window before C - 1 day") == "(date in (last window before (C - 1 days)))");
  CHECK(expr("no offence where date in last offence_free_period before C") ==
        "(no offence where (date in (last offence_free_period before C)))");
}

TEST_CASE("a parenthesised expression is not a window") {
  CHECK(expr("(a)") == "a");
}

TEST_CASE("a window must be closed with ] or )") {
  auto p = parse("def x = (A, C");
  CHECK(codes(p->diags) == std::vector<std::string>{"E0221"});
}

TEST_CASE("interval tests") {
  CHECK(expr("it active at A") == "(it active at A)");
  CHECK(expr("n active at A - 13 weeks") == "(n active at (A - 13 weeks))");
  CHECK(expr("it overlaps year_before") == "(it overlaps year_before)");
  CHECK(expr("b active at A and b.x") == "((b active at A) and b.x)");
}

// ---- let, if, sets ---------------------------------------------------------------

TEST_CASE("let binds a name up to the ';' and the rest is its body") {
  CHECK(expr("let y = 1 + 2; y * 2") == "(let y = (1 + 2); (y * 2))");
  CHECK(expr("let a = 1; let b = a; a + b") == "(let a = 1; (let b = a; (a + b)))");
}

TEST_CASE("let without ';' is E0201") {
  auto p = parse("def x = let y = 1 y");
  REQUIRE(codes(p->diags) == std::vector<std::string>{"E0201"});
  CHECK(p->diags.all()[0].message.find("';'") != std::string::npos);
}

TEST_CASE("if / then / else, and else-if chains") {
  CHECK(expr("if a then 1 else 2") == "(if a then 1 else 2)");
  CHECK(expr("if a then 1 else if b then 2 else 3") == "(if a then 1 else (if b then 2 else 3))");
  CHECK(expr("x - (if a then 1 else 2) days") == "(x - (if a then 1 else 2) days)");
}

TEST_CASE("if without else is E0202 and says why") {
  auto p = parse("def x = if a then 1\ndef y = 2");
  REQUIRE(codes(p->diags) == std::vector<std::string>{"E0202"});
  CHECK(p->diags.all()[0].message.find("every `if` needs an `else`") != std::string::npos);
  // Recovery: the next item is still parsed.
  REQUIRE(p->module.defs.size() == 1);
  CHECK(p->module.defs[0].name == "y");
}

TEST_CASE("set literals after in") {
  CHECK(expr("b.benefit in {jsa, esa, is, other_oow}") == "(b.benefit in {jsa, esa, is, other_oow})");
  CHECK(expr("kind in {asbo}") == "(kind in {asbo})");
}

TEST_CASE("unknown, true and false are literals") {
  CHECK(expr("if a then unknown else true") == "(if a then unknown else true)");
  CHECK(expr("false or unknown") == "(false or unknown)");
}

// ---- errors and recovery -----------------------------------------------------

TEST_CASE("several syntax errors in one file are all reported, and good items survive") {
  auto p = parse(R"(
def good1 = 1
def bad1 = (1 + 2
def good2 = 2
def bad2 = if a then b
param bad3 = = 3
def good3 = any offence
strand s "S" { indicator 1.1 { presents when true } }
def good4 = 4
)");
  std::vector<std::string> c = codes(p->diags);
  CHECK(c.size() == 4);
  CHECK(c == std::vector<std::string>{"E0201", "E0202", "E0220", "E0213"});
  std::vector<std::string> names;
  for (const DefDecl& d : p->module.defs) names.push_back(d.name);
  CHECK(names == std::vector<std::string>{"good1", "good2", "good3", "good4"});
}

TEST_CASE("a stray token at the top level is E0207; recovery skips to the next item") {
  auto p = parse("def a = 1\n) ) )\nfoo bar\ndef b = 2");
  CHECK(codes(p->diags) == std::vector<std::string>{"E0207"});
  CHECK(p->module.defs.size() == 2);
}

TEST_CASE("recovery does not stop at an item word used as a field name") {
  // `x.param` is a field access, not the start of a parameter.
  auto p = parse("def a = ( x.param\ndef b = 2");
  CHECK(codes(p->diags).size() == 1);
  REQUIRE(p->module.defs.size() == 1);
  CHECK(p->module.defs[0].name == "b");
}

TEST_CASE("a reserved word as a name is E0204") {
  auto p = parse("def any = 1");
  REQUIRE(codes(p->diags) == std::vector<std::string>{"E0204"});
  CHECK(p->diags.all()[0].message == "`any` is a reserved word and cannot be used as a definition name");
}

TEST_CASE("a reserved word where a value belongs is E0219") {
  auto p = parse("def x = where");
  CHECK(codes(p->diags) == std::vector<std::string>{"E0219"});
  CHECK_FALSE(p->diags.all()[0].help.empty());
}

TEST_CASE("an indicator without `presents when` or `progress when` is E0213") {
  auto p = parse("strand s \"S\" { indicator 1.1 { progress when true } }");
  REQUIRE(codes(p->diags) == std::vector<std::string>{"E0213"});
  CHECK(p->diags.all()[0].message == "indicator 1.1 has no `presents when` condition");
  auto q = parse("strand s \"S\" { indicator 1.2 { presents when true } }");
  REQUIRE(codes(q->diags) == std::vector<std::string>{"E0213"});
  CHECK(q->diags.all()[0].message == "indicator 1.2 has no `progress when` condition");
}

TEST_CASE("a second presenting condition is E0211") {
  auto p = parse("strand s \"S\" { indicator 1.1 { presents when true presents when false progress when true } }");
  CHECK(codes(p->diags) == std::vector<std::string>{"E0211"});
}

TEST_CASE("override of something other than param or def is E0208") {
  auto p = parse("override enum E: a");
  CHECK(codes(p->diags) == std::vector<std::string>{"E0208"});
}

TEST_CASE("two plan headers in one file are E0209") {
  auto p = parse("plan \"a\"\nplan \"b\"");
  CHECK(codes(p->diags) == std::vector<std::string>{"E0209"});
}

TEST_CASE("a call needs its '(' right after the name") {
  // `f (x)` is the name f followed by a stray parenthesis: a syntax error.
  auto p = parse("def x = f (y)");
  CHECK_FALSE(p->diags.all().empty());
  CHECK(expr("f(y)") == "f(y)");
}

TEST_CASE("lexer errors are reported once: the parser adds nothing at the same token") {
  auto p = parse("def x = 1 @ 2\ndef y = \"open");
  CHECK(codes(p->diags) == std::vector<std::string>{"E0101", "E0102"});
  // The good part before the bad character still parses.
  REQUIRE(p->module.defs.size() == 1);
  CHECK(p->module.defs[0].name == "x");
  auto q = parse("strand s \"S\" { indicator 1.1 { issue \"no end\n presents when true progress when true } }");
  CHECK(codes(q->diags) == std::vector<std::string>{"E0102"});
}

// ---- nesting limit -----------------------------------------------------------

TEST_CASE("deep nesting is E0206, not a crash") {
  const int depth = 5000;
  SUBCASE("parentheses") {
    auto p = parse("def x = " + std::string(depth, '(') + "1" + std::string(depth, ')') + "\ndef y = 2");
    REQUIRE_FALSE(p->diags.all().empty());
    CHECK(p->diags.all()[0].code == "E0206");
    CHECK(p->diags.all()[0].message == "this rule is nested more than 200 levels deep");
    REQUIRE(p->module.defs.size() == 1);
    CHECK(p->module.defs[0].name == "y");
  }
  SUBCASE("not") {
    std::string text = "def x = ";
    for (int i = 0; i < depth; ++i) text += "not ";
    auto p = parse(text + "true");
    REQUIRE_FALSE(p->diags.all().empty());
    CHECK(p->diags.all()[0].code == "E0206");
  }
  SUBCASE("unary minus") {
    auto p = parse("def x = " + std::string(depth, '-') + "1");
    REQUIRE_FALSE(p->diags.all().empty());
    CHECK(p->diags.all()[0].code == "E0206");
  }
  SUBCASE("if") {
    std::string text = "def x = ";
    for (int i = 0; i < depth; ++i) text += "if a then ";
    auto p = parse(text + "1");
    REQUIRE_FALSE(p->diags.all().empty());
    CHECK(p->diags.all()[0].code == "E0206");
  }
  SUBCASE("sets and calls") {
    std::string text = "def x = ";
    for (int i = 0; i < depth; ++i) text += "f({";
    auto p = parse(text);
    REQUIRE_FALSE(p->diags.all().empty());
    CHECK(p->diags.all()[0].code == "E0206");
  }
}

TEST_CASE("nesting just under the limit parses") {
  const int depth = 60;
  auto p = parse("def x = " + std::string(depth, '(') + "1" + std::string(depth, ')'));
  CHECK(p->diags.all().empty());
  REQUIRE(p->module.defs.size() == 1);
  CHECK(p->module.defs[0].body->kind == ExprKind::IntLit);
}

TEST_CASE("plan tests are parsed") {
  auto p = parse(R"(
test "a family" {
  as of 2018-06-30
  family F1 assessed 2017-09-12
  member M1 adult born 1985-03-02 parenting
  member C1 child born 2006-05-10
  offence by C1 on 2017-03-01
  cin by C1 from 2017-01-01 to open reason other
  expect 1.1 presents, progress met
  expect 2.1 does not present
  expect strand crime presents
  expect eligible true
}
)");
  REQUIRE(p->diags.all().empty());
  REQUIRE(p->module.tests.size() == 1);
  const TestDecl& t = p->module.tests[0];
  CHECK(t.name == "a family");
  CHECK(t.as_of == "2018-06-30");
  CHECK(t.family_id == "F1");
  CHECK(t.assessed == "2017-09-12");
  REQUIRE(t.members.size() == 2);
  CHECK(t.members[0].parenting);
  CHECK(t.members[1].role == "child");
  REQUIRE(t.events.size() == 2);
  CHECK(t.events[0].type == "offence");
  CHECK(t.events[0].member == "C1");
  REQUIRE(t.events[1].fields.size() == 3);
  CHECK(t.events[1].fields[1].first == "end");
  CHECK(t.events[1].fields[1].second.kind == FixtureValueKind::Null);
  REQUIRE(t.expectations.size() == 4);
  CHECK(t.expectations[0].kind == ExpectKind::Indicator);
  CHECK(t.expectations[0].presenting);
  CHECK(t.expectations[0].progress == std::optional<std::string>("met"));
  CHECK_FALSE(t.expectations[1].presenting);
  CHECK(t.expectations[2].kind == ExpectKind::Strand);
  CHECK(t.expectations[3].kind == ExpectKind::Result);
  CHECK(t.expectations[3].value == "true");
}
