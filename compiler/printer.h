// Canonical rule text: prints syntax trees back as rule code with one
// spacing, one line layout and the fewest parentheses that keep the meaning,
// so two rules that differ only in formatting print the same. The output
// parses back to the same tree (chains of `and` / `or` may regroup, which
// does not change what they mean), and printing that again gives the same
// text: normalisation is idempotent.
//
// Conventions:
// - Parentheses only where the grammar needs them, plus, for readers,
//   around an `and` chain inside an `or`, around a quantifier with `where`
//   (or an `if` / `let`) that is one operand of an `and` / `or` chain or that
//   something follows, and around `x ?? y` inside a comparison.
//   `a <= b and b < c` prints as the chain `a <= b < c`.
// - Numbers print from their values (12.50 and 12.5 print alike), dates as
//   YYYY-MM-DD, durations as `1 day` / `12 months`.
// - A rule longer than the width breaks at `and` / `or` (one operand a line,
//   the operator first), after `where`, before `satisfies`, `then` and `else`.
#pragma once
#include <string>

#include "compiler/ast.h"

namespace outcomes {

inline constexpr int kPrintWidth = 88;

// One expression; lines after the first are indented by `indent` (plus their
// own nesting) and the first is assumed to start at column `column`.
std::string print_expr(const Expr& e, int column = 0, int indent = 0, int width = kPrintWidth);

std::string print_type(const TypeExpr& t);

// Declarations, without `override` (callers report that separately) and
// without comments. Each ends without a newline.
std::string print_param(const ParamDecl& p);              // param NAME "description" = VALUE
std::string print_def(const DefDecl& d);                  // def NAME(PARAMS) -> TYPE "description" = BODY
std::string print_def_signature(const DefDecl& d);        // def NAME(PARAMS) -> TYPE
std::string print_indicator_rule(const IndicatorDecl& i); // presents when ... / progress when ...
std::string print_result(const ResultDecl& r);            // result NAME "title" = VALUE
std::string print_claim(const ClaimDecl& c);              // claim NAME "title" { condition ... }

// A quoted rule-text string with \" \\ and \n escaped.
std::string quote_rule_string(const std::string& s);

}  // namespace outcomes
