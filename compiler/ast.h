// The syntax tree of a rule file, as the parser builds it. The checker fills
// in `type` (and resolution fields) on expressions; nothing else changes it.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/source.h"
#include "compiler/types.h"

namespace outcomes {

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

enum class ExprKind {
  IntLit, DecimalLit, PercentLit, DateLit, TermLit, MonthLit, StringLit, BoolLit, UnknownLit,
  Name,        // a bare name: local, parameter, definition, enum value, event type, field of `it`
  Field,       // object.name   (also Enum.value)
  Index,       // object[key]   (Star scores by domain)
  Call,        // name(args)
  Unary,       // not x, -x
  Binary,      // arithmetic, comparison, and/or, in, ??
  Duration,    // 12 months: operand and unit
  Window,      // (lo, hi]  [lo, hi] ...
  LastWindow,  // last 12 months before D  == (D - 12 months, D]
  Quantifier,  // any/no/count/sum/every/some/each/latest/earliest/first/last
  If,
  Let,
  SetLit,      // {a, b, c}
  ActiveAt,    // e active at D
  Overlaps,    // e overlaps W
};

enum class UnaryOp { Not, Negate };
enum class BinaryOp { Add, Sub, Mul, Div, Eq, Ne, Lt, Le, Gt, Ge, And, Or, In, Coalesce };
enum class DurationUnit { Days, Weeks, Months, Years };
enum class QuantKind { Any, No, Count, Sum, Every, Some, Each, Latest, Earliest, First, Last };

const char* binary_op_text(BinaryOp op);
const char* quant_text(QuantKind q);

// What a name or field resolved to (filled by the checker).
enum class Resolution {
  Unresolved, Local, Param, Definition, Parameter, EnumValue, EventType, ImplicitField,
  Builtin, Strand, VerdictValue,
};

struct Expr {
  ExprKind kind;
  Span span;
  TypeId type = kErrorType;

  std::string name;             // Name, Field, Call, Quantifier binder, Let binder
  std::string text;             // literal text
  int64_t int_value = 0;        // IntLit, DateLit (days), TermLit, MonthLit, BoolLit
  int64_t num = 0, den = 1;     // DecimalLit, PercentLit (as a fraction of 1)
  UnaryOp unary_op = UnaryOp::Not;
  BinaryOp binary_op = BinaryOp::Add;
  DurationUnit unit = DurationUnit::Days;
  QuantKind quant = QuantKind::Any;
  bool lo_open = false, hi_open = false;  // Window bounds
  bool implicit_binder = false;           // quantifier without "x in"

  ExprPtr a, b, c;              // operands: Unary a; Binary a b; If a b c; Let a(value) b(body)
  // Quantifier: a = source, b = filter (may be null), c = body (sum / every / some), d = count (first/last)
  ExprPtr d;
  std::vector<ExprPtr> args;    // Call, SetLit

  // Resolution (checker)
  Resolution resolution = Resolution::Unresolved;
  int ref = -1;                 // local slot, definition index, enum id, event type, strand...
  int ref2 = -1;                // enum value index, field index ...
  int object_event_type = -1;   // Field: the event type of the object, for ImplicitField / Field
  int binder_slot = -1;         // Quantifier / Let: local slot of the bound name

  Expr(ExprKind k, Span s) : kind(k), span(s) {}
};

struct TypeExpr {
  Span span;
  std::string name;               // Bool, Int, List, an enum or event type ...
  std::vector<TypeExpr> args;     // List of T
  bool optional = false;          // T?
  bool or_unknown = false;        // T or unknown
};

struct ParamDecl {
  std::string name;
  Span span;
  ExprPtr value;
  std::string description;
  bool is_override = false;
};

struct DefParam {
  std::string name;
  Span span;
  TypeExpr type;
};

struct DefDecl {
  std::string name;
  Span span;
  std::vector<DefParam> params;
  std::optional<TypeExpr> return_type;
  ExprPtr body;
  std::string description;
  bool is_override = false;
};

struct EnumDecl {
  std::string name;
  Span span;
  std::vector<std::pair<std::string, Span>> values;
};

struct FieldDecl {
  std::string name;
  Span span;
  TypeExpr type;          // Date, Int, Number, Bool, Term, Month, an enum, Scores (args[0] = key enum)
  bool open_end = false;  // "Date or open"
  bool optional = false;
  ExprPtr default_value;
  std::optional<std::pair<int64_t, int64_t>> range;
};

struct EventCheckDecl {
  ExprPtr condition;
  std::string message;
  std::string field;  // first field the condition names, for messages
  Span span;
};

struct UniqueDecl {
  std::vector<std::pair<std::string, Span>> fields;  // "member" allowed
  std::string message;
  Span span;
};

enum class MemberRuleDecl { None, Required, Optional };

struct EventDecl {
  std::string name;
  Span span;
  MemberRuleDecl member = MemberRuleDecl::None;
  std::vector<FieldDecl> fields;
  std::vector<EventCheckDecl> checks;
  std::vector<UniqueDecl> uniques;
};

struct IndicatorDecl {
  std::string id;
  Span span;
  std::string issue;     // the plan's presenting-issue wording
  std::string progress;  // the plan's progress wording
  std::string sources;   // the plan's sources of information
  ExprPtr presents;
  ExprPtr progress_condition;
};

struct StrandDecl {
  std::string id;
  Span span;
  std::string title;
  std::vector<IndicatorDecl> indicators;
};

struct ResultDecl {
  std::string name;
  Span span;
  std::string title;
  std::optional<TypeExpr> type;
  ExprPtr value;
};

struct ClaimCondition {
  std::string name;
  Span span;
  std::string wording;
  ExprPtr condition;
};

struct ClaimDecl {
  std::string name;
  Span span;
  std::string title;
  std::vector<ClaimCondition> conditions;
  std::optional<ClaimCondition> discretion;
};

// A plan test: a fixture family written in rule syntax, an as-of date and
// the verdicts expected.
enum class FixtureValueKind { Text, Number, Bool, Null, Scores };

struct FixtureValue {
  Span span;
  FixtureValueKind kind = FixtureValueKind::Text;
  std::string text;
  std::vector<std::pair<std::string, int64_t>> scores;  // Scores literal
};

struct FixtureEvent {
  std::string type;
  Span span;
  std::string member;  // empty when none
  std::vector<std::pair<std::string, FixtureValue>> fields;
};

struct FixtureMember {
  std::string id;
  Span span;
  std::string role;
  std::string dob;
  bool parenting = false;
};

enum class ExpectKind { Indicator, Strand, Result, Rejected, Skipped };

struct Expectation {
  ExpectKind kind;
  Span span;
  std::string target;       // indicator id, strand id or result name
  bool presenting = false;  // Indicator / Strand
  std::optional<std::string> progress;  // met / not_met / unknown
  std::string value;        // Result value, or Rejected message fragment
};

struct TestDecl {
  std::string name;
  Span span;
  std::string as_of;
  std::string assessed;
  std::string family_id;
  std::vector<FixtureMember> members;
  std::vector<FixtureEvent> events;
  std::vector<Expectation> expectations;
};

struct ImportDecl {
  std::string module;  // a stdlib module name, or a path for imported plans
  bool is_path = false;
  Span span;
};

struct PlanHeader {
  std::string id;
  Span span;
  std::string title, version, source;
};

// One parsed file: a plan, a stdlib module or a test file.
struct Module {
  uint32_t file = 0;
  std::optional<PlanHeader> plan;
  std::string module_name;
  std::vector<ImportDecl> imports;
  std::vector<ParamDecl> params;
  std::vector<DefDecl> defs;
  std::vector<EnumDecl> enums;
  std::vector<EventDecl> events;
  std::vector<StrandDecl> strands;
  std::vector<ResultDecl> results;
  std::vector<ClaimDecl> claims;
  std::vector<TestDecl> tests;
};

}  // namespace outcomes
