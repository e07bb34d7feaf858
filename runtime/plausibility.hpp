// Plausibility: figures that a slip of scale or sign would produce.
//
// Input: one plan's constraint system (its level figures as written, with their units and
// statements). Results: `implausible-change` where two level figures of a series imply a yearly
// change beyond the plausible threshold — with the rescale by 10², 10³ or 10⁴ of one figure that
// makes every change of the series plausible, as a fix, when there is one — and
// `negative-level` where a level is written below zero for a metric that cannot be (a mass,
// energy, a count, a share; money and plain numbers can). The figures are judged as written,
// not as solved: a slip must be found even when it makes the whole plan contradictory.
#pragma once

#include "lang/diagnostic.hpp"
#include "runtime/constraints.hpp"
#include "runtime/derive.hpp"

#include <vector>

namespace ingot::runtime::detail {

/// The plausibility findings of one derivable plan, in statement order.
/// @param system  the plan's constraint system (level figures, constraints, years).
/// @param options the plausible yearly change (DerivationOptions::plausible_change).
std::vector<lang::Diagnostic> plausibility_findings(const PlanSystem& system,
                                                    const DerivationOptions& options);

} // namespace ingot::runtime::detail
