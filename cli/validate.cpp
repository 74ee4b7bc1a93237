// outcomes validate --plan PLAN --families FILE --claims CLAIMS.csv
//                   [--format jsonl|table|csv] [--output FILE] [--ledger FILE]
//
// Judges each claim row (spec timeline-v1, section 5) at its own claim date
// with the traced program, so every verdict comes with its reasons: each
// presenting indicator's progress and each claim condition, with windows and
// deciding evidence. The cohort is read once and the claimed families kept in
// memory by id. With --ledger the run is recorded in one transaction.
//
// With --jobs N the cohort is parsed, and the claims judged, on N threads;
// each claim's outcome is recorded, written and checked for duplicates on the
// calling thread in the claims file's order, so outputs and the ledger are
// the same for any N.
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "cli/claims_csv.h"
#include "cli/cohort_pipeline.h"
#include "cli/digest.h"
#include "cli/explanation.h"
#include "cli/ledger.h"
#include "cli/output.h"
#include "cli/plan_loading.h"
#include "cli/progress.h"
#include "runtime/loader.h"

namespace outcomes::cli {

namespace {

bool read_file(const std::string& path, std::string& out, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = fmt::format("cannot read {}", path);
    return false;
  }
  std::ostringstream s;
  s << in.rdbuf();
  out = std::move(s).str();
  return true;
}

bool hash_file(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  Sha256 h;
  std::vector<char> buf(1 << 20);
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    h.update(buf.data(), static_cast<size_t>(in.gcount()));
  }
  out = h.hex();
  return true;
}

std::string optional_json(const std::optional<std::string>& s) { return s ? json_escape(*s) : "null"; }

void append_reason(std::string& out, const char* key, const std::string& name, const std::string& wording,
                   int status, const ExplainNode& tree) {
  if (out.size() > 1) out += ", ";
  out += fmt::format("{{\"{}\": {}, \"wording\": {}, \"status\": \"{}\", \"window\": ", key, json_escape(name),
                     json_escape(wording), verdict_name(static_cast<uint8_t>(status)));
  auto window = first_window(tree);
  out += window ? json_escape(format_window(*window)) : "null";
  out += ", \"evidence\": [";
  bool first = true;
  for (const Evidence& e : all_evidence(tree)) {
    if (e.type.empty()) continue;
    out += fmt::format("{}{{\"type\": {}, \"member\": {}, \"date\": {}}}", first ? "" : ", ", json_escape(e.type),
                       e.member.empty() ? "null" : json_escape(e.member), e.date.empty() ? "null" : json_escape(e.date));
    first = false;
  }
  out += "]}";
}

// A judged claim: its verdict, its reasons as JSON, and short lists of what
// failed for the table and CSV.
struct Judgement {
  std::string verdict, reasons = "[]", message;
  std::vector<std::string> not_met, unknown;
  bool discretion = false;
};

// The short lists name failing claim conditions and, for a sustained-progress
// claim (which needs every presenting strand met), failing indicators; an
// employment claim stands alone, so its indicators are reasons but not notes.
Judgement judge(const FamilyExplanation& x, const Evaluation& ev, int result, bool note_indicators) {
  Judgement j;
  j.verdict = kClaimVerdictNames[ev.results[result].a];
  std::string& r = j.reasons;
  r = "[";
  auto note = [&](const std::string& name, int status) {
    if (status == 0) j.not_met.push_back(name);
    if (status == 2) j.unknown.push_back(name);
  };
  for (const IndicatorExplanation& ind : x.indicators) {
    if (!ind.presenting || !ind.progress_tree) continue;
    append_reason(r, "indicator", ind.id, ind.progress_wording, ind.progress, *ind.progress_tree);
    if (note_indicators) note(ind.id, ind.progress);
  }
  const ResultExplanation& claim = x.results[result];
  for (const ConditionExplanation& c : claim.conditions) {
    append_reason(r, "condition", c.name, c.wording, c.verdict, c.tree);
    note(c.name, c.verdict);
  }
  if (claim.discretion) {
    append_reason(r, "condition", claim.discretion->name, claim.discretion->wording, claim.discretion->verdict,
                  claim.discretion->tree);
    j.discretion = claim.discretion->verdict == 1;
  }
  r += "]";
  return j;
}

std::string csv_cell(std::string_view s) {
  if (s.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) out += (i ? sep : "") + v[i];
  return out;
}

struct TableRow {
  std::string claim_id, family, date, kind, verdict, note;
};

std::string render_table(const std::vector<TableRow>& rows, const std::string& summary) {
  size_t w[5] = {8, 6, 10, 4, 7};
  for (const TableRow& r : rows) {
    w[0] = std::max(w[0], r.claim_id.size()), w[1] = std::max(w[1], r.family.size());
    w[2] = std::max(w[2], r.date.size()), w[3] = std::max(w[3], r.kind.size());
    w[4] = std::max(w[4], r.verdict.size());
  }
  for (size_t& x : w) x = std::min<size_t>(x, 24);
  auto cut = [](const std::string& s, size_t n) { return s.size() > n ? s.substr(0, n - 1) + "~" : s; };
  auto line = [&](const TableRow& r) {
    std::string s = fmt::format("{:<{}}  {:<{}}  {:<{}}  {:<{}}  {:<{}}  {}", cut(r.claim_id, w[0]), w[0],
                                cut(r.family, w[1]), w[1], cut(r.date, w[2]), w[2], cut(r.kind, w[3]), w[3],
                                cut(r.verdict, w[4]), w[4], r.note);
    while (!s.empty() && s.back() == ' ') s.pop_back();
    return s + "\n";
  };
  std::string out = line({"claim_id", "family", "claim_date", "kind", "verdict", "notes"});
  out += std::string(w[0] + w[1] + w[2] + w[3] + w[4] + 10 + 5, '-') + "\n";
  for (const TableRow& r : rows) out += line(r);
  return out + "\n" + summary + "\n";
}

constexpr std::string_view kCsvHeader =
    "claim_id,family,plan,claim_date,kind,verdict,duplicate_of_run,duplicate_of_claim_id,duplicate_of_claim_date,"
    "not_met,unknown,message\n";

void append_jsonl(std::string& out, const ClaimRow& row, const std::string& plan, const Judgement& j,
                  const std::optional<LedgerDuplicate>& dup) {
  out += fmt::format("{{\"claim_id\": {}, \"family\": {}, \"plan\": {}, \"claim_date\": {}, \"kind\": {}, "
                     "\"verdict\": \"{}\", \"reasons\": {}",
                     optional_json(row.claim_id), optional_json(row.family), json_escape(plan),
                     optional_json(row.claim_date), optional_json(row.kind), j.verdict, j.reasons);
  if (!j.message.empty()) out += ", \"message\": " + json_escape(j.message);
  out += ", \"duplicate_of\": ";
  out += dup ? fmt::format("{{\"run\": {}, \"claim_id\": {}, \"claim_date\": {}}}", dup->run,
                           json_escape(dup->claim_id), json_escape(dup->claim_date))
             : "null";
  out += "}\n";
}

void append_csv(std::string& out, const ClaimRow& row, const std::string& plan, const Judgement& j,
                const std::optional<LedgerDuplicate>& dup) {
  std::vector<std::string> cells = {row.claim_id.value_or(""), row.family.value_or(""), plan,
                                    row.claim_date.value_or(""), row.kind.value_or(""), j.verdict,
                                    dup ? std::to_string(dup->run) : "", dup ? dup->claim_id : "",
                                    dup ? dup->claim_date : "", join(j.not_met, " "), join(j.unknown, " "),
                                    j.message};
  for (size_t c = 0; c < cells.size(); ++c) out += (c ? "," : "") + csv_cell(cells[c]);
  out += "\n";
}

TableRow table_row(const ClaimRow& row, const Judgement& j, const std::optional<LedgerDuplicate>& dup) {
  std::vector<std::string> notes;
  if (dup)
    notes.push_back(fmt::format("not payable: duplicate of claim {} (run {}, {})", dup->claim_id, dup->run,
                                dup->claim_date));
  if (!j.message.empty()) notes.push_back(j.message);
  if (j.discretion) notes.push_back("by discretion");
  if (!j.not_met.empty()) notes.push_back("not met: " + join(j.not_met, ", "));
  if (!j.unknown.empty()) notes.push_back("unknown: " + join(j.unknown, ", "));
  return {row.claim_id.value_or(""), row.family.value_or(""), row.claim_date.value_or(""), row.kind.value_or(""),
          j.verdict, join(notes, "; ")};
}

// The families the claims name, by id, and the loader's rejections of them.
struct ClaimedFamilies {
  std::unordered_map<std::string, Family> accepted;
  std::unordered_map<std::string, std::string> rejected;  // id -> the loader's message
  bool read_ok = true;
};

// Reads the cohort once, keeping only the families some claim names, so
// memory grows with the claims, not the cohort. Messages about other
// families are counted, not shown.
ClaimedFamilies read_claimed_families(const ValidateOptions& o, const Program& program, const ClaimsFile& claims) {
  std::unordered_set<std::string> wanted;
  for (const ClaimRow& row : claims.rows)
    if (row.error.empty()) wanted.insert(*row.family);
  ClaimedFamilies out;
  int64_t other_issues = 0;
  auto on_issue = [&](const LoadIssue& issue) {
    bool ours = issue.family_id.empty() || wanted.count(issue.family_id);
    if (ours) fmt::print(stderr, "{}\n", render_load_issue(issue));
    else ++other_issues;
    if (ours && issue.severity == LoadIssue::Severity::Error && !issue.family_id.empty())
      out.rejected.emplace(issue.family_id, render_load_issue(issue));
  };
  struct Kept {
    bool wanted = false;
    Family family;
  };
  auto process = [&](int, const Family& family, Kept& k) {
    k.wanted = wanted.count(family.id) > 0;  // read-only here, so safe on every worker
    if (k.wanted) k.family = family;
  };
  auto deliver = [&](Kept& k) {
    if (k.wanted) out.accepted.emplace(k.family.id, std::move(k.family));
  };
  CohortPipelineOptions options{o.families, o.families, &program.schema, o.jobs, progress_wanted(o.quiet)};
  out.read_ok = for_each_family_in_order<Kept>(options, process, on_issue, deliver).read_ok;
  if (out.read_ok && other_issues > 0 && !o.quiet)
    fmt::print(stderr, "({} loader messages about families no claim names are not shown)\n", other_issues);
  return out;
}

// Judges one claim row; runs on a worker thread with that worker's VM.
Judgement judge_claim(const ClaimRow& row, const Program& program, const SourceSet& sources, const int results[2],
                      const ClaimedFamilies& families, Vm& vm, Evaluation& ev) {
  Judgement j;
  j.message = row.error;
  if (j.message.empty()) {
    int result = results[static_cast<int>(row.kind_value)];
    auto it = families.accepted.find(*row.family);
    FamilyStatus status;
    if (it != families.accepted.end()) status = {FamilyStatus::State::Accepted, it->second.assessment_date, ""};
    else if (auto r = families.rejected.find(*row.family); r != families.rejected.end())
      status = {FamilyStatus::State::Rejected, {}, r->second};
    j.message = family_problem(row, status);
    if (j.message.empty() && result < 0)
      j.message = fmt::format("line {}: plan {} has no {} claim", row.line, program.plan_id, *row.kind);
    if (j.message.empty()) {
      try {
        FamilyExplanation x = explain_family(program, sources, it->second, row.date, vm, ev);
        j = judge(x, ev, result, row.kind_value == ClaimKind::SustainedProgress);
      } catch (const EvaluationError& e) {
        j.message = fmt::format("line {}: family {}: the rules failed: {}", row.line, *row.family, e.what());
      }
    }
  }
  if (!j.message.empty()) j.verdict = "rejected_input", j.reasons = "[]";
  return j;
}

// A run of claim rows, [begin, end), judged together on one worker.
struct ClaimBatch : OrderedBatch {
  size_t begin = 0, end = 0;
  std::vector<Judgement> judgements;
};

// OUTCOMES_TEST_PAUSE_AFTER_CLAIMS=N: a test hook that stops for a minute
// after the Nth claim has been written to the ledger (inside the run's open
// transaction), so a test can kill the process there.
int64_t pause_after() {
  const char* v = std::getenv("OUTCOMES_TEST_PAUSE_AFTER_CLAIMS");
  return v ? std::atoll(v) : -1;
}

}  // namespace

int validate_command(const ValidateOptions& o) {
  if (!jobs_in_range(o.jobs)) return kExitUsage;
  auto plan = load_plan(o.plan, /*trace=*/true);
  if (!plan) return kExitPlanError;
  const Program& program = plan->program();
  const int results[2] = {program.result_index("sustained_progress"), program.result_index("employment")};

  std::string claims_text, error;
  if (!read_file(o.claims, claims_text, &error)) {
    fmt::print(stderr, "error: {}\n", error);
    return kExitUsage;
  }
  ClaimsFile claims = read_claims(claims_text);
  if (!claims.header_error.empty()) {
    fmt::print(stderr, "error: {}: {}\n", o.claims, claims.header_error);
    return kExitUsage;
  }

  std::unique_ptr<Ledger> ledger;
  if (!o.ledger.empty()) {
    ledger = Ledger::open(o.ledger, /*create=*/true, &error);
    if (!ledger) {
      fmt::print(stderr, "error: {}\n", error);
      return kExitUsage;
    }
  }

  ClaimedFamilies families = read_claimed_families(o, program, claims);
  if (!families.read_ok) return kExitUsage;

  LedgerRun run;
  if (ledger) {
    run.plan_id = program.plan_id, run.plan_version = program.version;
    run.plan_hash = program_digest(program), run.plan_path = o.plan;
    run.cohort_path = o.families, run.claims_path = o.claims;
    run.claims_hash = sha256_hex(claims_text);
    run.tool_version = "outcomes 0.1";
    if (!hash_file(o.families, run.cohort_hash)) {
      fmt::print(stderr, "error: cannot read {}\n", o.families);
      return kExitUsage;
    }
    if (!ledger->begin_run(run, &error)) {
      fmt::print(stderr, "error: {}\n", error);
      return kExitUsage;
    }
  }

  OutputFile out;
  if (!out.open(o.output, &error)) {
    fmt::print(stderr, "error: {}\n", error);
    return kExitUsage;
  }
  if (o.format == "csv") out.write(std::string(kCsvHeader));
  std::vector<TableRow> table;
  std::string buffer;
  const int64_t pause = ledger ? pause_after() : -1;
  int64_t counts[5] = {0, 0, 0, 0, 0};  // valid, valid_discretionary, invalid, insufficient_data, rejected_input
  int64_t duplicates = 0, seq = 0;
  bool failed = false;  // the ledger refused a claim: stop, and record nothing

  // In claims-file order, on the calling thread: the duplicate check, the
  // ledger and the outputs.
  auto record = [&](const ClaimRow& row, const Judgement& j) {
    ++seq;
    std::optional<LedgerDuplicate> duplicate;
    int vi = 4;
    for (int v = 0; v < 4; ++v)
      if (j.verdict == kClaimVerdictNames[v]) vi = v;
    ++counts[vi];
    if (ledger) {
      if (vi != 4) {
        duplicate = ledger->find_payable(program.plan_id, *row.family, *row.kind);
        if (duplicate) ++duplicates;
        std::string date = *row.claim_date;
        if (run.first_claim_date.empty() || date < run.first_claim_date) run.first_claim_date = date;
        if (run.last_claim_date.empty() || date > run.last_claim_date) run.last_claim_date = date;
      }
      LedgerClaim c{run.run, seq, row.line, program.plan_id, row.claim_id, row.family, row.claim_date, row.kind,
                    j.verdict, j.reasons, j.message, duplicate, ""};
      if (!ledger->record_claim(c, &error)) {
        fmt::print(stderr, "error: {}; nothing was recorded\n", error);
        failed = true;
        return;
      }
      if (seq == pause) {
        fmt::print(stderr, "test hook: paused after {} claims\n", seq);
        std::this_thread::sleep_for(std::chrono::seconds(60));
      }
    }
    if (o.format == "jsonl") append_jsonl(buffer, row, program.plan_id, j, duplicate);
    else if (o.format == "csv") append_csv(buffer, row, program.plan_id, j, duplicate);
    else table.push_back(table_row(row, j, duplicate));
    if (buffer.size() > (1 << 16)) {
      out.write(buffer);
      buffer.clear();
    }
  };

  const std::vector<ClaimRow>& rows = claims.rows;
  std::vector<std::unique_ptr<Vm>> vms = one_per_worker<Vm>(o.jobs, [&] { return std::make_unique<Vm>(program); });
  std::vector<Evaluation> evaluations(static_cast<size_t>(o.jobs));
  // Explaining a claim takes tens of microseconds, so a few dozen make a
  // batch worth a hand-over; with one job, one a batch keeps the test hook's
  // pause exact and the ledger written as claims are judged.
  const size_t per_batch = o.jobs > 1 ? 32 : 1;
  size_t next_row = 0;
  ProgressLine progress(progress_wanted(o.quiet), "claims");
  OrderedPipeline::run<ClaimBatch>(
      o.jobs,
      [&](ClaimBatch& b) {
        b.begin = next_row;
        b.end = next_row = std::min(rows.size(), next_row + per_batch);
        return !failed && b.begin < b.end;
      },
      [&](int w, ClaimBatch& b) {
        b.judgements.clear();
        for (size_t i = b.begin; i < b.end; ++i)
          b.judgements.push_back(judge_claim(rows[i], program, plan->compilation->sources, results, families,
                                             *vms[w], evaluations[w]));
      },
      [&](ClaimBatch& b) {
        for (size_t i = b.begin; i < b.end && !failed; ++i) record(rows[i], b.judgements[i - b.begin]);
        progress.update(seq, rows.empty() ? -1 : static_cast<double>(seq) / static_cast<double>(rows.size()));
      });
  progress.finish();
  if (failed) return kExitUsage;

  std::string summary = fmt::format(
      "{} claims under {}: {} valid, {} valid_discretionary, {} invalid, {} insufficient_data, {} rejected_input",
      seq, program.plan_id, counts[0], counts[1], counts[2], counts[3], counts[4]);
  if (ledger) summary += fmt::format("; {} duplicate{}", duplicates, duplicates == 1 ? "" : "s");
  if (ledger) {
    run.claims = seq, run.valid = counts[0], run.valid_discretionary = counts[1], run.invalid = counts[2];
    run.insufficient_data = counts[3], run.rejected_input = counts[4], run.duplicates = duplicates;
    if (!ledger->commit_run(run, &error)) {
      fmt::print(stderr, "error: {}\n", error);
      return kExitUsage;
    }
    summary += fmt::format("; recorded as run {} in {}", run.run, o.ledger);
  }
  if (o.format == "table") buffer += render_table(table, summary);
  out.write(buffer);
  if (!out.commit(&error)) {
    fmt::print(stderr, "error: {}\n", error);
    return kExitUsage;
  }
  const bool summary_shown = o.format == "table" && o.output.empty();
  if ((!o.quiet || counts[4] > 0) && !summary_shown) fmt::print(stderr, "{}\n", summary);
  return counts[4] > 0 ? kExitSomeRejected : kExitOk;
}

}  // namespace outcomes::cli
