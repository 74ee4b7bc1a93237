// Plan tests:
//   test "NAME" {
//     as of DATE
//     family [ID] assessed DATE
//     member ID (adult|child) born DATE [parenting]
//     EVENT_TYPE [by MEMBER] [on DATE] [from DATE [to DATE|open]] {FIELD VALUE}
//     expect INDICATOR (presents [, progress VERDICT] | does not present)
//     expect strand ID (presents [, progress VERDICT] | does not present)
//     expect RESULT VALUE | expect rejected "TEXT" | expect skipped
//   }
#include <fmt/format.h>

#include "compiler/parser_internal.h"

namespace outcomes::parser {

void Parser::test(Module& m) {
  TestDecl t;
  t.span = peek().span;
  t.name = expect_string("the test's name");
  expect(TokenKind::LBrace, "to open the test");
  while (!at(TokenKind::RBrace) && !at(TokenKind::End)) test_line(t);
  expect(TokenKind::RBrace, "to close the test");
  if (t.as_of.empty()) fail(t.span, "E0230", fmt::format("test \"{}\" has no `as of DATE`", t.name));
  if (t.expectations.empty()) fail(t.span, "E0231", fmt::format("test \"{}\" expects nothing", t.name));
  m.tests.push_back(std::move(t));
}

void Parser::test_line(TestDecl& t) {
  if (match_word("as")) {
    expect_word("of", "in `as of DATE`");
    t.as_of = std::string(expect(TokenKind::DateLit, "after `as of`").text);
  } else if (match_word("family")) {
    if (at(TokenKind::Identifier) && !at_word("assessed")) t.family_id = std::string(advance().text);
    expect_word("assessed", "in `family [ID] assessed DATE`");
    t.assessed = std::string(expect(TokenKind::DateLit, "after `assessed`").text);
  } else if (match_word("member")) {
    FixtureMember m;
    m.id = std::string(expect(TokenKind::Identifier, "as the member's id").text);
    m.span = previous().span;
    m.role = std::string(expect(TokenKind::Identifier, "as the member's role (adult or child)").text);
    expect_word("born", "before the member's date of birth");
    m.dob = std::string(expect(TokenKind::DateLit, "as the date of birth").text);
    if (match_word("parenting")) m.parenting = true;
    t.members.push_back(std::move(m));
  } else if (match_word("expect")) {
    t.expectations.push_back(expectation());
  } else if (at(TokenKind::Identifier)) {
    t.events.push_back(fixture_event());
  } else {
    fail(peek().span, "E0232",
         fmt::format("expected `as of`, `family`, `member`, an event or `expect` in a test, found `{}`", peek().text));
  }
}

FixtureEvent Parser::fixture_event() {
  FixtureEvent e;
  e.span = peek().span;
  e.type = std::string(advance().text);
  auto date_value = [&](TokenKind kind) {
    FixtureValue v;
    v.span = peek().span;
    if (at_word("open")) {
      advance();
      v.kind = FixtureValueKind::Null;
      return v;
    }
    v.text = std::string(expect(kind, "").text);
    return v;
  };
  // An event line ends where the next line starts: a word followed by
  // `by`, `on` or `from` (the next event), or a test keyword.
  auto starts_next_line = [&]() {
    return at_word("expect") || at_word("member") || at_word("family") || at_word("as") || at_word("by", 1) ||
           at_word("on", 1) || at_word("from", 1);
  };
  for (;;) {
    if (match_word("by")) {
      e.member = std::string(expect(TokenKind::Identifier, "as the member's id").text);
    } else if (match_word("on")) {
      e.fields.emplace_back("date", date_value(TokenKind::DateLit));
    } else if (match_word("from")) {
      e.fields.emplace_back("start", date_value(TokenKind::DateLit));
    } else if (match_word("to")) {
      e.fields.emplace_back("end", date_value(TokenKind::DateLit));
    } else if (at(TokenKind::Identifier) && !starts_next_line()) {
      std::string name(advance().text);
      e.fields.emplace_back(std::move(name), fixture_value());
    } else {
      break;
    }
  }
  e.span = span_from(e.span);
  return e;
}

FixtureValue Parser::fixture_value() {
  FixtureValue v;
  v.span = peek().span;
  const Token& t = peek();
  switch (t.kind) {
    case TokenKind::Integer:
    case TokenKind::Decimal:
      v.kind = FixtureValueKind::Number;
      v.text = std::string(advance().text);
      return v;
    case TokenKind::DateLit:
    case TokenKind::TermLit:
    case TokenKind::MonthLit:
      v.text = std::string(advance().text);
      return v;
    case TokenKind::String:
      v.text = advance().value;
      return v;
    case TokenKind::LBrace: {
      advance();
      v.kind = FixtureValueKind::Scores;
      if (!at(TokenKind::RBrace)) {
        do {
          std::string domain(expect(TokenKind::Identifier, "as a Star domain").text);
          const Token& n = expect(TokenKind::Integer, "as the domain's score");
          v.scores.emplace_back(std::move(domain), std::stoll(std::string(n.text)));
        } while (match(TokenKind::Comma));
      }
      expect(TokenKind::RBrace, "to close the scores");
      return v;
    }
    case TokenKind::Identifier:
      advance();
      if (t.text == "true" || t.text == "false") {
        v.kind = FixtureValueKind::Bool;
        v.text = std::string(t.text);
      } else if (t.text == "null") {
        v.kind = FixtureValueKind::Null;
      } else {
        v.text = std::string(t.text);
      }
      return v;
    default:
      fail(t.span, "E0233", fmt::format("expected a field value, found `{}`", t.text));
  }
}

static bool is_verdict_word(std::string_view w) { return w == "met" || w == "not_met" || w == "unknown"; }

// After "expect".
Expectation Parser::expectation() {
  Expectation x;
  x.span = peek().span;
  if (match_word("rejected")) {
    x.kind = ExpectKind::Rejected;
    if (at(TokenKind::String)) x.value = advance().value;
    return x;
  }
  if (match_word("skipped")) {
    x.kind = ExpectKind::Skipped;
    return x;
  }
  bool strand = match_word("strand");
  const Token& target = peek();
  if (target.kind == TokenKind::Decimal || target.kind == TokenKind::Integer || target.kind == TokenKind::Code ||
      target.kind == TokenKind::String) {
    x.kind = ExpectKind::Indicator;
    x.target = target.kind == TokenKind::String ? target.value : std::string(target.text);
    advance();
  } else if (target.kind == TokenKind::Identifier) {
    x.kind = strand ? ExpectKind::Strand : ExpectKind::Result;
    x.target = std::string(advance().text);
  } else {
    fail(target.span, "E0234", "expected an indicator id, `strand ID` or a result name after `expect`");
  }
  if (x.kind == ExpectKind::Result) {
    const Token& v = peek();
    if (v.kind != TokenKind::Identifier)
      fail(v.span, "E0235", fmt::format("expected the value of result {} (such as true or valid)", x.target));
    x.value = std::string(advance().text);
    return x;
  }
  if (match_word("does")) {
    expect_word("not", "in `does not present`");
    expect_word("present", "in `does not present`");
    x.presenting = false;
    return x;
  }
  expect_word("presents", "or `does not present`");
  x.presenting = true;
  if (match(TokenKind::Comma)) {
    expect_word("progress", "after `presents,`");
    const Token& v = peek();
    if (v.kind != TokenKind::Identifier || !is_verdict_word(v.text))
      fail(v.span, "E0236", "expected met, not_met or unknown after `progress`");
    x.progress = std::string(advance().text);
  }
  x.span = span_from(x.span);
  return x;
}

}  // namespace outcomes::parser
