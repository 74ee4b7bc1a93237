// What a family presents in the education strand, worked out from every
// child's records once all scenarios and the background have written them.
#include <algorithm>

#include "tools/gen/scenarios.h"

namespace outcomes::gen {
namespace {

const AttendanceSeries kNoRecords;

const AttendanceSeries& series_of(const FamilyDraft& fam, const Member& child) {
  if (fam.facts.attendance.size() <= static_cast<size_t>(child.index) || !fam.facts.attendance[child.index])
    return kNoRecords;
  return *fam.facts.attendance[child.index];
}

bool active_at(const Span& span, Date d) { return span.start <= d && (!span.end || *span.end >= d); }

struct ExclusionTally {
  bool permanent = false;
  int fixed = 0;
  int64_t fixed_days_tenths = 0;
};

ExclusionTally tally(const FamilyDraft& fam, const Member& child, Date after, Date until) {
  ExclusionTally t;
  for (const ExclusionFact& e : fam.facts.exclusions) {
    if (e.member != child.index || !within(e.date, after, until)) continue;
    if (e.permanent) {
      t.permanent = true;
    } else {
      ++t.fixed;
      t.fixed_days_tenths += e.days_tenths;
    }
  }
  return t;
}

// herts: a child of school age at A but not at C is judged by what they did
// next instead.
Aim leaver_progress(const FamilyDraft& fam, const Member& child) {
  const Date a = fam.A(), c = fam.C();
  bool moved_on = false;
  for (const ProgressToWorkFact& p : fam.facts.progress_to_work)
    moved_on |= p.member == child.index && within(p.date, a, c);
  for (const MemberSpan& e : fam.facts.employments)
    moved_on |= e.member == child.index && within(e.span.start, a, c);
  bool neet_at_c = false;
  for (const MemberSpan& n : fam.facts.neets) neet_at_c |= n.member == child.index && active_at(n.span, c);
  return met_if(moved_on && !neet_at_c);
}

// Attendance rate at C at least `points` percentage points above that at A.
Aim improved_by(Rate absence_at_a, Rate absence_at_c, int points) {
  if (!absence_at_a.known() || !absence_at_c.known()) return Aim::Unknown;
  // (1 - c) - (1 - a) >= points/100, i.e. a - c >= points / 100.
  const int64_t gain = absence_at_a.part * absence_at_c.whole - absence_at_c.part * absence_at_a.whole;
  return met_if(gain * 100 >= static_cast<int64_t>(points) * absence_at_a.whole * absence_at_c.whole);
}

}  // namespace

void finish_education(FamilyDraft& fam) {
  const Date a = fam.A(), c = fam.C();
  const Date year_before_a = add_months(a, -12), year_before_c = add_months(c, -12);

  bool any_2_1_to_2_3 = false;
  Aim exclusion_herts = Aim::Met, exclusion_tf2 = Aim::Met;
  bool concern_names_nobody = false;
  for (const MemberDate& concern : fam.facts.attendance_concerns)
    concern_names_nobody |= concern.member < 0 && within(concern.date, year_before_a, a);
  bool any_pupil_at_a = false;

  for (const Member* child : fam.children()) {
    const AttendanceSeries& series = series_of(fam, *child);
    const bool pupil_at_a = fam.school_age_at(*child, a);
    const bool pupil_at_c = fam.school_age_at(*child, c);
    any_pupil_at_a |= pupil_at_a;
    const bool leaver = pupil_at_a && !pupil_at_c;
    const Rate unauth_a = unauthorised_rate_last3(series, a), unauth_c = unauthorised_rate_last3(series, c);
    const Rate absence_a = absence_rate_last3(series, a), absence_c = absence_rate_last3(series, c);
    const Aim unauth_under_10 = leaver ? leaver_progress(fam, *child) : below_percent(unauth_c, 10);
    const Aim absence_under_10 = below_percent(absence_c, 10);

    // 2.1-2.3 / 2a-2c share one progress value over every child presenting.
    const ExclusionTally before = tally(fam, *child, year_before_a, a);
    const bool p21 = pupil_at_a && (before.permanent || before.fixed >= 3);
    const bool p22 = in_primary_phase(child->dob, a) && before.fixed_days_tenths >= 50;
    const bool p23 = before.fixed_days_tenths >= 100;
    if (p21) fam.expect(kHerts, "2.1", Aim::Met), fam.expect(kTf2, "2a", Aim::Met);
    if (p22) fam.expect(kHerts, "2.2", Aim::Met), fam.expect(kTf2, "2b", Aim::Met);
    if (p23) fam.expect(kHerts, "2.3", Aim::Met), fam.expect(kTf2, "2c", Aim::Met);
    if (p21 || p22 || p23) {
      any_2_1_to_2_3 = true;
      const ExclusionTally recent = tally(fam, *child, year_before_c, c);
      const int64_t day_limit = in_primary_phase(child->dob, c) ? 50 : 100;
      const Aim within_limits =
          met_if(!recent.permanent && recent.fixed < 3 && recent.fixed_days_tenths < day_limit);
      exclusion_herts = kleene_and(exclusion_herts,
                                   leaver ? leaver_progress(fam, *child) : kleene_and(within_limits, unauth_under_10));
      exclusion_tf2 = kleene_and(exclusion_tf2, kleene_and(within_limits, absence_under_10));
    }

    // 2.4: the rate, or a concern naming the child (whatever their age), or
    // one naming nobody (every pupil at A).
    bool named = false;
    for (const MemberDate& concern : fam.facts.attendance_concerns)
      named |= concern.member == child->index && within(concern.date, year_before_a, a);
    const bool rate_2_4 = pupil_at_a && at_least_percent(unauth_a, 10) && !at_least_percent(unauth_a, 60);
    if (rate_2_4 || named || (concern_names_nobody && pupil_at_a)) fam.expect(kHerts, "2.4", unauth_under_10);

    if (pupil_at_a && at_least_percent(unauth_a, 60))
      fam.expect(kHerts, "2.5",
                 leaver ? leaver_progress(fam, *child)
                        : kleene_and(improved_by(absence_a, absence_c, 40), below_percent(unauth_c, 50)));
    if (pupil_at_a && at_least_percent(absence_a, 10)) fam.expect(kTf2, "2d", absence_under_10);

    if (pupil_at_a) {
      for (const MemberSpan& p : fam.facts.pru_supports)
        if (p.member == child->index && active_at(p.span, a)) fam.expect(kHerts, "2.6", unauth_under_10);
      bool missing_at_a = false;
      for (const MemberSpan& m : fam.facts.missing_education)
        missing_at_a |= m.member == child->index && active_at(m.span, a);
      if (missing_at_a) {
        Aim herts = Aim::NotMet, tf2 = Aim::NotMet;
        for (const ProvisionFact& p : fam.facts.provisions) {
          if (p.member != child->index || !active_at(p.span, c)) continue;
          if (p.setting == "ehe") {
            if (p.suitable) herts = tf2 = Aim::Met;
          } else {
            herts = kleene_or(herts, below_percent(unauth_c, 10));
            tf2 = kleene_or(tf2, absence_under_10);
          }
        }
        fam.expect(kHerts, "2.7", leaver ? leaver_progress(fam, *child) : herts);
        fam.expect(kTf2, "2e", tf2);
      }
    }
  }
  if (any_2_1_to_2_3) {
    for (std::string_view id : {"2.1", "2.2", "2.3"})
      for (const Expectation& e : fam.expectations)
        if (e.plan == kHerts && e.indicator == id) fam.expect(kHerts, id, exclusion_herts);
    for (std::string_view id : {"2a", "2b", "2c"})
      for (const Expectation& e : fam.expectations)
        if (e.plan == kTf2 && e.indicator == id) fam.expect(kTf2, id, exclusion_tf2);
  }
  if (concern_names_nobody && !any_pupil_at_a) fam.expect(kHerts, "2.4", Aim::NotMet);

  // Herefordshire 4-6 look at every pupil at C.
  Aim attendance_90 = Aim::Met, few_exclusions = Aim::Met;
  bool alternative_or_ehe = false;
  for (const Member* child : fam.children()) {
    for (const ProvisionFact& p : fam.facts.provisions)
      alternative_or_ehe |= p.member == child->index && p.setting != "school" && active_at(p.span, c);
    if (!fam.school_age_at(*child, c)) continue;
    const AttendanceSeries& series = series_of(fam, *child);
    const Rate absence_c = absence_rate_last3(series, c);
    attendance_90 = kleene_and(attendance_90, absence_c.known() ? met_if(absence_c.part * 10 <= absence_c.whole)
                                                                : Aim::Unknown);
    const std::optional<Term> first = first_of_last3(series, c);
    if (!first) {
      few_exclusions = kleene_and(few_exclusions, Aim::Unknown);
      continue;
    }
    int fixed = 0;
    for (const ExclusionFact& e : fam.facts.exclusions)
      fixed += e.member == child->index && !e.permanent && e.date >= term_start(*first) && e.date <= c;
    few_exclusions = kleene_and(few_exclusions, met_if(fixed < 3));
  }
  if (fam.facts.outcome_selected[4]) fam.expect(kHerefordshire, "4", attendance_90);
  if (fam.facts.outcome_selected[5]) fam.expect(kHerefordshire, "5", few_exclusions);
  if (fam.facts.outcome_selected[6]) fam.expect(kHerefordshire, "6", met_if(alternative_or_ehe));
}

}  // namespace outcomes::gen
