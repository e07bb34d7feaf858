// Derivation's unit checks: is every figure written in a unit its metric can take, and does every
// identity equate quantities of one dimension?
//
// Inputs: the model (metrics, identities, figures), the workspace (which file sees which) and the
// unit registry. Results: the `unknown-name` (units, and metrics an identity cannot see),
// `unit-mismatch` and `rate-vs-level` findings; the identities that failed, which derivation must
// not use; and, for each figure whose unit passes, how it applies to its series (a level, a yearly
// growth or a change over the period). The constraint builder calls the per-figure checks while it
// reads a plan, so their findings keep the order of the plan's statements.
#pragma once

#include "lang/ast.hpp"
#include "lang/diagnostic.hpp"
#include "runtime/model.hpp"
#include "runtime/units.hpp"
#include "runtime/workspace.hpp"

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace ingot::runtime::detail {

/// What checking the declarations derivation relies on found.
struct DeclarationCheck {
    /// Identities with any finding: derivation must not use them.
    std::set<const lang::IdentityDecl*> failed_identities;
    /// `unknown-name` for metric units and identity leaves, `unit-mismatch` for identities, in
    /// model order (metrics first, then identities).
    std::vector<lang::Diagnostic> diagnostics;
};

/// Checks what derivation relies on once, not per plan: every metric's unit is known, and both
/// sides of every identity have the same dimension.
/// @param model the lowered model; its metrics and identities are checked.
/// @param ws    the workspace, for which files an identity can see.
/// @param units the units Ingot knows.
/// @returns the findings, and the identities they make unusable.
DeclarationCheck check_declarations(const Model& model, const Workspace& ws,
                                    const UnitRegistry& units);

/// A figure's unit looked up, or why not.
struct FigureUnit {
    std::optional<Unit> unit;                // set when the unit is known
    std::optional<lang::Diagnostic> finding; // `unknown-name`, set exactly when `unit` is not
};

/// Looks up the unit a figure is written in.
/// @param written the unit as written, with its span for the finding.
/// @param units   the units Ingot knows.
/// @returns the unit, or an `unknown-name` finding.
FigureUnit figure_unit(const lang::WrittenUnit& written, const UnitRegistry& units);

/// The one `unknown-name` finding for a unit that does not parse (`error` says why), with a
/// fix when one word is a near miss of a known one.
lang::Diagnostic unknown_unit(const lang::WrittenUnit& written, const UnitRegistry& units,
                              const std::string& error);

/// How a figure applies to its series, once its unit has been checked against its metric's.
enum class Reading {
    level,             // the level in a year (or in every year of the period, for `stays`)
    yearly_growth,     // the growth factor of a year (or of every year of the period)
    cumulative_change, // the change from the base year to the period's last year (or `by`)
    points_change,     // a share's change in percentage points from the base year
    rejected,          // the unit does not fit: nothing is derived from the figure
};

/// The result of checking one figure's unit.
struct UnitCheck {
    Reading reading = Reading::rejected;
    std::optional<lang::Diagnostic> finding; // set exactly when `reading` is `rejected`
};

/// Checks the unit of a baseline or an actual: a growth figure needs a rate or a share (read as
/// the growth into its year); a level needs a unit compatible with its metric's.
/// @param stmt        the baseline or actual as written.
/// @param keyword     `baseline` or `actual`, for the wording.
/// @param series      its series key, `output(metals)`, for the wording.
/// @param figure      the figure as written, `~5 %/yr`, for the wording.
/// @param unit        the figure's (known) unit.
/// @param metric      the baseline's metric.
/// @param metric_unit the metric's (known) unit.
/// @returns how the figure applies, or a `rate-vs-level` / `unit-mismatch` finding.
UnitCheck check_baseline_unit(const lang::YearFigure& stmt, std::string_view keyword,
                              const std::string& series, const std::string& figure,
                              const Unit& unit, const Metric& metric, const Unit& metric_unit);

/// Checks a target clause's unit: `grows`/`falls` need a yearly rate or a change in %,
/// `reaches` a level, `stays` either a rate or a level.
/// @param clause      the clause as written.
/// @param figure      the clause's figure as written, `~5 %/yr`, for the wording.
/// @param unit        the figure's (known) unit.
/// @param metric      the target's metric.
/// @param metric_unit the metric's (known) unit.
/// @returns how the figure applies, or a `rate-vs-level` / `unit-mismatch` finding.
UnitCheck check_clause_unit(const lang::Clause& clause, const std::string& figure, const Unit& unit,
                            const Metric& metric, const Unit& metric_unit);

} // namespace ingot::runtime::detail
