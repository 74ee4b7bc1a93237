// The three-valued logic and the comparisons that the VM, the native event
// checks and the evaluation loop all share, so they cannot drift apart.
// Bool and Verdict values: 0 false / not met, 1 true / met, 2 unknown.
#pragma once

#include <cstdint>

#include "runtime/bytecode.h"

namespace outcomes {

// Kleene's and: false wins, then unknown.
inline uint8_t and3(int64_t x, int64_t y) {
  if (x == 0 || y == 0) return 0;
  if (x == 2 || y == 2) return 2;
  return 1;
}

// Kleene's or: true wins, then unknown.
inline uint8_t or3(int64_t x, int64_t y) {
  if (x == 1 || y == 1) return 1;
  if (x == 2 || y == 2) return 2;
  return 0;
}

// x OP y, for whole numbers and dates (int64_t) or cross-multiplied exact
// numbers (__int128).
template <class T>
bool compare_by(CompareOp op, T x, T y) {
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

}  // namespace outcomes
