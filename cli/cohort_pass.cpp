#include "cli/cohort_pass.h"

#include <fmt/format.h>

#include <map>
#include <memory>

#include "runtime/loader.h"

namespace outcomes::cli {

CohortPassCounts evaluate_cohort(
    const std::string& path, Date as_of, const std::vector<const Program*>& programs,
    const std::function<void(const Family&, const std::vector<Evaluation>&)>& on_family) {
  CohortPassCounts counts;
  std::string name = path == "-" ? "<stdin>" : path;
  std::vector<std::unique_ptr<Vm>> vms;
  for (const Program* p : programs) vms.push_back(std::make_unique<Vm>(*p));
  std::vector<Evaluation> evaluations(programs.size());
  CohortReader reader(programs.front()->schema, name,
                      [&](const LoadIssue& issue) { fmt::print(stderr, "{}\n", render_load_issue(issue)); });
  counts.read_ok = read_cohort(path, reader, [&](const Family& family) {
    if (family.assessment_date > as_of) {
      ++counts.skipped;
      fmt::print(stderr, "{}:{}: family {}: skipped: assessment date {} is after the as-of date {}\n", name,
                 family.line, family.id, format_date(family.assessment_date), format_date(as_of));
      return;
    }
    for (size_t p = 0; p < vms.size(); ++p) {
      try {
        vms[p]->evaluate(family, as_of, evaluations[p]);
      } catch (const EvaluationError& e) {
        ++counts.skipped;
        fmt::print(stderr, "{}:{}: family {}: skipped: plan {}: {}\n", name, family.line, family.id,
                   programs[p]->plan_id, e.what());
        return;
      }
    }
    ++counts.evaluated;
    on_family(family, evaluations);
  });
  counts.rejected = reader.rejected();
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
