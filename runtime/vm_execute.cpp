// The interpreter loop: one case per instruction of bytecode.h.
#include <fmt/format.h>

#include <numeric>

#include "runtime/value_logic.h"
#include "runtime/vm.h"

namespace outcomes {

namespace {

constexpr int64_t kArenaBit = int64_t{1} << 62;  // as Vm::kArenaListBit

bool absent(Value v) { return v.a == kAbsent; }

bool fits(__int128 v) { return v > INT64_MIN && v <= INT64_MAX; }

// Reduces num/den (den > 0); false when the result does not fit 64 bits.
bool make_rational(__int128 num, __int128 den, Value& out) {
  if (den < 0) num = -num, den = -den;
  __int128 a = num < 0 ? -num : num, b = den;
  while (b != 0) {
    __int128 t = a % b;
    a = b, b = t;
  }
  if (a > 1) num /= a, den /= a;
  if (!fits(num) || !fits(den)) return false;
  out = {static_cast<int64_t>(num), static_cast<int64_t>(den)};
  return true;
}

// COMPARE: x OP y, with b = kind * 4 + absent rule (bytecode.h).
inline int64_t compare_values(Value x, Value y, int32_t op, uint16_t b) {
  auto rule = static_cast<AbsentRule>(b % 4);
  if (rule != AbsentRule::Never && (absent(x) || absent(y))) return rule == AbsentRule::Unknown ? 2 : 0;
  bool r = static_cast<CompareKind>(b / 4) == CompareKind::Number
               ? compare_by(static_cast<CompareOp>(op), static_cast<__int128>(x.a) * y.b, static_cast<__int128>(y.a) * x.b)
               : compare_by(static_cast<CompareOp>(op), x.a, y.a);
  return r ? 1 : 0;
}

}  // namespace

Value Vm::execute(size_t frame_floor) {
  const Instruction* const code = program_.code.data();
  Frame* fp = frames_.data() + frame_count_ - 1;  // the running function's frame
  Frame* const floor_fp = frames_.data() + frame_floor;  // returning from it ends this run
  Frame* const last_fp = frames_.data() + kMaxCallDepth - 1;
  const Callee* const callees = callees_.data();
  const Instruction* ip = code + callees[fp->function].entry;
  auto pc_of = [code](const Instruction* at) { return static_cast<uint32_t>(at - code); };
  // Read-only while this runs: held in locals so that the stores to the
  // value stack do not make the compiler load them again.
  const Value* const constants = program_.constants.data();
  const Event* const events = family_ ? family_->events.data() : nullptr;
  const int64_t* const slots = family_ ? family_->slots.data() : nullptr;
  // The value stack and the current frame's locals are walked with raw
  // pointers, re-pointed whenever their vector grows (std::vector's
  // push_back, not inlined into this loop, cost a fifth of all instructions:
  // docs/performance.md). stack_ is storage; stack_depth_ counts the live
  // values, and is written back however this returns.
  Value* sp = stack_.data() + stack_depth_;
  Value* stack_end = stack_.data() + stack_.size();
  struct Depth {
    Vm& vm;
    Value*& sp;
    size_t frame_floor;
    ~Depth() {
      vm.stack_depth_ = static_cast<size_t>(sp - vm.stack_.data());
      vm.frame_count_ = frame_floor;  // the frames of this run are over, returned or thrown through
    }
  } depth_on_exit{*this, sp, frame_floor};
  auto grow = [&]() __attribute__((noinline, cold)) {
    size_t n = static_cast<size_t>(sp - stack_.data());
    stack_.resize(2 * stack_.size());
    sp = stack_.data() + n;
    stack_end = stack_.data() + stack_.size();
  };
  auto pop = [&]() __attribute__((always_inline)) { return *--sp; };
  auto top = [&]() __attribute__((always_inline)) -> Value& { return sp[-1]; };
  auto push = [&](Value v) __attribute__((always_inline)) {
    if (sp == stack_end) [[unlikely]] grow();
    *sp++ = v;
  };
  Value* lp = locals_.data() + fp->base;
  auto grow_locals = [&](size_t end) __attribute__((noinline, cold)) {
    locals_.resize(std::max(end, 2 * locals_.size()));
    lp = locals_.data() + fp->base;
  };
  auto local = [&](int i) __attribute__((always_inline)) -> Value& { return lp[i]; };

  // Dispatch. Under GCC and Clang each handler ends by jumping straight to
  // the next instruction's handler through a table of label addresses
  // ("threaded code", as Lua's ljumptab.h): no bounds check, no jump back to
  // a shared `switch`, and an indirect branch per handler, which predicts
  // better than one shared by all. Other compilers (and builds with
  // -DOUTCOMES_VM_SWITCH_DISPATCH) run the same handlers as a `switch`.
#if (defined(__GNUC__) || defined(__clang__)) && !defined(OUTCOMES_VM_SWITCH_DISPATCH)
  static const void* const kHandlers[] = {
#define X(name, doc) &&op_##name,
      OUTCOMES_OPCODES(X)
#undef X
#define X(name, first, length, doc) &&op_##name,
      OUTCOMES_SUPERINSTRUCTIONS(X)
#undef X
  };
#define VM_CASE(name) op_##name:
#define VM_DISPATCH() goto* kHandlers[static_cast<uint8_t>(ip->op)]
// Runs the instruction at ip, known to be a `name` as generated (possibly
// rewritten since to a superinstruction, which would do the same and more).
#define VM_CONTINUE_AS(name) goto op_##name
  VM_DISPATCH();
  {
#else
#define VM_CASE(name) case Op::name:
#define VM_DISPATCH() goto dispatch
#define VM_CONTINUE_AS(name) goto dispatch
dispatch:
  switch (ip->op) {
#endif
// Every handler ends with one of these.
#define VM_NEXT() \
  {               \
    ++ip;         \
    VM_DISPATCH(); \
  }
#define VM_GOTO(target)   \
  {                       \
    ip = code + (target); \
    VM_DISPATCH();        \
  }

    VM_CASE(CONST) push(constants[ip->a]);
    VM_NEXT();
    VM_CASE(LOAD_LOCAL) push(local(ip->a));
    VM_NEXT();
    VM_CASE(STORE_LOCAL) local(ip->a) = pop();
    VM_NEXT();
    VM_CASE(POP) --sp;
    VM_NEXT();
    VM_CASE(LOAD_A) push({assessment_.days, 0});
    VM_NEXT();
    VM_CASE(LOAD_C) push({claim_.days, 0});
    VM_NEXT();
    VM_CASE(JUMP) VM_GOTO(ip->a);
    VM_CASE(JUMP_IF_FALSE) {
      if (pop().a != 1) VM_GOTO(ip->a);
      VM_NEXT();
    }
    VM_CASE(AND_JUMP) {
      if (top().a == 0) VM_GOTO(ip->a);
      VM_NEXT();
    }
    VM_CASE(OR_JUMP) {
      if (top().a == 1) VM_GOTO(ip->a);
      VM_NEXT();
    }
    VM_CASE(AND3) {
      Value y = pop();
      top().a = and3(top().a, y.a);
      VM_NEXT();
    }
    VM_CASE(OR3) {
      Value y = pop();
      top().a = or3(top().a, y.a);
      VM_NEXT();
    }
    VM_CASE(NOT3) {
      int64_t& x = top().a;
      x = x == 2 ? 2 : 1 - x;
      VM_NEXT();
    }
    VM_CASE(COLLAPSE) {
      if (top().a == 2) top().a = 0;
      VM_NEXT();
    }
    VM_CASE(ADD_INT)
    VM_CASE(SUB_INT)
    VM_CASE(MUL_INT) {
      Value y = pop();
      Value& x = top();
      if (absent(x) || absent(y)) {
        x = {kAbsent, 0};
        VM_NEXT();
      }
      int64_t r;
      bool overflow = ip->op == Op::ADD_INT   ? __builtin_add_overflow(x.a, y.a, &r)
                      : ip->op == Op::SUB_INT ? __builtin_sub_overflow(x.a, y.a, &r)
                                              : __builtin_mul_overflow(x.a, y.a, &r);
      if (overflow || r == kAbsent) fail(pc_of(ip), "a whole number grew too large");
      x = {r, 0};
      VM_NEXT();
    }
    VM_CASE(NEG_INT) {
      if (!absent(top())) top().a = -top().a;
      VM_NEXT();
    }
    VM_CASE(INT_TO_NUM) {
      if (!absent(top())) top().b = 1;
      VM_NEXT();
    }
    VM_CASE(ADD_NUM)
    VM_CASE(SUB_NUM)
    VM_CASE(MUL_NUM)
    VM_CASE(DIV_NUM) {
      Value y = pop();
      Value& x = top();
      if (absent(x) || absent(y)) {
        x = {kAbsent, 0};
        VM_NEXT();
      }
      __int128 xn = x.a, xd = x.b, yn = y.a, yd = y.b, n, d;
      switch (ip->op) {
        case Op::ADD_NUM: n = xn * yd + yn * xd, d = xd * yd; break;
        case Op::SUB_NUM: n = xn * yd - yn * xd, d = xd * yd; break;
        case Op::MUL_NUM: n = xn * yn, d = xd * yd; break;
        default:
          if (yn == 0) fail(pc_of(ip), "division by zero");
          n = xn * yd, d = xd * yn;
      }
      if (!make_rational(n, d, x)) fail(pc_of(ip), "a number grew too large");
      VM_NEXT();
    }
    VM_CASE(NEG_NUM) {
      if (!absent(top())) top().a = -top().a;
      VM_NEXT();
    }
    VM_CASE(COMPARE) {
      Value y = pop();
      Value& x = top();
      x = {compare_values(x, y, ip->a, ip->b), 0};
      VM_NEXT();
    }
    VM_CASE(MAKE_DURATION) {
      Value& n = top();
      int64_t r;
      if (__builtin_mul_overflow(n.a, static_cast<int64_t>(ip->a), &r)) fail(pc_of(ip), "a duration is too long");
      n = {r, ip->b};
      VM_NEXT();
    }
    VM_CASE(DATE_ADD)
    VM_CASE(DATE_SUB) {
      Value dur = pop();
      Value& d = top();
      if (absent(d) || absent(dur)) {
        d = {kAbsent, 0};
        VM_NEXT();
      }
      int64_t n = ip->op == Op::DATE_ADD ? dur.a : -dur.a;
      Date r = dur.b == 1 ? add_months(Date{static_cast<int32_t>(d.a)}, n) : add_days(Date{static_cast<int32_t>(d.a)}, n);
      d = {r.days, 0};
      VM_NEXT();
    }
    VM_CASE(MAKE_WINDOW) {
      Value hi = pop();
      Value& lo = top();
      if (absent(lo) || absent(hi)) lo = {1, 0};  // an empty window
      else lo = {lo.a + ip->a, hi.a - ip->b};
      VM_NEXT();
    }
    VM_CASE(IN_WINDOW) {
      Value w = pop();
      if (trace_) note_window(w.a, w.b);
      Value& d = top();
      d = {!absent(d) && d.a >= w.a && d.a <= w.b ? 1 : 0, 0};
      VM_NEXT();
    }
    VM_CASE(EVENTS) {
      uint32_t begin = family_->type_begin[ip->a], end = family_->type_begin[ip->a + 1];
      push({begin, static_cast<int64_t>(end - begin)});
      VM_NEXT();
    }
    VM_CASE(EVENTS_OF_MEMBER) top() = events_of_member(ip->a, top());
    VM_NEXT();
    VM_CASE(MEMBERS) push(members_list_);
    VM_NEXT();
    VM_CASE(STRANDS) push(strands_list_);
    VM_NEXT();
    VM_CASE(INDICATORS) push(indicators_list_);
    VM_NEXT();
    VM_CASE(ITER_START) {
      Value list = pop();
      local(ip->a) = list;
      local(ip->a + 1) = {ip->b ? list.b - 1 : 0, ip->b};
      VM_NEXT();
    }
    VM_CASE(ITER_NEXT) {
      const Value list = local(ip->b);
      Value& it = local(ip->b + 1);
      if (it.a < 0 || it.a >= list.b) VM_GOTO(ip->a);
      local(ip->b + 2) = list_element(list, it.a);
      it.a += it.b ? -1 : 1;
      VM_NEXT();
    }
    VM_CASE(LIST_BEGIN) {
      if (builders_.size() <= open_builders_) builders_.emplace_back();
      builders_[open_builders_++].clear();
      VM_NEXT();
    }
    VM_CASE(LIST_APPEND) builders_[open_builders_ - 1].push_back(pop());
    VM_NEXT();
    VM_CASE(LIST_FULL) {
      if (static_cast<int64_t>(builders_[open_builders_ - 1].size()) >= local(ip->b).a) VM_GOTO(ip->a);
      VM_NEXT();
    }
    VM_CASE(LIST_END) {
      std::vector<Value>& b = builders_[--open_builders_];
      int64_t at = static_cast<int64_t>(arena_.size());
      if (ip->a == 1) arena_.insert(arena_.end(), b.rbegin(), b.rend());
      else arena_.insert(arena_.end(), b.begin(), b.end());
      push({at | kArenaBit, static_cast<int64_t>(b.size())});
      VM_NEXT();
    }
    VM_CASE(LIST_LENGTH) top() = {top().b, 0};
    VM_NEXT();
    VM_CASE(LIST_TAKE) {
      int64_t n = std::max<int64_t>(0, pop().a);
      Value& list = top();
      int64_t keep = std::min(n, list.b);
      if (ip->a == 1) list.a += list.b - keep;
      list.b = keep;
      VM_NEXT();
    }
    VM_CASE(EVENT_FIELD) {
      Value& v = top();
      if (absent(v)) VM_NEXT();
      uint32_t base = events[v.a].slot + ip->a;
      switch (static_cast<FieldRead>(ip->b)) {
        case FieldRead::Scalar: v = {slots[base], 0}; break;
        case FieldRead::Number: v = slots[base] == kAbsent ? Value{kAbsent, 0} : Value{slots[base], slots[base + 1]}; break;
        case FieldRead::Scores: {
          int64_t width = 0;
          for (const FieldDef& f : program_.schema.types[events[v.a].type].fields)
            if (f.slot == ip->a) width = f.width;
          v = {base, width};
          break;
        }
      }
      VM_NEXT();
    }
    VM_CASE(EVENT_MEMBER) {
      Value& v = top();
      if (!absent(v)) {
        int16_t m = events[v.a].member;
        v = {m == kNoMember ? kAbsent : m, 0};
      }
      VM_NEXT();
    }
    VM_CASE(MEMBER_FIELD) {
      Value& v = top();
      if (!absent(v)) {
        const Member& m = family_->members[v.a];
        v = {ip->a == 0 ? static_cast<int64_t>(m.role) : ip->a == 1 ? m.dob.days : m.parenting, 0};
      }
      VM_NEXT();
    }
    VM_CASE(SCORE) {
      Value domain = pop();
      Value& scores = top();
      if (absent(scores) || absent(domain)) {
        scores = {kAbsent, 0};
      } else {
        int64_t s = slots[scores.a + domain.a];
        scores = {s == 0 ? kAbsent : s, 0};
      }
      VM_NEXT();
    }
    VM_CASE(COALESCE) {
      Value y = pop();
      if (absent(top())) top() = y;
      VM_NEXT();
    }
    VM_CASE(IS_PRESENT) top() = {absent(top()) ? 0 : 1, 0};
    VM_NEXT();
    VM_CASE(CALL)
    VM_CASE(CALL_MEMO) {
      const Callee& f = callees[ip->a];
      if (f.memo >= 0 && memo_epoch_[f.memo] == epoch_) {
        push(memo_[f.memo]);
        VM_NEXT();
      }
      int cache_slot = -1;
      if (f.cached && !trace_) {  // explanations record every call, so they bypass the cache
        bool hit = false;
        cache_slot = find_cached_call(ip->a, sp - f.arity, f.arity, hit);
        if (hit) {
          sp -= f.arity;
          push(call_cache_[cache_slot].result);
          VM_NEXT();
        }
      }
      if (fp == last_fp) [[unlikely]] fail(pc_of(ip), "rules call each other too deeply");
      const uint32_t base = fp->end, end = base + f.locals;
      if (end > locals_.size()) [[unlikely]] grow_locals(end);
      Value* callee_locals = locals_.data() + base;
      sp -= f.arity;
      for (int i = 0; i < f.arity; ++i) callee_locals[i] = sp[i];
      *++fp = {ip->a, pc_of(ip) + 1, base, end, f.memo, cache_slot};
      lp = callee_locals;
      VM_GOTO(f.entry);
    }
    VM_CASE(NATIVE) {
      // The arguments are read where they lie on the stack; the result
      // replaces them.
      Value* args = sp - ip->b;
      bool any_absent = false;
      for (int i = 0; i < ip->b; ++i) any_absent |= absent(args[i]);
      args[0] = any_absent ? Value{kAbsent, 0} : native(pc_of(ip), static_cast<Native>(ip->a), args);
      sp = args + 1;
      VM_NEXT();
    }
    VM_CASE(RETURN) {
      const Value result = top();  // stays there for the caller
      const Frame& frame = *fp;
      if (frame.memo >= 0) {
        memo_[frame.memo] = result;
        memo_epoch_[frame.memo] = epoch_;
      }
      if (frame.cache_slot >= 0) {
        call_cache_[frame.cache_slot].result = result;
        call_cache_[frame.cache_slot].ready = 1;
      }
      if (fp == floor_fp) {
        --sp;
        return result;
      }
      --fp;
      lp = locals_.data() + fp->base;
      VM_GOTO(frame.return_pc);
    }
    VM_CASE(STRAND_PRESENTING) top() = {current_ ? current_->strand_presenting[top().a] : 0, 0};
    VM_NEXT();
    VM_CASE(STRAND_PROGRESS) top() = {current_ ? current_->strand_progress[top().a] : 0, 0};
    VM_NEXT();
    VM_CASE(INDICATOR_PRESENTING) top() = {current_ ? current_->presenting[top().a] : 0, 0};
    VM_NEXT();
    VM_CASE(INDICATOR_PROGRESS) top() = {current_ ? current_->progress[top().a] : 0, 0};
    VM_NEXT();
    VM_CASE(ACTIVE_AT)
    VM_CASE(OVERLAPS) {
      Value probe = pop();
      Value& ev = top();
      if (absent(ev)) {
        ev = {0, 0};
        VM_NEXT();
      }
      if (trace_) {
        if (ip->op == Op::ACTIVE_AT) note_window(probe.a, probe.a);
        else note_window(probe.a, probe.b);
      }
      uint32_t slot = events[ev.a].slot;
      int64_t start = slots[slot + ip->a], end = slots[slot + ip->b];
      bool r = ip->op == Op::ACTIVE_AT ? !absent(probe) && start <= probe.a && end >= probe.a
                                       : start <= probe.b && end >= probe.a;
      ev = {r ? 1 : 0, 0};
      VM_NEXT();
    }
    VM_CASE(TRACE_ENTER) {
      if (trace_) {
        if (trace_->records.size() >= kMaxTraceRecords) {
          trace_->truncated = true;
          trace_->open.push_back(-1);
        } else {
          TraceRecord rec;
          rec.node = ip->a;
          rec.parent = trace_->open.empty() ? -1 : trace_->open.back();
          trace_->records.push_back(std::move(rec));
          trace_->open.push_back(static_cast<int>(trace_->records.size() - 1));
        }
      }
      VM_NEXT();
    }
    VM_CASE(TRACE_EXIT) {
      if (trace_) {
        int at = trace_->open.back();
        trace_->open.pop_back();
        if (at >= 0) trace_->records[at].value = top(), trace_->records[at].has_value = true;
      }
      VM_NEXT();
    }
    VM_CASE(TRACE_MARK) {
      if (trace_ && !trace_->open.empty() && trace_->open.back() >= 0)
        trace_->records[trace_->open.back()].mark = static_cast<uint32_t>(trace_->records.size());
      VM_NEXT();
    }
    VM_CASE(TRACE_DECIDE) {
      if (trace_ && !trace_->open.empty() && trace_->open.back() >= 0) {
        int64_t v = top().a;
        bool keep = ip->b == 0 ? v != 0 : ip->b == 1 ? v != 1 : false;
        bool evidence = ip->b <= 1 ? keep : ip->b == 2 && v == 1;
        int at = trace_->open.back();
        if (!keep) trace_->records.resize(std::max<size_t>(trace_->records[at].mark, at + 1));
        TraceRecord& rec = trace_->records[at];
        if (evidence) {
          ++rec.element_count;
          if (rec.elements.size() < static_cast<size_t>(kMaxTraceElements)) rec.elements.push_back(local(ip->a).a);
        }
      }
      VM_NEXT();
    }
    VM_CASE(TRACE_WINDOW) {
      Value w = pop();
      if (trace_) note_window(w.a, w.b);
      VM_NEXT();
    }
    VM_CASE(INTERVAL_RUN) {
      Value window = pop();
      Value list = pop();
      push({interval_run(list, window, ip->a, ip->b), 0});
      VM_NEXT();
    }
    VM_CASE(INTERVAL_COVER) {
      Value window = pop();
      Value span = pop();
      Value list = pop();
      push({interval_cover(list, span.a, window, ip->a, ip->b), 0});
      VM_NEXT();
    }
#include "runtime/vm_superinstructions.inc"
  }
#undef VM_CASE
#undef VM_DISPATCH
#undef VM_NEXT
#undef VM_GOTO
#undef VM_CONTINUE_AS
  return {};  // not reached: every handler dispatches, returns or throws
}

void Vm::note_window(int64_t lo, int64_t hi) {
  if (trace_->open.empty() || trace_->open.back() < 0) return;
  TraceRecord& rec = trace_->records[trace_->open.back()];
  if (rec.has_window) return;
  rec.window = {lo, hi};
  rec.has_window = true;
}

}  // namespace outcomes
