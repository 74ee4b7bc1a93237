#include "tools/gen/measures.h"

#include <algorithm>

namespace outcomes::gen {

Aim kleene_and(Aim a, Aim b) {
  if (a == Aim::NotMet || b == Aim::NotMet) return Aim::NotMet;
  if (a == Aim::Unknown || b == Aim::Unknown) return Aim::Unknown;
  return Aim::Met;
}

Aim kleene_or(Aim a, Aim b) {
  if (a == Aim::Met || b == Aim::Met) return Aim::Met;
  if (a == Aim::Unknown || b == Aim::Unknown) return Aim::Unknown;
  return Aim::NotMet;
}

namespace {

// The (up to) three latest terms ending on or before `on`, ending no earlier
// than on - 18 months, that have a record.
template <class Part>
Rate rate_last3(const AttendanceSeries& series, Date on, Part part) {
  const Date earliest_end = add_months(on, -18);
  Rate rate;
  int taken = 0;
  for (auto it = series.rbegin(); it != series.rend() && taken < 3; ++it) {
    const Date end = term_end(it->term);
    if (end > on) continue;
    if (end < earliest_end) break;
    rate.part += part(*it);
    rate.whole += it->possible;
    ++taken;
  }
  return rate;
}

}  // namespace

Rate unauthorised_rate_last3(const AttendanceSeries& series, Date on) {
  return rate_last3(series, on, [](const TermRecord& r) { return r.unauthorised; });
}

Rate absence_rate_last3(const AttendanceSeries& series, Date on) {
  return rate_last3(series, on, [](const TermRecord& r) { return r.authorised + r.unauthorised; });
}

std::optional<Term> first_of_last3(const AttendanceSeries& series, Date on) {
  const Date earliest_end = add_months(on, -18);
  std::optional<Term> first;
  int taken = 0;
  for (auto it = series.rbegin(); it != series.rend() && taken < 3; ++it) {
    const Date end = term_end(it->term);
    if (end > on) continue;
    if (end < earliest_end) break;
    first = it->term;
    ++taken;
  }
  return first;
}

bool at_least_percent(Rate rate, int percent) {
  return rate.known() && rate.part * 100 >= static_cast<int64_t>(percent) * rate.whole;
}

Aim below_percent(Rate rate, int percent) {
  if (!rate.known()) return Aim::Unknown;
  return met_if(rate.part * 100 < static_cast<int64_t>(percent) * rate.whole);
}

// ---- Star ----------------------------------------------------------------

const std::string_view kStarDomainNames[kStarDomainCount] = {
    "physical_health",       "your_wellbeing",      "meeting_emotional_needs",
    "keeping_your_children_safe", "social_networks", "education_and_learning",
    "boundaries_and_behaviour", "family_routine",   "home_and_money",
    "progress_to_work"};

int StarReading::scored_count() const {
  return static_cast<int>(std::count_if(scores.begin(), scores.end(), [](int8_t s) { return s > 0; }));
}

int StarReading::sum() const {
  int total = 0;
  for (int8_t s : scores) total += s;
  return total;
}

const StarReading* earliest_on_or_before(const std::vector<StarReading>& readings, Date on) {
  if (readings.empty() || readings.front().date > on) return nullptr;
  return &readings.front();
}

const StarReading* latest_on_or_before(const std::vector<StarReading>& readings, Date on) {
  const StarReading* latest = nullptr;
  for (const auto& r : readings)
    if (r.date <= on) latest = &r;
  return latest;
}

std::vector<const StarReading*> two_latest_between(const std::vector<StarReading>& readings,
                                                   Date after, Date until) {
  std::vector<const StarReading*> found;
  for (auto it = readings.rbegin(); it != readings.rend() && found.size() < 2; ++it)
    if (it->date > after && it->date <= until) found.push_back(&*it);
  if (found.size() < 2) found.clear();
  return found;
}

bool scores_at_least(const StarReading& reading, std::initializer_list<int> domains, int minimum) {
  for (int d : domains)
    if (reading.scores[d] == 0 || reading.scores[d] < minimum) return false;
  return true;
}

bool scores_at_most_any(const StarReading& reading, std::initializer_list<int> domains, int maximum) {
  for (int d : domains)
    if (reading.scores[d] != 0 && reading.scores[d] <= maximum) return true;
  return false;
}

Aim star_sustained(const std::vector<StarReading>& readings, Date a, Date c,
                   std::initializer_list<int> domains) {
  const auto latest_two = two_latest_between(readings, a, c);
  if (latest_two.empty()) return Aim::NotMet;
  return met_if(scores_at_least(*latest_two[0], domains, 7) &&
                scores_at_least(*latest_two[1], domains, 7));
}

// ---- employment ----------------------------------------------------------

namespace {

// Day-by-day coverage of (after, until]: index 0 is after + 1.
std::vector<bool> coverage(const std::vector<Span>& spans, Date after, Date until) {
  const int64_t length = std::max<int64_t>(0, days_between(after, until));
  std::vector<bool> covered(static_cast<size_t>(length), false);
  for (const Span& s : spans) {
    const Date last = s.end ? std::min(*s.end, until) : until;
    for (Date d = std::max(s.start, add_days(after, 1)); d <= last; d = add_days(d, 1))
      covered[static_cast<size_t>(days_between(after, d) - 1)] = true;
  }
  return covered;
}

}  // namespace

int64_t longest_run_days(const std::vector<Span>& spans, Date after, Date until) {
  int64_t best = 0, run = 0;
  for (bool day : coverage(spans, after, until)) {
    run = day ? run + 1 : 0;
    best = std::max(best, run);
  }
  return best;
}

bool some_210_day_window_holds_182(const std::vector<Span>& spans, Date after, Date until) {
  const std::vector<bool> covered = coverage(spans, after, until);
  if (covered.size() < 210) return false;
  int64_t in_window = 0;
  for (size_t i = 0; i < covered.size(); ++i) {
    in_window += covered[i];
    if (i >= 210) in_window -= covered[i - 210];
    if (i >= 209 && in_window >= 182) return true;
  }
  return false;
}

bool lasts_months_by(const Span& span, int months, Date by) {
  const Date reach = span.end ? std::min(*span.end, by) : by;
  return reach >= add_days(add_months(span.start, months), -1);
}

int64_t days_covered_by(const Span& span, Date by) {
  const Date reach = span.end ? std::min(*span.end, by) : by;
  return std::max<int64_t>(0, days_between(span.start, reach) + 1);
}

}  // namespace outcomes::gen
