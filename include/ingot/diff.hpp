// A semantic diff of two plans: what `ingot diff` shows, as plain values.
//
// Two versions of one plan, or a plan and the one it `follows`, are compared by what they say,
// not by their text: the targets added, removed, raised or cut (with the change in the unit it
// is measured in: `-3.5 pp` for growth, `+20 Mt` for a level) or changed in kind (an annual rate
// for growth in single years, a level for a rate); the scopes' items, the focuses, what the plan
// is silent on, and the period. Each plan is read from its own Analysis, so two versions of one
// plan, which share a name, can be compared.
//
//     ingot::PlanDiff diff = ingot::diff_plans(old_analysis, "nonferrous_2023",
//                                              new_analysis, "nonferrous_2025");
//     std::cout << ingot::write_diff(ingot::DiffFormat::text, diff);
#pragma once

#include "ingot/export.hpp"
#include "ingot/value.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ingot {

class Analysis;

/// What a plan's targets on one series (a metric, optionally in a scope) are, and what became
/// of them in the other plan.
struct TargetChange {
    /// added, removed: targets on the series in only one plan. raised, lowered: the figure the
    /// two are compared by went up or down (growth that went down is "cut"). changed: the two
    /// differ (in kind, or as written) but the comparison has no direction. unchanged: the same.
    enum class Kind { added, removed, raised, lowered, changed, unchanged };
    Kind kind = Kind::unchanged;
    std::string series;                   // `output(metals)`, the metric as declared
    std::vector<std::string> old_targets; // the targets' names in the old plan, in order
    std::vector<std::string> new_targets;
    std::string old_written; // the clauses as written, `grows` left out: `~5 %/yr`,
    std::string new_written; // `~5.5 % in 2023, > 5.5 % in 2024`, `reaches > 20 Mt by 2026`
    std::string old_form;    // what kind of target: "an annual rate", "growth in single years",
    std::string new_form;    // "a change over the period", "a level", … ("" when absent)
    /// What the two are compared by: "growth" (the average yearly growth each plan's figures
    /// imply over its own period), "points" (a share's change over the period, in pp), "level"
    /// (the level each sets, in the year it sets it), or "" when they cannot be compared.
    std::string compared;
    /// The compared figures, as every command prints them (docs/language.md, "How figures are
    /// printed"): old and new in `%/yr`, `pp` or the level's unit; `change` is new − old, in
    /// `pp` for growth and points, in the level's unit for a level.
    std::optional<Number> old_value;
    std::optional<Number> new_value;
    std::optional<Number> change;
    int old_from = 0; // the years each compared figure covers: the average's base and last
    int old_to = 0;   // year, or the level's year twice
    int new_from = 0;
    int new_to = 0;
};

/// Names in one plan and not the other.
struct NamesChange {
    std::vector<std::string> added;
    std::vector<std::string> removed;
    bool empty() const { return added.empty() && removed.empty(); }
};

/// A scope present in both plans, or in one.
struct ScopeChange {
    std::string name;
    bool added = false;   // only in the new plan
    bool removed = false; // only in the old plan
    NamesChange items;
    std::optional<double> old_size; // `of N`
    std::optional<double> new_size;
};

struct PlanDiff {
    std::string old_plan; // names and the files they are declared in
    std::string new_plan;
    std::string old_path;
    std::string new_path;
    std::optional<int> old_first_year; // the periods
    std::optional<int> old_last_year;
    std::optional<int> new_first_year;
    std::optional<int> new_last_year;
    std::string new_follows; // what the new plan `follows` ("" when nothing)
    /// Every series either plan targets: first those of the new plan, in its order, then those
    /// only the old one targets.
    std::vector<TargetChange> targets;
    std::vector<ScopeChange> scopes; // only those that changed: the new plan's, then the old's
    NamesChange focuses;
    NamesChange silent_on;

    /// Whether the two plans differ in anything the diff compares.
    bool changed() const;
};

/// Compares plan `old_plan` of `old_analysis` with plan `new_plan` of `new_analysis` (the two
/// may be one Analysis). Throws Error(usage) when either plan is not in its analysis.
INGOT_API PlanDiff diff_plans(const Analysis& old_analysis, std::string_view old_plan,
                              const Analysis& new_analysis, std::string_view new_plan);

enum class DiffFormat { text, markdown, json };

/// The diff as `ingot diff` writes it: `text` for a terminal, `markdown` for a pull request or
/// a report, `json` in the versioned schema of docs/diff.md (`"schema": "ingot-diff"`). Figures
/// with at least `digits` significant digits (clamped to 1 … 15). Ends with a newline.
INGOT_API std::string write_diff(DiffFormat format, const PlanDiff& diff, int digits = 3);

} // namespace ingot
