// Text helpers of the cohort loader that do not depend on the JSON parser:
// exact reading of JSON number text, "did you mean" suggestions, and making
// input text safe to quote in a message. Kept apart so they can be tested
// directly.
#pragma once
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace outcomes::loader_text {

enum class NumberProblem : uint8_t {
  None,
  Malformed,   // not a JSON number at all (RFC 8259 grammar)
  Negative,    // below zero ("-0" is zero, so it is fine)
  NotWhole,    // a whole number was wanted: no fraction, no exponent
  TooLarge,    // above 2^63 - 1 (or, for a rational, its numerator)
  TooPrecise,  // its exact value needs a denominator above 10^18
};

// Whether `text` is one JSON number by the strict grammar of RFC 8259.
bool is_json_number(std::string_view text);

// A whole number written as JSON without fraction or exponent ("140", not
// "140.0" or "1.4e2").
NumberProblem parse_whole_number(std::string_view text, int64_t& value);

// Any non-negative JSON number, as the exact rational its decimal text
// denotes, in lowest terms: "2.5" -> 5/2, "1e2" -> 100/1, "0.10" -> 1/10.
NumberProblem parse_decimal(std::string_view text, int64_t& numerator, int64_t& denominator);

// Collects the candidate closest to a misspelt name, for "did you mean".
class NameSuggester {
 public:
  explicit NameSuggester(std::string_view wrong) : wrong_(wrong) {}
  void consider(std::string_view candidate);
  // Empty when nothing is close enough to be a plausible typo.
  std::string_view best() const { return best_; }

 private:
  std::string_view wrong_;
  std::string_view best_;
  int best_distance_ = 0;
};

// Edit distance (insertions, deletions, substitutions, adjacent swaps),
// ignoring ASCII case. Long inputs are not compared: returns a large value.
int edit_distance(std::string_view a, std::string_view b);

// Input text made safe to show in a one-line message: control bytes are
// escaped and long text is cut (at a UTF-8 character boundary) with "...".
std::string shown(std::string_view text, size_t max_bytes = 60);

// JSON whitespace trimmed from both ends.
std::string_view trim_json_space(std::string_view text);

// JSON whitespace trimmed from the end only (a parser token starts at its value).
inline std::string_view trim_json_space_end(std::string_view text) {
  while (!text.empty()) {
    const char c = text.back();
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
    text.remove_suffix(1);
  }
  return text;
}

// Equality for the short names the loader compares all the time, without a
// call into memcmp.
inline bool same_text(std::string_view a, std::string_view b) {
  const size_t n = a.size();
  if (n != b.size()) return false;
  const auto word = [](const char* at) {
    uint64_t value;
    std::memcpy(&value, at, 8);
    return value;
  };
  if (n >= 8) {
    for (size_t i = 0; i + 8 < n; i += 8)
      if (word(a.data() + i) != word(b.data() + i)) return false;
    return word(a.data() + n - 8) == word(b.data() + n - 8);  // overlaps the words before
  }
  if (n >= 4) {
    uint32_t x[2], y[2];  // overlapping loads cover 4 to 7 bytes
    std::memcpy(&x[0], a.data(), 4);
    std::memcpy(&x[1], a.data() + n - 4, 4);
    std::memcpy(&y[0], b.data(), 4);
    std::memcpy(&y[1], b.data() + n - 4, 4);
    return x[0] == y[0] && x[1] == y[1];
  }
  for (size_t i = 0; i < n; ++i)
    if (a[i] != b[i]) return false;
  return true;
}

// Length and the first and last eight bytes tell the schema's names apart
// well enough; probing and a full comparison do the rest. Reads only the
// bytes of `name`.
inline uint64_t name_hash(std::string_view name) {
  const size_t n = name.size();
  uint64_t head = 0, tail = 0;
  if (n >= 8) {
    std::memcpy(&head, name.data(), 8);
    std::memcpy(&tail, name.data() + n - 8, 8);
  } else if (n >= 4) {
    uint32_t first, last;  // overlapping loads cover 4 to 7 bytes
    std::memcpy(&first, name.data(), 4);
    std::memcpy(&last, name.data() + n - 4, 4);
    head = uint64_t{first} << 32 | last;
  } else if (n > 0) {
    const auto byte = [&](size_t i) { return uint64_t{static_cast<unsigned char>(name[i])}; };
    head = byte(0) << 16 | byte(n / 2) << 8 | byte(n - 1);
  }
  uint64_t hash = (head ^ n) * 0x9E3779B97F4A7C15ull;
  hash ^= (tail + (hash >> 29)) * 0xC2B2AE3D27D4EB4Full;
  return hash ^ (hash >> 32);
}

// Finds names among a fixed set (event types, field names, enum values)
// without hashing into a node-based map: open addressing on a cheap hash,
// at most a quarter full so nearly every name is found at its first probe.
// Inline: the loader looks up every key and enum value of every event.
// The names are viewed, not copied: they must outlive the index.
class NameIndex {
 public:
  void add(std::string_view name, int value);
  int find(std::string_view name) const {  // -1 when absent
    if (entries_.empty()) return -1;
    const size_t mask = entries_.size() - 1;
    for (size_t i = name_hash(name) & mask;; i = (i + 1) & mask) {
      const Entry& entry = entries_[i];
      if (entry.value < 0) return -1;
      if (same_text(entry.name, name)) return entry.value;
    }
  }

 private:
  struct Entry {
    std::string_view name;
    int value = -1;
  };
  void place(std::string_view name, int value);
  std::vector<Entry> in_order_;  // every name once, in the order added
  std::vector<Entry> entries_;   // a power of two in size, at most a quarter full
};

// The first '"' or '\\' at or after `at`, or `end` when there is none before
// it. Reads eight bytes at a time, so up to seven bytes past `end` must be
// readable (the loader's input buffer is padded).
inline const char* find_quote_or_backslash(const char* at, const char* end) {
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHighs = 0x8080808080808080ull;
  for (; at < end; at += 8) {
    uint64_t word;
    std::memcpy(&word, at, 8);
    const uint64_t quotes = word ^ (kOnes * '"'), backslashes = word ^ (kOnes * '\\');
    // A byte of a word is zero exactly where the word matched.
    const uint64_t found = ((quotes - kOnes) & ~quotes & kHighs) | ((backslashes - kOnes) & ~backslashes & kHighs);
    if (found) {
      const char* hit = at + __builtin_ctzll(found) / 8;
      return hit < end ? hit : end;
    }
  }
  return end;
}

}  // namespace outcomes::loader_text
