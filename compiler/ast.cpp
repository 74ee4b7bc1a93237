#include "compiler/ast.h"

namespace outcomes {

const char* binary_op_text(BinaryOp op) {
  switch (op) {
    case BinaryOp::Add: return "+";
    case BinaryOp::Sub: return "-";
    case BinaryOp::Mul: return "*";
    case BinaryOp::Div: return "/";
    case BinaryOp::Eq: return "==";
    case BinaryOp::Ne: return "!=";
    case BinaryOp::Lt: return "<";
    case BinaryOp::Le: return "<=";
    case BinaryOp::Gt: return ">";
    case BinaryOp::Ge: return ">=";
    case BinaryOp::And: return "and";
    case BinaryOp::Or: return "or";
    case BinaryOp::In: return "in";
    case BinaryOp::Coalesce: return "??";
  }
  return "?";
}

const char* quant_text(QuantKind q) {
  switch (q) {
    case QuantKind::Any: return "any";
    case QuantKind::No: return "no";
    case QuantKind::Count: return "count";
    case QuantKind::Sum: return "sum";
    case QuantKind::Every: return "every";
    case QuantKind::Some: return "some";
    case QuantKind::Each: return "each";
    case QuantKind::Latest: return "latest";
    case QuantKind::Earliest: return "earliest";
    case QuantKind::First: return "first";
    case QuantKind::Last: return "last";
  }
  return "?";
}

}  // namespace outcomes
