// What several plans say about one cohort, side by side (`outcomes compare`):
// per strand (matched by strand id) and per result (matched by name), the
// counts under each plan and, for every pair of plans, the cross-tabulation
// of families positive under both, only one, or neither; and the families
// whose results differ, with the indicators behind the difference.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "runtime/program.h"
#include "runtime/vm.h"

namespace outcomes::cli {

struct CrossTab {
  int64_t both = 0, only_first = 0, only_second = 0, neither = 0;
  int64_t total() const { return both + only_first + only_second + neither; }
};

struct VerdictTally {
  int64_t presenting = 0, met = 0, not_met = 0, unknown = 0;
};

class Comparison {
 public:
  explicit Comparison(std::vector<const Program*> programs);

  // One evaluation per program, in the constructor's order.
  void add(const std::string& family_id, const std::vector<Evaluation>& evaluations);

  struct StrandRow {
    std::string id, title;
    std::vector<int> index;                     // per plan: the strand's index there, or -1
    std::vector<VerdictTally> tally;            // per plan
    std::vector<std::optional<CrossTab>> cross;  // per pair: presenting; none unless both plans have the strand
  };
  struct ResultRow {
    std::string name;
    std::vector<int> index;                      // per plan: the result's index there, or -1
    std::vector<std::string> values;             // every value seen, in declaration order
    std::vector<std::vector<int64_t>> counts;    // [plan][value]
    std::string positive;                        // "true", "valid or valid_discretionary", "met", ...
    std::vector<std::optional<CrossTab>> cross;  // per pair: positive; none unless both plans have the result
  };
  struct PlanState {  // one plan's view of one strand for one family
    bool has_strand = false, presenting = false;
    uint8_t progress = 0;
    std::vector<std::pair<int, uint8_t>> indicators;  // presenting indicators: index in the plan, verdict
  };
  struct FamilyDifference {
    std::string family;
    std::vector<std::pair<size_t, std::vector<std::string>>> results;  // result row, value per plan ("" if none)
    std::vector<std::pair<size_t, std::vector<PlanState>>> strands;    // strand row, state per plan
  };

  const std::vector<const Program*>& programs() const { return programs_; }
  const std::vector<std::string>& labels() const { return labels_; }
  const std::vector<std::pair<size_t, size_t>>& pairs() const { return pairs_; }
  const std::vector<StrandRow>& strands() const { return strands_; }
  const std::vector<ResultRow>& results() const { return results_; }
  const std::vector<FamilyDifference>& differences() const { return differences_; }
  int64_t families() const { return families_; }

  // A result's value as written in outputs ("true", "valid", "met", ...).
  static std::string value_label(const Program& p, size_t result, Value v);
  static bool positive(const std::string& label);

 private:
  std::vector<const Program*> programs_;
  std::vector<std::string> labels_;
  std::vector<std::pair<size_t, size_t>> pairs_;
  std::vector<StrandRow> strands_;
  std::vector<ResultRow> results_;
  std::vector<FamilyDifference> differences_;
  int64_t families_ = 0;
  std::vector<std::string> scratch_;  // per plan, reused
};

struct CompareContext {
  std::string as_of;
  std::vector<std::string> plan_paths;
  int64_t rejected = 0, skipped = 0;
};

std::string render_compare_json(const Comparison& c, const CompareContext& ctx);
std::string render_compare_csv(const Comparison& c, const CompareContext& ctx);
std::string render_compare_table(const Comparison& c, const CompareContext& ctx, size_t family_limit = 20);
std::string render_compare_html(const Comparison& c, const CompareContext& ctx, size_t family_limit = 200);

}  // namespace outcomes::cli
