// A generated cohort (tools/gen) as JSON lines, for tests that read every
// family both ways and compare.
#pragma once

#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "tools/gen/generator.h"

inline std::vector<std::string> generated_lines(int64_t families, uint64_t seed) {
  outcomes::gen::GenOptions options;
  options.families = families;
  options.seed = seed;
  std::ostringstream out;
  outcomes::gen::generate_cohort(options, out);
  std::vector<std::string> lines;
  std::istringstream in(out.str());
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}
