#include "runtime/vm.h"

#include "runtime/value_logic.h"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>

namespace outcomes {

namespace {

constexpr int64_t kArenaBit = int64_t{1} << 62;

}  // namespace

const char* op_name(Op op) {
  static constexpr const char* kNames[] = {
#define X(name, doc) #name,
      OUTCOMES_OPCODES(X)
#undef X
#define X(name, first, length, doc) #name,
      OUTCOMES_SUPERINSTRUCTIONS(X)
#undef X
  };
  return kNames[static_cast<int>(op)];
}

const char* op_doc(Op op) {
  static constexpr const char* kDocs[] = {
#define X(name, doc) doc,
      OUTCOMES_OPCODES(X)
#undef X
#define X(name, first, length, doc) doc,
      OUTCOMES_SUPERINSTRUCTIONS(X)
#undef X
  };
  return kDocs[static_cast<int>(op)];
}

Op unfused(Op op) {
  switch (op) {
#define X(name, first, length, doc) \
  case Op::name: return Op::first;
    OUTCOMES_SUPERINSTRUCTIONS(X)
#undef X
    default: return op;
  }
}

int fused_length(Op op) {
  switch (op) {
#define X(name, first, length, doc) \
  case Op::name: return length;
    OUTCOMES_SUPERINSTRUCTIONS(X)
#undef X
    default: return 1;
  }
}

Vm::Vm(const Program& program) : program_(program) {
  memo_.resize(program.memo_count);
  memo_epoch_.assign(program.memo_count, 0);
  call_cache_.resize(kCallCacheSize);
  events_by_member_.resize(program.schema.types.size());
  stack_.resize(256);
  locals_.resize(1024);
  frames_.resize(kMaxCallDepth);
  for (const FunctionInfo& f : program.functions)
    callees_.push_back({f.entry, f.arity, f.locals, f.memo, f.cached});
}

void Vm::fail(uint32_t pc, const std::string& what) const {
  std::string where;
  if (pc < program_.debug.size()) {
    const DebugLocation& d = program_.debug[pc];
    if (d.file < program_.source_paths.size()) where = fmt::format(" (rule at {}:{})", program_.source_paths[d.file], d.line);
  }
  throw EvaluationError(what + where);
}

void Vm::begin_family(const Family& family, Date as_of) {
  family_ = &family;
  assessment_ = family.assessment_date;
  claim_ = as_of;
  ++epoch_;
  stack_depth_ = 0;
  open_builders_ = 0;
  // The arena opens with the lists of members, strands and indicators. They
  // depend only on the number of members, so they are kept while it stays
  // the same: an event check runs this for every event of a family, and
  // rebuilding them cost events x (members + indicators).
  const size_t members = family.members.size(), strands = program_.strands.size();
  const size_t head = members + strands + program_.indicators.size();
  if (arena_members_ == members) {
    arena_.resize(head);
  } else {
    arena_.clear();
    for (size_t i = 0; i < members; ++i) arena_.push_back({static_cast<int64_t>(i), 0});
    for (size_t i = 0; i < strands; ++i) arena_.push_back({static_cast<int64_t>(i), 0});
    for (size_t i = 0; i < program_.indicators.size(); ++i) arena_.push_back({static_cast<int64_t>(i), 0});
    arena_members_ = members;
  }
  members_list_ = {0 | kArenaBit, static_cast<int64_t>(members)};
  strands_list_ = {static_cast<int64_t>(members) | kArenaBit, static_cast<int64_t>(strands)};
  indicators_list_ = {static_cast<int64_t>(members + strands) | kArenaBit,
                      static_cast<int64_t>(program_.indicators.size())};
}

void Vm::evaluate(const Family& family, Date as_of, Evaluation& out) {
  trace_ = nullptr;
  roots_ = nullptr;
  evaluate_all(family, as_of, out);
}

void Vm::evaluate_traced(const Family& family, Date as_of, Evaluation& out, Trace& trace, TraceRoots& roots) {
  trace.clear();
  trace_ = &trace;
  roots_ = &roots;
  const size_t n = program_.indicators.size(), r = program_.results.size();
  roots.presents.assign(n, -1);
  roots.progress.assign(n, -1);
  roots.conditions.assign(r, {});
  roots.discretion.assign(r, -1);
  roots.result.assign(r, -1);
  try {
    evaluate_all(family, as_of, out);
  } catch (...) {
    trace_ = nullptr;
    roots_ = nullptr;
    throw;
  }
  trace_ = nullptr;
  roots_ = nullptr;
}

// Runs one top-level function; when tracing, its records hang under a root
// record (node -1) whose index is returned.
int Vm::run_root(int function) {
  if (!trace_) {
    last_root_value_ = run(function, nullptr, 0);
    return -1;
  }
  int root = static_cast<int>(trace_->records.size());
  trace_->records.push_back({});
  trace_->open.push_back(root);
  last_root_value_ = run(function, nullptr, 0);
  trace_->open.pop_back();
  trace_->records[root].value = last_root_value_;
  trace_->records[root].has_value = true;
  return root;
}

void Vm::evaluate_all(const Family& family, Date as_of, Evaluation& out) {
  begin_family(family, as_of);
  current_ = &out;
  const size_t n = program_.indicators.size();
  out.presenting.assign(n, 0);
  out.progress.assign(n, 0);
  for (size_t i = 0; i < n; ++i) {
    const IndicatorInfo& ind = program_.indicators[i];
    int root = run_root(ind.presents_function);
    if (roots_) roots_->presents[i] = root;
    out.presenting[i] = last_root_value_.a == 1;
    if (out.presenting[i]) {
      root = run_root(ind.progress_function);
      if (roots_) roots_->progress[i] = root;
      out.progress[i] = static_cast<uint8_t>(last_root_value_.a);
    }
  }
  out.strand_presenting.assign(program_.strands.size(), 0);
  out.strand_progress.assign(program_.strands.size(), 1);
  for (size_t s = 0; s < program_.strands.size(); ++s) {
    for (int i : program_.strands[s].indicators) {
      if (!out.presenting[i]) continue;
      out.strand_presenting[s] = 1;
      out.strand_progress[s] = and3(out.strand_progress[s], out.progress[i]);
    }
    if (!out.strand_presenting[s]) out.strand_progress[s] = 0;
  }
  out.results.assign(program_.results.size(), {});
  out.claim_conditions.resize(program_.results.size());
  out.discretion.assign(program_.results.size(), 0);
  for (size_t r = 0; r < program_.results.size(); ++r) {
    const ResultInfo& res = program_.results[r];
    if (!res.is_claim) {
      int root = run_root(res.function);
      if (roots_) roots_->result[r] = root;
      out.results[r] = last_root_value_;
      continue;
    }
    auto& conds = out.claim_conditions[r];
    conds.assign(res.conditions.size(), 1);
    if (roots_) roots_->conditions[r].assign(res.conditions.size(), -1);
    uint8_t all = 1;
    for (size_t c = 0; c < res.conditions.size(); ++c) {
      int root = run_root(res.conditions[c].function);
      if (roots_) roots_->conditions[r][c] = root;
      conds[c] = static_cast<uint8_t>(last_root_value_.a);
      all = and3(all, conds[c]);
    }
    ClaimVerdict v = all == 1 ? ClaimVerdict::Valid : all == 2 ? ClaimVerdict::InsufficientData : ClaimVerdict::Invalid;
    if (v != ClaimVerdict::Valid && res.discretion) {
      int root = run_root(res.discretion->function);
      if (roots_) roots_->discretion[r] = root;
      if (last_root_value_.a == 1) {
        v = ClaimVerdict::ValidDiscretionary;
        out.discretion[r] = 1;
      }
    }
    out.results[r] = {static_cast<int64_t>(v), 0};
  }
  current_ = nullptr;
}

bool Vm::run_check(int function, const Family& family, uint32_t event_index) {
  begin_family(family, family.assessment_date);
  Value arg{static_cast<int64_t>(event_index), 0};
  return run(function, &arg, 1).a == 1;
}

Value Vm::call(int function) { return run(function, nullptr, 0); }

Value Vm::run(int function, const Value* args, int argc) {
  const FunctionInfo& f = program_.functions[function];
  if (f.memo >= 0 && memo_epoch_[f.memo] == epoch_) return memo_[f.memo];
  const size_t floor = frame_count_;
  if (floor >= kMaxCallDepth) throw EvaluationError("rules call each other too deeply");
  push_frame(function, args, argc, UINT32_MAX, -1);
  return execute(floor);
}

Vm::Frame* Vm::push_frame(int function, const Value* args, int argc, uint32_t return_pc, int cache_slot) {
  const Callee& f = callees_[function];
  const uint32_t base = frame_count_ ? frames_[frame_count_ - 1].end : 0, end = base + f.locals;
  if (end > locals_.size()) locals_.resize(std::max<size_t>(end, 2 * locals_.size()));
  Value* locals = locals_.data() + base;
  std::copy_n(args, argc, locals);
  Frame& frame = frames_[frame_count_++];
  frame = {function, return_pc, base, end, f.memo, cache_slot};
  return &frame;
}

int Vm::find_cached_call(int function, const Value* args, int arity, bool& hit) {
  uint64_t h = static_cast<uint64_t>(function) * 0x9E3779B97F4A7C15u;
  for (int i = 0; i < arity; ++i) {
    h = (h ^ static_cast<uint64_t>(args[i].a)) * 0xBF58476D1CE4E5B9u;
    h = (h ^ static_cast<uint64_t>(args[i].b)) * 0x94D049BB133111EBu;
  }
  size_t at = (h >> 32) & (kCallCacheSize - 1);
  for (int probe = 0; probe < kCallCacheProbes; ++probe, at = (at + 1) & (kCallCacheSize - 1)) {
    CachedCall& e = call_cache_[at];
    if (e.epoch != epoch_) {  // free in this family: claim it
      e.epoch = epoch_;
      e.function = function;
      e.ready = 0;
      for (int i = 0; i < arity; ++i) e.args[i] = args[i];
      hit = false;
      return static_cast<int>(at);
    }
    if (e.function != function || !e.ready) continue;
    bool same = true;
    for (int i = 0; i < arity && same; ++i) same = e.args[i].a == args[i].a && e.args[i].b == args[i].b;
    if (same) {
      hit = true;
      return static_cast<int>(at);
    }
  }
  hit = false;
  return -1;
}

Value Vm::events_of_member(int type, Value member) {
  if (member.a == kAbsent) return {0, 0};
  EventsByMember& index = events_by_member_[type];
  const size_t members = family_->members.size();
  if (index.epoch != epoch_) {  // a counting sort of the type's events by member, stable
    const uint32_t begin = family_->type_begin[type], end = family_->type_begin[type + 1];
    index.starts.assign(members + 1, 0);
    for (uint32_t e = begin; e < end; ++e)
      if (family_->events[e].member != kNoMember) ++index.starts[family_->events[e].member + 1];
    const int64_t base = static_cast<int64_t>(arena_.size());
    index.starts[0] = base;
    for (size_t m = 1; m <= members; ++m) index.starts[m] += index.starts[m - 1];
    arena_.resize(static_cast<size_t>(index.starts[members]));
    group_cursor_.assign(index.starts.begin(), index.starts.end() - 1);
    for (uint32_t e = begin; e < end; ++e) {
      int16_t m = family_->events[e].member;
      if (m != kNoMember) arena_[static_cast<size_t>(group_cursor_[m]++)] = {static_cast<int64_t>(e), 0};
    }
    index.epoch = epoch_;
  }
  const int64_t from = index.starts[member.a], to = index.starts[member.a + 1];
  return {from | kArenaBit, to - from};
}


}  // namespace outcomes
