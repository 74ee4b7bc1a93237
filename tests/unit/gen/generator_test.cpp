// The synthetic cohort generator: determinism, well-formed v1 families
// (checked field by field against spec section 3 and the input rules of
// section 7), coverage of every event type and of every indicator's
// outcomes, and the calendar arithmetic it relies on.
#include <doctest/doctest.h>
#include <simdjson.h>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tools/gen/family.h"
#include "tools/gen/generator.h"

using namespace outcomes::gen;

namespace {

std::string cohort(int64_t families, uint64_t seed, std::string as_of = "2018-06-30") {
  GenOptions options;
  options.families = families;
  options.seed = seed;
  options.as_of = std::move(as_of);
  std::ostringstream out;
  generate_cohort(options, out);
  return out.str();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// ---- the v1 event schema (spec section 3), as the test reads it -------------

enum class Kind { Date, OpenDate, OptionalDate, Int, Number, Bool, Term, Month, Scores, Enum };
struct Field {
  Field(std::string n, Kind k, bool r = true, std::vector<std::string> v = {})
      : name(std::move(n)), kind(k), required(r), values(std::move(v)) {}
  std::string name;
  Kind kind;
  bool required;
  std::vector<std::string> values;  // Enum
};
enum class MemberRule { None, Required, Optional };
struct TypeDef {
  MemberRule member;
  std::vector<Field> fields;
};

Field date(std::string n) { return {std::move(n), Kind::Date}; }
Field open_end() { return {"end", Kind::OpenDate, false}; }
Field integer(std::string n) { return {std::move(n), Kind::Int}; }
Field flag(std::string n, bool required = true) { return {std::move(n), Kind::Bool, required}; }
Field choice(std::string n, std::vector<std::string> values) { return {std::move(n), Kind::Enum, true, std::move(values)}; }

const std::vector<std::string> kAreas = {"crime", "education", "attendance", "child_need", "family_situation",
                                         "employment", "housing", "money", "debt", "domestic_abuse",
                                         "domestic_abuse_historic", "family_relationships", "mental_health",
                                         "substance_misuse", "sexual_health", "physical_health", "no_new_problems"};

const std::map<std::string, TypeDef>& schema() {
  using M = MemberRule;
  static const std::map<std::string, TypeDef> kSchema = {
      {"offence", {M::Required, {date("date")}}},
      {"erjr", {M::Required, {date("date")}}},
      {"asb_sanction", {M::Required, {date("date"), choice("kind", {"asbo", "civil_injunction", "criminal_behaviour_order", "community_protection_notice", "closure_notice", "closure_order", "aba", "abc", "parenting_contract", "nosp"})}}},
      {"asb_incident", {M::Required, {date("date")}}},
      {"community_sentence", {M::Required, {date("start"), open_end()}}},
      {"tys_support", {M::Required, {date("start"), open_end()}}},
      {"yjs_first_entry", {M::Required, {date("date")}}},
      {"exclusion", {M::Required, {date("date"), choice("kind", {"permanent", "fixed"}), {"days", Kind::Number, false}}}},
      {"attendance", {M::Required, {{"term", Kind::Term}, integer("possible_sessions"), integer("authorised_absence"), integer("unauthorised_absence")}}},
      {"pru_support", {M::Required, {date("start"), open_end()}}},
      {"missing_education", {M::Required, {date("start"), open_end()}}},
      {"education_provision", {M::Required, {date("start"), open_end(), choice("setting", {"school", "alternative", "ehe"}), flag("suitable", false)}}},
      {"school_progress", {M::Required, {date("date"), flag("good")}}},
      {"nursery_attendance", {M::Required, {{"month", Kind::Month}, integer("possible_sessions"), integer("attended_sessions")}}},
      {"early_help_assessment", {M::None, {date("date"), choice("kind", {"ffa", "caf", "other"})}}},
      {"case_closed", {M::None, {date("date"), choice("reason", {"progress", "disengaged", "moved_away", "step_up"})}}},
      {"case_reopened", {M::None, {date("date")}}},
      {"cin", {M::Required, {date("start"), open_end(), choice("reason", {"disability", "other"})}}},
      {"cp_plan", {M::Required, {date("start"), open_end()}}},
      {"social_care_referral", {M::Required, {date("date")}}},
      {"missing_episode", {M::Required, {date("date"), {"hours", Kind::Number}}}},
      {"cse_risk", {M::Required, {date("date"), choice("level", {"none", "low", "medium", "high"})}}},
      {"health_check", {M::Required, {date("date"), flag("communication_below_threshold")}}},
      {"star_reading", {M::None, {date("date"), {"scores", Kind::Scores}}}},
      {"star_need", {M::None, {date("date"), choice("need", {"young_offender", "neet", "not_in_work_or_training_parent", "victim_of_domestic_abuse", "chronic_health_condition", "drug_misuse", "mental_health_issues", "problem_drinking"})}}},
      {"concern", {M::Optional, {date("date"), choice("area", kAreas), choice("source", {"ffa", "professional", "equivalent"})}}},
      {"judgement", {M::Optional, {date("date"), choice("area", kAreas), choice("outcome", {"progress", "no_progress", "equivalent_progress"}), {"sustained_from", Kind::OptionalDate, false}, {"agreed_by", Kind::Enum, false, {"business_manager", "head_of_early_help"}}}}},
      {"discretion", {M::None, {date("date"), choice("approved_by", {"head_of_early_help"})}}},
      {"benefit", {M::Required, {date("start"), open_end(), choice("benefit", {"jsa", "esa", "is", "uc", "other_oow"}), flag("work_related_conditions", false), flag("at_aet", false)}}},
      {"employment", {M::Required, {date("start"), open_end()}}},
      {"neet", {M::Required, {date("start"), open_end()}}},
      {"progress_to_work", {M::Required, {date("date"), {"end", Kind::OptionalDate, false}, choice("kind", {"qualification", "apprenticeship", "apprenticeship_completed", "traineeship", "princes_trust", "temporary_work", "part_time_work", "voluntary_work", "training", "work_experience", "employment_support", "soft_skills", "job_interviews", "childcare_offer", "accredited_learning", "milestone"})}}},
      {"da_notification", {M::Required, {date("date"), choice("category", {"domestic_abuse", "vawg"})}}},
      {"da_disclosure", {M::Required, {date("date"), date("last_incident"), choice("role", {"victim", "perpetrator"}), flag("ongoing_impact")}}},
      {"safety_assessment", {M::Optional, {date("date"), flag("safe"), flag("further_risk")}}},
      {"da_support", {M::Required, {date("start"), open_end(), flag("completed", false)}}},
      {"perpetrator_programme", {M::Required, {date("start"), open_end(), flag("completed")}}},
      {"hrhb_support", {M::None, {date("start"), open_end()}}},
      {"health_support", {M::Required, {date("start"), open_end(), choice("kind", {"mental_health", "substance_misuse", "smoking_cessation", "healthy_weight", "sexual_health", "physical_health"}), flag("progress")}}},
      {"gp_registration", {M::Required, {date("start"), open_end()}}},
      {"dentist_registration", {M::Required, {date("start"), open_end()}}},
      {"dental_checkup", {M::Required, {date("date")}}},
      {"immunisation_status", {M::Required, {date("date"), flag("up_to_date")}}},
      {"pregnancy", {M::Required, {date("start"), open_end(), flag("midwife_care"), flag("antenatal_hv_assessment")}}},
      {"parenting_report", {M::Required, {date("date"), flag("improved_confidence")}}},
      {"community_activity", {M::None, {date("date"), flag("continuing")}}},
      {"keep_safe_work", {M::Required, {date("date")}}},
      {"outcome_selected", {M::Optional, {date("date"), integer("outcome")}}},
  };
  return kSchema;
}

const std::set<std::string> kStarDomains = {"physical_health", "your_wellbeing", "meeting_emotional_needs",
                                            "keeping_your_children_safe", "social_networks", "education_and_learning",
                                            "boundaries_and_behaviour", "family_routine", "home_and_money",
                                            "progress_to_work"};

bool is_iso_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (int i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (s[i] < '0' || s[i] > '9') return false;
  const int y = std::stoi(std::string(s.substr(0, 4))), m = std::stoi(std::string(s.substr(5, 2))),
            d = std::stoi(std::string(s.substr(8, 2)));
  return m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

bool is_term(std::string_view s) {
  return s.size() > 5 && s[4] == '-' &&
         (s.substr(5) == "autumn" || s.substr(5) == "spring" || s.substr(5) == "summer");
}

bool is_month(std::string_view s) {
  return s.size() == 7 && s[4] == '-' && is_iso_date(std::string(s) + "-01");
}

// Everything that is wrong with one family line, in words (empty: valid).
struct LineCheck {
  std::vector<std::string> problems;
  std::set<std::string> event_types;
  std::string id;
  std::string assessment_date;
  size_t events = 0;
};

LineCheck check_line(simdjson::dom::parser& parser, const std::string& line) {
  LineCheck result;
  auto problem = [&](std::string text) { result.problems.push_back(std::move(text)); };
  simdjson::dom::element family;
  if (parser.parse(line).get(family)) {
    problem("not JSON");
    return result;
  }
  static const std::set<std::string> kFamilyFields = {"id", "district", "lead_agency", "assessment_date", "members", "events"};
  for (auto [key, value] : family.get_object()) {
    (void)value;
    if (!kFamilyFields.count(std::string(key))) problem("unknown family field " + std::string(key));
  }
  std::string_view text;
  if (family["id"].get(text)) problem("id");
  result.id = text;
  if (family["assessment_date"].get(text) || !is_iso_date(text)) problem("assessment_date");
  result.assessment_date = text;
  for (const char* optional : {"district", "lead_agency"})
    if (family[optional].error() == simdjson::SUCCESS && !family[optional].is_string()) problem(optional);

  std::map<std::string, std::string> member_dob;
  std::map<std::string, bool> member_is_adult;
  simdjson::dom::array members;
  if (family["members"].get(members) || members.size() == 0) problem("members");
  for (simdjson::dom::element m : members) {
    std::string_view id, role, dob;
    if (m["id"].get(id) || m["role"].get(role) || m["dob"].get(dob) || !is_iso_date(dob)) problem("member fields");
    if (role != "adult" && role != "child") problem("role");
    if (member_dob.count(std::string(id))) problem("duplicate member id");
    member_dob[std::string(id)] = dob;
    member_is_adult[std::string(id)] = role == "adult";
    for (auto [key, value] : m.get_object()) {
      if (key == "parenting" && (role != "adult" || !value.is_bool())) problem("parenting");
      else if (key != "id" && key != "role" && key != "dob" && key != "parenting") problem("member field " + std::string(key));
    }
  }

  std::set<std::pair<std::string, std::string>> attendance_keys, nursery_keys;
  simdjson::dom::array events;
  if (family["events"].get(events)) problem("events");
  for (simdjson::dom::element e : events) {
    ++result.events;
    std::string_view type;
    if (e["type"].get(type)) {
      problem("event without type");
      continue;
    }
    const auto found = schema().find(std::string(type));
    if (found == schema().end()) {
      problem("unknown type " + std::string(type));
      continue;
    }
    result.event_types.insert(std::string(type));
    const TypeDef& def = found->second;
    std::string_view member;
    const bool has_member = e["member"].get(member) == simdjson::SUCCESS;
    if (def.member == MemberRule::Required && !has_member) problem(std::string(type) + " without member");
    if (def.member == MemberRule::None && e["member"].error() == simdjson::SUCCESS) problem(std::string(type) + " with member");
    if (has_member && !member_dob.count(std::string(member))) problem("unknown member " + std::string(member));

    std::set<std::string> allowed = {"type", "member"};
    for (const Field& f : def.fields) {
      allowed.insert(f.name);
      simdjson::dom::element v;
      if (e[f.name].get(v)) {
        if (f.required) problem(std::string(type) + "." + f.name + " missing");
        continue;
      }
      std::string_view s;
      switch (f.kind) {
        case Kind::Date:
          if (v.get(s) || !is_iso_date(s)) problem(std::string(type) + "." + f.name);
          break;
        case Kind::OpenDate:
        case Kind::OptionalDate:
          if (!v.is_null() && (v.get(s) || !is_iso_date(s))) problem(std::string(type) + "." + f.name);
          break;
        case Kind::Int:
          if (!v.is_int64() || int64_t(v) < 0) problem(std::string(type) + "." + f.name + " not a non-negative integer");
          break;
        case Kind::Number:
          if (!v.is_number() || double(v) < 0) problem(std::string(type) + "." + f.name);
          break;
        case Kind::Bool:
          if (!v.is_bool()) problem(std::string(type) + "." + f.name);
          break;
        case Kind::Term:
          if (v.get(s) || !is_term(s)) problem(std::string(type) + "." + f.name);
          break;
        case Kind::Month:
          if (v.get(s) || !is_month(s)) problem(std::string(type) + "." + f.name);
          break;
        case Kind::Enum:
          if (v.get(s) || std::find(f.values.begin(), f.values.end(), s) == f.values.end())
            problem(std::string(type) + "." + f.name + " value");
          break;
        case Kind::Scores: {
          simdjson::dom::object scores;
          if (v.get(scores) || scores.size() == 0) problem("star_reading.scores empty");
          for (auto [domain, score] : scores)
            if (!kStarDomains.count(std::string(domain)) || !score.is_int64() || int64_t(score) < 1 || int64_t(score) > 10)
              problem("star_reading score");
          break;
        }
      }
    }
    for (auto [key, value] : e.get_object()) {
      (void)value;
      if (!allowed.count(std::string(key))) problem(std::string(type) + " unknown field " + std::string(key));
    }

    // Cross-field rules of sections 3 and 7.
    auto str = [&](const char* field) {
      std::string_view v;
      return e[field].get(v) ? std::string() : std::string(v);
    };
    const std::string start = str("start"), end = str("end"), day = str("date");
    if (!start.empty() && !end.empty() && end < start) problem(std::string(type) + " ends before it starts");
    if (type == "progress_to_work" && !end.empty() && end < day) problem("progress_to_work end before date");
    if (type == "judgement" && !str("sustained_from").empty() && str("sustained_from") > day) problem("sustained_from after date");
    if (type == "da_disclosure" && str("last_incident") > day) problem("last_incident after date");
    if (type == "exclusion" && str("kind") == "fixed" && e["days"].error()) problem("fixed exclusion without days");
    if (type == "outcome_selected" && (int64_t(e["outcome"]) < 1 || int64_t(e["outcome"]) > 28)) problem("outcome out of range");
    if (type == "attendance") {
      const int64_t possible = e["possible_sessions"], authorised = e["authorised_absence"],
                    unauthorised = e["unauthorised_absence"];
      if (possible <= 0 || authorised + unauthorised > possible) problem("attendance sessions");
      if (!attendance_keys.insert({std::string(member), str("term")}).second) problem("two attendance records for a term");
      if (member_is_adult[std::string(member)]) problem("attendance for an adult");
    }
    if (type == "nursery_attendance") {
      if (int64_t(e["attended_sessions"]) > int64_t(e["possible_sessions"])) problem("nursery sessions");
      if (!nursery_keys.insert({std::string(member), str("month")}).second) problem("two nursery records for a month");
    }
    // Realism: nothing happens to someone before they are born.
    const std::string when = !day.empty() ? day : start;
    if (has_member && !when.empty() && when < member_dob[std::string(member)]) problem(std::string(type) + " before birth");
  }
  return result;
}

}  // namespace

TEST_CASE("the same seed gives byte-identical output; another seed does not") {
  const std::string first = cohort(300, 42), second = cohort(300, 42), other = cohort(300, 43);
  CHECK(first == second);
  CHECK(first != other);
  CHECK(lines_of(first).size() == 300);
  // A family depends only on the seed and its position, not on the cohort size.
  CHECK(lines_of(cohort(10, 42))[9] == lines_of(first)[9]);
}

TEST_CASE("ids are zero-padded to the cohort's size") {
  GenOptions options;
  options.families = 12345;
  options.id_prefix = "H";
  const Date as_of = parse_as_of(options.as_of);
  CHECK(generate_family(options, as_of, 0).id == "H00001");
  CHECK(generate_family(options, as_of, 12344).id == "H12345");
  options.families = 10;
  CHECK(generate_family(options, as_of, 9).id == "H0010");
}

TEST_CASE("a bad as-of date is refused") {
  CHECK_THROWS_AS(cohort(1, 1, "2018-02-30"), std::invalid_argument);
  CHECK_THROWS_AS(cohort(1, 1, "30/06/2018"), std::invalid_argument);
}

TEST_CASE("a 1,000-family cohort is valid v1, has every event type, and looks like real exports") {
  const std::vector<std::string> lines = lines_of(cohort(1000, 2018));
  REQUIRE(lines.size() == 1000);
  simdjson::dom::parser parser;
  std::set<std::string> types, ids;
  size_t events = 0, bytes = 0;
  for (const std::string& line : lines) {
    const LineCheck check = check_line(parser, line);
    INFO("family " << check.id);
    for (const std::string& p : check.problems) FAIL_CHECK(p);
    CHECK(ids.insert(check.id).second);
    types.insert(check.event_types.begin(), check.event_types.end());
    events += check.events;
    bytes += line.size() + 1;
  }
  for (const auto& [type, def] : schema()) {
    INFO("event type " << type);
    CHECK(types.count(type) == 1);
  }
  // About 40 events and 4.7 KB a family (the performance targets assume so).
  CHECK(events / 1000.0 == doctest::Approx(41).epsilon(0.15));
  CHECK(bytes / 1000.0 == doctest::Approx(4700).epsilon(0.15));

  // Events are not in date order, as in real exports.
  int out_of_order = 0;
  for (size_t i = 0; i < 50; ++i) {
    simdjson::dom::element family = parser.parse(lines[i]);
    std::vector<std::string> dates;
    for (simdjson::dom::element e : family["events"].get_array()) {
      std::string_view d;
      if (!e["date"].get(d) || !e["start"].get(d)) dates.emplace_back(d);
    }
    out_of_order += !std::is_sorted(dates.begin(), dates.end());
  }
  CHECK(out_of_order > 40);
}

TEST_CASE("about 0.5% of families are assessed after the as-of date") {
  const std::vector<std::string> lines = lines_of(cohort(20000, 7));
  int after = 0;
  for (const std::string& line : lines) {
    const size_t at = line.find("\"assessment_date\": \"");
    after += line.substr(at + 20, 10) > "2018-06-30";
  }
  CHECK(after >= 60);   // 0.3%
  CHECK(after <= 140);  // 0.7%
}

TEST_CASE("assessment dates lie 6 to 24 months before the as-of date, and follow it") {
  simdjson::dom::parser parser;
  for (const std::string& line : lines_of(cohort(2000, 5, "2019-03-31"))) {
    simdjson::dom::element family = parser.parse(line);
    const std::string_view a = family["assessment_date"];
    if (a > "2019-03-31") continue;
    CHECK(a >= "2017-03-31");
    CHECK(a <= "2018-09-30");
  }
}

TEST_CASE("over 1,000 families every indicator presents both met and not met, and attendance ones unknown") {
  const GenOptions options{1000, 2018, "2018-06-30", "F"};
  const Date as_of = parse_as_of(options.as_of);
  std::map<std::pair<std::string, std::string>, std::set<Aim>> seen;
  int families_with_bugs = 0;
  for (int64_t i = 0; i < options.families; ++i) {
    const FamilyDraft family = generate_family(options, as_of, i);
    families_with_bugs += family.inconsistencies != 0;
    if (family.assessed_after_as_of) continue;
    for (const Expectation& e : family.expectations)
      seen[{std::string(e.plan), std::string(e.indicator)}].insert(e.progress);
  }
  CHECK(families_with_bugs == 0);

  std::vector<std::pair<std::string, std::string>> indicators;
  for (const char* id : {"1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6",
                         "2.7", "2.8", "2.9", "3.1", "3.2", "3.3", "3.4", "4.1", "4.2", "4.3", "4.4", "4.5",
                         "5.1", "5.2", "5.3", "5.4", "5.5", "6.1", "6.2", "6.3", "6.4", "6.5"})
    indicators.emplace_back("herts-2018", id);
  for (const char* id : {"1a", "1b", "1c", "1d", "2a", "2b", "2c", "2d", "2e", "3a", "3b", "3c", "3d", "4a",
                         "4b", "4c", "4d", "5a", "5b", "6a", "6b"})
    indicators.emplace_back("tf2", id);
  for (int n = 1; n <= 28; ++n) indicators.emplace_back("herefordshire-v6.1", std::to_string(n));
  const std::set<std::pair<std::string, std::string>> attendance_based = {
      {"herts-2018", "2.1"}, {"herts-2018", "2.2"}, {"herts-2018", "2.3"}, {"herts-2018", "2.4"},
      {"herts-2018", "2.5"}, {"herts-2018", "2.6"}, {"herts-2018", "2.7"}, {"tf2", "2a"}, {"tf2", "2b"},
      {"tf2", "2c"},         {"tf2", "2d"},         {"tf2", "2e"},         {"herefordshire-v6.1", "4"},
      {"herefordshire-v6.1", "5"}};
  for (const auto& key : indicators) {
    INFO(key.first << " " << key.second);
    CHECK(seen[key].count(Aim::Met) == 1);
    CHECK(seen[key].count(Aim::NotMet) == 1);
    if (attendance_based.count(key)) CHECK(seen[key].count(Aim::Unknown) == 1);
  }
}

TEST_CASE("families are varied: household shapes, leap-day births, school leavers") {
  const GenOptions options{2000, 3, "2018-06-30", "F"};
  const Date as_of = parse_as_of(options.as_of);
  int leap_day = 0, leavers = 0, no_children = 0, three_adults = 0, five_children = 0;
  for (int64_t i = 0; i < options.families; ++i) {
    const FamilyDraft f = generate_family(options, as_of, i);
    int adults = 0, children = 0;
    for (const Member& m : f.members) {
      (m.adult ? adults : children)++;
      const Ymd dob = ymd_of(m.dob);
      leap_day += dob.month == 2 && dob.day == 29;
      leavers += !m.adult && f.school_age_at(m, f.A()) && !f.school_age_at(m, f.C());
    }
    CHECK(adults >= 1);
    CHECK(adults <= 3);
    CHECK(children <= 5);
    no_children += children == 0;
    three_adults += adults == 3;
    five_children += children == 5;
  }
  CHECK(leap_day > 10);
  CHECK(leavers > 100);
  CHECK(no_children > 50);
  CHECK(three_adults > 50);
  CHECK(five_children > 50);
}

TEST_CASE("calendar: month arithmetic, birthdays, compulsory school age, phases") {
  auto d = [](int y, int m, int day) { return make_date(y, m, day); };
  CHECK(add_months(d(2018, 3, 31), -1) == d(2018, 2, 28));
  CHECK(add_months(d(2017, 12, 31), 6) == d(2018, 6, 30));
  CHECK(add_months(d(2018, 6, 30), -6) == d(2017, 12, 30));
  CHECK(age_on(d(2004, 2, 29), d(2014, 2, 28)) == 9);
  CHECK(age_on(d(2004, 2, 29), d(2014, 3, 1)) == 10);
  CHECK(birthday(d(2004, 2, 29), 1) == d(2005, 3, 1));
  // Born 10 May 2006: 16 on 10 May 2022, school year 2021/22, last Friday of June 2022 is the 24th.
  CHECK(compulsory_school_end(d(2006, 5, 10)) == d(2022, 6, 24));
  // Born 10 Oct 2006: 16 in October 2022, school year 2022/23 ends with June 2023 (last Friday the 30th).
  CHECK(compulsory_school_end(d(2006, 10, 10)) == d(2023, 6, 30));
  // Fifth birthday 10 May 2011: the next of 31 Dec / 31 Mar / 31 Aug is 31 Aug 2011.
  CHECK(compulsory_school_start(d(2006, 5, 10)) == d(2011, 8, 31));
  CHECK(compulsory_school_start(d(2006, 3, 31)) == d(2011, 3, 31));
  CHECK(in_primary_phase(d(2008, 9, 1), d(2018, 6, 30)));    // 8 on 31 Aug 2017
  CHECK(!in_primary_phase(d(2006, 8, 31), d(2018, 6, 30)));  // 11 on 31 Aug 2017
  CHECK(latest_term_ending_on_or_before(d(2018, 6, 30)) == 2018 * 3 + 0);  // 2018-spring
  CHECK(term_end(2017 * 3 + 2) == d(2017, 12, 31));
  std::string text;
  append_term(text, 2016 * 3 + 2);
  CHECK(text == "2016-autumn");
}

TEST_CASE("measures: exact rates over the last three full terms") {
  // Three terms of 14/140 unauthorised: exactly 10%.
  AttendanceSeries series = {{2017 * 3 + 0, 140, 0, 14}, {2017 * 3 + 1, 140, 3, 14}, {2017 * 3 + 2, 140, 0, 14}};
  const Rate rate = unauthorised_rate_last3(series, make_date(2018, 1, 15));
  CHECK(at_least_percent(rate, 10));
  CHECK(below_percent(rate, 10) == Aim::NotMet);
  // A term ending after the day does not count; none within 18 months: unknown.
  CHECK(!unauthorised_rate_last3(series, make_date(2017, 3, 30)).known());
  CHECK(!unauthorised_rate_last3(series, make_date(2019, 7, 1)).known());
  CHECK(first_of_last3(series, make_date(2018, 1, 15)) == 2017 * 3 + 0);

  std::vector<Span> jobs = {{make_date(2018, 1, 1), make_date(2018, 3, 31)},   // 90 days
                            {make_date(2018, 4, 29), make_date(2018, 7, 28)}};  // 91 days
  CHECK(longest_run_days(jobs, make_date(2017, 12, 31), make_date(2018, 12, 31)) == 91);
  CHECK(!some_210_day_window_holds_182(jobs, make_date(2017, 12, 31), make_date(2018, 12, 31)));  // 181
  jobs[0].start = make_date(2017, 12, 31);  // now 91 + 28-day gap + 91
  CHECK(some_210_day_window_holds_182(jobs, make_date(2017, 12, 30), make_date(2018, 12, 31)));
  CHECK(lasts_months_by({make_date(2018, 1, 15), std::nullopt}, 3, make_date(2018, 4, 14)));
  CHECK(!lasts_months_by({make_date(2018, 1, 15), std::nullopt}, 3, make_date(2018, 4, 13)));
}
