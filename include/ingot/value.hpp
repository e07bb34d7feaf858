// Values of rule expressions, as `Analysis::eval` returns them.
//
// A closed variant, like CEL's: a number with its unit and the range all figures allow, a truth
// value, a string, a list of names (plans, scope items), or Unknown — the plan lacks the figures
// the expression needs, which is an answer, not an error.
#pragma once

#include "ingot/export.hpp"

#include <string>
#include <variant>
#include <vector>

namespace ingot {

/// How a derived value reads: what the figures as written give is the number itself, only a
/// bound on it (`> 300 bn CNY` over 278 bn CNY: growth above 3.88 %/yr), or nothing (then only
/// the range is shown). See docs/language.md, "How figures are printed".
enum class Reading { point, above, at_least, below, at_most, none };

/// A number in `unit`, with the range [low, high] that the figures allow at their written
/// precision (low == high == value for a constant). All three are expressed in `unit`:
/// 3.45 %/yr is {3.448…, 2.8…, 4.09…, "%/yr"}, 79.19 Mt is {79.19, …, "Mt"}. Full precision:
/// to_text rounds.
struct Number {
    double value = 0; // what comparisons use
    double low = 0;   // ±infinity: that side is unknown
    double high = 0;
    std::string unit;                 // "" for a plain number
    int decimals = -1;                // >= 0: show exactly this many decimals (set by `round`)
    Reading reading = Reading::point; // how `value` reads
    bool low_open = false;            // the ends themselves are excluded
    bool high_open = false;
    bool change = false; // a change over years (`change()`): shown with its sign, `+5 pp`
};

/// No value: `why` says which figure is missing.
struct Unknown {
    std::string why;
};

/// Names: the plans of a series, the items of a scope.
struct List {
    std::vector<std::string> items;
};

using Value = std::variant<Unknown, Number, bool, std::string, List>;

/// Readable text of a value with `digits` significant digits: "3.45 %/yr", "> 3.88 %/yr",
/// "true", "nonferrous_2025", "copper, aluminum", "unknown: …".
INGOT_API std::string to_text(const Value& value, int digits = 3);
/// Like to_text, and for a number with a range, the range too: "3.45 %/yr (2.8 … 4.09 %/yr)",
/// as every command prints a figure (docs/language.md, "How figures are printed").
INGOT_API std::string to_text_with_range(const Value& value, int digits = 3);
/// Whether `value` is a number whose value lies outside its range: as written, the figures give
/// a value that all figures at their precision rule out (they agree only within their
/// rounding). to_text marks such a value with `*`.
INGOT_API bool outside_range(const Value& value);

} // namespace ingot
