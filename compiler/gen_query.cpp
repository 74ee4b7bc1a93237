// Code for quantifiers. A loop keeps its list in locals[s], its position in
// locals[s+1], the current element in locals[s+2] and a running result in
// locals[s+3]; nothing stays on the stack between iterations.
#include "compiler/codegen_internal.h"

namespace outcomes::codegen {

namespace {

// The leftmost conjunct of a filter: `member == m and ...` puts it there.
const Expr* leftmost_conjunct(const Expr& filter) {
  const Expr* x = &filter;
  while (x->kind == ExprKind::Binary && x->binary_op == BinaryOp::And) x = x->a.get();
  return x;
}

// Whether `x` reads the member of the element in locals[slot]: `member`
// (implicit) or `e.member`.
bool is_element_member(const Expr& x, int slot) {
  if (x.ref2 != -1 || x.object_event_type < 0) return false;
  if (x.kind == ExprKind::Name) return x.resolution == Resolution::ImplicitField && x.ref == slot;
  return x.kind == ExprKind::Field && x.a && x.a->kind == ExprKind::Name && x.a->resolution == Resolution::Local &&
         x.a->ref == slot;
}

}  // namespace

// For `q T where member == m and ...` over an event type T, with m a local
// bound before the loop: the test whose member the loop can walk directly
// (EVENTS_OF_MEMBER), instead of testing every event of T. Null otherwise.
// Events without a member fail the test, and are not in any member's list;
// a test that is unknown for them (a `T or unknown` rule) is left alone.
const Expr* Generator::member_of_filter(const Expr& q) const {
  if (trace_ || !q.b || q.a->kind != ExprKind::Name || q.a->resolution != Resolution::EventType) return nullptr;
  const Expr* test = leftmost_conjunct(*q.b);
  if (test->kind != ExprKind::Binary || test->binary_op != BinaryOp::Eq ||
      test->ref2 == static_cast<int>(AbsentRule::Unknown))
    return nullptr;
  const int element = q.binder_slot + 2;
  for (const auto& [mine, other] : {std::pair{test->a.get(), test->b.get()}, std::pair{test->b.get(), test->a.get()}}) {
    if (is_element_member(*mine, element) && other->kind == ExprKind::Name &&
        other->resolution == Resolution::Local && other->ref < q.binder_slot)
      return test;
  }
  return nullptr;
}

void Generator::quantifier(const Expr& e) {
  const int s = e.binder_slot;
  const QuantKind q = e.quant;
  const bool kleene_filter = e.b && sem_.types.kind(e.b->type) == TypeKind::Verdict;
  const Expr* member_test = member_of_filter(e);
  // The filter left to test: none when it was the member test alone.
  const Expr* filter = member_test == e.b.get() ? nullptr : e.b.get();
  // `first N of` / `last N of` stop once N are found, walking from their
  // end of the list (a reversed collection is turned back at the end).
  // Explanations keep the whole walk, so their evidence stays in date order.
  const bool stop_early = (q == QuantKind::First || q == QuantKind::Last) && !trace_;
  const bool reverse = q == QuantKind::Latest || (stop_early && q == QuantKind::Last);

  // Initial running result.
  switch (q) {
    case QuantKind::Count: emit_const({0, 0}), emit(Op::STORE_LOCAL, s + 3); break;
    case QuantKind::Sum:
      emit_const(is_number(e.type) ? Value{0, 1} : Value{0, 0});
      emit(Op::STORE_LOCAL, s + 3);
      break;
    case QuantKind::Any:
    case QuantKind::No:
    case QuantKind::Some: emit_const({0, 0}), emit(Op::STORE_LOCAL, s + 3); break;
    case QuantKind::Every: emit_const({1, 0}), emit(Op::STORE_LOCAL, s + 3); break;
    case QuantKind::Each:
    case QuantKind::First:
    case QuantKind::Last: emit(Op::LIST_BEGIN); break;
    default: break;
  }
  if (trace_) trace_loop_windows(e);
  if (member_test) {
    const Expr* m = is_element_member(*member_test->a, s + 2) ? member_test->b.get() : member_test->a.get();
    expr(*m);
    emit(Op::EVENTS_OF_MEMBER, e.a->ref);
  } else {
    expr(*e.a);
  }
  if (stop_early) {
    expr(*e.d);
    emit(Op::STORE_LOCAL, s + 3);
  }
  emit(Op::ITER_START, s, reverse ? 1 : 0);
  const int loop = here();
  const int exit = emit(Op::ITER_NEXT, 0, static_cast<uint16_t>(s));
  if (trace_) emit(Op::TRACE_MARK);
  std::vector<int> done;  // jumps that leave the loop with the answer on the stack
  std::vector<int> full;  // jumps that leave it once N elements are collected
  // Traced programs keep an iteration's records only when it decides the
  // answer (mode 0: not false; 1: not true; 2: evidence only; 3: drop).
  auto decide = [&](int mode) {
    if (trace_) emit(Op::TRACE_DECIDE, s + 2, static_cast<uint16_t>(mode));
  };
  const bool collects = q == QuantKind::Count || q == QuantKind::Sum || q == QuantKind::Each || q == QuantKind::First ||
                        q == QuantKind::Last || q == QuantKind::Latest || q == QuantKind::Earliest;

  const Expr* outer_known_true = known_true_;
  known_true_ = member_test;
  // any/no with a verdict filter fold the filter itself (Kleene or).
  if ((q == QuantKind::Any || q == QuantKind::No) && kleene_filter && filter) {
    expr(*filter);
    decide(0);
    done.push_back(emit(Op::OR_JUMP));
    emit(Op::LOAD_LOCAL, s + 3);
    emit(Op::OR3);
    emit(Op::STORE_LOCAL, s + 3);
    emit(Op::JUMP, loop);
  } else {
    if (filter) {
      expr(*filter);
      decide(q == QuantKind::Any || q == QuantKind::No ? 0 : collects ? 2 : 3);
      emit(Op::JUMP_IF_FALSE, loop);
    } else if (trace_ && collects) {
      emit_const({1, 0});
      decide(2);
      emit(Op::POP);
    }
    switch (q) {
      case QuantKind::Any:
      case QuantKind::No:
        emit_const({1, 0});
        done.push_back(emit(Op::JUMP));
        break;
      case QuantKind::Count:
        emit(Op::LOAD_LOCAL, s + 3);
        emit_const({1, 0});
        emit(Op::ADD_INT);
        emit(Op::STORE_LOCAL, s + 3);
        emit(Op::JUMP, loop);
        break;
      case QuantKind::Sum: {
        emit(Op::LOAD_LOCAL, s + 3);
        expr(*e.c);
        if (sem_.types.kind(e.c->type) == TypeKind::Optional) {
          emit_const(is_number(e.type) ? Value{0, 1} : Value{0, 0});
          emit(Op::COALESCE);
        }
        convert(e.c->type, e.type);
        emit(is_number(e.type) ? Op::ADD_NUM : Op::ADD_INT);
        emit(Op::STORE_LOCAL, s + 3);
        emit(Op::JUMP, loop);
        break;
      }
      case QuantKind::Every:
      case QuantKind::Some: {
        bool every = q == QuantKind::Every;
        expr(*e.c);
        decide(every ? 1 : 0);
        done.push_back(emit(every ? Op::AND_JUMP : Op::OR_JUMP));
        emit(Op::LOAD_LOCAL, s + 3);
        emit(every ? Op::AND3 : Op::OR3);
        emit(Op::STORE_LOCAL, s + 3);
        emit(Op::JUMP, loop);
        break;
      }
      case QuantKind::Each:
      case QuantKind::First:
      case QuantKind::Last:
        emit(Op::LOAD_LOCAL, s + 2);
        emit(Op::LIST_APPEND);
        if (stop_early) full.push_back(emit(Op::LIST_FULL, 0, static_cast<uint16_t>(s + 3)));
        emit(Op::JUMP, loop);
        break;
      case QuantKind::Latest:
      case QuantKind::Earliest:
        emit(Op::LOAD_LOCAL, s + 2);
        done.push_back(emit(Op::JUMP));
        break;
    }
  }
  known_true_ = outer_known_true;
  patch(exit);
  for (int f : full) patch(f);
  switch (q) {
    case QuantKind::Each:
    case QuantKind::First:
    case QuantKind::Last: emit(Op::LIST_END, reverse ? 1 : 0); break;
    case QuantKind::Latest:
    case QuantKind::Earliest: emit_const({kAbsent, 0}); break;
    default: emit(Op::LOAD_LOCAL, s + 3); break;
  }
  for (int d : done) patch(d);
  if (q == QuantKind::No) emit(Op::NOT3);
  if (q == QuantKind::First || q == QuantKind::Last) {
    if (stop_early) emit(Op::LOAD_LOCAL, s + 3);
    else expr(*e.d);
    emit(Op::LIST_TAKE, q == QuantKind::Last ? 1 : 0);
  }
}

}  // namespace outcomes::codegen
