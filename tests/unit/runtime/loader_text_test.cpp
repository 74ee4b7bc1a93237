// The loader's text helpers: exact JSON numbers, suggestions, display.
#include <doctest/doctest.h>

#include "runtime/loader_text.h"

using namespace outcomes::loader_text;

TEST_CASE("whole numbers: JSON grammar, no fraction or exponent, 0 to 2^63 - 1") {
  int64_t value = -1;
  CHECK(parse_whole_number("0", value) == NumberProblem::None);
  CHECK(value == 0);
  CHECK(parse_whole_number("140", value) == NumberProblem::None);
  CHECK(value == 140);
  CHECK(parse_whole_number("9223372036854775807", value) == NumberProblem::None);
  CHECK(value == INT64_MAX);
  CHECK(parse_whole_number("-0", value) == NumberProblem::None);
  CHECK(value == 0);
  CHECK(parse_whole_number("9223372036854775808", value) == NumberProblem::TooLarge);
  CHECK(parse_whole_number("99999999999999999999999", value) == NumberProblem::TooLarge);
  CHECK(parse_whole_number("-1", value) == NumberProblem::Negative);
  CHECK(parse_whole_number("-1.5", value) == NumberProblem::Negative);
  CHECK(parse_whole_number("140.0", value) == NumberProblem::NotWhole);
  CHECK(parse_whole_number("1.4e2", value) == NumberProblem::NotWhole);
  CHECK(parse_whole_number("1E2", value) == NumberProblem::NotWhole);
  for (const char* bad : {"", "-", "01", "1.", ".5", "1e", "1e+", "+1", "0x1", "1 ", "NaN", "Infinity", "--1", "1.2.3"}) {
    CAPTURE(bad);
    CHECK(parse_whole_number(bad, value) == NumberProblem::Malformed);
    CHECK_FALSE(is_json_number(bad));
  }
  for (const char* good : {"0", "-0", "1.5", "1e5", "1E+5", "1e-5", "-12.5e-3", "0.0"}) {
    CAPTURE(good);
    CHECK(is_json_number(good));
  }
}

TEST_CASE("decimals become exact rationals in lowest terms") {
  auto rational = [](std::string_view text) {
    int64_t n = -1, d = -1;
    const NumberProblem problem = parse_decimal(text, n, d);
    REQUIRE(problem == NumberProblem::None);
    return std::pair<int64_t, int64_t>{n, d};
  };
  using R = std::pair<int64_t, int64_t>;
  CHECK(rational("2.5") == R{5, 2});
  CHECK(rational("0.1") == R{1, 10});
  CHECK(rational("0.05") == R{1, 20});
  CHECK(rational("10.50") == R{21, 2});
  CHECK(rational("1e2") == R{100, 1});
  CHECK(rational("1.0e2") == R{100, 1});
  CHECK(rational("100") == R{100, 1});
  CHECK(rational("2500e-3") == R{5, 2});
  CHECK(rational("0e99999") == R{0, 1});
  CHECK(rational("-0.0") == R{0, 1});
  CHECK(rational("1e18") == R{1000000000000000000, 1});
  CHECK(rational("1e-18") == R{1, 1000000000000000000});
  CHECK(rational("9223372036854775807") == R{INT64_MAX, 1});
  CHECK(rational("922337203685477580.7") == R{INT64_MAX, 10});
  // Trailing zeros do not count as precision.
  CHECK(rational("1.50000000000000000000000000000") == R{3, 2});
  int64_t n = 0, d = 0;
  CHECK(parse_decimal("-2.5", n, d) == NumberProblem::Negative);
  CHECK(parse_decimal("1e19", n, d) == NumberProblem::TooLarge);
  CHECK(parse_decimal("9223372036854775808", n, d) == NumberProblem::TooLarge);
  CHECK(parse_decimal("1e999999999999999999999", n, d) == NumberProblem::TooLarge);
  CHECK(parse_decimal("1e-19", n, d) == NumberProblem::TooPrecise);
  CHECK(parse_decimal("1e-999999999999999999999", n, d) == NumberProblem::TooPrecise);
  CHECK(parse_decimal("0.12345678901234567890", n, d) == NumberProblem::TooPrecise);
  CHECK(parse_decimal("1.", n, d) == NumberProblem::Malformed);
}

TEST_CASE("suggestions pick the closest plausible name") {
  CHECK(edit_distance("permanant", "permanent") == 1);
  CHECK(edit_distance("ofence", "offence") == 1);
  CHECK(edit_distance("incidnet", "incident") == 1);  // a swap counts once
  CHECK(edit_distance("Adult", "adult") == 0);
  CHECK(edit_distance("", "abc") == 3);
  NameSuggester typo("permanant");
  typo.consider("fixed");
  typo.consider("permanent");
  CHECK(typo.best() == "permanent");
  NameSuggester far("expelled");
  far.consider("fixed");
  far.consider("permanent");
  CHECK(far.best().empty());
  NameSuggester closest("jsaa");
  closest.consider("esa");
  closest.consider("jsa");
  CHECK(closest.best() == "jsa");
}

TEST_CASE("shown text is one safe line, cut at a character boundary") {
  CHECK(shown("plain") == "plain");
  CHECK(shown(std::string_view("a\0b\n", 4)) == "a\\x00b\\x0a");
  CHECK(shown(std::string(100, 'x'), 10) == "xxxxxxxxxx...");
  // "é" is two bytes: the cut falls before it rather than inside it.
  CHECK(shown("abcdefghi\xC3\xA9z", 10) == "abcdefghi...");
  CHECK(trim_json_space(" \t\r\n x \n") == "x");
}

TEST_CASE("the name index finds every name it holds, by scan or by hash") {
  for (int count : {1, 3, 8, 9, 60}) {
    CAPTURE(count);
    std::vector<std::string> names;
    for (int i = 0; i < count; ++i) names.push_back((i % 3 ? "name_" : "n") + std::to_string(i * 7919));
    NameIndex index;
    for (int i = 0; i < count; ++i) index.add(names[i], i);
    for (int i = 0; i < count; ++i) CHECK(index.find(names[i]) == i);
    CHECK(index.find("") == -1);
    CHECK(index.find("name_") == -1);
    CHECK(index.find(names[0] + "x") == -1);
    CHECK(index.find(names[0].substr(0, names[0].size() - 1)) == -1);
    index.add(names[0], 99);  // a repeat does not replace the first
    CHECK(index.find(names[0]) == 0);
  }
  NameIndex empty;
  CHECK(empty.find("anything") == -1);
}
