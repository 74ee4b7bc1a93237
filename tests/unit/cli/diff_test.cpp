// `outcomes diff`: the rule-level difference between two plans.
#include <doctest/doctest.h>

#include <filesystem>
#include <set>

#include "cli/diff.h"
#include "side_by_side_support.h"

using namespace outcomes;
using namespace outcomes::cli;
using side_by_side::TextPlan;
using side_by_side::crime_plan;

TEST_CASE("diff: a changed parameter is named with both values, and nothing else shows") {
  TextPlan a(crime_plan("v1", "12 months")), b(crime_plan("v1", "6 months"));
  PlanDiff d = diff_plans(*a.compilation, "a.plan", *b.compilation, "b.plan");
  REQUIRE(d.params_changed.size() == 1);
  CHECK(d.params_changed[0].name == "window");
  CHECK(d.params_changed[0].from == "12 months");
  CHECK(d.params_changed[0].to == "6 months");
  CHECK(d.indicators_changed.empty());
  CHECK(d.indicators_added.empty());
  CHECK(d.defs_changed.empty());
  CHECK(d.results_changed.empty());
  CHECK(d.header.empty());
  CHECK(render_diff_text(d).find("window: 12 months → 6 months") != std::string::npos);
  CHECK(render_diff_json(d).find("\"name\": \"window\", \"from\": \"12 months\", \"to\": \"6 months\"") != std::string::npos);
}

TEST_CASE("diff: formatting-only changes do not show") {
  std::string text = crime_plan("v1", "12 months");
  std::string reformatted = text;
  auto replace = [&](const std::string& from, const std::string& to) {
    size_t at = reformatted.find(from);
    REQUIRE(at != std::string::npos);
    reformatted.replace(at, from.size(), to);
  };
  replace("presents when any offence where date in last window before A",
          "# a comment\n    presents when (any offence\n        where (date in (last window before A)))");
  replace("every s in strands where presenting(s) satisfies progress(s)",
          "(every s in strands where presenting( s )\n satisfies (progress(s)))");
  replace("area == mental_health and outcome == progress and date in (A, C]",
          "(area == mental_health and outcome == progress) and date in ( A , C ]");
  TextPlan a(text), b(reformatted);
  PlanDiff d = diff_plans(*a.compilation, "a.plan", *b.compilation, "b.plan");
  CHECK(d.empty());
  CHECK(render_diff_text(d).find("The two plans have the same rules.") != std::string::npos);
}

TEST_CASE("diff: indicators renamed, re-worded, re-ruled, added and removed; definitions and results") {
  std::string a_text = crime_plan("v1", "12 months") +
                       "strand education \"Education\" {\n"
                       "  indicator 3.1 { issue \"Excluded\" progress \"Back in school\" presents when any exclusion where date <= A progress when true }\n"
                       "  indicator 3.2 { issue \"Old wording\" presents when any pru_support where it active at A progress when true }\n"
                       "  indicator 3.3 { issue \"Dropped\" presents when false progress when true }\n"
                       "}\n"
                       "def recent(x: offence) -> Bool = x.date > A - 3 months\n"
                       "def gone -> Bool = true\n";
  std::string b_text = crime_plan("v2", "12 months") +
                       "strand education \"Education and attendance\" {\n"
                       "  indicator 3a { issue \"Excluded\" progress \"Back in school\" presents when any exclusion where date <= A progress when true }\n"
                       "  indicator 3.2 { issue \"New wording\" presents when any pru_support where it active at A and true progress when true }\n"
                       "  indicator 3.4 { issue \"New\" presents when false progress when false }\n"
                       "}\n"
                       "def recent(x: offence) -> Bool = x.date > A - 6 months\n"
                       "def fresh -> Bool = false\n"
                       "result intensive \"Two strands\" = presenting_strand_count >= 2\n";
  // v2's claim loses its second condition.
  size_t claim = b_text.find("  condition strands_met");
  b_text.erase(claim, b_text.find("}\n", claim) - claim);
  TextPlan a(a_text), b(b_text);
  PlanDiff d = diff_plans(*a.compilation, "a.plan", *b.compilation, "b.plan");

  REQUIRE(d.header.size() == 1);
  CHECK(d.header[0].field == "id");
  REQUIRE(d.strands_changed.size() == 1);
  CHECK(d.strands_changed[0].to == "Education and attendance");

  REQUIRE(d.indicators_changed.size() == 2);
  CHECK(d.indicators_changed[0].id == "3a");
  CHECK(d.indicators_changed[0].renamed_from == "3.1");
  CHECK(d.indicators_changed[0].rule_from == d.indicators_changed[0].rule_to);
  CHECK(d.renamed_count() == 1);
  const IndicatorChange& changed = d.indicators_changed[1];
  CHECK(changed.id == "3.2");
  REQUIRE(changed.wording.size() == 1);
  CHECK(changed.wording[0].field == "issue");
  CHECK(changed.wording[0].from == "Old wording");
  CHECK(changed.wording[0].to == "New wording");
  CHECK(changed.rule_to.find("it active at A and true") != std::string::npos);
  REQUIRE(d.indicators_added.size() == 1);
  CHECK(d.indicators_added[0].id == "3.4");
  REQUIRE(d.indicators_removed.size() == 1);
  CHECK(d.indicators_removed[0].id == "3.3");

  REQUIRE(d.defs_changed.size() == 1);
  CHECK(d.defs_changed[0].name == "recent");
  REQUIRE(d.defs_added.size() == 1);
  CHECK(d.defs_added[0].name == "fresh");
  REQUIRE(d.defs_removed.size() == 1);
  CHECK(d.defs_removed[0].name == "gone");
  REQUIRE(d.results_added.size() == 1);
  CHECK(d.results_added[0].name == "intensive");
  REQUIRE(d.results_changed.size() == 1);
  CHECK(d.results_changed[0].name == "sustained_progress");

  std::string text = render_diff_text(d);
  CHECK(text.find("renamed  3.1 → 3a (education)") != std::string::npos);
  CHECK(text.find("-def recent(x: offence) -> Bool = x.date > A - 3 months") != std::string::npos);
  CHECK(text.find("+def recent(x: offence) -> Bool = x.date > A - 6 months") != std::string::npos);
  CHECK(text.find("-presents when any pru_support where it active at A\n") != std::string::npos);
  CHECK(text.find("-  condition strands_met") != std::string::npos);
}

TEST_CASE("diff: herts-2018 to tf2 shows the overridden parameter and definitions") {
  std::filesystem::path root = OUTCOMES_SOURCE_ROOT;
  auto a = compile_file((root / "plans/herts-2018.plan").string());
  auto b = compile_file((root / "plans/tf2.plan").string());
  REQUIRE(a->ok());
  REQUIRE(b->ok());
  PlanDiff d = diff_plans(*a, "herts-2018.plan", *b, "tf2.plan");
  const RuleChange* window = nullptr;
  for (const RuleChange& p : d.params_changed)
    if (p.name == "da_notification_window") window = &p;
  REQUIRE(window);
  CHECK(window->from == "12 months");
  CHECK(window->to == "6 months");
  CHECK(window->override_to);
  CHECK_FALSE(window->override_from);
  std::set<std::string> overridden;
  for (const RuleChange& c : d.defs_changed)
    if (c.override_to) overridden.insert(c.name);
  // Both plans override claim_benefit with the same text: what differs is
  // universal_credit_with_conditions, which it calls.
  CHECK(overridden == std::set<std::string>{"absence_measure", "school_leaver"});
  bool uc = false;
  for (const RuleChange& c : d.defs_changed) uc = uc || c.name == "universal_credit_with_conditions";
  CHECK(uc);
  CHECK(d.indicators_added.size() == 21);
  CHECK(d.indicators_removed.size() == 34);
  std::string text = render_diff_text(d);
  CHECK(text.find("da_notification_window: 12 months → 6 months   (tf2 overrides it)") != std::string::npos);
}
