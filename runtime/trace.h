// What a traced evaluation records: one record per evaluated rule node (a
// condition, a comparison, a quantifier, a call), with its value, the window
// of dates it looked at and the events or members that decided it. Records
// form a tree through `parent`. Only programs compiled with tracing emit the
// TRACE_* instructions, so an ordinary run pays nothing for this.
#pragma once
#include <cstdint>
#include <vector>

#include "runtime/program.h"

namespace outcomes {

inline constexpr int kMaxTraceElements = 16;  // evidence kept per record
inline constexpr size_t kMaxTraceRecords = 200000;

struct TraceRecord {
  int node = -1;    // index into Program::trace_nodes
  int parent = -1;  // index into Trace::records
  Value value{};
  bool has_value = false;
  Value window{};   // closed [a, b] in days
  bool has_window = false;
  uint32_t mark = 0;  // where the current loop iteration's records begin
  int element_count = 0;                 // all deciding elements, kept or not
  std::vector<int64_t> elements;         // event or member indexes (at most kMaxTraceElements)
};

struct Trace {
  std::vector<TraceRecord> records;
  std::vector<int> open;  // records entered and not yet exited
  bool truncated = false;
  void clear() {
    records.clear();
    open.clear();
    truncated = false;
  }
};

}  // namespace outcomes
