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

/// A number in `unit`, with the range [low, high] that the figures allow at their written
/// precision (low == high == value for a constant). All three are expressed in `unit`:
/// 3.45 %/yr is {3.448…, 2.8…, 4.09…, "%/yr"}, 79.19 Mt is {79.19, …, "Mt"}.
struct Number {
    double value = 0;
    double low = 0;
    double high = 0;
    std::string unit;  // "" for a plain number
    int decimals = -1; // >= 0: show exactly this many decimals (set by `round`)
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

/// Readable text of a value with `digits` significant digits: "3.45 %/yr", "true",
/// "nonferrous_2025", "copper, aluminum", "unknown: …".
INGOT_API std::string to_text(const Value& value, int digits = 3);
/// Like to_text, and for a number with a range, the range too: "3.45 %/yr (range 2.8 … 4.09
/// %/yr)"; with enough digits that the two ends of a narrow range read differently.
INGOT_API std::string to_text_with_range(const Value& value, int digits = 3);

} // namespace ingot
