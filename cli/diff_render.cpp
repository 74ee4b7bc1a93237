// The two forms of `outcomes diff`: readable text and JSON.
#include <fmt/format.h>

#include "cli/diff.h"
#include "cli/output.h"
#include "cli/unified_diff.h"

namespace outcomes::cli {

namespace {

std::string indent_lines(const std::string& text, const std::string& pad) {
  std::string out;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    out += pad + text.substr(start, nl - start) + "\n";
    start = nl + 1;
  }
  return out;
}

std::string shorten(const std::string& s, size_t n) {
  if (s.size() <= n) return s;
  size_t cut = n - 3;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 character
  return s.substr(0, cut) + "...";
}

std::string first_line(const std::string& s) { return s.substr(0, s.find('\n')); }

std::string override_note(bool from, bool to, const std::string& from_id, const std::string& to_id) {
  if (to && from) return fmt::format("   (overridden in both {} and {})", from_id, to_id);
  if (to) return fmt::format("   ({} overrides it)", to_id);
  if (from) return fmt::format("   ({} overrides it)", from_id);
  return "";
}

}  // namespace

std::string render_diff_text(const PlanDiff& d) {
  auto name = [](const std::string& id, const std::string& version) {
    return version.empty() ? id : fmt::format("{} ({})", id, version);
  };
  std::string out = fmt::format("Plan diff: {} → {}\n  from {}\n  to   {}\n\n", name(d.from_id, d.from_version),
                                name(d.to_id, d.to_version), d.from_path, d.to_path);
  size_t wording = 0, conditions = 0, moved = 0;
  for (const IndicatorChange& c : d.indicators_changed) {
    wording += !c.wording.empty();
    conditions += c.rule_from != c.rule_to;
    moved += c.strand_from != c.strand_to;
  }
  out += fmt::format(
      "Summary: indicators {} added, {} removed, {} renamed, {} with wording changed, {} with conditions changed;\n"
      "         parameters {} changed, {} added, {} removed; definitions {} changed, {} added, {} removed;\n"
      "         results and claims {} changed, {} added, {} removed\n",
      d.indicators_added.size(), d.indicators_removed.size(), d.renamed_count(), wording, conditions,
      d.params_changed.size(), d.params_added.size(), d.params_removed.size(), d.defs_changed.size(),
      d.defs_added.size(), d.defs_removed.size(), d.results_changed.size(), d.results_added.size(),
      d.results_removed.size());
  if (moved) out += fmt::format("         {} indicator(s) moved to another strand\n", moved);
  if (d.empty()) return out + "\nThe two plans have the same rules.\n";

  if (!d.header.empty()) {
    out += "\nPlan\n";
    for (const TextChange& h : d.header) out += fmt::format("  {}: \"{}\" → \"{}\"\n", h.field, h.from, h.to);
  }
  if (!d.params_changed.empty() || !d.params_added.empty() || !d.params_removed.empty()) {
    out += "\nParameters\n";
    for (const RuleChange& p : d.params_changed) {
      out += fmt::format("  changed  {}: {} → {}{}\n", p.name, p.from, p.to,
                         override_note(p.override_from, p.override_to, d.from_id, d.to_id));
      if (p.description_from != p.description_to)
        out += fmt::format("           description: \"{}\" → \"{}\"\n", p.description_from, p.description_to);
    }
    for (const NamedRule& p : d.params_added)
      out += fmt::format("  added    {} = {}{}\n", p.name, p.text, p.summary.empty() ? "" : "   \"" + p.summary + "\"");
    for (const NamedRule& p : d.params_removed)
      out += fmt::format("  removed  {} = {}{}\n", p.name, p.text, p.summary.empty() ? "" : "   \"" + p.summary + "\"");
  }
  if (!d.defs_changed.empty() || !d.defs_added.empty() || !d.defs_removed.empty()) {
    out += "\nDefinitions\n";
    for (const RuleChange& c : d.defs_changed) {
      out += fmt::format("  changed  {}{}\n", c.name, override_note(c.override_from, c.override_to, d.from_id, d.to_id));
      out += indent_lines(unified_diff(c.from, c.to), "      ");
    }
    for (const NamedRule& x : d.defs_added) out += fmt::format("  added    {}\n", x.summary);
    for (const NamedRule& x : d.defs_removed) out += fmt::format("  removed  {}\n", x.summary);
  }
  if (!d.strands_changed.empty() || !d.strands_added.empty() || !d.strands_removed.empty()) {
    out += "\nStrands\n";
    for (const TextChange& s : d.strands_changed)
      out += fmt::format("  changed  {}: title \"{}\" → \"{}\"\n", s.field, s.from, s.to);
    for (const auto& [id, title] : d.strands_added) out += fmt::format("  added    {} \"{}\"\n", id, title);
    for (const auto& [id, title] : d.strands_removed) out += fmt::format("  removed  {} \"{}\"\n", id, title);
  }
  if (!d.indicators_changed.empty() || !d.indicators_added.empty() || !d.indicators_removed.empty()) {
    out += "\nIndicators\n";
    for (const IndicatorChange& c : d.indicators_changed) {
      std::string name = c.renamed_from.empty() ? c.id : fmt::format("{} → {}", c.renamed_from, c.id);
      std::string what = c.renamed_from.empty() ? "changed " : "renamed ";
      std::string strand = c.strand_from == c.strand_to ? c.strand_to : fmt::format("{} → {}", c.strand_from, c.strand_to);
      out += fmt::format("  {} {} ({})\n", what, name, strand);
      for (const TextChange& w : c.wording)
        out += fmt::format("      {}: \"{}\"\n      {}  → \"{}\"\n", w.field, w.from, std::string(w.field.size(), ' '), w.to);
      if (c.rule_from != c.rule_to) {
        out += "      conditions:\n";
        out += indent_lines(unified_diff(c.rule_from, c.rule_to), "      ");
      }
    }
    for (const IndicatorSummary& i : d.indicators_added)
      out += fmt::format("  added    {} ({}): {}\n", i.id, i.strand, shorten(i.issue.empty() ? first_line(i.rule) : i.issue, 100));
    for (const IndicatorSummary& i : d.indicators_removed)
      out += fmt::format("  removed  {} ({}): {}\n", i.id, i.strand, shorten(i.issue.empty() ? first_line(i.rule) : i.issue, 100));
  }
  if (!d.results_changed.empty() || !d.results_added.empty() || !d.results_removed.empty()) {
    out += "\nResults and claims\n";
    for (const RuleChange& c : d.results_changed) {
      out += fmt::format("  changed  {} {}\n", c.kind_to, c.name);
      out += indent_lines(unified_diff(c.from, c.to), "      ");
    }
    for (const NamedRule& r : d.results_added) out += fmt::format("  added    {}\n", r.summary);
    for (const NamedRule& r : d.results_removed) out += fmt::format("  removed  {}\n", r.summary);
  }
  return out;
}

namespace {

std::string q(const std::string& s) { return json_escape(s); }

std::string change_list(const std::vector<TextChange>& v, const char* key) {
  std::string s = "[";
  for (size_t i = 0; i < v.size(); ++i)
    s += fmt::format("{}{{{}: {}, \"from\": {}, \"to\": {}}}", i ? ", " : "", q(key), q(v[i].field), q(v[i].from), q(v[i].to));
  return s + "]";
}

std::string indicator_json(const IndicatorSummary& i) {
  return fmt::format("{{\"id\": {}, \"strand\": {}, \"issue\": {}, \"progress\": {}, \"sources\": {}, \"rule\": {}}}", q(i.id),
                     q(i.strand), q(i.issue), q(i.progress), q(i.sources), q(i.rule));
}

std::string named_json(const NamedRule& r, bool param) {
  std::string s = fmt::format("{{\"name\": {}", q(r.name));
  if (param) s += fmt::format(", \"value\": {}, \"description\": {}", q(r.text), q(r.summary));
  else s += fmt::format(", \"text\": {}", q(r.text));
  if (!r.kind.empty()) s += fmt::format(", \"kind\": {}", q(r.kind));
  if (r.is_override) s += ", \"override\": true";
  return s + "}";
}

std::string change_json(const RuleChange& c, bool param) {
  std::string s = fmt::format("{{\"name\": {}, \"from\": {}, \"to\": {}", q(c.name), q(c.from), q(c.to));
  if (param && c.description_from != c.description_to)
    s += fmt::format(", \"description_from\": {}, \"description_to\": {}", q(c.description_from), q(c.description_to));
  if (!param) s += fmt::format(", \"diff\": {}", q(unified_diff(c.from, c.to)));
  if (!c.kind_to.empty()) s += fmt::format(", \"kind_from\": {}, \"kind_to\": {}", q(c.kind_from), q(c.kind_to));
  s += fmt::format(", \"override_from\": {}, \"override_to\": {}}}", c.override_from, c.override_to);
  return s;
}

template <typename T, typename F>
std::string list(const std::vector<T>& v, F f) {
  std::string s = "[";
  for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + f(v[i]);
  return s + "]";
}

}  // namespace

std::string render_diff_json(const PlanDiff& d) {
  std::string s = "{";
  s += fmt::format("\"from\": {{\"plan\": {}, \"version\": {}, \"file\": {}}}, "
                   "\"to\": {{\"plan\": {}, \"version\": {}, \"file\": {}}}, \"same\": {}",
                   q(d.from_id), q(d.from_version), q(d.from_path), q(d.to_id), q(d.to_version), q(d.to_path), d.empty());
  s += ",\n \"header\": " + change_list(d.header, "field");
  auto pair = [](const std::pair<std::string, std::string>& p) {
    return fmt::format("{{\"id\": {}, \"title\": {}}}", q(p.first), q(p.second));
  };
  s += fmt::format(",\n \"strands\": {{\"added\": {}, \"removed\": {}, \"changed\": {}}}", list(d.strands_added, pair),
                   list(d.strands_removed, pair), change_list(d.strands_changed, "id"));
  auto changed = [](const IndicatorChange& c) {
    std::string s = fmt::format("{{\"id\": {}, \"renamed_from\": {}, \"strand_from\": {}, \"strand_to\": {}, \"wording\": {}",
                                q(c.id), c.renamed_from.empty() ? "null" : q(c.renamed_from), q(c.strand_from),
                                q(c.strand_to), change_list(c.wording, "field"));
    s += fmt::format(", \"conditions_changed\": {}, \"rule_from\": {}, \"rule_to\": {}, \"diff\": {}}}",
                     c.rule_from != c.rule_to, q(c.rule_from), q(c.rule_to), q(unified_diff(c.rule_from, c.rule_to)));
    return s;
  };
  s += fmt::format(",\n \"indicators\": {{\"added\": {}, \"removed\": {}, \"changed\": {}}}",
                   list(d.indicators_added, indicator_json), list(d.indicators_removed, indicator_json),
                   list(d.indicators_changed, changed));
  auto param = [](const NamedRule& r) { return named_json(r, true); };
  auto rule = [](const NamedRule& r) { return named_json(r, false); };
  auto param_change = [](const RuleChange& c) { return change_json(c, true); };
  auto rule_change = [](const RuleChange& c) { return change_json(c, false); };
  s += fmt::format(",\n \"parameters\": {{\"added\": {}, \"removed\": {}, \"changed\": {}}}", list(d.params_added, param),
                   list(d.params_removed, param), list(d.params_changed, param_change));
  s += fmt::format(",\n \"definitions\": {{\"added\": {}, \"removed\": {}, \"changed\": {}}}", list(d.defs_added, rule),
                   list(d.defs_removed, rule), list(d.defs_changed, rule_change));
  s += fmt::format(",\n \"results\": {{\"added\": {}, \"removed\": {}, \"changed\": {}}}", list(d.results_added, rule),
                   list(d.results_removed, rule), list(d.results_changed, rule_change));
  return s + "}\n";
}

}  // namespace outcomes::cli
