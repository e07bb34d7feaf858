// Constraints: the system of equations and intervals one plan's numbers make.
//
// Input: one plan of the model, with the workspace, the unit registry, the derivation options and
// the identities the declaration checks rejected. Result: a PlanSystem — the Derivation skeleton
// (its years, variables, constraints and display units), the relations between the variables
// (growth as products of levels, identities as products or sums), and every figure as a domain on
// one variable: read at its written precision, as written, or as a pure bound — plus the unit
// findings of the plan's figures, in statement order. Nothing is solved here.
#pragma once

#include "lang/diagnostic.hpp"
#include "runtime/derive.hpp"
#include "runtime/model.hpp"
#include "runtime/units.hpp"
#include "runtime/workspace.hpp"

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace ingot::runtime::detail {

/// A relation between variables: z = x · y (product) or z = x + y (sum).
struct Relation {
    enum class Op { product, sum } op;
    VarId z, x, y;
    ConstraintId constraint; // the identity, or a structural id (never shown)
};

/// A figure's interval on one variable.
struct Domain {
    VarId var;
    Interval interval;
    ConstraintId constraint;
};

/// The variables of one series.
struct SeriesVars {
    using Years = std::pair<int, int>;    // (from, to)
    std::map<int, VarId> level;           // every year from first_year to last_year
    std::map<int, VarId> factor;          // every year after first_year
    VarId cumulative = 0;                 // from base_year to last_year
    std::map<Years, VarId> change_to;     // other cumulative factors: `by`, `from`
    std::map<Years, VarId> difference_to; // a share's changes in points
};

/// The constraint system of one plan.
/// A level figure as written (a baseline level, a `reaches` or `stays` level), kept for the
/// plausibility checks, which judge the figures themselves rather than the solved ranges.
struct LevelFigure {
    VarId var;               // the level variable it bounds (for `stays`, its first year)
    ConstraintId constraint; // the baseline or target
    const lang::Quantity* quantity;
    std::optional<lang::Comparator> comparator;
    Unit unit;               // the unit it is written in
    double written;          // the number as written (a range's midpoint), in `unit`
    bool every_year = false; // `stays`: a bound in every year, not a level in one
};

/// An observed figure (`actual`). It is kept out of the system: it is compared with what the
/// plan's own figures allow, not combined with them.
struct ActualFigure {
    const Actual* actual = nullptr;
    std::optional<VarId> var;      // the level or growth factor it observes, when derived
    Interval interval;             // the figure at its written precision, on the variable's scale
    std::optional<double> nominal; // the figure as written, on the variable's scale
    std::string text;              // "79.19 Mt", "4.3 %"
};

struct PlanSystem {
    /// Years, variables (ranges still unbounded), constraints, display units and series.
    std::unique_ptr<Derivation> derivation;
    /// False when the plan has no valid period: only the figures' units were checked, and the
    /// system below is empty.
    bool derivable = false;
    std::map<std::string, SeriesVars> series;
    std::vector<Relation> relations;
    std::vector<bool> positive;    // per variable: growth factors, which are > 0
    std::vector<Domain> fixed;     // constants and the number 1; part of every solve
    std::vector<Domain> precision; // every figure, read at its precision
    std::vector<Domain> nominal;   // point figures as written
    std::vector<Domain> bounds;    // pure bounds (`>`, `<=`, …), exact
    std::map<ConstraintId, std::vector<VarId>> constrained; // the variables each figure bounds
    std::vector<LevelFigure> level_figures;                 // in statement order
    std::vector<ActualFigure> actuals;                      // in statement order
    /// `unknown-name`, `unit-mismatch`, `rate-vs-level` and `unused-baseline` for the plan's
    /// figures.
    std::vector<lang::Diagnostic> diagnostics;
};

/// Builds the constraint system of one plan.
/// @param model             the lowered model (metrics and identities).
/// @param plan              the plan to build; its baselines and targets become domains.
/// @param ws                the workspace: which identities the plan can see, and their text.
/// @param units             the units Ingot knows.
/// @param options           the `about` tolerance.
/// @param failed_identities identities the declaration checks rejected; they are skipped.
/// @returns the system, whose `derivation` refers to `plan` and to `model`'s metrics.
PlanSystem build_constraints(const Model& model, const Plan& plan, const Workspace& ws,
                             const UnitRegistry& units, const DerivationOptions& options,
                             const std::set<const lang::IdentityDecl*>& failed_identities);

} // namespace ingot::runtime::detail
