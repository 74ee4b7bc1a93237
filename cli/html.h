// Self-contained HTML pages for reports: inline CSS, tables, and bar charts
// drawn as inline SVG (no scripts, no external assets). Elements carry
// stable ids and classes (table#ID, tr[data-key], svg.chart, rect.bar) so
// tests and style sheets can find them.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace outcomes::cli {

std::string html_escape(std::string_view s);

struct HtmlTable {
  std::string id, caption;
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;  // plain text; escaped when written
  std::vector<std::string> row_keys;           // optional: data-key of each row
  std::vector<std::string> row_classes;        // optional: class of each row ("total")
  size_t label_columns = 1;                    // leading label columns; the rest are right-aligned numbers
};
std::string render_html_table(const HtmlTable& t);

struct ChartSeries {
  std::string name;
  std::vector<double> values;  // one per category; NaN: none (no bar, "n/a")
};

// Horizontal grouped bars: one group per category, one bar per series.
struct BarChart {
  std::string id, title;
  std::vector<std::string> categories;
  std::vector<ChartSeries> series;
  std::string unit;        // appended to value labels: "%" or ""
  double max_value = 0;    // 0: the largest value
};
std::string render_bar_chart(const BarChart& c);

// A whole page: doctype, charset, title, inline style sheet, body.
std::string html_page(const std::string& title, const std::string& body);

// A number for a label: no decimals for whole numbers, else one.
std::string format_number(double v);

}  // namespace outcomes::cli
