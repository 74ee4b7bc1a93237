// herts-2018 written once in plain C++ over the in-memory timeline model, with
// no VM: the baseline the bytecode VM is measured against (bench/, and
// docs/performance.md). It follows the same rules as plans/herts-2018.plan
// (spec timeline-v1 sections 2, 6 and 7) and fills the same Evaluation the VM
// does, so the two can be compared family by family (bench/native_agrees.cpp).
//
// Schema type, field and enum indexes, and the plan's indicator, strand,
// result and claim-condition positions, are resolved by name once, from the
// compiled plan. Evaluation is single-threaded and allocates nothing once its
// scratch space has grown to the largest family seen.
#pragma once
#include <memory>

#include "runtime/program.h"
#include "runtime/timeline.h"
#include "runtime/vm.h"

namespace outcomes::bench {

class NativeHerts2018 {
 public:
  // `program` is plans/herts-2018.plan compiled; it must outlive this object.
  // Throws std::invalid_argument when the plan or schema lacks something the
  // native rules name (an indicator, event type, field or enum value).
  explicit NativeHerts2018(const Program& program);
  ~NativeHerts2018();
  NativeHerts2018(const NativeHerts2018&) = delete;
  NativeHerts2018& operator=(const NativeHerts2018&) = delete;

  // Evaluates every indicator, strand, result and claim condition of
  // herts-2018 for one family at the claim date `as_of` (the family's
  // assessment date must be on or before it, as `outcomes run` ensures).
  void evaluate(const Family& family, Date as_of, Evaluation& out);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace outcomes::bench
