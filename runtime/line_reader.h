// Streams a file (or standard input) line by line in large blocks, so a
// cohort of any size is read in memory bounded by the longest line.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace outcomes {

class LineReader {
 public:
  // A line longer than this is not held in memory: it is skipped and flagged
  // (see line_too_long), which keeps memory bounded whatever the input.
  static constexpr size_t kDefaultMaxLineBytes = size_t{64} << 20;

  // `path` "-" reads standard input. Opening failures are reported by
  // failed() / error(), not thrown.
  explicit LineReader(const std::string& path, size_t max_line_bytes = kDefaultMaxLineBytes,
                      size_t block_bytes = size_t{1} << 20);
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // The next line, without its '\n'. Lines are split on '\n' only; one '\r'
  // before it is dropped too (CRLF files read the same as LF files; '\r' is
  // JSON whitespace, so nothing is lost), as is a UTF-8 byte-order mark at
  // the very start of the input. A last line without '\n' is still a line.
  // `line` stays valid until the next call. Returns false at the end of the
  // input or when reading fails (then failed() is true).
  bool next(std::string_view& line, int64_t& line_number);

  // The line just returned was longer than the limit: `line` is empty, its
  // bytes were skipped, and its length is too_long_length().
  bool line_too_long() const { return too_long_; }
  uint64_t too_long_length() const { return too_long_length_; }
  size_t max_line_bytes() const { return max_line_bytes_; }

  bool failed() const { return !error_.empty(); }
  // Plain words, without the path: "cannot open: No such file or directory".
  const std::string& error() const { return error_; }

 private:
  bool fill();  // reads one more block; false at end of input or on error
  bool skip_rest_of_long_line(int64_t& line_number);
  std::string_view take_line(size_t end, size_t next_begin, int64_t& line_number);

  int fd_ = -1;
  bool owns_fd_ = false;
  bool at_eof_ = false;
  size_t max_line_bytes_;
  size_t block_bytes_;
  std::unique_ptr<char[]> buffer_;
  size_t capacity_ = 0;
  size_t begin_ = 0;    // first byte not yet returned
  size_t scanned_ = 0;  // bytes before this hold no '\n' of the current line
  size_t end_ = 0;      // one past the last byte read
  int64_t line_number_ = 0;
  bool too_long_ = false;
  uint64_t too_long_length_ = 0;
  std::string error_;
};

}  // namespace outcomes
