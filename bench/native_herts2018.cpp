// herts-2018 in plain C++: see native_herts2018.h.
//
// The shape of the code is what one would write by hand for speed, not a
// transliteration of the bytecode: one pass over each relevant event type
// builds small per-family summaries (bit masks of the concern areas seen, the
// earliest "sustained from" date of each area's progress judgements, per-member
// exclusion counts), people's school-age facts are worked out once per member,
// attendance rates once per member and date, and every indicator then reads
// those. Three-valued results use 0 = not met / false, 1 = met / true,
// 2 = unknown, as the VM does.
#include "bench/native_herts2018.h"

#include <algorithm>
#include <array>
#include <numeric>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace outcomes::bench {

namespace {

constexpr uint8_t kFalse = 0, kTrue = 1, kUnknown = 2;

uint8_t and3(uint8_t x, uint8_t y) {
  if (x == kFalse || y == kFalse) return kFalse;
  return (x == kUnknown || y == kUnknown) ? kUnknown : kTrue;
}
uint8_t or3(uint8_t x, uint8_t y) {
  if (x == kTrue || y == kTrue) return kTrue;
  return (x == kUnknown || y == kUnknown) ? kUnknown : kFalse;
}

// A window of whole days, both ends included (spec section 2's "(D - N, D]"
// is stored as [D - N + 1, D]).
struct Window {
  int64_t lo = 1, hi = 0;
  bool has(int64_t day) const { return day >= lo && day <= hi; }
  bool overlaps(int64_t start, int64_t end) const { return start <= hi && end >= lo; }
};

int32_t months_before(int32_t day, int months) { return add_months(Date{day}, -months).days; }
Window last_months(int32_t day, int months) { return {months_before(day, months) + 1, day}; }

// A sum of exact non-negative rationals (fixed-exclusion days).
struct Ratio {
  __int128 num = 0, den = 1;
  void add(int64_t n, int64_t d) {
    if (d == den) {
      num += n;
      return;
    }
    num = num * d + static_cast<__int128>(n) * den;
    den *= d;
    __int128 a = num < 0 ? -num : num, b = den;
    while (b != 0) {
      __int128 t = a % b;
      a = b, b = t;
    }
    if (a > 1) num /= a, den /= a;
  }
  bool at_least(int64_t whole) const { return num >= static_cast<__int128>(whole) * den; }
};

// Sessions over the last 3 full terms before a date; no terms: unknown.
struct TermSums {
  int64_t unauthorised = 0, absent = 0, possible = 0;
  int terms = 0;
  bool known() const { return terms > 0; }
  // Unauthorised absence rate compared with num/den, exactly.
  bool unauthorised_below(int64_t num, int64_t den) const {
    return static_cast<__int128>(unauthorised) * den < static_cast<__int128>(num) * possible;
  }
};

// Compulsory school age and school phase, from the prelude's definitions.
Date birthday(YearMonthDay dob, int years) {
  int year = dob.year + years;
  int day = std::min(dob.day, days_in_month(year, dob.month));
  Date on = date_from_ymd(year, dob.month, day);
  return day != dob.day ? Date{on.days + 1} : on;
}

Date compulsory_school_age_starts(YearMonthDay dob) {
  Date fifth = birthday(dob, 5);
  int year = dob.year + 5;
  for (int month : {3, 8, 12}) {
    Date d = date_from_ymd(year, month, 31);
    if (fifth <= d) return d;
  }
  return date_from_ymd(year, 12, 31);
}

Date compulsory_school_age_ends(YearMonthDay dob) {
  Date sixteenth = birthday(dob, 16);
  YearMonthDay s = ymd_of(sixteenth);
  int year = s.month >= 9 ? s.year + 1 : s.year;
  Date june_30 = date_from_ymd(year, 6, 30);
  int since_friday = (weekday_of(june_30) + 3) % 7;  // Friday is weekday 4
  return Date{june_30.days - since_friday};
}

bool primary_phase(Date dob, int32_t on) {
  YearMonthDay d = ymd_of(Date{on});
  int starts = d.month >= 9 ? d.year : d.year - 1;
  int age = age_in_years(dob, date_from_ymd(starts, 8, 31));
  return age >= 4 && age <= 10;
}

// ---- Resolving the schema by name ------------------------------------------------

struct Resolver {
  const Schema& schema;

  int type(std::string_view name) const {
    int t = schema.type_index(name);
    if (t < 0) throw std::invalid_argument("native herts-2018: the schema has no event type " + std::string(name));
    return t;
  }
  const FieldDef& field(int t, std::string_view name) const {
    int f = schema.types[t].field_index(name);
    if (f < 0)
      throw std::invalid_argument("native herts-2018: event " + schema.types[t].name + " has no field " +
                                  std::string(name));
    return schema.types[t].fields[f];
  }
  int slot(int t, std::string_view name) const { return field(t, name).slot; }
  // The index of `value` in the enumeration of field `name` of type t.
  int value(int t, std::string_view name, std::string_view value) const {
    const FieldDef& f = field(t, name);
    int v = f.enum_id < 0 ? -1 : schema.enums[f.enum_id].index_of(value);
    if (v < 0)
      throw std::invalid_argument("native herts-2018: " + schema.types[t].name + "." + std::string(name) +
                                  " has no value " + std::string(value));
    return v;
  }
};

struct PointType {
  int type = -1, date = 0;
  PointType() = default;
  PointType(const Resolver& r, std::string_view name) : type(r.type(name)), date(r.slot(type, "date")) {}
};
struct IntervalType {
  int type = -1, start = 0, end = 0;
  IntervalType() = default;
  IntervalType(const Resolver& r, std::string_view name)
      : type(r.type(name)), start(r.slot(type, "start")), end(r.slot(type, "end")) {}
};

// The indicators in the plan's order of writing; kIndicatorIds names them.
enum Indicator : int {
  I1_1, I1_2, I1_3, I1_4, I1_5, I1_6,
  I2_1, I2_2, I2_3, I2_4, I2_5, I2_6, I2_7, I2_8, I2_9,
  I3_1, I3_2, I3_3, I3_4,
  I4_1, I4_2, I4_3, I4_4, I4_5,
  I5_1, I5_2, I5_3, I5_4, I5_5,
  I6_1, I6_2, I6_3, I6_4, I6_5,
  kIndicators
};
constexpr const char* kIndicatorIds[kIndicators] = {
    "1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6",
    "2.7", "2.8", "2.9", "3.1", "3.2", "3.3", "3.4", "4.1", "4.2", "4.3", "4.4", "4.5",
    "5.1", "5.2", "5.3", "5.4", "5.5", "6.1", "6.2", "6.3", "6.4", "6.5"};

enum Strand : int { kCrime, kEducation, kChildren, kEmployment, kDomesticAbuse, kHealth, kStrands };
constexpr const char* kStrandIds[kStrands] = {"crime",      "education",      "children_need_help",
                                              "employment", "domestic_abuse", "health"};
constexpr Indicator kStrandBegin[kStrands + 1] = {I1_1, I2_1, I3_1, I4_1, I5_1, I6_1, kIndicators};

}  // namespace

struct NativeHerts2018::Impl {
  // ---- resolved once -------------------------------------------------------
  const Program& program;
  PointType offence, erjr, star_need, star_reading, exclusion, health_check, case_closed, case_reopened,
      progress_to_work, da_notification, da_disclosure, safety_assessment, discretion, concern, judgement;
  IntervalType tys_support, pru_support, missing_education, education_provision, cin, cp_plan, benefit, employment,
      neet, da_support;
  int attendance = -1;
  int att_term = 0, att_possible = 0, att_authorised = 0, att_unauthorised = 0;
  int concern_area = 0, concern_source = 0;
  int judgement_area = 0, judgement_outcome = 0, judgement_sustained_from = 0, judgement_agreed_by = 0;
  int star_need_need = 0, star_scores = 0;
  int exclusion_kind = 0, exclusion_days = 0;
  int provision_setting = 0, provision_suitable = 0;
  int health_check_below = 0, case_closed_reason = 0, cin_reason = 0;
  int benefit_kind = 0, benefit_conditions = 0, benefit_at_aet = 0;
  int disclosure_last_incident = 0, disclosure_ongoing = 0;
  int safety_safe = 0, safety_further_risk = 0, discretion_approved_by = 0;

  // Enumeration values.
  int area_crime, area_education, area_attendance, area_child_need, area_family_situation, area_employment,
      area_housing, area_money, area_domestic_abuse, area_domestic_abuse_historic, area_family_relationships,
      area_mental_health, area_substance_misuse, area_sexual_health, area_physical_health, area_no_new_problems;
  int source_ffa, source_professional, source_equivalent;
  int outcome_progress, outcome_equivalent, approver_business_manager, approver_head;
  int exclusion_permanent, exclusion_fixed, setting_ehe, closure_progress, cin_other;
  int benefit_jsa, benefit_esa, benefit_is, benefit_uc, benefit_other_oow;
  int need_young_offender, need_neet, need_not_in_work, need_victim, need_chronic, need_drugs, need_mental_health,
      need_drinking;
  int d_physical_health, d_wellbeing, d_emotional_needs, d_children_safe, d_boundaries, d_home_money,
      d_progress_to_work;

  // Where the plan keeps each indicator, strand, result and claim condition.
  std::array<int, kIndicators> indicator_at{};
  std::array<int, kStrands> strand_at{};
  int result_eligible = -1, result_intensive = -1, result_sustained = -1, result_employment = -1;
  int cond_sp_eligibility = -1, cond_sp_strands = -1, cond_sp_attendance = -1, cond_sp_no_new_problems = -1;
  int cond_emp_eligibility = -1, cond_emp_rule = -1;

  // ---- per family ----------------------------------------------------------
  struct Person {
    bool child = false, parenting = false;
    bool school_age_a = false, school_age_c = false;
    Date dob;
    // Attendance over the last 3 full terms before A and before C, worked
    // out when first needed.
    bool rated = false;
    TermSums terms_a, terms_c;
    // Exclusions in the 12 months before A and before C.
    int permanent_a = 0, fixed_a = 0, permanent_c = 0, fixed_c = 0;
    Ratio days_a, days_c;
    bool attendance_concern = false;  // a concern attendance names them (2.4)
    int8_t leaver_progress = -1;      // school-leaver measure, worked out when first needed
    int8_t employment_done = 0;       // employment runs worked out (claim rule)
    int64_t longest_run = 0, best_210 = 0;
  };
  std::vector<Person> people;
  std::vector<std::pair<int32_t, int32_t>> intervals;  // scratch for the employment measures

  const Family* fam = nullptr;
  int32_t A = 0, C = 0;
  Window year_before_a, since_a;

  explicit Impl(const Program& p) : program(p) {
    Resolver r{p.schema};
    offence = PointType(r, "offence");
    erjr = PointType(r, "erjr");
    star_need = PointType(r, "star_need");
    star_reading = PointType(r, "star_reading");
    exclusion = PointType(r, "exclusion");
    health_check = PointType(r, "health_check");
    case_closed = PointType(r, "case_closed");
    case_reopened = PointType(r, "case_reopened");
    progress_to_work = PointType(r, "progress_to_work");
    da_notification = PointType(r, "da_notification");
    da_disclosure = PointType(r, "da_disclosure");
    safety_assessment = PointType(r, "safety_assessment");
    discretion = PointType(r, "discretion");
    concern = PointType(r, "concern");
    judgement = PointType(r, "judgement");
    tys_support = IntervalType(r, "tys_support");
    pru_support = IntervalType(r, "pru_support");
    missing_education = IntervalType(r, "missing_education");
    education_provision = IntervalType(r, "education_provision");
    cin = IntervalType(r, "cin");
    cp_plan = IntervalType(r, "cp_plan");
    benefit = IntervalType(r, "benefit");
    employment = IntervalType(r, "employment");
    neet = IntervalType(r, "neet");
    da_support = IntervalType(r, "da_support");

    attendance = r.type("attendance");
    att_term = r.slot(attendance, "term");
    att_possible = r.slot(attendance, "possible_sessions");
    att_authorised = r.slot(attendance, "authorised_absence");
    att_unauthorised = r.slot(attendance, "unauthorised_absence");
    concern_area = r.slot(concern.type, "area");
    concern_source = r.slot(concern.type, "source");
    judgement_area = r.slot(judgement.type, "area");
    judgement_outcome = r.slot(judgement.type, "outcome");
    judgement_sustained_from = r.slot(judgement.type, "sustained_from");
    judgement_agreed_by = r.slot(judgement.type, "agreed_by");
    star_need_need = r.slot(star_need.type, "need");
    star_scores = r.slot(star_reading.type, "scores");
    star_domains = static_cast<size_t>(r.field(star_reading.type, "scores").width);
    exclusion_kind = r.slot(exclusion.type, "kind");
    exclusion_days = r.slot(exclusion.type, "days");
    provision_setting = r.slot(education_provision.type, "setting");
    provision_suitable = r.slot(education_provision.type, "suitable");
    health_check_below = r.slot(health_check.type, "communication_below_threshold");
    case_closed_reason = r.slot(case_closed.type, "reason");
    cin_reason = r.slot(cin.type, "reason");
    benefit_kind = r.slot(benefit.type, "benefit");
    benefit_conditions = r.slot(benefit.type, "work_related_conditions");
    benefit_at_aet = r.slot(benefit.type, "at_aet");
    disclosure_last_incident = r.slot(da_disclosure.type, "last_incident");
    disclosure_ongoing = r.slot(da_disclosure.type, "ongoing_impact");
    safety_safe = r.slot(safety_assessment.type, "safe");
    safety_further_risk = r.slot(safety_assessment.type, "further_risk");
    discretion_approved_by = r.slot(discretion.type, "approved_by");

    auto area = [&](std::string_view v) { return r.value(concern.type, "area", v); };
    area_crime = area("crime");
    area_education = area("education");
    area_attendance = area("attendance");
    area_child_need = area("child_need");
    area_family_situation = area("family_situation");
    area_employment = area("employment");
    area_housing = area("housing");
    area_money = area("money");
    area_domestic_abuse = area("domestic_abuse");
    area_domestic_abuse_historic = area("domestic_abuse_historic");
    area_family_relationships = area("family_relationships");
    area_mental_health = area("mental_health");
    area_substance_misuse = area("substance_misuse");
    area_sexual_health = area("sexual_health");
    area_physical_health = area("physical_health");
    area_no_new_problems = area("no_new_problems");
    if (p.schema.types[concern.type].fields[p.schema.types[concern.type].field_index("area")].enum_id !=
        p.schema.types[judgement.type].fields[p.schema.types[judgement.type].field_index("area")].enum_id)
      throw std::invalid_argument("native herts-2018: concern and judgement areas differ");
    if (p.schema.enums[p.schema.types[concern.type].fields[p.schema.types[concern.type].field_index("area")].enum_id]
            .values.size() > 32)
      throw std::invalid_argument("native herts-2018: more than 32 areas");
    source_ffa = r.value(concern.type, "source", "ffa");
    source_professional = r.value(concern.type, "source", "professional");
    source_equivalent = r.value(concern.type, "source", "equivalent");
    outcome_progress = r.value(judgement.type, "outcome", "progress");
    outcome_equivalent = r.value(judgement.type, "outcome", "equivalent_progress");
    approver_business_manager = r.value(judgement.type, "agreed_by", "business_manager");
    approver_head = r.value(discretion.type, "approved_by", "head_of_early_help");
    exclusion_permanent = r.value(exclusion.type, "kind", "permanent");
    exclusion_fixed = r.value(exclusion.type, "kind", "fixed");
    setting_ehe = r.value(education_provision.type, "setting", "ehe");
    closure_progress = r.value(case_closed.type, "reason", "progress");
    cin_other = r.value(cin.type, "reason", "other");
    benefit_jsa = r.value(benefit.type, "benefit", "jsa");
    benefit_esa = r.value(benefit.type, "benefit", "esa");
    benefit_is = r.value(benefit.type, "benefit", "is");
    benefit_uc = r.value(benefit.type, "benefit", "uc");
    benefit_other_oow = r.value(benefit.type, "benefit", "other_oow");
    auto need = [&](std::string_view v) { return r.value(star_need.type, "need", v); };
    need_young_offender = need("young_offender");
    need_neet = need("neet");
    need_not_in_work = need("not_in_work_or_training_parent");
    need_victim = need("victim_of_domestic_abuse");
    need_chronic = need("chronic_health_condition");
    need_drugs = need("drug_misuse");
    need_mental_health = need("mental_health_issues");
    need_drinking = need("problem_drinking");
    auto domain = [&](std::string_view v) { return r.value(star_reading.type, "scores", v); };
    d_physical_health = domain("physical_health");
    d_wellbeing = domain("your_wellbeing");
    d_emotional_needs = domain("meeting_emotional_needs");
    d_children_safe = domain("keeping_your_children_safe");
    d_boundaries = domain("boundaries_and_behaviour");
    d_home_money = domain("home_and_money");
    d_progress_to_work = domain("progress_to_work");

    auto need_index = [](int index, std::string_view what) {
      if (index < 0) throw std::invalid_argument("native herts-2018: the plan has no " + std::string(what));
      return index;
    };
    if (p.indicators.size() != kIndicators || p.strands.size() != kStrands)
      throw std::invalid_argument("native herts-2018: the plan's indicators or strands differ from herts-2018");
    for (int i = 0; i < kIndicators; ++i)
      indicator_at[i] = need_index(p.indicator_index(kIndicatorIds[i]), std::string("indicator ") + kIndicatorIds[i]);
    for (int s = 0; s < kStrands; ++s) {
      strand_at[s] = need_index(p.strand_index(kStrandIds[s]), std::string("strand ") + kStrandIds[s]);
      std::vector<int> expected;
      for (int i = kStrandBegin[s]; i < kStrandBegin[s + 1]; ++i) expected.push_back(indicator_at[i]);
      if (p.strands[strand_at[s]].indicators != expected)
        throw std::invalid_argument(std::string("native herts-2018: strand ") + kStrandIds[s] + " holds other indicators");
    }
    result_eligible = need_index(p.result_index("eligible"), "result eligible");
    result_intensive = need_index(p.result_index("intensive"), "result intensive");
    result_sustained = need_index(p.result_index("sustained_progress"), "claim sustained_progress");
    result_employment = need_index(p.result_index("employment"), "claim employment");
    if (p.results.size() != 4) throw std::invalid_argument("native herts-2018: the plan has other results");
    auto condition = [&](int result, std::string_view name) {
      const auto& conds = p.results[result].conditions;
      for (size_t c = 0; c < conds.size(); ++c)
        if (conds[c].name == name) return static_cast<int>(c);
      throw std::invalid_argument("native herts-2018: claim " + p.results[result].name + " has no condition " +
                                  std::string(name));
    };
    cond_sp_eligibility = condition(result_sustained, "eligibility");
    cond_sp_strands = condition(result_sustained, "strands_met");
    cond_sp_attendance = condition(result_sustained, "attendance");
    cond_sp_no_new_problems = condition(result_sustained, "no_new_problems");
    cond_emp_eligibility = condition(result_employment, "eligibility");
    cond_emp_rule = condition(result_employment, "employment_rule");
    if (p.results[result_sustained].conditions.size() != 4 || p.results[result_employment].conditions.size() != 2 ||
        !p.results[result_sustained].discretion || p.results[result_employment].discretion)
      throw std::invalid_argument("native herts-2018: the claims' conditions differ from herts-2018");
  }

  // ---- event access ----------------------------------------------------------
  std::span<const Event> of(int type) const { return fam->events_of_type(type); }
  const int64_t* slots(const Event& e) const { return fam->slots.data() + e.slot; }
  int64_t at(const Event& e, int slot) const { return fam->slots[e.slot + slot]; }
  bool active_at(const Event& e, const IntervalType& t, int64_t day) const {
    const int64_t* s = slots(e);
    return s[t.start] <= day && s[t.end] >= day;
  }
  template <class Pred>
  bool any(int type, Pred pred) const {
    for (const Event& e : of(type))
      if (pred(e)) return true;
    return false;
  }
  // Any point event of the type dated in the window (events are in date order).
  bool any_dated(const PointType& t, Window w) const {
    for (const Event& e : of(t.type)) {
      int64_t d = at(e, t.date);
      if (d > w.hi) break;
      if (d >= w.lo) return true;
    }
    return false;
  }

  // ---- people ----------------------------------------------------------------
  void sum_terms(int member, int32_t on, TermSums& out) const {
    out = {};
    int32_t floor = months_before(on, 18);
    auto records = of(attendance);
    for (auto e = records.rbegin(); e != records.rend() && out.terms < 3; ++e) {
      if (e->member != member) continue;
      const int64_t* s = slots(*e);
      int32_t end = term_end(static_cast<Term>(s[att_term])).days;
      if (end > on || end < floor) continue;
      out.unauthorised += s[att_unauthorised];
      out.absent += s[att_authorised] + s[att_unauthorised];
      out.possible += s[att_possible];
      ++out.terms;
    }
  }

  Person& rated(int m) {
    Person& p = people[m];
    if (!p.rated) {
      p.rated = true;
      if (!of(attendance).empty()) {
        sum_terms(m, A, p.terms_a);
        sum_terms(m, C, p.terms_c);
      }
    }
    return p;
  }

  // Unauthorised absence below 10% over the last 3 full terms before C.
  uint8_t below_persistent(int m) {
    const Person& p = rated(m);
    if (!p.terms_c.known()) return kUnknown;
    return p.terms_c.unauthorised_below(1, 10) ? kTrue : kFalse;
  }

  bool school_leaver(const Person& p) const { return p.school_age_a && !p.school_age_c; }

  // A progress_to_work dated, or an employment starting, after A and on or
  // before C, and no neet active at C.
  bool leaver_progress(int m) {
    Person& p = people[m];
    if (p.leaver_progress < 0) {
      bool moved = false;
      for (const Event& e : of(progress_to_work.type))
        if (e.member == m && since_a.has(at(e, progress_to_work.date))) moved = true;
      for (const Event& e : of(employment.type))
        if (e.member == m && since_a.has(at(e, employment.start))) moved = true;
      bool neet_now = any(neet.type, [&](const Event& e) { return e.member == m && active_at(e, neet, C); });
      p.leaver_progress = moved && !neet_now;
    }
    return p.leaver_progress;
  }

  // ---- Star readings -----------------------------------------------------------
  const Event* first_before_a = nullptr;   // earliest reading on or before A
  const Event* latest_before_a = nullptr;  // latest reading on or before A
  const Event* last_two[2] = {nullptr, nullptr};  // the two latest after A, on or before C (latest first)

  int64_t score(const Event* r, int domain) const { return r ? at(*r, star_scores + domain) : 0; }
  bool scored_at_most(const Event* r, int domain, int64_t limit) const {
    int64_t s = score(r, domain);
    return s != 0 && s <= limit;
  }
  bool star_sustained(std::initializer_list<int> domains) const {
    if (!last_two[1]) return false;
    for (const Event* r : last_two)
      for (int d : domains)
        if (score(r, d) < 7) return false;
    return true;
  }
  // A reading's mean over the domains it scores, as total / scored.
  std::pair<int64_t, int64_t> mean(const Event& r) const {
    const int64_t* s = slots(r) + star_scores;
    int64_t total = 0, scored = 0;
    for (size_t d = 0; d < star_domains; ++d)
      if (s[d] != 0) total += s[d], ++scored;
    return {total, scored};
  }
  size_t star_domains = 0;

  // ---- employment claim rule ---------------------------------------------------
  // The member's employment intervals clipped to (A, C], sorted and merged
  // where they overlap or adjoin; then the longest run and the most days
  // covered in any 210-day span inside (A, C].
  void employment_runs(int m) {
    Person& p = people[m];
    if (p.employment_done) return;
    p.employment_done = 1;
    intervals.clear();
    for (const Event& e : of(employment.type)) {
      if (e.member != m) continue;
      int64_t s = std::max(at(e, employment.start), since_a.lo), t = std::min(at(e, employment.end), since_a.hi);
      if (s <= t) intervals.emplace_back(static_cast<int32_t>(s), static_cast<int32_t>(t));
    }
    std::sort(intervals.begin(), intervals.end());
    size_t n = 0;
    for (auto iv : intervals) {
      if (n > 0 && iv.first <= static_cast<int64_t>(intervals[n - 1].second) + 1)
        intervals[n - 1].second = std::max(intervals[n - 1].second, iv.second);
      else
        intervals[n++] = iv;
    }
    intervals.resize(n);
    p.longest_run = 0;
    for (auto [s, t] : intervals) p.longest_run = std::max<int64_t>(p.longest_run, int64_t{t} - s + 1);
    // Best 210-day span: an optimal span starts where a run starts or ends
    // where one ends; spans are kept inside the window.
    constexpr int64_t kSpan = 210;
    p.best_210 = 0;
    if (since_a.hi - since_a.lo + 1 < kSpan) return;
    int64_t first = since_a.lo, last = since_a.hi - kSpan + 1;
    auto covered = [&](int64_t from) {
      int64_t to = from + kSpan - 1, days = 0;
      for (auto [s, t] : intervals) {
        if (s > to) break;
        int64_t lo = std::max<int64_t>(s, from), hi = std::min<int64_t>(t, to);
        if (lo <= hi) days += hi - lo + 1;
      }
      return days;
    };
    for (auto [s, t] : intervals) {
      p.best_210 = std::max(p.best_210, covered(std::clamp<int64_t>(s, first, last)));
      p.best_210 = std::max(p.best_210, covered(std::clamp<int64_t>(int64_t{t} - kSpan + 1, first, last)));
    }
  }

  bool employment_rule() {
    for (const Event& b : of(benefit.type)) {
      const int64_t* s = slots(b);
      int m = b.member;
      if (people[m].child || !(s[benefit.start] <= A && s[benefit.end] >= A)) continue;
      int64_t kind = s[benefit_kind];
      bool out_of_work = kind == benefit_jsa || kind == benefit_esa || kind == benefit_is || kind == benefit_other_oow;
      bool uc_conditions = kind == benefit_uc && s[benefit_conditions] && !s[benefit_at_aet];
      if (!out_of_work && !uc_conditions) continue;
      employment_runs(m);
      bool sustained = (kind == benefit_jsa || kind == benefit_uc) ? people[m].best_210 >= 182
                                                                   : people[m].longest_run >= 91;
      if (!sustained) continue;
      bool moved_off = s[benefit.end] <= C;
      if (!moved_off && kind == benefit_uc)
        moved_off = any(benefit.type, [&](const Event& u) {
          return u.member == m && at(u, benefit_kind) == benefit_uc && at(u, benefit_at_aet) && active_at(u, benefit, C);
        });
      if (moved_off) return true;
    }
    return false;
  }

  // ---- one family ----------------------------------------------------------------
  void evaluate(const Family& f, Date as_of, Evaluation& out) {
    fam = &f;
    A = f.assessment_date.days;
    C = as_of.days;
    year_before_a = last_months(A, 12);
    since_a = {int64_t{A} + 1, C};
    const Window last_12_c = last_months(C, 12), last_6_c = last_months(C, 6);
    const int32_t c_minus_3 = months_before(C, 3), c_minus_6 = months_before(C, 6);

    // People.
    const size_t n_members = f.members.size();
    people.assign(n_members, Person{});
    for (size_t m = 0; m < n_members; ++m) {
      const Member& member = f.members[m];
      Person& p = people[m];
      p.child = member.role == Role::Child;
      p.parenting = member.parenting;
      p.dob = member.dob;
      if (p.child) {
        YearMonthDay dob = ymd_of(member.dob);
        Date starts = compulsory_school_age_starts(dob), ends = compulsory_school_age_ends(dob);
        p.school_age_a = starts.days <= A && A <= ends.days;
        p.school_age_c = starts.days <= C && C <= ends.days;
      }
    }
    // Concerns in the year before A: areas by source; attendance concerns by member.
    uint32_t concern_any = 0, concern_ffa = 0, concern_professional = 0, concern_equivalent = 0;
    bool attendance_unnamed = false;
    for (const Event& e : of(concern.type)) {
      const int64_t* s = slots(e);
      int64_t d = s[concern.date];
      if (d > year_before_a.hi) break;
      if (d < year_before_a.lo) continue;
      uint32_t bit = 1u << s[concern_area];
      concern_any |= bit;
      int64_t source = s[concern_source];
      if (source == source_ffa) concern_ffa |= bit;
      else if (source == source_professional) concern_professional |= bit;
      else if (source == source_equivalent) concern_equivalent |= bit;
      if (s[concern_area] == area_attendance) {
        if (e.member == kNoMember) attendance_unnamed = true;
        else people[e.member].attendance_concern = true;
      }
    }
    // Judgements after A, on or before C: per area, whether one judged
    // progress and the earliest date progress is sustained from.
    uint32_t judged_progress = 0, judged_equivalent = 0;
    std::array<int64_t, 32> sustained_from;
    for (const Event& e : of(judgement.type)) {
      const int64_t* s = slots(e);
      int64_t d = s[judgement.date];
      if (d > since_a.hi) break;
      if (d < since_a.lo) continue;
      int area = static_cast<int>(s[judgement_area]);
      uint32_t bit = 1u << area;
      if (s[judgement_outcome] == outcome_progress) {
        int64_t from = s[judgement_sustained_from] == kAbsent ? d : s[judgement_sustained_from];
        if (!(judged_progress & bit) || from < sustained_from[area]) sustained_from[area] = from;
        judged_progress |= bit;
      } else if (s[judgement_outcome] == outcome_equivalent && s[judgement_agreed_by] == approver_business_manager) {
        judged_equivalent |= bit;
      }
    }
    auto concerned = [](uint32_t mask, int area) { return (mask >> area) & 1u; };
    auto practitioner_progress = [&](int area, int months) {
      return concerned(judged_progress, area) && sustained_from[area] <= months_before(C, months);
    };
    // Star needs in the year before A.
    uint32_t needs = 0;
    for (const Event& e : of(star_need.type)) {
      int64_t d = at(e, star_need.date);
      if (d > year_before_a.hi) break;
      if (d >= year_before_a.lo) needs |= 1u << at(e, star_need_need);
    }
    auto needed = [&](int need) { return (needs >> need) & 1u; };
    // Star readings.
    first_before_a = latest_before_a = nullptr;
    last_two[0] = last_two[1] = nullptr;
    {
      auto readings = of(star_reading.type);
      if (!readings.empty() && at(readings.front(), star_reading.date) <= A) first_before_a = &readings.front();
      int taken = 0;
      for (auto r = readings.rbegin(); r != readings.rend(); ++r) {
        int64_t d = at(*r, star_reading.date);
        if (d > C) continue;
        if (d > A) {
          if (taken < 2) last_two[taken++] = &*r;
          continue;
        }
        latest_before_a = &*r;
        break;
      }
    }

    std::array<uint8_t, kIndicators> P{}, G{};

    // ---- Strand 1: crime
    P[I1_1] = any(offence.type, [&](const Event& e) {
      const Person& p = people[e.member];
      return year_before_a.has(at(e, offence.date)) && (p.child || p.parenting);
    });
    if (P[I1_1]) G[I1_1] = !any_dated(offence, last_6_c);
    P[I1_2] = any(erjr.type, [&](const Event& e) {
      if (!year_before_a.has(at(e, erjr.date)) || !people[e.member].child) return false;
      int age = age_in_years(people[e.member].dob, Date{A});
      return age >= 10 && age <= 17;
    });
    if (P[I1_2]) G[I1_2] = !any_dated(offence, last_6_c) && !any_dated(erjr, last_6_c);
    auto tys_overlapping = [&](Window w) {
      return any(tys_support.type, [&](const Event& e) { return w.overlaps(at(e, tys_support.start), at(e, tys_support.end)); });
    };
    P[I1_3] = tys_overlapping(year_before_a);
    if (P[I1_3]) G[I1_3] = !tys_overlapping(last_6_c);
    P[I1_4] = concerned(concern_ffa, area_crime);
    if (P[I1_4]) G[I1_4] = practitioner_progress(area_crime, 3);
    P[I1_5] = needed(need_young_offender);
    if (P[I1_5]) G[I1_5] = star_sustained({d_children_safe, d_boundaries});
    P[I1_6] = concerned(concern_equivalent, area_crime);
    if (P[I1_6]) G[I1_6] = concerned(judged_equivalent, area_crime);

    // ---- Strand 2: education
    // Exclusions in the 12 months before A and before C, per member.
    for (const Event& e : of(exclusion.type)) {
      const int64_t* s = slots(e);
      int64_t d = s[exclusion.date];
      bool in_a = year_before_a.has(d), in_c = last_12_c.has(d);
      if (!in_a && !in_c) continue;
      Person& p = people[e.member];
      if (s[exclusion_kind] == exclusion_permanent) {
        p.permanent_a += in_a, p.permanent_c += in_c;
      } else if (s[exclusion_kind] == exclusion_fixed) {
        p.fixed_a += in_a, p.fixed_c += in_c;
        if (in_a) p.days_a.add(s[exclusion_days], s[exclusion_days + 1]);
        if (in_c) p.days_c.add(s[exclusion_days], s[exclusion_days + 1]);
      }
    }
    bool excluded[3] = {false, false, false};  // 2.1, 2.2, 2.3
    uint8_t exclusion_g = kTrue;
    uint8_t persistent_g = kTrue, severe_g = kTrue;
    int persistent_count = 0;
    bool severe = false;
    uint8_t all_attend = kTrue;  // the claims' attendance test
    for (size_t m = 0; m < n_members; ++m) {
      const int mi = static_cast<int>(m);
      Person& p = people[m];
      if (p.school_age_a) rated(mi);
      auto absence_progress = [&]() -> uint8_t {
        return school_leaver(p) ? leaver_progress(mi) : below_persistent(mi);
      };
      // 2.4: 10% <= Unauth3(A) < 60% for a school-age child; a concern
      // naming them; or an unnamed concern and school age at A.
      bool persistent = (p.school_age_a && p.terms_a.known() && !p.terms_a.unauthorised_below(1, 10) &&
                         p.terms_a.unauthorised_below(3, 5)) ||
                        p.attendance_concern || (attendance_unnamed && p.school_age_a);
      if (persistent) {
        ++persistent_count;
        persistent_g = and3(persistent_g, absence_progress());
      }
      if (p.school_age_c) {
        bool exempt = any(education_provision.type, [&](const Event& e) {
          return e.member == mi && at(e, provision_setting) == setting_ehe && at(e, provision_suitable) &&
                 active_at(e, education_provision, C);
        });
        if (!exempt) all_attend = and3(all_attend, below_persistent(mi));
      }
      if (!p.child) continue;
      // 2.5: Unauth3(A) >= 60%.
      if (p.school_age_a && p.terms_a.known() && !p.terms_a.unauthorised_below(3, 5)) {
        severe = true;
        uint8_t g;
        if (school_leaver(p)) {
          g = leaver_progress(mi);
        } else if (!p.terms_c.known()) {
          g = kUnknown;
        } else {
          // attendance(C) >= attendance(A) + 40%  <=>  absent(A) - absent(C) >= 2/5
          const TermSums &a = p.terms_a, &c = p.terms_c;
          __int128 lhs = 5 * (static_cast<__int128>(a.absent) * c.possible - static_cast<__int128>(c.absent) * a.possible);
          bool improved = lhs >= 2 * static_cast<__int128>(a.possible) * c.possible;
          g = improved && c.unauthorised_below(1, 2) ? kTrue : kFalse;
        }
        severe_g = and3(severe_g, g);
      }
      // 2.1-2.3 and their shared progress.
      bool p21 = p.school_age_a && (p.permanent_a > 0 || p.fixed_a >= 3);
      bool p23 = p.days_a.at_least(10);
      bool p22 = p.days_a.at_least(5) && primary_phase(p.dob, A);
      excluded[0] |= p21, excluded[1] |= p22, excluded[2] |= p23;
      if (p21 || p22 || p23) {
        uint8_t g;
        if (school_leaver(p)) {
          g = leaver_progress(mi);
        } else {
          int64_t limit = primary_phase(p.dob, C) ? 5 : 10;
          bool clean = p.permanent_c == 0 && p.fixed_c < 3 && !p.days_c.at_least(limit);
          g = and3(clean, below_persistent(mi));
        }
        exclusion_g = and3(exclusion_g, g);
      }
    }
    for (int i = 0; i < 3; ++i) {
      P[I2_1 + i] = excluded[i];
      if (excluded[i]) G[I2_1 + i] = exclusion_g;
    }
    P[I2_4] = persistent_count > 0 || attendance_unnamed;
    if (P[I2_4]) G[I2_4] = persistent_count > 0 ? persistent_g : kFalse;
    P[I2_5] = severe;
    if (severe) G[I2_5] = severe_g;
    // 2.6 and 2.7: per school-age child with support / missing education at A.
    {
      uint8_t pru_g = kTrue, missing_g = kTrue;
      bool pru = false, missing = false;
      for (size_t m = 0; m < n_members; ++m) {
        Person& p = people[m];
        int mi = static_cast<int>(m);
        if (!p.child || !p.school_age_a) continue;
        if (any(pru_support.type, [&](const Event& e) { return e.member == mi && active_at(e, pru_support, A); })) {
          pru = true;
          pru_g = and3(pru_g, school_leaver(p) ? leaver_progress(mi) : below_persistent(mi));
        }
        if (any(missing_education.type,
                [&](const Event& e) { return e.member == mi && active_at(e, missing_education, A); })) {
          missing = true;
          uint8_t g;
          if (school_leaver(p)) {
            g = leaver_progress(mi);
          } else {
            bool home = false, setting = false;
            for (const Event& e : of(education_provision.type)) {
              if (e.member != mi || !active_at(e, education_provision, C)) continue;
              if (at(e, provision_setting) == setting_ehe) home |= at(e, provision_suitable) != 0;
              else setting = true;
            }
            g = or3(home, and3(setting, below_persistent(mi)));
          }
          missing_g = and3(missing_g, g);
        }
      }
      P[I2_6] = pru;
      if (pru) G[I2_6] = pru_g;
      P[I2_7] = missing;
      if (missing) G[I2_7] = missing_g;
    }
    P[I2_8] = concerned(concern_ffa, area_education);
    if (P[I2_8]) G[I2_8] = practitioner_progress(area_education, 3);
    P[I2_9] = concerned(concern_equivalent, area_education);
    if (P[I2_9]) G[I2_9] = concerned(judged_equivalent, area_education);

    // ---- Strand 3: children who need help
    P[I3_1] = concerned(concern_any, area_child_need) || any(health_check.type, [&](const Event& e) {
                return at(e, health_check_below) && year_before_a.has(at(e, health_check.date));
              });
    if (P[I3_1]) {
      bool g = practitioner_progress(area_family_situation, 6);
      if (!g) {
        // A progress closure in (A, C - 6 months] with no reopening after it, up to C.
        int64_t last_reopened = INT64_MIN;
        for (const Event& e : of(case_reopened.type)) {
          int64_t d = at(e, case_reopened.date);
          if (d > C) break;
          last_reopened = d;
        }
        for (const Event& e : of(case_closed.type)) {
          int64_t d = at(e, case_closed.date);
          if (d > c_minus_6) break;
          if (d > A && at(e, case_closed_reason) == closure_progress && d >= last_reopened) g = true;
        }
      }
      G[I3_1] = g;
    }
    // 3.2 / 3.3: every such plan active at A ended at E, E + 6 months <= C, and
    // the child was not stepped back up in (E, E + 6 months].
    auto stepped_back_up = [&](int member, int64_t from, int64_t to, bool cin_too) {
      auto starts_in = [&](const IntervalType& t, const Event& e) {
        int64_t s = at(e, t.start);
        return e.member == member && s > from && s <= to;
      };
      if (any(cp_plan.type, [&](const Event& e) { return starts_in(cp_plan, e); })) return true;
      return cin_too &&
             any(cin.type, [&](const Event& e) { return at(e, cin_reason) == cin_other && starts_in(cin, e); });
    };
    auto stepped_down = [&](const Event& e, const IntervalType& t, bool cin_too) {
      int64_t end = at(e, t.end);
      int64_t until = add_months(Date{static_cast<int32_t>(end)}, 6).days;
      return until <= C && !stepped_back_up(e.member, end, until, cin_too);
    };
    {
      bool presents = false, g = true;
      for (const Event& e : of(cin.type)) {
        if (at(e, cin_reason) != cin_other || !people[e.member].child || !active_at(e, cin, A)) continue;
        presents = true;
        if (g && !stepped_down(e, cin, true)) g = false;
      }
      P[I3_2] = presents;
      if (presents) G[I3_2] = g;
      presents = false, g = true;
      for (const Event& e : of(cp_plan.type)) {
        if (!people[e.member].child || !active_at(e, cp_plan, A)) continue;
        presents = true;
        if (g && !stepped_down(e, cp_plan, false)) g = false;
      }
      P[I3_3] = presents;
      if (presents) G[I3_3] = g;
    }
    if (first_before_a) {
      auto [total, scored] = mean(*first_before_a);
      P[I3_4] = total < 7 * scored;
      if (P[I3_4]) {
        bool g = last_two[1] != nullptr;
        for (const Event* r : last_two) {
          if (!g) break;
          auto [t, n] = mean(*r);  // t / n >= total / scored + 2
          g = static_cast<__int128>(t) * scored >= static_cast<__int128>(total + 2 * scored) * n;
        }
        G[I3_4] = g;
      }
    }

    // ---- Strand 4: employment, housing and money
    for (const Event& b : of(benefit.type)) {
      const int64_t* s = slots(b);
      if (people[b.member].child || !(s[benefit.start] <= A && s[benefit.end] >= A)) continue;
      int64_t kind = s[benefit_kind];
      if (kind == benefit_jsa || kind == benefit_esa || kind == benefit_is || kind == benefit_other_oow) P[I4_1] = 1;
      else if (kind == benefit_uc && s[benefit_conditions] && !s[benefit_at_aet]) P[I4_2] = 1;
    }
    {
      const int32_t neet_since = add_days(Date{A}, -91).days;
      P[I4_3] = any(neet.type, [&](const Event& e) {
        if (!active_at(e, neet, A) || at(e, neet.start) > neet_since) return false;
        int age = age_in_years(people[e.member].dob, Date{A});
        return age >= 16 && age <= 18;
      });
    }
    if (P[I4_1] || P[I4_2] || P[I4_3]) {
      bool g = any(progress_to_work.type, [&](const Event& e) { return since_a.has(at(e, progress_to_work.date)); }) ||
               any(employment.type, [&](const Event& e) { return since_a.has(at(e, employment.start)); }) ||
               score(last_two[0], d_progress_to_work) >= 7;
      for (Indicator i : {I4_1, I4_2, I4_3})
        if (P[i]) G[i] = g;
    }
    {
      uint32_t areas = concern_ffa & ((1u << area_employment) | (1u << area_housing) | (1u << area_money));
      P[I4_4] = areas != 0;
      if (areas) G[I4_4] = (areas & judged_progress) == areas;
    }
    P[I4_5] = needed(need_neet) || needed(need_not_in_work) || scored_at_most(latest_before_a, d_progress_to_work, 6) ||
              scored_at_most(latest_before_a, d_home_money, 6);
    if (P[I4_5]) G[I4_5] = star_sustained({d_home_money, d_progress_to_work});

    // ---- Strand 5: healthy relationships
    P[I5_1] = any_dated(da_notification, year_before_a);
    if (P[I5_1]) {
      bool g = !any_dated(da_notification, {int64_t{c_minus_3} + 1, C});
      if (g) {
        const Event* latest = nullptr;
        for (const Event& e : of(safety_assessment.type)) {
          int64_t d = at(e, safety_assessment.date);
          if (d > C) break;
          if (d > A) latest = &e;
        }
        g = latest && at(*latest, safety_safe) == 1 && at(*latest, safety_further_risk) == 0;
      }
      G[I5_1] = g;
    }
    {
      const int32_t a_minus_12 = months_before(A, 12);
      for (const Event& e : of(da_disclosure.type)) {
        const int64_t* s = slots(e);
        if (s[da_disclosure.date] > A) break;
        int64_t last = s[disclosure_last_incident];
        if (year_before_a.has(last)) P[I5_2] = 1;
        if (last <= a_minus_12 && s[disclosure_ongoing]) P[I5_3] = 1;
      }
    }
    if (P[I5_2])
      G[I5_2] = practitioner_progress(area_domestic_abuse, 0) || any(da_support.type, [&](const Event& e) {
                  int64_t start = at(e, da_support.start);
                  return start > A && start <= c_minus_3 &&
                         at(e, da_support.end) >= add_months(Date{static_cast<int32_t>(start)}, 3).days;
                });
    if (P[I5_3]) G[I5_3] = practitioner_progress(area_domestic_abuse_historic, 3);
    P[I5_4] = concerned(concern_ffa, area_family_relationships);
    if (P[I5_4]) G[I5_4] = practitioner_progress(area_family_relationships, 3);
    P[I5_5] = needed(need_victim);
    if (P[I5_5]) G[I5_5] = star_sustained({d_children_safe, d_wellbeing, d_emotional_needs});

    // ---- Strand 6: health
    const int health_areas[4] = {area_mental_health, area_substance_misuse, area_sexual_health, area_physical_health};
    for (int k = 0; k < 4; ++k) {
      P[I6_1 + k] = concerned(concern_professional, health_areas[k]);
      if (P[I6_1 + k]) G[I6_1 + k] = practitioner_progress(health_areas[k], 3);
    }
    P[I6_5] = needed(need_chronic) || needed(need_drugs) || needed(need_mental_health) || needed(need_drinking) ||
              scored_at_most(latest_before_a, d_physical_health, 6) || scored_at_most(latest_before_a, d_wellbeing, 6) ||
              scored_at_most(latest_before_a, d_emotional_needs, 6);
    if (P[I6_5]) G[I6_5] = star_sustained({d_physical_health, d_wellbeing, d_emotional_needs});

    // ---- Strands, results and claims
    const size_t n_results = program.results.size();
    out.presenting.assign(kIndicators, 0);
    out.progress.assign(kIndicators, 0);
    for (int i = 0; i < kIndicators; ++i) {
      out.presenting[indicator_at[i]] = P[i];
      out.progress[indicator_at[i]] = P[i] ? G[i] : 0;
    }
    out.strand_presenting.assign(kStrands, 0);
    out.strand_progress.assign(kStrands, 0);
    int presenting_strands = 0;
    uint8_t strands_met = kTrue;
    for (int s = 0; s < kStrands; ++s) {
      bool presents = false;
      uint8_t progress = kTrue;
      for (int i = kStrandBegin[s]; i < kStrandBegin[s + 1]; ++i)
        if (P[i]) presents = true, progress = and3(progress, G[i]);
      out.strand_presenting[strand_at[s]] = presents;
      out.strand_progress[strand_at[s]] = presents ? progress : 0;
      if (presents) ++presenting_strands, strands_met = and3(strands_met, progress);
    }
    const bool eligible = presenting_strands >= 2;
    out.results.assign(n_results, {});
    out.claim_conditions.resize(n_results);
    out.discretion.assign(n_results, 0);
    out.results[result_eligible] = {eligible, 0};
    out.results[result_intensive] = {presenting_strands >= 4, 0};

    auto& sp = out.claim_conditions[result_sustained];
    sp.assign(4, 0);
    sp[cond_sp_eligibility] = eligible;
    sp[cond_sp_strands] = strands_met;
    sp[cond_sp_attendance] = all_attend;
    bool health = P[I6_1] || P[I6_2] || P[I6_3] || P[I6_4] || P[I6_5];
    sp[cond_sp_no_new_problems] = !health || concerned(judged_progress, area_no_new_problems);
    uint8_t all = and3(and3(sp[0], sp[1]), and3(sp[2], sp[3]));
    ClaimVerdict verdict = all == kTrue ? ClaimVerdict::Valid : all == kUnknown ? ClaimVerdict::InsufficientData
                                                                                 : ClaimVerdict::Invalid;
    if (verdict != ClaimVerdict::Valid && eligible) {
      for (const Event& e : of(discretion.type)) {
        int64_t d = at(e, discretion.date);
        if (d > C) break;
        if (d > A && at(e, discretion_approved_by) == approver_head) {
          verdict = ClaimVerdict::ValidDiscretionary;
          out.discretion[result_sustained] = 1;
          break;
        }
      }
    }
    out.results[result_sustained] = {static_cast<int64_t>(verdict), 0};

    auto& emp = out.claim_conditions[result_employment];
    emp.assign(2, 0);
    emp[cond_emp_eligibility] = eligible;
    emp[cond_emp_rule] = employment_rule();
    out.results[result_employment] = {
        static_cast<int64_t>(emp[0] && emp[1] ? ClaimVerdict::Valid : ClaimVerdict::Invalid), 0};
  }
};

NativeHerts2018::NativeHerts2018(const Program& program) : impl_(std::make_unique<Impl>(program)) {}
NativeHerts2018::~NativeHerts2018() = default;

void NativeHerts2018::evaluate(const Family& family, Date as_of, Evaluation& out) {
  impl_->evaluate(family, as_of, out);
}

}  // namespace outcomes::bench
