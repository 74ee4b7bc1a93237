#include "cli/claims_csv.h"

#include <fmt/format.h>

namespace outcomes::cli {

namespace {

// The end of the physical line starting at `i`: the index of its '\n' (or of
// the end of the text), and the index where the next line starts.
std::pair<size_t, size_t> line_end(std::string_view t, size_t i) {
  size_t nl = t.find('\n', i);
  if (nl == std::string_view::npos) return {t.size(), t.size()};
  return {nl, nl + 1};
}

std::string_view chomp(std::string_view s) {
  if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
  return s;
}

bool is_blank(std::string_view line) {
  for (char c : chomp(line))
    if (c != ' ' && c != '\t') return false;
  return true;
}

std::string quoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else out += c;
  }
  return out + "\"";
}

}  // namespace

std::vector<CsvRecord> parse_csv(std::string_view t) {
  std::vector<CsvRecord> out;
  size_t i = 0;
  int64_t line = 1;
  if (t.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  while (i < t.size()) {
    auto [first_end, first_next] = line_end(t, i);
    if (is_blank(t.substr(i, first_end - i))) {
      i = first_next, ++line;
      continue;
    }
    CsvRecord rec;
    rec.line = line;
    const size_t start = i;
    std::string field;
    int64_t lines_used = 1;
    bool done = false;
    auto fail = [&](std::string message) {
      // Skip the rest of the current physical line.
      auto [e, n] = line_end(t, i);
      rec.error = std::move(message);
      i = n;
      done = true;
    };
    while (!done) {
      field.clear();
      if (i < t.size() && t[i] == '"') {
        ++i;
        bool closed = false;
        while (i < t.size()) {
          char c = t[i];
          if (c == '"') {
            if (i + 1 < t.size() && t[i + 1] == '"') {
              field += '"';
              i += 2;
              continue;
            }
            ++i;
            closed = true;
            break;
          }
          if (c == '\n') ++lines_used;
          field += c;
          ++i;
        }
        if (!closed) {
          rec.error = fmt::format("a quoted field begun on line {} is never closed", line);
          rec.fields.clear();
          i = first_next;  // resume on the next line
          lines_used = 1;
          done = true;
          break;
        }
        rec.fields.push_back(field);
        if (i >= t.size()) break;
        if (t[i] == ',') {
          ++i;
          continue;
        }
        if (t[i] == '\n') {
          ++i;
          break;
        }
        if (t[i] == '\r' && i + 1 < t.size() && t[i + 1] == '\n') {
          i += 2;
          break;
        }
        if (t[i] == '\r' && i + 1 == t.size()) {
          ++i;
          break;
        }
        fail(fmt::format("text after the closing quote of field {}", rec.fields.size()));
      } else {
        bool ended = false, quote = false;
        while (i < t.size()) {
          char c = t[i];
          if (c == ',') {
            ++i;
            break;
          }
          if (c == '\n') {
            ++i;
            ended = true;
            break;
          }
          if (c == '\r' && (i + 1 == t.size() || t[i + 1] == '\n')) {
            i += i + 1 == t.size() ? 1 : 2;
            ended = true;
            break;
          }
          if (c == '"') {
            quote = true;
            break;
          }
          field += c;
          ++i;
        }
        if (quote) {
          fail(fmt::format("a quote inside unquoted field {} (quote the whole field, doubling the quote)",
                           rec.fields.size() + 1));
          break;
        }
        rec.fields.push_back(field);
        if (ended || i >= t.size()) {
          // A comma just before the end of the text leaves one more, empty field.
          if (!ended && i > start && t[i - 1] == ',') rec.fields.emplace_back();
          break;
        }
      }
    }
    if (rec.error.empty()) {
      rec.raw = std::string(chomp(t.substr(start, i - start)));
      if (!rec.raw.empty() && rec.raw.back() == '\n') rec.raw.pop_back();
      rec.raw = std::string(chomp(rec.raw));
    } else {
      rec.raw = std::string(chomp(t.substr(start, first_end - start)));
    }
    line += lines_used;
    out.push_back(std::move(rec));
  }
  return out;
}

const char* claim_kind_name(ClaimKind k) {
  return k == ClaimKind::Employment ? "employment" : "sustained_progress";
}

ClaimsFile read_claims(std::string_view text) {
  ClaimsFile file;
  std::vector<CsvRecord> records = parse_csv(text);
  if (records.empty()) {
    file.header_error = fmt::format("the file is empty: expected the header {}", kClaimsHeader);
    return file;
  }
  const CsvRecord& header = records.front();
  const std::vector<std::string> expected = {"claim_id", "family", "claim_date", "kind"};
  if (!header.error.empty() || header.fields != expected) {
    file.header_error = fmt::format("line {}: expected the header {}, found {}", header.line, kClaimsHeader,
                                    quoted(header.raw));
    return file;
  }
  for (size_t r = 1; r < records.size(); ++r) {
    CsvRecord& rec = records[r];
    ClaimRow row;
    row.line = rec.line;
    std::vector<std::string>& f = rec.fields;
    if (f.size() > 0) row.claim_id = f[0];
    if (f.size() > 1) row.family = f[1];
    if (f.size() > 2) row.claim_date = f[2];
    if (f.size() > 3) row.kind = f[3];
    if (!rec.error.empty()) {
      row.claim_id.reset(), row.family.reset(), row.claim_date.reset(), row.kind.reset();
      row.error = fmt::format("line {}: {}", rec.line, rec.error);
      file.rows.push_back(std::move(row));
      continue;
    }
    std::vector<std::string> problems;
    if (f.size() != 4) {
      problems.push_back(fmt::format("expected 4 columns ({}), found {}", kClaimsHeader, f.size()));
    } else {
      if (f[0].empty()) problems.push_back("claim_id is empty");
      if (f[1].empty()) problems.push_back("family is empty");
      if (auto d = parse_iso_date(f[2])) row.date = *d;
      else problems.push_back(fmt::format("claim_date {} is not a date YYYY-MM-DD", quoted(f[2])));
      if (f[3] == "sustained_progress") row.kind_value = ClaimKind::SustainedProgress;
      else if (f[3] == "employment") row.kind_value = ClaimKind::Employment;
      else
        problems.push_back(fmt::format("kind {} is not sustained_progress or employment (kinds are case-sensitive)",
                                       quoted(f[3])));
    }
    if (!problems.empty()) {
      row.error = fmt::format("line {}: {}", rec.line, problems[0]);
      for (size_t p = 1; p < problems.size(); ++p) row.error += "; " + problems[p];
    }
    file.rows.push_back(std::move(row));
  }
  return file;
}

std::string family_problem(const ClaimRow& row, const FamilyStatus& family) {
  const std::string& id = *row.family;
  switch (family.state) {
    case FamilyStatus::State::Unknown:
      return fmt::format("line {}: family {} is not in the cohort", row.line, quoted(id));
    case FamilyStatus::State::Rejected:
      return fmt::format("line {}: family {} was rejected by the loader: {}", row.line, quoted(id), family.rejection);
    case FamilyStatus::State::Accepted:
      if (row.date < family.assessment)
        return fmt::format("line {}: claim date {} is before the family's assessment date {}", row.line,
                           format_date(row.date), format_date(family.assessment));
      return "";
  }
  return "";
}

}  // namespace outcomes::cli
