// `outcomes report`: cohort tables per district or lead agency.
#include <doctest/doctest.h>

#include "cli/cohort_pass.h"
#include "cli/report.h"
#include "side_by_side_support.h"

using namespace outcomes;
using namespace outcomes::cli;
using namespace side_by_side;

namespace {

CohortReport build(const TextPlan& plan, bool by_lead_agency) {
  TempCohort cohort(small_cohort());
  CohortReport report(plan.program(), by_lead_agency);
  evaluate_cohort(cohort.path, *parse_iso_date("2018-06-30"), {&plan.program()},
                  [&](const Family& f, const std::vector<Evaluation>& e) { report.add(f, e[0]); });
  return report;
}

}  // namespace

TEST_CASE("report: per district, with families of no district grouped last, and a totals row") {
  TextPlan plan(crime_plan("twelve", "12 months"));
  CohortReport r = build(plan, false);
  auto groups = r.groups();
  REQUIRE(groups.size() == 3);
  CHECK(groups[0]->name == "Stevenage");
  CHECK(groups[1]->name == "Watford");
  CHECK(groups[2]->name == "(not given)");
  // Columns: eligible, then the claim counted as valid or valid_discretionary.
  REQUIRE(r.result_columns().size() == 2);
  CHECK(r.result_columns()[0].header == "eligible");
  CHECK(r.result_columns()[1].header == "sustained_progress valid");

  const auto& stevenage = *groups[0];  // F1 F2
  CHECK(stevenage.families == 2);
  CHECK(stevenage.strand_presenting == std::vector<int64_t>{2, 0});
  CHECK(stevenage.indicator_presenting == std::vector<int64_t>{2, 0});
  CHECK(stevenage.indicator_met == std::vector<int64_t>{2, 0});
  CHECK(stevenage.results == std::vector<int64_t>{2, 2});
  const auto& watford = *groups[1];  // F3 F5 (F6 skipped, F7 rejected)
  CHECK(watford.families == 2);
  CHECK(watford.strand_presenting == std::vector<int64_t>{0, 1});
  CHECK(watford.indicator_met == std::vector<int64_t>{0, 0});
  CHECK(watford.results == std::vector<int64_t>{1, 0});
  const auto& none = *groups[2];  // F4
  CHECK(none.families == 1);
  CHECK(none.strand_presenting == std::vector<int64_t>{1, 0});
  CHECK(none.indicator_met == std::vector<int64_t>{0, 0});
  const auto& total = r.total();
  CHECK(total.families == 5);
  CHECK(total.strand_presenting == std::vector<int64_t>{3, 1});
  CHECK(total.indicator_presenting == std::vector<int64_t>{3, 1});
  CHECK(total.indicator_met == std::vector<int64_t>{2, 0});
  CHECK(total.results == std::vector<int64_t>{4, 2});

  ReportContext ctx{"2018-06-30", "twelve.plan", 1, 1};
  std::string csv = render_report_csv(r, ctx);
  CHECK(csv.find("district,families,crime presenting,crime % presenting,health presenting,health % presenting,"
                 "1 presenting,1 met,2 presenting,2 met,eligible,sustained_progress valid\n") == 0);
  CHECK(csv.find("Stevenage,2,2,100.0,0,0.0,2,2,0,0,2,2\n") != std::string::npos);
  CHECK(csv.find("(not given),1,1,100.0,0,0.0,1,0,0,0,1,0\n") != std::string::npos);
  CHECK(csv.substr(csv.rfind("TOTAL")) == "TOTAL,5,3,60.0,1,20.0,3,2,1,0,4,2\n");
  std::string table = render_report_table(r, ctx);
  CHECK(table.find("5 families evaluated, 1 rejected, 1 skipped") != std::string::npos);
  std::string html = render_report_html(r, ctx);
  CHECK(html.find("<tr data-key=\"TOTAL\" class=\"total\">") != std::string::npos);
  CHECK(html.find("id=\"chart-strand-percent\"") != std::string::npos);
}

TEST_CASE("report: by lead agency") {
  TextPlan plan(crime_plan("twelve", "12 months"));
  CohortReport r = build(plan, true);
  auto groups = r.groups();
  REQUIRE(groups.size() == 3);
  CHECK(groups[0]->name == "IFS");  // F1 F4
  CHECK(groups[0]->families == 2);
  CHECK(groups[0]->indicator_met == std::vector<int64_t>{1, 0});
  CHECK(groups[1]->name == "School");  // F3
  CHECK(groups[1]->families == 1);
  CHECK(groups[2]->name == "(not given)");  // F2 F5
  CHECK(groups[2]->families == 2);
  CHECK(r.total().families == 5);
}
