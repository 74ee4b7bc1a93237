// What the limits and scale tests share: their clock and its bound.
#pragma once
#include <chrono>

namespace outcomes::reliability {

inline double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// A bound that only a hang or a quadratic blow-up crosses: the sanitizer
// build is several times slower than a release one, and CI machines are
// shared. The tests print the times they measure.
inline constexpr double kSlack = 60.0;

}  // namespace outcomes::reliability
