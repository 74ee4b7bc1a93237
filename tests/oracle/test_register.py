"""Hand-built families for the reference evaluator (register.py).

Run:  python3 -m unittest discover -s tests/oracle

Expected values are worked out by hand from timeline-v1.md, not from the
code.  Unless a test says otherwise:
    A = 2018-01-15, C = 2018-09-30
    (A - 12m, A] = (2017-01-15, 2018-01-15]      (A - 6m, A] = (2017-07-15, 2018-01-15]
    (C - 12m, C] = (2017-09-30, 2018-09-30]      (C - 6m, C] = (2018-03-30, 2018-09-30]
    (C - 3m, C]  = (2018-06-30, 2018-09-30]      C - 6m = 2018-03-30, C - 3m = 2018-06-30
Members:
    M1 adult, parenting, dob 1985-01-01       M2 adult, not parenting, dob 1960-01-01
    C1 child dob 2008-01-20: 9 at A, primary phase at A and C, school age at A and C
    C2 child dob 2003-03-10: 14 at A (young person), secondary at C, school
       age at A and C (16 on 2019-03-10 -> leaves 2019-06-28)
    C3 child dob 2002-05-01: school age at A, NOT at C (16 on 2018-05-01 ->
       leaves on the last Friday of June 2018 = 2018-06-29)
    C4 child dob 2016-01-01: 2 at A and at C (toddler)
    Y1 child dob 2001-06-01: 16 at A, not of school age at A
"""

import io
import json
import os
import subprocess
import sys
import unittest
from datetime import date

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import register as R  # noqa: E402

A0 = "2018-01-15"
C0 = "2018-09-30"

MEMBERS = {
    "M1": {"id": "M1", "role": "adult", "dob": "1985-01-01", "parenting": True},
    "M2": {"id": "M2", "role": "adult", "dob": "1960-01-01"},
    "C1": {"id": "C1", "role": "child", "dob": "2008-01-20"},
    "C2": {"id": "C2", "role": "child", "dob": "2003-03-10"},
    "C3": {"id": "C3", "role": "child", "dob": "2002-05-01"},
    "C4": {"id": "C4", "role": "child", "dob": "2016-01-01"},
    "Y1": {"id": "Y1", "role": "child", "dob": "2001-06-01"},
}


def ev(type_, member=None, **kw):
    e = {"type": type_}
    if member is not None:
        e["member"] = member
    e.update(kw)
    return e


def att(member, term, possible=100, unauth=0, auth=0):
    return ev("attendance", member, term=term, possible_sessions=possible,
              authorised_absence=auth, unauthorised_absence=unauth)


def good_att(member):
    """Zero absence in the three terms before C (also covers 2017-autumn,
    which is in the window before A)."""
    return [att(member, t) for t in ("2017-autumn", "2018-spring", "2018-summer")]


def family(events, members=("M1", "M2", "C1", "C2", "C4"), A=A0, fid="F1", extra_members=()):
    ms = [MEMBERS[m] for m in members] + list(extra_members)
    return {"id": fid, "assessment_date": A, "members": ms, "events": list(events)}


def evaluate(plan, fam, C=C0):
    """Round-trips through JSON text and the loader, like the CLI."""
    f = R.load_family(R.parse_line(json.dumps(fam)))
    return R.PLANS[plan].evaluate(f, date.fromisoformat(C))


class Base(unittest.TestCase):
    plan = "herts-2018"

    def run_plan(self, events, C=C0, **kw):
        return evaluate(self.plan, family(events, **kw), C)

    def assertInd(self, out, iid, presenting, progress=None):
        got = out["indicators"][iid]
        want = {"presenting": presenting, "progress": progress if presenting else None}
        self.assertEqual(got, want, f"indicator {iid}")

    def assertPresentingSet(self, out, ids):
        got = {i for i, v in out["indicators"].items() if v["presenting"]}
        self.assertEqual(got, set(ids))


# ==========================================================================
# Date arithmetic and school calendar
# ==========================================================================


class DateTests(unittest.TestCase):
    def test_minus_one_month_clamps(self):
        self.assertEqual(R.add_months(date(2018, 3, 31), -1), date(2018, 2, 28))
        self.assertEqual(R.add_months(date(2016, 3, 31), -1), date(2016, 2, 29))
        self.assertEqual(R.add_months(date(2018, 1, 31), 1), date(2018, 2, 28))
        self.assertEqual(R.add_months(date(2018, 8, 31), -6), date(2018, 2, 28))
        self.assertEqual(R.add_months(date(2018, 1, 15), -12), date(2017, 1, 15))
        self.assertEqual(R.add_months(date(2018, 3, 31), 6), date(2018, 9, 30))

    def test_age_29_feb(self):
        dob = date(2008, 2, 29)
        self.assertEqual(R.age_at(dob, date(2018, 2, 28)), 9)
        self.assertEqual(R.age_at(dob, date(2018, 3, 1)), 10)
        self.assertEqual(R.age_at(dob, date(2016, 2, 29)), 8)
        self.assertEqual(R.age_at(dob, date(2016, 2, 28)), 7)

    def test_compulsory_school_age(self):
        # 5th birthday 2017-09-01 -> starts 2017-12-31
        s, _ = R.compulsory_school_age_bounds(date(2012, 9, 1))
        self.assertEqual(s, date(2017, 12, 31))
        # 5th birthday on 31 Aug itself -> starts that day (on or after)
        s, e = R.compulsory_school_age_bounds(date(2012, 8, 31))
        self.assertEqual(s, date(2017, 8, 31))
        # 16 on 2028-08-31: school year 2027-09..2028-08 -> last Fri of June 2028
        self.assertEqual(e, date(2028, 6, 30))
        # 16 on 2018-09-01: school year 2018-09..2019-08 -> 2019-06-28
        _, e = R.compulsory_school_age_bounds(date(2002, 9, 1))
        self.assertEqual(e, date(2019, 6, 28))
        # C3: 16 on 2018-05-01 -> 2018-06-29
        _, e = R.compulsory_school_age_bounds(date(2002, 5, 1))
        self.assertEqual(e, date(2018, 6, 29))
        self.assertTrue(R.is_csa(date(2002, 5, 1), date(2018, 6, 29)))
        self.assertFalse(R.is_csa(date(2002, 5, 1), date(2018, 6, 30)))
        # 29 Feb: 5th birthday 2017-03-01 (common year) -> 2017-03-31
        s, _ = R.compulsory_school_age_bounds(date(2012, 2, 29))
        self.assertEqual(s, date(2017, 3, 31))
        self.assertFalse(R.is_csa(date(2012, 2, 29), date(2017, 3, 30)))

    def test_primary_phase(self):
        dob = date(2008, 1, 20)
        self.assertTrue(R.is_primary_phase(dob, date(2018, 1, 15)))   # age 9 on 2017-08-31
        dob = date(2006, 8, 31)   # 11 on 2017-08-31 -> secondary in 2017/18
        self.assertFalse(R.is_primary_phase(dob, date(2018, 1, 15)))
        self.assertTrue(R.is_primary_phase(dob, date(2017, 8, 31)))   # 10 on 2016-08-31

    def test_last3_terms_18_month_floor(self):
        # D = 2018-09-30, floor 2017-03-30: 2017-spring (ends 2017-03-31) qualifies,
        # 2016-autumn does not.
        f = R.load_family(R.parse_line(json.dumps(family([
            att("C2", "2016-autumn", 100, 90), att("C2", "2017-spring", 100, 10),
        ]))))
        x = R.Ctx(f, date(2018, 9, 30))
        self.assertEqual(x.unauth3("C2", date(2018, 9, 30)), R.Fraction(1, 10))
        self.assertIsNone(x.unauth3("C1", date(2018, 9, 30)))
        # only the three latest
        f = R.load_family(R.parse_line(json.dumps(family([
            att("C2", "2017-spring", 100, 100), att("C2", "2017-summer", 100, 0),
            att("C2", "2017-autumn", 100, 0), att("C2", "2018-spring", 100, 30),
        ]))))
        x = R.Ctx(f, date(2018, 9, 30))
        self.assertEqual(x.unauth3("C2", date(2018, 9, 30)), R.Fraction(30, 300))
        # term ending exactly on D counts; a term ending after D does not
        self.assertEqual(x.unauth3("C2", date(2018, 3, 31)), R.Fraction(30, 300))
        self.assertEqual(x.unauth3("C2", date(2018, 3, 30)), R.Fraction(100, 300))

    def test_kleene(self):
        self.assertIs(R.k_and([True, None]), None)
        self.assertIs(R.k_and([False, None]), False)
        self.assertIs(R.k_and([None, False]), False)
        self.assertIs(R.k_or([None, True]), True)
        self.assertIs(R.k_or([True, None]), True)
        self.assertIs(R.k_or([False, None]), None)
        self.assertIs(R.k_and([]), True)


# ==========================================================================
# herts-2018 indicators
# ==========================================================================


class Herts1(Base):
    def test_1_1_met(self):
        out = self.run_plan([ev("offence", "C1", date="2017-06-01")])
        self.assertInd(out, "1.1", True, "met")
        self.assertPresentingSet(out, ["1.1"])

    def test_1_1_not_met(self):
        out = self.run_plan([ev("offence", "M1", date="2017-06-01"),
                             ev("offence", "M2", date="2018-03-31")])
        self.assertInd(out, "1.1", True, "not_met")

    def test_1_1_offence_on_c_minus_6m_is_outside(self):
        out = self.run_plan([ev("offence", "M1", date="2017-06-01"),
                             ev("offence", "M2", date="2018-03-30")])
        self.assertInd(out, "1.1", True, "met")

    def test_1_1_exactly_12_months_before_A_not_in_window(self):
        out = self.run_plan([ev("offence", "C1", date="2017-01-15")])
        self.assertInd(out, "1.1", False)
        out = self.run_plan([ev("offence", "C1", date="2017-01-16")])
        self.assertInd(out, "1.1", True, "met")

    def test_1_1_non_parenting_adult_and_after_A(self):
        out = self.run_plan([ev("offence", "M2", date="2017-06-01"),
                             ev("offence", "C1", date="2018-01-16")],
                            members=("M1", "M2", "C1"))
        self.assertInd(out, "1.1", False)

    def test_1_2_met(self):
        out = self.run_plan([ev("erjr", "C2", date="2017-06-01")])
        self.assertInd(out, "1.2", True, "met")

    def test_1_2_not_met(self):
        out = self.run_plan([ev("erjr", "C2", date="2017-06-01"),
                             ev("erjr", "C1", date="2018-09-30")])
        self.assertInd(out, "1.2", True, "not_met")

    def test_1_2_child_under_10_is_not_young_person(self):
        out = self.run_plan([ev("erjr", "C1", date="2017-06-01")])
        self.assertInd(out, "1.2", False)

    def test_1_2_29_feb_birthday(self):
        kid = {"id": "L1", "role": "child", "dob": "2008-02-29"}
        evs = [ev("erjr", "L1", date="2017-06-01")]
        # A = 2018-02-28: L1 is 9 -> not a young person
        out = evaluate("herts-2018", family(evs, members=("M1",), extra_members=[kid],
                                            A="2018-02-28"), C0)
        self.assertInd(out, "1.2", False)
        # A = 2018-03-01: L1 turned 10 on 1 March (common year)
        out = evaluate("herts-2018", family(evs, members=("M1",), extra_members=[kid],
                                            A="2018-03-01"), C0)
        self.assertInd(out, "1.2", True, "met")

    def test_1_3_met(self):
        out = self.run_plan([ev("tys_support", "C2", start="2016-06-01", end="2017-03-01")])
        self.assertInd(out, "1.3", True, "met")

    def test_1_3_not_met(self):
        out = self.run_plan([ev("tys_support", "C2", start="2017-06-01", end="2018-04-15")])
        self.assertInd(out, "1.3", True, "not_met")
        out = self.run_plan([ev("tys_support", "C2", start="2017-06-01")])   # open
        self.assertInd(out, "1.3", True, "not_met")

    def test_1_3_edges(self):
        # ends exactly on A - 12 months: no overlap with (A-12m, A]
        out = self.run_plan([ev("tys_support", "C2", start="2016-06-01", end="2017-01-15")])
        self.assertInd(out, "1.3", False)
        # ends exactly C - 6 months: not active in (C-6m, C]
        out = self.run_plan([ev("tys_support", "C2", start="2017-06-01", end="2018-03-30")])
        self.assertInd(out, "1.3", True, "met")

    def test_1_4_met(self):
        out = self.run_plan([ev("concern", date="2017-12-01", area="crime", source="ffa"),
                             ev("judgement", date="2018-07-01", area="crime",
                                outcome="progress", sustained_from="2018-06-30")])
        self.assertInd(out, "1.4", True, "met")

    def test_1_4_not_met(self):
        out = self.run_plan([ev("concern", date="2017-12-01", area="crime", source="ffa"),
                             ev("judgement", date="2018-07-01", area="crime", outcome="progress"),
                             ev("judgement", date="2018-01-15", area="crime", outcome="progress"),
                             ev("judgement", date="2018-06-01", area="crime",
                                outcome="no_progress", sustained_from="2018-02-01")])
        self.assertInd(out, "1.4", True, "not_met")

    def test_1_4_wrong_source_not_presenting(self):
        out = self.run_plan([ev("concern", date="2017-12-01", area="crime",
                                source="professional")])
        self.assertInd(out, "1.4", False)
        self.assertInd(out, "1.6", False)

    def star(self, d, **scores):
        return ev("star_reading", date=d, scores=scores)

    def test_1_5_met(self):
        out = self.run_plan([ev("star_need", date="2017-12-01", need="young_offender"),
                             self.star("2018-02-01", keeping_your_children_safe=1),
                             self.star("2018-04-01", keeping_your_children_safe=7,
                                       boundaries_and_behaviour=8),
                             self.star("2018-08-01", keeping_your_children_safe=9,
                                       boundaries_and_behaviour=7)])
        self.assertInd(out, "1.5", True, "met")

    def test_1_5_not_met(self):
        out = self.run_plan([ev("star_need", date="2017-12-01", need="young_offender"),
                             self.star("2018-04-01", keeping_your_children_safe=7,
                                       boundaries_and_behaviour=8),
                             self.star("2018-08-01", keeping_your_children_safe=9,
                                       boundaries_and_behaviour=6)])
        self.assertInd(out, "1.5", True, "not_met")

    def test_1_5_one_reading_or_unscored_domain(self):
        out = self.run_plan([ev("star_need", date="2017-12-01", need="young_offender"),
                             self.star("2018-08-01", keeping_your_children_safe=9,
                                       boundaries_and_behaviour=9)])
        self.assertInd(out, "1.5", True, "not_met")
        out = self.run_plan([ev("star_need", date="2017-12-01", need="young_offender"),
                             self.star("2018-04-01", keeping_your_children_safe=9,
                                       boundaries_and_behaviour=9),
                             self.star("2018-08-01", keeping_your_children_safe=9)])
        self.assertInd(out, "1.5", True, "not_met")

    def test_1_5_same_date_latest_is_later_in_array(self):
        base = [ev("star_need", date="2017-12-01", need="young_offender"),
                self.star("2018-04-01", keeping_your_children_safe=9, boundaries_and_behaviour=9)]
        good = self.star("2018-08-01", keeping_your_children_safe=9, boundaries_and_behaviour=9)
        bad = self.star("2018-08-01", keeping_your_children_safe=2, boundaries_and_behaviour=2)
        # two latest = (good, bad) either way here, so both orders fail...
        self.assertInd(self.run_plan(base + [good, bad]), "1.5", True, "not_met")
        # ...but with three same-day readings the two LAST in the array count
        self.assertInd(self.run_plan(base + [bad, good, good]), "1.5", True, "met")
        self.assertInd(self.run_plan(base + [good, good, bad]), "1.5", True, "not_met")

    def test_1_6_met(self):
        out = self.run_plan([ev("concern", date="2017-12-01", area="crime", source="equivalent"),
                             ev("judgement", date="2018-05-01", area="crime",
                                outcome="equivalent_progress", agreed_by="business_manager")])
        self.assertInd(out, "1.6", True, "met")

    def test_1_6_not_met(self):
        out = self.run_plan([ev("concern", date="2017-12-01", area="crime", source="equivalent"),
                             ev("judgement", date="2018-05-01", area="crime",
                                outcome="equivalent_progress", agreed_by="head_of_early_help"),
                             ev("judgement", date="2018-05-01", area="crime",
                                outcome="equivalent_progress")])
        self.assertInd(out, "1.6", True, "not_met")


class Herts2(Base):
    # ---- 2.1 - 2.3 ----
    def test_2_1_met(self):
        out = self.run_plan([ev("exclusion", "C2", date="2017-02-01", kind="permanent")]
                            + good_att("C2"))
        self.assertInd(out, "2.1", True, "met")
        self.assertInd(out, "2.2", False)
        self.assertInd(out, "2.3", False)

    def test_2_1_not_met_three_fixed_after(self):
        out = self.run_plan([ev("exclusion", "C2", date="2017-02-01", kind="permanent")]
                            + [ev("exclusion", "C2", date=d, kind="fixed", days=1)
                               for d in ("2017-10-01", "2018-02-01", "2018-05-01")]
                            + good_att("C2"))
        self.assertInd(out, "2.1", True, "not_met")

    def test_2_1_three_fixed_presents(self):
        out = self.run_plan([ev("exclusion", "C2", date=d, kind="fixed", days=1)
                             for d in ("2017-02-01", "2017-03-01", "2017-04-01")]
                            + good_att("C2"))
        self.assertInd(out, "2.1", True, "met")

    def test_2_1_14_of_140_is_not_below_10_percent(self):
        evs = [ev("exclusion", "C2", date="2017-02-01", kind="permanent"),
               att("C2", "2018-summer", 140, 14)]
        self.assertInd(self.run_plan(evs), "2.1", True, "not_met")
        evs[1] = att("C2", "2018-summer", 140, 13)
        self.assertInd(self.run_plan(evs), "2.1", True, "met")

    def test_2_1_unknown_attendance(self):
        out = self.run_plan([ev("exclusion", "C2", date="2017-02-01", kind="permanent")])
        self.assertInd(out, "2.1", True, "unknown")
        self.assertEqual(out["strands"]["education"], {"presenting": True, "progress": "unknown"})
        # a failing limb beats unknown (Kleene)
        out = self.run_plan([ev("exclusion", "C2", date="2017-02-01", kind="permanent"),
                             ev("exclusion", "C2", date="2018-02-01", kind="permanent")])
        self.assertInd(out, "2.1", True, "not_met")

    def test_2_2_met(self):
        out = self.run_plan([ev("exclusion", "C1", date="2017-03-01", kind="fixed", days=2),
                             ev("exclusion", "C1", date="2017-05-01", kind="fixed", days=3)]
                            + good_att("C1"))
        self.assertInd(out, "2.2", True, "met")
        self.assertInd(out, "2.1", False)

    def test_2_2_not_met_primary_limit_5(self):
        out = self.run_plan([ev("exclusion", "C1", date="2017-03-01", kind="fixed", days=5),
                             ev("exclusion", "C1", date="2018-03-01", kind="fixed", days=5)]
                            + good_att("C1"))
        self.assertInd(out, "2.2", True, "not_met")
        out = self.run_plan([ev("exclusion", "C1", date="2017-03-01", kind="fixed", days=5),
                             ev("exclusion", "C1", date="2018-03-01", kind="fixed", days=4.5)]
                            + good_att("C1"))
        self.assertInd(out, "2.2", True, "met")

    def test_2_2_fractional_days_below_5_not_presenting(self):
        out = self.run_plan([ev("exclusion", "C1", date="2017-03-01", kind="fixed", days=4.5)])
        self.assertInd(out, "2.2", False)

    def test_2_3_met(self):
        out = self.run_plan([ev("exclusion", "C2", date="2017-03-01", kind="fixed", days=10),
                             ev("exclusion", "C2", date="2018-03-01", kind="fixed", days=9)]
                            + good_att("C2"))
        self.assertInd(out, "2.3", True, "met")
        self.assertInd(out, "2.2", False)     # C2 is secondary

    def test_2_3_not_met(self):
        out = self.run_plan([ev("exclusion", "C2", date="2017-03-01", kind="fixed", days=10),
                             ev("exclusion", "C2", date="2018-03-01", kind="fixed", days=10)]
                            + good_att("C2"))
        self.assertInd(out, "2.3", True, "not_met")

    def test_2_1_to_2_3_share_one_value(self):
        # 2.1 for C2 (good); 2.2 for C1, who fails -> both not met
        out = self.run_plan([ev("exclusion", "C2", date="2017-02-01", kind="permanent"),
                             ev("exclusion", "C1", date="2017-03-01", kind="fixed", days=6)]
                            + good_att("C2") + [att("C1", "2018-summer", 100, 50)])
        self.assertInd(out, "2.1", True, "not_met")
        self.assertInd(out, "2.2", True, "not_met")
        self.assertInd(out, "2.3", False)

    # ---- 2.4 ----
    def test_2_4_met(self):
        # at A: 2017-autumn, 2017-summer, 2017-spring -> 60/300 = 20%
        # at C: 2018-summer, 2018-spring, 2017-autumn -> 20/300 < 10%
        evs = [att("C2", "2017-spring", 100, 20), att("C2", "2017-summer", 100, 20),
               att("C2", "2017-autumn", 100, 20), att("C2", "2018-spring", 100, 0),
               att("C2", "2018-summer", 100, 0)]
        out = self.run_plan(evs)
        self.assertInd(out, "2.4", True, "met")
        self.assertInd(out, "2.5", False)

    def test_2_4_not_met(self):
        # at C: 20 + 5 + 5 = 30/300 = exactly 10% -> not < 10%
        evs = [att("C2", "2017-spring", 100, 20), att("C2", "2017-summer", 100, 20),
               att("C2", "2017-autumn", 100, 20), att("C2", "2018-spring", 100, 5),
               att("C2", "2018-summer", 100, 5)]
        self.assertInd(self.run_plan(evs), "2.4", True, "not_met")

    def test_2_4_exactly_10_percent_presents_below_does_not(self):
        self.assertInd(self.run_plan([att("C2", "2017-autumn", 140, 14)]), "2.4", True, "not_met")
        self.assertInd(self.run_plan([att("C2", "2017-autumn", 140, 13)]), "2.4", False)

    def test_2_4_concern_unknown_attendance(self):
        out = self.run_plan([ev("concern", "C2", date="2017-12-01", area="attendance",
                                source="professional")])
        self.assertInd(out, "2.4", True, "unknown")

    def test_2_4_concern_without_member_covers_school_age_children(self):
        evs = [ev("concern", date="2017-12-01", area="attendance", source="ffa")] + good_att("C2")
        # C1 and C2 both school-age at A; C1 has no data -> unknown
        self.assertInd(self.run_plan(evs), "2.4", True, "unknown")
        self.assertInd(self.run_plan(evs + good_att("C1")), "2.4", True, "met")
        # C1's only term before C: 10/100 = exactly 10% -> not met
        self.assertInd(self.run_plan(evs + [att("C1", "2018-spring", 100, 10)]),
                       "2.4", True, "not_met")

    def test_2_4_concern_with_no_such_child_is_not_met(self):
        out = self.run_plan([ev("concern", date="2017-12-01", area="attendance", source="ffa")],
                            members=("M1", "C4"))
        self.assertInd(out, "2.4", True, "not_met")

    def test_2_4_unknown_measure_in_P_is_false(self):
        out = self.run_plan([])
        self.assertInd(out, "2.4", False)

    # ---- 2.5 ----
    def test_2_5_met(self):
        # at A: 2017-autumn 70/100 unauth -> 70%, attendance 30%
        # at C: 2018-summer 0, 2018-spring 0, 2017-autumn 70 -> unauth 70/300 (23%),
        #        attendance 230/300 = 76.7% -> +46.7 points
        evs = [att("C2", "2017-autumn", 100, 70), att("C2", "2018-spring", 100, 0),
               att("C2", "2018-summer", 100, 0)]
        out = self.run_plan(evs)
        self.assertInd(out, "2.5", True, "met")
        self.assertInd(out, "2.4", False)

    def test_2_5_not_met(self):
        # at C: 30 + 30 + 70 = 130/300 unauth (< 50%), attendance 170/300 = 56.7% -> +26.7
        evs = [att("C2", "2017-autumn", 100, 70), att("C2", "2018-spring", 100, 30),
               att("C2", "2018-summer", 100, 30)]
        self.assertInd(self.run_plan(evs), "2.5", True, "not_met")

    def test_2_5_exactly_40_points(self):
        # at A: autumn 60 unauth + 10 auth -> attendance 30%, unauth 60%
        # at C: attendance (300 - 70 - 20)/300 = 210/300 = 70% -> +40 exactly -> met
        evs = [att("C2", "2017-autumn", 100, 60, 10), att("C2", "2018-spring", 100, 0, 10),
               att("C2", "2018-summer", 100, 0, 10)]
        self.assertInd(self.run_plan(evs), "2.5", True, "met")

    # ---- 2.6 ----
    def test_2_6_met(self):
        out = self.run_plan([ev("pru_support", "C2", start="2017-10-01")] + good_att("C2"))
        self.assertInd(out, "2.6", True, "met")

    def test_2_6_not_met(self):
        out = self.run_plan([ev("pru_support", "C2", start="2017-10-01", end="2018-01-15"),
                             att("C2", "2018-summer", 100, 12)])
        self.assertInd(out, "2.6", True, "not_met")

    def test_2_6_authorised_absence_does_not_count_in_herts(self):
        out = self.run_plan([ev("pru_support", "C2", start="2017-10-01"),
                             att("C2", "2018-summer", 100, 9, 40)])
        self.assertInd(out, "2.6", True, "met")

    def test_kleene_unknown_child_and_failing_child(self):
        # C1 (no data -> unknown) listed before C2 (fails): AND is not met
        out = self.run_plan([ev("pru_support", "C1", start="2017-10-01"),
                             ev("pru_support", "C2", start="2017-10-01"),
                             att("C2", "2018-summer", 100, 50)])
        self.assertInd(out, "2.6", True, "not_met")
        out = self.run_plan([ev("pru_support", "C1", start="2017-10-01"),
                             ev("pru_support", "C2", start="2017-10-01")] + good_att("C2"))
        self.assertInd(out, "2.6", True, "unknown")

    def test_2_6_ended_before_A_not_presenting(self):
        out = self.run_plan([ev("pru_support", "C2", start="2017-10-01", end="2018-01-14")])
        self.assertInd(out, "2.6", False)

    # ---- 2.7 ----
    def test_2_7_met_suitable_ehe(self):
        out = self.run_plan([ev("missing_education", "C2", start="2017-11-01"),
                             ev("education_provision", "C2", start="2018-03-01", setting="ehe")])
        self.assertInd(out, "2.7", True, "met")

    def test_2_7_not_met_unsuitable_ehe(self):
        out = self.run_plan([ev("missing_education", "C2", start="2017-11-01", end="2018-02-28"),
                             ev("education_provision", "C2", start="2018-03-01", setting="ehe",
                                suitable=False)])
        self.assertInd(out, "2.7", True, "not_met")

    def test_2_7_school_needs_attendance(self):
        base = [ev("missing_education", "C2", start="2017-11-01", end="2018-02-28"),
                ev("education_provision", "C2", start="2018-03-01", setting="school")]
        self.assertInd(self.run_plan(base), "2.7", True, "unknown")
        self.assertInd(self.run_plan(base + [att("C2", "2018-summer", 100, 9)]), "2.7", True, "met")
        self.assertInd(self.run_plan(base + [att("C2", "2018-summer", 100, 10)]),
                       "2.7", True, "not_met")
        # another child's provision does not count; none active -> not met
        self.assertInd(self.run_plan([base[0], ev("education_provision", "C1",
                                                  start="2018-03-01", setting="ehe")]),
                       "2.7", True, "not_met")

    # ---- 2.8 / 2.9 ----
    def test_2_8_met(self):
        out = self.run_plan([ev("concern", date="2017-12-01", area="education", source="ffa"),
                             ev("judgement", date="2018-08-01", area="education",
                                outcome="progress", sustained_from="2018-04-01")])
        self.assertInd(out, "2.8", True, "met")

    def test_2_8_not_met(self):
        out = self.run_plan([ev("concern", date="2017-12-01", area="education", source="ffa"),
                             ev("judgement", date="2018-08-01", area="education",
                                outcome="progress", sustained_from="2018-07-01")])
        self.assertInd(out, "2.8", True, "not_met")

    def test_2_9_met(self):
        out = self.run_plan([ev("concern", date="2017-12-01", area="education",
                                source="equivalent"),
                             ev("judgement", date="2018-02-01", area="education",
                                outcome="equivalent_progress", agreed_by="business_manager")])
        self.assertInd(out, "2.9", True, "met")

    def test_2_9_not_met(self):
        out = self.run_plan([ev("concern", date="2017-12-01", area="education",
                                source="equivalent"),
                             ev("judgement", date="2018-10-01", area="education",
                                outcome="equivalent_progress", agreed_by="business_manager")])
        self.assertInd(out, "2.9", True, "not_met")

    # ---- school-leaver rule ----
    def test_school_leaver_met(self):
        evs = [ev("pru_support", "C3", start="2017-10-01"),
               ev("progress_to_work", "C3", date="2018-07-01", kind="training")]
        out = self.run_plan(evs, members=("M1", "C3"))
        self.assertInd(out, "2.6", True, "met")

    def test_school_leaver_not_met_neet_at_C(self):
        evs = [ev("pru_support", "C3", start="2017-10-01"),
               ev("progress_to_work", "C3", date="2018-07-01", kind="training"),
               ev("neet", "C3", start="2018-09-01")]
        out = self.run_plan(evs, members=("M1", "C3"))
        self.assertInd(out, "2.6", True, "not_met")

    def test_school_leaver_not_met_nothing_of_theirs(self):
        # attendance would pass, but the leaver measure replaces it; another
        # member's employment does not count
        evs = [ev("pru_support", "C3", start="2017-10-01"),
               ev("employment", "M1", start="2018-03-01")] + good_att("C3")
        out = self.run_plan(evs, members=("M1", "C3"))
        self.assertInd(out, "2.6", True, "not_met")

    def test_school_leaver_employment_exclusion_group(self):
        evs = [ev("exclusion", "C3", date="2017-03-01", kind="permanent"),
               ev("exclusion", "C3", date="2018-03-01", kind="permanent"),
               ev("employment", "C3", start="2018-07-02", end="2018-08-01")]
        out = self.run_plan(evs, members=("M1", "C3"))
        self.assertInd(out, "2.1", True, "met")      # exclusions no longer judged

    def test_school_leaver_still_school_age_at_C_uses_attendance(self):
        evs = [ev("pru_support", "C3", start="2017-10-01"),
               ev("progress_to_work", "C3", date="2018-06-01", kind="training")]
        out = self.run_plan(evs, members=("M1", "C3"), C="2018-06-29")
        self.assertInd(out, "2.6", True, "unknown")


class Herts3(Base):
    def test_3_1_met_practitioner(self):
        out = self.run_plan([ev("concern", date="2017-12-01", area="child_need",
                                source="professional"),
                             ev("judgement", date="2018-05-01", area="family_situation",
                                outcome="progress", sustained_from="2018-03-30")])
        self.assertInd(out, "3.1", True, "met")

    def test_3_1_not_met(self):
        out = self.run_plan([ev("concern", date="2017-12-01", area="child_need",
                                source="professional"),
                             ev("judgement", date="2018-05-01", area="family_situation",
                                outcome="progress", sustained_from="2018-03-31")])
        self.assertInd(out, "3.1", True, "not_met")

    def test_3_1_case_closed(self):
        base = [ev("health_check", "C4", date="2017-12-01", communication_below_threshold=True)]
        closed = ev("case_closed", date="2018-02-01", reason="progress")
        self.assertInd(self.run_plan(base + [closed]), "3.1", True, "met")
        self.assertInd(self.run_plan(base + [closed, ev("case_reopened", date="2018-05-01")]),
                       "3.1", True, "not_met")
        # reopening on the day of the closure is not after it
        self.assertInd(self.run_plan(base + [closed, ev("case_reopened", date="2018-02-01")]),
                       "3.1", True, "met")
        # closed too late (after C - 6 months = 2018-03-30)
        self.assertInd(self.run_plan(base + [ev("case_closed", date="2018-03-31",
                                                reason="progress")]), "3.1", True, "not_met")
        # wrong reason
        self.assertInd(self.run_plan(base + [ev("case_closed", date="2018-02-01",
                                                reason="moved_away")]), "3.1", True, "not_met")
        # any one surviving closure is enough
        self.assertInd(self.run_plan(base + [ev("case_closed", date="2018-01-20", reason="progress"),
                                             ev("case_reopened", date="2018-01-25"), closed]),
                       "3.1", True, "met")

    def test_3_1_health_check_not_below_threshold(self):
        out = self.run_plan([ev("health_check", "C4", date="2017-12-01",
                                communication_below_threshold=False)])
        self.assertInd(out, "3.1", False)

    def test_3_2_met(self):
        out = self.run_plan([ev("cin", "C1", start="2017-06-01", end="2018-02-01", reason="other"),
                             ev("cin", "C1", start="2018-03-01", end="2018-04-01",
                                reason="disability")])
        self.assertInd(out, "3.2", True, "met")

    def test_3_2_not_met(self):
        out = self.run_plan([ev("cin", "C1", start="2017-06-01", end="2018-02-01", reason="other"),
                             ev("cp_plan", "C1", start="2018-08-01", end="2018-08-20")])
        self.assertInd(out, "3.2", True, "not_met")
        out = self.run_plan([ev("cin", "C1", start="2017-06-01", reason="other")])
        self.assertInd(out, "3.2", True, "not_met")
        # every cin active at A must step down
        out = self.run_plan([ev("cin", "C1", start="2017-06-01", end="2018-02-01", reason="other"),
                             ev("cin", "C2", start="2017-06-01", reason="other")])
        self.assertInd(out, "3.2", True, "not_met")

    def test_3_2_disability_not_presenting(self):
        out = self.run_plan([ev("cin", "C1", start="2017-06-01", reason="disability")])
        self.assertInd(out, "3.2", False)

    def test_3_3_met(self):
        out = self.run_plan([ev("cp_plan", "C1", start="2017-10-01", end="2018-03-01")])
        self.assertInd(out, "3.3", True, "met")

    def test_3_3_not_met(self):
        out = self.run_plan([ev("cp_plan", "C1", start="2017-10-01", end="2018-04-01")])
        self.assertInd(out, "3.3", True, "not_met")    # 2018-10-01 > C

    def test_3_3_e_plus_6_months_as_written(self):
        # E = 2018-03-31: E + 6 months = 2018-09-30 <= C (met), although
        # E > C - 6 months = 2018-03-30.
        out = self.run_plan([ev("cp_plan", "C1", start="2017-10-01", end="2018-03-31")])
        self.assertInd(out, "3.3", True, "met")
        # a new cp_plan starting on E itself is not in (E, E + 6m]; one on E+6m is
        out = self.run_plan([ev("cp_plan", "C1", start="2017-10-01", end="2018-03-01"),
                             ev("cp_plan", "C1", start="2018-03-01", end="2018-03-01")])
        self.assertInd(out, "3.3", True, "met")
        out = self.run_plan([ev("cp_plan", "C1", start="2017-10-01", end="2018-03-01"),
                             ev("cp_plan", "C1", start="2018-09-01", end="2018-09-02")])
        self.assertInd(out, "3.3", True, "not_met")

    def star(self, d, **scores):
        return ev("star_reading", date=d, scores=scores)

    def test_3_4_met(self):
        # first reading mean 4.5; a later pre-A reading is ignored
        out = self.run_plan([self.star("2017-06-01", physical_health=4, your_wellbeing=5),
                             self.star("2017-12-01", physical_health=9, your_wellbeing=9),
                             self.star("2018-03-01", physical_health=6, your_wellbeing=7),
                             self.star("2018-06-01", family_routine=7)])
        self.assertInd(out, "3.4", True, "met")      # 6.5 and 7 >= 6.5

    def test_3_4_not_met(self):
        out = self.run_plan([self.star("2017-06-01", physical_health=4, your_wellbeing=5),
                             self.star("2018-03-01", physical_health=6, your_wellbeing=7),
                             self.star("2018-06-01", physical_health=6, your_wellbeing=6)])
        self.assertInd(out, "3.4", True, "not_met")
        out = self.run_plan([self.star("2017-06-01", physical_health=4, your_wellbeing=5),
                             self.star("2018-06-01", physical_health=10)])
        self.assertInd(out, "3.4", True, "not_met")   # fewer than two readings

    def test_3_4_first_mean_7_not_presenting(self):
        out = self.run_plan([self.star("2017-06-01", physical_health=7, your_wellbeing=7),
                             self.star("2017-12-01", physical_health=1)])
        self.assertInd(out, "3.4", False)


class Herts4(Base):
    JSA = ev("benefit", "M1", start="2017-01-01", benefit="jsa")

    def test_4_1_met(self):
        out = self.run_plan([self.JSA, ev("progress_to_work", "C2", date="2018-03-01",
                                          kind="soft_skills")])
        self.assertInd(out, "4.1", True, "met")

    def test_4_1_met_by_star(self):
        out = self.run_plan([self.JSA,
                             ev("star_reading", date="2018-03-01", scores={"progress_to_work": 2}),
                             ev("star_reading", date="2018-06-01", scores={"progress_to_work": 7})])
        self.assertInd(out, "4.1", True, "met")

    def test_4_1_not_met(self):
        out = self.run_plan([self.JSA,
                             ev("progress_to_work", "M1", date="2018-01-15", kind="training"),
                             ev("employment", "M1", start="2018-10-01"),
                             ev("star_reading", date="2018-03-01", scores={"progress_to_work": 9}),
                             ev("star_reading", date="2018-06-01", scores={"progress_to_work": 6})])
        self.assertInd(out, "4.1", True, "not_met")

    def test_4_1_child_benefit_not_presenting(self):
        out = self.run_plan([ev("benefit", "C2", start="2017-01-01", benefit="jsa")])
        self.assertInd(out, "4.1", False)

    def test_4_2_met(self):
        out = self.run_plan([ev("benefit", "M1", start="2017-01-01", benefit="uc",
                                work_related_conditions=True),
                             ev("employment", "M1", start="2018-09-30")])
        self.assertInd(out, "4.2", True, "met")
        self.assertInd(out, "4.1", False)

    def test_4_2_not_met(self):
        out = self.run_plan([ev("benefit", "M1", start="2017-01-01", benefit="uc",
                                work_related_conditions=True, at_aet=False)])
        self.assertInd(out, "4.2", True, "not_met")

    def test_4_2_at_aet_or_no_conditions_not_presenting(self):
        out = self.run_plan([ev("benefit", "M1", start="2017-01-01", benefit="uc",
                                work_related_conditions=True, at_aet=True),
                             ev("benefit", "M1", start="2017-01-01", benefit="uc")])
        self.assertInd(out, "4.2", False)

    def test_4_3_met(self):
        out = self.run_plan([ev("neet", "Y1", start="2017-10-16"),
                             ev("employment", "Y1", start="2018-03-01", end="2018-03-02")],
                            members=("M1", "Y1"))
        self.assertInd(out, "4.3", True, "met")

    def test_4_3_not_met(self):
        out = self.run_plan([ev("neet", "Y1", start="2017-10-16")], members=("M1", "Y1"))
        self.assertInd(out, "4.3", True, "not_met")

    def test_4_3_edges(self):
        # A - 13 weeks = 2017-10-16; starting the day after is too recent
        out = self.run_plan([ev("neet", "Y1", start="2017-10-17")], members=("M1", "Y1"))
        self.assertInd(out, "4.3", False)
        # 19 at A: too old
        old = {"id": "Z", "role": "adult", "dob": "1998-01-15"}
        out = self.run_plan([ev("neet", "Z", start="2017-01-01")], members=("M1",),
                            extra_members=[old])
        self.assertInd(out, "4.3", False)
        old["dob"] = "1999-01-16"     # 18 at A
        out = self.run_plan([ev("neet", "Z", start="2017-01-01")], members=("M1",),
                            extra_members=[old])
        self.assertInd(out, "4.3", True, "not_met")

    def test_4_4_met(self):
        out = self.run_plan([ev("concern", date="2017-12-01", area="housing", source="ffa"),
                             ev("concern", date="2017-12-01", area="money", source="ffa"),
                             ev("judgement", date="2018-02-01", area="housing", outcome="progress"),
                             ev("judgement", date="2018-03-01", area="money", outcome="progress")])
        self.assertInd(out, "4.4", True, "met")

    def test_4_4_not_met(self):
        out = self.run_plan([ev("concern", date="2017-12-01", area="housing", source="ffa"),
                             ev("concern", date="2017-12-01", area="money", source="ffa"),
                             ev("judgement", date="2018-02-01", area="housing", outcome="progress")])
        self.assertInd(out, "4.4", True, "not_met")

    def test_4_5_met(self):
        out = self.run_plan([ev("star_need", date="2017-12-01", need="neet"),
                             ev("star_reading", date="2018-03-01",
                                scores={"home_and_money": 7, "progress_to_work": 8}),
                             ev("star_reading", date="2018-06-01",
                                scores={"home_and_money": 7, "progress_to_work": 7})])
        self.assertInd(out, "4.5", True, "met")

    def test_4_5_not_met(self):
        out = self.run_plan([ev("star_reading", date="2017-06-01", scores={"progress_to_work": 9}),
                             ev("star_reading", date="2017-12-01", scores={"home_and_money": 6}),
                             ev("star_reading", date="2018-03-01",
                                scores={"home_and_money": 7, "progress_to_work": 8}),
                             ev("star_reading", date="2018-06-01",
                                scores={"home_and_money": 6, "progress_to_work": 7})])
        self.assertInd(out, "4.5", True, "not_met")

    def test_4_5_latest_reading_only_and_unscored(self):
        out = self.run_plan([ev("star_reading", date="2017-06-01", scores={"progress_to_work": 2}),
                             ev("star_reading", date="2017-12-01", scores={"your_wellbeing": 1})])
        self.assertInd(out, "4.5", False)


class Herts5(Base):
    def test_5_1_met(self):
        out = self.run_plan([ev("da_notification", "M1", date="2017-06-01", category="vawg"),
                             ev("da_notification", "M1", date="2018-06-30", category="vawg"),
                             ev("safety_assessment", date="2018-05-01", safe=False,
                                further_risk=True),
                             ev("safety_assessment", date="2018-07-01", safe=True,
                                further_risk=False)])
        self.assertInd(out, "5.1", True, "met")

    def test_5_1_not_met(self):
        out = self.run_plan([ev("da_notification", "M1", date="2017-06-01", category="vawg"),
                             ev("safety_assessment", date="2018-05-01", safe=True,
                                further_risk=False),
                             ev("safety_assessment", date="2018-07-01", safe=True,
                                further_risk=True)])
        self.assertInd(out, "5.1", True, "not_met")
        out = self.run_plan([ev("da_notification", "M1", date="2017-06-01", category="vawg")])
        self.assertInd(out, "5.1", True, "not_met")

    def test_5_1_31_march_minus_months(self):
        # C = 2018-05-31: C - 3 months = 2018-02-28 (clamped)
        base = [ev("da_notification", "M1", date="2017-06-01", category="domestic_abuse"),
                ev("safety_assessment", date="2018-05-01", safe=True, further_risk=False)]
        out = self.run_plan(base + [ev("da_notification", "M1", date="2018-02-28",
                                       category="domestic_abuse")], C="2018-05-31")
        self.assertInd(out, "5.1", True, "met")
        out = self.run_plan(base + [ev("da_notification", "M1", date="2018-03-01",
                                       category="domestic_abuse")], C="2018-05-31")
        self.assertInd(out, "5.1", True, "not_met")

    def test_5_1_31_march_as_A(self):
        # A = 2018-03-31: (A - 12m, A] = (2017-03-31, 2018-03-31]
        out = self.run_plan([ev("da_notification", "M1", date="2017-03-31", category="vawg")],
                            A="2018-03-31")
        self.assertInd(out, "5.1", False)

    DISC = ev("da_disclosure", "M1", date="2017-12-01", last_incident="2017-11-01",
              role="victim", ongoing_impact=False)

    def test_5_2_met_judgement(self):
        out = self.run_plan([self.DISC, ev("judgement", date="2018-09-30",
                                           area="domestic_abuse", outcome="progress")])
        self.assertInd(out, "5.2", True, "met")

    def test_5_2_met_support(self):
        out = self.run_plan([self.DISC, ev("da_support", "M1", start="2018-02-01",
                                           end="2018-05-01")])
        self.assertInd(out, "5.2", True, "met")

    def test_5_2_not_met(self):
        out = self.run_plan([self.DISC, ev("da_support", "M1", start="2018-02-01",
                                           end="2018-04-30")])
        self.assertInd(out, "5.2", True, "not_met")
        # support must start after A (section 7)
        out = self.run_plan([self.DISC, ev("da_support", "M1", start="2018-01-15")])
        self.assertInd(out, "5.2", True, "not_met")
        # started after C - 3 months = 2018-06-30
        out = self.run_plan([self.DISC, ev("da_support", "M1", start="2018-07-01")])
        self.assertInd(out, "5.2", True, "not_met")

    def test_5_3_met(self):
        out = self.run_plan([ev("da_disclosure", "M1", date="2017-12-01",
                                last_incident="2017-01-15", role="perpetrator",
                                ongoing_impact=True),
                             ev("judgement", date="2018-08-01", area="domestic_abuse_historic",
                                outcome="progress", sustained_from="2018-06-01")])
        self.assertInd(out, "5.3", True, "met")
        self.assertInd(out, "5.2", False)     # last_incident exactly A - 12 months

    def test_5_3_not_met(self):
        out = self.run_plan([ev("da_disclosure", "M1", date="2017-12-01",
                                last_incident="2016-01-15", role="victim", ongoing_impact=True),
                             ev("judgement", date="2018-08-01", area="domestic_abuse",
                                outcome="progress", sustained_from="2018-06-01")])
        self.assertInd(out, "5.3", True, "not_met")

    def test_5_3_no_ongoing_impact_or_disclosed_after_A(self):
        out = self.run_plan([ev("da_disclosure", "M1", date="2017-12-01",
                                last_incident="2016-01-15", role="victim", ongoing_impact=False),
                             ev("da_disclosure", "M1", date="2018-02-01",
                                last_incident="2016-01-15", role="victim", ongoing_impact=True)])
        self.assertInd(out, "5.3", False)

    def test_5_4_met(self):
        out = self.run_plan([ev("concern", date="2017-12-01", area="family_relationships",
                                source="ffa"),
                             ev("judgement", date="2018-07-01", area="family_relationships",
                                outcome="progress", sustained_from="2018-06-30")])
        self.assertInd(out, "5.4", True, "met")

    def test_5_4_not_met(self):
        out = self.run_plan([ev("concern", date="2017-12-01", area="family_relationships",
                                source="ffa")])
        self.assertInd(out, "5.4", True, "not_met")

    def test_5_5_met(self):
        sc = {"keeping_your_children_safe": 7, "your_wellbeing": 7, "meeting_emotional_needs": 7}
        out = self.run_plan([ev("star_need", date="2017-12-01", need="victim_of_domestic_abuse"),
                             ev("star_reading", date="2018-03-01", scores=sc),
                             ev("star_reading", date="2018-06-01", scores=sc)])
        self.assertInd(out, "5.5", True, "met")

    def test_5_5_not_met(self):
        sc = {"keeping_your_children_safe": 7, "your_wellbeing": 7, "meeting_emotional_needs": 7}
        out = self.run_plan([ev("star_need", date="2017-12-01", need="victim_of_domestic_abuse"),
                             ev("star_reading", date="2018-03-01", scores=sc),
                             ev("star_reading", date="2018-06-01",
                                scores=dict(sc, meeting_emotional_needs=5))])
        self.assertInd(out, "5.5", True, "not_met")


class Herts6(Base):
    AREAS = {"6.1": "mental_health", "6.2": "substance_misuse", "6.3": "sexual_health",
             "6.4": "physical_health"}

    def test_6_1_to_6_4_met(self):
        for iid, area in self.AREAS.items():
            with self.subTest(iid):
                out = self.run_plan([ev("concern", date="2017-12-01", area=area,
                                        source="professional"),
                                     ev("judgement", date="2018-09-01", area=area,
                                        outcome="progress", sustained_from="2018-05-01")])
                self.assertInd(out, iid, True, "met")
                self.assertPresentingSet(out, [iid])

    def test_6_1_to_6_4_not_met(self):
        for iid, area in self.AREAS.items():
            with self.subTest(iid):
                out = self.run_plan([ev("concern", date="2017-12-01", area=area,
                                        source="professional"),
                                     ev("judgement", date="2018-09-01", area=area,
                                        outcome="progress", sustained_from="2018-07-01")])
                self.assertInd(out, iid, True, "not_met")

    def test_6_x_ffa_source_not_presenting(self):
        out = self.run_plan([ev("concern", date="2017-12-01", area="mental_health", source="ffa")])
        self.assertInd(out, "6.1", False)

    def test_6_5_met(self):
        sc = {"physical_health": 8, "your_wellbeing": 7, "meeting_emotional_needs": 10}
        out = self.run_plan([ev("star_need", date="2017-12-01", need="drug_misuse"),
                             ev("star_reading", date="2018-03-01", scores=sc),
                             ev("star_reading", date="2018-06-01", scores=sc)])
        self.assertInd(out, "6.5", True, "met")

    def test_6_5_not_met(self):
        sc = {"physical_health": 8, "your_wellbeing": 7, "meeting_emotional_needs": 10}
        out = self.run_plan([ev("star_reading", date="2017-12-01", scores={"your_wellbeing": 6}),
                             ev("star_reading", date="2018-03-01", scores=sc),
                             ev("star_reading", date="2018-06-01", scores=dict(sc, your_wellbeing=3)),
                             ev("star_reading", date="2018-10-01", scores=sc)])
        self.assertInd(out, "6.5", True, "not_met")


# ==========================================================================
# herts-2018 results
# ==========================================================================


class HertsResults(Base):
    OFF = ev("offence", "M1", date="2017-06-01")                        # 1.1 met
    FR = [ev("concern", date="2017-12-01", area="family_relationships", source="ffa"),
          ev("judgement", date="2018-05-01", area="family_relationships",
             outcome="progress", sustained_from="2018-02-01")]           # 5.4 met

    def test_not_eligible(self):
        out = self.run_plan([self.OFF, ev("discretion", date="2018-03-01",
                                          approved_by="head_of_early_help")]
                            + good_att("C1") + good_att("C2"))
        self.assertEqual(out["results"], {"eligible": False, "intensive": False,
                                          "sustained_progress": "invalid",
                                          "employment": "invalid"})

    def test_sustained_progress_valid(self):
        out = self.run_plan([self.OFF] + self.FR + good_att("C1") + good_att("C2"))
        self.assertEqual(out["results"], {"eligible": True, "intensive": False,
                                          "sustained_progress": "valid",
                                          "employment": "invalid"})

    def test_sustained_progress_insufficient_data(self):
        out = self.run_plan([self.OFF] + self.FR + good_att("C2"))      # C1 has no data
        self.assertEqual(out["results"]["sustained_progress"], "insufficient_data")

    def test_unknown_strand_but_failing_strand_is_invalid(self):
        # education unknown (C1 no data at C), crime not met -> invalid, not insufficient
        out = self.run_plan([ev("offence", "M1", date="2017-06-01"),
                             ev("offence", "M1", date="2018-05-01"),
                             ev("pru_support", "C1", start="2017-10-01")] + good_att("C2"))
        self.assertEqual(out["strands"]["education"]["progress"], "unknown")
        self.assertEqual(out["results"]["sustained_progress"], "invalid")

    def test_attendance_test_14_of_140(self):
        out = self.run_plan([self.OFF] + self.FR + good_att("C1")
                            + [att("C2", "2018-summer", 140, 14)])
        self.assertEqual(out["results"]["sustained_progress"], "invalid")

    def test_attendance_exempt_suitable_ehe_and_leaver(self):
        out = self.run_plan([self.OFF] + self.FR + good_att("C2")
                            + [ev("education_provision", "C1", start="2017-01-01",
                                  setting="ehe")], members=("M1", "C1", "C2", "C3"))
        self.assertEqual(out["results"]["sustained_progress"], "valid")
        out = self.run_plan([self.OFF] + self.FR + good_att("C2")
                            + [ev("education_provision", "C1", start="2017-01-01",
                                  setting="ehe", suitable=False)])
        self.assertEqual(out["results"]["sustained_progress"], "insufficient_data")

    def test_valid_discretionary(self):
        evs = [ev("offence", "M1", date="2017-06-01"), ev("offence", "M1", date="2018-05-01")]
        evs += self.FR + good_att("C1") + good_att("C2")
        self.assertEqual(self.run_plan(evs)["results"]["sustained_progress"], "invalid")
        out = self.run_plan(evs + [ev("discretion", date="2018-09-30",
                                      approved_by="head_of_early_help")])
        self.assertEqual(out["results"]["sustained_progress"], "valid_discretionary")
        self.assertEqual(out["results"]["employment"], "invalid")
        out = self.run_plan(evs + [ev("discretion", date="2018-01-15",
                                      approved_by="head_of_early_help")])
        self.assertEqual(out["results"]["sustained_progress"], "invalid")
        # discretion also turns insufficient_data into valid_discretionary
        out = self.run_plan([self.OFF] + self.FR + good_att("C2")
                            + [ev("discretion", date="2018-09-30",
                                  approved_by="head_of_early_help")])
        self.assertEqual(out["results"]["sustained_progress"], "valid_discretionary")

    def test_health_needs_no_new_problems(self):
        health = [ev("concern", date="2017-12-01", area="sexual_health", source="professional"),
                  ev("judgement", date="2018-08-01", area="sexual_health", outcome="progress",
                     sustained_from="2018-04-01")]
        evs = [self.OFF] + health + good_att("C1") + good_att("C2")
        self.assertEqual(self.run_plan(evs)["results"]["sustained_progress"], "invalid")
        nnp = ev("judgement", date="2018-09-01", area="no_new_problems", outcome="progress")
        self.assertEqual(self.run_plan(evs + [nnp])["results"]["sustained_progress"], "valid")

    def test_intensive(self):
        evs = [self.OFF] + self.FR + [
            ev("concern", date="2017-12-01", area="education", source="ffa"),
            ev("concern", date="2017-12-01", area="money", source="ffa")]
        out = self.run_plan(evs)
        self.assertTrue(out["results"]["eligible"])
        self.assertTrue(out["results"]["intensive"])
        self.assertEqual(out["strands"]["children_need_help"], {"presenting": False,
                                                                "progress": None})

    # ---- employment claim ----
    def emp(self, benefit_events, emp_events):
        return self.run_plan([self.OFF] + benefit_events + emp_events)["results"]["employment"]

    def test_employment_jsa_182_of_210(self):
        jsa = [ev("benefit", "M1", start="2017-01-01", end="2018-01-31", benefit="jsa")]
        # 2018-02-01..2018-08-01 = 182 days, inside a 210-day window after A
        self.assertEqual(self.emp(jsa, [ev("employment", "M1", start="2018-02-01",
                                           end="2018-08-01")]), "valid")
        self.assertEqual(self.emp(jsa, [ev("employment", "M1", start="2018-02-01",
                                           end="2018-07-31")]), "invalid")
        # gaps allowed: 100 + 82 days within 210
        self.assertEqual(self.emp(jsa, [ev("employment", "M1", start="2018-02-01",
                                           end="2018-05-11"),
                                        ev("employment", "M1", start="2018-05-20",
                                           end="2018-08-09")]), "valid")
        # someone else's employment does not count
        self.assertEqual(self.emp(jsa, [ev("employment", "M2", start="2018-02-01")]), "invalid")

    def test_employment_benefit_must_have_ended(self):
        jsa = [ev("benefit", "M1", start="2017-01-01", benefit="jsa")]
        self.assertEqual(self.emp(jsa, [ev("employment", "M1", start="2018-02-01")]), "invalid")
        jsa = [ev("benefit", "M1", start="2017-01-01", end="2018-10-01", benefit="jsa")]
        self.assertEqual(self.emp(jsa, [ev("employment", "M1", start="2018-02-01")]), "invalid")

    def test_employment_esa_91_run(self):
        esa = [ev("benefit", "M1", start="2017-01-01", end="2018-02-01", benefit="esa")]
        # 2018-03-01..2018-05-30 = 31 + 30 + 30 = 91 days
        self.assertEqual(self.emp(esa, [ev("employment", "M1", start="2018-03-01",
                                           end="2018-05-30")]), "valid")
        self.assertEqual(self.emp(esa, [ev("employment", "M1", start="2018-03-01",
                                           end="2018-05-29")]), "invalid")
        # adjoining intervals form one run
        self.assertEqual(self.emp(esa, [ev("employment", "M1", start="2018-03-01",
                                           end="2018-03-31"),
                                        ev("employment", "M1", start="2018-04-01",
                                           end="2018-05-30")]), "valid")
        # a one-day gap breaks it
        self.assertEqual(self.emp(esa, [ev("employment", "M1", start="2018-03-01",
                                           end="2018-03-30"),
                                        ev("employment", "M1", start="2018-04-01",
                                           end="2018-05-30")]), "invalid")
        # only days after A count: 2018-01-16..2018-04-15 = 16+28+31+15 = 90
        self.assertEqual(self.emp(esa, [ev("employment", "M1", start="2017-12-01",
                                           end="2018-04-15")]), "invalid")
        self.assertEqual(self.emp(esa, [ev("employment", "M1", start="2017-12-01",
                                           end="2018-04-16")]), "valid")

    def test_employment_uc_at_aet(self):
        uc = [ev("benefit", "M1", start="2017-01-01", benefit="uc",
                 work_related_conditions=True)]
        work = [ev("employment", "M1", start="2018-02-01")]
        self.assertEqual(self.emp(uc, work), "invalid")
        aet = ev("benefit", "M1", start="2018-08-01", benefit="uc", work_related_conditions=True,
                 at_aet=True)
        self.assertEqual(self.emp(uc + [aet], work), "valid")
        aet2 = dict(aet, member="M2")
        self.assertEqual(self.run_plan([self.OFF] + uc + [aet2] + work,
                                       members=("M1", "M2", "C1"))["results"]["employment"],
                         "invalid")

    def test_employment_window_needs_210_days_after_A(self):
        jsa = [ev("benefit", "M1", start="2017-01-01", end="2018-01-31", benefit="jsa")]
        work = [ev("employment", "M1", start="2018-01-16")]
        # A+1 .. C = 2018-01-16 .. 2018-08-12 = 209 days: no 210-day window
        self.assertEqual(self.run_plan([self.OFF] + jsa + work, C="2018-08-12")
                         ["results"]["employment"], "invalid")
        self.assertEqual(self.run_plan([self.OFF] + jsa + work, C="2018-08-13")
                         ["results"]["employment"], "valid")


# ==========================================================================
# tf2
# ==========================================================================


class Tf2(Base):
    plan = "tf2"

    def test_1a(self):
        self.assertInd(self.run_plan([ev("offence", "C2", date="2017-06-01")]), "1a", True, "met")
        out = self.run_plan([ev("erjr", "C2", date="2017-06-01"),
                             ev("offence", "M2", date="2018-09-01")], members=("M2", "C2"))
        self.assertInd(out, "1a", True, "not_met")
        # erjr after the last 6 months is not an offence -> still met
        out = self.run_plan([ev("erjr", "C2", date="2017-06-01"), ev("erjr", "C2", date="2018-09-01")])
        self.assertInd(out, "1a", True, "met")
        self.assertInd(self.run_plan([ev("offence", "C1", date="2017-06-01")]), "1a", False)

    def test_1b(self):
        self.assertInd(self.run_plan([ev("offence", "M1", date="2017-06-01")]), "1b", True, "met")
        self.assertInd(self.run_plan([ev("offence", "M1", date="2017-06-01"),
                                      ev("offence", "C1", date="2018-04-01")]), "1b", True, "not_met")

    def test_1c(self):
        cs = ev("community_sentence", "M1", start="2017-06-01", end="2018-01-15")
        self.assertInd(self.run_plan([cs]), "1c", True, "met")
        self.assertInd(self.run_plan([cs, ev("offence", "M1", date="2018-04-01")]),
                       "1c", True, "not_met")
        self.assertInd(self.run_plan([dict(cs, end="2018-01-14")]), "1c", False)

    def test_1d(self):
        s = ev("asb_sanction", "C2", date="2017-06-01", kind="nosp")
        self.assertInd(self.run_plan([s]), "1d", True, "met")
        self.assertInd(self.run_plan([s, ev("asb_incident", "C2", date="2018-04-01")]),
                       "1d", True, "not_met")

    def test_2a_uses_absence(self):
        base = [ev("exclusion", "C2", date="2017-02-01", kind="permanent")]
        self.assertInd(self.run_plan(base + good_att("C2")), "2a", True, "met")
        # authorised absence counts in tf2: 14 of 140 overall
        out = self.run_plan(base + [att("C2", "2018-summer", 140, 0, 14)])
        self.assertInd(out, "2a", True, "not_met")
        self.assertInd(self.run_plan(base), "2a", True, "unknown")

    def test_2b_2c(self):
        out = self.run_plan([ev("exclusion", "C1", date="2017-03-01", kind="fixed", days=5)]
                            + good_att("C1"))
        self.assertInd(out, "2b", True, "met")
        out = self.run_plan([ev("exclusion", "C1", date="2017-03-01", kind="fixed", days=5),
                             ev("exclusion", "C1", date="2018-03-01", kind="fixed", days=5)]
                            + good_att("C1"))
        self.assertInd(out, "2b", True, "not_met")
        out = self.run_plan([ev("exclusion", "C2", date="2017-03-01", kind="fixed", days=10)]
                            + good_att("C2"))
        self.assertInd(out, "2c", True, "met")
        out = self.run_plan([ev("exclusion", "C2", date="2017-03-01", kind="fixed", days=10),
                             att("C2", "2018-summer", 100, 5, 5)])
        self.assertInd(out, "2c", True, "not_met")

    def test_no_school_leaver_rule_in_tf2(self):
        evs = [ev("exclusion", "C3", date="2017-03-01", kind="permanent"),
               ev("employment", "C3", start="2018-07-02")]
        out = self.run_plan(evs, members=("M1", "C3"))
        self.assertInd(out, "2a", True, "unknown")

    def test_2d(self):
        evs = [att("C2", "2017-autumn", 100, 5, 5), att("C2", "2018-spring"),
               att("C2", "2018-summer")]
        self.assertInd(self.run_plan(evs), "2d", True, "met")          # 10/300
        evs[1] = att("C2", "2018-spring", 100, 0, 20)
        self.assertInd(self.run_plan(evs), "2d", True, "not_met")      # 30/300
        self.assertInd(self.run_plan([att("C2", "2017-autumn", 100, 0, 9)]), "2d", False)

    def test_2e(self):
        me = ev("missing_education", "C2", start="2017-11-01")
        self.assertInd(self.run_plan([me, ev("education_provision", "C2", start="2018-03-01",
                                             setting="ehe")]), "2e", True, "met")
        self.assertInd(self.run_plan([me, ev("education_provision", "C2", start="2018-03-01",
                                             setting="alternative"),
                                      att("C2", "2018-summer", 100, 0, 10)]), "2e", True, "not_met")

    def test_3a(self):
        cin = ev("cin", "C1", start="2017-01-01", end="2017-12-01", reason="other")
        self.assertInd(self.run_plan([cin]), "3a", True, "met")
        self.assertInd(self.run_plan([cin, ev("cp_plan", "C1", start="2018-05-01")]),
                       "3a", True, "not_met")
        # ended on A - 6 months exactly: not in the window
        self.assertInd(self.run_plan([dict(cin, end="2017-07-15")]), "3a", False)
        # E + 6 months > C
        self.assertInd(self.run_plan([cin], C="2018-05-31"), "3a", True, "not_met")

    def test_3b_3c(self):
        eps = [ev("missing_episode", "C2", date=d, hours=2)
               for d in ("2017-08-01", "2017-09-01", "2017-10-01")]
        self.assertInd(self.run_plan(eps), "3b", True, "met")
        self.assertInd(self.run_plan(eps), "3c", False)
        self.assertInd(self.run_plan(eps + [ev("missing_episode", "C1", date="2018-04-01", hours=1)]),
                       "3b", True, "not_met")
        self.assertInd(self.run_plan(eps[:2]), "3b", False)
        long = ev("missing_episode", "C2", date="2017-08-01", hours=24)
        self.assertInd(self.run_plan([long]), "3c", True, "met")
        self.assertInd(self.run_plan([long, ev("missing_episode", "C2", date="2018-09-30",
                                               hours=1)]), "3c", True, "not_met")
        self.assertInd(self.run_plan([dict(long, hours=23.5)]), "3c", False)

    def test_3d(self):
        hi = ev("cse_risk", "C2", date="2017-09-01", level="high")
        low = ev("cse_risk", "C2", date="2018-03-01", level="low")
        self.assertInd(self.run_plan([hi, low]), "3d", True, "met")
        self.assertInd(self.run_plan([hi, low, ev("cse_risk", "C2", date="2018-05-01",
                                                 level="medium")]), "3d", True, "not_met")
        # low reading after C - 6 months (2018-03-30) does not count
        self.assertInd(self.run_plan([hi, dict(low, date="2018-04-01")]), "3d", True, "not_met")

    def test_4a(self):
        jsa = ev("benefit", "M1", start="2017-01-01", end="2018-01-31", benefit="jsa")
        self.assertInd(self.run_plan([jsa, ev("employment", "M1", start="2018-02-01",
                                              end="2018-08-01")]), "4a", True, "met")
        self.assertInd(self.run_plan([jsa, ev("employment", "M1", start="2018-02-01",
                                              end="2018-07-31")]), "4a", True, "not_met")
        # progress_to_work lasting 84 days by C: 2018-07-09..2018-09-30 = 23+31+30 = 84
        self.assertInd(self.run_plan([jsa, ev("progress_to_work", "M1", date="2018-07-09",
                                              kind="training")]), "4a", True, "met")
        self.assertInd(self.run_plan([jsa, ev("progress_to_work", "M1", date="2018-07-10",
                                              kind="training")]), "4a", True, "not_met")
        self.assertInd(self.run_plan([jsa, ev("progress_to_work", "M1", date="2018-02-01",
                                              end="2018-04-25", kind="training")]),
                       "4a", True, "met")     # 28 + 31 + 25 = 84
        # every presenting adult must meet G
        jsa2 = ev("benefit", "M2", start="2017-01-01", benefit="is")
        self.assertInd(self.run_plan([jsa, jsa2, ev("progress_to_work", "M1", date="2018-02-01",
                                                    kind="training")],
                                     members=("M1", "M2")), "4a", True, "not_met")

    def test_4b(self):
        uc = ev("benefit", "M1", start="2017-01-01", benefit="uc", work_related_conditions=True,
                at_aet=True)
        self.assertInd(self.run_plan([uc, ev("progress_to_work", "M1", date="2018-02-01",
                                             kind="training")]), "4b", True, "met")
        self.assertInd(self.run_plan([uc]), "4b", True, "not_met")
        # A before 2017-04-01: not presenting
        self.assertInd(self.run_plan([uc], A="2017-03-31"), "4b", False)

    def test_4c(self):
        neet = ev("neet", "Y1", start="2017-10-16")
        out = self.run_plan([neet, ev("employment", "Y1", start="2018-07-02")],
                            members=("M1", "Y1"))
        self.assertInd(out, "4c", True, "met")      # 2018-07-02..09-30 = 91 days
        out = self.run_plan([neet, ev("employment", "Y1", start="2018-07-03")],
                            members=("M1", "Y1"))
        self.assertInd(out, "4c", True, "not_met")
        # each interval measured on its own: 45 + 46 adjoining days do not add up
        out = self.run_plan([neet, ev("employment", "Y1", start="2018-02-01", end="2018-03-17"),
                             ev("employment", "Y1", start="2018-03-18", end="2018-05-02")],
                            members=("M1", "Y1"))
        self.assertInd(out, "4c", True, "not_met")

    def test_4d(self):
        c = ev("concern", date="2017-12-01", area="debt", source="ffa")
        self.assertInd(self.run_plan([c, ev("judgement", date="2018-02-01", area="debt",
                                            outcome="progress")]), "4d", True, "met")
        self.assertInd(self.run_plan([c]), "4d", True, "not_met")

    def test_5a(self):
        n = ev("da_notification", "M1", date="2017-08-01", category="vawg")
        self.assertInd(self.run_plan([n]), "5a", True, "met")
        self.assertInd(self.run_plan([n, dict(n, date="2018-04-01")]), "5a", True, "not_met")
        self.assertInd(self.run_plan([dict(n, date="2017-07-15")]), "5a", False)

    def test_5b(self):
        h = ev("hrhb_support", start="2017-08-01")
        self.assertInd(self.run_plan([h]), "5b", True, "met")
        self.assertInd(self.run_plan([h, ev("da_disclosure", "M1", date="2018-07-01",
                                            last_incident="2018-01-01", role="victim",
                                            ongoing_impact=False)]), "5b", True, "not_met")
        self.assertInd(self.run_plan([h, ev("da_disclosure", "M1", date="2018-06-30",
                                            last_incident="2018-01-01", role="victim",
                                            ongoing_impact=False)]), "5b", True, "met")

    def test_6a_6b(self):
        for iid, area in (("6a", "mental_health"), ("6b", "substance_misuse")):
            c = ev("concern", date="2017-12-01", area=area, source="professional")
            # C - 91 days = 2018-07-01
            self.assertInd(self.run_plan([c, ev("judgement", date="2018-08-01", area=area,
                                                outcome="progress",
                                                sustained_from="2018-07-01")]), iid, True, "met")
            self.assertInd(self.run_plan([c, ev("judgement", date="2018-08-01", area=area,
                                                outcome="progress",
                                                sustained_from="2018-07-02")]), iid, True,
                           "not_met")

    def test_results(self):
        off = ev("offence", "M1", date="2017-06-01")
        debt = [ev("concern", date="2017-12-01", area="debt", source="ffa"),
                ev("judgement", date="2018-02-01", area="debt", outcome="progress")]
        out = self.run_plan([off] + debt + good_att("C1") + good_att("C2"))
        self.assertEqual(out["results"], {"eligible": True, "intensive": False,
                                          "sustained_progress": "valid", "employment": "invalid"})
        # authorised absence fails the tf2 attendance test; no discretion in tf2
        out = self.run_plan([off] + debt + good_att("C1")
                            + [att("C2", "2018-summer", 100, 0, 10),
                               ev("discretion", date="2018-03-01",
                                  approved_by="head_of_early_help")])
        self.assertEqual(out["results"]["sustained_progress"], "invalid")
        # no no_new_problems needed for health in tf2
        mh = [ev("concern", date="2017-12-01", area="mental_health", source="professional"),
              ev("judgement", date="2018-05-01", area="mental_health", outcome="progress")]
        out = self.run_plan([off] + mh + good_att("C1") + good_att("C2"))
        self.assertEqual(out["results"]["sustained_progress"], "valid")
        out = self.run_plan([off] + debt)
        self.assertEqual(out["results"]["sustained_progress"], "insufficient_data")

    def test_employment_claim_uc_without_at_aet_test(self):
        off = ev("offence", "M1", date="2017-06-01")
        uc = ev("benefit", "M1", start="2017-06-01", end="2018-01-31", benefit="uc",
                work_related_conditions=True, at_aet=True)
        work = ev("employment", "M1", start="2018-02-01")
        out = self.run_plan([off, uc, work])
        self.assertEqual(out["results"]["employment"], "valid")
        out = self.run_plan([off, uc, work], A="2017-03-31")
        self.assertEqual(out["results"]["employment"], "invalid")   # 4b needs A >= 2017-04-01


# ==========================================================================
# herefordshire-v6.1
# ==========================================================================


def sel(*ns, d="2018-01-10"):
    return [ev("outcome_selected", date=d, outcome=n) for n in ns]


class Herefordshire(Base):
    plan = "herefordshire-v6.1"

    def test_selection_on_or_before_A(self):
        out = self.run_plan(sel(12, d="2018-01-15") + sel(17, d="2018-01-16"))
        self.assertInd(out, "12", True, "not_met")
        self.assertInd(out, "17", False)

    def test_1(self):
        # (C-6m, C] = (2018-03-30, 2018-09-30]; before: (2017-09-30, 2018-03-30]
        before = [ev("offence", "M1", date=d) for d in ("2017-10-01", "2018-03-30")]
        self.assertInd(self.run_plan(sel(1) + before + [ev("offence", "C2", date="2018-04-01")]),
                       "1", True, "met")
        self.assertInd(self.run_plan(sel(1) + before + [ev("offence", "C2", date=d)
                                                        for d in ("2018-04-01", "2018-05-01")]),
                       "1", True, "not_met")
        self.assertInd(self.run_plan(sel(1)), "1", True, "met")
        self.assertInd(self.run_plan(sel(1) + [ev("offence", "C2", date="2018-04-01")]),
                       "1", True, "not_met")

    def test_1_sequential_six_month_steps(self):
        # C = 2018-08-31: C - 6m = 2018-02-28, minus 6m = 2017-08-28 (not 2017-08-31)
        evs = sel(1) + [ev("offence", "M1", date="2017-08-29"), ev("offence", "M1", date="2018-04-01")]
        self.assertInd(self.run_plan(evs, C="2018-08-31"), "1", True, "not_met")   # 1 vs 1
        evs.append(ev("offence", "M1", date="2017-08-30"))
        self.assertInd(self.run_plan(evs, C="2018-08-31"), "1", True, "met")       # 1 vs 2
        evs[-1] = ev("offence", "M1", date="2017-08-28")
        self.assertInd(self.run_plan(evs, C="2018-08-31"), "1", True, "not_met")

    def test_2(self):
        before = [ev("asb_incident", "C2", date="2018-01-01") for _ in range(5)]
        self.assertInd(self.run_plan(sel(2) + before + [ev("asb_incident", "C2", date="2018-05-01")
                                                        for _ in range(2)]), "2", True, "met")
        self.assertInd(self.run_plan(sel(2) + before + [ev("asb_incident", "C2", date="2018-05-01")
                                                        for _ in range(3)]), "2", True, "not_met")

    def test_3(self):
        # C2 offended before A so is not checked; C1 is
        base = sel(3) + [ev("offence", "C2", date="2017-06-01"),
                         ev("offence", "C2", date="2018-05-01")]
        self.assertInd(self.run_plan(base), "3", True, "met")
        self.assertInd(self.run_plan(base + [ev("yjs_first_entry", "C1", date="2018-05-01")]),
                       "3", True, "not_met")

    def test_4(self):
        self.assertInd(self.run_plan(sel(4) + good_att("C1") + [att("C2", "2018-summer", 100, 5, 5)]),
                       "4", True, "met")          # exactly 90%
        self.assertInd(self.run_plan(sel(4) + good_att("C1") + [att("C2", "2018-summer", 100, 5, 6)]),
                       "4", True, "not_met")
        self.assertInd(self.run_plan(sel(4) + good_att("C1")), "4", True, "unknown")
        # C3 is no longer of school age at C: not checked
        self.assertInd(self.run_plan(sel(4), members=("M1", "C3")), "4", True, "met")

    def test_5(self):
        # C2's last three terms before C: 2017-autumn..2018-summer, from 2017-09-01
        fx = [ev("exclusion", "C2", date=d, kind="fixed", days=1)
              for d in ("2017-08-31", "2017-09-01", "2018-09-30")]
        self.assertInd(self.run_plan(sel(5) + good_att("C1") + good_att("C2") + fx),
                       "5", True, "met")
        fx.append(ev("exclusion", "C2", date="2018-02-01", kind="fixed", days=1))
        self.assertInd(self.run_plan(sel(5) + good_att("C1") + good_att("C2") + fx),
                       "5", True, "not_met")
        self.assertInd(self.run_plan(sel(5) + good_att("C2")), "5", True, "unknown")

    def test_6(self):
        self.assertInd(self.run_plan(sel(6) + [ev("education_provision", "C2", start="2018-01-01",
                                                  setting="ehe", suitable=False)]), "6", True, "met")
        self.assertInd(self.run_plan(sel(6) + [ev("education_provision", "C2", start="2018-01-01",
                                                  setting="school")]), "6", True, "not_met")

    def test_7(self):
        # C = 2018-09-30: months 2018-03 .. 2018-08
        n = lambda m, p, a: ev("nursery_attendance", "C4", month=m, possible_sessions=p,
                               attended_sessions=a)
        self.assertInd(self.run_plan(sel(7) + [n("2018-03", 100, 80), n("2018-08", 100, 90),
                                               n("2018-09", 100, 0)], members=("M1", "C4")),
                       "7", True, "met")     # 170/200 = 85%
        self.assertInd(self.run_plan(sel(7) + [n("2018-02", 100, 100), n("2018-08", 100, 84)],
                                     members=("M1", "C4")), "7", True, "not_met")
        self.assertInd(self.run_plan(sel(7), members=("M1", "C4")), "7", True, "not_met")
        self.assertInd(self.run_plan(sel(7), members=("M1", "C1")), "7", True, "met")

    def test_8(self):
        cp = ev("cp_plan", "C1", start="2017-10-01", end="2018-03-01")
        self.assertInd(self.run_plan(sel(8) + [cp, ev("cin", "C1", start="2018-04-01",
                                                      reason="other")]), "8", True, "met")
        self.assertInd(self.run_plan(sel(8) + [cp, ev("social_care_referral", "C1",
                                                      date="2018-04-01")]), "8", True, "not_met")
        cin = ev("cin", "C2", start="2017-10-01", end="2018-03-01", reason="disability")
        self.assertInd(self.run_plan(sel(8) + [cin]), "8", True, "met")
        self.assertInd(self.run_plan(sel(8) + [cin, ev("cin", "C2", start="2018-06-01",
                                                       reason="disability")]), "8", True, "not_met")
        # one successful step-down is enough
        self.assertInd(self.run_plan(sel(8) + [cin, ev("cin", "C2", start="2018-06-01",
                                                       reason="disability"), cp]),
                       "8", True, "met")
        self.assertInd(self.run_plan(sel(8)), "8", True, "not_met")

    def test_9(self):
        sp = lambda m, d, g: ev("school_progress", m, date=d, good=g)
        evs = sel(9) + [sp("C1", "2018-03-01", False), sp("C1", "2018-06-01", True),
                        sp("C4", "2018-06-01", True)]
        self.assertInd(self.run_plan(evs, members=("M1", "C1", "C4")), "9", True, "met")
        self.assertInd(self.run_plan(evs + [sp("C4", "2018-06-01", False)],
                                     members=("M1", "C1", "C4")), "9", True, "not_met")
        self.assertInd(self.run_plan(evs, members=("M1", "C1", "C2", "C4")), "9", True, "not_met")

    def test_10_11(self):
        closed = [ev("case_closed", date="2018-01-31", reason="disengaged"),
                  ev("case_closed", date="2018-03-15", reason="progress")]
        pr = ev("parenting_report", "M1", date="2018-07-31", improved_confidence=True)
        self.assertInd(self.run_plan(sel(10) + closed + [pr]), "10", True, "met")
        self.assertInd(self.run_plan(sel(10) + closed + [dict(pr, date="2018-07-30")]),
                       "10", True, "not_met")
        self.assertInd(self.run_plan(sel(10) + [pr]), "10", True, "not_met")
        ca = ev("community_activity", date="2018-08-01", continuing=True)
        self.assertInd(self.run_plan(sel(11) + closed + [ca]), "11", True, "met")
        self.assertInd(self.run_plan(sel(11) + closed + [dict(ca, continuing=False)]),
                       "11", True, "not_met")

    def test_12(self):
        self.assertInd(self.run_plan(sel(12) + [ev("keep_safe_work", "C1", date="2018-01-16")]),
                       "12", True, "met")
        self.assertInd(self.run_plan(sel(12) + [ev("keep_safe_work", "C1", date="2018-01-15")]),
                       "12", True, "not_met")

    def test_13_and_employment_result(self):
        # no jsa: 3 months: 2018-02-01 + 3m - 1 day = 2018-04-30
        e = ev("employment", "M1", start="2018-02-01", end="2018-04-30")
        out = self.run_plan(sel(13) + [e])
        self.assertInd(out, "13", True, "met")
        self.assertEqual(out["results"]["employment"], "valid")
        out = self.run_plan(sel(13) + [dict(e, end="2018-04-29")])
        self.assertInd(out, "13", True, "not_met")
        self.assertEqual(out["results"]["employment"], "invalid")
        # jsa at A: 6 months: 2018-02-01 + 6m - 1 day = 2018-07-31
        jsa = ev("benefit", "M1", start="2017-01-01", benefit="jsa")
        self.assertInd(self.run_plan(sel(13) + [jsa, e]), "13", True, "not_met")
        self.assertInd(self.run_plan(sel(13) + [jsa, dict(e, end=None)]), "13", True, "met")
        # employment result valid even without selecting 13
        out = self.run_plan([e])
        self.assertEqual(out["results"]["employment"], "valid")
        self.assertInd(out, "13", False)
        # started on A: not after A
        self.assertInd(self.run_plan(sel(13) + [dict(e, start="2018-01-15")]), "13", True, "not_met")

    def test_14_15_16(self):
        p = lambda k, d="2018-03-01": ev("progress_to_work", "M1", date=d, kind=k)
        self.assertInd(self.run_plan(sel(14) + [p("traineeship")]), "14", True, "met")
        self.assertInd(self.run_plan(sel(14) + [p("qualification")]), "14", True, "not_met")
        self.assertInd(self.run_plan(sel(15) + [p("milestone")]), "15", True, "met")
        self.assertInd(self.run_plan(sel(15) + [p("milestone", "2018-10-01")]), "15", True, "not_met")
        self.assertInd(self.run_plan(sel(16) + [ev("judgement", date="2018-02-01", area="debt",
                                                   outcome="progress")]), "16", True, "met")
        self.assertInd(self.run_plan(sel(16) + [ev("judgement", date="2018-02-01", area="debt",
                                                   outcome="no_progress")]), "16", True, "not_met")

    def test_17_18_19(self):
        self.assertInd(self.run_plan(sel(17) + [ev("da_notification", "M1", date="2018-03-30",
                                                   category="vawg")]), "17", True, "met")
        self.assertInd(self.run_plan(sel(17) + [ev("da_notification", "M1", date="2018-03-31",
                                                   category="vawg")]), "17", True, "not_met")
        self.assertInd(self.run_plan(sel(18) + [ev("da_support", "M1", start="2018-09-01")]),
                       "18", True, "met")
        self.assertInd(self.run_plan(sel(18) + [ev("da_support", "M1", start="2018-02-01",
                                                   end="2018-05-01", completed=True)]),
                       "18", True, "met")
        self.assertInd(self.run_plan(sel(18) + [ev("da_support", "M1", start="2018-02-01",
                                                   end="2018-05-01")]), "18", True, "not_met")
        self.assertInd(self.run_plan(sel(19) + [ev("perpetrator_programme", "M1",
                                                   start="2017-02-01", end="2018-05-01",
                                                   completed=True)]), "19", True, "met")
        self.assertInd(self.run_plan(sel(19) + [ev("perpetrator_programme", "M1",
                                                   start="2017-02-01", end="2018-01-15",
                                                   completed=True)]), "19", True, "not_met")

    def test_20_21(self):
        reg = lambda t, m: ev(t, m, start="2010-01-01")
        members = ("M1", "C1")
        self.assertInd(self.run_plan(sel(20) + [reg("gp_registration", "M1"),
                                                reg("gp_registration", "C1")], members=members),
                       "20", True, "met")
        self.assertInd(self.run_plan(sel(20) + [reg("gp_registration", "M1")], members=members),
                       "20", True, "not_met")
        ok = [reg("dentist_registration", "M1"), reg("dentist_registration", "C1"),
              ev("dental_checkup", "M1", date="2017-10-01"),
              ev("dental_checkup", "C1", date="2018-09-30")]
        self.assertInd(self.run_plan(sel(21) + ok, members=members), "21", True, "met")
        ok[2] = ev("dental_checkup", "M1", date="2017-09-30")
        self.assertInd(self.run_plan(sel(21) + ok, members=members), "21", True, "not_met")

    def test_22(self):
        im = lambda m, d, u: ev("immunisation_status", m, date=d, up_to_date=u)
        members = ("M1", "C1", "C4")
        evs = sel(22) + [im("C1", "2018-01-01", False), im("C1", "2018-05-01", True),
                         im("C4", "2018-05-01", True), im("C4", "2018-10-01", False)]
        self.assertInd(self.run_plan(evs, members=members), "22", True, "met")
        self.assertInd(self.run_plan(evs + [im("C4", "2018-05-01", False)], members=members),
                       "22", True, "not_met")
        self.assertInd(self.run_plan(sel(22), members=members), "22", True, "not_met")

    def test_23_24_25(self):
        for n, kind in ((23, "smoking_cessation"), (24, "substance_misuse"), (25, "healthy_weight")):
            hs = ev("health_support", "M1", start="2018-03-30", kind=kind, progress=True)
            self.assertInd(self.run_plan(sel(n) + [hs]), str(n), True, "met")
            self.assertInd(self.run_plan(sel(n) + [dict(hs, start="2018-03-31")]), str(n), True,
                           "not_met")
            self.assertInd(self.run_plan(sel(n) + [dict(hs, end="2018-09-29")]), str(n), True,
                           "not_met")
            self.assertInd(self.run_plan(sel(n) + [dict(hs, progress=False)]), str(n), True,
                           "not_met")

    def test_26(self):
        pr = ev("pregnancy", "M1", start="2018-03-01", midwife_care=True,
                antenatal_hv_assessment=True)
        self.assertInd(self.run_plan(sel(26) + [pr]), "26", True, "met")
        self.assertInd(self.run_plan(sel(26) + [dict(pr, antenatal_hv_assessment=False)]),
                       "26", True, "not_met")
        self.assertInd(self.run_plan(sel(26)), "26", True, "met")

    def test_27(self):
        # C4 born 2016-01-01: 2.5 years on 2018-07-01
        hc = ev("health_check", "C4", date="2018-02-01", communication_below_threshold=False)
        self.assertInd(self.run_plan(sel(27) + [hc], members=("M1", "C4")), "27", True, "met")
        self.assertInd(self.run_plan(sel(27), members=("M1", "C4")), "27", True, "not_met")
        self.assertInd(self.run_plan(sel(27), members=("M1", "C4"), C="2018-06-30"),
                       "27", True, "met")

    def test_28(self):
        hs = ev("health_support", "C2", start="2017-01-01", end="2018-01-16",
                kind="mental_health", progress=False)
        self.assertInd(self.run_plan(sel(28) + [hs]), "28", True, "met")
        self.assertInd(self.run_plan(sel(28) + [dict(hs, end="2018-01-15")]), "28", True, "not_met")

    def test_case_results(self):
        r = lambda evs: self.run_plan(evs)["results"]
        self.assertEqual(r([]), {"case_result": "no_outcomes", "sustained_progress": "invalid",
                                 "employment": "invalid"})
        self.assertEqual(r(sel(17))["case_result"], "met")
        self.assertEqual(r(sel(17))["sustained_progress"], "valid")
        self.assertEqual(r(sel(17, 12))["case_result"], "partially_met")
        self.assertEqual(r(sel(17, 12))["sustained_progress"], "invalid")
        self.assertEqual(r(sel(12))["case_result"], "not_met")
        # unknown outcome 4 (C1, C2 have no data)
        self.assertEqual(r(sel(17, 4)), {"case_result": "partially_met",
                                         "sustained_progress": "insufficient_data",
                                         "employment": "invalid"})
        self.assertEqual(r(sel(4))["case_result"], "not_met")
        self.assertEqual(r(sel(4))["sustained_progress"], "insufficient_data")
        self.assertEqual(r(sel(4, 12))["sustained_progress"], "invalid")

    def test_strands(self):
        out = self.run_plan(sel(17, 20, 27) + [ev("gp_registration", m, start="2010-01-01")
                                               for m in ("M1", "C1", "C2")],
                            members=("M1", "C1", "C2"))
        self.assertEqual(out["strands"]["domestic_abuse"], {"presenting": True, "progress": "met"})
        self.assertEqual(out["strands"]["health"], {"presenting": True, "progress": "met"})
        self.assertEqual(out["strands"]["crime"], {"presenting": False, "progress": None})


# ==========================================================================
# Loader and CLI
# ==========================================================================


class LoaderAndCli(unittest.TestCase):
    SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "register.py")

    def rejects(self, fam):
        with self.assertRaises(R.Reject):
            R.load_family(R.parse_line(json.dumps(fam)))

    def test_rejections(self):
        self.rejects(family([att("C2", "2017-autumn", 140.0, 1)]))
        self.rejects(family([att("C2", "2017-autumn", 0, 0)]))
        self.rejects(family([att("C2", "2017-autumn", 10, 6, 5)]))
        self.rejects(family([att("C2", "2017-autumn"), att("C2", "2017-autumn")]))
        self.rejects(family([ev("exclusion", "C2", date="2017-02-01", kind="fixed")]))
        self.rejects(family([ev("offence", "ZZ", date="2017-02-01")]))
        self.rejects(family([ev("teleport", "C2", date="2017-02-01")]))
        self.rejects(family([ev("judgement", date="2018-02-01", area="crime",
                                outcome="progress", sustained_from="2018-02-02")]))
        self.rejects(family([ev("star_reading", date="2018-02-01", scores={})]))
        self.rejects(family([ev("star_reading", date="2018-02-01", scores={"your_wellbeing": 11})]))
        self.rejects(family([ev("outcome_selected", date="2018-02-01", outcome=29)]))
        self.rejects(family([ev("neet", "C2", start="2018-02-01", end="2018-01-31")]))
        self.rejects(family([ev("offence", "C2", date="2018-02-30")]))

    def test_defaults(self):
        f = R.load_family(R.parse_line(json.dumps(family([
            ev("benefit", "M2", start="2017-01-01", benefit="uc"),
            ev("education_provision", "C1", start="2017-01-01", setting="ehe"),
            ev("da_support", "M2", start="2017-01-01", end=None),
            ev("judgement", date="2018-02-01", area="crime", outcome="progress"),
        ], members=("M2", "C1")))))
        b, p, d, j = f.events
        self.assertFalse(b.work_related_conditions)
        self.assertFalse(b.at_aet)
        self.assertTrue(p.suitable)
        self.assertFalse(d.completed)
        self.assertIsNone(d.end)
        self.assertEqual(j.sustained_from, date(2018, 2, 1))
        self.assertFalse(f.members[0].parenting)

    def test_cli_skips_late_families_and_rejects_duplicates(self):
        lines = [json.dumps(family([ev("offence", "C1", date="2017-06-01")], fid="F1")),
                 "",
                 json.dumps(family([], fid="F2", A="2018-10-01")),
                 json.dumps(family([], fid="F1")),
                 "{not json",
                 json.dumps(family([], fid="F3"))]
        path = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"oracle_test_{os.getpid()}.jsonl")
        with open(path, "w") as fh:
            fh.write("\n".join(lines) + "\n")
        try:
            p = subprocess.run([sys.executable, self.SCRIPT, "--plan", "herts-2018",
                                "--families", path, "--as-of", C0],
                               capture_output=True, text=True)
        finally:
            os.unlink(path)
        self.assertEqual(p.returncode, 3, p.stderr)
        outs = [json.loads(l) for l in p.stdout.splitlines()]
        self.assertEqual([o["family"] for o in outs], ["F1", "F3"])
        self.assertEqual(list(outs[0]), ["family", "plan", "as_of", "indicators", "strands",
                                         "results"])
        self.assertEqual(len(outs[0]["indicators"]), 34)
        self.assertEqual(outs[0]["as_of"], C0)
        self.assertIn("F2", p.stderr)
        self.assertIn("skipped", p.stderr)

    def test_cli_usage_error(self):
        p = subprocess.run([sys.executable, self.SCRIPT, "--plan", "nope", "--families",
                            "/dev/null", "--as-of", C0], capture_output=True, text=True)
        self.assertEqual(p.returncode, 2)

    def test_indicator_ids(self):
        self.assertEqual(list(R.PLANS["tf2"].indicators),
                         ["1a", "1b", "1c", "1d", "2a", "2b", "2c", "2d", "2e", "3a", "3b", "3c",
                          "3d", "4a", "4b", "4c", "4d", "5a", "5b", "6a", "6b"])
        self.assertEqual(list(R.PLANS["herefordshire-v6.1"].indicators),
                         [str(n) for n in range(1, 29)])
        for p in R.PLANS.values():
            for iid, fn in p.indicators.items():
                self.assertIn("G:", fn.__doc__ or "", f"{p.id} {iid} docstring")


if __name__ == "__main__":
    unittest.main()
