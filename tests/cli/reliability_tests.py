#!/usr/bin/env python3
"""Reliability of the command line (docs/reliability.md): limits give clear
messages (checked word for word, not only by exit status), interrupted runs
leave no half-written output, and the same inputs give byte-identical outputs.

Usage: reliability_tests.py OUTCOMES_BINARY
"""
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from script_tests import run_tests  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PLANS = [os.path.join(ROOT, "plans", p + ".plan") for p in ["herts-2018", "tf2", "herefordshire-v6.1"]]
PLAN = PLANS[0]
BIN = None
TESTS = []


def test(fn):
    TESTS.append(fn)
    return fn


def run(args, stdin=None, timeout=600):
    p = subprocess.run([BIN] + args, input=stdin, capture_output=True, timeout=timeout)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def write(tmp, name, data):
    path = os.path.join(tmp, name)
    with open(path, "wb" if isinstance(data, bytes) else "w") as f:
        f.write(data)
    return path


def cohort(tmp, n, seed=3):
    path = os.path.join(tmp, "gen-%d-%d.jsonl" % (n, seed))
    if not os.path.exists(path):
        with open(path, "wb") as f:
            subprocess.run([BIN, "gen", "--n", str(n), "--seed", str(seed)], stdout=f, check=True)
    return path


FAMILY = ('{"id": "%s", "assessment_date": "2017-09-12", "members": [{"id": "M1", "role": "adult", '
          '"dob": "1985-03-02"}, {"id": "C1", "role": "child", "dob": "2006-05-10"}], "events": [%s]}')


def indicator_plan(condition):
    return ('plan "x"\nstrand crime "Crime" {\n  indicator 1.1 {\n    presents when %s\n'
            '    progress when true\n  }\n}\n' % condition)


def accepts(command, option):
    code, out, err = run([command, "--help"])
    return option in out.decode()


# ---- limits -----------------------------------------------------------------

@test
def a_line_over_64_mib_is_skipped_with_its_length_and_the_rest_evaluated(tmp):
    path = os.path.join(tmp, "long.jsonl")
    long_line = (FAMILY % ("F1", ""))[:-1] + ', "note": "' + "x" * (65 << 20) + '"}'
    with open(path, "w") as f:
        f.write(FAMILY % ("F0", "") + "\n" + long_line + "\n" + FAMILY % ("F2", "") + "\n")
    code, out, err = run(["run", "--plan", PLAN, "--families", path, "--as-of", "2018-06-30", "--format", "jsonl"])
    assert code == 3, (code, err[-500:])
    assert ("long.jsonl:2: the line is %d bytes long, more than the limit of 67108864 bytes; it was skipped"
            % len(long_line)) in err, err[-500:]
    assert [l.split(b'"')[3] for l in out.splitlines()] == [b"F0", b"F2"], out[:200]


@test
def a_rule_file_over_16_mib_is_refused_by_name(tmp):
    big = write(tmp, "big.plan", "# " + "x" * (16 << 20) + "\n" + indicator_plan("true"))
    code, out, err = run(["check", big])
    assert code == 1, (code, err)
    assert "error[E0400]: cannot read %s: it is larger than 16 MiB" % big in err, err
    importer = write(tmp, "importer.plan", 'import "big.plan"\n' + indicator_plan("true"))
    code, out, err = run(["check", importer])
    assert code == 1 and "error[E0402]: cannot read" in err and "it is larger than 16 MiB" in err, err


@test
def huge_numbers_in_rules_and_in_families_are_named(tmp):
    plan = write(tmp, "n.plan", indicator_plan("99999999999999999999 > 3"))
    code, out, err = run(["check", plan])
    assert code == 1 and "error[E0217]: the number 99999999999999999999 is too large" in err, err
    plan = write(tmp, "p.plan", indicator_plan("1.00000000000000000000001 > 1"))
    code, out, err = run(["check", plan])
    assert code == 1 and "error[E0217]: the number 1.00000000000000000000001 is too large" in err, err
    events = ('{"type": "attendance", "member": "C1", "term": "2017-autumn", "possible_sessions": '
              '99999999999999999999, "authorised_absence": 1, "unauthorised_absence": 1}')
    fams = write(tmp, "c.jsonl", FAMILY % ("F1", events) + "\n" +
                 FAMILY % ("F2", '{"type": "missing_episode", "member": "C1", "date": "2017-01-01", '
                                 '"hours": 1e400}') + "\n" +
                 FAMILY % ("F3", '{"type": "attendance", "member": "C1", "term": "2017-autumn", "possible_sessions": '
                                 '100, "authorised_absence": 9223372036854775807, "unauthorised_absence": '
                                 '9223372036854775807}') + "\n")
    code, out, err = run(["run", "--plan", PLAN, "--families", fams, "--as-of", "2018-06-30", "--format", "jsonl"])
    assert code == 3, (code, err)
    assert ("c.jsonl:1: family F1: events[0].possible_sessions: expected a non-negative whole number, "
            "found 99999999999999999999") in err, err
    assert "c.jsonl:2: family F2: events[0].hours: expected a non-negative number, found 1e400" in err, err
    # The schema's check overflows: the family is rejected, saying so.
    assert ("c.jsonl:3: family F3: events[0].authorised_absence: authorised plus unauthorised absence exceeds "
            "possible sessions (the check could not be evaluated: a whole number grew too large (rule at ") in err, err


@test
def deeply_nested_json_is_rejected_with_a_message(tmp):
    deep_ignored = (FAMILY % ("F1", ""))[:-1] + ', "x": ' + "[" * 150 + "]" * 150 + "}"
    deep_parser = '{"id": "F2", "x": ' + "[" * 5000 + "]" * 5000 + "}"
    fams = write(tmp, "d.jsonl", deep_ignored + "\n" + deep_parser + "\n" + FAMILY % ("F3", "") + "\n")
    code, out, err = run(["run", "--plan", PLAN, "--families", fams, "--as-of", "2018-06-30", "--format", "jsonl"])
    assert code == 3, (code, err)
    assert "d.jsonl:1: family F1: x: nested more than 100 levels deep" in err, err
    assert "d.jsonl:2: family F2: x: nested more than 100 levels deep" in err, err
    assert out.count(b"\n") == 1, out


@test
def deep_rules_stop_at_clear_errors(tmp):
    deep = write(tmp, "deep.plan", indicator_plan("(" * 100000 + "true" + ")" * 100000))
    code, out, err = run(["check", deep])
    assert code == 1 and "error[E0206]: this rule is nested more than 200 levels deep" in err, err
    chain = "".join("def d%d = d%d\n" % (i, i + 1) for i in range(10000)) + "def d10000 = true\n"
    plan = write(tmp, "chain.plan", 'plan "x"\n' + chain + indicator_plan("d0").split("\n", 1)[1])
    code, out, err = run(["check", plan])
    assert code == 1, (code, err[-300:])
    assert "error[E0380]: `d200` uses a chain of more than 200 definitions, each using the next" in err, err[:600]
    assert err.count("error[") == 1, err[:2000]


@test
def cyclic_definitions_and_imports_are_named(tmp):
    plan = write(tmp, "cycle.plan", 'plan "x"\ndef a = b\ndef b = c\ndef c = a\n' +
                 indicator_plan("a").split("\n", 1)[1])
    code, out, err = run(["check", plan])
    assert code == 1 and "error[E0316]: `a` is defined in terms of itself" in err, err
    write(tmp, "one.rules", 'module one\nimport "two.rules"\ndef x = true\n')
    write(tmp, "two.rules", 'module two\nimport "one.rules"\ndef y = true\n')
    plan = write(tmp, "imports.plan", 'import "one.rules"\n' + indicator_plan("x"))
    code, out, err = run(["check", plan])
    assert code == 1 and "error[E0401]: imports form a cycle through" in err and "one.rules" in err, err


# ---- nothing half-written -----------------------------------------------------

def temp_files(folder):
    return [f for f in os.listdir(folder) if ".tmp-" in f]


def interrupt(args, folder, target, sig):
    """Starts a run writing `target`, waits until its temporary file holds
    output, sends `sig`, and returns the exit status."""
    p = subprocess.Popen([BIN] + args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 300
    while time.time() < deadline and p.poll() is None:
        tmp = [f for f in temp_files(folder) if f.startswith(os.path.basename(target))]
        if tmp and os.path.getsize(os.path.join(folder, tmp[0])) > 0:
            break
        time.sleep(0.01)
    assert p.poll() is None, "the run ended before it could be interrupted: make the cohort bigger"
    p.send_signal(sig)
    return p.wait(timeout=60)


@test
def an_interrupted_run_leaves_the_previous_output_whole(tmp):
    fams = cohort(tmp, 4000)
    out_dir = os.path.join(tmp, "out")
    os.mkdir(out_dir)
    target = os.path.join(out_dir, "result.jsonl")
    base = ["run", "--plan", PLAN, "--families", fams, "--format", "jsonl", "--output", target, "-q"]
    code, _, err = run(base + ["--as-of", "2018-06-30"])
    assert code in (0, 3), err
    whole = open(target, "rb").read()
    assert whole.endswith(b"}\n") and whole.count(b"\n") > 3000
    for sig in (signal.SIGTERM, signal.SIGKILL, signal.SIGINT):
        status = interrupt(base + ["--as-of", "2019-01-31"], out_dir, target, sig)
        assert status == -sig, (sig, status)
        assert open(target, "rb").read() == whole, "signal %d changed the output" % sig
        for f in temp_files(out_dir):  # only SIGKILL can leave one, never under the target's name
            assert sig == signal.SIGKILL, (sig, f)
            os.remove(os.path.join(out_dir, f))
    # Interrupted before any output existed: no target at all.
    fresh = os.path.join(out_dir, "fresh.jsonl")
    base[base.index(target)] = fresh
    interrupt(base + ["--as-of", "2019-01-31"], out_dir, fresh, signal.SIGKILL)
    assert not os.path.exists(fresh)


@test
def every_command_that_writes_a_file_writes_it_whole_or_not_at_all(tmp):
    fams = cohort(tmp, 200)
    claims = write(tmp, "claims.csv", "claim_id,family,claim_date,kind\nK1,F0001,2018-06-30,sustained_progress\n")
    commands = {
        "run": ["run", "--plan", PLAN, "--families", fams, "--as-of", "2018-06-30", "--format", "csv"],
        "diff": ["diff", PLANS[0], PLANS[1]],
        "compare": ["compare", "--plan", PLANS[0], "--plan", PLANS[1], "--families", fams, "--as-of", "2018-06-30"],
        "report": ["report", "--plan", PLAN, "--families", fams, "--as-of", "2018-06-30"],
        "validate": ["validate", "--plan", PLAN, "--families", fams, "--claims", claims],
    }
    checked = []
    for name, args in commands.items():
        if not accepts(args[0], "--output"):
            continue
        checked.append(name)
        code, to_stdout, err = run(args)
        target = os.path.join(tmp, name + ".out")
        code2, out, err2 = run(args + ["--output", target])
        assert code2 == code and out == b"", (name, code, code2, err2)
        assert open(target, "rb").read() == to_stdout, name
        assert not temp_files(tmp), (name, temp_files(tmp))
        # An output that cannot be written is an error that names it, and leaves nothing.
        bad = os.path.join(tmp, "no-such-folder", name + ".out")
        code3, out, err3 = run(args + ["--output", bad])
        assert code3 == 2 and "no-such-folder" in err3, (name, code3, err3)
    assert "run" in checked, checked


# ---- determinism ----------------------------------------------------------------

@test
def the_same_inputs_give_byte_identical_outputs(tmp):
    fams = cohort(tmp, 1500, seed=8)
    jobs = [["--jobs", "1"], ["--jobs", "2"]] if accepts("run", "--jobs") else [[]]
    for plan in PLANS:
        for fmt in ["jsonl", "csv", "table"]:
            outputs = set()
            for j in jobs:
                for _ in range(2):
                    code, out, err = run(["run", "--plan", plan, "--families", fams, "--as-of", "2018-06-30",
                                          "--format", fmt, "-q"] + j)
                    assert code in (0, 3), err[-500:]
                    outputs.add(out)
            assert len(outputs) == 1, (plan, fmt, "outputs differ across runs or --jobs")
    gens = {run(["gen", "--n", "300", "--seed", "4"])[1] for _ in range(2)}
    assert len(gens) == 1
    # The other commands that read a cohort or plans, twice each.
    claims = write(tmp, "claims.csv", "claim_id,family,claim_date,kind\nK1,F0001,2018-06-30,sustained_progress\n"
                   "K2,F0002,2018-06-30,employment\n")
    others = [["explain", "--plan", PLAN, "--families", fams, "--family", "F0001", "--as-of", "2018-06-30"],
              ["diff", PLANS[0], PLANS[1]],
              ["compare", "--plan", PLANS[0], "--plan", PLANS[1], "--families", fams, "--as-of", "2018-06-30"],
              ["report", "--plan", PLAN, "--families", fams, "--as-of", "2018-06-30"],
              ["validate", "--plan", PLAN, "--families", fams, "--claims", claims]]
    for args in others:
        code, out, err = run([args[0], "--help"])
        if code != 0:
            continue  # not (yet) a command
        first, second = run(args), run(args)
        assert first[0] == second[0] and first[1] == second[1], (args[0], "outputs differ across runs")


def main():
    global BIN
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    BIN = os.path.abspath(sys.argv[1])
    return run_tests(TESTS, timed=True)


if __name__ == "__main__":
    sys.exit(main())
