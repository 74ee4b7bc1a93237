// Canonical rule text (printer.h). Every node has a precedence (how tightly
// it binds as an operand) and an "open" level: quantifiers, `last N before D`,
// `if` and `let` end in an operand that would swallow what follows them, so
// they are parenthesised when something at or above that level follows.
#include "compiler/printer.h"

#include <fmt/format.h>

#include <vector>

#include "runtime/date.h"

namespace outcomes {

namespace {

// Precedence levels, loosest first (compiler/parse_expr.cpp).
enum : int {
  kLowest = 0,  // let, if
  kOr = 1,
  kAnd = 2,
  kNot = 3,
  kCmp = 4,  // comparisons, in, active at, overlaps
  kCoal = 5,
  kAdd = 6,
  kMul = 7,
  kNeg = 8,
  kUnit = 9,  // 12 months
  kPostfix = 10,
};
// What follows an operand: nothing (a closing bracket, a comma, the end), a
// keyword (then, else, where, satisfies, of, before, ;), an operator of some
// level, or something that anything open would swallow.
constexpr int kFollowNone = -1;
constexpr int kFollowKeyword = 0;
constexpr int kFollowAll = 100;
constexpr int kClosed = 1000;

bool is_comparison(const Expr& e) {
  if (e.kind != ExprKind::Binary) return false;
  switch (e.binary_op) {
    case BinaryOp::Eq: case BinaryOp::Ne: case BinaryOp::Lt: case BinaryOp::Le: case BinaryOp::Gt:
    case BinaryOp::Ge:
      return true;
    default:
      return false;
  }
}

bool ascending(BinaryOp op) { return op == BinaryOp::Lt || op == BinaryOp::Le; }
bool descending(BinaryOp op) { return op == BinaryOp::Gt || op == BinaryOp::Ge; }

int binary_level(BinaryOp op) {
  switch (op) {
    case BinaryOp::Or: return kOr;
    case BinaryOp::And: return kAnd;
    case BinaryOp::Add: case BinaryOp::Sub: return kAdd;
    case BinaryOp::Mul: case BinaryOp::Div: return kMul;
    case BinaryOp::Coalesce: return kCoal;
    default: return kCmp;  // comparisons and `in`
  }
}

// An exact decimal for n / d where d has no prime factors but 2 and 5.
std::string decimal(__int128 n, __int128 d) {
  if (d <= 0) return "0";
  std::string s = fmt::format("{}", static_cast<int64_t>(n / d));
  __int128 r = n % d;
  if (r == 0) return s;
  s += '.';
  for (int digits = 0; r != 0 && digits < 40; ++digits) {
    r *= 10;
    s += static_cast<char>('0' + static_cast<int>(r / d));
    r %= d;
  }
  return s;
}

const char* unit_word(DurationUnit u, bool one) {
  switch (u) {
    case DurationUnit::Days: return one ? "day" : "days";
    case DurationUnit::Weeks: return one ? "week" : "weeks";
    case DurationUnit::Months: return one ? "month" : "months";
    case DurationUnit::Years: return one ? "year" : "years";
  }
  return "days";
}

// One operand of an `and` / `or` chain: an expression, or two comparisons
// sharing their middle operand, printed as `a <= b < c`.
struct Item {
  const Expr* first;
  const Expr* second = nullptr;
};

size_t last_line_length(const std::string& s) {
  size_t nl = s.rfind('\n');
  return nl == std::string::npos ? s.size() : s.size() - nl - 1;
}

class Printer {
 public:
  explicit Printer(int width) : width_(width) {}

  std::string flat(const Expr& e, int min_prec, int follow) {
    if (needs_parens(e, min_prec, follow)) return "(" + flat_inner(e, kFollowNone) + ")";
    return flat_inner(e, follow);
  }

  // `col` is where the text starts; continuation lines start at `indent`.
  std::string block(const Expr& e, int col, int indent, int min_prec, int follow) {
    std::string f = flat(e, min_prec, follow);
    if (col + static_cast<int>(f.size()) <= width_) return f;
    if (needs_parens(e, min_prec, follow)) return "(" + block_inner(e, col + 1, col + 1, kFollowNone) + ")";
    return block_inner(e, col, indent, follow);
  }

 private:
  int width_;

  std::vector<Item> items(const Expr& e) {
    std::vector<const Expr*> operands;
    collect(e, e.binary_op, operands);
    std::vector<Item> out;
    for (size_t i = 0; i < operands.size(); ++i) {
      if (e.binary_op == BinaryOp::And && i + 1 < operands.size() && chains(*operands[i], *operands[i + 1])) {
        out.push_back({operands[i], operands[i + 1]});
        ++i;
      } else {
        out.push_back({operands[i]});
      }
    }
    return out;
  }

  static void collect(const Expr& e, BinaryOp op, std::vector<const Expr*>& out) {
    if (e.kind == ExprKind::Binary && e.binary_op == op) {
      collect(*e.a, op, out);
      collect(*e.b, op, out);
    } else {
      out.push_back(&e);
    }
  }

  bool chains(const Expr& x, const Expr& y) {
    if (!is_comparison(x) || !is_comparison(y)) return false;
    bool same_direction = (ascending(x.binary_op) && ascending(y.binary_op)) ||
                          (descending(x.binary_op) && descending(y.binary_op));
    return same_direction && flat(*x.b, kAdd, kCmp) == flat(*y.a, kAdd, kCmp);
  }

  bool is_chain(const Expr& e) {
    return e.kind == ExprKind::Binary && e.binary_op == BinaryOp::And && items(e).size() == 1;
  }

  int prec(const Expr& e) {
    switch (e.kind) {
      case ExprKind::Let: case ExprKind::If: return kLowest;
      case ExprKind::Binary:
        if (e.binary_op == BinaryOp::And && is_chain(e)) return kCmp;
        return binary_level(e.binary_op);
      case ExprKind::Unary: return e.unary_op == UnaryOp::Not ? kNot : kNeg;
      case ExprKind::ActiveAt: case ExprKind::Overlaps: return kCmp;
      case ExprKind::Duration: return kUnit;
      default: return kPostfix;
    }
  }

  static int open(const Expr& e) {
    switch (e.kind) {
      case ExprKind::Let: case ExprKind::If: return kFollowKeyword;
      case ExprKind::Quantifier:
        return e.b || e.quant == QuantKind::Every || e.quant == QuantKind::Some ? kFollowKeyword : kUnit;
      case ExprKind::LastWindow: return kAdd;
      default: return kClosed;
    }
  }

  bool needs_parens(const Expr& e, int min_prec, int follow) { return prec(e) < min_prec || follow >= open(e); }

  std::string literal(const Expr& e) {
    switch (e.kind) {
      case ExprKind::IntLit: return fmt::format("{}", e.int_value);
      case ExprKind::DecimalLit: return decimal(e.num, e.den);
      case ExprKind::PercentLit: return decimal(static_cast<__int128>(e.num) * 100, e.den) + "%";
      case ExprKind::DateLit: return format_date(Date{static_cast<int32_t>(e.int_value)});
      case ExprKind::TermLit: return format_term(static_cast<Term>(e.int_value));
      case ExprKind::MonthLit: return format_month(static_cast<Month>(e.int_value));
      case ExprKind::StringLit: return quote_rule_string(e.text);
      case ExprKind::BoolLit: return e.int_value ? "true" : "false";
      case ExprKind::UnknownLit: return "unknown";
      default: return e.name;
    }
  }

  std::string item_flat(const Item& it, int follow) {
    if (!it.second) return flat(*it.first, kNot, follow);
    return fmt::format("{} {} {} {} {}", flat(*it.first->a, kAdd, kCmp), binary_op_text(it.first->binary_op),
                       flat(*it.first->b, kAdd, kCmp), binary_op_text(it.second->binary_op),
                       flat(*it.second->b, kAdd, follow));
  }

  std::string quantifier_head(const Expr& e, int follow) {
    std::string s = quant_text(e.quant);
    if (e.quant == QuantKind::Sum) s += " " + flat(*e.c, kUnit, kFollowKeyword) + " of";
    if (e.quant == QuantKind::First || e.quant == QuantKind::Last) s += " " + flat(*e.d, kUnit, kFollowKeyword) + " of";
    if (!e.implicit_binder) s += " " + e.name + " in";
    bool more = e.b || e.quant == QuantKind::Every || e.quant == QuantKind::Some;
    s += " " + flat(*e.a, kUnit, more ? kFollowKeyword : follow);
    return s;
  }

  bool has_satisfies(const Expr& e) { return e.quant == QuantKind::Every || e.quant == QuantKind::Some; }

  std::string flat_inner(const Expr& e, int follow) {
    switch (e.kind) {
      case ExprKind::Field: return flat(*e.a, kPostfix, kPostfix) + "." + e.name;
      case ExprKind::Index: return flat(*e.a, kPostfix, kPostfix) + "[" + flat(*e.b, kLowest, kFollowNone) + "]";
      case ExprKind::Call:
      case ExprKind::SetLit: {
        std::string s = e.kind == ExprKind::Call ? e.name + "(" : "{";
        for (size_t i = 0; i < e.args.size(); ++i) s += (i ? ", " : "") + flat(*e.args[i], kLowest, kFollowNone);
        return s + (e.kind == ExprKind::Call ? ")" : "}");
      }
      case ExprKind::Unary:
        if (e.unary_op == UnaryOp::Not) return "not " + flat(*e.a, kNot, follow);
        return "-" + flat(*e.a, kNeg, follow);
      case ExprKind::Binary: {
        if (e.binary_op == BinaryOp::And || e.binary_op == BinaryOp::Or) {
          std::vector<Item> list = items(e);
          std::string s;
          int level = binary_level(e.binary_op);
          for (size_t i = 0; i < list.size(); ++i) {
            if (i) s += e.binary_op == BinaryOp::And ? " and " : " or ";
            s += item_flat(list[i], std::max(follow, level));
          }
          return s;
        }
        auto [lp, rp, lf] = operand_contexts(e.binary_op);
        return flat(*e.a, lp, lf) + " " + binary_op_text(e.binary_op) + " " + flat(*e.b, rp, follow);
      }
      case ExprKind::ActiveAt:
        return flat(*e.a, kAdd, kCmp) + " active at " + flat(*e.b, kAdd, follow);
      case ExprKind::Overlaps:
        return flat(*e.a, kAdd, kCmp) + " overlaps " + flat(*e.b, kAdd, follow);
      case ExprKind::Duration: {
        bool one = e.a->kind == ExprKind::IntLit && e.a->int_value == 1;
        return flat(*e.a, kPostfix, kUnit) + " " + unit_word(e.unit, one);
      }
      case ExprKind::Window:
        return std::string(e.lo_open ? "(" : "[") + flat(*e.a, kLowest, kFollowNone) + ", " +
               flat(*e.b, kLowest, kFollowNone) + (e.hi_open ? ")" : "]");
      case ExprKind::LastWindow:
        return "last " + flat(*e.a, kUnit, kFollowKeyword) + " before " + flat(*e.b, kAdd, follow);
      case ExprKind::Quantifier: {
        std::string s = quantifier_head(e, follow);
        if (e.b) s += " where " + flat(*e.b, kLowest, has_satisfies(e) ? kFollowKeyword : follow);
        if (has_satisfies(e)) s += " satisfies " + flat(*e.c, kLowest, follow);
        return s;
      }
      case ExprKind::If:
        return "if " + flat(*e.a, kLowest, kFollowKeyword) + " then " + flat(*e.b, kLowest, kFollowKeyword) +
               " else " + flat(*e.c, kLowest, follow);
      case ExprKind::Let:
        return "let " + e.name + " = " + flat(*e.a, kLowest, kFollowKeyword) + "; " + flat(*e.b, kLowest, follow);
      default:
        return literal(e);
    }
  }

  // Left and right minimum precedence, and what follows the left operand.
  static std::tuple<int, int, int> operand_contexts(BinaryOp op) {
    int level = binary_level(op);
    // `??` is parenthesised inside a comparison, for readers: (x ?? y) <= z.
    if (level == kCmp) return {kAdd, kAdd, op == BinaryOp::In ? kFollowAll : kCmp};
    return {level, level + 1, level};
  }

  static std::string pad(int n) { return std::string(static_cast<size_t>(std::max(n, 0)), ' '); }

  std::string block_inner(const Expr& e, int col, int indent, int follow) {
    switch (e.kind) {
      case ExprKind::Binary: {
        if (e.binary_op == BinaryOp::And || e.binary_op == BinaryOp::Or) {
          std::vector<Item> list = items(e);
          if (list.size() < 2) break;
          const char* word = e.binary_op == BinaryOp::And ? "and " : "or ";
          int level = binary_level(e.binary_op);
          std::string s;
          for (size_t i = 0; i < list.size(); ++i) {
            int item_follow = std::max(follow, level);
            int item_col = i ? indent + static_cast<int>(std::strlen(word)) : col;
            if (i) s += "\n" + pad(indent) + word;
            if (list[i].second) s += item_flat(list[i], item_follow);
            else s += block(*list[i].first, item_col, item_col, kNot, item_follow);
          }
          return s;
        }
        auto [lp, rp, lf] = operand_contexts(e.binary_op);
        std::string left = block(*e.a, col, indent, lp, lf);
        std::string op = std::string(" ") + binary_op_text(e.binary_op) + " ";
        int at = (left.find('\n') == std::string::npos ? col : 0) + static_cast<int>(last_line_length(left) + op.size());
        return left + op + block(*e.b, at, indent, rp, follow);
      }
      case ExprKind::Unary:
        if (e.unary_op == UnaryOp::Not) return "not " + block(*e.a, col + 4, indent, kNot, follow);
        break;
      case ExprKind::Quantifier: {
        std::string s = quantifier_head(e, follow);
        int at = col + static_cast<int>(s.size());
        if (e.b) {
          int bf = has_satisfies(e) ? kFollowKeyword : follow;
          std::string where = flat(*e.b, kLowest, bf);
          if (at + 7 + static_cast<int>(where.size()) <= width_) {
            s += " where " + where;
            at += 7 + static_cast<int>(where.size());
          } else {
            std::string body = block(*e.b, indent + 2, indent + 2, kLowest, bf);
            s += " where\n" + pad(indent + 2) + body;
            at = (body.find('\n') == std::string::npos ? indent + 2 : 0) + static_cast<int>(last_line_length(body));
          }
        }
        if (has_satisfies(e)) {
          std::string then = flat(*e.c, kLowest, follow);
          if (at + 11 + static_cast<int>(then.size()) <= width_) s += " satisfies " + then;
          else s += "\n" + pad(indent) + "satisfies " + block(*e.c, indent + 10, indent + 10, kLowest, follow);
        }
        return s;
      }
      case ExprKind::If: {
        std::string cond = block(*e.a, col + 3, indent + 3, kLowest, kFollowKeyword);
        std::string s = "if " + cond;
        std::string then = flat(*e.b, kLowest, kFollowKeyword);
        int at = (cond.find('\n') == std::string::npos ? col + 3 : 0) + static_cast<int>(last_line_length(cond));
        if (at + 6 + static_cast<int>(then.size()) <= width_) s += " then " + then;
        else s += "\n" + pad(indent) + "then " + block(*e.b, indent + 5, indent + 5, kLowest, kFollowKeyword);
        s += "\n" + pad(indent) + "else ";
        // An `else if` chain breaks as a whole: one branch a line.
        if (e.c->kind == ExprKind::If) s += block_inner(*e.c, indent + 5, indent, follow);
        else s += block(*e.c, indent + 5, indent + 5, kLowest, follow);
        return s;
      }
      case ExprKind::Let: {
        std::string head = "let " + e.name + " = ";
        std::string value = block(*e.a, col + static_cast<int>(head.size()), indent + 2, kLowest, kFollowKeyword);
        return head + value + ";\n" + pad(indent) + block(*e.b, indent, indent, kLowest, follow);
      }
      default:
        break;
    }
    return flat_inner(e, follow);
  }
};

std::string body_after_header(const std::string& header, const Expr& body, int width) {
  Printer p(width);
  std::string f = p.flat(body, kLowest, kFollowNone);
  if (header.size() + 1 + f.size() <= static_cast<size_t>(width) && f.find('\n') == std::string::npos)
    return header + " " + f;
  return header + "\n  " + p.block(body, 2, 2, kLowest, kFollowNone);
}

}  // namespace

std::string quote_rule_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\', out += c;
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out + "\"";
}

std::string print_expr(const Expr& e, int column, int indent, int width) {
  return Printer(width).block(e, column, indent, kLowest, kFollowNone);
}

std::string print_type(const TypeExpr& t) {
  std::string s = t.name;
  if (!t.args.empty()) s += " of " + print_type(t.args[0]);
  if (t.optional) s += "?";
  else if (t.or_unknown) s += " or unknown";
  return s;
}

std::string print_def_signature(const DefDecl& d) {
  std::string s = "def " + d.name;
  if (!d.params.empty()) {
    s += "(";
    for (size_t i = 0; i < d.params.size(); ++i)
      s += (i ? ", " : "") + d.params[i].name + ": " + print_type(d.params[i].type);
    s += ")";
  }
  if (d.return_type) s += " -> " + print_type(*d.return_type);
  return s;
}

std::string print_def(const DefDecl& d) {
  std::string header = print_def_signature(d);
  if (!d.description.empty()) header += " " + quote_rule_string(d.description);
  return body_after_header(header + " =", *d.body, kPrintWidth);
}

std::string print_param(const ParamDecl& p) {
  std::string header = "param " + p.name;
  if (!p.description.empty()) header += " " + quote_rule_string(p.description);
  return body_after_header(header + " =", *p.value, kPrintWidth);
}

std::string print_indicator_rule(const IndicatorDecl& i) {
  std::string s;
  if (i.presents) s += "presents when " + print_expr(*i.presents, 14, 2);
  if (i.progress_condition) s += (s.empty() ? "" : "\n") + std::string("progress when ") + print_expr(*i.progress_condition, 14, 2);
  return s;
}

std::string print_result(const ResultDecl& r) {
  std::string header = "result " + r.name;
  if (!r.title.empty()) header += " " + quote_rule_string(r.title);
  return body_after_header(header + " =", *r.value, kPrintWidth);
}

std::string print_claim(const ClaimDecl& c) {
  std::string s = "claim " + c.name + " " + quote_rule_string(c.title) + " {\n";
  auto condition = [&](const ClaimCondition& k, bool discretion) {
    s += discretion ? "  discretion " : "  condition " + k.name + " ";
    s += quote_rule_string(k.wording) + " when\n    " + print_expr(*k.condition, 4, 4) + "\n";
  };
  for (const ClaimCondition& k : c.conditions) condition(k, false);
  if (c.discretion) condition(*c.discretion, true);
  return s + "}";
}

}  // namespace outcomes
