// outcomes run --plan PLAN --families FILE --as-of DATE [--format F] [--output FILE] [--jobs N]
#include <fmt/format.h>

#include "cli/cohort_pipeline.h"
#include "cli/output.h"
#include "cli/plan_loading.h"
#include "runtime/loader.h"

namespace outcomes::cli {

namespace {

// What a worker made of one family: its record and any message.
struct RunRecord {
  bool skipped = false;
  std::string out, messages;
  Evaluation evaluation;  // read by the table's summary
};

}  // namespace

int run_command(const RunOptions& o) {
  auto as_of = parse_iso_date(o.as_of);
  if (!as_of) {
    fmt::print(stderr, "error: --as-of {}: expected a date YYYY-MM-DD\n", o.as_of);
    return kExitUsage;
  }
  if (!jobs_in_range(o.jobs)) return kExitUsage;
  auto plan = load_plan(o.plan);
  if (!plan) return kExitPlanError;
  const Program& program = plan->program();
  const std::string display = o.families == "-" ? "<stdin>" : o.families;

  OutputFile out;
  std::string error;
  if (!out.open(o.output, &error)) {
    fmt::print(stderr, "error: {}\n", error);
    return kExitUsage;
  }
  Summary summary(program);
  std::string buffer = o.format == "csv" ? csv_header(program) : "";
  int64_t evaluated = 0, skipped = 0;

  auto vms = one_per_worker<Vm>(o.jobs, [&] { return std::make_unique<Vm>(program); });
  auto process = [&](int worker, const Family& family, RunRecord& r) {
    r.out.clear();
    r.messages.clear();
    r.skipped = true;
    if (family.assessment_date > *as_of) {
      r.messages = fmt::format("{}:{}: family {}: skipped: assessment date {} is after the as-of date {}\n", display,
                               family.line, family.id, format_date(family.assessment_date), o.as_of);
      return;
    }
    try {
      vms[worker]->evaluate(family, *as_of, r.evaluation);
    } catch (const EvaluationError& e) {
      r.messages = fmt::format("{}:{}: family {}: skipped: {}\n", display, family.line, family.id, e.what());
      return;
    }
    r.skipped = false;
    if (o.format == "jsonl") append_jsonl(r.out, program, family.id, o.as_of, r.evaluation);
    else if (o.format == "csv") append_csv(r.out, program, family.id, o.as_of, r.evaluation);
  };
  auto deliver = [&](RunRecord& r) {
    fmt::print(stderr, "{}", r.messages);
    if (r.skipped) {
      ++skipped;
      return;
    }
    ++evaluated;
    buffer += r.out;
    if (o.format == "table") summary.add(r.evaluation);
    if (buffer.size() > (1 << 16)) {
      out.write(buffer);
      buffer.clear();
    }
  };
  CohortPipelineOptions options{o.families, display, &program.schema, o.jobs, progress_wanted(o.quiet)};
  CohortPipelineCounts read = for_each_family_in_order<RunRecord>(
      options, process, [](const LoadIssue& issue) { fmt::print(stderr, "{}\n", render_load_issue(issue)); },
      deliver);

  if (o.format == "table") buffer += summary.render(program);
  out.write(buffer);
  if (!out.commit(&error)) {
    fmt::print(stderr, "error: {}\n", error);
    return kExitUsage;
  }
  const int64_t rejected = read.rejected;
  if (!o.quiet || rejected + skipped > 0)
    fmt::print(stderr, "{} families evaluated, {} rejected, {} skipped\n", evaluated, rejected, skipped);
  if (!read.read_ok) return kExitUsage;
  return rejected + skipped > 0 ? kExitSomeRejected : kExitOk;
}

}  // namespace outcomes::cli
