// One family's timeline: members, and events indexed by type and ordered by
// date (ties keep their position in the input's events array). A Family is
// reused from one record to the next so a streaming run allocates nothing in
// the steady state.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "runtime/date.h"
#include "runtime/schema.h"

namespace outcomes {

enum class Role : uint8_t { Adult = 0, Child = 1 };

struct Member {
  std::string id;
  Role role = Role::Adult;
  Date dob;
  bool parenting = false;
  friend bool operator==(const Member&, const Member&) = default;
};

inline constexpr int16_t kNoMember = -1;

struct Event {
  uint16_t type = 0;
  int16_t member = kNoMember;  // index into Family::members
  int32_t order_key = 0;       // days of the ordering date (term / month start)
  uint32_t position = 0;       // index in the input's events array
  uint32_t slot = 0;           // first slot in Family::slots
  friend bool operator==(const Event&, const Event&) = default;
};

struct Family {
  std::string id;
  std::string district;
  std::string lead_agency;
  Date assessment_date;
  int64_t line = 0;  // line number in the input file
  std::vector<Member> members;
  std::vector<Event> events;
  std::vector<int64_t> slots;
  std::vector<uint32_t> type_begin;  // events of type t: [type_begin[t], type_begin[t+1])

  void clear();
  // Sorts events by (type, order_key, position) and builds the type index.
  void finalize(const Schema& schema);

  std::span<const Event> events_of_type(int type) const {
    return {events.data() + type_begin[type], events.data() + type_begin[type + 1]};
  }
  int64_t slot(const Event& e, const FieldDef& f, int offset = 0) const {
    return slots[e.slot + f.slot + offset];
  }
  int member_index(std::string_view member_id) const;  // -1 when absent
  // Every field alike (tests compare two ways of reading one line).
  friend bool operator==(const Family&, const Family&) = default;
};

}  // namespace outcomes
