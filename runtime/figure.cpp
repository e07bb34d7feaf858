#include "runtime/figure.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fmt/format.h>
#include <vector>

namespace ingot::runtime {

namespace {

bool finite(double x) {
    return std::isfinite(x);
}

bool has_value(const DisplayFigure& f) {
    return f.reading != Reading::none && finite(f.value);
}

bool empty_range(const DisplayFigure& f) {
    return f.lo.value > f.hi.value || (f.lo.value == f.hi.value && (f.lo.open || f.hi.open));
}

/// Two numbers that differ only by the rounding of the arithmetic that computed them.
bool same_number(double x, double y) {
    return std::abs(x - y) <= 1e-12 * std::max(1.0, std::max(std::abs(x), std::abs(y)));
}

/// `x` with `digits` significant digits, without a unit, and read back.
double shown(double x, int digits) {
    const std::string text = format_value(x, Unit{}, digits);
    return std::strtod(text.c_str(), nullptr);
}

std::string comparator(Reading r) {
    switch (r) {
    case Reading::above:
        return ">";
    case Reading::at_least:
        return ">=";
    case Reading::below:
        return "<";
    case Reading::at_most:
        return "<=";
    case Reading::point:
    case Reading::none:
        break;
    }
    return "";
}

/// A number of `f` as shown, with a `+` on positive changes when `sign`, and the unit.
std::string number_text(const DisplayFigure& f, double x, int digits, bool sign, bool unit) {
    std::string text = format_value(x, Unit{}, digits);
    if (sign && f.signed_ && x > 0 && text != "0") {
        text = "+" + text;
    }
    if (unit && !f.unit.empty()) {
        text += " " + f.unit;
    }
    return text;
}

/// The range as shown: `2.8 … 4.09 %/yr`, `> 3.79 %/yr`, `no possible value`; empty when
/// nothing is known.
std::string range_text(const DisplayFigure& f, int digits) {
    if (empty_range(f)) {
        return "no possible value";
    }
    const bool below = finite(f.lo.value);
    const bool above = finite(f.hi.value);
    if (!below && !above) {
        return "";
    }
    if (!above) {
        return fmt::format("{} {}",
                           f.lo.open ? ">" : ">=", number_text(f, f.lo.value, digits, false, true));
    }
    if (!below) {
        return fmt::format("{} {}",
                           f.hi.open ? "<" : "<=", number_text(f, f.hi.value, digits, false, true));
    }
    const std::string lo = number_text(f, f.lo.value, digits, true, false);
    const std::string hi = number_text(f, f.hi.value, digits, true, false);
    if (lo == hi) { // a point, or ends too close to tell apart: one number
        return number_text(f, f.hi.value, digits, true, true);
    }
    return f.unit.empty() ? fmt::format("{} \u2026 {}", lo, hi)
                          : fmt::format("{} \u2026 {} {}", lo, hi, f.unit);
}

} // namespace

bool outside_range(const DisplayFigure& f) {
    if (f.reading != Reading::point || !finite(f.value) || empty_range(f)) {
        return false;
    }
    const double x = f.value;
    if (finite(f.lo.value) && (same_number(x, f.lo.value) ? f.lo.open : x < f.lo.value)) {
        return true;
    }
    return finite(f.hi.value) && (same_number(x, f.hi.value) ? f.hi.open : x > f.hi.value);
}

int figure_digits(const DisplayFigure& f, int digits) {
    const int base = std::clamp(digits, 1, 15);
    const bool outside = outside_range(f);
    if (empty_range(f)) {
        return base;
    }
    std::vector<double> numbers;
    for (const double x : {f.lo.value, f.hi.value}) {
        if (finite(x)) {
            numbers.push_back(x);
        }
    }
    const bool width = numbers.size() == 2 && f.hi.value > f.lo.value;
    if (!width && !outside) {
        return base;
    }
    if (has_value(f)) {
        numbers.push_back(f.value);
    }
    const double tolerance = width ? (f.hi.value - f.lo.value) / 10 : 0;
    // The end a value outside the range is nearest to: the value must not read like it.
    const double nearest = finite(f.lo.value) && f.value <= f.lo.value ? f.lo.value : f.hi.value;
    const int most = std::min(base + 6, 15);
    for (int d = base; d < most; ++d) {
        const bool close = !width || std::all_of(numbers.begin(), numbers.end(), [&](double x) {
            return std::abs(shown(x, d) - x) <= tolerance;
        });
        const bool apart =
            !outside || format_value(f.value, Unit{}, d) != format_value(nearest, Unit{}, d);
        if (close && apart) {
            return d;
        }
    }
    return most;
}

std::string figure_number(const DisplayFigure& f, double x, int digits) {
    return number_text(f, x, digits, true, true);
}

FigureText format_figure(const DisplayFigure& f, int digits) {
    const int d = figure_digits(f, digits);
    FigureText out;
    const std::string range = range_text(f, d);
    if (!has_value(f)) {
        out.value = range.empty() ? "unknown" : range;
        return out;
    }
    const std::string cmp = comparator(f.reading);
    out.value = cmp.empty() ? number_text(f, f.value, d, true, true)
                            : fmt::format("{} {}", cmp, number_text(f, f.value, d, false, true));
    if (range != out.value) {
        out.range = range;
    }
    if (outside_range(f)) {
        out.value += outside_mark;
        out.marked = true;
    }
    return out;
}

} // namespace ingot::runtime
