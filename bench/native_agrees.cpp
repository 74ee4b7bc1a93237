// native_agrees: the native herts-2018 baseline (bench/native_herts2018.cpp)
// and the VM running plans/herts-2018.plan must give the same Evaluation for
// every family of a generated cohort, at several claim dates: every
// indicator's presenting and progress, every strand, every result, every
// claim condition and the discretion flag. Any disagreement is printed with
// the family id and the indicator (or strand, result, condition); the exit
// status is 1 when there is one.
//
//   native_agrees [--families N] [--seed S] [--as-of DATE]... [--cohort FILE.jsonl]
//
// Defaults: 20,000 families, seed 1, as-of 2018-06-30 and 2019-01-31.
#include <fmt/format.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "bench/bench_support.h"
#include "bench/native_herts2018.h"
#include "cli/output.h"

#ifndef OUTCOMES_SOURCE_ROOT
#define OUTCOMES_SOURCE_ROOT "."
#endif

using namespace outcomes;

namespace {

const char* verdict(uint8_t v) { return v == 0 ? "not_met" : v == 1 ? "met" : v == 2 ? "unknown" : "?"; }

struct Counts {
  int64_t presenting = 0, met = 0, not_met = 0, unknown = 0;
};

}  // namespace

int main(int argc, char** argv) {
  int64_t families = 20000;
  uint64_t seed = 1;
  std::vector<std::string> dates;
  std::string cohort_file;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        fmt::print(stderr, "native_agrees: {} needs a value\n", arg);
        std::exit(2);
      }
      return argv[++i];
    };
    if (arg == "--families") families = std::stoll(value());
    else if (arg == "--seed") seed = std::stoull(value());
    else if (arg == "--as-of") dates.push_back(value());
    else if (arg == "--cohort") cohort_file = value();
    else {
      fmt::print(stderr, "usage: native_agrees [--families N] [--seed S] [--as-of DATE]... [--cohort FILE]\n");
      return 2;
    }
  }
  if (dates.empty()) dates = {"2018-06-30", "2019-01-31"};

  bench::Plan plan = bench::load_plan(OUTCOMES_SOURCE_ROOT "/plans/herts-2018.plan");
  const Program& program = plan.program();

  std::string text;
  if (cohort_file.empty()) {
    text = bench::generate_cohort_text(families, seed);
  } else {
    std::ifstream in(cohort_file, std::ios::binary);
    if (!in) {
      fmt::print(stderr, "native_agrees: cannot read {}\n", cohort_file);
      return 2;
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    text = std::move(buffer).str();
  }
  std::vector<Family> cohort;
  int64_t rejected = bench::read_families(program.schema, text, cohort);
  if (rejected > 0 && cohort_file.empty()) {
    fmt::print(stderr, "native_agrees: the generator wrote {} families the loader rejected\n", rejected);
    return 1;
  }

  Vm vm(program);
  bench::NativeHerts2018 native(program);
  Evaluation by_vm, by_native;
  int64_t compared = 0, skipped = 0, disagreements = 0, vm_errors = 0;
  std::vector<Counts> counts(program.indicators.size());
  std::vector<int64_t> claim_counts(program.results.size() * 4, 0);
  constexpr int64_t kShown = 40;

  for (const std::string& date_text : dates) {
    auto as_of = parse_iso_date(date_text);
    if (!as_of) {
      fmt::print(stderr, "native_agrees: --as-of {}: expected YYYY-MM-DD\n", date_text);
      return 2;
    }
    for (const Family& family : cohort) {
      if (family.assessment_date > *as_of) {
        ++skipped;
        continue;
      }
      try {
        vm.evaluate(family, *as_of, by_vm);
      } catch (const EvaluationError& e) {
        ++vm_errors;
        fmt::print("family {} as of {}: the VM failed: {}\n", family.id, date_text, e.what());
        continue;
      }
      native.evaluate(family, *as_of, by_native);
      ++compared;
      auto differ = [&](const std::string& what, const std::string& vm_says, const std::string& native_says) {
        if (++disagreements <= kShown)
          fmt::print("family {} as of {}: {}: VM {}, native {}\n", family.id, date_text, what, vm_says, native_says);
      };
      for (size_t i = 0; i < program.indicators.size(); ++i) {
        const std::string& id = program.indicators[i].id;
        if (by_vm.presenting[i] != by_native.presenting[i])
          differ("indicator " + id + " presenting", by_vm.presenting[i] ? "true" : "false",
                 by_native.presenting[i] ? "true" : "false");
        else if (by_vm.presenting[i] && by_vm.progress[i] != by_native.progress[i])
          differ("indicator " + id + " progress", verdict(by_vm.progress[i]), verdict(by_native.progress[i]));
        if (by_vm.presenting[i]) {
          Counts& c = counts[i];
          ++c.presenting;
          (by_vm.progress[i] == 1 ? c.met : by_vm.progress[i] == 2 ? c.unknown : c.not_met)++;
        }
      }
      for (size_t s = 0; s < program.strands.size(); ++s) {
        const std::string& id = program.strands[s].id;
        if (by_vm.strand_presenting[s] != by_native.strand_presenting[s] ||
            by_vm.strand_progress[s] != by_native.strand_progress[s])
          differ("strand " + id,
                 fmt::format("presenting {} progress {}", by_vm.strand_presenting[s], verdict(by_vm.strand_progress[s])),
                 fmt::format("presenting {} progress {}", by_native.strand_presenting[s],
                             verdict(by_native.strand_progress[s])));
      }
      for (size_t r = 0; r < program.results.size(); ++r) {
        const ResultInfo& res = program.results[r];
        if (by_vm.results[r].a != by_native.results[r].a || by_vm.results[r].b != by_native.results[r].b)
          differ("result " + res.name, cli::result_text(program, r, by_vm.results[r]),
                 cli::result_text(program, r, by_native.results[r]));
        if (by_vm.results[r].a >= 0 && by_vm.results[r].a < 4) ++claim_counts[r * 4 + by_vm.results[r].a];
        if (!res.is_claim) continue;
        for (size_t c = 0; c < res.conditions.size(); ++c)
          if (by_vm.claim_conditions[r].at(c) != by_native.claim_conditions[r].at(c))
            differ("claim " + res.name + " condition " + res.conditions[c].name,
                   verdict(by_vm.claim_conditions[r][c]), verdict(by_native.claim_conditions[r][c]));
        if (by_vm.discretion[r] != by_native.discretion[r])
          differ("claim " + res.name + " discretion", std::to_string(by_vm.discretion[r]),
                 std::to_string(by_native.discretion[r]));
      }
    }
  }

  // What the cohort exercised, so a change that makes an indicator never
  // present (and so trivially agree) shows.
  fmt::print("\n{:<6} {:>10} {:>9} {:>9} {:>9}\n", "ind.", "presenting", "met", "not_met", "unknown");
  for (size_t i = 0; i < program.indicators.size(); ++i)
    fmt::print("{:<6} {:>10} {:>9} {:>9} {:>9}\n", program.indicators[i].id, counts[i].presenting, counts[i].met,
               counts[i].not_met, counts[i].unknown);
  for (size_t r = 0; r < program.results.size(); ++r) {
    const ResultInfo& res = program.results[r];
    if (res.is_claim)
      fmt::print("{:<20} valid {} valid_discretionary {} invalid {} insufficient_data {}\n", res.name,
                 claim_counts[r * 4], claim_counts[r * 4 + 1], claim_counts[r * 4 + 2], claim_counts[r * 4 + 3]);
    else
      fmt::print("{:<20} true {} false {}\n", res.name, claim_counts[r * 4 + 1], claim_counts[r * 4]);
  }
  if (disagreements > kShown) fmt::print("... and {} more disagreements\n", disagreements - kShown);
  fmt::print("\nnative_agrees: {} evaluations ({} families x {} as-of dates, {} skipped as assessed after the date): "
             "{} disagreements, {} VM failures\n",
             compared, cohort.size(), dates.size(), skipped, disagreements, vm_errors);
  return disagreements == 0 && vm_errors == 0 && compared > 0 ? 0 : 1;
}
