// The code generator's shared state (codegen.cpp: functions and items;
// gen_expr.cpp: expressions). Not part of the compiler's interface.
#pragma once
#include <memory>
#include <vector>

#include "compiler/codegen.h"

namespace outcomes::codegen {

class Generator {
 public:
  Generator(const Semantics& sem, const SourceSet& sources, bool trace) : sem_(sem), sources_(sources), trace_(trace) {}
  std::unique_ptr<Program> run(const std::vector<const Module*>& modules);

 private:
  // codegen.cpp
  int emit(Op op, int32_t a = 0, uint16_t b = 0);
  void patch(int at);  // the jump at `at` continues here
  int here() const { return static_cast<int>(program_.code.size()); }
  int constant(Value v);
  void emit_const(Value v);
  Value fold(const Expr& e) const;
  static std::pair<int64_t, int> duration_unit(DurationUnit u);
  int begin_function(std::string name, int arity, int locals);
  void end_function(int index);
  int body_function(std::string name, const Expr& body, bool collapse, int arity = 0);
  int frame_size(const Expr& body) const;
  OutputKind output_kind(TypeId t, int* enum_id) const;

  // gen_expr.cpp
  void expr(const Expr& e);  // with TRACE_ENTER / TRACE_EXIT around nodes worth explaining
  void emit_expr(const Expr& e);
  void convert(TypeId from, TypeId to);
  void name(const Expr& e);
  void field(const Expr& e);
  void call(const Expr& e);
  void binary(const Expr& e);
  void comparison(const Expr& e);
  void arithmetic(const Expr& e);
  void membership(const Expr& e);
  void quantifier(const Expr& e);
  const Expr* member_of_filter(const Expr& quantifier) const;
  void read_field(int event_type, int field);
  std::pair<int, int> interval_slots(int event_type) const;
  bool is_number(TypeId t) const;

  // gen_trace.cpp
  bool worth_tracing(const Expr& e) const;
  int trace_node(const Expr& e);
  TraceValueKind value_kind(TypeId t, int* enum_id) const;
  void trace_loop_windows(const Expr& quantifier);
  bool depends_on_slot(const Expr& e, int slot) const;

  const Semantics& sem_;
  const SourceSet& sources_;
  Program program_;
  Span span_;
  std::vector<int> def_functions_;
  bool trace_ = false;
  // A conjunct that the code around it has made true (a quantifier walking
  // one member's events drops its `member == m` test): `and` skips it.
  const Expr* known_true_ = nullptr;
};

}  // namespace outcomes::codegen
