#include "compiler/superinstructions.h"

#include <vector>

#include "runtime/program.h"

namespace outcomes {

namespace {

// Instructions that control may reach other than from the one before them.
std::vector<bool> jump_targets(const Program& p) {
  std::vector<bool> target(p.code.size() + 1, false);
  for (const FunctionInfo& f : p.functions) target[f.entry] = true;
  for (size_t pc = 0; pc < p.code.size(); ++pc) {
    switch (p.code[pc].op) {
      case Op::JUMP:
      case Op::JUMP_IF_FALSE:
      case Op::AND_JUMP:
      case Op::OR_JUMP:
      case Op::ITER_NEXT:
      case Op::LIST_FULL: target[static_cast<size_t>(p.code[pc].a)] = true; break;
      case Op::CALL:
      case Op::CALL_MEMO: target[pc + 1] = true; break;  // where the callee returns to
      default: break;
    }
  }
  return target;
}

}  // namespace

int fuse_superinstructions(Program& p) {
  if (p.traced) return 0;
  const std::vector<bool> target = jump_targets(p);
  int rewritten = 0;
  for (const FunctionInfo& f : p.functions) {
    // The sequence at pc with these opcodes, wholly inside the function and
    // entered only at pc. (Entering it further on would be harmless, as the
    // later instructions stay as they are, but a sequence that is only ever
    // run whole is the simplest thing to reason about.)
    auto sequence = [&](uint32_t pc, std::initializer_list<Op> ops) {
      uint32_t at = pc;
      for (Op op : ops) {
        if (at >= f.end || p.code[at].op != op || (at > pc && target[at])) return false;
        ++at;
      }
      return true;
    };
    auto scalar_field = [&](uint32_t pc) {
      return sequence(pc, {Op::LOAD_LOCAL, Op::EVENT_FIELD}) &&
             static_cast<FieldRead>(p.code[pc + 1].b) != FieldRead::Scores;
    };
    // Forwards, so each test sees the opcodes as generated after pc.
    for (uint32_t pc = f.entry; pc < f.end; ++pc) {
      Op fused = p.code[pc].op;
      switch (p.code[pc].op) {
        case Op::LOAD_LOCAL:
          if (sequence(pc, {Op::LOAD_LOCAL, Op::COMPARE, Op::AND_JUMP})) fused = Op::LOCAL_COMPARE_AND_JUMP;
          else if (sequence(pc, {Op::LOAD_LOCAL, Op::COMPARE})) fused = Op::LOCAL_COMPARE;
          else if (scalar_field(pc)) fused = Op::LOCAL_FIELD;
          else if (sequence(pc, {Op::LOAD_LOCAL, Op::RETURN})) fused = Op::LOCAL_RETURN;
          else if (sequence(pc, {Op::LOAD_LOCAL, Op::LOAD_LOCAL})) fused = Op::LOCAL_LOCAL;
          break;
        case Op::CONST:
          if (sequence(pc, {Op::CONST, Op::COMPARE, Op::AND_JUMP})) fused = Op::CONST_COMPARE_AND_JUMP;
          else if (sequence(pc, {Op::CONST, Op::COMPARE})) fused = Op::CONST_COMPARE;
          else if (sequence(pc, {Op::CONST, Op::STORE_LOCAL})) fused = Op::CONST_STORE;
          break;
        case Op::COMPARE:
          if (sequence(pc, {Op::COMPARE, Op::AND_JUMP})) fused = Op::COMPARE_AND_JUMP;
          break;
        case Op::COLLAPSE:
          if (sequence(pc, {Op::COLLAPSE, Op::RETURN})) fused = Op::COLLAPSE_RETURN;
          break;
        case Op::ITER_NEXT:
          // A loop that reads a field of its element is better served by
          // LOCAL_FIELD on the LOAD_LOCAL that follows.
          if (sequence(pc, {Op::ITER_NEXT, Op::LOAD_LOCAL}) && !scalar_field(pc + 1)) fused = Op::ITER_NEXT_LOCAL;
          break;
        case Op::EVENTS:
          if (sequence(pc, {Op::EVENTS, Op::ITER_START})) fused = Op::EVENTS_ITER_START;
          break;
        default: break;
      }
      if (fused != p.code[pc].op) {
        p.code[pc].op = fused;
        ++rewritten;
      }
    }
  }
  return rewritten;
}

}  // namespace outcomes
