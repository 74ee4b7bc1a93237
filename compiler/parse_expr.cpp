// Expressions, from the loosest binding to the tightest:
//   let / if / quantifiers  <  or  <  and  <  not  <  comparison, in, active at,
//   overlaps, lasts  <  ??  <  + -  <  * /  <  unary -  <  . [] () and units
#include <fmt/format.h>

#include <charconv>
#include <numeric>

#include "compiler/parser_internal.h"
#include "runtime/date.h"

namespace outcomes::parser {

namespace {

std::optional<QuantKind> quant_word(std::string_view w) {
  if (w == "any") return QuantKind::Any;
  if (w == "no") return QuantKind::No;
  if (w == "count") return QuantKind::Count;
  if (w == "sum") return QuantKind::Sum;
  if (w == "every") return QuantKind::Every;
  if (w == "some") return QuantKind::Some;
  if (w == "each") return QuantKind::Each;
  if (w == "latest") return QuantKind::Latest;
  if (w == "earliest") return QuantKind::Earliest;
  if (w == "first") return QuantKind::First;
  if (w == "last") return QuantKind::Last;
  return std::nullopt;
}

std::optional<DurationUnit> unit_word(std::string_view w) {
  if (w == "day" || w == "days") return DurationUnit::Days;
  if (w == "week" || w == "weeks") return DurationUnit::Weeks;
  if (w == "month" || w == "months") return DurationUnit::Months;
  if (w == "year" || w == "years") return DurationUnit::Years;
  return std::nullopt;
}

// "12.5" -> 125/10, reduced.
std::pair<int64_t, int64_t> decimal_fraction(std::string_view text, bool* overflow) {
  __int128 num = 0, den = 1;
  bool after_point = false;
  for (char c : text) {
    if (c == '.') {
      after_point = true;
      continue;
    }
    num = num * 10 + (c - '0');
    if (after_point) den *= 10;
    if (num > INT64_MAX || den > INT64_MAX) {
      *overflow = true;
      return {0, 1};
    }
  }
  int64_t n = static_cast<int64_t>(num), d = static_cast<int64_t>(den);
  int64_t g = std::gcd(n, d);
  return {n / (g ? g : 1), d / (g ? g : 1)};
}

}  // namespace

ExprPtr Parser::expression() {
  DepthGuard guard(*this, peek().span);
  Span start = peek().span;
  if (match_word("let")) {
    auto e = make(ExprKind::Let, start);
    e->name = expect_identifier("a name to bind");
    expect(TokenKind::Equal, "after the name in `let`");
    e->a = expression();
    expect(TokenKind::Semicolon, "after the value in `let NAME = VALUE; ...`");
    e->b = expression();
    e->span = span_from(start);
    return e;
  }
  if (match_word("if")) {
    auto e = make(ExprKind::If, start);
    e->a = expression();
    expect_word("then", "after the condition of `if`");
    e->b = expression();
    expect_word("else", "after `if ... then ...`: every `if` needs an `else`");
    e->c = expression();
    e->span = span_from(start);
    return e;
  }
  // Quantifiers are operands (see primary), so `count x == 2` compares.
  return or_expr();
}

// let        = "let" NAME "=" expr ";" expr
// quantifier = ("any"|"no"|"count"|"each"|"latest"|"earliest") source ["where" expr]
//            | "sum" postfix "of" source ["where" expr]
//            | ("first"|"last") postfix "of" source ["where" expr]
//            | ("every"|"some") source ["where" expr] "satisfies" expr
// source     = [NAME "in"] postfix
ExprPtr Parser::quantifier() {
  Span start = peek().span;
  auto q = make(ExprKind::Quantifier, start);
  q->quant = *quant_word(advance().text);
  if (q->quant == QuantKind::Sum) {
    q->c = postfix();
    expect_word("of", "after the value to add up, as in `sum days of exclusion where ...`");
  } else if (q->quant == QuantKind::First || q->quant == QuantKind::Last) {
    q->d = postfix();
    expect_word("of", fmt::format("after the number, as in `{} 2 of star_reading where ...`", quant_text(q->quant)));
  }
  q->a = binding_source(*q);
  if (match_word("where")) q->b = expression();
  if (q->quant == QuantKind::Every || q->quant == QuantKind::Some) {
    expect_word("satisfies", fmt::format("in `{} x in LIST where ... satisfies CONDITION`", quant_text(q->quant)));
    q->c = expression();
  }
  q->span = span_from(start);
  return q;
}

ExprPtr Parser::binding_source(Expr& q) {
  if (peek().kind == TokenKind::Identifier && at_word("in", 1) && !is_reserved(peek().text)) {
    q.name = std::string(advance().text);
    advance();
  } else {
    q.implicit_binder = true;
    q.name = "it";
  }
  return postfix();
}

// or = and {"or" and}
ExprPtr Parser::or_expr() {
  ExprPtr left = and_expr();
  while (at_word("or")) {
    advance();
    auto e = make(ExprKind::Binary, left->span);
    e->binary_op = BinaryOp::Or;
    e->a = std::move(left);
    e->b = and_expr();
    e->span = span_from(e->a->span);
    left = std::move(e);
  }
  return left;
}

// and = not {"and" not}
ExprPtr Parser::and_expr() {
  ExprPtr left = not_expr();
  while (at_word("and")) {
    advance();
    auto e = make(ExprKind::Binary, left->span);
    e->binary_op = BinaryOp::And;
    e->a = std::move(left);
    e->b = not_expr();
    e->span = span_from(e->a->span);
    left = std::move(e);
  }
  return left;
}

// not = "not" not | comparison
ExprPtr Parser::not_expr() {
  if (at_word("not")) {
    Span start = advance().span;
    DepthGuard guard(*this, start);
    auto e = make(ExprKind::Unary, start);
    e->unary_op = UnaryOp::Not;
    e->a = not_expr();
    e->span = span_from(start);
    return e;
  }
  return comparison();
}

static std::optional<BinaryOp> comparison_op(TokenKind k) {
  switch (k) {
    case TokenKind::EqualEqual: return BinaryOp::Eq;
    case TokenKind::BangEqual: return BinaryOp::Ne;
    case TokenKind::Less: return BinaryOp::Lt;
    case TokenKind::LessEqual: return BinaryOp::Le;
    case TokenKind::Greater: return BinaryOp::Gt;
    case TokenKind::GreaterEqual: return BinaryOp::Ge;
    default: return std::nullopt;
  }
}

// comparison = coalesce [cmp coalesce [cmp coalesce]]     (10% <= x < 60% chains)
//            | coalesce "in" coalesce | coalesce "active" "at" coalesce
//            | coalesce "overlaps" coalesce
ExprPtr Parser::comparison() {
  ExprPtr left = coalesce();
  if (at_word("in")) {
    advance();
    auto e = make(ExprKind::Binary, left->span);
    e->binary_op = BinaryOp::In;
    e->a = std::move(left);
    e->b = coalesce();
    e->span = span_from(e->a->span);
    return e;
  }
  if (at_word("active")) {
    advance();
    expect_word("at", "after `active`, as in `cin active at A`");
    auto e = make(ExprKind::ActiveAt, left->span);
    e->a = std::move(left);
    e->b = coalesce();
    e->span = span_from(e->a->span);
    return e;
  }
  if (match_word("overlaps")) {
    auto e = make(ExprKind::Overlaps, left->span);
    e->a = std::move(left);
    e->b = coalesce();
    e->span = span_from(e->a->span);
    return e;
  }
  auto op = comparison_op(peek().kind);
  if (!op) return left;
  advance();
  auto e = make(ExprKind::Binary, left->span);
  e->binary_op = *op;
  e->a = std::move(left);
  // a <= b < c  is  (a <= b) and (b < c); b is re-parsed so each use has its
  // own node. Its first token is remembered here: b's span can start later
  // (inside a parenthesis) than b does.
  size_t middle_start = pos_;
  e->b = coalesce();
  e->span = span_from(e->a->span);
  auto op2 = comparison_op(peek().kind);
  if (!op2) return e;
  advance();
  size_t resume = pos_;
  pos_ = middle_start;
  ExprPtr middle_again = coalesce();
  pos_ = resume;
  auto second = make(ExprKind::Binary, middle_again->span);
  second->binary_op = *op2;
  second->a = std::move(middle_again);
  second->b = coalesce();
  second->span = span_from(second->a->span);
  auto both = make(ExprKind::Binary, e->span);
  both->binary_op = BinaryOp::And;
  both->a = std::move(e);
  both->b = std::move(second);
  both->span = span_from(both->a->span);
  if (comparison_op(peek().kind))
    fail(peek().span, "E0216", "at most two comparisons can be chained", "use `and` between comparisons");
  return both;
}

// coalesce = additive {"??" additive}
ExprPtr Parser::coalesce() {
  ExprPtr left = additive();
  while (match(TokenKind::QuestionQuestion)) {
    auto e = make(ExprKind::Binary, left->span);
    e->binary_op = BinaryOp::Coalesce;
    e->a = std::move(left);
    e->b = additive();
    e->span = span_from(e->a->span);
    left = std::move(e);
  }
  return left;
}

// additive = multiplicative {("+"|"-") multiplicative}
ExprPtr Parser::additive() {
  ExprPtr left = multiplicative();
  while (at(TokenKind::Plus) || at(TokenKind::Minus)) {
    BinaryOp op = advance().kind == TokenKind::Plus ? BinaryOp::Add : BinaryOp::Sub;
    auto e = make(ExprKind::Binary, left->span);
    e->binary_op = op;
    e->a = std::move(left);
    e->b = multiplicative();
    e->span = span_from(e->a->span);
    left = std::move(e);
  }
  return left;
}

// multiplicative = unary {("*"|"/") unary}
ExprPtr Parser::multiplicative() {
  ExprPtr left = unary();
  while (at(TokenKind::Star) || at(TokenKind::Slash)) {
    BinaryOp op = advance().kind == TokenKind::Star ? BinaryOp::Mul : BinaryOp::Div;
    auto e = make(ExprKind::Binary, left->span);
    e->binary_op = op;
    e->a = std::move(left);
    e->b = unary();
    e->span = span_from(e->a->span);
    left = std::move(e);
  }
  return left;
}

// unary = "-" unary | postfix
ExprPtr Parser::unary() {
  if (at(TokenKind::Minus)) {
    Span start = advance().span;
    DepthGuard guard(*this, start);
    auto e = make(ExprKind::Unary, start);
    e->unary_op = UnaryOp::Negate;
    e->a = unary();
    e->span = span_from(start);
    return e;
  }
  return postfix();
}

// postfix = primary {"." NAME | "[" expr "]" | "(" args ")"} [unit]
ExprPtr Parser::postfix() {
  ExprPtr e = primary();
  for (;;) {
    if (match(TokenKind::Dot)) {
      auto f = make(ExprKind::Field, e->span);
      f->name = expect_identifier("a field name after `.`");
      f->a = std::move(e);
      f->span = span_from(f->a->span);
      e = std::move(f);
    } else if (at(TokenKind::LBracket) && e->kind != ExprKind::IntLit) {
      advance();
      auto ix = make(ExprKind::Index, e->span);
      ix->a = std::move(e);
      ix->b = expression();
      expect(TokenKind::RBracket, "to close `[`");
      ix->span = span_from(ix->a->span);
      e = std::move(ix);
    } else if (at(TokenKind::LParen) && e->kind == ExprKind::Name && previous().span.end == peek().span.begin) {
      advance();
      auto call = make(ExprKind::Call, e->span);
      call->name = e->name;
      if (!at(TokenKind::RParen)) {
        do call->args.push_back(expression());
        while (match(TokenKind::Comma));
      }
      expect(TokenKind::RParen, fmt::format("to close the arguments of `{}`", call->name));
      call->span = span_from(call->span);
      e = std::move(call);
    } else {
      break;
    }
  }
  return with_unit(std::move(e));
}

ExprPtr Parser::with_unit(ExprPtr e) {
  if (peek().kind != TokenKind::Identifier) return e;
  auto unit = unit_word(peek().text);
  if (!unit) return e;
  advance();
  auto d = make(ExprKind::Duration, e->span);
  d->unit = *unit;
  d->a = std::move(e);
  d->span = span_from(d->a->span);
  return d;
}

// primary = literal | NAME | "(" expr ")" | window | "{" expr {"," expr} "}"
//         | "last" postfix "before" additive           (a window ending at a date)
//         | quantifier (in operand position)
ExprPtr Parser::primary() {
  DepthGuard guard(*this, peek().span);
  const Token& t = peek();
  Span s = t.span;
  switch (t.kind) {
    case TokenKind::Integer: {
      advance();
      auto e = make(ExprKind::IntLit, s);
      e->text = std::string(t.text);
      auto r = std::from_chars(t.text.data(), t.text.data() + t.text.size(), e->int_value);
      if (r.ec != std::errc()) fail(s, "E0217", fmt::format("the number {} is too large", t.text));
      return e;
    }
    case TokenKind::Decimal:
    case TokenKind::Percent: {
      advance();
      bool overflow = false;
      auto [n, d] = decimal_fraction(t.text, &overflow);
      if (overflow) fail(s, "E0217", fmt::format("the number {} is too large", t.text));
      auto e = make(t.kind == TokenKind::Decimal ? ExprKind::DecimalLit : ExprKind::PercentLit, s);
      e->text = std::string(t.text);
      if (t.kind == TokenKind::Percent) {
        if (d > INT64_MAX / 100) fail(s, "E0217", fmt::format("the number {} has too many decimals", t.text));
        d *= 100;
        int64_t g = std::gcd(n, d);
        n /= g ? g : 1, d /= g ? g : 1;
      }
      e->num = n, e->den = d;
      return e;
    }
    case TokenKind::DateLit: {
      advance();
      auto date = parse_iso_date(t.text);
      if (!date) fail(s, "E0218", fmt::format("{} is not a real calendar date", t.text));
      auto e = make(ExprKind::DateLit, s);
      e->int_value = date->days;
      e->text = std::string(t.text);
      return e;
    }
    case TokenKind::TermLit: {
      advance();
      auto e = make(ExprKind::TermLit, s);
      e->int_value = *parse_term(t.text);
      e->text = std::string(t.text);
      return e;
    }
    case TokenKind::MonthLit: {
      advance();
      auto m = parse_month(t.text);
      if (!m) fail(s, "E0218", fmt::format("{} is not a real month", t.text));
      auto e = make(ExprKind::MonthLit, s);
      e->int_value = *m;
      e->text = std::string(t.text);
      return e;
    }
    case TokenKind::String: {
      advance();
      auto e = make(ExprKind::StringLit, s);
      e->text = t.value;
      return e;
    }
    case TokenKind::LParen:
    case TokenKind::LBracket: {
      Token open = advance();
      return window_after_open(open);
    }
    case TokenKind::LBrace: {
      advance();
      auto e = make(ExprKind::SetLit, s);
      do e->args.push_back(expression());
      while (match(TokenKind::Comma));
      expect(TokenKind::RBrace, "to close the set `{ ... }`");
      e->span = span_from(s);
      return e;
    }
    case TokenKind::Identifier: {
      if (t.text == "true" || t.text == "false") {
        advance();
        auto e = make(ExprKind::BoolLit, s);
        e->int_value = t.text == "true";
        return e;
      }
      if (t.text == "unknown") {
        advance();
        return make(ExprKind::UnknownLit, s);
      }
      if (t.text == "last") {
        // `last 12 months before D` is a window; `last 2 of ...` takes from a list.
        size_t saved = pos_;
        advance();
        auto duration = postfix();
        if (match_word("before")) {
          auto e = make(ExprKind::LastWindow, s);
          e->a = std::move(duration);
          e->b = additive();
          e->span = span_from(s);
          return e;
        }
        pos_ = saved;
      }
      if (quant_word(t.text)) return quantifier();
      if (is_reserved(t.text))
        fail(s, "E0219", fmt::format("expected a value, found the word `{}`", t.text),
             t.text == "where" ? "`where` follows a list or event type, as in `any offence where ...`" : "");
      advance();
      auto e = make(ExprKind::Name, s);
      e->name = std::string(t.text);
      return e;
    }
    default:
      break;
  }
  fail(s, "E0220", fmt::format("expected a value, found {}", t.kind == TokenKind::End ? std::string("the end of the file")
                                                                                  : fmt::format("`{}`", t.text)));
}

// After "(" or "[": a parenthesised expression, or a window "(lo, hi]".
ExprPtr Parser::window_after_open(Token open) {
  ExprPtr first = expression();
  if (open.kind == TokenKind::LParen && match(TokenKind::RParen)) return first;
  expect(TokenKind::Comma, open.kind == TokenKind::LParen ? "or `)`" : "in a window such as `[A, C]`");
  auto w = make(ExprKind::Window, open.span);
  w->lo_open = open.kind == TokenKind::LParen;
  w->a = std::move(first);
  w->b = expression();
  if (match(TokenKind::RBracket)) w->hi_open = false;
  else if (match(TokenKind::RParen)) w->hi_open = true;
  else fail(peek().span, "E0221", "expected `]` or `)` to close the window", "write (A, C] for after A, on or before C");
  w->span = span_from(open.span);
  return w;
}

}  // namespace outcomes::parser
