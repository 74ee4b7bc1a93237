// The compiler's front door: reads a plan and everything it imports, runs
// parser, checker and code generator, and returns the program or the
// diagnostics.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "compiler/ast.h"
#include "compiler/checker.h"
#include "compiler/diagnostics.h"
#include "compiler/source.h"
#include "runtime/program.h"

namespace outcomes {

struct Compilation {
  SourceSet sources;
  Diagnostics diagnostics;
  std::vector<std::unique_ptr<Module>> modules;  // dependencies first; the plan last
  std::unique_ptr<Semantics> semantics;
  std::unique_ptr<Program> program;              // null when there are errors
  bool ok() const { return program != nullptr; }
};

// Where stdlib modules are found: $OUTCOMES_STDLIB, or the source tree's stdlib/.
std::string stdlib_directory();

// Compiles the rule file at `path` (a plan or a module). The stdlib modules
// `schema` and `prelude` are always imported.
// With `trace`, the program records why each condition holds (runtime/trace.h);
// explanations and claim validation use it, ordinary runs do not.
std::unique_ptr<Compilation> compile_file(const std::string& path, bool trace = false);

// Compiles rule text held in memory (tests, fuzzing); `name` is shown in diagnostics.
std::unique_ptr<Compilation> compile_text(const std::string& name, const std::string& text, bool trace = false);

// Compiles the stdlib alone: the schema and helpers, with no plan.
std::unique_ptr<Compilation> compile_stdlib();

// Wires the schema's event checks to the compiled code that decides them.
// Each thread runs them on a VM of its own, so loaders may run in parallel.
void bind_event_checks(Program& program);

// The same, on one given VM (single-threaded use); the VM must outlive the schema's use.
class Vm;
void bind_event_checks(Program& program, Vm& vm);

}  // namespace outcomes
