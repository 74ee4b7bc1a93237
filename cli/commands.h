// One function per verb of the `outcomes` command line. Each returns the
// process exit status (spec section 7): 0 every record evaluated; 3 some
// records rejected or skipped; 1 plan errors; 2 usage errors.
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace outcomes::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitPlanError = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitSomeRejected = 3;

struct RunOptions {
  std::string plan;
  std::string families;  // a path or "-"
  std::string as_of;
  std::string format = "table";  // jsonl | csv | table
  std::string output;            // empty: stdout
  bool quiet = false;
  int jobs = 1;
};

struct ExplainOptions {
  std::string plan, families, family, as_of;
  std::string format = "text";  // text | json
};

int explain_command(const ExplainOptions& options);
// Plans side by side (cli/diff.cpp, cli/compare.cpp, cli/report.cpp).
struct DiffOptions {
  std::string from, to;
  std::string format = "text";  // text | json
  std::string output;
};
struct CompareOptions {
  std::vector<std::string> plans;
  std::string families, as_of;
  std::string format = "table";  // table | csv | json | html
  std::string output;
  bool quiet = false;
  int jobs = 1;
};
struct ReportOptions {
  std::string plan, families, as_of;
  std::string by = "district";   // district | lead_agency
  std::string format = "table";  // table | csv | html
  std::string output;
  bool quiet = false;
  int jobs = 1;
};
int diff_command(const DiffOptions& options);
int compare_command(const CompareOptions& options);
int report_command(const ReportOptions& options);

int check_command(const std::vector<std::string>& plans);
int disasm_command(const std::string& plan);
int run_command(const RunOptions& options);
int test_command(const std::vector<std::string>& plans, bool verbose);
int gen_command(int64_t families, uint64_t seed, const std::string& as_of);

// Claims validation and the audit ledger (cli/validate.cpp, cli/ledger_command.cpp).
struct ValidateOptions {
  std::string plan, families, claims;
  std::string format = "jsonl";  // jsonl | table | csv
  std::string output;            // empty: stdout
  std::string ledger;            // empty: record nothing
  bool quiet = false;
  int jobs = 1;
};
struct LedgerOptions {
  std::string action;            // list | show | family
  std::string ledger;
  int64_t run = 0;               // show
  std::string family;            // family
  std::string format = "table";  // table | json | csv
};
int validate_command(const ValidateOptions& options);
int ledger_command(const LedgerOptions& options);

// Shared by the commands: compile a plan and print its diagnostics to stderr.
// Null when the plan has errors.
struct LoadedPlan;
std::unique_ptr<LoadedPlan> load_plan(const std::string& path, bool trace = false);

bool stderr_is_terminal();

}  // namespace outcomes::cli
