// outcomes disasm PLAN: the bytecode of every function, interleaved with the
// rule lines it came from.
#include <fmt/format.h>

#include "cli/plan_loading.h"

namespace outcomes::cli {

namespace {

std::string operands(const Program& p, const Instruction& in) {
  switch (unfused(in.op)) {
    case Op::CONST: {
      const Value& v = p.constants[in.a];
      return v.b ? fmt::format("#{} ({}/{})", in.a, v.a, v.b) : fmt::format("#{} ({})", in.a, v.a == kAbsent ? std::string("absent") : std::to_string(v.a));
    }
    case Op::CALL:
    case Op::CALL_MEMO: return fmt::format("{} <{}>", in.a, p.functions[in.a].name);
    case Op::EVENTS:
    case Op::EVENTS_OF_MEMBER: return fmt::format("{} <{}>", in.a, p.schema.types[in.a].name);
    case Op::COMPARE: {
      static constexpr const char* kOps[] = {"==", "!=", "<", "<=", ">", ">="};
      static constexpr const char* kRules[] = {"", " absent:false", " absent:unknown"};
      return fmt::format("{}{}{}", kOps[in.a], in.b / 4 ? " number" : "", kRules[in.b % 4]);
    }
    case Op::NATIVE: {
      static constexpr const char* kNatives[] = {
#define X(name, arity, doc) #name,
          OUTCOMES_NATIVES(X)
#undef X
      };
      return fmt::format("{} ({} args)", kNatives[in.a], in.b);
    }
    case Op::JUMP:
    case Op::JUMP_IF_FALSE:
    case Op::AND_JUMP:
    case Op::OR_JUMP: return fmt::format("-> {}", in.a);
    case Op::ITER_NEXT: return fmt::format("slot {} else -> {}", in.b, in.a);
    case Op::LIST_FULL: return fmt::format("slot {} -> {}", in.b, in.a);
    case Op::LIST_END: return in.a ? "reversed" : "";
    default: return in.a || in.b ? fmt::format("{} {}", in.a, in.b) : "";
  }
}

}  // namespace

int disasm_command(const std::string& path) {
  auto plan = load_plan(path);
  if (!plan) return kExitPlanError;
  const Program& p = plan->program();
  const SourceSet& sources = plan->compilation->sources;
  fmt::print("plan {} — {} functions, {} instructions, {} constants\n", p.plan_id, p.functions.size(), p.code.size(),
             p.constants.size());
  for (const FunctionInfo& f : p.functions) {
    fmt::print("\nfunction {} (arguments {}, locals {}{})\n", f.name, f.arity, f.locals,
               f.memo >= 0 ? ", once per family" : f.cached ? ", cached by arguments" : "");
    int last_line = -1;
    uint32_t last_file = UINT32_MAX;
    uint32_t fused_until = 0;  // instructions before this are covered by a superinstruction
    for (uint32_t pc = f.entry; pc < f.end; ++pc) {
      const DebugLocation& d = p.debug[pc];
      if (d.line != last_line || d.file != last_file) {
        const SourceFile& file = sources.file(d.file);
        fmt::print("        ; {}:{}  {}\n", file.path.substr(file.path.find_last_of('/') + 1), d.line,
                   std::string(file.line_text(d.line)));
        last_line = d.line, last_file = d.file;
      }
      // A superinstruction shows under its own name with the operands of the
      // instruction it replaced; the instructions it also covers follow,
      // marked with `|`, as they stay in the code.
      const Instruction& in = p.code[pc];
      const Op shown = unfused(in.op);
      const char* mark = pc < fused_until ? "| " : "";
      if (shown != in.op) {
        fmt::print("  {:5}  {}{:<22} {}  ({})\n", pc, mark, op_name(in.op), operands(p, in), op_doc(in.op));
        fused_until = std::max(fused_until, pc + static_cast<uint32_t>(fused_length(in.op)));
      } else {
        fmt::print("  {:5}  {}{:<22} {}\n", pc, mark, op_name(in.op), operands(p, in));
      }
    }
  }
  return kExitOk;
}

}  // namespace outcomes::cli
