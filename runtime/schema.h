// The event schema as data. It is declared in rule code (stdlib/schema.rules)
// and compiled into this form; the loader validates cohorts against it, and
// the checker types event fields from it. Nothing here names a real event type.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace outcomes {

struct Family;
class NativeCheck;

// Slot value meaning "this optional field is absent".
inline constexpr int64_t kAbsent = INT64_MIN;

enum class FieldType : uint8_t {
  Date,    // 1 slot: days since epoch; an open interval end is kOpenEnd
  Int,     // 1 slot
  Number,  // 2 slots: exact non-negative rational, numerator then denominator
  Bool,    // 1 slot: 0 or 1
  Enum,    // 1 slot: index into EnumDef::values
  Term,    // 1 slot: see date.h
  Month,   // 1 slot: see date.h
  Scores,  // one slot per value of the key enum: 0 = not scored, else the score
};

struct EnumDef {
  std::string name;
  std::vector<std::string> values;
  int index_of(std::string_view value) const;  // -1 when absent
};

struct FieldDef {
  std::string name;
  FieldType type = FieldType::Int;
  int enum_id = -1;          // Enum: its enum; Scores: the key (domain) enum
  bool optional = false;     // may be absent or null (slot holds kAbsent)
  bool open_end = false;     // Date only: null or absent means "still open" (kOpenEnd)
  bool has_default = false;  // absent or null takes default_value
  int64_t default_value = 0;
  int64_t min = 0;           // Int, Number and Scores values: inclusive range
  int64_t max = INT64_MAX;
  int slot = 0;              // offset of the first slot within the event's slots
  int width = 1;             // number of slots
};

enum class MemberRule : uint8_t { None, Required, Optional };

// A cross-field rule of an event type ("end is on or after start"). The
// predicate is compiled rule code; the loader only calls it.
struct EventCheck {
  std::string message;  // plain words, shown with the family and field
  std::string field;    // the field to name in the message
  std::function<bool(const Family&, uint32_t event_index)> holds;
  // Set beside `holds` when the check is simple enough to be answered from
  // the event's slots (runtime/native_check.h): the same answer, or "ask
  // `holds`", without the call through it. The loader's fast path uses it.
  std::shared_ptr<const NativeCheck> native;
};

struct EventTypeDef {
  std::string name;
  MemberRule member = MemberRule::None;
  std::vector<FieldDef> fields;
  int slot_count = 0;
  int order_field = -1;  // the Date, Term or Month field that orders events in time
  std::vector<EventCheck> checks;
  // Each key is a list of field indexes (plus the member) that no two events
  // of this type in one family may share ("one attendance per child and term").
  // A field index of -1 in a key stands for the event's member.
  std::vector<std::vector<int>> unique_keys;
  std::vector<std::string> unique_messages;  // parallel to unique_keys
  int field_index(std::string_view name) const;  // -1 when absent
};

struct Schema {
  std::vector<EnumDef> enums;
  std::vector<EventTypeDef> types;
  int type_index(std::string_view name) const;  // -1 when absent
  int enum_index(std::string_view name) const;  // -1 when absent
};

}  // namespace outcomes
