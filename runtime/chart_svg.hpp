// Charts as inline SVG, for the HTML report (runtime/report_html.cpp): pure functions from the
// numbers of a chart to the text of an <svg> element.
//
// What every chart guarantees:
// - it is an image with a text alternative: `role="img"`, a <title>, and a <desc> that states
//   every number the chart shows (and what it leaves out), so a screen reader or a text browser
//   gets the same facts; each bar and marker has its own <title> too;
// - it reads without colour: the Okabe-Ito palette (safe for the common colour blindnesses), and
//   each plan's bars also carry their own hatch pattern, each kind of marker its own shape, so a
//   greyscale print tells them apart;
// - every text is escaped (xml_escape), whatever a plan file holds;
// - it is deterministic: the same data gives byte-identical output; coordinates are written with
//   one decimal (fixed), never in exponent form;
// - no data gives a small figure that says so, never a broken or empty SVG.
//
// The numbers come in already in the unit shown (`%/yr`, `Mt`) and their texts already
// formatted (format_figure's): a chart draws, it does not decide how a figure reads.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace ingot::runtime::chart {

// ---- grouped bars -----------------------------------------------------------------------------

/// One bar: a value with the range around it. `value` absent: only the range is known (drawn as
/// a whisker without a bar). An infinite end: the range is unbounded on that side (the whisker
/// runs to the edge of the plot and ends in an arrow).
struct Bar {
    std::size_t series = 0;      // index into BarChart::series: its colour, pattern, legend
    std::optional<double> value; // the bar's height, in BarChart::unit
    double low = 0;              // the range, in BarChart::unit; may be ±infinity
    double high = 0;
    std::string value_text; // the label on the bar: `1.5 %/yr`, `> 3.88 %/yr`
    std::string full_text;  // its <title> and the <desc>: `1.5 %/yr (1.35 … 1.65 %/yr)`
};

/// One group: one metric, one bar per plan that has a figure for it.
struct BarGroup {
    std::string label;
    std::vector<Bar> bars;
};

struct BarChart {
    std::string id;                  // prefix of the element ids: unique in the page
    std::string title;               // the <title>: `Average annual rates, %/yr`
    std::string unit;                // the axis's unit: `%/yr`
    std::vector<std::string> series; // the legend: one name per plan
    std::vector<BarGroup> groups;
};

/// The chart as an <svg> element: a legend, a vertical axis with ticks and a zero line, one
/// group of bars per entry of `groups` with its label below, each bar (`<rect class="bar">`) in
/// its series' colour and hatch, with its range as a whisker (`class="whisker"`, caps
/// `class="cap"`) and its value as a label (`class="value-label"`) above it (below it when
/// negative).
std::string bar_chart_svg(const BarChart& chart);

// ---- the yearly path of one series ------------------------------------------------------------

/// One year of a series: the range the figures allow (±infinity: unbounded on that side; both
/// infinite: unknown that year) and the value the figures as written give, when they give one.
struct PathYear {
    int year = 0;
    double low = 0;
    double high = 0;
    std::optional<double> nominal;
};

enum class MarkerKind { baseline, target, actual };

/// A figure of the plan on the path: a baseline (square), a target (triangle), an actual
/// (diamond).
struct PathMarker {
    MarkerKind kind = MarkerKind::baseline;
    int year = 0;
    double value = 0;  // in PathChart::unit
    std::string label; // its <title> and line of the <desc>: `baseline 2024 = 79.19 Mt`
};

struct PathChart {
    std::string id;
    std::string title; // `nonferrous_2025: output(metals), Mt`
    std::string unit;
    std::vector<PathYear> years; // ascending
    std::vector<PathMarker> markers;
    /// How the <desc> reads each year's values: `2025: 80.38 Mt (80.25 … 80.5 Mt)`; parallel to
    /// `years` (a year without an entry is described by its numbers alone).
    std::vector<std::string> year_texts;
};

/// The chart as an <svg> element: the range shaded (`class="range"`, a polygon from the lows to
/// the highs over each run of years where something is known), the nominal values as a line
/// (`class="nominal"`), the markers (`class="marker baseline|target|actual"`), a legend of the
/// shapes, and labelled axes (years; the unit).
std::string path_chart_svg(const PathChart& chart);

/// The Okabe-Ito colour of series `index` (cycling), as `#rrggbb`.
std::string series_colour(std::size_t index);

} // namespace ingot::runtime::chart
