#!/usr/bin/env bash
# Sets up, builds and runs every test: unit tests per stage, plan tests,
# golden diagnostics, command-line tests, the differential test against the
# independent oracle, and the oracle's own tests.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
status=0
ctest --test-dir build --output-on-failure || status=1
python3 -m unittest discover -s tests/oracle -q 2>&1 | tail -n 3 || status=1
if [ "$status" -ne 0 ]; then
  echo "tests: FAILED"
  exit 1
fi
echo "tests: all passed"
