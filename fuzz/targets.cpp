#include "fuzz/targets.h"

#include <fmt/format.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "compiler/driver.h"
#include "runtime/date.h"
#include "runtime/loader.h"
#include "runtime/vm.h"

#ifndef OUTCOMES_SOURCE_ROOT
#error "OUTCOMES_SOURCE_ROOT must name the source tree (for plans/)"
#endif

namespace outcomes::fuzz {

namespace {

// A broken invariant: abort() so libFuzzer (and a test) sees a crash.
[[noreturn]] void broken(const std::string& what) {
  std::fprintf(stderr, "fuzz invariant broken: %s\n", what.c_str());
  std::abort();
}

// A compiled program with a VM that runs its schema's event checks.
struct Ready {
  std::unique_ptr<Compilation> compilation;
  std::unique_ptr<Vm> check_vm;
  const Program& program() const { return *compilation->program; }
};

std::unique_ptr<Ready> ready(std::unique_ptr<Compilation> c, const std::string& what) {
  if (!c->ok()) broken(what + " does not compile");
  auto r = std::make_unique<Ready>();
  r->compilation = std::move(c);
  r->check_vm = std::make_unique<Vm>(*r->compilation->program);
  bind_event_checks(*r->compilation->program, *r->check_vm);
  return r;
}

const Ready& stdlib_program() {
  static const std::unique_ptr<Ready> r = ready(compile_stdlib(), "the stdlib");
  return *r;
}

// The bundled plans, each compiled untraced and traced.
struct BundledPlan {
  std::string name;
  std::unique_ptr<Ready> plain, traced;
};

const std::vector<BundledPlan>& bundled_plans() {
  static const std::vector<BundledPlan> plans = [] {
    std::vector<BundledPlan> out;
    for (const char* name : {"herts-2018", "tf2", "herefordshire-v6.1"}) {
      std::string path = std::string(OUTCOMES_SOURCE_ROOT) + "/plans/" + name + ".plan";
      out.push_back({name, ready(compile_file(path, false), path), ready(compile_file(path, true), path)});
    }
    return out;
  }();
  return plans;
}

// Accepted families must satisfy what the VM relies on.
void check_family_invariants(const Family& f, const Schema& schema) {
  if (f.id.empty()) broken("accepted family with an empty id");
  if (f.members.empty() || f.members.size() > INT16_MAX) broken("accepted family with a bad member count");
  if (f.type_begin.size() != schema.types.size() + 1 || f.type_begin.front() != 0 ||
      f.type_begin.back() != f.events.size())
    broken("type index does not cover the events");
  for (size_t t = 0; t < schema.types.size(); ++t) {
    const EventTypeDef& type = schema.types[t];
    if (f.type_begin[t] > f.type_begin[t + 1]) broken("type index out of order");
    for (uint32_t i = f.type_begin[t]; i < f.type_begin[t + 1]; ++i) {
      const Event& e = f.events[i];
      if (e.type != t) broken("an event sits under another type");
      if (i > f.type_begin[t]) {
        const Event& p = f.events[i - 1];
        if (p.order_key > e.order_key || (p.order_key == e.order_key && p.position >= e.position))
          broken("events of a type are not in date order");
      }
      if (e.member != kNoMember && (e.member < 0 || static_cast<size_t>(e.member) >= f.members.size()))
        broken("an event names a member out of range");
      if (type.member == MemberRule::Required && e.member == kNoMember) broken("a required member is missing");
      if (static_cast<size_t>(e.slot) + type.slot_count > f.slots.size()) broken("event slots out of range");
      for (const FieldDef& field : type.fields) {
        const int64_t v = f.slots[e.slot + field.slot];
        if (v == kAbsent) {
          if (!field.optional) broken(fmt::format("required field {}.{} is absent", type.name, field.name));
          continue;
        }
        switch (field.type) {
          case FieldType::Int:
            if (v < field.min || v > field.max) broken(fmt::format("{}.{} out of range", type.name, field.name));
            break;
          case FieldType::Bool:
            if (v != 0 && v != 1) broken("a Bool slot is neither 0 nor 1");
            break;
          case FieldType::Enum:
            if (v < 0 || static_cast<size_t>(v) >= schema.enums[field.enum_id].values.size())
              broken("an enum slot out of range");
            break;
          case FieldType::Date:
            if (v < date_from_ymd(1, 1, 1).days || v > kOpenEnd.days) broken("a date slot out of range");
            break;
          case FieldType::Number:
            if (f.slots[e.slot + field.slot + 1] <= 0) broken("a Number with a denominator <= 0");
            break;
          default: break;
        }
      }
    }
  }
}

// Reads bytes as small choices; past the end every choice is 0.
class Bytes {
 public:
  explicit Bytes(std::string_view d) : d_(d) {}
  uint8_t byte() { return pos_ < d_.size() ? static_cast<uint8_t>(d_[pos_++]) : 0; }
  unsigned pick(unsigned n) { return n ? byte() % n : 0; }
  int64_t word() {
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v = v << 8 | byte();
    return static_cast<int64_t>(v);
  }
  bool empty() const { return pos_ >= d_.size(); }

 private:
  std::string_view d_;
  size_t pos_ = 0;
};

std::string quoted(std::string_view s) { return fmt::format("\"{}\"", s); }

// A date near `around`, now and then far away or not a date at all.
std::string date_text(Bytes& b, Date around, bool chaos) {
  switch (chaos ? b.pick(64) : 4 + b.pick(60)) {
    case 0: return quoted("0001-01-01");
    case 1: return quoted("9999-12-31");
    case 2: return quoted("2016-02-29");
    case 3: return quoted("2017-02-29");  // not a date: rejected
    default: {
      int64_t offset = static_cast<int16_t>(b.byte() << 8 | b.byte());  // about +-90 years
      if (b.pick(4)) offset /= 16;                                       // most often within 6 years
      return quoted(format_date(add_days(around, offset)));
    }
  }
}

std::string int_text(Bytes& b, const FieldDef& f, bool chaos) {
  if (!chaos && f.name == "possible_sessions") return fmt::format("{}", 100 + b.byte());
  switch (chaos ? b.pick(32) : 5) {
    case 0: return fmt::format("{}", f.min);
    case 1: return fmt::format("{}", f.max);
    case 2: return fmt::format("{}", b.word());
    case 3: return "9223372036854775808";  // 2^63: too big
    case 4: return fmt::format("{}", b.byte());
    default: {
      uint64_t span = static_cast<uint64_t>(f.max) - static_cast<uint64_t>(f.min);
      return fmt::format("{}", f.min + static_cast<int64_t>(b.byte() % std::min<uint64_t>(span + 1, chaos ? 160 : 50)));
    }
  }
}

// A field's value. Without `chaos` the family is meant to be accepted;
// `nth` counts the earlier events of the type (terms and months then differ).
std::string field_value(Bytes& b, const Schema& schema, const FieldDef& f, Date around, Date& last_date, bool chaos,
                        int nth) {
  switch (f.type) {
    case FieldType::Date: {
      if (last_date != kNoDate && (!chaos || b.pick(8))) {
        // A later field of the event: an end after its start, anything else
        // (last_incident, sustained_from) on or before the event's date.
        int64_t offset = b.pick(4) ? b.byte() : b.byte() * 16;
        Date d = add_days(last_date, f.name == "end" ? offset : -offset);
        return quoted(format_date(d));
      }
      std::string text = date_text(b, around, chaos);
      if (auto d = parse_iso_date(std::string_view(text).substr(1, 10))) last_date = *d;
      return text;
    }
    case FieldType::Int: return int_text(b, f, chaos);
    case FieldType::Number:
      switch (chaos ? b.pick(8) : 2) {
        case 0: return "1e400";
        case 1: return fmt::format("{}.{}", b.byte(), b.byte());
        default: return fmt::format("{}", b.byte() % 32);
      }
    case FieldType::Bool: return b.pick(2) ? "true" : "false";
    case FieldType::Enum: {
      const auto& values = schema.enums[f.enum_id].values;
      return quoted(values[b.pick(static_cast<unsigned>(values.size()))]);
    }
    case FieldType::Term: {
      static constexpr const char* kSeasons[] = {"spring", "summer", "autumn"};
      if (!chaos) {
        Term t = (ymd_of(around).year - 2) * 3 + nth * 2 + static_cast<int>(b.pick(2));
        return quoted(format_term(t));
      }
      return quoted(fmt::format("{}-{}", ymd_of(around).year - 3 + static_cast<int>(b.pick(6)), kSeasons[b.pick(3)]));
    }
    case FieldType::Month: {
      Month m = chaos ? month_of(around) - 24 + static_cast<int>(b.pick(48))
                      : month_of(around) - 12 + nth * 2 + static_cast<int>(b.pick(2));
      return quoted(format_month(m));
    }
    case FieldType::Scores: {
      const auto& domains = schema.enums[f.enum_id].values;
      std::string out = "{";
      if (!chaos) {  // each domain at most once, at least one
        const unsigned first = b.pick(static_cast<unsigned>(domains.size()));
        for (unsigned i = 0; i < domains.size(); ++i)
          if (i == first || b.pick(3) == 0)
            out += fmt::format("{}{}: {}", out.size() > 1 ? ", " : "", quoted(domains[i]), 1 + b.pick(10));
        return out + "}";
      }
      unsigned n = b.pick(16) ? 1 + b.pick(static_cast<unsigned>(domains.size())) : 0;
      for (unsigned i = 0; i < n; ++i) {
        if (i) out += ", ";
        out += fmt::format("{}: {}", quoted(domains[b.pick(static_cast<unsigned>(domains.size()))]),
                           b.pick(32) ? 1 + static_cast<int>(b.pick(10)) : 11);
      }
      return out + "}";
    }
  }
  return "null";
}

}  // namespace

std::string family_line_from_bytes(std::string_view data) {
  const Schema& schema = stdlib_program().program().schema;
  Bytes b(data);
  // One input in eight may break the format's rules; the others make a family
  // the loader accepts (nearly always), so the plans see real timelines.
  const bool chaos = b.pick(8) == 0;
  const Date assessment = add_days(date_from_ymd(2014, 1, 1), b.byte() << 4 | b.pick(16));
  std::string line = fmt::format(R"({{"id": "F1", "assessment_date": "{}", "members": [)", format_date(assessment));
  const unsigned members = 1 + b.pick(4);
  for (unsigned m = 0; m < members; ++m) {
    bool child = b.pick(3) != 0;
    Date dob = add_days(assessment, -static_cast<int64_t>(child ? b.byte() * 24 : 6570 + b.byte() * 40));
    line += fmt::format(R"({}{{"id": "M{}", "role": "{}", "dob": "{}")", m ? ", " : "", m,
                        child ? "child" : "adult", format_date(dob));
    if (!child) line += b.pick(2) ? R"(, "parenting": true)" : "";
    line += "}";
  }
  line += R"(], "events": [)";
  std::vector<int> per_type(schema.types.size());
  for (unsigned e = 0; !b.empty() && e < 400; ++e) {
    const EventTypeDef& type = schema.types[b.pick(static_cast<unsigned>(schema.types.size()))];
    line += fmt::format(R"({}{{"type": "{}")", e ? ", " : "", type.name);
    if (type.member != MemberRule::None && (type.member == MemberRule::Required || b.pick(2)))
      line += fmt::format(R"(, "member": "M{}")", b.pick(members + (chaos && b.pick(16) == 0)));  // unknown
    Date last_date = kNoDate;
    for (const FieldDef& f : type.fields) {
      const bool may_go = f.optional || f.has_default || f.open_end;
      const unsigned how = may_go ? b.pick(8) : chaos ? b.pick(128) : 2;
      if (how == 0) continue;  // left out
      if (how == 1) {
        line += fmt::format(R"(, "{}": null)", f.name);
        continue;
      }
      line += fmt::format(R"(, "{}": {})", f.name,
                          field_value(b, schema, f, assessment, last_date, chaos, per_type[&type - schema.types.data()]));
    }
    line += "}";
    ++per_type[&type - schema.types.data()];
  }
  return line + "]}";
}

bool planted_crash_enabled() {
  const char* v = std::getenv("OUTCOMES_FUZZ_PLANT");
  return v && std::strcmp(v, "1") == 0;
}

void rules_one(std::string_view data) {
  // The parity of the length picks traced or plain code generation, so both
  // generators are fuzzed without compiling every input twice.
  auto c = compile_text("fuzz.plan", std::string(data), data.size() % 2 == 1);
  if (c->ok() != !c->diagnostics.has_errors()) broken("a program and errors, or neither");
}

void loader_one(std::string_view data) {
  if (planted_crash_enabled() && data.size() >= kPlantedMagic.size() &&
      std::memcmp(data.data(), kPlantedMagic.data(), kPlantedMagic.size()) == 0) {
    volatile char* p = new char[4];
    p[data.size() % 4 + 4] = 1;  // a heap-buffer-overflow for AddressSanitizer
    delete[] p;
    std::abort();  // and a crash without it
  }
  const Ready& r = stdlib_program();
  const Schema& schema = r.program().schema;
  int64_t errors = 0;
  std::vector<std::string> issues, full_issues;
  CohortReader reader(schema, "fuzz.jsonl", [&](const LoadIssue& issue) {
    if (issue.severity == LoadIssue::Severity::Error) ++errors;
    issues.push_back(render_load_issue(issue));
    if (issues.back().empty()) broken("an empty message");
  });
  // The same lines read the full way only: the fast path must change nothing
  // (loader_fast.cpp), neither a message nor a family.
  CohortReader full_reader(schema, "fuzz.jsonl",
                           [&](const LoadIssue& issue) { full_issues.push_back(render_load_issue(issue)); });
  full_reader.set_fast_path(false);
  Family family, full_family;
  int64_t number = 0;
  while (!data.empty()) {
    size_t end = data.find('\n');
    std::string_view line = data.substr(0, end);
    data.remove_prefix(end == std::string_view::npos ? data.size() : end + 1);
    auto outcome = reader.parse_line(line, ++number, family);
    if (outcome == CohortReader::Outcome::Accepted) check_family_invariants(family, schema);
    if (full_reader.parse_line(line, number, full_family) != outcome) broken("the fast path changed an outcome");
    if (outcome == CohortReader::Outcome::Accepted && family != full_family)
      broken("the fast path read a family differently");
  }
  if (errors != reader.rejected()) broken("a rejected family without exactly one error");
  if (issues != full_issues) broken("the fast path changed a message");
}

void vm_one(std::string_view data) {
  const std::string line = !data.empty() && data[0] == '{' ? std::string(data) : family_line_from_bytes(data);
  if (line.find('\n') != std::string::npos) return;  // one line only
  Family family;
  Evaluation plain, traced;
  Trace trace;
  Vm::TraceRoots roots;
  for (const BundledPlan& plan : bundled_plans()) {
    CohortReader reader(plan.plain->program().schema, "fuzz.jsonl", nullptr);
    if (reader.parse_line(line, 1, family) != CohortReader::Outcome::Accepted) return;
    check_family_invariants(family, plan.plain->program().schema);
    const Date a = family.assessment_date;
    // One VM each per input, reused across the dates as `run` reuses it across families.
    Vm vm(plan.plain->program()), traced_vm(plan.traced->program());
    for (Date as_of : {a, add_months(a, 6), add_days(a, 400), date_from_ymd(2018, 6, 30)}) {
      if (as_of < a) continue;  // `run` skips such a family
      bool failed_plain = false, failed_traced = false;
      try {
        vm.evaluate(family, as_of, plain);
      } catch (const EvaluationError&) {
        failed_plain = true;
      }
      try {
        traced_vm.evaluate_traced(family, as_of, traced, trace, roots);
      } catch (const EvaluationError&) {
        failed_traced = true;
      }
      if (failed_plain != failed_traced) broken(plan.name + ": traced and plain runs disagree on failing");
      if (failed_plain) continue;
      if (plain.presenting != traced.presenting || plain.progress != traced.progress ||
          plain.strand_presenting != traced.strand_presenting || plain.strand_progress != traced.strand_progress ||
          plain.results.size() != traced.results.size())
        broken(plan.name + ": traced and plain evaluations disagree");
      for (size_t i = 0; i < plain.results.size(); ++i)
        if (plain.results[i].a != traced.results[i].a || plain.results[i].b != traced.results[i].b)
          broken(plan.name + ": traced and plain results disagree");
    }
  }
}

}  // namespace outcomes::fuzz
