// The superinstruction pass: after code generation, rewrites the first
// instruction of frequent sequences to a superinstruction (runtime/bytecode.h).
#pragma once

namespace outcomes {

struct Program;

// Rewrites the code of an untraced program in place; returns how many
// instructions it rewrote. Traced programs are left alone: explanations
// should record what the plain instructions do, and the vm fuzz target
// compares a traced run (plain instructions) with an untraced one.
int fuse_superinstructions(Program& program);

}  // namespace outcomes
