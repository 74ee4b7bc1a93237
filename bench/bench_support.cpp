#include "bench/bench_support.h"

#include <fmt/format.h>

#include <sstream>
#include <stdexcept>

#include "tools/gen/generator.h"

namespace outcomes::bench {

Plan load_plan(const std::string& path) {
  Plan plan;
  plan.compilation = compile_file(path);
  if (!plan.compilation->ok())
    throw std::runtime_error(fmt::format("{}: {} error(s) compiling the plan", path,
                                         plan.compilation->diagnostics.error_count()));
  plan.check_vm = std::make_unique<Vm>(*plan.compilation->program);
  bind_event_checks(*plan.compilation->program, *plan.check_vm);
  return plan;
}

std::string generate_cohort_text(int64_t families, uint64_t seed, const std::string& as_of) {
  gen::GenOptions options;
  options.families = families;
  options.seed = seed;
  options.as_of = as_of;
  std::ostringstream out;
  gen::generate_cohort(options, out);
  return std::move(out).str();
}

int64_t read_families(const Schema& schema, std::string_view text, std::vector<Family>& out, bool print_issues) {
  CohortReader reader(schema, "<generated>", [&](const LoadIssue& issue) {
    if (print_issues) fmt::print(stderr, "{}\n", render_load_issue(issue));
  });
  Family family;
  for_each_line(text, [&](std::string_view line, int64_t number) {
    if (reader.parse_line(line, number, family) == CohortReader::Outcome::Accepted) out.push_back(family);
  });
  return reader.rejected();
}

}  // namespace outcomes::bench
