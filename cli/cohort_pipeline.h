// The glue shared by the commands that read a cohort (run, compare, report,
// validate) and take -j/--jobs: each family is parsed and processed on one of
// N worker threads, and what became of it is handed back on the calling
// thread strictly in input order, so outputs and messages are byte-identical
// for any N and memory does not grow with the cohort (cli/ordered_pipeline.h).
//
// The loader's messages, the one check across families (a repeated family id
// is rejected, as a single-threaded CohortReader would), the counts, a read
// error and the progress line are dealt with here, in order; a command says
// only what to make of each accepted family (`process`, on a worker, with
// that worker's own VMs) and what to do with it (`deliver`, in order).
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "cli/line_batches.h"
#include "cli/ordered_pipeline.h"
#include "cli/progress.h"
#include "runtime/accepted_ids.h"
#include "runtime/loader.h"

namespace outcomes::cli {

struct CohortPipelineOptions {
  std::string path;                 // "-": standard input
  std::string display;              // names the input in messages
  const Schema* schema = nullptr;   // families are read against it
  int jobs = 1;
  bool progress = false;            // a progress line on stderr (see progress_wanted)
  size_t max_line_bytes = LineReader::kDefaultMaxLineBytes;
};

struct CohortPipelineCounts {
  int64_t delivered = 0;  // families the loader accepted, each id once
  int64_t rejected = 0;   // lines the loader rejected, repeated ids included
  bool read_ok = true;    // false: the input could not be opened or read to its end
};

// What the loader made of a batch's lines, recorded on a worker.
struct ParsedLines {
  struct Line {
    CohortReader::Outcome outcome = CohortReader::Outcome::Blank;
    uint32_t issues_end = 0;             // this line's messages: issues[previous line's end, issues_end)
    uint32_t id_offset = 0, id_length = 0;  // accepted: its id in `ids`
    int32_t result = -1;                 // accepted: its index in the batch's results
  };
  std::vector<Line> lines;
  std::vector<LoadIssue> issues;
  std::string ids;
  void clear();
};

// A worker's loader: parses lines into one reused Family.
class FamilyParser {
 public:
  FamilyParser(const Schema& schema, const std::string& display, size_t max_line_bytes);
  // Records what became of `line` in `parsed`; the family when accepted.
  const Family* parse(const LineBatch& batch, const LineBatch::Line& line, ParsedLines& parsed);

 private:
  std::vector<LoadIssue>* sink_ = nullptr;  // the batch being parsed
  CohortReader reader_;
  Family family_;
  size_t max_line_bytes_;
};

// The calling thread's side: messages, repeated ids, counts and progress.
class FamilyAdmission {
 public:
  FamilyAdmission(const CohortPipelineOptions& options, std::function<void(const LoadIssue&)> on_issue);
  // Passes on line `i`'s messages; true when it is a family to deliver
  // (accepted, and its id not accepted on an earlier line).
  bool admit(const LineBatch& batch, const ParsedLines& parsed, size_t i);
  void batch_done(const LineBatch& batch);
  // Ends the progress line and reports a read error; the final counts.
  CohortPipelineCounts finish(const LineBatcher& lines);

 private:
  std::string display_;
  std::function<void(const LoadIssue&)> on_issue_;
  AcceptedIds accepted_ids_;
  CohortPipelineCounts counts_;
  ProgressLine progress_;
  uint64_t bytes_ = 0, total_bytes_ = 0;  // total 0: not known (standard input)
};

// Reads the cohort; for each family the loader accepts, `process(worker,
// family, result)` runs on a worker thread, and `deliver(result)` then runs on
// the calling thread in input order, unless the family's id was accepted
// before. `on_issue` receives every loader message in input order. Result
// objects are reused from family to family (keeping their capacity), so
// `process` must set every part of the one it is given.
template <class Result>
CohortPipelineCounts for_each_family_in_order(const CohortPipelineOptions& options,
                                              const std::function<void(int, const Family&, Result&)>& process,
                                              const std::function<void(const LoadIssue&)>& on_issue,
                                              const std::function<void(Result&)>& deliver) {
  struct Batch : LineBatch {
    ParsedLines parsed;
    std::vector<Result> results;
  };
  // One line a batch with one job, so messages come out as each line is read.
  LineBatcher lines(options.path, options.jobs > 1 ? 128 : 1, options.max_line_bytes);
  auto parsers = one_per_worker<FamilyParser>(options.jobs, [&] {
    return std::make_unique<FamilyParser>(*options.schema, options.display, options.max_line_bytes);
  });
  FamilyAdmission admission(options, on_issue);
  OrderedPipeline::run<Batch>(
      options.jobs, [&](Batch& b) { return lines.fill(b); },
      [&](int w, Batch& b) {
        b.parsed.clear();
        size_t used = 0;
        for (const LineBatch::Line& l : b.lines) {
          const Family* family = parsers[w]->parse(b, l, b.parsed);
          if (!family) continue;
          if (used == b.results.size()) b.results.emplace_back();
          b.parsed.lines.back().result = static_cast<int32_t>(used);
          process(w, *family, b.results[used++]);
        }
      },
      [&](Batch& b) {
        for (size_t i = 0; i < b.lines.size(); ++i)
          if (admission.admit(b, b.parsed, i)) deliver(b.results[b.parsed.lines[i].result]);
        admission.batch_done(b);
      });
  return admission.finish(lines);
}

}  // namespace outcomes::cli
