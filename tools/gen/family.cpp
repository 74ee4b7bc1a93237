#include "tools/gen/family.h"

#include <algorithm>
#include <stdexcept>

namespace outcomes::gen {

std::string_view outcome_id(int outcome) {
  static constexpr std::string_view kIds[] = {"0",  "1",  "2",  "3",  "4",  "5",  "6",  "7",
                                              "8",  "9",  "10", "11", "12", "13", "14", "15",
                                              "16", "17", "18", "19", "20", "21", "22", "23",
                                              "24", "25", "26", "27", "28"};
  return kIds[outcome];
}

namespace {

void append_json_string(std::string& out, std::string_view value) {
  out += '"';
  for (char c : value) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (byte < 0x20) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\u00";
      out += kHex[byte >> 4];
      out += kHex[byte & 15];
    } else {
      out += c;
    }
  }
  out += '"';
}

void append_integer(std::string& out, int64_t value) {
  char buffer[24];
  int length = 0;
  const bool negative = value < 0;
  uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  do {
    buffer[length++] = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude != 0);
  if (negative) out += '-';
  while (length > 0) out += buffer[--length];
}

}  // namespace

// ---- EventBuilder ---------------------------------------------------------

void EventBuilder::key(std::string_view field) {
  text_ += ", \"";
  text_ += field;
  text_ += "\": ";
}

EventBuilder& EventBuilder::text(std::string_view field, std::string_view value) {
  key(field);
  append_json_string(text_, value);
  return *this;
}

EventBuilder& EventBuilder::integer(std::string_view field, int64_t value) {
  key(field);
  append_integer(text_, value);
  return *this;
}

EventBuilder& EventBuilder::tenths(std::string_view field, int64_t value_in_tenths) {
  key(field);
  append_integer(text_, value_in_tenths / 10);
  if (value_in_tenths % 10 != 0) {
    text_ += '.';
    text_ += static_cast<char>('0' + value_in_tenths % 10);
  }
  return *this;
}

EventBuilder& EventBuilder::flag(std::string_view field, bool value) {
  key(field);
  text_ += value ? "true" : "false";
  return *this;
}

EventBuilder& EventBuilder::date(std::string_view field, Date value) {
  key(field);
  text_ += '"';
  append_date(text_, value);
  text_ += '"';
  return *this;
}

EventBuilder& EventBuilder::null(std::string_view field) {
  key(field);
  text_ += "null";
  return *this;
}

EventBuilder& EventBuilder::raw(std::string_view field, std::string_view json) {
  key(field);
  text_ += json;
  return *this;
}

// ---- FamilyDraft ----------------------------------------------------------

FamilyDraft::FamilyDraft(const GenOptions& options, Date as_of_date, int64_t index)
    : rng(family_stream(options.seed, index)), as_of(as_of_date), assessment(as_of_date),
      claim(as_of_date) {
  // Zero-padded so ids sort in cohort order; wider for larger cohorts.
  int width = 1;
  for (int64_t rest = options.families; rest >= 10; rest /= 10) ++width;
  width = std::max(width, 4);
  std::string number = std::to_string(index + 1);
  id = options.id_prefix;
  if (static_cast<int>(number.size()) < width) id.append(width - number.size(), '0');
  id += number;
}

EventBuilder FamilyDraft::event(std::string_view type, const Member* who, Date when) {
  event_offsets_.push_back({static_cast<uint32_t>(events_text_.size()), when});
  events_text_ += "{\"type\": \"";
  events_text_ += type;
  events_text_ += '"';
  EventBuilder builder(events_text_);
  if (who) builder.text("member", who->id);
  return builder;
}

EventBuilder FamilyDraft::point(std::string_view type, const Member* who, Date date) {
  return event(type, who, date).date("date", date);
}

EventBuilder FamilyDraft::interval(std::string_view type, const Member* who, Date start,
                                   std::optional<Date> end) {
  EventBuilder builder = event(type, who, start).date("start", start);
  if (end)
    builder.date("end", *end);
  else if (rng.percent(60))  // exports mostly write null for an open end; some leave it out
    builder.null("end");
  return builder;
}

Date FamilyDraft::random_date(Date lo, Date hi) {
  if (!window_ok(lo, hi)) return hi;
  return add_days(lo, rng.between(0, days_between(lo, hi)));
}

Date FamilyDraft::edgy_date(Date lo, Date hi) {
  if (!window_ok(lo, hi)) return hi;
  const uint64_t roll = rng.below(100);
  if (roll < 8) return lo;
  if (roll < 16) return hi;
  return random_date(lo, hi);
}

bool FamilyDraft::window_ok(Date lo, Date hi) {
  if (lo <= hi) return true;
  ++inconsistencies;
  return false;
}

std::vector<const Member*> FamilyDraft::children() const {
  return members_where([](const Member& m) { return !m.adult; });
}

std::vector<const Member*> FamilyDraft::adults() const {
  return members_where([](const Member& m) { return m.adult; });
}

const Member* FamilyDraft::pick_member(const std::vector<const Member*>& candidates) {
  return candidates.empty() ? nullptr : rng.pick(candidates);
}

void FamilyDraft::expect(std::string_view plan, std::string_view indicator, Aim progress) {
  for (Expectation& e : expectations) {
    if (e.plan == plan && e.indicator == indicator) {
      e.progress = kleene_and(e.progress, progress);
      return;
    }
  }
  expectations.push_back({plan, indicator, progress});
}

bool FamilyDraft::has_need(std::string_view name) const {
  return std::find(needs.begin(), needs.end(), name) != needs.end();
}

void FamilyDraft::write_json(std::string& out) {
  out += "{\"id\": ";
  append_json_string(out, id);
  if (!district.empty()) {
    out += ", \"district\": ";
    append_json_string(out, district);
  }
  if (!lead_agency.empty()) {
    out += ", \"lead_agency\": ";
    append_json_string(out, lead_agency);
  }
  out += ", \"assessment_date\": \"";
  append_date(out, assessment);
  out += "\", \"members\": [";
  for (size_t i = 0; i < members.size(); ++i) {
    const Member& m = members[i];
    if (i) out += ", ";
    out += "{\"id\": ";
    append_json_string(out, m.id);
    out += m.adult ? ", \"role\": \"adult\"" : ", \"role\": \"child\"";
    out += ", \"dob\": \"";
    append_date(out, m.dob);
    out += '"';
    // parenting defaults to false; exports write it for some adults only.
    if (m.adult && (m.parenting || (i % 2 == 0))) out += m.parenting ? ", \"parenting\": true" : ", \"parenting\": false";
    out += '}';
  }
  out += "], \"events\": [";

  // A family assessed after the as-of date is skipped by the tool; its
  // export holds what was known around the assessment, nothing later.
  std::vector<uint32_t> order;
  order.reserve(event_offsets_.size());
  for (uint32_t i = 0; i < event_offsets_.size(); ++i)
    if (!assessed_after_as_of || event_offsets_[i].when <= assessment) order.push_back(i);
  rng.shuffle(order);  // real exports are not in date order

  bool first = true;
  for (uint32_t i : order) {
    const size_t begin = event_offsets_[i].offset;
    const size_t end = i + 1 < event_offsets_.size() ? event_offsets_[i + 1].offset : events_text_.size();
    if (!first) out += ", ";
    first = false;
    out.append(events_text_, begin, end - begin);
    out += '}';
  }
  out += "]}";
}

Date parse_as_of(const std::string& text) {
  auto digits = [&](size_t from, size_t count) {
    int value = 0;
    for (size_t i = from; i < from + count; ++i) {
      if (text[i] < '0' || text[i] > '9') throw std::invalid_argument("as_of must be YYYY-MM-DD: " + text);
      value = value * 10 + (text[i] - '0');
    }
    return value;
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-')
    throw std::invalid_argument("as_of must be YYYY-MM-DD: " + text);
  const int y = digits(0, 4), m = digits(5, 2), d = digits(8, 2);
  if (y < 1900 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
    throw std::invalid_argument("as_of is not a calendar date: " + text);
  return make_date(y, m, d);
}

}  // namespace outcomes::gen
