// Every figure of the plans in tidy long form: the data of `ingot export`, for pandas and
// spreadsheets.
//
// One row per figure: each baseline, each clause of each target, each actual, and with
// `derived`, each level and each year's growth the derivation knows (in the units every command
// shows them in, with the text format_figure gives). The plans are chosen as compare() chooses
// them (CompareOptions: series, plan and metric globs, and the files given). Rows keep the order
// of the plans, then baselines, targets, actuals and derived values, each in statement (or
// series and year) order.
#pragma once

#include "ingot/compare.hpp"
#include "ingot/export.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ingot {

class Analysis;

/// One figure.
struct FigureRow {
    std::string plan;
    std::string metric;      // the metric's declared name ("" when unknown)
    std::string series;      // as written: `output(metals)`; derived: the series
    std::optional<int> year; // baselines, actuals, derived: the year; targets: `in`, else `by`
    std::string kind;        // "baseline", "target", "actual", "derived"
    std::string quantity;    // "level", "growth" (a yearly rate), "change" (over years), "peak"
    std::string name;        // a target's name; "" otherwise
    /// The numbers, in `unit`: as written for a figure (`> 20 Mt`: low 20, nominal 20, no high;
    /// `4..5 %/yr`: low 4, high 5, no nominal), what the derivation gives for a derived value
    /// (the range every command shows; nominal only when the figures as written give the
    /// number itself or a bound on it). Absent: unknown, or unbounded on that side.
    std::optional<double> low;
    std::optional<double> nominal;
    std::optional<double> high;
    std::string unit;    // as written (`Mt`, `万吨`, `%/yr`); derived: the unit shown
    std::string written; // a figure: the clause or figure as written (`grows ~1.5 %/yr`);
                         // derived: format_figure's text (`81.6 Mt (81.2 … 82 Mt)`)
    std::vector<std::string> sources; // cited source ids, in order
    std::vector<std::string> quotes;  // the citations' quoted words, in order
};

struct FiguresOptions {
    CompareOptions select; // which plans and metrics
    bool derived = false;  // also each derived level and growth, per year
    int digits = 3;        // significant digits of the derived values' `written` text
};

/// The figures of the plans of `analysis` that `options` choose.
INGOT_API std::vector<FigureRow> export_figures(const Analysis& analysis,
                                                const FiguresOptions& options = {});

enum class FiguresFormat { csv, json };

INGOT_API std::string_view to_string(FiguresFormat format);
INGOT_API std::optional<FiguresFormat> parse_figures_format(std::string_view name);

/// `rows` in `format`: csv (RFC 4180, a header row, CRLF line ends; columns plan, metric, series,
/// year, kind, quantity, name, low, nominal, high, unit, written, sources (joined with `, `),
/// quotes (joined with a line feed)), or json (schema "ingot-figures", version 1: the rows as
/// objects with the csv's columns as keys, numbers at full precision, absent values null, sources
/// and quotes as arrays). Deterministic.
INGOT_API std::string write_figures(FiguresFormat format, const std::vector<FigureRow>& rows);

} // namespace ingot
