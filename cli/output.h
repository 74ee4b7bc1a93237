// Writers for evaluated families: JSON Lines (spec section 4), CSV, and the
// per-strand summary table; plus an output file that appears atomically.
#pragma once
#include <cstdio>
#include <string>
#include <vector>

#include "runtime/program.h"
#include "runtime/timeline.h"
#include "runtime/vm.h"

namespace outcomes::cli {

const char* verdict_name(uint8_t v);
std::string json_escape(std::string_view s);
void append_json_string(std::string& out, std::string_view s);  // json_escape(s), appended to out
std::string result_text(const Program& p, size_t result, Value v);  // as written in JSON (quoted where a string)

void append_jsonl(std::string& out, const Program& p, const std::string& family, const std::string& as_of,
                  const Evaluation& e);
std::string csv_header(const Program& p);
void append_csv(std::string& out, const Program& p, const std::string& family, const std::string& as_of,
                const Evaluation& e);

// Counts for the summary table.
class Summary {
 public:
  explicit Summary(const Program& p);
  void add(const Evaluation& e);
  std::string render(const Program& p) const;
  int64_t families() const { return families_; }

 private:
  int64_t families_ = 0;
  struct Tally {
    int64_t presenting = 0, met = 0, not_met = 0, unknown = 0;
  };
  std::vector<Tally> indicators_, strands_;
  std::vector<std::vector<int64_t>> results_;  // per result: count per value (bools: 0/1; enums: index)
};

// Writes to a temporary file beside the target and renames it into place on
// commit(), so an interrupted run never leaves a truncated output.
class OutputFile {
 public:
  OutputFile() = default;
  ~OutputFile();
  bool open(const std::string& path, std::string* error);  // empty path: stdout
  void write(const std::string& text);
  bool commit(std::string* error);
  FILE* stream() const { return file_; }

 private:
  FILE* file_ = nullptr;
  std::string path_, temp_path_;
  int temp_slot_ = -1;  // removed by a signal handler if the run is interrupted (output.cpp)
  bool failed_ = false;
};

}  // namespace outcomes::cli
