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

// Finds names among a fixed set (event types, field names, enum values)
// without hashing into a node-based map: open addressing on a cheap hash.
// The names are viewed, not copied: they must outlive the index.
class NameIndex {
 public:
  void add(std::string_view name, int value);
  int find(std::string_view name) const;  // -1 when absent

 private:
  struct Entry {
    std::string_view name;
    int value = -1;
  };
  // A few names (an event type's fields) are found faster by a scan that
  // compares lengths first than by hashing.
  static constexpr size_t kScanAtMost = 8;
  void place(std::string_view name, int value);
  std::vector<Entry> in_order_;  // every name once, in the order added
  std::vector<Entry> entries_;   // a power of two in size, at most half full
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
  if (a.size() != b.size()) return false;
  size_t i = 0;
  for (; i + 8 <= a.size(); i += 8) {
    uint64_t x, y;
    std::memcpy(&x, a.data() + i, 8);
    std::memcpy(&y, b.data() + i, 8);
    if (x != y) return false;
  }
  for (; i < a.size(); ++i)
    if (a[i] != b[i]) return false;
  return true;
}

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
