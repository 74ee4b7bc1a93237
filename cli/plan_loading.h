// A compiled plan ready to run: the program, a VM for its event checks, and
// the compilation it came from (for diagnostics and tests).
#pragma once
#include <memory>

#include "cli/commands.h"
#include "compiler/driver.h"
#include "runtime/vm.h"

namespace outcomes::cli {

struct LoadedPlan {
  std::unique_ptr<Compilation> compilation;
  const Program& program() const { return *compilation->program; }
};

}  // namespace outcomes::cli
