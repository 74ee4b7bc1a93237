// The interpreter loop: one case per instruction of bytecode.h.
#include <fmt/format.h>

#include <numeric>

#include "runtime/vm.h"

namespace outcomes {

namespace {

constexpr int64_t kArenaBit = int64_t{1} << 62;

bool absent(Value v) { return v.a == kAbsent; }

uint8_t and3(int64_t x, int64_t y) {
  if (x == 0 || y == 0) return 0;
  if (x == 2 || y == 2) return 2;
  return 1;
}
uint8_t or3(int64_t x, int64_t y) {
  if (x == 1 || y == 1) return 1;
  if (x == 2 || y == 2) return 2;
  return 0;
}

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

bool compare(CompareOp op, __int128 x, __int128 y) {
  switch (op) {
    case CompareOp::Eq: return x == y;
    case CompareOp::Ne: return x != y;
    case CompareOp::Lt: return x < y;
    case CompareOp::Le: return x <= y;
    case CompareOp::Gt: return x > y;
    case CompareOp::Ge: return x >= y;
  }
  return false;
}

}  // namespace

Value Vm::execute(size_t frame_floor) {
  const Instruction* code = program_.code.data();
  uint32_t pc = program_.functions[frames_.back().function].entry;
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
    ~Depth() { vm.stack_depth_ = static_cast<size_t>(sp - vm.stack_.data()); }
  } depth_on_exit{*this, sp};
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
  Value* lp = locals_.data() + frames_.back().base;
  auto local = [&](int i) __attribute__((always_inline)) -> Value& { return lp[i]; };

  for (;;) {
    const Instruction& in = code[pc];
    switch (in.op) {
      case Op::CONST: push(program_.constants[in.a]); break;
      case Op::LOAD_LOCAL: push(local(in.a)); break;
      case Op::STORE_LOCAL: local(in.a) = pop(); break;
      case Op::POP: --sp; break;
      case Op::LOAD_A: push({assessment_.days, 0}); break;
      case Op::LOAD_C: push({claim_.days, 0}); break;
      case Op::JUMP: pc = in.a; continue;
      case Op::JUMP_IF_FALSE:
        if (pop().a != 1) {
          pc = in.a;
          continue;
        }
        break;
      case Op::AND_JUMP:
        if (top().a == 0) {
          pc = in.a;
          continue;
        }
        break;
      case Op::OR_JUMP:
        if (top().a == 1) {
          pc = in.a;
          continue;
        }
        break;
      case Op::AND3: {
        Value y = pop();
        top().a = and3(top().a, y.a);
        break;
      }
      case Op::OR3: {
        Value y = pop();
        top().a = or3(top().a, y.a);
        break;
      }
      case Op::NOT3: {
        int64_t& x = top().a;
        x = x == 2 ? 2 : 1 - x;
        break;
      }
      case Op::COLLAPSE:
        if (top().a == 2) top().a = 0;
        break;
      case Op::ADD_INT:
      case Op::SUB_INT:
      case Op::MUL_INT: {
        Value y = pop();
        Value& x = top();
        if (absent(x) || absent(y)) {
          x = {kAbsent, 0};
          break;
        }
        int64_t r;
        bool overflow = in.op == Op::ADD_INT   ? __builtin_add_overflow(x.a, y.a, &r)
                        : in.op == Op::SUB_INT ? __builtin_sub_overflow(x.a, y.a, &r)
                                               : __builtin_mul_overflow(x.a, y.a, &r);
        if (overflow || r == kAbsent) fail(pc, "a whole number grew too large");
        x = {r, 0};
        break;
      }
      case Op::NEG_INT:
        if (!absent(top())) top().a = -top().a;
        break;
      case Op::INT_TO_NUM:
        if (!absent(top())) top().b = 1;
        break;
      case Op::ADD_NUM:
      case Op::SUB_NUM:
      case Op::MUL_NUM:
      case Op::DIV_NUM: {
        Value y = pop();
        Value& x = top();
        if (absent(x) || absent(y)) {
          x = {kAbsent, 0};
          break;
        }
        __int128 xn = x.a, xd = x.b, yn = y.a, yd = y.b, n, d;
        switch (in.op) {
          case Op::ADD_NUM: n = xn * yd + yn * xd, d = xd * yd; break;
          case Op::SUB_NUM: n = xn * yd - yn * xd, d = xd * yd; break;
          case Op::MUL_NUM: n = xn * yn, d = xd * yd; break;
          default:
            if (yn == 0) fail(pc, "division by zero");
            n = xn * yd, d = xd * yn;
        }
        if (!make_rational(n, d, x)) fail(pc, "a number grew too large");
        break;
      }
      case Op::NEG_NUM:
        if (!absent(top())) top().a = -top().a;
        break;
      case Op::COMPARE: {
        Value y = pop();
        Value x = pop();
        auto kind = static_cast<CompareKind>(in.b / 4);
        auto rule = static_cast<AbsentRule>(in.b % 4);
        if (rule != AbsentRule::Never && (absent(x) || absent(y))) {
          push({rule == AbsentRule::Unknown ? 2 : 0, 0});
          break;
        }
        bool r = kind == CompareKind::Number
                     ? compare(static_cast<CompareOp>(in.a), static_cast<__int128>(x.a) * y.b,
                               static_cast<__int128>(y.a) * x.b)
                     : compare(static_cast<CompareOp>(in.a), x.a, y.a);
        push({r ? 1 : 0, 0});
        break;
      }
      case Op::MAKE_DURATION: {
        Value& n = top();
        int64_t r;
        if (__builtin_mul_overflow(n.a, static_cast<int64_t>(in.a), &r)) fail(pc, "a duration is too long");
        n = {r, in.b};
        break;
      }
      case Op::DATE_ADD:
      case Op::DATE_SUB: {
        Value dur = pop();
        Value& d = top();
        if (absent(d) || absent(dur)) {
          d = {kAbsent, 0};
          break;
        }
        int64_t n = in.op == Op::DATE_ADD ? dur.a : -dur.a;
        Date r = dur.b == 1 ? add_months(Date{static_cast<int32_t>(d.a)}, n) : add_days(Date{static_cast<int32_t>(d.a)}, n);
        d = {r.days, 0};
        break;
      }
      case Op::MAKE_WINDOW: {
        Value hi = pop();
        Value& lo = top();
        if (absent(lo) || absent(hi)) {
          lo = {1, 0};  // an empty window
          break;
        }
        lo = {lo.a + in.a, hi.a - in.b};
        break;
      }
      case Op::IN_WINDOW: {
        Value w = pop();
        if (trace_) note_window(w.a, w.b);
        Value& d = top();
        d = {!absent(d) && d.a >= w.a && d.a <= w.b ? 1 : 0, 0};
        break;
      }
      case Op::EVENTS: {
        uint32_t begin = family_->type_begin[in.a], end = family_->type_begin[in.a + 1];
        push({begin, static_cast<int64_t>(end - begin)});
        break;
      }
      case Op::EVENTS_OF_MEMBER: top() = events_of_member(in.a, top()); break;
      case Op::MEMBERS: push(members_list_); break;
      case Op::STRANDS: push(strands_list_); break;
      case Op::INDICATORS: push(indicators_list_); break;
      case Op::ITER_START: {
        Value list = pop();
        local(in.a) = list;
        local(in.a + 1) = {in.b ? list.b - 1 : 0, in.b};
        break;
      }
      case Op::ITER_NEXT: {
        const Value list = local(in.b);
        Value& it = local(in.b + 1);
        if (it.a < 0 || it.a >= list.b) {
          pc = in.a;
          continue;
        }
        local(in.b + 2) = list_element(list, it.a);
        it.a += it.b ? -1 : 1;
        break;
      }
      case Op::LIST_BEGIN:
        if (builders_.size() <= open_builders_) builders_.emplace_back();
        builders_[open_builders_++].clear();
        break;
      case Op::LIST_APPEND: builders_[open_builders_ - 1].push_back(pop()); break;
      case Op::LIST_FULL:
        if (static_cast<int64_t>(builders_[open_builders_ - 1].size()) >= local(in.b).a) {
          pc = static_cast<uint32_t>(in.a);
          continue;
        }
        break;
      case Op::LIST_END: {
        std::vector<Value>& b = builders_[--open_builders_];
        int64_t at = static_cast<int64_t>(arena_.size());
        if (in.a == 1) arena_.insert(arena_.end(), b.rbegin(), b.rend());
        else arena_.insert(arena_.end(), b.begin(), b.end());
        push({at | kArenaBit, static_cast<int64_t>(b.size())});
        break;
      }
      case Op::LIST_LENGTH: top() = {top().b, 0}; break;
      case Op::LIST_TAKE: {
        int64_t n = std::max<int64_t>(0, pop().a);
        Value& list = top();
        int64_t keep = std::min(n, list.b);
        if (in.a == 1) list.a += list.b - keep;
        list.b = keep;
        break;
      }
      case Op::EVENT_FIELD: {
        Value& v = top();
        if (absent(v)) break;
        uint32_t base = family_->events[v.a].slot + in.a;
        switch (static_cast<FieldRead>(in.b)) {
          case FieldRead::Scalar: v = {family_->slots[base], 0}; break;
          case FieldRead::Number:
            v = family_->slots[base] == kAbsent ? Value{kAbsent, 0} : Value{family_->slots[base], family_->slots[base + 1]};
            break;
          case FieldRead::Scores: {
            int64_t width = 0;
            for (const FieldDef& f : program_.schema.types[family_->events[v.a].type].fields)
              if (f.slot == in.a) width = f.width;
            v = {base, width};
            break;
          }
        }
        break;
      }
      case Op::EVENT_MEMBER: {
        Value& v = top();
        if (absent(v)) break;
        int16_t m = family_->events[v.a].member;
        v = {m == kNoMember ? kAbsent : m, 0};
        break;
      }
      case Op::MEMBER_FIELD: {
        Value& v = top();
        if (absent(v)) break;
        const Member& m = family_->members[v.a];
        v = {in.a == 0 ? static_cast<int64_t>(m.role) : in.a == 1 ? m.dob.days : m.parenting, 0};
        break;
      }
      case Op::SCORE: {
        Value domain = pop();
        Value& scores = top();
        if (absent(scores) || absent(domain)) {
          scores = {kAbsent, 0};
          break;
        }
        int64_t s = family_->slots[scores.a + domain.a];
        scores = {s == 0 ? kAbsent : s, 0};
        break;
      }
      case Op::COALESCE: {
        Value y = pop();
        if (absent(top())) top() = y;
        break;
      }
      case Op::IS_PRESENT: top() = {absent(top()) ? 0 : 1, 0}; break;
      case Op::CALL:
      case Op::CALL_MEMO: {
        const FunctionInfo& f = program_.functions[in.a];
        if (f.memo >= 0 && memo_epoch_[f.memo] == epoch_) {
          push(memo_[f.memo]);
          break;
        }
        int cache_slot = -1;
        if (f.cached && !trace_) {  // explanations record every call, so they bypass the cache
          bool hit = false;
          cache_slot = find_cached_call(in.a, sp - f.arity, f.arity, hit);
          if (hit) {
            sp -= f.arity;
            push(call_cache_[cache_slot].result);
            break;
          }
        }
        if (frames_.size() >= 256) fail(pc, "rules call each other too deeply");
        uint32_t base = static_cast<uint32_t>(locals_.size());
        locals_.resize(base + f.locals);
        for (int i = f.arity - 1; i >= 0; --i) locals_[base + i] = pop();
        frames_.push_back({in.a, pc + 1, base, f.memo, cache_slot});
        lp = locals_.data() + base;
        pc = f.entry;
        continue;
      }
      case Op::NATIVE: {
        Value args[3];
        for (int i = in.b - 1; i >= 0; --i) args[i] = pop();
        push(native(pc, static_cast<Native>(in.a), args));
        break;
      }
      case Op::RETURN: {
        Value result = pop();
        Frame frame = frames_.back();
        frames_.pop_back();
        locals_.resize(frame.base);
        if (frame.memo >= 0) {
          memo_[frame.memo] = result;
          memo_epoch_[frame.memo] = epoch_;
        }
        if (frame.cache_slot >= 0) {
          call_cache_[frame.cache_slot].result = result;
          call_cache_[frame.cache_slot].ready = 1;
        }
        if (frames_.size() == frame_floor) return result;
        lp = locals_.data() + frames_.back().base;
        push(result);
        pc = frame.return_pc;
        continue;
      }
      case Op::STRAND_PRESENTING: top() = {current_ ? current_->strand_presenting[top().a] : 0, 0}; break;
      case Op::STRAND_PROGRESS: top() = {current_ ? current_->strand_progress[top().a] : 0, 0}; break;
      case Op::INDICATOR_PRESENTING: top() = {current_ ? current_->presenting[top().a] : 0, 0}; break;
      case Op::INDICATOR_PROGRESS: top() = {current_ ? current_->progress[top().a] : 0, 0}; break;
      case Op::ACTIVE_AT:
      case Op::OVERLAPS: {
        Value probe = pop();
        Value& ev = top();
        if (absent(ev)) {
          ev = {0, 0};
          break;
        }
        if (trace_) {
          if (in.op == Op::ACTIVE_AT) note_window(probe.a, probe.a);
          else note_window(probe.a, probe.b);
        }
        uint32_t slot = family_->events[ev.a].slot;
        int64_t start = family_->slots[slot + in.a], end = family_->slots[slot + in.b];
        bool r = in.op == Op::ACTIVE_AT ? !absent(probe) && start <= probe.a && end >= probe.a
                                        : start <= probe.b && end >= probe.a;
        ev = {r ? 1 : 0, 0};
        break;
      }
      case Op::TRACE_ENTER: {
        if (!trace_) break;
        if (trace_->records.size() >= kMaxTraceRecords) {
          trace_->truncated = true;
          trace_->open.push_back(-1);
          break;
        }
        TraceRecord rec;
        rec.node = in.a;
        rec.parent = trace_->open.empty() ? -1 : trace_->open.back();
        trace_->records.push_back(std::move(rec));
        trace_->open.push_back(static_cast<int>(trace_->records.size() - 1));
        break;
      }
      case Op::TRACE_EXIT: {
        if (!trace_) break;
        int at = trace_->open.back();
        trace_->open.pop_back();
        if (at >= 0) trace_->records[at].value = top(), trace_->records[at].has_value = true;
        break;
      }
      case Op::TRACE_MARK:
        if (trace_ && !trace_->open.empty() && trace_->open.back() >= 0)
          trace_->records[trace_->open.back()].mark = static_cast<uint32_t>(trace_->records.size());
        break;
      case Op::TRACE_DECIDE: {
        if (!trace_ || trace_->open.empty() || trace_->open.back() < 0) break;
        int64_t v = top().a;
        bool keep = in.b == 0 ? v != 0 : in.b == 1 ? v != 1 : false;
        bool evidence = in.b <= 1 ? keep : in.b == 2 && v == 1;
        int at = trace_->open.back();
        if (!keep) trace_->records.resize(std::max<size_t>(trace_->records[at].mark, at + 1));
        TraceRecord& rec = trace_->records[at];
        if (evidence) {
          ++rec.element_count;
          if (rec.elements.size() < static_cast<size_t>(kMaxTraceElements)) rec.elements.push_back(local(in.a).a);
        }
        break;
      }
      case Op::TRACE_WINDOW: {
        Value w = pop();
        if (trace_) note_window(w.a, w.b);
        break;
      }
      case Op::INTERVAL_RUN: {
        Value window = pop();
        Value list = pop();
        push({interval_run(list, window, in.a, in.b), 0});
        break;
      }
      case Op::INTERVAL_COVER: {
        Value window = pop();
        Value span = pop();
        Value list = pop();
        push({interval_cover(list, span.a, window, in.a, in.b), 0});
        break;
      }
    }
    ++pc;
  }
}

void Vm::note_window(int64_t lo, int64_t hi) {
  if (trace_->open.empty() || trace_->open.back() < 0) return;
  TraceRecord& rec = trace_->records[trace_->open.back()];
  if (rec.has_window) return;
  rec.window = {lo, hi};
  rec.has_window = true;
}

}  // namespace outcomes
