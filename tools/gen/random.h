// The generator's own random numbers. Everything here is integer arithmetic
// defined by this file alone, so a seed gives the same cohort on any compiler
// and standard library (std::uniform_int_distribution does not promise that).
#pragma once
#include <cstdint>
#include <utility>
#include <vector>

namespace outcomes::gen {

// splitmix64: expands one 64-bit seed into well-mixed words.
inline uint64_t splitmix64(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// xoshiro256** (Blackman and Vigna), seeded through splitmix64.
class Rng {
 public:
  explicit Rng(uint64_t seed) {
    for (auto& word : state_) word = splitmix64(seed);
  }

  uint64_t next() {
    const uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }

  // Uniform in [0, bound), bound > 0, without modulo bias (Lemire's method).
  uint64_t below(uint64_t bound) {
    unsigned __int128 product = static_cast<unsigned __int128>(next()) * bound;
    uint64_t low = static_cast<uint64_t>(product);
    if (low < bound) {
      const uint64_t threshold = (0 - bound) % bound;
      while (low < threshold) {
        product = static_cast<unsigned __int128>(next()) * bound;
        low = static_cast<uint64_t>(product);
      }
    }
    return static_cast<uint64_t>(product >> 64);
  }

  // Uniform in [lo, hi], both inclusive; lo <= hi.
  int64_t between(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(below(static_cast<uint64_t>(hi - lo) + 1));
  }

  bool percent(int chance) { return below(100) < static_cast<uint64_t>(chance); }
  bool per_mille(int chance) { return below(1000) < static_cast<uint64_t>(chance); }
  bool coin() { return (next() >> 63) != 0; }

  template <class T>
  const T& pick(const std::vector<T>& items) {
    return items[below(items.size())];
  }
  template <class T, size_t N>
  const T& pick(const T (&items)[N]) {
    return items[below(N)];
  }

  // Fisher-Yates.
  template <class T>
  void shuffle(std::vector<T>& items) {
    for (size_t i = items.size(); i > 1; --i) std::swap(items[i - 1], items[below(i)]);
  }

 private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t state_[4];
};

// One independent stream per family, so a family's content depends only on
// the seed and its position (and families could be generated in parallel).
inline Rng family_stream(uint64_t seed, int64_t index) {
  uint64_t mixer = seed;
  uint64_t base = splitmix64(mixer);
  uint64_t stream = base ^ (static_cast<uint64_t>(index) * 0xd1342543de82ef95ULL);
  return Rng(splitmix64(stream));
}

}  // namespace outcomes::gen
