// The HTML report of a comparison (include/ingot/html_report.hpp): one page, self-contained.
//
// The page is assembled from parts that each do one thing: the comparison table is
// write_comparison's html fragment, the charts are chart_svg's, the figures are format_figure's
// (through the comparison's display_figure, so a rate reads here as in `ingot compare`), the
// citations behind a finding are found as every report format finds them (CitedElements). This
// file only decides what goes where, and escapes every text it adds (xml_escape).
#include "ingot/html_report.hpp"

// report.hpp first: its declarations name the public Plan and Analysis, which the runtime's own
// Plan and Analysis (declared by the headers below) would otherwise hide.
#include "runtime/report.hpp"

#include "ingot/ingot.hpp"
#include "runtime/api_access.hpp"
#include "runtime/chart_svg.hpp"
#include "runtime/compare_support.hpp"
#include "runtime/figure.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

namespace ingot {

namespace {

using runtime::report::xml_escape;

std::string esc(std::string_view text) {
    return xml_escape(text);
}

constexpr std::string_view csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

// The page's one stylesheet. Colours are never the only carrier of meaning (severities are
// words, charts have hatches and shapes); print drops backgrounds and keeps charts whole.
constexpr std::string_view style = R"(:root { color-scheme: light; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1a1a1a;
  background: #ffffff; max-width: 1240px; margin: 0 auto; padding: 8px 24px 32px; }
h1 { font-size: 1.7em; margin: 0.6em 0 0.2em; }
h2 { font-size: 1.35em; margin-top: 1.8em; border-bottom: 2px solid #0072b2; }
h3 { font-size: 1.1em; margin: 1.4em 0 0.3em; }
a { color: #005a8c; }
nav ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.3em 1.4em; }
.plans dt { font-weight: 600; margin-top: 0.6em; }
.plans dd { margin-left: 1.4em; }
.muted, .where { color: #555555; }
code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 0.92em; }
.table-wrap { overflow-x: auto; }
table.ingot-compare { border-collapse: collapse; font-size: 14px; }
.ingot-compare th, .ingot-compare td { border: 1px solid #bbbbbb; padding: 4px 8px;
  text-align: left; vertical-align: top; }
.ingot-compare thead th { background: #f0f4f8; }
.ingot-compare .name { font-weight: 600; }
.ingot-compare .note, .ingot-compare .derived { color: #444444; }
.ingot-compare .cite { text-decoration: underline dotted; }
figure { margin: 1em 0 1.6em; }
figure svg { display: block; max-width: 100%; height: auto; }
figcaption { color: #444444; font-size: 0.92em; margin-top: 0.3em; max-width: 80ch; }
.findings { list-style: none; padding: 0; }
.finding { margin: 0.5em 0; padding: 0.3em 0.6em; border-left: 4px solid #999999; }
.finding.error { border-color: #d55e00; }
.finding.warning { border-color: #e69f00; }
.finding.info { border-color: #56b4e9; }
.severity { font-weight: 700; text-transform: uppercase; font-size: 0.8em; letter-spacing: 0.04em; }
.citations { margin: 0.2em 0 0; padding-left: 1.2em; font-size: 0.92em; }
.citations q { font-style: italic; }
footer { margin-top: 2.5em; color: #555555; font-size: 0.9em; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  nav { display: none; }
  h2 { border-bottom: 1px solid #000000; break-after: avoid; page-break-after: avoid; }
  h3 { break-after: avoid; page-break-after: avoid; }
  .ingot-compare thead th { background: none; }
  .ingot-compare thead { display: table-header-group; }
  .ingot-compare tr, figure, .finding { break-inside: avoid; page-break-inside: avoid; }
  .finding { border-left-width: 2px; }
  a { color: inherit; }
  .table-wrap { overflow: visible; }
}
)";

/// The text of a Range as every figure reads (format_figure, through the comparison's reading).
runtime::FigureText figure_text(const Range& value, std::string_view unit, int digits) {
    return runtime::format_figure(runtime::compare_support::display_figure(value, unit, false),
                                  digits);
}

/// Whether `range` gives the value itself or a bound on it (not a midpoint of what is known).
std::optional<double> written_value(const Range& range) {
    if (range.nominal && range.reading != Reading::none && std::isfinite(*range.nominal)) {
        return range.nominal;
    }
    return std::nullopt;
}

/// `http:` and `https:` addresses are links; anything else a plan calls a source's address is
/// shown as text, never followed (`javascript:`, `data:`, a relative path).
bool linkable(std::string_view url) {
    const auto lower = [&](std::size_t n) {
        std::string out(url.substr(0, std::min(n, url.size())));
        std::transform(out.begin(), out.end(), out.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        return out;
    };
    return lower(7) == "http://" || lower(8) == "https://";
}

/// The scope of a series as written: `metals` of `output(metals)`, "" for `output`.
std::string_view scope_of(std::string_view series) {
    const auto open = series.find('(');
    if (open == std::string_view::npos || series.back() != ')') {
        return {};
    }
    return series.substr(open + 1, series.size() - open - 2);
}

class Page {
public:
    Page(const Analysis& analysis, const Comparison& comparison, const HtmlReportOptions& options)
        : analysis_(analysis), comparison_(comparison), options_(options),
          digits_(std::clamp(options.digits, 1, 15)) {
        for (const Plan& p : analysis.plans()) {
            plans_.emplace(p.name, &p);
        }
        for (const Metric& m : analysis.metrics()) {
            metrics_.emplace(m.name, &m);
        }
    }

    std::string run() {
        const std::string title = page_title();
        const std::string rates = rates_section();
        const std::string paths = paths_section();
        const std::string findings = findings_section();
        std::string out = fmt::format(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<meta name=\"generator\" content=\"ingot {}\">\n<title>{}</title>\n<style>\n{}"
            "</style>\n</head>\n<body>\n",
            csp, esc(version()), esc(title), style);
        out += fmt::format("<header>\n<h1>{}</h1>\n<p>{}</p>\n</header>\n", esc(title),
                           esc(summary()));
        out += "<nav aria-label=\"Contents\">\n<ul>\n"
               "<li><a href=\"#compared\">What was compared</a></li>\n"
               "<li><a href=\"#table\">The figures side by side</a></li>\n"
               "<li><a href=\"#rates\">Average annual rates</a></li>\n"
               "<li><a href=\"#paths\">Yearly paths</a></li>\n"
               "<li><a href=\"#findings\">Findings</a></li>\n</ul>\n</nav>\n<main>\n";
        out += compared_section();
        out += table_section();
        out += rates + paths + findings;
        out += "</main>\n";
        out += fmt::format("<footer>\n<p>Made by ingot {} from the plan files named above. Each "
                           "figure is read at the precision it is written with; ranges are what "
                           "all figures allow (docs/language.md, &#8220;How figures are "
                           "printed&#8221;).</p>\n</footer>\n</body>\n</html>\n",
                           esc(version()));
        return out;
    }

private:
    std::string page_title() const {
        if (!options_.title.empty()) {
            return options_.title;
        }
        std::vector<std::string> names;
        for (const ComparedPlan& p : comparison_.plans) {
            names.push_back(p.name);
        }
        return "Ingot report: " + list_text(names);
    }

    /// `a`, `a and b`, `a, b and c`.
    static std::string list_text(const std::vector<std::string>& items) {
        std::string out;
        for (std::size_t i = 0; i < items.size(); ++i) {
            out += i == 0 ? "" : i + 1 == items.size() ? " and " : ", ";
            out += items[i];
        }
        return out;
    }

    std::string summary() const {
        const std::size_t n = comparison_.plans.size();
        const std::size_t m = comparison_.rows.size();
        return fmt::format("{} {} compared on {} {}.", n, n == 1 ? "plan" : "plans", m,
                           m == 1 ? "metric" : "metrics");
    }

    std::string compared_section() const {
        std::string out = "<section id=\"compared\" aria-labelledby=\"compared-h\">\n<h2 "
                          "id=\"compared-h\">What was compared</h2>\n";
        if (comparison_.plans.empty()) {
            return out + "<p>No plan was chosen.</p>\n</section>\n";
        }
        out += "<dl class=\"plans\">\n";
        for (const ComparedPlan& p : comparison_.plans) {
            out += fmt::format("<dt>{}</dt>\n<dd><code>{}</code> in <code>{}</code>",
                               esc(p.title.empty() ? p.name : p.title), esc(p.name), esc(p.path));
            if (p.first_year && p.last_year) {
                out += fmt::format("; period {}&#8211;{}", *p.first_year, *p.last_year);
            }
            if (!p.series.empty()) {
                out += fmt::format("; series <code>{}</code>", esc(p.series));
            }
            if (!p.sector.empty()) {
                out += fmt::format("; sector <code>{}</code>", esc(p.sector));
            }
            if (!p.silent_on.empty()) {
                out += "; silent on " + esc(list_text(p.silent_on));
            }
            out += "</dd>\n";
        }
        return out + "</dl>\n</section>\n";
    }

    std::string table_section() const {
        CompareWriteOptions write;
        write.fragment = true;
        write.digits = digits_;
        return "<section id=\"table\" aria-labelledby=\"table-h\">\n<h2 id=\"table-h\">The "
               "figures side by side</h2>\n<p class=\"muted\">One row per metric: each plan's "
               "targets as written, with their sources, and what its figures imply: the average "
               "annual rate (avg) and the level in its last year.</p>\n<div "
               "class=\"table-wrap\">\n" +
               write_comparison(CompareFormat::html, comparison_, write) + "</div>\n</section>\n";
    }

    // ---- the rates ----------------------------------------------------------------------------

    std::string rates_section() {
        runtime::chart::BarChart chart;
        chart.id = "rates-chart";
        chart.title = "Average annual rates the plans imply, %/yr";
        chart.unit = "%/yr";
        for (const ComparedPlan& p : comparison_.plans) {
            chart.series.push_back(p.name);
        }
        bool marked = false; // a value outside its range: the footnote says what `*` means
        for (const CompareRow& row : comparison_.rows) {
            runtime::chart::BarGroup group;
            group.label = row.label.empty() ? row.metric : row.label;
            for (std::size_t p = 0; p < row.cells.size(); ++p) {
                if (!row.cells[p] || !row.cells[p]->annual_rate) {
                    continue;
                }
                const Range& rate = *row.cells[p]->annual_rate;
                const runtime::FigureText text = figure_text(rate, "%/yr", digits_);
                runtime::chart::Bar bar;
                bar.series = p;
                bar.value = written_value(rate);
                bar.low = rate.low.value;
                bar.high = rate.high.value;
                bar.value_text = text.value;
                bar.full_text = text.full();
                marked = marked || text.marked;
                group.bars.push_back(std::move(bar));
            }
            if (!group.bars.empty()) {
                chart.groups.push_back(std::move(group));
            }
        }
        return fmt::format(
            "<section id=\"rates\" aria-labelledby=\"rates-h\">\n<h2 id=\"rates-h\">Average "
            "annual rates</h2>\n<figure>\n{}<figcaption>The average annual rate each plan's "
            "figures imply over its period, by metric: the bar is the value as written, the "
            "whisker the range all figures allow at their written precision (an arrow: no bound "
            "on that side). A range without a value as written has a whisker only. Each plan has "
            "its own colour and hatch.{}</figcaption>\n</figure>\n</section>\n",
            runtime::chart::bar_chart_svg(chart),
            marked ? " " + esc(runtime::outside_footnote) + "." : std::string());
    }

    // ---- the yearly paths ---------------------------------------------------------------------

    /// One series of one plan, as export_figures gives its figures: what a path chart draws.
    struct SeriesFigures {
        std::string plan;
        std::string metric;
        std::string series;                    // the derivation's: `output(metals)`
        std::string unit;                      // of the derived levels
        std::vector<const FigureRow*> levels;  // derived, by year
        std::vector<const FigureRow*> figures; // baselines, targets, actuals, as written
        bool level_baseline = false;
    };

    /// The number of a figure as written, in `unit`: its nominal value, else its finite end (the
    /// 20 of `> 20 Mt`); nullopt when its unit is no level of `unit`'s dimension.
    std::optional<double> level_in(const FigureRow& f, std::string_view unit) const {
        const auto& units = AnalysisAccess::run(analysis_).units;
        std::string error;
        const auto from = units.lookup(f.unit, error);
        const auto to = units.lookup(unit, error);
        if (!from || !to || !from->compatible(*to) || to->kind == runtime::UnitKind::rate) {
            return std::nullopt;
        }
        const std::optional<double> v = f.nominal ? f.nominal : f.low ? f.low : f.high;
        if (!v) {
            return std::nullopt;
        }
        return *v * from->scale / to->scale;
    }

    std::string path_chart(const SeriesFigures& s, std::optional<int> last_year,
                           std::size_t n) const {
        constexpr double inf = std::numeric_limits<double>::infinity();
        runtime::chart::PathChart chart;
        chart.id = fmt::format("path-chart-{}", n);
        chart.title = fmt::format("{}: {} in {}, by year", s.plan, s.series, s.unit);
        chart.unit = s.unit;
        for (const FigureRow* y : s.levels) {
            chart.years.push_back(
                {y->year.value_or(0), y->low.value_or(-inf), y->high.value_or(inf), y->nominal});
            chart.year_texts.push_back(fmt::format("{}: {}", y->year.value_or(0), y->written));
        }
        const auto level_at = [&](int year) -> std::optional<double> {
            for (const FigureRow* y : s.levels) {
                if (y->year == year) {
                    return y->nominal;
                }
            }
            return std::nullopt;
        };
        for (const FigureRow* f : s.figures) {
            const int year = f->year.value_or(last_year.value_or(0));
            const auto kind = f->kind == "baseline" ? runtime::chart::MarkerKind::baseline
                              : f->kind == "actual" ? runtime::chart::MarkerKind::actual
                                                    : runtime::chart::MarkerKind::target;
            std::string label = f->kind == "target"
                                    ? fmt::format("target {}: {}", f->name, f->written)
                                    : fmt::format("{} {} = {}", f->kind, year, f->written);
            std::optional<double> value;
            if (f->quantity == "level") {
                value = level_in(*f, s.unit);
            } else if (f->kind == "target") {
                // A change (`grows ~1.5 %/yr`): marked at the level it implies in its year.
                value = level_at(year);
                for (const FigureRow* y : s.levels) {
                    if (value && y->year == year) {
                        label += fmt::format(", implying {} in {}", y->written, year);
                    }
                }
            }
            if (value) {
                chart.markers.push_back({kind, year, *value, std::move(label)});
            }
        }
        return runtime::chart::path_chart_svg(chart);
    }

    std::string paths_section() const {
        FiguresOptions options;
        options.derived = true;
        options.digits = digits_;
        std::map<std::string, std::optional<int>, std::less<>> last_years;
        for (const ComparedPlan& p : comparison_.plans) {
            options.select.plans.push_back(p.name);
            last_years.emplace(p.name, p.last_year);
        }
        for (const CompareRow& row : comparison_.rows) {
            options.select.metrics.push_back(row.metric);
        }
        const std::vector<FigureRow> rows = comparison_.plans.empty() || comparison_.rows.empty()
                                                ? std::vector<FigureRow>{}
                                                : export_figures(analysis_, options);
        // The series in the order their figures come: plan by plan, as written first.
        std::vector<SeriesFigures> series;
        const auto entry = [&](const FigureRow& r) -> SeriesFigures& {
            for (SeriesFigures& s : series) {
                if (s.plan == r.plan && s.metric == r.metric &&
                    scope_of(s.series) == scope_of(r.series)) {
                    return s;
                }
            }
            series.push_back({r.plan, r.metric, r.series, "", {}, {}, false});
            return series.back();
        };
        for (const FigureRow& r : rows) {
            if (r.metric.empty()) {
                continue;
            }
            SeriesFigures& s = entry(r);
            if (r.kind == "derived") {
                if (r.quantity == "level") {
                    s.series = r.series;
                    s.unit = r.unit;
                    s.levels.push_back(&r);
                }
                continue;
            }
            s.figures.push_back(&r);
            s.level_baseline = s.level_baseline || (r.kind == "baseline" && r.quantity == "level");
        }
        std::string charts;
        std::size_t n = 0;
        for (const SeriesFigures& s : series) {
            if (!s.level_baseline || s.levels.size() < 2) {
                continue;
            }
            ++n;
            const auto metric = metrics_.find(s.metric);
            const std::string label = metric != metrics_.end() && !metric->second->label.empty()
                                          ? metric->second->label
                                          : s.metric;
            const auto last = last_years.find(s.plan);
            charts += fmt::format(
                "<section class=\"path\" aria-labelledby=\"path-h-{}\">\n<h3 id=\"path-h-{}\">{} "
                "<code>{}</code>, {}</h3>\n<figure>\n{}<figcaption>{} in {}: the range the "
                "figures allow each year (shaded; to the edge where a side is unbounded), the "
                "values as written (line), and the plan's figures: baselines (squares), targets "
                "(triangles; a change at the level it implies), actuals "
                "(diamonds).</figcaption>\n</figure>\n</section>\n",
                n, n, esc(label), esc(s.series), esc(s.plan),
                path_chart(s, last != last_years.end() ? last->second : std::nullopt, n),
                esc(s.series), esc(s.unit));
        }
        std::string out = "<section id=\"paths\" aria-labelledby=\"paths-h\">\n<h2 "
                          "id=\"paths-h\">Yearly paths</h2>\n";
        if (n == 0) {
            return out + "<p>No compared series has a level baseline and a second year to draw "
                         "its path.</p>\n</section>\n";
        }
        return out +
               "<p class=\"muted\">Each series a plan gives a level baseline for, year by "
               "year.</p>\n" +
               charts + "</section>\n";
    }

    // ---- the findings -------------------------------------------------------------------------

    /// The plan a finding is about: the compared plan whose span holds it, else the first
    /// compared plan of its file; none for other files (imports such as rulebooks).
    std::optional<std::size_t> plan_of(const Diagnostic& d) const {
        std::optional<std::size_t> first;
        for (std::size_t i = 0; i < comparison_.plans.size(); ++i) {
            const ComparedPlan& p = comparison_.plans[i];
            if (p.path != d.primary.span.path) {
                continue;
            }
            const auto plan = plans_.find(p.name);
            if (plan != plans_.end() &&
                plan->second->span.begin.offset <= d.primary.span.begin.offset &&
                d.primary.span.end.offset <= plan->second->span.end.offset) {
                return i;
            }
            first = first ? first : std::optional<std::size_t>(i);
        }
        return first;
    }

    std::string citation_items(const Plan& plan, const std::vector<Citation>& citations) const {
        std::string out;
        for (const Citation& c : citations) {
            const auto url = runtime::report::source_url(plan, c.source);
            std::string source = esc(c.source);
            if (url && linkable(*url)) {
                source = fmt::format("<a href=\"{}\" rel=\"noopener noreferrer\">{}</a>", esc(*url),
                                     source);
            } else if (url) {
                source += fmt::format(" (<code>{}</code>)", esc(*url));
            }
            out += "<li>" + source;
            if (c.quote) {
                out += fmt::format(": <q>{}</q>", esc(*c.quote));
            }
            out += "</li>\n";
        }
        return out;
    }

    std::string findings_section() const {
        std::vector<std::vector<const Diagnostic*>> by_plan(comparison_.plans.size());
        for (const Diagnostic& d : analysis_.diagnostics()) {
            if (const auto p = plan_of(d)) {
                by_plan[*p].push_back(&d);
            }
        }
        const runtime::report::CitedElements cited(analysis_);
        std::string out = "<section id=\"findings\" aria-labelledby=\"findings-h\">\n<h2 "
                          "id=\"findings-h\">Findings</h2>\n<p class=\"muted\">What <code>ingot "
                          "check --implied</code> reports on each plan, with the sources the "
                          "figures behind a finding cite.</p>\n";
        for (std::size_t i = 0; i < comparison_.plans.size(); ++i) {
            const ComparedPlan& p = comparison_.plans[i];
            runtime::report::SeverityCounts counts;
            for (const Diagnostic* d : by_plan[i]) {
                ++(d->severity == Severity::error     ? counts.errors
                   : d->severity == Severity::warning ? counts.warnings
                                                      : counts.infos);
            }
            out += fmt::format("<section aria-labelledby=\"findings-h-{}\">\n<h3 "
                               "id=\"findings-h-{}\">{} <span class=\"muted\">({} {}, {} {}, {} "
                               "{})</span></h3>\n",
                               i + 1, i + 1, esc(p.name), counts.errors,
                               counts.errors == 1 ? "error" : "errors", counts.warnings,
                               counts.warnings == 1 ? "warning" : "warnings", counts.infos,
                               counts.infos == 1 ? "info" : "infos");
            if (by_plan[i].empty()) {
                out += "<p>No findings.</p>\n</section>\n";
                continue;
            }
            out += "<ul class=\"findings\">\n";
            for (const Diagnostic* d : by_plan[i]) {
                const Span& at = d->primary.span;
                const std::string severity(to_string(d->severity));
                out += fmt::format("<li class=\"finding {}\"><span class=\"severity\">{}</span> "
                                   "<code>[{}]</code> {} <span class=\"where\">{}:{}:{}</span>",
                                   severity, severity, esc(d->id), esc(d->message), esc(at.path),
                                   at.begin.line, at.begin.column);
                const auto element = cited.find(*d);
                if (element && element->citations && !element->citations->empty()) {
                    out += "\n<ul class=\"citations\" aria-label=\"Sources\">\n" +
                           citation_items(*element->plan, *element->citations) + "</ul>";
                }
                out += "</li>\n";
            }
            out += "</ul>\n</section>\n";
        }
        return out + "</section>\n";
    }

    const Analysis& analysis_;
    const Comparison& comparison_;
    const HtmlReportOptions& options_;
    int digits_;
    std::map<std::string, const Plan*, std::less<>> plans_;
    std::map<std::string, const Metric*, std::less<>> metrics_;
};

} // namespace

std::string write_html_report(const Analysis& analysis, const Comparison& comparison,
                              const HtmlReportOptions& options) {
    return Page(analysis, comparison, options).run();
}

} // namespace ingot
