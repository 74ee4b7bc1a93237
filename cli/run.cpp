// outcomes run --plan PLAN --families FILE --as-of DATE [--format F] [--output FILE]
#include <fmt/format.h>

#include "cli/output.h"
#include "cli/plan_loading.h"
#include "runtime/loader.h"

namespace outcomes::cli {

int run_command(const RunOptions& o) {
  auto as_of = parse_iso_date(o.as_of);
  if (!as_of) {
    fmt::print(stderr, "error: --as-of {}: expected a date YYYY-MM-DD\n", o.as_of);
    return kExitUsage;
  }
  auto plan = load_plan(o.plan);
  if (!plan) return kExitPlanError;
  const Program& program = plan->program();

  OutputFile out;
  std::string error;
  if (!out.open(o.output, &error)) {
    fmt::print(stderr, "error: {}\n", error);
    return kExitUsage;
  }
  Vm vm(program);
  Evaluation evaluation;
  Summary summary(program);
  std::string buffer;
  int64_t skipped = 0, failed = 0;
  if (o.format == "csv") buffer = csv_header(program);

  CohortReader reader(program.schema, o.families == "-" ? "<stdin>" : o.families,
                      [&](const LoadIssue& issue) { fmt::print(stderr, "{}\n", render_load_issue(issue)); });
  bool read_ok = read_cohort(o.families, reader, [&](const Family& family) {
    if (family.assessment_date > *as_of) {
      ++skipped;
      fmt::print(stderr, "{}:{}: family {}: skipped: assessment date {} is after the as-of date {}\n",
                 o.families == "-" ? "<stdin>" : o.families, family.line, family.id,
                 format_date(family.assessment_date), o.as_of);
      return;
    }
    try {
      vm.evaluate(family, *as_of, evaluation);
    } catch (const EvaluationError& e) {
      ++failed;
      fmt::print(stderr, "{}:{}: family {}: skipped: {}\n", o.families, family.line, family.id, e.what());
      return;
    }
    summary.add(evaluation);
    if (o.format == "jsonl") append_jsonl(buffer, program, family.id, o.as_of, evaluation);
    else if (o.format == "csv") append_csv(buffer, program, family.id, o.as_of, evaluation);
    if (buffer.size() > (1 << 16)) {
      out.write(buffer);
      buffer.clear();
    }
  });
  if (o.format == "table") buffer += summary.render(program);
  out.write(buffer);
  if (!out.commit(&error)) {
    fmt::print(stderr, "error: {}\n", error);
    return kExitUsage;
  }
  int64_t rejected = reader.rejected();
  if (!o.quiet || rejected + skipped + failed > 0)
    fmt::print(stderr, "{} families evaluated, {} rejected, {} skipped\n", summary.families(), rejected,
               skipped + failed);
  if (!read_ok) return kExitUsage;
  return rejected + skipped + failed > 0 ? kExitSomeRejected : kExitOk;
}

}  // namespace outcomes::cli
