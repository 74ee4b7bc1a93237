// Family Star Plus readings: herts-2018 1.5, 3.4, 4.5, 5.5, 6.5 (and the Star
// limb of 4.1's progress to work).
#include <algorithm>

#include "tools/gen/evidence.h"
#include "tools/gen/scenarios.h"

namespace outcomes::gen {
namespace {

// `count` distinct days in [lo, hi], in order (readings never share a day, so
// which is "latest" never depends on the order of events).
std::vector<Date> distinct_days(FamilyDraft& fam, int count, Date lo, Date hi) {
  std::vector<Date> days;
  for (int tries = 0; static_cast<int>(days.size()) < count && tries < 50; ++tries) {
    const Date d = fam.random_date(lo, hi);
    if (std::find(days.begin(), days.end(), d) == days.end()) days.push_back(d);
  }
  std::sort(days.begin(), days.end());
  return days;
}

StarReading reading(FamilyDraft& fam, Date date, int lo, int hi, bool every_domain) {
  StarReading r{date, {}};
  for (int d = 0; d < kStarDomainCount; ++d)
    if (every_domain || fam.rng.percent(75)) r.scores[d] = static_cast<int8_t>(fam.rng.between(lo, hi));
  if (r.scored_count() == 0) r.scores[kFamilyRoutine] = static_cast<int8_t>(fam.rng.between(lo, hi));
  return r;
}

void write_reading(FamilyDraft& fam, const StarReading& r) {
  std::string scores = "{";
  for (int d = 0; d < kStarDomainCount; ++d) {
    if (r.scores[d] == 0) continue;
    if (scores.size() > 1) scores += ", ";
    scores += '"';
    scores += kStarDomainNames[d];
    scores += "\": ";
    scores += std::to_string(r.scores[d]);
  }
  scores += '}';
  EventBuilder e = fam.point("star_reading", nullptr, r.date);
  // The scores object is written raw: EventBuilder's text() would quote it.
  e.raw("scores", scores);
  fam.facts.star_readings.push_back(r);
}

int mean_floor_plus_two(const StarReading& r) { return (r.sum() + r.scored_count() - 1) / r.scored_count() + 2; }

}  // namespace

void write_star_track(FamilyDraft& fam) {
  StarPlan& plan = fam.facts.star;
  const Date a = fam.A(), c = fam.C();
  if (!plan.wanted && !fam.rng.percent(8)) return;

  // Before A: one or two readings.
  const std::vector<Date> before = distinct_days(fam, 1 + static_cast<int>(fam.rng.below(2)), add_months(a, -10), a);
  const uint64_t baseline = plan.low_baseline ? 0 : plan.wanted ? 1 + fam.rng.below(2) : 2;
  for (Date d : before) {
    StarReading r = baseline == 0 ? reading(fam, d, 2, 5, d == before.front())
                                  : reading(fam, d, 7, 10, false);
    if (baseline == 1)  // mixed: a few low domains in an otherwise good reading
      for (int k = 0; k < 3; ++k) r.scores[fam.rng.below(kStarDomainCount)] = static_cast<int8_t>(fam.rng.between(4, 6));
    write_reading(fam, r);
  }
  const StarReading first = fam.facts.star_readings.front();

  // After A: the last two decide.
  const bool met = plan.wanted ? plan.aim == Aim::Met : fam.rng.coin();
  const int after_count = met ? 2 + static_cast<int>(fam.rng.below(2)) : 1 + static_cast<int>(fam.rng.below(3));
  const std::vector<Date> after = distinct_days(fam, after_count, add_days(a, 1), c);
  for (size_t i = 0; i < after.size(); ++i) {
    const bool deciding = i + 2 >= after.size();
    StarReading r;
    if (met && deciding) {
      // All domains 7+, and a mean at least two above the first reading's.
      const int floor = std::clamp(mean_floor_plus_two(first), 7, 10);
      r = reading(fam, after[i], floor, 10, true);
    } else if (deciding && !met && fam.rng.coin()) {
      r = reading(fam, after[i], 3, 6, fam.rng.coin());
    } else {
      r = reading(fam, after[i], 4, 9, false);
    }
    if (plan.work_domains_low_after && i + 1 == after.size()) {
      r.scores[kProgressToWork] = static_cast<int8_t>(fam.rng.between(3, 6));
      r.scores[kHomeAndMoney] = static_cast<int8_t>(fam.rng.between(3, 6));
    }
    write_reading(fam, r);
  }
}

void finish_star(FamilyDraft& fam) {
  const Date a = fam.A(), c = fam.C();
  const auto& readings = fam.facts.star_readings;
  auto need_in_year = [&](std::initializer_list<std::string_view> needs) {
    for (const auto& [date, need] : fam.facts.star_needs)
      if (within(date, add_months(a, -12), a) && std::find(needs.begin(), needs.end(), need) != needs.end())
        return true;
    return false;
  };
  const StarReading* latest_before = latest_on_or_before(readings, a);

  if (need_in_year({"young_offender"}))
    fam.expect(kHerts, "1.5", star_sustained(readings, a, c, {kKeepingChildrenSafe, kBoundariesAndBehaviour}));

  if (const StarReading* first = earliest_on_or_before(readings, a); first && first->sum() < 7 * first->scored_count()) {
    const auto last_two = two_latest_between(readings, a, c);
    bool improved = !last_two.empty();
    for (const StarReading* r : last_two)
      improved &= static_cast<int64_t>(r->sum()) * first->scored_count() >=
                  static_cast<int64_t>(first->sum() + 2 * first->scored_count()) * r->scored_count();
    fam.expect(kHerts, "3.4", met_if(improved));
  }

  if (need_in_year({"neet", "not_in_work_or_training_parent"}) ||
      (latest_before && scores_at_most_any(*latest_before, {kProgressToWork, kHomeAndMoney}, 6)))
    fam.expect(kHerts, "4.5", star_sustained(readings, a, c, {kHomeAndMoney, kProgressToWork}));

  if (need_in_year({"victim_of_domestic_abuse"}))
    fam.expect(kHerts, "5.5",
               star_sustained(readings, a, c, {kKeepingChildrenSafe, kYourWellbeing, kMeetingEmotionalNeeds}));

  if (need_in_year({"chronic_health_condition", "drug_misuse", "mental_health_issues", "problem_drinking"}) ||
      (latest_before && scores_at_most_any(*latest_before, {kPhysicalHealth, kYourWellbeing, kMeetingEmotionalNeeds}, 6)))
    fam.expect(kHerts, "6.5",
               star_sustained(readings, a, c, {kPhysicalHealth, kYourWellbeing, kMeetingEmotionalNeeds}));
}

}  // namespace outcomes::gen
