#include "runtime/native_check.h"

#include <fmt/format.h>

#include <vector>

#include "runtime/bytecode.h"
#include "runtime/value_logic.h"

namespace outcomes {

// Reads a check function's bytecode with a stack of tree nodes in place of
// values: each instruction pops the nodes of its operands and pushes the
// node that computes its result. A forward AND_JUMP / OR_JUMP leaves the top
// value in place and skips to its target; where the skipped code rejoins,
// the top is "the jump's value when it jumped, else what the skipped code
// left", which is exactly a JoinAnd / JoinOr node.
class NativeCheckReader {
 public:
  NativeCheckReader(const Program& program, const EventTypeDef& type, NativeCheck& out)
      : program_(program), type_(type), out_(out) {}

  bool read(const FunctionInfo& f) {
    if (f.arity != 1 || f.locals < 1 || f.memo >= 0 || f.end <= f.entry || f.end > program_.code.size()) return false;
    for (uint32_t pc = f.entry; pc < f.end; ++pc) {
      if (!rejoin(pc)) return false;
      // A superinstruction leaves the instructions it covers in place and
      // changes only the first one's opcode: read the sequence as it was.
      Instruction in = program_.code[pc];
      in.op = unfused(in.op);
      if (in.op == Op::RETURN) {
        // The last instruction, with one value left and every jump rejoined.
        if (pc + 1 != f.end || stack_.size() != 1 || stack_[0].tag != Tag::Value || !pending_.empty()) return false;
        out_.root_ = stack_[0].node;
        return true;
      }
      if (!step(pc, in, f.end)) return false;
    }
    return false;  // no RETURN
  }

 private:
  using Kind = NativeCheck::Kind;
  using Node = NativeCheck::Node;
  enum class Tag : uint8_t { Value, Event, Scores };
  struct Item {
    Tag tag = Tag::Value;
    int node = -1;            // Value: its node
    int32_t slot = 0, width = 0;  // Scores: where they lie in the event
    bool operator==(const Item&) const = default;
  };
  struct PendingJoin {
    uint32_t target;
    Kind kind;                 // JoinAnd or JoinOr
    int left;                  // the value tested by the jump
    std::vector<Item> stack;   // the stack when it jumped, its top included
  };

  bool step(uint32_t pc, const Instruction& in, uint32_t end) {
    switch (in.op) {
      case Op::LOAD_LOCAL:
        if (in.a != 0) return false;  // only the event argument
        stack_.push_back({Tag::Event});
        return true;
      case Op::EVENT_FIELD: return event_field(in);
      case Op::NATIVE: {
        if (in.a != static_cast<int>(Native::COUNT_SCORED) || in.b != 1 || stack_.empty() ||
            stack_.back().tag != Tag::Scores)
          return false;
        const Item scores = pop();
        Node n{Kind::CountScored};
        n.slot = scores.slot;
        n.width = scores.width;
        return push(n);
      }
      case Op::CONST: {
        if (in.a < 0 || static_cast<size_t>(in.a) >= program_.constants.size()) return false;
        Node n{Kind::Constant};
        n.constant = program_.constants[in.a];
        return push(n);
      }
      case Op::ADD_INT:
      case Op::SUB_INT:
      case Op::MUL_INT:
        return binary(Kind::Arithmetic, in.op == Op::ADD_INT ? 0 : in.op == Op::SUB_INT ? 1 : 2);
      case Op::COMPARE: {
        const int op = in.a, kind = in.b / 4, rule = in.b % 4;
        if (op < 0 || op > static_cast<int>(CompareOp::Ge) || kind > static_cast<int>(CompareKind::Number) ||
            rule > static_cast<int>(AbsentRule::Unknown))
          return false;
        if (!binary(Kind::Compare, static_cast<uint8_t>(op))) return false;
        out_.nodes_[stack_.back().node].compare_kind = static_cast<uint8_t>(kind);
        out_.nodes_[stack_.back().node].absent_rule = static_cast<uint8_t>(rule);
        return true;
      }
      case Op::INT_TO_NUM: return unary(Kind::IntToNumber);
      case Op::IS_PRESENT: return unary(Kind::Present);
      case Op::NOT3: return unary(Kind::Not);
      case Op::COLLAPSE: return unary(Kind::Collapse);
      case Op::AND3: return binary(Kind::And, 0);
      case Op::OR3: return binary(Kind::Or, 0);
      case Op::AND_JUMP:
      case Op::OR_JUMP:
        // Forward, to an instruction of this function: a short-circuit.
        if (in.a <= static_cast<int64_t>(pc) || static_cast<uint32_t>(in.a) >= end || stack_.empty() ||
            stack_.back().tag != Tag::Value)
          return false;
        pending_.push_back({static_cast<uint32_t>(in.a), in.op == Op::AND_JUMP ? Kind::JoinAnd : Kind::JoinOr,
                            stack_.back().node, stack_});
        return true;
      default: return false;
    }
  }

  // Where jumps land at `pc`, the last one taken first: its value is the
  // innermost choice, made only when every earlier jump fell through.
  bool rejoin(uint32_t pc) {
    while (!pending_.empty()) {
      size_t i = pending_.size();
      while (i > 0 && pending_[i - 1].target != pc) --i;
      if (i == 0) return true;
      const PendingJoin join = pending_[i - 1];
      pending_.erase(pending_.begin() + static_cast<std::ptrdiff_t>(i - 1));
      // Both ways in must leave the same stack below the value.
      if (join.stack.size() != stack_.size() || stack_.back().tag != Tag::Value ||
          !std::equal(join.stack.begin(), join.stack.end() - 1, stack_.begin()))
        return false;
      Node n{join.kind};
      n.left = static_cast<int16_t>(join.left);
      n.right = static_cast<int16_t>(pop().node);
      if (!push(n)) return false;
    }
    return true;
  }

  bool event_field(const Instruction& in) {
    if (stack_.empty() || stack_.back().tag != Tag::Event || in.a < 0) return false;
    pop();
    switch (static_cast<FieldRead>(in.b)) {
      case FieldRead::Scalar:
      case FieldRead::Number: {
        const bool number = static_cast<FieldRead>(in.b) == FieldRead::Number;
        if (in.a + (number ? 2 : 1) > type_.slot_count) return false;
        Node n{number ? Kind::FieldNumber : Kind::FieldScalar};
        n.slot = in.a;
        return push(n);
      }
      case FieldRead::Scores: {
        // The VM takes the width of the field at that slot (the last one, as it looks).
        int32_t width = 0;
        for (const FieldDef& f : type_.fields)
          if (f.slot == in.a) width = f.width;
        if (in.a + width > type_.slot_count) return false;
        stack_.push_back({Tag::Scores, -1, in.a, width});
        return true;
      }
    }
    return false;
  }

  bool unary(Kind kind) {
    if (stack_.empty() || stack_.back().tag != Tag::Value) return false;
    Node n{kind};
    n.left = static_cast<int16_t>(pop().node);
    return push(n);
  }

  bool binary(Kind kind, uint8_t op) {
    if (stack_.size() < 2 || stack_.back().tag != Tag::Value || stack_[stack_.size() - 2].tag != Tag::Value)
      return false;
    Node n{kind};
    n.op = op;
    n.right = static_cast<int16_t>(pop().node);
    n.left = static_cast<int16_t>(pop().node);
    return push(n);
  }

  bool push(const Node& n) {
    if (out_.count_ >= NativeCheck::kMaxNodes) return false;
    out_.nodes_[out_.count_] = n;
    stack_.push_back({Tag::Value, out_.count_++});
    return true;
  }

  Item pop() {
    const Item top = stack_.back();
    stack_.pop_back();
    return top;
  }

  const Program& program_;
  const EventTypeDef& type_;
  NativeCheck& out_;
  std::vector<Item> stack_;
  std::vector<PendingJoin> pending_;
};

std::optional<NativeCheck> NativeCheck::recognise(const Program& program, int function, const EventTypeDef& type) {
  if (function < 0 || static_cast<size_t>(function) >= program.functions.size()) return std::nullopt;
  NativeCheck check;
  NativeCheckReader reader(program, type, check);
  if (!reader.read(program.functions[function])) return std::nullopt;
  check.find_clauses();
  return check;
}

namespace {

bool absent(Value v) { return v.a == kAbsent; }

}  // namespace

// Each case is the VM's (vm_execute.cpp) for the instruction the node came
// from, down to which word of the value it leaves alone.
bool NativeCheck::eval(int index, const int64_t* slots, Value& out) const {
  const Node& n = nodes_[index];
  switch (n.kind) {
    case Kind::FieldScalar: out = {slots[n.slot], 0}; return true;
    case Kind::FieldNumber:
      out = slots[n.slot] == kAbsent ? Value{kAbsent, 0} : Value{slots[n.slot], slots[n.slot + 1]};
      return true;
    case Kind::CountScored: {
      int64_t scored = 0;
      for (int32_t d = 0; d < n.width; ++d) scored += slots[n.slot + d] != 0;
      out = {scored, 0};
      return true;
    }
    case Kind::Constant: out = n.constant; return true;
    case Kind::Arithmetic: {
      Value y;
      if (!eval(n.left, slots, out) || !eval(n.right, slots, y)) return false;
      if (absent(out) || absent(y)) {
        out = {kAbsent, 0};
        return true;
      }
      int64_t r;
      const bool overflow = n.op == 0   ? __builtin_add_overflow(out.a, y.a, &r)
                            : n.op == 1 ? __builtin_sub_overflow(out.a, y.a, &r)
                                        : __builtin_mul_overflow(out.a, y.a, &r);
      if (overflow || r == kAbsent) return false;  // the VM fails with its message
      out = {r, 0};
      return true;
    }
    case Kind::IntToNumber:
      if (!eval(n.left, slots, out)) return false;
      if (!absent(out)) out.b = 1;
      return true;
    case Kind::Compare: {
      Value x, y;
      if (!eval(n.left, slots, x) || !eval(n.right, slots, y)) return false;
      const auto rule = static_cast<AbsentRule>(n.absent_rule);
      if (rule != AbsentRule::Never && (absent(x) || absent(y))) {
        out = {rule == AbsentRule::Unknown ? 2 : 0, 0};
        return true;
      }
      const auto op = static_cast<CompareOp>(n.op);
      const bool r = static_cast<CompareKind>(n.compare_kind) == CompareKind::Number
                         ? compare_by<__int128>(op, static_cast<__int128>(x.a) * y.b, static_cast<__int128>(y.a) * x.b)
                         : compare_by<__int128>(op, x.a, y.a);
      out = {r ? 1 : 0, 0};
      return true;
    }
    case Kind::Present:
      if (!eval(n.left, slots, out)) return false;
      out = {absent(out) ? 0 : 1, 0};
      return true;
    case Kind::Not:
      if (!eval(n.left, slots, out)) return false;
      out.a = out.a == 2 ? 2 : 1 - out.a;
      return true;
    case Kind::And:
    case Kind::Or: {
      Value y;
      if (!eval(n.left, slots, out) || !eval(n.right, slots, y)) return false;
      out.a = n.kind == Kind::And ? and3(out.a, y.a) : or3(out.a, y.a);
      return true;
    }
    case Kind::Collapse:
      if (!eval(n.left, slots, out)) return false;
      if (out.a == 2) out.a = 0;
      return true;
    case Kind::JoinAnd:
    case Kind::JoinOr: {
      if (!eval(n.left, slots, out)) return false;
      if (out.a == (n.kind == Kind::JoinAnd ? 0 : 1)) return true;  // the jump is taken
      // The usual shape: the code that followed combines the tested value
      // with one more; that value is already known, so not worked out again.
      const Node& rest = nodes_[n.right];
      if (rest.left == n.left && rest.kind == (n.kind == Kind::JoinAnd ? Kind::And : Kind::Or)) {
        Value y;
        if (!eval(rest.right, slots, y)) return false;
        out.a = rest.kind == Kind::And ? and3(out.a, y.a) : or3(out.a, y.a);
        return true;
      }
      return eval(n.right, slots, out);
    }
  }
  return false;
}

namespace {
constexpr const char* kOps[] = {"==", "!=", "<", "<=", ">", ">="};
constexpr const char* kArithmetic[] = {"+", "-", "*"};
constexpr const char* kRules[] = {"", " absent:false", " absent:unknown"};
}  // namespace

std::string NativeCheck::describe() const {
  auto text = [&](auto& self, int i) -> std::string {
    const Node& n = nodes_[i];
    auto sides = [&] { return fmt::format("({}, {})", self(self, n.left), self(self, n.right)); };
    switch (n.kind) {
      case Kind::FieldScalar: return fmt::format("field {}", n.slot);
      case Kind::FieldNumber: return fmt::format("number field {}", n.slot);
      case Kind::CountScored: return fmt::format("count_scored(field {}, {} domains)", n.slot, n.width);
      case Kind::Constant:
        return n.constant.b ? fmt::format("{}/{}", n.constant.a, n.constant.b) : fmt::format("{}", n.constant.a);
      case Kind::Arithmetic: return fmt::format("{} {}", kArithmetic[n.op], sides());
      case Kind::IntToNumber: return fmt::format("number({})", self(self, n.left));
      case Kind::Compare:
        return fmt::format("compare {}{}{} {}", kOps[n.op], n.compare_kind ? " number" : "", kRules[n.absent_rule],
                           sides());
      case Kind::Present: return fmt::format("present({})", self(self, n.left));
      case Kind::Not: return fmt::format("not({})", self(self, n.left));
      case Kind::And: return fmt::format("and {}", sides());
      case Kind::Or: return fmt::format("or {}", sides());
      case Kind::Collapse: return fmt::format("collapse({})", self(self, n.left));
      case Kind::JoinAnd: return fmt::format("and-then {}", sides());
      case Kind::JoinOr: return fmt::format("or-else {}", sides());
    }
    return "?";
  };
  return root_ < 0 ? std::string() : text(text, root_);
}

}  // namespace outcomes
