#include "compiler/parser.h"

#include <fmt/format.h>

#include <charconv>

#include "compiler/parser_internal.h"

namespace outcomes {
namespace parser {

// ---- tokens ---------------------------------------------------------------

const Token& Parser::peek(int ahead) const {
  size_t i = pos_ + ahead;
  return i < tokens_.size() ? tokens_[i] : tokens_.back();
}

bool Parser::at_word(std::string_view w, int ahead) const {
  const Token& t = peek(ahead);
  return t.kind == TokenKind::Identifier && t.text == w;
}

bool Parser::match(TokenKind k) {
  if (!at(k)) return false;
  advance();
  return true;
}

bool Parser::match_word(std::string_view w) {
  if (!at_word(w)) return false;
  advance();
  return true;
}

const Token& Parser::advance() {
  if (pos_ < tokens_.size() - 1) ++pos_;
  return tokens_[pos_ - 1];
}

void Parser::fail(Span span, std::string code, std::string message, std::string help) {
  // At an unreadable character or an unclosed text the lexer has already
  // reported the mistake; a second error about the same token would repeat it.
  const Token& t = peek();
  bool at_lexer_error = t.kind == TokenKind::Error && t.span.file == span.file && t.span.begin == span.begin;
  if (!at_lexer_error) diags_.error(std::move(code), span, std::move(message)).help = std::move(help);
  throw SyntaxError{};
}

static std::string describe(const Token& t) {
  if (t.kind == TokenKind::End) return "the end of the file";
  if (t.kind == TokenKind::Identifier) return fmt::format("`{}`", t.text);
  return fmt::format("{} `{}`", token_kind_name(t.kind), t.text);
}

const Token& Parser::expect(TokenKind k, std::string_view what) {
  if (!at(k))
    fail(peek().span, "E0201", fmt::format("expected {} {}, found {}", token_kind_name(k), what, describe(peek())));
  return advance();
}

void Parser::expect_word(std::string_view w, std::string_view context) {
  if (!at_word(w))
    fail(peek().span, "E0202", fmt::format("expected `{}` {}, found {}", w, context, describe(peek())));
  advance();
}

std::string Parser::expect_identifier(std::string_view what, Span* span) {
  if (!at(TokenKind::Identifier))
    fail(peek().span, "E0203", fmt::format("expected {}, found {}", what, describe(peek())));
  if (is_reserved(peek().text))
    fail(peek().span, "E0204", fmt::format("`{}` is a reserved word and cannot be used as {}", peek().text, what));
  const Token& t = advance();
  if (span) *span = t.span;
  return std::string(t.text);
}

std::string Parser::expect_string(std::string_view what) {
  if (!at(TokenKind::String))
    fail(peek().span, "E0205", fmt::format("expected {} in quotes, found {}", what, describe(peek())));
  return advance().value;
}

Span Parser::span_from(Span begin) const {
  Span end = previous().span;
  return {begin.file, begin.begin, std::max(begin.end, end.end)};
}

bool Parser::is_reserved(std::string_view w) {
  static constexpr std::string_view kReserved[] = {
      "and",  "or",     "not",   "if",      "then",     "else",     "let",   "in",   "where",
      "satisfies", "true", "false", "unknown", "any",  "no",       "count", "sum",  "every",
      "some", "each",   "latest", "earliest", "first", "last",     "of",    "before", "at",
      "active", "overlaps"};
  for (std::string_view r : kReserved)
    if (r == w) return true;
  return false;
}

DepthGuard::DepthGuard(Parser& parser, Span at) : p(parser) {
  if (++p.depth_ > kMaxNesting) {
    --p.depth_;
    p.fail(at, "E0206", fmt::format("this rule is nested more than {} levels deep", kMaxNesting),
           "split it into named definitions with `def`");
  }
}
DepthGuard::~DepthGuard() { --p.depth_; }

// ---- items ----------------------------------------------------------------

Module Parser::parse_file() {
  Module m;
  m.file = file_;
  while (!at(TokenKind::End)) {
    if (diags_.saturated()) break;
    size_t item_start = pos_;
    try {
      item(m);
    } catch (const SyntaxError&) {
      recover_to_item(item_start);
    }
  }
  return m;
}

static bool is_item_word(std::string_view w) {
  for (std::string_view k : {"plan", "module", "import", "param", "def", "enum", "event", "strand", "result",
                             "claim", "test", "override"})
    if (w == k) return true;
  return false;
}

// Panic mode: skip to the next word that starts an item, so one mistake
// does not cascade into a page of errors. The word the error was found at
// may itself start the next item (a `def` after an unclosed bracket); only
// an item that failed on its first token skips it, so recovery always moves.
void Parser::recover_to_item(size_t item_start) {
  if (pos_ == item_start) advance();
  while (!at(TokenKind::End)) {
    const Token& t = peek();
    if (t.kind == TokenKind::Identifier && is_item_word(t.text) && previous().kind != TokenKind::Dot) return;
    advance();
  }
}

// item = plan_header | "module" NAME | "import" (NAME | STRING) | param | def
//      | enum | event | strand | result | claim | test
void Parser::item(Module& m) {
  const Token& t = peek();
  if (t.kind != TokenKind::Identifier || !is_item_word(t.text))
    fail(t.span, "E0207", fmt::format("expected a plan item (plan, import, param, def, strand, result, claim, test, "
                                      "enum, event), found {}", describe(t)));
  if (match_word("plan")) return plan_header(m);
  if (match_word("module")) {
    m.module_name = expect_identifier("a module name");
    return;
  }
  if (match_word("import")) {
    ImportDecl imp;
    imp.span = peek().span;
    if (at(TokenKind::String)) {
      imp.module = advance().value;
      imp.is_path = true;
    } else {
      imp.module = expect_identifier("a module name");
    }
    m.imports.push_back(std::move(imp));
    return;
  }
  bool is_override = match_word("override");
  if (match_word("param")) return param(m, is_override);
  if (match_word("def")) return def(m, is_override);
  if (is_override) fail(peek().span, "E0208", "only a `param` or a `def` can be overridden");
  if (match_word("enum")) return enum_decl(m);
  if (match_word("event")) return event_decl(m);
  if (match_word("strand")) return strand(m);
  if (match_word("result")) return result(m);
  if (match_word("claim")) return claim(m);
  if (match_word("test")) return test(m);
}

// plan_header = "plan" STRING { ("title" | "version" | "source") STRING }
void Parser::plan_header(Module& m) {
  PlanHeader h;
  h.span = peek().span;
  h.id = expect_string("the plan id");
  for (;;) {
    if (match_word("title")) h.title = expect_string("the plan's title");
    else if (match_word("version")) h.version = expect_string("the plan's version");
    else if (match_word("source")) h.source = expect_string("the source document");
    else break;
  }
  if (m.plan) fail(h.span, "E0209", "a file can hold only one plan header");
  m.plan = std::move(h);
}

// param = ["override"] "param" NAME [STRING] "=" expr
void Parser::param(Module& m, bool is_override) {
  ParamDecl p;
  p.is_override = is_override;
  p.name = expect_identifier("a parameter name", &p.span);
  if (at(TokenKind::String)) p.description = advance().value;
  expect(TokenKind::Equal, "before the parameter's value");
  p.value = expression();
  m.params.push_back(std::move(p));
}

// def = ["override"] "def" NAME ["(" NAME ":" type {"," NAME ":" type} ")"] ["->" type] [STRING] "=" expr
void Parser::def(Module& m, bool is_override) {
  DefDecl d;
  d.is_override = is_override;
  d.name = expect_identifier("a definition name", &d.span);
  if (match(TokenKind::LParen)) {
    if (!at(TokenKind::RParen)) {
      do {
        DefParam p;
        p.name = expect_identifier("a parameter name", &p.span);
        expect(TokenKind::Colon, "before the parameter's type");
        p.type = type_expr();
        d.params.push_back(std::move(p));
      } while (match(TokenKind::Comma));
    }
    expect(TokenKind::RParen, "to close the parameter list");
  }
  if (match(TokenKind::Arrow)) d.return_type = type_expr();
  if (at(TokenKind::String)) d.description = advance().value;
  expect(TokenKind::Equal, "before the definition's body");
  d.body = expression();
  m.defs.push_back(std::move(d));
}

// type = NAME ["of" type] ["?" | "or" "unknown"]
TypeExpr Parser::type_expr() {
  TypeExpr t;
  t.span = peek().span;
  t.name = expect_identifier("a type name");
  if (match_word("of")) t.args.push_back(type_expr());
  if (match(TokenKind::Question)) t.optional = true;
  else if (at_word("or") && at_word("unknown", 1)) {
    advance(), advance();
    t.or_unknown = true;
  }
  t.span = span_from(t.span);
  return t;
}

// enum = "enum" NAME ":" NAME {"," NAME}
void Parser::enum_decl(Module& m) {
  EnumDecl e;
  e.name = expect_identifier("an enumeration name", &e.span);
  expect(TokenKind::Colon, "before the enumeration's values");
  do {
    Span s;
    std::string v = expect_identifier("an enumeration value", &s);
    e.values.emplace_back(std::move(v), s);
  } while (match(TokenKind::Comma));
  m.enums.push_back(std::move(e));
}

// event = "event" NAME ["by" ["optional"] "member"] "{" {field | check | unique} "}"
void Parser::event_decl(Module& m) {
  EventDecl e;
  e.name = expect_identifier("an event type name", &e.span);
  if (match_word("by")) {
    e.member = match_word("optional") ? MemberRuleDecl::Optional : MemberRuleDecl::Required;
    expect_word("member", "after `by`");
  }
  expect(TokenKind::LBrace, "to open the event's fields");
  while (!at(TokenKind::RBrace) && !at(TokenKind::End)) {
    if (at_word("check") && !(peek(1).kind == TokenKind::Colon)) {
      EventCheckDecl c;
      c.span = advance().span;
      c.condition = expression();
      expect(TokenKind::Colon, "before the check's message");
      c.message = expect_string("the message shown when the check fails");
      c.span = span_from(c.span);
      e.checks.push_back(std::move(c));
    } else if (at_word("unique") && !(peek(1).kind == TokenKind::Colon)) {
      UniqueDecl u;
      u.span = advance().span;
      do {
        Span s;
        std::string f = expect_identifier("a field name", &s);
        u.fields.emplace_back(std::move(f), s);
      } while (match(TokenKind::Comma));
      expect(TokenKind::Colon, "before the message");
      u.message = expect_string("the message shown for a duplicate");
      e.uniques.push_back(std::move(u));
    } else {
      e.fields.push_back(field_decl());
    }
  }
  expect(TokenKind::RBrace, "to close the event's fields");
  m.events.push_back(std::move(e));
}

// field = NAME ":" type ["or" "open"] ["optional"] ["=" expr] ["in" INT ".." INT]
FieldDecl Parser::field_decl() {
  FieldDecl f;
  f.name = expect_identifier("a field name", &f.span);
  expect(TokenKind::Colon, "before the field's type");
  f.type.span = peek().span;
  f.type.name = expect_identifier("a field type");
  if (match_word("of")) {
    TypeExpr key;
    key.span = peek().span;
    key.name = expect_identifier("the scores' domain enumeration");
    f.type.args.push_back(std::move(key));
  }
  if (at_word("or") && at_word("open", 1)) {
    advance(), advance();
    f.open_end = true;
  }
  if (match_word("optional")) f.optional = true;
  if (match(TokenKind::Equal)) f.default_value = primary();
  if (match_word("in")) {
    auto bound = [&]() {
      const Token& t = expect(TokenKind::Integer, "as a range bound");
      int64_t v = 0;
      std::from_chars(t.text.data(), t.text.data() + t.text.size(), v);
      return v;
    };
    int64_t lo = bound();
    expect(TokenKind::DotDot, "between the range's bounds");
    int64_t hi = bound();
    f.range = std::make_pair(lo, hi);
  }
  return f;
}

// strand = "strand" NAME STRING "{" {indicator} "}"
void Parser::strand(Module& m) {
  StrandDecl s;
  s.id = expect_identifier("a strand id", &s.span);
  s.title = expect_string("the strand's title");
  expect(TokenKind::LBrace, "to open the strand");
  while (!at(TokenKind::RBrace) && !at(TokenKind::End)) {
    expect_word("indicator", "in a strand");
    s.indicators.push_back(indicator());
  }
  expect(TokenKind::RBrace, "to close the strand");
  m.strands.push_back(std::move(s));
}

// indicator = "indicator" ID "{" {"issue" STRING | "progress" STRING | "sources" STRING
//             | "presents" "when" expr | "progress" "when" expr} "}"
IndicatorDecl Parser::indicator() {
  IndicatorDecl ind;
  const Token& id = peek();
  if (id.kind == TokenKind::String) ind.id = id.value;
  else if (id.kind == TokenKind::Decimal || id.kind == TokenKind::Integer || id.kind == TokenKind::Code)
    ind.id = std::string(id.text);
  else
    fail(id.span, "E0210", fmt::format("expected an indicator id such as 1.1 or \"1a\", found {}", describe(id)));
  ind.span = advance().span;
  expect(TokenKind::LBrace, "to open the indicator");
  while (!at(TokenKind::RBrace) && !at(TokenKind::End)) {
    Span clause = peek().span;
    if (match_word("issue")) {
      ind.issue = expect_string("the plan's presenting-issue wording");
    } else if (match_word("sources")) {
      ind.sources = expect_string("the plan's sources of information");
    } else if (at_word("progress") && peek(1).kind == TokenKind::String) {
      advance();
      ind.progress = expect_string("the plan's progress wording");
    } else if (match_word("presents")) {
      expect_word("when", "after `presents`");
      if (ind.presents) fail(clause, "E0211", "this indicator already has a presenting condition");
      ind.presents = expression();
    } else if (match_word("progress")) {
      expect_word("when", "after `progress`");
      if (ind.progress_condition) fail(clause, "E0211", "this indicator already has a progress condition");
      ind.progress_condition = expression();
    } else {
      fail(clause, "E0212",
           fmt::format("expected `issue`, `progress`, `sources`, `presents when` or `progress when` in "
                       "indicator {}, found {}", ind.id, describe(peek())));
    }
  }
  expect(TokenKind::RBrace, "to close the indicator");
  if (!ind.presents) fail(ind.span, "E0213", fmt::format("indicator {} has no `presents when` condition", ind.id));
  if (!ind.progress_condition)
    fail(ind.span, "E0213", fmt::format("indicator {} has no `progress when` condition", ind.id));
  return ind;
}

// result = "result" NAME [STRING] "=" expr
void Parser::result(Module& m) {
  ResultDecl r;
  r.name = expect_identifier("a result name", &r.span);
  if (at(TokenKind::String)) r.title = advance().value;
  expect(TokenKind::Equal, "before the result's rule");
  r.value = expression();
  m.results.push_back(std::move(r));
}

// claim = "claim" NAME STRING "{" {"condition" NAME STRING "when" expr}
//         ["discretion" STRING "when" expr] "}"
void Parser::claim(Module& m) {
  ClaimDecl c;
  c.name = expect_identifier("a claim name", &c.span);
  c.title = expect_string("the claim's title");
  expect(TokenKind::LBrace, "to open the claim");
  while (!at(TokenKind::RBrace) && !at(TokenKind::End)) {
    ClaimCondition cond;
    if (match_word("condition")) {
      cond.name = expect_identifier("a condition name", &cond.span);
      cond.wording = expect_string("the condition's wording");
      expect_word("when", "before the condition");
      cond.condition = expression();
      c.conditions.push_back(std::move(cond));
    } else if (match_word("discretion")) {
      cond.span = previous().span;
      cond.name = "discretion";
      cond.wording = expect_string("the discretion's wording");
      expect_word("when", "before the condition");
      cond.condition = expression();
      if (c.discretion) fail(cond.span, "E0214", "a claim can have only one discretion");
      c.discretion = std::move(cond);
    } else {
      fail(peek().span, "E0215", fmt::format("expected `condition` or `discretion` in claim {}, found {}", c.name,
                                             describe(peek())));
    }
  }
  expect(TokenKind::RBrace, "to close the claim");
  m.claims.push_back(std::move(c));
}

}  // namespace parser

Module parse_module(const SourceSet& sources, uint32_t file, Diagnostics& diags) {
  parser::Parser p(tokenize(sources.file(file), file, diags), file, diags);
  return p.parse_file();
}

}  // namespace outcomes
