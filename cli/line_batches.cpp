#include "cli/line_batches.h"

#include <algorithm>

namespace outcomes::cli {

LineBatcher::LineBatcher(const std::string& path, size_t lines_per_batch, size_t max_line_bytes)
    : reader_(path, max_line_bytes), lines_per_batch_(lines_per_batch ? lines_per_batch : 1),
      failed_to_open_(reader_.failed()) {}

bool LineBatcher::fill(LineBatch& batch) {
  batch.text.clear();
  batch.lines.clear();
  if (reader_.failed()) return false;
  // A new batch gets room for as much text as the largest batch so far, so
  // it is not grown (copied, and its fresh pages faulted in) step by step.
  if (batch.text.capacity() < largest_text_) batch.text.reserve(largest_text_);
  batch.lines.reserve(lines_per_batch_);
  std::string_view line;
  int64_t number = 0;
  // A batch also ends at 8 MiB of text, so a few huge families do not make
  // a batch (and the several in flight) huge.
  while (batch.lines.size() < lines_per_batch_ && batch.text.size() < (size_t{8} << 20) &&
         reader_.next(line, number)) {
    last_line_ = number;
    LineBatch::Line l;
    l.number = number;
    if (reader_.line_too_long()) {
      l.too_long = reader_.too_long_length();
    } else {
      l.offset = static_cast<uint32_t>(batch.text.size());
      l.length = static_cast<uint32_t>(line.size());
      batch.text.append(line);
    }
    batch.lines.push_back(l);
  }
  largest_text_ = std::max(largest_text_, batch.text.size());
  return !batch.lines.empty();
}

}  // namespace outcomes::cli
