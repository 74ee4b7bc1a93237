// (c) The claims CSV reader of `outcomes validate` (cli/claims_csv.h): the
// bytes as a claims file. Built only where cli/claims_csv.h exists.
#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>

#include "cli/claims_csv.h"
#include "fuzz/targets.h"

namespace outcomes::fuzz {

namespace {
[[noreturn]] void broken(const char* what) {
  std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
  std::abort();
}
}  // namespace

void claims_one(std::string_view data) {
  int64_t last = 0;
  for (const cli::CsvRecord& r : cli::parse_csv(data)) {
    if (r.line <= last) broken("CSV records out of line order");
    last = r.line;
  }
  const cli::ClaimsFile file = cli::read_claims(data);
  if (!file.header_error.empty() && !file.rows.empty()) broken("rows read past a header error");
  last = 0;
  for (const cli::ClaimRow& row : file.rows) {
    if (row.line <= last) broken("claim rows out of line order");
    last = row.line;
    if (row.error.empty() && !(row.claim_id && row.family && row.claim_date && row.kind))
      broken("an accepted row with a column missing");
    if (!row.error.empty()) continue;  // family_problem() is for rows read whole
    cli::FamilyStatus status;
    if (cli::family_problem(row, status).empty()) broken("an unknown family raised no problem");
    status.state = cli::FamilyStatus::State::Rejected;
    status.rejection = "rejected";
    if (cli::family_problem(row, status).empty()) broken("a rejected family raised no problem");
    status.state = cli::FamilyStatus::State::Accepted;
    status.assessment = date_from_ymd(2017, 9, 12);
    (void)cli::family_problem(row, status);
  }
}

}  // namespace outcomes::fuzz
