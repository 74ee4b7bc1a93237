#include "runtime/timeline.h"

#include <algorithm>

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

void Family::finalize(const Schema& schema) {
  std::sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
    if (a.type != b.type) return a.type < b.type;
    if (a.order_key != b.order_key) return a.order_key < b.order_key;
    return a.position < b.position;
  });
  type_begin.assign(schema.types.size() + 1, 0);
  for (const Event& e : events) ++type_begin[e.type + 1];
  for (size_t t = 1; t < type_begin.size(); ++t) type_begin[t] += type_begin[t - 1];
}

int Family::member_index(std::string_view member_id) const {
  for (size_t i = 0; i < members.size(); ++i)
    if (members[i].id == member_id) return static_cast<int>(i);
  return -1;
}

}  // namespace outcomes
