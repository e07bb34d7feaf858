// runtime/chart_svg: the inline SVG charts of the HTML report, checked by their structure.
#include "runtime/chart_svg.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <regex>
#include <string>
#include <vector>

using namespace ingot::runtime::chart;

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
        ++n;
    }
    return n;
}

/// The value of attribute `name` in each element that starts with `open` (`<rect class="bar"`).
std::vector<double> attributes(const std::string& svg, const std::string& open,
                               const std::string& name) {
    std::vector<double> out;
    for (auto at = svg.find(open); at != std::string::npos; at = svg.find(open, at + 1)) {
        const auto end = svg.find('>', at);
        const std::string element = svg.substr(at, end - at);
        const auto a = element.find(" " + name + "=\"");
        REQUIRE(a != std::string::npos);
        out.push_back(std::stod(element.substr(a + name.size() + 3)));
    }
    return out;
}

/// The texts of the elements `<text class="CLS" …>TEXT</text>`.
std::vector<std::string> texts(const std::string& svg, const std::string& cls) {
    std::vector<std::string> out;
    const std::string open = "<text class=\"" + cls + "\"";
    for (auto at = svg.find(open); at != std::string::npos; at = svg.find(open, at + 1)) {
        const auto begin = svg.find('>', at) + 1;
        out.push_back(svg.substr(begin, svg.find("</text>", begin) - begin));
    }
    return out;
}

Bar bar(std::size_t series, std::optional<double> value, double low, double high,
        std::string text) {
    Bar b;
    b.series = series;
    b.value = value;
    b.low = low;
    b.high = high;
    b.value_text = text;
    b.full_text = text + " (full)";
    return b;
}

BarChart rates() {
    BarChart c;
    c.id = "rates";
    c.title = "Average annual rates, %/yr";
    c.unit = "%/yr";
    c.series = {"nonferrous_2025", "steel_2025"};
    BarGroup value_added;
    value_added.label = "value added";
    value_added.bars = {bar(0, 5, 4.5, 5.5, "5 %/yr"), bar(1, 4, 3.6, 4.4, "4 %/yr")};
    BarGroup output;
    output.label = "output";
    output.bars = {bar(0, 1.5, 1.35, 1.65, "1.5 %/yr")};
    BarGroup capacity;
    capacity.label = "capacity";
    capacity.bars = {bar(1, -2, -inf, 0, "<= -2 %/yr")};
    c.groups = {value_added, output, capacity};
    return c;
}

} // namespace

TEST_CASE("bar chart: one bar and one value label per value, an image with a text alternative",
          "[chart]") {
    const std::string svg = bar_chart_svg(rates());
    CHECK(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart bars\""));
    CHECK(svg.ends_with("</svg>\n"));
    CHECK(count(svg, "role=\"img\"") == 1);
    CHECK(count(svg, "<title id=\"rates-title\">Average annual rates, %/yr</title>") == 1);
    CHECK(count(svg, "<rect class=\"bar\"") == 4);
    CHECK(texts(svg, "value-label") ==
          std::vector<std::string>{"5 %/yr", "4 %/yr", "1.5 %/yr", "&lt;= -2 %/yr"});
    // Each bar has its own title, naming the metric, the plan and the full figure.
    CHECK(count(svg, "<title>value added — nonferrous_2025: 5 %/yr (full)</title></rect>") == 1);
    CHECK(count(svg, "<title>capacity — steel_2025: &lt;= -2 %/yr (full)</title></rect>") == 1);
    // The desc states every number.
    CHECK(svg.find("<desc id=\"rates-desc\">Average annual rates, %/yr. Bars by metric, one per "
                   "plan, with whiskers for the range the figures allow. value added: "
                   "nonferrous_2025 5 %/yr (full); steel_2025 4 %/yr (full). output: "
                   "nonferrous_2025 1.5 %/yr (full). capacity: steel_2025 &lt;= -2 %/yr "
                   "(full).</desc>") != std::string::npos);
    CHECK(texts(svg, "group-label").size() == 3);
    // A legend entry per plan, each with its own hatch.
    CHECK(count(svg, "<pattern id=\"rates-hatch") == 2);
    CHECK(count(svg, "fill=\"url(#rates-hatch1)\"") == 3); // the legend's and two bars
    // Deterministic.
    CHECK(bar_chart_svg(rates()) == svg);
}

TEST_CASE("bar chart: heights are proportional to the values, negatives below the zero line",
          "[chart]") {
    const std::string svg = bar_chart_svg(rates());
    const auto heights = attributes(svg, "<rect class=\"bar\"", "height");
    const auto tops = attributes(svg, "<rect class=\"bar\"", "y");
    REQUIRE(heights.size() == 4);
    const double per_unit = heights[0] / 5;
    CHECK(heights[1] == Approx(4 * per_unit).margin(0.15));
    CHECK(heights[2] == Approx(1.5 * per_unit).margin(0.15));
    CHECK(heights[3] == Approx(2 * per_unit).margin(0.15));
    const auto zero = attributes(svg, "<line class=\"zero\"", "y1");
    REQUIRE(zero.size() == 1);
    // Positive bars end at the zero line; the negative one starts there and lies below it.
    CHECK(tops[0] + heights[0] == Approx(zero[0]).margin(0.1));
    CHECK(tops[2] + heights[2] == Approx(zero[0]).margin(0.1));
    CHECK(tops[3] == Approx(zero[0]).margin(0.1));
    // Its label is below it, the others' above.
    const auto label_y = attributes(svg, "<text class=\"value-label\"", "y");
    CHECK(label_y[3] > tops[3] + heights[3]);
    CHECK(label_y[0] < tops[0]);
}

TEST_CASE("bar chart: a whisker spans the range, capped at finite ends, an arrow at open ones",
          "[chart]") {
    BarChart c;
    c.id = "w";
    c.title = "t";
    c.unit = "%/yr";
    c.series = {"a"};
    BarGroup g;
    g.label = "m";
    g.bars = {bar(0, 4, 2, 6, "4 %/yr")};
    c.groups = {g};
    std::string svg = bar_chart_svg(c);
    const auto top = attributes(svg, "<rect class=\"bar\"", "y")[0];
    const auto height = attributes(svg, "<rect class=\"bar\"", "height")[0];
    const double per_unit = height / 4;
    const double zero = top + height;
    const auto y1 = attributes(svg, "<line class=\"whisker\"", "y1");
    const auto y2 = attributes(svg, "<line class=\"whisker\"", "y2");
    REQUIRE(y1.size() == 1);
    CHECK(y1[0] == Approx(zero - 2 * per_unit).margin(0.15)); // low end: 2
    CHECK(y2[0] == Approx(zero - 6 * per_unit).margin(0.15)); // high end: 6
    const auto caps = attributes(svg, "<line class=\"cap\"", "y1");
    REQUIRE(caps.size() == 2);
    CHECK(caps[0] == Approx(y1[0]));
    CHECK(caps[1] == Approx(y2[0]));
    CHECK(count(svg, "class=\"open-end\"") == 0);

    // Unbounded above: one cap, and an arrow at the top of the plot.
    c.groups[0].bars = {bar(0, 4, 2, inf, "> 4 %/yr")};
    svg = bar_chart_svg(c);
    CHECK(count(svg, "<line class=\"cap\"") == 1);
    CHECK(count(svg, "class=\"open-end\"") == 1);
    // A range without a value: a whisker, no bar, and still a label.
    c.groups[0].bars = {bar(0, std::nullopt, 2, 6, "2 … 6 %/yr")};
    svg = bar_chart_svg(c);
    CHECK(count(svg, "<rect class=\"bar\"") == 0);
    CHECK(count(svg, "<g class=\"range range-only\"") == 1);
    CHECK(texts(svg, "value-label") == std::vector<std::string>{"2 … 6 %/yr"});
}

TEST_CASE("bar chart: labels, titles and names are escaped", "[chart]") {
    BarChart c;
    c.id = "e";
    c.title = "<rates> & \"more\"";
    c.unit = "%/yr";
    c.series = {"</svg><script>alert(1)</script>"};
    BarGroup g;
    g.label = "a<b & \"c\"";
    g.bars = {bar(0, 1, 1, 1, "<1 & \"2\"")};
    c.groups = {g};
    const std::string svg = bar_chart_svg(c);
    CHECK(svg.find("<script") == std::string::npos);
    CHECK(count(svg, "</svg>") == 1);
    CHECK(svg.find("&lt;/svg&gt;&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
    CHECK(svg.find("&lt;rates&gt; &amp; &quot;more&quot;") != std::string::npos);
    CHECK(svg.find(">a&lt;b &amp; &quot;c&quot;</tspan>") != std::string::npos);
    CHECK(texts(svg, "value-label") == std::vector<std::string>{"&lt;1 &amp; &quot;2&quot;"});
    CHECK(svg.find("a<b") == std::string::npos);
}

TEST_CASE("bar chart: no data gives a figure that says so", "[chart]") {
    BarChart c;
    c.id = "none";
    c.title = "Average annual rates";
    c.unit = "%/yr";
    c.series = {"a"};
    const std::string empty = bar_chart_svg(c);
    // A bar without a value or a bounded range has nothing to draw either.
    BarGroup g;
    g.label = "m";
    g.bars = {bar(0, std::nullopt, -inf, inf, "unknown")};
    c.groups = {g};
    CHECK(bar_chart_svg(c) == empty);
    CHECK(empty.starts_with("<svg "));
    CHECK(empty.ends_with("</svg>\n"));
    CHECK(count(empty, "role=\"img\"") == 1);
    CHECK(empty.find("<desc id=\"none-desc\">Average annual rates: no data to draw.</desc>") !=
          std::string::npos);
    CHECK(texts(empty, "no-data") == std::vector<std::string>{"No data to draw"});
    CHECK(count(empty, "<rect class=\"bar\"") == 0);
}

TEST_CASE("bar chart: coordinates have one decimal, never an exponent or a NaN", "[chart]") {
    const std::string svg = bar_chart_svg(rates());
    const std::regex coordinate(R"re( (?:x|y|x1|y1|x2|y2|width|height)="([^"]*)")re");
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), coordinate);
         it != std::sregex_iterator(); ++it) {
        const std::string v = (*it)[1];
        INFO(v);
        CHECK(std::regex_match(v, std::regex(R"(-?[0-9]+(\.[0-9])?)")));
    }
}

namespace {

PathChart output_path() {
    PathChart c;
    c.id = "p";
    c.title = "nonferrous_2025: output(metals), Mt";
    c.unit = "Mt";
    c.years = {{2024, 79.185, 79.195, 79.19}, {2025, 80.25, 80.5, 80.38}, {2026, 81.3, 81.8, 81.6}};
    c.year_texts = {"2024: 79.19 Mt", "2025: 80.38 Mt (80.25 … 80.5 Mt)",
                    "2026: 81.6 Mt (81.3 … 81.8 Mt)"};
    c.markers = {{MarkerKind::baseline, 2024, 79.19, "baseline 2024 = 79.19 Mt"},
                 {MarkerKind::target, 2026, 81.6, "target ten_metals: grows ~1.5 %/yr"},
                 {MarkerKind::actual, 2025, 80, "actual 2025 = 80 Mt"}};
    return c;
}

} // namespace

TEST_CASE("path chart: the range shaded, the values as written a line, each figure its shape",
          "[chart]") {
    const std::string svg = path_chart_svg(output_path());
    CHECK(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart path\""));
    CHECK(count(svg, "role=\"img\"") == 1);
    CHECK(count(svg, "<title id=\"p-title\">nonferrous_2025: output(metals), Mt</title>") == 1);
    CHECK(count(svg, "<polygon class=\"range\"") == 1);
    CHECK(count(svg, "<polyline class=\"nominal\"") == 1);
    CHECK(count(svg, "<g class=\"marker baseline\"><title>baseline 2024 = 79.19 Mt</title><rect") ==
          1);
    CHECK(count(svg, "<g class=\"marker target\"><title>target ten_metals: grows ~1.5 "
                     "%/yr</title><path") == 1);
    CHECK(count(svg, "<g class=\"marker actual\"><title>actual 2025 = 80 Mt</title><path") == 1);
    // The polygon runs along the highs, then back along the lows: 6 points.
    const auto at = svg.find("points=\"", svg.find("<polygon class=\"range\""));
    const std::string points = svg.substr(at + 8, svg.find('"', at + 8) - at - 8);
    CHECK(count(points, ",") == 6);
    // Labelled axes: each year, the unit, `year`.
    CHECK(texts(svg, "tick-label").size() >= 5);
    CHECK(svg.find(">2025</text>") != std::string::npos);
    CHECK(texts(svg, "axis-label") == std::vector<std::string>{"Mt", "year"});
    CHECK(svg.find("<desc id=\"p-desc\">nonferrous_2025: output(metals), Mt. By year, the range "
                   "the figures allow (shaded) and the value as written (line): 2024: 79.19 Mt; "
                   "2025: 80.38 Mt (80.25 … 80.5 Mt); 2026: 81.6 Mt (81.3 … 81.8 Mt). Marked: "
                   "baseline 2024 = 79.19 Mt; target ten_metals: grows ~1.5 %/yr; actual 2025 = "
                   "80 Mt.</desc>") != std::string::npos);
    CHECK(path_chart_svg(output_path()) == svg);
}

TEST_CASE("path chart: unknown years break the range, open ends reach the plot's edge", "[chart]") {
    PathChart c;
    c.id = "g";
    c.title = "green_revenue";
    c.unit = "bn CNY";
    c.years = {{2024, 277.5, 278.5, 278}, {2025, -inf, inf, std::nullopt}, {2026, 300, inf, 300}};
    const std::string svg = path_chart_svg(c);
    // Two lone years: two bands, no polygon; two dots, no line.
    CHECK(count(svg, "<rect class=\"range\"") == 2);
    CHECK(count(svg, "<polygon class=\"range\"") == 0);
    CHECK(count(svg, "<circle class=\"nominal\"") == 2);
    CHECK(count(svg, "<polyline") == 0);
    // The 2026 band is unbounded above: it starts at the top of the plot (y 40).
    CHECK(attributes(svg, "<rect class=\"range\"", "y")[1] == 40.0);
}

TEST_CASE("path chart: nothing known gives a figure that says so", "[chart]") {
    PathChart c;
    c.id = "n";
    c.title = "capacity & <more>";
    c.unit = "t";
    c.years = {{2025, -inf, inf, std::nullopt}};
    const std::string svg = path_chart_svg(c);
    CHECK(svg.find("<desc id=\"n-desc\">capacity &amp; &lt;more&gt;: no data to draw.</desc>") !=
          std::string::npos);
    CHECK(texts(svg, "no-data") == std::vector<std::string>{"No data to draw"});
    CHECK(svg.ends_with("</svg>\n"));
}
