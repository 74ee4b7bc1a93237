#!/usr/bin/env bash
# Builds a Release tree (build-bench/, or $OUTCOMES_BENCH_BUILD) and runs the
# benchmark, which prints one table (docs/performance.md explains it):
#
#   scripts/bench.sh                     # 20,000 families, 5 repeats: a few minutes on 2 cores
#   scripts/bench.sh --families 50000    # a bigger in-memory cohort
#   scripts/bench.sh --rss-families 2000000   # the national-scale streamed run (slow)
#   scripts/bench.sh --smoke             # tiny sizes, one repeat; asserts nothing
#
# Other options (passed through): --repeats R, --sections gen,parse,eval,native,
# compile,run,jobs,rss, --eval-plans LIST, --as-of DATE, --seed S.
set -euo pipefail
cd "$(dirname "$0")/.."
build="${OUTCOMES_BENCH_BUILD:-build-bench}"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
ninja -C "$build" outcomes outcomes_bench >/dev/null
exec "$build/bench/outcomes_bench" --outcomes "$build/outcomes" "$@"
