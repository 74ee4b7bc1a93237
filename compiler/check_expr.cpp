// Checking expressions: names, fields, operators, windows and intervals.
// Quantifiers and calls are in check_query.cpp.
#include <fmt/format.h>

#include "compiler/checker_internal.h"

namespace outcomes::checker {

TypeId Checker::check(Expr& e, TypeId expected) {
  TypeId t = kErrorType;
  switch (e.kind) {
    case ExprKind::IntLit: t = types_.integer(); break;
    case ExprKind::DecimalLit: t = types_.number(); break;
    case ExprKind::PercentLit: t = types_.percent(); break;
    case ExprKind::DateLit: t = types_.date(); break;
    case ExprKind::TermLit: t = types_.term(); break;
    case ExprKind::MonthLit: t = types_.month(); break;
    case ExprKind::StringLit: t = types_.string(); break;
    case ExprKind::BoolLit: t = types_.boolean(); break;
    case ExprKind::UnknownLit:
      t = expected >= 0 && types_.kind(expected) == TypeKind::Unknown ? expected : types_.verdict();
      break;
    case ExprKind::Name: t = check_name(e, expected); break;
    case ExprKind::Field: t = check_field(e); break;
    case ExprKind::Index: t = check_index(e); break;
    case ExprKind::Call: t = check_call(e); break;
    case ExprKind::Unary: t = check_unary(e); break;
    case ExprKind::Binary: t = check_binary(e, expected); break;
    case ExprKind::Duration: t = check_duration(e); break;
    case ExprKind::Window:
    case ExprKind::LastWindow: t = check_window(e); break;
    case ExprKind::Quantifier: t = check_quantifier(e); break;
    case ExprKind::If: t = check_if(e, expected); break;
    case ExprKind::Let: t = check_let(e, expected); break;
    case ExprKind::SetLit:
      error_type(e.span, "E0330", "a set `{ ... }` can only follow `in`, as in `kind in {asbo, nosp}`");
      break;
    case ExprKind::ActiveAt:
    case ExprKind::Overlaps: t = check_interval_test(e); break;
  }
  e.type = t;
  return t;
}

std::optional<TypeId> Checker::field_type(TypeId object, const std::string& name, int* event_type, int* field) {
  TypeId base = types_.base(object);
  bool optional = base != object;
  auto wrap = [&](TypeId t) { return optional ? types_.optional_of(t) : t; };
  if (types_.kind(base) == TypeKind::Member) {
    *event_type = -2;
    if (name == "role") return *field = 0, wrap(types_.enum_type(sem_.role_enum));
    if (name == "dob") return *field = 1, wrap(types_.date());
    if (name == "parenting") return *field = 2, wrap(types_.boolean());
    return std::nullopt;
  }
  if (types_.kind(base) != TypeKind::Event) return std::nullopt;
  int et = types_.info(base).param;
  const EventTypeDef& def = sem_.schema.types[et];
  *event_type = et;
  if (name == "member" && def.member != MemberRule::None) {
    *field = -1;
    return def.member == MemberRule::Optional ? types_.optional_of(types_.member()) : wrap(types_.member());
  }
  int f = def.field_index(name);
  if (f < 0) return std::nullopt;
  *field = f;
  const FieldDef& fd = def.fields[f];
  TypeId t = kErrorType;
  switch (fd.type) {
    case FieldType::Date: t = types_.date(); break;
    case FieldType::Int: t = types_.integer(); break;
    case FieldType::Number: t = types_.number(); break;
    case FieldType::Bool: t = types_.boolean(); break;
    case FieldType::Enum: t = types_.enum_type(fd.enum_id); break;
    case FieldType::Term: t = types_.term(); break;
    case FieldType::Month: t = types_.month(); break;
    case FieldType::Scores: t = types_.intern(TypeKind::Scores, fd.enum_id); break;
  }
  if (fd.optional && !fd.has_default) return types_.optional_of(t);
  return wrap(t);
}

TypeId Checker::check_name(Expr& e, TypeId expected) {
  const std::string& n = e.name;
  for (auto it = locals_.rbegin(); it != locals_.rend(); ++it) {
    if (it->name == n) {
      e.resolution = Resolution::Local, e.ref = it->slot;
      return it->type;
    }
  }
  for (auto it = locals_.rbegin(); it != locals_.rend(); ++it) {
    if (!it->implicit) continue;
    int et = -1, f = -1;
    if (auto t = field_type(it->type, n, &et, &f)) {
      e.resolution = Resolution::ImplicitField, e.ref = it->slot, e.ref2 = f, e.object_event_type = et;
      return *t;
    }
  }
  if (n == "A" || n == "C") {
    e.resolution = Resolution::Builtin, e.ref = n == "A" ? 0 : 1;
    return types_.date();
  }
  if (n == "members") return e.resolution = Resolution::Builtin, e.ref = 2, types_.list_of(types_.member());
  if (n == "strands") return e.resolution = Resolution::Builtin, e.ref = 3, types_.list_of(types_.strand());
  if (n == "indicators") return e.resolution = Resolution::Builtin, e.ref = 4, types_.list_of(types_.indicator());
  bool wants_strand = expected >= 0 && types_.kind(expected) == TypeKind::Strand;
  bool wants_enum = expected >= 0 && types_.kind(types_.base(expected)) == TypeKind::Enum;
  bool wants_verdict = expected >= 0 && types_.kind(expected) == TypeKind::Verdict;
  auto strand_named = [&]() {
    for (size_t i = 0; i < sem_.strands.size(); ++i)
      if (sem_.strands[i]->id == n) return static_cast<int>(i);
    return -1;
  };
  if (wants_strand) {
    if (int s = strand_named(); s >= 0) {
      e.resolution = Resolution::Strand, e.ref = s;
      return types_.strand();
    }
  }
  if (wants_verdict && (n == "met" || n == "not_met")) {
    e.resolution = Resolution::VerdictValue, e.ref = n == "met" ? 1 : 0;
    return types_.verdict();
  }
  if (wants_enum) {
    int en = types_.info(types_.base(expected)).param;
    int v = sem_.schema.enums[en].index_of(n);
    if (v >= 0) {
      e.resolution = Resolution::EnumValue, e.ref = en, e.ref2 = v;
      return types_.enum_type(en);
    }
  }
  if (auto it = sem_.globals.find(n); it != sem_.globals.end()) {
    const SymbolRef& ref = it->second;
    switch (ref.kind) {
      case SymbolRef::Kind::Param:
        e.resolution = Resolution::Parameter, e.ref = ref.index;
        return sem_.params[ref.index].type;
      case SymbolRef::Kind::Def: {
        check_def(ref.index);
        const DefInfo& d = sem_.defs[ref.index];
        if (!d.param_types.empty()) {
          error_type(e.span, "E0331", fmt::format("`{}` needs {} argument(s): write `{}(...)`", n, d.param_types.size(), n));
          return kErrorType;
        }
        e.resolution = Resolution::Definition, e.ref = ref.index;
        if (d.reads_outcomes) note_reads_outcomes();
        note_callee(ref.index);
        return d.type;
      }
      case SymbolRef::Kind::EventType:
        e.resolution = Resolution::EventType, e.ref = ref.index;
        return types_.list_of(types_.event_type(ref.index));
      case SymbolRef::Kind::Strand: break;
      case SymbolRef::Kind::EnumType:
        error_type(e.span, "E0332", fmt::format("`{}` is an enumeration; name one of its values, as in `{}.{}`", n, n,
                                                sem_.schema.enums[ref.index].values[0]));
        return kErrorType;
    }
  }
  // An enum value named without its enumeration: fine when only one enumeration has it.
  std::vector<std::pair<int, int>> candidates;
  for (size_t en = 0; en < sem_.schema.enums.size(); ++en) {
    int v = sem_.schema.enums[en].index_of(n);
    if (v >= 0) candidates.emplace_back(static_cast<int>(en), v);
  }
  if (candidates.size() == 1) {
    e.resolution = Resolution::EnumValue, e.ref = candidates[0].first, e.ref2 = candidates[0].second;
    return types_.enum_type(candidates[0].first);
  }
  if (wants_enum) {
    int en = types_.info(types_.base(expected)).param;
    const EnumDef& def = sem_.schema.enums[en];
    auto& d = diags_.error("E0333", e.span, fmt::format("`{}` is not a value of {}", n, def.name));
    if (auto s = closest_name(n, def.values)) d.help = fmt::format("did you mean `{}`?", *s);
    else d.help = fmt::format("the values of {} are: {}", def.name, fmt::join(def.values, ", "));
    return kErrorType;
  }
  if (candidates.size() > 1) {
    auto& d = diags_.error("E0334", e.span, fmt::format("`{}` is a value of more than one enumeration", n));
    std::vector<std::string> options;
    for (auto [en, v] : candidates) options.push_back(fmt::format("{}.{}", sem_.schema.enums[en].name, n));
    d.help = fmt::format("write one of: {}", fmt::join(options, ", "));
    return kErrorType;
  }
  if (int s = strand_named(); s >= 0) {
    e.resolution = Resolution::Strand, e.ref = s;
    return types_.strand();
  }
  // Inside a quantifier over something already reported as wrong, the name
  // may be a field of what was meant: do not report it again.
  for (const Local& l : locals_)
    if (l.implicit && l.type == kErrorType) return kErrorType;
  auto& d = diags_.error("E0335", e.span, fmt::format("unknown name `{}`", n));
  if (auto s = closest_name(n, visible_names())) d.help = fmt::format("did you mean `{}`?", *s);
  return kErrorType;
}

TypeId Checker::check_field(Expr& e) {
  // Enum.value
  if (e.a->kind == ExprKind::Name) {
    auto it = sem_.globals.find(e.a->name);
    bool shadowed = false;
    for (const Local& l : locals_) shadowed |= l.name == e.a->name;
    if (!shadowed && it != sem_.globals.end() && it->second.kind == SymbolRef::Kind::EnumType) {
      const EnumDef& def = sem_.schema.enums[it->second.index];
      int v = def.index_of(e.name);
      if (v < 0) {
        auto& d = diags_.error("E0333", e.span, fmt::format("`{}` is not a value of {}", e.name, def.name));
        if (auto s = closest_name(e.name, def.values)) d.help = fmt::format("did you mean `{}`?", *s);
        return kErrorType;
      }
      e.resolution = Resolution::EnumValue, e.ref = it->second.index, e.ref2 = v;
      return types_.enum_type(it->second.index);
    }
  }
  TypeId object = check(*e.a);
  if (object == kErrorType) return kErrorType;
  int et = -1, f = -1;
  if (auto t = field_type(object, e.name, &et, &f)) {
    e.ref2 = f, e.object_event_type = et;
    return *t;
  }
  std::vector<std::string> fields;
  if (int ev = event_type_of(object); ev >= 0) {
    for (const FieldDef& fd : sem_.schema.types[ev].fields) fields.push_back(fd.name);
    if (sem_.schema.types[ev].member != MemberRule::None) fields.push_back("member");
  } else if (types_.kind(types_.base(object)) == TypeKind::Member) {
    fields = {"role", "dob", "parenting"};
  }
  auto& d = diags_.error("E0336", e.span, fmt::format("{} has no field `{}`", type_name(object), e.name));
  if (auto s = closest_name(e.name, fields)) d.help = fmt::format("did you mean `{}`?", *s);
  else if (!fields.empty()) d.help = fmt::format("its fields are: {}", fmt::join(fields, ", "));
  return kErrorType;
}

TypeId Checker::check_index(Expr& e) {
  TypeId object = check(*e.a);
  if (object == kErrorType) return kErrorType;
  TypeId base = types_.base(object);
  if (types_.kind(base) != TypeKind::Scores) {
    error_type(e.span, "E0337", fmt::format("only Star scores can be indexed with `[ ]`, not {}", type_name(object)));
    return kErrorType;
  }
  TypeId key = types_.enum_type(types_.info(base).param);
  TypeId k = check(*e.b, key);
  if (k != kErrorType && k != key)
    error_type(e.b->span, "E0338", fmt::format("scores are indexed by {}, not {}", type_name(key), type_name(k)));
  return types_.optional_of(types_.integer());
}

TypeId Checker::check_unary(Expr& e) {
  TypeId t = check(*e.a, e.unary_op == UnaryOp::Not ? types_.verdict() : -1);
  if (t == kErrorType) return t;
  if (e.unary_op == UnaryOp::Not) {
    if (!is_logical(t)) {
      error_type(e.a->span, "E0339", fmt::format("`not` needs true/false, but this is {}", type_name(t)));
      return kErrorType;
    }
    return t;
  }
  TypeKind k = types_.kind(types_.base(t));
  if (k != TypeKind::Int && k != TypeKind::Number && k != TypeKind::Percent) {
    error_type(e.span, "E0340", fmt::format("cannot negate {}", type_name(t)));
    return kErrorType;
  }
  return t;
}

TypeId Checker::check_binary(Expr& e, TypeId expected) {
  switch (e.binary_op) {
    case BinaryOp::And:
    case BinaryOp::Or: return check_logic(e);
    case BinaryOp::Eq:
    case BinaryOp::Ne:
    case BinaryOp::Lt:
    case BinaryOp::Le:
    case BinaryOp::Gt:
    case BinaryOp::Ge: return check_comparison(e);
    case BinaryOp::In: return check_in(e);
    case BinaryOp::Coalesce: return check_coalesce(e);
    default: return check_arithmetic(e);
  }
}

TypeId Checker::check_logic(Expr& e) {
  TypeId x = check(*e.a, types_.verdict()), y = check(*e.b, types_.verdict());
  const char* op = binary_op_text(e.binary_op);
  bool ok = true;
  for (auto [side, t] : {std::pair{e.a.get(), x}, std::pair{e.b.get(), y}}) {
    if (t != kErrorType && !is_logical(t)) {
      std::string help;
      if (types_.kind(t) == TypeKind::Optional && types_.kind(types_.info(t).elem) == TypeKind::Bool)
        help = "this may be absent: compare it, as in `x == true`";
      error_type(side->span, "E0341", fmt::format("`{}` needs true/false on both sides, but this is {}", op, type_name(t)),
                 help);
      ok = false;
    }
  }
  if (!ok || x == kErrorType || y == kErrorType) return kErrorType;
  return types_.kind(x) == TypeKind::Verdict || types_.kind(y) == TypeKind::Verdict ? types_.verdict()
                                                                                    : types_.boolean();
}

TypeId Checker::check_comparison(Expr& e) {
  TypeId x = check(*e.a);
  TypeId hint = x != kErrorType ? types_.base(x) : TypeId(-1);
  if (hint >= 0 && types_.kind(hint) == TypeKind::Verdict) hint = types_.verdict();
  TypeId y = check(*e.b, hint);
  if (x == kErrorType || y == kErrorType) return kErrorType;
  TypeId bx = types_.base(x), by = types_.base(y);
  TypeKind kx = types_.kind(bx), ky = types_.kind(by);
  bool equality = e.binary_op == BinaryOp::Eq || e.binary_op == BinaryOp::Ne;
  CompareKind kind = CompareKind::Scalar;
  auto numeric = [](TypeKind k) { return k == TypeKind::Int || k == TypeKind::Number; };
  if (numeric(kx) && numeric(ky)) {
    kind = kx == TypeKind::Number || ky == TypeKind::Number ? CompareKind::Number : CompareKind::Scalar;
  } else if (kx == TypeKind::Percent && ky == TypeKind::Percent) {
    kind = CompareKind::Number;
  } else if ((kx == TypeKind::Percent && numeric(ky)) || (ky == TypeKind::Percent && numeric(kx))) {
    error_type(e.span, "E0320", fmt::format("a percentage is compared with {}", type_name(kx == TypeKind::Percent ? by : bx)),
               "write the threshold as a percentage, such as 10%, or compare two counts");
    return kErrorType;
  } else if ((kx == TypeKind::Date) != (ky == TypeKind::Date)) {
    error_type(e.span, "E0321",
               fmt::format("a date is compared with {}", type_name(kx == TypeKind::Date ? by : bx)),
               "compare a date with another date, such as `date <= A - 6 months`");
    return kErrorType;
  } else if (bx == by && (kx == TypeKind::Date || kx == TypeKind::Term || kx == TypeKind::Month)) {
    kind = CompareKind::Scalar;
  } else if (bx == by && (kx == TypeKind::Enum || kx == TypeKind::Member || kx == TypeKind::Event ||
                          kx == TypeKind::Bool || kx == TypeKind::Strand || kx == TypeKind::Indicator ||
                          kx == TypeKind::Verdict)) {
    if (!equality) {
      error_type(e.span, "E0322", fmt::format("{} can only be compared with == or !=", type_name(bx)));
      return kErrorType;
    }
  } else if ((kx == TypeKind::Bool && ky == TypeKind::Verdict) || (kx == TypeKind::Verdict && ky == TypeKind::Bool)) {
    if (!equality) return error_type(e.span, "E0322", "verdicts can only be compared with == or !="), kErrorType;
  } else {
    error_type(e.span, "E0322", fmt::format("cannot compare {} with {}", type_name(x), type_name(y)));
    return kErrorType;
  }
  AbsentRule rule = AbsentRule::Never;
  if (types_.kind(x) == TypeKind::Unknown || types_.kind(y) == TypeKind::Unknown) rule = AbsentRule::Unknown;
  else if (types_.kind(x) == TypeKind::Optional || types_.kind(y) == TypeKind::Optional) rule = AbsentRule::False;
  e.ref = static_cast<int>(kind);
  e.ref2 = static_cast<int>(rule);
  return rule == AbsentRule::Unknown ? types_.verdict() : types_.boolean();
}

TypeId Checker::check_arithmetic(Expr& e) {
  TypeId x = check(*e.a), y = check(*e.b);
  if (x == kErrorType || y == kErrorType) return kErrorType;
  TypeId bx = types_.base(x), by = types_.base(y);
  TypeKind kx = types_.kind(bx), ky = types_.kind(by);
  const char* op = binary_op_text(e.binary_op);
  auto wrap = [&](TypeId r) {
    if (types_.kind(x) == TypeKind::Unknown || types_.kind(y) == TypeKind::Unknown) return types_.unknown_of(r);
    if (types_.kind(x) == TypeKind::Optional || types_.kind(y) == TypeKind::Optional) return types_.optional_of(r);
    return r;
  };
  bool add_sub = e.binary_op == BinaryOp::Add || e.binary_op == BinaryOp::Sub;
  if (kx == TypeKind::Date || ky == TypeKind::Date) {
    if (kx == TypeKind::Date && ky == TypeKind::Date) {
      error_type(e.span, "E0323", e.binary_op == BinaryOp::Add ? "a date is added to a date"
                                                              : "one date is subtracted from another",
                 "add or subtract a duration, such as `A - 12 months`, or compare the dates");
      return kErrorType;
    }
    TypeKind other = kx == TypeKind::Date ? ky : kx;
    if (add_sub && other == TypeKind::Duration && (kx == TypeKind::Date || e.binary_op == BinaryOp::Add)) {
      e.ref = 2;
      if (kx != TypeKind::Date) std::swap(e.a, e.b);
      return wrap(types_.date());
    }
    if (other == TypeKind::Int || other == TypeKind::Number) {
      error_type(kx == TypeKind::Date ? e.b->span : e.a->span, "E0324",
                 "a number without a unit is used with a date", "give it a unit, such as `6 months` or `30 days`");
      return kErrorType;
    }
    error_type(e.span, "E0325", fmt::format("cannot use `{}` on {} and {}", op, type_name(x), type_name(y)));
    return kErrorType;
  }
  auto numeric = [](TypeKind k) { return k == TypeKind::Int || k == TypeKind::Number; };
  if (numeric(kx) && numeric(ky)) {
    if (kx == TypeKind::Int && ky == TypeKind::Int && e.binary_op != BinaryOp::Div) {
      e.ref = 0;
      return wrap(types_.integer());
    }
    e.ref = 1;
    return wrap(types_.number());
  }
  if (kx == TypeKind::Percent && ky == TypeKind::Percent && add_sub) return e.ref = 1, wrap(types_.percent());
  // A share of a count is a number of the same things: 50% * 6 offences = 3.
  if (e.binary_op == BinaryOp::Mul && ((kx == TypeKind::Percent && numeric(ky)) || (ky == TypeKind::Percent && numeric(kx))))
    return e.ref = 1, wrap(types_.number());
  if (kx == TypeKind::Percent || ky == TypeKind::Percent) {
    error_type(e.span, "E0320", fmt::format("a percentage and {} cannot be combined with `{}`",
                                            type_name(kx == TypeKind::Percent ? by : bx), op),
               "percentages add to percentages: write 40% rather than 40");
    return kErrorType;
  }
  error_type(e.span, "E0325", fmt::format("cannot use `{}` on {} and {}", op, type_name(x), type_name(y)));
  return kErrorType;
}

TypeId Checker::check_coalesce(Expr& e) {
  TypeId x = check(*e.a);
  if (x == kErrorType) return x;
  TypeKind k = types_.kind(x);
  if (k != TypeKind::Optional && k != TypeKind::Unknown) {
    error_type(e.a->span, "E0342", fmt::format("`??` gives a value for something that may be absent, but {} is always present", type_name(x)));
    return kErrorType;
  }
  TypeId base = types_.info(x).elem;
  TypeId y = check(*e.b, base);
  if (y != kErrorType && !assignable(y, base)) {
    error_type(e.b->span, "E0343", fmt::format("the value after `??` must be {}, but this is {}", type_name(base), type_name(y)));
    return kErrorType;
  }
  return y != kErrorType && types_.kind(y) != TypeKind::Optional ? base : y;
}

TypeId Checker::check_in(Expr& e) {
  // The locals are taken before the operands are checked: the code works
  // out the operands while it uses them, so a quantifier in either must not
  // share them.
  bool window = e.b->kind == ExprKind::Window || e.b->kind == ExprKind::LastWindow;
  int slots = allocate_slots(e.b->kind == ExprKind::SetLit ? 1 : window ? 0 : 4);
  TypeId x = check(*e.a);
  if (e.b->kind == ExprKind::SetLit) {
    TypeId base = x == kErrorType ? kErrorType : types_.base(x);
    for (auto& item : e.b->args) {
      TypeId t = check(*item, base);
      if (t != kErrorType && base != kErrorType && !assignable(t, base))
        error_type(item->span, "E0344", fmt::format("this set holds {}, but this is {}", type_name(base), type_name(t)));
    }
    e.b->type = kErrorType;
    e.ref = slots;
    return types_.boolean();
  }
  TypeId y = check(*e.b);
  if (x == kErrorType || y == kErrorType) return kErrorType;
  if (types_.kind(y) == TypeKind::Window) {
    if (types_.kind(types_.base(x)) != TypeKind::Date) {
      error_type(e.a->span, "E0345", fmt::format("only a date can be `in` a window, not {}", type_name(x)));
      return kErrorType;
    }
    e.ref = -1;
    return types_.boolean();
  }
  if (types_.kind(y) == TypeKind::List) {
    TypeId elem = types_.info(y).elem;
    if (!assignable(types_.base(x), elem) || (types_.kind(elem) != TypeKind::Member && types_.kind(elem) != TypeKind::Event &&
                                              types_.kind(elem) != TypeKind::Strand &&
                                              types_.kind(elem) != TypeKind::Indicator)) {
      error_type(e.span, "E0346", fmt::format("cannot look for {} in {}", type_name(x), type_name(y)));
      return kErrorType;
    }
    e.ref = slots;
    return types_.boolean();
  }
  error_type(e.b->span, "E0347", fmt::format("`in` needs a window, a list or a set `{{...}}` on its right, not {}", type_name(y)));
  return kErrorType;
}

TypeId Checker::check_duration(Expr& e) {
  TypeId n = check(*e.a);
  if (n != kErrorType && n != types_.integer()) {
    error_type(e.a->span, "E0348", fmt::format("a duration counts whole units, but this is {}", type_name(n)));
    return kErrorType;
  }
  return types_.duration();
}

TypeId Checker::check_window(Expr& e) {
  if (e.kind == ExprKind::LastWindow) {
    TypeId d = check(*e.a), at = check(*e.b);
    if (d != kErrorType && d != types_.duration())
      error_type(e.a->span, "E0349", "`last` needs a duration with a unit, such as `last 12 months before A`");
    if (at != kErrorType && at != types_.date())
      error_type(e.b->span, "E0350", fmt::format("`before` needs a date, but this is {}", type_name(at)));
    return types_.window();
  }
  TypeId lo = check(*e.a), hi = check(*e.b);
  for (auto [side, t] : {std::pair{e.a.get(), lo}, std::pair{e.b.get(), hi}})
    if (t != kErrorType && t != types_.date())
      error_type(side->span, "E0350", fmt::format("a window's bounds are dates, but this is {}", type_name(t)));
  return types_.window();
}

TypeId Checker::check_interval_test(Expr& e) {
  TypeId x = check(*e.a);
  bool active = e.kind == ExprKind::ActiveAt;
  TypeId y = check(*e.b);
  if (x == kErrorType || y == kErrorType) return kErrorType;
  int et = interval_type_of(x);
  if (et < 0) {
    error_type(e.a->span, "E0351",
               fmt::format("`{}` needs an event with a start and an end, but this is {}", active ? "active at" : "overlaps",
                           type_name(x)));
    return kErrorType;
  }
  e.object_event_type = et;
  if (active && y != types_.date())
    error_type(e.b->span, "E0350", fmt::format("`active at` needs a date, but this is {}", type_name(y)));
  if (!active && y != types_.window())
    error_type(e.b->span, "E0352", fmt::format("`overlaps` needs a window such as (A - 12 months, A], not {}", type_name(y)));
  return types_.boolean();
}

TypeId Checker::check_if(Expr& e, TypeId expected) {
  TypeId c = check(*e.a, types_.boolean());
  if (c != kErrorType && c != types_.boolean())
    error_type(e.a->span, "E0353", fmt::format("`if` needs true/false, but this is {}", type_name(c)));
  bool then_unknown = e.b->kind == ExprKind::UnknownLit, else_unknown = e.c->kind == ExprKind::UnknownLit;
  TypeId t = then_unknown ? kErrorType : check(*e.b, expected);
  TypeId f = else_unknown ? kErrorType : check(*e.c, expected);
  if (then_unknown && else_unknown) return check(*e.b, expected), check(*e.c, expected);
  if (then_unknown || else_unknown) {
    TypeId known = then_unknown ? f : t;
    if (known == kErrorType) return kErrorType;
    TypeId r = types_.kind(known) == TypeKind::Verdict || types_.kind(known) == TypeKind::Bool ? types_.verdict()
                                                                                             : types_.unknown_of(known);
    check(then_unknown ? *e.b : *e.c, r);
    return r;
  }
  if (t == kErrorType || f == kErrorType) return kErrorType;
  TypeId u = unify(t, f);
  if (u == kErrorType)
    error_type(e.span, "E0354", fmt::format("the branches of this `if` differ: {} and {}", type_name(t), type_name(f)));
  return u;
}

TypeId Checker::check_let(Expr& e, TypeId expected) {
  TypeId v = check(*e.a);
  int slot = allocate_slots(1);
  e.binder_slot = slot;
  locals_.push_back({e.name, v, slot, false});
  TypeId body = check(*e.b, expected);
  locals_.pop_back();
  return body;
}

}  // namespace outcomes::checker
