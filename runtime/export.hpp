// The public plan model and derivations, built from the runtime's: copies with resolved spans.
#pragma once

#include "ingot/model.hpp"
#include "runtime/analysis.hpp"

#include <vector>

namespace ingot::runtime {

/// Every plan of the analysis, in declaration order (exported on up to `threads` threads).
std::vector<ingot::Plan> export_plans(const Analysis& analysis, unsigned threads = 1);

/// Every metric declared in a file or the prelude, in declaration order.
std::vector<ingot::Metric> export_metrics(const Analysis& analysis);

/// The derivation of one plan: levels and growth per series and year, as ranges whose bounds
/// point into a provenance graph of steps.
ingot::Derivation export_derivation(const Analysis& analysis, const Derivation& derivation);

} // namespace ingot::runtime
