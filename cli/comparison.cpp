// The computation behind `outcomes compare`, and its JSON and CSV forms.
#include "cli/comparison.h"

#include <fmt/format.h>

#include <algorithm>

#include "cli/cohort_pass.h"
#include "cli/output.h"

namespace outcomes::cli {

namespace {

// Every value a result can take, in declaration order.
std::vector<std::string> possible_values(const Program& p, size_t r) {
  const ResultInfo& info = p.results[r];
  switch (info.kind) {
    case OutputKind::Bool: return {"true", "false"};
    case OutputKind::Verdict: return {"met", "not_met", "unknown"};
    case OutputKind::Enum: return p.schema.enums[info.enum_id].values;
    default: return {};  // numbers and dates: compared, not counted
  }
}

void tally(VerdictTally& t, bool presenting, uint8_t progress) {
  if (!presenting) return;
  ++t.presenting;
  (progress == 1 ? t.met : progress == 2 ? t.unknown : t.not_met)++;
}

void cross(CrossTab& x, bool first, bool second) {
  (first ? (second ? x.both : x.only_first) : (second ? x.only_second : x.neither))++;
}

}  // namespace

std::string Comparison::value_label(const Program& p, size_t r, Value v) {
  switch (p.results[r].kind) {
    case OutputKind::Bool: return v.a == 1 ? "true" : "false";
    case OutputKind::Verdict: return verdict_name(static_cast<uint8_t>(v.a));
    default: {
      std::string t = result_text(p, r, v);
      if (t.size() >= 2 && t.front() == '"') t = t.substr(1, t.size() - 2);
      return t;
    }
  }
}

bool Comparison::positive(const std::string& label) {
  return label == "true" || label == "valid" || label == "valid_discretionary" || label == "met";
}

Comparison::Comparison(std::vector<const Program*> programs)
    : programs_(std::move(programs)), labels_(plan_labels(programs_)), scratch_(programs_.size()) {
  size_t n = programs_.size();
  for (size_t p = 0; p < n; ++p)
    for (size_t q = p + 1; q < n; ++q) pairs_.emplace_back(p, q);
  for (size_t p = 0; p < n; ++p) {
    const Program& prog = *programs_[p];
    for (const StrandInfo& s : prog.strands) {
      bool known = false;
      for (const StrandRow& row : strands_) known = known || row.id == s.id;
      if (known) continue;
      StrandRow row{s.id, s.title, std::vector<int>(n, -1), std::vector<VerdictTally>(n), {}};
      for (size_t q = 0; q < n; ++q) row.index[q] = programs_[q]->strand_index(s.id);
      for (auto [a, b] : pairs_)
        row.cross.push_back(row.index[a] >= 0 && row.index[b] >= 0 ? std::optional<CrossTab>(CrossTab{}) : std::nullopt);
      strands_.push_back(std::move(row));
    }
    for (size_t r = 0; r < prog.results.size(); ++r) {
      const std::string& name = prog.results[r].name;
      ResultRow* row = nullptr;
      for (ResultRow& x : results_)
        if (x.name == name) row = &x;
      if (!row) {
        results_.push_back({name, std::vector<int>(n, -1), {}, {}, {}, {}});
        row = &results_.back();
        for (size_t q = 0; q < n; ++q) row->index[q] = programs_[q]->result_index(name);
        for (auto [a, b] : pairs_)
          row->cross.push_back(row->index[a] >= 0 && row->index[b] >= 0 ? std::optional<CrossTab>(CrossTab{})
                                                                        : std::nullopt);
      }
      for (const std::string& v : possible_values(prog, r))
        if (std::find(row->values.begin(), row->values.end(), v) == row->values.end()) row->values.push_back(v);
    }
  }
  for (ResultRow& row : results_) {
    row.counts.assign(n, std::vector<int64_t>(row.values.size(), 0));
    for (const std::string& v : row.values)
      if (positive(v)) row.positive += (row.positive.empty() ? "" : " or ") + v;
  }
}

void Comparison::add(const std::string& family_id, const std::vector<Evaluation>& e) {
  ++families_;
  size_t n = programs_.size();
  for (StrandRow& row : strands_) {
    for (size_t p = 0; p < n; ++p)
      if (row.index[p] >= 0) tally(row.tally[p], e[p].strand_presenting[row.index[p]], e[p].strand_progress[row.index[p]]);
    for (size_t k = 0; k < pairs_.size(); ++k)
      if (row.cross[k]) {
        auto [a, b] = pairs_[k];
        cross(*row.cross[k], e[a].strand_presenting[row.index[a]], e[b].strand_presenting[row.index[b]]);
      }
  }
  FamilyDifference diff;
  for (size_t r = 0; r < results_.size(); ++r) {
    ResultRow& row = results_[r];
    size_t having = 0;
    bool differ = false;
    const std::string* first = nullptr;
    for (size_t p = 0; p < n; ++p) {
      scratch_[p].clear();
      if (row.index[p] < 0) continue;
      scratch_[p] = value_label(*programs_[p], row.index[p], e[p].results[row.index[p]]);
      ++having;
      if (!first) first = &scratch_[p];
      else differ = differ || *first != scratch_[p];
      for (size_t v = 0; v < row.values.size(); ++v)
        if (row.values[v] == scratch_[p]) ++row.counts[p][v];
    }
    for (size_t k = 0; k < pairs_.size(); ++k)
      if (row.cross[k]) cross(*row.cross[k], positive(scratch_[pairs_[k].first]), positive(scratch_[pairs_[k].second]));
    if (having >= 2 && differ) diff.results.emplace_back(r, scratch_);
  }
  if (diff.results.empty()) return;
  diff.family = family_id;
  for (size_t s = 0; s < strands_.size(); ++s) {
    const StrandRow& row = strands_[s];
    std::vector<PlanState> states(n);
    bool differ = false;
    for (size_t p = 0; p < n; ++p) {
      PlanState& st = states[p];
      int si = row.index[p];
      if (si >= 0) {
        st.has_strand = true;
        st.presenting = e[p].strand_presenting[si];
        st.progress = st.presenting ? e[p].strand_progress[si] : 0;
        for (int i : programs_[p]->strands[si].indicators)
          if (e[p].presenting[i]) st.indicators.emplace_back(i, e[p].progress[i]);
      }
      if (p > 0) differ = differ || st.presenting != states[0].presenting || st.progress != states[0].progress;
    }
    if (differ) diff.strands.emplace_back(s, std::move(states));
  }
  differences_.push_back(std::move(diff));
}

namespace {

std::string q(const std::string& s) { return json_escape(s); }

std::string cross_json(const std::optional<CrossTab>& x) {
  if (!x) return "null";
  return fmt::format("{{\"both\": {}, \"only_first\": {}, \"only_second\": {}, \"neither\": {}}}", x->both,
                     x->only_first, x->only_second, x->neither);
}

std::string state_json(const Program& p, const Comparison::PlanState& st) {
  if (!st.has_strand) return "null";
  std::string s = fmt::format("{{\"presenting\": {}, \"progress\": {}, \"indicators\": {{", st.presenting,
                              st.presenting ? q(verdict_name(st.progress)) : "null");
  for (size_t i = 0; i < st.indicators.size(); ++i)
    s += fmt::format("{}{}: {}", i ? ", " : "", q(p.indicators[st.indicators[i].first].id),
                     q(verdict_name(st.indicators[i].second)));
  return s + "}}";
}

}  // namespace

std::string render_compare_json(const Comparison& c, const CompareContext& ctx) {
  const auto& labels = c.labels();
  std::string s = fmt::format("{{\"as_of\": {}, \"families\": {}, \"rejected\": {}, \"skipped\": {},\n \"plans\": [",
                              q(ctx.as_of), c.families(), ctx.rejected, ctx.skipped);
  for (size_t p = 0; p < labels.size(); ++p)
    s += fmt::format("{}{{\"label\": {}, \"plan\": {}, \"title\": {}, \"file\": {}}}", p ? ", " : "", q(labels[p]),
                     q(c.programs()[p]->plan_id), q(c.programs()[p]->title),
                     q(p < ctx.plan_paths.size() ? ctx.plan_paths[p] : ""));
  auto pair_head = [&](size_t k) {
    return fmt::format("\"first\": {}, \"second\": {}", q(labels[c.pairs()[k].first]), q(labels[c.pairs()[k].second]));
  };
  s += "],\n \"strands\": [";
  for (size_t r = 0; r < c.strands().size(); ++r) {
    const auto& row = c.strands()[r];
    s += fmt::format("{}\n  {{\"id\": {}, \"title\": {}, \"plans\": {{", r ? "," : "", q(row.id), q(row.title));
    bool first = true;
    for (size_t p = 0; p < labels.size(); ++p) {
      if (row.index[p] < 0) continue;
      const VerdictTally& t = row.tally[p];
      s += fmt::format("{}{}: {{\"presenting\": {}, \"met\": {}, \"not_met\": {}, \"unknown\": {}}}", first ? "" : ", ",
                       q(labels[p]), t.presenting, t.met, t.not_met, t.unknown);
      first = false;
    }
    s += "}, \"crosstab\": [";
    first = true;
    for (size_t k = 0; k < c.pairs().size(); ++k) {
      if (!row.cross[k]) continue;
      s += fmt::format("{}{{{}, \"presenting\": {}}}", first ? "" : ", ", pair_head(k), cross_json(row.cross[k]));
      first = false;
    }
    s += "]}";
  }
  s += "],\n \"results\": [";
  for (size_t r = 0; r < c.results().size(); ++r) {
    const auto& row = c.results()[r];
    s += fmt::format("{}\n  {{\"name\": {}, \"positive\": {}, \"plans\": {{", r ? "," : "", q(row.name), q(row.positive));
    bool first = true;
    for (size_t p = 0; p < labels.size(); ++p) {
      if (row.index[p] < 0) continue;
      s += fmt::format("{}{}: {{", first ? "" : ", ", q(labels[p]));
      for (size_t v = 0; v < row.values.size(); ++v)
        s += fmt::format("{}{}: {}", v ? ", " : "", q(row.values[v]), row.counts[p][v]);
      s += "}";
      first = false;
    }
    s += "}, \"crosstab\": [";
    first = true;
    for (size_t k = 0; k < c.pairs().size(); ++k) {
      if (!row.cross[k]) continue;
      s += fmt::format("{}{{{}, \"positive\": {}}}", first ? "" : ", ", pair_head(k), cross_json(row.cross[k]));
      first = false;
    }
    s += "]}";
  }
  s += fmt::format("],\n \"differing_families\": {{\"count\": {}, \"families\": [", c.differences().size());
  for (size_t f = 0; f < c.differences().size(); ++f) {
    const auto& d = c.differences()[f];
    s += fmt::format("{}\n  {{\"family\": {}, \"results\": {{", f ? "," : "", q(d.family));
    for (size_t k = 0; k < d.results.size(); ++k) {
      s += fmt::format("{}{}: {{", k ? ", " : "", q(c.results()[d.results[k].first].name));
      bool first = true;
      for (size_t p = 0; p < labels.size(); ++p) {
        if (c.results()[d.results[k].first].index[p] < 0) continue;
        s += fmt::format("{}{}: {}", first ? "" : ", ", q(labels[p]), q(d.results[k].second[p]));
        first = false;
      }
      s += "}";
    }
    s += "}, \"strands\": {";
    for (size_t k = 0; k < d.strands.size(); ++k) {
      s += fmt::format("{}{}: {{", k ? ", " : "", q(c.strands()[d.strands[k].first].id));
      for (size_t p = 0; p < labels.size(); ++p)
        s += fmt::format("{}{}: {}", p ? ", " : "", q(labels[p]), state_json(*c.programs()[p], d.strands[k].second[p]));
      s += "}";
    }
    s += "}}";
  }
  return s + "]}}\n";
}

namespace {

std::string csv(std::string_view s) {
  if (s.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char ch : s) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return out + "\"";
}

void csv_row(std::string& out, std::string_view section, std::string_view item, std::string_view plan,
             std::string_view versus, std::string_view measure, std::string_view value) {
  out += fmt::format("{},{},{},{},{},{}\n", csv(section), csv(item), csv(plan), csv(versus), csv(measure), csv(value));
}

void cross_rows(std::string& out, std::string_view section, std::string_view item, const std::string& a,
                const std::string& b, const CrossTab& x) {
  csv_row(out, section, item, a, b, "both", std::to_string(x.both));
  csv_row(out, section, item, a, b, "only_first", std::to_string(x.only_first));
  csv_row(out, section, item, a, b, "only_second", std::to_string(x.only_second));
  csv_row(out, section, item, a, b, "neither", std::to_string(x.neither));
}

}  // namespace

// Long form: one number or value a row, so that any spreadsheet can pivot it.
std::string render_compare_csv(const Comparison& c, const CompareContext& ctx) {
  const auto& labels = c.labels();
  std::string out = "section,item,plan,versus,measure,value\n";
  csv_row(out, "cohort", "families", "", "", "evaluated", std::to_string(c.families()));
  csv_row(out, "cohort", "families", "", "", "rejected", std::to_string(ctx.rejected));
  csv_row(out, "cohort", "families", "", "", "skipped", std::to_string(ctx.skipped));
  for (const auto& row : c.strands()) {
    for (size_t p = 0; p < labels.size(); ++p) {
      if (row.index[p] < 0) continue;
      const VerdictTally& t = row.tally[p];
      csv_row(out, "strand", row.id, labels[p], "", "presenting", std::to_string(t.presenting));
      csv_row(out, "strand", row.id, labels[p], "", "met", std::to_string(t.met));
      csv_row(out, "strand", row.id, labels[p], "", "not_met", std::to_string(t.not_met));
      csv_row(out, "strand", row.id, labels[p], "", "unknown", std::to_string(t.unknown));
    }
    for (size_t k = 0; k < c.pairs().size(); ++k)
      if (row.cross[k])
        cross_rows(out, "strand_crosstab", row.id, labels[c.pairs()[k].first], labels[c.pairs()[k].second], *row.cross[k]);
  }
  for (const auto& row : c.results()) {
    for (size_t p = 0; p < labels.size(); ++p) {
      if (row.index[p] < 0) continue;
      for (size_t v = 0; v < row.values.size(); ++v)
        csv_row(out, "result", row.name, labels[p], "", row.values[v], std::to_string(row.counts[p][v]));
    }
    for (size_t k = 0; k < c.pairs().size(); ++k)
      if (row.cross[k])
        cross_rows(out, "result_crosstab", row.name, labels[c.pairs()[k].first], labels[c.pairs()[k].second], *row.cross[k]);
  }
  for (const auto& d : c.differences()) {
    for (const auto& [r, values] : d.results)
      for (size_t p = 0; p < labels.size(); ++p)
        if (c.results()[r].index[p] >= 0) csv_row(out, "family", d.family, labels[p], "", "result:" + c.results()[r].name, values[p]);
    for (const auto& [s, states] : d.strands)
      for (size_t p = 0; p < labels.size(); ++p) {
        const auto& st = states[p];
        if (!st.has_strand) continue;
        csv_row(out, "family", d.family, labels[p], "", "strand:" + c.strands()[s].id,
                st.presenting ? verdict_name(st.progress) : "not_presenting");
        for (auto [i, v] : st.indicators)
          csv_row(out, "family", d.family, labels[p], "", "indicator:" + c.programs()[p]->indicators[i].id, verdict_name(v));
      }
  }
  return out;
}

}  // namespace outcomes::cli
