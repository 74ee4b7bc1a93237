// The cohort loader's fast path: one pass over the bytes of a line, for the
// families that make up nearly every real cohort: well-formed, every name
// known and written without escapes, every value valid, nothing to warn
// about. It stores nothing the full reader (loader.cpp, loader_events.cpp)
// would not, and it never reports: on anything it does not expect, it
// declines, and the full reader reads the line again from its start and
// gives the messages. So a message can never differ between the two, and
// the only property to keep is that whatever this path accepts, the full
// reader accepts too, with no warning and the same Family
// (tests/unit/runtime/loader_fast_test.cpp compares them).
//
// Why: simdjson's On-Demand walk alone, with the per-field work the full
// reader does, held parsing to under half the bytes per second the run needs.
#include <simdjson.h>

#include <array>
#include <exception>

#include "runtime/loader_impl.h"
#include "runtime/loader_scanner.h"
#include "runtime/loader_text.h"
#include "runtime/native_check.h"
#include "runtime/vm.h"

namespace outcomes {

namespace {

using fast_scan::Scanner;

enum class Fast : uint8_t { Value, Null, Decline };

}  // namespace

struct CohortReader::Impl::FastReader {
  Impl& reader;
  Family& out;
  Scanner scan;
  // The first bytes and length of each member's id, while there are few
  // members: an event's member is then found in a few instructions.
  static constexpr size_t kQuickMembers = 32;
  uint64_t member_head[kQuickMembers];
  size_t member_length[kQuickMembers];

  // The id's first eight bytes (fewer, zero-filled, for a shorter id). The
  // id lies in the padded input, so eight bytes are readable.
  static uint64_t head_of(std::string_view id) {
    uint64_t head;
    std::memcpy(&head, id.data(), 8);
    return id.size() >= 8 ? head : head & ((uint64_t{1} << (8 * id.size())) - 1);
  }

  int find_member(std::string_view id) const {
    const size_t count = out.members.size();
    if (count > kQuickMembers) return reader.find_member(id);
    const uint64_t head = head_of(id);
    for (size_t m = 0; m < count; ++m)
      if (member_head[m] == head && member_length[m] == id.size() &&
          (id.size() <= 8 || loader_text::same_text(out.members[m].id, id)))
        return static_cast<int>(m);
    return -1;
  }

  // A date, or null when `nullable`.
  Fast date(Date& date, bool nullable) {
    if (scan.quoted_date(date)) return Fast::Value;
    if (nullable && scan.peek() == 'n') return scan.token() == "null" ? Fast::Null : Fast::Decline;
    std::string_view text;
    if (!scan.plain_string(text)) return Fast::Decline;
    const std::optional<Date> parsed = parse_iso_date(text);
    if (!parsed) return Fast::Decline;
    date = *parsed;
    return Fast::Value;
  }

  bool family() {
    if (!scan.consume('{')) return false;
    unsigned seen = 0;
    enum : unsigned { kId = 1, kDate = 2, kDistrict = 4, kLead = 8, kMembers = 16, kEvents = 32 };
    bool ok = true;
    if (scan.peek() == '}') return false;  // no id
    do {
      std::string_view key;
      if (!scan.key(key)) return false;
      unsigned which = 0;
      if (key == "id") which = kId;
      else if (key == "assessment_date") which = kDate;
      else if (key == "district") which = kDistrict;
      else if (key == "lead_agency") which = kLead;
      else if (key == "members") which = kMembers;
      else if (key == "events") which = kEvents;
      if (which == 0 || (seen & which)) return false;
      seen |= which;
      switch (which) {
        case kId: {
          std::string_view id;
          if (!scan.plain_string(id) || id.empty()) return false;
          out.id.assign(id);
          break;
        }
        case kDate:
          if (date(out.assessment_date, false) != Fast::Value) return false;
          break;
        case kDistrict:
        case kLead: {
          if (scan.peek() == 'n') {
            if (scan.token() != "null") return false;
            break;
          }
          std::string_view text;
          if (!scan.plain_string(text)) return false;
          (which == kDistrict ? out.district : out.lead_agency).assign(text);
          break;
        }
        case kMembers:
          if (!members()) return false;
          break;
        case kEvents:
          // Events name members; written first, they are the full reader's.
          if (!(seen & kMembers) || !events()) return false;
          break;
      }
    } while (scan.more('}', ok));
    return ok && scan.at_end() && seen == (kId | kDate | kMembers | kEvents | (seen & (kDistrict | kLead)));
  }

  bool members() {
    if (!scan.consume('[')) return false;
    if (reader.indexed_members > 0) reader.member_index.clear(), reader.indexed_members = 0;
    if (scan.peek() == ']') return false;  // at least one member
    bool ok = true;
    do {
      if (out.members.size() == static_cast<size_t>(INT16_MAX)) return false;
      if (!member()) return false;
    } while (scan.more(']', ok));
    return ok;
  }

  bool member() {
    if (!scan.consume('{')) return false;
    Member& member = out.members.emplace_back();
    if (out.members.size() <= kQuickMembers) member_length[out.members.size() - 1] = SIZE_MAX;  // no id yet
    const size_t index = out.members.size() - 1;
    unsigned seen = 0;
    enum : unsigned { kId = 1, kRole = 2, kDob = 4, kParenting = 8 };
    std::string_view parenting;  // its token; counted once the role is known
    bool ok = true;
    if (scan.peek() == '}') return false;
    do {
      std::string_view key;
      if (!scan.key(key)) return false;
      unsigned which = 0;
      if (key == "id") which = kId;
      else if (key == "role") which = kRole;
      else if (key == "dob") which = kDob;
      else if (key == "parenting") which = kParenting;
      if (which == 0 || (seen & which)) return false;
      seen |= which;
      std::string_view text;
      switch (which) {
        case kId:
          if (!scan.plain_string(text) || text.empty() || find_member(text) >= 0) return false;
          member.id.assign(text);
          if (index < kQuickMembers) member_head[index] = head_of(text), member_length[index] = text.size();
          reader.index_member(index);
          break;
        case kRole:
          if (!scan.plain_string(text)) return false;
          if (text == "adult") member.role = Role::Adult;
          else if (text == "child") member.role = Role::Child;
          else return false;
          break;
        case kDob:
          if (date(member.dob, false) != Fast::Value) return false;
          break;
        case kParenting:
          if (scan.peek() == '"' || scan.peek() == '{' || scan.peek() == '[') return false;
          parenting = scan.token();
          if (parenting != "true" && parenting != "false" && parenting != "null") return false;
          break;
      }
    } while (scan.more('}', ok));
    if (!ok || (seen & (kId | kRole | kDob)) != (kId | kRole | kDob)) return false;
    if (parenting == "null" || parenting.empty()) return true;
    if (member.role == Role::Child) return false;  // the full reader warns
    member.parenting = parenting == "true";
    return true;
  }

  bool events() {
    if (!scan.consume('[')) return false;
    if (scan.consume(']')) return true;
    bool ok = true;
    do {
      if (!event(static_cast<uint32_t>(out.events.size()))) return false;
    } while (scan.more(']', ok));
    return ok;
  }

  bool event(uint32_t position) {
    // The type must come first: it decides how the rest reads.
    std::string_view key, name;
    if (!scan.consume('{') || !scan.key(key) || key != "type" || !scan.plain_string(name)) return false;
    const int type_id = reader.type_index.find(name);
    if (type_id < 0) return false;
    const EventTypeDef& type = reader.schema.types[type_id];
    if (type.fields.size() > 64 || out.slots.size() + type.slot_count > UINT32_MAX) return false;
    Event event;
    event.type = static_cast<uint16_t>(type_id);
    event.position = position;
    event.slot = static_cast<uint32_t>(out.slots.size());
    out.slots.resize(out.slots.size() + type.slot_count);
    int64_t* const slots = out.slots.data() + event.slot;
    const loader_text::NameIndex& fields = reader.field_index[type_id];
    FastKeys& keys = reader.fast_keys[type_id];
    const int member_code = static_cast<int>(type.fields.size());

    uint64_t seen = 0;
    bool member_seen = false, ok = true;
    int previous = member_code + 1;  // the type
    while (scan.more('}', ok)) {
      // Writers put an event's keys in the same order every time: the key
      // that followed this one last time is tried first, by its raw bytes.
      int code = keys.next[previous];
      if (code < 0 || !scan.key_is(keys.quoted[code], keys.quoted_length[code])) {
        if (!scan.key(key)) return false;
        code = fields.find(key);
        if (code < 0) {
          if (key != "member") return false;  // "type" again, or a field the full reader warns about
          code = member_code;
        }
        keys.next[previous] = static_cast<int16_t>(code);
      }
      previous = code;
      if (code == member_code) {
        if (member_seen) return false;
        member_seen = true;
        if (!event_member(type, event)) return false;
        continue;
      }
      if (seen & (uint64_t{1} << code)) return false;
      seen |= uint64_t{1} << code;
      const FieldDef& def = type.fields[code];
      if (!field(def, slots + def.slot)) return false;
    }
    if (!ok) return false;
    if (type.member == MemberRule::Required && !member_seen) return false;
    for (size_t f = 0; f < type.fields.size(); ++f) {
      const FieldDef& def = type.fields[f];
      if (!(seen & (uint64_t{1} << f)) && !fill_absent_field(def, slots + def.slot)) return false;
    }
    event.order_key = order_key_of(type, slots);
    out.events.push_back(event);
    for (const EventCheck& check : type.checks) {
      if (check.native) {
        const NativeCheck::Answer answer = check.native->evaluate(out, position);
        if (answer == NativeCheck::Answer::Holds) continue;
        if (answer == NativeCheck::Answer::Fails) return false;
      }
      if (!check.holds) continue;
      try {
        if (!check.holds(out, position)) return false;
      } catch (const EvaluationError&) {
        return false;
      }
    }
    return true;
  }

  bool event_member(const EventTypeDef& type, Event& event) {
    if (scan.peek() == 'n') {
      // null: no member; the full reader refuses it only where one is required.
      return scan.token() == "null" && type.member != MemberRule::Required;
    }
    std::string_view id;
    if (type.member == MemberRule::None || !scan.plain_string(id) || id.empty()) return false;
    const int member = find_member(id);
    if (member < 0) return false;
    event.member = static_cast<int16_t>(member);
    return true;
  }

  bool field(const FieldDef& def, int64_t* slots) {
    const char first = scan.peek();
    if (first == 'n') return scan.token() == "null" && fill_absent_field(def, slots);
    using loader_text::NumberProblem;
    switch (def.type) {
      case FieldType::Date: {
        Date date;
        if (this->date(date, false) != Fast::Value) return false;
        slots[0] = date.days;
        return true;
      }
      case FieldType::Int: {
        if (first != '-' && (first < '0' || first > '9')) return false;
        int64_t number = 0;
        if (!scan.whole_number(number)) return false;
        if (number < def.min || number > def.max) return false;
        slots[0] = number;
        return true;
      }
      case FieldType::Number: {
        if (first != '-' && (first < '0' || first > '9')) return false;
        int64_t numerator = 0, denominator = 1;
        if (loader_text::parse_decimal(scan.token(), numerator, denominator) != NumberProblem::None) return false;
        if (numerator < static_cast<__int128>(def.min) * denominator ||
            numerator > static_cast<__int128>(def.max) * denominator)
          return false;
        slots[0] = numerator;
        slots[1] = denominator;
        return true;
      }
      case FieldType::Bool: {
        if (first != 't' && first != 'f') return false;
        const std::string_view token = scan.token();
        if (token != "true" && token != "false") return false;
        slots[0] = token == "true" ? 1 : 0;
        return true;
      }
      case FieldType::Enum: {
        std::string_view text;
        if (!scan.plain_string(text)) return false;
        const int found = reader.enum_value_index[def.enum_id].find(text);
        if (found < 0) return false;
        slots[0] = found;
        return true;
      }
      case FieldType::Term: {
        std::string_view text;
        if (!scan.plain_string(text)) return false;
        const std::optional<Term> term = parse_term(text);
        if (!term) return false;
        slots[0] = *term;
        return true;
      }
      case FieldType::Month: {
        std::string_view text;
        if (!scan.plain_string(text)) return false;
        const std::optional<Month> month = parse_month(text);
        if (!month) return false;
        slots[0] = *month;
        return true;
      }
      case FieldType::Scores:
        return scores(def, slots);
    }
    return false;
  }

  bool scores(const FieldDef& def, int64_t* slots) {
    const size_t key_count =
        std::min<size_t>(reader.schema.enums[def.enum_id].values.size(), static_cast<size_t>(def.width));
    if (key_count > 64 || !scan.consume('{')) return false;
    std::fill_n(slots, def.width, 0);  // 0 = not scored
    if (scan.consume('}')) return true;
    uint64_t seen = 0;
    bool ok = true;
    do {
      std::string_view key;
      if (!scan.key(key)) return false;
      const int k = reader.enum_value_index[def.enum_id].find(key);
      if (k < 0 || static_cast<size_t>(k) >= key_count || (seen & (uint64_t{1} << k))) return false;
      seen |= uint64_t{1} << k;
      const char first = scan.peek();
      if (first != '-' && (first < '0' || first > '9')) return false;
      int64_t number = 0;
      if (!scan.whole_number(number) || number < def.min || number > def.max)
        return false;
      slots[k] = number;
    } while (scan.more('}', ok));
    return ok;
  }
};

// Whether two events of a type share one of its unique keys. The full
// reader's check_unique_keys sorts to find which pair comes first, for its
// message; here a yes or no is enough, which a hash table answers in one pass.
bool CohortReader::Impl::has_repeated_unique_key() {
  const Family& out = *family;
  for (size_t t = 0; t < schema.types.size(); ++t) {
    const EventTypeDef& type = schema.types[t];
    const uint32_t first = out.type_begin[t], count = out.type_begin[t + 1] - first;
    if (type.unique_keys.empty() || count < 2) continue;
    size_t size = 16;
    while (size < 2 * size_t{count}) size *= 2;
    for (const std::vector<int>& key : type.unique_keys) {
      const auto value_of = [&](uint32_t e, int field, int s) -> int64_t {
        const Event& event = out.events[e];
        return field < 0 ? event.member : out.slots[event.slot + type.fields[field].slot + s];
      };
      const auto hash_of = [&](uint32_t e) {
        uint64_t hash = 0x9E3779B97F4A7C15ull;
        for (int field : key)
          for (int s = 0; s < (field < 0 ? 1 : type.fields[field].width); ++s)
            hash = (hash ^ static_cast<uint64_t>(value_of(e, field, s))) * 0xBF58476D1CE4E5B9ull;
        return hash ^ (hash >> 31);
      };
      const auto same_key = [&](uint32_t a, uint32_t b) {
        for (int field : key)
          for (int s = 0; s < (field < 0 ? 1 : type.fields[field].width); ++s)
            if (value_of(a, field, s) != value_of(b, field, s)) return false;
        return true;
      };
      scratch.assign(size, UINT32_MAX);
      for (uint32_t e = first; e < first + count; ++e) {
        for (size_t at = hash_of(e) & (size - 1);; at = (at + 1) & (size - 1)) {
          if (scratch[at] == UINT32_MAX) {
            scratch[at] = e;
            break;
          }
          if (same_key(scratch[at], e)) return true;
        }
      }
    }
  }
  return false;
}

void CohortReader::Impl::prepare_fast_keys() {
  fast_keys.resize(schema.types.size());
  for (size_t t = 0; t < schema.types.size(); ++t) {
    const EventTypeDef& type = schema.types[t];
    FastKeys& keys = fast_keys[t];
    // Codes: each field's index, then the member, then (only as the key
    // before) the type.
    keys.next.assign(type.fields.size() + 2, -1);
    for (size_t code = 0; code <= type.fields.size(); ++code) {
      const std::string_view name = code < type.fields.size() ? std::string_view(type.fields[code].name) : "member";
      std::string quoted(name);
      quoted += '"';
      // A name the raw comparison could confuse is never predicted.
      const bool plain = quoted.size() <= 48 && std::none_of(name.begin(), name.end(), [](char c) {
                           return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20;
                         });
      keys.quoted_length.push_back(plain ? quoted.size() : 0);
      quoted.resize((quoted.size() + 7) / 8 * 8, '\0');
      keys.quoted.push_back(plain ? std::move(quoted) : std::string(8, '\0'));
    }
  }
}

bool CohortReader::Impl::parse_family_fast() {
  if (fast_keys.size() != schema.types.size()) prepare_fast_keys();
  // The full reader's parser refuses a line that is not UTF-8 wherever it is.
  if (!simdjson::validate_utf8(input.data(), input.size())) return false;
  // The scanner's end mark, in the padding; the full reader's parser is given
  // the padding as it was.
  char* const end = padded.get() + input.size();
  *end = '\0';
  FastReader fast{*this, *family, Scanner(input.data(), end)};
  const bool read = fast.family();
  *end = ' ';
  if (!read) return false;
  family->finalize(schema);
  if (has_repeated_unique_key()) return false;  // the full reader says which
  if (!check_duplicate_ids) return true;
  return !accepted_ids.accept(family->id, line);  // a repeat: the full reader says so
}

}  // namespace outcomes
