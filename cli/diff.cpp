// outcomes diff PLAN_A PLAN_B [--format text|json]
#include "cli/diff.h"

#include <fmt/format.h>

#include <map>
#include <set>

#include "cli/commands.h"
#include "cli/output.h"
#include "cli/plan_loading.h"
#include "cli/unified_diff.h"
#include "compiler/printer.h"

namespace outcomes::cli {

namespace {

struct Indicator {
  const IndicatorDecl* decl;
  std::string strand;
  std::string rule;
};

struct Rules {
  const PlanHeader* header = nullptr;
  std::vector<const StrandDecl*> strands;
  std::vector<Indicator> indicators;
  std::vector<const ParamDecl*> params;
  std::vector<const DefDecl*> defs;
  std::vector<NamedRule> results;  // results and claims, in declaration order
};

Rules gather(const Compilation& c) {
  Rules r;
  const Semantics& s = *c.semantics;
  r.header = s.plan;
  r.strands = s.strands;
  for (const StrandDecl* st : s.strands)
    for (const IndicatorDecl& i : st->indicators) r.indicators.push_back({&i, st->id, print_indicator_rule(i)});
  for (const ParamInfo& p : s.params) r.params.push_back(p.decl);
  for (const DefInfo& d : s.defs)
    if (d.decl) r.defs.push_back(d.decl);
  for (const ResultDecl* res : s.results) r.results.push_back({res->name, print_result(*res), "", false, "result"});
  for (const ClaimDecl* cl : s.claims) r.results.push_back({cl->name, print_claim(*cl), "", false, "claim"});
  return r;
}

IndicatorSummary summary_of(const Indicator& i) {
  return {i.decl->id, i.strand, i.decl->issue, i.decl->progress, i.decl->sources, i.rule};
}

std::vector<TextChange> wording_changes(const IndicatorDecl& a, const IndicatorDecl& b) {
  std::vector<TextChange> out;
  if (a.issue != b.issue) out.push_back({"issue", a.issue, b.issue});
  if (a.progress != b.progress) out.push_back({"progress", a.progress, b.progress});
  if (a.sources != b.sources) out.push_back({"sources", a.sources, b.sources});
  return out;
}

bool same_wording(const IndicatorDecl& a, const IndicatorDecl& b) {
  bool any = !a.issue.empty() || !a.progress.empty() || !a.sources.empty();
  return any && a.issue == b.issue && a.progress == b.progress && a.sources == b.sources;
}

void diff_indicators(const Rules& a, const Rules& b, PlanDiff& d) {
  std::map<std::string, const Indicator*> by_id_a, by_id_b;
  for (const Indicator& i : a.indicators) by_id_a.emplace(i.decl->id, &i);
  for (const Indicator& i : b.indicators) by_id_b.emplace(i.decl->id, &i);
  std::set<const Indicator*> unmatched_a;
  for (const Indicator& i : a.indicators)
    if (!by_id_b.count(i.decl->id)) unmatched_a.insert(&i);
  for (const Indicator& i : b.indicators) {
    const Indicator* old = nullptr;
    if (auto it = by_id_a.find(i.decl->id); it != by_id_a.end()) {
      old = it->second;
    } else {
      // Renamed: same strand and the same wording under another id.
      for (const Indicator& cand : a.indicators)
        if (unmatched_a.count(&cand) && cand.strand == i.strand && same_wording(*cand.decl, *i.decl)) {
          old = &cand;
          unmatched_a.erase(&cand);
          break;
        }
    }
    if (!old) {
      d.indicators_added.push_back(summary_of(i));
      continue;
    }
    IndicatorChange ch{i.decl->id, old->decl->id == i.decl->id ? "" : old->decl->id, old->strand, i.strand,
                       wording_changes(*old->decl, *i.decl), old->rule, i.rule};
    if (!ch.renamed_from.empty() || ch.strand_from != ch.strand_to || !ch.wording.empty() || ch.rule_from != ch.rule_to)
      d.indicators_changed.push_back(std::move(ch));
  }
  for (const Indicator& i : a.indicators)
    if (unmatched_a.count(&i)) d.indicators_removed.push_back(summary_of(i));
}

template <typename T, typename Name>
std::map<std::string, const T*> index_by(const std::vector<const T*>& v, Name name) {
  std::map<std::string, const T*> m;
  for (const T* x : v) m.emplace(name(*x), x);
  return m;
}

void diff_params(const Rules& a, const Rules& b, PlanDiff& d) {
  auto name = [](const ParamDecl& p) { return p.name; };
  auto in_a = index_by(a.params, name), in_b = index_by(b.params, name);
  auto value = [](const ParamDecl& p) { return print_expr(*p.value, 0, 2); };
  for (const ParamDecl* p : b.params) {
    auto it = in_a.find(p->name);
    if (it == in_a.end()) {
      d.params_added.push_back({p->name, value(*p), p->description, p->is_override, ""});
      continue;
    }
    const ParamDecl& old = *it->second;
    if (value(old) != value(*p) || old.description != p->description)
      d.params_changed.push_back({p->name, value(old), value(*p), old.is_override, p->is_override, "", "",
                                  old.description, p->description});
  }
  for (const ParamDecl* p : a.params)
    if (!in_b.count(p->name)) d.params_removed.push_back({p->name, value(*p), p->description, p->is_override, ""});
}

void diff_defs(const Rules& a, const Rules& b, PlanDiff& d) {
  auto name = [](const DefDecl& x) { return x.name; };
  auto in_a = index_by(a.defs, name), in_b = index_by(b.defs, name);
  for (const DefDecl* x : b.defs) {
    auto it = in_a.find(x->name);
    if (it == in_a.end()) {
      d.defs_added.push_back({x->name, print_def(*x), print_def_signature(*x), x->is_override, ""});
      continue;
    }
    std::string from = print_def(*it->second), to = print_def(*x);
    if (from != to) d.defs_changed.push_back({x->name, from, to, it->second->is_override, x->is_override, "", "", "", ""});
  }
  for (const DefDecl* x : a.defs)
    if (!in_b.count(x->name))
      d.defs_removed.push_back({x->name, print_def(*x), print_def_signature(*x), x->is_override, ""});
}

void diff_results(const Rules& a, const Rules& b, PlanDiff& d) {
  std::map<std::string, const NamedRule*> in_a, in_b;
  for (const NamedRule& r : a.results) in_a.emplace(r.name, &r);
  for (const NamedRule& r : b.results) in_b.emplace(r.name, &r);
  for (const NamedRule& r : b.results) {
    auto it = in_a.find(r.name);
    if (it == in_a.end()) {
      NamedRule added = r;
      added.summary = r.kind + " " + r.name;
      d.results_added.push_back(std::move(added));
    } else if (it->second->text != r.text) {
      d.results_changed.push_back({r.name, it->second->text, r.text, false, false, it->second->kind, r.kind, "", ""});
    }
  }
  for (const NamedRule& r : a.results)
    if (!in_b.count(r.name)) {
      NamedRule removed = r;
      removed.summary = r.kind + " " + r.name;
      d.results_removed.push_back(std::move(removed));
    }
}

void diff_strands(const Rules& a, const Rules& b, PlanDiff& d) {
  auto id = [](const StrandDecl& s) { return s.id; };
  auto in_a = index_by(a.strands, id), in_b = index_by(b.strands, id);
  for (const StrandDecl* s : b.strands) {
    auto it = in_a.find(s->id);
    if (it == in_a.end()) d.strands_added.emplace_back(s->id, s->title);
    else if (it->second->title != s->title) d.strands_changed.push_back({s->id, it->second->title, s->title});
  }
  for (const StrandDecl* s : a.strands)
    if (!in_b.count(s->id)) d.strands_removed.emplace_back(s->id, s->title);
}

}  // namespace

bool PlanDiff::empty() const {
  return header.empty() && strands_added.empty() && strands_removed.empty() && strands_changed.empty() &&
         indicators_added.empty() && indicators_removed.empty() && indicators_changed.empty() &&
         params_added.empty() && params_removed.empty() && params_changed.empty() && defs_added.empty() &&
         defs_removed.empty() && defs_changed.empty() && results_added.empty() && results_removed.empty() &&
         results_changed.empty();
}

size_t PlanDiff::renamed_count() const {
  size_t n = 0;
  for (const IndicatorChange& c : indicators_changed) n += !c.renamed_from.empty();
  return n;
}

PlanDiff diff_plans(const Compilation& from, const std::string& from_path, const Compilation& to,
                    const std::string& to_path) {
  Rules a = gather(from), b = gather(to);
  PlanDiff d;
  d.from_path = from_path, d.to_path = to_path;
  d.from_id = a.header ? a.header->id : from_path;
  d.to_id = b.header ? b.header->id : to_path;
  d.from_version = a.header ? a.header->version : "";
  d.to_version = b.header ? b.header->version : "";
  PlanHeader none;
  const PlanHeader& ha = a.header ? *a.header : none;
  const PlanHeader& hb = b.header ? *b.header : none;
  if (ha.id != hb.id) d.header.push_back({"id", ha.id, hb.id});
  if (ha.title != hb.title) d.header.push_back({"title", ha.title, hb.title});
  if (ha.version != hb.version) d.header.push_back({"version", ha.version, hb.version});
  if (ha.source != hb.source) d.header.push_back({"source", ha.source, hb.source});
  diff_strands(a, b, d);
  diff_indicators(a, b, d);
  diff_params(a, b, d);
  diff_defs(a, b, d);
  diff_results(a, b, d);
  return d;
}

int diff_command(const DiffOptions& o) {
  auto a = load_plan(o.from);
  auto b = load_plan(o.to);
  if (!a || !b) return kExitPlanError;
  PlanDiff d = diff_plans(*a->compilation, o.from, *b->compilation, o.to);
  OutputFile out;
  std::string error;
  if (!out.open(o.output, &error)) {
    fmt::print(stderr, "error: {}\n", error);
    return kExitUsage;
  }
  out.write(o.format == "json" ? render_diff_json(d) : render_diff_text(d));
  if (!out.commit(&error)) {
    fmt::print(stderr, "error: {}\n", error);
    return kExitUsage;
  }
  return kExitOk;
}

}  // namespace outcomes::cli
