// Solve: interval propagation to a fixpoint.
//
// Input: a plan's constraint system (relations, and figures as domains). Result: a Solution with
// two solves of it — the precision system (every figure read at its written precision: what the
// figures allow) and the nominal system (the figures as written: the value shown beside each
// range) — each as an interval per variable, or the conflict where an interval became empty; and
// the pure bounds that the figures as written miss. Each bound of each interval remembers the
// constraints it came from and the arithmetic of its last step, for the findings and `explain`.
#pragma once

#include "runtime/constraints.hpp"
#include "runtime/derive.hpp"

#include <optional>
#include <vector>

namespace ingot::runtime::detail {

/// The union of two sorted, unique lists of constraint ids.
std::vector<ConstraintId> merge(const std::vector<ConstraintId>& a,
                                const std::vector<ConstraintId>& b);

/// Where a solve stopped when an interval became empty: the variable and its crossed bounds.
struct Conflict {
    VarId var = 0;
    Bound lo;
    Bound hi;
};

/// One solve of a system.
struct Outcome {
    std::vector<Interval> values; // per variable; as far as propagation got, if in conflict
    std::optional<Conflict> conflict;
};

/// Solves a plan's system under a choice of its figures: intersects the fixed domains and
/// `domains`, then narrows through the relations until nothing moves (or `max_rounds`).
/// @param system     the plan's system; only its variables, relations and fixed domains are used.
/// @param domains    the figures to impose, e.g. `system.precision`.
/// @param max_rounds the propagation limit (DerivationOptions::max_rounds).
/// @returns the intervals, or the first conflict.
Outcome solve(const PlanSystem& system, const std::vector<Domain>& domains, int max_rounds);

/// A pure bound (`>`, `<=`, …) that the figures as written miss.
struct MissedBound {
    const Domain* bound; // into PlanSystem::bounds
    Conflict conflict;   // of the figures as written plus this bound
};

/// The solves of one plan.
struct Solution {
    Outcome precision; // every figure at its precision
    Outcome nominal;   // points and bounds as written; the points alone when those conflict
    /// Checked only when neither system above has a conflict; in PlanSystem::bounds order.
    std::vector<MissedBound> missed_bounds;
};

/// Solves one plan's precision and nominal systems.
/// @param system     a derivable plan's system.
/// @param max_rounds the propagation limit (DerivationOptions::max_rounds).
/// @returns both outcomes and the missed bounds.
Solution solve_plan(const PlanSystem& system, int max_rounds);

/// Records a solution in its derivation: each variable's range (from the precision system) and
/// nominal interval (from the nominal system, unless it conflicts), and whether each system is
/// consistent.
void record_solution(const Solution& solution, Derivation& derivation);

} // namespace ingot::runtime::detail
