#!/usr/bin/env bash
# Sets up, builds and runs every test: unit tests per stage, plan tests,
# golden diagnostics, command-line tests, the differential test against the
# independent oracle, and the oracle's own tests. Then the reliability stages
# (docs/reliability.md): the whole suite again under AddressSanitizer and
# UndefinedBehaviorSanitizer, and the fuzz targets (their self-test, the replay
# of corpora and regressions, and FUZZ_SECONDS, default 60, of fuzzing each
# with a fixed seed). OUTCOMES_QUICK=1 runs the first stage only.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
status=0
stage() {  # stage NAME COMMAND...: runs and times one stage; a failure fails the whole run
  local name=$1 started=$SECONDS
  shift
  echo "== $name"
  if "$@"; then
    echo "== $name: passed ($((SECONDS - started)) s)"
  else
    echo "== $name: FAILED ($((SECONDS - started)) s)"
    status=1
  fi
}
tests() {
  scripts/build.sh || return 1
  local ok=0
  ctest --test-dir build --output-on-failure -j2 || ok=1  # two cores; the scripts spend most time waiting on the tool
  python3 -m unittest discover -s tests/oracle -q 2>&1 | tail -n 3 || ok=1
  return $ok
}
stage tests tests
if [ "${OUTCOMES_QUICK:-0}" != 1 ]; then
  stage sanitized scripts/test-sanitized.sh
  stage fuzz scripts/fuzz.sh --seconds "${FUZZ_SECONDS:-60}"
  stage fuzz-selftest fuzz/selftest.sh
fi
if [ "$status" -ne 0 ]; then
  echo "tests: FAILED"
  exit 1
fi
echo "tests: all passed"
