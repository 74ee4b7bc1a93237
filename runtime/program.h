// A compiled plan: bytecode, constants, functions, debug locations and the
// plan's structure (strands, indicators with their wording, results, claims).
// This is everything the VM sees; it never sees rule text.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "runtime/bytecode.h"
#include "runtime/schema.h"

namespace outcomes {

struct Value {
  int64_t a = 0;
  int64_t b = 0;
};

// Where an instruction came from, for disassembly and explanations.
struct DebugLocation {
  uint32_t file = 0;
  uint32_t begin = 0, end = 0;
  int line = 0;
};

struct FunctionInfo {
  std::string name;
  uint32_t entry = 0;
  uint32_t end = 0;
  uint16_t arity = 0;
  uint16_t locals = 0;
  int memo = -1;  // memo slot for definitions without parameters
  // A definition with 1 to kMaxCachedArguments parameters whose body is
  // worth more than a lookup: the VM keeps its results per family, by
  // argument values (rules have no side effects, so a call's result depends
  // only on the family, A, C and its arguments).
  bool cached = false;
};

inline constexpr int kMaxCachedArguments = 3;

// A rule node that a traced program reports on (see trace.h).
enum class TraceNodeKind : uint8_t { And, Or, Not, Compare, Quantifier, Call, Definition, In, Interval, If, Other };
enum class TraceValueKind : uint8_t { Bool, Verdict, Int, Number, Percent, Date, Enum, List, Event, Member, Other };

struct TraceNode {
  TraceNodeKind kind = TraceNodeKind::Other;
  TraceValueKind value_kind = TraceValueKind::Other;
  int enum_id = -1;          // Enum values
  TraceValueKind element_kind = TraceValueKind::Other;  // quantifiers: Event or Member elements
  DebugLocation where;       // the rule text it came from
  std::string label;         // a quantifier's word, a call's name
};

// How a result is written in outputs.
enum class OutputKind : uint8_t { Bool, Int, Number, Percent, Date, Verdict, Enum };

struct ClaimConditionInfo {
  std::string name;
  std::string wording;
  int function = -1;
};

struct ResultInfo {
  std::string name;
  std::string title;
  OutputKind kind = OutputKind::Bool;
  int enum_id = -1;  // Enum results: which enumeration
  int function = -1; // plain results
  bool is_claim = false;
  std::vector<ClaimConditionInfo> conditions;  // claims: all must hold (Kleene and)
  std::optional<ClaimConditionInfo> discretion;
};

struct IndicatorInfo {
  std::string id;
  int strand = -1;
  std::string issue, progress, sources;  // the plan's own wording
  int presents_function = -1;
  int progress_function = -1;
};

struct StrandInfo {
  std::string id;
  std::string title;
  std::vector<int> indicators;
};

// Names of the claim verdict values, in encoding order.
inline constexpr const char* kClaimVerdictNames[] = {"valid", "valid_discretionary", "invalid",
                                                     "insufficient_data"};
enum class ClaimVerdict : uint8_t { Valid, ValidDiscretionary, Invalid, InsufficientData };

struct Program {
  std::string plan_id, title, version, source_document;
  Schema schema;
  std::vector<Instruction> code;
  std::vector<DebugLocation> debug;  // parallel to code
  std::vector<Value> constants;
  std::vector<FunctionInfo> functions;
  std::vector<IndicatorInfo> indicators;
  std::vector<StrandInfo> strands;
  std::vector<ResultInfo> results;
  std::vector<std::string> source_paths;  // DebugLocation::file indexes this
  std::vector<int> check_functions;       // per event check, in schema order (flattened)
  int memo_count = 0;
  uint64_t serial = 0;  // unique per compiled program in this process
  bool traced = false;                    // compiled with TRACE_* instructions
  std::vector<TraceNode> trace_nodes;
  int claim_verdict_enum = -1;

  int indicator_index(std::string_view id) const;
  int strand_index(std::string_view id) const;
  int result_index(std::string_view name) const;
};

}  // namespace outcomes
