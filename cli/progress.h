// A progress line on standard error, so a long run shows it is alive: what
// is done, the rate, and about how long is left when the total is known.
// Commands enable it only when standard error is a terminal and they are not
// --quiet, so it never reaches a file or a pipe. Redrawn in place at most
// twice a second and erased at the end.
#pragma once
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace outcomes::cli {

// "12000 families, 8000 families/s, about 3 s left"; `fraction` is the share
// of the work done (0..1), negative when the total is not known.
std::string progress_text(int64_t done, std::string_view noun, double seconds, double fraction);

class ProgressLine {
 public:
  ProgressLine(bool enabled, std::string noun);
  ~ProgressLine() { finish(); }
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  void update(int64_t done, double fraction);
  void finish();  // erases the line if one was drawn

 private:
  using Clock = std::chrono::steady_clock;
  bool enabled_;
  size_t drawn_width_ = 0;  // of the line on screen; 0 when none is
  std::string noun_;
  Clock::time_point start_, last_;
  Clock::duration interval_;
};

// Whether progress should be shown: stderr is a terminal and not --quiet.
bool progress_wanted(bool quiet);

}  // namespace outcomes::cli
