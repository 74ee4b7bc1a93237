#!/usr/bin/env python3
"""Command-line tests of --jobs and the progress line: compare, validate, run and
report give the same bytes for any number of threads.

Usage: jobs_tests.py OUTCOMES_BINARY
"""
import json
import os
import sys
import subprocess
import sqlite3

import cli_support as cli
from cli_support import PLAN, test, run, family, write, generated_cohort, validate, SBS_THREE_PLANS


# ---- --jobs: compare, validate and run give the same bytes for any number of threads ----

JOBS = ["1", "2", "4"]


def jobs_cohort(tmp):
    """A generated cohort with what the loader rejects mixed in: lines that are not JSON, blank lines, families
    with a bad date, an id repeated after an accepted family, and one repeated after a family that is accepted
    by the loader but skipped for its assessment date (so the repeat is rejected all the same)."""
    path = generated_cohort(tmp, 1200, 13)
    with open(path) as f:
        lines = f.read().splitlines()
    out = []
    for i, line in enumerate(lines):
        out.append(line)
        if i % 97 == 5:
            out.append("{not json")
        if i % 89 == 3:
            out.append("")
        if i % 53 == 11:
            out.append(line)
        if i % 101 == 7:
            out.append(family("BAD%d" % i, events=[{"type": "offence", "member": "C1", "date": "2017-13-01"}]))
    out += [family("LATE", a="2019-01-01"), family("LATE")]
    ids = [json.loads(l)["id"] for l in lines]
    return write(tmp, "jobs-cohort.jsonl", "\n".join(out) + "\n"), ids


def outputs_for_each_jobs(args, tmp, name):
    """Runs `args` with each --jobs, to stdout and with --output; returns {jobs: (code, stdout, stderr, file)}."""
    got = {}
    for j in JOBS:
        code, out, err = run(args + ["--jobs", j])
        target = os.path.join(tmp, "%s-%s.out" % (name, j))
        code2, out2, err2 = run(args + ["--jobs", j, "--output", target])
        assert (code2, out2) == (code, ""), (name, j, code2, err2[-500:])
        with open(target) as f:
            got[j] = (code, out, err, f.read(), err2)
    return got


def assert_same_for_each_jobs(got, name):
    first = got[JOBS[0]]
    for j in JOBS[1:]:
        for part, a, b in zip(["exit status", "stdout", "stderr", "--output file", "stderr with --output"],
                              first, got[j]):
            if a != b:
                at = next((i for i in range(min(len(a), len(b))) if a[i] != b[i]), min(len(a), len(b))) \
                    if isinstance(a, str) else 0
                assert False, (name, "--jobs", j, part, "differs from --jobs 1", a[at - 100:at + 100] if at else a,
                               b[at - 100:at + 100] if at else b)


@test
def compare_output_is_byte_identical_for_any_jobs_in_every_format(tmp):
    cohort, _ = jobs_cohort(tmp)
    for fmt in ["table", "csv", "json", "html"]:
        got = outputs_for_each_jobs(["compare"] + SBS_THREE_PLANS + ["--families", cohort, "--as-of", "2018-06-30",
                                                                     "--format", fmt], tmp, "compare-" + fmt)
        code, out, err, _, _ = got["1"]
        assert code == 3, (fmt, code, err[-500:])
        assert out and "id: the family id \"LATE\" was already used by the family on line" in err, err[-2000:]
        assert "skipped: assessment date 2019-01-01" in err and "events[0].date" in err and "BAD7" in err
        assert_same_for_each_jobs(got, "compare " + fmt)
    c = json.loads(run(["compare"] + SBS_THREE_PLANS + ["--families", cohort, "--as-of", "2018-06-30",
                                                        "--format", "json", "--jobs", "4"])[1])
    assert c["rejected"] == 13 + 12 + 23 + 1 and c["families"] > 1000, (c["rejected"], c["families"])


def jobs_claims(tmp, ids):
    rows = ["claim_id,family,claim_date,kind"]
    for i, fid in enumerate(ids[:600]):
        rows.append("S%d,%s,%s,sustained_progress" % (i, fid, ["2018-06-30", "2018-09-30", "2019-03-31"][i % 3]))
        if i % 4 == 0:
            rows.append("E%d,%s,2018-06-30,employment" % (i, fid))
        if i % 5 == 0:
            rows.append("R%d,%s,2018-12-31,sustained_progress" % (i, fid))  # the family claimed again
    rows += ["B1,BAD7,2018-06-30,sustained_progress", "L1,LATE,2018-06-30,employment",
             "M1,NO-SUCH-FAMILY,2018-06-30,employment", "X1,%s,2018-02-30,employment" % ids[0],
             "X2,%s,2018-06-30,holiday" % ids[1], "short,row", '"open quote,%s,2018-06-30,employment' % ids[2]]
    return write(tmp, "jobs-claims.csv", "\n".join(rows) + "\n")


def ledger_rows(ledger):
    import sqlite3
    db = sqlite3.connect(ledger)
    runs = [r for r in db.execute("SELECT * FROM runs ORDER BY run")]
    columns = [d[0] for d in db.execute("SELECT * FROM runs").description]
    keep = [i for i, c in enumerate(columns) if c not in ("started", "finished")]  # timestamps differ
    runs = [tuple(r[i] for i in keep) for r in runs]
    claims = list(db.execute("SELECT * FROM claims ORDER BY run, seq"))
    db.close()
    return runs, claims


@test
def validate_output_and_ledger_are_byte_identical_for_any_jobs(tmp):
    cohort, ids = jobs_cohort(tmp)
    claims = jobs_claims(tmp, ids)
    base = ["validate", "--plan", PLAN, "--families", cohort, "--claims", claims]
    for fmt in ["jsonl", "csv", "table"]:
        got = outputs_for_each_jobs(base + ["--format", fmt], tmp, "validate-" + fmt)
        code, out, err, _, _ = got["1"]
        assert code == 3, (fmt, code, err[-500:])
        assert "family LATE: id: the family id \"LATE\" was already used" in err, err[-2000:]
        assert_same_for_each_jobs(got, "validate " + fmt)
    ledgers = {}
    for j in JOBS:
        # One folder each, so the ledger's name in the summary is the same.
        folder = os.path.join(tmp, "jobs-%s" % j)
        os.mkdir(folder)
        # Twice: the second run's claims are duplicates of the first's.
        first = validate(base[1:] + ["--ledger", "audit.db", "--jobs", j], cwd=folder)
        second = validate(base[1:] + ["--ledger", "audit.db", "--jobs", j, "--format", "csv"], cwd=folder)
        ledgers[j] = (first, second, ledger_rows(os.path.join(folder, "audit.db")))
    (first, second, (runs, rows)) = ledgers["1"]
    assert first[0] == 3 and len(runs) == 2 and len(rows) == 2 * len(first[1].splitlines()), (first[2][-500:], runs)
    verdicts = {r[8] for r in rows}
    assert {"valid", "invalid", "rejected_input"} <= verdicts, verdicts
    # Columns 0 and 11: the run and the run of the claim it duplicates.
    assert any(r[0] == 1 and r[11] == 1 for r in rows), "no duplicate within the first run"
    assert any(r[0] == 2 and r[11] == 1 for r in rows), "no duplicate of the first run in the second"
    for j in JOBS[1:]:
        assert ledgers[j][0] == first and ledgers[j][1] == second, ("validate --ledger output differs", j)
        assert ledgers[j][2][0] == runs, ("ledger runs differ", j)
        assert ledgers[j][2][1] == rows, ("ledger claims differ", j)


@test
def run_is_byte_identical_for_any_jobs_with_repeated_and_rejected_families(tmp):
    cohort, _ = jobs_cohort(tmp)
    for fmt in ["jsonl", "csv", "table"]:
        got = outputs_for_each_jobs(["run", "--plan", PLAN, "--families", cohort, "--as-of", "2018-06-30",
                                     "--format", fmt], tmp, "run-" + fmt)
        assert got["1"][0] == 3 and "family LATE: id:" in got["1"][2], got["1"][2][-2000:]
        assert_same_for_each_jobs(got, "run " + fmt)


@test
def report_is_byte_identical_for_any_jobs_in_every_format(tmp):
    cohort, _ = jobs_cohort(tmp)
    for by in ["district", "lead_agency"]:
        for fmt in ["table", "csv", "html"]:
            got = outputs_for_each_jobs(["report", "--plan", PLAN, "--families", cohort, "--as-of", "2018-06-30",
                                         "--by", by, "--format", fmt], tmp, "report-%s-%s" % (by, fmt))
            assert got["1"][0] == 3 and "family LATE: id:" in got["1"][2], got["1"][2][-2000:]
            assert "TOTAL" in got["1"][3], got["1"][3][:2000]
            assert_same_for_each_jobs(got, "report %s %s" % (by, fmt))


@test
def jobs_out_of_range_is_a_usage_error_naming_the_range(tmp):
    cohort = write(tmp, "c.jsonl", family("F1") + "\n")
    claims = write(tmp, "claims.csv", "claim_id,family,claim_date,kind\nK1,F1,2018-06-30,sustained_progress\n")
    commands = [["run", "--plan", PLAN, "--families", cohort, "--as-of", "2018-06-30"],
                ["compare"] + SBS_THREE_PLANS[:4] + ["--families", cohort, "--as-of", "2018-06-30"],
                ["report", "--plan", PLAN, "--families", cohort, "--as-of", "2018-06-30"],
                ["validate", "--plan", PLAN, "--families", cohort, "--claims", claims]]
    for args in commands:
        for bad in ["0", "257", "-3"]:
            code, out, err = run(args + ["--jobs", bad])
            assert code == 2 and out == "", (args[0], bad, code, out)
            assert err == "error: --jobs %s: expected a number of threads from 1 to 256\n" % bad, (args[0], err)
        code, out, err = run(args + ["-j", "many"])
        assert code == 2 and "--jobs" in err, (args[0], err)
        assert run(args + ["-j", "256"])[0] in (0, 3)
        code, out, err = run([args[0], "--help"])
        assert "-j,--jobs" in out and "the same for any number" in out, out


def stderr_on_a_terminal(args, env):
    """Runs with stderr on a pseudo-terminal; returns (exit status, stdout, what the terminal showed)."""
    import pty
    import threading
    master, slave = pty.openpty()
    shown = []

    def drain():
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:
                return
            if not data:
                return
            shown.append(data)
    reader = threading.Thread(target=drain)
    reader.start()
    p = subprocess.run([cli.BIN] + args, stdout=subprocess.PIPE, stderr=slave, env=dict(os.environ, **env), timeout=600)
    os.close(slave)
    reader.join(timeout=10)
    os.close(master)
    return p.returncode, p.stdout, b"".join(shown).decode(errors="replace")


@test
def a_progress_line_shows_on_a_terminal_only_and_not_with_quiet(tmp):
    cohort, ids = jobs_cohort(tmp)
    claims = jobs_claims(tmp, ids)
    often = {"OUTCOMES_TEST_PROGRESS_MS": "0"}  # redraw at every batch, so a short run shows it
    commands = [(["compare"] + SBS_THREE_PLANS + ["--families", cohort, "--as-of", "2018-06-30", "--format", "csv"],
                 "families/s"),
                (["validate", "--plan", PLAN, "--families", cohort, "--claims", claims], "claims/s"),
                (["run", "--plan", PLAN, "--families", cohort, "--as-of", "2018-06-30", "--format", "csv"],
                 "families/s"),
                (["report", "--plan", PLAN, "--families", cohort, "--as-of", "2018-06-30", "--format", "csv"],
                 "families/s")]
    for args, rate in commands:
        for j in ["1", "2"]:
            code, out, shown = stderr_on_a_terminal(args + ["--jobs", j], often)
            assert code == 3 and rate in shown and "s left" in shown, (args[0], j, shown[-500:])
            assert "\r" in shown
            assert out.decode() == run(args + ["--jobs", j])[1], (args[0], "stdout changed by the progress line")
            code, out, shown = stderr_on_a_terminal(args + ["--jobs", j, "-q"], often)
            assert rate not in shown, (args[0], j, "progress shown with --quiet")
        # Not a terminal: no progress, whatever the interval.
        code, out, err = run(args, env=often)
        assert rate not in err, (args[0], err[-500:])


if __name__ == "__main__":
    sys.exit(cli.main(__doc__))
