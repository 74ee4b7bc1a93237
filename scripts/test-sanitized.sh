#!/usr/bin/env bash
# Builds everything with AddressSanitizer and UndefinedBehaviorSanitizer
# (-DOUTCOMES_SANITIZE=ON) into build-asan/ and runs the whole test suite
# there: every unit test, the plan, golden and command-line tests (which run
# the sanitized `outcomes`), and the replay of the fuzz corpora and
# regressions. Any report (memory error, leak, undefined behaviour) fails it.
#
#   scripts/test-sanitized.sh [CTEST OPTIONS]   e.g. -R reliability
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOUTCOMES_SANITIZE=ON >/dev/null
ninja -C build-asan -j2
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
ctest --test-dir build-asan --output-on-failure -j2 "$@"
