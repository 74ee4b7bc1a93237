// Explanations agree with verdicts, over a generated cohort (2000 families,
// seed 9) for every bundled plan at two claim dates: for each family, each
// indicator's presenting and progress conclusion recomputed from its own
// sub-conditions (cli::recompute), each claim condition, and the claim
// verdict rebuilt from its conditions and discretion, equal what the untraced
// VM decided. This is what makes `validate`'s reasons trustworthy.
#include <doctest/doctest.h>

#include <sstream>

#include "cli/explanation.h"
#include "compiler/driver.h"
#include "runtime/loader.h"
#include "runtime/vm.h"
#include "generated_lines.h"

using namespace outcomes;
using namespace outcomes::cli;

namespace {

uint8_t and3(uint8_t x, uint8_t y) { return x == 0 || y == 0 ? 0 : x == 2 || y == 2 ? 2 : 1; }

struct Tally {
  int64_t families = 0, nodes = 0, conditions = 0, claims = 0;
  std::vector<std::string> mismatches;
  void note(std::string s) {
    if (mismatches.size() < 20) mismatches.push_back(std::move(s));
    else mismatches.back() = "... and more";
  }
};

void check_family(const Program& traced, const SourceSet& sources, Vm& tvm, Vm& pvm, const Family& f, Date as_of,
                  Tally& t) {
  Evaluation plain, ev;
  pvm.evaluate(f, as_of, plain);
  FamilyExplanation x = explain_family(traced, sources, f, as_of, tvm, ev);
  ++t.families;
  const std::string where = f.id + " at " + format_date(as_of) + ": ";
  if (x.truncated) return t.note(where + "trace truncated");
  if (ev.presenting != plain.presenting || ev.progress != plain.progress || ev.claim_conditions != plain.claim_conditions ||
      ev.discretion != plain.discretion)
    t.note(where + "traced and untraced VMs disagree");
  for (size_t r = 0; r < ev.results.size(); ++r)
    if (ev.results[r].a != plain.results[r].a) t.note(where + "result " + traced.results[r].name + " differs");
  for (size_t i = 0; i < x.indicators.size(); ++i) {
    const IndicatorExplanation& ind = x.indicators[i];
    ++t.nodes;
    if (recompute(ind.presents) != plain.presenting[i])
      t.note(where + ind.id + " presents: recomputed " + std::to_string(recompute(ind.presents)));
    if (plain.presenting[i] != ind.presenting) t.note(where + ind.id + " presenting flag differs");
    if (!plain.presenting[i]) continue;
    ++t.nodes;
    if (!ind.progress_tree) {
      t.note(where + ind.id + " has no progress tree");
      continue;
    }
    if (recompute(*ind.progress_tree) != plain.progress[i])
      t.note(where + ind.id + " progress: recomputed " + std::to_string(recompute(*ind.progress_tree)) + ", VM " +
             std::to_string(plain.progress[i]));
  }
  for (size_t r = 0; r < x.results.size(); ++r) {
    const ResultExplanation& res = x.results[r];
    if (!res.is_claim) continue;
    ++t.claims;
    uint8_t all = 1;
    for (size_t c = 0; c < res.conditions.size(); ++c) {
      ++t.conditions;
      int v = recompute(res.conditions[c].tree);
      if (v != plain.claim_conditions[r][c])
        t.note(where + res.name + "." + res.conditions[c].name + ": recomputed " + std::to_string(v) + ", VM " +
               std::to_string(plain.claim_conditions[r][c]));
      all = and3(all, static_cast<uint8_t>(v < 0 ? 0 : v));
    }
    auto verdict = all == 1 ? ClaimVerdict::Valid : all == 2 ? ClaimVerdict::InsufficientData : ClaimVerdict::Invalid;
    if (verdict != ClaimVerdict::Valid && traced.results[r].discretion) {
      if (!res.discretion) {
        t.note(where + res.name + ": discretion not explained");
      } else {
        ++t.conditions;
        int d = recompute(res.discretion->tree);
        if (d != res.discretion->verdict) t.note(where + res.name + ": discretion recomputed differs");
        if (d == 1) verdict = ClaimVerdict::ValidDiscretionary;
      }
    }
    if (static_cast<int64_t>(verdict) != plain.results[r].a)
      t.note(where + res.name + ": verdict from conditions " + kClaimVerdictNames[static_cast<int>(verdict)] +
             ", VM " + kClaimVerdictNames[plain.results[r].a]);
  }
}

}  // namespace

TEST_CASE("explanations recompute to the VM's verdicts over a generated cohort, for every plan") {
  const std::vector<std::string> lines = generated_lines(2000, 9);
  REQUIRE(lines.size() == 2000);
  for (const char* name : {"herts-2018", "tf2", "herefordshire-v6.1"}) {
    SUBCASE(name) {
      const std::string path = std::string(OUTCOMES_SOURCE_ROOT) + "/plans/" + name + ".plan";
      auto traced = compile_file(path, /*trace=*/true);
      auto plain = compile_file(path, /*trace=*/false);
      REQUIRE(traced->ok());
      REQUIRE(plain->ok());
      bind_event_checks(*traced->program);
      bind_event_checks(*plain->program);
      std::vector<Family> families;
      CohortReader reader(traced->program->schema, "gen.jsonl", [](const LoadIssue&) {});
      for (size_t i = 0; i < lines.size(); ++i) {
        Family f;
        if (reader.parse_line(lines[i], static_cast<int64_t>(i + 1), f) == CohortReader::Outcome::Accepted)
          families.push_back(std::move(f));
      }
      CHECK(families.size() > 1900);
      Vm tvm(*traced->program), pvm(*plain->program);
      Tally t;
      for (const char* as_of : {"2018-06-30", "2019-03-31"}) {
        Date c = *parse_iso_date(as_of);
        for (const Family& f : families)
          if (f.assessment_date <= c) check_family(*traced->program, traced->sources, tvm, pvm, f, c, t);
      }
      INFO(std::string(name) << ": " << t.families << " family evaluations, " << t.nodes << " indicator conclusions, "
                << t.conditions << " claim conditions");
      for (const std::string& m : t.mismatches) INFO(m);
      std::string all;
      for (const std::string& m : t.mismatches) all += m + "\n";
      CHECK_MESSAGE(t.mismatches.empty(), all);
      CHECK(t.families > 3000);
      CHECK(t.conditions > t.families);
    }
  }
}
