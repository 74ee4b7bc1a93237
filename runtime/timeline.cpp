#include "runtime/timeline.h"

#include <algorithm>
#include <vector>

namespace outcomes {

int EnumDef::index_of(std::string_view value) const {
  for (size_t i = 0; i < values.size(); ++i)
    if (values[i] == value) return static_cast<int>(i);
  return -1;
}

int EventTypeDef::field_index(std::string_view n) const {
  for (size_t i = 0; i < fields.size(); ++i)
    if (fields[i].name == n) return static_cast<int>(i);
  return -1;
}

int Schema::type_index(std::string_view n) const {
  for (size_t i = 0; i < types.size(); ++i)
    if (types[i].name == n) return static_cast<int>(i);
  return -1;
}

int Schema::enum_index(std::string_view n) const {
  for (size_t i = 0; i < enums.size(); ++i)
    if (enums[i].name == n) return static_cast<int>(i);
  return -1;
}

void Family::clear() {
  id.clear();
  district.clear();
  lead_agency.clear();
  assessment_date = Date{};
  line = 0;
  members.clear();
  events.clear();
  slots.clear();
  type_begin.clear();
}

namespace {

bool event_before(const Event& a, const Event& b) {
  if (a.order_key != b.order_key) return a.order_key < b.order_key;
  return a.position < b.position;
}

}  // namespace

// A comparison sort of every event cost more than reading them: events are
// instead placed by type with a counting pass (stable, so each type keeps the
// input order), and only a type whose events are not already in date order is
// sorted, by insertion when it has few events. The placing pass notes those
// types, so the others (most of the schema's, holding no event or one) are
// never looked at again.
void Family::finalize(const Schema& schema) {
  type_begin.assign(schema.types.size() + 1, 0);
  bool in_order = true;
  for (size_t i = 0; i < events.size(); ++i) {
    ++type_begin[events[i].type + 1];
    if (i > 0 && in_order) {
      const Event& a = events[i - 1];
      const Event& b = events[i];
      in_order = a.type < b.type || (a.type == b.type && !event_before(b, a));
    }
  }
  for (size_t t = 1; t < type_begin.size(); ++t) type_begin[t] += type_begin[t - 1];
  if (in_order) return;

  thread_local std::vector<Event> by_type;  // kept between families: no allocation in the steady state
  by_type.resize(events.size());
  thread_local std::vector<uint32_t> next;
  next.assign(type_begin.begin(), type_begin.end() - 1);
  thread_local std::vector<uint8_t> out_of_order;  // per type; all 0 between families
  thread_local std::vector<uint16_t> to_sort;
  if (out_of_order.size() < schema.types.size()) out_of_order.resize(schema.types.size(), 0);
  to_sort.clear();
  for (const Event& e : events) {
    // Placed in input order, so a type is out of order exactly when an event
    // comes before the one placed ahead of it (positions only increase).
    uint32_t& at = next[e.type];
    if (at > type_begin[e.type] && e.order_key < by_type[at - 1].order_key && !out_of_order[e.type]) {
      out_of_order[e.type] = 1;
      to_sort.push_back(e.type);
    }
    by_type[at++] = e;
  }
  events.swap(by_type);

  constexpr uint32_t kInsertionSortAtMost = 24;
  for (const uint16_t t : to_sort) {
    out_of_order[t] = 0;
    Event* const first = events.data() + type_begin[t];
    Event* const last = events.data() + type_begin[t + 1];
    if (last - first > kInsertionSortAtMost) {
      std::sort(first, last, event_before);
      continue;
    }
    for (Event* at = first + 1; at < last; ++at) {
      const Event moving = *at;
      Event* hole = at;
      for (; hole > first && event_before(moving, hole[-1]); --hole) *hole = hole[-1];
      *hole = moving;
    }
  }
}

int Family::member_index(std::string_view member_id) const {
  for (size_t i = 0; i < members.size(); ++i)
    if (members[i].id == member_id) return static_cast<int>(i);
  return -1;
}

}  // namespace outcomes
