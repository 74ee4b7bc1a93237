// An event check of the schema ("check end >= start: ...") answered straight
// from the event's slots, without entering the VM.
//
// Why: the loader runs a check for nearly every event it reads, and a VM
// entry (set up the family, a frame, the interpreter loop) cost about 500
// instructions for a check whose work is one comparison: a fifth of all the
// time spent parsing (docs/performance.md).
//
// How: the check's compiled function is read back into a small expression
// tree, instruction by instruction, with the VM's own semantics for each
// (absent values, Kleene logic, exact numbers). Only a short list of
// instructions is understood: event fields, constants, comparisons, whole
// number arithmetic, present / not / and / or and count_scored. A function
// using anything else is not recognised, and its check stays on the VM. An
// evaluation that would fail in the VM (an overflow) answers AskVm, and the
// VM runs it and reports the failure as before; so every answer and every
// message is the VM's.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "runtime/bytecode.h"
#include "runtime/program.h"
#include "runtime/timeline.h"

namespace outcomes {

class NativeCheck {
 public:
  enum class Answer : uint8_t { Holds, Fails, AskVm };

  // The check `function` (one argument, an event of `type`) as a tree, or
  // nullopt when it uses an instruction or a shape this does not follow.
  static std::optional<NativeCheck> recognise(const Program& program, int function, const EventTypeDef& type);

  // As Vm::run_check(function, family, event) == true, or AskVm.
  Answer evaluate(const Family& family, uint32_t event) const {
    const int64_t* const slots = family.slots.data() + family.events[event].slot;
    if (clause_count_ > 0) return evaluate_clauses(slots);
    Value result;
    if (!eval(root_, slots, result)) return Answer::AskVm;
    return result.a == 1 ? Answer::Holds : Answer::Fails;
  }

  // evaluate() without the flat form (the tree alone), and whether there is
  // one; for tests, which hold both to the VM.
  Answer evaluate_tree(const Family& family, uint32_t event) const {
    Value result;
    if (!eval(root_, family.slots.data() + family.events[event].slot, result)) return Answer::AskVm;
    return result.a == 1 ? Answer::Holds : Answer::Fails;
  }
  bool flat() const { return clause_count_ > 0; }

  // The tree in words, one node per instruction read ("compare >= (field 1, field 0)"); for tests.
  std::string describe() const;

 private:
  enum class Kind : uint8_t {
    FieldScalar,  // EVENT_FIELD read Scalar: {slot, 0}
    FieldNumber,  // EVENT_FIELD read Number: {numerator, denominator}, absent when the slot is
    CountScored,  // EVENT_FIELD read Scores, then NATIVE COUNT_SCORED: the domains scored
    Constant,     // CONST
    Arithmetic,   // ADD_INT / SUB_INT / MUL_INT (op: 0 add, 1 subtract, 2 multiply)
    IntToNumber,  // INT_TO_NUM
    Compare,      // COMPARE (op, kind, rule)
    Present,      // IS_PRESENT
    Not,          // NOT3
    And,          // AND3: both sides always evaluated
    Or,           // OR3
    Collapse,     // COLLAPSE
    JoinAnd,      // AND_JUMP: left when it is false, else right (the code that followed)
    JoinOr,       // OR_JUMP: left when it is true, else right
  };
  struct Node {
    Kind kind{};
    uint8_t op = 0, compare_kind = 0, absent_rule = 0;
    int16_t left = -1, right = -1;
    int32_t slot = 0, width = 0;  // fields: slot offset in the event, and (Scores) domains
    Value constant{};
  };
  static constexpr int kMaxNodes = 32;

  // False when the VM would fail here (an overflow): the caller asks the VM.
  bool eval(int node, const int64_t* slots, Value& out) const;

  // The flat form of the usual checks: `A` or `A or B`, where each clause is
  // a comparison of scalars (a field, a constant, count_scored, or two of
  // those added, subtracted or multiplied), present(x) or not present(x).
  // Every check of the schema has it, and it is answered with no tree walk
  // (native_check_clauses.cpp). The tree stays the reference.
  struct Term {
    enum class Kind : uint8_t { Field, Constant, CountScored, Arithmetic } kind{};
    uint8_t op = 0;  // Arithmetic: 0 add, 1 subtract, 2 multiply
    bool left_constant = false, right_constant = false;  // Arithmetic's sides (else fields)
    int32_t slot = 0, width = 0, right_slot = 0;  // Field and the left side's slot; CountScored's domains
    int64_t value = 0, right_value = 0;           // Constant and the left side's value
  };
  struct Clause {
    enum class Kind : uint8_t { Compare, Present, NotPresent } kind{};
    CompareOp op{};
    AbsentRule rule{};
    Term left, right;  // Present and NotPresent: left only, a Field or a Constant
  };
  bool find_clauses();
  bool term_of(int node, Term& term) const;
  bool clause_of(int node, Clause& clause) const;
  Answer evaluate_clauses(const int64_t* slots) const;

  std::array<Clause, 2> clauses_{};
  int clause_count_ = 0;
  std::array<Node, kMaxNodes> nodes_{};
  int count_ = 0;
  int root_ = -1;
  friend class NativeCheckReader;
};

}  // namespace outcomes
