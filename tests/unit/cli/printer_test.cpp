// The canonical rule printer (compiler/printer.h): formatting-insensitive,
// idempotent, and meaning-preserving (the printed text parses back to the
// same tree, up to the grouping of `and` / `or` chains) on every rule of the
// bundled plans and the stdlib.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "compiler/parser.h"
#include "compiler/printer.h"

using namespace outcomes;

namespace {

struct Parsed {
  SourceSet sources;
  Diagnostics diags;
  Module module;
};

std::unique_ptr<Parsed> parse(const std::string& text) {
  auto p = std::make_unique<Parsed>();
  uint32_t file = p->sources.add("printer-test.rules", text);
  p->module = parse_module(p->sources, file, p->diags);
  INFO(text);
  INFO(render_all(p->diags, p->sources));
  REQUIRE(!p->diags.has_errors());
  return p;
}

// The body of `def t = TEXT`, printed.
std::string canon(const std::string& expr) {
  auto p = parse("def t = " + expr + "\n");
  REQUIRE(p->module.defs.size() == 1);
  return print_expr(*p->module.defs[0].body);
}

// A structural signature of a tree: chains of `and` / `or` are flattened,
// spans and checker annotations ignored.
void flatten(const Expr& e, BinaryOp op, std::vector<const Expr*>& out) {
  if (e.kind == ExprKind::Binary && e.binary_op == op) {
    flatten(*e.a, op, out);
    flatten(*e.b, op, out);
  } else {
    out.push_back(&e);
  }
}

std::string shape(const Expr* e) {
  if (!e) return "_";
  std::string s = "(" + std::to_string(static_cast<int>(e->kind));
  if (e->kind == ExprKind::Binary && (e->binary_op == BinaryOp::And || e->binary_op == BinaryOp::Or)) {
    std::vector<const Expr*> items;
    flatten(*e, e->binary_op, items);
    s += e->binary_op == BinaryOp::And ? " and" : " or";
    for (const Expr* x : items) s += " " + shape(x);
    return s + ")";
  }
  s += " " + e->name + " " + (e->kind == ExprKind::StringLit ? e->text : "") + " " + std::to_string(e->int_value) + " " +
       std::to_string(e->num) + "/" + std::to_string(e->den) + " u" + std::to_string(static_cast<int>(e->unary_op)) +
       " b" + std::to_string(static_cast<int>(e->binary_op)) + " d" + std::to_string(static_cast<int>(e->unit)) + " q" +
       std::to_string(static_cast<int>(e->quant)) + " w" + std::to_string(e->lo_open) + std::to_string(e->hi_open) +
       " i" + std::to_string(e->implicit_binder);
  for (const Expr* c : {e->a.get(), e->b.get(), e->c.get(), e->d.get()}) s += " " + shape(c);
  for (const auto& x : e->args) s += " " + shape(x.get());
  return s + ")";
}

std::string read(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Prints every rule of a file, parses the print, and checks the round trip.
void round_trip_file(const std::filesystem::path& path) {
  INFO(path.string());
  auto original = parse(read(path));
  const Module& m = original->module;
  int checked = 0;
  for (const DefDecl& d : m.defs) {
    std::string once = print_def(d);
    auto again = parse(once + "\n");
    REQUIRE(again->module.defs.size() == 1);
    CHECK(print_def(again->module.defs[0]) == once);
    CHECK(shape(again->module.defs[0].body.get()) == shape(d.body.get()));
    ++checked;
  }
  for (const ParamDecl& p : m.params) {
    std::string once = print_param(p);
    auto again = parse(once + "\n");
    REQUIRE(again->module.params.size() == 1);
    CHECK(print_param(again->module.params[0]) == once);
    CHECK(shape(again->module.params[0].value.get()) == shape(p.value.get()));
    ++checked;
  }
  for (const StrandDecl& s : m.strands)
    for (const IndicatorDecl& i : s.indicators) {
      std::string once = print_indicator_rule(i);
      auto again = parse("strand s \"S\" {\n  indicator 1 {\n" + once + "\n  }\n}\n");
      const IndicatorDecl& j = again->module.strands.at(0).indicators.at(0);
      CHECK(print_indicator_rule(j) == once);
      CHECK(shape(j.presents.get()) == shape(i.presents.get()));
      CHECK(shape(j.progress_condition.get()) == shape(i.progress_condition.get()));
      ++checked;
    }
  for (const ResultDecl& r : m.results) {
    std::string once = print_result(r);
    auto again = parse(once + "\n");
    CHECK(print_result(again->module.results.at(0)) == once);
    ++checked;
  }
  for (const ClaimDecl& c : m.claims) {
    std::string once = print_claim(c);
    auto again = parse(once + "\n");
    CHECK(print_claim(again->module.claims.at(0)) == once);
    for (size_t k = 0; k < c.conditions.size(); ++k)
      CHECK(shape(again->module.claims[0].conditions.at(k).condition.get()) == shape(c.conditions[k].condition.get()));
    ++checked;
  }
  CHECK(checked > 0);
}

}  // namespace

TEST_CASE("printer: formatting, comments and redundant parentheses do not change the canonical text") {
  std::string a = canon("any offence where date in last 12 months before A and young_person(member)");
  CHECK(a == "any offence where date in last 12 months before A and young_person(member)");
  CHECK(canon("any   offence\n   where (date in (last 12 months before A)) # why\n and (young_person( member ))") == a);
  CHECK(canon("((a and b) and c)") == canon("a and (b and c)"));
  CHECK(canon("a and b and c") == "a and b and c");
  CHECK(canon("x <= y and y < z") == "x <= y < z");
  CHECK(canon("x <= y < z") == "x <= y < z");
  CHECK(canon("12.50 + 0.5") == "12.5 + 0.5");
  CHECK(canon("12.5%") == "12.5%");
  CHECK(canon("10%") == "10%");
  CHECK(canon("0.1") == "0.1");
  CHECK(canon("1 days") == "1 day");
  CHECK(canon("3 month") == "3 months");
  CHECK(canon("[ A , C ]") == "[A, C]");
  CHECK(canon("( A , C ]") == "(A, C]");
  CHECK(canon("{ medium,high }") == "{medium, high}");
  CHECK(canon("\"a \\\"quoted\\\" word\"") == "\"a \\\"quoted\\\" word\"");
}

TEST_CASE("printer: parentheses stay where the meaning needs them") {
  CHECK(canon("(a + b) * c") == "(a + b) * c");
  CHECK(canon("a + (b * c)") == "a + b * c");
  CHECK(canon("a - (b - c)") == "a - (b - c)");
  CHECK(canon("(a - b) - c") == "a - b - c");
  CHECK(canon("not (a and b)") == "not (a and b)");
  CHECK(canon("(not a) and b") == "not a and b");
  // An `and` chain inside `or` keeps its parentheses, for readers.
  CHECK(canon("a and b or c") == "(a and b) or c");
  CHECK(canon("a and (b or c)") == "a and (b or c)");
  // A quantifier's `where` runs to the end: anything after it needs parentheses.
  CHECK(canon("(any offence where date > A) and b") == "(any offence where date > A) and b");
  CHECK(canon("b and any offence where date > A") == "b and (any offence where date > A)");
  CHECK(canon("(sustained_from ?? date) <= C") == "(sustained_from ?? date) <= C");
  CHECK(canon("sustained_from ?? date <= C") == "(sustained_from ?? date) <= C");
  CHECK(canon("count children > 0") == "count children > 0");
  CHECK(canon("(count children where age(it, A) > 5) > 0") == "(count children where age(it, A) > 5) > 0");
  CHECK(canon("every c in children where (any x where member == c) satisfies ok(c)") ==
        "every c in children where (any x where member == c) satisfies ok(c)");
  CHECK(canon("june_30 - (if x >= 7 then x - 7 else x) days") == "june_30 - (if x >= 7 then x - 7 else x) days");
  CHECK(canon("(last 6 months before C) overlaps w") == "last 6 months before C overlaps w");
  CHECK(canon("min(p.end ?? C, C) >= p.date + length days - 1 day") ==
        "min(p.end ?? C, C) >= p.date + length days - 1 day");
  CHECK(canon("-(a + b)") == "-(a + b)");
  CHECK(canon("(c.dob + 30 months) <= C") == "c.dob + 30 months <= C");
}

TEST_CASE("printer: long rules break at and / or, after where, before satisfies and else") {
  std::string text = canon(
      "(any offence where date in year_before_assessment and young_person(member)) or "
      "(any erjr where date in year_before_assessment and young_person(member)) or "
      "(any asb_incident where date in year_before_assessment)");
  CHECK(text ==
        "(any offence where date in year_before_assessment and young_person(member))\n"
        "or (any erjr where date in year_before_assessment and young_person(member))\n"
        "or (any asb_incident where date in year_before_assessment)");
  CHECK(canon("if selected == 0 then CaseResult.no_outcomes else if met == selected then CaseResult.met "
              "else if met > 0 then CaseResult.partially_met else CaseResult.not_met") ==
        "if selected == 0 then CaseResult.no_outcomes\n"
        "else if met == selected then CaseResult.met\n"
        "else if met > 0 then CaseResult.partially_met\n"
        "else CaseResult.not_met");
  // Idempotent: printing the print gives the print.
  CHECK(canon(text) == text);
}

TEST_CASE("printer: declarations") {
  auto p = parse(
      "override def absence_measure(c: Member, on: Date) -> Percent or unknown = overall_absence_rate(c, on)\n"
      "param window \"how far back\" = 12 months\n"
      "def kids -> List of Member = each m in members where m.role == child\n");
  // Longer than the width: the body goes on its own line.
  CHECK(print_def(p->module.defs[0]) ==
        "def absence_measure(c: Member, on: Date) -> Percent or unknown =\n  overall_absence_rate(c, on)");
  CHECK(print_param(p->module.params[0]) == "param window \"how far back\" = 12 months");
  CHECK(print_def_signature(p->module.defs[1]) == "def kids -> List of Member");
}

TEST_CASE("printer: every rule of the bundled plans and the stdlib round-trips") {
  std::filesystem::path root = OUTCOMES_SOURCE_ROOT;
  for (const char* f : {"plans/herts-2018.plan", "plans/tf2.plan", "plans/herefordshire-v6.1.plan",
                        "plans/shared/hertfordshire-measures.rules", "stdlib/prelude.rules"})
    round_trip_file(root / f);
}

TEST_CASE("printer: a reformatted plan prints the same rules as the original") {
  std::filesystem::path root = OUTCOMES_SOURCE_ROOT;
  std::string text = read(root / "plans/herts-2018.plan");
  // Reformat: drop the comments and the indentation and run the whole plan
  // together on one line.
  std::string reformatted;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    size_t start = line.find_first_not_of(' ');
    if (start == std::string::npos || line[start] == '#') continue;
    reformatted += line.substr(start) + " ";
  }
  auto a = parse(text);
  auto b = parse(reformatted);
  REQUIRE(a->module.strands.size() == b->module.strands.size());
  for (size_t s = 0; s < a->module.strands.size(); ++s)
    for (size_t i = 0; i < a->module.strands[s].indicators.size(); ++i)
      CHECK(print_indicator_rule(a->module.strands[s].indicators[i]) ==
            print_indicator_rule(b->module.strands[s].indicators[i]));
  for (size_t d = 0; d < a->module.defs.size(); ++d) CHECK(print_def(a->module.defs[d]) == print_def(b->module.defs[d]));
}
