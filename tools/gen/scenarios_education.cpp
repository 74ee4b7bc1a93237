// Education: herts-2018 2.1-2.9, tf2 2a-2e, herefordshire-v6.1 outcomes 4-6.
// Each scenario owns one child's attendance records; education_results.cpp
// works out what the family presents from all the children's records.
#include <algorithm>

#include "tools/gen/attendance.h"
#include "tools/gen/evidence.h"
#include "tools/gen/scenarios.h"

namespace outcomes::gen {
namespace {

// A child of compulsory school age at both A and C whose attendance no other
// scenario has written (one scenario per child keeps the aims honest).
std::vector<const Member*> pupils_throughout(const FamilyDraft& fam) {
  return fam.members_where([&](const Member& m) {
    return fam.school_age_at(m, fam.A()) && fam.school_age_at(m, fam.C()) && !attendance_written(fam, m);
  });
}
std::vector<const Member*> school_leavers(const FamilyDraft& fam) {
  return fam.members_where([&](const Member& m) {
    return fam.school_age_at(m, fam.A()) && !fam.school_age_at(m, fam.C()) && !attendance_written(fam, m);
  });
}
bool has_pupil(const FamilyDraft& fam) { return !pupils_throughout(fam).empty(); }
bool has_school_leaver(const FamilyDraft& fam) { return !school_leavers(fam).empty(); }
bool has_no_pupil_at_assessment(const FamilyDraft& fam) {
  return fam.members_where([&](const Member& m) { return fam.school_age_at(m, fam.A()); }).empty();
}
bool always(const FamilyDraft&) { return true; }

// The attendance after A that an aim calls for. Unknown: the records C would
// use are missing.
void plan_after(FamilyDraft& fam, AttendancePlan& plan, Aim aim, AbsenceLevel not_met_level) {
  switch (aim) {
    case Aim::Met:
      plan.after = fam.rng.coin() ? AbsenceLevel::Perfect : AbsenceLevel::Good;
      break;
    case Aim::NotMet:
      plan.after = not_met_level;
      break;
    case Aim::Unknown:
      plan.unknown_at_claim = true;
      break;
  }
}

void write_attendance_concern(FamilyDraft& fam, const Member* about) {
  static constexpr std::string_view kSources[] = {"ffa", "professional", "equivalent"};
  const Date date = fam.in_last_months(fam.A(), 12);
  write_concern(fam, about, date, "attendance", fam.rng.pick(kSources));
  fam.facts.attendance_concerns.push_back({about ? about->index : -1, date});
}

// ---- exclusions (2.1-2.3, 2a-2c, Herefordshire 5) -------------------------

void exclusions(FamilyDraft& fam) {
  const Date a = fam.A(), c = fam.C();
  const Date year_before_c = add_months(c, -12);
  const Aim aim = fam.aim(Strand::Education);
  // Met: the exclusions that present lie outside the year before C, which
  // the progress test looks at; otherwise anywhere in the year before A.
  const Date lo = add_days(add_months(a, -12), 1);
  const Date hi = aim == Aim::Met ? std::min(a, year_before_c) : a;

  const uint64_t variant = fam.rng.below(4);
  const Member* child = nullptr;
  if (variant == 2) {  // primary phase, five days or more (2.2)
    child = fam.pick_member(fam.members_where([&](const Member& m) {
      return fam.school_age_at(m, a) && fam.school_age_at(m, c) && in_primary_phase(m.dob, a) &&
             !attendance_written(fam, m);
    }));
  } else if (variant == 3 && fam.rng.percent(30)) {  // 2.3 counts any child: a sixth-former
    child = fam.pick_member(fam.members_where([&](const Member& m) {
      return !m.adult && !fam.school_age_at(m, a) && fam.age_at(m, a) >= 16;
    }));
  }
  if (!child) child = fam.pick_member(pupils_throughout(fam));

  if (variant == 0) {  // permanent exclusion, then alternative provision
    const Date date = fam.edgy_date(lo, hi);
    write_permanent_exclusion(fam, *child, date);
    write_provision(fam, *child, {add_days(date, fam.rng.between(1, 20)), std::nullopt}, "alternative", true);
  } else if (variant == 1) {  // three or more fixed exclusions
    const int count = 3 + static_cast<int>(fam.rng.below(2));
    for (int i = 0; i < count; ++i) write_fixed_exclusion(fam, *child, fam.edgy_date(lo, hi), fam.rng.coin() ? 5 : 10);
  } else if (variant == 2) {  // five days or more: exactly five as often as not
    if (fam.rng.coin()) {
      write_fixed_exclusion(fam, *child, fam.edgy_date(lo, hi), 25);
      write_fixed_exclusion(fam, *child, fam.edgy_date(lo, hi), 25);
    } else {
      write_fixed_exclusion(fam, *child, fam.edgy_date(lo, hi), 30);
      static constexpr int64_t kSecond[] = {20, 30, 50};
      write_fixed_exclusion(fam, *child, fam.edgy_date(lo, hi), fam.rng.pick(kSecond));
    }
  } else {  // ten days or more: exactly ten as often as not
    write_fixed_exclusion(fam, *child, fam.edgy_date(lo, hi), 50);
    write_fixed_exclusion(fam, *child, fam.edgy_date(lo, hi), fam.rng.coin() ? 50 : 65);
  }

  // Herefordshire 5 counts fixed exclusions in the last three terms.
  const bool herefordshire_5 = fam.rng.percent(50);
  if (herefordshire_5) select_outcome(fam, 5);
  AttendancePlan plan;
  if (aim == Aim::NotMet && (herefordshire_5 || fam.rng.coin())) {
    // Excluded again in the year before C, enough to miss the test.
    const Date after = std::max(a, year_before_c);
    switch (herefordshire_5 ? 1 : fam.rng.below(3)) {
      case 0:
        write_permanent_exclusion(fam, *child, fam.after_until(after, c));
        break;
      case 1:
        for (int i = 0; i < 3; ++i) write_fixed_exclusion(fam, *child, fam.after_until(after, c), 5);
        break;
      default:
        write_fixed_exclusion(fam, *child, fam.after_until(after, c), 50);
        write_fixed_exclusion(fam, *child, fam.after_until(after, c), 50);
        break;
    }
    plan_after(fam, plan, Aim::Met, AbsenceLevel::Moderate);
  } else {
    if (aim == Aim::Met && fam.rng.percent(30))  // one short exclusion stays within the limits
      write_fixed_exclusion(fam, *child, fam.after_until(a, c), 5);
    plan_after(fam, plan, aim, AbsenceLevel::Moderate);
  }
  if (!attendance_written(fam, *child)) write_attendance(fam, *child, plan);
  if (fam.rng.percent(15)) select_outcome(fam, 4);
}

// ---- absence (2.4, 2.5, 2d, Herefordshire 4) -------------------------------

void unauthorised_absence(FamilyDraft& fam) {
  const Member& child = *fam.pick_member(pupils_throughout(fam));
  const Aim aim = fam.aim(Strand::Education);
  AttendancePlan plan;
  const uint64_t roll = fam.rng.below(10);
  plan.before = roll < 7 ? AbsenceLevel::Unauthorised10to60
                         : roll < 9 ? AbsenceLevel::ExactlyTenUnauthorised : AbsenceLevel::Moderate;
  plan_after(fam, plan, aim, fam.rng.coin() ? AbsenceLevel::Moderate : AbsenceLevel::ExactlyTenUnauthorised);
  if (aim == Aim::Unknown && fam.rng.percent(30)) {
    plan.no_records = true;  // presents through the concern alone (2.4's second limb)
    write_attendance_concern(fam, &child);
  } else if (fam.rng.percent(25)) {
    write_attendance_concern(fam, fam.rng.coin() ? &child : nullptr);
  }
  write_attendance(fam, child, plan);
  if (fam.rng.percent(40)) select_outcome(fam, 4);
}

// Presents 2.4 through a concern about attendance whose rates look fine.
void attendance_concern(FamilyDraft& fam) {
  const Member& child = *fam.pick_member(pupils_throughout(fam));
  AttendancePlan plan;
  plan.before = fam.rng.coin() ? AbsenceLevel::Good : AbsenceLevel::JustUnderTenUnauthorised;
  plan_after(fam, plan, fam.aim(Strand::Education), AbsenceLevel::Moderate);
  write_attendance_concern(fam, fam.rng.percent(70) ? &child : nullptr);
  write_attendance(fam, child, plan);
}

// A concern about attendance naming nobody, in a family with no child of
// school age at A: 2.4 presents and cannot be met.
void attendance_concern_without_pupil(FamilyDraft& fam) { write_attendance_concern(fam, nullptr); }

void persistent_absence(FamilyDraft& fam) {
  const Member& child = *fam.pick_member(pupils_throughout(fam));
  AttendancePlan plan;
  plan.before = fam.rng.percent(70) ? AbsenceLevel::Unauthorised60Plus : AbsenceLevel::ExactlySixty;
  const Aim aim = fam.aim(Strand::Education);
  plan_after(fam, plan, aim, fam.rng.coin() ? AbsenceLevel::Unauthorised60Plus : AbsenceLevel::PartlyImproved);
  if (aim == Aim::Met) plan.after = AbsenceLevel::Perfect;  // 40 points better needs a clean run
  write_attendance(fam, child, plan);
  if (fam.rng.percent(40)) select_outcome(fam, 4);
}

// Mostly authorised absence (illness, appointments): tf2 2d, not herts 2.4.
void authorised_absence(FamilyDraft& fam) {
  const Member& child = *fam.pick_member(pupils_throughout(fam));
  AttendancePlan plan;
  plan.before = fam.rng.percent(75) ? AbsenceLevel::AuthorisedHeavy : AbsenceLevel::ExactlyTenOverall;
  plan_after(fam, plan, fam.aim(Strand::Education), AbsenceLevel::AuthorisedHeavy);
  write_attendance(fam, child, plan);
  if (fam.rng.percent(30)) select_outcome(fam, 4);
}

// ---- settings (2.6, 2.7, 2e, Herefordshire 6) -----------------------------

void pupil_referral_unit(FamilyDraft& fam) {
  const Member& child = *fam.pick_member(pupils_throughout(fam));
  const Date a = fam.A(), c = fam.C();
  const Date start = fam.random_date(add_months(a, -12), a);
  std::optional<Date> end;
  if (fam.rng.percent(60)) end = fam.edgy_date(a, c);  // on A itself is still active at A
  fam.interval("pru_support", &child, start, end);
  fam.facts.pru_supports.push_back({child.index, {start, end}});
  AttendancePlan plan;
  plan.before = fam.rng.coin() ? AbsenceLevel::Good : AbsenceLevel::Moderate;
  plan_after(fam, plan, fam.aim(Strand::Education), AbsenceLevel::Moderate);
  write_attendance(fam, child, plan);
}

void missing_education(FamilyDraft& fam) {
  const Member& child = *fam.pick_member(pupils_throughout(fam));
  const Date a = fam.A(), c = fam.C();
  const Aim aim = fam.aim(Strand::Education);
  const Date start = fam.random_date(add_months(a, -10), a);
  AttendancePlan plan;
  plan.before = fam.rng.coin() ? AbsenceLevel::Good : AbsenceLevel::Moderate;

  // When the child is found a place (on or after A, so missing at A).
  const Date found = fam.edgy_date(a, add_days(c, -60));
  const Date place_start = add_days(found, fam.rng.between(1, 14));
  auto stop_missing = [&]() {
    fam.interval("missing_education", &child, start, found);
    fam.facts.missing_education.push_back({child.index, {start, found}});
    plan.gap = Span{start, found};
  };
  const uint64_t way = fam.rng.below(3);
  if (aim == Aim::Met && way == 0) {  // home education judged suitable
    stop_missing();
    plan.stop_after = found;
    write_provision(fam, child, {place_start, std::nullopt}, "ehe", true);
  } else if (aim == Aim::Met) {  // back at school or in alternative provision, attending
    stop_missing();
    write_provision(fam, child, {place_start, std::nullopt}, way == 1 ? "school" : "alternative", true);
    plan.after = AbsenceLevel::Perfect;
  } else if (aim == Aim::Unknown) {  // a place, but its attendance never returned
    stop_missing();
    write_provision(fam, child, {place_start, std::nullopt}, "school", true);
    plan.unknown_at_claim = true;
  } else if (way == 0) {  // still missing at C
    fam.interval("missing_education", &child, start, std::nullopt);
    fam.facts.missing_education.push_back({child.index, {start, std::nullopt}});
    plan.stop_after = start;
  } else if (way == 1) {  // home education that is not suitable
    stop_missing();
    plan.stop_after = found;
    write_provision(fam, child, {place_start, std::nullopt}, "ehe", false);
  } else {  // a place that broke down before C
    stop_missing();
    const Date ended = fam.edgy_date(place_start, add_days(c, -1));
    write_provision(fam, child, {place_start, ended}, "alternative", true);
    plan.stop_after = ended;
    plan.after = AbsenceLevel::Moderate;
  }
  write_attendance(fam, child, plan);
  if (fam.rng.percent(50)) select_outcome(fam, 6);
}

// ---- practitioner judgements (2.8, 2.9) -----------------------------------

void education_concern_ffa(FamilyDraft& fam) {
  const Member* about = fam.rng.coin() ? fam.pick_member(fam.children_born_by(add_months(fam.A(), -12))) : nullptr;
  write_concern(fam, about, fam.in_last_months(fam.A(), 12), "education", "ffa");
  const Date cutoff = add_months(fam.C(), -3);
  const JudgementShape shape =
      write_practitioner_judgement(fam, about, "education", cutoff, met_or_not(fam.aim(Strand::Education)));
  fam.expect(kHerts, "2.8", practitioner_progress(fam, shape, cutoff));
}

void education_concern_equivalent(FamilyDraft& fam) {
  write_concern(fam, nullptr, fam.in_last_months(fam.A(), 12), "education", "equivalent");
  fam.expect(kHerts, "2.9", write_equivalent_judgement(fam, "education", met_or_not(fam.aim(Strand::Education))));
}

// ---- a pupil who leaves compulsory schooling between A and C ---------------
// herts judges them by what they do next (progress to work, employment, no
// neet at C); tf2 keeps to their last terms' absence.

void school_leaver(FamilyDraft& fam) {
  const Member& child = *fam.pick_member(school_leavers(fam));
  const Date c = fam.C();
  AttendancePlan plan;
  plan.before = fam.rng.coin() ? AbsenceLevel::Unauthorised10to60 : AbsenceLevel::Moderate;
  plan.after = fam.rng.coin() ? AbsenceLevel::Good : AbsenceLevel::Moderate;
  write_attendance(fam, child, plan);

  Aim aim = met_or_not(fam.aim(Strand::Education));
  // Their progress to work would also count for the family's employment
  // indicators, which may be meant to fail.
  if (fam.aim(Strand::Employment) != Aim::Met) aim = Aim::NotMet;
  const Date left = add_days(compulsory_school_end(child.dob), 1);
  if (left > c) return;
  if (aim == Aim::Met) {
    static constexpr std::string_view kKinds[] = {"apprenticeship", "traineeship", "training", "princes_trust"};
    write_progress_to_work(fam, child, fam.edgy_date(left, c), std::nullopt, fam.rng.pick(kKinds));
  } else if (fam.rng.percent(70)) {
    write_neet(fam, child, {fam.edgy_date(left, c), std::nullopt});
  }
}

}  // namespace

const std::vector<Need>& education_needs() {
  static const std::vector<Need> kNeeds = {
      {"exclusions", Strand::Education, 11, has_pupil, exclusions},
      {"unauthorised_absence", Strand::Education, 11, has_pupil, unauthorised_absence},
      {"attendance_concern", Strand::Education, 3, has_pupil, attendance_concern},
      {"attendance_concern_without_pupil", Strand::Education, 1, has_no_pupil_at_assessment,
       attendance_concern_without_pupil},
      {"persistent_absence", Strand::Education, 6, has_pupil, persistent_absence},
      {"authorised_absence", Strand::Education, 4, has_pupil, authorised_absence},
      {"pupil_referral_unit", Strand::Education, 4, has_pupil, pupil_referral_unit},
      {"missing_education", Strand::Education, 5, has_pupil, missing_education},
      {"education_concern_ffa", Strand::Education, 4, always, education_concern_ffa},
      {"education_concern_equivalent", Strand::Education, 3, always, education_concern_equivalent},
      {"school_leaver", Strand::Education, 6, has_school_leaver, school_leaver},
  };
  return kNeeds;
}

}  // namespace outcomes::gen
