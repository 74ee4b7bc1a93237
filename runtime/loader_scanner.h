// The loader fast path's cursor (loader_fast.cpp): a forward-only scanner
// over one padded, NUL-terminated line, and the byte tests it is built on.
// Only loader_fast.cpp includes it.
#pragma once
#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "runtime/date.h"
#include "runtime/loader_text.h"

namespace outcomes::fast_scan {

// Member::id etc. are compared and stored as written, so strings with
// escapes are left to the full reader, as are control characters (invalid
// unescaped in JSON). Reads sixteen bytes at a time: the input is padded.
inline const char* find_string_stop(const char* at, const char* end) {
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
  const __m128i below_space = _mm_set1_epi8(0x1F);
  for (; at < end; at += 16) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
    // A byte is a control character when min(byte, 0x1F) == byte (unsigned).
    const __m128i stops = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(bytes, quote), _mm_cmpeq_epi8(bytes, backslash)),
                                       _mm_cmpeq_epi8(_mm_min_epu8(bytes, below_space), bytes));
    if (const int mask = _mm_movemask_epi8(stops)) {
      const char* hit = at + __builtin_ctz(static_cast<unsigned>(mask));
      return hit < end ? hit : end;
    }
  }
  return end;
#else
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHighs = 0x8080808080808080ull;
  for (; at < end; at += 8) {
    uint64_t word;
    std::memcpy(&word, at, 8);
    const uint64_t quotes = word ^ (kOnes * '"'), backslashes = word ^ (kOnes * '\\');
    // High bit set in each byte that is zero (a match) or below 0x20; the
    // lowest such byte is exact, which is the one used.
    const uint64_t found = ((quotes - kOnes) & ~quotes) | ((backslashes - kOnes) & ~backslashes) |
                           ((word - kOnes * 0x20) & ~word);
    if (found & kHighs) {
      const char* hit = at + __builtin_ctzll(found & kHighs) / 8;
      return hit < end ? hit : end;
    }
  }
  return end;
#endif
}

// What each byte is to the scanner: JSON whitespace, and the bytes that end
// a number or literal (whitespace, structure, and the NUL after the line).
enum : uint8_t { kSpace = 1, kEndsToken = 2 };
constexpr auto kByteClass = [] {
  std::array<uint8_t, 256> classes{};
  for (const unsigned char c : {' ', '\t', '\n', '\r'}) classes[c] = kSpace | kEndsToken;
  for (const unsigned char c : {',', '}', ']', ':', '\0'}) classes[c] = kEndsToken;
  return classes;
}();
inline bool is_json_space(char c) { return kByteClass[static_cast<unsigned char>(c)] & kSpace; }
inline bool ends_token(char c) { return kByteClass[static_cast<unsigned char>(c)] & kEndsToken; }

// A cursor over the line that only moves forward. The byte at `end` must be
// NUL (parse_family_fast puts it there): no JSON token holds one, so every
// scan stops at the end without comparing pointers, and a NUL inside the
// line, also invalid JSON, reads as the end too and is declined.
//
// Every step that moves the cursor leaves it past any whitespace, so it
// always rests on a token (or the end), and looking at the next byte is one
// load. (Skipping whitespace wherever the next byte was looked at instead
// did it ~25 times per event of ~20 tokens: a tenth of the instructions.)
class Scanner {
 public:
  Scanner(const char* begin, const char* end) : at_(begin), end_(end) { skip_space(); }

  void skip_space() {
    // Most tokens follow no space or one. JSON's whitespace is all at or
    // below ' ', so one comparison settles most bytes.
    if (static_cast<unsigned char>(*at_) > ' ' || !is_json_space(*at_)) return;
    ++at_;
    while (is_json_space(*at_)) ++at_;
  }
  // The next byte after whitespace; NUL at the end.
  char peek() const { return *at_; }
  bool consume(char c) {
    if (*at_ != c) return false;
    ++at_;
    skip_space();
    return true;
  }
  bool at_end() const { return at_ == end_; }
  // A string without escapes or control characters; `text` is between the quotes.
  bool plain_string(std::string_view& text) {
    if (peek() != '"') return false;
    const char* start = ++at_;
    const char* stop = find_string_stop(start, end_);
    if (stop == end_ || *stop != '"') return false;
    text = std::string_view(start, static_cast<size_t>(stop - start));
    at_ = stop + 1;
    skip_space();
    return true;
  }
  bool key(std::string_view& name) { return plain_string(name) && consume(':'); }
  // A date as nearly every line writes it, "YYYY-MM-DD" and its quotes, read
  // in place: what plain_string and parse_iso_date would make of it, without
  // looking for the string's end. False, the cursor unmoved, for anything
  // else, which the caller then reads the long way. The closing quote is at
  // most eleven bytes on, inside the padding.
  bool quoted_date(Date& date) {
    const char* const p = at_;
    if (p[0] != '"' || p[11] != '"' || p[5] != '-' || p[8] != '-') return false;
    unsigned digits[8];
    static constexpr int kAt[8] = {1, 2, 3, 4, 6, 7, 9, 10};
    for (int i = 0; i < 8; ++i) {
      digits[i] = static_cast<unsigned char>(p[kAt[i]]) - unsigned{'0'};
      if (digits[i] > 9) return false;
    }
    const int year = static_cast<int>(digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3]);
    const int month = static_cast<int>(digits[4] * 10 + digits[5]), day = static_cast<int>(digits[6] * 10 + digits[7]);
    // is_valid_ymd and date_from_ymd (date.cpp), here where they inline: two
    // calls per date were a twentieth of the fast path.
    static constexpr int kDaysInMonth[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (year < 1 || month < 1 || month > 12 || day < 1) return false;
    if (day > kDaysInMonth[month - 1] &&
        !(month == 2 && day == 29 && (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))))
      return false;
    // Howard Hinnant's days_from_civil, as date.cpp has it, for years 1 to 9999.
    const int y = year - (month <= 2);
    const unsigned era = static_cast<unsigned>(y) / 400, yoe = static_cast<unsigned>(y) - era * 400;
    const unsigned doy = (153 * static_cast<unsigned>(month + (month > 2 ? -3 : 9)) + 2) / 5 + static_cast<unsigned>(day) - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    date = Date{static_cast<int32_t>(era * 146097 + doe) - 719468};
    at_ = p + 12;
    skip_space();
    return true;
  }
  // Whether the next key is the name in `quoted` (the name, its closing
  // quote, then zero bytes to a multiple of eight): if so, it is consumed up
  // to its colon. Compares eight bytes at a time, past the end of short
  // input into its padding.
  bool key_is(const std::string& quoted, size_t length) {
    if (length == 0 || *at_ != '"') return false;
    const char* name = at_ + 1;
    const auto differs = [&](size_t i) {
      uint64_t x, y;
      std::memcpy(&x, name + i, 8);
      std::memcpy(&y, quoted.data() + i, 8);
      return x ^ y;
    };
    size_t i = 0;
    for (; i + 8 < length; i += 8)
      if (differs(i)) return false;
    // The last word: only its first length - i bytes are the name's.
    const size_t left = length - i;
    if (differs(i) & (left == 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * left)) - 1)) return false;
    at_ = name + length;
    return consume(':');
  }
  // A whole number, as parse_whole_number reads the full reader's token: the
  // usual case (one to 18 digits, no sign, no leading zero, so no overflow)
  // in one pass, anything else by parse_whole_number itself.
  bool whole_number(int64_t& value) {
    const char* const start = at_;
    uint64_t number = 0;  // unsigned: a long run of digits wraps harmlessly before it is refused
    while (static_cast<unsigned>(*at_ - '0') <= 9) number = number * 10 + static_cast<unsigned>(*at_++ - '0');
    const size_t digits = static_cast<size_t>(at_ - start);
    if (digits >= 1 && digits <= 18 && (*start != '0' || digits == 1) && ends_token(*at_)) {
      value = static_cast<int64_t>(number);
      skip_space();
      return true;
    }
    at_ = start;
    return loader_text::parse_whole_number(token(), value) == loader_text::NumberProblem::None;
  }
  // A number or literal as written, as the full reader sees it: up to the
  // next whitespace or structure.
  std::string_view token() {
    const char* start = at_;
    while (!ends_token(*at_)) ++at_;
    const std::string_view text(start, static_cast<size_t>(at_ - start));
    skip_space();
    return text;
  }
  // After a list item or object member: true to go on, false at the closing
  // bracket; `ok` false when neither follows.
  bool more(char close, bool& ok) {
    const char c = *at_;
    ok = c == ',' || c == close;
    at_ += ok;  // never past the end
    skip_space();
    return c == ',';
  }

 private:
  const char* at_;
  const char* end_;
};

}  // namespace outcomes::fast_scan
