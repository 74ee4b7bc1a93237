#include "runtime/loader_text.h"

#include <algorithm>
#include <array>
#include <limits>
#include <numeric>

#include <fmt/format.h>

namespace outcomes::loader_text {
namespace {

constexpr int64_t kMaxInt = std::numeric_limits<int64_t>::max();

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The parts of a JSON number, found by its strict grammar:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
struct NumberParts {
  bool negative = false;
  std::string_view integer_digits;
  std::string_view fraction_digits;
  bool has_fraction = false;
  bool has_exponent = false;
  bool exponent_negative = false;
  std::string_view exponent_digits;
};

bool split_number(std::string_view text, NumberParts& parts) {
  size_t i = 0;
  const size_t n = text.size();
  auto digits_from = [&](size_t start) {
    size_t end = start;
    while (end < n && is_digit(text[end])) ++end;
    return end;
  };
  if (i < n && text[i] == '-') {
    parts.negative = true;
    ++i;
  }
  size_t end = digits_from(i);
  if (end == i) return false;
  if (text[i] == '0' && end - i > 1) return false;  // no leading zeros
  parts.integer_digits = text.substr(i, end - i);
  i = end;
  if (i < n && text[i] == '.') {
    end = digits_from(i + 1);
    if (end == i + 1) return false;
    parts.has_fraction = true;
    parts.fraction_digits = text.substr(i + 1, end - i - 1);
    i = end;
  }
  if (i < n && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < n && (text[i] == '+' || text[i] == '-')) parts.exponent_negative = text[i++] == '-';
    end = digits_from(i);
    if (end == i) return false;
    parts.has_exponent = true;
    parts.exponent_digits = text.substr(i, end - i);
    i = end;
  }
  return i == n;
}

bool all_zero(std::string_view digits) {
  return std::all_of(digits.begin(), digits.end(), [](char c) { return c == '0'; });
}

// Accumulates decimal digits into an int64, refusing to overflow.
bool append_digit(int64_t& value, char digit) {
  const int d = digit - '0';
  if (value > (kMaxInt - d) / 10) return false;
  value = value * 10 + d;
  return true;
}

// An exponent saturates: anything past a few thousand is out of range anyway.
int64_t exponent_of(const NumberParts& parts) {
  int64_t e = 0;
  for (char c : parts.exponent_digits) e = std::min<int64_t>(e * 10 + (c - '0'), 1'000'000);
  return parts.exponent_negative ? -e : e;
}

}  // namespace

bool is_json_number(std::string_view text) {
  NumberParts parts;
  return split_number(text, parts);
}

NumberProblem parse_whole_number(std::string_view text, int64_t& value) {
  NumberParts parts;
  if (!split_number(text, parts)) return NumberProblem::Malformed;
  const bool zero = all_zero(parts.integer_digits) && all_zero(parts.fraction_digits);
  if (parts.negative && !zero) return NumberProblem::Negative;
  if (parts.has_fraction || parts.has_exponent) return NumberProblem::NotWhole;
  value = 0;
  for (char c : parts.integer_digits)
    if (!append_digit(value, c)) return NumberProblem::TooLarge;
  return NumberProblem::None;
}

NumberProblem parse_decimal(std::string_view text, int64_t& numerator, int64_t& denominator) {
  NumberParts parts;
  if (!split_number(text, parts)) return NumberProblem::Malformed;
  const bool zero = all_zero(parts.integer_digits) && all_zero(parts.fraction_digits);
  if (zero) {
    numerator = 0;
    denominator = 1;
    return NumberProblem::None;
  }
  if (parts.negative) return NumberProblem::Negative;

  // value = significant digits * 10^scale, with leading and trailing zeros
  // of the digit string dropped so that only real precision counts.
  std::string_view int_digits = parts.integer_digits;
  std::string_view frac_digits = parts.fraction_digits;
  int64_t scale = exponent_of(parts) - static_cast<int64_t>(frac_digits.size());
  while (!frac_digits.empty() && frac_digits.back() == '0') {
    frac_digits.remove_suffix(1);
    ++scale;
  }
  if (frac_digits.empty()) {
    while (!int_digits.empty() && int_digits.back() == '0') {
      int_digits.remove_suffix(1);
      ++scale;
    }
  }
  int64_t digits = 0;
  bool leading = true;
  for (std::string_view part : {int_digits, frac_digits}) {
    for (char c : part) {
      if (leading && c == '0') continue;
      leading = false;
      if (!append_digit(digits, c)) return scale >= 0 ? NumberProblem::TooLarge : NumberProblem::TooPrecise;
    }
  }
  int64_t power = 1;
  for (int64_t i = 0; i < (scale < 0 ? -scale : scale); ++i) {
    if (power > kMaxInt / 10) return scale >= 0 ? NumberProblem::TooLarge : NumberProblem::TooPrecise;
    power *= 10;
  }
  if (scale >= 0) {
    if (digits > kMaxInt / power) return NumberProblem::TooLarge;
    numerator = digits * power;
    denominator = 1;
  } else {
    const int64_t common = std::gcd(digits, power);
    numerator = digits / common;
    denominator = power / common;
  }
  return NumberProblem::None;
}

void NameIndex::place(std::string_view name, int value) {
  const size_t mask = entries_.size() - 1;
  for (size_t i = name_hash(name) & mask;; i = (i + 1) & mask) {
    if (entries_[i].value < 0) {
      entries_[i] = {name, value};
      return;
    }
  }
}

void NameIndex::add(std::string_view name, int value) {
  for (const Entry& entry : in_order_)
    if (same_text(entry.name, name)) return;  // the first one added wins
  in_order_.push_back({name, value});
  if (in_order_.size() * 4 > entries_.size()) {
    entries_.assign(std::max<size_t>(16, entries_.size() * 2), Entry{});
    for (const Entry& entry : in_order_) place(entry.name, entry.value);
  } else {
    place(name, value);
  }
}

int edit_distance(std::string_view a, std::string_view b) {
  constexpr size_t kMaxLength = 64;
  if (a.size() > kMaxLength || b.size() > kMaxLength) return std::numeric_limits<int>::max();
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  // Three rolling rows of the optimal-string-alignment table.
  std::array<int, kMaxLength + 1> before{}, previous{}, current{};
  for (size_t j = 0; j <= b.size(); ++j) previous[j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    current[0] = static_cast<int>(i);
    for (size_t j = 1; j <= b.size(); ++j) {
      const int cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      int best = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) && lower(a[i - 2]) == lower(b[j - 1]))
        best = std::min(best, before[j - 2] + 1);
      current[j] = best;
    }
    before = previous;
    previous = current;
  }
  return previous[b.size()];
}

void NameSuggester::consider(std::string_view candidate) {
  const int distance = edit_distance(wrong_, candidate);
  // A plausible typo changes at most about a third of the shorter word.
  const int allowed = std::max<int>(1, static_cast<int>(std::min(wrong_.size(), candidate.size()) / 3));
  if (distance > allowed) return;
  if (best_.empty() || distance < best_distance_) {
    best_ = candidate;
    best_distance_ = distance;
  }
}

std::string shown(std::string_view text, size_t max_bytes) {
  bool cut = false;
  if (text.size() > max_bytes) {
    size_t end = max_bytes;
    // Step back over UTF-8 continuation bytes so no character is split.
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    text = text.substr(0, end);
    cut = true;
  }
  std::string out;
  out.reserve(text.size() + 3);
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F)
      out += fmt::format("\\x{:02x}", byte);
    else
      out += c;
  }
  if (cut) out += "...";
  return out;
}

std::string_view trim_json_space(std::string_view text) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return text;
}

}  // namespace outcomes::loader_text
