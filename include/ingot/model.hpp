// The plan model and what derivation found, as plain values.
//
// These are copies, not views: an Analysis builds them once, and a host may keep them after the
// Analysis is gone. Figures keep both their text as written ("~5 %/yr") and their numbers.
#pragma once

#include "ingot/diagnostic.hpp"
#include "ingot/value.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace ingot {

/// `[ILK: "年均增长5%左右"]`: the source id, the quoted words, and where the citation is written.
struct Citation {
    std::string source;
    std::optional<std::string> quote;
    Span span;
};

/// `source ILK "http://…" ["description"]`
struct Source {
    std::string id;
    std::string url;
    std::optional<std::string> description;
    Span span;
};

/// `scope metals of 10 { copper, aluminum, lithium }`
struct Scope {
    std::string name;
    std::optional<double> declared_size; // `of N`
    std::vector<std::string> items;
    std::vector<Citation> citations;
    Span span;
};

/// A figure as written: a comparator, a number or a range, and a unit.
struct Figure {
    std::string text;       // as written, normalised: "~5 %/yr", "> 20 Mt", "4..5 %/yr"
    std::string comparator; // ">", ">=", "<", "<=", "=", "~", or "" (as written)
    double low = 0;         // in `unit`
    double high = 0;        // in `unit`; == low unless a range
    std::string unit;       // "%/yr", "Mt"
};

/// One clause of a target: `grows ~5 %/yr`, `reaches > 20 Mt by 2026`, `grows > 5.5 % in 2024`,
/// `peaks by 2030`.
struct Clause {
    std::string verb;        // grows, rises, falls, reaches, stays, peaks
    Figure figure;           // empty for `peaks`, which has no figure
    std::optional<int> by;   // `by YEAR`
    std::optional<int> from; // `from YEAR`: the year a change runs from
    std::optional<int> in;   // `in YEAR`: the one year whose growth the clause sets
    Span span;
};

/// `target NAME: METRIC CLAUSE [, CLAUSE]`
struct Target {
    std::string name;
    std::string focus;  // "" for a target directly in the plan
    std::string metric; // the metric as declared (an `aka` name resolves to it); "" if unknown
    std::string series; // as written: `output(metals)`
    std::vector<Clause> clauses;
    std::vector<Citation> citations;
    Span span;
};

/// `baseline METRIC YEAR = QUANTITY` or `baseline METRIC growth YEAR = RATE`; also an `actual`,
/// which has the same parts.
struct Baseline {
    std::string metric; // "" if unknown
    std::string series;
    bool is_growth = false;
    int year = 0;
    Figure figure;
    std::vector<Citation> citations;
    Span span;
};

/// `focus NAME "label" { … }`
struct Focus {
    std::string name;
    std::string label;
    std::vector<std::string> targets; // names, in order
    std::vector<std::string> initiatives;
    std::vector<std::string> drivers;
    std::vector<std::string> serves;
    std::vector<std::string> notes;
    Span span;
};

struct Plan {
    std::string name;
    std::string path; // the file it is declared in
    std::string title;
    std::string original;
    std::string document;
    std::vector<std::string> issuers;
    std::string signed_on;         // YYYY-MM-DD or ""
    std::string published;         // YYYY-MM-DD or ""
    std::optional<int> first_year; // the period
    std::optional<int> last_year;
    std::optional<int> base_year; // `base YEAR`, when the plan sets one
    std::string series;
    std::string sector;
    std::vector<Source> sources;
    std::vector<Scope> scopes;
    std::vector<Focus> focuses;
    std::vector<Target> targets; // every target, in or out of a focus
    std::vector<Baseline> baselines;
    std::vector<Baseline> actuals; // `actual` statements: observed figures
    std::vector<std::string> silent_on;
    Span span;
};

/// A metric as declared: `metric recycled_output "…" unit t aka secondary_output`.
struct Metric {
    std::string name;
    std::string label;
    std::string unit;
    std::vector<std::string> aka;
    Span span; // empty path for the prelude's and the host's metrics
};

// ---- derivation ---------------------------------------------------------------------------

/// One end of a derived interval. `step` indexes Derivation::steps: how this end was found.
struct Bound {
    double value = 0; // in the unit of the range; ±infinity when unbounded
    bool open = false;
    std::optional<std::size_t> step;
};

/// What the figures imply for one quantity: the range all figures allow at their written
/// precision, and the nominal value the figures as written give (when they give one).
struct Range {
    Bound low;
    Bound high;
    std::optional<double> nominal;
    /// How `nominal` reads: the number itself (`point`), only a bound on it (`above` for the
    /// 300 of `> 300 bn CNY`), or a mere midpoint of what is known (`none`). Meaningless without
    /// a nominal.
    Reading reading = Reading::point;
};

/// A node of the provenance graph. A `figure` step is a baseline, target or identity as written
/// (no inputs); a `derived` step is one bound of one variable, computed by `how` from its inputs.
struct Step {
    enum class Kind { figure, derived };
    Kind kind = Kind::figure;
    std::string text; // figure: "target iva: value_added grows ~5 %/yr"; derived: the arithmetic
    std::vector<std::size_t> inputs; // indices of earlier steps
    std::vector<Citation> citations; // figure steps only
    Span span;                       // figure steps only
};

struct DerivedYear {
    int year = 0;
    Range level;                 // in DerivedSeries::unit
    std::optional<Range> growth; // in %/yr; none for the first year
};

/// One series of a plan: a metric, optionally within a scope (`output(metals)`).
struct DerivedSeries {
    std::string series;
    std::string metric;
    std::string unit; // the display unit of levels
    std::vector<DerivedYear> years;
    std::optional<Range> cumulative; // change over the period, in %
    std::optional<Range> points; // a share's change over the period in pp, when a target sets it
};

struct Derivation {
    std::string plan;
    int base_year = 0; // the year changes run from: `base YEAR`, else the year before the period
    int last_year = 0;
    bool consistent = true; // false when a contradiction was found
    std::vector<DerivedSeries> series;
    std::vector<Step> steps;
};

} // namespace ingot
