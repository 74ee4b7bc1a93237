// The checker's shared state, used by checker.cpp (items, schema) and
// check_expr.cpp (expressions). Not part of the compiler's interface.
#pragma once
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "compiler/checker.h"

namespace outcomes::checker {

struct Local {
  std::string name;
  TypeId type;
  int slot;
  bool implicit;  // the element of a quantifier written without "x in"
};

class Checker {
 public:
  Checker(Semantics& sem, Diagnostics& diags) : sem_(sem), types_(sem.types), diags_(diags) {}
  bool run(const std::vector<const Module*>& modules);

  // Expressions (check_expr.cpp). `expected` guides enum values and literals.
  TypeId check(Expr& e, TypeId expected = -1);

 private:
  // Items (checker.cpp)
  void declare_builtin_enums();
  void declare_module(const Module& m);
  void declare(const std::string& name, SymbolRef ref);
  void declare_enum(const EnumDecl& e);
  void declare_event(const EventDecl& e);
  void check_param(ParamInfo& p);
  void check_def(int index);
  void report_chain_too_deep(const DefInfo& d);
  void check_event_checks(const EventDecl& decl, int type_index);
  void check_unique(const UniqueDecl& u, EventTypeDef& type);
  void check_strands();
  void check_results();
  TypeId resolve_type(const TypeExpr& t);
  int begin_body(std::vector<TypeId> params = {}, std::vector<std::string> names = {});
  int end_body(const Expr* root);
  TypeId check_condition(Expr& e, const char* what);

  // Expressions (check_expr.cpp)
  TypeId check_name(Expr& e, TypeId expected);
  TypeId check_field(Expr& e);
  TypeId check_index(Expr& e);
  TypeId check_call(Expr& e);
  TypeId check_native(Expr& e, int native, const std::vector<TypeId>& args);
  TypeId check_unary(Expr& e);
  TypeId check_binary(Expr& e, TypeId expected);
  TypeId check_logic(Expr& e);
  TypeId check_comparison(Expr& e);
  TypeId check_arithmetic(Expr& e);
  TypeId check_in(Expr& e);
  TypeId check_coalesce(Expr& e);
  TypeId check_duration(Expr& e);
  TypeId check_window(Expr& e);
  TypeId check_quantifier(Expr& e);
  TypeId check_if(Expr& e, TypeId expected);
  TypeId check_let(Expr& e, TypeId expected);
  TypeId check_interval_test(Expr& e);
  TypeId source_type(Expr& source);
  std::optional<TypeId> field_type(TypeId object, const std::string& field, int* event_type, int* field_index);
  std::vector<std::string> visible_names() const;

 public:
  // Type helpers
  std::string type_name(TypeId t) const;
  bool assignable(TypeId from, TypeId to) const;
  TypeId unify(TypeId x, TypeId y) const;
  bool is_logical(TypeId t) const;
  int interval_type_of(TypeId t) const;  // event type id when t is an interval event (or optional), else -1
  void error_type(Span s, const std::string& code, const std::string& message, const std::string& help = {});

  Semantics& sem_;
  TypeTable& types_;
  Diagnostics& diags_;
  std::vector<Local> locals_;
  // Set while a body is checked: becomes true when it reads presenting() /
  // progress(), which indicator conditions cannot (they are worked out first).
  bool* reads_outcomes_ = nullptr;
  void note_reads_outcomes() {
    if (reads_outcomes_) *reads_outcomes_ = true;
  }
  // Set while a definition is checked: the deepest definition its body uses.
  int* callee_depth_ = nullptr;
  void note_callee(int def) {
    if (callee_depth_) *callee_depth_ = std::max(*callee_depth_, sem_.defs[def].depth);
  }
  int def_nesting_ = 0;  // definitions being checked, one inside another
  bool reported_deep_chain_ = false;
  int next_slot_ = 0;
  int max_slot_ = 0;
  int allocate_slots(int n);
  int event_type_of(TypeId t) const;  // event type id of Event / Optional<Event>, else -1
};

}  // namespace outcomes::checker
