#include "compiler/diagnostics.h"

#include <fmt/format.h>

#include <algorithm>

namespace outcomes {

Diagnostic& Diagnostics::error(std::string code, Span span, std::string message) {
  if (saturated()) {
    scratch_ = {};
    return scratch_;
  }
  ++errors_;
  items_.push_back({Severity::Error, std::move(code), span, std::move(message), {}, {}, {}});
  return items_.back();
}

Diagnostic& Diagnostics::warning(std::string code, Span span, std::string message) {
  items_.push_back({Severity::Warning, std::move(code), span, std::move(message), {}, {}, {}});
  return items_.back();
}

namespace {

const char* severity_word(Severity s) {
  switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Note: return "note";
  }
  return "error";
}

// Renders the source line of `span` with a caret line under it.
void render_snippet(std::string& out, const SourceFile& file, Span span, const std::string& label) {
  LineColumn start = file.position(span.begin);
  LineColumn stop = file.position(span.end > span.begin ? span.end - 1 : span.begin);
  std::string_view line = file.line_text(start.line);
  std::string gutter = fmt::format("{}", start.line);
  std::string pad(gutter.size(), ' ');
  int width = stop.line == start.line ? std::max(1, stop.column - start.column + 1) : 1;
  width = std::min<int>(width, std::max<int>(1, static_cast<int>(line.size()) - start.column + 1));
  std::string indent;
  for (int i = 1; i < start.column && i - 1 < static_cast<int>(line.size()); ++i)
    indent += line[i - 1] == '\t' ? '\t' : ' ';
  out += fmt::format("{} |\n{} | {}\n{} | {}{}", pad, gutter, line, pad, indent, std::string(width, '^'));
  if (!label.empty()) out += " " + label;
  out += "\n";
}

}  // namespace

std::string render_diagnostic(const Diagnostic& d, const SourceSet& sources, RenderOptions options) {
  std::string out;
  const char* bold = options.color ? "\033[1m" : "";
  const char* red = options.color ? (d.severity == Severity::Error ? "\033[1;31m" : "\033[1;33m") : "";
  const char* reset = options.color ? "\033[0m" : "";
  out += fmt::format("{}{}[{}]{}{}: {}{}\n", red, severity_word(d.severity), d.code, reset, bold, d.message, reset);
  if (d.span.file < sources.size()) {
    const SourceFile& file = sources.file(d.span.file);
    LineColumn at = file.position(d.span.begin);
    out += fmt::format("  --> {}:{}:{}\n", file.path, at.line, at.column);
    render_snippet(out, file, d.span, "");
  }
  for (const DiagnosticNote& note : d.notes) {
    if (note.has_span && note.span.file < sources.size()) {
      const SourceFile& file = sources.file(note.span.file);
      LineColumn at = file.position(note.span.begin);
      out += fmt::format("note: {}\n  --> {}:{}:{}\n", note.message, file.path, at.line, at.column);
      render_snippet(out, file, note.span, "");
    } else {
      out += fmt::format("  = note: {}\n", note.message);
    }
  }
  if (d.fix) out += fmt::format("  = help: try `{}`\n", d.fix->replacement);
  if (!d.help.empty()) out += fmt::format("  = help: {}\n", d.help);
  return out;
}

std::string render_all(const Diagnostics& diags, const SourceSet& sources, RenderOptions options) {
  std::string out;
  for (const Diagnostic& d : diags.all()) out += render_diagnostic(d, sources, options) + "\n";
  if (diags.saturated())
    out += fmt::format("stopped after {} errors; fix these and check again\n", Diagnostics::kMaxErrors);
  return out;
}

namespace {
size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}
}  // namespace

std::optional<std::string> closest_name(std::string_view wrong, const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  size_t best_distance = std::max<size_t>(2, wrong.size() / 3) + 1;
  for (const std::string& c : candidates) {
    size_t d = edit_distance(wrong, c);
    if (d < best_distance) best_distance = d, best = c;
  }
  return best;
}

}  // namespace outcomes
