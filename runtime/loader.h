// The streaming cohort loader: reads JSON Lines families (spec timeline-v1,
// sections 1, 3 and 7 "Input") and validates them against a Schema, which is
// data: nothing here knows any real event type or field.
//
// A family with any error is rejected with one message naming the file,
// line, family id (when readable), field, what was expected and what was
// found; the next line is read as usual. The only state kept from one family
// to the next is the set of ids already accepted.
//
// Readings of the spec the format leaves open:
// - Object keys may come in any order ("events" before "members", "type"
//   last). A key given twice in one object rejects the family.
// - Ids (family and member) must be non-empty strings.
// - Values of unknown fields are ignored but must still be valid JSON
//   (nested at most 100 deep).
// - "-0" is zero, so it is a valid non-negative number.
// - `parenting` on a child is ignored with a warning whatever its value;
//   `"parenting": null` and `"member": null` count as absent (no warning).
// - An absent optional field fills all of its slots with kAbsent (a Number's
//   numerator and denominator, every key of a Scores field).
// - In a unique key, field index -1 stands for the event's member.
// - Warnings found before a family's error are still reported: an ignored
//   misspelt field often explains the "missing field" error that follows.
// - The names "id", "type" and (when written before "members") "events" are
//   located by their raw text, so written with \u escapes they are not found.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "runtime/line_reader.h"
#include "runtime/schema.h"
#include "runtime/timeline.h"

namespace outcomes {

struct LoadIssue {
  enum class Severity { Error, Warning };
  Severity severity = Severity::Error;
  std::string file;       // as given to the reader, e.g. "cohort.jsonl"
  int64_t line = 0;       // 1-based; 0 when the issue concerns the whole input
  std::string family_id;  // empty when it could not be read
  std::string field;      // "events[3].date", "members[1].dob", "id"; may be empty
  std::string message;    // plain words: what was expected, what was found
};

// "cohort.jsonl:17: family F0003: events[2].date: expected a date YYYY-MM-DD,
// found \"2017-13-01\""; warnings read "cohort.jsonl:17: warning: family ...".
std::string render_load_issue(const LoadIssue& issue);

// Not thread-safe: use one reader per thread.
class CohortReader {
 public:
  using IssueHandler = std::function<void(const LoadIssue&)>;

  // `schema` must outlive the reader. `display_name` names the input in
  // messages. Warnings go to `on_issue` as they are found (so a warning about
  // an unknown field can explain a later "missing field" error); each
  // rejected family produces exactly one Error.
  CohortReader(const Schema& schema, std::string display_name, IssueHandler on_issue);
  ~CohortReader();
  CohortReader(const CohortReader&) = delete;
  CohortReader& operator=(const CohortReader&) = delete;

  enum class Outcome { Accepted, Rejected, Blank };

  // Parses one line (without its line end). Accepted: `out` holds the family,
  // finalized (events sorted and indexed by type). Rejected: `out` holds
  // nothing useful. Blank (only JSON whitespace): ignored, no message.
  // `out` is cleared first and its capacity reused, so a steady stream of
  // families allocates nothing per event.
  Outcome parse_line(std::string_view line, int64_t line_number, Family& out);

  // Rejects a line that could not be read whole (LineReader::line_too_long).
  void reject_overlong_line(int64_t line_number, uint64_t length, size_t limit);
  // Reports a failure to open or read the input (not a family).
  void report_input_error(int64_t line_number, std::string_view message);

  // A parallel run parses lines on several threads, so the one cross-family
  // check (a repeated id) is made in input order by the caller instead.
  void set_duplicate_ids_checked(bool checked);
  static std::string duplicate_id_message(std::string_view id, int64_t earlier_line);

  // Off: every line is read by the full reader (which alone writes
  // messages), not first tried by the fast path; for tests comparing them.
  void set_fast_path(bool enabled);

  int64_t accepted() const;
  int64_t rejected() const;
  int64_t warnings() const;
  int64_t fast_accepted() const;  // of accepted(), those the fast path read

 private:
  struct Impl;  // runtime/loader_impl.h
  std::unique_ptr<Impl> impl_;
};

// Streams the cohort at `path` ("-" = standard input) through `reader`,
// calling `on_family` for each accepted family in input order (the Family is
// reused: copy what must outlive the call). Returns false when the input
// could not be opened or read to its end; the reader's issue handler has then
// been told why. Counts are the reader's.
bool read_cohort(const std::string& path, CohortReader& reader,
                 const std::function<void(const Family&)>& on_family,
                 size_t max_line_bytes = LineReader::kDefaultMaxLineBytes);

}  // namespace outcomes
