// Checked syntax trees -> bytecode (runtime/program.h). Runs only on modules
// the checker accepted.
#pragma once
#include <memory>
#include <vector>

#include "compiler/ast.h"
#include "compiler/checker.h"
#include "compiler/source.h"
#include "runtime/program.h"

namespace outcomes {

// With `trace`, the program also records why each condition holds (trace.h).
std::unique_ptr<Program> generate_program(const std::vector<const Module*>& modules, const Semantics& sem,
                                          const SourceSet& sources, bool trace = false);

}  // namespace outcomes
