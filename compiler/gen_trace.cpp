// Tracing: which rule nodes a traced program reports on, and the table that
// ties each node to its rule text.
#include "compiler/codegen_internal.h"

namespace outcomes::codegen {

// Every true/false value is traced, so an explanation can recompute each
// `and` / `or` / `not` from its parts; other values only where they name a
// definition or look at events.
bool Generator::worth_tracing(const Expr& e) const {
  TypeKind type = sem_.types.kind(e.type);
  if (type == TypeKind::Bool || type == TypeKind::Verdict) return true;
  switch (e.kind) {
    case ExprKind::Binary: return e.binary_op != BinaryOp::Add && e.binary_op != BinaryOp::Sub &&
                                  e.binary_op != BinaryOp::Mul && e.binary_op != BinaryOp::Div &&
                                  e.binary_op != BinaryOp::Coalesce;
    case ExprKind::Unary: return e.unary_op == UnaryOp::Not;
    case ExprKind::Quantifier:
    case ExprKind::ActiveAt:
    case ExprKind::Overlaps: return true;
    case ExprKind::Call: return e.resolution == Resolution::Definition;
    case ExprKind::Name: return e.resolution == Resolution::Definition;
    case ExprKind::If: {
      TypeKind k = sem_.types.kind(e.type);
      return k == TypeKind::Bool || k == TypeKind::Verdict;
    }
    default: return false;
  }
}

TraceValueKind Generator::value_kind(TypeId t, int* enum_id) const {
  const TypeInfo& i = sem_.types.info(sem_.types.base(t));
  switch (i.kind) {
    case TypeKind::Bool: return TraceValueKind::Bool;
    case TypeKind::Verdict: return TraceValueKind::Verdict;
    case TypeKind::Int: return TraceValueKind::Int;
    case TypeKind::Number: return TraceValueKind::Number;
    case TypeKind::Percent: return TraceValueKind::Percent;
    case TypeKind::Date: return TraceValueKind::Date;
    case TypeKind::Enum: *enum_id = i.param; return TraceValueKind::Enum;
    case TypeKind::List: return TraceValueKind::List;
    case TypeKind::Event: return TraceValueKind::Event;
    case TypeKind::Member: return TraceValueKind::Member;
    default: return TraceValueKind::Other;
  }
}

int Generator::trace_node(const Expr& e) {
  TraceNode node;
  switch (e.kind) {
    case ExprKind::Binary:
      node.kind = e.binary_op == BinaryOp::And  ? TraceNodeKind::And
                  : e.binary_op == BinaryOp::Or ? TraceNodeKind::Or
                  : e.binary_op == BinaryOp::In ? TraceNodeKind::In
                                                : TraceNodeKind::Compare;
      break;
    case ExprKind::Unary: node.kind = TraceNodeKind::Not; break;
    case ExprKind::Quantifier: {
      node.kind = TraceNodeKind::Quantifier;
      node.label = quant_text(e.quant);
      int unused = -1;
      TypeId list = e.a->type;
      if (list != kErrorType && sem_.types.kind(list) == TypeKind::List)
        node.element_kind = value_kind(sem_.types.info(list).elem, &unused);
      break;
    }
    case ExprKind::Call:
    case ExprKind::Name:
      node.kind = e.kind == ExprKind::Call ? TraceNodeKind::Call : TraceNodeKind::Definition;
      node.label = e.name;
      break;
    case ExprKind::ActiveAt:
    case ExprKind::Overlaps: node.kind = TraceNodeKind::Interval; break;
    case ExprKind::If: node.kind = TraceNodeKind::If; break;
    default: break;
  }
  node.value_kind = value_kind(e.type, &node.enum_id);
  LineColumn at = sources_.file(e.span.file).position(e.span.begin);
  node.where = {e.span.file, e.span.begin, e.span.end, at.line};
  program_.trace_nodes.push_back(std::move(node));
  return static_cast<int>(program_.trace_nodes.size() - 1);
}

bool Generator::depends_on_slot(const Expr& e, int slot) const {
  if ((e.kind == ExprKind::Name || e.kind == ExprKind::Field) &&
      (e.resolution == Resolution::Local || e.resolution == Resolution::ImplicitField) && e.ref == slot)
    return true;
  for (const Expr* child : {e.a.get(), e.b.get(), e.c.get(), e.d.get()})
    if (child && depends_on_slot(*child, slot)) return true;
  for (const auto& arg : e.args)
    if (depends_on_slot(*arg, slot)) return true;
  return false;
}

// `no offence where date in W` explains itself by W even when there is no
// offence to test, so windows that do not depend on the element are
// evaluated once before the loop and noted on the quantifier's record.
void Generator::trace_loop_windows(const Expr& q) {
  std::vector<const Expr*> conjuncts, pending;
  if (q.b) pending.push_back(q.b.get());
  while (!pending.empty()) {
    const Expr* x = pending.back();
    pending.pop_back();
    if (x->kind == ExprKind::Binary && x->binary_op == BinaryOp::And) {
      pending.push_back(x->b.get());
      pending.push_back(x->a.get());
    } else {
      conjuncts.push_back(x);
    }
  }
  for (const Expr* c : conjuncts) {
    bool window_test = (c->kind == ExprKind::Binary && c->binary_op == BinaryOp::In && c->ref < 0 &&
                        c->b->kind != ExprKind::SetLit) ||
                       c->kind == ExprKind::Overlaps;
    if (!window_test || depends_on_slot(*c->b, q.binder_slot + 2)) continue;
    emit_expr(*c->b);
    emit(Op::TRACE_WINDOW);
    return;
  }
}

}  // namespace outcomes::codegen
