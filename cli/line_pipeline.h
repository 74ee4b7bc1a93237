// Reads a cohort in batches of lines and hands each batch to one of N worker
// threads; finished batches come back to the calling thread strictly in input
// order, so outputs and messages are the same whatever the number of
// workers. At most a few batches per worker are in memory at once, so memory
// does not grow with the size of the cohort.
#pragma once
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace outcomes::cli {

struct LineBatch {
  int64_t sequence = 0;
  std::string text;  // the lines, back to back
  struct Line {
    uint32_t offset = 0, length = 0;
    int64_t number = 0;
    uint64_t too_long = 0;  // length of a line over the limit (its text is not kept)
  };
  std::vector<Line> lines;
  std::shared_ptr<void> result;  // what the worker made of the lines, for `deliver`
  std::string_view line_text(const Line& l) const { return std::string_view(text).substr(l.offset, l.length); }
};

class LinePipeline {
 public:
  // `work(worker_index, batch)` runs on a worker thread; `deliver(batch)`
  // runs on the calling thread, in input order.
  using Work = std::function<void(int, LineBatch&)>;
  using Deliver = std::function<void(LineBatch&)>;

  // Returns false when the input could not be read; `error` says why.
  static bool run(const std::string& path, int workers, size_t lines_per_batch, size_t max_line_bytes,
                  const Work& work, const Deliver& deliver, std::string* error);
};

}  // namespace outcomes::cli
