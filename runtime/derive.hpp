// Derivation: what a plan's numbers imply.
//
// A plan is a set of constraints on yearly series. For each series (a metric, optionally within a
// scope: `output(metals)`) there is a level variable L[y] for every year from the first year any
// figure mentions to the last year of the period, a growth factor f[y] = L[y] / L[y-1] = 1 + g[y]
// for every year after the first, and a cumulative factor F = L[last] / L[base] over the period
// (base = the year before the period). Growth is kept as factors so that every relation the
// language states is a product: L[y] = L[y-1]·f[y], F = Πf[y], and a product identity
// `a = b * c` holds for levels, for yearly factors and for cumulative factors alike.
//
// Every figure becomes an interval on one variable: read at the precision it is written with
// (`4.4 %` is 4.35–4.45 %), widened by the "about" tolerance for `~`, exact for `=`, half-open
// for `>`/`<`. Intervals are propagated through the relations to a fixpoint. Each bound remembers
// the constraints it came from and the arithmetic of its last step, so a contradiction (an empty
// interval) names the targets that cause it, and `ingot explain` can show the steps.
//
// A second, "nominal" system holds only the figures as written (points, no bounds): it gives the
// nominal value shown beside each range, and tells when figures agree only within rounding.
#pragma once

#include "lang/diagnostic.hpp"
#include "runtime/model.hpp"
#include "runtime/units.hpp"

#include <limits>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace ingot::runtime {

using ConstraintId = std::uint32_t;
using VarId = std::uint32_t;

/// One end of an interval, with where it came from.
struct Bound {
    double value = 0;
    bool open = false;
    std::vector<ConstraintId> because; // sorted, unique
    std::string how;                   // the arithmetic of the last step, "" for a figure
};

struct Interval {
    Bound lo{-std::numeric_limits<double>::infinity(), false, {}, {}};
    Bound hi{std::numeric_limits<double>::infinity(), false, {}, {}};

    bool empty() const;
    bool bounded_below() const { return lo.value > -std::numeric_limits<double>::infinity(); }
    bool bounded_above() const { return hi.value < std::numeric_limits<double>::infinity(); }
    bool unbounded() const { return !bounded_below() && !bounded_above(); }
    bool is_point() const { return lo.value == hi.value; }
};

/// A statement that constrains the plan's numbers.
struct Constraint {
    enum class Kind { baseline, target, identity };
    Kind kind = Kind::target;
    std::string summary; // "target iva: value_added grows ~5 %/yr"
    lang::SourceSpan span;
    const std::vector<lang::Citation>* citations = nullptr; // null for identities
    std::string name;          // target name, or "" for baselines and identities
    std::string clause;        // a target's clause as written, "grows ~5 %/yr"; "" otherwise
    std::size_t file_rank = 0; // the load rank of span.file: figures are listed in load order
};

/// level: L[year]; factor: L[year] / L[year-1]; cumulative: L[year] / L[from_year]; difference:
/// L[year] − L[from_year], the change of a share in points; aux: a step of an identity.
enum class VarKind { level, factor, cumulative, aux, difference };

struct Variable {
    std::string series; // "recycled_output", "output(metals)"
    VarKind kind = VarKind::aux;
    int year = 0; // level: the year; factor: the year it grows into; cumulative, difference: the
                  // year the change reaches
    int from_year = 0; // cumulative, difference: the base year
    Interval range;    // what all figures imply, read at their precision
    Interval nominal;  // what the figures as written imply (bounds too, when they agree)
};

struct DerivationOptions {
    /// `~` widens a figure by this fraction of its value (at least its written precision).
    double about_tolerance = 0.10;
    /// Two level figures of a series implying a larger yearly change (either way) are
    /// `implausible-change`: 0.5 is ±50 %/yr.
    double plausible_change = 0.5;
    /// Propagation stops after this many rounds even if bounds still move by tiny amounts.
    int max_rounds = 200;
    /// Whether to report `implied` findings (off by default, as in CI output).
    bool report_implied = false;
    /// Whether to report `on-track` findings (off by default, like `implied`).
    bool report_on_track = false;
    /// Significant digits of the figures findings show, at least (runtime/figure.hpp).
    int digits = 3;
    /// A longer period is a `limit` finding and nothing is derived for the plan: the work of a
    /// derivation grows with its years, and no plan runs for a century.
    int max_period_years = 100;
};

/// Everything derived for one plan.
struct Derivation {
    const Plan* plan = nullptr;
    int base_year = 0;               // the year changes run from: `base`, else the year before
                                     // the period
    int first_year = 0;              // the first year with a variable (<= base_year)
    int last_year = 0;               // the period's last year
    std::vector<Variable> variables; // append with add_variable, which indexes them
    std::vector<Constraint> constraints;
    /// Unit in which each series is shown: the unit of its first level figure; else, after
    /// solving, the metric's unit in the readable scale of its levels (112.6 Mt rather than
    /// 112600000 t: choose_display_units).
    std::map<std::string, Unit> display_units;
    /// The series whose display unit is a level figure's, as the plan writes it.
    std::set<std::string> written_units;
    std::map<std::string, const Metric*> series_metrics;
    bool consistent = true; // the precision system has a solution
    bool nominal_consistent = true;

    /// Appends a variable and indexes it by series; returns its id.
    VarId add_variable(Variable variable);
    /// The variable of a series, or null. For level and factor give the year; cumulative: any.
    /// A lookup in the series' own variables: rules and explain ask for every figure they read.
    const Variable* find(const std::string& series, VarKind kind, int year = 0) const;
    /// The cumulative factor or the difference of `series` from `from` to `to`, or null: the
    /// period's own (base year to last year) or one a `by` year made.
    const Variable* find_change(const std::string& series, VarKind kind, int from, int to) const;
    /// The series key that an unqualified or qualified metric name denotes in this plan:
    /// `output` matches `output(metals)` when the plan has only that one. Empty when none;
    /// sets `ambiguous` when several match.
    std::string series_for(const std::string& metric, const std::string& scope,
                           std::vector<std::string>* ambiguous = nullptr) const;

private:
    std::unordered_map<std::string, std::vector<VarId>> series_variables_; // in variable order
};

/// Result of deriving every plan of a model.
struct Derivations {
    std::vector<std::unique_ptr<Derivation>> plans; // in model order
    /// Appends a plan's derivation and indexes it by the plan's name (the first plan of a name
    /// wins, as the model's own lookups do).
    void add(std::unique_ptr<Derivation> derivation);
    /// The derivation of the plan named `plan`, or null: a hash lookup, since rules ask for every
    /// plan of a series on every plan.
    const Derivation* find(std::string_view plan) const;

private:
    std::unordered_map<std::string_view, const Derivation*> by_name_; // keys live in the model
};

/// What deriving a model gives: the derivations, and the diagnostics found on the way.
struct DerivationResult {
    Derivations derivations;
    /// `unknown-name` (units, identity metrics), `unit-mismatch`, `rate-vs-level`,
    /// `contradiction`, `rounding` and `implied`: declarations first, then plan by plan, each in
    /// statement order. Not sorted; the caller merges them with the workspace's.
    std::vector<lang::Diagnostic> diagnostics;
};

/// Derives every plan of a model (the stages: derive_units.hpp, constraints.hpp, solve.hpp,
/// derive_findings.hpp).
/// @param model   the lowered model.
/// @param ws      the workspace the model was lowered from: which files see which, source text.
/// @param units   the units Ingot knows.
/// @param options the `about` tolerance, the propagation limit, whether to report `implied`.
/// @param threads plans derived at once (0: one per core); the result does not depend on it.
/// @returns one Derivation per plan, in model order (a plan without a valid period gets an empty
///          one), and the findings.
DerivationResult derive(const Model& model, const Workspace& ws, const UnitRegistry& units,
                        const DerivationOptions& options = {}, unsigned threads = 1);

/// The value of a variable to show and compare: from the nominal interval (its point, its
/// midpoint, or its one finite bound — `> 300 bn CNY` gives 300 bn CNY), else likewise from the
/// range, else nullopt.
std::optional<double> representative(const Variable& v);

} // namespace ingot::runtime
