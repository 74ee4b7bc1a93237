#include "compiler/lexer.h"

#include <fmt/format.h>

namespace outcomes {

const char* token_kind_name(TokenKind k) {
  switch (k) {
    case TokenKind::End: return "end of file";
    case TokenKind::Identifier: return "a name";
    case TokenKind::Integer: return "a whole number";
    case TokenKind::Decimal: return "a number";
    case TokenKind::Percent: return "a percentage";
    case TokenKind::DateLit: return "a date";
    case TokenKind::TermLit: return "a school term";
    case TokenKind::MonthLit: return "a month";
    case TokenKind::Code: return "an indicator id";
    case TokenKind::String: return "a quoted text";
    case TokenKind::LParen: return "'('";
    case TokenKind::RParen: return "')'";
    case TokenKind::LBracket: return "'['";
    case TokenKind::RBracket: return "']'";
    case TokenKind::LBrace: return "'{'";
    case TokenKind::RBrace: return "'}'";
    case TokenKind::Comma: return "','";
    case TokenKind::Colon: return "':'";
    case TokenKind::Semicolon: return "';'";
    case TokenKind::Dot: return "'.'";
    case TokenKind::DotDot: return "'..'";
    case TokenKind::Plus: return "'+'";
    case TokenKind::Minus: return "'-'";
    case TokenKind::Star: return "'*'";
    case TokenKind::Slash: return "'/'";
    case TokenKind::EqualEqual: return "'=='";
    case TokenKind::BangEqual: return "'!='";
    case TokenKind::Less: return "'<'";
    case TokenKind::LessEqual: return "'<='";
    case TokenKind::Greater: return "'>'";
    case TokenKind::GreaterEqual: return "'>='";
    case TokenKind::Equal: return "'='";
    case TokenKind::Arrow: return "'->'";
    case TokenKind::Question: return "'?'";
    case TokenKind::QuestionQuestion: return "'\?\?'";
    case TokenKind::Error: return "an unreadable character";
  }
  return "a token";
}

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_word_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_word(char c) { return is_word_start(c) || is_digit(c); }

class Lexer {
 public:
  Lexer(const SourceFile& file, uint32_t index, Diagnostics& diags)
      : text_(file.text), file_(index), diags_(diags) {}

  std::vector<Token> run() {
    std::vector<Token> tokens;
    for (;;) {
      skip_space_and_comments();
      Token t = next();
      tokens.push_back(t);
      if (t.kind == TokenKind::End) break;
    }
    return tokens;
  }

 private:
  std::string_view text_;
  uint32_t file_;
  Diagnostics& diags_;
  size_t pos_ = 0;

  char peek(size_t ahead = 0) const { return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0'; }

  void skip_space_and_comments() {
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        ++pos_;
      } else if (c == '#') {
        while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
      } else {
        break;
      }
    }
  }

  Token make(TokenKind kind, size_t begin) {
    Token t;
    t.kind = kind;
    t.span = {file_, static_cast<uint32_t>(begin), static_cast<uint32_t>(pos_)};
    t.text = text_.substr(begin, pos_ - begin);
    return t;
  }

  Token next() {
    size_t begin = pos_;
    if (pos_ >= text_.size()) return make(TokenKind::End, begin);
    char c = text_[pos_];
    if (is_digit(c)) return number(begin);
    if (is_word_start(c)) {
      while (is_word(peek())) ++pos_;
      return make(TokenKind::Identifier, begin);
    }
    if (c == '"') return string(begin);
    ++pos_;
    switch (c) {
      case '(': return make(TokenKind::LParen, begin);
      case ')': return make(TokenKind::RParen, begin);
      case '[': return make(TokenKind::LBracket, begin);
      case ']': return make(TokenKind::RBracket, begin);
      case '{': return make(TokenKind::LBrace, begin);
      case '}': return make(TokenKind::RBrace, begin);
      case ',': return make(TokenKind::Comma, begin);
      case ':': return make(TokenKind::Colon, begin);
      case ';': return make(TokenKind::Semicolon, begin);
      case '+': return make(TokenKind::Plus, begin);
      case '*': return make(TokenKind::Star, begin);
      case '/': return make(TokenKind::Slash, begin);
      case '.':
        if (peek() == '.') return ++pos_, make(TokenKind::DotDot, begin);
        return make(TokenKind::Dot, begin);
      case '-':
        if (peek() == '>') return ++pos_, make(TokenKind::Arrow, begin);
        return make(TokenKind::Minus, begin);
      case '=':
        if (peek() == '=') return ++pos_, make(TokenKind::EqualEqual, begin);
        return make(TokenKind::Equal, begin);
      case '!':
        if (peek() == '=') return ++pos_, make(TokenKind::BangEqual, begin);
        break;
      case '<':
        if (peek() == '=') return ++pos_, make(TokenKind::LessEqual, begin);
        return make(TokenKind::Less, begin);
      case '>':
        if (peek() == '=') return ++pos_, make(TokenKind::GreaterEqual, begin);
        return make(TokenKind::Greater, begin);
      case '?':
        if (peek() == '?') return ++pos_, make(TokenKind::QuestionQuestion, begin);
        return make(TokenKind::Question, begin);
    }
    Token bad = make(TokenKind::Error, begin);
    // Swallow the rest of a multi-byte UTF-8 character so the caret covers it.
    while (pos_ < text_.size() && (static_cast<unsigned char>(text_[pos_]) & 0xC0) == 0x80) ++pos_;
    bad = make(TokenKind::Error, begin);
    diags_.error("E0101", bad.span, fmt::format("unexpected character `{}`", bad.text))
        .help = "rule text uses letters, digits, quotes and the operators + - * / < > = ( ) [ ] { } , : .";
    return bad;
  }

  size_t digits_at(size_t at) const {
    size_t n = 0;
    while (at + n < text_.size() && is_digit(text_[at + n])) ++n;
    return n;
  }

  Token number(size_t begin) {
    size_t whole = digits_at(pos_);
    // Dates, months and terms start with a four-digit year and a dash.
    if (whole == 4 && peek(4) == '-') {
      if (digits_at(pos_ + 5) == 2 && peek(7) == '-' && digits_at(pos_ + 8) == 2 && !is_word(peek(10))) {
        pos_ += 10;
        return make(TokenKind::DateLit, begin);
      }
      if (digits_at(pos_ + 5) == 2 && !is_word(peek(7)) && peek(7) != '-') {
        pos_ += 7;
        return make(TokenKind::MonthLit, begin);
      }
      for (std::string_view season : {"autumn", "spring", "summer"}) {
        if (text_.substr(pos_ + 5, season.size()) == season && !is_word(peek(5 + season.size()))) {
          pos_ += 5 + season.size();
          return make(TokenKind::TermLit, begin);
        }
      }
    }
    pos_ += whole;
    TokenKind kind = TokenKind::Integer;
    if (peek() == '.' && is_digit(peek(1))) {
      ++pos_;
      pos_ += digits_at(pos_);
      kind = TokenKind::Decimal;
    }
    if (is_word_start(peek()) && kind == TokenKind::Integer && !starts_unit_word()) {
      // 1a, 6b: indicator ids of the TF2 plan.
      while (is_word(peek())) ++pos_;
      return make(TokenKind::Code, begin);
    }
    if (peek() == '%') {
      Token t = make(TokenKind::Percent, begin);
      ++pos_;
      t.span.end = static_cast<uint32_t>(pos_);
      return t;
    }
    return make(kind, begin);
  }

  // "12months" is a typo for "12 months", not an indicator id.
  bool starts_unit_word() const {
    size_t n = 0;
    while (is_word(peek(n))) ++n;
    std::string_view w = text_.substr(pos_, n);
    for (std::string_view unit : {"day", "days", "week", "weeks", "month", "months", "year", "years"})
      if (w == unit) return true;
    return false;
  }

  Token string(size_t begin) {
    ++pos_;
    std::string value;
    while (pos_ < text_.size() && text_[pos_] != '"') {
      char c = text_[pos_++];
      if (c == '\\' && pos_ < text_.size()) {
        char e = text_[pos_++];
        value += e == 'n' ? '\n' : e;
      } else {
        value += c;
      }
    }
    if (pos_ >= text_.size()) {
      Token t = make(TokenKind::Error, begin);
      diags_.error("E0102", {file_, static_cast<uint32_t>(begin), static_cast<uint32_t>(begin + 1)},
                   "this text has no closing quote")
          .help = "end the text with \"";
      return t;
    }
    ++pos_;
    Token t = make(TokenKind::String, begin);
    t.value = std::move(value);
    return t;
  }
};

}  // namespace

std::vector<Token> tokenize(const SourceFile& file, uint32_t file_index, Diagnostics& diags) {
  return Lexer(file, file_index, diags).run();
}

}  // namespace outcomes
