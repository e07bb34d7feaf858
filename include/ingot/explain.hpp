// Explanations as the public API hands them out: what a plan's figures imply for one metric, and
// each step of how it follows, as plain values (copy them, keep them, render them later).
//
// An Explanation is the data `ingot explain` prints: the series explained, a table of its level
// and growth in each year, the change over the period, the figures involved (numbered, with their
// citations) and the steps that derive each value from the figures. Numbers are numbers here;
// render_text formats them, so a JSON exporter or an editor hover shows the same values the
// terminal does.
//
// Representation of values: levels are in the series' display unit (79.19 for 79.19 Mt); growth
// and change are fractions (0.0345 for 3.45 %/yr, 0.0702 for a change of 7.02 %).
#pragma once

#include "ingot/diagnostic.hpp"
#include "ingot/export.hpp"
#include "ingot/value.hpp"

#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace ingot {

/// One end of a range. An end that says nothing is at ±infinity (then `open` is meaningless).
struct ExplainBound {
    double value = 0;
    bool open = false; // the end itself is excluded: `> 20 Mt`

    bool operator==(const ExplainBound&) const = default;
};

/// What is known of one value: as written (nominal) and the range all figures allow at their
/// written precision. Unknown: no nominal and both ends infinite. An empty range (lo above hi,
/// or equal with an open end) means the figures leave no possible value.
struct ExplainValue {
    enum class Kind { level, growth, change, points }; // points: a share's change in pp
    Kind kind = Kind::level;
    std::optional<double> nominal;    // what the figures as written give: exactly this, or a bound
    Reading reading = Reading::point; // how `nominal` reads: `above` for `> 300 bn CNY`
    ExplainBound lo{-std::numeric_limits<double>::infinity(), false};
    ExplainBound hi{std::numeric_limits<double>::infinity(), false};
    std::string unit; // how it is shown: the display unit (`Mt`), `%/yr` or `%`

    bool operator==(const ExplainValue&) const = default;
};

/// One row of the table. A value the plan says nothing about is unknown (see ExplainValue).
struct ExplainYear {
    int year = 0;
    bool base = false;   // the plan's base year
    ExplainValue level;  // at the end of the year
    ExplainValue growth; // from the year before
};

/// The change over the whole period (base year to last year), and the average yearly growth
/// it amounts to, (1 + change)^(1/years) − 1, when anything is known of it. For a share (a
/// series in %) `change` is in percentage points (Kind::points) and `relative` is the relative
/// change beside it.
struct ExplainPeriod {
    int from_year = 0;
    int to_year = 0;
    ExplainValue change;
    std::optional<ExplainValue> average;
    std::optional<ExplainValue> relative; // a share's relative change, when anything is known
};

/// A citation of a figure: the source it names, the words quoted from it, and what the plan's
/// `source` statement says of that source (absent when the plan declares no such source).
struct ExplainCitation {
    std::string source;               // `ILK`
    std::optional<std::string> quote; // `年均增长5%左右`, unescaped
    std::optional<std::string> url;
    std::optional<std::string> description;
};

/// A statement of the plan or an identity the steps rely on. Figures are numbered by their
/// position in Explanation::figures (shown as [1], [2], …), in file order.
struct ExplainFigure {
    enum class Kind { baseline, target, identity };
    Kind kind = Kind::target;
    std::string summary; // `target iva: value_added grows ~5 %/yr`
    Span span;
    std::vector<ExplainCitation> citations; // empty for identities
};

/// A piece of the arithmetic of a step: literal text (an operator, `1`, a number written in an
/// identity such as `2 tce/t`), or an operand value. An operand carries the value it stands for
/// (`quantity`) so that it is shown with the same precision as that value elsewhere.
struct ExplainTerm {
    std::string text;                     // literal; empty for an operand
    std::optional<ExplainValue> quantity; // an operand: what is known of it
    double value = 0;                     // an operand: the number used, as in ExplainValue

    bool operator==(const ExplainTerm&) const = default;
};

/// How one side (as written, lower or upper end) of a value follows.
struct ExplainDerivation {
    enum class Side { as_written, lower, upper };
    enum class Kind {
        figure,   // read from figures at their precision
        relation, // arithmetic on other values, by an identity (figures) or by definition
        opaque,   // through intermediate values the steps do not show; no arithmetic
    };
    Side side = Side::as_written;
    Kind kind = Kind::figure;
    double value = 0;    // the result, as in ExplainValue
    std::string formula; // relation, opaque: `(1 + growth(value_added)) / (1 + growth(output)) − 1`
    std::vector<ExplainTerm> arithmetic; // relation: the formula with the numbers put in
    std::vector<std::size_t> figures;    // indices into Explanation::figures

    bool operator==(const ExplainDerivation&) const = default;
};

/// One value derived: its name in the arithmetic and how each of its sides follows.
/// Steps form a graph: `steps` are the indices of earlier steps whose values this one uses.
struct ExplainStep {
    std::string name; // `growth(unit_value)`, `level(recycled_output, 2026)`
    ExplainValue value;
    std::vector<ExplainDerivation> derivations; // at least one
    std::vector<std::size_t> figures;           // union of the derivations' figures, ascending
    std::vector<std::size_t> steps;             // indices into Explanation::steps, each < own
};

/// One fact explained and the steps behind it, inputs first. Each year's growth section has all
/// of its steps (so that years can be compared); the change and level sections leave out what a
/// section before them derived, and have no steps when their value itself was derived before.
struct ExplainSection {
    enum class Kind { growth, change, level };
    Kind kind = Kind::growth;
    int from_year = 0; // change: the base year; otherwise equal to `year`
    int year = 0;
    ExplainValue value;
    std::vector<std::size_t> steps; // indices into Explanation::steps
};

struct Explanation {
    std::string plan;                 // `nonferrous_2025`
    std::string series;               // `unit_value`, `output(metals)`
    std::optional<std::string> label; // the metric's label
    std::string unit;                 // the display unit of levels; empty when dimensionless
    std::optional<int> year;          // the one year asked for, if any
    bool consistent = true;           // false: the figures contradict each other
    bool nominal_consistent = true; // false: as written they disagree (within rounding they agree)
    std::vector<ExplainYear> years; // the table, in year order
    std::optional<ExplainPeriod> period;
    std::vector<ExplainFigure> figures;
    std::vector<ExplainStep> steps;
    std::vector<ExplainSection> sections; // growth per year, then change, then level
};

struct ExplainRenderOptions {
    /// Numbers are shown with at least this many significant digits, and with more where fewer
    /// would blur a range (19.145 … 19.155 Mt rather than 19.1 … 19.2 Mt). Clamped to 1 … 15.
    int digits = 3;
};

/// One value as every command prints it (docs/language.md, "How figures are printed"): the
/// figure, then its range in parentheses, `3.45 %/yr (2.8 … 4.09 %/yr)`, `> 3.88 %/yr (> 3.79
/// %/yr)`, a value outside its range marked `*`, `unknown`; at least `digits` significant
/// digits (clamped to 1 … 15), more where the range needs them.
INGOT_API std::string to_text(const ExplainValue& value, int digits = 3);

/// The explanation as `ingot explain` prints it: ends with a newline. Consecutive years whose
/// growth and steps read alike are shown as one section.
INGOT_API std::string render_text(const Explanation& explanation,
                                  const ExplainRenderOptions& options = {});

} // namespace ingot
