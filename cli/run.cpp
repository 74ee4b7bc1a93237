// outcomes run --plan PLAN --families FILE --as-of DATE [--format F] [--output FILE] [--jobs N]
#include <fmt/format.h>
#include <sys/stat.h>

#include <chrono>
#include <unordered_map>

#include "cli/line_pipeline.h"
#include "cli/output.h"
#include "cli/plan_loading.h"
#include "runtime/line_reader.h"
#include "runtime/loader.h"

namespace outcomes::cli {

namespace {

enum class LineKind : uint8_t { Blank, Accepted, Rejected, Skipped };

// Turns one input line into its output text and messages. One per thread.
class FamilyProcessor {
 public:
  FamilyProcessor(const Program& p, const RunOptions& o, Date as_of, std::string display, bool check_ids)
      : program_(p), options_(o), as_of_(as_of), display_(std::move(display)),
        reader_(p.schema, display_, [this](const LoadIssue& i) { *messages_ += render_load_issue(i) + "\n"; }),
        vm_(p) {
    reader_.set_duplicate_ids_checked(check_ids);
  }

  // Appends the family's record to `out` and any messages to `messages`.
  LineKind process(std::string_view line, int64_t number, uint64_t too_long, std::string& out, std::string& messages) {
    messages_ = &messages;
    if (too_long) {
      reader_.reject_overlong_line(number, too_long, LineReader::kDefaultMaxLineBytes);
      return LineKind::Rejected;
    }
    auto outcome = reader_.parse_line(line, number, family_);
    if (outcome == CohortReader::Outcome::Blank) return LineKind::Blank;
    if (outcome == CohortReader::Outcome::Rejected) return LineKind::Rejected;
    if (family_.assessment_date > as_of_) {
      messages += fmt::format("{}:{}: family {}: skipped: assessment date {} is after the as-of date {}\n", display_,
                              number, family_.id, format_date(family_.assessment_date), options_.as_of);
      return LineKind::Skipped;
    }
    try {
      vm_.evaluate(family_, as_of_, evaluation_);
    } catch (const EvaluationError& e) {
      messages += fmt::format("{}:{}: family {}: skipped: {}\n", display_, number, family_.id, e.what());
      return LineKind::Skipped;
    }
    if (options_.format == "jsonl") append_jsonl(out, program_, family_.id, options_.as_of, evaluation_);
    else if (options_.format == "csv") append_csv(out, program_, family_.id, options_.as_of, evaluation_);
    return LineKind::Accepted;
  }

  const Family& family() const { return family_; }
  const Evaluation& evaluation() const { return evaluation_; }
  int64_t rejected() const { return reader_.rejected(); }

 private:
  const Program& program_;
  const RunOptions& options_;
  Date as_of_;
  std::string display_;
  std::string* messages_ = nullptr;
  CohortReader reader_;
  Family family_;
  Vm vm_;
  Evaluation evaluation_;
};

// What one batch of lines came to, filled on a worker thread.
struct BatchOutcome {
  struct Line {
    LineKind kind;
    std::string family_id;
    uint32_t out_begin, out_end, msg_begin, msg_end;
    int evaluation = -1;  // index into evaluations (table format)
  };
  std::vector<Line> lines;
  std::string out, messages;
  std::vector<Evaluation> evaluations;
};

// A progress line on a terminal, so a long run shows it is alive.
class Progress {
 public:
  Progress(bool enabled, const std::string& path) : enabled_(enabled), start_(clock::now()), last_(start_) {
    struct stat st {};
    if (enabled_ && path != "-" && stat(path.c_str(), &st) == 0) total_bytes_ = st.st_size;
  }
  void update(int64_t families, uint64_t bytes) {
    if (!enabled_) return;
    auto now = clock::now();
    if (now - last_ < std::chrono::milliseconds(500)) return;
    last_ = now;
    double seconds = std::chrono::duration<double>(now - start_).count();
    double rate = seconds > 0 ? static_cast<double>(families) / seconds : 0;
    std::string left;
    if (total_bytes_ > 0 && bytes > 0) {
      double remaining = seconds * (static_cast<double>(total_bytes_) / static_cast<double>(bytes) - 1);
      left = fmt::format(", about {:.0f} s left", std::max(0.0, remaining));
    }
    fmt::print(stderr, "\r{} families, {:.0f} families/s{}   ", families, rate, left);
  }
  void finish() {
    if (enabled_ && last_ != start_) fmt::print(stderr, "\r{:60}\r", "");
  }

 private:
  using clock = std::chrono::steady_clock;
  bool enabled_;
  clock::time_point start_, last_;
  uint64_t total_bytes_ = 0;
};

}  // namespace

int run_command(const RunOptions& o) {
  auto as_of = parse_iso_date(o.as_of);
  if (!as_of) {
    fmt::print(stderr, "error: --as-of {}: expected a date YYYY-MM-DD\n", o.as_of);
    return kExitUsage;
  }
  if (o.jobs < 1 || o.jobs > 256) {
    fmt::print(stderr, "error: --jobs {}: expected a number of threads from 1 to 256\n", o.jobs);
    return kExitUsage;
  }
  auto plan = load_plan(o.plan);
  if (!plan) return kExitPlanError;
  const Program& program = plan->program();
  const std::string display = o.families == "-" ? "<stdin>" : o.families;

  OutputFile out;
  std::string error;
  if (!out.open(o.output, &error)) {
    fmt::print(stderr, "error: {}\n", error);
    return kExitUsage;
  }
  Summary summary(program);
  std::string buffer = o.format == "csv" ? csv_header(program) : "";
  int64_t evaluated = 0, rejected = 0, skipped = 0;
  uint64_t bytes = 0;
  Progress progress(!o.quiet && stderr_is_terminal(), o.families);
  auto flush_output = [&] {
    if (buffer.size() > (1 << 16)) {
      out.write(buffer);
      buffer.clear();
    }
  };

  bool read_ok = true;
  if (o.jobs == 1) {
    FamilyProcessor processor(program, o, *as_of, display, /*check_ids=*/true);
    std::string messages;
    LineReader lines(o.families);
    std::string_view line;
    int64_t number = 0;
    while (!lines.failed() && lines.next(line, number)) {
      bytes += line.size() + 1;
      LineKind kind = processor.process(line, number, lines.line_too_long() ? lines.too_long_length() : 0, buffer,
                                        messages);
      fmt::print(stderr, "{}", messages);
      messages.clear();
      if (kind == LineKind::Accepted) ++evaluated, summary.add(processor.evaluation());
      else if (kind == LineKind::Rejected) ++rejected;
      else if (kind == LineKind::Skipped) ++skipped;
      flush_output();
      progress.update(evaluated, bytes);
    }
    if (lines.failed()) error = lines.error(), read_ok = false;
  } else {
    std::vector<std::unique_ptr<FamilyProcessor>> processors;
    for (int w = 0; w < o.jobs; ++w)
      processors.push_back(std::make_unique<FamilyProcessor>(program, o, *as_of, display, /*check_ids=*/false));
    std::unordered_map<std::string, int64_t> accepted_ids;  // the one check made in input order
    auto work = [&](int w, LineBatch& batch) {
      auto result = std::make_shared<BatchOutcome>();
      for (const LineBatch::Line& l : batch.lines) {
        BatchOutcome::Line r;
        r.out_begin = static_cast<uint32_t>(result->out.size());
        r.msg_begin = static_cast<uint32_t>(result->messages.size());
        r.kind = processors[w]->process(batch.line_text(l), l.number, l.too_long, result->out, result->messages);
        if (r.kind == LineKind::Accepted) {
          r.family_id = processors[w]->family().id;
          if (o.format == "table") {
            r.evaluation = static_cast<int>(result->evaluations.size());
            result->evaluations.push_back(processors[w]->evaluation());
          }
        }
        r.out_end = static_cast<uint32_t>(result->out.size());
        r.msg_end = static_cast<uint32_t>(result->messages.size());
        result->lines.push_back(std::move(r));
      }
      batch.result = std::move(result);
    };
    auto deliver = [&](LineBatch& batch) {
      auto result = std::static_pointer_cast<BatchOutcome>(batch.result);
      for (size_t i = 0; i < result->lines.size(); ++i) {
        const BatchOutcome::Line& r = result->lines[i];
        bytes += batch.lines[i].length + 1;
        fmt::print(stderr, "{}", std::string_view(result->messages).substr(r.msg_begin, r.msg_end - r.msg_begin));
        if (r.kind == LineKind::Accepted) {
          auto [earlier, fresh] = accepted_ids.try_emplace(r.family_id, batch.lines[i].number);
          if (!fresh) {
            ++rejected;
            fmt::print(stderr, "{}\n",
                       render_load_issue({LoadIssue::Severity::Error, display, batch.lines[i].number, r.family_id, "id",
                                          CohortReader::duplicate_id_message(r.family_id, earlier->second)}));
            continue;
          }
          ++evaluated;
          buffer.append(result->out, r.out_begin, r.out_end - r.out_begin);
          if (r.evaluation >= 0) summary.add(result->evaluations[r.evaluation]);
        } else if (r.kind == LineKind::Rejected) {
          ++rejected;
        } else if (r.kind == LineKind::Skipped) {
          ++skipped;
        }
      }
      flush_output();
      progress.update(evaluated, bytes);
    };
    read_ok = LinePipeline::run(o.families, o.jobs, 512, LineReader::kDefaultMaxLineBytes, work, deliver, &error);
  }
  progress.finish();
  if (!read_ok) fmt::print(stderr, "{}: {}\n", display, error);
  if (o.format == "table") buffer += summary.render(program);
  out.write(buffer);
  if (!out.commit(&error)) {
    fmt::print(stderr, "error: {}\n", error);
    return kExitUsage;
  }
  if (!o.quiet || rejected + skipped > 0)
    fmt::print(stderr, "{} families evaluated, {} rejected, {} skipped\n", evaluated, rejected, skipped);
  if (!read_ok) return kExitUsage;
  return rejected + skipped > 0 ? kExitSomeRejected : kExitOk;
}

}  // namespace outcomes::cli
