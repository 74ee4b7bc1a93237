// outcomes explain --plan PLAN --families FILE --family ID --as-of DATE [--format text|json]
#include <fmt/format.h>

#include "cli/explanation.h"
#include "cli/output.h"
#include "cli/plan_loading.h"
#include "runtime/loader.h"

namespace outcomes::cli {

namespace {

const char* marker(int logic) {
  switch (logic) {
    case 1: return "✓";
    case 0: return "✗";
    case 2: return "?";
    default: return "·";
  }
}

std::string evidence_text(const Evidence& e) {
  std::string s = e.type;
  if (!e.date.empty()) s += " on " + e.date;
  if (!e.member.empty()) s += (e.type == "member" ? " " : " by ") + e.member;
  return s;
}

void render_node(std::string& out, const ExplainNode& n, int depth) {
  std::string line = fmt::format("{}{} {}", std::string(depth * 2, ' '), marker(n.logic), n.rule);
  if (!n.value.empty()) line += fmt::format("  → {}", n.value);
  if (n.window) line += fmt::format("  [window {}]", format_window(*n.window));
  if (n.kind == TraceNodeKind::Quantifier && !n.label.empty()) {
    if (n.evidence_total == 0 && (n.label == "any" || n.label == "no" || n.label == "latest" || n.label == "earliest"))
      line += "  [none found]";
    else if (!n.evidence.empty()) {
      std::vector<std::string> items;
      for (const Evidence& e : n.evidence) items.push_back(evidence_text(e));
      line += fmt::format("  [{}{}: {}{}]", n.label == "every" ? "failing" : n.label == "no" ? "found" : "found",
                          n.evidence_total > 1 ? fmt::format(" {}", n.evidence_total) : "", fmt::join(items, "; "),
                          n.evidence_total > static_cast<int>(n.evidence.size()) ? "; ..." : "");
    }
  }
  out += line + "\n";
  for (const ExplainNode& c : n.children) render_node(out, c, depth + 1);
}

std::string node_json(const ExplainNode& n) {
  std::string s = fmt::format("{{\"rule\": {}, \"value\": {}", json_escape(n.rule), json_escape(n.value));
  if (n.window) s += fmt::format(", \"window\": {}", json_escape(format_window(*n.window)));
  if (n.evidence_total > 0) {
    s += ", \"evidence\": [";
    for (size_t i = 0; i < n.evidence.size(); ++i)
      s += fmt::format("{}{{\"type\": {}, \"member\": {}, \"date\": {}}}", i ? ", " : "", json_escape(n.evidence[i].type),
                       n.evidence[i].member.empty() ? "null" : json_escape(n.evidence[i].member),
                       n.evidence[i].date.empty() ? "null" : json_escape(n.evidence[i].date));
    s += fmt::format("], \"evidence_total\": {}", n.evidence_total);
  }
  if (!n.children.empty()) {
    s += ", \"children\": [";
    for (size_t i = 0; i < n.children.size(); ++i) s += (i ? ", " : "") + node_json(n.children[i]);
    s += "]";
  }
  return s + "}";
}

}  // namespace

std::string render_explanation_text(const FamilyExplanation& x) {
  std::string out = fmt::format("Family {} under {} ({}{}): assessed {}, as of {}\n", x.family, x.plan, x.plan_title,
                                x.plan_version.empty() ? "" : ", " + x.plan_version, x.assessed, x.as_of);
  for (const auto& [strand, state] : x.strands) {
    out += fmt::format("\nStrand {}: {}\n", strand,
                       state.first ? fmt::format("presents, progress {}", verdict_name(static_cast<uint8_t>(state.second)))
                                   : "does not present");
    for (const IndicatorExplanation& ind : x.indicators) {
      if (ind.strand != strand) continue;
      out += fmt::format("\n  {} {}\n", ind.id, ind.presenting ? "presents" : "does not present");
      if (!ind.issue.empty()) out += fmt::format("    \"{}\"\n", ind.issue);
      render_node(out, ind.presents, 3);
      if (ind.progress_tree) {
        out += fmt::format("    progress {}", verdict_name(static_cast<uint8_t>(ind.progress)));
        if (!ind.progress_wording.empty()) out += fmt::format(": \"{}\"", ind.progress_wording);
        out += "\n";
        render_node(out, *ind.progress_tree, 3);
      }
    }
  }
  out += "\nResults\n";
  for (const ResultExplanation& r : x.results) {
    out += fmt::format("\n  {}: {}{}\n", r.name, r.value, r.title.empty() ? "" : fmt::format(" ({})", r.title));
    if (r.tree) render_node(out, *r.tree, 2);
    for (const ConditionExplanation& c : r.conditions) {
      out += fmt::format("    {} {}: {}\n", marker(c.verdict), c.name, c.wording);
      render_node(out, c.tree, 3);
    }
    if (r.discretion) {
      out += fmt::format("    {} discretion: {}\n", marker(r.discretion->verdict), r.discretion->wording);
      render_node(out, r.discretion->tree, 3);
    }
  }
  if (x.truncated) out += "\n(the trace was cut short: this family's evaluation recorded too much to show in full)\n";
  return out;
}

std::string render_explanation_json(const FamilyExplanation& x) {
  std::string s = fmt::format("{{\"family\": {}, \"plan\": {}, \"as_of\": \"{}\", \"assessment_date\": \"{}\", \"indicators\": [",
                              json_escape(x.family), json_escape(x.plan), x.as_of, x.assessed);
  for (size_t i = 0; i < x.indicators.size(); ++i) {
    const IndicatorExplanation& ind = x.indicators[i];
    s += fmt::format("{}{{\"id\": {}, \"strand\": {}, \"presenting\": {}, \"issue\": {}, \"presents\": {}", i ? ", " : "",
                     json_escape(ind.id), json_escape(ind.strand), ind.presenting ? "true" : "false",
                     json_escape(ind.issue), node_json(ind.presents));
    if (ind.progress_tree)
      s += fmt::format(", \"progress\": \"{}\", \"progress_wording\": {}, \"progress_tree\": {}",
                       verdict_name(static_cast<uint8_t>(ind.progress)), json_escape(ind.progress_wording),
                       node_json(*ind.progress_tree));
    s += "}";
  }
  s += "], \"results\": [";
  for (size_t r = 0; r < x.results.size(); ++r) {
    const ResultExplanation& res = x.results[r];
    s += fmt::format("{}{{\"name\": {}, \"value\": {}", r ? ", " : "", json_escape(res.name), json_escape(res.value));
    if (res.tree) s += ", \"tree\": " + node_json(*res.tree);
    if (res.is_claim) {
      s += ", \"conditions\": [";
      for (size_t c = 0; c < res.conditions.size(); ++c)
        s += fmt::format("{}{{\"condition\": {}, \"wording\": {}, \"status\": \"{}\", \"tree\": {}}}", c ? ", " : "",
                         json_escape(res.conditions[c].name), json_escape(res.conditions[c].wording),
                         verdict_name(static_cast<uint8_t>(res.conditions[c].verdict)), node_json(res.conditions[c].tree));
      s += "]";
      if (res.discretion) s += ", \"discretion\": " + node_json(res.discretion->tree);
    }
    s += "}";
  }
  return s + fmt::format("], \"truncated\": {}}}\n", x.truncated ? "true" : "false");
}

int explain_command(const ExplainOptions& o) {
  auto as_of = parse_iso_date(o.as_of);
  if (!as_of) {
    fmt::print(stderr, "error: --as-of {}: expected a date YYYY-MM-DD\n", o.as_of);
    return kExitUsage;
  }
  auto plan = load_plan(o.plan, /*trace=*/true);
  if (!plan) return kExitPlanError;
  const Program& program = plan->program();
  CohortReader reader(program.schema, o.families == "-" ? "<stdin>" : o.families, [&](const LoadIssue& issue) {
    if (issue.family_id == o.family || issue.family_id.empty()) fmt::print(stderr, "{}\n", render_load_issue(issue));
  });
  bool found = false, explained = false;
  Vm vm(program);
  bool read_ok = read_cohort(o.families, reader, [&](const Family& family) {
    if (found || family.id != o.family) return;
    found = true;
    if (family.assessment_date > *as_of) {
      fmt::print(stderr, "family {}: its assessment date {} is after the as-of date {}; nothing to explain\n", family.id,
                 format_date(family.assessment_date), o.as_of);
      return;
    }
    Evaluation ev;
    try {
      FamilyExplanation x = explain_family(program, plan->compilation->sources, family, *as_of, vm, ev);
      fmt::print("{}", o.format == "json" ? render_explanation_json(x) : render_explanation_text(x));
      explained = true;
    } catch (const EvaluationError& e) {
      fmt::print(stderr, "family {}: {}\n", family.id, e.what());
    }
  });
  if (!read_ok) return kExitUsage;
  if (!found) {
    fmt::print(stderr, "error: no accepted family with id {} in {}\n", o.family, o.families);
    return kExitSomeRejected;
  }
  return explained ? kExitOk : kExitSomeRejected;
}

}  // namespace outcomes::cli
