#include "runtime/line_reader.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace outcomes {
LineReader::LineReader(const std::string& path, size_t max_line_bytes, size_t block_bytes)
    : max_line_bytes_(std::max<size_t>(max_line_bytes, 1)),
      block_bytes_(std::max<size_t>(block_bytes, 16)) {
  if (path == "-") {
    fd_ = STDIN_FILENO;
  } else {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) {
      error_ = fmt::format("cannot open: {}", std::strerror(errno));
      return;
    }
    owns_fd_ = true;
    ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
  }
  capacity_ = block_bytes_ * 2;
  buffer_ = std::make_unique_for_overwrite<char[]>(capacity_);
}

LineReader::~LineReader() {
  if (owns_fd_) ::close(fd_);
}

bool LineReader::fill() {
  if (begin_ > 0) {
    // Only the unfinished line is kept; it moves to the front.
    std::memmove(buffer_.get(), buffer_.get() + begin_, end_ - begin_);
    end_ -= begin_;
    scanned_ -= begin_;
    begin_ = 0;
  }
  if (capacity_ - end_ < block_bytes_) {
    // A long line: grow, but never far beyond the longest line we keep.
    size_t wanted = std::min(capacity_ * 2, max_line_bytes_ + block_bytes_ + 1);
    wanted = std::max(wanted, end_ + block_bytes_);
    auto bigger = std::make_unique_for_overwrite<char[]>(wanted);
    std::memcpy(bigger.get(), buffer_.get(), end_);
    buffer_ = std::move(bigger);
    capacity_ = wanted;
  }
  for (;;) {
    const ssize_t got = ::read(fd_, buffer_.get() + end_, capacity_ - end_);
    if (got > 0) {
      end_ += static_cast<size_t>(got);
      return true;
    }
    if (got == 0) {
      at_eof_ = true;
      return false;
    }
    if (errno == EINTR) continue;
    error_ = fmt::format("cannot read: {}", std::strerror(errno));
    return false;
  }
}

std::string_view LineReader::take_line(size_t end, size_t next_begin, int64_t& line_number) {
  size_t start = begin_;
  begin_ = scanned_ = next_begin;
  line_number = ++line_number_;
  if (end > start && buffer_[end - 1] == '\r') --end;
  if (line_number_ == 1 && end - start >= 3 && std::memcmp(buffer_.get() + start, "\xEF\xBB\xBF", 3) == 0)
    start += 3;
  return {buffer_.get() + start, end - start};
}

bool LineReader::skip_rest_of_long_line(int64_t& line_number) {
  uint64_t length = end_ - begin_;
  begin_ = scanned_ = end_ = 0;
  for (;;) {
    if (!fill()) {
      if (failed()) return false;
      break;  // the long line was the last one, without '\n'
    }
    const void* newline = std::memchr(buffer_.get(), '\n', end_);
    if (newline) {
      const size_t at = static_cast<size_t>(static_cast<const char*>(newline) - buffer_.get());
      length += at;
      begin_ = scanned_ = at + 1;
      break;
    }
    length += end_;
    begin_ = scanned_ = end_ = 0;
  }
  line_number = ++line_number_;
  too_long_ = true;
  too_long_length_ = length;
  return true;
}

bool LineReader::next(std::string_view& line, int64_t& line_number) {
  too_long_ = false;
  line = {};
  if (failed()) return false;
  for (;;) {
    if (scanned_ < end_) {
      const void* newline = std::memchr(buffer_.get() + scanned_, '\n', end_ - scanned_);
      if (newline) {
        const size_t at = static_cast<size_t>(static_cast<const char*>(newline) - buffer_.get());
        if (at - begin_ > max_line_bytes_) {
          too_long_ = true;
          too_long_length_ = at - begin_;
          begin_ = scanned_ = at + 1;
          line_number = ++line_number_;
          return true;
        }
        line = take_line(at, at + 1, line_number);
        return true;
      }
      scanned_ = end_;
    }
    if (end_ - begin_ > max_line_bytes_) return skip_rest_of_long_line(line_number);
    if (at_eof_) {
      if (begin_ == end_) return false;
      line = take_line(end_, end_, line_number);
      return true;
    }
    if (!fill() && failed()) return false;
  }
}

}  // namespace outcomes
