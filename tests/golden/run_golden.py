#!/usr/bin/env python3
"""Golden diagnostics: runs `outcomes check` on every broken rule file in
tests/golden/diagnostics/*.plan and compares what it prints on standard error
with the sibling NAME.expected file, and its exit status with 1 (the status
for plan errors).

    python3 tests/golden/run_golden.py OUTCOMES_BINARY [--update] [NAME ...]

Each file is checked from the repository root with a relative path
(tests/golden/diagnostics/NAME.plan), so the paths in the output are stable.
The stdlib directory (OUTCOMES_STDLIB, set to the repository's stdlib/ unless
it is already set) is written as <stdlib> in the compared text.

Only the top-level *.plan files are checked: files that they import (for
example the two halves of an import cycle) live in subfolders.

On a mismatch the runner prints a unified diff (expected, then actual). The
last line is "N passed, M failed"; the exit status is 1 when any file failed.
--update rewrites the expected files from the actual output (a wrong exit
status still fails). NAME arguments restrict the run to those files.
"""

import argparse
import difflib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
CASES = Path("tests") / "golden" / "diagnostics"
EXPECTED_STATUS = 1
TIMEOUT_SECONDS = 60


def normalise(text, stdlib):
    """Makes the output independent of where the repository is."""
    text = text.replace("\r\n", "\n")
    if stdlib:
        text = text.replace(stdlib.rstrip("/"), "<stdlib>")
    return text.replace(str(ROOT) + os.sep, "").replace(str(ROOT), "<root>")


def run_check(binary, case, env):
    """Returns (exit status, normalised standard error, problem or None)."""
    try:
        done = subprocess.run(
            [binary, "check", case.as_posix()],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            timeout=TIMEOUT_SECONDS,
        )
    except subprocess.TimeoutExpired:
        return None, "", f"timed out after {TIMEOUT_SECONDS} s"
    stderr = done.stderr.decode("utf-8", errors="replace")
    problem = None
    if done.returncode < 0:
        problem = f"killed by signal {-done.returncode}"
    elif done.returncode != EXPECTED_STATUS:
        problem = f"exit status {done.returncode}, expected {EXPECTED_STATUS}"
    return done.returncode, normalise(stderr, env.get("OUTCOMES_STDLIB", "")), problem


def main():
    parser = argparse.ArgumentParser(description="Golden diagnostics for `outcomes check`.")
    parser.add_argument("binary", help="the outcomes executable")
    parser.add_argument("--update", action="store_true", help="rewrite the expected files")
    parser.add_argument("names", nargs="*", help="only these cases (file names, with or without .plan)")
    args = parser.parse_intermixed_args()

    binary = Path(args.binary).resolve()
    if not binary.is_file() or not os.access(binary, os.X_OK):
        print(f"run_golden.py: {args.binary} is not an executable file", file=sys.stderr)
        return 2

    env = dict(os.environ)
    env.setdefault("OUTCOMES_STDLIB", str(ROOT / "stdlib"))

    cases = sorted((ROOT / CASES).glob("*.plan"))
    if args.names:
        wanted = {n[:-5] if n.endswith(".plan") else n for n in args.names}
        cases = [c for c in cases if c.stem in wanted]
        missing = wanted - {c.stem for c in cases}
        if missing:
            print(f"run_golden.py: no such case: {', '.join(sorted(missing))}", file=sys.stderr)
            return 2
    if not cases:
        print(f"run_golden.py: no cases in {CASES}", file=sys.stderr)
        return 2

    passed = failed = 0
    for case_path in cases:
        case = case_path.relative_to(ROOT)
        expected_path = case_path.with_suffix(".expected")
        status, actual, problem = run_check(str(binary), case, env)
        ok = problem is None
        if args.update and status is not None:
            if not expected_path.exists() or expected_path.read_text(encoding="utf-8") != actual:
                expected_path.write_text(actual, encoding="utf-8")
                print(f"updated {expected_path.relative_to(ROOT).as_posix()}")
        elif not expected_path.exists():
            print(f"FAIL {case.as_posix()}: no {expected_path.name} (run with --update to create it)")
            ok = False
        else:
            expected = expected_path.read_text(encoding="utf-8")
            if expected != actual:
                ok = False
                print(f"FAIL {case.as_posix()}: standard error differs from {expected_path.name}")
                sys.stdout.writelines(
                    difflib.unified_diff(
                        expected.splitlines(keepends=True),
                        actual.splitlines(keepends=True),
                        fromfile=expected_path.relative_to(ROOT).as_posix(),
                        tofile=f"{binary.name} check {case.as_posix()}",
                    )
                )
                if not actual.endswith("\n") or not expected.endswith("\n"):
                    print("\n(one side does not end with a line break)")
        if problem is not None:
            print(f"FAIL {case.as_posix()}: {problem}")
        if ok:
            passed += 1
        else:
            failed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
