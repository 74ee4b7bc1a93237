// The few measures of spec sections 2 and 6 that the generator must compute
// to know what it has made: absence rates over the last three full terms,
// Star Plus readings, employment runs. Scenarios use them to record what
// each family presents and whether its progress is met (see Expectation).
#pragma once
#include <array>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string_view>
#include <vector>

#include "tools/gen/calendar.h"

namespace outcomes::gen {

enum class Aim : uint8_t { Met, NotMet, Unknown };
Aim kleene_and(Aim a, Aim b);
Aim kleene_or(Aim a, Aim b);
inline Aim met_if(bool condition) { return condition ? Aim::Met : Aim::NotMet; }

// ---- attendance ----------------------------------------------------------

struct TermRecord {
  Term term;
  int64_t possible, authorised, unauthorised;
};
using AttendanceSeries = std::vector<TermRecord>;  // one record per term, in term order

// An exact rate part / whole; whole == 0 means unknown (no terms).
struct Rate {
  int64_t part = 0, whole = 0;
  bool known() const { return whole > 0; }
};

Rate unauthorised_rate_last3(const AttendanceSeries& series, Date on);
Rate absence_rate_last3(const AttendanceSeries& series, Date on);
// The first of those terms (for Herefordshire 5); nullopt when there are none.
std::optional<Term> first_of_last3(const AttendanceSeries& series, Date on);
bool at_least_percent(Rate rate, int percent);  // rate >= percent%, rate known
Aim below_percent(Rate rate, int percent);      // unknown when the rate is

// ---- Family Star Plus ----------------------------------------------------

enum StarDomain : int {
  kPhysicalHealth,
  kYourWellbeing,
  kMeetingEmotionalNeeds,
  kKeepingChildrenSafe,
  kSocialNetworks,
  kEducationAndLearning,
  kBoundariesAndBehaviour,
  kFamilyRoutine,
  kHomeAndMoney,
  kProgressToWork,
  kStarDomainCount
};
extern const std::string_view kStarDomainNames[kStarDomainCount];

struct StarReading {
  Date date;
  std::array<int8_t, kStarDomainCount> scores{};  // 0 = domain not scored
  int scored_count() const;
  int sum() const;
};

// Readings are kept sorted by date with distinct dates (the generator never
// writes two on one day, so "latest" does not depend on event order).
const StarReading* earliest_on_or_before(const std::vector<StarReading>& readings, Date on);
const StarReading* latest_on_or_before(const std::vector<StarReading>& readings, Date on);
// The two latest readings in (after, until], latest first; fewer than two: empty.
std::vector<const StarReading*> two_latest_between(const std::vector<StarReading>& readings,
                                                   Date after, Date until);
bool scores_at_least(const StarReading& reading, std::initializer_list<int> domains, int minimum);
bool scores_at_most_any(const StarReading& reading, std::initializer_list<int> domains, int maximum);
Aim star_sustained(const std::vector<StarReading>& readings, Date a, Date c,
                   std::initializer_list<int> domains);

// ---- employment ----------------------------------------------------------

struct Span {
  Date start;
  std::optional<Date> end;  // nullopt: still open
};

// Covered days are counted only in (after, until]; spans adjoin when one
// starts on or before the day after the other ends.
int64_t longest_run_days(const std::vector<Span>& spans, Date after, Date until);
bool some_210_day_window_holds_182(const std::vector<Span>& spans, Date after, Date until);
// "Lasts N months by X": min(end, X) >= start + N months - 1 day.
bool lasts_months_by(const Span& span, int months, Date by);
// Calendar days covered from start to min(end, by), both ends counted.
int64_t days_covered_by(const Span& span, Date by);

}  // namespace outcomes::gen
