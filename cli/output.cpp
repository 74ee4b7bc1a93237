#include "cli/output.h"

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>

namespace outcomes::cli {

namespace {

// The temporary files of open OutputFiles, removed when the run is
// interrupted by SIGINT, SIGTERM or SIGHUP (only SIGKILL can leave one
// behind; the target itself is never half-written). The handler may only
// call async-signal-safe functions, so the paths are kept as fixed copies.
constexpr int kTempSlots = 8;
char temp_paths[kTempSlots][4096];
std::atomic<bool> temp_in_use[kTempSlots];

extern "C" void remove_temps_and_stop(int sig) {
  for (int i = 0; i < kTempSlots; ++i)
    if (temp_in_use[i].load()) unlink(temp_paths[i]);
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

int track_temp(const std::string& path) {
  static const bool installed = [] {
    for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
      struct sigaction old {};
      // A signal the caller ignores (nohup) stays ignored.
      if (sigaction(sig, nullptr, &old) == 0 && old.sa_handler == SIG_DFL) std::signal(sig, remove_temps_and_stop);
    }
    return true;
  }();
  (void)installed;
  if (path.size() >= sizeof temp_paths[0]) return -1;
  for (int i = 0; i < kTempSlots; ++i) {
    if (temp_in_use[i].load()) continue;
    std::memcpy(temp_paths[i], path.c_str(), path.size() + 1);
    temp_in_use[i].store(true);
    return i;
  }
  return -1;
}

void untrack_temp(int slot) {
  if (slot >= 0) temp_in_use[slot].store(false);
}

}  // namespace

const char* verdict_name(uint8_t v) { return v == 1 ? "met" : v == 2 ? "unknown" : "not_met"; }

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  size_t plain = 0;  // the start of the run of characters that need no escape
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c != '"' && c != '\\' && static_cast<unsigned char>(c) >= 0x20) continue;
    out.append(s.data() + plain, i - plain);
    plain = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: out += fmt::format("\\u{:04x}", c);
    }
  }
  out.append(s.data() + plain, s.size() - plain);
  out += '"';
}

std::string json_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  append_json_string(out, s);
  return out;
}

std::string result_text(const Program& p, size_t r, Value v) {
  const ResultInfo& info = p.results[r];
  switch (info.kind) {
    case OutputKind::Bool: return v.a == 1 ? "true" : "false";
    case OutputKind::Verdict: return fmt::format("\"{}\"", verdict_name(static_cast<uint8_t>(v.a)));
    case OutputKind::Enum:
      if (v.a == kAbsent) return "null";
      return fmt::format("\"{}\"", p.schema.enums[info.enum_id].values[v.a]);
    case OutputKind::Int: return v.a == kAbsent ? "null" : std::to_string(v.a);
    case OutputKind::Number:
    case OutputKind::Percent:
      return v.a == kAbsent ? "null" : fmt::format("{}", static_cast<double>(v.a) / static_cast<double>(v.b));
    case OutputKind::Date: return v.a == kAbsent ? "null" : fmt::format("\"{}\"", format_date(Date{static_cast<int32_t>(v.a)}));
  }
  return "null";
}

// As result_text, appended to `out`, without a temporary for the common kinds.
static void append_result_text(std::string& out, const Program& p, size_t r, Value v) {
  const ResultInfo& info = p.results[r];
  switch (info.kind) {
    case OutputKind::Bool: out += v.a == 1 ? "true" : "false"; return;
    case OutputKind::Verdict:
      out += '"';
      out += verdict_name(static_cast<uint8_t>(v.a));
      out += '"';
      return;
    case OutputKind::Enum:
      if (v.a == kAbsent) break;
      out += '"';
      out += p.schema.enums[info.enum_id].values[v.a];
      out += '"';
      return;
    default: break;
  }
  out += result_text(p, r, v);
}

void append_jsonl(std::string& out, const Program& p, const std::string& family, const std::string& as_of,
                  const Evaluation& e) {
  out += "{\"family\": ";
  append_json_string(out, family);
  out += ", \"plan\": ";
  append_json_string(out, p.plan_id);
  out += ", \"as_of\": \"";
  out += as_of;
  out += "\", \"indicators\": {";
  for (size_t i = 0; i < p.indicators.size(); ++i) {
    if (i) out += ", ";
    append_json_string(out, p.indicators[i].id);
    if (e.presenting[i]) {
      out += ": {\"presenting\": true, \"progress\": \"";
      out += verdict_name(e.progress[i]);
      out += "\"}";
    } else {
      out += ": {\"presenting\": false, \"progress\": null}";
    }
  }
  out += "}, \"strands\": {";
  for (size_t s = 0; s < p.strands.size(); ++s) {
    if (s) out += ", ";
    append_json_string(out, p.strands[s].id);
    if (e.strand_presenting[s]) {
      out += ": {\"presenting\": true, \"progress\": \"";
      out += verdict_name(e.strand_progress[s]);
      out += "\"}";
    } else {
      out += ": {\"presenting\": false, \"progress\": null}";
    }
  }
  out += "}, \"results\": {";
  for (size_t r = 0; r < p.results.size(); ++r) {
    if (r) out += ", ";
    append_json_string(out, p.results[r].name);
    out += ": ";
    append_result_text(out, p, r, e.results[r]);
  }
  out += "}}\n";
}

std::string csv_header(const Program& p) {
  std::string h = "family,plan,as_of";
  for (const IndicatorInfo& i : p.indicators) h += fmt::format(",{0} presenting,{0} progress", i.id);
  for (const StrandInfo& s : p.strands) h += fmt::format(",{0} presenting,{0} progress", s.id);
  for (const ResultInfo& r : p.results) h += "," + r.name;
  return h + "\n";
}

static std::string csv_field(std::string_view s) {
  if (s.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

void append_csv(std::string& out, const Program& p, const std::string& family, const std::string& as_of,
                const Evaluation& e) {
  out += csv_field(family) + "," + csv_field(p.plan_id) + "," + as_of;
  for (size_t i = 0; i < p.indicators.size(); ++i)
    out += e.presenting[i] ? fmt::format(",true,{}", verdict_name(e.progress[i])) : std::string(",false,");
  for (size_t s = 0; s < p.strands.size(); ++s)
    out += e.strand_presenting[s] ? fmt::format(",true,{}", verdict_name(e.strand_progress[s])) : std::string(",false,");
  for (size_t r = 0; r < p.results.size(); ++r) {
    std::string t = result_text(p, r, e.results[r]);
    if (t.size() >= 2 && t.front() == '"') t = t.substr(1, t.size() - 2);
    if (t == "null") t.clear();
    out += "," + csv_field(t);
  }
  out += "\n";
}

Summary::Summary(const Program& p)
    : indicators_(p.indicators.size()), strands_(p.strands.size()), results_(p.results.size()) {
  for (size_t r = 0; r < p.results.size(); ++r) {
    size_t n = p.results[r].kind == OutputKind::Enum ? p.schema.enums[p.results[r].enum_id].values.size() : 3;
    results_[r].assign(n, 0);
  }
}

void Summary::add(const Evaluation& e) {
  ++families_;
  auto tally = [](Tally& t, bool presenting, uint8_t progress) {
    if (!presenting) return;
    ++t.presenting;
    (progress == 1 ? t.met : progress == 2 ? t.unknown : t.not_met)++;
  };
  for (size_t i = 0; i < indicators_.size(); ++i) tally(indicators_[i], e.presenting[i], e.progress[i]);
  for (size_t s = 0; s < strands_.size(); ++s) tally(strands_[s], e.strand_presenting[s], e.strand_progress[s]);
  for (size_t r = 0; r < results_.size(); ++r) {
    int64_t v = e.results[r].a;
    if (v >= 0 && v < static_cast<int64_t>(results_[r].size())) ++results_[r][v];
  }
}

std::string Summary::render(const Program& p) const {
  std::string out = fmt::format("{} ({}) — {} families evaluated\n\n", p.title.empty() ? p.plan_id : p.title, p.plan_id,
                                families_);
  auto pct = [&](int64_t n) { return families_ ? 100.0 * static_cast<double>(n) / static_cast<double>(families_) : 0.0; };
  out += fmt::format("{:<44} {:>10} {:>7} {:>8} {:>8} {:>8}\n", "strand / indicator", "presenting", "%", "met",
                     "not met", "unknown");
  out += std::string(90, '-') + "\n";
  for (size_t s = 0; s < strands_.size(); ++s) {
    const Tally& t = strands_[s];
    std::string title = fmt::format("{} ({})", p.strands[s].title, p.strands[s].id);
    if (title.size() > 44) title = title.substr(0, 41) + "...";
    out += fmt::format("{:<44} {:>10} {:>6.1f}% {:>8} {:>8} {:>8}\n", title, t.presenting, pct(t.presenting), t.met,
                       t.not_met, t.unknown);
    for (int i : p.strands[s].indicators) {
      const Tally& it = indicators_[i];
      out += fmt::format("  {:<42} {:>10} {:>6.1f}% {:>8} {:>8} {:>8}\n", p.indicators[i].id, it.presenting,
                         pct(it.presenting), it.met, it.not_met, it.unknown);
    }
  }
  out += "\nresults\n" + std::string(90, '-') + "\n";
  for (size_t r = 0; r < results_.size(); ++r) {
    const ResultInfo& info = p.results[r];
    std::string line = fmt::format("{:<24}", info.name);
    if (info.kind == OutputKind::Bool) {
      line += fmt::format(" true {:>8} ({:.1f}%)   false {:>8}", results_[r][1], pct(results_[r][1]), results_[r][0]);
    } else if (info.kind == OutputKind::Enum) {
      const EnumDef& en = p.schema.enums[info.enum_id];
      for (size_t v = 0; v < en.values.size(); ++v) line += fmt::format(" {} {}", en.values[v], results_[r][v]);
    }
    out += line + "\n";
  }
  return out;
}

OutputFile::~OutputFile() {
  if (file_ && file_ != stdout) {
    std::fclose(file_);
    std::remove(temp_path_.c_str());
  }
  untrack_temp(temp_slot_);
}

bool OutputFile::open(const std::string& path, std::string* error) {
  path_ = path;
  if (path.empty()) {
    file_ = stdout;
    return true;
  }
  temp_path_ = fmt::format("{}.tmp-{}", path, getpid());
  temp_slot_ = track_temp(temp_path_);
  file_ = std::fopen(temp_path_.c_str(), "wb");
  if (!file_) *error = fmt::format("cannot write {}: {}", temp_path_, std::strerror(errno));
  return file_ != nullptr;
}

void OutputFile::write(const std::string& text) {
  if (!text.empty() && std::fwrite(text.data(), 1, text.size(), file_) != text.size()) failed_ = true;
}

bool OutputFile::commit(std::string* error) {
  if (std::fflush(file_) != 0 || failed_) {
    *error = fmt::format("writing {} failed: {}", path_.empty() ? "standard output" : path_, std::strerror(errno));
    return false;
  }
  if (file_ == stdout) return true;
  // On disk before it takes the target's name, so not even a crash of the
  // machine leaves a short file there.
  const bool synced = fsync(fileno(file_)) == 0;
  const bool closed = std::fclose(file_) == 0;
  file_ = nullptr;
  if (!synced || !closed) {
    *error = fmt::format("writing {} failed: {}", path_, std::strerror(errno));
    std::remove(temp_path_.c_str());
    return false;
  }
  if (std::rename(temp_path_.c_str(), path_.c_str()) != 0) {
    *error = fmt::format("cannot move {} into place: {}", path_, std::strerror(errno));
    std::remove(temp_path_.c_str());
    return false;
  }
  return true;
}

}  // namespace outcomes::cli
