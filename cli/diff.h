// `outcomes diff PLAN_A PLAN_B`: what changed, rule by rule, between two
// plans (or two versions of one plan). Conditions, definitions, results and
// claims are compared as canonical rule text (compiler/printer.h), so
// changes of layout, comments or redundant parentheses do not show.
#pragma once
#include <string>
#include <vector>

#include "compiler/driver.h"

namespace outcomes::cli {

struct TextChange {
  std::string field, from, to;
};

struct IndicatorSummary {
  std::string id, strand, issue, progress, sources, rule;
};

struct IndicatorChange {
  std::string id;            // the id in the second plan
  std::string renamed_from;  // the id in the first plan, when it differs
  std::string strand_from, strand_to;
  std::vector<TextChange> wording;  // issue / progress / sources
  std::string rule_from, rule_to;   // canonical presents / progress conditions
};

// A parameter, definition, result or claim on one side only.
struct NamedRule {
  std::string name;
  std::string text;       // canonical: the value of a parameter, the whole declaration otherwise
  std::string summary;    // a definition's signature, a parameter's description, "claim NAME"
  bool is_override = false;
  std::string kind;       // "result" or "claim" (results), empty otherwise
};

struct RuleChange {
  std::string name;
  std::string from, to;   // canonical text on each side
  bool override_from = false, override_to = false;
  std::string kind_from, kind_to;          // results: "result" / "claim"
  std::string description_from, description_to;  // parameters
};

struct PlanDiff {
  std::string from_path, to_path;
  std::string from_id, to_id;
  std::string from_version, to_version;
  std::vector<TextChange> header;  // plan id, title, version, source
  std::vector<std::pair<std::string, std::string>> strands_added, strands_removed;  // id, title
  std::vector<TextChange> strands_changed;  // field = strand id; from / to = titles
  std::vector<IndicatorSummary> indicators_added, indicators_removed;
  std::vector<IndicatorChange> indicators_changed;  // renamed ones included
  std::vector<NamedRule> params_added, params_removed;
  std::vector<RuleChange> params_changed;
  std::vector<NamedRule> defs_added, defs_removed;
  std::vector<RuleChange> defs_changed;
  std::vector<NamedRule> results_added, results_removed;
  std::vector<RuleChange> results_changed;

  bool empty() const;
  size_t renamed_count() const;
};

// Both compilations must have succeeded (a program and semantics).
PlanDiff diff_plans(const Compilation& from, const std::string& from_path, const Compilation& to,
                    const std::string& to_path);

std::string render_diff_text(const PlanDiff& d);
std::string render_diff_json(const PlanDiff& d);

}  // namespace outcomes::cli
