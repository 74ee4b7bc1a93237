// The claims file of `outcomes validate` (spec timeline-v1, section 5): CSV
// per RFC 4180 (quoted fields, CRLF or LF, an optional UTF-8 byte-order mark,
// blank lines ignored) with the header `claim_id,family,claim_date,kind`.
//
// Every data row comes back, in order; a malformed one carries the message
// that makes it `rejected_input`. Only a missing or wrong header stops the
// file (a usage error). Readings the RFC leaves open:
// - A line holding only spaces or tabs is blank.
// - A quoted field left open at the end of the file rejects the row it began
//   on, and reading resumes on the next line, so one stray quote cannot hide
//   the rows after it.
// - A quote inside an unquoted field, or text after a closing quote, rejects
//   the row (the rest of its line is skipped).
// - Fields are taken exactly as written: " employment" is an unknown kind.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/date.h"

namespace outcomes::cli {

inline constexpr std::string_view kClaimsHeader = "claim_id,family,claim_date,kind";

struct CsvRecord {
  int64_t line = 0;                 // the line it begins on, 1-based
  std::vector<std::string> fields;  // unquoted
  std::string raw;                  // its text as written (first line only when malformed)
  std::string error;                // a syntax error: the record is malformed
};

// Splits RFC 4180 text into records (byte-order mark dropped, blank lines skipped).
std::vector<CsvRecord> parse_csv(std::string_view text);

enum class ClaimKind : uint8_t { SustainedProgress, Employment };
const char* claim_kind_name(ClaimKind k);

struct ClaimRow {
  int64_t line = 0;
  // The columns as written; absent when the row is too short to have them.
  std::optional<std::string> claim_id, family, claim_date, kind;
  Date date{};                  // when `error` is empty
  ClaimKind kind_value = ClaimKind::SustainedProgress;
  std::string error;            // non-empty: rejected_input, with what is wrong
};

struct ClaimsFile {
  std::string header_error;  // non-empty: no usable header (a usage error)
  std::vector<ClaimRow> rows;
};

// Reads a whole claims file. Rows are checked on their own (columns, claim
// id, kind, date); what the cohort says is checked by family_problem().
ClaimsFile read_claims(std::string_view text);

// What the cohort says about a claim's family.
struct FamilyStatus {
  enum class State { Unknown, Rejected, Accepted } state = State::Unknown;
  Date assessment{};        // Accepted
  std::string rejection;    // Rejected: the loader's message
};

// Why the claim cannot be judged against its family ("" when it can): the
// family is not in the cohort, was rejected by the loader, or was assessed
// after the claim date.
std::string family_problem(const ClaimRow& row, const FamilyStatus& family);

}  // namespace outcomes::cli
