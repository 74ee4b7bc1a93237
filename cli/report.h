// `outcomes report`: the cohort tables councils publish, per district or
// lead agency — families, % presenting in each strand, progress met per
// indicator, eligible and intensive families, and valid claims — with a
// totals row.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "runtime/program.h"
#include "runtime/timeline.h"
#include "runtime/vm.h"

namespace outcomes::cli {

inline constexpr const char* kNotGiven = "(not given)";

class CohortReport {
 public:
  CohortReport(const Program& program, bool by_lead_agency);

  void add(const Family& family, const Evaluation& e);

  struct Group {
    std::string name;
    int64_t families = 0;
    std::vector<int64_t> strand_presenting;    // per strand
    std::vector<int64_t> indicator_presenting;  // per indicator
    std::vector<int64_t> indicator_met;         // per indicator
    std::vector<int64_t> results;               // per result column
  };
  // A count of families by result: `eligible` (true), `intensive` (true), a
  // claim (valid or valid_discretionary), a verdict (met), or one value of an
  // enumeration.
  struct ResultColumn {
    std::string header;
    size_t result;
    std::vector<int64_t> values;  // raw values counted
  };

  // Groups in alphabetical order, "(not given)" last.
  std::vector<const Group*> groups() const;
  const Group& total() const { return total_; }
  const std::vector<ResultColumn>& result_columns() const { return columns_; }
  const Program& program() const { return program_; }
  const char* group_by() const { return by_lead_agency_ ? "lead_agency" : "district"; }

 private:
  Group empty_group(const std::string& name) const;
  void add_to(Group& g, const Evaluation& e) const;

  const Program& program_;
  bool by_lead_agency_;
  std::vector<ResultColumn> columns_;
  std::map<std::string, Group> groups_;
  Group total_;
};

struct ReportContext {
  std::string as_of, plan_path;
  int64_t rejected = 0, skipped = 0;
};

std::string render_report_table(const CohortReport& r, const ReportContext& ctx);
std::string render_report_csv(const CohortReport& r, const ReportContext& ctx);
std::string render_report_html(const CohortReport& r, const ReportContext& ctx);

}  // namespace outcomes::cli
