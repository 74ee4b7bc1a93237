// outcomes test PLAN...: runs the `test` blocks of each plan and of the
// PLAN.test file beside it. A failure names the file and line and shows
// expected against actual.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/output.h"
#include "cli/plan_loading.h"
#include "compiler/parser.h"
#include "runtime/loader.h"

namespace outcomes::cli {

namespace {

std::string fixture_json(const TestDecl& t, int index) {
  std::string j = fmt::format("{{\"id\": {}, \"assessment_date\": \"{}\", \"members\": [",
                              json_escape(t.family_id.empty() ? fmt::format("T{}", index) : t.family_id), t.assessed);
  for (size_t i = 0; i < t.members.size(); ++i) {
    const FixtureMember& m = t.members[i];
    j += fmt::format("{}{{\"id\": {}, \"role\": {}, \"dob\": \"{}\"{}}}", i ? ", " : "", json_escape(m.id),
                     json_escape(m.role), m.dob, m.parenting ? ", \"parenting\": true" : "");
  }
  j += "], \"events\": [";
  for (size_t i = 0; i < t.events.size(); ++i) {
    const FixtureEvent& e = t.events[i];
    j += fmt::format("{}{{\"type\": {}", i ? ", " : "", json_escape(e.type));
    if (!e.member.empty()) j += fmt::format(", \"member\": {}", json_escape(e.member));
    for (const auto& [name, v] : e.fields) {
      j += fmt::format(", {}: ", json_escape(name));
      switch (v.kind) {
        case FixtureValueKind::Text: j += json_escape(v.text); break;
        case FixtureValueKind::Number:
        case FixtureValueKind::Bool: j += v.text; break;
        case FixtureValueKind::Null: j += "null"; break;
        case FixtureValueKind::Scores: {
          j += "{";
          for (size_t s = 0; s < v.scores.size(); ++s)
            j += fmt::format("{}{}: {}", s ? ", " : "", json_escape(v.scores[s].first), v.scores[s].second);
          j += "}";
        }
      }
    }
    j += "}";
  }
  return j + "]}";
}

std::string describe_presence(bool presenting, std::optional<std::string> progress) {
  if (!presenting) return "does not present";
  return progress ? fmt::format("presents, progress {}", *progress) : "presents";
}

struct TestOutcome {
  std::vector<std::string> failures;
};

TestOutcome run_one(const LoadedPlan& plan, const TestDecl& t, int index, const std::string& file) {
  TestOutcome r;
  const Program& p = plan.program();
  std::string load_error;
  CohortReader reader(p.schema, file, [&](const LoadIssue& i) {
    if (i.severity == LoadIssue::Severity::Error) load_error = render_load_issue(i);
  });
  Family family;
  auto outcome = reader.parse_line(fixture_json(t, index), 0, family);
  bool expects_rejection = false;
  for (const Expectation& x : t.expectations) expects_rejection |= x.kind == ExpectKind::Rejected;
  if (outcome != CohortReader::Outcome::Accepted) {
    if (!expects_rejection) r.failures.push_back(fmt::format("the family was rejected: {}", load_error));
    for (const Expectation& x : t.expectations)
      if (x.kind == ExpectKind::Rejected && load_error.find(x.value) == std::string::npos)
        r.failures.push_back(fmt::format("expected a rejection mentioning \"{}\"\n      actual: {}", x.value, load_error));
    return r;
  }
  if (expects_rejection) {
    r.failures.push_back("expected the family to be rejected, but it was accepted");
    return r;
  }
  Date as_of = *parse_iso_date(t.as_of);
  bool skipped = family.assessment_date > as_of;
  Evaluation e;
  if (!skipped) {
    Vm vm(p);
    try {
      vm.evaluate(family, as_of, e);
    } catch (const EvaluationError& err) {
      r.failures.push_back(fmt::format("evaluation failed: {}", err.what()));
      return r;
    }
  }
  for (const Expectation& x : t.expectations) {
    if (x.kind == ExpectKind::Skipped) {
      if (!skipped) r.failures.push_back("expected the family to be skipped (A after the as-of date), but it was evaluated");
      continue;
    }
    if (skipped) {
      r.failures.push_back("the family was skipped: its assessment date is after the as-of date");
      break;
    }
    std::string expected, actual;
    if (x.kind == ExpectKind::Indicator || x.kind == ExpectKind::Strand) {
      bool ind = x.kind == ExpectKind::Indicator;
      int i = ind ? p.indicator_index(x.target) : p.strand_index(x.target);
      if (i < 0) {
        r.failures.push_back(fmt::format("the plan has no {} {}", ind ? "indicator" : "strand", x.target));
        continue;
      }
      bool presenting = ind ? e.presenting[i] : e.strand_presenting[i];
      uint8_t progress = ind ? e.progress[i] : e.strand_progress[i];
      expected = describe_presence(x.presenting, x.progress);
      std::optional<std::string> actual_progress;
      if (presenting && x.progress) actual_progress = verdict_name(progress);
      actual = describe_presence(presenting, actual_progress);
      if (expected != actual)
        r.failures.push_back(fmt::format("{}{}\n      expected: {}\n      actual:   {}", ind ? "indicator " : "strand ",
                                         x.target, expected, actual));
    } else if (x.kind == ExpectKind::Result) {
      int ri = p.result_index(x.target);
      if (ri < 0) {
        r.failures.push_back(fmt::format("the plan has no result {}", x.target));
        continue;
      }
      std::string got = result_text(p, ri, e.results[ri]);
      if (got.size() >= 2 && got.front() == '"') got = got.substr(1, got.size() - 2);
      if (got != x.value)
        r.failures.push_back(fmt::format("result {}\n      expected: {}\n      actual:   {}", x.target, x.value, got));
    }
  }
  return r;
}

}  // namespace

int test_command(const std::vector<std::string>& plans, bool verbose) {
  int passed = 0, failed = 0;
  bool plan_errors = false;
  for (const std::string& path : plans) {
    auto plan = load_plan(path);
    if (!plan) {
      plan_errors = true;
      continue;
    }
    // Tests inside the plan, then in PLAN.test beside it.
    std::vector<std::pair<const TestDecl*, std::string>> tests;
    for (const TestDecl& t : plan->compilation->modules.back()->tests) tests.emplace_back(&t, path);
    SourceSet test_sources;
    Diagnostics test_diags;
    Module test_module;
    std::filesystem::path test_path = std::filesystem::path(path).replace_extension(".test");
    if (std::filesystem::exists(test_path)) {
      std::ifstream in(test_path);
      std::stringstream text;
      text << in.rdbuf();
      uint32_t f = test_sources.add(test_path.string(), text.str());
      test_module = parse_module(test_sources, f, test_diags);
      if (test_diags.has_errors()) {
        fmt::print(stderr, "{}", render_all(test_diags, test_sources, {stderr_is_terminal()}));
        plan_errors = true;
        continue;
      }
      for (const TestDecl& t : test_module.tests) tests.emplace_back(&t, test_path.string());
    }
    int index = 0;
    for (const auto& [t, file] : tests) {
      ++index;
      const SourceSet& sources = file == path ? plan->compilation->sources : test_sources;
      LineColumn at = sources.file(t->span.file).position(t->span.begin);
      TestOutcome r = run_one(*plan, *t, index, file);
      if (r.failures.empty()) {
        ++passed;
        if (verbose) fmt::print("ok    {}:{} {}\n", file, at.line, t->name);
        continue;
      }
      ++failed;
      fmt::print("FAIL  {}:{} {}\n", file, at.line, t->name);
      for (const std::string& f : r.failures) fmt::print("    {}\n", f);
    }
  }
  fmt::print("{} passed, {} failed\n", passed, failed);
  if (plan_errors) return kExitPlanError;
  return failed ? kExitPlanError : kExitOk;
}

}  // namespace outcomes::cli
