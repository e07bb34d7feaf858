// runtime/figure: the one formatting of figures (docs/language.md, "How figures are printed").
#include "runtime/figure.hpp"

#include <catch2/catch.hpp>

#include <limits>

using namespace ingot::runtime;

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

DisplayFigure figure(double value, double lo, double hi, std::string unit,
                     Reading reading = Reading::point) {
    DisplayFigure f;
    f.value = value;
    f.reading = reading;
    f.lo = {lo, false};
    f.hi = {hi, false};
    f.unit = std::move(unit);
    return f;
}

} // namespace

TEST_CASE("figures: the value, then the range in parentheses, 3 significant digits", "[figure]") {
    CHECK(format_figure(figure(3.4482, 2.804, 4.095, "%/yr")).full() ==
          "3.45 %/yr (2.8 … 4.09 %/yr)");
    // A range that says no more than the value is left out; one that says nothing is unknown.
    CHECK(format_figure(figure(278, 278, 278, "bn CNY")).full() == "278 bn CNY");
    CHECK(format_figure(figure(0, -inf, inf, "Mt", Reading::none)).full() == "unknown");
    // More digits where the range needs them, for the ends and the value alike.
    CHECK(format_figure(figure(19.15, 19.1479, 19.155, "Mt")).full() ==
          "19.15 Mt (19.148 … 19.155 Mt)");
    CHECK(format_figure(figure(3.4482, 2.804, 4.095, "%/yr"), 4).full() ==
          "3.448 %/yr (2.804 … 4.095 %/yr)");
}

TEST_CASE("figures: a bound as written keeps its comparator, and open ends theirs", "[figure]") {
    DisplayFigure f = figure(3.8827, 3.7889, inf, "%/yr", Reading::above);
    f.lo.open = true;
    CHECK(format_figure(f).full() == "> 3.88 %/yr (> 3.79 %/yr)");
    f.lo.open = false;
    CHECK(format_figure(f).full() == "> 3.88 %/yr (>= 3.79 %/yr)");
    // Only a range: the figures as written give no value.
    DisplayFigure range = figure(0, 9.27, inf, "tn CNY", Reading::none);
    range.lo.open = true;
    CHECK(format_figure(range).full() == "> 9.27 tn CNY");
}

TEST_CASE("figures: never two equal ends, and a value outside its range is marked", "[figure]") {
    // Ends a whole range apart at 3 digits get the digits that tell them apart.
    CHECK(format_figure(figure(-89.849, -89.8501, -89.8479, "%/yr")).full() ==
          "-89.849 %/yr (-89.85 … -89.848 %/yr)");
    // Ends that no number of digits tells apart are one number.
    CHECK(format_figure(figure(5, 5, 5 + 1e-13, "%", Reading::none)).full() == "5 %");
    // As written outside the range: marked, with the digits that show it is outside.
    DisplayFigure recycled = figure(19.9926, 20, 20.0074, "Mt");
    recycled.lo.open = true;
    const FigureText text = format_figure(recycled);
    CHECK(text.full() == "19.993 Mt* (20 … 20.007 Mt)");
    CHECK(text.marked);
    CHECK(outside_range(recycled));
    // At an open end is outside too; at a closed one is not.
    CHECK(outside_range(figure(20, 20, inf, "Mt")) == false);
    DisplayFigure at_open = figure(20, 20, inf, "Mt");
    at_open.lo.open = true;
    CHECK(outside_range(at_open));
}

TEST_CASE("figures: changes carry their sign", "[figure]") {
    DisplayFigure pp = figure(5, 4, 6, "pp");
    pp.signed_ = true;
    CHECK(format_figure(pp).full() == "+5 pp (+4 … +6 pp)");
    DisplayFigure down = figure(-2, -2.5, -1.5, "pp");
    down.signed_ = true;
    CHECK(format_figure(down).full() == "-2 pp (-2.5 … -1.5 pp)");
    DisplayFigure bound = figure(7.91, 7.72, inf, "%", Reading::above);
    bound.signed_ = true;
    bound.lo.open = true;
    CHECK(format_figure(bound).full() == "> 7.91 % (> 7.72 %)");
}
