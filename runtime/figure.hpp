// Figures as every command prints them.
//
// A derived quantity is printed the same way by `ingot check` (every finding that shows a derived
// figure), `ingot explain`, `ingot eval` and rule messages: one value, one range, one rounding
// policy (docs/language.md, "How figures are printed"). This is that one formatting function;
// the values come from one derivation (runtime/derived.hpp).
//
// - The value is what the figures as written give: a number (`3.45 %/yr`), or a bound when the
//   figures as written only bound it (`> 3.88 %/yr`, from `> 300 bn CNY` over 278 bn CNY).
// - The range, in parentheses, is what all figures allow at their written precision
//   (`> 3.79 %/yr`, from 278 bn CNY read as 277.5 … 278.5).
// - Numbers have `digits` significant digits (default 3), and more only where the range needs
//   them: until every number shown is within a tenth of the range's width of its true value, so
//   the ends read differently and the value sits where it really is.
// - A value outside its range (the figures agree only within their rounding) is marked `*`.
// - A range whose ends would read alike, or that says no more than the value, is left out.
#pragma once

#include "runtime/units.hpp"

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

namespace ingot::runtime {

/// How a figure's value reads: the figures as written give the number itself, only a bound on
/// it, or nothing (then the value is not shown: only the range is).
enum class Reading : std::uint8_t { point, above, at_least, below, at_most, none };

/// One end of a figure's range; ±infinity: that side is unknown.
struct FigureEnd {
    double value = 0;
    bool open = false; // the end itself is excluded (`> 20 Mt`)
};

/// One quantity as it is shown, its numbers in the unit shown (79.19 for Mt, 3.45 for %/yr).
struct DisplayFigure {
    double value = 0; // meaningful unless reading is none
    Reading reading = Reading::point;
    FigureEnd lo{-std::numeric_limits<double>::infinity(), false};
    FigureEnd hi{std::numeric_limits<double>::infinity(), false};
    std::string unit;     // `Mt`, `%/yr`, `pp`; empty for a plain number
    bool signed_ = false; // a change: positive numbers carry `+` (`+5 pp`)
};

/// The text of a figure.
struct FigureText {
    std::string value;   // `3.45 %/yr`, `> 3.88 %/yr`, `2.176 %/yr*`; the range when there is no
                         // value; `unknown`
    std::string range;   // `2.8 … 4.09 %/yr`; empty when it adds nothing
    bool marked = false; // the value lies outside its range: `value` ends with outside_mark

    /// `3.45 %/yr (2.8 … 4.09 %/yr)`: the value, then the range in parentheses.
    std::string full() const { return range.empty() ? value : value + " (" + range + ")"; }
};

/// What marks a value outside its range, and the footnote that says what it means.
inline constexpr std::string_view outside_mark = "*";
inline constexpr std::string_view outside_footnote =
    "* as written, the figures give a value outside the range: they agree only within their "
    "rounding";

/// Formats `f` with at least `digits` significant digits (clamped to 1 … 15); see the top of
/// this file for the policy.
FigureText format_figure(const DisplayFigure& f, int digits = 3);

/// The significant digits format_figure uses for `f`.
int figure_digits(const DisplayFigure& f, int digits);

/// One number of `f` (its value or an end) as format_figure shows it with `digits` digits, with
/// the unit: `79.19 Mt`, `+5 pp`.
std::string figure_number(const DisplayFigure& f, double x, int digits);

/// Whether the value of `f` lies outside its range (an empty range has no inside).
bool outside_range(const DisplayFigure& f);

} // namespace ingot::runtime
