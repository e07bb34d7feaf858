// Built-in structural checks: those that need names but no units or derivation.
//
//   scope-count     more items than `of N` (error), fewer (info)
//   empty-focus     a focus with no target and no initiative (warning)
//   uncited         a target, baseline or actual with no citation (warning)
//   unused-source   a declared source that nothing cites (warning)
//   outside-period  `by`/`in YEAR` outside the period; `from`/`base` not before the year (error)
#pragma once

#include "runtime/model.hpp"

namespace ingot::runtime {

/// Runs every structural check over the model's plans; returns their findings.
std::vector<lang::Diagnostic> check_structure(const Model& model);

} // namespace ingot::runtime
