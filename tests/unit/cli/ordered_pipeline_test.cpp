// The ordered parallel pipeline shared by run, compare, report and validate:
// results come back in input order for any number of workers, memory stays
// bounded, a failure on a worker reaches the caller, and the family-level
// glue (loader messages, repeated ids, counts) is the same for any --jobs.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>
#include <unistd.h>

#include "cli/cohort_pipeline.h"
#include "cli/ordered_pipeline.h"
#include "cli/progress.h"
#include "compiler/driver.h"

using namespace outcomes;
using namespace outcomes::cli;

namespace {

std::atomic<int> alive{0}, most_alive{0};

struct NumberBatch : OrderedBatch {
  NumberBatch() { most_alive = std::max(most_alive.load(), ++alive); }
  ~NumberBatch() override { --alive; }
  int64_t first = 0;
  std::vector<int64_t> squares;
};

// Squares 0..n-1 in batches of 7; returns them as delivered.
std::vector<int64_t> squares_in_order(int workers, int64_t n, int64_t throw_at = -1) {
  std::vector<int64_t> delivered;
  int64_t next = 0, expected_sequence = 0;
  OrderedPipeline::run<NumberBatch>(
      workers,
      [&](NumberBatch& b) {
        b.first = next;
        b.squares.clear();
        next = std::min(n, next + 7);
        return b.first < next;
      },
      [&](int, NumberBatch& b) {
        for (int64_t x = b.first; x < b.first + 7 && x < n; ++x) {
          if (x == throw_at) throw std::runtime_error("boom");
          // Uneven work, so batches finish out of order.
          if (x % 13 == 0) std::this_thread::sleep_for(std::chrono::microseconds(200));
          b.squares.push_back(x * x);
        }
      },
      [&](NumberBatch& b) {
        CHECK(b.sequence == expected_sequence++);
        delivered.insert(delivered.end(), b.squares.begin(), b.squares.end());
      });
  return delivered;
}

struct TempFile {
  std::string path;
  explicit TempFile(const std::string& text) {
    static int counter = 0;
    path = (std::filesystem::temp_directory_path() /
            ("outcomes-pipeline-test-" + std::to_string(getpid()) + "-" + std::to_string(++counter) + ".jsonl"))
               .string();
    std::ofstream(path) << text;
  }
  ~TempFile() { std::filesystem::remove(path); }
};

std::string family_line(const std::string& id, const std::string& assessed = "2017-09-12",
                        const std::string& offence_date = "2017-03-01") {
  return "{\"id\": \"" + id + "\", \"assessment_date\": \"" + assessed +
         "\", \"members\": [{\"id\": \"M1\", \"role\": \"adult\", \"dob\": \"1985-03-02\", \"parenting\": true}, "
         "{\"id\": \"C1\", \"role\": \"child\", \"dob\": \"2006-05-10\"}], \"events\": [{\"type\": \"offence\", "
         "\"member\": \"C1\", \"date\": \"" +
         offence_date + "\"}]}\n";
}

struct CohortRun {
  std::vector<std::string> delivered, issues;
  CohortPipelineCounts counts;
};

CohortRun read_with_jobs(const Schema& schema, const std::string& path, int jobs, size_t max_line_bytes) {
  CohortRun r;
  CohortPipelineOptions options{path, "cohort.jsonl", &schema, jobs, false, max_line_bytes};
  r.counts = for_each_family_in_order<std::string>(
      options, [](int, const Family& f, std::string& out) { out = f.id + "@" + std::to_string(f.line); },
      [&](const LoadIssue& issue) { r.issues.push_back(render_load_issue(issue)); },
      [&](std::string& id) { r.delivered.push_back(id); });
  return r;
}

}  // namespace

TEST_CASE("ordered pipeline: every batch, in order, for any number of workers, with memory bounded") {
  std::vector<int64_t> expected;
  for (int64_t x = 0; x < 5000; ++x) expected.push_back(x * x);
  for (int workers : {1, 2, 3, 8}) {
    CAPTURE(workers);
    most_alive = 0;
    CHECK(squares_in_order(workers, 5000) == expected);
    CHECK(alive == 0);
    // In flight (three per worker), plus the one being filled and one delivered.
    CHECK(most_alive <= workers * 3 + 2);
  }
  CHECK(squares_in_order(4, 0).empty());
}

TEST_CASE("ordered pipeline: a failure on a worker reaches the caller, and every thread is joined") {
  for (int workers : {1, 4}) {
    CAPTURE(workers);
    CHECK_THROWS_WITH(squares_in_order(workers, 5000, 1234), "boom");
    CHECK(alive == 0);
  }
}

TEST_CASE("jobs_in_range: 1 to 256") {
  CHECK(jobs_in_range(1));
  CHECK(jobs_in_range(kMaxJobs));
  CHECK_FALSE(jobs_in_range(0));
  CHECK_FALSE(jobs_in_range(kMaxJobs + 1));
}

TEST_CASE("cohort pipeline: messages, repeated ids and counts are the same for any number of jobs") {
  auto stdlib = compile_stdlib();
  REQUIRE(stdlib->ok());
  bind_event_checks(*stdlib->program);  // a VM per thread, as the commands have
  const Schema& schema = stdlib->program->schema;
  std::string text;
  for (int i = 0; i < 1500; ++i) {
    std::string id = "F" + std::to_string(i);
    if (i % 97 == 5) text += "{not json\n";
    if (i % 101 == 7) text += family_line(id, "2017-09-12", "2017-13-01");  // rejected: a bad date
    if (i % 89 == 3) text += "\n";                                          // blank: no message
    text += family_line(id);
    if (i % 53 == 11) text += family_line(id, "2019-01-01");  // a repeated id, after the accepted one
  }
  text += std::string(5000, ' ') + "{}\n";  // over the limit below
  TempFile cohort(text);
  CohortRun one = read_with_jobs(schema, cohort.path, 1, 4096);
  CHECK(one.counts.read_ok);
  // Every id once: a family rejected for a bad date does not take its id
  // from the good one on the next line.
  CHECK(one.counts.delivered == 1500);
  CHECK(one.delivered.size() == 1500);
  CHECK(one.delivered[0] == "F0@1");
  const int64_t bad_json = 16, bad_date = 15, repeated = 29, overlong = 1;
  CHECK(one.counts.rejected == bad_json + bad_date + repeated + overlong);
  CHECK(one.issues.size() == static_cast<size_t>(one.counts.rejected));
  CHECK(one.issues[0].rfind("cohort.jsonl:", 0) == 0);
  bool saw_repeat = false;
  for (const std::string& m : one.issues)
    saw_repeat = saw_repeat || m.find("id: the family id \"F11\" was already used by the family on line") != std::string::npos;
  CHECK(saw_repeat);
  CHECK(one.issues.back().find("more than the limit of 4096 bytes") != std::string::npos);
  for (int jobs : {2, 3, 8}) {
    CAPTURE(jobs);
    CohortRun many = read_with_jobs(schema, cohort.path, jobs, 4096);
    CHECK(many.delivered == one.delivered);
    CHECK(many.issues == one.issues);
    CHECK(many.counts.rejected == one.counts.rejected);
    CHECK(many.counts.delivered == one.counts.delivered);
  }
}

TEST_CASE("cohort pipeline: an input that cannot be opened is reported as read_cohort reports it") {
  auto stdlib = compile_stdlib();
  REQUIRE(stdlib->ok());
  for (int jobs : {1, 2}) {
    CohortRun r = read_with_jobs(stdlib->program->schema, "/nonexistent/cohort.jsonl", jobs, 4096);
    CHECK_FALSE(r.counts.read_ok);
    CHECK(r.issues == std::vector<std::string>{"cohort.jsonl: cannot open: No such file or directory"});
    CHECK(r.delivered.empty());
  }
}

TEST_CASE("progress_text: count, rate, and the time left when the total is known") {
  CHECK(progress_text(0, "families", 0, -1) == "0 families, 0 families/s");
  CHECK(progress_text(3000, "families", 2, -1) == "3000 families, 1500 families/s");
  CHECK(progress_text(250, "claims", 10, 0.25) == "250 claims, 25 claims/s, about 30 s left");
  CHECK(progress_text(1000, "claims", 10, 1) == "1000 claims, 100 claims/s, about 0 s left");
}
