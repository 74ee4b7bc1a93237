#include "cli/cohort_pipeline.h"

#include <sys/stat.h>

namespace outcomes::cli {

void ParsedLines::clear() {
  lines.clear();
  issues.clear();
  ids.clear();
}

FamilyParser::FamilyParser(const Schema& schema, const std::string& display, size_t max_line_bytes)
    : reader_(schema, display, [this](const LoadIssue& issue) { sink_->push_back(issue); }),
      max_line_bytes_(max_line_bytes) {
  // Workers see only their own batches, so the id check is made in order by
  // FamilyAdmission instead.
  reader_.set_duplicate_ids_checked(false);
}

const Family* FamilyParser::parse(const LineBatch& batch, const LineBatch::Line& line, ParsedLines& parsed) {
  sink_ = &parsed.issues;
  ParsedLines::Line& p = parsed.lines.emplace_back();
  if (line.too_long) {
    reader_.reject_overlong_line(line.number, line.too_long, max_line_bytes_);
    p.outcome = CohortReader::Outcome::Rejected;
  } else {
    p.outcome = reader_.parse_line(batch.line_text(line), line.number, family_);
  }
  p.issues_end = static_cast<uint32_t>(parsed.issues.size());
  if (p.outcome != CohortReader::Outcome::Accepted) return nullptr;
  p.id_offset = static_cast<uint32_t>(parsed.ids.size());
  p.id_length = static_cast<uint32_t>(family_.id.size());
  parsed.ids += family_.id;
  return &family_;
}

FamilyAdmission::FamilyAdmission(const CohortPipelineOptions& options, std::function<void(const LoadIssue&)> on_issue)
    : display_(options.display), on_issue_(std::move(on_issue)), progress_(options.progress, "families") {
  struct stat st {};
  if (options.progress && options.path != "-" && stat(options.path.c_str(), &st) == 0 && S_ISREG(st.st_mode))
    total_bytes_ = static_cast<uint64_t>(st.st_size);
}

bool FamilyAdmission::admit(const LineBatch& batch, const ParsedLines& parsed, size_t i) {
  const ParsedLines::Line& p = parsed.lines[i];
  for (uint32_t k = i ? parsed.lines[i - 1].issues_end : 0; k < p.issues_end; ++k) on_issue_(parsed.issues[k]);
  if (p.outcome == CohortReader::Outcome::Rejected) ++counts_.rejected;
  if (p.outcome != CohortReader::Outcome::Accepted) return false;
  int64_t number = batch.lines[i].number;
  std::string_view id = std::string_view(parsed.ids).substr(p.id_offset, p.id_length);
  if (std::optional<int64_t> earlier = accepted_ids_.accept(id, number)) {
    // As CohortReader words it when it checks ids itself.
    ++counts_.rejected;
    on_issue_({LoadIssue::Severity::Error, display_, number, std::string(id), "id",
               CohortReader::duplicate_id_message(id, *earlier)});
    return false;
  }
  ++counts_.delivered;
  return true;
}

void FamilyAdmission::batch_done(const LineBatch& batch) {
  for (const LineBatch::Line& l : batch.lines) bytes_ += (l.too_long ? l.too_long : l.length) + 1;
  progress_.update(counts_.delivered,
                   total_bytes_ ? static_cast<double>(bytes_) / static_cast<double>(total_bytes_) : -1);
}

CohortPipelineCounts FamilyAdmission::finish(const LineBatcher& lines) {
  progress_.finish();
  if (lines.failed()) {
    // Worded as read_cohort (runtime/loader.h) words it.
    counts_.read_ok = false;
    if (lines.failed_to_open())
      on_issue_({LoadIssue::Severity::Error, display_, 0, "", "", lines.error()});
    else
      on_issue_({LoadIssue::Severity::Error, display_, lines.last_line(), "", "",
                 lines.error() + "; the rest of the input was not read"});
  }
  return counts_;
}

}  // namespace outcomes::cli
