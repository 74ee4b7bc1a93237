#include "cli/explanation.h"

#include <fmt/format.h>

#include "cli/output.h"

namespace outcomes::cli {

namespace {

std::string one_line(std::string_view text, size_t limit = 200) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  if (out.size() > limit) out = out.substr(0, limit - 3) + "...";
  return out;
}

std::string format_rational(int64_t num, int64_t den, bool percent) {
  if (percent) {
    double v = 100.0 * static_cast<double>(num) / static_cast<double>(den);
    std::string s = fmt::format("{:.2f}", v);
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
    return s + "%";
  }
  if (den == 1) return std::to_string(num);
  std::string s = fmt::format("{:.3f}", static_cast<double>(num) / static_cast<double>(den));
  while (s.back() == '0') s.pop_back();
  return s;
}

class Builder {
 public:
  Builder(const Program& p, const SourceSet& s, const Family& f, const Trace& t) : p_(p), sources_(s), f_(f), t_(t) {
    children_.resize(t.records.size());
    for (size_t i = 0; i < t.records.size(); ++i)
      if (t.records[i].parent >= 0) children_[t.records[i].parent].push_back(static_cast<int>(i));
  }

  ExplainNode build(int record) const {
    const TraceRecord& r = t_.records[record];
    ExplainNode n;
    if (r.node >= 0) {
      const TraceNode& node = p_.trace_nodes[r.node];
      n.kind = node.kind;
      n.label = node.label;
      n.rule = one_line(sources_.text({node.where.file, node.where.begin, node.where.end}));
      n.value = value_text(node, r.value);
      if (node.value_kind == TraceValueKind::Bool || node.value_kind == TraceValueKind::Verdict)
        n.logic = static_cast<int>(r.value.a);
      for (int64_t element : r.elements) n.evidence.push_back(evidence(node.element_kind, element));
      n.evidence_total = r.element_count;
    }
    if (r.has_window) n.window = {{Date{static_cast<int32_t>(r.window.a)}, Date{static_cast<int32_t>(r.window.b)}}};
    for (int c : children_[record]) n.children.push_back(build(c));
    // The synthetic root has no rule of its own: its child is the condition.
    if (r.node < 0 && n.children.size() == 1) {
      ExplainNode only = std::move(n.children[0]);
      return only;
    }
    if (r.node < 0) n.logic = static_cast<int>(r.value.a), n.value = verdict_name(static_cast<uint8_t>(r.value.a));
    return n;
  }

 private:
  std::string value_text(const TraceNode& node, Value v) const {
    if (v.a == kAbsent) return node.value_kind == TraceValueKind::Percent ? "unknown" : "none";
    switch (node.value_kind) {
      case TraceValueKind::Bool: return v.a == 1 ? "true" : v.a == 2 ? "unknown" : "false";
      case TraceValueKind::Verdict: return verdict_name(static_cast<uint8_t>(v.a));
      case TraceValueKind::Int: return std::to_string(v.a);
      case TraceValueKind::Number: return format_rational(v.a, v.b ? v.b : 1, false);
      case TraceValueKind::Percent: return format_rational(v.a, v.b ? v.b : 1, true);
      case TraceValueKind::Date: return format_date(Date{static_cast<int32_t>(v.a)});
      case TraceValueKind::Enum: return p_.schema.enums[node.enum_id].values[v.a];
      case TraceValueKind::List: return v.b == 1 ? "1 item" : fmt::format("{} items", v.b);
      case TraceValueKind::Event: {
        Evidence e = evidence(TraceValueKind::Event, v.a);
        return fmt::format("{} on {}{}", e.type, e.date, e.member.empty() ? "" : " by " + e.member);
      }
      case TraceValueKind::Member: return f_.members[v.a].id;
      default: return "";
    }
  }

  Evidence evidence(TraceValueKind kind, int64_t element) const {
    if (kind == TraceValueKind::Member) return {"member", f_.members[element].id, ""};
    if (kind != TraceValueKind::Event || element < 0 || element >= static_cast<int64_t>(f_.events.size()))
      return {"", "", ""};
    const Event& e = f_.events[element];
    return {p_.schema.types[e.type].name, e.member == kNoMember ? "" : f_.members[e.member].id,
            format_date(Date{e.order_key})};
  }

  const Program& p_;
  const SourceSet& sources_;
  const Family& f_;
  const Trace& t_;
  std::vector<std::vector<int>> children_;
};

}  // namespace

FamilyExplanation explain_family(const Program& program, const SourceSet& sources, const Family& family, Date as_of,
                                 Vm& vm, Evaluation& ev) {
  Trace trace;
  Vm::TraceRoots roots;
  vm.evaluate_traced(family, as_of, ev, trace, roots);
  Builder b(program, sources, family, trace);
  FamilyExplanation x;
  x.family = family.id, x.plan = program.plan_id, x.plan_title = program.title, x.plan_version = program.version;
  x.as_of = format_date(as_of), x.assessed = format_date(family.assessment_date);
  x.truncated = trace.truncated;
  for (size_t i = 0; i < program.indicators.size(); ++i) {
    const IndicatorInfo& info = program.indicators[i];
    IndicatorExplanation ie;
    ie.id = info.id, ie.strand = program.strands[info.strand].id;
    ie.issue = info.issue, ie.progress_wording = info.progress;
    ie.presenting = ev.presenting[i];
    ie.presents = b.build(roots.presents[i]);
    if (ie.presenting) {
      ie.progress = ev.progress[i];
      ie.progress_tree = b.build(roots.progress[i]);
    }
    x.indicators.push_back(std::move(ie));
  }
  for (size_t s = 0; s < program.strands.size(); ++s)
    x.strands.push_back({program.strands[s].id, {ev.strand_presenting[s] == 1, ev.strand_progress[s]}});
  for (size_t r = 0; r < program.results.size(); ++r) {
    const ResultInfo& info = program.results[r];
    ResultExplanation re;
    re.name = info.name, re.title = info.title, re.is_claim = info.is_claim;
    re.value = result_text(program, r, ev.results[r]);
    if (re.value.size() >= 2 && re.value.front() == '"') re.value = re.value.substr(1, re.value.size() - 2);
    if (!info.is_claim) {
      re.tree = b.build(roots.result[r]);
    } else {
      for (size_t c = 0; c < info.conditions.size(); ++c)
        re.conditions.push_back({info.conditions[c].name, info.conditions[c].wording, ev.claim_conditions[r][c],
                                 b.build(roots.conditions[r][c])});
      if (info.discretion && roots.discretion[r] >= 0)
        re.discretion = ConditionExplanation{info.discretion->name, info.discretion->wording,
                                             ev.discretion[r] ? 1 : 0, b.build(roots.discretion[r])};
    }
    x.results.push_back(std::move(re));
  }
  return x;
}

int recompute(const ExplainNode& n) {
  auto and3 = [](int x, int y) { return x == 0 || y == 0 ? 0 : x == 2 || y == 2 ? 2 : 1; };
  auto or3 = [](int x, int y) { return x == 1 || y == 1 ? 1 : x == 2 || y == 2 ? 2 : 0; };
  if (n.kind == TraceNodeKind::Not && n.children.size() == 1) {
    int v = recompute(n.children[0]);
    return v == 2 ? 2 : v < 0 ? n.logic : 1 - v;
  }
  if ((n.kind == TraceNodeKind::And || n.kind == TraceNodeKind::Or) && !n.children.empty()) {
    bool is_and = n.kind == TraceNodeKind::And;
    int v = is_and ? 1 : 0;
    for (const ExplainNode& c : n.children) {
      int cv = recompute(c);
      if (cv < 0) return n.logic;
      v = is_and ? and3(v, cv) : or3(v, cv);
    }
    // A short-circuit skips the right-hand side: one child decides alone.
    return v;
  }
  return n.logic;
}

std::optional<std::pair<Date, Date>> first_window(const ExplainNode& n) {
  if (n.window) return n.window;
  for (const ExplainNode& c : n.children)
    if (auto w = first_window(c)) return w;
  return std::nullopt;
}

std::vector<Evidence> all_evidence(const ExplainNode& n) {
  std::vector<Evidence> out = n.evidence;
  for (const ExplainNode& c : n.children) {
    for (Evidence& e : all_evidence(c)) {
      bool seen = false;
      for (const Evidence& o : out) seen |= o.type == e.type && o.member == e.member && o.date == e.date;
      if (!seen) out.push_back(std::move(e));
    }
  }
  return out;
}

std::string format_window(std::pair<Date, Date> w) {
  return fmt::format("({}, {}]", format_date(add_days(w.first, -1)), format_date(w.second));
}

}  // namespace outcomes::cli
