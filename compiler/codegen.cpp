#include "compiler/codegen.h"

#include <fmt/format.h>

#include <atomic>

#include "compiler/codegen_internal.h"
#include "compiler/superinstructions.h"

namespace outcomes::codegen {

namespace {

// Whether the VM should keep a definition's results by argument values: when
// its body calls, loops or runs long enough that a lookup is cheaper than
// running it again, and reads nothing that changes while a family is
// evaluated (indicator and strand verdicts are filled in as it goes).
bool worth_caching(const FunctionInfo& f, const std::vector<Instruction>& code) {
  if (f.arity < 1 || f.arity > kMaxCachedArguments) return false;
  constexpr uint32_t kLongBody = 24;
  bool costly = f.end - f.entry >= kLongBody;
  for (uint32_t pc = f.entry; pc < f.end; ++pc) {
    switch (code[pc].op) {
      case Op::STRAND_PRESENTING:
      case Op::STRAND_PROGRESS:
      case Op::INDICATOR_PRESENTING:
      case Op::INDICATOR_PROGRESS: return false;
      case Op::CALL:
      case Op::CALL_MEMO:
      case Op::ITER_START:
      case Op::INTERVAL_RUN:
      case Op::INTERVAL_COVER: costly = true; break;
      default: break;
    }
  }
  return costly;
}

}  // namespace

int Generator::emit(Op op, int32_t a, uint16_t b) {
  program_.code.push_back({op, 0, b, a});
  LineColumn at = sources_.file(span_.file).position(span_.begin);
  program_.debug.push_back({span_.file, span_.begin, span_.end, at.line});
  return static_cast<int>(program_.code.size() - 1);
}

void Generator::patch(int at) { program_.code[at].a = static_cast<int32_t>(program_.code.size()); }

int Generator::constant(Value v) {
  for (size_t i = 0; i < program_.constants.size(); ++i)
    if (program_.constants[i].a == v.a && program_.constants[i].b == v.b) return static_cast<int>(i);
  program_.constants.push_back(v);
  return static_cast<int>(program_.constants.size() - 1);
}

void Generator::emit_const(Value v) { emit(Op::CONST, constant(v)); }

Value Generator::fold(const Expr& e) const {
  switch (e.kind) {
    case ExprKind::IntLit:
    case ExprKind::DateLit:
    case ExprKind::BoolLit:
    case ExprKind::TermLit:
    case ExprKind::MonthLit: return {e.int_value, 0};
    case ExprKind::DecimalLit:
    case ExprKind::PercentLit: return {e.num, e.den};
    case ExprKind::Duration: {
      auto [factor, unit] = duration_unit(e.unit);
      return {e.a->int_value * factor, unit};
    }
    case ExprKind::Name:
    case ExprKind::Field:
      if (e.resolution == Resolution::EnumValue) return {e.ref2, 0};
      break;
    default: break;
  }
  return {};
}

std::pair<int64_t, int> Generator::duration_unit(DurationUnit u) {
  switch (u) {
    case DurationUnit::Days: return {1, 0};
    case DurationUnit::Weeks: return {7, 0};
    case DurationUnit::Months: return {1, 1};
    case DurationUnit::Years: return {12, 1};
  }
  return {1, 0};
}

int Generator::begin_function(std::string name, int arity, int locals) {
  FunctionInfo f;
  f.name = std::move(name);
  f.entry = static_cast<uint32_t>(program_.code.size());
  f.arity = static_cast<uint16_t>(arity);
  f.locals = static_cast<uint16_t>(std::max(locals, arity));
  program_.functions.push_back(std::move(f));
  return static_cast<int>(program_.functions.size() - 1);
}

void Generator::end_function(int index) { program_.functions[index].end = static_cast<uint32_t>(program_.code.size()); }

int Generator::body_function(std::string name, const Expr& body, bool collapse, int arity) {
  int index = begin_function(std::move(name), arity, frame_size(body));
  span_ = body.span;
  expr(body);
  span_ = body.span;
  if (collapse) emit(Op::COLLAPSE);
  emit(Op::RETURN);
  end_function(index);
  return index;
}

int Generator::frame_size(const Expr& body) const {
  auto it = sem_.frame_sizes.find(&body);
  return it == sem_.frame_sizes.end() ? 0 : it->second;
}

OutputKind Generator::output_kind(TypeId t, int* enum_id) const {
  const TypeInfo& i = sem_.types.info(sem_.types.base(t));
  switch (i.kind) {
    case TypeKind::Bool: return OutputKind::Bool;
    case TypeKind::Verdict: return OutputKind::Verdict;
    case TypeKind::Int: return OutputKind::Int;
    case TypeKind::Number: return OutputKind::Number;
    case TypeKind::Percent: return OutputKind::Percent;
    case TypeKind::Date: return OutputKind::Date;
    case TypeKind::Enum: *enum_id = i.param; return OutputKind::Enum;
    default: return OutputKind::Int;
  }
}

std::unique_ptr<Program> Generator::run(const std::vector<const Module*>& modules) {
  program_.schema = sem_.schema;
  for (size_t i = 0; i < sources_.size(); ++i) program_.source_paths.push_back(sources_.file(i).path);
  program_.claim_verdict_enum = sem_.claim_verdict_enum;
  program_.traced = trace_;
  static std::atomic<uint64_t> next_serial{1};
  program_.serial = next_serial++;
  if (sem_.plan) {
    program_.plan_id = sem_.plan->id;
    program_.title = sem_.plan->title;
    program_.version = sem_.plan->version;
    program_.source_document = sem_.plan->source;
  }
  // Functions for definitions are numbered first so calls can name them
  // before their code exists.
  for (size_t i = 0; i < sem_.defs.size(); ++i) {
    const DefInfo& d = sem_.defs[i];
    int f = begin_function(d.name, static_cast<int>(d.param_types.size()), d.frame_size);
    def_functions_.push_back(f);
    if (d.param_types.empty()) program_.functions[f].memo = program_.memo_count++;
  }
  for (size_t i = 0; i < sem_.defs.size(); ++i) {
    const DefInfo& d = sem_.defs[i];
    FunctionInfo& f = program_.functions[def_functions_[i]];
    f.entry = static_cast<uint32_t>(program_.code.size());
    span_ = d.body->span;
    expr(*d.body);
    convert(d.body->type, d.type);
    emit(Op::RETURN);
    program_.functions[def_functions_[i]].end = static_cast<uint32_t>(program_.code.size());
    program_.functions[def_functions_[i]].cached = worth_caching(program_.functions[def_functions_[i]], program_.code);
  }
  for (size_t s = 0; s < sem_.strands.size(); ++s) {
    const StrandDecl& sd = *sem_.strands[s];
    StrandInfo info{sd.id, sd.title, {}};
    for (const IndicatorDecl& ind : sd.indicators) {
      IndicatorInfo ii;
      ii.id = ind.id, ii.strand = static_cast<int>(s);
      ii.issue = ind.issue, ii.progress = ind.progress, ii.sources = ind.sources;
      ii.presents_function = body_function(fmt::format("indicator {} presents", ind.id), *ind.presents, true);
      ii.progress_function = body_function(fmt::format("indicator {} progress", ind.id), *ind.progress_condition, false);
      info.indicators.push_back(static_cast<int>(program_.indicators.size()));
      program_.indicators.push_back(std::move(ii));
    }
    program_.strands.push_back(std::move(info));
  }
  for (size_t r = 0; r < sem_.results.size(); ++r) {
    ResultInfo info;
    info.name = sem_.results[r]->name;
    info.title = sem_.results[r]->title;
    info.function = def_functions_[sem_.result_defs[r]];
    info.kind = output_kind(sem_.defs[sem_.result_defs[r]].type, &info.enum_id);
    program_.results.push_back(std::move(info));
  }
  for (const ClaimDecl* c : sem_.claims) {
    ResultInfo info;
    info.name = c->name, info.title = c->title, info.is_claim = true;
    info.kind = OutputKind::Enum, info.enum_id = sem_.claim_verdict_enum;
    for (const ClaimCondition& cond : c->conditions)
      info.conditions.push_back(
          {cond.name, cond.wording, body_function(fmt::format("claim {} condition {}", c->name, cond.name), *cond.condition, false)});
    if (c->discretion)
      info.discretion = ClaimConditionInfo{"discretion", c->discretion->wording,
                                           body_function(fmt::format("claim {} discretion", c->name),
                                                         *c->discretion->condition, true)};
    program_.results.push_back(std::move(info));
  }
  for (size_t t = 0; t < sem_.checks.size(); ++t)
    for (const EventCheckDecl* c : sem_.checks[t])
      program_.check_functions.push_back(
          body_function(fmt::format("{} check", sem_.schema.types[t].name), *c->condition, true, 1));
  (void)modules;
  fuse_superinstructions(program_);
  return std::make_unique<Program>(std::move(program_));
}

}  // namespace outcomes::codegen

namespace outcomes {

std::unique_ptr<Program> generate_program(const std::vector<const Module*>& modules, const Semantics& sem,
                                          const SourceSet& sources, bool trace) {
  codegen::Generator g(sem, sources, trace);
  return g.run(modules);
}

}  // namespace outcomes
