#include "cli/ledger.h"

#include <fmt/format.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <ctime>

namespace outcomes::cli {

namespace {

constexpr const char* kApplication = "outcomes-ledger";

constexpr const char* kSchema = R"sql(
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE runs (
  run INTEGER PRIMARY KEY AUTOINCREMENT,
  started TEXT NOT NULL,
  finished TEXT,
  plan_id TEXT NOT NULL,
  plan_version TEXT NOT NULL,
  plan_hash TEXT NOT NULL,
  plan_path TEXT NOT NULL,
  cohort_path TEXT NOT NULL,
  cohort_hash TEXT NOT NULL,
  claims_path TEXT NOT NULL,
  claims_hash TEXT NOT NULL,
  tool_version TEXT NOT NULL,
  first_claim_date TEXT,
  last_claim_date TEXT,
  claims INTEGER NOT NULL DEFAULT 0,
  valid INTEGER NOT NULL DEFAULT 0,
  valid_discretionary INTEGER NOT NULL DEFAULT 0,
  invalid INTEGER NOT NULL DEFAULT 0,
  insufficient_data INTEGER NOT NULL DEFAULT 0,
  rejected_input INTEGER NOT NULL DEFAULT 0,
  duplicates INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE claims (
  run INTEGER NOT NULL REFERENCES runs(run),
  seq INTEGER NOT NULL,
  line INTEGER NOT NULL,
  plan_id TEXT NOT NULL,
  claim_id TEXT,
  family TEXT,
  claim_date TEXT,
  kind TEXT,
  verdict TEXT NOT NULL,
  reasons TEXT NOT NULL,
  message TEXT,
  duplicate_of_run INTEGER,
  duplicate_of_claim_id TEXT,
  duplicate_of_claim_date TEXT,
  PRIMARY KEY (run, seq)
);
CREATE INDEX claims_by_family ON claims (family, plan_id, kind, verdict);
)sql";

std::string now_utc() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string text_column(sqlite3_stmt* st, int i) {
  const unsigned char* p = sqlite3_column_text(st, i);
  return p ? std::string(reinterpret_cast<const char*>(p), sqlite3_column_bytes(st, i)) : std::string();
}

std::optional<std::string> optional_text(sqlite3_stmt* st, int i) {
  if (sqlite3_column_type(st, i) == SQLITE_NULL) return std::nullopt;
  return text_column(st, i);
}

void bind_text(sqlite3_stmt* st, int i, const std::string& s) {
  sqlite3_bind_text(st, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
}

void bind_optional(sqlite3_stmt* st, int i, const std::optional<std::string>& s) {
  if (s) bind_text(st, i, *s);
  else sqlite3_bind_null(st, i);
}

// A statement finalised when it goes out of scope.
struct Statement {
  sqlite3_stmt* st = nullptr;
  ~Statement() { sqlite3_finalize(st); }
};

constexpr const char* kRunColumns =
    "run, started, coalesce(finished, ''), plan_id, plan_version, plan_hash, plan_path, cohort_path, cohort_hash, "
    "claims_path, claims_hash, tool_version, coalesce(first_claim_date, ''), coalesce(last_claim_date, ''), claims, "
    "valid, valid_discretionary, invalid, insufficient_data, rejected_input, duplicates";

LedgerRun read_run(sqlite3_stmt* st) {
  LedgerRun r;
  r.run = sqlite3_column_int64(st, 0);
  std::string* texts[] = {&r.started,     &r.finished,    &r.plan_id,     &r.plan_version, &r.plan_hash,
                          &r.plan_path,   &r.cohort_path, &r.cohort_hash, &r.claims_path,  &r.claims_hash,
                          &r.tool_version, &r.first_claim_date, &r.last_claim_date};
  for (int i = 0; i < 13; ++i) *texts[i] = text_column(st, i + 1);
  int64_t* counts[] = {&r.claims,           &r.valid,          &r.valid_discretionary, &r.invalid,
                       &r.insufficient_data, &r.rejected_input, &r.duplicates};
  for (int i = 0; i < 7; ++i) *counts[i] = sqlite3_column_int64(st, 14 + i);
  return r;
}

constexpr const char* kClaimColumns =
    "c.run, c.seq, c.line, c.plan_id, c.claim_id, c.family, c.claim_date, c.kind, c.verdict, c.reasons, "
    "coalesce(c.message, ''), c.duplicate_of_run, c.duplicate_of_claim_id, c.duplicate_of_claim_date, r.started";

}  // namespace

std::unique_ptr<Ledger> Ledger::open(const std::string& path, bool create, std::string* error) {
  struct stat info;
  bool exists = ::stat(path.c_str(), &info) == 0;
  if (!exists && !create) {
    *error = fmt::format("no ledger at {} (validate --ledger {} creates one)", path, path);
    return nullptr;
  }
  if (exists && !S_ISREG(info.st_mode)) {
    *error = fmt::format("{} is not a file, so not a ledger", path);
    return nullptr;
  }
  std::unique_ptr<Ledger> l(new Ledger);
  l->path_ = path;
  int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
  if (sqlite3_open_v2(path.c_str(), &l->db_, flags, nullptr) != SQLITE_OK) {
    *error = fmt::format("cannot open the ledger {}: {}", path, l->db_ ? sqlite3_errmsg(l->db_) : "out of memory");
    return nullptr;
  }
  sqlite3_busy_timeout(l->db_, 5000);
  // Reading the table list is the first access to the file: it fails for a
  // file that is not an SQLite database.
  std::vector<std::string> tables;
  {
    Statement s;
    int rc = sqlite3_prepare_v2(l->db_, "SELECT name FROM sqlite_master WHERE type = 'table'", -1, &s.st, nullptr);
    if (rc == SQLITE_OK)
      while ((rc = sqlite3_step(s.st)) == SQLITE_ROW) tables.push_back(text_column(s.st, 0));
    if (rc != SQLITE_DONE) {
      *error = rc == SQLITE_NOTADB ? fmt::format("{} is not an outcomes ledger (not an SQLite database)", path)
               : rc == SQLITE_BUSY   ? fmt::format("the ledger {} is locked: another run is writing to it", path)
                                     : fmt::format("cannot read the ledger {}: {}", path, sqlite3_errmsg(l->db_));
      return nullptr;
    }
  }
  if (tables.empty()) {
    if (!create) {
      *error = fmt::format("{} is not an outcomes ledger (an empty database)", path);
      return nullptr;
    }
    std::string sql = fmt::format("BEGIN IMMEDIATE; {} INSERT INTO meta VALUES ('application', '{}'), "
                                  "('schema_version', '{}'); COMMIT;",
                                  kSchema, kApplication, kLedgerSchemaVersion);
    if (!l->exec(sql.c_str(), error)) {
      *error = fmt::format("cannot create the ledger {}: {}", path, *error);
      return nullptr;
    }
    return l;
  }
  bool has_meta = false;
  for (const std::string& t : tables) has_meta |= t == "meta";
  std::string application, version;
  if (has_meta) {
    Statement s;
    if (sqlite3_prepare_v2(l->db_, "SELECT key, value FROM meta", -1, &s.st, nullptr) == SQLITE_OK) {
      while (sqlite3_step(s.st) == SQLITE_ROW) {
        std::string key = text_column(s.st, 0);
        if (key == "application") application = text_column(s.st, 1);
        if (key == "schema_version") version = text_column(s.st, 1);
      }
    }
  }
  if (application != kApplication) {
    *error = fmt::format("{} is an SQLite database but not an outcomes ledger (no outcomes-ledger entry in a meta table)",
                         path);
    return nullptr;
  }
  if (version != std::to_string(kLedgerSchemaVersion)) {
    *error = fmt::format("the ledger {} has schema version {}; this outcomes reads version {}", path,
                         version.empty() ? "(none)" : version, kLedgerSchemaVersion);
    return nullptr;
  }
  return l;
}

Ledger::~Ledger() {
  sqlite3_finalize(insert_claim_);
  sqlite3_finalize(find_payable_);
  if (in_run_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close_v2(db_);
}

std::string Ledger::last_error() const { return sqlite3_errmsg(db_); }

bool Ledger::exec(const char* sql, std::string* error) {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) == SQLITE_OK) return true;
  *error = message ? message : last_error();
  sqlite3_free(message);
  sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  return false;
}

sqlite3_stmt* Ledger::prepare(const char* sql) {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db_, sql, -1, &st, nullptr) != SQLITE_OK) return nullptr;
  return st;
}

bool Ledger::begin_run(LedgerRun& run, std::string* error) {
  if (int rc = sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr); rc != SQLITE_OK) {
    *error = rc == SQLITE_BUSY ? fmt::format("the ledger {} is locked: another run is writing to it", path_)
                               : fmt::format("cannot write to the ledger {}: {}", path_, last_error());
    return false;
  }
  in_run_ = true;
  run.started = now_utc();
  Statement s;
  s.st = prepare(
      "INSERT INTO runs (started, plan_id, plan_version, plan_hash, plan_path, cohort_path, cohort_hash, "
      "claims_path, claims_hash, tool_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  // A ledger may hold several runs in turn: the statements of the last one go.
  sqlite3_finalize(insert_claim_);
  sqlite3_finalize(find_payable_);
  insert_claim_ = prepare(
      "INSERT INTO claims (run, seq, line, plan_id, claim_id, family, claim_date, kind, verdict, reasons, message, "
      "duplicate_of_run, duplicate_of_claim_id, duplicate_of_claim_date) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  find_payable_ = prepare(
      "SELECT run, claim_id, claim_date FROM claims WHERE family = ? AND plan_id = ? AND kind = ? "
      "AND verdict IN ('valid', 'valid_discretionary') ORDER BY run, seq LIMIT 1");
  if (!s.st || !insert_claim_ || !find_payable_) {
    *error = fmt::format("cannot write to the ledger {}: {}", path_, last_error());
    return false;
  }
  const std::string* values[] = {&run.started,     &run.plan_id,     &run.plan_version, &run.plan_hash,
                                 &run.plan_path,   &run.cohort_path, &run.cohort_hash,  &run.claims_path,
                                 &run.claims_hash, &run.tool_version};
  for (int i = 0; i < 10; ++i) bind_text(s.st, i + 1, *values[i]);
  if (sqlite3_step(s.st) != SQLITE_DONE) {
    *error = fmt::format("cannot write to the ledger {}: {}", path_, last_error());
    return false;
  }
  run.run = sqlite3_last_insert_rowid(db_);
  return true;
}

std::optional<LedgerDuplicate> Ledger::find_payable(const std::string& plan_id, const std::string& family,
                                                    const std::string& kind) {
  sqlite3_stmt* st = find_payable_;
  sqlite3_reset(st);
  bind_text(st, 1, family);
  bind_text(st, 2, plan_id);
  bind_text(st, 3, kind);
  if (sqlite3_step(st) != SQLITE_ROW) return std::nullopt;
  return LedgerDuplicate{sqlite3_column_int64(st, 0), text_column(st, 1), text_column(st, 2)};
}

bool Ledger::record_claim(const LedgerClaim& c, std::string* error) {
  sqlite3_stmt* st = insert_claim_;
  sqlite3_reset(st);
  sqlite3_bind_int64(st, 1, c.run);
  sqlite3_bind_int64(st, 2, c.seq);
  sqlite3_bind_int64(st, 3, c.line);
  bind_text(st, 4, c.plan_id);
  bind_optional(st, 5, c.claim_id);
  bind_optional(st, 6, c.family);
  bind_optional(st, 7, c.claim_date);
  bind_optional(st, 8, c.kind);
  bind_text(st, 9, c.verdict);
  bind_text(st, 10, c.reasons_json);
  bind_optional(st, 11, c.message.empty() ? std::nullopt : std::optional<std::string>(c.message));
  if (c.duplicate_of) {
    sqlite3_bind_int64(st, 12, c.duplicate_of->run);
    bind_text(st, 13, c.duplicate_of->claim_id);
    bind_text(st, 14, c.duplicate_of->claim_date);
  } else {
    for (int i = 12; i <= 14; ++i) sqlite3_bind_null(st, i);
  }
  if (sqlite3_step(st) != SQLITE_DONE) {
    *error = fmt::format("cannot write to the ledger {}: {}", path_, last_error());
    return false;
  }
  return true;
}

bool Ledger::commit_run(LedgerRun& run, std::string* error) {
  run.finished = now_utc();
  Statement s;
  s.st = prepare(
      "UPDATE runs SET finished = ?, first_claim_date = ?, last_claim_date = ?, claims = ?, valid = ?, "
      "valid_discretionary = ?, invalid = ?, insufficient_data = ?, rejected_input = ?, duplicates = ? WHERE run = ?");
  if (!s.st) {
    *error = last_error();
    return false;
  }
  bind_text(s.st, 1, run.finished);
  bind_optional(s.st, 2, run.first_claim_date.empty() ? std::nullopt : std::optional(run.first_claim_date));
  bind_optional(s.st, 3, run.last_claim_date.empty() ? std::nullopt : std::optional(run.last_claim_date));
  int64_t counts[] = {run.claims,  run.valid,          run.valid_discretionary, run.invalid, run.insufficient_data,
                      run.rejected_input, run.duplicates, run.run};
  for (int i = 0; i < 8; ++i) sqlite3_bind_int64(s.st, 4 + i, counts[i]);
  if (sqlite3_step(s.st) != SQLITE_DONE || sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
    *error = fmt::format("cannot commit the run to the ledger {}: {}", path_, last_error());
    return false;
  }
  in_run_ = false;
  return true;
}

std::vector<LedgerRun> Ledger::runs() {
  std::vector<LedgerRun> out;
  Statement s;
  s.st = prepare(fmt::format("SELECT {} FROM runs ORDER BY run", kRunColumns).c_str());
  while (s.st && sqlite3_step(s.st) == SQLITE_ROW) out.push_back(read_run(s.st));
  return out;
}

std::optional<LedgerRun> Ledger::run(int64_t id) {
  Statement s;
  s.st = prepare(fmt::format("SELECT {} FROM runs WHERE run = ?", kRunColumns).c_str());
  if (!s.st) return std::nullopt;
  sqlite3_bind_int64(s.st, 1, id);
  if (sqlite3_step(s.st) != SQLITE_ROW) return std::nullopt;
  return read_run(s.st);
}

std::vector<LedgerClaim> Ledger::read_claims(sqlite3_stmt* st) {
  std::vector<LedgerClaim> out;
  while (st && sqlite3_step(st) == SQLITE_ROW) {
    LedgerClaim c;
    c.run = sqlite3_column_int64(st, 0);
    c.seq = sqlite3_column_int64(st, 1);
    c.line = sqlite3_column_int64(st, 2);
    c.plan_id = text_column(st, 3);
    c.claim_id = optional_text(st, 4);
    c.family = optional_text(st, 5);
    c.claim_date = optional_text(st, 6);
    c.kind = optional_text(st, 7);
    c.verdict = text_column(st, 8);
    c.reasons_json = text_column(st, 9);
    c.message = text_column(st, 10);
    if (sqlite3_column_type(st, 11) != SQLITE_NULL)
      c.duplicate_of = LedgerDuplicate{sqlite3_column_int64(st, 11), text_column(st, 12), text_column(st, 13)};
    c.started = text_column(st, 14);
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<LedgerClaim> Ledger::claims_of_run(int64_t id) {
  Statement s;
  s.st = prepare(fmt::format("SELECT {} FROM claims c JOIN runs r ON r.run = c.run WHERE c.run = ? ORDER BY c.seq",
                             kClaimColumns)
                     .c_str());
  if (s.st) sqlite3_bind_int64(s.st, 1, id);
  return read_claims(s.st);
}

std::vector<LedgerClaim> Ledger::claims_of_family(const std::string& family) {
  Statement s;
  s.st = prepare(fmt::format("SELECT {} FROM claims c JOIN runs r ON r.run = c.run WHERE c.family = ? "
                             "ORDER BY c.run, c.seq",
                             kClaimColumns)
                     .c_str());
  if (s.st) bind_text(s.st, 1, family);
  return read_claims(s.st);
}

}  // namespace outcomes::cli
