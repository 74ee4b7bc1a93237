// Herefordshire outcomes with evidence of their own: 7 (nursery), 9 (school
// progress), 10-12 (parenting, community, keeping safe), 20-22 and 27
// (registrations, immunisation, health checks: written by the background as
// aimed here), 23 (stopping smoking) and 26 (pregnancy care). Each draws its
// own aim: these outcomes do not share evidence with the strands' needs.
#include <algorithm>

#include "tools/gen/evidence.h"
#include "tools/gen/scenarios.h"

namespace outcomes::gen {
namespace {

bool always(const FamilyDraft&) { return true; }
bool has_adult(const FamilyDraft& fam) { return !fam.adults().empty(); }
bool has_child(const FamilyDraft& fam) { return !fam.children().empty(); }

Aim own_aim(FamilyDraft& fam) { return fam.rng.percent(55) ? Aim::Met : Aim::NotMet; }

std::vector<const Member*> aged_2_or_3_at_c(const FamilyDraft& fam) {
  return fam.members_where([&](const Member& m) {
    const int age = fam.age_at(m, fam.C());
    return !m.adult && (age == 2 || age == 3);
  });
}
bool has_toddler(const FamilyDraft& fam) { return !aged_2_or_3_at_c(fam).empty(); }
// Herefordshire 27: a child aged 2 1/2 to under 5 at C.
bool has_child_due_a_check(const FamilyDraft& fam) {
  return !fam.members_where([&](const Member& m) {
            return !m.adult && add_months(m.dob, 30) <= fam.C() && fam.age_at(m, fam.C()) < 5;
          }).empty();
}

// ---- 7: nursery attendance over the six calendar months before C's month ----

void nursery(FamilyDraft& fam) {
  select_outcome(fam, 7);
  const bool met = own_aim(fam) == Aim::Met;
  const auto toddlers = aged_2_or_3_at_c(fam);
  const Member* falls_short = met ? nullptr : fam.pick_member(toddlers);
  const bool no_records_instead = !met && fam.rng.percent(30);
  const Month c_month = month_of(fam.C());
  for (const Member* child : toddlers) {
    fam.facts.nursery_children.push_back(child->index);
    if (child == falls_short && no_records_instead) continue;
    const bool exactly_85 = fam.rng.percent(25);
    // C's own month is written too now and then: it is not one of the six.
    const Month last = fam.rng.percent(30) ? c_month : c_month - 1;
    for (Month month = c_month - 8; month <= last; ++month) {
      if (month_start(month) < child->dob) continue;
      const int64_t possible = exactly_85 ? 20 : fam.rng.between(16, 44);
      int64_t attended;
      if (exactly_85)
        attended = child == falls_short ? 16 : 17;  // 85% on the nose, or one short of it
      else if (child == falls_short)
        attended = fam.rng.between(possible / 2, possible * 80 / 100);
      else
        attended = fam.rng.between((possible * 85 + 99) / 100, possible);
      fam.event("nursery_attendance", child, month_start(month))
          .text("month", [&] { std::string text; append_month(text, month); return text; }())
          .integer("possible_sessions", possible)
          .integer("attended_sessions", attended);
    }
  }
  fam.expect(kHerefordshire, "7", met_if(met));
}

// ---- 10 and 11: six months after the first closure after A -----------------

// The first case_closed after A (of any reason), writing one when there is
// none yet; nullopt when the aim is better served by no closure at all.
std::optional<Date> first_closure_after_assessment(FamilyDraft& fam, bool met) {
  const Date a = fam.A(), c = fam.C();
  std::optional<Date> first;
  for (const ClosureFact& closure : fam.facts.closures)
    if (within(closure.date, a, c) && (!first || closure.date < *first)) first = closure.date;
  if (first) return first;
  if (!met && fam.rng.percent(25)) return std::nullopt;  // never closed: cannot be met
  // A closure for progress would also settle herts 3.1, which may be meant to fail.
  static constexpr std::string_view kOtherReasons[] = {"disengaged", "moved_away", "step_up"};
  const bool progress_allowed = !fam.facts.child_need_presents || fam.aim(Strand::ChildrenNeedHelp) == Aim::Met;
  const Date six_before_c = add_months(c, -6);
  const Date date = a < six_before_c ? fam.after_until(a, six_before_c) : fam.after_until(a, c);
  write_closure(fam, date, progress_allowed && fam.rng.coin() ? "progress" : fam.rng.pick(kOtherReasons));
  return date;
}

// A follow-up record (parenting_report improved_confidence, or
// community_activity continuing) dated on or after closure + 6 months.
void follow_up(FamilyDraft& fam, int outcome, std::string_view type, std::string_view flag) {
  select_outcome(fam, outcome);
  const Date a = fam.A(), c = fam.C();
  const bool aim_met = own_aim(fam) == Aim::Met;
  const std::optional<Date> closed = first_closure_after_assessment(fam, aim_met);
  const Member* who = type == "parenting_report" ? fam.pick_member(fam.adults()) : nullptr;
  auto record = [&](Date date, bool good) {
    fam.point(type, who, date).flag(flag, good);
  };
  if (fam.rng.percent(30)) record(fam.random_date(add_months(a, -12), a), fam.rng.coin());  // earlier history
  if (!closed) {
    fam.expect(kHerefordshire, outcome_id(outcome), Aim::NotMet);
    return;
  }
  const Date due = add_months(*closed, 6);
  const bool possible = due <= c;
  if (aim_met && possible) {
    record(fam.edgy_date(due, c), true);
    fam.expect(kHerefordshire, outcome_id(outcome), Aim::Met);
    return;
  }
  const Date early_from = add_days(*closed, 1), early_until = std::min(add_days(due, -1), c);
  if (fam.rng.coin() && early_from <= early_until)  // too early: a day before it was due, or sooner
    record(fam.edgy_date(early_from, early_until), true);
  else if (possible)
    record(fam.edgy_date(due, c), false);
  fam.expect(kHerefordshire, outcome_id(outcome), Aim::NotMet);
}

void parenting_report(FamilyDraft& fam) { follow_up(fam, 10, "parenting_report", "improved_confidence"); }
void community_activity(FamilyDraft& fam) { follow_up(fam, 11, "community_activity", "continuing"); }

// ---- 12: work on keeping safe after A ----------------------------------------

void keep_safe_work(FamilyDraft& fam) {
  select_outcome(fam, 12);
  const Member& child = *fam.pick_member(fam.children());
  const Date a = fam.A(), c = fam.C();
  const Date born = std::max(child.dob, add_months(a, -12));
  if (own_aim(fam) == Aim::Met) {
    fam.point("keep_safe_work", &child, fam.after_until(std::max(a, child.dob), c));
    fam.expect(kHerefordshire, "12", Aim::Met);
  } else {
    if (born <= a && fam.rng.percent(70)) fam.point("keep_safe_work", &child, fam.edgy_date(born, a));  // on A at the latest
    fam.expect(kHerefordshire, "12", Aim::NotMet);
  }
}

// ---- 20-22, 9, 27: evidence written by the background -------------------------

void aim_background_outcome(FamilyDraft& fam, int outcome) {
  select_outcome(fam, outcome);
  fam.facts.background_outcome_aim[outcome] = own_aim(fam);
}
void gp_registration(FamilyDraft& fam) { aim_background_outcome(fam, 20); }
void dentist(FamilyDraft& fam) { aim_background_outcome(fam, 21); }
void immunisation(FamilyDraft& fam) { aim_background_outcome(fam, 22); }
void school_progress(FamilyDraft& fam) { aim_background_outcome(fam, 9); }
void health_checks(FamilyDraft& fam) { aim_background_outcome(fam, 27); }

// ---- 23: stopping smoking ----------------------------------------------------

void smoking(FamilyDraft& fam) {
  select_outcome(fam, 23);
  const Member& adult = *fam.pick_member(fam.adults());
  fam.expect(kHerefordshire, "23", write_sustained_support(fam, adult, "smoking_cessation", own_aim(fam) == Aim::Met));
}

// ---- 26: care in pregnancy -----------------------------------------------------

void pregnancy(FamilyDraft& fam) {
  select_outcome(fam, 26);
  const Member& mother = *fam.pick_member(fam.adults());
  const Date c = fam.C();
  const bool met = own_aim(fam) == Aim::Met;
  if (met && fam.rng.percent(30)) {  // a pregnancy that ended before C: none active, met
    const Date end = fam.random_date(fam.A(), add_days(c, -1));
    fam.interval("pregnancy", &mother, add_days(end, -270), end)
        .flag("midwife_care", true)
        .flag("antenatal_hv_assessment", fam.rng.coin());
    fam.expect(kHerefordshire, "26", Aim::Met);
    return;
  }
  const bool midwife = met || fam.rng.coin();
  const bool health_visitor = met || !midwife;
  fam.interval("pregnancy", &mother, fam.random_date(add_months(c, -8), add_months(c, -1)), std::nullopt)
      .flag("midwife_care", midwife)
      .flag("antenatal_hv_assessment", health_visitor);
  fam.expect(kHerefordshire, "26", met_if(met));
}

}  // namespace

const std::vector<Need>& herefordshire_needs() {
  static const std::vector<Need> kNeeds = {
      {"nursery", Strand::ChildrenNeedHelp, 4, has_toddler, nursery},
      {"school_progress", Strand::ChildrenNeedHelp, 4, has_child, school_progress},
      {"parenting_report", Strand::ChildrenNeedHelp, 4, has_adult, parenting_report},
      {"community_activity", Strand::ChildrenNeedHelp, 3, always, community_activity},
      {"keep_safe_work", Strand::ChildrenNeedHelp, 3, has_child, keep_safe_work},
      {"gp_registration", Strand::Health, 4, always, gp_registration},
      {"dentist", Strand::Health, 4, always, dentist},
      {"immunisation", Strand::Health, 4, has_child, immunisation},
      {"smoking", Strand::Health, 4, has_adult, smoking},
      {"pregnancy", Strand::Health, 3, has_adult, pregnancy},
      {"health_checks", Strand::Health, 4, has_child_due_a_check, health_checks},
  };
  return kNeeds;
}

}  // namespace outcomes::gen
