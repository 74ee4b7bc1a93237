// The lexer: token kinds and texts, calendar literals, numbers and indicator
// codes, strings with escapes, comments, and the two lexical errors.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "compiler/lexer.h"

using namespace outcomes;

namespace {

struct Lexed {
  SourceSet sources;
  Diagnostics diags;
  std::vector<Token> tokens;
};

Lexed lex(const std::string& text) {
  Lexed l;
  uint32_t file = l.sources.add("lex.rules", text);
  l.tokens = tokenize(l.sources.file(file), file, l.diags);
  return l;
}

std::vector<TokenKind> kinds(const Lexed& l) {
  std::vector<TokenKind> out;
  for (const Token& t : l.tokens) out.push_back(t.kind);
  return out;
}

std::vector<std::string> texts(const Lexed& l) {
  std::vector<std::string> out;
  for (const Token& t : l.tokens)
    if (t.kind != TokenKind::End) out.emplace_back(t.text);
  return out;
}

std::vector<std::string> codes(const Diagnostics& d) {
  std::vector<std::string> out;
  for (const Diagnostic& x : d.all()) out.push_back(x.code);
  return out;
}

using K = TokenKind;

}  // namespace

TEST_CASE("an empty file, blanks and comments give only the end token") {
  for (const char* text : {"", "   \t\r\n\n", "# a comment\n", "# no line end at the end", "  # x\n  # y\n"}) {
    Lexed l = lex(text);
    CAPTURE(text);
    CHECK(kinds(l) == std::vector<K>{K::End});
    CHECK(l.diags.all().empty());
  }
}

TEST_CASE("comments run to the end of the line and no further") {
  Lexed l = lex("a # b c \"not a string\n d");
  CHECK(kinds(l) == std::vector<K>{K::Identifier, K::Identifier, K::End});
  CHECK(texts(l) == std::vector<std::string>{"a", "d"});
  CHECK(l.diags.all().empty());
}

TEST_CASE("words are identifiers, keywords included") {
  Lexed l = lex("any offence where date_of_birth2 _x and Area");
  std::vector<K> expected(7, K::Identifier);
  expected.push_back(K::End);
  CHECK(kinds(l) == expected);
}

TEST_CASE("calendar literals: dates, terms and months") {
  Lexed l = lex("2018-06-30 2016-autumn 2017-spring 2017-summer 2017-05");
  CHECK(kinds(l) == std::vector<K>{K::DateLit, K::TermLit, K::TermLit, K::TermLit, K::MonthLit, K::End});
  CHECK(texts(l) == std::vector<std::string>{"2018-06-30", "2016-autumn", "2017-spring", "2017-summer", "2017-05"});
  CHECK(l.diags.all().empty());
}

TEST_CASE("a date in an expression keeps its neighbours") {
  Lexed l = lex("(2017-01-01, A]");
  CHECK(kinds(l) == std::vector<K>{K::LParen, K::DateLit, K::Comma, K::Identifier, K::RBracket, K::End});
}

TEST_CASE("a year followed by something that is not a calendar literal is a number") {
  // "2018 - 5" with spaces is subtraction; "2018-winter" is not a term.
  Lexed spaced = lex("2018 - 5");
  CHECK(kinds(spaced) == std::vector<K>{K::Integer, K::Minus, K::Integer, K::End});
  Lexed winter = lex("2018-winter");
  CHECK(kinds(winter) == std::vector<K>{K::Integer, K::Minus, K::Identifier, K::End});
  CHECK(texts(winter) == std::vector<std::string>{"2018", "-", "winter"});
}

TEST_CASE("whole numbers, decimals and indicator ids such as 1.1") {
  Lexed l = lex("140 2.5 1.1 0");
  CHECK(kinds(l) == std::vector<K>{K::Integer, K::Decimal, K::Decimal, K::Integer, K::End});
  CHECK(texts(l) == std::vector<std::string>{"140", "2.5", "1.1", "0"});
}

TEST_CASE("a range 1..10 is two integers around '..'") {
  Lexed l = lex("1..10");
  CHECK(kinds(l) == std::vector<K>{K::Integer, K::DotDot, K::Integer, K::End});
  CHECK(texts(l) == std::vector<std::string>{"1", "..", "10"});
}

TEST_CASE("a number then a dot and a word is a field access, not a decimal") {
  Lexed l = lex("3.x");
  CHECK(kinds(l) == std::vector<K>{K::Integer, K::Dot, K::Identifier, K::End});
}

TEST_CASE("percentages: the text holds the number, the span covers the '%'") {
  Lexed l = lex("10% 2.5%");
  REQUIRE(kinds(l) == std::vector<K>{K::Percent, K::Percent, K::End});
  CHECK(l.tokens[0].text == "10");
  CHECK(l.tokens[0].span.begin == 0);
  CHECK(l.tokens[0].span.end == 3);
  CHECK(l.tokens[1].text == "2.5");
  CHECK(l.tokens[1].span.begin == 4);
  CHECK(l.tokens[1].span.end == 8);
}

TEST_CASE("indicator codes: digits followed by letters") {
  Lexed l = lex("1a 6b 12abc 3x2");
  CHECK(kinds(l) == std::vector<K>{K::Code, K::Code, K::Code, K::Code, K::End});
  CHECK(texts(l) == std::vector<std::string>{"1a", "6b", "12abc", "3x2"});
}

TEST_CASE("a number glued to a unit word is a number and a word, not a code") {
  for (const char* unit : {"days", "day", "weeks", "week", "months", "month", "years", "year"}) {
    Lexed l = lex(std::string("12") + unit);
    CAPTURE(unit);
    CHECK(kinds(l) == std::vector<K>{K::Integer, K::Identifier, K::End});
    CHECK(texts(l) == std::vector<std::string>{"12", unit});
  }
  // ... but a word that only starts like a unit is a code.
  CHECK(kinds(lex("12monthsx")) == std::vector<K>{K::Code, K::End});
}

TEST_CASE("punctuation and operators") {
  Lexed l = lex("( ) [ ] { } , : ; . .. + - * / == != < <= > >= = -> ? ??");
  CHECK(kinds(l) == std::vector<K>{K::LParen,     K::RParen,    K::LBracket, K::RBracket,  K::LBrace,
                                   K::RBrace,     K::Comma,     K::Colon,    K::Semicolon, K::Dot,
                                   K::DotDot,     K::Plus,      K::Minus,    K::Star,      K::Slash,
                                   K::EqualEqual, K::BangEqual, K::Less,     K::LessEqual, K::Greater,
                                   K::GreaterEqual, K::Equal,   K::Arrow,    K::Question,  K::QuestionQuestion,
                                   K::End});
  CHECK(l.diags.all().empty());
}

TEST_CASE("operators need no blanks around them") {
  Lexed l = lex("a<=b->c??d");
  CHECK(kinds(l) == std::vector<K>{K::Identifier, K::LessEqual, K::Identifier, K::Arrow, K::Identifier,
                                   K::QuestionQuestion, K::Identifier, K::End});
}

TEST_CASE("strings: the value is unescaped, the text is the source") {
  Lexed l = lex(R"("plain" "say \"hi\"" "a\nb" "back\\slash" "\q")");
  REQUIRE(kinds(l) == std::vector<K>{K::String, K::String, K::String, K::String, K::String, K::End});
  CHECK(l.tokens[0].value == "plain");
  CHECK(l.tokens[1].value == "say \"hi\"");
  CHECK(l.tokens[2].value == "a\nb");
  CHECK(l.tokens[3].value == "back\\slash");
  CHECK(l.tokens[4].value == "q");  // any other escaped character stands for itself
  CHECK(l.tokens[1].text == R"("say \"hi\"")");
  CHECK(l.diags.all().empty());
}

TEST_CASE("a string may span lines and hold '#'") {
  Lexed l = lex("\"one\n# two\" x");
  REQUIRE(kinds(l) == std::vector<K>{K::String, K::Identifier, K::End});
  CHECK(l.tokens[0].value == "one\n# two");
}

TEST_CASE("an unterminated string is E0102 pointing at the opening quote") {
  Lexed l = lex("issue \"no end\n  more");
  CHECK(codes(l.diags) == std::vector<std::string>{"E0102"});
  const Diagnostic& d = l.diags.all()[0];
  CHECK(d.span.begin == 6);
  CHECK(d.span.end == 7);
  CHECK(d.message == "this text has no closing quote");
  CHECK_FALSE(d.help.empty());
  // The rest of the file is swallowed into one error token.
  CHECK(kinds(l) == std::vector<K>{K::Identifier, K::Error, K::End});
}

TEST_CASE("a string ending in a backslash is unterminated") {
  Lexed l = lex("\"abc\\\"");
  CHECK(codes(l.diags) == std::vector<std::string>{"E0102"});
}

TEST_CASE("a bad character is E0101 and lexing carries on") {
  Lexed l = lex("a @ b ! c");
  CHECK(codes(l.diags) == std::vector<std::string>{"E0101", "E0101"});
  CHECK(kinds(l) == std::vector<K>{K::Identifier, K::Error, K::Identifier, K::Error, K::Identifier, K::End});
  CHECK(l.diags.all()[0].message == "unexpected character `@`");
  CHECK(l.diags.all()[1].message == "unexpected character `!`");
  CHECK(l.diags.all()[0].span.begin == 2);
}

TEST_CASE("a multi-byte character is one error covering all its bytes") {
  Lexed l = lex("x \xE2\x82\xAC y");  // the euro sign
  REQUIRE(codes(l.diags) == std::vector<std::string>{"E0101"});
  const Diagnostic& d = l.diags.all()[0];
  CHECK(d.span.end - d.span.begin == 3);
  CHECK(d.message == "unexpected character `\xE2\x82\xAC`");
  CHECK(kinds(l) == std::vector<K>{K::Identifier, K::Error, K::Identifier, K::End});
}

TEST_CASE("token spans index the file") {
  Lexed l = lex("def x =\n  12 months");
  REQUIRE(l.tokens.size() == 6);
  const SourceFile& f = l.sources.file(0);
  LineColumn at = f.position(l.tokens[3].span.begin);
  CHECK(at.line == 2);
  CHECK(at.column == 3);
  CHECK(l.tokens[4].text == "months");
  CHECK(l.sources.text(l.tokens[4].span) == "months");
}

TEST_CASE("token kinds have readable names") {
  CHECK(std::string(token_kind_name(K::DateLit)) == "a date");
  CHECK(std::string(token_kind_name(K::End)) == "end of file");
  CHECK(std::string(token_kind_name(K::QuestionQuestion)) == "'?" "?'");
}
