// Code for expressions. Every expression leaves exactly one value on the stack.
#include <fmt/format.h>

#include "compiler/codegen_internal.h"

namespace outcomes::codegen {

namespace {
// Keeps the current debug span while one expression is generated.
struct SpanScope {
  Span& target;
  Span saved;
  SpanScope(Span& t, Span s) : target(t), saved(t) { target = s; }
  ~SpanScope() { target = saved; }
};

CompareOp compare_op(BinaryOp op) {
  switch (op) {
    case BinaryOp::Eq: return CompareOp::Eq;
    case BinaryOp::Ne: return CompareOp::Ne;
    case BinaryOp::Lt: return CompareOp::Lt;
    case BinaryOp::Le: return CompareOp::Le;
    case BinaryOp::Gt: return CompareOp::Gt;
    default: return CompareOp::Ge;
  }
}
}  // namespace

bool Generator::is_number(TypeId t) const {
  TypeKind k = sem_.types.kind(sem_.types.base(t));
  return k == TypeKind::Number || k == TypeKind::Percent;
}

void Generator::convert(TypeId from, TypeId to) {
  if (from == kErrorType || to == kErrorType) return;
  TypeKind f = sem_.types.kind(sem_.types.base(from));
  if (f == TypeKind::Int && is_number(to)) emit(Op::INT_TO_NUM);
}

std::pair<int, int> Generator::interval_slots(int event_type) const {
  const EventTypeDef& def = sem_.schema.types[event_type];
  return {def.fields[def.field_index("start")].slot, def.fields[def.field_index("end")].slot};
}

void Generator::read_field(int event_type, int field) {
  if (event_type == -2) {
    emit(Op::MEMBER_FIELD, field);
    return;
  }
  if (field < 0) {
    emit(Op::EVENT_MEMBER);
    return;
  }
  const FieldDef& f = sem_.schema.types[event_type].fields[field];
  FieldRead read = f.type == FieldType::Number   ? FieldRead::Number
                   : f.type == FieldType::Scores ? FieldRead::Scores
                                                 : FieldRead::Scalar;
  emit(Op::EVENT_FIELD, f.slot, static_cast<uint16_t>(read));
}

void Generator::expr(const Expr& e) {
  if (!trace_ || !worth_tracing(e)) return emit_expr(e);
  SpanScope scope(span_, e.span);
  emit(Op::TRACE_ENTER, trace_node(e));
  emit_expr(e);
  emit(Op::TRACE_EXIT);
}

void Generator::emit_expr(const Expr& e) {
  SpanScope scope(span_, e.span);
  switch (e.kind) {
    case ExprKind::IntLit:
    case ExprKind::DateLit:
    case ExprKind::BoolLit:
    case ExprKind::TermLit:
    case ExprKind::MonthLit:
    case ExprKind::DecimalLit:
    case ExprKind::PercentLit: emit_const(fold(e)); return;
    case ExprKind::StringLit: emit_const({}); return;
    case ExprKind::UnknownLit:
      emit_const(sem_.types.kind(e.type) == TypeKind::Verdict ? Value{2, 0} : Value{kAbsent, 0});
      return;
    case ExprKind::Name: return name(e);
    case ExprKind::Field: return field(e);
    case ExprKind::Index:
      expr(*e.a);
      expr(*e.b);
      emit(Op::SCORE);
      return;
    case ExprKind::Call: return call(e);
    case ExprKind::Unary:
      expr(*e.a);
      if (e.unary_op == UnaryOp::Not) emit(Op::NOT3);
      else emit(is_number(e.type) ? Op::NEG_NUM : Op::NEG_INT);
      return;
    case ExprKind::Binary: return binary(e);
    case ExprKind::Duration: {
      expr(*e.a);
      auto [factor, unit] = duration_unit(e.unit);
      emit(Op::MAKE_DURATION, static_cast<int32_t>(factor), static_cast<uint16_t>(unit));
      return;
    }
    case ExprKind::Window:
      expr(*e.a);
      expr(*e.b);
      emit(Op::MAKE_WINDOW, e.lo_open, e.hi_open);
      return;
    case ExprKind::LastWindow:  // (D - N, D]
      expr(*e.b);
      expr(*e.a);
      emit(Op::DATE_SUB);
      expr(*e.b);
      emit(Op::MAKE_WINDOW, 1, 0);
      return;
    case ExprKind::Quantifier: return quantifier(e);
    case ExprKind::If: {
      expr(*e.a);
      int to_else = emit(Op::JUMP_IF_FALSE);
      expr(*e.b);
      convert(e.b->type, e.type);
      int to_end = emit(Op::JUMP);
      patch(to_else);
      expr(*e.c);
      convert(e.c->type, e.type);
      patch(to_end);
      return;
    }
    case ExprKind::Let:
      expr(*e.a);
      emit(Op::STORE_LOCAL, e.binder_slot);
      expr(*e.b);
      return;
    case ExprKind::SetLit: emit_const({}); return;
    case ExprKind::ActiveAt:
    case ExprKind::Overlaps: {
      expr(*e.a);
      expr(*e.b);
      auto [start, end] = interval_slots(e.object_event_type);
      emit(e.kind == ExprKind::ActiveAt ? Op::ACTIVE_AT : Op::OVERLAPS, start, static_cast<uint16_t>(end));
      return;
    }
  }
}

void Generator::name(const Expr& e) {
  switch (e.resolution) {
    case Resolution::Local: emit(Op::LOAD_LOCAL, e.ref); return;
    case Resolution::ImplicitField:
      emit(Op::LOAD_LOCAL, e.ref);
      read_field(e.object_event_type, e.ref2);
      return;
    case Resolution::Builtin:
      if (e.ref == 0) emit(Op::LOAD_A);
      else if (e.ref == 1) emit(Op::LOAD_C);
      else if (e.ref == 2) emit(Op::MEMBERS);
      else if (e.ref == 3) emit(Op::STRANDS);
      else emit(Op::INDICATORS);
      return;
    case Resolution::Parameter: {
      const ParamInfo& p = sem_.params[e.ref];
      emit_const(fold(*p.decl->value));
      return;
    }
    case Resolution::Definition: emit(Op::CALL_MEMO, def_functions_[e.ref]); return;
    case Resolution::EnumValue: emit_const({e.ref2, 0}); return;
    case Resolution::EventType: emit(Op::EVENTS, e.ref); return;
    case Resolution::Strand: emit_const({e.ref, 0}); return;
    case Resolution::VerdictValue: emit_const({e.ref, 0}); return;
    default: emit_const({}); return;
  }
}

void Generator::field(const Expr& e) {
  if (e.resolution == Resolution::EnumValue) {
    emit_const({e.ref2, 0});
    return;
  }
  expr(*e.a);
  read_field(e.object_event_type, e.ref2);
}

void Generator::call(const Expr& e) {
  if (e.resolution == Resolution::Definition) {
    const DefInfo& d = sem_.defs[e.ref];
    for (size_t i = 0; i < e.args.size(); ++i) {
      expr(*e.args[i]);
      convert(e.args[i]->type, d.param_types[i]);
    }
    emit(d.param_types.empty() ? Op::CALL_MEMO : Op::CALL, def_functions_[e.ref]);
    return;
  }
  for (const auto& a : e.args) expr(*a);
  switch (e.ref) {
    case 100: emit(Op::IS_PRESENT); return;
    case 101: emit(Op::STRAND_PRESENTING); return;
    case 102: emit(Op::STRAND_PROGRESS); return;
    case 105: emit(Op::INDICATOR_PRESENTING); return;
    case 106: emit(Op::INDICATOR_PROGRESS); return;
    case 103:
    case 104: {
      auto [start, end] = interval_slots(e.object_event_type);
      emit(e.ref == 103 ? Op::INTERVAL_RUN : Op::INTERVAL_COVER, start, static_cast<uint16_t>(end));
      return;
    }
    default: emit(Op::NATIVE, e.ref, static_cast<uint16_t>(e.args.size())); return;
  }
}

void Generator::binary(const Expr& e) {
  switch (e.binary_op) {
    case BinaryOp::And:
    case BinaryOp::Or: {
      if (e.binary_op == BinaryOp::And && e.a.get() == known_true_) {
        expr(*e.b);  // true and x = x, in Kleene logic too
        return;
      }
      expr(*e.a);
      int skip = emit(e.binary_op == BinaryOp::And ? Op::AND_JUMP : Op::OR_JUMP);
      expr(*e.b);
      emit(e.binary_op == BinaryOp::And ? Op::AND3 : Op::OR3);
      patch(skip);
      return;
    }
    case BinaryOp::In: return membership(e);
    case BinaryOp::Coalesce:
      expr(*e.a);
      expr(*e.b);
      convert(e.b->type, e.a->type);
      emit(Op::COALESCE);
      return;
    case BinaryOp::Add:
    case BinaryOp::Sub:
    case BinaryOp::Mul:
    case BinaryOp::Div: return arithmetic(e);
    default: return comparison(e);
  }
}

void Generator::comparison(const Expr& e) {
  bool numeric = static_cast<CompareKind>(e.ref) == CompareKind::Number;
  expr(*e.a);
  if (numeric) convert(e.a->type, sem_.types.number());
  expr(*e.b);
  if (numeric) convert(e.b->type, sem_.types.number());
  emit(Op::COMPARE, static_cast<int32_t>(compare_op(e.binary_op)), static_cast<uint16_t>(e.ref * 4 + e.ref2));
}

void Generator::arithmetic(const Expr& e) {
  if (e.ref == 2) {  // date +/- duration
    expr(*e.a);
    expr(*e.b);
    emit(e.binary_op == BinaryOp::Add ? Op::DATE_ADD : Op::DATE_SUB);
    return;
  }
  bool numeric = e.ref == 1;
  expr(*e.a);
  if (numeric) convert(e.a->type, sem_.types.number());
  expr(*e.b);
  if (numeric) convert(e.b->type, sem_.types.number());
  switch (e.binary_op) {
    case BinaryOp::Add: emit(numeric ? Op::ADD_NUM : Op::ADD_INT); return;
    case BinaryOp::Sub: emit(numeric ? Op::SUB_NUM : Op::SUB_INT); return;
    case BinaryOp::Mul: emit(numeric ? Op::MUL_NUM : Op::MUL_INT); return;
    default: emit(Op::DIV_NUM); return;
  }
}

// x in (lo, hi] | x in {a, b} | x in LIST
void Generator::membership(const Expr& e) {
  if (e.b->kind == ExprKind::SetLit) {
    AbsentRule rule = sem_.types.kind(e.a->type) == TypeKind::Optional ? AbsentRule::False : AbsentRule::Never;
    // Numbers and percentages are fractions: compare their values, not their numerators.
    bool numeric = is_number(e.a->type);
    int kind = static_cast<int>(numeric ? CompareKind::Number : CompareKind::Scalar);
    expr(*e.a);
    emit(Op::STORE_LOCAL, e.ref);
    std::vector<int> found;
    for (size_t i = 0; i < e.b->args.size(); ++i) {
      emit(Op::LOAD_LOCAL, e.ref);
      expr(*e.b->args[i]);
      if (numeric) convert(e.b->args[i]->type, e.a->type);
      emit(Op::COMPARE, static_cast<int32_t>(CompareOp::Eq), static_cast<uint16_t>(kind * 4 + static_cast<int>(rule)));
      if (i + 1 < e.b->args.size()) found.push_back(emit(Op::OR_JUMP)), emit(Op::POP);
    }
    for (int f : found) patch(f);
    return;
  }
  if (e.ref < 0) {  // a window
    expr(*e.a);
    expr(*e.b);
    emit(Op::IN_WINDOW);
    return;
  }
  // Member (or event, strand) in a list: scan for an equal element.
  int slot = e.ref;
  expr(*e.b);
  emit(Op::ITER_START, slot);
  int loop = here();
  int exit = emit(Op::ITER_NEXT, 0, static_cast<uint16_t>(slot));
  emit(Op::LOAD_LOCAL, slot + 2);
  expr(*e.a);
  emit(Op::COMPARE, static_cast<int32_t>(CompareOp::Eq), static_cast<uint16_t>(AbsentRule::False));
  int found = emit(Op::OR_JUMP);
  emit(Op::POP);
  emit(Op::JUMP, loop);
  patch(exit);
  emit_const({0, 0});
  patch(found);
}

}  // namespace outcomes::codegen
