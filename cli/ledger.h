// The audit ledger: an SQLite file recording every `outcomes validate
// --ledger FILE` run (what was run, over which inputs, and each claim's
// verdict and reasons), and the duplicate-claim lookups of spec section 5.
//
// A run's writes are one transaction, begun by begin_run() and committed by
// commit_run(): claims are written as they are validated, inside it, so a
// process killed mid-run leaves the ledger exactly as it was. The schema is
// versioned (table `meta`) and created when the file is new or empty; a file
// that is not an outcomes ledger is refused with a message saying so.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace outcomes::cli {

inline constexpr int kLedgerSchemaVersion = 1;

struct LedgerRun {
  int64_t run = 0;
  std::string started, finished;  // UTC, ISO 8601
  std::string plan_id, plan_version, plan_hash, plan_path;
  std::string cohort_path, cohort_hash, claims_path, claims_hash;
  std::string tool_version;
  std::string first_claim_date, last_claim_date;  // over the claims judged
  int64_t claims = 0, valid = 0, valid_discretionary = 0, invalid = 0, insufficient_data = 0, rejected_input = 0,
          duplicates = 0;
};

struct LedgerDuplicate {
  int64_t run = 0;
  std::string claim_id, claim_date;
};

struct LedgerClaim {
  int64_t run = 0, seq = 0, line = 0;  // seq: 1-based row of the claims file
  std::string plan_id;
  std::optional<std::string> claim_id, family, claim_date, kind;  // as written; absent in a short row
  std::string verdict;
  std::string reasons_json = "[]";
  std::string message;  // rejected_input only
  std::optional<LedgerDuplicate> duplicate_of;
  std::string started;  // the run's time (when read back)
};

class Ledger {
 public:
  // Opens the ledger at `path`; with `create`, a missing or empty file
  // becomes a new ledger. Null with *error set when it cannot be used.
  static std::unique_ptr<Ledger> open(const std::string& path, bool create, std::string* error);
  ~Ledger();  // rolls back a run that was not committed
  Ledger(const Ledger&) = delete;
  Ledger& operator=(const Ledger&) = delete;

  // Writing: begin_run, then record_claim for each row, then commit_run.
  // begin_run takes the write lock and fills in run.run and run.started.
  bool begin_run(LedgerRun& run, std::string* error);
  // The first recorded valid or valid_discretionary claim of this plan id,
  // family and kind (in an earlier run, or earlier in the open run).
  std::optional<LedgerDuplicate> find_payable(const std::string& plan_id, const std::string& family,
                                              const std::string& kind);
  bool record_claim(const LedgerClaim& claim, std::string* error);
  bool commit_run(LedgerRun& run, std::string* error);  // stores counts, dates and finish time

  // Reading.
  std::vector<LedgerRun> runs();
  std::optional<LedgerRun> run(int64_t id);
  std::vector<LedgerClaim> claims_of_run(int64_t id);
  std::vector<LedgerClaim> claims_of_family(const std::string& family);

 private:
  Ledger() = default;
  bool exec(const char* sql, std::string* error);
  sqlite3_stmt* prepare(const char* sql);
  std::string last_error() const;
  std::vector<LedgerClaim> read_claims(sqlite3_stmt* st);

  sqlite3* db_ = nullptr;
  std::string path_;
  bool in_run_ = false;
  sqlite3_stmt* insert_claim_ = nullptr;
  sqlite3_stmt* find_payable_ = nullptr;
};

}  // namespace outcomes::cli
