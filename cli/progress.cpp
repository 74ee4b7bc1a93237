#include "cli/progress.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "cli/commands.h"

namespace outcomes::cli {

std::string progress_text(int64_t done, std::string_view noun, double seconds, double fraction) {
  double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
  std::string text = fmt::format("{} {}, {:.0f} {}/s", done, noun, rate, noun);
  // The time left assumes the rest goes as fast as what is done.
  if (fraction > 0 && fraction <= 1 && seconds > 0)
    text += fmt::format(", about {:.0f} s left", std::max(0.0, seconds * (1 / fraction - 1)));
  return text;
}

ProgressLine::ProgressLine(bool enabled, std::string noun)
    : enabled_(enabled), noun_(std::move(noun)), start_(Clock::now()), last_(start_),
      interval_(std::chrono::milliseconds(500)) {
  // OUTCOMES_TEST_PROGRESS_MS: a test hook that redraws more often, so a
  // test on a pseudo-terminal sees the line without a long run.
  if (const char* ms = std::getenv("OUTCOMES_TEST_PROGRESS_MS")) interval_ = std::chrono::milliseconds(std::atoi(ms));
}

void ProgressLine::update(int64_t done, double fraction) {
  if (!enabled_) return;
  auto now = Clock::now();
  if (now - last_ < interval_) return;
  last_ = now;
  double seconds = std::chrono::duration<double>(now - start_).count();
  std::string text = progress_text(done, noun_, seconds, fraction);
  // Padded to the width of the line it replaces, which may have been longer.
  fmt::print(stderr, "\r{:{}}", text, std::max(text.size(), drawn_width_));
  std::fflush(stderr);
  drawn_width_ = std::max(text.size(), drawn_width_);
}

void ProgressLine::finish() {
  if (drawn_width_) fmt::print(stderr, "\r{:{}}\r", "", drawn_width_);
  drawn_width_ = 0;
}

bool progress_wanted(bool quiet) { return !quiet && stderr_is_terminal(); }

}  // namespace outcomes::cli
