#include "tools/gen/attendance.h"

#include <algorithm>

namespace outcomes::gen {
namespace {

// Possible sessions (two a day) in a term of the given season: spring is the
// shortest, autumn the longest. `round_tens` gives a multiple of ten, so that
// exact percentages like 14/140 come out.
int64_t possible_sessions(Rng& rng, Term term, bool round_tens) {
  static constexpr int64_t kLow[] = {108, 120, 132};
  static constexpr int64_t kHigh[] = {124, 140, 160};
  const int season = term % 3;
  if (round_tens) return rng.between(kLow[season] / 10 + 1, kHigh[season] / 10) * 10;
  return rng.between(kLow[season] / 2, kHigh[season] / 2) * 2;
}

int64_t percent_floor(int64_t whole, int64_t percent) { return whole * percent / 100; }
int64_t percent_ceil(int64_t whole, int64_t percent) { return (whole * percent + 99) / 100; }

bool needs_round_tens(AbsenceLevel level) {
  return level == AbsenceLevel::ExactlyTenOverall || level == AbsenceLevel::ExactlyTenUnauthorised ||
         level == AbsenceLevel::ExactlySixty || level == AbsenceLevel::JustUnderTenUnauthorised;
}

TermRecord make_record(Rng& rng, Term term, AbsenceLevel level) {
  TermRecord r{term, possible_sessions(rng, term, needs_round_tens(level)), 0, 0};
  const int64_t p = r.possible;
  auto range = [&](int64_t lo_percent, int64_t hi_percent) {
    return rng.between(percent_ceil(p, lo_percent), percent_floor(p, hi_percent));
  };
  switch (level) {
    case AbsenceLevel::Perfect:
      r.authorised = rng.between(0, 1);
      break;
    case AbsenceLevel::Good:
      r.authorised = rng.between(0, percent_floor(p, 5));
      r.unauthorised = rng.between(0, percent_floor(p, 3));
      break;
    case AbsenceLevel::JustUnderTenUnauthorised:
      r.unauthorised = p / 10 - 1;
      break;
    case AbsenceLevel::AuthorisedHeavy:
      r.unauthorised = rng.between(0, percent_floor(p, 4));
      r.authorised = range(11, 18);
      break;
    case AbsenceLevel::ExactlyTenOverall:
      r.unauthorised = rng.between(0, p / 20);
      r.authorised = p / 10 - r.unauthorised;
      break;
    case AbsenceLevel::Unauthorised10to60:
      r.unauthorised = range(12, 45);
      r.authorised = rng.between(0, percent_floor(p, 4));
      break;
    case AbsenceLevel::ExactlyTenUnauthorised:
      r.unauthorised = p / 10;
      r.authorised = rng.between(0, percent_floor(p, 3));
      break;
    case AbsenceLevel::Moderate:
      r.unauthorised = range(12, 30);
      r.authorised = rng.between(0, percent_floor(p, 4));
      break;
    case AbsenceLevel::PartlyImproved:
      r.unauthorised = range(25, 40);
      r.authorised = rng.between(0, percent_floor(p, 5));
      break;
    case AbsenceLevel::Unauthorised60Plus:
      r.unauthorised = range(62, 80);
      r.authorised = rng.between(0, percent_floor(p, 5));
      break;
    case AbsenceLevel::ExactlySixty:
      r.unauthorised = p * 6 / 10;
      r.authorised = rng.between(0, percent_floor(p, 5));
      break;
  }
  return r;
}

// Reception (school-year age 4) to Year 11 (school-year age 15).
bool in_school_during(const Member& child, Term term) {
  const int age = school_year_age(child.dob, term_start(term));
  return age >= 4 && age <= 15;
}

}  // namespace

bool attendance_written(const FamilyDraft& fam, const Member& child) {
  return fam.facts.attendance.size() > static_cast<size_t>(child.index) &&
         fam.facts.attendance[child.index].has_value();
}

const AttendanceSeries& write_attendance(FamilyDraft& fam, const Member& child, const AttendancePlan& plan) {
  if (fam.facts.attendance.size() < fam.members.size()) fam.facts.attendance.resize(fam.members.size());
  if (attendance_written(fam, child)) ++fam.inconsistencies;
  AttendanceSeries& series = fam.facts.attendance[child.index].emplace();
  if (plan.no_records) return series;

  const Date a = fam.A(), c = fam.C();
  const int history_months = plan.unknown_at_claim ? 18 : 13;
  Term first = latest_term_ending_on_or_before(add_months(a, -history_months)) + 1;
  Term last = latest_term_ending_on_or_before(c);
  const Date unknown_limit = add_months(c, -18);  // C uses no term ending before this

  for (Term term = first; term <= last; ++term) {
    const Date end = term_end(term);
    if (!in_school_during(child, term)) continue;
    if (plan.unknown_at_claim && (end >= unknown_limit || end > a)) continue;
    if (plan.stop_after && end > *plan.stop_after) continue;
    if (plan.gap) {
      const bool overlaps = plan.gap->start <= end && (!plan.gap->end || *plan.gap->end >= term_start(term));
      if (overlaps) continue;
    }
    const AbsenceLevel level = end <= a ? plan.before : plan.after;
    const TermRecord record = make_record(fam.rng, term, level);
    EventBuilder e = fam.event("attendance", &child, term_start(term));
    std::string term_text;
    append_term(term_text, term);
    e.text("term", term_text)
        .integer("possible_sessions", record.possible)
        .integer("authorised_absence", record.authorised)
        .integer("unauthorised_absence", record.unauthorised);
    series.push_back(record);
  }
  return series;
}

}  // namespace outcomes::gen
