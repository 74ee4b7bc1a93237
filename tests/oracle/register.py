#!/usr/bin/env python3
"""Independent reference evaluator ("oracle") for the outcomes plans.

Written from the contract only: /work/shared/spec/timeline-v1.md (sections
1-4, 6 and 7; section 7 clarifications win over section 6).  Python 3.11,
standard library only.  It is used by the test suite as a differential oracle
for the C++ `outcomes run --format jsonl`.

    python3 tests/oracle/register.py --plan herts-2018 --families FILE \
        --as-of YYYY-MM-DD

writes one JSON line per evaluated family (spec section 4).  Messages go to
stderr.  Exit status: 0 all evaluated, 3 some family rejected or skipped,
2 usage error.

Conventions used throughout:
  * A  = the family's assessment_date; C = the as-of (claim) date.
  * A window is a pair (lo, hi) meaning the half-open interval (lo, hi]
    ("after lo, on or before hi"), spec section 2.
  * Three-valued progress is True (met) / False (not_met) / None (unknown).
"""

from __future__ import annotations

import argparse
import calendar
import json
import re
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Callable, Iterable, Optional

# --------------------------------------------------------------------------
# Three-valued (Kleene) logic, spec section 2 "Three-valued progress"
# --------------------------------------------------------------------------

T3 = Optional[bool]          # True = met, False = not_met, None = unknown
NOT_PRESENTING = (False, None)
TEN_PERCENT = Fraction(1, 10)


def k_and(values: Iterable[T3]) -> T3:
    """Kleene AND: any False -> False; else any None -> None; else True.
    Over no values: True ("every ... over no qualifying members is met",
    section 7)."""
    saw_unknown = False
    for v in values:
        if v is False:
            return False
        if v is None:
            saw_unknown = True
    return None if saw_unknown else True


def k_or(values: Iterable[T3]) -> T3:
    """Kleene OR: any True -> True; else any None -> None; else False."""
    saw_unknown = False
    for v in values:
        if v is True:
            return True
        if v is None:
            saw_unknown = True
    return None if saw_unknown else False


def lt(measure: Optional[Fraction], bound) -> T3:
    """measure < bound in progress (G) context: unknown measure -> unknown."""
    return None if measure is None else measure < bound


def progress_str(v: T3) -> str:
    return {True: "met", False: "not_met", None: "unknown"}[v]


# Presenting (P) comparisons: "a comparison that uses an unknown measure is
# false" (section 2).  Written out at each use as `m is not None and ...`.

# --------------------------------------------------------------------------
# Dates (section 2, section 7 "Dates and people")
# --------------------------------------------------------------------------


def add_months(d: date, n: int) -> date:
    """D + N months (N may be negative): same day of month, clamped to the
    last day of the target month.  2018-03-31 - 1 month = 2018-02-28
    (section 2); D + N months likewise (section 7)."""
    total = d.year * 12 + (d.month - 1) + n
    y, m0 = divmod(total, 12)
    m = m0 + 1
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def last_months(d: date, n: int) -> tuple[date, date]:
    """'in the last N months before D' = (D - N months, D]."""
    return (add_months(d, -n), d)


def last_days(d: date, n: int) -> tuple[date, date]:
    return (d - timedelta(days=n), d)


def in_win(x: Optional[date], win: tuple[date, date]) -> bool:
    """x in (lo, hi]."""
    return x is not None and win[0] < x <= win[1]


def birthday(dob: date, years: int) -> date:
    """The Nth birthday.  29 Feb birthdays fall on 1 March in common years
    (section 7: 'gains a year on 1 March in common years')."""
    y = dob.year + years
    try:
        return date(y, dob.month, dob.day)
    except ValueError:           # 29 Feb in a common year
        return date(y, 3, 1)


def age_at(dob: date, d: date) -> int:
    """Age in completed years at d.  With tuple comparison a 29 Feb dob turns
    a year older on 1 March of a common year (28 Feb < 29 Feb)."""
    a = d.year - dob.year
    if (d.month, d.day) < (dob.month, dob.day):
        a -= 1
    return a


def last_friday_of_june(year: int) -> date:
    d = date(year, 6, 30)
    while d.weekday() != 4:      # Friday
        d -= timedelta(days=1)
    return d


def compulsory_school_age_bounds(dob: date) -> tuple[date, date]:
    """Compulsory school age: from the first of 31 Dec, 31 Mar, 31 Aug falling
    on or after the 5th birthday, until the last Friday of June of the school
    year (1 Sep-31 Aug) in which the 16th birthday falls; both inclusive."""
    b5 = birthday(dob, 5)
    candidates = [date(y, m, 31) for y in (b5.year, b5.year + 1)
                  for m in (3, 8, 12)]
    start = min(c for c in candidates if c >= b5)
    b16 = birthday(dob, 16)
    # school year 1 Sep Y .. 31 Aug Y+1: its June is in Y+1
    june_year = b16.year if b16.month <= 8 else b16.year + 1
    return start, last_friday_of_june(june_year)


def is_csa(dob: date, d: date) -> bool:
    s, e = compulsory_school_age_bounds(dob)
    return s <= d <= e


def is_primary_phase(dob: date, d: date) -> bool:
    """Primary phase on D: age on the 31 August that starts the school year
    containing D (31 Aug of the previous calendar year for 1 Jan-31 Aug) is
    4 to 10."""
    ref = date(d.year if d.month >= 9 else d.year - 1, 8, 31)
    return 4 <= age_at(dob, ref) <= 10


TERM_RE = re.compile(r"^(\d{4})-(autumn|spring|summer)$")


def term_bounds(term: str) -> tuple[date, date]:
    """autumn 1 Sep-31 Dec, spring 1 Jan-31 Mar, summer 1 Apr-31 Jul."""
    m = TERM_RE.match(term)
    y, s = int(m.group(1)), m.group(2)
    return {"autumn": (date(y, 9, 1), date(y, 12, 31)),
            "spring": (date(y, 1, 1), date(y, 3, 31)),
            "summer": (date(y, 4, 1), date(y, 7, 31))}[s]


# --------------------------------------------------------------------------
# Family model and loading (sections 1, 3, 7 "Input")
# --------------------------------------------------------------------------

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
INT_MAX = 2 ** 63 - 1

STAR_DOMAINS = {"physical_health", "your_wellbeing", "meeting_emotional_needs",
                "keeping_your_children_safe", "social_networks",
                "education_and_learning", "boundaries_and_behaviour",
                "family_routine", "home_and_money", "progress_to_work"}
AREAS = {"crime", "education", "attendance", "child_need", "family_situation",
         "employment", "housing", "money", "debt", "domestic_abuse",
         "domestic_abuse_historic", "family_relationships", "mental_health",
         "substance_misuse", "sexual_health", "physical_health",
         "no_new_problems"}


def E(*vals):
    return ("enum", frozenset(vals))


# field spec: name -> (kind, required, default)
_IV = {"start": ("date", True, None), "end": ("date", False, None)}


def _f(**kw):
    return kw


SCHEMA: dict[str, tuple[str, dict]] = {
    # type: (member: yes|optional|no, fields)
    "offence": ("yes", _f(date=("date", True, None))),
    "erjr": ("yes", _f(date=("date", True, None))),
    "asb_sanction": ("yes", _f(date=("date", True, None), kind=(E(
        "asbo", "civil_injunction", "criminal_behaviour_order",
        "community_protection_notice", "closure_notice", "closure_order",
        "aba", "abc", "parenting_contract", "nosp"), True, None))),
    "asb_incident": ("yes", _f(date=("date", True, None))),
    "community_sentence": ("yes", dict(_IV)),
    "tys_support": ("yes", dict(_IV)),
    "yjs_first_entry": ("yes", _f(date=("date", True, None))),
    "exclusion": ("yes", _f(date=("date", True, None),
                            kind=(E("permanent", "fixed"), True, None),
                            days=("number", False, None))),
    "attendance": ("yes", _f(term=("term", True, None),
                             possible_sessions=("int", True, None),
                             authorised_absence=("int", True, None),
                             unauthorised_absence=("int", True, None))),
    "pru_support": ("yes", dict(_IV)),
    "missing_education": ("yes", dict(_IV)),
    "education_provision": ("yes", dict(_IV, setting=(E("school", "alternative", "ehe"), True, None),
                                        suitable=("bool", False, True))),
    "school_progress": ("yes", _f(date=("date", True, None), good=("bool", True, None))),
    "nursery_attendance": ("yes", _f(month=("month", True, None),
                                     possible_sessions=("int", True, None),
                                     attended_sessions=("int", True, None))),
    "early_help_assessment": ("no", _f(date=("date", True, None),
                                       kind=(E("ffa", "caf", "other"), True, None))),
    "case_closed": ("no", _f(date=("date", True, None), reason=(E(
        "progress", "disengaged", "moved_away", "step_up"), True, None))),
    "case_reopened": ("no", _f(date=("date", True, None))),
    "cin": ("yes", dict(_IV, reason=(E("disability", "other"), True, None))),
    "cp_plan": ("yes", dict(_IV)),
    "social_care_referral": ("yes", _f(date=("date", True, None))),
    "missing_episode": ("yes", _f(date=("date", True, None), hours=("number", True, None))),
    "cse_risk": ("yes", _f(date=("date", True, None),
                           level=(E("none", "low", "medium", "high"), True, None))),
    "health_check": ("yes", _f(date=("date", True, None),
                               communication_below_threshold=("bool", True, None))),
    "star_reading": ("no", _f(date=("date", True, None), scores=("scores", True, None))),
    "star_need": ("no", _f(date=("date", True, None), need=(E(
        "young_offender", "neet", "not_in_work_or_training_parent",
        "victim_of_domestic_abuse", "chronic_health_condition", "drug_misuse",
        "mental_health_issues", "problem_drinking"), True, None))),
    "concern": ("optional", _f(date=("date", True, None), area=(E(*AREAS), True, None),
                               source=(E("ffa", "professional", "equivalent"), True, None))),
    "judgement": ("optional", _f(date=("date", True, None), area=(E(*AREAS), True, None),
                                 outcome=(E("progress", "no_progress", "equivalent_progress"), True, None),
                                 sustained_from=("date", False, None),
                                 agreed_by=(E("business_manager", "head_of_early_help"), False, None))),
    "discretion": ("no", _f(date=("date", True, None),
                            approved_by=(E("head_of_early_help"), True, None))),
    "benefit": ("yes", dict(_IV, benefit=(E("jsa", "esa", "is", "uc", "other_oow"), True, None),
                            work_related_conditions=("bool", False, False),
                            at_aet=("bool", False, False))),
    "employment": ("yes", dict(_IV)),
    "neet": ("yes", dict(_IV)),
    "progress_to_work": ("yes", _f(date=("date", True, None), end=("date", False, None), kind=(E(
        "qualification", "apprenticeship", "apprenticeship_completed", "traineeship",
        "princes_trust", "temporary_work", "part_time_work", "voluntary_work", "training",
        "work_experience", "employment_support", "soft_skills", "job_interviews",
        "childcare_offer", "accredited_learning", "milestone"), True, None))),
    "da_notification": ("yes", _f(date=("date", True, None),
                                  category=(E("domestic_abuse", "vawg"), True, None))),
    "da_disclosure": ("yes", _f(date=("date", True, None), last_incident=("date", True, None),
                                role=(E("victim", "perpetrator"), True, None),
                                ongoing_impact=("bool", True, None))),
    "safety_assessment": ("optional", _f(date=("date", True, None), safe=("bool", True, None),
                                         further_risk=("bool", True, None))),
    "da_support": ("yes", dict(_IV, completed=("bool", False, False))),
    "perpetrator_programme": ("yes", dict(_IV, completed=("bool", True, None))),
    "hrhb_support": ("no", dict(_IV)),
    "health_support": ("yes", dict(_IV, kind=(E(
        "mental_health", "substance_misuse", "smoking_cessation", "healthy_weight",
        "sexual_health", "physical_health"), True, None), progress=("bool", True, None))),
    "gp_registration": ("yes", dict(_IV)),
    "dentist_registration": ("yes", dict(_IV)),
    "dental_checkup": ("yes", _f(date=("date", True, None))),
    "immunisation_status": ("yes", _f(date=("date", True, None), up_to_date=("bool", True, None))),
    "pregnancy": ("yes", dict(_IV, midwife_care=("bool", True, None),
                              antenatal_hv_assessment=("bool", True, None))),
    "parenting_report": ("yes", _f(date=("date", True, None), improved_confidence=("bool", True, None))),
    "community_activity": ("no", _f(date=("date", True, None), continuing=("bool", True, None))),
    "keep_safe_work": ("yes", _f(date=("date", True, None))),
    "outcome_selected": ("optional", _f(date=("date", True, None), outcome=("int", True, None))),
}


class Reject(Exception):
    def __init__(self, field_name: str, msg: str):
        super().__init__(f"{field_name}: {msg}")
        self.field_name = field_name


def _parse_date(v, where) -> date:
    if not isinstance(v, str) or not DATE_RE.match(v):
        raise Reject(where, f"not a YYYY-MM-DD date: {v!r}")
    try:
        return date.fromisoformat(v)
    except ValueError:
        raise Reject(where, f"not a calendar date: {v!r}")


def _parse_value(kind, v, where):
    if kind == "date":
        return _parse_date(v, where)
    if kind == "bool":
        if not isinstance(v, bool):
            raise Reject(where, "expected a boolean")
        return v
    if kind == "int":
        if isinstance(v, bool) or not isinstance(v, int):
            raise Reject(where, "expected an integer")
        if v < 0 or v > INT_MAX:
            raise Reject(where, "integer out of range")
        return v
    if kind == "number":
        if isinstance(v, bool) or not isinstance(v, (int, Decimal)):
            raise Reject(where, "expected a number")
        if isinstance(v, Decimal) and not v.is_finite():
            raise Reject(where, "not a finite number")
        if v < 0:
            raise Reject(where, "negative number")
        return Fraction(v)
    if kind == "term":
        if not isinstance(v, str) or not TERM_RE.match(v):
            raise Reject(where, f"not a term: {v!r}")
        return v
    if kind == "month":
        m = MONTH_RE.match(v) if isinstance(v, str) else None
        if not m or not 1 <= int(m.group(2)) <= 12:
            raise Reject(where, f"not a YYYY-MM month: {v!r}")
        return (int(m.group(1)), int(m.group(2)))
    if kind == "scores":
        if not isinstance(v, dict) or not v:
            raise Reject(where, "scores must be a non-empty object")
        out = {}
        for k, s in v.items():
            if k not in STAR_DOMAINS:
                raise Reject(where, f"unknown Star domain {k!r}")
            if isinstance(s, bool) or not isinstance(s, int) or not 1 <= s <= 10:
                raise Reject(where, f"Star score out of 1-10 for {k}")
            out[k] = s
        return out
    if isinstance(kind, tuple) and kind[0] == "enum":
        if not isinstance(v, str) or v not in kind[1]:
            raise Reject(where, f"invalid value {v!r}")
        return v
    raise AssertionError(kind)


@dataclass
class Member:
    id: str
    role: str
    dob: date
    parenting: bool = False


@dataclass
class Event:
    type: str
    i: int                       # position in the events array
    member: Optional[str]
    f: dict                      # parsed fields (defaults applied)

    def __getattr__(self, name):
        try:
            return self.__dict__["f"][name]
        except KeyError:
            raise AttributeError(name)

    @property
    def key(self):
        """Ordering: by date, then array position (section 7)."""
        return (self.f.get("date") or self.f.get("start"), self.i)


@dataclass
class Family:
    id: str
    A: date
    members: list
    events: list
    warnings: list = field(default_factory=list)


def _reject_constant(name):
    raise ValueError(f"{name} is not allowed")


def parse_line(line: str):
    return json.loads(line, parse_float=Decimal, parse_constant=_reject_constant)


def load_family(obj) -> Family:
    """Light validation + defaults.  The C++ loader is the real validator;
    this enforces the section 1/3/7 rules that matter for evaluation."""
    warnings = []
    if not isinstance(obj, dict):
        raise Reject("(family)", "not a JSON object")
    if not isinstance(obj.get("id"), str):
        raise Reject("id", "missing or not a string")
    A = _parse_date(obj.get("assessment_date"), "assessment_date")
    for k in ("district", "lead_agency"):
        if obj.get(k) is not None and not isinstance(obj[k], str):
            raise Reject(k, "not a string")
    for k in obj:
        if k not in ("id", "assessment_date", "district", "lead_agency", "members", "events"):
            warnings.append(f"unknown field {k!r} ignored")
    ms = obj.get("members")
    if not isinstance(ms, list) or not ms:
        raise Reject("members", "missing, not an array, or empty")
    members = []
    seen = set()
    for j, m in enumerate(ms):
        w = f"members[{j}]"
        if not isinstance(m, dict):
            raise Reject(w, "not an object")
        if not isinstance(m.get("id"), str):
            raise Reject(w + ".id", "missing or not a string")
        if m["id"] in seen:
            raise Reject(w + ".id", "duplicate member id")
        seen.add(m["id"])
        role = m.get("role")
        if role not in ("adult", "child"):
            raise Reject(w + ".role", "must be adult or child")
        dob = _parse_date(m.get("dob"), w + ".dob")
        parenting = False
        if m.get("parenting") is not None:
            if not isinstance(m["parenting"], bool):
                raise Reject(w + ".parenting", "expected a boolean")
            if role == "child":
                warnings.append(f"{w}.parenting on a child ignored")
            else:
                parenting = m["parenting"]
        for k in m:
            if k not in ("id", "role", "dob", "parenting"):
                warnings.append(f"{w}: unknown field {k!r} ignored")
        members.append(Member(m["id"], role, dob, parenting))
    evs = obj.get("events")
    if not isinstance(evs, list):
        raise Reject("events", "missing or not an array")
    events = []
    att_seen = set()
    nur_seen = set()
    for i, e in enumerate(evs):
        w = f"events[{i}]"
        if not isinstance(e, dict):
            raise Reject(w, "not an object")
        t = e.get("type")
        if t not in SCHEMA:
            raise Reject(w + ".type", f"unknown event type {t!r}")
        mem_rule, spec = SCHEMA[t]
        member = e.get("member")
        if mem_rule == "no":
            if member is not None:
                warnings.append(f"{w}.member ignored on {t}")
            member = None
        else:
            if member is None and mem_rule == "yes":
                raise Reject(w + ".member", "missing")
            if member is not None and member not in seen:
                raise Reject(w + ".member", f"names no member of the family: {member!r}")
        fields = {}
        for name, (kind, required, default) in spec.items():
            v = e.get(name)          # null for an optional field means absent
            if v is None:
                if required:
                    raise Reject(f"{w}.{name}", "missing")
                fields[name] = default
            else:
                fields[name] = _parse_value(kind, v, f"{w}.{name}")
        for k in e:
            if k not in spec and k not in ("type", "member"):
                warnings.append(f"{w}: unknown field {k!r} ignored")
        # section 7 "Input" checks
        if "start" in spec and fields["end"] is not None and fields["end"] < fields["start"]:
            raise Reject(w + ".end", "interval end before start")
        if t == "exclusion" and fields["kind"] == "fixed" and fields["days"] is None:
            raise Reject(w + ".days", "fixed exclusion without days")
        if t == "attendance":
            if fields["possible_sessions"] == 0:
                raise Reject(w + ".possible_sessions", "possible sessions of 0")
            if fields["authorised_absence"] + fields["unauthorised_absence"] > fields["possible_sessions"]:
                raise Reject(w, "absence exceeds possible sessions")
            if (member, fields["term"]) in att_seen:
                raise Reject(w + ".term", "two attendance records for one child and term")
            att_seen.add((member, fields["term"]))
        if t == "nursery_attendance":
            if fields["attended_sessions"] > fields["possible_sessions"]:
                raise Reject(w, "attended sessions exceed possible")
            if (member, fields["month"]) in nur_seen:
                raise Reject(w + ".month", "two nursery records for one child and month")
            nur_seen.add((member, fields["month"]))
        if t == "progress_to_work" and fields["end"] is not None and fields["end"] < fields["date"]:
            raise Reject(w + ".end", "end before date")
        if t == "judgement" and fields["sustained_from"] is not None and fields["sustained_from"] > fields["date"]:
            raise Reject(w + ".sustained_from", "after the judgement's date")
        if t == "da_disclosure" and fields["last_incident"] > fields["date"]:
            raise Reject(w + ".last_incident", "after the disclosure's date")
        if t == "outcome_selected" and not 1 <= fields["outcome"] <= 28:
            raise Reject(w + ".outcome", "outside 1-28")
        if t == "judgement" and fields["sustained_from"] is None:
            # "no sustained_from: the judgement's date" (section 6 preamble)
            fields["sustained_from"] = fields["date"]
        events.append(Event(t, i, member, fields))
    return Family(obj["id"], A, members, events, warnings)


# --------------------------------------------------------------------------
# Evaluation context: shared measures
# --------------------------------------------------------------------------


class Ctx:
    def __init__(self, fam: Family, C: date):
        self.fam = fam
        self.A = fam.A
        self.C = C
        self.members = {m.id: m for m in fam.members}
        self.children = [m for m in fam.members if m.role == "child"]
        self.adults = [m for m in fam.members if m.role == "adult"]
        self.by_type: dict[str, list[Event]] = {}
        for e in fam.events:
            self.by_type.setdefault(e.type, []).append(e)
        self.after_A = (self.A, self.C)          # "after A, on or before C"
        self._cache = {}

    # ---- event access ----
    def ev(self, t: str, member: Optional[str] = None) -> list:
        es = self.by_type.get(t, [])
        if member is not None:
            es = [e for e in es if e.member == member]
        return es

    def dated(self, t: str, win, member=None, where: Callable = None) -> list:
        """Point events of type t dated in window (lo, hi], in order."""
        out = [e for e in self.ev(t, member) if in_win(e.date, win)
               and (where is None or where(e))]
        return sorted(out, key=lambda e: (e.date, e.i))

    @staticmethod
    def active(e: Event, d: date) -> bool:
        """Interval active at D: start <= D and (end null or end >= D)."""
        return e.start <= d and (e.end is None or e.end >= d)

    @staticmethod
    def overlaps(e: Event, win) -> bool:
        """Interval active at some day of (lo, hi]."""
        lo, hi = win
        return e.start <= hi and (e.end is None or e.end > lo)

    # ---- people ----
    def age(self, mid: str, d: date) -> int:
        return age_at(self.members[mid].dob, d)

    def is_child(self, mid) -> bool:
        return mid is not None and self.members[mid].role == "child"

    def is_young_person(self, mid) -> bool:
        """A young person is a child aged 10 to 17; age taken at A (sec. 7)."""
        return self.is_child(mid) and 10 <= self.age(mid, self.A) <= 17

    def is_parenting_adult(self, mid) -> bool:
        m = self.members.get(mid) if mid is not None else None
        return m is not None and m.role == "adult" and m.parenting

    def school_age(self, mid, d: date) -> bool:
        """'school-age child': role child and of compulsory school age at d."""
        return self.is_child(mid) and is_csa(self.members[mid].dob, d)

    def primary(self, mid, d: date) -> bool:
        return is_primary_phase(self.members[mid].dob, d)

    # ---- attendance (section 2, school calendar) ----
    def last3(self, mid: str, d: date) -> list:
        """The (up to) three latest terms that end on or before D, end no
        earlier than D - 18 months, and have an attendance record for the
        child."""
        key = ("last3", mid, d)
        if key not in self._cache:
            floor = add_months(d, -18)
            recs = [e for e in self.ev("attendance", mid)
                    if floor <= term_bounds(e.term)[1] <= d]
            recs.sort(key=lambda e: term_bounds(e.term)[1], reverse=True)
            self._cache[key] = recs[:3]
        return self._cache[key]

    def unauth3(self, mid, d) -> Optional[Fraction]:
        recs = self.last3(mid, d)
        if not recs:
            return None                           # no terms: unknown
        return Fraction(sum(e.unauthorised_absence for e in recs),
                        sum(e.possible_sessions for e in recs))

    def absence3(self, mid, d) -> Optional[Fraction]:
        recs = self.last3(mid, d)
        if not recs:
            return None
        return Fraction(sum(e.authorised_absence + e.unauthorised_absence for e in recs),
                        sum(e.possible_sessions for e in recs))

    def attendance3(self, mid, d) -> Optional[Fraction]:
        a = self.absence3(mid, d)
        return None if a is None else 1 - a

    # ---- register shorthands (section 6 preamble) ----
    def concerns(self, areas, sources=None) -> list:
        """'Concern X': a concern with area X and the given source, dated in
        the last 12 months before A."""
        areas = {areas} if isinstance(areas, str) else set(areas)
        return self.dated("concern", last_months(self.A, 12),
                          where=lambda e: e.area in areas
                          and (sources is None or e.source in sources))

    def practitioner_progress(self, area: str, months: int = 0, days: int = None) -> bool:
        """'Practitioner progress X, N months': a judgement with area X,
        outcome progress, dated after A and on or before C, whose
        sustained_from (default: its date) is on or before C - N months."""
        limit = self.C - timedelta(days=days) if days is not None else add_months(self.C, -months)
        return any(e.sustained_from <= limit for e in self.dated(
            "judgement", self.after_A, where=lambda e: e.area == area and e.outcome == "progress"))

    def judgement(self, area, outcome, agreed_by=None) -> bool:
        return bool(self.dated("judgement", self.after_A, where=lambda e: e.area == area
                               and e.outcome == outcome
                               and (agreed_by is None or e.agreed_by == agreed_by)))

    def star_readings(self, win) -> list:
        return self.dated("star_reading", win)

    def star_on_or_before_A(self) -> list:
        return [e for e in sorted(self.ev("star_reading"), key=lambda e: (e.date, e.i))
                if e.date <= self.A]

    def star_sustained(self, *domains) -> bool:
        """'Star-sustained D1, D2...': the two latest star_readings dated after
        A and on or before C both score 7 or more in every named domain
        (fewer than two: not met).  An unscored domain is not '7 or more'
        (section 7)."""
        rs = self.star_readings(self.after_A)
        if len(rs) < 2:
            return False
        return all(r.scores.get(dm, 0) >= 7 for r in rs[-2:] for dm in domains)

    def star_need(self, *needs) -> bool:
        return bool(self.dated("star_need", last_months(self.A, 12),
                               where=lambda e: e.need in needs))

    def latest_star_before_A_low(self, *domains) -> bool:
        """'the latest star_reading on or before A scores 6 or lower for ...'
        (an unscored domain is not '6 or lower', section 7)."""
        rs = self.star_on_or_before_A()
        if not rs:
            return False
        return any(dm in rs[-1].scores and rs[-1].scores[dm] <= 6 for dm in domains)

    # ---- employment (section 6 claims; section 7) ----
    def covered_days(self, mid: str) -> list:
        """Sorted list of merged runs (s, e) of days covered by the member's
        employment intervals, counting only days after A and on or before C.
        Adjoining (start <= other end + 1 day) or overlapping intervals form
        one run (section 7)."""
        lo, hi = self.A + timedelta(days=1), self.C
        spans = []
        for e in self.ev("employment", mid):
            s = max(e.start, lo)
            t = min(e.end if e.end is not None else hi, hi)
            if s <= t:
                spans.append((s, t))
        spans.sort()
        runs = []
        for s, t in spans:
            if runs and s <= runs[-1][1] + timedelta(days=1):
                runs[-1] = (runs[-1][0], max(runs[-1][1], t))
            else:
                runs.append((s, t))
        return runs

    def window_182_of_210(self, mid: str) -> bool:
        """A 210-day window lying wholly after A and on or before C holding at
        least 182 days covered by employment."""
        n = (self.C - self.A).days          # days A+1 .. C
        if n < 210:
            return False
        cov = [0] * (n + 1)                 # cov[k] for day A+k, k=1..n
        for s, t in self.covered_days(mid):
            for k in range((s - self.A).days, (t - self.A).days + 1):
                cov[k] = 1
        pre = [0] * (n + 1)
        for k in range(1, n + 1):
            pre[k] = pre[k - 1] + cov[k]
        # window days k .. k+209, 1 <= k, k+209 <= n
        return any(pre[k + 209] - pre[k - 1] >= 182 for k in range(1, n - 209 + 1))

    def run_91(self, mid: str) -> bool:
        """One unbroken employment run of 91 days or more (after A, <= C)."""
        return any((t - s).days + 1 >= 91 for s, t in self.covered_days(mid))

    def employment_rule(self, mid: str, ben: Event) -> bool:
        """Claim rule for one adult and one presenting benefit (employment test
        and benefit-ended test; no eligibility)."""
        if ben.benefit in ("jsa", "uc"):
            emp = self.window_182_of_210(mid)
        else:                                   # esa, is, other_oow
            emp = self.run_91(mid)
        # "that benefit has ended" means that interval's end <= C (sec. 7)
        ended = ben.end is not None and ben.end <= self.C
        if ben.benefit == "uc":
            # "or (uc) a uc interval with at_aet true is active at C";
            # "an at_aet uc must be the same adult's" (section 7)
            ended = ended or any(b.benefit == "uc" and b.at_aet and self.active(b, self.C)
                                 for b in self.ev("benefit", mid))
        return emp and ended

    def ptw_or_employment_after_A(self, mid=None) -> bool:
        """A progress_to_work dated, or an employment starting, after A and on
        or before C (of `mid` if given, else any member)."""
        if self.dated("progress_to_work", self.after_A, member=mid):
            return True
        return any(in_win(e.start, self.after_A) for e in self.ev("employment", mid))

    def lasts_days_by_C(self, start: date, end: Optional[date], n: int) -> bool:
        """Covers n calendar days counting both ends, by C."""
        stop = self.C if end is None else min(end, self.C)
        return (stop - start).days + 1 >= n

    def lasts_months_by(self, start: date, end: Optional[date], n: int, x: date) -> bool:
        """'lasts N months by X' when min(end, X) >= start + N months - 1 day
        (section 7)."""
        stop = x if end is None else min(end, x)
        return stop >= add_months(start, n) - timedelta(days=1)

    def suitable_ehe_active_at_C(self, mid) -> bool:
        return any(e.setting == "ehe" and e.suitable and self.active(e, self.C)
                   for e in self.ev("education_provision", mid))

    def attendance_test(self, rate) -> T3:
        """Claims' attendance test: every school-age child at C has
        rate(child, C) < 10%; a school-age child with a suitable ehe
        education_provision active at C is exempt; any other with no data
        makes the test unknown (section 7)."""
        return k_and(lt(rate(c.id, self.C), TEN_PERCENT)
                     for c in self.children
                     if self.school_age(c.id, self.C) and not self.suitable_ehe_active_at_C(c.id))


# --------------------------------------------------------------------------
# Plan definitions
# --------------------------------------------------------------------------


class PlanDef:
    def __init__(self, plan_id: str, strands: dict, results: Callable):
        self.id = plan_id
        self.indicators: dict[str, Callable] = {}
        self.strands = strands               # strand id -> list of indicator ids
        self.results = results

    def indicator(self, iid: str):
        def deco(fn):
            self.indicators[iid] = fn
            return fn
        return deco

    def evaluate(self, fam: Family, C: date) -> dict:
        x = Ctx(fam, C)
        ind = {}
        for iid, fn in self.indicators.items():
            p, g = fn(x)
            ind[iid] = (bool(p), g if p else None)
        strands = {}
        for sid, ids in self.strands.items():
            pres = [ind[i][1] for i in ids if ind[i][0]]
            strands[sid] = (bool(pres), k_and(pres) if pres else None)
        results = self.results(x, ind, strands)
        return {
            "family": fam.id, "plan": self.id, "as_of": C.isoformat(),
            "indicators": {i: {"presenting": p, "progress": progress_str(g) if p else None}
                           for i, (p, g) in ind.items()},
            "strands": {s: {"presenting": p, "progress": progress_str(g) if p else None}
                        for s, (p, g) in strands.items()},
            "results": results,
        }


def claim_str(v: T3) -> str:
    return {True: "valid", False: "invalid", None: "insufficient_data"}[v]


# ==========================================================================
# herts-2018  (section 6 "herts-2018", section 7)
# ==========================================================================

HERTS_STRANDS = {
    "crime": ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6"],
    "education": ["2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.7", "2.8", "2.9"],
    "children_need_help": ["3.1", "3.2", "3.3", "3.4"],
    "employment": ["4.1", "4.2", "4.3", "4.4", "4.5"],
    "domestic_abuse": ["5.1", "5.2", "5.3", "5.4", "5.5"],
    "health": ["6.1", "6.2", "6.3", "6.4", "6.5"],
}


def herts_presenting_benefits(x: Ctx) -> list:
    """(adult, benefit) pairs presenting under 4.1 or 4.2 at A."""
    out = []
    for a in x.adults:
        for b in x.ev("benefit", a.id):
            if not x.active(b, x.A):
                continue
            if b.benefit in ("jsa", "esa", "is", "other_oow"):
                out.append((a.id, b))
            elif b.benefit == "uc" and b.work_related_conditions and not b.at_aet:
                out.append((a.id, b))
    return out


def herts_results(x: Ctx, ind, strands) -> dict:
    n = sum(1 for p, _ in strands.values() if p)
    eligible = n >= 2
    if not eligible:
        # "A family that is not eligible has both claims invalid" (section 4);
        # discretion "only when the family is eligible" (section 7)
        return {"eligible": False, "intensive": False,
                "sustained_progress": "invalid", "employment": "invalid"}
    conds = [g for p, g in strands.values() if p]            # every presenting strand met
    conds.append(x.attendance_test(x.unauth3))              # school-age children at C
    if strands["health"][0]:
        conds.append(x.judgement("no_new_problems", "progress"))
    sp = claim_str(k_and(conds))
    if sp != "valid" and x.dated("discretion", x.after_A,
                                 where=lambda e: e.approved_by == "head_of_early_help"):
        sp = "valid_discretionary"
    emp = any(x.employment_rule(mid, b) for mid, b in herts_presenting_benefits(x))
    return {"eligible": True, "intensive": n >= 4,
            "sustained_progress": sp, "employment": "valid" if emp else "invalid"}


HERTS = PlanDef("herts-2018", HERTS_STRANDS, herts_results)

# ---- strand 1: crime ------------------------------------------------------


@HERTS.indicator("1.1")
def herts_1_1(x: Ctx):
    """P: a child, or a parenting adult, has an `offence` in the last 12 months
    before A.  G: no `offence` by any member in the last 6 months before C."""
    if not x.dated("offence", last_months(x.A, 12),
                   where=lambda e: x.is_child(e.member) or x.is_parenting_adult(e.member)):
        return NOT_PRESENTING
    return True, not x.dated("offence", last_months(x.C, 6))


@HERTS.indicator("1.2")
def herts_1_2(x: Ctx):
    """P: a young person has an `erjr` in the last 12 months before A.
    G: no `offence` and no `erjr` by any member in the last 6 months before C."""
    if not x.dated("erjr", last_months(x.A, 12), where=lambda e: x.is_young_person(e.member)):
        return NOT_PRESENTING
    w = last_months(x.C, 6)
    return True, not x.dated("offence", w) and not x.dated("erjr", w)


@HERTS.indicator("1.3")
def herts_1_3(x: Ctx):
    """P: a `tys_support` interval overlaps the last 12 months before A.
    G: no `tys_support` active at any day in the last 6 months before C."""
    if not any(x.overlaps(e, last_months(x.A, 12)) for e in x.ev("tys_support")):
        return NOT_PRESENTING
    return True, not any(x.overlaps(e, last_months(x.C, 6)) for e in x.ev("tys_support"))


@HERTS.indicator("1.4")
def herts_1_4(x: Ctx):
    """P: concern crime, source ffa.  G: practitioner progress crime, 3 months."""
    if not x.concerns("crime", {"ffa"}):
        return NOT_PRESENTING
    return True, x.practitioner_progress("crime", 3)


@HERTS.indicator("1.5")
def herts_1_5(x: Ctx):
    """P: a `star_need` young_offender in the last 12 months before A.
    G: star-sustained keeping_your_children_safe, boundaries_and_behaviour."""
    if not x.star_need("young_offender"):
        return NOT_PRESENTING
    return True, x.star_sustained("keeping_your_children_safe", "boundaries_and_behaviour")


@HERTS.indicator("1.6")
def herts_1_6(x: Ctx):
    """P: concern crime, source equivalent.  G: a `judgement` crime, outcome
    equivalent_progress, agreed_by business_manager, dated after A, on or
    before C."""
    if not x.concerns("crime", {"equivalent"}):
        return NOT_PRESENTING
    return True, x.judgement("crime", "equivalent_progress", "business_manager")

# ---- strand 2: education --------------------------------------------------


def fixed_exclusions(x: Ctx, mid, win) -> list:
    return x.dated("exclusion", win, mid, where=lambda e: e.kind == "fixed")


def permanent_exclusions(x: Ctx, mid, win) -> list:
    return x.dated("exclusion", win, mid, where=lambda e: e.kind == "permanent")


def fixed_days(x: Ctx, mid, win) -> Fraction:
    return sum((e.days for e in fixed_exclusions(x, mid, win)), Fraction(0))


def p21_children(x: Ctx) -> set:
    """2.1 P: a school-age child has a permanent exclusion, or 3+ fixed
    exclusions, in the last 12 months before A."""
    w = last_months(x.A, 12)
    return {c.id for c in x.children if x.school_age(c.id, x.A)
            and (permanent_exclusions(x, c.id, w) or len(fixed_exclusions(x, c.id, w)) >= 3)}


def p22_children(x: Ctx) -> set:
    """2.2 P: a primary-phase child has 5+ fixed-exclusion days in the last
    12 months before A."""
    w = last_months(x.A, 12)
    return {c.id for c in x.children if x.primary(c.id, x.A) and fixed_days(x, c.id, w) >= 5}


def p23_children(x: Ctx) -> set:
    """2.3 P: any child has 10+ fixed-exclusion days in the last 12 months
    before A."""
    w = last_months(x.A, 12)
    return {c.id for c in x.children if fixed_days(x, c.id, w) >= 10}


def exclusion_child_g(x: Ctx, mid, rate) -> T3:
    """Per-child G of 2.1 (tf2 2a with Absence3): in the last 12 months before
    C no permanent exclusion, fewer than 3 fixed exclusions, fixed days fewer
    than 5 (primary phase at C) or 10 (otherwise); and rate(child, C) < 10%."""
    w = last_months(x.C, 12)
    limit = 5 if x.primary(mid, x.C) else 10
    return k_and([not permanent_exclusions(x, mid, w),
                  len(fixed_exclusions(x, mid, w)) < 3,
                  fixed_days(x, mid, w) < limit,
                  lt(rate(mid, x.C), TEN_PERCENT)])


def school_leaver(x: Ctx, mid) -> bool:
    """herts-2018 school-leaver rule: a progress_to_work of theirs dated, or an
    employment of theirs starting, after A and on or before C, and no neet of
    theirs active at C (no Star limb)."""
    return (x.ptw_or_employment_after_A(mid)
            and not any(x.active(e, x.C) for e in x.ev("neet", mid)))


def herts_per_child(x: Ctx, mid, normal: Callable[[str], T3]) -> T3:
    """Section 7: the school-leaver rule replaces the per-child G of 2.1-2.7 for
    a child of compulsory school age at A but not at C (herts-2018 only)."""
    if x.school_age(mid, x.A) and not x.school_age(mid, x.C):
        return school_leaver(x, mid)
    return normal(mid)


def herts_exclusion_group(x: Ctx, own: set):
    """Section 7: 2.1-2.3 G covers every child that presented under any of the
    three indicators, so the three share one progress value."""
    if not own:
        return NOT_PRESENTING
    kids = p21_children(x) | p22_children(x) | p23_children(x)
    return True, k_and(herts_per_child(x, c, lambda m: exclusion_child_g(x, m, x.unauth3))
                       for c in sorted(kids))


@HERTS.indicator("2.1")
def herts_2_1(x: Ctx):
    """P: a school-age child has a permanent exclusion, or 3+ fixed exclusions,
    in the last 12 months before A.
    G: for each child that presented (2.1-2.3): in the last 12 months before C
    no permanent exclusion, fewer than 3 fixed exclusions, fixed days fewer
    than 5 (primary phase at C) or 10 (otherwise); and Unauth3(child, C) < 10%."""
    return herts_exclusion_group(x, p21_children(x))


@HERTS.indicator("2.2")
def herts_2_2(x: Ctx):
    """P: a primary-phase child has 5+ fixed-exclusion days in the last 12
    months before A.  G: as 2.1."""
    return herts_exclusion_group(x, p22_children(x))


@HERTS.indicator("2.3")
def herts_2_3(x: Ctx):
    """P: any child has 10+ fixed-exclusion days in the last 12 months before A.
    G: as 2.1."""
    return herts_exclusion_group(x, p23_children(x))


@HERTS.indicator("2.4")
def herts_2_4(x: Ctx):
    """P: a school-age child has 10% <= Unauth3(child, A) < 60%, or concern
    attendance (any source).  G: for each such child, Unauth3(child, C) < 10%.
    Section 7: a concern attendance presents 2.4 for the member it names,
    whatever their role or age, or, naming none, for every school-age child
    at A; with no such child, G is not met."""
    such = set()
    for c in x.children:
        u = x.unauth3(c.id, x.A)
        # P comparison on an unknown measure is false (section 2)
        if x.school_age(c.id, x.A) and u is not None and TEN_PERCENT <= u < Fraction(60, 100):
            such.add(c.id)
    concerns = x.concerns("attendance")
    for e in concerns:
        if e.member is not None:
            such.add(e.member)
        else:
            such |= {c.id for c in x.children if x.school_age(c.id, x.A)}
    if not such and not concerns:
        return NOT_PRESENTING
    if not such:
        return True, False        # section 7: "with no such child, G is not met"
    return True, k_and(herts_per_child(x, m, lambda k: lt(x.unauth3(k, x.C), TEN_PERCENT))
                       for m in sorted(such))


@HERTS.indicator("2.5")
def herts_2_5(x: Ctx):
    """P: a school-age child has Unauth3(child, A) >= 60%.
    G: for each such child: attendance rate over the last 3 full terms before
    C is at least 40 percentage points above that before A, and
    Unauth3(child, C) < 50%."""
    such = [c.id for c in x.children if x.school_age(c.id, x.A)
            and (u := x.unauth3(c.id, x.A)) is not None and u >= Fraction(60, 100)]
    if not such:
        return NOT_PRESENTING

    def g(m):
        at_c, at_a = x.attendance3(m, x.C), x.attendance3(m, x.A)
        improved = None if at_c is None else at_c - at_a >= Fraction(40, 100)
        return k_and([improved, lt(x.unauth3(m, x.C), Fraction(50, 100))])
    return True, k_and(herts_per_child(x, m, g) for m in such)


@HERTS.indicator("2.6")
def herts_2_6(x: Ctx):
    """P: a school-age child has `pru_support` active at A.
    G: for each such child, Unauth3(child, C) < 10%."""
    such = [c.id for c in x.children if x.school_age(c.id, x.A)
            and any(x.active(e, x.A) for e in x.ev("pru_support", c.id))]
    if not such:
        return NOT_PRESENTING
    return True, k_and(herts_per_child(x, m, lambda k: lt(x.unauth3(k, x.C), TEN_PERCENT))
                       for m in such)


def provision_g(x: Ctx, mid, rate) -> T3:
    """2.7 / 2e G per child (section 7): any one of the child's
    education_provisions active at C whose setting is school or alternative
    (then the absence test applies) or ehe with suitable true."""
    opts = []
    for e in x.ev("education_provision", mid):
        if not x.active(e, x.C):
            continue
        if e.setting == "ehe":
            opts.append(bool(e.suitable))
        else:
            opts.append(lt(rate(mid, x.C), TEN_PERCENT))
    return k_or(opts)


@HERTS.indicator("2.7")
def herts_2_7(x: Ctx):
    """P: a school-age child has `missing_education` active at A.
    G: for each such child: an `education_provision` active at C (ehe only if
    suitable) and, unless the setting is ehe, Unauth3(child, C) < 10%."""
    such = [c.id for c in x.children if x.school_age(c.id, x.A)
            and any(x.active(e, x.A) for e in x.ev("missing_education", c.id))]
    if not such:
        return NOT_PRESENTING
    return True, k_and(herts_per_child(x, m, lambda k: provision_g(x, k, x.unauth3))
                       for m in such)


@HERTS.indicator("2.8")
def herts_2_8(x: Ctx):
    """P: concern education, source ffa.
    G: practitioner progress education, 3 months."""
    if not x.concerns("education", {"ffa"}):
        return NOT_PRESENTING
    return True, x.practitioner_progress("education", 3)


@HERTS.indicator("2.9")
def herts_2_9(x: Ctx):
    """P: concern education, source equivalent.
    G: `judgement` education, equivalent_progress, agreed_by business_manager,
    after A."""
    if not x.concerns("education", {"equivalent"}):
        return NOT_PRESENTING
    return True, x.judgement("education", "equivalent_progress", "business_manager")

# ---- strand 3: children who need help ------------------------------------


@HERTS.indicator("3.1")
def herts_3_1(x: Ctx):
    """P: concern child_need (any source), or a `health_check` with
    communication_below_threshold, in the last 12 months before A.
    G: practitioner progress family_situation, 6 months; or a `case_closed`
    with reason progress dated after A and on or before C - 6 months, with no
    `case_reopened` after it up to C."""
    if not (x.concerns("child_need") or x.dated(
            "health_check", last_months(x.A, 12), where=lambda e: e.communication_below_threshold)):
        return NOT_PRESENTING
    if x.practitioner_progress("family_situation", 6):
        return True, True
    # section 7: a case_closed counts unless a case_reopened is dated (strictly)
    # after it and on or before C; any one surviving closure is enough.
    for cl in x.dated("case_closed", (x.A, add_months(x.C, -6)),
                      where=lambda e: e.reason == "progress"):
        if not x.dated("case_reopened", (cl.date, x.C)):
            return True, True
    return True, False


def stepped_down(x: Ctx, e: Event, mid, back_up: Callable[[Event], bool]) -> bool:
    """Ended at E, E + 6 months <= C (evaluated as written, section 7), and no
    step-back-up event for the child starting in (E, E + 6 months]."""
    if e.end is None:
        return False
    e6 = add_months(e.end, 6)
    if not e6 <= x.C:
        return False
    return not any(back_up(o) for o in x.fam.events
                   if o.member == mid and o.type in ("cin", "cp_plan")
                   and in_win(o.start, (e.end, e6)))


@HERTS.indicator("3.2")
def herts_3_2(x: Ctx):
    """P: a child has a `cin` with reason other active at A.
    G: for each such child: that cin has ended at E, E + 6 months <= C, and no
    `cin` (reason other) or `cp_plan` for the child starts in (E, E + 6 months].
    Section 7: every such cin active at A must step down."""
    cins = [e for e in x.ev("cin") if x.is_child(e.member) and e.reason == "other"
            and x.active(e, x.A)]
    if not cins:
        return NOT_PRESENTING
    up = lambda o: o.type == "cp_plan" or o.reason == "other"
    return True, all(stepped_down(x, e, e.member, up) for e in cins)


@HERTS.indicator("3.3")
def herts_3_3(x: Ctx):
    """P: a child has a `cp_plan` active at A.
    G: for each such child: that plan has ended at E, E + 6 months <= C, and no
    `cp_plan` for the child starts in (E, E + 6 months]."""
    plans = [e for e in x.ev("cp_plan") if x.is_child(e.member) and x.active(e, x.A)]
    if not plans:
        return NOT_PRESENTING
    return True, all(stepped_down(x, e, e.member, lambda o: o.type == "cp_plan") for e in plans)


def star_mean(r: Event) -> Fraction:
    """Mean over the domains the reading scores (section 7)."""
    return Fraction(sum(r.scores.values()), len(r.scores))


@HERTS.indicator("3.4")
def herts_3_4(x: Ctx):
    """P: the earliest `star_reading` dated on or before A has a mean score
    below 7.  G: the two latest readings after A, on or before C, each have a
    mean at least 2 above that first reading's mean.  (Section 7: fewer than
    two readings after A: not met.)"""
    before = x.star_on_or_before_A()
    if not before or not star_mean(before[0]) < 7:
        return NOT_PRESENTING
    first = star_mean(before[0])
    after = x.star_readings(x.after_A)
    if len(after) < 2:
        return True, False
    return True, all(star_mean(r) >= first + 2 for r in after[-2:])

# ---- strand 4: employment, housing and money -----------------------------


def herts_progress_to_work(x: Ctx) -> bool:
    """4.1-4.3 G: a `progress_to_work` by any member dated after A and on or
    before C, or an `employment` starting after A and on or before C, or the
    latest `star_reading` after A, on or before C, scores progress_to_work 7+."""
    if x.ptw_or_employment_after_A():
        return True
    rs = x.star_readings(x.after_A)
    return bool(rs) and rs[-1].scores.get("progress_to_work", 0) >= 7


@HERTS.indicator("4.1")
def herts_4_1(x: Ctx):
    """P: an adult has a `benefit` jsa, esa, is or other_oow active at A.
    G: progress to work: a `progress_to_work` by any member dated after A and
    on or before C, or an `employment` starting after A and on or before C, or
    the latest `star_reading` after A, on or before C, scores progress_to_work
    7+."""
    if not any(b.benefit in ("jsa", "esa", "is", "other_oow") and x.active(b, x.A)
               for a in x.adults for b in x.ev("benefit", a.id)):
        return NOT_PRESENTING
    return True, herts_progress_to_work(x)


@HERTS.indicator("4.2")
def herts_4_2(x: Ctx):
    """P: an adult has a `benefit` uc active at A with work_related_conditions
    true and at_aet false.  G: as 4.1."""
    if not any(b.benefit == "uc" and b.work_related_conditions and not b.at_aet
               and x.active(b, x.A) for a in x.adults for b in x.ev("benefit", a.id)):
        return NOT_PRESENTING
    return True, herts_progress_to_work(x)


def neet_13_weeks(x: Ctx) -> list:
    """A member aged 16-18 at A has a `neet` active at A that started on or
    before A - 13 weeks (weeks are 7 days)."""
    return [e.member for e in x.ev("neet")
            if 16 <= x.age(e.member, x.A) <= 18 and x.active(e, x.A)
            and e.start <= x.A - timedelta(weeks=13)]


@HERTS.indicator("4.3")
def herts_4_3(x: Ctx):
    """P: a member aged 16-18 at A has a `neet` active at A that started on or
    before A - 13 weeks.  G: as 4.1."""
    if not neet_13_weeks(x):
        return NOT_PRESENTING
    return True, herts_progress_to_work(x)


@HERTS.indicator("4.4")
def herts_4_4(x: Ctx):
    """P: concern employment, housing or money, source ffa.
    G: a `judgement` in each concerned area with outcome progress, after A, on
    or before C.  (Section 7: each area concerned needs its own judgement.)"""
    areas = {e.area for e in x.concerns({"employment", "housing", "money"}, {"ffa"})}
    if not areas:
        return NOT_PRESENTING
    return True, all(x.judgement(a, "progress") for a in areas)


@HERTS.indicator("4.5")
def herts_4_5(x: Ctx):
    """P: a `star_need` neet or not_in_work_or_training_parent in the last 12
    months before A, or the latest `star_reading` on or before A scores 6 or
    lower for progress_to_work or home_and_money.
    G: star-sustained home_and_money, progress_to_work."""
    if not (x.star_need("neet", "not_in_work_or_training_parent")
            or x.latest_star_before_A_low("progress_to_work", "home_and_money")):
        return NOT_PRESENTING
    return True, x.star_sustained("home_and_money", "progress_to_work")

# ---- strand 5: domestic abuse / healthy relationships --------------------


@HERTS.indicator("5.1")
def herts_5_1(x: Ctx):
    """P: a `da_notification` in the last 12 months before A.
    G: no `da_notification` in the last 3 months before C, and the latest
    `safety_assessment` after A, on or before C, has safe true and
    further_risk false."""
    if not x.dated("da_notification", last_months(x.A, 12)):
        return NOT_PRESENTING
    if x.dated("da_notification", last_months(x.C, 3)):
        return True, False
    sa = x.dated("safety_assessment", x.after_A)
    return True, bool(sa) and sa[-1].safe and not sa[-1].further_risk


@HERTS.indicator("5.2")
def herts_5_2(x: Ctx):
    """P: a `da_disclosure` dated on or before A whose last_incident is in the
    last 12 months before A.
    G: practitioner progress domestic_abuse, 0 months; or a `da_support` that
    started on or before C - 3 months and did not end before start + 3 months.
    (Section 7: the da_support must start after A.)"""
    if not any(e.date <= x.A and in_win(e.last_incident, last_months(x.A, 12))
               for e in x.ev("da_disclosure")):
        return NOT_PRESENTING
    if x.practitioner_progress("domestic_abuse", 0):
        return True, True
    c3 = add_months(x.C, -3)
    return True, any(x.A < e.start <= c3
                     and (e.end is None or not e.end < add_months(e.start, 3))
                     for e in x.ev("da_support"))


@HERTS.indicator("5.3")
def herts_5_3(x: Ctx):
    """P: a `da_disclosure` dated on or before A with last_incident on or
    before A - 12 months and ongoing_impact true.
    G: practitioner progress domestic_abuse_historic, 3 months."""
    if not any(e.date <= x.A and e.last_incident <= add_months(x.A, -12) and e.ongoing_impact
               for e in x.ev("da_disclosure")):
        return NOT_PRESENTING
    return True, x.practitioner_progress("domestic_abuse_historic", 3)


@HERTS.indicator("5.4")
def herts_5_4(x: Ctx):
    """P: concern family_relationships, source ffa.
    G: practitioner progress family_relationships, 3 months."""
    if not x.concerns("family_relationships", {"ffa"}):
        return NOT_PRESENTING
    return True, x.practitioner_progress("family_relationships", 3)


@HERTS.indicator("5.5")
def herts_5_5(x: Ctx):
    """P: a `star_need` victim_of_domestic_abuse in the last 12 months before A.
    G: star-sustained keeping_your_children_safe, your_wellbeing,
    meeting_emotional_needs."""
    if not x.star_need("victim_of_domestic_abuse"):
        return NOT_PRESENTING
    return True, x.star_sustained("keeping_your_children_safe", "your_wellbeing",
                                  "meeting_emotional_needs")

# ---- strand 6: health -----------------------------------------------------


def _herts_health(x: Ctx, area: str):
    if not x.concerns(area, {"professional"}):
        return NOT_PRESENTING
    return True, x.practitioner_progress(area, 3)


@HERTS.indicator("6.1")
def herts_6_1(x: Ctx):
    """P (6.1-6.4): concern mental_health / substance_misuse / sexual_health /
    physical_health, source professional.
    G: practitioner progress in the same area, 3 months.  (6.1: mental_health)"""
    return _herts_health(x, "mental_health")


@HERTS.indicator("6.2")
def herts_6_2(x: Ctx):
    """P: concern substance_misuse, source professional (row 6.1-6.4).
    G: practitioner progress in the same area, 3 months."""
    return _herts_health(x, "substance_misuse")


@HERTS.indicator("6.3")
def herts_6_3(x: Ctx):
    """P: concern sexual_health, source professional (row 6.1-6.4).
    G: practitioner progress in the same area, 3 months."""
    return _herts_health(x, "sexual_health")


@HERTS.indicator("6.4")
def herts_6_4(x: Ctx):
    """P: concern physical_health, source professional (row 6.1-6.4).
    G: practitioner progress in the same area, 3 months."""
    return _herts_health(x, "physical_health")


@HERTS.indicator("6.5")
def herts_6_5(x: Ctx):
    """P: a `star_need` chronic_health_condition, drug_misuse,
    mental_health_issues or problem_drinking in the last 12 months before A,
    or the latest `star_reading` on or before A scores 6 or lower for
    physical_health, your_wellbeing or meeting_emotional_needs.
    G: star-sustained physical_health, your_wellbeing, meeting_emotional_needs."""
    if not (x.star_need("chronic_health_condition", "drug_misuse", "mental_health_issues",
                        "problem_drinking")
            or x.latest_star_before_A_low("physical_health", "your_wellbeing",
                                          "meeting_emotional_needs")):
        return NOT_PRESENTING
    return True, x.star_sustained("physical_health", "your_wellbeing", "meeting_emotional_needs")


# ==========================================================================
# tf2  (section 6 "tf2", section 7)
# ==========================================================================

TF2_STRANDS = {
    "crime": ["1a", "1b", "1c", "1d"],
    "education": ["2a", "2b", "2c", "2d", "2e"],
    "children_need_help": ["3a", "3b", "3c", "3d"],
    "employment": ["4a", "4b", "4c", "4d"],
    "domestic_abuse": ["5a", "5b"],
    "health": ["6a", "6b"],
}

TF2_UC_FROM = date(2017, 4, 1)


def tf2_4a_benefits(x: Ctx, mid) -> list:
    """Benefits of adult `mid` presenting under 4a: jsa, esa, is or other_oow
    active at A."""
    return [b for b in x.ev("benefit", mid) if x.active(b, x.A)
            and b.benefit in ("jsa", "esa", "is", "other_oow")]


def tf2_4b_benefits(x: Ctx, mid) -> list:
    """Benefits presenting under 4b: A on or after 2017-04-01 and uc active at
    A with work_related_conditions true (no at_aet test)."""
    if x.A < TF2_UC_FROM:
        return []
    return [b for b in x.ev("benefit", mid) if x.active(b, x.A)
            and b.benefit == "uc" and b.work_related_conditions]


def tf2_results(x: Ctx, ind, strands) -> dict:
    n = sum(1 for p, _ in strands.values() if p)
    if n < 2:
        return {"eligible": False, "intensive": False,
                "sustained_progress": "invalid", "employment": "invalid"}
    # sustained_progress: as herts-2018 with Absence3, no no_new_problems
    # judgement and no discretion (section 6 "Claims (tf2)")
    conds = [g for p, g in strands.values() if p]
    conds.append(x.attendance_test(x.absence3))
    sp = claim_str(k_and(conds))
    emp = any(x.employment_rule(a.id, b) for a in x.adults
              for b in tf2_4a_benefits(x, a.id) + tf2_4b_benefits(x, a.id))
    return {"eligible": True, "intensive": n >= 4,
            "sustained_progress": sp, "employment": "valid" if emp else "invalid"}


TF2 = PlanDef("tf2", TF2_STRANDS, tf2_results)


def tf2_no_offence_6m(x: Ctx) -> bool:
    return not x.dated("offence", last_months(x.C, 6))


@TF2.indicator("1a")
def tf2_1a(x: Ctx):
    """P: a young person has an `offence` or `erjr` in the last 12 months
    before A.  G: no `offence` by any member in the last 6 months before C."""
    w = last_months(x.A, 12)
    yp = lambda e: x.is_young_person(e.member)
    if not (x.dated("offence", w, where=yp) or x.dated("erjr", w, where=yp)):
        return NOT_PRESENTING
    return True, tf2_no_offence_6m(x)


@TF2.indicator("1b")
def tf2_1b(x: Ctx):
    """P: a parenting adult has an `offence` in the last 12 months before A.
    G: as 1a."""
    if not x.dated("offence", last_months(x.A, 12), where=lambda e: x.is_parenting_adult(e.member)):
        return NOT_PRESENTING
    return True, tf2_no_offence_6m(x)


@TF2.indicator("1c")
def tf2_1c(x: Ctx):
    """P: a parenting adult has a `community_sentence` active at A.  G: as 1a."""
    if not any(x.is_parenting_adult(e.member) and x.active(e, x.A)
               for e in x.ev("community_sentence")):
        return NOT_PRESENTING
    return True, tf2_no_offence_6m(x)


@TF2.indicator("1d")
def tf2_1d(x: Ctx):
    """P: any member has an `asb_sanction` in the last 12 months before A.
    G: no `asb_sanction` and no `asb_incident` in the last 6 months before C."""
    if not x.dated("asb_sanction", last_months(x.A, 12)):
        return NOT_PRESENTING
    w = last_months(x.C, 6)
    return True, not x.dated("asb_sanction", w) and not x.dated("asb_incident", w)


def tf2_exclusion_group(x: Ctx, own: set):
    """2a-2c share one progress value over every child presenting under any of
    them (section 7); as herts 2.1 with Absence3; tf2 has no school-leaver
    rule."""
    if not own:
        return NOT_PRESENTING
    kids = p21_children(x) | p22_children(x) | p23_children(x)
    return True, k_and(exclusion_child_g(x, c, x.absence3) for c in sorted(kids))


@TF2.indicator("2a")
def tf2_2a(x: Ctx):
    """P: as herts-2018 2.1 (a school-age child has a permanent exclusion, or
    3+ fixed exclusions, in the last 12 months before A).
    G: as herts-2018 2.1, with Absence3 in place of Unauth3."""
    return tf2_exclusion_group(x, p21_children(x))


@TF2.indicator("2b")
def tf2_2b(x: Ctx):
    """P: as herts-2018 2.2 (a primary-phase child has 5+ fixed-exclusion days
    in the last 12 months before A).  G: as 2a."""
    return tf2_exclusion_group(x, p22_children(x))


@TF2.indicator("2c")
def tf2_2c(x: Ctx):
    """P: as herts-2018 2.3 (any child has 10+ fixed-exclusion days in the last
    12 months before A).  G: as 2a."""
    return tf2_exclusion_group(x, p23_children(x))


@TF2.indicator("2d")
def tf2_2d(x: Ctx):
    """P: a school-age child has Absence3(child, A) >= 10%.
    G: for each such child, Absence3(child, C) < 10%."""
    such = [c.id for c in x.children if x.school_age(c.id, x.A)
            and (a := x.absence3(c.id, x.A)) is not None and a >= TEN_PERCENT]
    if not such:
        return NOT_PRESENTING
    return True, k_and(lt(x.absence3(m, x.C), TEN_PERCENT) for m in such)


@TF2.indicator("2e")
def tf2_2e(x: Ctx):
    """P: a school-age child has `missing_education` active at A.
    G: for each such child: an `education_provision` of theirs active at C
    (ehe only if suitable) and, unless ehe, Absence3(child, C) < 10%."""
    such = [c.id for c in x.children if x.school_age(c.id, x.A)
            and any(x.active(e, x.A) for e in x.ev("missing_education", c.id))]
    if not such:
        return NOT_PRESENTING
    return True, k_and(provision_g(x, m, x.absence3) for m in such)


@TF2.indicator("3a")
def tf2_3a(x: Ctx):
    """P: a child has a `cin` with reason other that ended in the last 6
    months before A.
    G: for each such cin: it ended at E, E + 6 months <= C, no `cin` (other)
    or `cp_plan` for the child starts in (E, E + 6 months]."""
    cins = [e for e in x.ev("cin") if x.is_child(e.member) and e.reason == "other"
            and in_win(e.end, last_months(x.A, 6))]
    if not cins:
        return NOT_PRESENTING
    up = lambda o: o.type == "cp_plan" or o.reason == "other"
    return True, all(stepped_down(x, e, e.member, up) for e in cins)


@TF2.indicator("3b")
def tf2_3b(x: Ctx):
    """P: a child has 3+ `missing_episode`s in the last 6 months before A.
    G: no `missing_episode` for any child in the last 6 months before C."""
    if not any(len(x.dated("missing_episode", last_months(x.A, 6), c.id)) >= 3
               for c in x.children):
        return NOT_PRESENTING
    return True, not x.dated("missing_episode", last_months(x.C, 6),
                             where=lambda e: x.is_child(e.member))


@TF2.indicator("3c")
def tf2_3c(x: Ctx):
    """P: a child has a `missing_episode` of 24+ hours in the last 6 months
    before A.  G: as 3b."""
    if not x.dated("missing_episode", last_months(x.A, 6),
                   where=lambda e: x.is_child(e.member) and e.hours >= 24):
        return NOT_PRESENTING
    return True, not x.dated("missing_episode", last_months(x.C, 6),
                             where=lambda e: x.is_child(e.member))


@TF2.indicator("3d")
def tf2_3d(x: Ctx):
    """P: a child has a `cse_risk` medium or high in the last 6 months before A.
    G: a `cse_risk` none or low for that child dated after A, on or before
    C - 6 months, and no medium or high after it up to C.
    (Section 7: every presenting child must meet G.)"""
    kids = sorted({e.member for e in x.dated("cse_risk", last_months(x.A, 6),
                                             where=lambda e: x.is_child(e.member)
                                             and e.level in ("medium", "high"))})
    if not kids:
        return NOT_PRESENTING

    def g(mid):
        for low in x.dated("cse_risk", (x.A, add_months(x.C, -6)), mid,
                           where=lambda e: e.level in ("none", "low")):
            # "after it" = strictly later date (section 7)
            if not x.dated("cse_risk", (low.date, x.C), mid,
                           where=lambda e: e.level in ("medium", "high")):
                return True
        return False
    return True, all(g(m) for m in kids)


def tf2_employment_g(x: Ctx, mid) -> bool:
    """4a/4b G for one adult: the employment claim rule (employment test and
    benefit-ended test, no eligibility) holds for one of that adult's benefits
    presenting under 4a or 4b, or a `progress_to_work` of that adult starting
    after A lasts 84+ days by C (`end` or C)."""
    if any(x.employment_rule(mid, b) for b in tf2_4a_benefits(x, mid) + tf2_4b_benefits(x, mid)):
        return True
    return any(e.date > x.A and x.lasts_days_by_C(e.date, e.end, 84)
               for e in x.ev("progress_to_work", mid))


@TF2.indicator("4a")
def tf2_4a(x: Ctx):
    """P: an adult has a `benefit` jsa, esa, is or other_oow active at A.
    G: the employment claim rule below, without its eligibility test, holds
    for that adult, or a `progress_to_work` of that adult starting after A
    lasts 84+ days by C (`end` or C).  (Section 7: every presenting adult.)"""
    adults = [a.id for a in x.adults if tf2_4a_benefits(x, a.id)]
    if not adults:
        return NOT_PRESENTING
    return True, all(tf2_employment_g(x, a) for a in adults)


@TF2.indicator("4b")
def tf2_4b(x: Ctx):
    """P: A is on or after 2017-04-01 and an adult has a `benefit` uc active at
    A with work_related_conditions true.  G: as 4a."""
    adults = [a.id for a in x.adults if tf2_4b_benefits(x, a.id)]
    if not adults:
        return NOT_PRESENTING
    return True, all(tf2_employment_g(x, a) for a in adults)


@TF2.indicator("4c")
def tf2_4c(x: Ctx):
    """P: a member aged 16-18 at A has a `neet` active at A that started on or
    before A - 13 weeks.
    G: an `employment` of theirs covering 91+ days by C, or a
    `progress_to_work` of theirs lasting 84+ days, starting after A.
    (Section 7: each employment interval measured on its own; every
    presenting member must meet G.)"""
    members = sorted(set(neet_13_weeks(x)))
    if not members:
        return NOT_PRESENTING

    def g(mid):
        return (any(e.start > x.A and x.lasts_days_by_C(e.start, e.end, 91)
                    for e in x.ev("employment", mid))
                or any(e.date > x.A and x.lasts_days_by_C(e.date, e.end, 84)
                       for e in x.ev("progress_to_work", mid)))
    return True, all(g(m) for m in members)


@TF2.indicator("4d")
def tf2_4d(x: Ctx):
    """P: concern debt, source ffa.
    G: a `judgement` debt with outcome progress after A, on or before C."""
    if not x.concerns("debt", {"ffa"}):
        return NOT_PRESENTING
    return True, x.judgement("debt", "progress")


@TF2.indicator("5a")
def tf2_5a(x: Ctx):
    """P: a `da_notification` in the last 6 months before A.
    G: no `da_notification` in the last 6 months before C."""
    if not x.dated("da_notification", last_months(x.A, 6)):
        return NOT_PRESENTING
    return True, not x.dated("da_notification", last_months(x.C, 6))


@TF2.indicator("5b")
def tf2_5b(x: Ctx):
    """P: an `hrhb_support` active at A.
    G: no `da_notification` in the last 6 months before C and no
    `da_disclosure` dated in the last 3 months before C."""
    if not any(x.active(e, x.A) for e in x.ev("hrhb_support")):
        return NOT_PRESENTING
    return True, (not x.dated("da_notification", last_months(x.C, 6))
                  and not x.dated("da_disclosure", last_months(x.C, 3)))


@TF2.indicator("6a")
def tf2_6a(x: Ctx):
    """P: concern mental_health, source professional.
    G: practitioner progress mental_health, sustained 13 weeks
    (`sustained_from` on or before C - 91 days)."""
    if not x.concerns("mental_health", {"professional"}):
        return NOT_PRESENTING
    return True, x.practitioner_progress("mental_health", days=91)


@TF2.indicator("6b")
def tf2_6b(x: Ctx):
    """P: concern substance_misuse, source professional.
    G: as 6a for substance_misuse."""
    if not x.concerns("substance_misuse", {"professional"}):
        return NOT_PRESENTING
    return True, x.practitioner_progress("substance_misuse", days=91)


# ==========================================================================
# herefordshire-v6.1  (section 6 "herefordshire-v6.1", section 7)
# ==========================================================================

HFD_STRANDS = {
    "crime": ["1", "2", "3"],
    "education": ["4", "5", "6"],
    "children_need_help": ["7", "8", "9", "10", "11", "12"],
    "employment": ["13", "14", "15", "16"],
    "domestic_abuse": ["17", "18", "19"],
    "health": [str(n) for n in range(20, 29)],
}


def hfd_g13(x: Ctx) -> bool:
    """Outcome 13 G: a member's `employment` starting after A has lasted, by C,
    6 months if that member had a jsa `benefit` active at A, else 3 months.
    (Section 7: each employment interval measured on its own.)"""
    for e in x.ev("employment"):
        if not e.start > x.A:
            continue
        jsa = any(b.benefit == "jsa" and x.active(b, x.A) for b in x.ev("benefit", e.member))
        if x.lasts_months_by(e.start, e.end, 6 if jsa else 3, x.C):
            return True
    return False


def hfd_results(x: Ctx, ind, strands) -> dict:
    sel = [g for p, g in ind.values() if p]
    if not sel:
        case = "no_outcomes"
    elif all(g is True for g in sel):
        case = "met"
    elif any(g is True for g in sel):
        case = "partially_met"     # some met (with not_met or unknown ones)
    else:
        case = "not_met"           # none met (not_met and/or unknown)
    if case == "met":
        sp = "valid"
    elif sel and not any(g is False for g in sel) and any(g is None for g in sel):
        sp = "insufficient_data"
    else:
        sp = "invalid"
    return {"case_result": case, "sustained_progress": sp,
            "employment": "valid" if hfd_g13(x) else "invalid"}


HFD = PlanDef("herefordshire-v6.1", HFD_STRANDS, hfd_results)


def hfd_outcome(n: int, g: Callable[[Ctx], T3], doc: str):
    def fn(x: Ctx):
        if not any(e.outcome == n and e.date <= x.A for e in x.ev("outcome_selected")):
            return NOT_PRESENTING
        return True, g(x)
    fn.__name__ = f"herefordshire_{n}"
    fn.__doc__ = (f"P: an `outcome_selected` with outcome {n} is dated on or before A.\n"
                  f"    G: {doc}")
    HFD.indicator(str(n))(fn)
    return fn


def hfd_count_ratio(x: Ctx, t: str, num: int, den: int) -> bool:
    """Count in (C - 6m, C] at most num/den of the count in
    (C - 6 months - 6 months, C - 6 months] (section 7: sequential
    subtraction); earlier count 0: none now."""
    c6 = add_months(x.C, -6)
    now = len(x.dated(t, (c6, x.C)))
    before = len(x.dated(t, (add_months(c6, -6), c6)))
    if before == 0:
        return now == 0
    return now * den <= before * num


def hfd_g1(x):
    """offences by all members in the last 6 months before C are at most half
    of those in the 6 months before that (if that earlier count is 0: none
    now)"""
    return hfd_count_ratio(x, "offence", 1, 2)


def hfd_g2(x):
    """as 1 for `asb_incident`, at most 40%"""
    return hfd_count_ratio(x, "asb_incident", 2, 5)


def hfd_g3(x):
    """no `offence`, `asb_incident` or `yjs_first_entry` in the last 6 months
    before C by any child who had no `offence` in the last 12 months before A
    (section 7: every such child is checked)"""
    w = last_months(x.C, 6)
    for c in x.children:
        if x.dated("offence", last_months(x.A, 12), c.id):
            continue
        if any(x.dated(t, w, c.id) for t in ("offence", "asb_incident", "yjs_first_entry")):
            return False
    return True


def hfd_g4(x):
    """every school-age child at C has attendance rate >= 90% over the last 3
    full terms before C (unknown if no data)"""
    def ok(mid):
        r = x.attendance3(mid, x.C)
        return None if r is None else r >= Fraction(90, 100)
    return k_and(ok(c.id) for c in x.children if x.school_age(c.id, x.C))


def hfd_g5(x):
    """every school-age child at C has fewer than 3 fixed exclusions dated
    within the last 3 full terms before C (from the first of those terms'
    start); section 7: up to C; no attendance data gives unknown"""
    def ok(mid):
        terms = x.last3(mid, x.C)
        if not terms:
            return None
        first_start = min(term_bounds(e.term)[0] for e in terms)
        n = sum(1 for e in x.ev("exclusion", mid)
                if e.kind == "fixed" and first_start <= e.date <= x.C)
        return n < 3
    return k_and(ok(c.id) for c in x.children if x.school_age(c.id, x.C))


def hfd_g6(x):
    """some child has an `education_provision` with setting alternative or ehe
    active at C (section 7: suitability is irrelevant)"""
    return any(x.is_child(e.member) and e.setting in ("alternative", "ehe") and x.active(e, x.C)
               for e in x.ev("education_provision"))


def hfd_g7(x):
    """every child aged 2 or 3 at C attended at least 85% of possible
    `nursery_attendance` sessions in the 6 calendar months before C's month
    (no records: not met); section 7: pooled over the six months"""
    months = set()
    first_of_month = x.C.replace(day=1)
    for k in range(1, 7):
        d = add_months(first_of_month, -k)
        months.add((d.year, d.month))

    def ok(mid):
        recs = [e for e in x.ev("nursery_attendance", mid) if e.month in months]
        possible = sum(e.possible_sessions for e in recs)
        if not recs or possible == 0:
            return False
        return Fraction(sum(e.attended_sessions for e in recs), possible) >= Fraction(85, 100)
    return all(ok(c.id) for c in x.children if x.age(c.id, x.C) in (2, 3))


def hfd_g8(x):
    """some child had a `cp_plan` or `cin` active at A that ended at E,
    E + 6 months <= C, with no `social_care_referral` and no new `cp_plan` for
    that child in (E, E + 6 months] (and, for a cin, no new cin).
    Section 7: a cin of any reason; one successful step-down is enough."""
    for e in x.ev("cp_plan") + x.ev("cin"):
        if not (x.is_child(e.member) and x.active(e, x.A)):
            continue
        up = (lambda o: o.type == "cp_plan") if e.type == "cp_plan" else (lambda o: True)
        if not stepped_down(x, e, e.member, up):
            continue
        if x.dated("social_care_referral", (e.end, add_months(e.end, 6)), e.member):
            continue
        return True
    return False


def hfd_g9(x):
    """every child has a latest `school_progress` after A, on or before C, with
    good true (section 7: every child includes babies)"""
    def ok(mid):
        sp = x.dated("school_progress", x.after_A, mid)
        return bool(sp) and sp[-1].good
    return all(ok(c.id) for c in x.children)


def _after_first_closure(x, t, flag):
    closed = x.dated("case_closed", x.after_A)
    if not closed:
        return False            # none on or before C: not met (section 7)
    lo = add_months(closed[0].date, 6)
    return any(lo <= e.date <= x.C and e.f[flag] for e in x.ev(t))


def hfd_g10(x):
    """a `parenting_report` with improved_confidence true dated on or after the
    first `case_closed` after A plus 6 months, on or before C"""
    return _after_first_closure(x, "parenting_report", "improved_confidence")


def hfd_g11(x):
    """as 10 for `community_activity` with continuing true"""
    return _after_first_closure(x, "community_activity", "continuing")


def hfd_g12(x):
    """a `keep_safe_work` after A, on or before C"""
    return bool(x.dated("keep_safe_work", x.after_A))


def hfd_g14(x):
    """a `progress_to_work` of kind voluntary_work, apprenticeship, traineeship
    or accredited_learning after A, on or before C"""
    return bool(x.dated("progress_to_work", x.after_A, where=lambda e: e.kind in (
        "voluntary_work", "apprenticeship", "traineeship", "accredited_learning")))


def hfd_g15(x):
    """a `progress_to_work` of kind qualification, apprenticeship_completed or
    milestone after A, on or before C"""
    return bool(x.dated("progress_to_work", x.after_A, where=lambda e: e.kind in (
        "qualification", "apprenticeship_completed", "milestone")))


def hfd_g16(x):
    """a `judgement` debt with outcome progress after A, on or before C"""
    return x.judgement("debt", "progress")


def hfd_g17(x):
    """no `da_notification` in the last 6 months before C"""
    return not x.dated("da_notification", last_months(x.C, 6))


def hfd_g18(x):
    """a `da_support` active at C, or one that ended after A, on or before C,
    with completed true (section 7: active at C completed or not)"""
    return any(x.active(e, x.C) or (e.completed and in_win(e.end, x.after_A))
               for e in x.ev("da_support"))


def hfd_g19(x):
    """a `perpetrator_programme` with completed true that ended after A, on or
    before C"""
    return any(e.completed and in_win(e.end, x.after_A) for e in x.ev("perpetrator_programme"))


def hfd_g20(x):
    """every member has a `gp_registration` active at C"""
    return all(any(x.active(e, x.C) for e in x.ev("gp_registration", m)) for m in x.members)


def hfd_g21(x):
    """every member has a `dentist_registration` active at C and a
    `dental_checkup` in the last 12 months before C (section 7: their own)"""
    return all(any(x.active(e, x.C) for e in x.ev("dentist_registration", m))
               and x.dated("dental_checkup", last_months(x.C, 12), m) for m in x.members)


def hfd_g22(x):
    """every child's latest `immunisation_status` on or before C has up_to_date
    true (none: not met)"""
    def ok(mid):
        st = sorted((e for e in x.ev("immunisation_status", mid) if e.date <= x.C),
                    key=lambda e: (e.date, e.i))
        return bool(st) and st[-1].up_to_date
    return all(ok(c.id) for c in x.children)


def _hfd_health(x, kind):
    c6 = add_months(x.C, -6)
    return any(e.kind == kind and e.progress and e.start <= c6
               and x.active(e, c6) and x.active(e, x.C) for e in x.ev("health_support"))


def hfd_g23(x):
    """a `health_support` smoking_cessation with progress true that started on
    or before C - 6 months and is active at C - 6 months and at C"""
    return _hfd_health(x, "smoking_cessation")


def hfd_g24(x):
    """as 23 for substance_misuse"""
    return _hfd_health(x, "substance_misuse")


def hfd_g25(x):
    """as 23 for healthy_weight"""
    return _hfd_health(x, "healthy_weight")


def hfd_g26(x):
    """every `pregnancy` active at C has midwife_care and
    antenatal_hv_assessment true (none active: met)"""
    return all(e.midwife_care and e.antenatal_hv_assessment
               for e in x.ev("pregnancy") if x.active(e, x.C))


def hfd_g27(x):
    """every child aged at least 2 1/2 and under 5 at C has a `health_check` on
    or before C (section 7: 2 1/2 years is dob + 30 months)"""
    return all(any(e.date <= x.C for e in x.ev("health_check", c.id))
               for c in x.children
               if add_months(c.dob, 30) <= x.C and age_at(c.dob, x.C) < 5)


def hfd_g28(x):
    """a `health_support` mental_health active at some day after A, on or
    before C"""
    return any(e.kind == "mental_health" and x.overlaps(e, x.after_A)
               for e in x.ev("health_support"))


for _n in range(1, 29):
    _g = hfd_g13 if _n == 13 else globals()[f"hfd_g{_n}"]
    hfd_outcome(_n, _g, (_g.__doc__ or "").strip())

PLANS = {p.id: p for p in (HERTS, TF2, HFD)}


# --------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------


def run(plan_id: str, lines: Iterable[str], as_of: date, fname: str = "-",
        out=sys.stdout, err=sys.stderr) -> int:
    plan = PLANS[plan_id]
    seen_ids = set()
    bad = 0
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        fid = None
        try:
            obj = parse_line(line)
            if isinstance(obj, dict) and isinstance(obj.get("id"), str):
                fid = obj["id"]
            fam = load_family(obj)
        except (ValueError, Reject) as ex:
            print(f"{fname}:{lineno}: family {fid or '?'}: rejected: {ex}", file=err)
            bad += 1
            continue
        if fam.id in seen_ids:
            print(f"{fname}:{lineno}: family {fam.id}: rejected: id: repeats an earlier family",
                  file=err)
            bad += 1
            continue
        seen_ids.add(fam.id)
        for w in fam.warnings:
            print(f"{fname}:{lineno}: family {fam.id}: warning: {w}", file=err)
        if fam.A > as_of:
            print(f"{fname}:{lineno}: family {fam.id}: skipped: assessment_date "
                  f"{fam.A} is after the as-of date {as_of}", file=err)
            bad += 1
            continue
        print(json.dumps(plan.evaluate(fam, as_of)), file=out)
    return 3 if bad else 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--plan", required=True, choices=sorted(PLANS))
    ap.add_argument("--families", required=True, help="JSON Lines cohort ('-' = stdin)")
    ap.add_argument("--as-of", required=True, help="claim date C, YYYY-MM-DD")
    try:
        args = ap.parse_args(argv)
    except SystemExit as ex:
        return 2 if ex.code else 0
    try:
        C = _parse_date(args.as_of, "--as-of")
    except Reject as ex:
        print(f"usage error: {ex}", file=sys.stderr)
        return 2
    if args.families == "-":
        return run(args.plan, sys.stdin, C, "-")
    try:
        with open(args.families, encoding="utf-8", newline="\n") as fh:
            return run(args.plan, fh, C, args.families)
    except OSError as ex:
        print(f"usage error: {ex}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
