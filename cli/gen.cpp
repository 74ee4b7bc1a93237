// outcomes gen --n N --seed S: a synthetic cohort on standard output.
#include <fmt/format.h>

#include <iostream>

#include "cli/commands.h"
#include "runtime/date.h"
#include "tools/gen/generator.h"

namespace outcomes::cli {

int gen_command(int64_t families, uint64_t seed, const std::string& as_of) {
  if (!parse_iso_date(as_of)) {
    fmt::print(stderr, "error: --as-of {}: expected a date YYYY-MM-DD\n", as_of);
    return kExitUsage;
  }
  std::ios::sync_with_stdio(false);
  gen::GenOptions options;
  options.families = families;
  options.seed = seed;
  options.as_of = as_of;
  gen::generate_cohort(options, std::cout);
  std::cout.flush();
  return std::cout ? kExitOk : kExitUsage;
}

}  // namespace outcomes::cli
