#!/usr/bin/env python3
"""Random *valid* v1 cohorts for differential runs against the C++ tool.

    python3 tests/oracle/gen_families.py --seed 7 --count 1000 > cohort.jsonl

Every event type of section 3 appears; values respect the section 7 input
rules (so no family should be rejected, apart from an occasional duplicate
attendance/nursery record, which exercises the rejection path).
"""
import argparse
import json
import random
from datetime import date, timedelta

import register as R


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=300)
    args = ap.parse_args()
    rnd = random.Random(args.seed)

    def d(lo=date(2015, 1, 1), hi=date(2019, 12, 31)):
        return (lo + timedelta(days=rnd.randrange((hi - lo).days))).isoformat()

    def val(kind):
        if kind == "date":
            return d()
        if kind == "bool":
            return rnd.random() < .5
        if kind == "int":
            return rnd.randrange(0, 30)
        if kind == "number":
            return rnd.choice([0, 1, 2.5, 5, 10, 24, 30])
        if kind == "term":
            return f"{rnd.randrange(2015, 2020)}-{rnd.choice(['autumn', 'spring', 'summer'])}"
        if kind == "month":
            return f"{rnd.randrange(2015, 2020)}-{rnd.randrange(1, 13):02d}"
        if kind == "scores":
            return {k: rnd.randrange(1, 11)
                    for k in rnd.sample(sorted(R.STAR_DOMAINS), rnd.randrange(1, 6))}
        return rnd.choice(sorted(kind[1]))

    for i in range(args.count):
        ms = [{"id": "M1", "role": "adult", "dob": d(date(1960, 1, 1), date(1999, 1, 1)),
               "parenting": True},
              {"id": "M2", "role": "adult", "dob": d(date(1960, 1, 1), date(1999, 1, 1))}]
        ms += [{"id": f"C{k}", "role": "child", "dob": d(date(2000, 1, 1), date(2017, 1, 1))}
               for k in range(rnd.randrange(0, 4))]
        evs = []
        for _ in range(rnd.randrange(0, 60)):
            t = rnd.choice(sorted(R.SCHEMA))
            mem, spec = R.SCHEMA[t]
            e = {"type": t}
            if mem != "no":
                e["member"] = rnd.choice(ms)["id"]
            for n, (k, req, _dflt) in spec.items():
                if req or rnd.random() < .5:
                    e[n] = val(k)
            if t == "outcome_selected":
                e["outcome"] = rnd.randrange(1, 29)
            if t == "attendance":
                e.update(possible_sessions=100, authorised_absence=rnd.randrange(0, 30),
                         unauthorised_absence=rnd.randrange(0, 70))
            if t == "nursery_attendance":
                e.update(possible_sessions=40, attended_sessions=rnd.randrange(0, 41))
            if t == "exclusion" and e["kind"] == "fixed":
                e["days"] = rnd.choice([1, 2.5, 5])
            if "start" in spec and e.get("end") and e["end"] < e["start"]:
                e["start"], e["end"] = e["end"], e["start"]
            if t == "progress_to_work" and e.get("end") and e["end"] < e["date"]:
                e["end"] = e["date"]
            if t == "judgement" and e.get("sustained_from") and e["sustained_from"] > e["date"]:
                e["sustained_from"] = e["date"]
            if t == "da_disclosure" and e["last_incident"] > e["date"]:
                e["last_incident"] = e["date"]
            evs.append(e)
        print(json.dumps({"id": f"F{i}", "assessment_date": d(date(2016, 6, 1), date(2018, 6, 1)),
                          "members": ms, "events": evs}))


if __name__ == "__main__":
    main()
