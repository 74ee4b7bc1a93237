// Tokens -> Module (syntax tree). The parser never type-checks; it reports
// syntax errors as diagnostics and recovers at the next top-level item.
#pragma once
#include "compiler/ast.h"
#include "compiler/diagnostics.h"
#include "compiler/source.h"

namespace outcomes {

Module parse_module(const SourceSet& sources, uint32_t file, Diagnostics& diags);

// Deepest expression nesting accepted before "nested too deeply" (a clear
// error instead of a stack overflow on hostile input).
inline constexpr int kMaxNesting = 200;

}  // namespace outcomes
