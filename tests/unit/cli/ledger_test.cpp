// The audit ledger's SQLite layer (cli/ledger.h) and the hashes it records
// (cli/digest.h): creation, refusal of files that are not ledgers, duplicate
// lookups across runs and within one, and a run that is never committed.
#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "cli/digest.h"
#include "cli/ledger.h"
#include "compiler/driver.h"

using namespace outcomes;
using namespace outcomes::cli;

namespace {

struct TempPath {
  std::string path;
  explicit TempPath(const char* name) {
    path = std::string("/tmp/outcomes-ledger-test-") + std::to_string(getpid()) + "-" + name;
    std::remove(path.c_str());
  }
  ~TempPath() {
    std::remove(path.c_str());
    std::remove((path + "-journal").c_str());
  }
};

LedgerRun new_run(const char* plan = "herts-2018") {
  LedgerRun r;
  r.plan_id = plan, r.plan_version = "v", r.plan_hash = "h", r.plan_path = "p.plan";
  r.cohort_path = "c.jsonl", r.cohort_hash = "ch", r.claims_path = "k.csv", r.claims_hash = "kh";
  r.tool_version = "test";
  return r;
}

LedgerClaim claim(const LedgerRun& run, int64_t seq, const char* id, const char* family, const char* kind,
                  const char* verdict) {
  LedgerClaim c;
  c.run = run.run, c.seq = seq, c.line = seq + 1, c.plan_id = run.plan_id;
  c.claim_id = id, c.family = family, c.claim_date = "2018-06-30", c.kind = kind, c.verdict = verdict;
  return c;
}

}  // namespace

TEST_CASE("SHA-256 matches the FIPS 180-4 examples") {
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  std::string million(1000000, 'a');
  CHECK(sha256_hex(million) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  // Fed in pieces, the same.
  Sha256 h;
  for (size_t i = 0; i < million.size(); i += 333) h.update(std::string_view(million).substr(i, 333));
  CHECK(h.hex() == sha256_hex(million));
}

TEST_CASE("a plan's digest is stable, ignores comments, and changes with its rules or wording") {
  const std::string root = OUTCOMES_SOURCE_ROOT;
  auto a = compile_file(root + "/plans/tf2.plan", true);
  auto b = compile_file(root + "/plans/tf2.plan", true);
  auto c = compile_file(root + "/plans/herts-2018.plan", true);
  REQUIRE(a->ok());
  REQUIRE(c->ok());
  CHECK(program_digest(*a->program) == program_digest(*b->program));
  CHECK(program_digest(*a->program) != program_digest(*c->program));
  CHECK(program_digest(*a->program).size() == 64);
  const std::string plan = "plan \"x\"\nstrand crime \"Crime\" {\n  indicator 1 {\n    progress \"P\"\n"
                           "    presents when any offence where date in last 12 months before A\n"
                           "    progress when no offence where date in last 6 months before C\n  }\n}\n";
  auto p1 = compile_text("x.plan", plan, true);
  auto p2 = compile_text("x.plan", "# a comment\n" + plan, true);
  auto p3 = compile_text("x.plan", std::string(plan).replace(plan.find("6 months"), 1, "7"), true);
  auto p4 = compile_text("x.plan", std::string(plan).replace(plan.find("\"P\""), 3, "\"Q\""), true);
  REQUIRE(p1->ok());
  REQUIRE(p3->ok());
  REQUIRE(p4->ok());
  CHECK(program_digest(*p1->program) == program_digest(*p2->program));
  CHECK(program_digest(*p1->program) != program_digest(*p3->program));
  CHECK(program_digest(*p1->program) != program_digest(*p4->program));
}

TEST_CASE("a new ledger is created; reading needs one that exists") {
  TempPath t("new");
  std::string error;
  CHECK(!Ledger::open(t.path, false, &error));
  CHECK(error.find("no ledger at") != std::string::npos);
  auto l = Ledger::open(t.path, true, &error);
  REQUIRE(l);
  CHECK(l->runs().empty());
  l.reset();
  CHECK(Ledger::open(t.path, false, &error));
}

TEST_CASE("files that are not ledgers are refused, clearly") {
  TempPath t("notaledger");
  std::string error;
  {
    std::ofstream f(t.path);
    f << "claim_id,family,claim_date,kind\nthis is not a database, it is long enough to have a header page......\n";
  }
  CHECK(!Ledger::open(t.path, true, &error));
  CHECK(error.find("not an outcomes ledger (not an SQLite database)") != std::string::npos);
  std::remove(t.path.c_str());
  {
    auto l = Ledger::open(t.path, true, &error);  // a ledger, then made into something else
    REQUIRE(l);
  }
  {
    std::string sql = "sqlite3 " + t.path + " \"DELETE FROM meta\" 2>/dev/null";
    if (std::system(sql.c_str()) == 0) {
      CHECK(!Ledger::open(t.path, false, &error));
      CHECK(error.find("not an outcomes ledger") != std::string::npos);
    }
  }
  std::string dir = "/tmp";
  CHECK(!Ledger::open(dir, true, &error));
  CHECK(error.find("not a file") != std::string::npos);
}

TEST_CASE("duplicates: the first payable claim of the same plan, family and kind, across runs and within one") {
  TempPath t("dups");
  std::string error;
  auto l = Ledger::open(t.path, true, &error);
  REQUIRE(l);
  LedgerRun r1 = new_run();
  REQUIRE(l->begin_run(r1, &error));
  CHECK(r1.run == 1);
  CHECK(!l->find_payable("herts-2018", "F1", "employment"));
  REQUIRE(l->record_claim(claim(r1, 1, "A", "F1", "employment", "invalid"), &error));
  CHECK(!l->find_payable("herts-2018", "F1", "employment"));
  REQUIRE(l->record_claim(claim(r1, 2, "B", "F1", "employment", "valid"), &error));
  auto d = l->find_payable("herts-2018", "F1", "employment");  // earlier in the same run
  REQUIRE(d);
  CHECK(d->run == 1);
  CHECK(d->claim_id == "B");
  CHECK(d->claim_date == "2018-06-30");
  REQUIRE(l->record_claim(claim(r1, 3, "C", "F1", "sustained_progress", "valid_discretionary"), &error));
  REQUIRE(l->commit_run(r1, &error));

  LedgerRun r2 = new_run();
  REQUIRE(l->begin_run(r2, &error));
  CHECK(r2.run == 2);
  d = l->find_payable("herts-2018", "F1", "sustained_progress");
  REQUIRE(d);
  CHECK(d->claim_id == "C");
  CHECK(!l->find_payable("tf2", "F1", "employment"));  // another plan id
  CHECK(!l->find_payable("herts-2018", "F2", "employment"));
  LedgerClaim dup = claim(r2, 1, "D", "F1", "employment", "valid");
  dup.duplicate_of = l->find_payable("herts-2018", "F1", "employment");
  REQUIRE(l->record_claim(dup, &error));
  CHECK(l->find_payable("herts-2018", "F1", "employment")->claim_id == "B");  // still the first
  REQUIRE(l->commit_run(r2, &error));

  auto family = l->claims_of_family("F1");
  REQUIRE(family.size() == 4);
  CHECK(family[3].duplicate_of->run == 1);
  CHECK(family[3].duplicate_of->claim_id == "B");
  CHECK(l->runs().size() == 2);
  CHECK(l->claims_of_run(1).size() == 3);
  CHECK(!l->run(3));
}

TEST_CASE("a run that is not committed leaves the ledger as it was") {
  TempPath t("rollback");
  std::string error;
  {
    auto l = Ledger::open(t.path, true, &error);
    LedgerRun r = new_run();
    REQUIRE(l->begin_run(r, &error));
    REQUIRE(l->record_claim(claim(r, 1, "A", "F1", "employment", "valid"), &error));
    REQUIRE(l->commit_run(r, &error));
  }
  {
    auto l = Ledger::open(t.path, true, &error);
    LedgerRun r = new_run();
    REQUIRE(l->begin_run(r, &error));
    for (int i = 0; i < 5000; ++i)
      REQUIRE(l->record_claim(claim(r, i + 1, "X", "F2", "employment", "valid"), &error));
    // destroyed without commit_run
  }
  auto l = Ledger::open(t.path, false, &error);
  REQUIRE(l);
  CHECK(l->runs().size() == 1);
  CHECK(l->claims_of_family("F2").empty());
  CHECK(l->claims_of_run(1).size() == 1);
}
