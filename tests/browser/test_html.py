#!/usr/bin/env python3
"""Headless-browser tests of the HTML pages of `outcomes compare` and
`outcomes report`: each page is rendered by Debian's chromium (installed by
scripts/setup.sh; this script installs nothing), the rendered DOM is read
back with --dump-dom, and the tables and charts a reader relies on must be
there. A screenshot of each page is kept beside the binary, in
artifacts/compare.png and artifacts/report.png (build/artifacts/ for the
default build).

Without chromium every test FAILS, saying so: a missing browser must not
pass silently.

Usage: test_html.py OUTCOMES_BINARY
"""
import html.parser
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from script_tests import run_tests  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PLANS = os.path.join(ROOT, "plans")
SAMPLE = os.path.join(ROOT, "data", "sample-cohort.jsonl")
AS_OF = "2018-06-30"
BIN = None
ARTIFACTS = None
TESTS = []
STRANDS = ["crime", "education", "children_need_help", "employment", "domestic_abuse", "health"]
PLAN_IDS = ["herts-2018", "tf2", "herefordshire-v6.1"]
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def test(fn):
    TESTS.append(fn)
    return fn


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent, self.children, self.text = tag, dict(attrs), parent, [], ""

    def classes(self):
        return (self.attrs.get("class") or "").split()

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()

    def find_all(self, tag=None, cls=None, **attrs):
        return [n for n in self.walk() if (tag is None or n.tag == tag) and (cls is None or cls in n.classes())
                and all(n.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())]

    def all_text(self):
        return self.text + "".join(c.all_text() for c in self.children)


class DomBuilder(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, attrs, self.current))

    def handle_endtag(self, tag):
        n = self.current
        while n is not None and n.tag != tag:
            n = n.parent
        if n is not None and n.parent is not None:
            self.current = n.parent

    def handle_data(self, data):
        self.current.text += data


def chromium():
    for name in ["chromium", "chromium-browser"]:
        path = shutil.which(name)
        if path:
            return path
    raise AssertionError("chromium is not installed: run scripts/setup.sh, which installs Debian's chromium "
                         "(these tests render the HTML reports in it and install nothing themselves)")


def browser(page, *extra):
    with tempfile.TemporaryDirectory() as profile:
        args = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--user-data-dir=" + profile] + list(extra) + \
               ["file://" + os.path.abspath(page)]
        p = subprocess.run(args, capture_output=True, text=True, timeout=180)
        assert p.returncode == 0, "chromium failed (%d): %s" % (p.returncode, p.stderr[-2000:])
        return p.stdout


def rendered_dom(page):
    out = browser(page, "--dump-dom")
    assert "<html" in out, "chromium printed no DOM: " + out[:500]
    builder = DomBuilder()
    builder.feed(out)
    return builder.root


def screenshot(page, name):
    target = os.path.join(ARTIFACTS, name)
    if os.path.exists(target):
        os.remove(target)
    browser(page, "--screenshot=" + target, "--window-size=1280,2000")
    assert os.path.exists(target), "no screenshot written to " + target
    with open(target, "rb") as f:
        data = f.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10000, "screenshot %s is not a real PNG" % target


def generate(args, name):
    page = os.path.join(ARTIFACTS, name)
    p = subprocess.run([BIN] + args + ["--format", "html", "--output", page, "-q"], capture_output=True, text=True,
                       timeout=600)
    assert p.returncode in (0, 3), p.stderr
    assert os.path.exists(page)
    return page


def one(nodes, what):
    assert len(nodes) == 1, "expected one %s, found %d" % (what, len(nodes))
    return nodes[0]


def rows(dom, table_id):
    table = one(dom.find_all("table", id=table_id), "table#" + table_id)
    body = one(table.find_all("tbody"), "tbody in table#" + table_id)
    return [(r.attrs.get("data-key"), [c.all_text().strip() for c in r.find_all("td")], r.classes())
            for r in body.find_all("tr")]


def bars(dom, chart_id):
    svg = one([n for n in dom.find_all("svg", id=chart_id) if "chart" in n.classes()], "svg.chart#" + chart_id)
    return svg.find_all("rect", cls="bar")


def compare_page():
    return generate(["compare", "--plan", os.path.join(PLANS, "herts-2018.plan"), "--plan",
                     os.path.join(PLANS, "tf2.plan"), "--plan", os.path.join(PLANS, "herefordshire-v6.1.plan"),
                     "--families", SAMPLE, "--as-of", AS_OF], "compare.html")


def report_page():
    return generate(["report", "--plan", os.path.join(PLANS, "herts-2018.plan"), "--families", SAMPLE,
                     "--as-of", AS_OF], "report.html")


@test
def compare_page_renders_its_tables_and_charts():
    dom = rendered_dom(compare_page())
    assert "Comparing plans: herts-2018, tf2, herefordshire-v6.1" in one(dom.find_all("h1"), "h1").all_text()
    plans = rows(dom, "plans")
    assert [r[0] for r in plans] == PLAN_IDS, plans
    summary = rows(dom, "strand-summary")
    assert [r[0] for r in summary] == STRANDS, summary
    cross = rows(dom, "strand-crosstab")
    assert len(cross) == len(STRANDS) * 3, len(cross)
    assert ("crime:herts-2018:tf2" in [r[0] for r in cross]), cross
    for key, cells, _ in cross:
        both, only_first, only_second, neither, total = (int(c) for c in cells[3:8])
        assert both + only_first + only_second + neither == total == 298, (key, cells)
    results = rows(dom, "result-summary")
    assert "sustained_progress:valid" in [r[0] for r in results] and "case_result:met" in [r[0] for r in results]
    rcross = rows(dom, "result-crosstab")
    assert "eligible:herts-2018:tf2" in [r[0] for r in rcross], rcross
    strand_bars = bars(dom, "chart-strand-presenting")
    assert len(strand_bars) == len(STRANDS) * 3, len(strand_bars)
    assert {b.attrs["data-series"] for b in strand_bars} == set(PLAN_IDS)
    crime_herts = [b for b in strand_bars if b.attrs["data-category"] == "crime" and b.attrs["data-series"] == "herts-2018"]
    crime_row = [r for r in summary if r[0] == "crime"][0]
    assert crime_herts[0].attrs["data-value"] == crime_row[1][2], (crime_herts[0].attrs, crime_row)
    assert float(crime_herts[0].attrs["width"]) > 0
    assert len(bars(dom, "chart-result-positive")) > 0
    count = one(dom.find_all("p", id="differing-count"), "p#differing-count")
    differing = rows(dom, "differing-families")
    assert 0 < len(differing) <= int(count.attrs["data-count"]), (len(differing), count.attrs)
    assert differing[0][1][2], "the indicators responsible are listed"
    assert not dom.find_all("script")


@test
def report_page_renders_its_tables_and_charts():
    dom = rendered_dom(report_page())
    summary = rows(dom, "report-summary")
    keys = [r[0] for r in summary]
    assert keys[-1] == "TOTAL" and "total" in summary[-1][2], summary[-1]
    assert keys[-2] == "(not given)", keys
    assert sum(int(r[1][1]) for r in summary[:-1]) == int(summary[-1][1][1]) == 298
    results = rows(dom, "report-results")
    assert [r[0] for r in results] == keys
    progress = rows(dom, "indicator-progress")
    assert len(progress) == 34 and progress[0][0] == "1.1", progress[:2]
    percent = bars(dom, "chart-strand-percent")
    assert len(percent) == len(keys) * len(STRANDS), len(percent)
    assert all(0 <= float(b.attrs["data-value"]) <= 100 for b in percent)
    assert len(bars(dom, "chart-results")) > 0
    assert not dom.find_all("script")


@test
def screenshots_of_both_pages_are_kept_as_artifacts():
    screenshot(compare_page(), "compare.png")
    screenshot(report_page(), "report.png")


def main():
    global BIN, ARTIFACTS
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    BIN = os.path.abspath(sys.argv[1])
    ARTIFACTS = os.environ.get("OUTCOMES_ARTIFACTS") or os.path.join(os.path.dirname(BIN), "artifacts")
    os.makedirs(ARTIFACTS, exist_ok=True)
    return run_tests(TESTS, with_tmp=False)


if __name__ == "__main__":
    sys.exit(main())
