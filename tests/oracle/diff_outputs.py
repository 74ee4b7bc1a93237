#!/usr/bin/env python3
"""Compare two `run --format jsonl` outputs family by family.

    python3 tests/oracle/diff_outputs.py ORACLE.jsonl CPP.jsonl

Matches lines by `family`; reports families present in only one file and
every differing indicator / strand / result.  Exit 0 when identical, 1 when
any difference was found.
"""
import json
import sys


def load(path):
    out = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                o = json.loads(line)
                out[o["family"]] = o
    return out


def main(a_path, b_path):
    a, b = load(a_path), load(b_path)
    diffs = 0
    for fid in sorted(set(a) ^ set(b)):
        print(f"{fid}: only in {a_path if fid in a else b_path}")
        diffs += 1
    for fid in [f for f in a if f in b]:
        x, y = a[fid], b[fid]
        for k in ("plan", "as_of"):
            if x.get(k) != y.get(k):
                print(f"{fid}: {k}: {x.get(k)!r} != {y.get(k)!r}")
                diffs += 1
        for sect in ("indicators", "strands", "results"):
            xs, ys = x.get(sect, {}), y.get(sect, {})
            for k in sorted(set(xs) | set(ys), key=str):
                if xs.get(k) != ys.get(k):
                    print(f"{fid}: {sect}.{k}: {xs.get(k)} != {ys.get(k)}")
                    diffs += 1
    print(f"{len(set(a) & set(b))} families compared, {diffs} differences", file=sys.stderr)
    return 1 if diffs else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2]))
