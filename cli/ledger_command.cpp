// outcomes ledger list|show RUN|family ID --ledger FILE [--format table|json|csv]
#include <fmt/format.h>
#include <simdjson.h>

#include "cli/commands.h"
#include "cli/ledger.h"
#include "cli/output.h"

namespace outcomes::cli {

namespace {

std::string csv_cell(std::string_view s) {
  if (s.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string csv_line(const std::vector<std::string>& cells) {
  std::string out;
  for (size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + csv_cell(cells[i]);
  return out + "\n";
}

std::string opt_json(const std::optional<std::string>& s) { return s ? json_escape(*s) : "null"; }

// Left-aligned columns, each as wide as its widest cell (the last one free).
std::string render_columns(const std::vector<std::vector<std::string>>& rows) {
  if (rows.empty()) return "";
  std::vector<size_t> w(rows[0].size(), 0);
  for (const auto& r : rows)
    for (size_t c = 0; c + 1 < r.size(); ++c) w[c] = std::max(w[c], r[c].size());
  std::string out;
  for (size_t i = 0; i < rows.size(); ++i) {
    std::string line;
    for (size_t c = 0; c < rows[i].size(); ++c)
      line += c + 1 < rows[i].size() ? fmt::format("{:<{}}  ", rows[i][c], w[c]) : rows[i][c];
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
    if (i == 0) {
      size_t total = 0;
      for (size_t c = 0; c + 1 < w.size(); ++c) total += w[c] + 2;
      out += std::string(total + std::max<size_t>(rows[0].back().size(), 5), '-') + "\n";
    }
  }
  return out;
}

const std::vector<std::string> kRunHeader = {
    "run",         "started",     "finished",         "plan",            "plan_version", "plan_hash",
    "plan_path",   "cohort",      "cohort_hash",      "claims_file",     "claims_hash",  "tool_version",
    "first_claim_date", "last_claim_date", "claims",  "valid",           "valid_discretionary", "invalid",
    "insufficient_data", "rejected_input", "duplicates"};

std::vector<std::string> run_cells(const LedgerRun& r) {
  return {std::to_string(r.run), r.started,     r.finished,    r.plan_id,      r.plan_version,
          r.plan_hash,           r.plan_path,   r.cohort_path, r.cohort_hash,  r.claims_path,
          r.claims_hash,         r.tool_version, r.first_claim_date, r.last_claim_date,
          std::to_string(r.claims), std::to_string(r.valid), std::to_string(r.valid_discretionary),
          std::to_string(r.invalid), std::to_string(r.insufficient_data), std::to_string(r.rejected_input),
          std::to_string(r.duplicates)};
}

std::string run_json(const LedgerRun& r) {
  std::vector<std::string> cells = run_cells(r);
  std::string out = "{";
  for (size_t i = 0; i < cells.size(); ++i) {
    bool number = i == 0 || i >= 14;
    bool null = cells[i].empty() && (i == 2 || i == 12 || i == 13);
    out += fmt::format("{}\"{}\": {}", i ? ", " : "", kRunHeader[i],
                       number ? cells[i] : null ? "null" : json_escape(cells[i]));
  }
  return out + "}";
}

// What failed, read back from a claim's reasons.
// Indicators count only for a sustained-progress claim, as in validate's notes.
std::pair<std::vector<std::string>, std::vector<std::string>> failing(const std::string& reasons, bool indicators) {
  std::vector<std::string> not_met, unknown;
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(reasons).get(doc) != simdjson::SUCCESS) return {};
  simdjson::dom::array items;
  if (doc.get_array().get(items) != simdjson::SUCCESS) return {};
  for (simdjson::dom::element item : items) {
    std::string_view name, status;
    if (item["indicator"].get_string().get(name) == simdjson::SUCCESS) {
      if (!indicators) continue;
    } else if (item["condition"].get_string().get(name) != simdjson::SUCCESS || name == "discretion") {
      continue;  // discretion only ever rescues a claim; it shows as "by discretion"
    }
    if (item["status"].get_string().get(status) != simdjson::SUCCESS) continue;
    if (status == "not_met") not_met.emplace_back(name);
    if (status == "unknown") unknown.emplace_back(name);
  }
  return {not_met, unknown};
}

std::string notes(const LedgerClaim& c) {
  std::vector<std::string> parts;
  if (c.duplicate_of)
    parts.push_back(fmt::format("not payable: duplicate of claim {} (run {}, {})", c.duplicate_of->claim_id,
                                c.duplicate_of->run, c.duplicate_of->claim_date));
  if (!c.message.empty()) parts.push_back(c.message);
  auto [not_met, unknown] = failing(c.reasons_json, c.kind == std::optional<std::string>("sustained_progress"));
  if (c.verdict == "valid_discretionary") parts.push_back("by discretion");
  if (!not_met.empty()) parts.push_back(fmt::format("not met: {}", fmt::join(not_met, ", ")));
  if (!unknown.empty()) parts.push_back(fmt::format("unknown: {}", fmt::join(unknown, ", ")));
  return fmt::format("{}", fmt::join(parts, "; "));
}

std::string claim_json(const LedgerClaim& c, bool with_run) {
  std::string out = "{";
  if (with_run) out += fmt::format("\"run\": {}, \"started\": {}, ", c.run, json_escape(c.started));
  out += fmt::format("\"line\": {}, \"claim_id\": {}, \"family\": {}, \"plan\": {}, \"claim_date\": {}, \"kind\": {}, "
                     "\"verdict\": {}, \"reasons\": {}",
                     c.line, opt_json(c.claim_id), opt_json(c.family), json_escape(c.plan_id), opt_json(c.claim_date),
                     opt_json(c.kind), json_escape(c.verdict), c.reasons_json);
  if (c.verdict == "rejected_input") out += ", \"message\": " + json_escape(c.message);
  out += ", \"duplicate_of\": ";
  out += c.duplicate_of ? fmt::format("{{\"run\": {}, \"claim_id\": {}, \"claim_date\": {}}}", c.duplicate_of->run,
                                      json_escape(c.duplicate_of->claim_id), json_escape(c.duplicate_of->claim_date))
                        : "null";
  return out + "}";
}

const std::vector<std::string> kClaimHeader = {"line",    "claim_id",         "family",
                                               "plan",    "claim_date",       "kind",
                                               "verdict", "duplicate_of_run", "duplicate_of_claim_id",
                                               "duplicate_of_claim_date", "notes"};

std::vector<std::string> claim_cells(const LedgerClaim& c) {
  return {std::to_string(c.line),
          c.claim_id.value_or(""),
          c.family.value_or(""),
          c.plan_id,
          c.claim_date.value_or(""),
          c.kind.value_or(""),
          c.verdict,
          c.duplicate_of ? std::to_string(c.duplicate_of->run) : "",
          c.duplicate_of ? c.duplicate_of->claim_id : "",
          c.duplicate_of ? c.duplicate_of->claim_date : "",
          notes(c)};
}

std::string list(Ledger& ledger, const std::string& format) {
  std::vector<LedgerRun> runs = ledger.runs();
  std::string out;
  if (format == "json") {
    out = "[";
    for (size_t i = 0; i < runs.size(); ++i) out += (i ? ",\n " : "") + run_json(runs[i]);
    return out + "]\n";
  }
  if (format == "csv") {
    out = csv_line(kRunHeader);
    for (const LedgerRun& r : runs) out += csv_line(run_cells(r));
    return out;
  }
  std::vector<std::vector<std::string>> rows = {{"run", "started", "plan", "version", "plan hash", "claim dates",
                                                 "claims", "valid", "discretionary", "invalid", "insufficient",
                                                 "rejected", "duplicates"}};
  for (const LedgerRun& r : runs)
    rows.push_back({std::to_string(r.run), r.started, r.plan_id, r.plan_version, r.plan_hash.substr(0, 12),
                    r.first_claim_date.empty() ? "-" : r.first_claim_date + ".." + r.last_claim_date,
                    std::to_string(r.claims), std::to_string(r.valid), std::to_string(r.valid_discretionary),
                    std::to_string(r.invalid), std::to_string(r.insufficient_data), std::to_string(r.rejected_input),
                    std::to_string(r.duplicates)});
  return render_columns(rows) + fmt::format("\n{} run{}\n", runs.size(), runs.size() == 1 ? "" : "s");
}

std::string show(const LedgerRun& r, const std::vector<LedgerClaim>& claims, const std::string& format) {
  std::string out;
  if (format == "json") {
    out = "{\"run\": " + run_json(r) + ",\n \"claims\": [";
    for (size_t i = 0; i < claims.size(); ++i) out += (i ? ",\n  " : "\n  ") + claim_json(claims[i], false);
    return out + "]}\n";
  }
  if (format == "csv") {
    out = csv_line(kClaimHeader);
    for (const LedgerClaim& c : claims) out += csv_line(claim_cells(c));
    return out;
  }
  out = fmt::format("Run {}: {} ({}), {} claims\n", r.run, r.plan_id, r.plan_version, r.claims);
  out += fmt::format("  started      {}\n  finished     {}\n", r.started, r.finished);
  out += fmt::format("  plan         {}  sha256 {}\n", r.plan_path, r.plan_hash);
  out += fmt::format("  cohort       {}  sha256 {}\n", r.cohort_path, r.cohort_hash);
  out += fmt::format("  claims file  {}  sha256 {}\n", r.claims_path, r.claims_hash);
  if (!r.first_claim_date.empty())
    out += fmt::format("  claim dates  {} to {}\n", r.first_claim_date, r.last_claim_date);
  out += fmt::format("  verdicts     {} valid, {} valid_discretionary, {} invalid, {} insufficient_data, "
                     "{} rejected_input; {} duplicate{}\n\n",
                     r.valid, r.valid_discretionary, r.invalid, r.insufficient_data, r.rejected_input, r.duplicates,
                     r.duplicates == 1 ? "" : "s");
  std::vector<std::vector<std::string>> rows = {{"line", "claim_id", "family", "claim_date", "kind", "verdict", "notes"}};
  for (const LedgerClaim& c : claims)
    rows.push_back({std::to_string(c.line), c.claim_id.value_or(""), c.family.value_or(""),
                    c.claim_date.value_or(""), c.kind.value_or(""), c.verdict, notes(c)});
  return out + render_columns(rows);
}

std::string family(const std::string& id, const std::vector<LedgerClaim>& claims, const std::string& format) {
  std::string out;
  if (format == "json") {
    out = "[";
    for (size_t i = 0; i < claims.size(); ++i) out += (i ? ",\n " : "") + claim_json(claims[i], true);
    return out + "]\n";
  }
  if (format == "csv") {
    std::vector<std::string> header = {"run", "started"};
    header.insert(header.end(), kClaimHeader.begin(), kClaimHeader.end());
    out = csv_line(header);
    for (const LedgerClaim& c : claims) {
      std::vector<std::string> cells = {std::to_string(c.run), c.started};
      for (std::string& cell : claim_cells(c)) cells.push_back(std::move(cell));
      out += csv_line(cells);
    }
    return out;
  }
  out = fmt::format("Family {}: {} recorded claim{}\n\n", id, claims.size(), claims.size() == 1 ? "" : "s");
  std::vector<std::vector<std::string>> rows = {
      {"run", "started", "plan", "claim_id", "claim_date", "kind", "verdict", "notes"}};
  for (const LedgerClaim& c : claims)
    rows.push_back({std::to_string(c.run), c.started, c.plan_id, c.claim_id.value_or(""), c.claim_date.value_or(""),
                    c.kind.value_or(""), c.verdict, notes(c)});
  return claims.empty() ? out : out + render_columns(rows);
}

}  // namespace

int ledger_command(const LedgerOptions& o) {
  std::string error;
  auto ledger = Ledger::open(o.ledger, /*create=*/false, &error);
  if (!ledger) {
    fmt::print(stderr, "error: {}\n", error);
    return kExitUsage;
  }
  if (o.action == "list") {
    fmt::print("{}", list(*ledger, o.format));
    return kExitOk;
  }
  if (o.action == "show") {
    auto run = ledger->run(o.run);
    if (!run) {
      fmt::print(stderr, "error: there is no run {} in the ledger {}\n", o.run, o.ledger);
      return kExitUsage;
    }
    fmt::print("{}", show(*run, ledger->claims_of_run(o.run), o.format));
    return kExitOk;
  }
  fmt::print("{}", family(o.family, ledger->claims_of_family(o.family), o.format));
  return kExitOk;
}

}  // namespace outcomes::cli
