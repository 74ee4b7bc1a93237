// Checking quantifiers over lists and events, and calls of definitions and
// built-in functions.
#include <fmt/format.h>

#include "compiler/checker_internal.h"

namespace outcomes::checker {

TypeId Checker::source_type(Expr& source) {
  TypeId t = check(source);
  if (t == kErrorType) return t;
  if (types_.kind(t) != TypeKind::List) {
    error_type(source.span, "E0360", fmt::format("expected a list or an event type here, but this is {}", type_name(t)),
               "quantifiers run over an event type (`any offence where ...`) or a list (`every c in children ...`)");
    return kErrorType;
  }
  return t;
}

TypeId Checker::check_quantifier(Expr& e) {
  // The loop's locals are taken first: the code sets the running result
  // before it evaluates the list and the count, so a quantifier in either
  // must not share them.
  int slot = allocate_slots(4);
  e.binder_slot = slot;
  TypeId take = kErrorType;
  if (e.d) {
    take = check(*e.d);
    if (take != kErrorType && take != types_.integer())
      error_type(e.d->span, "E0361", fmt::format("`{}` needs a whole number, as in `last 2 of ...`", quant_text(e.quant)));
  }
  TypeId list = source_type(*e.a);
  TypeId elem = list == kErrorType ? kErrorType : types_.info(list).elem;
  locals_.push_back({e.name, elem, slot + 2, e.implicit_binder});
  TypeId filter = types_.boolean();
  if (e.b) {
    filter = check(*e.b, types_.verdict());
    if (filter != kErrorType && !is_logical(filter)) {
      error_type(e.b->span, "E0362", fmt::format("`where` needs true/false, but this is {}", type_name(filter)));
      filter = kErrorType;
    }
  }
  TypeId body = kErrorType;
  if (e.c) {
    body = check(*e.c, e.quant == QuantKind::Sum ? TypeId(-1) : types_.verdict());
    if (body != kErrorType && e.quant == QuantKind::Sum) {
      TypeKind k = types_.kind(types_.base(body));
      if (k != TypeKind::Int && k != TypeKind::Number) {
        error_type(e.c->span, "E0363", fmt::format("`sum` adds numbers, but this is {}", type_name(body)));
        body = kErrorType;
      }
    } else if (body != kErrorType && !is_logical(body)) {
      error_type(e.c->span, "E0364", fmt::format("`satisfies` needs true/false, but this is {}", type_name(body)));
      body = kErrorType;
    }
  }
  locals_.pop_back();
  next_slot_ = slot;  // the loop is over: its slots are free again
  if (list == kErrorType || filter == kErrorType) return kErrorType;
  bool verdict_filter = types_.kind(filter) == TypeKind::Verdict;
  switch (e.quant) {
    case QuantKind::Any:
    case QuantKind::No: return verdict_filter ? types_.verdict() : types_.boolean();
    case QuantKind::Count: return types_.integer();
    case QuantKind::Sum: return body == kErrorType ? kErrorType : types_.base(body);
    case QuantKind::Every:
    case QuantKind::Some:
      if (body == kErrorType) return kErrorType;
      return verdict_filter || types_.kind(body) == TypeKind::Verdict ? types_.verdict() : types_.boolean();
    case QuantKind::Each:
    case QuantKind::First:
    case QuantKind::Last: return list;
    case QuantKind::Latest:
    case QuantKind::Earliest: return types_.optional_of(elem);
  }
  return kErrorType;
}

namespace {

struct BuiltinSignature {
  const char* name;
  int id;  // a Native, or one of the special ids below
  int arity;
};

constexpr int kPresent = 100, kPresenting = 101, kProgress = 102, kLongestRun = 103, kBestCovered = 104,
              kIndicatorPresenting = 105, kIndicatorProgress = 106;

constexpr BuiltinSignature kBuiltins[] = {
    {"age", static_cast<int>(Native::AGE), 2},
    {"year_of", static_cast<int>(Native::YEAR_OF), 1},
    {"month_of", static_cast<int>(Native::MONTH_OF), 1},
    {"day_of", static_cast<int>(Native::DAY_OF), 1},
    {"weekday_of", static_cast<int>(Native::WEEKDAY_OF), 1},
    {"date", static_cast<int>(Native::MAKE_DATE), 3},
    {"min", static_cast<int>(Native::MIN_SCALAR), 2},
    {"max", static_cast<int>(Native::MAX_SCALAR), 2},
    {"mean", static_cast<int>(Native::MEAN_SCORE), 1},
    {"count_scored", static_cast<int>(Native::COUNT_SCORED), 1},
    {"percent", static_cast<int>(Native::PERCENT), 2},
    {"term_start", static_cast<int>(Native::TERM_START), 1},
    {"term_end", static_cast<int>(Native::TERM_END), 1},
    {"month_start", static_cast<int>(Native::MONTH_START), 1},
    {"calendar_month", static_cast<int>(Native::MONTH_OF_DATE), 1},
    {"present", kPresent, 1},
    {"presenting", kPresenting, 1},
    {"progress", kProgress, 1},
    {"longest_run", kLongestRun, 2},
    {"best_covered", kBestCovered, 3},
};

}  // namespace

TypeId Checker::check_call(Expr& e) {
  auto it = sem_.globals.find(e.name);
  if (it != sem_.globals.end() && it->second.kind == SymbolRef::Kind::Def) {
    int index = it->second.index;
    check_def(index);
    const DefInfo& d = sem_.defs[index];
    if (d.param_types.size() != e.args.size()) {
      error_type(e.span, "E0365", fmt::format("`{}` takes {} argument(s), but {} are given", e.name, d.param_types.size(),
                                              e.args.size()));
      return kErrorType;
    }
    for (size_t i = 0; i < e.args.size(); ++i) {
      TypeId want = sem_.defs[index].param_types[i];
      TypeId got = check(*e.args[i], want);
      if (got != kErrorType && !assignable(got, want))
        error_type(e.args[i]->span, "E0366",
                   fmt::format("argument {} of `{}` must be {}, but this is {}", i + 1, e.name, type_name(want), type_name(got)));
    }
    e.resolution = Resolution::Definition, e.ref = index;
    if (sem_.defs[index].reads_outcomes) note_reads_outcomes();
    note_callee(index);
    return sem_.defs[index].type;
  }
  const BuiltinSignature* sig = nullptr;
  for (const BuiltinSignature& b : kBuiltins)
    if (e.name == b.name) sig = &b;
  if (!sig) {
    std::vector<std::string> names;
    for (const auto& [n, ref] : sem_.globals)
      if (ref.kind == SymbolRef::Kind::Def) names.push_back(n);
    for (const BuiltinSignature& b : kBuiltins) names.push_back(b.name);
    auto& d = diags_.error("E0367", e.span, fmt::format("unknown function `{}`", e.name));
    if (auto s = closest_name(e.name, names)) d.help = fmt::format("did you mean `{}`?", *s);
    return kErrorType;
  }
  if (static_cast<int>(e.args.size()) != sig->arity) {
    error_type(e.span, "E0365", fmt::format("`{}` takes {} argument(s), but {} are given", e.name, sig->arity, e.args.size()));
    return kErrorType;
  }
  std::vector<TypeId> args;
  TypeId strand_hint = sig->id == kPresenting || sig->id == kProgress ? types_.strand() : TypeId(-1);
  for (auto& a : e.args) args.push_back(check(*a, strand_hint));
  for (TypeId t : args)
    if (t == kErrorType) return kErrorType;
  e.resolution = Resolution::Builtin, e.ref = sig->id;
  // A built-in given something that may be absent gives something that may
  // be absent (the VM passes absence through).
  bool optional_argument = false;
  if (sig->id < 100) {
    for (TypeId& t : args)
      if (types_.kind(t) == TypeKind::Optional) t = types_.base(t), optional_argument = true;
  }
  TypeId result = check_native(e, sig->id, args);  // may refine e.ref
  return optional_argument && result != kErrorType ? types_.optional_of(result) : result;
}

// Argument checks of the built-in functions; returns the result type.
TypeId Checker::check_native(Expr& e, int id, const std::vector<TypeId>& args) {
  auto want = [&](size_t i, TypeId t) {
    if (args[i] == t || assignable(args[i], t)) return true;
    error_type(e.args[i]->span, "E0366",
               fmt::format("argument {} of `{}` must be {}, but this is {}", i + 1, e.name, type_name(t), type_name(args[i])));
    return false;
  };
  auto scores = [&](size_t i) {
    if (types_.kind(types_.base(args[i])) == TypeKind::Scores) return true;
    error_type(e.args[i]->span, "E0366", fmt::format("`{}` needs Star scores, but this is {}", e.name, type_name(args[i])));
    return false;
  };
  auto intervals = [&](size_t i) {
    if (types_.kind(args[i]) == TypeKind::List && interval_type_of(types_.info(args[i]).elem) >= 0) {
      e.object_event_type = interval_type_of(types_.info(args[i]).elem);
      return true;
    }
    error_type(e.args[i]->span, "E0366",
               fmt::format("`{}` needs a list of events with a start and an end, but this is {}", e.name, type_name(args[i])));
    return false;
  };
  switch (id) {
    case static_cast<int>(Native::AGE):
      return want(0, types_.member()) && want(1, types_.date()) ? types_.integer() : kErrorType;
    case static_cast<int>(Native::YEAR_OF):
    case static_cast<int>(Native::MONTH_OF):
    case static_cast<int>(Native::DAY_OF):
    case static_cast<int>(Native::WEEKDAY_OF): return want(0, types_.date()) ? types_.integer() : kErrorType;
    case static_cast<int>(Native::MAKE_DATE):
      return want(0, types_.integer()) && want(1, types_.integer()) && want(2, types_.integer()) ? types_.date()
                                                                                                 : kErrorType;
    case static_cast<int>(Native::MIN_SCALAR):
    case static_cast<int>(Native::MAX_SCALAR):
      if (args[0] == args[1] && (args[0] == types_.date() || args[0] == types_.integer())) return args[0];
      error_type(e.span, "E0366", fmt::format("`{}` needs two dates or two whole numbers", e.name));
      return kErrorType;
    case static_cast<int>(Native::MEAN_SCORE):
      return scores(0) ? (args[0] == types_.base(args[0]) ? types_.number() : types_.optional_of(types_.number())) : kErrorType;
    case static_cast<int>(Native::COUNT_SCORED):
      return scores(0) ? (args[0] == types_.base(args[0]) ? types_.integer() : types_.optional_of(types_.integer())) : kErrorType;
    case static_cast<int>(Native::PERCENT):
      return want(0, types_.integer()) && want(1, types_.integer()) ? types_.unknown_of(types_.percent()) : kErrorType;
    case static_cast<int>(Native::TERM_START):
    case static_cast<int>(Native::TERM_END): return want(0, types_.term()) ? types_.date() : kErrorType;
    case static_cast<int>(Native::MONTH_START): return want(0, types_.month()) ? types_.date() : kErrorType;
    case static_cast<int>(Native::MONTH_OF_DATE): return want(0, types_.date()) ? types_.month() : kErrorType;
    case kPresent:
      if (types_.kind(args[0]) != TypeKind::Optional && types_.kind(args[0]) != TypeKind::Unknown) {
        error_type(e.args[0]->span, "E0368", fmt::format("`present` asks whether something that may be absent is there, "
                                                         "but {} is always there", type_name(args[0])));
        return kErrorType;
      }
      return types_.boolean();
    case kPresenting:
    case kProgress:
      note_reads_outcomes();
      // presenting(x) / progress(x) take a strand or an indicator.
      if (args[0] == types_.indicator()) {
        e.ref = id == kPresenting ? kIndicatorPresenting : kIndicatorProgress;
        return id == kPresenting ? types_.boolean() : types_.verdict();
      }
      if (!want(0, types_.strand())) return kErrorType;
      return id == kPresenting ? types_.boolean() : types_.verdict();
    case kLongestRun: return intervals(0) && want(1, types_.window()) ? types_.integer() : kErrorType;
    case kBestCovered:
      return intervals(0) && want(1, types_.integer()) && want(2, types_.window()) ? types_.integer() : kErrorType;
  }
  return kErrorType;
}

}  // namespace outcomes::checker
