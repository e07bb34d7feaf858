// Derivation's findings: what a plan's solved numbers tell the analyst, in words.
//
// Input: a derivable plan's constraint system and its solution, already recorded in the system's
// derivation (the `implied` findings read the recorded ranges). Result: the `contradiction`
// (the precision system has no solution), `rounding` (the figures as written disagree, but agree
// within their rounding) and, when asked for, `implied` diagnostics. Some wordings need what
// other choices of figures would give; they solve the system again for those.
#pragma once

#include "lang/diagnostic.hpp"
#include "runtime/constraints.hpp"
#include "runtime/derive.hpp"
#include "runtime/solve.hpp"
#include "runtime/units.hpp"

#include <string>
#include <vector>

namespace ingot::runtime::detail {

/// Writes the findings of one plan.
/// @param system   the plan's system; `system.derivation` holds the recorded solution.
/// @param solution the plan's solves, from solve_plan.
/// @param options  `report_implied`, and `max_rounds` for the solves the wording needs.
/// @returns a `contradiction` if the precision system conflicts (and nothing else); otherwise
///          `rounding` notes, then `implied` findings if asked for.
std::vector<lang::Diagnostic> derivation_findings(const PlanSystem& system,
                                                  const Solution& solution,
                                                  const DerivationOptions& options);

/// Shows a variable's value in its natural unit: levels in the series' unit (`level_unit`),
/// factors as %/yr, cumulative factors as %, with `digits` significant digits.
std::string show_value(const Variable& v, double x, const Unit& level_unit, int digits = 3);

} // namespace ingot::runtime::detail
