// One pass over a cohort for commands that evaluate several plans at once
// (compare) or aggregate one plan (report): the cohort is read once and
// validated against the first plan's schema; each family assessed on or
// before the as-of date is evaluated by every plan, one VM per plan.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "runtime/date.h"
#include "runtime/program.h"
#include "runtime/timeline.h"
#include "runtime/vm.h"

namespace outcomes::cli {

struct CohortPassCounts {
  int64_t evaluated = 0;  // families evaluated by every plan
  int64_t rejected = 0;   // by the loader
  int64_t skipped = 0;    // assessed after the as-of date, or a plan failed on them
  bool read_ok = true;    // false: the input could not be opened or read to its end
};

// Calls `on_family(family, evaluations)` with one evaluation per program, in
// the programs' order, for each family in input order. `family` carries the
// id, line, district, lead agency and assessment date; its members and
// events stay with the worker that evaluated it. Messages about rejected and
// skipped families go to stderr, naming the input, the line and the family.
// With `jobs` > 1 families are evaluated on that many threads
// (cli/cohort_pipeline.h); calls and messages are the same as with one.
CohortPassCounts evaluate_cohort(
    const std::string& path, Date as_of, const std::vector<const Program*>& programs,
    const std::function<void(const Family&, const std::vector<Evaluation>&)>& on_family, int jobs = 1,
    bool progress = false);

// True when two programs read families alike: the same event types with the
// same fields in the same slots, and the same enumeration values for them.
// Otherwise `why` says where they differ.
bool same_event_schema(const Program& a, const Program& b, std::string* why);

// A label per plan for headings and keys: its plan id; when the same id is
// given more than once, "id (version)" if the versions differ, and "#2",
// "#3" for what is still the same.
std::vector<std::string> plan_labels(const std::vector<const Program*>& programs);

}  // namespace outcomes::cli
