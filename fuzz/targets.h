// The fuzz targets' bodies, shared by the libFuzzer entry points (fuzz_*.cpp,
// built with -DOUTCOMES_FUZZ=ON) and by the ordinary test suite, which replays
// every file of fuzz/corpus/<target>/ and fuzz/regressions/<target>/ through
// them in a normal build (tests/unit/reliability/replay_test.cpp).
//
// A target accepts any bytes. Rejecting the input (diagnostics, a rejected
// family, an EvaluationError) is a normal outcome; a crash, a sanitizer report,
// an uncaught exception, a leak or a broken invariant (reported by abort()) is
// a bug. No target catches anything but the one exception the API documents.
#pragma once
#include <string>
#include <string_view>

namespace outcomes::fuzz {

// (a) The rule-file front end: compile_text (lexer, parser, checker, code
// generator) on the bytes as a plan; a plan that compiles is also run over two
// fixed families.
void rules_one(std::string_view data);

// (b) The JSON Lines loader: each '\n'-separated line through one
// CohortReader::parse_line against the stdlib schema with its event checks
// bound; accepted families are checked for the loader's invariants.
void loader_one(std::string_view data);

// (c) The claims CSV reader (cli/claims_csv.h): parse_csv and read_claims on
// the bytes, and family_problem() on every row read whole
// (fuzz/claims_target.cpp, in the library that has cli/).
void claims_one(std::string_view data);

// (d) The VM: the bytes become one JSONL line (taken as written when they
// begin with '{', else built from the bytes by a schema-driven family maker),
// and a family the loader accepts is evaluated by every bundled plan
// (plans/*.plan) at a few as-of dates, traced and untraced, which must agree.
void vm_one(std::string_view data);

// The line vm_one builds from bytes that do not begin with '{' (for seeds and
// for reading a crasher).
std::string family_line_from_bytes(std::string_view data);

// A planted bug that proves the fuzzing catches crashes: when the environment
// variable OUTCOMES_FUZZ_PLANT is 1, the loader target overflows a heap buffer
// (and aborts, without AddressSanitizer) on input starting with kPlantedMagic.
// Inert otherwise; fuzz/selftest.sh exercises it.
inline constexpr std::string_view kPlantedMagic = "PLNT!";
bool planted_crash_enabled();

}  // namespace outcomes::fuzz
