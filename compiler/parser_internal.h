// The parser's shared state, used by the files that parse items,
// expressions and tests. Not part of the compiler's interface.
#pragma once
#include <string_view>
#include <vector>

#include "compiler/ast.h"
#include "compiler/diagnostics.h"
#include "compiler/lexer.h"

namespace outcomes::parser {

struct SyntaxError {};  // thrown to unwind to the item being parsed

class Parser {
 public:
  Parser(std::vector<Token> tokens, uint32_t file, Diagnostics& diags)
      : tokens_(std::move(tokens)), file_(file), diags_(diags) {}

  Module parse_file();

  // Expressions (parse_expr.cpp)
  ExprPtr expression();

  // Tokens
  const Token& peek(int ahead = 0) const;
  const Token& previous() const { return tokens_[pos_ > 0 ? pos_ - 1 : 0]; }
  bool at(TokenKind k) const { return peek().kind == k; }
  bool at_word(std::string_view w, int ahead = 0) const;
  bool match(TokenKind k);
  bool match_word(std::string_view w);
  const Token& advance();
  const Token& expect(TokenKind k, std::string_view what);
  void expect_word(std::string_view w, std::string_view context);
  std::string expect_identifier(std::string_view what, Span* span = nullptr);
  std::string expect_string(std::string_view what);
  [[noreturn]] void fail(Span span, std::string code, std::string message, std::string help = {});
  Span span_from(Span begin) const;
  Diagnostics& diags() { return diags_; }
  uint32_t file() const { return file_; }

  static bool is_reserved(std::string_view word);

 private:
  // Items (parser.cpp)
  void item(Module& m);
  void plan_header(Module& m);
  void param(Module& m, bool is_override);
  void def(Module& m, bool is_override);
  void enum_decl(Module& m);
  void event_decl(Module& m);
  FieldDecl field_decl();
  void strand(Module& m);
  IndicatorDecl indicator();
  void result(Module& m);
  void claim(Module& m);
  TypeExpr type_expr();
  void recover_to_item(size_t item_start);

  // Tests (parse_test.cpp)
  void test(Module& m);
  void test_line(TestDecl& t);
  FixtureEvent fixture_event();
  FixtureValue fixture_value();
  Expectation expectation();

  // Expressions (parse_expr.cpp)
  ExprPtr quantifier();
  ExprPtr binding_source(Expr& q);
  ExprPtr or_expr();
  ExprPtr and_expr();
  ExprPtr not_expr();
  ExprPtr comparison();
  ExprPtr coalesce();
  ExprPtr additive();
  ExprPtr multiplicative();
  ExprPtr unary();
  ExprPtr postfix();
  ExprPtr primary();
  ExprPtr window_after_open(Token open);
  ExprPtr with_unit(ExprPtr e);
  ExprPtr make(ExprKind k, Span s) { return std::make_unique<Expr>(k, s); }

  std::vector<Token> tokens_;
  size_t pos_ = 0;
  uint32_t file_;
  Diagnostics& diags_;
  int depth_ = 0;
  friend struct DepthGuard;
};

struct DepthGuard {
  Parser& p;
  explicit DepthGuard(Parser& parser, Span at);
  ~DepthGuard();
};

}  // namespace outcomes::parser
