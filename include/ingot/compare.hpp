// Comparing plans side by side: the data of `ingot compare` and `ingot report`, and its writers.
//
// compare() turns one Analysis into a Comparison: one column per plan (chosen by series, name
// globs), one row per metric, aligned across plans by name and `aka` (a plan that writes
// `output(metals)` and one that writes `output(crude_steel)` both land in the row of `output`).
// A cell holds the plan's targets on that metric as written, with their citations, and what the
// engine derives: the implied average annual rate and the level at the end of the plan's period,
// in the row's common unit (Mt with Mt, CNY scaled alike). A cell is absent where the plan says
// nothing about the metric. The writers are pure functions of a Comparison: the same comparison
// gives byte-identical output.
#pragma once

#include "ingot/export.hpp"
#include "ingot/model.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ingot {

class Analysis;

/// A target on the row's metric, as its plan writes it.
struct ComparedTarget {
    std::string name;                // `ten_metals`
    std::string series;              // as written: `output(metals)`
    std::string text;                // the clauses as written: "grows ~1.5 %/yr"
    std::vector<Citation> citations; // with their quotes
    Span span;
};

/// One plan's figures on one metric.
struct CompareCell {
    std::vector<ComparedTarget> targets; // may be empty when only a baseline or a rule derives it
    std::string series;                  // the series the derived values are of
    /// The average annual rate the plan's figures imply over its period, in %/yr (for a share,
    /// the change in pp per year is in `points`); nullopt when nothing implies one.
    std::optional<Range> annual_rate;
    /// A share's change over the period, in pp, when the plan's figures imply one.
    std::optional<Range> points;
    /// The level in the plan's last year, in CompareRow::unit; nullopt without a level.
    std::optional<Range> end_level;
    std::optional<int> end_year;
};

/// One row: a metric, and each plan's cell (parallel to Comparison::plans; nullopt where the plan
/// is silent on it).
struct CompareRow {
    std::string metric; // the metric's declared name
    std::string label;  // its label, or the name
    std::string unit;   // the common unit of end levels in this row ("" if none)
    std::vector<std::optional<CompareCell>> cells;
};

/// One column.
struct ComparedPlan {
    std::string name;
    std::string title;
    std::string path;
    std::string series;
    std::string sector;
    std::optional<int> first_year;
    std::optional<int> last_year;
    std::vector<std::string> silent_on; // what the plan says it is silent on, as written
};

struct Comparison {
    std::vector<ComparedPlan> plans;
    std::vector<CompareRow> rows;
};

/// Which plans and metrics to compare. Empty lists choose everything. Globs use `*` and `?`.
struct CompareOptions {
    std::vector<std::string> series;  // plans whose `series` matches one of these globs
    std::vector<std::string> plans;   // plans whose name matches one of these globs
    std::vector<std::string> metrics; // rows whose metric (or an `aka` name) matches these globs
    /// Only plans declared in these files (a run that reads its project for context compares
    /// only the files it was given); empty: every plan of the analysis.
    std::vector<std::string> files;
};

/// The comparison of the plans of `analysis` that `options` choose, in the order the plans were
/// loaded; rows in the order of the metrics' first use.
INGOT_API Comparison compare(const Analysis& analysis, const CompareOptions& options = {});

enum class CompareFormat { text, markdown, csv, json, html };

INGOT_API std::string_view to_string(CompareFormat format);
INGOT_API std::optional<CompareFormat> parse_compare_format(std::string_view name);

struct CompareWriteOptions {
    bool transpose = false; // one row per plan, one column per metric
    /// text: the width to fit the table to, in terminal columns (cells wrap; 0: no limit).
    std::size_t width = 0;
    bool color = false; // text: ANSI colours
    /// html: a fragment (the <table> alone, for embedding in a page) instead of a whole document.
    bool fragment = false;
    /// Significant digits of the derived figures, at least (format_figure's policy: more where a
    /// range needs them). Clamped to 1 … 15.
    int digits = 3;
};

/// One derived value of a cell as every command prints a figure (docs/language.md, "How figures
/// are printed"): `1.5 %/yr (1.35 … 1.65 %/yr)`, `> 300 bn CNY`, `unknown`. `change`: positive
/// numbers carry `+` (a share's change in pp).
INGOT_API std::string to_text(const Range& value, std::string_view unit, bool change = false,
                              int digits = 3);

/// The lines of one cell as the text, markdown and csv formats show them: each target as written
/// with its source ids (`grows ~1.5 %/yr [ILK]`; prefixed with its series when that is not the
/// row's metric: `output(metals) grows …`), then `avg RATE` (the implied average annual rate),
/// `change POINTS` (a share's change over the period) and `YEAR: LEVEL` (the end level), each
/// when known.
INGOT_API std::vector<std::string> cell_lines(const CompareRow& row, const CompareCell& cell,
                                              int digits = 3);

/// `comparison` in `format`. Deterministic.
INGOT_API std::string write_comparison(CompareFormat format, const Comparison& comparison,
                                       const CompareWriteOptions& options = {});

} // namespace ingot
