// The set of accepted family ids behind spec §7's repeated-id check: exact
// (no id is confused with another, whatever its hash), the first line wins,
// and it stays compact at national scale.
#include <doctest/doctest.h>

#include <cstdio>
#include <optional>
#include <string>
#include <unordered_map>

#include "runtime/accepted_ids.h"

using outcomes::AcceptedIds;

TEST_CASE("an id accepted once gives back the line it was first accepted on") {
  AcceptedIds ids;
  CHECK(ids.accept("F1", 3) == std::nullopt);
  CHECK(ids.accept("F2", 4) == std::nullopt);
  CHECK(ids.accept("F1", 9) == 3);
  CHECK(ids.accept("F1", 12) == 3);  // the first line, not the last repeat
  CHECK(ids.accept("F2", 13) == 4);
  CHECK(ids.size() == 2);
}

TEST_CASE("ids that differ only in length, case, a NUL or a prefix are different ids") {
  AcceptedIds ids;
  const std::string with_nul("F\0" "1", 3);
  int64_t line = 1;
  const std::string_view distinct[] = {"", "F", "F1", "f1", "F10", "F1 ", with_nul};
  for (std::string_view id : distinct) CHECK(ids.accept(id, line++) == std::nullopt);
  CHECK(ids.accept("", 100) == 1);
  CHECK(ids.accept(std::string_view(with_nul), 101) == 7);
  CHECK(ids.size() == 7);
}

TEST_CASE("line 0 and negative lines are lines like any other") {
  AcceptedIds ids;
  CHECK(ids.accept("F0", 0) == std::nullopt);
  CHECK(ids.accept("Fneg", -5) == std::nullopt);
  CHECK(ids.accept("F0", 3) == 0);
  CHECK(ids.accept("Fneg", 4) == -5);
}

TEST_CASE("long ids and large line numbers are kept whole") {
  AcceptedIds ids;
  const std::string long_id(3 << 20, 'x');  // longer than a block
  const int64_t far_line = (int64_t{1} << 40) + 5;
  CHECK(ids.accept(long_id, far_line) == std::nullopt);
  CHECK(ids.accept(long_id.substr(1), 7) == std::nullopt);
  CHECK(ids.accept(long_id, 8) == far_line);
  CHECK(ids.accept(long_id.substr(1), 9) == 7);
  // Short ids after the long ones, across more than one block.
  for (int64_t i = 0; i < 200000; ++i) REQUIRE(ids.accept("S" + std::to_string(i), 100 + i) == std::nullopt);
  for (int64_t i = 0; i < 200000; i += 997) REQUIRE(ids.accept("S" + std::to_string(i), 1) == 100 + i);
  CHECK(ids.accept(long_id, 1) == far_line);
}

TEST_CASE("agrees with a std::unordered_map through many growths, repeats mixed in") {
  AcceptedIds ids;
  std::unordered_map<std::string, int64_t> reference;
  uint64_t state = 1;
  for (int64_t line = 1; line <= 300000; ++line) {
    state = state * 6364136223846793005u + 1442695040888963407u;
    // About one line in four repeats an id (ids drawn from 0..225,000).
    const std::string id = "F" + std::to_string((state >> 33) % 225000);
    auto [it, fresh] = reference.try_emplace(id, line);
    const std::optional<int64_t> got = ids.accept(id, line);
    if (fresh) REQUIRE(got == std::nullopt);
    else REQUIRE(got == it->second);
  }
  CHECK(ids.size() == reference.size());
}

TEST_CASE("about 25 bytes per 8-character id at 2,000,000 ids") {
  AcceptedIds ids;
  char id[16];
  for (int64_t i = 0; i < 2000000; ++i) {
    snprintf(id, sizeof id, "F%07lld", static_cast<long long>(i));
    REQUIRE(ids.accept(id, i + 1) == std::nullopt);
  }
  const double per_id = static_cast<double>(ids.bytes_held()) / 2000000;
  MESSAGE("bytes held per id: " << per_id);
  CHECK(per_id < 32);
}
