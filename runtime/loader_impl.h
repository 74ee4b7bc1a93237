// Internals of CohortReader, shared by loader.cpp (lines, families, members)
// and loader_events.cpp (events and their fields). Not part of the interface.
#pragma once
#include <simdjson.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <span>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "runtime/accepted_ids.h"
#include "runtime/loader.h"
#include "runtime/loader_text.h"

namespace outcomes {

namespace od = simdjson::ondemand;

// Where in a family a problem lies. Cheap to build and pass around; turned
// into text ("events[3].scores.physical_health") only for a message.
struct FieldPath {
  std::string_view list;  // "members" or "events"; empty at the family level
  int64_t index = -1;     // position in that list
  std::string_view name;  // the field
  std::string_view key;   // a key inside an object-valued field (Scores)

  static FieldPath top(std::string_view field) {
    FieldPath path;
    path.name = field;
    return path;
  }
  static FieldPath item(std::string_view list, int64_t index) {
    FieldPath path;
    path.list = list;
    path.index = index;
    return path;
  }
  FieldPath with(std::string_view field) const {
    FieldPath path = *this;
    path.name = field;
    return path;
  }
  FieldPath with_key(std::string_view inner) const {
    FieldPath path = *this;
    path.key = inner;
    return path;
  }
  std::string text() const;
};

// Text for "found ...": the JSON as written, or "an object" / "an array".
std::string found_text(od::json_type type, std::string_view token);
std::string quote_text(std::string_view text);
// "a, b, c" (at most `limit` names, then "...").
template <typename Names, typename NameOf>
std::string join_names(const Names& names, NameOf name_of, size_t limit = 20) {
  std::string out;
  size_t count = 0;
  for (const auto& item : names) {
    if (count == limit) return out + ", ...";
    if (count++) out += ", ";
    out += name_of(item);
  }
  return out;
}

// An absent (or null) field's slots: "still open", its default, or kAbsent.
// False when the field is required. Shared by both ways of reading a family.
inline bool fill_absent_field(const FieldDef& field, int64_t* slots) {
  if (field.type == FieldType::Date && field.open_end) {
    slots[0] = kOpenEnd.days;
  } else if (field.has_default) {
    std::fill_n(slots, field.width, field.default_value);
    if (field.type == FieldType::Number) slots[1] = 1;
  } else if (field.optional) {
    std::fill_n(slots, field.width, kAbsent);
  } else {
    return false;
  }
  return true;
}

// The days an event sorts by: its ordering field's date (or the first day of
// its term or month).
inline int32_t order_key_of(const EventTypeDef& type, const int64_t* slots) {
  if (type.order_field < 0) return 0;
  const FieldDef& field = type.fields[type.order_field];
  const int64_t value = slots[field.slot];
  if (value == kAbsent) return kNoDate.days;  // sorts before every real date
  switch (field.type) {
    case FieldType::Term: return term_start(static_cast<Term>(value)).days;
    case FieldType::Month: return month_start(static_cast<Month>(value)).days;
    default: return static_cast<int32_t>(std::clamp<int64_t>(value, INT32_MIN, INT32_MAX));
  }
}

// An event being read: its type is known once its "type" field is read.
struct EventInProgress {
  const EventTypeDef* type = nullptr;
  FieldPath path;
  Event event;
  int64_t* slots = nullptr;
  bool type_seen = false;
  bool member_seen = false;
};

struct CohortReader::Impl {
  Impl(const Schema& schema, std::string display_name, IssueHandler on_issue);

  CohortReader::Outcome parse_line(std::string_view line, int64_t line_number, Family& out);
  void emit(LoadIssue::Severity severity, int64_t line, std::string family_id, std::string field,
            std::string message);

  // Families and members (loader.cpp).
  bool parse_family();
  bool read_family_id(od::object& root);
  bool parse_members(od::value& value);
  bool parse_member(od::object& object, int64_t index);

  // The fast path (loader_fast.cpp): true when it read the whole family and
  // the full reader would have accepted it without a message; false means
  // "read it the full way" (the family then needs clearing).
  struct FastReader;
  bool parse_family_fast();
  void prepare_fast_keys();
  bool has_repeated_unique_key();
  // Per event type, each key's name as raw bytes, and which key followed
  // which last time (the order writers use), for the fast path.
  struct FastKeys {
    std::vector<std::string> quoted;    // by code: fields, then "member"
    std::vector<size_t> quoted_length;  // 0: never predicted
    std::vector<int16_t> next;          // by the code of the key before (the type: last)
  };
  std::vector<FastKeys> fast_keys;

  // Events and their fields (loader_events.cpp).
  bool parse_events(od::value& value);
  bool parse_event(od::object& object, int64_t index);
  bool start_event(od::value& type_value, EventInProgress& current);
  bool read_event_field(od::field& field, std::string_view key, EventInProgress& current);
  bool finish_event(EventInProgress& current);
  bool read_event_member(od::value& value, const FieldPath& path, EventInProgress& current);
  bool read_field(od::value& value, const FieldDef& field, int64_t* slots, const FieldPath& path);
  bool read_scores(od::value& value, const FieldDef& field, int64_t* slots, const FieldPath& path);
  bool fill_missing_field(const FieldDef& field, int64_t* slots, const FieldPath& path, bool given_null);
  bool run_checks(const EventTypeDef& type, const FieldPath& path);
  bool check_unique_keys();
  int find_member(std::string_view id) const;
  void index_member(size_t index);
  std::string expected_text(const FieldDef& field) const;
  std::string member_list() const;

  // JSON reading shared by both (loader.cpp). Each returns false after
  // recording the failure; the caller stops at once.
  bool next_field(simdjson::simdjson_result<od::field>& item, const FieldPath& path, od::field& field,
                  std::string_view& key);
  bool raw_key_is(od::field& field, std::string_view expected) const;
  bool inspect(od::value& value, const FieldPath& path, od::json_type& type, std::string_view& token);
  bool string_text(od::value& value, std::string_view token, const FieldPath& path, std::string_view& text);
  bool read_string(od::value& value, const FieldPath& path, std::string_view expected,
                   std::string_view& text);
  bool read_date(od::value& value, const FieldPath& path, Date& date);
  bool read_whole_number(std::string_view token, int64_t min, int64_t max, const FieldPath& path,
                         int64_t& number);
  bool validate_ignored(od::value& value, const FieldPath& path, int depth);
  void warn_unknown_field(const FieldPath& path, std::string_view name,
                          std::span<const std::string_view> known, const EventTypeDef* type);
  bool bad_token(const FieldPath& path, std::string_view token);
  bool fail(const FieldPath& path, std::string message);
  bool json_failure(const FieldPath& path, simdjson::error_code error);
  void warn(const FieldPath& path, std::string message);

  const Schema& schema;
  const std::string file;
  const IssueHandler on_issue;
  loader_text::NameIndex type_index;
  std::vector<loader_text::NameIndex> field_index;       // per type
  std::vector<loader_text::NameIndex> enum_value_index;  // per enum
  // Family ids accepted so far, with their lines: the only state kept from
  // one family to the next.
  AcceptedIds accepted_ids;
  bool check_duplicate_ids = true;
  bool fast_path = true;
  int64_t accepted = 0, rejected = 0, warnings = 0, fast_accepted = 0;

  // Reused from line to line so the steady state allocates nothing.
  od::parser parser;
  od::document document;
  bool document_started = false;  // `document` belongs to the current line
  std::unique_ptr<char[]> padded;
  size_t padded_capacity = 0;
  std::vector<uint8_t> field_seen;
  std::vector<uint8_t> score_seen;
  std::vector<uint32_t> scratch;

  // Member ids by hashing, once a family has more members than a scan
  // handles well (kLinearMembers, loader.cpp): both the check that ids are
  // unique and each event's member lookup would otherwise cost members x
  // (members + events). Empty, and not cleared, for ordinary families.
  struct TextHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, int, TextHash, std::equal_to<>> member_index;
  size_t indexed_members = 0;

  // The line being read.
  Family* family = nullptr;
  int64_t line = 0;
  std::string_view input;
  std::string failure_field, failure_message;
};

// The helpers every field goes through, inline for speed. Their scans may
// read up to seven bytes past `input`, which the padded copy allows.

inline bool CohortReader::Impl::next_field(simdjson::simdjson_result<od::field>& item, const FieldPath& path,
                                           od::field& field, std::string_view& key) {
  if (auto error = std::move(item).get(field)) return json_failure(path, error);
  // Names almost never hold escapes: read them in place, and leave the rest
  // to the parser's unescaping (which also checks the escapes).
  const char* start = field.key().raw();
  const char* end = input.data() + input.size();
  const char* at = loader_text::find_quote_or_backslash(start, end);
  if (at < end && *at == '"') {
    key = std::string_view(start, static_cast<size_t>(at - start));
    return true;
  }
  if (auto error = field.unescaped_key().get(key)) return json_failure(path, error);
  return true;
}

inline bool CohortReader::Impl::raw_key_is(od::field& field, std::string_view expected) const {
  const char* start = field.key().raw();
  const size_t room = static_cast<size_t>(input.data() + input.size() - start);
  return room > expected.size() && std::memcmp(start, expected.data(), expected.size()) == 0 &&
         start[expected.size()] == '"';
}

inline bool CohortReader::Impl::inspect(od::value& value, const FieldPath& path, od::json_type& type,
                                        std::string_view& token) {
  // The value's text up to the next comma, colon or bracket: its first byte
  // says what it is; literals must be whole words.
  token = loader_text::trim_json_space_end(value.raw_json_token());
  const char first = token.empty() ? '\0' : token[0];
  switch (first) {
    case '{': type = od::json_type::object; return true;
    case '[': type = od::json_type::array; return true;
    case '"': type = od::json_type::string; return true;
    case 't':
    case 'f':
      type = od::json_type::boolean;
      return token == "true" || token == "false" || bad_token(path, token);
    case 'n':
      type = od::json_type::null;
      return token == "null" || bad_token(path, token);
    default:
      if (first == '-' || (first >= '0' && first <= '9')) {
        type = od::json_type::number;
        return true;
      }
      return bad_token(path, token);
  }
}

inline bool CohortReader::Impl::string_text(od::value& value, std::string_view token, const FieldPath& path,
                                            std::string_view& text) {
  // Without escapes, the text between the quotes is the string.
  if (token.size() >= 2 && token.back() == '"') {
    const std::string_view inside = token.substr(1, token.size() - 2);
    const char* inside_end = inside.data() + inside.size();
    if (loader_text::find_quote_or_backslash(inside.data(), inside_end) == inside_end) {
      text = inside;
      return true;
    }
  }
  if (auto error = value.get_string().get(text)) return json_failure(path, error);
  return true;
}

}  // namespace outcomes
