// The claims CSV reader (cli/claims_csv.h): RFC 4180 records, the header, and
// every kind of malformed row, each kept (never dropped) with its message.
#include <doctest/doctest.h>

#include "cli/claims_csv.h"

using namespace outcomes;
using namespace outcomes::cli;

namespace {

const char* kHead = "claim_id,family,claim_date,kind\n";

ClaimsFile claims(const std::string& body) { return read_claims(std::string(kHead) + body); }

bool mentions(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("records: quoted fields, doubled quotes, embedded commas and line ends") {
  auto r = parse_csv("a,\"b,c\",\"say \"\"hi\"\"\",\"two\nlines\"\nx,y,,\n");
  REQUIRE(r.size() == 2);
  CHECK(r[0].fields == std::vector<std::string>{"a", "b,c", "say \"hi\"", "two\nlines"});
  CHECK(r[0].line == 1);
  CHECK(r[1].fields == std::vector<std::string>{"x", "y", "", ""});
  CHECK(r[1].line == 3);  // the quoted line end moved it down
  CHECK(r[0].error.empty());
}

TEST_CASE("records: CRLF, LF, a byte-order mark, blank lines and no final line end") {
  auto r = parse_csv("\xEF\xBB\xBF" "a,b\r\n\r\n   \n\t\nc,d\r\ne,\"f\"");
  REQUIRE(r.size() == 3);
  CHECK(r[0].fields == std::vector<std::string>{"a", "b"});
  CHECK(r[1].fields == std::vector<std::string>{"c", "d"});
  CHECK(r[1].line == 5);
  CHECK(r[2].fields == std::vector<std::string>{"e", "f"});
  CHECK(r[2].line == 6);
  auto t = parse_csv("a,b,");
  REQUIRE(t.size() == 1);
  CHECK(t[0].fields.size() == 3);
  CHECK(parse_csv("").empty());
  CHECK(parse_csv("\n\r\n").empty());
}

TEST_CASE("header: exact, quoted fields allowed, anything else is refused with what was expected") {
  CHECK(read_claims("claim_id,family,claim_date,kind\n").header_error.empty());
  CHECK(read_claims("\xEF\xBB\xBF\"claim_id\",family,claim_date,kind\r\n").header_error.empty());
  CHECK(read_claims("\n\nclaim_id,family,claim_date,kind").header_error.empty());
  for (const char* bad : {"claim_id,family,date,kind\n", "Claim_id,family,claim_date,kind\n",
                          "claim_id,family,claim_date,kind,extra\n", "claim_id, family,claim_date,kind\n",
                          "C1,F1,2018-06-30,employment\n"}) {
    ClaimsFile f = read_claims(bad);
    CHECK(mentions(f.header_error, "expected the header claim_id,family,claim_date,kind"));
    CHECK(f.rows.empty());
  }
  CHECK(mentions(read_claims("").header_error, "empty"));
  CHECK(mentions(read_claims("\n \n").header_error, "empty"));
}

TEST_CASE("a good row") {
  ClaimsFile f = claims("C1,F0001,2018-06-30,sustained_progress\r\n\"C 2\",\"F0002\",2019-03-31,employment\n");
  REQUIRE(f.rows.size() == 2);
  CHECK(f.rows[0].error.empty());
  CHECK(*f.rows[0].claim_id == "C1");
  CHECK(*f.rows[0].family == "F0001");
  CHECK(format_date(f.rows[0].date) == "2018-06-30");
  CHECK(f.rows[0].kind_value == ClaimKind::SustainedProgress);
  CHECK(f.rows[0].line == 2);
  CHECK(*f.rows[1].claim_id == "C 2");
  CHECK(f.rows[1].kind_value == ClaimKind::Employment);
  CHECK(f.rows[1].error.empty());
}

TEST_CASE("malformed: too few and too many columns keep the columns they have") {
  ClaimsFile f = claims("C1,F0001,2018-06-30\nC2,F0001,2018-06-30,employment,x\nC3\n");
  REQUIRE(f.rows.size() == 3);
  CHECK(f.rows[0].error == "line 2: expected 4 columns (claim_id,family,claim_date,kind), found 3");
  CHECK(*f.rows[0].claim_id == "C1");
  CHECK(!f.rows[0].kind);
  CHECK(mentions(f.rows[1].error, "found 5"));
  CHECK(*f.rows[1].kind == "employment");
  CHECK(mentions(f.rows[2].error, "line 4: expected 4 columns"));
  CHECK(!f.rows[2].family);
}

TEST_CASE("malformed: unknown kinds, case-sensitive") {
  for (const char* kind : {"Employment", "SUSTAINED_PROGRESS", "sustained progress", " employment", "", "both"}) {
    ClaimsFile f = claims(std::string("C1,F0001,2018-06-30,") + kind + "\n");
    REQUIRE(f.rows.size() == 1);
    CHECK(mentions(f.rows[0].error, "is not sustained_progress or employment (kinds are case-sensitive)"));
    CHECK(*f.rows[0].kind == kind);
  }
}

TEST_CASE("malformed: bad dates") {
  for (const char* date : {"2018-02-30", "2018-6-30", "30/06/2018", "2018-06-30 ", "", "2018-13-01", "20180630"}) {
    ClaimsFile f = claims(std::string("C1,F0001,") + date + ",employment\n");
    REQUIRE(f.rows.size() == 1);
    CHECK(mentions(f.rows[0].error, "is not a date YYYY-MM-DD"));
  }
  CHECK(claims("C1,F1,2016-02-29,employment\n").rows[0].error.empty());
}

TEST_CASE("malformed: empty claim id or family; several problems in one message") {
  ClaimsFile f = claims(",F0001,2018-06-30,employment\nC2,,2018-06-30,employment\nC3,F1,someday,Employment\n");
  REQUIRE(f.rows.size() == 3);
  CHECK(f.rows[0].error == "line 2: claim_id is empty");
  CHECK(f.rows[1].error == "line 3: family is empty");
  CHECK(mentions(f.rows[2].error, "claim_date \"someday\" is not a date"));
  CHECK(mentions(f.rows[2].error, "; kind \"Employment\""));
}

TEST_CASE("malformed: quotes") {
  // A quote inside an unquoted field; text after a closing quote.
  ClaimsFile f = claims("C1,F0\"001,2018-06-30,employment\nC2,\"F0001\"x,2018-06-30,employment\n"
                        "C3,F0001,2018-06-30,employment\n");
  REQUIRE(f.rows.size() == 3);
  CHECK(f.rows[0].error == "line 2: a quote inside unquoted field 2 (quote the whole field, doubling the quote)");
  CHECK(!f.rows[0].claim_id);
  CHECK(f.rows[1].error == "line 3: text after the closing quote of field 2");
  CHECK(f.rows[2].error.empty());
  CHECK(f.rows[2].line == 4);
}

TEST_CASE("malformed: a quote never closed rejects its row and the rows after it are still read") {
  ClaimsFile f = claims("C1,\"F0001,2018-06-30,employment\nC2,F0002,2018-06-30,employment\n");
  REQUIRE(f.rows.size() == 2);
  CHECK(f.rows[0].error == "line 2: a quoted field begun on line 2 is never closed");
  CHECK(f.rows[1].error.empty());
  CHECK(*f.rows[1].claim_id == "C2");
  CHECK(f.rows[1].line == 3);
}

TEST_CASE("malformed: the family's side — unknown, rejected by the loader, assessed after the claim date") {
  ClaimsFile f = claims("C1,F0001,2018-06-30,employment\n");
  const ClaimRow& row = f.rows[0];
  CHECK(family_problem(row, {}) == "line 2: family \"F0001\" is not in the cohort");
  CHECK(family_problem(row, {FamilyStatus::State::Rejected, {}, "c.jsonl:3: family F0001: id: twice"}) ==
        "line 2: family \"F0001\" was rejected by the loader: c.jsonl:3: family F0001: id: twice");
  CHECK(family_problem(row, {FamilyStatus::State::Accepted, *parse_iso_date("2018-07-01"), ""}) ==
        "line 2: claim date 2018-06-30 is before the family's assessment date 2018-07-01");
  CHECK(family_problem(row, {FamilyStatus::State::Accepted, *parse_iso_date("2018-06-30"), ""}).empty());
}

TEST_CASE("no row is dropped: every data record comes back in order") {
  std::string body;
  for (int i = 0; i < 50; ++i)
    body += i % 7 == 3 ? "broken\n" : i % 11 == 5 ? "\n" : "C" + std::to_string(i) + ",F1,2018-06-30,employment\n";
  ClaimsFile f = claims(body);
  size_t expected = 0;
  for (int i = 0; i < 50; ++i) expected += i % 7 == 3 || i % 11 != 5;
  CHECK(f.rows.size() == expected);
  for (size_t i = 1; i < f.rows.size(); ++i) CHECK(f.rows[i].line > f.rows[i - 1].line);
}
