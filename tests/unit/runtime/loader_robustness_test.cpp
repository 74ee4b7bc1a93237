// The loader never crashes and always explains itself, whatever the bytes;
// and a steady stream of families allocates nothing per event.
#include <doctest/doctest.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <random>

#include "runtime/loader.h"
#include "tests/unit/runtime/loader_test_support.h"

using namespace outcomes;
using namespace outcomes::loader_test;
using Outcome = CohortReader::Outcome;

namespace {

// Every event type, member rule and field type once.
std::string rich_events() {
  return R"({"type": "incident", "member": "C1", "date": "2017-03-01"},)"
         R"({"type": "spell", "member": "M1", "start": "2016-01-01", "end": null},)"
         R"({"type": "record", "member": "C1", "term": "2016-autumn", "possible": 140, "missed": 14},)"
         R"({"type": "monthly", "member": "C1", "month": "2017-05", "count": 3, "ratio": 2.5, "flag": true, "colour": "red"},)"
         R"({"type": "reading", "date": "2017-02-01", "scores": {"health": 7, "safety": 9}},)"
         R"({"type": "exclusion", "member": "C1", "date": "2017-01-01", "kind": "fixed", "days": 0.5},)"
         R"({"type": "note", "date": "2017-02-02", "hours": 1.25, "done": false, "until": "2017-03-03"})";
}

// A sane accepted family: events grouped by type, in date order, members named.
void check_invariants(const Family& family, const Schema& schema) {
  REQUIRE(family.type_begin.size() == schema.types.size() + 1);
  CHECK(family.type_begin.back() == family.events.size());
  CHECK_FALSE(family.members.empty());
  for (size_t t = 0; t < schema.types.size(); ++t) {
    auto events = family.events_of_type(static_cast<int>(t));
    for (size_t i = 0; i < events.size(); ++i) {
      CHECK(events[i].type == t);
      CHECK(events[i].slot + schema.types[t].slot_count <= family.slots.size());
      CHECK(events[i].member < static_cast<int>(family.members.size()));
      if (i > 0) CHECK(std::pair(events[i - 1].order_key, events[i - 1].position) <
                       std::pair(events[i].order_key, events[i].position));
    }
  }
}

}  // namespace

TEST_CASE("random damage to a good line is always accepted or rejected with one clear error") {
  Harness h;
  std::mt19937 random(20240611);
  const std::string interesting = "{}[]\",:\\ \x00\xff\xc3\xa9" "0123456789-.eE+tfnul";
  int accepted = 0, rejected = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string line = family_line(rich_events(), "F" + std::to_string(i));
    const int edits = 1 + static_cast<int>(random() % 3);
    for (int k = 0; k < edits && !line.empty(); ++k) {
      const size_t at = random() % line.size();
      switch (random() % 5) {
        case 0: line[at] = interesting[random() % interesting.size()]; break;
        case 1: line[at] = static_cast<char>(random() % 256); break;
        case 2: line.erase(at, 1 + random() % 20); break;
        case 3: line.insert(at, line.substr(random() % line.size(), 1 + random() % 30)); break;
        case 4: line.resize(at); break;
      }
    }
    h.issues.clear();
    const Outcome outcome = h.reader.parse_line(line, i + 1, h.family);
    const auto errors = h.errors();
    if (outcome == Outcome::Rejected) {
      ++rejected;
      REQUIRE(errors.size() == 1);
      CHECK_FALSE(errors[0].message.empty());
      CHECK(errors[0].line == i + 1);
      CHECK(errors[0].file == "cohort.jsonl");
    } else if (outcome == Outcome::Accepted) {
      ++accepted;
      CHECK(errors.empty());
      check_invariants(h.family, h.schema);
    }
  }
  // Both kinds happen, so the test exercises both paths.
  CHECK(accepted > 100);
  CHECK(rejected > 100);
}

TEST_CASE("the undamaged rich line is accepted") {
  Harness h;
  REQUIRE(h.parse(family_line(rich_events())) == Outcome::Accepted);
  CHECK(h.issues.empty());
  CHECK(h.family.events.size() == 7);
  check_invariants(h.family, h.schema);
}

// Counting allocations needs the global operator new; sanitizers supply their own.
#if !defined(__SANITIZE_ADDRESS__)
namespace {
std::atomic<int64_t> allocations{0};
}  // namespace

// These free what the operator new below got from malloc.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

void* operator new(std::size_t size) {
  ++allocations;
  if (void* memory = std::malloc(size ? size : 1)) return memory;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) { return operator new(size); }
void operator delete(void* memory) noexcept { std::free(memory); }
void operator delete[](void* memory) noexcept { std::free(memory); }
void operator delete(void* memory, std::size_t) noexcept { std::free(memory); }
void operator delete[](void* memory, std::size_t) noexcept { std::free(memory); }

TEST_CASE("a steady stream of families allocates nothing per event") {
  Harness h;
  // Many events, none repeating a unique key (record: member and term).
  std::string events = rich_events();
  for (int i = 0; i < 49; ++i)
    events += R"(,{"type": "incident", "member": "C1", "date": "2017-03-01"})"
              R"(,{"type": "spell", "member": "M1", "start": "2016-01-01", "end": "2016-02-01"})"
              R"(,{"type": "record", "member": "C1", "term": ")" + std::to_string(1900 + i) + R"(-summer",)"
              R"( "possible": 140, "missed": 14})"
              R"(,{"type": "reading", "date": "2017-02-01", "scores": {"health": 7, "safety": 9}})"
              R"(,{"type": "exclusion", "member": "C1", "date": "2017-01-01", "kind": "fixed", "days": 0.5})"
              R"(,{"type": "note", "date": "2017-02-02", "hours": 1.25, "done": false})";
  // Warm up: buffers grow to the size of the line once.
  REQUIRE(h.parse(family_line(events, "W1")) == Outcome::Accepted);
  REQUIRE(h.parse(family_line(events, "W2")) == Outcome::Accepted);
  const std::string line = family_line(events, "F3");
  const int64_t before = allocations.load();
  REQUIRE(h.reader.parse_line(line, 3, h.family) == Outcome::Accepted);
  const int64_t used = allocations.load() - before;
  CHECK(h.family.events.size() == 7 + 49 * 6);
  // The only allocation is remembering the accepted id.
  CHECK(used <= 1);
}
#endif
