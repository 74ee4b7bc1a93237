// Helpers for the diff / compare / report tests: small plans compiled from
// text, and cohorts written to a temporary file.
#pragma once
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <unistd.h>

#include "compiler/driver.h"
#include "runtime/vm.h"

namespace side_by_side {

struct TextPlan {
  std::unique_ptr<outcomes::Compilation> compilation;
  std::unique_ptr<outcomes::Vm> check_vm;

  explicit TextPlan(const std::string& text, const std::string& name = "test.plan") {
    compilation = outcomes::compile_text(name, text);
    INFO(outcomes::render_all(compilation->diagnostics, compilation->sources));
    REQUIRE(compilation->ok());
    check_vm = std::make_unique<outcomes::Vm>(*compilation->program);
    outcomes::bind_event_checks(*compilation->program, *check_vm);
  }
  const outcomes::Program& program() const { return *compilation->program; }
};

// A cohort file that removes itself.
struct TempCohort {
  std::string path;
  explicit TempCohort(const std::string& lines) {
    static int counter = 0;
    path = (std::filesystem::temp_directory_path() /
            ("outcomes-cli-test-" + std::to_string(getpid()) + "-" + std::to_string(++counter) + ".jsonl"))
               .string();
    std::ofstream(path) << lines;
  }
  ~TempCohort() { std::filesystem::remove(path); }
};

inline std::string family(const std::string& id, const std::string& events, const std::string& extra = "",
                          const std::string& assessed = "2018-01-01") {
  return R"({"id": ")" + id + R"(", "assessment_date": ")" + assessed + "\"" + extra +
         R"(, "members": [{"id": "M1", "role": "adult", "dob": "1985-03-02", "parenting": true},)"
         R"( {"id": "C1", "role": "child", "dob": "2006-05-10"}], "events": [)" + events + "]}\n";
}

inline std::string offence(const std::string& date) {
  return R"({"type": "offence", "member": "C1", "date": ")" + date + "\"}";
}

// Two plans that differ only in how far back an offence presents: 12 months
// (A) or 6 months (B).
inline std::string crime_plan(const std::string& id, const std::string& window) {
  return "plan \"" + id + "\"\n"
         "param window \"how far back an offence presents\" = " + window + "\n"
         "def presenting_strand_count -> Int = count s in strands where presenting(s)\n"
         "strand crime \"Crime\" {\n"
         "  indicator 1 {\n"
         "    issue \"An offence in the window before A\"\n"
         "    presents when any offence where date in last window before A\n"
         "    progress when no offence where date in (A, C]\n"
         "  }\n"
         "}\n"
         "strand health \"Health\" {\n"
         "  indicator 2 {\n"
         "    presents when any concern where area == mental_health and date <= A\n"
         "    progress when any judgement where area == mental_health and outcome == progress and date in (A, C]\n"
         "  }\n"
         "}\n"
         "result eligible \"One strand or more\" = presenting_strand_count >= 1\n"
         "claim sustained_progress \"Sustained progress\" {\n"
         "  condition eligibility \"Eligible.\" when eligible\n"
         "  condition strands_met \"Every presenting strand met.\" when\n"
         "    every s in strands where presenting(s) satisfies progress(s)\n"
         "}\n";
}

// F1 offends within 6 months before A, F2 only within 12, F3 has nothing,
// F4 offends before and after A, F5 has a mental health concern; F6 is
// assessed after the as-of date (skipped) and F7 has a bad date (rejected).
inline std::string small_cohort() {
  return family("F1", offence("2017-10-01"), R"(, "district": "Stevenage", "lead_agency": "IFS")") +
         family("F2", offence("2017-03-01"), R"(, "district": "Stevenage")") +
         family("F3", "", R"(, "district": "Watford", "lead_agency": "School")") +
         family("F4", offence("2017-11-01") + ", " + offence("2018-03-01"), R"(, "lead_agency": "IFS")") +
         family("F5", R"({"type": "concern", "area": "mental_health", "source": "professional", "date": "2017-12-01"})",
                R"(, "district": "Watford")") +
         family("F6", "", R"(, "district": "Watford")", "2018-08-01") +
         family("F7", offence("2017-13-01"), R"(, "district": "Watford")");
}

}  // namespace side_by_side
