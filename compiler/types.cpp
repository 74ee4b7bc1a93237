#include "compiler/types.h"

namespace outcomes {

TypeTable::TypeTable() {
  types_.push_back({TypeKind::Error});
  bool_ = intern(TypeKind::Bool);
  verdict_ = intern(TypeKind::Verdict);
  int_ = intern(TypeKind::Int);
  number_ = intern(TypeKind::Number);
  percent_ = intern(TypeKind::Percent);
  date_ = intern(TypeKind::Date);
  duration_ = intern(TypeKind::Duration);
  window_ = intern(TypeKind::Window);
  term_ = intern(TypeKind::Term);
  month_ = intern(TypeKind::Month);
  string_ = intern(TypeKind::String);
  member_ = intern(TypeKind::Member);
  strand_ = intern(TypeKind::Strand);
  indicator_ = intern(TypeKind::Indicator);
}

TypeId TypeTable::intern(TypeKind kind, int32_t param, TypeId elem) {
  for (size_t i = 0; i < types_.size(); ++i) {
    const TypeInfo& t = types_[i];
    if (t.kind == kind && t.param == param && t.elem == elem) return static_cast<TypeId>(i);
  }
  types_.push_back({kind, param, elem});
  return static_cast<TypeId>(types_.size() - 1);
}

TypeId TypeTable::optional_of(TypeId elem) {
  if (elem == kErrorType) return elem;
  TypeKind k = kind(elem);
  if (k == TypeKind::Optional || k == TypeKind::Unknown) return elem;
  return intern(TypeKind::Optional, -1, elem);
}

TypeId TypeTable::unknown_of(TypeId elem) {
  if (elem == kErrorType) return elem;
  TypeKind k = kind(elem);
  if (k == TypeKind::Unknown) return elem;
  if (k == TypeKind::Optional) elem = info(elem).elem;
  return intern(TypeKind::Unknown, -1, elem);
}

TypeId TypeTable::base(TypeId t) const {
  TypeKind k = kind(t);
  return k == TypeKind::Optional || k == TypeKind::Unknown ? info(t).elem : t;
}

bool TypeTable::is_numeric(TypeId t) const {
  TypeKind k = kind(t);
  return k == TypeKind::Int || k == TypeKind::Number;
}

}  // namespace outcomes
