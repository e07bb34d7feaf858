// Values of rule expressions, and their text.
//
// Input: what the evaluator computes (runtime/rule_eval.hpp). Result: the Value variant, and
// to_text / to_text_with_range, which render a value for rule messages and `ingot eval`.
//
// Two error channels (as in CEL): a mistake in the rule is a diagnostic from the checker; a
// figure the plan lacks at evaluation time is the value Unknown, which makes a rule not apply.
#pragma once

#include "runtime/derive.hpp"
#include "runtime/figure.hpp"
#include "runtime/units.hpp"

#include <string>
#include <variant>
#include <vector>

namespace ingot::runtime {

/// A number with a unit. From a derivation it also has a range; for constants lo == hi == value.
/// All three are in base units (fractions for %, %/yr and pp). `value` is what comparisons use;
/// `reading` says how it is shown (runtime/figure.hpp): the figures as written give it exactly,
/// only bound it (`> 3.88 %/yr`), or give nothing (then only the range is shown).
struct Measure {
    double value = 0;
    double lo = 0;
    double hi = 0;
    Unit unit;
    int decimals = -1; // set by round(): show exactly this many decimals
    Reading reading = Reading::point;
    bool lo_open = false; // the ends themselves are excluded
    bool hi_open = false;
    bool change = false; // a change over years: positive values are shown with `+`
};

/// How `m` is shown: its numbers in its unit.
DisplayFigure figure_of(const Measure& m);

struct PlanRef {
    const Plan* plan = nullptr;
    const Derivation* derivation = nullptr; // never null when plan is not
};

struct PlanSet {
    std::vector<PlanRef> plans;
};

/// No value: the plan lacks the figures the expression needs. `why` says which.
struct Unknown {
    std::string why;
};

/// Names, such as the items of a scope: `lithium, cobalt`.
struct Names {
    std::vector<std::string> items;
};

using Value = std::variant<Unknown, Measure, bool, std::string, PlanRef, PlanSet, Names>;

/// Readable text of a value: "3.45 %/yr", "true", "nonferrous_2025", "3 plans". A measure is
/// its figure's value as format_figure shows it (`> 3.88 %/yr`; the range when it has no value).
std::string to_text(const Value& v, int digits = 3);
/// Like to_text, and for a measure with a range, the range too: "3.45 %/yr (2.8 … 4.09 %/yr)",
/// the figure as every command prints it (format_figure).
std::string to_text_with_range(const Value& v, int digits = 3);

} // namespace ingot::runtime
