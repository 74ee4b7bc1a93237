// Diagnostics are values: a pass records them, one function renders them
// (rustc / Elm style: the file:line:col, the source line and a caret).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "compiler/source.h"

namespace outcomes {

enum class Severity { Error, Warning, Note };

struct DiagnosticNote {
  Span span;
  std::string message;
  bool has_span = true;
};

struct FixIt {
  Span span;
  std::string replacement;
};

struct Diagnostic {
  Severity severity = Severity::Error;
  std::string code;  // stable, e.g. "E0301"; listed in docs/diagnostics.md
  Span span;
  std::string message;
  std::vector<DiagnosticNote> notes;
  std::optional<FixIt> fix;
  std::string help;
};

class Diagnostics {
 public:
  Diagnostic& error(std::string code, Span span, std::string message);
  Diagnostic& warning(std::string code, Span span, std::string message);
  bool has_errors() const { return errors_ > 0; }
  int error_count() const { return errors_; }
  const std::vector<Diagnostic>& all() const { return items_; }
  // Past this many errors a pass stops reporting, so one broken file cannot
  // bury the first (most useful) messages.
  static constexpr int kMaxErrors = 50;
  bool saturated() const { return errors_ >= kMaxErrors; }

 private:
  std::vector<Diagnostic> items_;
  Diagnostic scratch_;
  int errors_ = 0;
};

struct RenderOptions {
  bool color = false;
};

std::string render_diagnostic(const Diagnostic& d, const SourceSet& sources, RenderOptions options = {});
std::string render_all(const Diagnostics& d, const SourceSet& sources, RenderOptions options = {});

// The closest candidate by edit distance, if close enough to suggest.
std::optional<std::string> closest_name(std::string_view wrong, const std::vector<std::string>& candidates);

}  // namespace outcomes
