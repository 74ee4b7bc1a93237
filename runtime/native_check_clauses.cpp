// The flat form of a native check (native_check.h): one or two clauses read
// off the tree, answered in a few instructions. Walking the tree cost about
// 50 instructions a node, so `authorised + unauthorised <= possible`, the
// check run most often, cost nearly 300; this way it costs about 20.
#include "runtime/native_check.h"
#include "runtime/value_logic.h"

namespace outcomes {

// A term is read for a comparison of scalars, which looks at the first word
// of each value only: a Number field's first word is its numerator, or
// kAbsent when it is absent, so a field of either kind is its first slot.
bool NativeCheck::term_of(int index, Term& term) const {
  const Node& n = nodes_[index];
  const auto leaf = [&](const Node& side, bool& constant, int32_t& slot, int64_t& value) {
    if (side.kind == Kind::FieldScalar || side.kind == Kind::FieldNumber) {
      constant = false, slot = side.slot;
      return true;
    }
    if (side.kind == Kind::Constant) {
      constant = true, value = side.constant.a;
      return true;
    }
    return false;
  };
  switch (n.kind) {
    case Kind::FieldScalar:
    case Kind::FieldNumber:
    case Kind::Constant: {
      bool constant = false;
      if (!leaf(n, constant, term.slot, term.value)) return false;
      term.kind = constant ? Term::Kind::Constant : Term::Kind::Field;
      return true;
    }
    case Kind::CountScored:
      term.kind = Term::Kind::CountScored;
      term.slot = n.slot;
      term.width = n.width;
      return true;
    case Kind::Arithmetic:
      term.kind = Term::Kind::Arithmetic;
      term.op = n.op;
      return leaf(nodes_[n.left], term.left_constant, term.slot, term.value) &&
             leaf(nodes_[n.right], term.right_constant, term.right_slot, term.right_value);
    default: return false;
  }
}

bool NativeCheck::clause_of(int index, Clause& clause) const {
  const Node& n = nodes_[index];
  if (n.kind == Kind::Compare) {
    if (static_cast<CompareKind>(n.compare_kind) != CompareKind::Scalar) return false;
    clause.kind = Clause::Kind::Compare;
    clause.op = static_cast<CompareOp>(n.op);
    clause.rule = static_cast<AbsentRule>(n.absent_rule);
    return term_of(n.left, clause.left) && term_of(n.right, clause.right);
  }
  const bool negated = n.kind == Kind::Not;
  const Node& present = negated ? nodes_[n.left] : n;
  if (present.kind != Kind::Present) return false;
  clause.kind = negated ? Clause::Kind::NotPresent : Clause::Kind::Present;
  return term_of(present.left, clause.left) && clause.left.kind != Term::Kind::CountScored &&
         clause.left.kind != Term::Kind::Arithmetic;
}

// collapse(A), or collapse(A or B) as OR_JUMP leaves it: the tested A, then
// the code after it, or3(A, B).
bool NativeCheck::find_clauses() {
  clause_count_ = 0;
  const Node& root = nodes_[root_];
  if (root.kind != Kind::Collapse) return false;
  const Node& body = nodes_[root.left];
  if (clause_of(root.left, clauses_[0])) {
    clause_count_ = 1;
    return true;
  }
  if (body.kind != Kind::JoinOr) return false;
  const Node& rest = nodes_[body.right];
  if (rest.kind != Kind::Or || rest.left != body.left || !clause_of(body.left, clauses_[0]) ||
      !clause_of(rest.right, clauses_[1]))
    return false;
  clause_count_ = 2;
  return true;
}

NativeCheck::Answer NativeCheck::evaluate_clauses(const int64_t* slots) const {
  // A term's first word, or false where the VM fails (an overflow).
  const auto term = [slots](const Term& t, int64_t& out) {
    switch (t.kind) {
      case Term::Kind::Field: out = slots[t.slot]; return true;
      case Term::Kind::Constant: out = t.value; return true;
      case Term::Kind::CountScored:
        out = 0;
        for (int32_t d = 0; d < t.width; ++d) out += slots[t.slot + d] != 0;
        return true;
      case Term::Kind::Arithmetic: {
        const int64_t x = t.left_constant ? t.value : slots[t.slot];
        const int64_t y = t.right_constant ? t.right_value : slots[t.right_slot];
        if (x == kAbsent || y == kAbsent) {
          out = kAbsent;
          return true;
        }
        const bool overflow = t.op == 0   ? __builtin_add_overflow(x, y, &out)
                              : t.op == 1 ? __builtin_sub_overflow(x, y, &out)
                                          : __builtin_mul_overflow(x, y, &out);
        return !overflow && out != kAbsent;
      }
    }
    return false;
  };
  // Each clause is 1 (true), 0 (false) or 2 (unknown); the check holds when
  // one is true, taken in order, as the VM's OR_JUMP takes them.
  for (int c = 0; c < clause_count_; ++c) {
    const Clause& clause = clauses_[c];
    int64_t x = 0, y = 0;
    if (!term(clause.left, x)) return Answer::AskVm;
    switch (clause.kind) {
      case Clause::Kind::Present:
        if (x != kAbsent) return Answer::Holds;
        continue;
      case Clause::Kind::NotPresent:
        if (x == kAbsent) return Answer::Holds;
        continue;
      case Clause::Kind::Compare:
        if (!term(clause.right, y)) return Answer::AskVm;
        if (clause.rule != AbsentRule::Never && (x == kAbsent || y == kAbsent)) continue;  // false or unknown
        if (compare_by<int64_t>(clause.op, x, y)) return Answer::Holds;
        continue;
    }
  }
  return Answer::Fails;
}

}  // namespace outcomes
