// outcomes check PLAN... and outcomes disasm PLAN
#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

#include "cli/plan_loading.h"

namespace outcomes::cli {

bool stderr_is_terminal() { return isatty(fileno(stderr)); }

std::unique_ptr<LoadedPlan> load_plan(const std::string& path, bool trace) {
  auto plan = std::make_unique<LoadedPlan>();
  plan->compilation = compile_file(path, trace);
  const Compilation& c = *plan->compilation;
  if (!c.diagnostics.all().empty())
    fmt::print(stderr, "{}", render_all(c.diagnostics, c.sources, {stderr_is_terminal()}));
  if (!c.ok()) {
    fmt::print(stderr, "{}: {} error(s)\n", path, c.diagnostics.error_count());
    return nullptr;
  }
  bind_event_checks(*plan->compilation->program);
  return plan;
}

int check_command(const std::vector<std::string>& plans) {
  int status = kExitOk;
  for (const std::string& path : plans) {
    auto plan = load_plan(path);
    if (!plan) {
      status = kExitPlanError;
      continue;
    }
    const Program& p = plan->program();
    fmt::print(stderr, "{}: ok — plan {} ({} strands, {} indicators, {} results)\n", path,
               p.plan_id.empty() ? "(a module)" : p.plan_id, p.strands.size(), p.indicators.size(), p.results.size());
  }
  return status;
}

}  // namespace outcomes::cli
