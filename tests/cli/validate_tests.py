#!/usr/bin/env python3
"""Command-line tests of validate and the audit ledger (cli/validate.cpp,
cli/ledger*.cpp): hand-checked goldens, output shapes, malformed claims, and
a ledger that survives a killed run.

Usage: validate_tests.py OUTCOMES_BINARY
"""
import json
import os
import sys
import subprocess
import sqlite3
import signal

import cli_support as cli
from cli_support import ROOT, PLAN, test, run, family, write, generated_cohort, CLAIMS_DIR, CLAIM_PLANS, validate, fixture_args


@test
def validate_matches_the_hand_checked_goldens_for_every_plan(tmp):
    # tests/claims/PLAN/: cohort.jsonl, claims.csv (every verdict of the plan, both kinds, malformed rows),
    # expected.jsonl. Verdicts were worked out by hand from the spec and agree with tests/oracle/register.py.
    for plan in CLAIM_PLANS:
        d = os.path.join(CLAIMS_DIR, plan)
        code, out, err = validate(fixture_args(plan) + ["-q"], cwd=d)
        assert code == 3, (plan, code, err)
        with open(os.path.join(d, "expected.jsonl")) as f:
            expected = f.read()
        if out != expected:
            for i, (a, b) in enumerate(zip(out.splitlines(), expected.splitlines())):
                assert a == b, (plan, "line %d" % (i + 1), a, b)
            assert False, (plan, "line count", len(out.splitlines()), len(expected.splitlines()))
        verdicts = {json.loads(l)["verdict"] for l in out.splitlines()}
        want = {"valid", "invalid", "insufficient_data", "rejected_input"}
        if plan == "herts-2018":
            want.add("valid_discretionary")
        assert verdicts == want, (plan, verdicts)


@test
def validate_lines_have_the_spec_shape_and_no_row_is_dropped(tmp):
    d = os.path.join(CLAIMS_DIR, "herts-2018")
    code, out, err = validate(fixture_args("herts-2018"), cwd=d)
    lines = [json.loads(l) for l in out.splitlines()]
    with open(os.path.join(d, "claims.csv")) as f:
        rows = [r for r in f.read().splitlines()[1:] if r.strip()]
    assert len(lines) == len(rows), (len(lines), len(rows))
    for l in lines:
        keys = ["claim_id", "family", "plan", "claim_date", "kind", "verdict", "reasons"]
        if l["verdict"] == "rejected_input":
            assert l["reasons"] == [] and l["message"].startswith("line "), l
            keys.append("message")
        keys.append("duplicate_of")
        assert list(l) == keys, list(l)
        assert l["duplicate_of"] is None and l["plan"] == "herts-2018"
        for r in l["reasons"]:
            assert list(r) in (["indicator", "wording", "status", "window", "evidence"],
                               ["condition", "wording", "status", "window", "evidence"]), r
            assert r["status"] in ("met", "not_met", "unknown") and r["wording"]
            for e in r["evidence"]:
                assert list(e) == ["type", "member", "date"], e
    by_id = {l["claim_id"]: l for l in lines}
    # The reasons of a valid claim: each presenting indicator, then each condition of that kind.
    names = [r.get("indicator") or r.get("condition") for r in by_id["h01"]["reasons"]]
    assert names == ["1.1", "4.1", "eligibility", "strands_met", "attendance", "no_new_problems"], names
    r11 = by_id["h04"]["reasons"][0]
    assert r11["window"] == "(2017-12-30, 2018-06-30]" and r11["status"] == "not_met", r11
    assert r11["evidence"] == [{"type": "offence", "member": "M1", "date": "2018-03-01"}], r11
    assert [r.get("condition") for r in by_id["h03"]["reasons"]][-2:] == ["eligibility", "employment_rule"]
    disc = by_id["h07"]["reasons"][-1]
    assert disc["condition"] == "discretion" and disc["status"] == "met", disc
    assert disc["evidence"] == [{"type": "discretion", "member": None, "date": "2018-05-01"}], disc
    # Each claim is judged at its own date.
    assert by_id["h06"]["verdict"] == "invalid" and by_id["h07"]["verdict"] == "valid_discretionary"
    msgs = {k: by_id[k]["message"] for k in ["h11", "h12", "h13", "h14", "h15", "h16"]}
    assert "before the family's assessment date 2018-08-01" in msgs["h11"], msgs
    assert "rejected by the loader" in msgs["h12"] and "events[0].date" in msgs["h12"], msgs
    assert "not in the cohort" in msgs["h13"] and "not a date" in msgs["h14"], msgs
    assert "case-sensitive" in msgs["h15"] and "found 3" in msgs["h16"], msgs
    assert by_id["h16"]["kind"] is None and by_id["h16"]["claim_date"] == "2018-06-30"


@test
def validate_malformed_csv_rows_are_each_rejected_input_and_the_rest_judged(tmp):
    cohort = write(tmp, "c.jsonl", family("F1") + "\n" + family("F2", a="2018-01-01") + "\n")
    rows = {
        'x1,F1,2018-06-30,employment': None,
        'x2,F1,2018-06-30': "expected 4 columns",
        'x3,F1,2018-06-30,employment,more': "found 5",
        'x4,F1,2018-06-30,EMPLOYMENT': "case-sensitive",
        'x5,F1,30/06/2018,employment': "not a date",
        'x6,F1,2018-02-29,employment': "not a date",
        'x7,NOPE,2018-06-30,employment': "not in the cohort",
        'x8,F2,2017-12-31,employment': "before the family's assessment date",
        'x9,F"1,2018-06-30,employment': "a quote inside unquoted field",
        'x10,"F1"x,2018-06-30,employment': "text after the closing quote",
        ',F1,2018-06-30,employment': "claim_id is empty",
        'x12,,2018-06-30,employment': "family is empty",
        '"x13","F1","2018-06-30","sustained_progress"': None,
        'x14,"F1,2018-06-30,employment': "never closed",
        'x15,F2,2018-01-01,sustained_progress': None,
    }
    text = "\ufeffclaim_id,family,claim_date,kind\r\n\r\n" + "\r\n".join(rows) + "\r\n\n"
    claims = write(tmp, "k.csv", text)
    code, out, err = validate(["--plan", PLAN, "--families", cohort, "--claims", claims])
    assert code == 3, (code, err)
    lines = [json.loads(l) for l in out.splitlines()]
    assert len(lines) == len(rows), out
    for l, (row, problem) in zip(lines, rows.items()):
        if problem is None:
            assert l["verdict"] in ("valid", "invalid", "insufficient_data", "valid_discretionary"), (row, l)
        else:
            assert l["verdict"] == "rejected_input" and problem in l["message"], (row, l.get("message"))
    # Only rejected rows: still exit 3. None: exit 0.
    good = write(tmp, "good.csv", "claim_id,family,claim_date,kind\nx1,F1,2018-06-30,employment\n")
    code, out, err = validate(["--plan", PLAN, "--families", cohort, "--claims", good])
    assert code == 0, (code, err)


@test
def validate_usage_and_plan_errors(tmp):
    cohort = write(tmp, "c.jsonl", family("F1") + "\n")
    for header in ["claim_id,family,date,kind\n", "claim_id,family,claim_date,kind,x\n", "", "C1,F1,2018-06-30,employment\n"]:
        claims = write(tmp, "k.csv", header)
        code, out, err = validate(["--plan", PLAN, "--families", cohort, "--claims", claims])
        assert code == 2 and "expected the header claim_id,family,claim_date,kind" in err, (header, code, err)
        assert out == ""
    claims = write(tmp, "k.csv", "claim_id,family,claim_date,kind\nC1,F1,2018-06-30,employment\n")
    code, out, err = validate(["--plan", PLAN, "--families", cohort, "--claims", claims, "--format", "xml"])
    assert code == 2, err
    code, out, err = validate(["--plan", PLAN, "--families", cohort, "--claims", os.path.join(tmp, "missing.csv")])
    assert code == 2, err
    bad = write(tmp, "bad.plan", 'plan "x"\nstrand crime "Crime" {\n  indicator 1.1 {\n    presents when nonsense\n'
                '    progress when true\n  }\n}\n')
    code, out, err = validate(["--plan", bad, "--families", cohort, "--claims", claims])
    assert code == 1, (code, err)
    notledger = write(tmp, "notes.txt", "these are my notes, not a ledger; long enough to fill a database header page. " * 3)
    code, out, err = validate(["--plan", PLAN, "--families", cohort, "--claims", claims, "--ledger", notledger])
    assert code == 2 and "not an outcomes ledger" in err, (code, err)
    with open(notledger) as f:
        assert f.read().startswith("these are my notes")
    code, out, err = run(["ledger", "list", "--ledger", notledger])
    assert code == 2 and "not an outcomes ledger" in err, (code, err)
    code, out, err = run(["ledger", "list", "--ledger", os.path.join(tmp, "nothing.db")])
    assert code == 2 and "no ledger at" in err, (code, err)
    assert not os.path.exists(os.path.join(tmp, "nothing.db"))


@test
def validate_without_a_ledger_records_nothing(tmp):
    d = os.path.join(CLAIMS_DIR, "tf2")
    before = sorted(os.listdir(d))
    code, out, err = validate(fixture_args("tf2") + ["--format", "table"], cwd=d)
    assert code == 3 and sorted(os.listdir(d)) == before
    assert "not payable" not in out
    assert all(json.loads(l)["duplicate_of"] is None for l in validate(fixture_args("tf2"), cwd=d)[1].splitlines())


@test
def validate_table_and_csv(tmp):
    d = os.path.join(CLAIMS_DIR, "herts-2018")
    code, out, err = validate(fixture_args("herts-2018") + ["--format", "table"], cwd=d)
    assert code == 3
    assert out.splitlines()[0].split() == ["claim_id", "family", "claim_date", "kind", "verdict", "notes"], out
    assert "valid_discretionary  by discretion; not met: 1.1, strands_met" in out, out
    assert "unknown: attendance" in out and "17 claims under herts-2018: 4 valid, 1 valid_discretionary" in out
    out_file = os.path.join(tmp, "v.csv")
    code, out, err = validate(fixture_args("herts-2018") + ["--format", "csv", "--output", out_file], cwd=d)
    assert code == 3 and out == ""
    import csv
    with open(out_file, newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 17 and rows[0]["verdict"] == "valid" and rows[0]["plan"] == "herts-2018"
    assert rows[3]["not_met"] == "1.1 strands_met", rows[3]
    assert rows[11]["message"].startswith("line 13: family \"H-BAD\" was rejected"), rows[11]


def ledger_json(ledger, *args):
    code, out, err = run(["ledger"] + list(args) + ["--ledger", ledger, "--format", "json"])
    assert code == 0, err
    return json.loads(out)


@test
def ledger_records_runs_and_marks_duplicates_across_runs_and_within_a_file(tmp):
    import hashlib
    d = os.path.join(CLAIMS_DIR, "herts-2018")
    ledger = os.path.join(tmp, "audit.db")
    code, out1, err = validate(fixture_args("herts-2018") + ["--ledger", ledger], cwd=d)
    assert code == 3, err
    first = {json.loads(l)["claim_id"]: json.loads(l) for l in out1.splitlines()}
    # Within the file: h17 is a second valid sustained_progress claim for H-VALID; h10 (invalid, dated
    # earlier but later in the file) comes after H-HEALTH's valid h09. Verdicts are unchanged.
    assert first["h17"]["verdict"] == "valid"
    assert first["h17"]["duplicate_of"] == {"run": 1, "claim_id": "h01", "claim_date": "2018-06-30"}, first["h17"]
    assert first["h10"]["verdict"] == "invalid"
    assert first["h10"]["duplicate_of"] == {"run": 1, "claim_id": "h09", "claim_date": "2018-06-30"}, first["h10"]
    assert sorted(k for k, l in first.items() if l["duplicate_of"]) == ["h10", "h17"]
    # Without the ledger the lines are the same but for duplicate_of.
    with open(os.path.join(d, "expected.jsonl")) as f:
        plain = [json.loads(l) for l in f]
    for p in plain:
        q = dict(first[p["claim_id"]])
        q["duplicate_of"] = None
        assert p == q, p["claim_id"]
    # A second run of the same claims: every payable claim is now a duplicate of run 1; verdicts unchanged.
    code, out2, err = validate(fixture_args("herts-2018") + ["--ledger", ledger, "--format", "table"], cwd=d)
    assert "not payable: duplicate of claim h01 (run 1, 2018-06-30)" in out2, out2
    assert "recorded as run 2" in out2
    code, out2, err = validate(fixture_args("herts-2018") + ["--ledger", ledger], cwd=d)
    second = {json.loads(l)["claim_id"]: json.loads(l) for l in out2.splitlines()}
    assert sorted(k for k, l in second.items() if l["duplicate_of"]) == ["h01", "h03", "h06", "h07", "h09", "h10",
                                                                         "h17"]
    assert second["h03"]["duplicate_of"] == {"run": 1, "claim_id": "h03", "claim_date": "2018-06-30"}
    assert second["h07"]["duplicate_of"] == {"run": 1, "claim_id": "h07", "claim_date": "2018-06-30"}
    assert second["h02"]["duplicate_of"] is None  # H-VALID has no valid employment claim
    assert second["h11"]["duplicate_of"] is None  # rejected rows are not judged
    for k in first:
        assert first[k]["verdict"] == second[k]["verdict"], k
    # Another plan id does not see herts-2018's claims.
    code, out3, err = validate(["--plan", os.path.join(ROOT, "plans", "tf2.plan"), "--families", "cohort.jsonl",
                                "--claims", "claims.csv", "--ledger", ledger], cwd=d)
    third = [json.loads(l) for l in out3.splitlines()]
    assert [(l["claim_id"], l["duplicate_of"]["run"]) for l in third if l["duplicate_of"]] == [("h10", 4), ("h17", 4)]

    runs = ledger_json(ledger, "list")
    assert [r["run"] for r in runs] == [1, 2, 3, 4] and [r["plan"] for r in runs] == ["herts-2018"] * 3 + ["tf2"]
    r1 = runs[0]
    assert r1["claims"] == 17 and r1["valid"] == 4 and r1["valid_discretionary"] == 1 and r1["rejected_input"] == 6
    assert [r["duplicates"] for r in runs] == [2, 7, 7, 2], runs
    assert r1["first_claim_date"] == "2018-03-31" and r1["last_claim_date"] == "2019-03-31", r1
    for name, path in [("cohort_hash", "cohort.jsonl"), ("claims_hash", "claims.csv")]:
        with open(os.path.join(d, path), "rb") as f:
            assert r1[name] == hashlib.sha256(f.read()).hexdigest(), name
    assert len(r1["plan_hash"]) == 64 and r1["plan_hash"] == runs[1]["plan_hash"] != runs[3]["plan_hash"]
    assert r1["plan_version"] == "January 2018" and r1["started"].endswith("Z")

    shown = ledger_json(ledger, "show", "1")
    assert shown["run"] == r1 and len(shown["claims"]) == 17
    for c in shown["claims"]:
        v = dict(first[c["claim_id"]])
        assert {k: c[k] for k in v} == v, c["claim_id"]  # the recorded reasons are validate's
    fam = ledger_json(ledger, "family", "H-VALID")
    assert [(c["run"], c["claim_id"]) for c in fam][:3] == [(1, "h01"), (1, "h02"), (1, "h14")], fam
    code, out, err = run(["ledger", "family", "H-VALID", "--ledger", ledger])
    assert code == 0 and "not payable: duplicate of claim h01 (run 1, 2018-06-30)" in out, out
    code, out, err = run(["ledger", "show", "2", "--ledger", ledger, "--format", "csv"])
    assert code == 0 and out.splitlines()[0].startswith("line,claim_id,family,plan,claim_date,kind,verdict"), out
    code, out, err = run(["ledger", "list", "--ledger", ledger])
    assert code == 0 and "4 runs" in out, out
    code, out, err = run(["ledger", "show", "9", "--ledger", ledger])
    assert code == 2 and "no run 9" in err, err


@test
def validate_killed_mid_run_leaves_the_ledger_exactly_as_it_was(tmp):
    import signal
    import sqlite3
    cohort = generated_cohort(tmp, 2000, 9)
    with open(cohort) as f:
        ids = [json.loads(l)["id"] for l in f]
    ledger = os.path.join(tmp, "audit.db")
    small = write(tmp, "small.csv", "claim_id,family,claim_date,kind\n" +
                  "".join("S%d,%s,2018-06-30,sustained_progress\n" % (i, ids[i]) for i in range(50)))
    code, out, err = validate(["--plan", PLAN, "--families", cohort, "--claims", small, "--ledger", ledger, "-q"])
    assert code == 0, err
    before_list = run(["ledger", "list", "--ledger", ledger, "--format", "json"])[1]
    before_show = run(["ledger", "show", "1", "--ledger", ledger, "--format", "json"])[1]
    size_before = os.path.getsize(ledger)
    dates = ["2018-06-30", "2018-09-30", "2018-12-31", "2019-03-31"]
    big = os.path.join(tmp, "big.csv")
    with open(big, "w") as f:
        f.write("claim_id,family,claim_date,kind\n")
        for i in range(200000):
            f.write("K%06d,%s,%s,%s\n" % (i, ids[i % len(ids)], dates[(i // len(ids)) % 4],
                                          "employment" if i % 3 == 0 else "sustained_progress"))
    env = dict(os.environ, OUTCOMES_TEST_PAUSE_AFTER_CLAIMS="20000")
    p = subprocess.Popen([cli.BIN, "validate", "--plan", PLAN, "--families", cohort, "--claims", big, "--ledger", ledger,
                          "--output", os.path.join(tmp, "big.jsonl")],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = ""
        while "test hook: paused after 20000 claims" not in line:
            line = p.stderr.readline()
            assert line, "validate ended before the test hook"
        # 20,000 claims are written inside the open transaction: the rollback journal exists and the
        # database file has grown with uncommitted pages.
        assert os.path.exists(ledger + "-journal")
        assert os.path.getsize(ledger) > size_before + 1000000, (os.path.getsize(ledger), size_before)
    finally:
        p.send_signal(signal.SIGKILL)
        p.wait()
    assert p.returncode == -signal.SIGKILL
    assert not os.path.exists(os.path.join(tmp, "big.jsonl"))
    assert run(["ledger", "list", "--ledger", ledger, "--format", "json"])[1] == before_list
    assert run(["ledger", "show", "1", "--ledger", ledger, "--format", "json"])[1] == before_show
    db = sqlite3.connect(ledger)
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert db.execute("SELECT count(*) FROM runs").fetchone() == (1,)
    assert db.execute("SELECT count(*) FROM claims").fetchone() == (50,)
    db.close()
    assert not os.path.exists(ledger + "-journal")
    # The next run is run 2.
    code, out, err = validate(["--plan", PLAN, "--families", cohort, "--claims", small, "--ledger", ledger, "-q"])
    assert code == 0 and len(ledger_json(ledger, "list")) == 2


@test
def the_sample_claims_file_validates_with_both_kinds_malformed_rows_and_a_duplicate(tmp):
    ledger = os.path.join(tmp, "audit.db")
    code, out, err = validate(["--plan", PLAN, "--families", os.path.join(ROOT, "data", "sample-cohort.jsonl"),
                               "--claims", os.path.join(ROOT, "data", "sample-claims.csv"), "--ledger", ledger])
    assert code == 3, err
    lines = [json.loads(l) for l in out.splitlines()]
    assert {l["kind"] for l in lines} >= {"sustained_progress", "employment"}
    verdicts = [l["verdict"] for l in lines]
    for v in ["valid", "valid_discretionary", "invalid", "insufficient_data", "rejected_input"]:
        assert v in verdicts, (v, verdicts)
    assert sum(1 for l in lines if l["duplicate_of"]) == 1
    assert all("2018-06-30" <= l["claim_date"] <= "2019-03-31" for l in lines if l["verdict"] != "rejected_input")


if __name__ == "__main__":
    sys.exit(cli.main(__doc__))
