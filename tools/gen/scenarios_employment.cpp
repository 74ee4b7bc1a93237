// Employment, housing and money: herts-2018 4.1-4.5, tf2 4a-4d,
// herefordshire-v6.1 outcomes 13-16; and the runs of employment the
// employment claim asks for (182 of 210 days, 91 days unbroken).
#include <algorithm>

#include "tools/gen/evidence.h"
#include "tools/gen/scenarios.h"

namespace outcomes::gen {
namespace {

bool always(const FamilyDraft&) { return true; }
std::vector<const Member*> adults_without_benefit(const FamilyDraft& fam) {
  return fam.members_where([&](const Member& m) {
    if (!m.adult) return false;
    for (const BenefitFact& b : fam.facts.benefits)
      if (b.member == m.index) return false;
    return true;
  });
}
bool has_adult_without_benefit(const FamilyDraft& fam) { return !adults_without_benefit(fam).empty(); }
std::vector<const Member*> aged_16_to_18(const FamilyDraft& fam) {
  return fam.members_where([&](const Member& m) {
    const int age = fam.age_at(m, fam.A());
    return age >= 16 && age <= 18;
  });
}
bool has_16_to_18(const FamilyDraft& fam) { return !aged_16_to_18(fam).empty(); }

// A parent, where there is one: benefits are mostly claimed by parents.
const Member& claimant(FamilyDraft& fam) {
  auto candidates = adults_without_benefit(fam);
  auto parents = candidates;
  std::erase_if(parents, [](const Member* m) { return !m->parenting; });
  return *fam.pick_member(parents.empty() || fam.rng.percent(15) ? candidates : parents);
}

void some_progress_to_work(FamilyDraft& fam, const Member& who) {
  static constexpr std::string_view kKinds[] = {
      "qualification", "apprenticeship", "apprenticeship_completed", "traineeship", "princes_trust",
      "temporary_work", "part_time_work", "voluntary_work", "training", "work_experience",
      "employment_support", "soft_skills", "job_interviews", "childcare_offer", "accredited_learning",
      "milestone"};
  const Date date = fam.after_until(fam.A(), fam.C());
  std::optional<Date> end;
  if (fam.rng.percent(45)) {
    // 84 days exactly is tf2's edge for a course that counts.
    const int64_t length = fam.rng.percent(30) ? 84 : fam.rng.between(5, 200);
    end = add_days(date, length - 1);
    if (*end > fam.C()) end.reset();
  }
  write_progress_to_work(fam, who, date, end, fam.rng.pick(kKinds));
}

// Work found after A. `long_enough` aims at the claim's rule for this kind of
// benefit: 182 of 210 days for jsa and uc, one 91-day run for the others.
// Returns the first day of work.
Date find_work(FamilyDraft& fam, const Member& who, std::string_view benefit, bool long_enough) {
  const Date a = fam.A(), c = fam.C();
  const bool window_rule = benefit == "jsa" || benefit == "uc";
  const Date latest_start = add_days(c, window_rule ? -209 : -90);
  if (latest_start <= a) long_enough = false;  // too little time left: an open job only
  const Date start = fam.after_until(a, std::max(add_days(a, 1), latest_start));
  if (!long_enough) {
    const Date end = add_days(start, fam.rng.between(20, 80));
    write_employment(fam, who, {start, end <= c ? std::optional<Date>(end) : std::nullopt});
    return start;
  }
  const uint64_t shape = fam.rng.below(3);
  if (shape == 0) {
    write_employment(fam, who, {start, std::nullopt});  // still in work at C
  } else if (window_rule) {
    // 91 days, four weeks between jobs, 91 days: exactly 182 of 210.
    write_employment(fam, who, {start, add_days(start, 90)});
    write_employment(fam, who, {add_days(start, 119), shape == 1 ? std::optional<Date>(add_days(start, 209))
                                                                 : std::nullopt});
  } else if (shape == 1) {
    write_employment(fam, who, {start, add_days(start, 90)});  // exactly 91 days
  } else {
    // Two contracts back to back make one run of 91 days.
    write_employment(fam, who, {start, add_days(start, 44)});
    write_employment(fam, who, {add_days(start, 45), add_days(start, 90)});
  }
  return start;
}

void benefit_claimant(FamilyDraft& fam, std::string_view kind, bool work_related, bool at_aet) {
  const Member& adult = claimant(fam);
  const Date a = fam.A(), c = fam.C();
  const Date start = fam.edgy_date(add_months(a, -36), a);
  const bool met = met_or_not(fam.aim(Strand::Employment)) == Aim::Met;
  std::optional<Date> end;
  if (met) {
    switch (fam.rng.below(4)) {
      case 0:
      case 1: {  // into work, off benefit
        const Date working = find_work(fam, adult, kind, fam.rng.percent(80));
        end = add_days(working, -1);
        if (kind == "uc" && fam.rng.coin())  // in-work universal credit, out of the work search
          write_benefit(fam, adult, "uc", {working, std::nullopt}, false, true);
        break;
      }
      case 2:  // short work, still claiming
        find_work(fam, adult, kind, false);
        break;
      default:  // steps towards work
        some_progress_to_work(fam, adult);
        if (fam.rng.coin()) some_progress_to_work(fam, adult);
        break;
    }
  } else {
    if (fam.rng.percent(20)) write_progress_to_work(fam, adult, a, std::nullopt, "job_interviews");  // on A: not after
    if (fam.rng.percent(25)) end = fam.after_until(a, c);  // moved onto another benefit, no work
  }
  write_benefit(fam, adult, kind, {start, end}, work_related, at_aet);
  if (fam.rng.percent(40)) select_outcome(fam, 13);
  // Herefordshire 14 and 15 ask for particular steps towards work.
  static constexpr std::string_view kFirstSteps[] = {"voluntary_work", "apprenticeship", "traineeship",
                                                     "accredited_learning"};
  static constexpr std::string_view kAchievements[] = {"qualification", "apprenticeship_completed", "milestone"};
  if (fam.rng.percent(30)) {
    select_outcome(fam, 14);
    if (met && fam.rng.percent(80))
      write_progress_to_work(fam, adult, fam.after_until(a, c), std::nullopt, fam.rng.pick(kFirstSteps));
  }
  if (fam.rng.percent(25)) {
    select_outcome(fam, 15);
    if (met && fam.rng.percent(80))
      write_progress_to_work(fam, adult, fam.after_until(a, c), std::nullopt, fam.rng.pick(kAchievements));
  }
}

void out_of_work_benefit(FamilyDraft& fam) {
  static constexpr std::string_view kKinds[] = {"jsa", "jsa", "jsa", "esa", "esa", "is", "other_oow"};
  benefit_claimant(fam, fam.rng.pick(kKinds), false, false);
}

void universal_credit(FamilyDraft& fam) {
  // at_aet true at A presents tf2 4b but not herts 4.2.
  benefit_claimant(fam, "uc", true, fam.rng.percent(25));
}

void young_neet(FamilyDraft& fam) {
  const Member& young = *fam.pick_member(aged_16_to_18(fam));
  const Date a = fam.A(), c = fam.C();
  // Thirteen weeks is 91 days: starting exactly then still presents.
  const Date start = fam.edgy_date(add_months(a, -12), add_days(a, -91));
  std::optional<Date> end;
  if (met_or_not(fam.aim(Strand::Employment)) == Aim::Met) {
    const Date next = fam.after_until(a, add_days(c, -120));
    end = add_days(next, -1);
    switch (fam.rng.below(3)) {
      case 0:
        write_employment(fam, young, {next, fam.rng.coin() ? std::optional<Date>() : add_days(next, 90)});
        break;
      case 1:
        write_progress_to_work(fam, young, next, add_days(next, 83), "traineeship");
        break;
      default:  // a short job: herts counts it, tf2 4c wants 91 days
        write_employment(fam, young, {next, add_days(next, fam.rng.between(14, 60))});
        break;
    }
  }
  write_neet(fam, young, {start, end});
}

// herts 4.4: each concerned area needs its own judgement of progress.
void work_housing_money_concerns(FamilyDraft& fam) {
  const Date a = fam.A(), c = fam.C();
  std::vector<std::string_view> areas;
  for (std::string_view area : {"employment", "housing", "money"})
    if (fam.rng.coin()) areas.push_back(area);
  if (areas.empty()) areas.push_back("housing");
  const bool met = met_or_not(fam.aim(Strand::Employment)) == Aim::Met;
  const size_t failing = met ? areas.size() : fam.rng.below(areas.size());
  for (size_t i = 0; i < areas.size(); ++i) {
    write_concern(fam, nullptr, fam.in_last_months(a, 12), areas[i], "ffa");
    if (i == failing) {
      if (fam.rng.coin()) fam.point("judgement", nullptr, fam.after_until(a, c)).text("area", areas[i]).text("outcome", "no_progress");
      continue;
    }
    fam.point("judgement", nullptr, fam.after_until(a, c)).text("area", areas[i]).text("outcome", "progress");
  }
  fam.expect(kHerts, "4.4", met ? Aim::Met : Aim::NotMet);
}

void debt(FamilyDraft& fam) {
  const Date a = fam.A(), c = fam.C();
  write_concern(fam, nullptr, fam.in_last_months(a, 12), "debt", "ffa");
  const bool met = met_or_not(fam.aim(Strand::Employment)) == Aim::Met;
  if (met)
    fam.point("judgement", nullptr, fam.after_until(a, c)).text("area", "debt").text("outcome", "progress");
  else if (fam.rng.coin())
    fam.point("judgement", nullptr, fam.after_until(a, c)).text("area", "debt").text("outcome", "no_progress");
  else if (fam.rng.coin())  // progress judged on A itself: not after it
    fam.point("judgement", nullptr, a).text("area", "debt").text("outcome", "progress");
  fam.expect(kTf2, "4d", met_if(met));
  if (fam.rng.percent(50)) {
    select_outcome(fam, 16);
    fam.expect(kHerefordshire, "16", met_if(met));
  }
}

void star_work(FamilyDraft& fam) {
  write_star_need(fam, fam.in_last_months(fam.A(), 12), fam.rng.coin() ? "neet" : "not_in_work_or_training_parent");
  fam.facts.star.wanted = true;
}

bool active_at(const Span& span, Date d) { return span.start <= d && (!span.end || *span.end >= d); }

}  // namespace

const std::vector<Need>& employment_needs() {
  static const std::vector<Need> kNeeds = {
      {"out_of_work_benefit", Strand::Employment, 12, has_adult_without_benefit, out_of_work_benefit},
      {"universal_credit", Strand::Employment, 7, has_adult_without_benefit, universal_credit},
      {"young_neet", Strand::Employment, 8, has_16_to_18, young_neet},
      {"work_housing_money_concerns", Strand::Employment, 5, always, work_housing_money_concerns},
      {"debt", Strand::Employment, 5, always, debt},
      {"star_work", Strand::Employment, 3, always, star_work},
  };
  return kNeeds;
}

void finish_employment(FamilyDraft& fam) {
  const Date a = fam.A(), c = fam.C();
  const auto& f = fam.facts;

  // herts 4.1-4.3 share one test: any step towards work by anyone.
  bool progress = false;
  for (const ProgressToWorkFact& p : f.progress_to_work) progress |= within(p.date, a, c);
  for (const MemberSpan& e : f.employments) progress |= within(e.span.start, a, c);
  if (const auto* latest = latest_on_or_before(f.star_readings, c); latest && latest->date > a)
    progress |= latest->scores[kProgressToWork] >= 7;

  auto spans_of = [&](int member) {
    std::vector<Span> spans;
    for (const MemberSpan& e : f.employments)
      if (e.member == member) spans.push_back(e.span);
    return spans;
  };
  // The employment claim's rule for one benefit, without eligibility.
  auto claim_rule = [&](const BenefitFact& b) {
    const std::vector<Span> spans = spans_of(b.member);
    const bool worked = b.kind == "jsa" || b.kind == "uc" ? some_210_day_window_holds_182(spans, a, c)
                                                          : longest_run_days(spans, a, c) >= 91;
    bool off_benefit = b.span.end && *b.span.end <= c;
    for (const BenefitFact& other : f.benefits)
      off_benefit |= b.kind == "uc" && other.member == b.member && other.kind == "uc" && other.at_aet &&
                     active_at(other.span, c);
    return worked && off_benefit;
  };
  auto long_course = [&](int member) {
    for (const ProgressToWorkFact& p : f.progress_to_work)
      if (p.member == member && p.date > a && days_covered_by({p.date, p.end}, c) >= 84) return true;
    return false;
  };

  bool p41 = false, p42 = false, p4b = false;
  Aim g4a = Aim::Met, g4b = Aim::Met;
  for (const Member* adult : fam.adults()) {
    bool rule_4a = false, rule_4b = false, presents_4a = false, presents_4b = false;
    for (const BenefitFact& b : f.benefits) {
      if (b.member != adult->index || !active_at(b.span, a)) continue;
      if (b.kind != "uc") {
        presents_4a = true;
        rule_4a |= claim_rule(b);
      } else if (b.work_related_conditions) {
        p42 |= !b.at_aet;
        if (a >= make_date(2017, 4, 1)) {
          presents_4b = true;
          rule_4b |= claim_rule(b);
        }
      }
    }
    p41 |= presents_4a;
    p4b |= presents_4b;
    if (presents_4a) g4a = kleene_and(g4a, met_if(rule_4a || long_course(adult->index)));
    if (presents_4b) g4b = kleene_and(g4b, met_if(rule_4b || long_course(adult->index)));
  }
  if (p41) fam.expect(kHerts, "4.1", met_if(progress)), fam.expect(kTf2, "4a", g4a);
  if (p42) fam.expect(kHerts, "4.2", met_if(progress));
  if (p4b) fam.expect(kTf2, "4b", g4b);

  for (const MemberSpan& n : f.neets) {
    const Member& m = fam.members[n.member];
    const int age = fam.age_at(m, a);
    if (age < 16 || age > 18 || !active_at(n.span, a) || n.span.start > add_days(a, -91)) continue;
    fam.expect(kHerts, "4.3", met_if(progress));
    bool next_step = long_course(m.index);
    for (const MemberSpan& e : f.employments)
      next_step |= e.member == m.index && e.span.start > a && days_covered_by(e.span, c) >= 91;
    fam.expect(kTf2, "4c", met_if(next_step));
  }

  if (f.outcome_selected[13]) {
    bool lasted = false;
    for (const MemberSpan& e : f.employments) {
      if (!within(e.span.start, a, c)) continue;
      bool on_jsa = false;
      for (const BenefitFact& b : f.benefits) on_jsa |= b.member == e.member && b.kind == "jsa" && active_at(b.span, a);
      lasted |= lasts_months_by(e.span, on_jsa ? 6 : 3, c);
    }
    fam.expect(kHerefordshire, "13", met_if(lasted));
  }
  auto some_kind = [&](std::initializer_list<std::string_view> kinds) {
    for (const ProgressToWorkFact& p : f.progress_to_work)
      if (within(p.date, a, c) && std::find(kinds.begin(), kinds.end(), p.kind) != kinds.end()) return true;
    return false;
  };
  if (f.outcome_selected[14])
    fam.expect(kHerefordshire, "14",
               met_if(some_kind({"voluntary_work", "apprenticeship", "traineeship", "accredited_learning"})));
  if (f.outcome_selected[15])
    fam.expect(kHerefordshire, "15", met_if(some_kind({"qualification", "apprenticeship_completed", "milestone"})));
}

}  // namespace outcomes::gen
