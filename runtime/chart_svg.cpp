// Inline SVG charts; see chart_svg.hpp for what every chart guarantees.
#include "runtime/chart_svg.hpp"

#include "lang/source.hpp"
#include "runtime/figure.hpp"
#include "runtime/report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <string_view>

namespace ingot::runtime::chart {

namespace {

using report::xml_escape;

/// Okabe & Ito (2008), "Color Universal Design": distinguishable with the common colour vision
/// deficiencies. Ordered so that neighbouring plans differ in lightness too; the yellow, which
/// reads poorly on white, comes late.
constexpr std::array<std::string_view, 8> palette = {"#0072B2", "#E69F00", "#009E73", "#D55E00",
                                                     "#CC79A7", "#56B4E9", "#F0E442", "#000000"};

/// A coordinate: fixed, one decimal, never `-0.0`.
std::string num(double x) {
    if (!std::isfinite(x)) {
        x = 0; // never reached by the layouts below; a broken number must not break the SVG
    }
    std::string text = fmt::format("{:.1f}", x);
    return text == "-0.0" ? "0.0" : text;
}

/// A tick's text, as every figure reads (format_figure: 3 significant digits, no unit).
std::string tick_text(double x) {
    if (std::abs(x) < 1e-12) {
        x = 0;
    }
    DisplayFigure f;
    f.value = x;
    f.lo = {x, false};
    f.hi = {x, false};
    return format_figure(f).value;
}

/// A step of 1, 2 or 5 times a power of ten that cuts `span` into about `count` parts.
double nice_step(double span, int count) {
    const double raw = span / count;
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    const double fraction = raw / power;
    const double nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
    return nice * power;
}

/// The axis of [lo, hi]: widened to whole steps; its ticks.
struct Axis {
    double lo = 0;
    double hi = 1;
    std::vector<double> ticks;
};

Axis make_axis(double lo, double hi) {
    if (!(hi > lo)) {
        const double half = lo == 0 ? 1 : std::abs(lo) * 0.1;
        lo -= half;
        hi += half;
    }
    const double step = nice_step(hi - lo, 5);
    Axis axis;
    axis.lo = std::floor(lo / step + 1e-9) * step;
    axis.hi = std::ceil(hi / step - 1e-9) * step;
    const auto n = static_cast<long>(std::llround((axis.hi - axis.lo) / step));
    for (long i = 0; i <= n; ++i) {
        axis.ticks.push_back(axis.lo + static_cast<double>(i) * step);
    }
    return axis;
}

/// `text` in lines of at most `columns` terminal columns, broken at spaces; at most `max_lines`,
/// the last ending in `…` when the text is longer (the <desc> has it whole).
std::vector<std::string> wrap(const std::string& text, std::size_t columns, std::size_t max_lines) {
    std::vector<std::string> lines;
    std::string line;
    std::size_t at = 0;
    bool cut = false;
    while (at <= text.size()) {
        const std::size_t space = std::min(text.find(' ', at), text.size());
        const std::string word = text.substr(at, space - at);
        at = space + 1;
        if (word.empty()) {
            continue;
        }
        const std::string joined = line.empty() ? word : line + ' ' + word;
        if (line.empty() || lang::display_width(joined) <= columns) {
            line = joined;
            continue;
        }
        if (lines.size() + 1 == max_lines) {
            cut = true;
            break;
        }
        lines.push_back(line);
        line = word;
    }
    if (!line.empty()) {
        lines.push_back(cut ? line + "\u2026" : line);
    }
    return lines;
}

/// A <text> of several lines (one <tspan> each), centred on x, its first line's baseline at y.
std::string text_lines(const std::vector<std::string>& lines, double x, double y,
                       std::string_view cls) {
    std::string out = fmt::format("<text class=\"{}\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">",
                                  cls, num(x), num(y));
    for (std::size_t i = 0; i < lines.size(); ++i) {
        out += fmt::format("<tspan x=\"{}\" dy=\"{}\">{}</tspan>", num(x), i == 0 ? "0" : "1.2em",
                           xml_escape(lines[i]));
    }
    return out + "</text>";
}

/// The opening of every chart: the element with its text alternative.
std::string svg_open(std::string_view id, double width, double height, std::string_view title,
                     std::string_view desc, std::string_view cls) {
    return fmt::format("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart {}\" "
                       "id=\"{}\" viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" role=\"img\" "
                       "aria-labelledby=\"{}-title {}-desc\" font-family=\"sans-serif\" "
                       "font-size=\"12\">\n<title id=\"{}-title\">{}</title>\n<desc "
                       "id=\"{}-desc\">{}</desc>\n",
                       cls, xml_escape(id), num(width), num(height), num(width), num(height),
                       xml_escape(id), xml_escape(id), xml_escape(id), xml_escape(title),
                       xml_escape(id), xml_escape(desc));
}

/// The figure for a chart without anything to draw: it says so, in the picture and in its desc.
std::string no_data_svg(std::string_view id, std::string_view title, std::string_view cls) {
    const std::string desc = fmt::format("{}: no data to draw.", title);
    return svg_open(id, 480, 80, title, desc, cls) +
           "<rect x=\"0.5\" y=\"0.5\" width=\"479.0\" height=\"79.0\" fill=\"none\" "
           "stroke=\"#767676\" stroke-dasharray=\"4 3\"/>\n"
           "<text class=\"no-data\" x=\"240.0\" y=\"44.0\" text-anchor=\"middle\">No data to "
           "draw</text>\n</svg>\n";
}

/// A hatch that tells series `i` apart without colour: solid, then lines, dots and grids.
std::string hatch_pattern(std::string_view id, std::size_t i) {
    const std::string colour(series_colour(i));
    // Lines in black over light colours, in white over dark ones (blue, black), so they show.
    const std::string_view ink =
        (i % palette.size() == 0 || i % palette.size() == 7) ? "#FFFFFF" : "#000000";
    std::string shape;
    std::string transform;
    switch (i % 8) {
    case 0: // solid
        break;
    case 1: // diagonal lines
        transform = " patternTransform=\"rotate(45)\"";
        shape = fmt::format("<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"8\" stroke=\"{}\" "
                            "stroke-width=\"3\"/>",
                            ink);
        break;
    case 2: // dots
        shape = fmt::format("<circle cx=\"4\" cy=\"4\" r=\"1.6\" fill=\"{}\"/>", ink);
        break;
    case 3: // horizontal lines
        shape = fmt::format("<line x1=\"0\" y1=\"4\" x2=\"8\" y2=\"4\" stroke=\"{}\" "
                            "stroke-width=\"2\"/>",
                            ink);
        break;
    case 4: // cross-hatch
        transform = " patternTransform=\"rotate(45)\"";
        shape = fmt::format("<path d=\"M0 4H8M4 0V8\" stroke=\"{}\" stroke-width=\"1.5\"/>", ink);
        break;
    case 5: // back-diagonal lines
        transform = " patternTransform=\"rotate(-45)\"";
        shape = fmt::format("<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"8\" stroke=\"{}\" "
                            "stroke-width=\"3\"/>",
                            ink);
        break;
    case 6: // vertical lines
        shape = fmt::format("<line x1=\"4\" y1=\"0\" x2=\"4\" y2=\"8\" stroke=\"{}\" "
                            "stroke-width=\"2\"/>",
                            ink);
        break;
    default: // a grid
        shape = fmt::format("<path d=\"M0 4H8M4 0V8\" stroke=\"{}\" stroke-width=\"1\"/>", ink);
        break;
    }
    return fmt::format("<pattern id=\"{}-hatch{}\" width=\"8\" height=\"8\" "
                       "patternUnits=\"userSpaceOnUse\"{}><rect width=\"8\" height=\"8\" "
                       "fill=\"{}\"/>{}</pattern>",
                       xml_escape(id), i, transform, colour, shape);
}

bool finite(double x) {
    return std::isfinite(x);
}

/// A bar worth drawing: a value, or a range with at least one end.
bool drawable(const Bar& bar) {
    return (bar.value && finite(*bar.value)) || finite(bar.low) || finite(bar.high);
}

/// A small arrowhead at (x, y) pointing up (`up`) or down: a range that goes on past the plot.
std::string arrow(double x, double y, bool up) {
    const double d = up ? 6 : -6;
    return fmt::format("<path class=\"open-end\" d=\"M{} {}L{} {}L{} {}Z\" fill=\"#000000\"/>",
                       num(x - 4), num(y + d), num(x), num(y), num(x + 4), num(y + d));
}

} // namespace

std::string series_colour(std::size_t index) {
    return std::string(palette[index % palette.size()]);
}

// ---- grouped bars -----------------------------------------------------------------------------

std::string bar_chart_svg(const BarChart& chart) {
    // Layout, in px of the viewBox.
    constexpr double bar_w = 56;
    constexpr double bar_gap = 8;
    constexpr double group_gap = 36;
    constexpr double margin_left = 76;
    constexpr double margin_right = 16;
    constexpr double legend_line = 20;
    constexpr double plot_h = 260;
    constexpr double pad = 22; // inside the plot, above and below the data: room for labels
    constexpr double label_px_per_column = 6.6;

    std::vector<std::vector<const Bar*>> drawn(chart.groups.size());
    double lo = 0;
    double hi = 0;
    std::size_t bars = 0;
    for (std::size_t g = 0; g < chart.groups.size(); ++g) {
        for (const Bar& bar : chart.groups[g].bars) {
            if (!drawable(bar)) {
                continue;
            }
            drawn[g].push_back(&bar);
            ++bars;
            for (const double x : {bar.value.value_or(0.0), bar.low, bar.high}) {
                if (finite(x)) {
                    lo = std::min(lo, x);
                    hi = std::max(hi, x);
                }
            }
        }
    }
    if (bars == 0) {
        return no_data_svg(chart.id, chart.title, "bars");
    }
    const Axis axis = make_axis(lo, hi);

    double plot_w = group_gap;
    for (const auto& group : drawn) {
        if (!group.empty()) {
            plot_w += static_cast<double>(group.size()) * bar_w +
                      static_cast<double>(group.size() - 1) * bar_gap + group_gap;
        }
    }
    const double legend_h = legend_line * static_cast<double>(chart.series.size()) + 8;
    const double plot_top = legend_h + 8;
    const double plot_bottom = plot_top + plot_h;
    const double width = std::max(360.0, margin_left + plot_w + margin_right);
    const double height = plot_bottom + 12 + 3 * 15 + 8;
    const auto y_of = [&](double v) {
        const double t = (axis.hi - v) / (axis.hi - axis.lo);
        return plot_top + pad + t * (plot_h - 2 * pad);
    };

    // The text alternative: every number, group by group.
    std::string desc = fmt::format("{}. Bars by metric, one per plan, with whiskers for the range "
                                   "the figures allow.",
                                   chart.title);
    for (std::size_t g = 0; g < chart.groups.size(); ++g) {
        if (drawn[g].empty()) {
            continue;
        }
        desc += fmt::format(" {}:", chart.groups[g].label);
        for (std::size_t b = 0; b < drawn[g].size(); ++b) {
            const Bar& bar = *drawn[g][b];
            desc += fmt::format("{} {} {}", b == 0 ? "" : ";",
                                bar.series < chart.series.size() ? chart.series[bar.series] : "",
                                bar.full_text);
        }
        desc += '.';
    }

    std::string out = svg_open(chart.id, width, height, chart.title, desc, "bars");
    out += "<defs>";
    for (std::size_t i = 0; i < chart.series.size(); ++i) {
        out += hatch_pattern(chart.id, i);
    }
    out += "</defs>\n";

    // The legend: a swatch in each series' colour and hatch, then its name.
    out += "<g class=\"legend\">";
    for (std::size_t i = 0; i < chart.series.size(); ++i) {
        const double y = 8 + legend_line * static_cast<double>(i);
        out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"14\" height=\"14\" "
                           "fill=\"url(#{}-hatch{})\" stroke=\"#000000\"/><text x=\"{}\" "
                           "y=\"{}\">{}</text>",
                           num(margin_left), num(y), xml_escape(chart.id), i, num(margin_left + 20),
                           num(y + 11), xml_escape(chart.series[i]));
    }
    out += "</g>\n";

    // The axis: ticks with their values and grid lines, the unit, the zero line.
    const double plot_left = margin_left;
    const double plot_right = margin_left + plot_w;
    out += "<g class=\"axis\">";
    for (const double t : axis.ticks) {
        const double y = y_of(t);
        out += fmt::format("<line class=\"grid\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" "
                           "stroke=\"#D9D9D9\"/><line class=\"tick\" x1=\"{}\" y1=\"{}\" "
                           "x2=\"{}\" y2=\"{}\" stroke=\"#000000\"/><text class=\"tick-label\" "
                           "x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
                           num(plot_left), num(y), num(plot_right), num(y), num(plot_left - 5),
                           num(y), num(plot_left), num(y), num(plot_left - 8), num(y + 4),
                           xml_escape(tick_text(t)));
    }
    out += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#000000\"/>",
                       num(plot_left), num(plot_top), num(plot_left), num(plot_bottom));
    const double mid = (plot_top + plot_bottom) / 2;
    out += fmt::format("<text class=\"axis-label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\" "
                       "transform=\"rotate(-90 {} {})\">{}</text>",
                       num(18), num(mid), num(18), num(mid), xml_escape(chart.unit));
    out += "</g>\n";
    const double zero = y_of(0);
    out += fmt::format("<line class=\"zero\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" "
                       "stroke=\"#000000\" stroke-width=\"1.5\"/>\n",
                       num(plot_left), num(zero), num(plot_right), num(zero));

    // The groups.
    double x = plot_left + group_gap;
    for (std::size_t g = 0; g < chart.groups.size(); ++g) {
        if (drawn[g].empty()) {
            continue;
        }
        const double group_w = static_cast<double>(drawn[g].size()) * bar_w +
                               static_cast<double>(drawn[g].size() - 1) * bar_gap;
        out += "<g class=\"group\">";
        for (const Bar* bar : drawn[g]) {
            const double cx = x + bar_w / 2;
            const std::string name =
                bar->series < chart.series.size() ? chart.series[bar->series] : "";
            const std::string title =
                fmt::format("{} — {}: {}", chart.groups[g].label, name, bar->full_text);
            // The topmost and lowest points drawn, for the label: the bar and the zero line, or
            // (a range without a value) the whisker's upper end.
            const bool has_bar = bar->value && finite(*bar->value);
            const double y_end =
                has_bar ? y_of(*bar->value) : y_of(finite(bar->high) ? bar->high : bar->low);
            double label_top = has_bar ? std::min(zero, y_end) : y_end;
            double label_bottom = has_bar ? std::max(zero, y_end) : y_end;
            if (has_bar) {
                const double y = y_end;
                out += fmt::format("<rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"{}\" "
                                   "height=\"{}\" fill=\"url(#{}-hatch{})\" stroke=\"#000000\" "
                                   "data-value=\"{}\"><title>{}</title></rect>",
                                   num(x), num(std::min(zero, y)), num(bar_w),
                                   num(std::abs(zero - y)), xml_escape(chart.id), bar->series,
                                   xml_escape(fmt::format("{}", *bar->value)), xml_escape(title));
            }
            // The whisker: the range, each finite end capped, an unbounded end an arrow at the
            // edge of the plot.
            const double y_low = finite(bar->low) ? y_of(bar->low) : plot_bottom;
            const double y_high = finite(bar->high) ? y_of(bar->high) : plot_top;
            if (finite(bar->low) || finite(bar->high)) {
                out += fmt::format("<g class=\"range{}\"><title>{}</title><line class=\"whisker\" "
                                   "x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#000000\" "
                                   "stroke-width=\"1.5\"/>",
                                   bar->value ? "" : " range-only", xml_escape(title), num(cx),
                                   num(y_low), num(cx), num(y_high));
                for (const auto& [end, y, up] :
                     {std::tuple{bar->low, y_low, false}, std::tuple{bar->high, y_high, true}}) {
                    if (finite(end)) {
                        out += fmt::format("<line class=\"cap\" x1=\"{}\" y1=\"{}\" x2=\"{}\" "
                                           "y2=\"{}\" stroke=\"#000000\" stroke-width=\"1.5\"/>",
                                           num(cx - 8), num(y), num(cx + 8), num(y));
                        label_top = std::min(label_top, y);
                        label_bottom = std::max(label_bottom, y);
                    } else {
                        out += arrow(cx, y, up);
                    }
                }
                out += "</g>";
            }
            // The value: above what is drawn, below it for a negative value; white-haloed, so
            // that it reads over a whisker running on to the edge.
            const bool below = bar->value ? *bar->value < 0 : !finite(bar->high);
            out += fmt::format("<text class=\"value-label\" x=\"{}\" y=\"{}\" "
                               "text-anchor=\"middle\" font-size=\"11\" stroke=\"#FFFFFF\" "
                               "stroke-width=\"3\" paint-order=\"stroke\">{}</text>",
                               num(cx), num(below ? label_bottom + 14 : label_top - 6),
                               xml_escape(bar->value_text));
            x += bar_w + bar_gap;
        }
        x -= bar_gap;
        const auto columns = static_cast<std::size_t>(
            std::max(6.0, (group_w + group_gap - 8) / label_px_per_column));
        out += text_lines(wrap(chart.groups[g].label, columns, 3), x - group_w / 2,
                          plot_bottom + 18, "group-label");
        out += "</g>\n";
        x += group_gap;
    }
    return out + "</svg>\n";
}

// ---- the yearly path of one series ------------------------------------------------------------

std::string path_chart_svg(const PathChart& chart) {
    constexpr double width = 640;
    constexpr double margin_left = 80;
    constexpr double margin_right = 24;
    constexpr double plot_top = 40;
    constexpr double plot_h = 220;
    constexpr double pad_y = 12;
    constexpr double pad_x = 28;
    const double plot_bottom = plot_top + plot_h;
    const double plot_left = margin_left;
    const double plot_right = width - margin_right;
    const double height = plot_bottom + 48;

    double lo = std::numeric_limits<double>::infinity();
    double hi = -lo;
    int first = std::numeric_limits<int>::max();
    int last = std::numeric_limits<int>::min();
    const auto see = [&](int year, double v) {
        if (finite(v)) {
            lo = std::min(lo, v);
            hi = std::max(hi, v);
            first = std::min(first, year);
            last = std::max(last, year);
        }
    };
    for (const PathYear& y : chart.years) {
        see(y.year, y.low);
        see(y.year, y.high);
        if (y.nominal) {
            see(y.year, *y.nominal);
        }
    }
    for (const PathMarker& m : chart.markers) {
        see(m.year, m.value);
    }
    if (!finite(lo)) {
        return no_data_svg(chart.id, chart.title, "path");
    }
    const double margin = (hi - lo) * 0.08;
    const Axis axis = make_axis(lo - margin, hi + margin);
    const auto y_of = [&](double v) {
        if (v == std::numeric_limits<double>::infinity()) {
            return plot_top;
        }
        if (v == -std::numeric_limits<double>::infinity()) {
            return plot_bottom;
        }
        const double t = (axis.hi - v) / (axis.hi - axis.lo);
        return plot_top + pad_y + t * (plot_h - 2 * pad_y);
    };
    const auto x_of = [&](int year) {
        if (first == last) {
            return (plot_left + plot_right) / 2;
        }
        const double t = static_cast<double>(year - first) / static_cast<double>(last - first);
        return plot_left + pad_x + t * (plot_right - plot_left - 2 * pad_x);
    };
    const auto known = [](const PathYear& y) { return finite(y.low) || finite(y.high); };

    // The text alternative: each year's numbers, then each marked figure.
    std::string desc = fmt::format("{}. By year, the range the figures allow (shaded) and the "
                                   "value as written (line):",
                                   chart.title);
    for (std::size_t i = 0; i < chart.years.size(); ++i) {
        if (i < chart.year_texts.size()) {
            desc += fmt::format("{} {}", i == 0 ? "" : ";", chart.year_texts[i]);
        }
    }
    desc += '.';
    if (!chart.markers.empty()) {
        desc += " Marked:";
        for (std::size_t i = 0; i < chart.markers.size(); ++i) {
            desc += fmt::format("{} {}", i == 0 ? "" : ";", chart.markers[i].label);
        }
        desc += '.';
    }

    std::string out = svg_open(chart.id, width, height, chart.title, desc, "path");

    // The legend: what the fill, the line and each shape mean.
    bool has_nominal = false;
    bool kinds[3] = {false, false, false};
    for (const PathYear& y : chart.years) {
        has_nominal = has_nominal || (y.nominal && finite(*y.nominal));
    }
    for (const PathMarker& m : chart.markers) {
        kinds[static_cast<int>(m.kind)] = true;
    }
    out += "<g class=\"legend\">";
    double lx = plot_left;
    out += fmt::format("<rect x=\"{}\" y=\"8\" width=\"16\" height=\"12\" fill=\"#56B4E9\" "
                       "fill-opacity=\"0.45\" stroke=\"#0072B2\"/><text x=\"{}\" y=\"18\">range "
                       "allowed</text>",
                       num(lx), num(lx + 22));
    lx += 112;
    if (has_nominal) {
        out += fmt::format("<line x1=\"{}\" y1=\"14\" x2=\"{}\" y2=\"14\" stroke=\"#000000\" "
                           "stroke-width=\"2\"/><text x=\"{}\" y=\"18\">as written</text>",
                           num(lx), num(lx + 16), num(lx + 22));
        lx += 96;
    }
    static constexpr std::array<std::string_view, 3> kind_names = {"baseline", "target", "actual"};
    const auto shape = [](MarkerKind kind, double x, double y) {
        switch (kind) {
        case MarkerKind::baseline:
            return fmt::format("<rect x=\"{}\" y=\"{}\" width=\"9\" height=\"9\" fill=\"#0072B2\" "
                               "stroke=\"#000000\"/>",
                               num(x - 4.5), num(y - 4.5));
        case MarkerKind::target:
            return fmt::format("<path d=\"M{} {}L{} {}L{} {}Z\" fill=\"#D55E00\" "
                               "stroke=\"#000000\"/>",
                               num(x), num(y - 6), num(x + 6), num(y + 5), num(x - 6), num(y + 5));
        case MarkerKind::actual:
            break;
        }
        return fmt::format("<path d=\"M{} {}L{} {}L{} {}L{} {}Z\" fill=\"#009E73\" "
                           "stroke=\"#000000\"/>",
                           num(x), num(y - 6), num(x + 6), num(y), num(x), num(y + 6), num(x - 6),
                           num(y));
    };
    for (int k = 0; k < 3; ++k) {
        if (kinds[k]) {
            out += shape(static_cast<MarkerKind>(k), lx + 6, 14);
            out += fmt::format("<text x=\"{}\" y=\"18\">{}</text>", num(lx + 16), kind_names[k]);
            lx += 84;
        }
    }
    out += "</g>\n";

    // The axes: the unit's ticks on the left, the years below.
    out += "<g class=\"axis\">";
    for (const double t : axis.ticks) {
        const double y = y_of(t);
        out += fmt::format("<line class=\"grid\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" "
                           "stroke=\"#D9D9D9\"/><text class=\"tick-label\" x=\"{}\" y=\"{}\" "
                           "text-anchor=\"end\">{}</text>",
                           num(plot_left), num(y), num(plot_right), num(y), num(plot_left - 8),
                           num(y + 4), xml_escape(tick_text(t)));
    }
    const int year_step = std::max(1, (last - first + 9) / 10);
    for (int year = first; year <= last; year += year_step) {
        const double x = x_of(year);
        out += fmt::format("<line class=\"tick\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" "
                           "stroke=\"#000000\"/><text class=\"tick-label\" x=\"{}\" y=\"{}\" "
                           "text-anchor=\"middle\">{}</text>",
                           num(x), num(plot_bottom), num(x), num(plot_bottom + 5), num(x),
                           num(plot_bottom + 18), year);
    }
    out += fmt::format("<path d=\"M{} {}V{}H{}\" fill=\"none\" stroke=\"#000000\"/>",
                       num(plot_left), num(plot_top), num(plot_bottom), num(plot_right));
    const double mid = (plot_top + plot_bottom) / 2;
    out += fmt::format("<text class=\"axis-label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\" "
                       "transform=\"rotate(-90 {} {})\">{}</text>",
                       num(18), num(mid), num(18), num(mid), xml_escape(chart.unit));
    out += fmt::format("<text class=\"axis-label\" x=\"{}\" y=\"{}\" "
                       "text-anchor=\"middle\">year</text>",
                       num((plot_left + plot_right) / 2), num(plot_bottom + 38));
    out += "</g>\n";

    // The range: one polygon per run of years where an end is known (a lone year: a band).
    for (std::size_t i = 0; i < chart.years.size();) {
        if (!known(chart.years[i])) {
            ++i;
            continue;
        }
        std::size_t end = i;
        while (end < chart.years.size() && known(chart.years[end]) &&
               (end == i || chart.years[end].year == chart.years[end - 1].year + 1)) {
            ++end;
        }
        if (end - i == 1) {
            const PathYear& y = chart.years[i];
            const double top = y_of(y.high);
            out += fmt::format("<rect class=\"range\" x=\"{}\" y=\"{}\" width=\"8\" height=\"{}\" "
                               "fill=\"#56B4E9\" fill-opacity=\"0.45\" stroke=\"#0072B2\"/>\n",
                               num(x_of(y.year) - 4), num(top), num(y_of(y.low) - top));
        } else {
            std::string points;
            for (std::size_t k = i; k < end; ++k) {
                points +=
                    fmt::format("{}{},{}", points.empty() ? "" : " ",
                                num(x_of(chart.years[k].year)), num(y_of(chart.years[k].high)));
            }
            for (std::size_t k = end; k-- > i;) {
                points += fmt::format(" {},{}", num(x_of(chart.years[k].year)),
                                      num(y_of(chart.years[k].low)));
            }
            out += fmt::format("<polygon class=\"range\" points=\"{}\" fill=\"#56B4E9\" "
                               "fill-opacity=\"0.45\" stroke=\"#0072B2\"/>\n",
                               points);
        }
        i = end;
    }

    // The values as written: a line over consecutive years, a dot for a lone one.
    for (std::size_t i = 0; i < chart.years.size();) {
        const auto has = [&](std::size_t k) {
            return chart.years[k].nominal && finite(*chart.years[k].nominal);
        };
        if (!has(i)) {
            ++i;
            continue;
        }
        std::size_t end = i;
        while (end < chart.years.size() && has(end) &&
               (end == i || chart.years[end].year == chart.years[end - 1].year + 1)) {
            ++end;
        }
        if (end - i == 1) {
            out += fmt::format("<circle class=\"nominal\" cx=\"{}\" cy=\"{}\" r=\"3\" "
                               "fill=\"#000000\"/>\n",
                               num(x_of(chart.years[i].year)), num(y_of(*chart.years[i].nominal)));
        } else {
            std::string points;
            for (std::size_t k = i; k < end; ++k) {
                points +=
                    fmt::format("{}{},{}", points.empty() ? "" : " ",
                                num(x_of(chart.years[k].year)), num(y_of(*chart.years[k].nominal)));
            }
            out += fmt::format("<polyline class=\"nominal\" points=\"{}\" fill=\"none\" "
                               "stroke=\"#000000\" stroke-width=\"2\"/>\n",
                               points);
        }
        i = end;
    }

    // The figures of the plan, each with its shape and its own title.
    for (const PathMarker& m : chart.markers) {
        if (!finite(m.value)) {
            continue;
        }
        out += fmt::format("<g class=\"marker {}\"><title>{}</title>{}</g>\n",
                           kind_names[static_cast<int>(m.kind)], xml_escape(m.label),
                           shape(m.kind, x_of(m.year), y_of(m.value)));
    }
    return out + "</svg>\n";
}

} // namespace ingot::runtime::chart
