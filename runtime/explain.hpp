// `ingot explain`: what a plan's figures imply for one metric, and how it follows from them.
//
// explain_data computes the explanation as data (ingot::Explanation, include/ingot/explain.hpp):
// the series, its level and growth in each year with the change over the period, the figures
// and identities involved (numbered, with where they are written and their citations) and the
// steps of arithmetic from the figures to the value explained. ingot::render_text
// (explain_text.cpp) makes the text for an analyst from it: every value as the figures as written
// give it (nominal), with the range that all figures allow at their written precision in
// parentheses. explain() is the two together.
#pragma once

#include "ingot/explain.hpp"
#include "runtime/analysis.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace ingot::runtime {

struct ExplainOptions {
    /// Numbers are shown with at least this many significant digits, and with more where fewer
    /// would blur a range (19.145 … 19.155 Mt rather than 19.1 … 19.2 Mt). At least 1.
    int digits = 3;
};

/// The text of an explanation, or why there is none.
struct ExplainResult {
    std::string text;  // ends with a newline; empty when `error` is set
    std::string error; // one sentence, with a "did you mean" where a name is close; else empty
    bool ok() const { return error.empty(); }
};

/// `PLAN.METRIC` split at its first dot.
struct ExplainTarget {
    std::string plan;   // an identifier
    std::string metric; // `unit_value`, or scope-qualified: `output(metals)`
};

/// Parses `PLAN.METRIC`; nullopt unless PLAN is an identifier and METRIC an identifier with an
/// optional `(scope)`.
std::optional<ExplainTarget> parse_explain_target(std::string_view text);

/// An explanation as data, or why there is none.
struct ExplainData {
    std::optional<Explanation> explanation; // set unless `error` is
    std::string error; // one sentence, with a "did you mean" where a name is close; else empty
    bool ok() const { return error.empty(); }
};

/// What explain() shows, as data: the same target names, years and errors as explain().
ExplainData explain_data(const Analysis& analysis, std::string_view plan, std::string_view metric,
                         std::optional<int> year);

/// render_text(explain_data(…)). Explains the series that `metric` denotes in `plan`: a metric
/// name, an `aka` name, or `metric(scope)`; an unqualified name stands for the plan's one series of
/// that metric. With `year`, the table and the steps cover that year only (the period's change is
/// still shown). Errors (in `error`, `text` empty): an unknown plan or metric, a metric the plan
/// says nothing about, a name that matches several of the plan's series, a year outside the plan's
/// years.
ExplainResult explain(const Analysis& analysis, std::string_view plan, std::string_view metric,
                      std::optional<int> year, const ExplainOptions& options = {});

} // namespace ingot::runtime
