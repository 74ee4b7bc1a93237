// Children who need help: herts-2018 3.1-3.4, tf2 3a-3d, herefordshire-v6.1
// outcome 8 (the other children's outcomes are in scenarios_herefordshire).
#include <algorithm>

#include "tools/gen/evidence.h"
#include "tools/gen/scenarios.h"

namespace outcomes::gen {
namespace {

bool has_child(const FamilyDraft& fam) { return !fam.children().empty(); }
bool always(const FamilyDraft&) { return true; }
std::vector<const Member*> children_aged(const FamilyDraft& fam, int from, int to) {
  return fam.members_where([&](const Member& m) {
    const int age = fam.age_at(m, fam.A());
    return !m.adult && age >= from && age <= to;
  });
}
bool has_teenager(const FamilyDraft& fam) { return !children_aged(fam, 11, 17).empty(); }
// One statutory plan story per child, so that one child's step-down windows
// never see another story's plans.
std::vector<const Member*> children_without_plans(const FamilyDraft& fam) {
  return fam.members_where([&](const Member& m) {
    // Born well before A, so a plan can have started in the year and a half before it.
    return !m.adult && m.dob <= add_months(fam.A(), -8) &&
           std::find(fam.facts.statutory_plan_children.begin(), fam.facts.statutory_plan_children.end(),
                     m.index) == fam.facts.statutory_plan_children.end();
  });
}
bool has_child_without_plan(const FamilyDraft& fam) { return !children_without_plans(fam).empty(); }
const Member& child_for_plan(FamilyDraft& fam) {
  const Member& child = *fam.pick_member(children_without_plans(fam));
  fam.facts.statutory_plan_children.push_back(child.index);
  return child;
}

// The latest end E for which E + 6 months <= C. Month-end clamping makes
// this later than C - 6 months on some dates (2017-12-31 + 6 months is
// 2018-06-30), which is exactly the kind of edge the cohort should hold.
Date latest_step_down_end(Date c) {
  Date e = add_months(c, -6);
  while (add_months(add_days(e, 1), 6) <= c) e = add_days(e, 1);
  return e;
}

// ---- 3.1: concern about a child's needs, or a late-talking toddler ----------

void child_need_concern(FamilyDraft& fam) {
  const Date a = fam.A(), c = fam.C(), six_before_c = add_months(c, -6);
  fam.facts.child_need_presents = true;
  // The 2 to 2 1/2 year check falls in the year before A for some toddlers.
  const auto toddlers = fam.members_where([&](const Member& m) {
    return !m.adult && add_months(m.dob, 30) > add_months(a, -12) && add_months(m.dob, 24) <= a;
  });
  if (!toddlers.empty() && fam.rng.percent(40)) {
    const Member& toddler = *fam.pick_member(toddlers);
    const Date lo = std::max(add_months(toddler.dob, 24), add_days(add_months(a, -12), 1));
    const Date hi = std::min(add_months(toddler.dob, 30), a);
    fam.point("health_check", &toddler, fam.edgy_date(lo, hi)).flag("communication_below_threshold", true);
    fam.facts.health_checked.push_back(toddler.index);
  } else {
    static constexpr std::string_view kSources[] = {"ffa", "professional", "equivalent"};
    const Member* about = fam.rng.coin() ? fam.pick_member(fam.children_born_by(add_months(a, -12))) : nullptr;
    write_concern(fam, about, fam.in_last_months(a, 12), "child_need", fam.rng.pick(kSources));
  }

  const bool met = met_or_not(fam.aim(Strand::ChildrenNeedHelp)) == Aim::Met;
  // A closure needs room between A and C - 6 months (none when A is exactly then).
  if (fam.rng.coin() || a >= six_before_c) {  // judged by the practitioner
    write_practitioner_judgement(fam, nullptr, "family_situation", six_before_c, met ? Aim::Met : Aim::NotMet);
    return;
  }
  // Judged by a closure for progress that has lasted six months.
  if (met) {
    const Date closed = fam.after_until(a, six_before_c);
    write_closure(fam, closed, "progress");
    if (fam.rng.percent(15)) write_reopening(fam, closed);  // same day: not after it
    return;
  }
  switch (fam.rng.below(3)) {
    case 0: {  // closed for progress, then reopened
      const Date closed = fam.after_until(a, add_days(c, -1));
      write_closure(fam, closed, "progress");
      write_reopening(fam, fam.after_until(closed, c));
      break;
    }
    case 1:  // closed too recently to count
      write_closure(fam, fam.after_until(six_before_c, c), "progress");
      break;
    default:  // closed, but not for progress
      write_closure(fam, fam.after_until(a, c), fam.rng.coin() ? "disengaged" : "moved_away");
      break;
  }
}

// ---- 3.2 / 3.3 / tf2 3a / Herefordshire 8: statutory plans stepping down ----

// A new plan for the child starting in (end, end + 6 months] steps the case
// back up. Writes it and returns its start.
Date step_back_up(FamilyDraft& fam, const Member& child, Date end, bool as_cp_plan) {
  // After A where the window allows, so the new plan presents nothing itself.
  const Date until = std::min(add_months(end, 6), fam.C());
  const Date after = std::max(end, fam.A()) < until ? std::max(end, fam.A()) : end;
  const Date start = fam.after_until(after, until);
  if (as_cp_plan)
    fam.interval("cp_plan", &child, start, std::nullopt);
  else
    fam.interval("cin", &child, start, std::nullopt).text("reason", "other");
  return start;
}

struct PlanStory {
  Aim progress;              // herts 3.2 / 3.3
  std::optional<Date> end;   // E; on A itself the plan also "ended in the 6 months before A"
};

// A plan active at A that steps down at E (or not) as the aim says; returns
// the herts progress and records Herefordshire 8's view of it.
PlanStory plan_active_at_assessment(FamilyDraft& fam, const Member& child, bool cp_plan) {
  const Date a = fam.A(), c = fam.C();
  const Date start = fam.random_date(std::max(child.dob, add_months(a, -18)), a);
  const Date latest_end = latest_step_down_end(c);
  const bool met = met_or_not(fam.aim(Strand::ChildrenNeedHelp)) == Aim::Met;
  fam.facts.social_care_involved = true;

  auto write_plan = [&](std::optional<Date> end) {
    if (cp_plan)
      fam.interval("cp_plan", &child, start, end);
    else
      fam.interval("cin", &child, start, end).text("reason", "other");
  };
  if (met) {
    const Date end = fam.edgy_date(a, latest_end);
    write_plan(end);
    Aim herefordshire = Aim::Met;
    if (cp_plan && fam.rng.percent(40))  // stepped down to child in need: not a step back up
      fam.interval("cin", &child, add_days(end, 1), std::nullopt).text("reason", "other");
    if (fam.rng.percent(25)) {  // a referral soon after: Herefordshire 8 counts it, herts does not
      fam.point("social_care_referral", &child, fam.after_until(end, add_months(end, 6)));
      herefordshire = Aim::NotMet;
    }
    fam.facts.step_downs.push_back(herefordshire);
    return {Aim::Met, end};
  }
  std::optional<Date> end;
  switch (fam.rng.below(3)) {
    case 0:
      write_plan(std::nullopt);  // still open at C
      break;
    case 1:
      end = fam.edgy_date(add_days(latest_end, 1), c);  // ended too recently
      write_plan(end);
      break;
    default:
      end = fam.edgy_date(a, latest_end);
      write_plan(end);
      step_back_up(fam, child, *end, cp_plan || fam.rng.coin());
      break;
  }
  fam.facts.step_downs.push_back(Aim::NotMet);
  return {Aim::NotMet, end};
}

void child_in_need(FamilyDraft& fam) {
  const PlanStory story = plan_active_at_assessment(fam, child_for_plan(fam), false);
  fam.expect(kHerts, "3.2", story.progress);
  if (story.end == fam.A()) fam.expect(kTf2, "3a", story.progress);  // same test, ended on A
  if (fam.rng.percent(50)) select_outcome(fam, 8);
}

void child_protection_plan(FamilyDraft& fam) {
  fam.expect(kHerts, "3.3", plan_active_at_assessment(fam, child_for_plan(fam), true).progress);
  if (fam.rng.percent(50)) select_outcome(fam, 8);
}

// tf2 3a: a child-in-need plan that ended in the six months before A.
void child_in_need_stepped_down(FamilyDraft& fam) {
  const Member& child = child_for_plan(fam);
  const Date a = fam.A();
  // Ended in the 6 months before A, late enough that a step back up can
  // start after A (and so present nothing of its own).
  Date earliest_end = add_days(add_months(a, -6), 1);
  while (add_months(earliest_end, 6) <= add_days(a, 1)) earliest_end = add_days(earliest_end, 1);
  const Date end = fam.edgy_date(earliest_end, a);
  fam.interval("cin", &child, fam.random_date(std::max(child.dob, add_months(end, -18)), add_months(end, -1)), end)
      .text("reason", "other");
  fam.facts.social_care_involved = true;
  Aim progress = Aim::Met;
  if (met_or_not(fam.aim(Strand::ChildrenNeedHelp)) == Aim::NotMet) {
    step_back_up(fam, child, end, fam.rng.coin());
    progress = Aim::NotMet;
  }
  fam.expect(kTf2, "3a", progress);
  if (end == a) {  // ended on A: still active at A
    fam.expect(kHerts, "3.2", progress);
    fam.facts.step_downs.push_back(progress);
  }
}

// ---- tf2 3b / 3c: going missing -------------------------------------------

void write_episode(FamilyDraft& fam, const Member& child, Date date, int64_t hours_tenths) {
  fam.point("missing_episode", &child, date).tenths("hours", hours_tenths);
  fam.facts.missing_episodes.push_back({child.index, date, hours_tenths});
}

void missing_episodes(FamilyDraft& fam) {
  const Member& child = *fam.pick_member(children_aged(fam, 11, 17));
  const Date a = fam.A(), c = fam.C(), six_before_c = add_months(c, -6);
  static constexpr int64_t kShort[] = {20, 35, 60, 80, 125, 180, 230};
  if (fam.rng.coin()) {  // three or more
    const int count = 3 + static_cast<int>(fam.rng.below(2));
    for (int i = 0; i < count; ++i) write_episode(fam, child, fam.in_last_months(a, 6), fam.rng.pick(kShort));
  } else {  // one of a day or more: exactly 24 hours as often as not
    static constexpr int64_t kLong[] = {245, 360, 725};
    write_episode(fam, child, fam.in_last_months(a, 6), fam.rng.coin() ? 240 : fam.rng.pick(kLong));
  }
  if (fam.rng.percent(20)) write_episode(fam, child, add_months(a, -6), 30);  // just outside the window
  if (met_or_not(fam.aim(Strand::ChildrenNeedHelp)) == Aim::Met) {
    if (fam.rng.percent(30) && a < six_before_c)
      write_episode(fam, child, fam.after_until(a, six_before_c), fam.rng.pick(kShort));
  } else {
    write_episode(fam, child, fam.in_last_months(c, 6), fam.rng.pick(kShort));
  }
}

// ---- tf2 3d: risk of child sexual exploitation ------------------------------

void exploitation_risk(FamilyDraft& fam) {
  const Member& child = *fam.pick_member(children_aged(fam, 10, 17));
  const Date a = fam.A(), c = fam.C(), six_before_c = add_months(c, -6);
  auto assess = [&](Date date, std::string_view level) { fam.point("cse_risk", &child, date).text("level", level); };
  assess(fam.in_last_months(a, 6), fam.rng.coin() ? "medium" : "high");
  if (fam.rng.percent(20)) assess(add_months(a, -9), "high");  // older: presents nothing
  const std::string_view lowered = fam.rng.coin() ? "low" : "none";
  // Lowering the risk needs a day between A and C - 6 months.
  const bool room = a < six_before_c;
  if (room && met_or_not(fam.aim(Strand::ChildrenNeedHelp)) == Aim::Met) {
    const Date reduced = fam.after_until(a, six_before_c);
    assess(reduced, lowered);
    if (fam.rng.percent(40)) assess(fam.after_until(reduced, c), "low");
    fam.expect(kTf2, "3d", Aim::Met);
    return;
  }
  switch (room ? fam.rng.below(3) : 0) {
    case 0:  // lowered, but too recently
      assess(fam.after_until(six_before_c, c), lowered);
      break;
    case 1: {  // lowered, then raised again
      const Date reduced = fam.after_until(a, six_before_c);
      assess(reduced, lowered);
      assess(fam.after_until(reduced, c), "medium");
      break;
    }
    default:  // no new assessment
      break;
  }
  fam.expect(kTf2, "3d", Aim::NotMet);
}

void star_family(FamilyDraft& fam) {
  fam.facts.star.wanted = true;
  fam.facts.star.low_baseline = true;
}

}  // namespace

const std::vector<Need>& children_needs() {
  static const std::vector<Need> kNeeds = {
      {"child_need_concern", Strand::ChildrenNeedHelp, 9, has_child, child_need_concern},
      {"child_in_need", Strand::ChildrenNeedHelp, 7, has_child_without_plan, child_in_need},
      {"child_protection_plan", Strand::ChildrenNeedHelp, 6, has_child_without_plan, child_protection_plan},
      {"child_in_need_stepped_down", Strand::ChildrenNeedHelp, 4, has_child_without_plan, child_in_need_stepped_down},
      {"missing_episodes", Strand::ChildrenNeedHelp, 5, has_teenager, missing_episodes},
      {"exploitation_risk", Strand::ChildrenNeedHelp, 4, has_teenager, exploitation_risk},
      {"star_family", Strand::ChildrenNeedHelp, 4, always, star_family},
  };
  return kNeeds;
}

void finish_children(FamilyDraft& fam) {
  const Date a = fam.A(), c = fam.C(), six_before_c = add_months(c, -6);
  if (fam.facts.child_need_presents) {
    Aim progress = Aim::NotMet;
    for (const auto& [area, shape] : fam.facts.practitioner_judgements)
      if (area == "family_situation") progress = kleene_or(progress, practitioner_progress(fam, shape, six_before_c));
    for (const ClosureFact& closure : fam.facts.closures) {
      if (closure.reason != "progress" || !within(closure.date, a, six_before_c)) continue;
      const bool reopened = std::any_of(fam.facts.reopenings.begin(), fam.facts.reopenings.end(),
                                        [&](Date r) { return within(r, closure.date, c); });
      if (!reopened) progress = Aim::Met;
    }
    fam.expect(kHerts, "3.1", progress);
  }

  // tf2 3b / 3c: one shared test, no child going missing in the last 6 months.
  bool three_or_more = false, a_day_or_more = false, recent = false;
  for (const Member* child : fam.children()) {
    int count = 0;
    for (const EpisodeFact& e : fam.facts.missing_episodes) {
      if (e.member != child->index) continue;
      if (within(e.date, add_months(a, -6), a)) {
        ++count;
        a_day_or_more |= e.hours_tenths >= 240;
      }
      recent |= within(e.date, six_before_c, c);
    }
    three_or_more |= count >= 3;
  }
  if (three_or_more) fam.expect(kTf2, "3b", met_if(!recent));
  if (a_day_or_more) fam.expect(kTf2, "3c", met_if(!recent));

  if (fam.facts.outcome_selected[8]) {
    Aim progress = Aim::NotMet;
    for (Aim step_down : fam.facts.step_downs) progress = kleene_or(progress, step_down);
    fam.expect(kHerefordshire, "8", progress);
  }
}

}  // namespace outcomes::gen
