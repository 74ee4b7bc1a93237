// A small schema built by hand for the loader tests, covering every field
// type, every member rule, checks and unique keys; plus a harness that keeps
// the issues the reader reports.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "runtime/loader.h"

namespace outcomes::loader_test {

// Lays out slots as the schema compiler does: fields in order, Number two
// slots, Scores one per key; the first Date/Term/Month field orders events.
inline void lay_out(Schema& schema, EventTypeDef& type) {
  int slot = 0;
  for (FieldDef& field : type.fields) {
    field.width = field.type == FieldType::Number   ? 2
                  : field.type == FieldType::Scores ? static_cast<int>(schema.enums[field.enum_id].values.size())
                                                    : 1;
    field.slot = slot;
    slot += field.width;
  }
  type.slot_count = slot;
  for (size_t i = 0; i < type.fields.size(); ++i) {
    const FieldType t = type.fields[i].type;
    if (t == FieldType::Date || t == FieldType::Term || t == FieldType::Month) {
      type.order_field = static_cast<int>(i);
      break;
    }
  }
}

inline FieldDef field(std::string name, FieldType type) {
  FieldDef def;
  def.name = std::move(name);
  def.type = type;
  return def;
}

inline EventTypeDef event_type(std::string name, MemberRule member) {
  EventTypeDef def;
  def.name = std::move(name);
  def.member = member;
  return def;
}

inline FieldDef with_enum(FieldDef def, int enum_id) {
  def.enum_id = enum_id;
  return def;
}

inline int64_t slot_of(const Family& family, const Event& event, const EventTypeDef& type, std::string_view name,
                       int offset = 0) {
  return family.slot(event, type.fields[type.field_index(name)], offset);
}

// Type indexes of the test schema.
enum TestType { kIncident, kSpell, kRecord, kMonthly, kReading, kExclusion, kNote };
enum TestEnum { kColour, kDomain, kKind };

inline Schema make_test_schema() {
  Schema schema;
  schema.enums = {{"Colour", {"red", "green", "blue"}},
                  {"Domain", {"health", "wellbeing", "safety"}},
                  {"Kind", {"permanent", "fixed"}}};

  EventTypeDef incident = event_type("incident", MemberRule::Required);
  incident.fields = {field("date", FieldType::Date)};

  EventTypeDef spell = event_type("spell", MemberRule::Required);
  FieldDef end = field("end", FieldType::Date);
  end.open_end = true;
  spell.fields = {field("start", FieldType::Date), end};

  EventTypeDef record = event_type("record", MemberRule::Required);
  record.fields = {field("term", FieldType::Term), field("possible", FieldType::Int), field("missed", FieldType::Int)};

  EventTypeDef monthly = event_type("monthly", MemberRule::Optional);
  FieldDef count = field("count", FieldType::Int);
  count.min = 1;
  count.max = 28;
  FieldDef ratio = field("ratio", FieldType::Number);
  ratio.optional = true;
  FieldDef flag = field("flag", FieldType::Bool);
  flag.has_default = true;
  flag.default_value = 1;
  monthly.fields = {field("month", FieldType::Month), count, ratio, flag,
                    with_enum(field("colour", FieldType::Enum), kColour)};

  EventTypeDef reading = event_type("reading", MemberRule::None);
  FieldDef scores = with_enum(field("scores", FieldType::Scores), kDomain);
  scores.min = 1;
  scores.max = 10;
  reading.fields = {field("date", FieldType::Date), scores};

  EventTypeDef exclusion = event_type("exclusion", MemberRule::Required);
  FieldDef days = field("days", FieldType::Number);
  days.optional = true;
  exclusion.fields = {field("date", FieldType::Date), with_enum(field("kind", FieldType::Enum), kKind), days};

  EventTypeDef note = event_type("note", MemberRule::Optional);
  FieldDef hours = field("hours", FieldType::Number);
  hours.max = 1000;
  hours.has_default = true;
  hours.default_value = 3;
  FieldDef done = field("done", FieldType::Bool);
  done.optional = true;
  FieldDef until = field("until", FieldType::Date);
  until.optional = true;
  note.fields = {field("date", FieldType::Date), hours, done, until};

  schema.types = {incident, spell, record, monthly, reading, exclusion, note};
  for (EventTypeDef& type : schema.types) lay_out(schema, type);

  // Checks read the event through the family, as compiled rule code does.
  {
    EventTypeDef& t = schema.types[kSpell];
    const FieldDef start_def = t.fields[0], end_def = t.fields[1];
    t.checks.push_back({"end is before start", "end", [start_def, end_def](const Family& f, uint32_t e) {
                          const Event& ev = f.events[e];
                          return f.slot(ev, end_def) >= f.slot(ev, start_def);
                        }});
  }
  {
    EventTypeDef& t = schema.types[kRecord];
    const FieldDef possible = t.fields[1], missed = t.fields[2];
    t.checks.push_back({"possible must be more than 0", "possible", [possible](const Family& f, uint32_t e) {
                          return f.slot(f.events[e], possible) > 0;
                        }});
    t.checks.push_back({"missed exceeds possible", "missed", [possible, missed](const Family& f, uint32_t e) {
                          return f.slot(f.events[e], missed) <= f.slot(f.events[e], possible);
                        }});
    t.unique_keys = {{-1, 0}};
    t.unique_messages = {"two records for one member and term"};
  }
  {
    EventTypeDef& t = schema.types[kMonthly];
    t.unique_keys = {{-1, 0}};  // no message: the loader words one
  }
  {
    EventTypeDef& t = schema.types[kReading];
    const FieldDef scores_def = t.fields[1];
    t.checks.push_back({"a reading needs at least one score", "scores", [scores_def](const Family& f, uint32_t e) {
                          for (int k = 0; k < scores_def.width; ++k)
                            if (f.slot(f.events[e], scores_def, k) != 0) return true;
                          return false;
                        }});
  }
  {
    EventTypeDef& t = schema.types[kExclusion];
    const FieldDef kind = t.fields[1], days_def = t.fields[2];
    t.checks.push_back({"a fixed exclusion needs days", "days", [kind, days_def](const Family& f, uint32_t e) {
                          return f.slot(f.events[e], kind) != 1 || f.slot(f.events[e], days_def) != kAbsent;
                        }});
  }
  return schema;
}

struct Harness {
  Schema schema = make_test_schema();
  std::vector<LoadIssue> issues;
  CohortReader reader{schema, "cohort.jsonl", [this](const LoadIssue& issue) { issues.push_back(issue); }};
  Family family;

  CohortReader::Outcome parse(std::string_view line, int64_t line_number = 1) {
    issues.clear();
    return reader.parse_line(line, line_number, family);
  }
  std::vector<LoadIssue> of(LoadIssue::Severity severity) const {
    std::vector<LoadIssue> out;
    for (const LoadIssue& issue : issues)
      if (issue.severity == severity) out.push_back(issue);
    return out;
  }
  std::vector<LoadIssue> errors() const { return of(LoadIssue::Severity::Error); }
  std::vector<LoadIssue> warnings() const { return of(LoadIssue::Severity::Warning); }
  // The one error of a rejected line, rendered.
  std::string error() const {
    const auto found = errors();
    return found.size() == 1 ? render_load_issue(found[0]) : "<" + std::to_string(found.size()) + " errors>";
  }
};

inline const char* kMembers =
    R"("members": [{"id": "M1", "role": "adult", "dob": "1985-03-02", "parenting": true}, )"
    R"({"id": "C1", "role": "child", "dob": "2006-05-10"}])";

// One family line with the given events (the inside of the array).
inline std::string family_line(std::string_view events, std::string_view id = "F1") {
  return "{\"id\": \"" + std::string(id) + "\", \"assessment_date\": \"2017-09-12\", " + kMembers +
         ", \"events\": [" + std::string(events) + "]}";
}

}  // namespace outcomes::loader_test
