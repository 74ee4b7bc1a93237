// The cohort loader: lines, families and members, and the JSON reading the
// event code shares. Events and their fields are in loader_events.cpp.
#include "runtime/loader.h"

#include <algorithm>
#include <array>
#include <cstring>

#include <fmt/format.h>

#include "runtime/loader_impl.h"
#include "runtime/loader_text.h"

namespace outcomes {

using loader_text::shown;

namespace {

// Ignored values (unknown fields) are still checked to be valid JSON, by
// recursion; this bounds the recursion.
constexpr int kMaxIgnoredDepth = 100;
// Event::member is an int16_t index.
constexpr int64_t kMaxMembers = INT16_MAX;
// Up to this many members, ids are found by a scan; beyond, by a hash index.
constexpr size_t kLinearMembers = 32;

enum FamilyKey { kFamilyId, kAssessmentDate, kDistrict, kLeadAgency, kMembers, kEvents, kFamilyKeyCount };
constexpr std::array<std::string_view, kFamilyKeyCount> kFamilyKeys = {
    "id", "assessment_date", "district", "lead_agency", "members", "events"};

enum MemberKey { kMemberId, kRole, kDob, kParenting, kMemberKeyCount };
constexpr std::array<std::string_view, kMemberKeyCount> kMemberKeys = {"id", "role", "dob", "parenting"};

template <size_t N>
int key_index(const std::array<std::string_view, N>& keys, std::string_view key) {
  for (size_t i = 0; i < N; ++i)
    if (keys[i] == key) return static_cast<int>(i);
  return -1;
}

std::string json_error_text(simdjson::error_code error) {
  using namespace simdjson;
  switch (error) {
    case UTF8_ERROR: return "the line is not valid UTF-8";
    case UNESCAPED_CHARS: return "malformed JSON: a string holds an unescaped control character";
    case UNCLOSED_STRING: return "malformed JSON: a string is not closed";
    case STRING_ERROR: return "malformed JSON: a string has an invalid escape sequence";
    case TAPE_ERROR: return "malformed JSON: a comma, colon, brace, bracket or value is missing or out of place";
    case INCOMPLETE_ARRAY_OR_OBJECT:
      return "malformed JSON: an object or array is not closed, or text follows the family's closing brace";
    case DEPTH_ERROR: return "malformed JSON: nested too deeply";
    case NUMBER_ERROR: return "malformed JSON: a number is not written correctly";
    case T_ATOM_ERROR:
    case F_ATOM_ERROR:
    case N_ATOM_ERROR: return "malformed JSON: expected true, false or null";
    case CAPACITY: return "the line is too long to parse";
    case MEMALLOC: return "out of memory while parsing the line";
    case EMPTY: return "the line holds no JSON value";
    default: return fmt::format("malformed JSON ({})", error_message(error));
  }
}

}  // namespace

std::string FieldPath::text() const {
  std::string out;
  if (!list.empty()) out = fmt::format("{}[{}]", list, index);
  if (!name.empty()) {
    if (!out.empty()) out += '.';
    out += shown(name, 80);
  }
  if (!key.empty()) {
    if (!out.empty()) out += '.';
    out += shown(key, 80);
  }
  return out;
}

std::string quote_text(std::string_view text) { return "\"" + shown(text) + "\""; }

std::string found_text(od::json_type type, std::string_view token) {
  if (type == od::json_type::object) return "an object";
  if (type == od::json_type::array) return "an array";
  return shown(token);
}

std::string render_load_issue(const LoadIssue& issue) {
  std::string out = issue.file;
  if (issue.line > 0) out += fmt::format(":{}", issue.line);
  out += ": ";
  if (issue.severity == LoadIssue::Severity::Warning) out += "warning: ";
  if (!issue.family_id.empty()) out += fmt::format("family {}: ", shown(issue.family_id, 120));
  if (!issue.field.empty()) out += issue.field + ": ";
  out += issue.message;
  return out;
}

// ---------------------------------------------------------------------------
// Reporting

void CohortReader::Impl::emit(LoadIssue::Severity severity, int64_t at_line, std::string family_id,
                              std::string field, std::string message) {
  if (!on_issue) return;
  on_issue(LoadIssue{severity, file, at_line, std::move(family_id), std::move(field), std::move(message)});
}

bool CohortReader::Impl::fail(const FieldPath& path, std::string message) {
  failure_field = path.text();
  failure_message = std::move(message);
  return false;
}

bool CohortReader::Impl::json_failure(const FieldPath& path, simdjson::error_code error) {
  std::string message = json_error_text(error);
  // Where the parser stopped, as a hint for long lines.
  const char* at = nullptr;
  if (document_started && document.current_location().get(at) == simdjson::SUCCESS &&
      at > input.data() && at <= input.data() + input.size())
    message += fmt::format(" (near byte {} of the line)", at - input.data() + 1);
  return fail(path, std::move(message));
}

void CohortReader::Impl::warn(const FieldPath& path, std::string message) {
  ++warnings;
  emit(LoadIssue::Severity::Warning, line, family->id, path.text(), std::move(message));
}

void CohortReader::Impl::warn_unknown_field(const FieldPath& path, std::string_view name,
                                            std::span<const std::string_view> known,
                                            const EventTypeDef* type) {
  loader_text::NameSuggester suggester(name);
  for (std::string_view candidate : known) suggester.consider(candidate);
  if (type)
    for (const FieldDef& field : type->fields) suggester.consider(field.name);
  std::string message = "unknown field, ignored";
  if (!suggester.best().empty()) message += fmt::format(" (did you mean \"{}\"?)", suggester.best());
  warn(path, std::move(message));
}

// ---------------------------------------------------------------------------
// JSON values

bool CohortReader::Impl::bad_token(const FieldPath& path, std::string_view token) {
  if (token.empty() || token[0] == ',' || token[0] == '}' || token[0] == ']' || token[0] == ':')
    return json_failure(path, simdjson::TAPE_ERROR);
  if (token[0] == 't' || token[0] == 'f')
    return fail(path, fmt::format("malformed JSON: expected true or false, found {}", shown(token)));
  if (token[0] == 'n') return fail(path, fmt::format("malformed JSON: expected null, found {}", shown(token)));
  return fail(path, fmt::format("malformed JSON: unexpected {}", shown(token)));
}

bool CohortReader::Impl::read_string(od::value& value, const FieldPath& path, std::string_view expected,
                                     std::string_view& text) {
  od::json_type type;
  std::string_view token;
  if (!inspect(value, path, type, token)) return false;
  if (type != od::json_type::string)
    return fail(path, fmt::format("expected {}, found {}", expected, found_text(type, token)));
  return string_text(value, token, path, text);
}

bool CohortReader::Impl::read_date(od::value& value, const FieldPath& path, Date& date) {
  std::string_view text;
  if (!read_string(value, path, "a date YYYY-MM-DD", text)) return false;
  const std::optional<Date> parsed = parse_iso_date(text);
  if (!parsed) return fail(path, fmt::format("expected a date YYYY-MM-DD, found {}", quote_text(text)));
  date = *parsed;
  return true;
}

namespace {

std::string whole_number_text(int64_t min, int64_t max) {
  if (max == INT64_MAX)
    return min == 0 ? "a non-negative whole number" : fmt::format("a whole number of at least {}", min);
  return fmt::format("a whole number from {} to {}", min, max);
}

}  // namespace

bool CohortReader::Impl::read_whole_number(std::string_view token, int64_t min, int64_t max,
                                           const FieldPath& path, int64_t& number) {
  using loader_text::NumberProblem;
  const NumberProblem problem = loader_text::parse_whole_number(token, number);
  if (problem == NumberProblem::Malformed)
    return fail(path, fmt::format("malformed JSON: {} is not a number", shown(token)));
  if (problem == NumberProblem::NotWhole)
    return fail(path, fmt::format("expected {} written without a fraction or exponent, found {}",
                                  whole_number_text(min, max), shown(token)));
  if (problem != NumberProblem::None || number < min || number > max)
    return fail(path, fmt::format("expected {}, found {}", whole_number_text(min, max), shown(token)));
  return true;
}

bool CohortReader::Impl::validate_ignored(od::value& value, const FieldPath& path, int depth) {
  if (depth > kMaxIgnoredDepth)
    return fail(path, fmt::format("nested more than {} levels deep", kMaxIgnoredDepth));
  od::json_type type;
  std::string_view token;
  if (!inspect(value, path, type, token)) return false;
  switch (type) {
    case od::json_type::object: {
      od::object object;
      if (auto error = value.get_object().get(object)) return json_failure(path, error);
      for (auto item : object) {
        od::field field;
        std::string_view key;
        if (!next_field(item, path, field, key)) return false;
        if (!validate_ignored(field.value(), path, depth + 1)) return false;
      }
      return true;
    }
    case od::json_type::array: {
      od::array array;
      if (auto error = value.get_array().get(array)) return json_failure(path, error);
      for (auto item : array) {
        od::value element;
        if (auto error = std::move(item).get(element)) return json_failure(path, error);
        if (!validate_ignored(element, path, depth + 1)) return false;
      }
      return true;
    }
    case od::json_type::string: {
      std::string_view text;  // read only to check its escapes
      return string_text(value, token, path, text);
    }
    case od::json_type::number:
      if (!loader_text::is_json_number(token))
        return fail(path, fmt::format("malformed JSON: {} is not a number", shown(token)));
      return true;
    default:
      return true;  // true, false and null were checked by inspect
  }
}

// ---------------------------------------------------------------------------
// Lines and families

CohortReader::Impl::Impl(const Schema& schema_in, std::string display_name, IssueHandler handler)
    : schema(schema_in), file(std::move(display_name)), on_issue(std::move(handler)) {
  size_t most_fields = 0;
  field_index.resize(schema.types.size());
  for (size_t t = 0; t < schema.types.size(); ++t) {
    const EventTypeDef& type = schema.types[t];
    type_index.add(type.name, static_cast<int>(t));
    for (size_t f = 0; f < type.fields.size(); ++f) field_index[t].add(type.fields[f].name, static_cast<int>(f));
    most_fields = std::max(most_fields, type.fields.size());
  }
  enum_value_index.resize(schema.enums.size());
  for (size_t e = 0; e < schema.enums.size(); ++e)
    for (size_t v = 0; v < schema.enums[e].values.size(); ++v)
      enum_value_index[e].add(schema.enums[e].values[v], static_cast<int>(v));
  field_seen.assign(most_fields, 0);
}

CohortReader::Outcome CohortReader::Impl::parse_line(std::string_view text, int64_t line_number, Family& out) {
  if (loader_text::trim_json_space(text).empty()) return Outcome::Blank;
  out.clear();
  out.line = line_number;
  family = &out;
  line = line_number;
  failure_field.clear();
  failure_message.clear();

  // The parser reads a little past the end of its input; give it a padded copy.
  const size_t needed = text.size() + simdjson::SIMDJSON_PADDING;
  if (padded_capacity < needed) {
    padded_capacity = std::max(needed, padded_capacity * 2);
    padded = std::make_unique_for_overwrite<char[]>(padded_capacity);
  }
  std::memcpy(padded.get(), text.data(), text.size());
  std::memset(padded.get() + text.size(), ' ', simdjson::SIMDJSON_PADDING);
  input = std::string_view(padded.get(), text.size());

  if (fast_path) {
    if (parse_family_fast()) {
      ++accepted;
      ++fast_accepted;
      return Outcome::Accepted;
    }
    out.clear();  // declined: the full reader starts again
    out.line = line_number;
    failure_field.clear();
    failure_message.clear();
  }
  if (parse_family()) {
    ++accepted;
    return Outcome::Accepted;
  }
  ++rejected;
  emit(LoadIssue::Severity::Error, line, out.id, failure_field, failure_message);
  return Outcome::Rejected;
}

bool CohortReader::Impl::parse_family() {
  const simdjson::padded_string_view padded_input(input.data(), input.size(), padded_capacity);
  document_started = false;
  if (auto error = parser.iterate(padded_input).get(document)) return json_failure({}, error);
  document_started = true;
  od::object root;
  if (auto error = document.get_object().get(root)) {
    od::json_type type;
    if (error == simdjson::INCORRECT_TYPE && document.type().get(type) == simdjson::SUCCESS)
      return fail({}, fmt::format("expected a JSON object (one family per line), found {}",
                                  found_text(type, loader_text::trim_json_space(input))));
    return json_failure({}, error);
  }
  // The id comes first, wherever it is written, so every message can name it.
  if (!read_family_id(root)) return false;
  bool not_empty = false;
  if (auto error = root.reset().get(not_empty)) return json_failure({}, error);

  Family& out = *family;
  unsigned seen = 0;
  bool events_deferred = false;
  for (auto item : root) {
    od::field field;
    std::string_view key;
    if (!next_field(item, FieldPath(), field, key)) return false;
    od::value& value = field.value();
    const FieldPath path = FieldPath::top(key);
    const int which = key_index(kFamilyKeys, key);
    if (which < 0) {
      warn_unknown_field(path, key, kFamilyKeys, nullptr);
      if (!validate_ignored(value, path, 0)) return false;
      continue;
    }
    if (seen & (1u << which)) return fail(path, "this field is given twice");
    seen |= 1u << which;
    bool ok = true;
    switch (which) {
      case kFamilyId: break;  // already read
      case kAssessmentDate: ok = read_date(value, path, out.assessment_date); break;
      case kDistrict:
      case kLeadAgency: {
        od::json_type type;
        std::string_view token, text;
        ok = inspect(value, path, type, token);
        if (ok && type != od::json_type::null) {
          if (type != od::json_type::string)
            return fail(path, fmt::format("expected a string or null, found {}", found_text(type, token)));
          ok = string_text(value, token, path, text);
          if (ok) (which == kDistrict ? out.district : out.lead_agency).assign(text);
        }
        break;
      }
      case kMembers: ok = parse_members(value); break;
      case kEvents:
        // Events name members, so they wait for the members when written first.
        if (seen & (1u << kMembers))
          ok = parse_events(value);
        else
          events_deferred = true;
        break;
    }
    if (!ok) return false;
  }
  const char* rest = nullptr;
  if (document.current_location().get(rest) == simdjson::SUCCESS && rest >= input.data() &&
      rest < input.data() + input.size())
    return fail({}, fmt::format("unexpected text after the family's closing brace: {}",
                                shown(std::string_view(rest, input.data() + input.size() - rest))));

  for (int required : {kAssessmentDate, kMembers, kEvents}) {
    if (seen & (1u << required)) continue;
    static constexpr std::array<std::string_view, kFamilyKeyCount> kExpected = {
        "", "a date YYYY-MM-DD", "", "", "an array of at least one member", "an array of events (it may be empty)"};
    return fail(FieldPath::top(kFamilyKeys[required]),
                fmt::format("required field is missing; expected {}", kExpected[required]));
  }
  if (events_deferred) {
    od::value events;
    if (auto error = root.reset().get(not_empty)) return json_failure({}, error);
    if (root.find_field_unordered("events").get(events) != simdjson::SUCCESS)
      return fail(FieldPath::top("events"), "could not be read again after the members; write \"events\" "
                                               "without escape sequences in its name");
    if (!parse_events(events)) return false;
  }
  out.finalize(schema);
  if (!check_unique_keys()) return false;
  if (!check_duplicate_ids) return true;
  // Last, so one hash lookup both checks and records the id.
  if (const auto earlier = accepted_ids.accept(out.id, line))
    return fail(FieldPath::top("id"), CohortReader::duplicate_id_message(out.id, *earlier));
  return true;
}

bool CohortReader::Impl::read_family_id(od::object& root) {
  const FieldPath path = FieldPath::top("id");
  od::value value;
  const auto error = root.find_field_unordered("id").get(value);
  if (error == simdjson::NO_SUCH_FIELD)
    return fail(path, "required field is missing; expected the family's id, a non-empty string");
  if (error) return json_failure({}, error);
  std::string_view id;
  if (!read_string(value, path, "the family's id, a non-empty string", id)) return false;
  if (id.empty()) return fail(path, "expected the family's id, a non-empty string, found \"\"");
  family->id.assign(id);
  return true;
}

bool CohortReader::Impl::parse_members(od::value& value) {
  const FieldPath path = FieldPath::top("members");
  od::json_type type;
  std::string_view token;
  if (!inspect(value, path, type, token)) return false;
  if (type != od::json_type::array)
    return fail(path, fmt::format("expected an array of at least one member, found {}", found_text(type, token)));
  od::array list;
  if (auto error = value.get_array().get(list)) return json_failure(path, error);
  if (indexed_members > 0) member_index.clear(), indexed_members = 0;
  int64_t index = 0;
  for (auto item : list) {
    const FieldPath member_path = FieldPath::item("members", index);
    od::value element;
    if (auto error = std::move(item).get(element)) return json_failure(member_path, error);
    if (!inspect(element, member_path, type, token)) return false;
    if (type != od::json_type::object)
      return fail(member_path, fmt::format("expected a member (an object with id, role and dob), found {}",
                                           found_text(type, token)));
    if (index == kMaxMembers) return fail(path, fmt::format("a family may have at most {} members", kMaxMembers));
    od::object object;
    if (auto error = element.get_object().get(object)) return json_failure(member_path, error);
    if (!parse_member(object, index)) return false;
    ++index;
  }
  if (index == 0) return fail(path, "expected an array of at least one member, found an empty array");
  return true;
}

bool CohortReader::Impl::parse_member(od::object& object, int64_t index) {
  Family& out = *family;
  Member& member = out.members.emplace_back();
  const FieldPath path = FieldPath::item("members", index);
  unsigned seen = 0;
  // Whether `parenting` counts depends on the role, which may come later.
  od::json_type parenting_type = od::json_type::null;
  std::string_view parenting_token;

  for (auto item : object) {
    od::field field;
    std::string_view key;
    if (!next_field(item, path, field, key)) return false;
    od::value& value = field.value();
    const FieldPath field_path = path.with(key);
    const int which = key_index(kMemberKeys, key);
    if (which < 0) {
      warn_unknown_field(field_path, key, kMemberKeys, nullptr);
      if (!validate_ignored(value, field_path, 0)) return false;
      continue;
    }
    if (seen & (1u << which)) return fail(field_path, "this field is given twice");
    seen |= 1u << which;
    std::string_view text;
    switch (which) {
      case kMemberId:
        if (!read_string(value, field_path, "the member's id, a non-empty string", text)) return false;
        if (text.empty()) return fail(field_path, "expected the member's id, a non-empty string, found \"\"");
        if (const int other = find_member(text); other >= 0)
          return fail(field_path,
                      fmt::format("the member id {} is also used by members[{}]", quote_text(text), other));
        member.id.assign(text);
        index_member(static_cast<size_t>(index));
        break;
      case kRole:
        if (!read_string(value, field_path, "\"adult\" or \"child\"", text)) return false;
        if (text == "adult") {
          member.role = Role::Adult;
        } else if (text == "child") {
          member.role = Role::Child;
        } else {
          loader_text::NameSuggester suggester(text);
          suggester.consider("adult");
          suggester.consider("child");
          std::string message = fmt::format("expected \"adult\" or \"child\", found {}", quote_text(text));
          if (!suggester.best().empty()) message += fmt::format(" (did you mean \"{}\"?)", suggester.best());
          return fail(field_path, std::move(message));
        }
        break;
      case kDob:
        if (!read_date(value, field_path, member.dob)) return false;
        break;
      case kParenting:
        if (!inspect(value, field_path, parenting_type, parenting_token)) return false;
        break;
    }
  }
  static constexpr std::array<std::string_view, kMemberKeyCount> kExpected = {
      "the member's id, a non-empty string", "\"adult\" or \"child\"", "a date YYYY-MM-DD", ""};
  for (int required : {kMemberId, kRole, kDob})
    if (!(seen & (1u << required)))
      return fail(path.with(kMemberKeys[required]),
                  fmt::format("required field is missing; expected {}", kExpected[required]));
  if (parenting_type != od::json_type::null) {
    const FieldPath parenting_path = path.with("parenting");
    if (member.role == Role::Child) {
      warn(parenting_path, "parenting applies to adults only; ignored on a child");
    } else if (parenting_type != od::json_type::boolean) {
      return fail(parenting_path,
                  fmt::format("expected true or false, found {}", found_text(parenting_type, parenting_token)));
    } else {
      member.parenting = parenting_token == "true";
    }
  }
  return true;
}

// Members are indexed in order, each once its id is read (an id is read
// before the next member starts, or the family is rejected).
void CohortReader::Impl::index_member(size_t index) {
  if (index < kLinearMembers) return;
  const auto& members = family->members;
  if (indexed_members == 0)
    for (size_t m = 0; m < index; ++m) member_index.emplace(members[m].id, static_cast<int>(m));
  member_index.emplace(members[index].id, static_cast<int>(index));
  indexed_members = index + 1;
}

int CohortReader::Impl::find_member(std::string_view id) const {
  if (indexed_members > 0) {
    const auto it = member_index.find(id);
    return it == member_index.end() ? -1 : it->second;
  }
  const auto& members = family->members;
  for (size_t m = 0; m < members.size(); ++m)
    if (loader_text::same_text(members[m].id, id)) return static_cast<int>(m);
  return -1;
}

// ---------------------------------------------------------------------------
// The public face

CohortReader::CohortReader(const Schema& schema, std::string display_name, IssueHandler on_issue)
    : impl_(std::make_unique<Impl>(schema, std::move(display_name), std::move(on_issue))) {}

CohortReader::~CohortReader() = default;

CohortReader::Outcome CohortReader::parse_line(std::string_view line, int64_t line_number, Family& out) {
  return impl_->parse_line(line, line_number, out);
}

void CohortReader::reject_overlong_line(int64_t line_number, uint64_t length, size_t limit) {
  ++impl_->rejected;
  impl_->emit(LoadIssue::Severity::Error, line_number, "", "",
              fmt::format("the line is {} bytes long, more than the limit of {} bytes; it was skipped", length, limit));
}

void CohortReader::report_input_error(int64_t line_number, std::string_view message) {
  impl_->emit(LoadIssue::Severity::Error, line_number, "", "", std::string(message));
}

void CohortReader::set_duplicate_ids_checked(bool checked) { impl_->check_duplicate_ids = checked; }
void CohortReader::set_fast_path(bool enabled) { impl_->fast_path = enabled; }

std::string CohortReader::duplicate_id_message(std::string_view id, int64_t earlier_line) {
  return fmt::format("the family id {} was already used by the family on line {}", quote_text(id), earlier_line);
}

int64_t CohortReader::accepted() const { return impl_->accepted; }
int64_t CohortReader::rejected() const { return impl_->rejected; }
int64_t CohortReader::warnings() const { return impl_->warnings; }
int64_t CohortReader::fast_accepted() const { return impl_->fast_accepted; }

bool read_cohort(const std::string& path, CohortReader& reader, const std::function<void(const Family&)>& on_family,
                 size_t max_line_bytes) {
  LineReader lines(path, max_line_bytes);
  if (lines.failed()) {
    reader.report_input_error(0, lines.error());
    return false;
  }
  Family family;
  std::string_view line;
  int64_t number = 0;
  while (lines.next(line, number)) {
    if (lines.line_too_long()) {
      reader.reject_overlong_line(number, lines.too_long_length(), lines.max_line_bytes());
      continue;
    }
    if (reader.parse_line(line, number, family) == CohortReader::Outcome::Accepted && on_family) on_family(family);
  }
  if (lines.failed()) {
    reader.report_input_error(number, lines.error() + "; the rest of the input was not read");
    return false;
  }
  return true;
}

}  // namespace outcomes
