// Shared by the benchmark (bench/bench.cpp) and the native-agreement check
// (bench/native_agrees.cpp): compiling a plan, generating a cohort in memory
// and reading it into Family records.
#pragma once
#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/driver.h"
#include "runtime/loader.h"
#include "runtime/timeline.h"
#include "runtime/vm.h"

namespace outcomes::bench {

// A compiled plan with the VM that runs its schema's event checks (the
// loader's cross-field checks are compiled rule code).
struct Plan {
  std::unique_ptr<Compilation> compilation;
  std::unique_ptr<Vm> check_vm;
  const Program& program() const { return *compilation->program; }
};

// Compiles `path`; throws std::runtime_error with the diagnostics on failure.
Plan load_plan(const std::string& path);

// `families` synthetic families (tools/gen) as JSON Lines in one string.
std::string generate_cohort_text(int64_t families, uint64_t seed, const std::string& as_of = "2018-06-30");

// Splits `text` into lines and calls `on_line(line, line_number)` for each
// (without its '\n').
template <class F>
void for_each_line(std::string_view text, F&& on_line) {
  int64_t number = 0;
  size_t at = 0;
  while (at < text.size()) {
    size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    on_line(text.substr(at, end - at), ++number);
    at = end + 1;
  }
}

// Parses and validates every line with a CohortReader over `schema`;
// accepted families are appended to `out`. Returns the number rejected
// (messages are counted, not printed, unless `print_issues`).
int64_t read_families(const Schema& schema, std::string_view text, std::vector<Family>& out,
                      bool print_issues = true);

inline double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace outcomes::bench
