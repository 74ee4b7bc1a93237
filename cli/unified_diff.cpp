#include "cli/unified_diff.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

namespace outcomes::cli {

namespace {

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    lines.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return lines;
}

struct Op {
  char kind;  // ' ', '-', '+'
  const std::string* line;
};

// Longest common subsequence by dynamic programming: rules are short.
std::vector<Op> edit_script(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  size_t n = a.size(), m = b.size();
  std::vector<std::vector<int>> lcs(n + 1, std::vector<int>(m + 1, 0));
  for (size_t i = n; i-- > 0;)
    for (size_t j = m; j-- > 0;)
      lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
  std::vector<Op> ops;
  size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] == b[j]) {
      ops.push_back({' ', &a[i]});
      ++i, ++j;
    } else if (j < m && (i == n || lcs[i][j + 1] > lcs[i + 1][j])) {
      ops.push_back({'+', &b[j++]});
    } else {
      ops.push_back({'-', &a[i++]});
    }
  }
  return ops;
}

}  // namespace

std::string unified_diff(const std::string& from, const std::string& to, int context) {
  if (from == to) return {};
  std::vector<std::string> a = split_lines(from), b = split_lines(to);
  std::vector<Op> ops = edit_script(a, b);
  std::string out;
  size_t k = 0;
  size_t c = static_cast<size_t>(std::max(context, 0));
  while (k < ops.size()) {
    // Find the next change, then extend the hunk while changes are close.
    size_t first = k;
    while (first < ops.size() && ops[first].kind == ' ') ++first;
    if (first == ops.size()) break;
    size_t begin = first > c ? first - c : 0;
    size_t last = first;
    for (size_t x = first; x < ops.size(); ++x) {
      if (ops[x].kind == ' ') continue;
      if (x > last + 2 * c) break;
      last = x;
    }
    size_t end = std::min(ops.size(), last + c + 1);
    size_t old_start = 1, new_start = 1;
    for (size_t x = 0; x < begin; ++x) {
      if (ops[x].kind != '+') ++old_start;
      if (ops[x].kind != '-') ++new_start;
    }
    size_t old_count = 0, new_count = 0;
    for (size_t x = begin; x < end; ++x) {
      if (ops[x].kind != '+') ++old_count;
      if (ops[x].kind != '-') ++new_count;
    }
    out += fmt::format("@@ -{},{} +{},{} @@\n", old_count ? old_start : old_start - 1, old_count,
                       new_count ? new_start : new_start - 1, new_count);
    for (size_t x = begin; x < end; ++x) out += std::string(1, ops[x].kind) + *ops[x].line + "\n";
    k = end;
  }
  return out;
}

}  // namespace outcomes::cli
