#include <fmt/format.h>

#include <algorithm>

#include "compiler/checker_internal.h"

namespace outcomes {
namespace checker {

namespace {

void walk(const Expr* e, const std::function<void(const Expr&)>& f) {
  if (!e) return;
  f(*e);
  walk(e->a.get(), f), walk(e->b.get(), f), walk(e->c.get(), f), walk(e->d.get(), f);
  for (const auto& x : e->args) walk(x.get(), f);
}

}  // namespace

void Checker::error_type(Span s, const std::string& code, const std::string& message, const std::string& help) {
  diags_.error(code, s, message).help = help;
}

int Checker::allocate_slots(int n) {
  int s = next_slot_;
  next_slot_ += n;
  max_slot_ = std::max(max_slot_, next_slot_);
  return s;
}

int Checker::begin_body(std::vector<TypeId> params, std::vector<std::string> names) {
  locals_.clear();
  next_slot_ = max_slot_ = 0;
  for (size_t i = 0; i < params.size(); ++i) locals_.push_back({names[i], params[i], allocate_slots(1), false});
  return 0;
}

int Checker::end_body(const Expr* root) {
  sem_.frame_sizes[root] = max_slot_;
  return max_slot_;
}

bool Checker::run(const std::vector<const Module*>& modules) {
  declare_builtin_enums();
  for (const Module* m : modules) declare_module(*m);
  for (ParamInfo& p : sem_.params) check_param(p);
  for (size_t i = 0; i < sem_.defs.size(); ++i) check_def(static_cast<int>(i));
  for (const Module* m : modules)
    for (const EventDecl& e : m->events) check_event_checks(e, sem_.schema.type_index(e.name));
  check_strands();
  check_results();
  return !diags_.has_errors();
}

void Checker::declare_builtin_enums() {
  sem_.schema.enums.push_back({"Role", {"adult", "child"}});
  sem_.role_enum = 0;
  sem_.schema.enums.push_back({"ClaimVerdict", {"valid", "valid_discretionary", "invalid", "insufficient_data"}});
  sem_.claim_verdict_enum = 1;
  declare("Role", {SymbolRef::Kind::EnumType, 0, {}});
  declare("ClaimVerdict", {SymbolRef::Kind::EnumType, 1, {}});
}

void Checker::declare(const std::string& name, SymbolRef ref) {
  auto [it, inserted] = sem_.globals.emplace(name, ref);
  if (inserted) return;
  auto& d = diags_.error("E0301", ref.span, fmt::format("`{}` is defined twice", name));
  d.notes.push_back({it->second.span, "first defined here"});
  d.help = "give one of them another name, or write `override` to replace an imported parameter or definition";
}

void Checker::declare_module(const Module& m) {
  if (m.plan) {
    if (sem_.plan)
      diags_.error("E0302", m.plan->span, "only one plan can be compiled at a time; import shared rules from a module");
    sem_.plan = &*m.plan;
  }
  for (const EnumDecl& e : m.enums) declare_enum(e);
  for (const EventDecl& e : m.events) declare_event(e);
  for (const ParamDecl& p : m.params) {
    auto it = sem_.globals.find(p.name);
    if (p.is_override) {
      if (it == sem_.globals.end() || it->second.kind != SymbolRef::Kind::Param) {
        diags_.error("E0303", p.span, fmt::format("`override param {}` replaces nothing: no parameter has that name", p.name));
        continue;
      }
      sem_.params[it->second.index].decl = &p;
      it->second.span = p.span;
      continue;
    }
    sem_.params.push_back({&p, kErrorType, {}});
    declare(p.name, {SymbolRef::Kind::Param, static_cast<int>(sem_.params.size() - 1), p.span});
  }
  for (const DefDecl& d : m.defs) {
    auto it = sem_.globals.find(d.name);
    DefInfo info;
    info.name = d.name, info.decl = &d, info.body = d.body.get();
    if (d.is_override) {
      if (it == sem_.globals.end() || it->second.kind != SymbolRef::Kind::Def) {
        diags_.error("E0303", d.span, fmt::format("`override def {}` replaces nothing: no definition has that name", d.name));
        continue;
      }
      sem_.defs[it->second.index] = std::move(info);
      it->second.span = d.span;
      continue;
    }
    sem_.defs.push_back(std::move(info));
    declare(d.name, {SymbolRef::Kind::Def, static_cast<int>(sem_.defs.size() - 1), d.span});
  }
  // Strands have their own namespace: the strand `employment` and the event
  // type `employment` are different things, told apart by where they are used.
  for (const StrandDecl& s : m.strands) {
    for (const StrandDecl* other : sem_.strands)
      if (other->id == s.id) {
        auto& d = diags_.error("E0301", s.span, fmt::format("strand `{}` is defined twice", s.id));
        d.notes.push_back({other->span, "first defined here"});
      }
    sem_.strands.push_back(&s);
  }
  for (const ResultDecl& r : m.results) {
    DefInfo info;
    info.name = r.name, info.result = &r, info.body = r.value.get();
    sem_.defs.push_back(std::move(info));
    sem_.results.push_back(&r);
    sem_.result_defs.push_back(static_cast<int>(sem_.defs.size() - 1));
    declare(r.name, {SymbolRef::Kind::Def, static_cast<int>(sem_.defs.size() - 1), r.span});
  }
  for (const ClaimDecl& c : m.claims) sem_.claims.push_back(&c);
}

void Checker::declare_enum(const EnumDecl& e) {
  EnumDef def;
  def.name = e.name;
  for (const auto& [v, span] : e.values) {
    if (def.index_of(v) >= 0) diags_.error("E0304", span, fmt::format("`{}` is listed twice in {}", v, e.name));
    def.values.push_back(v);
  }
  sem_.schema.enums.push_back(std::move(def));
  declare(e.name, {SymbolRef::Kind::EnumType, static_cast<int>(sem_.schema.enums.size() - 1), e.span});
}

void Checker::declare_event(const EventDecl& e) {
  EventTypeDef t;
  t.name = e.name;
  t.member = e.member == MemberRuleDecl::Required   ? MemberRule::Required
             : e.member == MemberRuleDecl::Optional ? MemberRule::Optional
                                                    : MemberRule::None;
  int slot = 0;
  for (const FieldDecl& fd : e.fields) {
    FieldDef f;
    f.name = fd.name;
    f.optional = fd.optional;
    f.open_end = fd.open_end;
    const std::string& tn = fd.type.name;
    if (tn == "Date") f.type = FieldType::Date;
    else if (tn == "Int") f.type = FieldType::Int;
    else if (tn == "Number") f.type = FieldType::Number, f.width = 2;
    else if (tn == "Bool") f.type = FieldType::Bool;
    else if (tn == "Term") f.type = FieldType::Term;
    else if (tn == "Month") f.type = FieldType::Month;
    else if (tn == "Scores") {
      f.type = FieldType::Scores;
      f.enum_id = fd.type.args.empty() ? -1 : sem_.schema.enum_index(fd.type.args[0].name);
      if (f.enum_id < 0) {
        diags_.error("E0305", fd.type.span, "Scores needs a domain enumeration, as in `Scores of StarDomain`");
        continue;
      }
      f.width = static_cast<int>(sem_.schema.enums[f.enum_id].values.size());
    } else {
      f.type = FieldType::Enum;
      f.enum_id = sem_.schema.enum_index(tn);
      if (f.enum_id < 0) {
        std::vector<std::string> names = {"Date", "Int", "Number", "Bool", "Term", "Month", "Scores"};
        for (const EnumDef& en : sem_.schema.enums) names.push_back(en.name);
        auto& d = diags_.error("E0306", fd.type.span, fmt::format("unknown field type `{}`", tn));
        if (auto s = closest_name(tn, names)) d.help = fmt::format("did you mean `{}`?", *s);
        continue;
      }
    }
    if (fd.open_end && f.type != FieldType::Date)
      diags_.error("E0307", fd.span, "only a Date field can be `or open`");
    if (fd.range) f.min = fd.range->first, f.max = fd.range->second;
    if (fd.default_value) {
      const Expr& dv = *fd.default_value;
      f.has_default = true;
      if (dv.kind == ExprKind::BoolLit && f.type == FieldType::Bool) f.default_value = dv.int_value;
      else if (dv.kind == ExprKind::IntLit && f.type == FieldType::Int) f.default_value = dv.int_value;
      else if (dv.kind == ExprKind::Name && f.type == FieldType::Enum &&
               sem_.schema.enums[f.enum_id].index_of(dv.name) >= 0)
        f.default_value = sem_.schema.enums[f.enum_id].index_of(dv.name);
      else
        diags_.error("E0308", dv.span, fmt::format("this default does not fit the field `{}`", fd.name));
    }
    f.slot = slot;
    slot += f.width;
    if (t.field_index(f.name) >= 0) diags_.error("E0309", fd.span, fmt::format("field `{}` is declared twice", f.name));
    t.fields.push_back(std::move(f));
  }
  t.slot_count = slot;
  for (size_t i = 0; i < t.fields.size(); ++i) {
    const FieldDef& f = t.fields[i];
    bool orders = (f.type == FieldType::Date && !f.optional && !f.open_end) || f.type == FieldType::Term ||
                  f.type == FieldType::Month;
    if (orders) {
      t.order_field = static_cast<int>(i);
      break;
    }
  }
  if (t.order_field < 0)
    diags_.error("E0310", e.span, fmt::format("event `{}` needs a Date, Term or Month field to place it in time", e.name));
  for (const UniqueDecl& u : e.uniques) check_unique(u, t);
  sem_.schema.types.push_back(std::move(t));
  sem_.checks.emplace_back();
  declare(e.name, {SymbolRef::Kind::EventType, static_cast<int>(sem_.schema.types.size() - 1), e.span});
}

void Checker::check_unique(const UniqueDecl& u, EventTypeDef& type) {
  std::vector<int> key;
  for (const auto& [name, span] : u.fields) {
    if (name == "member") {
      key.push_back(-1);
      continue;
    }
    int f = type.field_index(name);
    if (f < 0) {
      diags_.error("E0311", span, fmt::format("event `{}` has no field `{}`", type.name, name));
      return;
    }
    key.push_back(f);
  }
  type.unique_keys.push_back(std::move(key));
  type.unique_messages.push_back(u.message);
}

void Checker::check_event_checks(const EventDecl& decl, int type_index) {
  if (type_index < 0) return;
  for (const EventCheckDecl& c : decl.checks) {
    begin_body({types_.event_type(type_index)}, {"it"});
    locals_.back().implicit = true;
    TypeId t = check(*c.condition, types_.boolean());
    if (t != kErrorType && types_.kind(t) != TypeKind::Bool)
      error_type(c.condition->span, "E0312", fmt::format("a check must be true or false, but this is {}", type_name(t)));
    end_body(c.condition.get());
    std::string field;
    walk(c.condition.get(), [&](const Expr& x) {
      if (field.empty() && x.resolution == Resolution::ImplicitField) field = x.name;
    });
    sem_.checks[type_index].push_back(&c);
    sem_.schema.types[type_index].checks.push_back({c.message, field, nullptr});
  }
}

TypeId Checker::resolve_type(const TypeExpr& t) {
  TypeId base = kErrorType;
  const std::string& n = t.name;
  if (n == "Bool") base = types_.boolean();
  else if (n == "Verdict") base = types_.verdict();
  else if (n == "Int") base = types_.integer();
  else if (n == "Number") base = types_.number();
  else if (n == "Percent") base = types_.percent();
  else if (n == "Date") base = types_.date();
  else if (n == "Duration") base = types_.duration();
  else if (n == "Window") base = types_.window();
  else if (n == "Term") base = types_.term();
  else if (n == "Month") base = types_.month();
  else if (n == "Member") base = types_.member();
  else if (n == "Strand") base = types_.strand();
  else if (n == "List") {
    if (t.args.empty()) error_type(t.span, "E0313", "write the element type, as in `List of Member`");
    else base = types_.list_of(resolve_type(t.args[0]));
  } else if (auto it = sem_.globals.find(n); it != sem_.globals.end() && it->second.kind == SymbolRef::Kind::EnumType) {
    base = types_.enum_type(it->second.index);
  } else if (it != sem_.globals.end() && it->second.kind == SymbolRef::Kind::EventType) {
    base = types_.event_type(it->second.index);
  } else {
    std::vector<std::string> names = {"Bool", "Verdict", "Int", "Number", "Percent", "Date", "Duration", "Window",
                                      "Term", "Month", "Member", "Strand", "List"};
    for (const auto& [name, ref] : sem_.globals)
      if (ref.kind == SymbolRef::Kind::EnumType || ref.kind == SymbolRef::Kind::EventType) names.push_back(name);
    auto& d = diags_.error("E0314", t.span, fmt::format("unknown type `{}`", n));
    if (auto s = closest_name(n, names)) d.help = fmt::format("did you mean `{}`?", *s);
    return kErrorType;
  }
  if (t.optional) return types_.optional_of(base);
  if (t.or_unknown) return types_.unknown_of(base);
  return base;
}

void Checker::check_param(ParamInfo& p) {
  begin_body();
  p.type = check(*p.decl->value);
  end_body(p.decl->value.get());
  const Expr& v = *p.decl->value;
  auto literal = [](const Expr& x) {
    return x.kind == ExprKind::IntLit || x.kind == ExprKind::DecimalLit || x.kind == ExprKind::PercentLit ||
           x.kind == ExprKind::DateLit || x.kind == ExprKind::BoolLit;
  };
  bool constant = literal(v) || (v.kind == ExprKind::Duration && v.a->kind == ExprKind::IntLit) ||
                  (v.kind == ExprKind::Name && v.resolution == Resolution::EnumValue);
  if (!constant && p.type != kErrorType)
    error_type(v.span, "E0315", fmt::format("parameter `{}` must be a single value such as 12 months, 10% or 3",
                                            p.decl->name),
               "put calculations in a `def`");
}

void Checker::check_def(int index) {
  DefInfo& d = sem_.defs[index];
  if (d.state == DefInfo::State::Done) return;
  if (d.state == DefInfo::State::Checking) {
    Span s = d.decl ? d.decl->span : d.result->span;
    diags_.error("E0316", s, fmt::format("`{}` is defined in terms of itself", d.name)).help =
        "rules cannot be recursive; write the condition out in full";
    d.type = kErrorType;
    return;
  }
  // Definitions are checked on first use, one inside another: a long chain
  // stops here instead of exhausting the stack (and could not run anyway).
  if (def_nesting_ >= kMaxDefinitionDepth) {
    report_chain_too_deep(d);
    d.type = kErrorType;
    d.depth = kMaxDefinitionDepth + 1;
    d.state = DefInfo::State::Done;
    return;
  }
  d.state = DefInfo::State::Checking;
  ++def_nesting_;
  // Save the caller's scope: definitions are checked on first use.
  auto saved_locals = std::move(locals_);
  int saved_next = next_slot_, saved_max = max_slot_;
  bool* saved_reads = reads_outcomes_;
  bool reads = false;
  reads_outcomes_ = &reads;
  int* saved_callee_depth = callee_depth_;
  int callee_depth = 0;
  callee_depth_ = &callee_depth;
  std::vector<TypeId> param_types;
  std::vector<std::string> names;
  if (d.decl)
    for (const DefParam& p : d.decl->params) param_types.push_back(resolve_type(p.type)), names.push_back(p.name);
  sem_.defs[index].param_types = param_types;
  begin_body(param_types, names);
  TypeId declared = d.decl && d.decl->return_type ? resolve_type(*d.decl->return_type) : TypeId(-1);
  TypeId body = check(*const_cast<Expr*>(d.body), declared);
  DefInfo& again = sem_.defs[index];
  if (declared >= 0 && body != kErrorType && declared != kErrorType && !assignable(body, declared))
    error_type(d.body->span, "E0317",
               fmt::format("`{}` is declared to give {}, but its rule gives {}", d.name, type_name(declared),
                           type_name(body)));
  again.type = declared >= 0 ? declared : body;
  again.frame_size = end_body(d.body);
  again.state = DefInfo::State::Done;
  again.reads_outcomes = reads;
  again.depth = callee_depth + 1;
  // Reported once, by the first definition past the limit.
  if (again.depth == kMaxDefinitionDepth + 1) report_chain_too_deep(again);
  locals_ = std::move(saved_locals);
  next_slot_ = saved_next, max_slot_ = saved_max;
  reads_outcomes_ = saved_reads;
  callee_depth_ = saved_callee_depth;
  --def_nesting_;
}

void Checker::report_chain_too_deep(const DefInfo& d) {
  // One report is enough: a chain cut short hides how long the rest of it is.
  if (reported_deep_chain_) return;
  reported_deep_chain_ = true;
  Span s = d.decl ? d.decl->span : d.result->span;
  error_type(s, "E0380",
             fmt::format("`{}` uses a chain of more than {} definitions, each using the next", d.name,
                         kMaxDefinitionDepth),
             fmt::format("rules can go at most {} definitions deep; write some of the steps out in full",
                         kMaxDefinitionDepth));
}

TypeId Checker::check_condition(Expr& e, const char* what) {
  begin_body();
  TypeId t = check(e, types_.verdict());
  if (t != kErrorType && !is_logical(t))
    error_type(e.span, "E0318", fmt::format("{} must be true or false (or met / not met), but this is {}", what,
                                            type_name(t)));
  end_body(&e);
  return t;
}

void Checker::check_strands() {
  std::map<std::string, Span> ids;
  for (const StrandDecl* s : sem_.strands) {
    for (const IndicatorDecl& ind : s->indicators) {
      auto [it, fresh] = ids.emplace(ind.id, ind.span);
      if (!fresh) {
        auto& d = diags_.error("E0319", ind.span, fmt::format("indicator {} is defined twice", ind.id));
        d.notes.push_back({it->second, "first defined here"});
      }
      for (Expr* condition : {ind.presents.get(), ind.progress_condition.get()}) {
        bool reads = false;
        reads_outcomes_ = &reads;
        check_condition(*condition, condition == ind.presents.get() ? "a presenting condition" : "a progress condition");
        reads_outcomes_ = nullptr;
        if (reads)
          error_type(condition->span, "E0369",
                     fmt::format("indicator {}'s condition depends on which strands or indicators present, "
                                 "which is only known after every indicator is worked out", ind.id),
                     "use presenting(...) and progress(...) in results and claims");
      }
    }
  }
}

void Checker::check_results() {
  for (int i : sem_.result_defs) {
    check_def(i);
    // A result is written in every output: it must be a value a reader can read.
    const DefInfo& d = sem_.defs[i];
    TypeKind k = types_.kind(types_.base(d.type));
    bool writable = k == TypeKind::Bool || k == TypeKind::Verdict || k == TypeKind::Int || k == TypeKind::Number ||
                    k == TypeKind::Percent || k == TypeKind::Date || k == TypeKind::Enum || d.type == kErrorType;
    if (!writable)
      error_type(d.result->span, "E0370",
                 fmt::format("result `{}` is {}, which cannot be written in an output", d.name, type_name(d.type)),
                 "a result is true/false, a verdict, a number, a percentage, a date or an enumeration value");
  }
  for (const ClaimDecl* c : sem_.claims) {
    for (const ClaimCondition& cond : c->conditions) check_condition(*cond.condition, "a claim condition");
    if (c->discretion) check_condition(*c->discretion->condition, "a discretion condition");
  }
}

}  // namespace checker

bool check_modules(const std::vector<const Module*>& modules, Semantics& out, Diagnostics& diags) {
  checker::Checker c(out, diags);
  return c.run(modules);
}

}  // namespace outcomes
