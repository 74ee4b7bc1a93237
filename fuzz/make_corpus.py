#!/usr/bin/env python3
"""Rebuilds the committed seed corpora in fuzz/corpus/ from the sources they
come from: plans/, stdlib/, tests/golden/diagnostics, data/sample-cohort.jsonl
and cohorts made by `outcomes gen`. Seeds are small: a handful of lines each,
picked so that together they hold every event type. Also writes the
dictionaries fuzz/rules.dict and fuzz/jsonl.dict (words of the rule language
and of the schema) that guide the mutations.

Usage: fuzz/make_corpus.py OUTCOMES_BINARY
"""
import glob
import json
import os
import random
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "fuzz", "corpus")


def put(target, name, data):
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(CORPUS, target, name), "wb") as f:
        f.write(data)


def covering_lines(lines, limit):
    """Greedy: lines that add the most unseen event types, then the shortest."""
    seen, picked = set(), []
    parsed = [(l, {e["type"] for e in json.loads(l)["events"]}) for l in lines]
    while len(picked) < limit:
        best = max(parsed, key=lambda p: (len(p[1] - seen), -len(p[0])))
        if not best[1] - seen:
            break
        picked.append(best[0])
        seen |= best[1]
        parsed.remove(best)
    return picked


RULE_WORDS = """plan module import param def enum event strand result claim test override indicator presents
progress when and or not if then else let in where satisfies true false unknown any no count sum every some
each latest earliest first last of before at active overlaps months years days weeks by member optional
check unique Date Int Number Bool Term Month Scores open A C present lasts run cover window holding
covered within""".split()
RULE_TOKENS = ["(", ")", "{", "}", "[", "]", ",", ":", ".", "==", "!=", "<=", ">=", "<", ">", "+", "-", "*", "/",
               "%", "..", "?", "??", "#", '"', "2017-09-12", "9223372036854775807", "99999999999999999999",
               "0.5", "10%"]


def dict_entry(text):
    return '"%s"\n' % text.replace("\\", "\\\\").replace('"', '\\"')


def write_dictionaries():
    with open(os.path.join(ROOT, "fuzz", "rules.dict"), "w") as f:
        f.write("# Words of the rule language (fuzz/make_corpus.py writes this file).\n")
        f.writelines(dict_entry(w) for w in RULE_WORDS + RULE_TOKENS)
    schema = re.sub(r"#.*", "", open(os.path.join(ROOT, "stdlib", "schema.rules")).read())
    words = set(re.findall(r"\b[a-z][a-z_]+\b", schema))
    words |= {"id", "type", "assessment_date", "district", "lead_agency", "members", "events", "role", "dob",
              "parenting", "adult", "child", "spring", "summer", "autumn"}
    with open(os.path.join(ROOT, "fuzz", "jsonl.dict"), "w") as f:
        f.write("# Names of the cohort format and the stdlib schema (fuzz/make_corpus.py writes this file).\n")
        f.writelines(dict_entry('"%s"' % w) for w in sorted(words))
        f.writelines(dict_entry(t) for t in ["null", "true", "false", "{", "}", "[", "]", ":", ",", '"2017-09-12"',
                                             '"2016-autumn"', '"2017-05"', "-0", "1e400", "9223372036854775808",
                                             "0.5", "\\u0000", "\\\\"])


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    binary = sys.argv[1]
    for target in ["rules", "loader", "vm", "claims"]:
        shutil.rmtree(os.path.join(CORPUS, target), ignore_errors=True)
        os.makedirs(os.path.join(CORPUS, target))

    # rules: every bundled rule file and every golden broken plan.
    for path in glob.glob(os.path.join(ROOT, "plans", "*.plan")) + glob.glob(os.path.join(ROOT, "plans", "shared", "*.rules")) \
            + glob.glob(os.path.join(ROOT, "stdlib", "*.rules")):
        shutil.copy(path, os.path.join(CORPUS, "rules", os.path.basename(path)))
    for path in glob.glob(os.path.join(ROOT, "tests", "golden", "diagnostics", "*.plan")):
        shutil.copy(path, os.path.join(CORPUS, "rules", "golden-" + os.path.basename(path)))

    # loader and vm: sample and generated families covering every event type.
    sample = open(os.path.join(ROOT, "data", "sample-cohort.jsonl")).read().splitlines()
    generated = subprocess.run([binary, "gen", "--n", "400", "--seed", "99"], capture_output=True, text=True,
                               check=True).stdout.splitlines()
    lines = covering_lines(sample, 12) + covering_lines(generated, 12)
    lines += sorted(sample, key=len)[:4] + sorted(generated, key=len)[:4]
    for i, line in enumerate(lines):
        put("vm", "family-%02d.jsonl" % i, line)
        put("loader", "family-%02d.jsonl" % i, line + "\n")
    # The loader also reads several lines at once (duplicate ids, blank lines).
    put("loader", "three-lines.jsonl", "\n".join([lines[0], "", lines[0], lines[1]]) + "\n")
    hostile = {
        "deep-ignored.jsonl": '{"id": "F1", "x": ' + "[" * 150 + "]" * 150 + "}",
        "deep-simdjson.jsonl": "[" * 2000 + "]" * 2000,
        "huge-int.jsonl": lines[-1].replace('"events": [', '"events": [{"type": "attendance", "member": "C1", '
                                            '"term": "2017-autumn", "possible_sessions": 99999999999999999999999, '
                                            '"authorised_absence": 1, "unauthorised_absence": 1e400}, ', 1),
        "bad-utf8.jsonl": b'{"id": "F\xff\xfe", "assessment_date": "2017-01-01", "members": [], "events": []}',
        "escapes.jsonl": '{"\\u0069d": "F\\u0000", "assessment_date": "2017-01-01", "members": [{"id": "M1", '
                         '"role": "adult", "dob": "1980-02-29"}], "events": []}',
    }
    for name, text in hostile.items():
        put("loader", name, text)
    # vm: byte strings for the schema-driven family maker.
    rng = random.Random(7)
    for i in range(16):
        put("vm", "bytes-%02d.bin" % i, bytes(rng.randrange(1, 256) for _ in range(rng.randrange(8, 400))))

    write_dictionaries()

    # claims
    claims = {
        "ok.csv": "claim_id,family,claim_date,kind\nK1,F0001,2018-06-30,sustained_progress\nK2,F0002,2018-06-30,employment\n",
        "crlf-bom.csv": "\ufeffclaim_id,family,claim_date,kind\r\nK1,F1,2018-06-30,employment\r\n\r\n",
        "quoted.csv": 'claim_id,family,claim_date,kind\n"K,1","F ""1""",2018-06-30,employment\n"K2\nstill",F2,2018-02-30,x\n',
        "broken.csv": 'claim_id,family,claim_date,kind\nK1,F"1,2018-06-30,employment\n"K2,F2\nK3,F3,2018-06-30\n,,,,\n',
        "no-header.csv": "K1,F1,2018-06-30,employment\n",
    }
    for name, text in claims.items():
        put("claims", name, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
