// Static types as data. Types are interned in a TypeTable, so a TypeId
// compares equal exactly when the types are the same.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace outcomes {

using TypeId = int32_t;

enum class TypeKind : uint8_t {
  Error,      // already reported; suppresses follow-on errors
  Bool,
  Verdict,    // met / not_met / unknown (Kleene)
  Int,
  Number,     // exact rational
  Percent,    // exact rational shown as a percentage
  Date,
  Duration,   // days or months (weeks and years are normalised)
  Window,     // a closed range of dates
  Term,
  Month,
  String,
  Enum,       // param = enum id
  Member,
  Event,      // param = event type id
  Scores,     // param = key enum id
  Strand,
  Indicator,
  List,       // elem
  Optional,   // elem: may be absent (absent compares false)
  Unknown,    // elem: may be unknown (comparisons give a Verdict)
};

struct TypeInfo {
  TypeKind kind;
  int32_t param = -1;
  TypeId elem = -1;
};

inline constexpr TypeId kErrorType = 0;

class TypeTable {
 public:
  TypeTable();
  TypeId intern(TypeKind kind, int32_t param = -1, TypeId elem = -1);
  const TypeInfo& info(TypeId t) const { return types_[t]; }
  TypeKind kind(TypeId t) const { return types_[t].kind; }

  TypeId error() const { return kErrorType; }
  TypeId boolean() const { return bool_; }
  TypeId verdict() const { return verdict_; }
  TypeId integer() const { return int_; }
  TypeId number() const { return number_; }
  TypeId percent() const { return percent_; }
  TypeId date() const { return date_; }
  TypeId duration() const { return duration_; }
  TypeId window() const { return window_; }
  TypeId term() const { return term_; }
  TypeId month() const { return month_; }
  TypeId string() const { return string_; }
  TypeId member() const { return member_; }
  TypeId strand() const { return strand_; }
  TypeId indicator() const { return indicator_; }
  TypeId list_of(TypeId elem) { return intern(TypeKind::List, -1, elem); }
  TypeId optional_of(TypeId elem);
  TypeId unknown_of(TypeId elem);
  TypeId enum_type(int enum_id) { return intern(TypeKind::Enum, enum_id); }
  TypeId event_type(int type_id) { return intern(TypeKind::Event, type_id); }

  // The type without an Optional / Unknown wrapper.
  TypeId base(TypeId t) const;
  bool is_numeric(TypeId t) const;  // Int, Number (not Percent)

 private:
  std::vector<TypeInfo> types_;
  TypeId bool_, verdict_, int_, number_, percent_, date_, duration_, window_, term_, month_, string_,
      member_, strand_, indicator_;
};

}  // namespace outcomes
