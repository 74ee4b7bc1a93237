// Replays every file of fuzz/regressions/<target>/ (each input that once
// crashed a fuzz target) and fuzz/corpus/<target>/ (the seeds) through the
// targets' bodies in this ordinary, non-fuzzer build. A crash, sanitizer
// report (in the sanitizer build) or broken invariant fails the test run.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "fuzz/targets.h"

namespace fs = std::filesystem;

namespace {

std::vector<fs::path> files_in(const std::string& folder) {
  std::vector<fs::path> out;
  fs::path dir = fs::path(OUTCOMES_SOURCE_ROOT) / folder;
  if (!fs::is_directory(dir)) return out;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.is_regular_file() && entry.path().filename().string()[0] != '.') out.push_back(entry.path());
  std::sort(out.begin(), out.end());
  return out;
}

std::string contents(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs each file through `one`; returns how many there were.
size_t replay(const std::string& target, void (*one)(std::string_view), const std::string& kind) {
  size_t n = 0;
  for (const fs::path& path : files_in("fuzz/" + kind + "/" + target)) {
    INFO(path.string());
    one(contents(path));
    ++n;
  }
  return n;
}

struct Target {
  const char* name;
  void (*one)(std::string_view);
};

std::vector<Target> targets() {
  std::vector<Target> t = {{"rules", outcomes::fuzz::rules_one},
                           {"loader", outcomes::fuzz::loader_one},
                           {"vm", outcomes::fuzz::vm_one}};
#ifdef OUTCOMES_FUZZ_CLAIMS
  t.push_back({"claims", outcomes::fuzz::claims_one});
#endif
  return t;
}

}  // namespace

TEST_CASE("every fuzz regression replays without a crash") {
  for (const Target& t : targets()) {
    INFO(t.name);
    replay(t.name, t.one, "regressions");
  }
}

TEST_CASE("every seed of every fuzz corpus replays without a crash") {
  for (const Target& t : targets()) {
    INFO(t.name);
    CHECK(replay(t.name, t.one, "corpus") > 0);
  }
}

TEST_CASE("the planted crash is inert unless asked for") {
  REQUIRE_FALSE(outcomes::fuzz::planted_crash_enabled());
  outcomes::fuzz::loader_one(std::string(outcomes::fuzz::kPlantedMagic) + "{}");
}

TEST_CASE("the family maker turns any bytes into one JSON line") {
  for (std::string bytes : {std::string(), std::string("\x01\x02\x03"), std::string(200, '\xff')}) {
    std::string line = outcomes::fuzz::family_line_from_bytes(bytes);
    CHECK(line.find('\n') == std::string::npos);
    CHECK(line.front() == '{');
    outcomes::fuzz::vm_one(bytes);
  }
}
