#!/usr/bin/env python3
"""Command-line tests of plans side by side: diff, compare and report.

Usage: side_by_side_tests.py OUTCOMES_BINARY
"""
import json
import os
import sys

from cli_support import main, PLAN, test, run, family, write, SBS_PLANS_DIR, SBS_SAMPLE, SBS_THREE_PLANS, sbs_copy_plan


@test
def diff_names_the_da_notification_window_change_between_herts_2018_and_tf2(tmp):
    code, out, err = run(["diff", os.path.join(SBS_PLANS_DIR, "herts-2018.plan"), os.path.join(SBS_PLANS_DIR, "tf2.plan")])
    assert code == 0, err
    assert "da_notification_window: 12 months → 6 months   (tf2 overrides it)" in out, out
    assert "changed  absence_measure   (tf2 overrides it)" in out, out
    assert "+  overall_absence_rate(c, on)" in out, out
    assert "removed  1.1 (crime)" in out and "added    1a (crime)" in out, out
    code, out, err = run(["diff", os.path.join(SBS_PLANS_DIR, "herts-2018.plan"), os.path.join(SBS_PLANS_DIR, "tf2.plan"),
                          "--format", "json"])
    assert code == 0, err
    d = json.loads(out)
    changed = {p["name"]: p for p in d["parameters"]["changed"]}
    assert changed["da_notification_window"]["from"] == "12 months", changed
    assert changed["da_notification_window"]["to"] == "6 months"
    assert changed["da_notification_window"]["override_to"] is True
    assert {x["name"] for x in d["definitions"]["changed"] if x["override_to"]} == {"absence_measure", "school_leaver"}
    assert len(d["indicators"]["added"]) == 21 and len(d["indicators"]["removed"]) == 34
    assert d["from"]["plan"] == "herts-2018" and d["to"]["plan"] == "tf2" and d["same"] is False


@test
def diff_ignores_formatting_and_shows_real_changes_as_a_unified_diff(tmp):
    text = sbs_copy_plan(tmp)
    # The same rules with every comment and all indentation gone, on one line.
    flat = " ".join(l.strip() for l in text.splitlines() if l.strip() and not l.strip().startswith("#"))
    flat_plan = write(tmp, "flat.plan", flat + "\n")
    original = os.path.join(SBS_PLANS_DIR, "herts-2018.plan")
    code, out, err = run(["diff", original, flat_plan])
    assert code == 0, err
    assert "The two plans have the same rules." in out, out
    code, out, err = run(["diff", original, flat_plan, "--format", "json"])
    assert json.loads(out)["same"] is True
    # Now real changes: a threshold, a wording, and one condition.
    edited = text.replace('param da_support_period "how long domestic abuse support must be engaged with (5.2)" = 3 months',
                          'param da_support_period "how long domestic abuse support must be engaged with (5.2)" = 4 months')
    edited = edited.replace('issue "A child who is currently subject to Child Protection Plan."',
                            'issue "A child subject to a Child Protection Plan."')
    edited = edited.replace("presents when any cp_plan where member.role == child and it active at A",
                            "presents when any cp_plan where member.role == child and it active at A - 1 day")
    assert edited.count("4 months") == 1 and "Child Protection Plan.\"" in edited and "A - 1 day" in edited
    edited_plan = write(tmp, "edited.plan", edited)
    code, out, err = run(["diff", original, edited_plan])
    assert code == 0, err
    assert "da_support_period: 3 months → 4 months" in out, out
    assert "changed  3.3 (children_need_help)" in out, out
    assert 'issue: "A child who is currently subject to Child Protection Plan."' in out, out
    assert "-presents when any cp_plan where member.role == child and it active at A\n" in out, out
    assert "+presents when any cp_plan where member.role == child and it active at A - 1 day\n" in out, out
    assert "conditions changed" in out


@test
def diff_usage_and_plan_errors(tmp):
    bad = write(tmp, "bad.plan", 'plan "x"\nstrand crime "Crime" {\n  indicator 1 {\n    presents when nonsense\n'
                '    progress when true\n  }\n}\n')
    assert run(["diff", os.path.join(SBS_PLANS_DIR, "tf2.plan"), bad])[0] == 1
    assert run(["diff", os.path.join(SBS_PLANS_DIR, "tf2.plan")])[0] == 2
    assert run(["diff", os.path.join(SBS_PLANS_DIR, "tf2.plan"), os.path.join(tmp, "missing.plan")])[0] == 2
    assert run(["diff", PLAN, PLAN, "--format", "xml"])[0] == 2


def sbs_compare_json(tmp, extra=()):
    code, out, err = run(["compare"] + SBS_THREE_PLANS + ["--families", SBS_SAMPLE, "--as-of", "2018-06-30", "--format", "json"]
                         + list(extra))
    return code, json.loads(out) if out else None, err


@test
def compare_crosstabs_add_up_to_the_cohort_and_agree_with_run(tmp):
    code, c, err = sbs_compare_json(tmp)
    assert code == 3, (code, err)  # two sample families are assessed after the as-of date
    assert "skipped: assessment date" in err and "298 families evaluated under 3 plans, 0 rejected, 2 skipped" in err, err
    n = c["families"]
    assert n == 298 and c["skipped"] == 2
    assert [p["label"] for p in c["plans"]] == ["herts-2018", "tf2", "herefordshire-v6.1"]
    assert [s["id"] for s in c["strands"]] == ["crime", "education", "children_need_help", "employment",
                                                "domestic_abuse", "health"]
    for s in c["strands"]:
        assert len(s["crosstab"]) == 3, s
        for x in s["crosstab"]:
            t = x["presenting"]
            assert t["both"] + t["only_first"] + t["only_second"] + t["neither"] == n, (s["id"], x)
            assert t["both"] + t["only_first"] == s["plans"][x["first"]]["presenting"]
            assert t["both"] + t["only_second"] == s["plans"][x["second"]]["presenting"]
    results = {r["name"]: r for r in c["results"]}
    assert set(results) == {"eligible", "intensive", "sustained_progress", "employment", "case_result"}
    assert len(results["eligible"]["crosstab"]) == 1  # herefordshire-v6.1 has no `eligible`
    assert len(results["sustained_progress"]["crosstab"]) == 3
    for r in results.values():
        for counts in r["plans"].values():
            assert sum(counts.values()) == n, r
        for x in r["crosstab"]:
            t = x["positive"]
            assert t["both"] + t["only_first"] + t["only_second"] + t["neither"] == n
    # Per-plan counts agree with `run` over the same cohort.
    for plan, label in [("herts-2018.plan", "herts-2018"), ("tf2.plan", "tf2")]:
        code, out, err = run(["run", "--plan", os.path.join(SBS_PLANS_DIR, plan), "--families", SBS_SAMPLE, "--as-of", "2018-06-30",
                              "--format", "jsonl"])
        lines = [json.loads(l) for l in out.splitlines()]
        assert len(lines) == n
        for s in c["strands"]:
            presenting = sum(1 for l in lines if l["strands"][s["id"]]["presenting"])
            met = sum(1 for l in lines if l["strands"][s["id"]]["progress"] == "met")
            assert s["plans"][label]["presenting"] == presenting and s["plans"][label]["met"] == met, (label, s)
        valid = sum(1 for l in lines if l["results"]["sustained_progress"] in ("valid", "valid_discretionary"))
        assert results["sustained_progress"]["plans"][label]["valid"] + \
            results["sustained_progress"]["plans"][label]["valid_discretionary"] == valid
    # Families whose results differ name the indicators responsible.
    diffs = c["differing_families"]
    assert diffs["count"] == len(diffs["families"]) > 0
    f = diffs["families"][0]
    assert f["results"] and f["strands"], f
    some = next(iter(f["strands"].values()))
    assert set(some) == {"herts-2018", "tf2", "herefordshire-v6.1"}


@test
def compare_table_csv_html_and_atomic_output(tmp):
    target = os.path.join(tmp, "compare.csv")
    code, out, err = run(["compare"] + SBS_THREE_PLANS + ["--families", SBS_SAMPLE, "--as-of", "2018-06-30", "--format", "csv",
                                                      "--output", target, "-q"])
    assert code == 3 and out == "", (code, err)
    rows = open(target).read().splitlines()
    assert rows[0] == "section,item,plan,versus,measure,value"
    assert "cohort,families,,,evaluated,298" in rows
    cross = [r.split(",") for r in rows if r.startswith("strand_crosstab,crime,herts-2018,tf2,")]
    assert len(cross) == 4 and sum(int(r[5]) for r in cross) == 298, cross
    assert not [f for f in os.listdir(tmp) if ".tmp-" in f]
    code, out, err = run(["compare"] + SBS_THREE_PLANS[:4] + ["--families", SBS_SAMPLE, "--as-of", "2018-06-30"])
    assert code == 3, err
    assert "Comparing 2 plans over 298 families, as of 2018-06-30" in out, out
    assert "herts-2018 vs tf2" in out and "Families whose results differ:" in out, out
    page = os.path.join(tmp, "compare.html")
    code, out, err = run(["compare"] + SBS_THREE_PLANS + ["--families", SBS_SAMPLE, "--as-of", "2018-06-30", "--format", "html",
                                                      "--output", page])
    html = open(page).read()
    assert html.startswith("<!DOCTYPE html>") and '<table id="strand-crosstab">' in html
    assert '<svg class="chart" id="chart-strand-presenting"' in html
    assert "<script" not in html and "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")


@test
def compare_usage_plan_errors_and_rejected_families(tmp):
    cohort = write(tmp, "c.jsonl", "\n".join([
        family("F1", events=[{"type": "offence", "member": "C1", "date": "2017-03-01"}]),
        family("F2", events=[{"type": "offence", "member": "C1", "date": "2017-13-01"}]),
        family("F3"),
    ]) + "\n")
    two = SBS_THREE_PLANS[:4]
    assert run(["compare", "--plan", PLAN, "--families", cohort, "--as-of", "2018-06-30"])[0] == 2
    assert run(["compare"] + two + ["--families", cohort, "--as-of", "2018-02-30"])[0] == 2
    assert run(["compare"] + two + ["--families", cohort, "--as-of", "2018-06-30", "--format", "xml"])[0] == 2
    assert run(["compare"] + two + ["--families", os.path.join(tmp, "missing.jsonl"), "--as-of", "2018-06-30"])[0] == 2
    bad = write(tmp, "bad.plan", 'plan "x"\nstrand crime "Crime" {\n  indicator 1 {\n    presents when nonsense\n'
                '    progress when true\n  }\n}\n')
    assert run(["compare", "--plan", PLAN, "--plan", bad, "--families", cohort, "--as-of", "2018-06-30"])[0] == 1
    code, out, err = run(["compare"] + two + ["--families", cohort, "--as-of", "2018-06-30", "--format", "json"])
    assert code == 3, (code, err)
    assert "c.jsonl:2: family F2: events[0].date" in err, err
    assert "2 families evaluated under 2 plans, 1 rejected, 0 skipped" in err, err
    assert json.loads(out)["families"] == 2
    code, out, err = run(["compare"] + two + ["--families", "-", "--as-of", "2018-06-30", "--format", "json"],
                         stdin=family("F1") + "\n")
    assert code == 0, err
    assert json.loads(out)["families"] == 1


@test
def report_totals_add_up_per_district_and_per_lead_agency(tmp):
    for by in ["district", "lead_agency"]:
        code, out, err = run(["report", "--plan", PLAN, "--families", SBS_SAMPLE, "--as-of", "2018-06-30", "--by", by,
                              "--format", "csv"])
        assert code == 3, (code, err)
        assert "298 families evaluated, 0 rejected, 2 skipped" in err, err
        lines = out.splitlines()
        header = lines[0].split(",")
        assert header[:2] == [by, "families"], header
        rows = [l.split(",") for l in lines[1:]]
        body, total = rows[:-1], rows[-1]
        assert total[0] == "TOTAL" and int(total[1]) == 298, total
        assert "(not given)" in [r[0] for r in body]
        for col in range(1, len(header)):
            if "%" in header[col]:
                continue
            assert sum(int(r[col]) for r in body) == int(total[col]), header[col]
        eligible = header.index("eligible")
        assert int(total[eligible]) == 236, total[eligible]
    code, out, err = run(["report", "--plan", PLAN, "--families", SBS_SAMPLE, "--as-of", "2018-06-30", "-q"])
    assert code == 3
    assert "cohort report by district, as of 2018-06-30" in out and "\nTOTAL " in out, out
    page = os.path.join(tmp, "report.html")
    code, out, err = run(["report", "--plan", os.path.join(SBS_PLANS_DIR, "herefordshire-v6.1.plan"), "--families", SBS_SAMPLE,
                          "--as-of", "2018-06-30", "--format", "html", "--output", page])
    html = open(page).read()
    assert '<table id="report-summary">' in html and '<tr data-key="TOTAL" class="total">' in html
    assert "case_result: met" in html and '<svg class="chart" id="chart-strand-percent"' in html
    assert run(["report", "--plan", PLAN, "--families", SBS_SAMPLE, "--as-of", "2018-06-30", "--by", "postcode"])[0] == 2
    assert run(["report", "--plan", PLAN, "--families", SBS_SAMPLE, "--as-of", "2018-06-30", "--format", "json"])[0] == 2


if __name__ == "__main__":
    sys.exit(main(__doc__))
