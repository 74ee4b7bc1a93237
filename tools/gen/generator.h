// Synthetic cohort generator: realistic families in the timeline v1 format
// (shared/spec/timeline-v1.md), one JSON object per line. Behind
// `outcomes gen --n N --seed S [--as-of DATE]`.
#pragma once
#include <cstdint>
#include <ostream>
#include <string>

namespace outcomes::gen {

struct GenOptions {
  int64_t families = 100;
  uint64_t seed = 1;
  std::string as_of = "2018-06-30";  // the claim date C that scenarios aim at
  std::string id_prefix = "F";
};

// Writes options.families families, one per line, generating and writing one
// at a time (constant memory). The output depends only on the options, on any
// machine. Throws std::invalid_argument for an as_of that is not YYYY-MM-DD.
void generate_cohort(const GenOptions& options, std::ostream& out);

}  // namespace outcomes::gen
