// outcomes report --plan PLAN --families FILE --as-of DATE [--by district|lead_agency]
//                 [--format table|csv|html] [--output FILE] [--jobs N]
#include "cli/report.h"

#include <fmt/format.h>

#include "cli/cohort_pass.h"
#include "cli/commands.h"
#include "cli/html.h"
#include "cli/output.h"
#include "cli/ordered_pipeline.h"
#include "cli/plan_loading.h"
#include "cli/progress.h"

namespace outcomes::cli {

CohortReport::CohortReport(const Program& program, bool by_lead_agency)
    : program_(program), by_lead_agency_(by_lead_agency) {
  for (size_t r = 0; r < program.results.size(); ++r) {
    const ResultInfo& info = program.results[r];
    if (info.is_claim) {
      columns_.push_back({info.name + " valid", r,
                          {static_cast<int64_t>(ClaimVerdict::Valid), static_cast<int64_t>(ClaimVerdict::ValidDiscretionary)}});
    } else if (info.kind == OutputKind::Bool) {
      columns_.push_back({info.name, r, {1}});
    } else if (info.kind == OutputKind::Verdict) {
      columns_.push_back({info.name + " met", r, {1}});
    } else if (info.kind == OutputKind::Enum) {
      const EnumDef& en = program.schema.enums[info.enum_id];
      for (size_t v = 0; v < en.values.size(); ++v)
        columns_.push_back({info.name + ": " + en.values[v], r, {static_cast<int64_t>(v)}});
    }
  }
  total_ = empty_group("TOTAL");
}

CohortReport::Group CohortReport::empty_group(const std::string& name) const {
  Group g;
  g.name = name;
  g.strand_presenting.assign(program_.strands.size(), 0);
  g.indicator_presenting.assign(program_.indicators.size(), 0);
  g.indicator_met.assign(program_.indicators.size(), 0);
  g.results.assign(columns_.size(), 0);
  return g;
}

void CohortReport::add_to(Group& g, const Evaluation& e) const {
  ++g.families;
  for (size_t s = 0; s < g.strand_presenting.size(); ++s) g.strand_presenting[s] += e.strand_presenting[s];
  for (size_t i = 0; i < g.indicator_presenting.size(); ++i) {
    g.indicator_presenting[i] += e.presenting[i];
    g.indicator_met[i] += e.presenting[i] && e.progress[i] == 1;
  }
  for (size_t c = 0; c < columns_.size(); ++c) {
    int64_t v = e.results[columns_[c].result].a;
    for (int64_t counted : columns_[c].values) g.results[c] += v == counted;
  }
}

void CohortReport::add(const Family& family, const Evaluation& e) {
  const std::string& key = by_lead_agency_ ? family.lead_agency : family.district;
  const std::string& name = key.empty() ? std::string(kNotGiven) : key;
  auto it = groups_.find(name);
  if (it == groups_.end()) it = groups_.emplace(name, empty_group(name)).first;
  add_to(it->second, e);
  add_to(total_, e);
}

std::vector<const CohortReport::Group*> CohortReport::groups() const {
  std::vector<const Group*> out;
  const Group* not_given = nullptr;
  for (const auto& [name, g] : groups_) {
    if (name == kNotGiven) not_given = &g;
    else out.push_back(&g);
  }
  if (not_given) out.push_back(not_given);
  return out;
}

namespace {

double percent(int64_t n, int64_t of) { return of ? 100.0 * static_cast<double>(n) / static_cast<double>(of) : 0.0; }
std::string pct_text(int64_t n, int64_t of) { return fmt::format("{:.1f}", percent(n, of)); }

std::vector<const CohortReport::Group*> rows_with_total(const CohortReport& r) {
  auto rows = r.groups();
  rows.push_back(&r.total());
  return rows;
}

std::string fit(const std::string& s, size_t width) {
  if (s.size() <= width) return s;
  return s.substr(0, width - 3) + "...";
}

std::string csv_field(std::string_view s) {
  if (s.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string heading(const CohortReport& r, const ReportContext& ctx) {
  const Program& p = r.program();
  return fmt::format("{} ({}) — cohort report by {}, as of {}", p.title.empty() ? p.plan_id : p.title, p.plan_id,
                     r.group_by(), ctx.as_of);
}

}  // namespace

std::string render_report_table(const CohortReport& r, const ReportContext& ctx) {
  const Program& p = r.program();
  auto rows = rows_with_total(r);
  std::string out = heading(r, ctx) + "\n";
  out += fmt::format("{} families evaluated, {} rejected, {} skipped\n", r.total().families, ctx.rejected, ctx.skipped);
  constexpr size_t kName = 26;

  out += "\n% of families presenting in each strand\n";
  out += fmt::format("{:<{}}{:>9}", r.group_by(), kName, "families");
  for (const StrandInfo& s : p.strands) out += fmt::format("{:>{}}", s.id, std::max<size_t>(s.id.size() + 2, 8));
  out += "\n";
  for (const auto* g : rows) {
    out += fmt::format("{:<{}}{:>9}", fit(g->name, kName - 1), kName, g->families);
    for (size_t s = 0; s < p.strands.size(); ++s)
      out += fmt::format("{:>{}}", pct_text(g->strand_presenting[s], g->families),
                         std::max<size_t>(p.strands[s].id.size() + 2, 8));
    out += "\n";
  }

  out += "\nResults: families counted by result (a claim counts when valid or valid_discretionary)\n";
  out += fmt::format("{:<{}}{:>9}", r.group_by(), kName, "families");
  for (const auto& c : r.result_columns()) out += fmt::format("{:>{}}", c.header, std::max<size_t>(c.header.size() + 2, 8));
  out += "\n";
  for (const auto* g : rows) {
    out += fmt::format("{:<{}}{:>9}", fit(g->name, kName - 1), kName, g->families);
    for (size_t c = 0; c < r.result_columns().size(); ++c)
      out += fmt::format("{:>{}}", g->results[c], std::max<size_t>(r.result_columns()[c].header.size() + 2, 8));
    out += "\n";
  }

  for (size_t s = 0; s < p.strands.size(); ++s) {
    const StrandInfo& st = p.strands[s];
    out += fmt::format("\nProgress met / presenting, per indicator — {} ({})\n", st.title, st.id);
    out += fmt::format("{:<{}}", r.group_by(), kName);
    for (int i : st.indicators) out += fmt::format("{:>12}", p.indicators[i].id);
    out += "\n";
    for (const auto* g : rows) {
      out += fmt::format("{:<{}}", fit(g->name, kName - 1), kName);
      for (int i : st.indicators)
        out += fmt::format("{:>12}", fmt::format("{} / {}", g->indicator_met[i], g->indicator_presenting[i]));
      out += "\n";
    }
  }
  return out;
}

std::string render_report_csv(const CohortReport& r, const ReportContext&) {
  const Program& p = r.program();
  std::string out = std::string(r.group_by()) + ",families";
  for (const StrandInfo& s : p.strands) out += fmt::format(",{0} presenting,{0} % presenting", csv_field(s.id));
  for (const IndicatorInfo& i : p.indicators) out += fmt::format(",{0} presenting,{0} met", csv_field(i.id));
  for (const auto& c : r.result_columns()) out += "," + csv_field(c.header);
  out += "\n";
  for (const auto* g : rows_with_total(r)) {
    out += csv_field(g->name) + "," + std::to_string(g->families);
    for (size_t s = 0; s < p.strands.size(); ++s)
      out += fmt::format(",{},{}", g->strand_presenting[s], pct_text(g->strand_presenting[s], g->families));
    for (size_t i = 0; i < p.indicators.size(); ++i)
      out += fmt::format(",{},{}", g->indicator_presenting[i], g->indicator_met[i]);
    for (int64_t v : g->results) out += "," + std::to_string(v);
    out += "\n";
  }
  return out;
}

std::string render_report_html(const CohortReport& r, const ReportContext& ctx) {
  const Program& p = r.program();
  auto rows = rows_with_total(r);
  auto groups = r.groups();
  std::string body = fmt::format("<h1>{}</h1>\n", html_escape(heading(r, ctx)));
  body += fmt::format("<p class=\"meta\" id=\"cohort-summary\">{} families evaluated, {} rejected, {} skipped. Plan file: {}.</p>\n",
                      r.total().families, ctx.rejected, ctx.skipped, html_escape(ctx.plan_path));

  body += "<h2 id=\"presenting\">Presenting needs</h2>\n";
  BarChart chart{"chart-strand-percent", fmt::format("% of families presenting in each strand, by {}", r.group_by()),
                 {}, {}, "%", 100};
  for (const auto* g : rows) chart.categories.push_back(g->name);
  for (size_t s = 0; s < p.strands.size(); ++s) {
    ChartSeries series{p.strands[s].id, {}};
    for (const auto* g : rows) series.values.push_back(percent(g->strand_presenting[s], g->families));
    chart.series.push_back(std::move(series));
  }
  body += render_bar_chart(chart);
  HtmlTable summary{"report-summary", fmt::format("% of families presenting in each strand, by {}", r.group_by()),
                    {r.group_by(), "families"}, {}, {}, {}, 1};
  for (const StrandInfo& s : p.strands) summary.columns.push_back(s.id + " %");
  for (const auto* g : rows) {
    std::vector<std::string> cells{g->name, std::to_string(g->families)};
    for (size_t s = 0; s < p.strands.size(); ++s) cells.push_back(pct_text(g->strand_presenting[s], g->families));
    summary.rows.push_back(std::move(cells));
    summary.row_keys.push_back(g->name);
    summary.row_classes.push_back(g == &r.total() ? "total" : "");
  }
  body += render_html_table(summary);

  body += "<h2 id=\"results\">Results and claims</h2>\n";
  BarChart results_chart{"chart-results", fmt::format("Families by result, by {}", r.group_by()), {}, {}, "", 0};
  for (const auto* g : groups) results_chart.categories.push_back(g->name);
  for (size_t c = 0; c < r.result_columns().size(); ++c) {
    ChartSeries series{r.result_columns()[c].header, {}};
    for (const auto* g : groups) series.values.push_back(static_cast<double>(g->results[c]));
    results_chart.series.push_back(std::move(series));
  }
  body += render_bar_chart(results_chart);
  HtmlTable results{"report-results", "Claims count as valid when valid or valid_discretionary", {r.group_by(), "families"},
                    {}, {}, {}, 1};
  for (const auto& c : r.result_columns()) results.columns.push_back(c.header);
  for (const auto* g : rows) {
    std::vector<std::string> cells{g->name, std::to_string(g->families)};
    for (int64_t v : g->results) cells.push_back(std::to_string(v));
    results.rows.push_back(std::move(cells));
    results.row_keys.push_back(g->name);
    results.row_classes.push_back(g == &r.total() ? "total" : "");
  }
  body += render_html_table(results);

  body += "<h2 id=\"progress\">Progress met per indicator</h2>\n";
  HtmlTable progress{"indicator-progress", "Families meeting the progress measure / families presenting", {"strand", "indicator"},
                     {}, {}, {}, 2};
  for (const auto* g : rows) progress.columns.push_back(g->name);
  for (const StrandInfo& s : p.strands)
    for (int i : s.indicators) {
      std::vector<std::string> cells{s.id, p.indicators[i].id};
      for (const auto* g : rows)
        cells.push_back(fmt::format("{} / {}", g->indicator_met[i], g->indicator_presenting[i]));
      progress.rows.push_back(std::move(cells));
      progress.row_keys.push_back(p.indicators[i].id);
    }
  body += render_html_table(progress);
  return html_page(heading(r, ctx), body);
}

int report_command(const ReportOptions& o) {
  if (!jobs_in_range(o.jobs)) return kExitUsage;
  auto as_of = parse_iso_date(o.as_of);
  if (!as_of) {
    fmt::print(stderr, "error: --as-of {}: expected a date YYYY-MM-DD\n", o.as_of);
    return kExitUsage;
  }
  auto plan = load_plan(o.plan);
  if (!plan) return kExitPlanError;
  const Program& program = plan->program();
  OutputFile out;
  std::string error;
  if (!out.open(o.output, &error)) {
    fmt::print(stderr, "error: {}\n", error);
    return kExitUsage;
  }
  CohortReport report(program, o.by == "lead_agency");
  CohortPassCounts counts = evaluate_cohort(o.families, *as_of, {&program},
                                            [&](const Family& f, const std::vector<Evaluation>& e) { report.add(f, e[0]); },
                                            o.jobs, progress_wanted(o.quiet));
  if (!counts.read_ok) return kExitUsage;
  ReportContext ctx{format_date(*as_of), o.plan, counts.rejected, counts.skipped};
  if (o.format == "csv") out.write(render_report_csv(report, ctx));
  else if (o.format == "html") out.write(render_report_html(report, ctx));
  else out.write(render_report_table(report, ctx));
  if (!out.commit(&error)) {
    fmt::print(stderr, "error: {}\n", error);
    return kExitUsage;
  }
  if (!o.quiet || counts.rejected + counts.skipped > 0)
    fmt::print(stderr, "{} families evaluated, {} rejected, {} skipped\n", counts.evaluated, counts.rejected, counts.skipped);
  return counts.rejected + counts.skipped > 0 ? kExitSomeRejected : kExitOk;
}

}  // namespace outcomes::cli
