// Who is in the family, when it was assessed, where, and by whom.
#include <algorithm>

#include "tools/gen/scenarios.h"

namespace outcomes::gen {
namespace {

constexpr std::string_view kDistricts[] = {"Broxbourne", "Dacorum",   "East Herts",   "Hertsmere",
                                           "North Herts", "St Albans", "Stevenage",    "Three Rivers",
                                           "Watford",    "Welwyn Hatfield"};
constexpr std::string_view kLeadAgencies[] = {"Intensive Family Support", "Families First", "Youth Connexions",
                                              "Children's Centre",        "Health Visiting", "School",
                                              "Families First",           "Intensive Family Support"};

// A date of birth for someone `age` (completed years) on `on`.
Date dob_for_age(FamilyDraft& fam, int age, Date on) {
  const Date latest = birthday(on, -age);  // turned `age` today at the latest
  return add_days(latest, -fam.rng.between(0, 364));
}

// Now and then someone is born on 29 February (they gain a year on 1 March
// in common years): move the birthday to the nearest earlier leap day.
Date maybe_leap_day(FamilyDraft& fam, Date dob) {
  if (!fam.rng.percent(2)) return dob;
  int year = ymd_of(dob).year;
  while (!is_leap_year(year)) --year;
  return make_date(year, 2, 29);
}

Date assessment_date(FamilyDraft& fam) {
  const Date c = fam.as_of;
  if (fam.rng.per_mille(5)) {  // assessed after the as-of date: reported and skipped
    fam.assessed_after_as_of = true;
    return add_days(c, fam.rng.between(1, 120));
  }
  const Date earliest = add_months(c, -24), latest = add_months(c, -6);
  const uint64_t roll = fam.rng.below(100);
  if (roll < 2) return latest;  // exactly six months before C
  if (roll < 3) return earliest;
  return fam.random_date(earliest, latest);
}

// A child in Year 11 at A who leaves compulsory schooling before C.
std::optional<Date> school_leaver_dob(FamilyDraft& fam) {
  const Date a = fam.A(), c = fam.C();
  for (int tries = 0; tries < 30; ++tries) {
    const Date dob = add_days(birthday(a, -17), fam.rng.between(0, 2 * 365));
    if (of_compulsory_school_age(dob, a) && !of_compulsory_school_age(dob, c)) return dob;
  }
  return std::nullopt;
}

void add_member(FamilyDraft& fam, bool adult, Date dob, bool parenting) {
  Member m;
  m.index = static_cast<int>(fam.members.size());
  m.adult = adult;
  m.parenting = adult && parenting;
  m.dob = dob;
  m.school_age_from = compulsory_school_start(dob);
  m.school_age_until = compulsory_school_end(dob);
  int same_role = 0;
  for (const Member& other : fam.members) same_role += other.adult == adult;
  m.id = (adult ? "M" : "C") + std::to_string(same_role + 1);
  fam.members.push_back(std::move(m));
}

}  // namespace

void make_household(FamilyDraft& fam) {
  fam.assessment = assessment_date(fam);
  // A family assessed after the as-of date is still made as if its plan ran
  // nine months; only what was known by A is written.
  fam.claim = fam.assessed_after_as_of ? add_months(fam.assessment, 9) : fam.as_of;
  if (!fam.rng.percent(3)) fam.district = fam.rng.pick(kDistricts);
  if (!fam.rng.percent(5)) fam.lead_agency = fam.rng.pick(kLeadAgencies);
  const Date a = fam.A();

  // Children first: the parents' ages follow from the eldest.
  static constexpr int kChildCounts[] = {0, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 4, 4, 5};
  const int children = fam.rng.pick(kChildCounts);
  std::vector<Date> child_dobs;
  for (int i = 0; i < children; ++i) child_dobs.push_back(maybe_leap_day(fam, dob_for_age(fam, static_cast<int>(fam.rng.between(0, 17)), a)));
  if (children > 0 && fam.rng.percent(12))
    if (auto leaver = school_leaver_dob(fam)) child_dobs[0] = *leaver;
  if (children > 0 && fam.rng.percent(3))  // a baby born during the plan
    child_dobs.back() = fam.random_date(add_days(a, 1), add_months(fam.C(), -1));
  std::sort(child_dobs.begin(), child_dobs.end());  // eldest first: C1 is the eldest

  int eldest_age = children > 0 ? std::max(0, age_on(child_dobs.front(), a)) : 0;
  const int parent_age = static_cast<int>(fam.rng.between(std::max(19, eldest_age + 17), std::max(50, eldest_age + 25)));
  add_member(fam, true, maybe_leap_day(fam, dob_for_age(fam, parent_age, a)), children > 0 || fam.rng.percent(30));
  const uint64_t adults_roll = fam.rng.below(100);
  if (adults_roll < 50) {  // a partner: usually parenting, sometimes a new partner who is not
    const int age = std::clamp(parent_age + static_cast<int>(fam.rng.between(-5, 8)), 19, 70);
    add_member(fam, true, maybe_leap_day(fam, dob_for_age(fam, age, a)), fam.rng.percent(75));
  }
  if (adults_roll >= 40 && adults_roll < 52) {  // a grandparent, or a young adult son or daughter
    if (fam.rng.coin())
      add_member(fam, true, dob_for_age(fam, static_cast<int>(fam.rng.between(18, 20)), a), false);
    else
      add_member(fam, true, dob_for_age(fam, std::min(90, parent_age + static_cast<int>(fam.rng.between(20, 30))), a), false);
  }
  for (Date dob : child_dobs) add_member(fam, false, dob, false);
}

}  // namespace outcomes::gen
