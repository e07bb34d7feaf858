// `share-range`: a share outside 0 … 100 %.
//
// Input: one derivable plan's constraint system, after solving (its derivation holds the
// ranges). Result: one `share-range` error per share series (a series whose levels are in %)
// that some figure puts outside 0 … 100 % in some year, naming the years. When the plan's figures
// hold together, a level is outside when every value the figures allow at their precision is (a
// written `120 %`, or 95 % grown 5 %/yr for two years); when they contradict each other, the
// derivation stopped, and only the figures as written are judged.
#pragma once

#include "lang/diagnostic.hpp"
#include "runtime/constraints.hpp"
#include "runtime/derive.hpp"

#include <vector>

namespace ingot::runtime::detail {

/// The `share-range` findings of one derivable plan, in series order.
std::vector<lang::Diagnostic> share_range_findings(const PlanSystem& system,
                                                   const DerivationOptions& options);

} // namespace ingot::runtime::detail
