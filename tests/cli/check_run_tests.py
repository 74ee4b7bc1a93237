#!/usr/bin/env python3
"""Command-line tests of check, run, disasm, gen and explain: exit statuses, output
shapes, messages, the schema declared in stdlib, and a differential run against
the independent oracle.

Usage: check_run_tests.py OUTCOMES_BINARY
"""
import json
import os
import shutil
import subprocess
import sys

from cli_support import main, ROOT, PLAN, ORACLE, test, run, family, write, PLANS, MAY_BE_UNKNOWN, generated_cohort


@test
def check_is_clean_for_the_bundled_plan(tmp):
    code, out, err = run(["check", PLAN])
    assert code == 0, err
    assert "ok" in err and "34 indicators" in err, err


@test
def check_reports_errors_with_file_line_and_caret(tmp):
    bad = write(tmp, "bad.plan", 'plan "x"\nstrand crime "Crime" {\n  indicator 1.1 {\n'
                '    presents when any offense where date in last 12 months before A\n'
                '    progress when true\n  }\n}\n')
    code, out, err = run(["check", bad])
    assert code == 1, (code, err)
    assert "bad.plan:4:" in err and "^" in err, err
    assert "did you mean `offence`" in err, err


@test
def run_jsonl_has_the_spec_shape_for_every_family(tmp):
    cohort = write(tmp, "c.jsonl", "\n".join([
        family("F1", events=[{"type": "offence", "member": "C1", "date": "2017-03-01"}]),
        family("F2"),
    ]) + "\n")
    code, out, err = run(["run", "--plan", PLAN, "--families", cohort, "--as-of", "2018-06-30", "--format", "jsonl"])
    assert code == 0, err
    lines = [json.loads(l) for l in out.splitlines()]
    assert [l["family"] for l in lines] == ["F1", "F2"]
    for l in lines:
        assert list(l.keys()) == ["family", "plan", "as_of", "indicators", "strands", "results"], l.keys()
        assert l["plan"] == "herts-2018" and l["as_of"] == "2018-06-30"
        assert len(l["indicators"]) == 34 and list(l["indicators"])[0] == "1.1" and list(l["indicators"])[-1] == "6.5"
        assert list(l["strands"]) == ["crime", "education", "children_need_help", "employment", "domestic_abuse", "health"]
        assert list(l["results"]) == ["eligible", "intensive", "sustained_progress", "employment"]
        for ind in l["indicators"].values():
            assert set(ind) == {"presenting", "progress"}
            assert (ind["progress"] is None) == (not ind["presenting"])
    assert lines[0]["indicators"]["1.1"] == {"presenting": True, "progress": "met"}
    assert lines[1]["results"]["sustained_progress"] == "invalid"
    assert err.strip().endswith("2 families evaluated, 0 rejected, 0 skipped"), err


@test
def bad_families_are_rejected_with_file_line_id_and_field_and_the_rest_evaluated(tmp):
    cohort = write(tmp, "c.jsonl", "\n".join([
        family("F1"),
        family("F2", events=[{"type": "offence", "member": "C1", "date": "2017-13-01"}]),
        "{not json",
        family("F4", events=[{"type": "exclusion", "member": "C1", "date": "2017-03-01", "kind": "permanant"}]),
        family("F1"),
        family("F6", events=[{"type": "offence", "member": "X9", "date": "2017-03-01"}]),
        family("F7"),
    ]) + "\n")
    code, out, err = run(["run", "--plan", PLAN, "--families", cohort, "--as-of", "2018-06-30", "--format", "jsonl"])
    assert code == 3, (code, err)
    assert [json.loads(l)["family"] for l in out.splitlines()] == ["F1", "F7"]
    assert "c.jsonl:2: family F2: events[0].date" in err, err
    assert "c.jsonl:3:" in err, err
    assert "c.jsonl:4: family F4: events[0].kind" in err and "permanent" in err, err
    assert "c.jsonl:5: family F1" in err, err
    assert "c.jsonl:6: family F6: events[0].member" in err, err
    assert "2 families evaluated, 5 rejected, 0 skipped" in err, err


@test
def a_family_assessed_after_the_as_of_date_is_reported_and_skipped(tmp):
    cohort = write(tmp, "c.jsonl", family("F1", a="2018-07-01") + "\n" + family("F2") + "\n")
    code, out, err = run(["run", "--plan", PLAN, "--families", cohort, "--as-of", "2018-06-30", "--format", "jsonl"])
    assert code == 3, (code, err)
    assert [json.loads(l)["family"] for l in out.splitlines()] == ["F2"]
    assert "family F1: skipped" in err, err


@test
def usage_errors_exit_2(tmp):
    cohort = write(tmp, "c.jsonl", family("F1") + "\n")
    assert run(["run", "--plan", PLAN, "--families", cohort, "--as-of", "2018-02-30"])[0] == 2
    assert run(["run", "--plan", PLAN, "--families", cohort, "--as-of", "2018-06-30", "--format", "xml"])[0] == 2
    assert run(["run", "--plan", PLAN, "--families", os.path.join(tmp, "missing.jsonl"), "--as-of", "2018-06-30"])[0] == 2
    assert run(["frobnicate"])[0] == 2


@test
def output_file_csv_and_stdin(tmp):
    cohort_text = family("F1") + "\n" + family("F2") + "\n"
    target = os.path.join(tmp, "out.csv")
    code, out, err = run(["run", "--plan", PLAN, "--families", "-", "--as-of", "2018-06-30", "--format", "csv",
                          "--output", target], stdin=cohort_text)
    assert code == 0, err
    assert out == ""
    rows = open(target).read().splitlines()
    assert rows[0].startswith("family,plan,as_of,1.1 presenting,1.1 progress"), rows[0]
    assert len(rows) == 3 and rows[1].startswith("F1,herts-2018,2018-06-30,false,")
    assert not [f for f in os.listdir(tmp) if ".tmp-" in f]


@test
def table_summary_names_every_strand(tmp):
    cohort = write(tmp, "c.jsonl", family("F1", events=[{"type": "offence", "member": "C1", "date": "2017-03-01"}]) + "\n")
    code, out, err = run(["run", "--plan", PLAN, "--families", cohort, "--as-of", "2018-06-30"])
    assert code == 0, err
    for strand in ["crime", "education", "children_need_help", "employment", "domestic_abuse", "health"]:
        assert "(%s)" % strand in out, out
    assert "1 families evaluated" in out


@test
def disasm_interleaves_rule_lines_and_instructions(tmp):
    code, out, err = run(["disasm", PLAN])
    assert code == 0, err
    assert "function indicator 1.1 presents" in out
    assert "herts-2018.plan:" in out and "ITER_NEXT" in out and "RETURN" in out


@test
def adding_an_event_type_is_a_change_to_stdlib_alone(tmp):
    stdlib = os.path.join(tmp, "stdlib")
    shutil.copytree(os.path.join(ROOT, "stdlib"), stdlib)
    with open(os.path.join(stdlib, "schema.rules"), "a") as f:
        f.write('\nenum MoveReason: managed, exclusion_risk\n'
                'event school_move by member { date: Date  reason: MoveReason  sessions_missed: Int optional }\n')
    plan = write(tmp, "moves.plan", 'plan "moves"\nstrand education "Education" {\n  indicator 9.1 {\n'
                 '    presents when any school_move where reason == exclusion_risk and date in last 12 months before A\n'
                 '    progress when no school_move where date in (A, C]\n  }\n}\n')
    cohort = write(tmp, "c.jsonl", "\n".join([
        family("F1", events=[{"type": "school_move", "member": "C1", "date": "2017-05-01", "reason": "exclusion_risk"}]),
        family("F2", events=[{"type": "school_move", "member": "C1", "date": "2017-05-01", "reason": "elsewhere"}]),
    ]) + "\n")
    env = {"OUTCOMES_STDLIB": stdlib}
    code, out, err = run(["run", "--plan", plan, "--families", cohort, "--as-of", "2018-06-30", "--format", "jsonl"], env=env)
    assert code == 3, (code, err)
    lines = [json.loads(l) for l in out.splitlines()]
    assert lines[0]["indicators"]["9.1"] == {"presenting": True, "progress": "met"}, lines
    assert "family F2: events[0].reason" in err, err
    # Without the extended stdlib the type is unknown to the loader.
    code, out, err = run(["check", plan])
    assert code == 1 and "school_move" in err, err


@test
def verdicts_agree_with_the_independent_oracle(tmp):
    cohort = os.path.join(tmp, "oracle-cohort.jsonl")
    with open(cohort, "w") as f:
        subprocess.run([sys.executable, os.path.join(ORACLE, "gen_families.py"), "--seed", "11", "--count", "800"],
                       stdout=f, check=True)
    for as_of in ["2018-06-30", "2019-01-31"]:
        code, out, err = run(["run", "--plan", PLAN, "--families", cohort, "--as-of", as_of, "--format", "jsonl"])
        assert code in (0, 3), err
        ours = write(tmp, "ours.jsonl", out)
        theirs = os.path.join(tmp, "theirs.jsonl")
        with open(theirs, "w") as f:
            subprocess.run([sys.executable, os.path.join(ORACLE, "register.py"), "--plan", "herts-2018", "--families",
                            cohort, "--as-of", as_of], stdout=f, stderr=subprocess.DEVNULL)
        diff = subprocess.run([sys.executable, os.path.join(ORACLE, "diff_outputs.py"), theirs, ours],
                              capture_output=True, text=True)
        report = diff.stdout + diff.stderr
        assert diff.returncode == 0, report[-3000:]
        assert " 0 differences" in report, report[-500:]


@test
def generated_cohorts_agree_with_the_oracle_for_every_plan(tmp):
    cohort = generated_cohort(tmp, 1500, 21)
    for plan in PLANS:
        for as_of in ["2018-06-30", "2019-02-28"]:
            code, out, err = run(["run", "--plan", os.path.join(ROOT, "plans", plan + ".plan"), "--families", cohort,
                                  "--as-of", as_of, "--format", "jsonl"])
            assert code in (0, 3), err[-2000:]
            ours = write(tmp, "ours.jsonl", out)
            theirs = os.path.join(tmp, "theirs.jsonl")
            with open(theirs, "w") as f:
                subprocess.run([sys.executable, os.path.join(ORACLE, "register.py"), "--plan", plan, "--families",
                                cohort, "--as-of", as_of], stdout=f, stderr=subprocess.DEVNULL)
            diff = subprocess.run([sys.executable, os.path.join(ORACLE, "diff_outputs.py"), theirs, ours],
                                  capture_output=True, text=True)
            report = diff.stdout + diff.stderr
            assert diff.returncode == 0 and " 0 differences" in report, (plan, as_of, report[-2000:])


@test
def the_generator_covers_every_indicator_met_not_met_and_unknown(tmp):
    cohort = generated_cohort(tmp, 1000, 1)
    for plan in PLANS:
        code, out, err = run(["run", "--plan", os.path.join(ROOT, "plans", plan + ".plan"), "--families", cohort,
                              "--as-of", "2018-06-30", "--format", "jsonl"])
        assert code in (0, 3), err[-2000:]
        seen = {}
        for line in out.splitlines():
            for ind, v in json.loads(line)["indicators"].items():
                if v["presenting"]:
                    seen.setdefault(ind, set()).add(v["progress"])
        indicators = list(json.loads(out.splitlines()[0])["indicators"])
        for ind in indicators:
            states = seen.get(ind, set())
            assert {"met", "not_met"} <= states, (plan, ind, states)
            if ind in MAY_BE_UNKNOWN[plan]:
                assert "unknown" in states, (plan, ind, states)


@test
def explain_agrees_with_run_and_cites_windows_and_evidence(tmp):
    cohort = write(tmp, "c.jsonl", family("F1", events=[{"type": "offence", "member": "C1", "date": "2018-02-03"},
                                                        {"type": "offence", "member": "C1", "date": "2017-03-01"}]) + "\n")
    code, out, err = run(["explain", "--plan", PLAN, "--families", cohort, "--family", "F1", "--as-of", "2018-06-30"])
    assert code == 0, err
    assert "1.1 presents" in out and "No offences in the last 6 months." in out
    assert "[window (2017-12-30, 2018-06-30]]" in out and "offence on 2018-02-03 by C1" in out, out[:3000]
    code, out, err = run(["explain", "--plan", PLAN, "--families", cohort, "--family", "F1", "--as-of", "2018-06-30",
                          "--format", "json"])
    x = json.loads(out)
    ind = [i for i in x["indicators"] if i["id"] == "1.1"][0]
    assert ind["presenting"] and ind["progress"] == "not_met"
    code, out, err = run(["explain", "--plan", PLAN, "--families", cohort, "--family", "NOPE", "--as-of", "2018-06-30"])
    assert code == 3 and "no accepted family" in err


if __name__ == "__main__":
    sys.exit(main(__doc__))
