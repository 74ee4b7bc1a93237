#include "cli/html.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace outcomes::cli {

namespace {

// Okabe-Ito: distinguishable with the common colour-vision deficiencies.
constexpr const char* kPalette[] = {"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
                                    "#000000"};

constexpr const char* kStyle = R"(
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; margin: 2rem auto;
       max-width: 1200px; padding: 0 1rem; color: #1a1a1a; line-height: 1.4; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.25rem; margin-top: 2.2rem; border-bottom: 2px solid #0072B2; padding-bottom: 0.2rem; }
p.meta { color: #555; margin-top: 0; }
table { border-collapse: collapse; margin: 0.8rem 0 1.2rem; font-size: 0.9rem; }
caption { text-align: left; font-weight: 600; padding: 0.3rem 0; }
th, td { border: 1px solid #c8c8c8; padding: 0.25rem 0.6rem; vertical-align: top; }
th { background: #eef3f8; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: 700; background: #f6f6f6; }
tr:nth-child(even) td { background: #fbfbfb; }
svg.chart { display: block; margin: 0.8rem 0 1.6rem; max-width: 100%; height: auto; }
svg.chart text { font-family: inherit; font-size: 12px; fill: #1a1a1a; }
svg.chart text.title { font-size: 14px; font-weight: 600; }
.note { color: #555; font-size: 0.9rem; }
ul.indicators { margin: 0; padding-left: 1.1rem; }
)";

}  // namespace

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string format_number(double v) {
  if (std::fabs(v - std::round(v)) < 1e-9) return fmt::format("{}", static_cast<int64_t>(std::llround(v)));
  return fmt::format("{:.1f}", v);
}

std::string render_html_table(const HtmlTable& t) {
  std::string s = fmt::format("<table id=\"{}\">\n", html_escape(t.id));
  if (!t.caption.empty()) s += fmt::format("<caption>{}</caption>\n", html_escape(t.caption));
  s += "<thead><tr>";
  for (const std::string& c : t.columns) s += fmt::format("<th scope=\"col\">{}</th>", html_escape(c));
  s += "</tr></thead>\n<tbody>\n";
  for (size_t r = 0; r < t.rows.size(); ++r) {
    s += "<tr";
    if (r < t.row_keys.size()) s += fmt::format(" data-key=\"{}\"", html_escape(t.row_keys[r]));
    if (r < t.row_classes.size() && !t.row_classes[r].empty())
      s += fmt::format(" class=\"{}\"", html_escape(t.row_classes[r]));
    s += ">";
    for (size_t c = 0; c < t.rows[r].size(); ++c) {
      if (c < t.label_columns) s += fmt::format("<td>{}</td>", html_escape(t.rows[r][c]));
      else s += fmt::format("<td class=\"num\">{}</td>", html_escape(t.rows[r][c]));
    }
    s += "</tr>\n";
  }
  return s + "</tbody>\n</table>\n";
}

std::string render_bar_chart(const BarChart& c) {
  const double width = 880, label_width = 230, value_width = 80;
  const double bar_height = 14, bar_gap = 2, group_gap = 12, top = 64;
  const double plot = width - label_width - value_width;
  size_t series = std::max<size_t>(c.series.size(), 1);
  double group = static_cast<double>(series) * (bar_height + bar_gap) + group_gap;
  double height = top + static_cast<double>(c.categories.size()) * group + 8;
  double max = c.max_value;
  for (const ChartSeries& s : c.series)
    for (double v : s.values)
      if (!std::isnan(v)) max = std::max(max, v);
  if (max <= 0) max = 1;

  std::string s = fmt::format(
      "<svg class=\"chart\" id=\"{0}\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {1} {2}\" width=\"{1}\" "
      "height=\"{2}\" role=\"img\" aria-labelledby=\"{0}-title\">\n<title id=\"{0}-title\">{3}</title>\n"
      "<text class=\"title\" x=\"0\" y=\"18\">{3}</text>\n",
      html_escape(c.id), width, height, html_escape(c.title));
  // Legend
  double x = 0;
  for (size_t k = 0; k < c.series.size(); ++k) {
    const char* colour = kPalette[k % std::size(kPalette)];
    s += fmt::format("<g class=\"legend\"><rect x=\"{}\" y=\"30\" width=\"12\" height=\"12\" fill=\"{}\"/>"
                     "<text x=\"{}\" y=\"40\">{}</text></g>\n",
                     x, colour, x + 16, html_escape(c.series[k].name));
    x += 16 + 7.0 * static_cast<double>(c.series[k].name.size()) + 24;
  }
  s += fmt::format("<line class=\"axis\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"#888\"/>\n", label_width,
                   top - 4, height - 8);
  for (size_t i = 0; i < c.categories.size(); ++i) {
    double y0 = top + static_cast<double>(i) * group;
    s += fmt::format("<g class=\"category\" data-category=\"{}\">\n", html_escape(c.categories[i]));
    s += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n", label_width - 8,
                     y0 + (group - group_gap) / 2 + 4, html_escape(c.categories[i]));
    for (size_t k = 0; k < c.series.size(); ++k) {
      double v = i < c.series[k].values.size() ? c.series[k].values[i] : 0;
      double y = y0 + static_cast<double>(k) * (bar_height + bar_gap);
      if (std::isnan(v)) {  // the series has no such category: no bar
        s += fmt::format("<text class=\"value missing\" x=\"{}\" y=\"{}\">{}: n/a</text>\n", label_width + 4,
                         y + bar_height - 3, html_escape(c.series[k].name));
        continue;
      }
      double w = std::max(0.0, v / max * plot);
      std::string label = (c.unit == "%" ? fmt::format("{:.1f}", v) : format_number(v)) + c.unit;
      s += fmt::format(
          "<rect class=\"bar series-{}\" x=\"{}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" fill=\"{}\" "
          "data-category=\"{}\" data-series=\"{}\" data-value=\"{}\"><title>{} — {}: {}</title></rect>"
          "<text class=\"value\" x=\"{:.1f}\" y=\"{}\">{}</text>\n",
          k, label_width, y, w, bar_height, kPalette[k % std::size(kPalette)], html_escape(c.categories[i]),
          html_escape(c.series[k].name), format_number(v), html_escape(c.categories[i]), html_escape(c.series[k].name),
          label, label_width + w + 4, y + bar_height - 3, label);
    }
    s += "</g>\n";
  }
  return s + "</svg>\n";
}

std::string html_page(const std::string& title, const std::string& body) {
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n"
      "<style>{}</style>\n</head>\n<body>\n{}</body>\n</html>\n",
      html_escape(title), kStyle, body);
}

}  // namespace outcomes::cli
