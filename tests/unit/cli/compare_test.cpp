// `outcomes compare`: several plans over one cohort, counted side by side.
#include <doctest/doctest.h>

#include "cli/cohort_pass.h"
#include "cli/comparison.h"
#include "side_by_side_support.h"

using namespace outcomes;
using namespace outcomes::cli;
using namespace side_by_side;

namespace {

const Comparison::StrandRow& strand(const Comparison& c, const std::string& id) {
  for (const auto& row : c.strands())
    if (row.id == id) return row;
  FAIL("no strand " << id);
  throw;
}

const Comparison::ResultRow& result(const Comparison& c, const std::string& name) {
  for (const auto& row : c.results())
    if (row.name == name) return row;
  FAIL("no result " << name);
  throw;
}

int64_t count(const Comparison::ResultRow& row, size_t plan, const std::string& value) {
  for (size_t v = 0; v < row.values.size(); ++v)
    if (row.values[v] == value) return row.counts[plan][v];
  return -1;
}

}  // namespace

TEST_CASE("compare: per-strand counts, cross-tabulations and differing families, exactly") {
  TextPlan a(crime_plan("twelve", "12 months")), b(crime_plan("six", "6 months"));
  TempCohort cohort(small_cohort());
  Comparison c({&a.program(), &b.program()});
  CohortPassCounts counts = evaluate_cohort(cohort.path, *parse_iso_date("2018-06-30"), {&a.program(), &b.program()},
                                            [&](const Family& f, const std::vector<Evaluation>& e) { c.add(f.id, e); });
  CHECK(counts.read_ok);
  CHECK(counts.evaluated == 5);
  CHECK(counts.rejected == 1);
  CHECK(counts.skipped == 1);
  CHECK(c.families() == 5);
  CHECK(c.labels() == std::vector<std::string>{"twelve", "six"});

  const auto& crime = strand(c, "crime");
  CHECK(crime.tally[0].presenting == 3);  // F1 F2 F4
  CHECK(crime.tally[0].met == 2);         // F1 F2
  CHECK(crime.tally[0].not_met == 1);     // F4
  CHECK(crime.tally[1].presenting == 2);  // F1 F4
  CHECK(crime.tally[1].met == 1);
  REQUIRE(crime.cross.size() == 1);
  REQUIRE(crime.cross[0]);
  CHECK(crime.cross[0]->both == 2);
  CHECK(crime.cross[0]->only_first == 1);
  CHECK(crime.cross[0]->only_second == 0);
  CHECK(crime.cross[0]->neither == 2);
  const auto& health = strand(c, "health");
  CHECK(health.cross[0]->both == 1);
  CHECK(health.cross[0]->total() == 5);

  const auto& eligible = result(c, "eligible");
  CHECK(eligible.positive == "true");
  CHECK(count(eligible, 0, "true") == 4);
  CHECK(count(eligible, 1, "true") == 3);
  CHECK(eligible.cross[0]->both == 3);
  CHECK(eligible.cross[0]->only_first == 1);
  CHECK(eligible.cross[0]->neither == 1);
  const auto& claim = result(c, "sustained_progress");
  CHECK(claim.positive == "valid or valid_discretionary");
  CHECK(count(claim, 0, "valid") == 2);  // F1 F2
  CHECK(count(claim, 0, "invalid") == 3);
  CHECK(count(claim, 1, "valid") == 1);  // F1
  CHECK(count(claim, 1, "invalid") == 4);
  CHECK(claim.cross[0]->both == 1);
  CHECK(claim.cross[0]->only_first == 1);
  CHECK(claim.cross[0]->only_second == 0);
  CHECK(claim.cross[0]->neither == 3);

  REQUIRE(c.differences().size() == 1);
  const auto& d = c.differences()[0];
  CHECK(d.family == "F2");
  REQUIRE(d.results.size() == 2);
  CHECK(d.results[0].second == std::vector<std::string>{"true", "false"});
  CHECK(d.results[1].second == std::vector<std::string>{"valid", "invalid"});
  REQUIRE(d.strands.size() == 1);
  CHECK(c.strands()[d.strands[0].first].id == "crime");
  const auto& states = d.strands[0].second;
  CHECK(states[0].presenting);
  CHECK(states[0].progress == 1);
  REQUIRE(states[0].indicators.size() == 1);
  CHECK(a.program().indicators[states[0].indicators[0].first].id == "1");
  CHECK_FALSE(states[1].presenting);

  CompareContext ctx{"2018-06-30", {"a.plan", "b.plan"}, counts.rejected, counts.skipped};
  std::string json = render_compare_json(c, ctx);
  CHECK(json.find("\"crosstab\": [{\"first\": \"twelve\", \"second\": \"six\", \"presenting\": {\"both\": 2, "
                  "\"only_first\": 1, \"only_second\": 0, \"neither\": 2}}]") != std::string::npos);
  std::string csv = render_compare_csv(c, ctx);
  CHECK(csv.find("strand_crosstab,crime,twelve,six,only_first,1\n") != std::string::npos);
  CHECK(csv.find("family,F2,six,,strand:crime,not_presenting\n") != std::string::npos);
  CHECK(csv.find("family,F2,twelve,,indicator:1,met\n") != std::string::npos);
  std::string table = render_compare_table(c, ctx);
  CHECK(table.find("Families whose results differ: 1 of 5") != std::string::npos);
  std::string html = render_compare_html(c, ctx);
  CHECK(html.find("<table id=\"strand-crosstab\">") != std::string::npos);
  CHECK(html.find("<tr data-key=\"crime:twelve:six\">") != std::string::npos);
  CHECK(html.find("<svg class=\"chart\" id=\"chart-strand-presenting\"") != std::string::npos);
  CHECK(html.find("<script") == std::string::npos);
}

TEST_CASE("compare: three plans give three pairs, each adding up to the cohort") {
  TextPlan a(crime_plan("twelve", "12 months")), b(crime_plan("six", "6 months")), c3(crime_plan("three", "3 months"));
  TempCohort cohort(small_cohort());
  std::vector<const Program*> programs{&a.program(), &b.program(), &c3.program()};
  Comparison c(programs);
  evaluate_cohort(cohort.path, *parse_iso_date("2018-06-30"), programs,
                  [&](const Family& f, const std::vector<Evaluation>& e) { c.add(f.id, e); });
  CHECK(c.pairs().size() == 3);
  for (const auto& row : c.strands())
    for (const auto& x : row.cross) {
      REQUIRE(x);
      CHECK(x->total() == 5);
    }
  // Only F1's offence (2017-10-01) is within 3 months of A? No: 2017-10-01 is 3 months
  // before 2018-01-01 exactly, so outside (A - 3 months, A]; F4's 2017-11-01 is inside.
  CHECK(strand(c, "crime").tally[2].presenting == 1);
}

TEST_CASE("compare: the same plan twice gets distinct labels; a plan missing a strand has no cross-tab for it") {
  TextPlan a(crime_plan("same", "12 months")), b(crime_plan("same", "12 months"));
  CHECK(plan_labels({&a.program(), &b.program()}) == std::vector<std::string>{"same", "same#2"});
  std::string v1 = crime_plan("same", "12 months"), v2 = v1;
  v1.insert(v1.find('\n') + 1, "  version \"2018\"\n");
  v2.insert(v2.find('\n') + 1, "  version \"2019 draft\"\n");
  TextPlan c1(v1), c2(v2);
  CHECK(plan_labels({&c1.program(), &c2.program(), &a.program()}) ==
        std::vector<std::string>{"same (2018)", "same (2019 draft)", "same"});
  TextPlan other("plan \"crime-only\"\nstrand crime \"Crime\" {\n  indicator 9 {\n    presents when true\n"
                 "    progress when true\n  }\n}\n");
  Comparison c({&a.program(), &other.program()});
  TempCohort cohort(small_cohort());
  evaluate_cohort(cohort.path, *parse_iso_date("2018-06-30"), {&a.program(), &other.program()},
                  [&](const Family& f, const std::vector<Evaluation>& e) { c.add(f.id, e); });
  CHECK(strand(c, "crime").cross[0]->both == 3);
  CHECK(strand(c, "crime").cross[0]->only_second == 2);
  CHECK_FALSE(strand(c, "health").cross[0]);
  CHECK_FALSE(result(c, "eligible").cross[0]);
  // No result exists in both plans, so no family's results can differ.
  CHECK(c.differences().empty());
  std::string why;
  CHECK(same_event_schema(a.program(), other.program(), &why));
}
