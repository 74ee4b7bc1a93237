// The cohort loader's events: each is read by its type's definition in the
// Schema, field by field into the family's slots, then checked.
#include <algorithm>
#include <exception>

#include <fmt/format.h>

#include "runtime/loader_impl.h"
#include "runtime/loader_text.h"
#include "runtime/vm.h"

namespace outcomes {

using loader_text::shown;

namespace {

constexpr std::string_view kTypeKey = "type";
constexpr std::string_view kMemberKey = "member";
constexpr std::string_view kEventKeys[] = {kTypeKey, kMemberKey};

std::string range_text(std::string_view what, int64_t min, int64_t max) {
  if (max == INT64_MAX)
    return min == 0 ? fmt::format("a non-negative {}", what) : fmt::format("a {} of at least {}", what, min);
  return fmt::format("a {} from {} to {}", what, min, max);
}

std::string enum_values(const EnumDef& def) {
  return join_names(def.values, [](const std::string& value) { return value; });
}

std::string did_you_mean(std::string_view wrong, const std::vector<std::string>& names) {
  loader_text::NameSuggester suggester(wrong);
  for (const std::string& name : names) suggester.consider(name);
  return suggester.best().empty() ? "" : fmt::format(" (did you mean \"{}\"?)", suggester.best());
}

// A field's stored value in words, for a failed check's message.
std::string stored_value_text(const Schema& schema, const FieldDef& field, const int64_t* slots) {
  if (slots[0] == kAbsent) return "absent";
  switch (field.type) {
    case FieldType::Date: return slots[0] == kOpenEnd.days ? "open" : format_date(Date{static_cast<int32_t>(slots[0])});
    case FieldType::Int: return fmt::format("{}", slots[0]);
    case FieldType::Number:
      return slots[1] == 1 ? fmt::format("{}", slots[0]) : fmt::format("{}/{}", slots[0], slots[1]);
    case FieldType::Bool: return slots[0] ? "true" : "false";
    case FieldType::Enum: return schema.enums[field.enum_id].values[slots[0]];
    case FieldType::Term: return format_term(static_cast<Term>(slots[0]));
    case FieldType::Month: return format_month(static_cast<Month>(slots[0]));
    case FieldType::Scores: {
      const EnumDef& keys = schema.enums[field.enum_id];
      std::string out;
      for (int k = 0; k < field.width && k < static_cast<int>(keys.values.size()); ++k)
        if (slots[k] != 0) out += fmt::format("{}{}: {}", out.empty() ? "" : ", ", keys.values[k], slots[k]);
      return "{" + out + "}";
    }
  }
  return "";
}

}  // namespace

std::string CohortReader::Impl::expected_text(const FieldDef& field) const {
  switch (field.type) {
    case FieldType::Date: return field.open_end ? "a date YYYY-MM-DD, or null while still open" : "a date YYYY-MM-DD";
    case FieldType::Int: return range_text("whole number", field.min, field.max);
    case FieldType::Number: return range_text("number", field.min, field.max);
    case FieldType::Bool: return "true or false";
    case FieldType::Enum: return "one of " + enum_values(schema.enums[field.enum_id]);
    case FieldType::Term: return "a school term YYYY-autumn, YYYY-spring or YYYY-summer";
    case FieldType::Month: return "a month YYYY-MM";
    case FieldType::Scores:
      return fmt::format("an object whose keys are among {} and whose values are whole numbers from {} to {}",
                         enum_values(schema.enums[field.enum_id]), field.min, field.max);
  }
  return "";
}

std::string CohortReader::Impl::member_list() const {
  return join_names(family->members, [](const Member& member) { return quote_text(member.id); }, 10);
}

bool CohortReader::Impl::parse_events(od::value& value) {
  const FieldPath path = FieldPath::top("events");
  od::json_type type;
  std::string_view token;
  if (!inspect(value, path, type, token)) return false;
  if (type != od::json_type::array)
    return fail(path, fmt::format("expected an array of events (it may be empty), found {}", found_text(type, token)));
  od::array list;
  if (auto error = value.get_array().get(list)) return json_failure(path, error);
  int64_t index = 0;
  for (auto item : list) {
    const FieldPath event_path = FieldPath::item("events", index);
    od::value element;
    if (auto error = std::move(item).get(element)) return json_failure(event_path, error);
    if (!inspect(element, event_path, type, token)) return false;
    if (type != od::json_type::object)
      return fail(event_path,
                  fmt::format("expected an event (an object with a type), found {}", found_text(type, token)));
    od::object object;
    if (auto error = element.get_object().get(object)) return json_failure(event_path, error);
    if (!parse_event(object, index)) return false;
    ++index;
  }
  return true;
}

bool CohortReader::Impl::parse_event(od::object& object, int64_t index) {
  EventInProgress current;
  current.path = FieldPath::item("events", index);
  current.event.position = static_cast<uint32_t>(index);

  // The type decides how every other field reads. It is usually written
  // first; otherwise it is looked up and the object read again from its start.
  bool type_elsewhere = false;
  for (auto item : object) {
    od::field field;
    std::string_view key;
    if (!current.type) {
      if (auto error = std::move(item).get(field)) return json_failure(current.path, error);
      // Only the raw name is looked at here, so nothing is unescaped twice.
      if (!raw_key_is(field, kTypeKey)) {
        type_elsewhere = true;
        break;
      }
      current.type_seen = true;
      if (!start_event(field.value(), current)) return false;
      continue;
    }
    if (!next_field(item, current.path, field, key)) return false;
    if (!read_event_field(field, key, current)) return false;
  }
  if (type_elsewhere) {
    od::value type_value;
    bool not_empty = false;
    if (auto error = object.reset().get(not_empty)) return json_failure(current.path, error);
    const auto found = object.find_field_unordered(kTypeKey).get(type_value);
    if (found == simdjson::NO_SUCH_FIELD)
      return fail(current.path.with(kTypeKey), "required field is missing; expected the event's type");
    if (found) return json_failure(current.path, found);
    if (!start_event(type_value, current)) return false;
    if (auto error = object.reset().get(not_empty)) return json_failure(current.path, error);
    for (auto item : object) {
      od::field field;
      std::string_view key;
      if (!next_field(item, current.path, field, key)) return false;
      if (!read_event_field(field, key, current)) return false;
    }
  } else if (!current.type) {
    return fail(current.path.with(kTypeKey), "required field is missing; expected the event's type");
  }
  return finish_event(current);
}

bool CohortReader::Impl::start_event(od::value& type_value, EventInProgress& current) {
  Family& out = *family;
  const FieldPath type_path = current.path.with(kTypeKey);
  std::string_view type_name;
  if (!read_string(type_value, type_path, "an event type name", type_name)) return false;
  const int known = type_index.find(type_name);
  if (known < 0) {
    loader_text::NameSuggester suggester(type_name);
    for (const EventTypeDef& candidate : schema.types) suggester.consider(candidate.name);
    std::string message = fmt::format("unknown event type {}", quote_text(type_name));
    if (!suggester.best().empty()) message += fmt::format(" (did you mean \"{}\"?)", suggester.best());
    return fail(type_path, std::move(message));
  }
  const EventTypeDef& type = schema.types[known];
  if (out.slots.size() + type.slot_count > UINT32_MAX) return fail(current.path, "too many events in one family");
  current.type = &type;
  current.event.type = static_cast<uint16_t>(known);
  current.event.slot = static_cast<uint32_t>(out.slots.size());
  out.slots.resize(out.slots.size() + type.slot_count);  // capacity is reused from family to family
  current.slots = out.slots.data() + current.event.slot;
  std::fill_n(field_seen.begin(), type.fields.size(), 0);
  return true;
}

bool CohortReader::Impl::read_event_field(od::field& field, std::string_view key, EventInProgress& current) {
  const EventTypeDef& type = *current.type;
  od::value& value = field.value();
  const FieldPath path = current.path.with(key);
  const int index = field_index[current.event.type].find(key);
  if (index >= 0) {
    if (field_seen[index]) return fail(path, "this field is given twice");
    field_seen[index] = 1;
    const FieldDef& def = type.fields[index];
    return read_field(value, def, current.slots + def.slot, path);
  }
  if (key == kTypeKey || key == kMemberKey) {
    bool& seen = key == kTypeKey ? current.type_seen : current.member_seen;
    if (seen) return fail(path, "this field is given twice");
    seen = true;
    return key == kTypeKey || read_event_member(value, path, current);  // the type was read first
  }
  warn_unknown_field(path, key, kEventKeys, &type);
  return validate_ignored(value, path, 0);
}

bool CohortReader::Impl::finish_event(EventInProgress& current) {
  const EventTypeDef& type = *current.type;
  if (type.member == MemberRule::Required && !current.member_seen)
    return fail(current.path.with(kMemberKey),
                fmt::format("required field is missing; expected the id of one of the family's members ({})",
                            member_list()));
  for (size_t f = 0; f < type.fields.size(); ++f) {
    const FieldDef& def = type.fields[f];
    if (!field_seen[f] && !fill_missing_field(def, current.slots + def.slot, current.path.with(def.name), false))
      return false;
  }
  current.event.order_key = order_key_of(type, current.slots);
  family->events.push_back(current.event);
  return run_checks(type, current.path);
}

bool CohortReader::Impl::read_event_member(od::value& value, const FieldPath& path, EventInProgress& current) {
  const EventTypeDef& type = *current.type;
  od::json_type json_type;
  std::string_view token;
  if (!inspect(value, path, json_type, token)) return false;
  if (type.member == MemberRule::None) {
    if (json_type == od::json_type::null) return true;
    warn(path, fmt::format("ignored: {} events have no member", quote_text(type.name)));
    return validate_ignored(value, path, 0);
  }
  if (json_type == od::json_type::null) {
    if (type.member == MemberRule::Required)
      return fail(path, fmt::format("expected the id of one of the family's members ({}), found null", member_list()));
    current.event.member = kNoMember;
    return true;
  }
  if (json_type != od::json_type::string)
    return fail(path, fmt::format("expected the id of one of the family's members ({}), found {}", member_list(),
                                  found_text(json_type, token)));
  std::string_view id;
  if (!string_text(value, token, path, id)) return false;
  const int member = id.empty() ? -1 : find_member(id);
  if (member < 0)
    return fail(path, fmt::format("no member {} in this family; its members are {}", quote_text(id), member_list()));
  current.event.member = static_cast<int16_t>(member);
  return true;
}

bool CohortReader::Impl::read_field(od::value& value, const FieldDef& field, int64_t* slots, const FieldPath& path) {
  od::json_type json_type;
  std::string_view token;
  if (!inspect(value, path, json_type, token)) return false;
  if (json_type == od::json_type::null) return fill_missing_field(field, slots, path, true);

  auto wrong = [&](std::string_view found) {
    return fail(path, fmt::format("expected {}, found {}", expected_text(field), found));
  };
  static constexpr od::json_type kJsonTypeOf[] = {
      od::json_type::string,  od::json_type::number, od::json_type::number, od::json_type::boolean,
      od::json_type::string,  od::json_type::string, od::json_type::string, od::json_type::object};
  if (json_type != kJsonTypeOf[static_cast<int>(field.type)]) return wrong(found_text(json_type, token));

  std::string_view text;
  if (json_type == od::json_type::string && !string_text(value, token, path, text)) return false;

  switch (field.type) {
    case FieldType::Date: {
      const std::optional<Date> date = parse_iso_date(text);
      if (!date) return wrong(quote_text(text));
      slots[0] = date->days;
      return true;
    }
    case FieldType::Int:
      return read_whole_number(token, field.min, field.max, path, slots[0]);
    case FieldType::Number: {
      using loader_text::NumberProblem;
      int64_t numerator = 0, denominator = 1;
      switch (loader_text::parse_decimal(token, numerator, denominator)) {
        case NumberProblem::None: break;
        case NumberProblem::Malformed:
          return fail(path, fmt::format("malformed JSON: {} is not a number", shown(token)));
        case NumberProblem::TooPrecise:
          return fail(path, fmt::format("expected {} with at most 18 decimal places, found {}", expected_text(field),
                                        shown(token)));
        default: return wrong(shown(token));
      }
      const __int128 scaled_min = static_cast<__int128>(field.min) * denominator;
      const __int128 scaled_max = static_cast<__int128>(field.max) * denominator;
      if (numerator < scaled_min || numerator > scaled_max) return wrong(shown(token));
      slots[0] = numerator;
      slots[1] = denominator;
      return true;
    }
    case FieldType::Bool:
      slots[0] = token == "true" ? 1 : 0;
      return true;
    case FieldType::Enum: {
      const int found = enum_value_index[field.enum_id].find(text);
      if (found < 0) return wrong(quote_text(text) + did_you_mean(text, schema.enums[field.enum_id].values));
      slots[0] = found;
      return true;
    }
    case FieldType::Term: {
      const std::optional<Term> term = parse_term(text);
      if (!term) return wrong(quote_text(text));
      slots[0] = *term;
      return true;
    }
    case FieldType::Month: {
      const std::optional<Month> month = parse_month(text);
      if (!month) return wrong(quote_text(text));
      slots[0] = *month;
      return true;
    }
    case FieldType::Scores:
      return read_scores(value, field, slots, path);
  }
  return true;
}

bool CohortReader::Impl::read_scores(od::value& value, const FieldDef& field, int64_t* slots, const FieldPath& path) {
  const EnumDef& keys = schema.enums[field.enum_id];
  const size_t key_count = std::min<size_t>(keys.values.size(), static_cast<size_t>(field.width));
  std::fill_n(slots, field.width, 0);  // 0 = not scored
  score_seen.assign(key_count, 0);
  od::object object;
  if (auto error = value.get_object().get(object)) return json_failure(path, error);
  for (auto item : object) {
    od::field entry;
    std::string_view key;
    if (!next_field(item, path, entry, key)) return false;
    const FieldPath key_path = path.with_key(key);
    const int k = enum_value_index[field.enum_id].find(key);
    if (k < 0 || static_cast<size_t>(k) >= key_count)
      return fail(key_path, fmt::format("unknown key {}; expected one of {}{}", quote_text(key), enum_values(keys),
                                        did_you_mean(key, keys.values)));
    if (score_seen[k]) return fail(key_path, "this key is given twice");
    score_seen[k] = 1;
    od::json_type json_type;
    std::string_view token;
    if (!inspect(entry.value(), key_path, json_type, token)) return false;
    if (json_type != od::json_type::number)
      return fail(key_path, fmt::format("expected {}, found {}", range_text("whole number", field.min, field.max),
                                        found_text(json_type, token)));
    if (!read_whole_number(token, field.min, field.max, key_path, slots[k])) return false;
  }
  return true;
}

bool CohortReader::Impl::fill_missing_field(const FieldDef& field, int64_t* slots, const FieldPath& path,
                                            bool given_null) {
  if (fill_absent_field(field, slots)) return true;
  if (given_null) return fail(path, fmt::format("expected {}, found null", expected_text(field)));
  return fail(path, fmt::format("required field is missing; expected {}", expected_text(field)));
}

bool CohortReader::Impl::run_checks(const EventTypeDef& type, const FieldPath& path) {
  const auto event_index = static_cast<uint32_t>(family->events.size() - 1);
  const int64_t* slots = family->slots.data() + family->events.back().slot;
  for (const EventCheck& check : type.checks) {
    if (!check.holds) continue;
    bool holds = false;
    try {
      holds = check.holds(*family, event_index);
    } catch (const EvaluationError& error) {  // an overflow in the check; anything else is a bug
      return fail(path.with(check.field), fmt::format("{} (the check could not be evaluated: {})", check.message,
                                                      error.what()));
    }
    if (holds) continue;
    std::string message = check.message;
    if (const int field = type.field_index(check.field); field >= 0)
      message += fmt::format(" ({} is {})", check.field,
                             stored_value_text(schema, type.fields[field], slots + type.fields[field].slot));
    return fail(path.with(check.field), std::move(message));
  }
  return true;
}

// After finalize, a type's events are contiguous; sorting their indexes by
// key brings duplicates together, so a family with many events of one type
// costs n log n rather than n^2.
bool CohortReader::Impl::check_unique_keys() {
  const Family& out = *family;
  for (size_t t = 0; t < schema.types.size(); ++t) {
    const EventTypeDef& type = schema.types[t];
    if (type.unique_keys.empty() || out.type_begin[t + 1] - out.type_begin[t] < 2) continue;
    for (size_t k = 0; k < type.unique_keys.size(); ++k) {
      const std::vector<int>& key = type.unique_keys[k];
      auto compare = [&](uint32_t a, uint32_t b) {
        const Event& x = out.events[a];
        const Event& y = out.events[b];
        for (int field : key) {
          if (field < 0) {
            if (x.member != y.member) return x.member < y.member ? -1 : 1;
            continue;
          }
          const FieldDef& def = type.fields[field];
          for (int s = 0; s < def.width; ++s) {
            const int64_t u = out.slots[x.slot + def.slot + s], v = out.slots[y.slot + def.slot + s];
            if (u != v) return u < v ? -1 : 1;
          }
        }
        return 0;
      };
      scratch.clear();
      for (uint32_t e = out.type_begin[t]; e < out.type_begin[t + 1]; ++e) scratch.push_back(e);
      std::sort(scratch.begin(), scratch.end(), [&](uint32_t a, uint32_t b) {
        const int order = compare(a, b);
        return order != 0 ? order < 0 : out.events[a].position < out.events[b].position;
      });
      // Report the duplicate that comes first in the input.
      const Event* first = nullptr;
      const Event* repeat = nullptr;
      for (size_t i = 1; i < scratch.size(); ++i) {
        if (compare(scratch[i - 1], scratch[i]) != 0) continue;
        const Event& later = out.events[scratch[i]];
        if (!repeat || later.position < repeat->position) {
          repeat = &later;
          first = &out.events[scratch[i - 1]];
        }
      }
      if (!repeat) continue;
      // Name the key's first field (not the member) as where the problem is.
      std::string_view field_name = kMemberKey;
      std::string fields_text;
      for (int field : key) {
        const std::string_view name = field < 0 ? kMemberKey : std::string_view(type.fields[field].name);
        if (field >= 0 && field_name == kMemberKey) field_name = name;
        fields_text += (fields_text.empty() ? "" : ", ") + std::string(name);
      }
      std::string message = k < type.unique_messages.size() && !type.unique_messages[k].empty()
                                ? type.unique_messages[k]
                                : fmt::format("two {} events share the same {}", quote_text(type.name), fields_text);
      return fail(FieldPath::item("events", repeat->position).with(field_name),
                  fmt::format("{} (events[{}] has the same {})", message, first->position, fields_text));
    }
  }
  return true;
}

}  // namespace outcomes
