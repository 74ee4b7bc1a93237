// outcomes compare --plan A --plan B [--plan C ...] --families FILE --as-of DATE
//                  [--format table|csv|json|html] [--output FILE] [--jobs N]
#include <fmt/format.h>

#include <cmath>
#include <memory>

#include "cli/cohort_pass.h"
#include "cli/commands.h"
#include "cli/comparison.h"
#include "cli/html.h"
#include "cli/ordered_pipeline.h"
#include "cli/output.h"
#include "cli/plan_loading.h"
#include "cli/progress.h"

namespace outcomes::cli {

namespace {

std::string pct(int64_t n, int64_t of) {
  return of ? fmt::format("{:.1f}%", 100.0 * static_cast<double>(n) / static_cast<double>(of)) : "-";
}

std::string state_text(const Program& p, const Comparison::PlanState& st) {
  if (!st.has_strand) return "no such strand";
  if (!st.presenting) return "not presenting";
  std::string s = fmt::format("presenting, {}", verdict_name(st.progress));
  if (st.indicators.empty()) return s;
  s += " (";
  for (size_t i = 0; i < st.indicators.size(); ++i)
    s += fmt::format("{}{} {}", i ? ", " : "", p.indicators[st.indicators[i].first].id, verdict_name(st.indicators[i].second));
  return s + ")";
}

std::string results_text(const Comparison& c, const Comparison::FamilyDifference& d, const std::string& sep) {
  std::string s;
  for (size_t k = 0; k < d.results.size(); ++k) {
    const auto& [r, values] = d.results[k];
    s += fmt::format("{}{}: ", k ? sep : "", c.results()[r].name);
    bool first = true;
    for (size_t p = 0; p < c.labels().size(); ++p) {
      if (c.results()[r].index[p] < 0) continue;
      s += fmt::format("{}{} {}", first ? "" : ", ", c.labels()[p], values[p]);
      first = false;
    }
  }
  return s;
}

std::string strand_lines(const Comparison& c, const Comparison::FamilyDifference& d, const std::string& lead) {
  std::string s;
  for (const auto& [row, states] : d.strands) {
    s += fmt::format("{}{}: ", lead, c.strands()[row].id);
    for (size_t p = 0; p < states.size(); ++p)
      s += fmt::format("{}{} {}", p ? "; " : "", c.labels()[p], state_text(*c.programs()[p], states[p]));
    s += "\n";
  }
  return s;
}

}  // namespace

std::string render_compare_table(const Comparison& c, const CompareContext& ctx, size_t family_limit) {
  const auto& labels = c.labels();
  size_t n = labels.size();
  std::string out = fmt::format("Comparing {} plans over {} families, as of {}\n", n, c.families(), ctx.as_of);
  size_t w = 20;
  for (const std::string& l : labels) w = std::max(w, l.size() + 2);
  for (size_t p = 0; p < n; ++p)
    out += fmt::format("  {:<{}}{}  ({})\n", labels[p], w, c.programs()[p]->title,
                       p < ctx.plan_paths.size() ? ctx.plan_paths[p] : "");

  out += "\nFamilies presenting in each strand, and progress met\n";
  out += fmt::format("{:<22}", "strand");
  for (const std::string& l : labels) out += fmt::format("{:>{}}", l, w);
  out += "\n" + fmt::format("{:<22}", "");
  for (size_t p = 0; p < n; ++p) out += fmt::format("{:>{}}", "presenting / met", w);
  out += "\n";
  for (const auto& row : c.strands()) {
    out += fmt::format("{:<22}", row.id);
    for (size_t p = 0; p < n; ++p)
      out += fmt::format("{:>{}}", row.index[p] < 0 ? "-" : fmt::format("{} / {}", row.tally[p].presenting, row.tally[p].met), w);
    out += "\n";
  }

  size_t item_w = 22, pair_w = 26;
  for (const auto& row : c.results()) item_w = std::max(item_w, row.name.size() + row.positive.size() + 5);
  for (auto [a, b] : c.pairs()) pair_w = std::max(pair_w, labels[a].size() + labels[b].size() + 6);
  auto cross_header = [&](const char* first) {
    return fmt::format("{:<{}}{:<{}}{:>8}{:>12}{:>12}{:>9}\n", first, item_w, "plans (first vs second)", pair_w, "both",
                       "only first", "only second", "neither");
  };
  auto cross_line = [&](const std::string& item, size_t k, const CrossTab& x) {
    std::string pair = labels[c.pairs()[k].first] + " vs " + labels[c.pairs()[k].second];
    return fmt::format("{:<{}}{:<{}}{:>8}{:>12}{:>12}{:>9}\n", item, item_w, pair, pair_w, x.both, x.only_first,
                       x.only_second, x.neither);
  };
  out += fmt::format("\nPresenting under both plans, only one, or neither (each row adds up to {} families)\n",
                     c.families());
  out += cross_header("strand");
  for (const auto& row : c.strands())
    for (size_t k = 0; k < c.pairs().size(); ++k)
      if (row.cross[k]) out += cross_line(row.id, k, *row.cross[k]);

  out += "\nResults: families with each value\n";
  out += fmt::format("{:<22}{:<22}", "result", "value");
  for (const std::string& l : labels) out += fmt::format("{:>{}}", l, w);
  out += "\n";
  for (const auto& row : c.results())
    for (size_t v = 0; v < row.values.size(); ++v) {
      out += fmt::format("{:<22}{:<22}", v ? "" : row.name, row.values[v]);
      for (size_t p = 0; p < n; ++p)
        out += fmt::format("{:>{}}", row.index[p] < 0 ? "-" : std::to_string(row.counts[p][v]), w);
      out += "\n";
    }

  out += "\nResults positive under both plans, only one, or neither\n";
  out += cross_header("result");
  for (const auto& row : c.results())
    for (size_t k = 0; k < c.pairs().size(); ++k)
      if (row.cross[k]) out += cross_line(row.name + " (" + row.positive + ")", k, *row.cross[k]);

  size_t shown = std::min(family_limit, c.differences().size());
  out += fmt::format("\nFamilies whose results differ: {} of {}", c.differences().size(), c.families());
  if (shown < c.differences().size()) out += fmt::format(" (the first {}; --format csv or json lists them all)", shown);
  out += "\n";
  for (size_t f = 0; f < shown; ++f) {
    const auto& d = c.differences()[f];
    out += fmt::format("  {}  {}\n", d.family, results_text(c, d, "; "));
    out += strand_lines(c, d, "      ");
  }
  return out;
}

std::string render_compare_html(const Comparison& c, const CompareContext& ctx, size_t family_limit) {
  const auto& labels = c.labels();
  size_t n = labels.size();
  std::string names;
  for (size_t p = 0; p < n; ++p) names += (p ? ", " : "") + labels[p];
  std::string body = fmt::format("<h1>Comparing plans: {}</h1>\n", html_escape(names));
  body += fmt::format("<p class=\"meta\" id=\"cohort-summary\">{} families evaluated as of {}; {} rejected, {} skipped.</p>\n",
                      c.families(), html_escape(ctx.as_of), ctx.rejected, ctx.skipped);
  HtmlTable plans{"plans", "Plans compared", {"label", "plan", "title", "version", "file"}, {}, {}, {}, 5};
  for (size_t p = 0; p < n; ++p) {
    const Program& prog = *c.programs()[p];
    plans.rows.push_back({labels[p], prog.plan_id, prog.title, prog.version, p < ctx.plan_paths.size() ? ctx.plan_paths[p] : ""});
    plans.row_keys.push_back(labels[p]);
  }
  body += render_html_table(plans);

  body += "<h2 id=\"strands\">Strands</h2>\n";
  BarChart chart{"chart-strand-presenting", "Families presenting in each strand", {}, {}, "", 0};
  for (const auto& row : c.strands()) chart.categories.push_back(row.id);
  for (size_t p = 0; p < n; ++p) {
    ChartSeries s{labels[p], {}};
    for (const auto& row : c.strands())
      s.values.push_back(row.index[p] < 0 ? std::nan("") : static_cast<double>(row.tally[p].presenting));
    chart.series.push_back(std::move(s));
  }
  body += render_bar_chart(chart);
  HtmlTable summary{"strand-summary", "Families presenting in each strand, and progress met",
                    {"strand", "title (in the first plan that has it)"}, {}, {}, {}, 2};
  for (size_t p = 0; p < n; ++p) {
    summary.columns.push_back(labels[p] + " presenting");
    summary.columns.push_back(labels[p] + " %");
    summary.columns.push_back(labels[p] + " met");
  }
  for (const auto& row : c.strands()) {
    std::vector<std::string> cells{row.id, row.title};
    for (size_t p = 0; p < n; ++p) {
      bool has = row.index[p] >= 0;
      cells.push_back(has ? std::to_string(row.tally[p].presenting) : "-");
      cells.push_back(has ? pct(row.tally[p].presenting, c.families()) : "-");
      cells.push_back(has ? std::to_string(row.tally[p].met) : "-");
    }
    summary.rows.push_back(std::move(cells));
    summary.row_keys.push_back(row.id);
  }
  body += render_html_table(summary);
  HtmlTable cross{"strand-crosstab",
                  fmt::format("Presenting under both plans, only one, or neither (each row adds up to {} families)", c.families()),
                  {"strand", "first plan", "second plan", "both", "only first", "only second", "neither", "total"}, {}, {}, {}, 3};
  auto cross_cells = [](std::vector<std::string> cells, const CrossTab& x) {
    for (int64_t v : {x.both, x.only_first, x.only_second, x.neither, x.total()}) cells.push_back(std::to_string(v));
    return cells;
  };
  for (const auto& row : c.strands())
    for (size_t k = 0; k < c.pairs().size(); ++k)
      if (row.cross[k]) {
        const std::string& a = labels[c.pairs()[k].first];
        const std::string& b = labels[c.pairs()[k].second];
        cross.rows.push_back(cross_cells({row.id, a, b}, *row.cross[k]));
        cross.row_keys.push_back(row.id + ":" + a + ":" + b);
      }
  body += render_html_table(cross);

  body += "<h2 id=\"results\">Results and claims</h2>\n";
  BarChart results_chart{"chart-result-positive", "Families with each result positive (true, met, valid or valid_discretionary)",
                         {}, {}, "", 0};
  for (const auto& row : c.results()) results_chart.categories.push_back(row.name);
  for (size_t p = 0; p < n; ++p) {
    ChartSeries s{labels[p], {}};
    for (const auto& row : c.results()) {
      if (row.index[p] < 0) {
        s.values.push_back(std::nan(""));
        continue;
      }
      int64_t positive = 0;
      for (size_t v = 0; v < row.values.size(); ++v)
        if (Comparison::positive(row.values[v])) positive += row.counts[p][v];
      s.values.push_back(static_cast<double>(positive));
    }
    results_chart.series.push_back(std::move(s));
  }
  body += render_bar_chart(results_chart);
  HtmlTable values{"result-summary", "Families with each value", {"result", "value"}, {}, {}, {}, 2};
  for (const std::string& l : labels) values.columns.push_back(l);
  for (const auto& row : c.results())
    for (size_t v = 0; v < row.values.size(); ++v) {
      std::vector<std::string> cells{row.name, row.values[v]};
      for (size_t p = 0; p < n; ++p) cells.push_back(row.index[p] < 0 ? "-" : std::to_string(row.counts[p][v]));
      values.rows.push_back(std::move(cells));
      values.row_keys.push_back(row.name + ":" + row.values[v]);
    }
  body += render_html_table(values);
  HtmlTable rcross{"result-crosstab", "Results positive under both plans, only one, or neither",
                   {"result", "positive means", "first plan", "second plan", "both", "only first", "only second", "neither", "total"},
                   {}, {}, {}, 4};
  for (const auto& row : c.results())
    for (size_t k = 0; k < c.pairs().size(); ++k)
      if (row.cross[k]) {
        const std::string& a = labels[c.pairs()[k].first];
        const std::string& b = labels[c.pairs()[k].second];
        rcross.rows.push_back(cross_cells({row.name, row.positive, a, b}, *row.cross[k]));
        rcross.row_keys.push_back(row.name + ":" + a + ":" + b);
      }
  body += render_html_table(rcross);

  size_t shown = std::min(family_limit, c.differences().size());
  body += "<h2 id=\"differences\">Families whose results differ</h2>\n";
  body += fmt::format("<p id=\"differing-count\" data-count=\"{}\">{} of {} families have a result that differs between plans.{}</p>\n",
                      c.differences().size(), c.differences().size(), c.families(),
                      shown < c.differences().size()
                          ? fmt::format(" The first {} are listed; <code>--format csv</code> or <code>json</code> lists them all.", shown)
                          : "");
  std::string rows;
  for (size_t f = 0; f < shown; ++f) {
    const auto& d = c.differences()[f];
    rows += fmt::format("<tr data-key=\"{}\"><td>{}</td><td>{}</td><td><ul class=\"indicators\">", html_escape(d.family),
                        html_escape(d.family), html_escape(results_text(c, d, "; ")));
    for (const auto& [row, states] : d.strands) {
      std::string line = c.strands()[row].id + ": ";
      for (size_t p = 0; p < states.size(); ++p)
        line += (p ? "; " : "") + labels[p] + " " + state_text(*c.programs()[p], states[p]);
      rows += "<li>" + html_escape(line) + "</li>";
    }
    rows += "</ul></td></tr>\n";
  }
  body += "<table id=\"differing-families\">\n<thead><tr><th scope=\"col\">family</th><th scope=\"col\">results</th>"
          "<th scope=\"col\">strands that differ, with the indicators presenting</th></tr></thead>\n<tbody>\n" +
          rows + "</tbody>\n</table>\n";
  return html_page("Comparing plans: " + names, body);
}

int compare_command(const CompareOptions& o) {
  auto as_of = parse_iso_date(o.as_of);
  if (!as_of) {
    fmt::print(stderr, "error: --as-of {}: expected a date YYYY-MM-DD\n", o.as_of);
    return kExitUsage;
  }
  if (!jobs_in_range(o.jobs)) return kExitUsage;
  if (o.plans.size() < 2) {
    fmt::print(stderr, "error: compare needs at least two plans (--plan A --plan B)\n");
    return kExitUsage;
  }
  std::vector<std::unique_ptr<LoadedPlan>> loaded;
  std::vector<const Program*> programs;
  bool ok = true;
  for (const std::string& path : o.plans) {
    loaded.push_back(load_plan(path));
    ok = ok && loaded.back();
    if (loaded.back()) programs.push_back(&loaded.back()->program());
  }
  if (!ok) return kExitPlanError;
  for (size_t p = 1; p < programs.size(); ++p) {
    std::string why;
    if (!same_event_schema(*programs[0], *programs[p], &why)) {
      fmt::print(stderr, "error: {} and {} read families differently: {}\n", o.plans[0], o.plans[p], why);
      return kExitPlanError;
    }
  }
  OutputFile out;
  std::string error;
  if (!out.open(o.output, &error)) {
    fmt::print(stderr, "error: {}\n", error);
    return kExitUsage;
  }
  Comparison comparison(programs);
  CohortPassCounts counts = evaluate_cohort(
      o.families, *as_of, programs, [&](const Family& f, const std::vector<Evaluation>& e) { comparison.add(f.id, e); },
      o.jobs, progress_wanted(o.quiet));
  if (!counts.read_ok) return kExitUsage;
  CompareContext ctx{format_date(*as_of), o.plans, counts.rejected, counts.skipped};
  if (o.format == "json") out.write(render_compare_json(comparison, ctx));
  else if (o.format == "csv") out.write(render_compare_csv(comparison, ctx));
  else if (o.format == "html") out.write(render_compare_html(comparison, ctx));
  else out.write(render_compare_table(comparison, ctx));
  if (!out.commit(&error)) {
    fmt::print(stderr, "error: {}\n", error);
    return kExitUsage;
  }
  if (!o.quiet || counts.rejected + counts.skipped > 0)
    fmt::print(stderr, "{} families evaluated under {} plans, {} rejected, {} skipped\n", counts.evaluated,
               programs.size(), counts.rejected, counts.skipped);
  return counts.rejected + counts.skipped > 0 ? kExitSomeRejected : kExitOk;
}

}  // namespace outcomes::cli
