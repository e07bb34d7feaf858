// Actuals: observed figures against the path a plan's own figures require.
//
// Input: a derivable plan's constraint system, its solution recorded in the derivation (each
// variable's range, every figure read at its written precision). Results: `off-track` where an
// actual, read at its own precision, lies outside the range the plan's baselines and targets
// allow for its level or growth in its year — with the size of the miss and the targets behind
// the bound it misses — and, when asked for, `on-track` where it lies inside that range.
//
// Actuals never enter the system: each is judged alone against the plan's figures. So an actual
// that misses a target is a finding about the plan's outcome, not a contradiction, and two
// actuals that disagree (a level revised after its growth was published) cannot contradict each
// other. An actual whose year the derivation does not cover, or that no figure bounds, is not
// judged.
#pragma once

#include "lang/diagnostic.hpp"
#include "runtime/constraints.hpp"
#include "runtime/derive.hpp"

#include <vector>

namespace ingot::runtime::detail {

/// The findings about one derivable plan's actuals, in statement order; none when the plan's
/// figures contradict each other (there is no path to compare with).
/// @param system  the plan's system, with its actuals; the solution is recorded in its derivation.
/// @param options `report_on_track`.
std::vector<lang::Diagnostic> actual_findings(const PlanSystem& system,
                                              const DerivationOptions& options);

} // namespace ingot::runtime::detail
