// Events every family has that present nothing: the assessment itself,
// registrations, school and health records; old history outside every
// window; and near misses on purpose (exactly 12 months before A, 13/140
// unauthorised, a NEET spell of 90 days, offences by a non-parenting adult).
// Where a Herefordshire outcome selected by a need depends on these records,
// they are written to its aim and its expectation recorded here.
#include <algorithm>

#include "tools/gen/attendance.h"
#include "tools/gen/evidence.h"
#include "tools/gen/scenarios.h"

namespace outcomes::gen {
namespace {

// The member who will miss a background outcome aimed at NotMet.
const Member* odd_one_out(FamilyDraft& fam, int outcome, const std::vector<const Member*>& candidates) {
  const auto& aim = fam.facts.background_outcome_aim[outcome];
  if (!aim || *aim == Aim::Met || candidates.empty()) return nullptr;
  return fam.pick_member(candidates);
}

void attendance_for_other_pupils(FamilyDraft& fam) {
  for (const Member* child : fam.children()) {
    if (attendance_written(fam, *child)) continue;
    AttendancePlan plan;
    const uint64_t roll = fam.rng.below(100);
    if (roll < 3) {
      plan.no_records = true;  // data never returned: unknown for the claims
    } else if (roll < 8) {
      plan.before = AbsenceLevel::JustUnderTenUnauthorised;  // 13/140: presents nothing
    } else if (roll < 40) {
      plan.before = plan.after = AbsenceLevel::Perfect;
    }
    write_attendance(fam, *child, plan);
  }
}

// 20: every member registered with a GP at C.
void gp_registrations(FamilyDraft& fam) {
  const Date c = fam.C();
  const Member* unregistered = odd_one_out(fam, 20, fam.members_where([](const Member&) { return true; }));
  const bool aimed = fam.facts.background_outcome_aim[20].has_value();
  bool everyone = true;
  for (const Member& m : fam.members) {
    const bool registered = &m == unregistered ? false : aimed || fam.rng.percent(92);
    const Date start = std::max(m.dob, add_days(fam.A(), -fam.rng.between(100, 3000)));
    if (!registered) {
      everyone = false;
      if (fam.rng.coin() && start < c) fam.interval("gp_registration", &m, start, fam.random_date(start, add_days(c, -1)));
      continue;
    }
    if (fam.rng.percent(15) && start < add_days(c, -60)) {  // changed practice: one run ends, the next begins
      const Date moved = fam.random_date(start, add_days(c, -30));
      fam.interval("gp_registration", &m, start, moved);
      fam.interval("gp_registration", &m, add_days(moved, 1), std::nullopt);
    } else {
      fam.interval("gp_registration", &m, start, std::nullopt);
    }
  }
  if (fam.facts.outcome_selected[20]) fam.expect(kHerefordshire, "20", met_if(everyone));
}

// 21: every member with a dentist at C and a check-up in the year before C.
void dental_care(FamilyDraft& fam) {
  const Date c = fam.C(), year_before_c = add_months(c, -12);
  const Member* lapsed = odd_one_out(fam, 21, fam.members_where([](const Member&) { return true; }));
  const bool aimed = fam.facts.background_outcome_aim[21].has_value();
  bool everyone = true;
  for (const Member& m : fam.members) {
    if (&m != lapsed && !aimed && !fam.rng.percent(55)) {
      everyone = false;
      continue;
    }
    const Date start = std::max(m.dob, add_days(fam.A(), -fam.rng.between(60, 2500)));
    if (start > c) {
      everyone = false;
      continue;
    }
    fam.interval("dentist_registration", &m, start, std::nullopt);
    const Date earliest_check = std::max(start, add_months(c, -30));
    if (&m == lapsed) {
      // The last check-up exactly a year before C is just outside the window.
      if (earliest_check <= year_before_c)
        fam.point("dental_checkup", &m, fam.edgy_date(earliest_check, year_before_c));
      everyone = false;
      continue;
    }
    const Date recent_from = std::max(start, add_days(year_before_c, 1));
    fam.point("dental_checkup", &m, fam.edgy_date(recent_from, c));
    if (fam.rng.coin() && earliest_check < recent_from)
      fam.point("dental_checkup", &m, fam.random_date(earliest_check, add_days(recent_from, -1)));
  }
  if (fam.facts.outcome_selected[21]) fam.expect(kHerefordshire, "21", met_if(everyone));
}

// 22: every child's latest immunisation status up to date.
void immunisations(FamilyDraft& fam) {
  const Date c = fam.C();
  const auto children = fam.members_where([&](const Member& m) { return !m.adult && m.dob <= add_days(c, -60); });
  const Member* behind = odd_one_out(fam, 22, children);
  const bool aimed = fam.facts.background_outcome_aim[22].has_value();
  bool everyone = true;
  for (const Member* child : children) {
    const Date from = std::max(add_days(child->dob, 56), add_months(fam.A(), -24));
    if (from > c) continue;
    const bool skip = child != behind && !aimed && fam.rng.percent(10);
    if (skip || (child == behind && fam.rng.coin())) {
      everyone = false;  // no status recorded at all
      continue;
    }
    const std::vector<Date> dates = {fam.random_date(from, c), fam.random_date(from, c)};
    const Date earlier = std::min(dates[0], dates[1]), later = std::max(dates[0], dates[1]);
    const bool up_to_date = child == behind ? false : aimed || fam.rng.percent(88);
    if (earlier != later) fam.point("immunisation_status", child, earlier).flag("up_to_date", !up_to_date || fam.rng.coin());
    fam.point("immunisation_status", child, later).flag("up_to_date", up_to_date);
    everyone &= up_to_date;
  }
  // Children too young for any status (born in the last weeks) have none.
  for (const Member& m : fam.members)
    if (!m.adult && m.dob > add_days(c, -60)) everyone = false;
  if (fam.facts.outcome_selected[22]) fam.expect(kHerefordshire, "22", met_if(everyone));
}

// 9: every child's latest school progress after A is good.
void school_progress(FamilyDraft& fam) {
  const Date a = fam.A(), c = fam.C();
  const Member* struggling = odd_one_out(fam, 9, fam.children());
  const bool aimed = fam.facts.background_outcome_aim[9].has_value();
  bool everyone = true;
  for (const Member* child : fam.children()) {
    const Date from = std::max(add_days(a, 1), child->dob);
    if (from > c) {
      everyone = false;
      continue;
    }
    if (!aimed && !fam.rng.percent(45)) {
      everyone = false;
      continue;
    }
    if (child == struggling && fam.rng.percent(30)) {  // nothing recorded since A
      everyone = false;
      if (child->dob < a) fam.point("school_progress", child, fam.random_date(std::max(child->dob, add_months(a, -12)), a)).flag("good", true);
      continue;
    }
    const bool good = child != struggling && (aimed || fam.rng.percent(80));
    const Date latest = fam.edgy_date(from, c);
    if (latest > from && fam.rng.coin()) fam.point("school_progress", child, fam.random_date(from, add_days(latest, -1))).flag("good", !good);
    fam.point("school_progress", child, latest).flag("good", good);
    everyone &= good;
  }
  if (fam.facts.outcome_selected[9]) fam.expect(kHerefordshire, "9", met_if(everyone));
}

// 27: every child aged 2 1/2 to under 5 at C has had a health check. The
// check itself happens between 2 and 2 1/2; background checks never show a
// communication problem (that is herts 3.1's need).
void health_checks(FamilyDraft& fam) {
  const Date c = fam.C();
  auto checked_already = [&](const Member& m) {
    return std::find(fam.facts.health_checked.begin(), fam.facts.health_checked.end(), m.index) !=
           fam.facts.health_checked.end();
  };
  const auto due = fam.members_where([&](const Member& m) {
    return !m.adult && add_months(m.dob, 30) <= c && fam.age_at(m, c) < 5;
  });
  auto unchecked_due = due;
  std::erase_if(unchecked_due, [&](const Member* m) { return checked_already(*m); });
  const Member* missed = odd_one_out(fam, 27, unchecked_due);
  const bool aimed = fam.facts.background_outcome_aim[27].has_value();
  bool everyone = true;
  for (const Member* child : fam.children()) {
    const bool is_due = std::find(due.begin(), due.end(), child) != due.end();
    if (checked_already(*child)) continue;
    const Date lo = add_months(child->dob, 24), hi = std::min(add_months(child->dob, 30), c);
    if (lo > hi || child == missed || (!aimed && !fam.rng.percent(85)) || fam.age_at(*child, c) >= 8) {
      everyone &= !is_due;
      continue;
    }
    fam.point("health_check", child, fam.edgy_date(lo, hi)).flag("communication_below_threshold", false);
  }
  if (fam.facts.outcome_selected[27]) fam.expect(kHerefordshire, "27", met_if(everyone));
}

void nursery_for_toddlers(FamilyDraft& fam) {
  const Month c_month = month_of(fam.C());
  for (const Member* child : fam.children()) {
    const int age = fam.age_at(*child, fam.C());
    if (age < 2 || age > 4 || !fam.rng.percent(35)) continue;
    if (std::find(fam.facts.nursery_children.begin(), fam.facts.nursery_children.end(), child->index) !=
        fam.facts.nursery_children.end())
      continue;
    for (Month month = c_month - static_cast<Month>(fam.rng.between(3, 8)); month < c_month; ++month) {
      if (month_start(month) < add_months(child->dob, 24)) continue;
      const int64_t possible = fam.rng.between(16, 44);
      std::string text;
      append_month(text, month);
      fam.event("nursery_attendance", child, month_start(month))
          .text("month", text)
          .integer("possible_sessions", possible)
          .integer("attended_sessions", fam.rng.between(possible / 2, possible));
    }
  }
}

// Old history and near misses: none of these presents anything.
void history(FamilyDraft& fam) {
  const Date a = fam.A(), c = fam.C();
  const Date year_before_a = add_months(a, -12);
  auto& rng = fam.rng;
  const auto adults = fam.adults();
  const auto children = fam.children();
  const auto others = fam.members_where([](const Member& m) { return m.adult && !m.parenting; });

  if (rng.percent(12) && !children.empty()) {  // old offending, or exactly 12 months before A
    const auto older = fam.members_where([&](const Member& m) { return fam.age_at(m, year_before_a) >= 10; });
    if (!older.empty())
      write_offence(fam, *fam.pick_member(older), rng.percent(40) ? year_before_a : fam.random_date(add_months(a, -36), year_before_a));
  }
  if (rng.percent(10) && !others.empty()) {  // a non-parenting adult's offence presents nothing
    const Member& who = *fam.pick_member(others);
    write_offence(fam, who, fam.in_last_months(a, 12));
    if (rng.coin()) {
      const Date start = fam.random_date(add_months(a, -12), a);
      fam.interval("community_sentence", &who, start, rng.coin() ? std::nullopt : std::optional<Date>(fam.edgy_date(a, c)));
    }
  }
  const auto under_ten = fam.members_where([&](const Member& m) {
    const int age = fam.age_at(m, a);
    return !m.adult && age >= 8 && age <= 9;
  });
  if (rng.percent(30) && !under_ten.empty()) {  // not yet a young person at A
    const Member& child = *fam.pick_member(under_ten);
    write_erjr(fam, child, fam.edgy_date(std::max(add_days(year_before_a, 1), birthday(child.dob, 8)), a));
  }
  if (rng.percent(6) && !children.empty()) {
    const Member& who = *fam.pick_member(children);
    const Date end = year_before_a;  // ended exactly 12 months before A: no overlap
    if (add_months(end, -6) >= who.dob)
      fam.interval("tys_support", &who, fam.random_date(std::max(who.dob, add_months(end, -9)), add_months(end, -3)), end);
  }
  if (rng.percent(8)) write_star_need(fam, year_before_a, "young_offender");

  // Concerns that present nothing: the wrong source, an area without an
  // indicator, or too long ago.
  static constexpr std::pair<std::string_view, std::string_view> kQuietConcerns[] = {
      {"crime", "professional"},     {"housing", "professional"},   {"domestic_abuse", "ffa"},
      {"family_situation", "ffa"},   {"mental_health", "ffa"},      {"no_new_problems", "professional"},
      {"employment", "equivalent"},  {"substance_misuse", "equivalent"}};
  const int quiet = static_cast<int>(rng.below(3));
  for (int i = 0; i < quiet; ++i) {
    const auto& [area, source] = rng.pick(kQuietConcerns);
    write_concern(fam, nullptr, fam.random_date(add_months(a, -12), a), area, source);
  }
  if (rng.percent(15)) write_concern(fam, nullptr, year_before_a, "crime", "ffa");  // exactly a year before

  if (rng.percent(10) && !adults.empty()) write_da_notification(fam, *fam.pick_member(adults), year_before_a);
  if (rng.percent(8) && !adults.empty()) {  // long-ago abuse, no lasting impact
    const Date told = fam.random_date(add_months(a, -24), a);
    write_da_disclosure(fam, *fam.pick_member(adults), told,
                        fam.random_date(add_months(told, -36), std::min(told, add_months(a, -12))),
                        "victim", false);
  }
  if (rng.percent(10)) write_safety_assessment(fam, nullptr, fam.random_date(add_months(a, -12), a), rng.coin(), rng.coin());

  if (!fam.has_need("missing_episodes") && rng.percent(6)) {
    const auto teens = fam.members_where([&](const Member& m) { return !m.adult && fam.age_at(m, a) >= 12; });
    if (!teens.empty()) {  // one short episode: neither three nor a day
      const Member& who = *fam.pick_member(teens);
      fam.point("missing_episode", &who, fam.in_last_months(a, 6)).tenths("hours", rng.between(10, 235));
    }
  }
  if (!fam.has_need("exploitation_risk") && rng.percent(5)) {
    const auto teens = fam.members_where([&](const Member& m) { return !m.adult && fam.age_at(m, a) >= 11; });
    if (!teens.empty()) fam.point("cse_risk", fam.pick_member(teens), fam.in_last_months(a, 12)).text("level", rng.coin() ? "low" : "none");
  }

  // Work and benefits that present nothing.
  for (const Member* adult : adults) {
    bool on_benefit = false;
    for (const BenefitFact& b : fam.facts.benefits) on_benefit |= b.member == adult->index;
    if (on_benefit) continue;
    const uint64_t roll = rng.below(100);
    if (roll < 35 && fam.age_at(*adult, a) >= 18) {  // in work since before A
      write_employment(fam, *adult, {fam.random_date(add_months(a, -60), add_days(a, -1)), std::nullopt});
    } else if (roll < 45) {  // a claim that ended the day before A, or earlier
      const Date end = rng.percent(30) ? add_days(a, -1) : fam.random_date(add_months(a, -24), add_days(a, -1));
      write_benefit(fam, *adult, rng.coin() ? "jsa" : "esa", {fam.random_date(add_months(end, -18), end), end});
    } else if (roll < 52) {  // in-work universal credit, no work search
      write_benefit(fam, *adult, "uc", {fam.random_date(add_months(a, -12), a), std::nullopt}, false, rng.coin());
    }
  }
  if (!fam.has_need("young_neet") && rng.percent(40)) {
    const auto young = fam.members_where([&](const Member& m) {
      const int age = fam.age_at(m, a);
      return age >= 16 && age <= 18;
    });
    if (!young.empty())  // NEET for 90 days at A: one short of thirteen weeks
      write_neet(fam, *fam.pick_member(young), {add_days(a, -90), rng.coin() ? std::nullopt : std::optional<Date>(add_days(a, 30))});
  }
  if (rng.percent(8) && !adults.empty()) write_progress_to_work(fam, *fam.pick_member(adults), fam.edgy_date(add_months(a, -6), a), std::nullopt, "soft_skills");

  // Social care history, where no need is about it.
  if (!fam.facts.social_care_involved && !children.empty()) {
    const Member& child = *fam.pick_member(children);
    if (rng.percent(6) && !fam.facts.outcome_selected[8] && child.dob < add_months(a, -6))
      fam.interval("cin", &child, fam.random_date(std::max(child.dob, add_months(a, -24)), a), std::nullopt).text("reason", "disability");
    if (rng.percent(5) && child.dob < add_months(a, -36)) {
      const Date end = fam.random_date(add_months(a, -24), add_months(a, -13));
      fam.interval("cp_plan", &child, add_months(end, -8), end);
      fam.point("social_care_referral", &child, add_months(end, -9));
    }
  }
  const auto children_a_year_ago = fam.children_born_by(year_before_a);
  if (!fam.facts.outcome_selected[12] && rng.percent(6) && !children_a_year_ago.empty())
    fam.point("keep_safe_work", fam.pick_member(children_a_year_ago), fam.random_date(year_before_a, a));
  if (!fam.facts.outcome_selected[10] && rng.percent(8) && !adults.empty())
    fam.point("parenting_report", fam.pick_member(adults), fam.random_date(add_months(a, -12), a)).flag("improved_confidence", rng.coin());
  if (!fam.facts.outcome_selected[11] && rng.percent(8))
    fam.point("community_activity", nullptr, fam.random_date(add_months(a, -12), a)).flag("continuing", rng.coin());
  if (rng.percent(6) && !adults.empty()) {
    const Date start = fam.random_date(add_months(a, -24), add_months(a, -6));
    write_health_support(fam, *fam.pick_member(adults), rng.coin() ? "physical_health" : "sexual_health",
                         {start, fam.random_date(start, a)}, rng.coin());
  }
  // The pregnancy of the youngest child, where it fell in the records' span.
  if (!children.empty() && !adults.empty() && rng.percent(50)) {
    const Member& youngest = *children.back();
    if (youngest.dob > add_months(a, -24) && !fam.facts.outcome_selected[26])
      fam.interval("pregnancy", adults.front(), add_days(youngest.dob, -rng.between(250, 285)), youngest.dob)
          .flag("midwife_care", true)
          .flag("antenatal_hv_assessment", rng.percent(85));
  }
}

// Closures where no need depends on them, and the family's own paperwork.
void case_management(FamilyDraft& fam) {
  const Date a = fam.A(), c = fam.C();
  auto& rng = fam.rng;
  fam.point("early_help_assessment", nullptr, a).text("kind", rng.percent(70) ? "ffa" : rng.coin() ? "caf" : "other");
  if (rng.percent(15)) {  // an earlier episode of help, closed and reopened before this one
    const Date closed = fam.random_date(add_months(a, -30), add_months(a, -8));
    fam.point("early_help_assessment", nullptr, add_months(closed, -6)).text("kind", "caf");
    write_closure(fam, closed, rng.coin() ? "disengaged" : "moved_away");
    write_reopening(fam, fam.random_date(closed, a));
  }
  const bool closure_matters = fam.facts.child_need_presents || fam.facts.outcome_selected[10] ||
                               fam.facts.outcome_selected[11];
  if (!closure_matters && rng.percent(40)) {
    static constexpr std::string_view kReasons[] = {"progress", "progress", "disengaged", "moved_away", "step_up"};
    const Date closed = fam.after_until(a, c);
    write_closure(fam, closed, rng.pick(kReasons));
    if (rng.percent(15) && closed < c) write_reopening(fam, fam.after_until(closed, c));
  }

  // Claims: discretion (after A counts; before it does not), and the health
  // strand's "no new problems" judgement.
  if (rng.percent(6)) fam.point("discretion", nullptr, rng.percent(20) ? c : fam.after_until(a, c)).text("approved_by", "head_of_early_help");
  else if (rng.percent(1)) fam.point("discretion", nullptr, fam.random_date(add_months(a, -3), a)).text("approved_by", "head_of_early_help");
  bool health_need = false;
  for (std::string_view need : fam.needs)
    for (const Need& n : health_needs()) health_need |= n.name == need;
  if (health_need || rng.percent(5)) {
    const bool progress = fam.aim(Strand::Health) == Aim::Met ? rng.percent(85) : rng.percent(30);
    if (progress || rng.coin())
      fam.point("judgement", nullptr, fam.after_until(a, c)).text("area", "no_new_problems").text("outcome", progress ? "progress" : "no_progress");
  }
  // An outcome chosen at a later review does not present.
  if (rng.percent(3)) {
    const int outcome = static_cast<int>(rng.between(1, 28));
    if (!fam.facts.outcome_selected[outcome])
      fam.point("outcome_selected", nullptr, fam.after_until(a, c)).integer("outcome", outcome);
  }
}

}  // namespace

void write_background(FamilyDraft& fam) {
  attendance_for_other_pupils(fam);
  gp_registrations(fam);
  dental_care(fam);
  immunisations(fam);
  school_progress(fam);
  health_checks(fam);
  nursery_for_toddlers(fam);
  history(fam);
  case_management(fam);
}

}  // namespace outcomes::gen
