// Rule text -> tokens. Words are identifiers; the parser decides which words
// are keywords where (so field names such as `source` or `progress` stay usable).
#pragma once
#include <string_view>
#include <vector>

#include "compiler/diagnostics.h"
#include "compiler/source.h"

namespace outcomes {

enum class TokenKind {
  End,
  Identifier,
  Integer,     // 140
  Decimal,     // 2.5 (also indicator ids such as 1.1)
  Percent,     // 10%  (text holds the number without '%')
  DateLit,     // 2018-06-30
  TermLit,     // 2016-autumn
  MonthLit,    // 2017-05
  Code,        // 1a, 6b: an indicator id that starts with a digit
  String,      // "..." (text holds the unescaped contents)
  LParen, RParen, LBracket, RBracket, LBrace, RBrace,
  Comma, Colon, Semicolon, Dot, DotDot, Plus, Minus, Star, Slash,
  EqualEqual, BangEqual, Less, LessEqual, Greater, GreaterEqual,
  Equal, Arrow, Question, QuestionQuestion,
  Error,
};

struct Token {
  TokenKind kind = TokenKind::End;
  std::string_view text;  // the source text (unescaped contents for strings)
  Span span;
  std::string value;      // unescaped string contents
};

const char* token_kind_name(TokenKind kind);

std::vector<Token> tokenize(const SourceFile& file, uint32_t file_index, Diagnostics& diags);

}  // namespace outcomes
