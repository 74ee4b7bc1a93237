#include "cli/cohort_pass.h"

#include <fmt/format.h>

#include <map>
#include <memory>

#include "cli/cohort_pipeline.h"
#include "runtime/loader.h"

namespace outcomes::cli {

namespace {

// What a worker made of one family for evaluate_cohort.
struct EvaluatedFamily {
  Family heading;  // no members or events
  std::vector<Evaluation> evaluations;
  std::string skipped;  // why it was skipped; empty when every plan evaluated it
};

}  // namespace

CohortPassCounts evaluate_cohort(
    const std::string& path, Date as_of, const std::vector<const Program*>& programs,
    const std::function<void(const Family&, const std::vector<Evaluation>&)>& on_family, int jobs, bool progress) {
  CohortPassCounts counts;
  const std::string name = path == "-" ? "<stdin>" : path;
  // Each worker has a VM per plan: worker w's for plan p is vms[w * plans + p].
  std::vector<std::unique_ptr<Vm>> vms;
  for (int w = 0; w < jobs; ++w)
    for (const Program* p : programs) vms.push_back(std::make_unique<Vm>(*p));
  auto process = [&](int worker, const Family& family, EvaluatedFamily& r) {
    r.heading.id = family.id, r.heading.line = family.line, r.heading.assessment_date = family.assessment_date;
    r.heading.district = family.district, r.heading.lead_agency = family.lead_agency;
    r.skipped.clear();
    r.evaluations.resize(programs.size());
    if (family.assessment_date > as_of) {
      r.skipped = fmt::format("{}:{}: family {}: skipped: assessment date {} is after the as-of date {}\n", name,
                              family.line, family.id, format_date(family.assessment_date), format_date(as_of));
      return;
    }
    for (size_t p = 0; p < programs.size(); ++p) {
      try {
        vms[worker * programs.size() + p]->evaluate(family, as_of, r.evaluations[p]);
      } catch (const EvaluationError& e) {
        r.skipped = fmt::format("{}:{}: family {}: skipped: plan {}: {}\n", name, family.line, family.id,
                                programs[p]->plan_id, e.what());
        return;
      }
    }
  };
  auto deliver = [&](EvaluatedFamily& r) {
    if (!r.skipped.empty()) {
      ++counts.skipped;
      fmt::print(stderr, "{}", r.skipped);
      return;
    }
    ++counts.evaluated;
    on_family(r.heading, r.evaluations);
  };
  CohortPipelineOptions options{path, name, &programs.front()->schema, jobs, progress};
  CohortPipelineCounts read = for_each_family_in_order<EvaluatedFamily>(
      options, process, [](const LoadIssue& issue) { fmt::print(stderr, "{}\n", render_load_issue(issue)); },
      deliver);
  counts.rejected = read.rejected;
  counts.read_ok = read.read_ok;
  return counts;
}

bool same_event_schema(const Program& a, const Program& b, std::string* why) {
  const Schema& x = a.schema;
  const Schema& y = b.schema;
  if (x.types.size() != y.types.size()) {
    *why = fmt::format("{} declares {} event types and {} declares {}", a.plan_id, x.types.size(), b.plan_id,
                       y.types.size());
    return false;
  }
  for (size_t t = 0; t < x.types.size(); ++t) {
    const EventTypeDef& s = x.types[t];
    const EventTypeDef& u = y.types[t];
    bool same = s.name == u.name && s.member == u.member && s.slot_count == u.slot_count &&
                s.fields.size() == u.fields.size() && s.order_field == u.order_field;
    for (size_t f = 0; same && f < s.fields.size(); ++f) {
      const FieldDef& g = s.fields[f];
      const FieldDef& h = u.fields[f];
      same = g.name == h.name && g.type == h.type && g.slot == h.slot && g.width == h.width &&
             g.optional == h.optional && g.open_end == h.open_end;
      if (same && g.enum_id >= 0)
        same = h.enum_id >= 0 && x.enums[g.enum_id].values == y.enums[h.enum_id].values;
    }
    if (!same) {
      *why = fmt::format("event type `{}` differs between {} and {}", s.name, a.plan_id, b.plan_id);
      return false;
    }
  }
  return true;
}

std::vector<std::string> plan_labels(const std::vector<const Program*>& programs) {
  // The plan id; where ids repeat, "id (version)" when that tells them apart,
  // else "id#2", "id#3".
  std::map<std::string, int> ids;
  for (const Program* p : programs) ++ids[p->plan_id.empty() ? "plan" : p->plan_id];
  std::vector<std::string> labels;
  for (const Program* p : programs) {
    std::string id = p->plan_id.empty() ? "plan" : p->plan_id;
    labels.push_back(ids[id] > 1 && !p->version.empty() ? fmt::format("{} ({})", id, p->version) : id);
  }
  std::map<std::string, int> seen;
  for (std::string& l : labels) {
    int n = ++seen[l];
    if (n > 1) l = fmt::format("{}#{}", l, n);
  }
  return labels;
}

}  // namespace outcomes::cli
