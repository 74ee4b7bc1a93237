// Crime and anti-social behaviour: herts-2018 1.1-1.6, tf2 1a-1d,
// herefordshire-v6.1 outcomes 1-3.
#include <algorithm>

#include "tools/gen/evidence.h"
#include "tools/gen/scenarios.h"

namespace outcomes::gen {
namespace {

std::vector<const Member*> young_people(const FamilyDraft& fam) {
  return fam.members_where([&](const Member& m) { return fam.is_young_person(m); });
}
std::vector<const Member*> parenting_adults(const FamilyDraft& fam) {
  return fam.members_where([](const Member& m) { return m.adult && m.parenting; });
}
bool has_young_person(const FamilyDraft& fam) { return !young_people(fam).empty(); }
bool has_parenting_adult(const FamilyDraft& fam) { return !parenting_adults(fam).empty(); }
bool always(const FamilyDraft&) { return true; }
bool has_older_child(const FamilyDraft& fam) {
  return !fam.members_where([&](const Member& m) { return !m.adult && fam.age_at(m, fam.A()) >= 8; }).empty();
}

int count_in(const std::vector<MemberDate>& facts, Date after, Date until) {
  return static_cast<int>(std::count_if(facts.begin(), facts.end(),
                                        [&](const MemberDate& f) { return within(f.date, after, until); }));
}

// Herefordshire 1 and 2 compare the last six months before C with the six
// before that; a family aiming to miss must not halve (or cut to 40%).
bool reduced_enough(int recent, int earlier, int percent) {
  if (earlier == 0) return recent == 0;
  return recent * 100 <= earlier * percent;
}

// Whether the offender offends again in the last 6 months before C. Met: some
// reoffend early in the plan and then stop, sometimes exactly on C - 6 months
// (outside the window).
void offending_after_assessment(FamilyDraft& fam, const Member& offender, Aim aim) {
  const Date a = fam.A(), c = fam.C(), six_before = add_months(c, -6);
  if (aim == Aim::Met) {
    if (fam.rng.percent(30) && a < six_before) write_offence(fam, offender, fam.after_until(a, six_before));
    return;
  }
  write_offence(fam, offender, fam.in_last_months(c, 6));
  if (fam.rng.percent(25)) write_offence(fam, offender, fam.in_last_months(c, 6));
  // Herefordshire 1: offending must not have halved either.
  while (reduced_enough(count_in(fam.facts.offences, six_before, c),
                        count_in(fam.facts.offences, add_months(six_before, -6), six_before), 50))
    write_offence(fam, offender, fam.in_last_months(c, 6));
}

void offences_before_assessment(FamilyDraft& fam, const Member& offender) {
  const Date a = fam.A();
  const int count = 1 + static_cast<int>(fam.rng.below(3));
  Date first = a;
  for (int i = 0; i < count; ++i) {
    const Date d = fam.in_last_months(a, 12);
    first = std::min(first, d);
    write_offence(fam, offender, d);
  }
  // Exactly 12 months before A lies outside the window: a near miss on purpose.
  if (fam.rng.percent(15)) write_offence(fam, offender, add_months(a, -12));
  if (!offender.adult && fam.rng.percent(40)) write_yjs_first_entry(fam, offender, first);
}

void youth_offending(FamilyDraft& fam) {
  const Member& young = *fam.pick_member(young_people(fam));
  offences_before_assessment(fam, young);
  if (fam.rng.percent(25)) write_erjr(fam, young, fam.in_last_months(fam.A(), 12));
  if (fam.rng.percent(55)) select_outcome(fam, 1);
  offending_after_assessment(fam, young, met_or_not(fam.aim(Strand::Crime)));
}

// A youth restorative disposal without an offence on record (herts 1.2, tf2 1a).
void youth_restorative_disposal(FamilyDraft& fam) {
  const Member& young = *fam.pick_member(young_people(fam));
  const Date a = fam.A(), c = fam.C();
  write_erjr(fam, young, fam.in_last_months(a, 12));
  if (met_or_not(fam.aim(Strand::Crime)) == Aim::NotMet) {
    // A second disposal fails herts 1.2 only; an offence fails tf2 1a too.
    if (fam.rng.coin())
      write_erjr(fam, young, fam.in_last_months(c, 6));
    else
      offending_after_assessment(fam, young, Aim::NotMet);
  }
}

void parent_offending(FamilyDraft& fam) {
  const Member& parent = *fam.pick_member(parenting_adults(fam));
  const Date a = fam.A();
  offences_before_assessment(fam, parent);
  if (fam.rng.percent(50)) {  // on licence or a community order at A (tf2 1c)
    const Date start = fam.random_date(add_months(a, -18), a);
    std::optional<Date> end;
    if (fam.rng.percent(70)) end = fam.edgy_date(a, add_months(a, 12));
    fam.interval("community_sentence", &parent, start, end);
    fam.facts.community_sentences.push_back({parent.index, {start, end}});
  }
  if (fam.rng.percent(40)) select_outcome(fam, 1);
  offending_after_assessment(fam, parent, met_or_not(fam.aim(Strand::Crime)));
}

// Targeted Youth Support overlapping the year before A (herts 1.3); met when
// it ended on or before C - 6 months.
void targeted_youth_support(FamilyDraft& fam) {
  const Member& young = *fam.pick_member(young_people(fam));
  const Date a = fam.A(), c = fam.C(), six_before = add_months(c, -6);
  const Date start = fam.random_date(add_months(a, -18), a);
  const Date earliest_end = std::max(start, add_days(add_months(a, -12), 1));  // still overlapping
  std::optional<Date> end;
  if (met_or_not(fam.aim(Strand::Crime)) == Aim::Met)
    end = fam.edgy_date(earliest_end, six_before);
  else if (fam.rng.percent(50))
    end = fam.edgy_date(std::max(earliest_end, add_days(six_before, 1)), c);
  fam.interval("tys_support", &young, start, end);
  fam.facts.tys_supports.push_back({young.index, {start, end}});
}

void crime_concern_ffa(FamilyDraft& fam) {
  const Member* about = fam.rng.percent(60) ? fam.pick_member(young_people(fam)) : nullptr;
  write_concern(fam, about, fam.in_last_months(fam.A(), 12), "crime", "ffa");
  const Date cutoff = add_months(fam.C(), -3);
  const JudgementShape shape =
      write_practitioner_judgement(fam, about, "crime", cutoff, met_or_not(fam.aim(Strand::Crime)));
  fam.expect(kHerts, "1.4", practitioner_progress(fam, shape, cutoff));
}

// An equivalent source of concern needs a business manager's agreement.
void crime_concern_equivalent(FamilyDraft& fam) {
  write_concern(fam, nullptr, fam.in_last_months(fam.A(), 12), "crime", "equivalent");
  fam.expect(kHerts, "1.6", write_equivalent_judgement(fam, "crime", met_or_not(fam.aim(Strand::Crime))));
}

void antisocial_behaviour(FamilyDraft& fam) {
  std::vector<const Member*> candidates = young_people(fam);
  for (const Member* adult : fam.adults()) candidates.push_back(adult);
  const Member& who = *fam.pick_member(candidates);
  const Date a = fam.A(), c = fam.C(), six_before = add_months(c, -6);
  write_asb_sanction(fam, who, fam.in_last_months(a, 12));
  const int incidents = 1 + static_cast<int>(fam.rng.below(3));
  for (int i = 0; i < incidents; ++i) write_asb_incident(fam, who, fam.in_last_months(a, 18));
  if (fam.rng.percent(50)) select_outcome(fam, 2);
  if (met_or_not(fam.aim(Strand::Crime)) == Aim::Met) {
    if (fam.rng.percent(30) && a < six_before) write_asb_incident(fam, who, fam.after_until(a, six_before));
    return;
  }
  write_asb_incident(fam, who, fam.in_last_months(c, 6));
  // Herefordshire 2: incidents must not have fallen to 40% either.
  while (reduced_enough(count_in(fam.facts.asb_incidents, six_before, c),
                        count_in(fam.facts.asb_incidents, add_months(six_before, -6), six_before), 40))
    write_asb_incident(fam, who, fam.in_last_months(c, 6));
}

void star_young_offender(FamilyDraft& fam) {
  write_star_need(fam, fam.in_last_months(fam.A(), 12), "young_offender");
  fam.facts.star.wanted = true;
}

// Herefordshire 3: a child with no offending before A who must stay out of
// trouble; missed by a first-time entry to the youth justice system.
void sibling_at_risk(FamilyDraft& fam) {
  auto clean = fam.members_where([&](const Member& m) {
    if (m.adult || fam.age_at(m, fam.A()) < 8) return false;
    for (const MemberDate& o : fam.facts.offences)
      if (o.member == m.index) return false;
    return true;
  });
  if (clean.empty()) return;
  select_outcome(fam, 3);
  if (fam.rng.percent(55)) return;  // stays out of trouble
  const Member& child = *fam.pick_member(clean);
  write_yjs_first_entry(fam, child, fam.in_last_months(fam.C(), 6));
}

}  // namespace

const std::vector<Need>& crime_needs() {
  static const std::vector<Need> kNeeds = {
      {"youth_offending", Strand::Crime, 10, has_young_person, youth_offending},
      {"youth_restorative_disposal", Strand::Crime, 5, has_young_person, youth_restorative_disposal},
      {"parent_offending", Strand::Crime, 7, has_parenting_adult, parent_offending},
      {"targeted_youth_support", Strand::Crime, 5, has_young_person, targeted_youth_support},
      {"crime_concern_ffa", Strand::Crime, 5, always, crime_concern_ffa},
      {"crime_concern_equivalent", Strand::Crime, 4, always, crime_concern_equivalent},
      {"antisocial_behaviour", Strand::Crime, 6, always, antisocial_behaviour},
      {"star_young_offender", Strand::Crime, 3, always, star_young_offender},
      // Last, so that it sees every offence the other crime needs wrote.
      {"sibling_at_risk", Strand::Crime, 3, has_older_child, sibling_at_risk},
  };
  return kNeeds;
}

void finish_crime(FamilyDraft& fam) {
  const Date a = fam.A(), c = fam.C();
  const Date year_before_a = add_months(a, -12), six_before_c = add_months(c, -6);
  auto member = [&](int index) -> const Member& { return fam.members[index]; };
  auto presents = [&](const std::vector<MemberDate>& facts, auto who) {
    return std::any_of(facts.begin(), facts.end(), [&](const MemberDate& f) {
      return within(f.date, year_before_a, a) && who(member(f.member));
    });
  };
  auto young = [&](const Member& m) { return fam.is_young_person(m); };
  auto child_or_parent = [](const Member& m) { return !m.adult || m.parenting; };
  auto parent = [](const Member& m) { return m.adult && m.parenting; };

  const int recent_offences = count_in(fam.facts.offences, six_before_c, c);
  const Aim no_recent_offence = met_if(recent_offences == 0);
  const Aim no_recent_offence_or_erjr =
      met_if(recent_offences == 0 && count_in(fam.facts.erjrs, six_before_c, c) == 0);

  if (presents(fam.facts.offences, child_or_parent)) fam.expect(kHerts, "1.1", no_recent_offence);
  if (presents(fam.facts.erjrs, young)) fam.expect(kHerts, "1.2", no_recent_offence_or_erjr);
  if (presents(fam.facts.offences, young) || presents(fam.facts.erjrs, young)) fam.expect(kTf2, "1a", no_recent_offence);
  if (presents(fam.facts.offences, parent)) fam.expect(kTf2, "1b", no_recent_offence);
  for (const MemberSpan& s : fam.facts.community_sentences)
    if (parent(member(s.member)) && s.span.start <= a && (!s.span.end || *s.span.end >= a))
      fam.expect(kTf2, "1c", no_recent_offence);
  if (presents(fam.facts.asb_sanctions, [](const Member&) { return true; }))
    fam.expect(kTf2, "1d", met_if(count_in(fam.facts.asb_sanctions, six_before_c, c) == 0 &&
                                  count_in(fam.facts.asb_incidents, six_before_c, c) == 0));

  bool tys_presents = false, tys_recent = false;
  for (const MemberSpan& s : fam.facts.tys_supports) {
    const bool overlaps_year = s.span.start <= a && (!s.span.end || *s.span.end > year_before_a);
    tys_presents |= overlaps_year;
    tys_recent |= s.span.start <= c && (!s.span.end || *s.span.end > six_before_c);
  }
  if (tys_presents) fam.expect(kHerts, "1.3", met_if(!tys_recent));

  const Date twelve_before_c = add_months(six_before_c, -6);
  if (fam.facts.outcome_selected[1])
    fam.expect(kHerefordshire, "1", met_if(reduced_enough(recent_offences,
                                                          count_in(fam.facts.offences, twelve_before_c, six_before_c), 50)));
  if (fam.facts.outcome_selected[2])
    fam.expect(kHerefordshire, "2",
               met_if(reduced_enough(count_in(fam.facts.asb_incidents, six_before_c, c),
                                     count_in(fam.facts.asb_incidents, twelve_before_c, six_before_c), 40)));
  if (fam.facts.outcome_selected[3]) {
    bool met = true;
    for (const Member* child : fam.children()) {
      auto by_child = [&](const std::vector<MemberDate>& facts, Date after, Date until) {
        return std::any_of(facts.begin(), facts.end(), [&](const MemberDate& f) {
          return f.member == child->index && within(f.date, after, until);
        });
      };
      if (by_child(fam.facts.offences, year_before_a, a)) continue;
      if (by_child(fam.facts.offences, six_before_c, c) || by_child(fam.facts.asb_incidents, six_before_c, c) ||
          by_child(fam.facts.yjs_entries, six_before_c, c))
        met = false;
    }
    fam.expect(kHerefordshire, "3", met_if(met));
  }
}

}  // namespace outcomes::gen
