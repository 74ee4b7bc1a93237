"""What the command-line test scripts share: the binary under test, running
it, small cohorts and plans to test with, and the main() each script calls.

Each *_tests.py script in this folder covers one group of commands and is a
ctest of its own (CMakeLists.txt), so they run in parallel."""
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from script_tests import run_tests  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PLAN = os.path.join(ROOT, "plans", "herts-2018.plan")
ORACLE = os.path.join(ROOT, "tests", "oracle")
BIN = None  # set by main()
TESTS = []


def test(fn):
    TESTS.append(fn)
    return fn


def run(args, stdin=None, env=None):
    e = dict(os.environ)
    e.update(env or {})
    p = subprocess.run([BIN] + args, input=stdin, capture_output=True, text=True, env=e, timeout=600)
    return p.returncode, p.stdout, p.stderr


def family(fid, a="2017-09-12", events=None, members=None):
    return json.dumps({
        "id": fid, "assessment_date": a,
        "members": members or [{"id": "M1", "role": "adult", "dob": "1985-03-02", "parenting": True},
                               {"id": "C1", "role": "child", "dob": "2006-05-10"}],
        "events": events or []})


def write(tmp, name, text):
    path = os.path.join(tmp, name)
    with open(path, "w") as f:
        f.write(text)
    return path


PLANS = ["herts-2018", "tf2", "herefordshire-v6.1"]
# Indicators whose progress the register lets be unknown (missing attendance data).
MAY_BE_UNKNOWN = {
    "herts-2018": ["2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.7"],
    "tf2": ["2a", "2b", "2c", "2d", "2e"],
    "herefordshire-v6.1": ["4", "5"],
}


def generated_cohort(tmp, n, seed):
    path = os.path.join(tmp, "gen-%d-%d.jsonl" % (n, seed))
    with open(path, "w") as f:
        subprocess.run([BIN, "gen", "--n", str(n), "--seed", str(seed)], stdout=f, check=True)
    return path


CLAIMS_DIR = os.path.join(ROOT, "tests", "claims")
CLAIM_PLANS = ["herts-2018", "tf2", "herefordshire-v6.1"]


def validate(args, cwd=None, env=None):
    e = dict(os.environ)
    e.update(env or {})
    p = subprocess.run([BIN, "validate"] + args, capture_output=True, text=True, cwd=cwd, env=e, timeout=600)
    return p.returncode, p.stdout, p.stderr


def fixture_args(plan):
    """validate's arguments for a hand-checked fixture, relative to its directory (so messages are stable)."""
    return ["--plan", os.path.join(ROOT, "plans", plan + ".plan"), "--families", "cohort.jsonl", "--claims",
            "claims.csv"]


SBS_PLANS_DIR = os.path.join(ROOT, "plans")
SBS_SAMPLE = os.path.join(ROOT, "data", "sample-cohort.jsonl")
SBS_THREE_PLANS = ["--plan", os.path.join(SBS_PLANS_DIR, "herts-2018.plan"), "--plan", os.path.join(SBS_PLANS_DIR, "tf2.plan"),
               "--plan", os.path.join(SBS_PLANS_DIR, "herefordshire-v6.1.plan")]


def sbs_copy_plan(tmp, name="herts-2018.plan"):
    """A copy of a bundled plan (and the shared module it imports) to edit."""
    shutil.copytree(os.path.join(SBS_PLANS_DIR, "shared"), os.path.join(tmp, "shared"), dirs_exist_ok=True)
    with open(os.path.join(SBS_PLANS_DIR, name)) as f:
        return f.read()


def main(doc):
    """Runs the tests registered with @test against the binary named on the command line."""
    global BIN
    if len(sys.argv) != 2:
        print(doc)
        return 2
    BIN = os.path.abspath(sys.argv[1])
    return run_tests(TESTS)
