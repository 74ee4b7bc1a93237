#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ with clang, AddressSanitizer and
# UndefinedBehaviorSanitizer into build-fuzz/, replays each target's seed
# corpus (fuzz/corpus/T) and crash regressions (fuzz/regressions/T), then fuzzes
# each target for N seconds with a fixed seed. Exits non-zero when any input
# crashes, leaks, trips a sanitizer or an invariant, or runs past the timeout.
#
#   scripts/fuzz.sh [--seconds N] [--target T]... [--no-build]
#
# --seconds N   fuzzing time per target (default 60; 0 only replays)
# --target T    only this target (rules, loader, vm, claims); repeatable
# --no-build    use build-fuzz/ as it is
#
# A failing input is kept in build-fuzz/fuzz-artifacts/T/: reproduce it with
# `build-fuzz/fuzz/fuzz_T FILE`, fix the bug, and add the file to
# fuzz/regressions/T/ so the ordinary test suite replays it from then on.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=60
build=1
targets=()
while (($#)); do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --target) targets+=("$2"); shift 2 ;;
    --no-build) build=0; shift ;;
    -h | --help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "fuzz.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$seconds" =~ ^[0-9]+$ ]] || { echo "fuzz.sh: --seconds takes a whole number" >&2; exit 2; }

BUILD=build-fuzz
if ((build)); then
  cmake -S . -B "$BUILD" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DOUTCOMES_FUZZ=ON >/dev/null
  ninja -C "$BUILD" -j2 fuzz_targets
fi
((${#targets[@]})) || mapfile -t targets < "$BUILD/fuzz/targets.txt"

# Leaks are checked (LeakSanitizer is on with ASan); any report stops the run.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:symbolize=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
limits=(-timeout=10 -rss_limit_mb=2048)

dict_of() {
  case "$1" in
    rules) echo fuzz/rules.dict ;;
    loader | vm) echo fuzz/jsonl.dict ;;
  esac
}

status=0
summary=()
for t in "${targets[@]}"; do
  exe="$BUILD/fuzz/fuzz_$t"
  [ -x "$exe" ] || { echo "fuzz.sh: no target $t (built: $(tr '\n' ' ' < "$BUILD/fuzz/targets.txt"))" >&2; exit 2; }
  logs="$BUILD/fuzz-logs"
  work="$BUILD/fuzz-work/$t"
  artifacts="$BUILD/fuzz-artifacts/$t/"
  rm -rf "$work"
  mkdir -p "$logs" "$work" "$artifacts"

  # 1. Replay the seeds and every regression.
  inputs=("fuzz/corpus/$t")
  [ -d "fuzz/regressions/$t" ] && [ -n "$(ls -A "fuzz/regressions/$t")" ] && inputs+=("fuzz/regressions/$t")
  replayed=$(find "${inputs[@]}" -type f | wc -l)
  if ! "$exe" -runs=0 "${limits[@]}" -artifact_prefix="$artifacts" "${inputs[@]}" >"$logs/$t-replay.log" 2>&1; then
    echo "fuzz: $t: replaying $replayed inputs FAILED:" >&2
    tail -n 60 "$logs/$t-replay.log" >&2
    summary+=("$(printf '%-7s replay FAILED' "$t")")
    status=1
    continue
  fi
  if ((seconds == 0)); then
    summary+=("$(printf '%-7s %5d inputs replayed' "$t" "$replayed")")
    continue
  fi

  # 2. Fuzz from the seeds, with a fixed seed; new inputs go to the work corpus.
  dict=$(dict_of "$t")
  args=(-seed=1 -max_total_time="$seconds" "${limits[@]}" -print_final_stats=1 -artifact_prefix="$artifacts")
  [ -n "$dict" ] && args+=(-dict="$dict")
  if "$exe" "${args[@]}" "$work" "fuzz/corpus/$t" >"$logs/$t.log" 2>&1; then
    result=ok
  else
    result=FAILED
    status=1
    echo "fuzz: $t FAILED; the report:" >&2
    grep -n -m1 -E '^==[0-9]+==ERROR|runtime error|fuzz invariant broken|ALARM|deadly signal|out-of-memory' \
      "$logs/$t.log" >&2 || true
    tail -n 60 "$logs/$t.log" >&2
    echo "fuzz: the input is in $artifacts; once fixed, add it to fuzz/regressions/$t/" >&2
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$logs/$t.log" | tail -n1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$logs/$t.log" | tail -n1)
  cov=$(grep -o 'cov: [0-9]*' "$logs/$t.log" | tail -n1 | cut -d' ' -f2)
  summary+=("$(printf '%-7s %5d replayed, %8s runs in %ss, %6s exec/s, cov %6s, corpus +%d: %s' "$t" "$replayed" \
    "${runs:-?}" "$seconds" "${rate:-?}" "${cov:-?}" "$(find "$work" -type f | wc -l)" "$result")")
done

echo "fuzz summary:"
printf '  %s\n' "${summary[@]}"
if ((status)); then
  echo "fuzz: FAILED"
else
  echo "fuzz: all targets clean"
fi
exit "$status"
