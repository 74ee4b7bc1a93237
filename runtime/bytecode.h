// The whole instruction set, one line each. A stack machine: operands are
// popped from the value stack and results pushed. Each instruction has an
// opcode and two immediates: `a` (32-bit) and `b` (16-bit).
//
// Values are two 64-bit words (see value.h). Bool and Verdict share one
// encoding: 0 = false / not_met, 1 = true / met, 2 = unknown. An absent
// optional value has kAbsent in its first word.
#pragma once
#include <cstdint>

namespace outcomes {

#define OUTCOMES_OPCODES(X)                                                                          \
  X(CONST, "push constants[a]")                                                                     \
  X(LOAD_LOCAL, "push locals[a]")                                                                   \
  X(STORE_LOCAL, "locals[a] = pop")                                                                 \
  X(POP, "drop the top value")                                                                      \
  X(LOAD_A, "push the assessment date A")                                                           \
  X(LOAD_C, "push the claim date C")                                                                \
  X(JUMP, "continue at a")                                                                          \
  X(JUMP_IF_FALSE, "pop; continue at a unless it is true / met (unknown jumps too)")                \
  X(AND_JUMP, "when the top is false / not_met continue at a (keeping it)")                        \
  X(OR_JUMP, "when the top is true / met continue at a (keeping it)")                              \
  X(AND3, "pop y, x; push x and y (Kleene)")                                                        \
  X(OR3, "pop y, x; push x or y (Kleene)")                                                          \
  X(NOT3, "pop x; push not x (Kleene: not unknown = unknown)")                                      \
  X(COLLAPSE, "pop x; push false when x is unknown, else x")                                        \
  X(ADD_INT, "pop y, x; push x + y (absent if either is absent; overflow is an error)")            \
  X(SUB_INT, "pop y, x; push x - y")                                                                \
  X(MUL_INT, "pop y, x; push x * y")                                                                \
  X(NEG_INT, "pop x; push -x")                                                                      \
  X(INT_TO_NUM, "pop x; push x / 1 as an exact number")                                             \
  X(ADD_NUM, "pop y, x; push x + y (exact)")                                                        \
  X(SUB_NUM, "pop y, x; push x - y (exact)")                                                        \
  X(MUL_NUM, "pop y, x; push x * y (exact)")                                                        \
  X(DIV_NUM, "pop y, x; push x / y (exact; division by zero is an error)")                         \
  X(NEG_NUM, "pop x; push -x")                                                                      \
  X(COMPARE, "pop y, x; push x OP y; a = operator, b = kind * 4 + absent rule (see CompareKind)")  \
  X(MAKE_DURATION, "pop n; push a duration of n * a units of b (0 days, 1 months)")                \
  X(DATE_ADD, "pop duration, date; push date + duration (months clamp to the month's end)")        \
  X(DATE_SUB, "pop duration, date; push date - duration")                                           \
  X(MAKE_WINDOW, "pop hi, lo; push the window; a = 1 when lo is excluded, b = 1 when hi is")       \
  X(IN_WINDOW, "pop window, date; push whether the date lies in it (absent date: false)")          \
  X(EVENTS, "push the list of the family's events of type a, in date order")                       \
  X(EVENTS_OF_MEMBER, "pop a member; push the list of its events of type a, in date order")         \
  X(MEMBERS, "push the list of the family's members")                                               \
  X(STRANDS, "push the list of the plan's strands")                                                 \
  X(INDICATORS, "push the list of the plan's indicators")                                           \
  X(ITER_START, "pop a list into locals[a]; locals[a+1] = first index; b = 1 to walk backwards")   \
  X(ITER_NEXT, "locals[b+2] = next element of locals[b], or continue at a when none is left")      \
  X(LIST_BEGIN, "start collecting a new list")                                                      \
  X(LIST_APPEND, "pop x; append it to the list being collected")                                    \
  X(LIST_FULL, "continue at a when the list being collected holds locals[b] elements or more")   \
  X(LIST_END, "push the collected list; a = 1: in the reverse of the order collected")             \
  X(LIST_LENGTH, "pop a list; push its length")                                                     \
  X(LIST_TAKE, "pop n, list; push its first n (a = 0) or last n (a = 1) elements")                 \
  X(EVENT_FIELD, "pop an event; push its field at slot a, read as field type b")                   \
  X(EVENT_MEMBER, "pop an event; push its member (absent when it names none)")                      \
  X(MEMBER_FIELD, "pop a member; push field a (0 role, 1 dob, 2 parenting)")                        \
  X(SCORE, "pop a domain, scores; push the score (absent when not scored)")                        \
  X(COALESCE, "pop y, x; push x unless it is absent, else y")                                       \
  X(IS_PRESENT, "pop x; push whether it is present")                                                \
  X(CALL, "call function a (its arguments are on the stack)")                                       \
  X(CALL_MEMO, "call function a, which takes no arguments, once per family")                        \
  X(NATIVE, "pop b arguments; push the result of built-in a (see Native)")                          \
  X(RETURN, "pop the result; end the call; push the result")                                        \
  X(STRAND_PRESENTING, "pop a strand; push whether it presents")                                    \
  X(STRAND_PROGRESS, "pop a strand; push its progress verdict")                                     \
  X(INDICATOR_PRESENTING, "pop an indicator; push whether it presents")                             \
  X(INDICATOR_PROGRESS, "pop an indicator; push its progress verdict (not_met when not presenting)") \
  X(ACTIVE_AT, "pop date, event; push start <= date <= end; a/b = start/end slots (absent: false)")  \
  X(OVERLAPS, "pop window, event; push whether [start, end] meets the window; a/b = start/end slots") \
  X(TRACE_ENTER, "traced programs: start a record for rule node a")                                \
  X(TRACE_EXIT, "traced programs: end the open record, its value the top of the stack")            \
  X(TRACE_MARK, "traced programs: a loop iteration starts; its records may be dropped")            \
  X(TRACE_DECIDE, "traced programs: keep or drop this iteration by the top value (mode b), "       \
                  "noting locals[a] as evidence when kept")                                          \
  X(TRACE_WINDOW, "traced programs: pop a window; note it on the open records")                    \
  X(INTERVAL_RUN, "pop window, list; push the longest unbroken run in days, a/b = start/end slots") \
  X(INTERVAL_COVER, "pop window, n, list; push the most days covered in any n-day span inside the " \
                    "window, a/b = start/end slots")

// Superinstructions: the compiler (compiler/superinstructions.cpp) rewrites
// the first instruction of a frequent sequence in untraced programs to one of
// these, which does the work of the whole sequence. The sequence's later
// instructions stay in the code, unchanged: the superinstruction reads their
// operands from there and continues after them. So a jump into the middle of
// a sequence, the debug locations and the disassembly all stay as they were.
// X(name, first, length, doc): `first` is the opcode it replaced, `length`
// the instructions it covers.
#define OUTCOMES_SUPERINSTRUCTIONS(X)                                                                       \
  X(LOCAL_FIELD, LOAD_LOCAL, 2, "LOAD_LOCAL; EVENT_FIELD (scalar or number read)")                         \
  X(LOCAL_LOCAL, LOAD_LOCAL, 2, "LOAD_LOCAL; LOAD_LOCAL")                                                  \
  X(LOCAL_RETURN, LOAD_LOCAL, 2, "LOAD_LOCAL; RETURN")                                                     \
  X(LOCAL_COMPARE, LOAD_LOCAL, 2, "LOAD_LOCAL; COMPARE")                                                   \
  X(LOCAL_COMPARE_AND_JUMP, LOAD_LOCAL, 3, "LOAD_LOCAL; COMPARE; AND_JUMP")                                \
  X(CONST_COMPARE, CONST, 2, "CONST; COMPARE")                                                             \
  X(CONST_COMPARE_AND_JUMP, CONST, 3, "CONST; COMPARE; AND_JUMP")                                          \
  X(CONST_STORE, CONST, 2, "CONST; STORE_LOCAL")                                                           \
  X(COMPARE_AND_JUMP, COMPARE, 2, "COMPARE; AND_JUMP")                                                     \
  X(COLLAPSE_RETURN, COLLAPSE, 2, "COLLAPSE; RETURN")                                                      \
  X(ITER_NEXT_LOCAL, ITER_NEXT, 2, "ITER_NEXT; LOAD_LOCAL (when the loop goes on)")                       \
  X(EVENTS_ITER_START, EVENTS, 2, "EVENTS; ITER_START (the list goes straight to the loop's locals)")

enum class Op : uint8_t {
#define X(name, doc) name,
  OUTCOMES_OPCODES(X)
#undef X
#define X(name, first, length, doc) name,
  OUTCOMES_SUPERINSTRUCTIONS(X)
#undef X
};

const char* op_name(Op op);
const char* op_doc(Op op);
// A superinstruction's first opcode (the one it replaced); any other opcode itself.
Op unfused(Op op);
// How many instructions a superinstruction covers; 1 for any other.
int fused_length(Op op);

// COMPARE's b: kind * 4 + absent rule.
enum class CompareKind : uint8_t { Scalar = 0, Number = 1 };
enum class AbsentRule : uint8_t { Never = 0, False = 1, Unknown = 2 };
enum class CompareOp : uint8_t { Eq, Ne, Lt, Le, Gt, Ge };

// EVENT_FIELD's b.
enum class FieldRead : uint8_t { Scalar = 0, Number = 1, Scores = 2 };

#define OUTCOMES_NATIVES(X)                                                    \
  X(AGE, 2, "age(member, date): completed years")                              \
  X(YEAR_OF, 1, "year_of(date)")                                               \
  X(MONTH_OF, 1, "month_of(date): 1 to 12")                                    \
  X(DAY_OF, 1, "day_of(date)")                                                 \
  X(WEEKDAY_OF, 1, "weekday_of(date): 0 Monday to 6 Sunday")                   \
  X(MAKE_DATE, 3, "date(year, month, day), the day clamped to the month's end") \
  X(MIN_SCALAR, 2, "min(x, y) of dates or whole numbers")                      \
  X(MAX_SCALAR, 2, "max(x, y) of dates or whole numbers")                      \
  X(MEAN_SCORE, 1, "mean(scores): the mean over the domains scored")           \
  X(COUNT_SCORED, 1, "count_scored(scores)")                                   \
  X(PERCENT, 2, "percent(part, whole): unknown when whole is 0")               \
  X(TERM_START, 1, "term_start(term)")                                         \
  X(TERM_END, 1, "term_end(term)")                                             \
  X(MONTH_START, 1, "month_start(month)")                                      \
  X(MONTH_OF_DATE, 1, "calendar_month(date): the month holding a date")

enum class Native : uint8_t {
#define X(name, arity, doc) name,
  OUTCOMES_NATIVES(X)
#undef X
};

struct Instruction {
  Op op;
  uint8_t unused = 0;
  uint16_t b = 0;
  int32_t a = 0;
};

}  // namespace outcomes
