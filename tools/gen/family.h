// One family being generated: its members, its events (as JSON text), the
// facts scenarios share so that they stay consistent with each other, and
// the expectations they recorded (what presents at A and whether progress
// is met at C), which tests use to check coverage.
#pragma once
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tools/gen/calendar.h"
#include "tools/gen/generator.h"
#include "tools/gen/measures.h"
#include "tools/gen/random.h"

namespace outcomes::gen {

inline constexpr std::string_view kHerts = "herts-2018";
inline constexpr std::string_view kTf2 = "tf2";
inline constexpr std::string_view kHerefordshire = "herefordshire-v6.1";
std::string_view outcome_id(int outcome);  // "1" ... "28"

enum class Strand : uint8_t { Crime, Education, ChildrenNeedHelp, Employment, DomesticAbuse, Health };
inline constexpr int kStrandCount = 6;

struct Member {
  int index = 0;
  std::string id;
  bool adult = false;
  bool parenting = false;
  Date dob;
  // Compulsory school age, worked out once (it is asked about often).
  Date school_age_from, school_age_until;
};

// "Indicator `indicator` of `plan` presents at A, and its progress at C is
// `progress`." Recorded again for the same indicator, the values combine by
// Kleene AND, as the plans combine the children who present.
struct Expectation {
  std::string_view plan;
  std::string_view indicator;
  Aim progress;
};

// ---- facts shared between scenarios ---------------------------------------

struct MemberDate {
  int member;
  Date date;
};
struct MemberSpan {
  int member;
  Span span;
};
struct ExclusionFact {
  int member;
  Date date;
  bool permanent;
  int64_t days_tenths;  // fixed exclusions only
};
struct ProvisionFact {
  int member;
  Span span;
  std::string_view setting;
  bool suitable;
};
struct ProgressToWorkFact {
  int member;
  Date date;
  std::optional<Date> end;
  std::string_view kind;
};
struct BenefitFact {
  int member;
  std::string_view kind;
  Span span;
  bool work_related_conditions, at_aet;
};
struct SafetyFact {
  Date date;
  bool safe, further_risk;
};
struct ClosureFact {
  Date date;
  std::string_view reason;
};
struct DaSupportFact {
  int member;
  Span span;
  bool completed;
};

struct EpisodeFact {
  int member;
  Date date;
  int64_t hours_tenths;
};
// A practitioner's judgement as written (see write_practitioner_judgement).
struct JudgementShape {
  bool written = false;
  Date date;
  bool progress = false;
  std::optional<Date> sustained_from;
};

// What the Star track must show after A, decided by the scenarios that need it.
struct StarPlan {
  bool wanted = false;        // some scenario needs readings
  bool low_baseline = false;  // readings before A score low (presents 3.4, 4.5, 6.5)
  Aim aim = Aim::NotMet;      // whether the readings after A are sustained at 7+
  bool work_domains_low_after = false;  // keep progress_to_work / home_and_money low after A
};

struct SharedFacts {
  std::vector<MemberDate> offences, erjrs, asb_sanctions, asb_incidents, yjs_entries;
  std::vector<std::optional<AttendanceSeries>> attendance;  // by member index
  std::vector<ExclusionFact> exclusions;
  std::vector<ProvisionFact> provisions;
  std::vector<ClosureFact> closures;
  std::vector<Date> reopenings;
  std::vector<Aim> step_downs;  // herefordshire 8: one per cin / cp_plan active at A
  bool social_care_involved = false;
  std::vector<int> statutory_plan_children;  // children with a cin / cp_plan story
  std::vector<MemberSpan> employments, neets;
  std::vector<ProgressToWorkFact> progress_to_work;
  std::vector<BenefitFact> benefits;
  std::vector<MemberDate> da_notifications, da_disclosures;
  std::vector<SafetyFact> safety_assessments;
  std::vector<DaSupportFact> da_supports;
  StarPlan star;
  std::vector<StarReading> star_readings;
  std::array<bool, 29> outcome_selected{};
  // Aims for Herefordshire outcomes whose evidence the background writes
  // (registrations, immunisations, school progress, health checks).
  std::array<std::optional<Aim>, 29> background_outcome_aim{};
  std::vector<int> nursery_children;  // members with nursery records written
  std::vector<int> health_checked;    // children whose 2-2 1/2 year check a need wrote
  std::vector<MemberSpan> community_sentences, tys_supports, pru_supports, missing_education;
  std::vector<MemberDate> attendance_concerns;  // member -1: the concern names nobody
  std::vector<EpisodeFact> missing_episodes;
  bool child_need_presents = false;  // herts 3.1, written only by its scenario
  std::vector<std::pair<std::string_view, JudgementShape>> practitioner_judgements;  // by area
  std::vector<std::pair<Date, std::string_view>> star_needs;
  std::vector<Span> hrhb_supports;
};

// ---- events ---------------------------------------------------------------

// Appends the fields of the family's newest event. The closing brace is added
// when the family is written, so a builder never needs finishing.
class EventBuilder {
 public:
  explicit EventBuilder(std::string& text) : text_(text) {}
  EventBuilder& text(std::string_view field, std::string_view value);
  EventBuilder& integer(std::string_view field, int64_t value);
  EventBuilder& tenths(std::string_view field, int64_t value_in_tenths);  // a Number: 25 -> 2.5
  EventBuilder& flag(std::string_view field, bool value);
  EventBuilder& date(std::string_view field, Date value);
  EventBuilder& null(std::string_view field);
  EventBuilder& raw(std::string_view field, std::string_view json);  // already valid JSON

 private:
  void key(std::string_view field);
  std::string& text_;
};

class FamilyDraft {
 public:
  FamilyDraft(const GenOptions& options, Date as_of, int64_t index);

  Rng rng;
  std::string id;
  std::string_view district, lead_agency;  // empty: field left out
  Date as_of;
  Date assessment;  // A
  Date claim;       // C the scenarios aim at: as_of, or later for a family assessed after it
  bool assessed_after_as_of = false;
  std::vector<Member> members;
  std::array<Aim, kStrandCount> strand_aim{};
  std::vector<std::string_view> needs;  // the scenarios chosen, by name
  SharedFacts facts;
  std::vector<Expectation> expectations;
  // A window a scenario relies on was empty. Never expected; tests check it.
  int inconsistencies = 0;

  Date A() const { return assessment; }
  Date C() const { return claim; }
  Aim aim(Strand strand) const { return strand_aim[static_cast<int>(strand)]; }

  // Events. `who` is null for events without a member. `when` orders nothing
  // in the output (events are shuffled); it lets families assessed after the
  // as-of date drop what would lie in the future.
  EventBuilder event(std::string_view type, const Member* who, Date when);
  EventBuilder point(std::string_view type, const Member* who, Date date);
  // end nullopt: open, written as "end": null or left out.
  EventBuilder interval(std::string_view type, const Member* who, Date start, std::optional<Date> end);
  size_t event_count() const { return event_offsets_.size(); }

  // Dates. Bounds are inclusive; `edgy` favours the bounds themselves, so the
  // cohort is rich in events exactly on window edges.
  Date random_date(Date lo, Date hi);
  Date edgy_date(Date lo, Date hi);
  Date in_last_months(Date d, int months) { return edgy_date(add_days(add_months(d, -months), 1), d); }
  Date in_last_days(Date d, int days) { return edgy_date(add_days(d, 1 - days), d); }
  Date after_until(Date after, Date until) { return edgy_date(add_days(after, 1), until); }
  bool window_ok(Date lo, Date hi);  // counts an inconsistency when empty

  // Members.
  template <class Predicate>
  std::vector<const Member*> members_where(Predicate predicate) const {
    std::vector<const Member*> found;
    for (const Member& m : members)
      if (predicate(m)) found.push_back(&m);
    return found;
  }
  std::vector<const Member*> children() const;
  // Children already born on `day` (records about a child never predate them).
  std::vector<const Member*> children_born_by(Date day) const {
    return members_where([&](const Member& m) { return !m.adult && m.dob <= day; });
  }
  std::vector<const Member*> adults() const;
  int age_at(const Member& m, Date d) const { return age_on(m.dob, d); }
  bool school_age_at(const Member& m, Date d) const {
    return !m.adult && m.school_age_from <= d && d <= m.school_age_until;
  }
  bool is_young_person(const Member& m) const {  // a child aged 10-17 at A
    const int age = age_at(m, assessment);
    return !m.adult && age >= 10 && age <= 17;
  }
  const Member* pick_member(const std::vector<const Member*>& candidates);  // null when none

  void expect(std::string_view plan, std::string_view indicator, Aim progress);
  bool has_need(std::string_view name) const;

  // Writes the family as one JSON object (no line end), events shuffled.
  void write_json(std::string& out);

 private:
  std::string events_text_;
  struct EventSlot {
    uint32_t offset;
    Date when;
  };
  std::vector<EventSlot> event_offsets_;
};

// Builds the whole family for position `index` of the cohort.
FamilyDraft generate_family(const GenOptions& options, Date as_of, int64_t index);
Date parse_as_of(const std::string& text);  // throws std::invalid_argument

}  // namespace outcomes::gen
