// Type names, assignability and unification for the checker.
#include <fmt/format.h>

#include "compiler/checker_internal.h"

namespace outcomes::checker {

std::string Checker::type_name(TypeId t) const {
  const TypeInfo& i = types_.info(t);
  switch (i.kind) {
    case TypeKind::Error: return "an error";
    case TypeKind::Bool: return "true/false";
    case TypeKind::Verdict: return "a verdict (met / not_met / unknown)";
    case TypeKind::Int: return "a whole number";
    case TypeKind::Number: return "a number";
    case TypeKind::Percent: return "a percentage";
    case TypeKind::Date: return "a date";
    case TypeKind::Duration: return "a duration";
    case TypeKind::Window: return "a window of dates";
    case TypeKind::Term: return "a school term";
    case TypeKind::Month: return "a month";
    case TypeKind::String: return "a text";
    case TypeKind::Enum: return fmt::format("a {} value", sem_.schema.enums[i.param].name);
    case TypeKind::Member: return "a member";
    case TypeKind::Event: return fmt::format("a `{}` event", sem_.schema.types[i.param].name);
    case TypeKind::Scores: return "Star scores";
    case TypeKind::Strand: return "a strand";
    case TypeKind::Indicator: return "an indicator";
    case TypeKind::List: return fmt::format("a list of ({})", type_name(i.elem));
    case TypeKind::Optional: return fmt::format("{} that may be absent", type_name(i.elem));
    case TypeKind::Unknown: return fmt::format("{} that may be unknown", type_name(i.elem));
  }
  return "?";
}

bool Checker::is_logical(TypeId t) const {
  TypeKind k = types_.kind(t);
  return k == TypeKind::Bool || k == TypeKind::Verdict;
}

bool Checker::assignable(TypeId from, TypeId to) const {
  if (from == to || from == kErrorType || to == kErrorType) return true;
  TypeKind f = types_.kind(from), t = types_.kind(to);
  if (f == TypeKind::Int && t == TypeKind::Number) return true;
  if (f == TypeKind::Bool && t == TypeKind::Verdict) return true;
  if (t == TypeKind::Optional) return assignable(from, types_.info(to).elem) && f != TypeKind::Unknown;
  if (t == TypeKind::Unknown) {
    TypeId base = f == TypeKind::Optional ? types_.info(from).elem : from;
    return assignable(base, types_.info(to).elem);
  }
  return false;
}

// The type both branches of an `if` fit, or kErrorType.
TypeId Checker::unify(TypeId x, TypeId y) const {
  if (assignable(x, y)) return y;
  if (assignable(y, x)) return x;
  return kErrorType;
}

int Checker::event_type_of(TypeId t) const {
  TypeId b = types_.base(t);
  return types_.kind(b) == TypeKind::Event ? types_.info(b).param : -1;
}

int Checker::interval_type_of(TypeId t) const {
  int et = event_type_of(t);
  if (et < 0) return -1;
  const EventTypeDef& def = sem_.schema.types[et];
  int s = def.field_index("start"), e = def.field_index("end");
  if (s < 0 || e < 0 || def.fields[s].type != FieldType::Date || def.fields[e].type != FieldType::Date) return -1;
  return et;
}

std::vector<std::string> Checker::visible_names() const {
  std::vector<std::string> names;
  for (const Local& l : locals_) names.push_back(l.name);
  for (const auto& [name, ref] : sem_.globals) names.push_back(name);
  for (const Local& l : locals_) {
    int et = event_type_of(l.type);
    if (l.implicit && et >= 0)
      for (const FieldDef& f : sem_.schema.types[et].fields) names.push_back(f.name);
  }
  for (const EnumDef& e : sem_.schema.enums)
    for (const std::string& v : e.values) names.push_back(v);
  for (const char* b : {"A", "C", "members", "strands", "indicators", "member"}) names.push_back(b);
  return names;
}

}  // namespace outcomes::checker
