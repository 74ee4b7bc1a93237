// The schema's event checks answered natively (runtime/native_check.h) agree
// with the VM on generated families: check by check on every event, with
// bad values written into the events' slots; and line by line through the
// loader, with bad values written into the JSON, where every accept/reject
// and every message must be the same as with the checks on the VM alone.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "compiler/driver.h"
#include "runtime/loader.h"
#include "runtime/native_check.h"
#include "runtime/vm.h"
#include "generated_lines.h"

using namespace outcomes;

namespace {

// Values a slot is given in turn: edges of the ranges, absent, overflow.
constexpr int64_t kBadValues[] = {0,         1,         -1,        2,          -2,        10,
                                  17000,     17001,     16999,     kAbsent,    INT64_MAX, INT64_MAX - 1,
                                  -INT64_MAX, int64_t{1} << 32, -(int64_t{1} << 40), 2932896};

struct StdlibChecks {
  std::unique_ptr<Compilation> compilation = compile_stdlib();
  std::unique_ptr<Vm> vm;
  std::vector<std::vector<std::optional<NativeCheck>>> native;  // per type, per check
  std::vector<std::vector<int>> functions;

  StdlibChecks() {
    REQUIRE(compilation->ok());
    vm = std::make_unique<Vm>(program());
    size_t next = 0;
    for (const EventTypeDef& type : program().schema.types) {
      native.emplace_back();
      functions.emplace_back();
      for (size_t c = 0; c < type.checks.size(); ++c) {
        functions.back().push_back(program().check_functions[next++]);
        native.back().push_back(NativeCheck::recognise(program(), functions.back().back(), type));
        REQUIRE(native.back().back());
      }
    }
  }
  const Program& program() const { return *compilation->program; }

  // Every check of the event's type, both ways; returns how many ran.
  int compare_event(const Family& family, uint32_t e) {
    int compared = 0;
    const int type = family.events[e].type;
    for (size_t c = 0; c < native[type].size(); ++c) {
      NativeCheck::Answer by_vm;
      try {
        by_vm = vm->run_check(functions[type][c], family, e) ? NativeCheck::Answer::Holds : NativeCheck::Answer::Fails;
      } catch (const EvaluationError&) {
        by_vm = NativeCheck::Answer::AskVm;
      }
      const NativeCheck::Answer by_native = native[type][c]->evaluate(family, e);
      const NativeCheck::Answer by_tree = native[type][c]->evaluate_tree(family, e);
      if (by_native != by_vm || by_tree != by_vm) {
        CAPTURE(program().schema.types[type].checks[c].message);
        CAPTURE(family.id);
        CAPTURE(e);
        CHECK(static_cast<int>(by_native) == static_cast<int>(by_vm));
        CHECK(static_cast<int>(by_tree) == static_cast<int>(by_vm));
      }
      ++compared;
    }
    return compared;
  }
};

}  // namespace

TEST_CASE("native event checks agree with the VM on generated families, and on bad values in every slot") {
  StdlibChecks checks;
  std::vector<Family> families;
  {
    CohortReader reader(checks.program().schema, "generated.jsonl", [](const LoadIssue&) {});
    const std::vector<std::string> lines = generated_lines(150, 7);
    Family family;
    int64_t number = 0;
    for (const std::string& line : lines)
      if (reader.parse_line(line, ++number, family) == CohortReader::Outcome::Accepted) families.push_back(family);
  }
  REQUIRE(families.size() > 100);
  int64_t compared = 0, mutated = 0;
  for (Family& family : families) {
    for (uint32_t e = 0; e < family.events.size(); ++e) {
      compared += checks.compare_event(family, e);
      const EventTypeDef& type = checks.program().schema.types[family.events[e].type];
      if (type.checks.empty()) continue;
      // Each slot of the event in turn takes each bad value. Not the huge
      // ones in a Scores slot: the VM adds a reading's scores up in 64 bits
      // (count_scored shares mean's loop), and the loader stores only 0 to
      // the range's top there, so that sum overflowing is not a case to test.
      for (int s = 0; s < type.slot_count; ++s) {
        int64_t& slot = family.slots[family.events[e].slot + s];
        const int64_t kept = slot;
        const bool score = std::any_of(type.fields.begin(), type.fields.end(), [&](const FieldDef& f) {
          return f.type == FieldType::Scores && s >= f.slot && s < f.slot + f.width;
        });
        for (const int64_t bad : kBadValues) {
          if (score && (bad > (int64_t{1} << 40) || bad < -(int64_t{1} << 40))) continue;
          slot = bad;
          mutated += checks.compare_event(family, e);
        }
        slot = kept;
      }
    }
  }
  CHECK(compared > 1000);
  CHECK(mutated > 10000);
}

TEST_CASE("the loader accepts, rejects and reports exactly as with the checks on the VM alone") {
  // Two compilations of the stdlib: one bound as the commands bind it
  // (native where recognised), one with every check on the VM.
  std::unique_ptr<Compilation> native = compile_stdlib(), plain = compile_stdlib();
  REQUIRE(native->ok());
  REQUIRE(plain->ok());
  Vm native_vm(*native->program), plain_vm(*plain->program);
  bind_event_checks(*native->program, native_vm);
  size_t next = 0;
  for (EventTypeDef& type : plain->program->schema.types)
    for (EventCheck& check : type.checks) {
      const int function = plain->program->check_functions[next++];
      check.holds = [&plain_vm, function](const Family& family, uint32_t event) {
        return plain_vm.run_check(function, family, event);
      };
    }

  // Each generated line, and variants with one date or one whole number
  // replaced by a value that breaks a check (or overflows one).
  std::vector<std::string> lines;
  std::mt19937_64 random(11);
  const char* const kDates[] = {"1990-01-01", "2030-12-31", "2016-01-01"};
  const char* const kNumbers[] = {"0", "-1", "9223372036854775807", "99999", "1"};
  for (const std::string& line : generated_lines(120, 3)) {
    lines.push_back(line);
    std::vector<size_t> dates, numbers;
    for (size_t at = line.find("\": \""); at != std::string::npos; at = line.find("\": \"", at + 1))
      if (at + 14 <= line.size() && line[at + 8] == '-' && line[at + 11] == '-') dates.push_back(at + 4);
    for (size_t at = line.find("\": "); at != std::string::npos; at = line.find("\": ", at + 1))
      if (at + 3 < line.size() && line[at + 3] >= '0' && line[at + 3] <= '9') numbers.push_back(at + 3);
    for (int variant = 0; variant < 6; ++variant) {
      std::string changed = line;
      if (variant % 2 == 0 && !dates.empty()) {
        changed.replace(dates[random() % dates.size()], 10, kDates[random() % 3]);
      } else if (!numbers.empty()) {
        const size_t at = numbers[random() % numbers.size()];
        size_t end = at;
        while (end < changed.size() && changed[end] >= '0' && changed[end] <= '9') ++end;
        changed.replace(at, end - at, kNumbers[random() % 5]);
      }
      lines.push_back(changed);
    }
  }

  const auto read_all = [&](const Program& program) {
    std::vector<std::string> record;
    CohortReader reader(program.schema, "cohort.jsonl",
                        [&](const LoadIssue& issue) { record.push_back(render_load_issue(issue)); });
    Family family;
    int64_t number = 0;
    for (const std::string& line : lines) {
      const CohortReader::Outcome outcome = reader.parse_line(line, ++number, family);
      record.push_back(outcome == CohortReader::Outcome::Accepted ? "accepted " + family.id : "not accepted");
    }
    return record;
  };
  const std::vector<std::string> with_native = read_all(*native->program), with_vm = read_all(*plain->program);
  REQUIRE(with_native.size() == with_vm.size());
  int rejected_by_checks = 0;
  for (size_t i = 0; i < with_native.size(); ++i) {
    CHECK(with_native[i] == with_vm[i]);
    rejected_by_checks += with_vm[i].find("is before") != std::string::npos ||
                          with_vm[i].find("exceed") != std::string::npos ||
                          with_vm[i].find("could not be evaluated") != std::string::npos;
  }
  CHECK(rejected_by_checks > 20);  // the variants do reach the checks
}
