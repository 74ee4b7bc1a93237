// The virtual machine: evaluates a compiled plan over one family at a time.
// Everything it allocates is reused from one family to the next.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "runtime/program.h"
#include "runtime/timeline.h"
#include "runtime/trace.h"

namespace outcomes {

// What a plan says about one family.
struct Evaluation {
  std::vector<uint8_t> presenting;        // per indicator: 0 or 1
  std::vector<uint8_t> progress;          // per indicator: 0 not_met, 1 met, 2 unknown (when presenting)
  std::vector<uint8_t> strand_presenting; // per strand
  std::vector<uint8_t> strand_progress;
  std::vector<Value> results;             // per result; claims hold a ClaimVerdict
  std::vector<std::vector<uint8_t>> claim_conditions;  // per result: each condition's verdict (claims only)
  std::vector<uint8_t> discretion;        // per result: discretion applied (claims only)
};

// A failure inside the rules for one family (an overflow, a division by
// zero): the family is reported and skipped, the run goes on.
struct EvaluationError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Vm {
 public:
  explicit Vm(const Program& program);

  // Evaluates every indicator, strand and result. Throws EvaluationError.
  void evaluate(const Family& family, Date as_of, Evaluation& out);

  // As evaluate(), recording a trace; the program must be compiled with
  // tracing. Records of indicator i's conditions start at the indexes in
  // `roots` (see TraceRoots).
  struct TraceRoots {
    std::vector<int> presents, progress;          // per indicator (-1: not evaluated)
    std::vector<std::vector<int>> conditions;     // per result: per claim condition
    std::vector<int> discretion, result;          // per result
  };
  void evaluate_traced(const Family& family, Date as_of, Evaluation& out, Trace& trace, TraceRoots& roots);

  // Runs an event check of the schema on one (not yet finalised) event.
  bool run_check(int function, const Family& family, uint32_t event_index);

  // Runs one function with no arguments for the family set up by the last
  // evaluate(); used by explanations and tests.
  Value call(int function);

  const Program& program() const { return program_; }

 private:
  void begin_family(const Family& family, Date as_of);
  void evaluate_all(const Family& family, Date as_of, Evaluation& out);
  Value last_root_value_{};
  Value run(int function, const Value* args, int argc);
  Value execute(size_t frame_floor);
  [[noreturn]] void fail(uint32_t pc, const std::string& what) const;

  Value list_element(Value list, int64_t i) const {
    if (list.a & kArenaListBit) return arena_[(list.a & ~kArenaListBit) + i];
    return {list.a + i, 0};
  }
  static constexpr int64_t kArenaListBit = int64_t{1} << 62;  // a List's start: in arena_, not Family::events
  int64_t interval_run(Value list, Value window, int start_slot, int end_slot);
  int64_t interval_cover(Value list, int64_t span, Value window, int start_slot, int end_slot);
  // A built-in over present arguments (NATIVE answers absent for an absent one).
  Value native(uint32_t pc, Native id, const Value* args);
  void collect_intervals(Value list, Value window, int start_slot, int end_slot);

  struct Frame {
    int function;
    uint32_t return_pc;
    uint32_t base;  // first local
    uint32_t end;   // one past the last local: where a callee's locals start
    int memo;
    int cache_slot;  // the call cache entry awaiting this call's result, or -1
  };
  // What a call needs to know of its function, packed for the interpreter
  // (FunctionInfo, with its name first, spreads the same over 64 bytes).
  struct Callee {
    uint32_t entry;
    uint16_t arity, locals;
    int32_t memo;
    bool cached;
  };
  std::vector<Callee> callees_;  // per function
  // Calls deeper than this are an evaluation error (runaway recursion).
  static constexpr size_t kMaxCallDepth = 256;
  // Pushes a frame for `function` above the current ones, its first `argc`
  // locals copied from `args`. The others are left as they are: the
  // compiler writes every local before reading it (a `let`, a loop's slots).
  Frame* push_frame(int function, const Value* args, int argc, uint32_t return_pc, int cache_slot);

  // Results of calls to `cached` definitions in the current family: an
  // open-addressed table, emptied by the epoch that begin_family advances.
  struct CachedCall {
    uint64_t epoch = 0;
    int32_t function = -1;
    int32_t ready = 0;  // 0 while the call that claimed the entry runs
    Value args[kMaxCachedArguments];
    Value result;
  };
  static constexpr size_t kCallCacheSize = 512;  // a power of two
  static constexpr int kCallCacheProbes = 8;
  // The entry holding function(args) (hit = true), else one claimed for it
  // (hit = false); -1 when the neighbourhood is full and the call goes uncached.
  int find_cached_call(int function, const Value* args, int arity, bool& hit);

  const Program& program_;
  const Family* family_ = nullptr;
  Date assessment_{}, claim_{};
  Evaluation* current_ = nullptr;
  Trace* trace_ = nullptr;
  TraceRoots* roots_ = nullptr;
  int run_root(int function);  // runs with a synthetic root record when tracing; returns its index
  void note_window(int64_t lo, int64_t hi);
  std::vector<Value> stack_;  // storage: its size is its capacity
  size_t stack_depth_ = 0;    // live values at the bottom of stack_
  // Frames and their locals: storage whose size is its capacity, as for
  // stack_. frame_count_ frames are live; execute() and run() leave it as
  // they found it, on return or on an exception.
  std::vector<Value> locals_;
  std::vector<Frame> frames_;  // kMaxCallDepth of them
  size_t frame_count_ = 0;
  std::vector<Value> arena_;
  size_t arena_members_ = SIZE_MAX;  // members in the lists at the arena's head (SIZE_MAX: none built)
  std::vector<std::vector<Value>> builders_;
  size_t open_builders_ = 0;
  std::vector<CachedCall> call_cache_;
  // Per event type, built the first time a family's loop asks for it: the
  // type's events grouped by member (in date order within each) in the
  // arena, and where each member's group starts (members + 1 offsets).
  struct EventsByMember {
    uint64_t epoch = 0;
    std::vector<int64_t> starts;
  };
  std::vector<EventsByMember> events_by_member_;
  std::vector<int64_t> group_cursor_;
  Value events_of_member(int type, Value member);
  std::vector<Value> memo_;
  std::vector<uint64_t> memo_epoch_;
  uint64_t epoch_ = 0;
  Value members_list_{}, strands_list_{}, indicators_list_{};
  std::vector<std::pair<int32_t, int32_t>> intervals_;
};

}  // namespace outcomes
