// A cohort's lines, read in order and cut into batches for an
// OrderedPipeline (cli/ordered_pipeline.h).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cli/ordered_pipeline.h"
#include "runtime/line_reader.h"

namespace outcomes::cli {

struct LineBatch : OrderedBatch {
  std::string text;  // the lines, back to back
  struct Line {
    uint32_t offset = 0, length = 0;
    int64_t number = 0;
    uint64_t too_long = 0;  // length of a line over the limit (its text is not kept)
  };
  std::vector<Line> lines;
  std::string_view line_text(const Line& l) const { return std::string_view(text).substr(l.offset, l.length); }
};

class LineBatcher {
 public:
  LineBatcher(const std::string& path, size_t lines_per_batch,
              size_t max_line_bytes = LineReader::kDefaultMaxLineBytes);

  // Replaces the batch's lines with the next ones; false at the end of the
  // input (or when it cannot be read: see failed()).
  bool fill(LineBatch& batch);

  bool failed() const { return reader_.failed(); }
  bool failed_to_open() const { return failed_to_open_; }
  const std::string& error() const { return reader_.error(); }  // plain words, without the path
  int64_t last_line() const { return last_line_; }               // the number of the last line read
  size_t max_line_bytes() const { return reader_.max_line_bytes(); }

 private:
  LineReader reader_;
  size_t lines_per_batch_;
  int64_t last_line_ = 0;
  size_t largest_text_ = 0;
  bool failed_to_open_;
};

}  // namespace outcomes::cli
