// Explanations: a traced evaluation of one family turned into a tree of rule
// text, values, windows and evidence events, in the plan's own wording. Built
// only from what the VM recorded while deciding the verdicts, so it cannot
// disagree with them.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "compiler/source.h"
#include "runtime/program.h"
#include "runtime/timeline.h"
#include "runtime/trace.h"
#include "runtime/vm.h"

namespace outcomes::cli {

struct Evidence {
  std::string type;    // event type, or "member"
  std::string member;  // member id; empty when the event names none
  std::string date;    // the event's date (start, term start or month start)
};

struct ExplainNode {
  TraceNodeKind kind = TraceNodeKind::Other;
  std::string rule;        // the rule text, on one line
  std::string label;       // quantifier word or definition name
  std::string value;       // as written: true, met, 10%, 2018-02-03 ...
  int logic = -1;          // 0 false / not_met, 1 true / met, 2 unknown; -1 for other values
  std::optional<std::pair<Date, Date>> window;  // closed bounds
  std::vector<Evidence> evidence;
  int evidence_total = 0;  // deciding elements, including any not kept
  std::vector<ExplainNode> children;
};

struct IndicatorExplanation {
  std::string id, strand, issue, progress_wording;
  bool presenting = false;
  int progress = -1;  // verdict when presenting
  ExplainNode presents;
  std::optional<ExplainNode> progress_tree;
};

struct ConditionExplanation {
  std::string name, wording;
  int verdict = -1;
  ExplainNode tree;
};

struct ResultExplanation {
  std::string name, title, value;
  bool is_claim = false;
  std::vector<ConditionExplanation> conditions;
  std::optional<ConditionExplanation> discretion;
  std::optional<ExplainNode> tree;  // plain results
};

struct FamilyExplanation {
  std::string family, plan, plan_title, plan_version, as_of, assessed;
  std::vector<IndicatorExplanation> indicators;
  std::vector<std::pair<std::string, std::pair<bool, int>>> strands;  // id -> presenting, progress
  std::vector<ResultExplanation> results;
  bool truncated = false;
};

// Evaluates `family` with a traced program and builds its explanation.
// Throws EvaluationError as Vm::evaluate does. `verdicts` receives the
// evaluation the explanation was built from.
FamilyExplanation explain_family(const Program& traced, const SourceSet& sources, const Family& family, Date as_of,
                                 Vm& vm, Evaluation& verdicts);

std::string render_explanation_text(const FamilyExplanation& e);
std::string render_explanation_json(const FamilyExplanation& e);

// The node's truth recomputed from its children where it is an and / or /
// not (Kleene), else its own recorded value: lets tests check that an
// explanation's conclusions follow from its parts.
int recompute(const ExplainNode& node);

// The first window in the tree (depth first), and every evidence event in it.
std::optional<std::pair<Date, Date>> first_window(const ExplainNode& node);
std::vector<Evidence> all_evidence(const ExplainNode& node);
std::string format_window(std::pair<Date, Date> w);  // "(2017-12-30, 2018-06-30]"

}  // namespace outcomes::cli
