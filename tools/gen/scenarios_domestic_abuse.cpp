// Domestic abuse and relationships: herts-2018 5.1-5.5, tf2 5a-5b,
// herefordshire-v6.1 outcomes 17-19.
#include <algorithm>

#include "tools/gen/evidence.h"
#include "tools/gen/scenarios.h"

namespace outcomes::gen {
namespace {

bool has_adult(const FamilyDraft& fam) { return !fam.adults().empty(); }
bool always(const FamilyDraft&) { return true; }
bool active_at(const Span& span, Date d) { return span.start <= d && (!span.end || *span.end >= d); }

bool met_aim(const FamilyDraft& fam) { return met_or_not(fam.aim(Strand::DomesticAbuse)) == Aim::Met; }

// A safety assessment after A on a day no other one has, so "latest" is clear.
void assess_safety(FamilyDraft& fam, Date after, Date until, bool safe, bool further_risk) {
  Date date = fam.after_until(after, until);
  for (int tries = 0; tries < 8; ++tries) {
    const bool taken = std::any_of(fam.facts.safety_assessments.begin(), fam.facts.safety_assessments.end(),
                                   [&](const SafetyFact& s) { return s.date == date; });
    if (!taken) break;
    date = fam.random_date(add_days(after, 1), until);
  }
  write_safety_assessment(fam, fam.rng.coin() ? nullptr : fam.pick_member(fam.adults()), date, safe, further_risk);
}

void police_notification(FamilyDraft& fam) {
  const Date a = fam.A(), c = fam.C();
  const Date three_before_c = add_months(c, -3), six_before_c = add_months(c, -6);
  const auto children = fam.children_born_by(add_months(a, -12));
  const Member& victim = fam.rng.percent(30) && !children.empty() ? *fam.pick_member(children)
                                                                  : *fam.pick_member(fam.adults());
  write_da_notification(fam, victim, fam.rng.coin() ? fam.in_last_months(a, 6) : fam.in_last_months(a, 12));
  if (fam.rng.percent(30)) write_da_notification(fam, victim, fam.in_last_months(a, 12));
  if (fam.rng.percent(15)) write_da_notification(fam, victim, add_months(a, -12));  // just outside
  if (fam.rng.percent(30)) write_safety_assessment(fam, nullptr, fam.in_last_months(a, 3), false, true);
  if (fam.rng.percent(50)) select_outcome(fam, 17);

  if (met_aim(fam)) {
    // A notification between six and three months before C still meets
    // herts 5.1 but not tf2 5a or Herefordshire 17.
    if (fam.rng.percent(25)) write_da_notification(fam, victim, fam.after_until(six_before_c, three_before_c));
    if (fam.rng.percent(40)) assess_safety(fam, a, add_days(c, -30), false, true);
    const Date after_any = fam.facts.safety_assessments.empty()
                               ? a
                               : std::max(a, std::max_element(fam.facts.safety_assessments.begin(),
                                                              fam.facts.safety_assessments.end(),
                                                              [](auto& x, auto& y) { return x.date < y.date; })->date);
    assess_safety(fam, std::min(after_any, add_days(c, -1)), c, true, false);
    return;
  }
  switch (fam.rng.below(3)) {
    case 0:  // notified again in the last three months
      write_da_notification(fam, victim, fam.in_last_months(c, 3));
      if (fam.rng.coin()) assess_safety(fam, a, c, true, false);
      break;
    case 1: {  // the latest assessment still finds risk
      assess_safety(fam, a, add_days(c, -40), true, false);
      const Date earlier = fam.facts.safety_assessments.back().date;
      assess_safety(fam, earlier, c, fam.rng.coin(), true);
      break;
    }
    default:  // no assessment after A
      break;
  }
}

void recent_disclosure(FamilyDraft& fam) {
  const Member& adult = *fam.pick_member(fam.adults());
  const Date a = fam.A(), c = fam.C(), three_before_c = add_months(c, -3);
  const Date disclosed = fam.edgy_date(add_months(a, -11), a);
  const Date last_incident = fam.edgy_date(std::max(add_days(add_months(a, -12), 1), add_months(disclosed, -6)), disclosed);
  write_da_disclosure(fam, adult, disclosed, last_incident, fam.rng.percent(85) ? "victim" : "perpetrator",
                      fam.rng.coin());
  if (fam.rng.percent(40)) select_outcome(fam, 18);
  const bool met = met_aim(fam);

  if (fam.rng.coin()) {  // the practitioner's view, sustained to C itself
    const JudgementShape shape = write_practitioner_judgement(fam, &adult, "domestic_abuse", c, met ? Aim::Met : Aim::NotMet);
    fam.expect(kHerts, "5.2", practitioner_progress(fam, shape, c));
    return;
  }
  // Specialist support: must start after A, at least 3 months before C, and
  // not end before three months have passed.
  if (met) {
    const Date start = fam.after_until(a, three_before_c);
    const std::optional<Date> end =
        fam.rng.coin() ? std::nullopt : std::optional<Date>(fam.edgy_date(add_months(start, 3), c));
    write_da_support(fam, adult, {start, end}, end && fam.rng.percent(80));
    fam.expect(kHerts, "5.2", Aim::Met);
    return;
  }
  switch (fam.rng.below(3)) {
    case 0: {  // started before the plan
      const Date start = fam.edgy_date(disclosed, a);
      write_da_support(fam, adult, {start, std::nullopt}, false);
      break;
    }
    case 1: {  // dropped out a day short of three months
      const Date start = fam.after_until(a, three_before_c);
      write_da_support(fam, adult, {start, add_days(add_months(start, 3), -fam.rng.between(1, 40))}, false);
      break;
    }
    default:  // started too recently
      write_da_support(fam, adult, {fam.after_until(three_before_c, c), std::nullopt}, false);
      break;
  }
  fam.expect(kHerts, "5.2", Aim::NotMet);
}

void historic_abuse(FamilyDraft& fam) {
  const Member& adult = *fam.pick_member(fam.adults());
  const Date a = fam.A(), c = fam.C();
  const Date disclosed = fam.edgy_date(add_months(a, -6), a);
  const Date last_incident = fam.edgy_date(add_months(a, -60), add_months(a, -12));  // a year or more ago
  write_da_disclosure(fam, adult, disclosed, last_incident, "victim", true);
  const Date cutoff = add_months(c, -3);
  const JudgementShape shape = write_practitioner_judgement(fam, &adult, "domestic_abuse_historic", cutoff,
                                                            met_aim(fam) ? Aim::Met : Aim::NotMet);
  fam.expect(kHerts, "5.3", practitioner_progress(fam, shape, cutoff));
}

void family_relationships(FamilyDraft& fam) {
  write_concern(fam, nullptr, fam.in_last_months(fam.A(), 12), "family_relationships", "ffa");
  const Date cutoff = add_months(fam.C(), -3);
  const JudgementShape shape = write_practitioner_judgement(fam, nullptr, "family_relationships", cutoff,
                                                            met_aim(fam) ? Aim::Met : Aim::NotMet);
  fam.expect(kHerts, "5.4", practitioner_progress(fam, shape, cutoff));
}

void star_victim(FamilyDraft& fam) {
  write_star_need(fam, fam.in_last_months(fam.A(), 12), "victim_of_domestic_abuse");
  fam.facts.star.wanted = true;
}

// Healthy Relationships: Healthy Baby, active at A (tf2 5b).
void healthy_relationships_baby(FamilyDraft& fam) {
  const Date a = fam.A(), c = fam.C();
  const Date start = fam.random_date(add_months(a, -9), a);
  std::optional<Date> end;
  if (fam.rng.percent(70)) end = fam.edgy_date(a, c);
  fam.interval("hrhb_support", nullptr, start, end);
  fam.facts.hrhb_supports.push_back({start, end});
  if (!met_aim(fam)) {  // a new disclosure in the last three months
    const Member& adult = *fam.pick_member(fam.adults());
    const Date disclosed = fam.in_last_months(c, 3);
    write_da_disclosure(fam, adult, disclosed, fam.edgy_date(add_days(disclosed, -30), disclosed), "victim", true);
  }
}

void perpetrator_programme(FamilyDraft& fam) {
  const Member& adult = *fam.pick_member(fam.adults());
  const Date a = fam.A(), c = fam.C();
  select_outcome(fam, 19);
  const Date start = fam.random_date(add_months(a, -3), add_days(c, -100));
  if (met_aim(fam)) {
    const Date end = fam.edgy_date(std::max(add_days(a, 1), add_days(start, 60)), c);
    fam.interval("perpetrator_programme", &adult, start, end).flag("completed", true);
    fam.expect(kHerefordshire, "19", Aim::Met);
    return;
  }
  if (fam.rng.coin())
    fam.interval("perpetrator_programme", &adult, start, std::nullopt).flag("completed", false);
  else  // left without completing
    fam.interval("perpetrator_programme", &adult, start, fam.edgy_date(start, c)).flag("completed", false);
  fam.expect(kHerefordshire, "19", Aim::NotMet);
}

}  // namespace

const std::vector<Need>& domestic_abuse_needs() {
  static const std::vector<Need> kNeeds = {
      {"police_notification", Strand::DomesticAbuse, 10, has_adult, police_notification},
      {"recent_disclosure", Strand::DomesticAbuse, 7, has_adult, recent_disclosure},
      {"historic_abuse", Strand::DomesticAbuse, 4, has_adult, historic_abuse},
      {"family_relationships", Strand::DomesticAbuse, 5, always, family_relationships},
      {"star_victim", Strand::DomesticAbuse, 3, always, star_victim},
      {"healthy_relationships_baby", Strand::DomesticAbuse, 3, has_adult, healthy_relationships_baby},
      {"perpetrator_programme", Strand::DomesticAbuse, 2, has_adult, perpetrator_programme},
  };
  return kNeeds;
}

void finish_domestic_abuse(FamilyDraft& fam) {
  const Date a = fam.A(), c = fam.C();
  const Date three_before_c = add_months(c, -3), six_before_c = add_months(c, -6);
  const auto& f = fam.facts;
  auto notified = [&](Date after, Date until) {
    return std::any_of(f.da_notifications.begin(), f.da_notifications.end(),
                       [&](const MemberDate& n) { return within(n.date, after, until); });
  };
  const Aim none_in_six = met_if(!notified(six_before_c, c));

  if (notified(add_months(a, -12), a)) {
    const SafetyFact* latest = nullptr;
    for (const SafetyFact& s : f.safety_assessments)
      if (within(s.date, a, c) && (!latest || s.date > latest->date)) latest = &s;
    fam.expect(kHerts, "5.1",
               met_if(!notified(three_before_c, c) && latest && latest->safe && !latest->further_risk));
  }
  if (notified(add_months(a, -6), a)) fam.expect(kTf2, "5a", none_in_six);
  for (const Span& hrhb : f.hrhb_supports) {
    if (!active_at(hrhb, a)) continue;
    const bool disclosed = std::any_of(f.da_disclosures.begin(), f.da_disclosures.end(),
                                       [&](const MemberDate& d) { return within(d.date, three_before_c, c); });
    fam.expect(kTf2, "5b", met_if(!notified(six_before_c, c) && !disclosed));
  }
  if (f.outcome_selected[17]) fam.expect(kHerefordshire, "17", none_in_six);
  if (f.outcome_selected[18]) {
    bool supported = false;
    for (const DaSupportFact& s : f.da_supports)
      supported |= active_at(s.span, c) || (s.completed && s.span.end && within(*s.span.end, a, c));
    fam.expect(kHerefordshire, "18", met_if(supported));
  }
}

}  // namespace outcomes::gen
