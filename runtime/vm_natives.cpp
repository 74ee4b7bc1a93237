// Built-in functions and the interval measures (longest unbroken run, most
// days covered in a rolling span) that rule code calls.
#include <fmt/format.h>

#include <algorithm>
#include <numeric>

#include "runtime/vm.h"

namespace outcomes {

Value Vm::native(uint32_t pc, Native id, const Value* args) {
  auto date = [](Value v) { return Date{static_cast<int32_t>(v.a)}; };
  switch (id) {
    case Native::AGE: return {age_in_years(family_->members[args[0].a].dob, date(args[1])), 0};
    case Native::YEAR_OF: return {ymd_of(date(args[0])).year, 0};
    case Native::MONTH_OF: return {ymd_of(date(args[0])).month, 0};
    case Native::DAY_OF: return {ymd_of(date(args[0])).day, 0};
    case Native::WEEKDAY_OF: return {weekday_of(date(args[0])), 0};
    case Native::MAKE_DATE: {
      int64_t y = args[0].a, m = args[1].a, d = args[2].a;
      if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1) fail(pc, fmt::format("date({}, {}, {}) is not a date", y, m, d));
      int dd = std::min<int>(static_cast<int>(d), days_in_month(static_cast<int>(y), static_cast<int>(m)));
      return {date_from_ymd(static_cast<int>(y), static_cast<int>(m), dd).days, 0};
    }
    case Native::MIN_SCALAR: return {std::min(args[0].a, args[1].a), 0};
    case Native::MAX_SCALAR: return {std::max(args[0].a, args[1].a), 0};
    case Native::MEAN_SCORE:
    case Native::COUNT_SCORED: {
      // A Scores value holds its first slot and its number of domains.
      int64_t total = 0, scored = 0, domains = args[0].b;
      for (int d = 0; d < domains; ++d) {
        int64_t s = family_->slots[args[0].a + d];
        if (s == 0) continue;
        ++scored;
        if (id == Native::MEAN_SCORE && __builtin_add_overflow(total, s, &total)) fail(pc, "a number grew too large");
      }
      if (id == Native::COUNT_SCORED) return {scored, 0};
      if (scored == 0) return {kAbsent, 0};
      int64_t g = std::gcd(total, scored);
      return {total / g, scored / g};
    }
    case Native::PERCENT: {
      if (args[1].a == 0) return {kAbsent, 0};
      int64_t n = args[0].a, d = args[1].a;
      if (d < 0) n = -n, d = -d;
      int64_t g = std::gcd(n < 0 ? -n : n, d);
      return {n / (g ? g : 1), d / (g ? g : 1)};
    }
    case Native::TERM_START: return {term_start(static_cast<Term>(args[0].a)).days, 0};
    case Native::TERM_END: return {term_end(static_cast<Term>(args[0].a)).days, 0};
    case Native::MONTH_START: return {month_start(static_cast<Month>(args[0].a)).days, 0};
    case Native::MONTH_OF_DATE: return {month_of(date(args[0])), 0};
  }
  fail(pc, "unknown built-in function");
}

// The list's intervals clipped to the window, sorted and merged where they
// overlap or adjoin (one starts on or before the day after another ends).
void Vm::collect_intervals(Value list, Value window, int start_slot, int end_slot) {
  intervals_.clear();
  for (int64_t i = 0; i < list.b; ++i) {
    Value ev = list_element(list, i);
    uint32_t slot = family_->events[ev.a].slot;
    int64_t start = std::max(family_->slots[slot + start_slot], window.a);
    int64_t end = std::min(family_->slots[slot + end_slot], window.b);
    if (start <= end) intervals_.emplace_back(static_cast<int32_t>(start), static_cast<int32_t>(end));
  }
  std::sort(intervals_.begin(), intervals_.end());
  size_t out = 0;
  for (size_t i = 0; i < intervals_.size(); ++i) {
    if (out > 0 && intervals_[i].first <= static_cast<int64_t>(intervals_[out - 1].second) + 1) {
      intervals_[out - 1].second = std::max(intervals_[out - 1].second, intervals_[i].second);
    } else {
      intervals_[out++] = intervals_[i];
    }
  }
  intervals_.resize(out);
}

int64_t Vm::interval_run(Value list, Value window, int start_slot, int end_slot) {
  collect_intervals(list, window, start_slot, end_slot);
  int64_t best = 0;
  for (auto [s, e] : intervals_) best = std::max<int64_t>(best, static_cast<int64_t>(e) - s + 1);
  return best;
}

// The most covered days in any span of `span` consecutive days lying wholly
// inside the window. An optimal span starts where an interval starts or ends
// where one ends, so only those candidates are tried.
int64_t Vm::interval_cover(Value list, int64_t span, Value window, int start_slot, int end_slot) {
  if (span <= 0 || window.b - window.a + 1 < span) return 0;
  collect_intervals(list, window, start_slot, end_slot);
  auto covered = [&](int64_t from) {
    int64_t to = from + span - 1, days = 0;
    for (auto [s, e] : intervals_) {
      int64_t lo = std::max<int64_t>(s, from), hi = std::min<int64_t>(e, to);
      if (lo <= hi) days += hi - lo + 1;
    }
    return days;
  };
  int64_t best = 0, first = window.a, last = window.b - span + 1;
  for (auto [s, e] : intervals_) {
    best = std::max(best, covered(std::clamp<int64_t>(s, first, last)));
    best = std::max(best, covered(std::clamp<int64_t>(static_cast<int64_t>(e) - span + 1, first, last)));
  }
  return best;
}

}  // namespace outcomes
