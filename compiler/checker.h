// Name resolution and type checking. Reads the parsed modules of one plan
// (stdlib modules first, the plan last), annotates their expressions with
// types and resolutions, and builds the schema. It never generates code.
#pragma once
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "compiler/ast.h"
#include "compiler/diagnostics.h"
#include "compiler/types.h"
#include "runtime/program.h"
#include "runtime/schema.h"

namespace outcomes {

// The longest chain of definitions, each using the next, that a plan may
// have (E0380). Each link is one call at run time, and the VM runs at most
// 256 nested calls; checking a chain also recurses once per link.
inline constexpr int kMaxDefinitionDepth = 200;

struct DefInfo {
  std::string name;
  const DefDecl* decl = nullptr;     // null for results used as definitions
  const ResultDecl* result = nullptr;
  const Expr* body = nullptr;
  std::vector<TypeId> param_types;
  TypeId type = kErrorType;
  int frame_size = 0;
  bool reads_outcomes = false;  // calls presenting() / progress(), directly or through a definition
  int depth = 0;                // the longest chain of definitions it uses, itself included
  enum class State { Unchecked, Checking, Done } state = State::Unchecked;
};

struct ParamInfo {
  const ParamDecl* decl = nullptr;
  TypeId type = kErrorType;
  Value value;  // parameters are constants, folded when checked
};

struct SymbolRef {
  enum class Kind { Param, Def, EnumType, EventType, Strand } kind;
  int index;
  Span span;
};

// What the code generator needs besides the annotated syntax trees.
struct Semantics {
  TypeTable types;
  Schema schema;
  std::vector<DefInfo> defs;
  std::vector<ParamInfo> params;
  std::map<std::string, SymbolRef> globals;
  std::vector<const StrandDecl*> strands;
  std::vector<const ResultDecl*> results;
  std::vector<const ClaimDecl*> claims;
  std::vector<int> result_defs;  // results[i] is defs[result_defs[i]]
  const PlanHeader* plan = nullptr;
  std::unordered_map<const Expr*, int> frame_sizes;  // root expressions of bodies
  int role_enum = -1;
  int claim_verdict_enum = -1;
  // Event checks: for each schema type, its check conditions and their frame sizes.
  std::vector<std::vector<const EventCheckDecl*>> checks;
};

// Checks `modules` in order (dependencies first). Returns false on errors.
bool check_modules(const std::vector<const Module*>& modules, Semantics& out, Diagnostics& diags);

}  // namespace outcomes
