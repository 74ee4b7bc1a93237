#!/usr/bin/env bash
# Proves that scripts/fuzz.sh catches a crash: with OUTCOMES_FUZZ_PLANT=1 the
# loader target has a planted heap-buffer-overflow on input that starts with
# "PLNT!" (fuzz/targets.h). Checks that
#   1. replaying that input reports AddressSanitizer's heap-buffer-overflow,
#   2. scripts/fuzz.sh, fuzzing from the seeds (which lack it), finds the crash
#      within its time and exits non-zero, keeping the input,
#   3. without the variable the same input is harmless.
# Uses build-fuzz/ as scripts/fuzz.sh left it (builds it when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=build-fuzz
[ -x "$BUILD/fuzz/fuzz_loader" ] || scripts/fuzz.sh --seconds 0 --target loader >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "fuzz selftest: FAILED: $*" >&2; exit 1; }

printf 'PLNT!{"id": "F1"}' > "$tmp/planted.jsonl"

# 1. Replayed with the plant armed, the input is reported by AddressSanitizer.
if OUTCOMES_FUZZ_PLANT=1 "$BUILD/fuzz/fuzz_loader" -runs=0 "$tmp/planted.jsonl" >"$tmp/replay.log" 2>&1; then
  fail "the planted input did not crash the loader target"
fi
grep -q 'AddressSanitizer: heap-buffer-overflow' "$tmp/replay.log" ||
  { cat "$tmp/replay.log" >&2; fail "no AddressSanitizer report for the planted input"; }

# 2. The fuzzing script finds it from the seeds and fails.
rm -rf "$BUILD/fuzz-artifacts/loader"
if OUTCOMES_FUZZ_PLANT=1 scripts/fuzz.sh --no-build --seconds 60 --target loader >"$tmp/fuzz.log" 2>&1; then
  cat "$tmp/fuzz.log" >&2
  fail "scripts/fuzz.sh exited 0 with a planted crash"
fi
grep -q 'heap-buffer-overflow' "$tmp/fuzz.log" && grep -q 'fuzz: FAILED' "$tmp/fuzz.log" ||
  { cat "$tmp/fuzz.log" >&2; fail "scripts/fuzz.sh did not report the planted crash"; }
found=$(ls "$BUILD/fuzz-artifacts/loader/" | grep -m1 '^crash-' || true)
[ -n "$found" ] || fail "no crash- file kept in $BUILD/fuzz-artifacts/loader/"
head -c 5 "$BUILD/fuzz-artifacts/loader/$found" | grep -q 'PLNT!' || fail "the kept input is not the planted one"
rm -rf "$BUILD/fuzz-artifacts/loader"
echo "fuzz selftest: fuzz.sh found the planted crash ($(grep -o 'Done [0-9]* runs\|#[0-9]*' "$tmp/fuzz.log" | tail -n1 | tr -d '#') runs)"

# 3. Unarmed, the input is an ordinary rejected line.
"$BUILD/fuzz/fuzz_loader" -runs=0 "$tmp/planted.jsonl" >"$tmp/inert.log" 2>&1 ||
  { cat "$tmp/inert.log" >&2; fail "the planted input crashed without OUTCOMES_FUZZ_PLANT"; }
echo "fuzz selftest: passed"
