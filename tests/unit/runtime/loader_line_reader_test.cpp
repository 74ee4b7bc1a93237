// Streaming lines from files: block boundaries, a last line without '\n',
// CRLF, long lines, I/O errors; and read_cohort end to end.
#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>

#include "runtime/line_reader.h"
#include "runtime/loader.h"
#include "tests/unit/runtime/loader_test_support.h"

using namespace outcomes;
using namespace outcomes::loader_test;

namespace {

// A file in the temporary directory, removed when the test ends.
struct TempFile {
  std::filesystem::path path;
  explicit TempFile(std::string_view content) {
    static int counter = 0;
    path = std::filesystem::temp_directory_path() /
           ("outcomes_loader_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + ".jsonl");
    std::ofstream out(path, std::ios::binary);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
  }
  ~TempFile() { std::filesystem::remove(path); }
};

struct ReadLine {
  std::string text;
  int64_t number;
  bool too_long;
  friend bool operator==(const ReadLine&, const ReadLine&) = default;
};

std::vector<ReadLine> read_all(const std::string& path, size_t max_line = LineReader::kDefaultMaxLineBytes,
                               size_t block = 1 << 20) {
  LineReader reader(path, max_line, block);
  std::vector<ReadLine> lines;
  std::string_view line;
  int64_t number = 0;
  while (reader.next(line, number)) lines.push_back({std::string(line), number, reader.line_too_long()});
  CHECK_FALSE(reader.failed());
  return lines;
}

}  // namespace

TEST_CASE("lines, with a last line lacking its newline") {
  TempFile file("one\ntwo\n\nfour");
  CHECK(read_all(file.path) ==
        std::vector<ReadLine>{{"one", 1, false}, {"two", 2, false}, {"", 3, false}, {"four", 4, false}});
}

TEST_CASE("a final newline does not make an extra line; an empty file has none") {
  TempFile file("one\ntwo\n");
  CHECK(read_all(file.path).size() == 2);
  TempFile empty("");
  CHECK(read_all(empty.path).empty());
  TempFile only_newline("\n");
  CHECK(read_all(only_newline.path) == std::vector<ReadLine>{{"", 1, false}});
}

TEST_CASE("CRLF line ends read as LF; a byte-order mark at the start is dropped") {
  TempFile file("\xEF\xBB\xBFone\r\ntwo\r\n\r\nlast\r");
  CHECK(read_all(file.path) ==
        std::vector<ReadLine>{{"one", 1, false}, {"two", 2, false}, {"", 3, false}, {"last", 4, false}});
  // Only one '\r' is a line end; a BOM later in the file is content.
  TempFile inner("a\r\r\n\xEF\xBB\xBF" "b\n");
  CHECK(read_all(inner.path) == std::vector<ReadLine>{{"a\r", 1, false}, {"\xEF\xBB\xBF" "b", 2, false}});
}

TEST_CASE("lines across block boundaries and lines much longer than a block") {
  std::mt19937 random(7);
  std::string content;
  std::vector<ReadLine> expected;
  for (int i = 0; i < 300; ++i) {
    const size_t length = i % 50 == 0 ? 5000 + random() % 5000 : random() % 40;
    std::string line;
    for (size_t k = 0; k < length; ++k) line += static_cast<char>('a' + random() % 26);
    if (i % 7 == 3) line += '\0';  // NUL bytes are content
    content += line + "\n";
    expected.push_back({line, i + 1, false});
  }
  TempFile file(content);
  for (size_t block : {16, 17, 100, 4096, 1 << 20}) {
    CAPTURE(block);
    CHECK(read_all(file.path, LineReader::kDefaultMaxLineBytes, block) == expected);
  }
}

TEST_CASE("a line over the limit is skipped and flagged, the rest still read") {
  const std::string long_line(10000, 'x');
  TempFile file("short\n" + long_line + "\nafter\n" + long_line);
  for (size_t block : {16, 1000, 1 << 20}) {
    CAPTURE(block);
    const auto lines = read_all(file.path, 1000, block);
    CHECK(lines == std::vector<ReadLine>{{"short", 1, false}, {"", 2, true}, {"after", 3, false}, {"", 4, true}});
  }
  LineReader reader(file.path, 1000, 64);
  std::string_view line;
  int64_t number = 0;
  REQUIRE(reader.next(line, number));
  REQUIRE(reader.next(line, number));
  CHECK(reader.line_too_long());
  CHECK(reader.too_long_length() == 10000);
  // A line of exactly the limit is kept.
  TempFile exact(std::string(1000, 'y') + "\n");
  CHECK(read_all(exact.path, 1000, 64) == std::vector<ReadLine>{{std::string(1000, 'y'), 1, false}});
}

TEST_CASE("failures to open or read are reported in plain words") {
  LineReader missing("/nonexistent/dir/cohort.jsonl");
  CHECK(missing.failed());
  CHECK(missing.error() == "cannot open: No such file or directory");
  std::string_view line;
  int64_t number = 0;
  CHECK_FALSE(missing.next(line, number));

  LineReader directory(std::filesystem::temp_directory_path().string());
  CHECK_FALSE(directory.next(line, number));
  CHECK(directory.failed());
  CHECK(directory.error() == "cannot read: Is a directory");
}

TEST_CASE("read_cohort streams a file, reporting bad lines and keeping good ones") {
  const std::string good1 = family_line(R"({"type": "incident", "member": "C1", "date": "2017-03-01"})", "F1");
  const std::string bad = family_line(R"({"type": "incident", "member": "C1", "date": "2017-13-01"})", "F2");
  const std::string good2 = family_line(R"({"type": "incident", "member": "M1", "date": "2016-03-01"})", "F3");
  const std::string duplicate = family_line("", "F1");
  TempFile file(good1 + "\r\n\n" + bad + "\n{oops\n" + std::string(3000, ' ') + "[" + "\n" + good2 + "\n" +
                duplicate + "\n" + family_line("", "F4"));
  Schema schema = make_test_schema();
  std::vector<std::string> messages;
  CohortReader reader(schema, "cohort.jsonl",
                      [&](const LoadIssue& issue) { messages.push_back(render_load_issue(issue)); });
  std::vector<std::pair<std::string, int64_t>> families;
  CHECK(read_cohort(file.path.string(), reader,
                    [&](const Family& family) { families.emplace_back(family.id, family.line); }, 2000));
  CHECK(families == std::vector<std::pair<std::string, int64_t>>{{"F1", 1}, {"F3", 6}, {"F4", 8}});
  REQUIRE(messages.size() == 4);
  CHECK(messages[0] == "cohort.jsonl:3: family F2: events[0].date: expected a date YYYY-MM-DD, found \"2017-13-01\"");
  CHECK(messages[1].rfind("cohort.jsonl:4: malformed JSON", 0) == 0);
  CHECK(messages[2] == "cohort.jsonl:5: the line is 3001 bytes long, more than the limit of 2000 bytes; it was skipped");
  CHECK(messages[3] == "cohort.jsonl:7: family F1: id: the family id \"F1\" was already used by the family on line 1");
  CHECK(reader.accepted() == 3);
  CHECK(reader.rejected() == 4);
}

TEST_CASE("read_cohort on a missing file says so and returns false") {
  Schema schema = make_test_schema();
  std::vector<std::string> messages;
  CohortReader reader(schema, "missing.jsonl",
                      [&](const LoadIssue& issue) { messages.push_back(render_load_issue(issue)); });
  CHECK_FALSE(read_cohort("/nonexistent/missing.jsonl", reader, nullptr));
  CHECK(messages == std::vector<std::string>{"missing.jsonl: cannot open: No such file or directory"});
}
