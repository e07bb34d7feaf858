// The pipeline behind `ingot check`: text → AST → plan model → checks.
#pragma once

#include "runtime/model.hpp"
#include "runtime/workspace.hpp"

#include <memory>

namespace ingot::runtime {

/// Everything one run found. The model points into the workspace, so they live together.
struct Analysis {
    Workspace workspace;
    Model model;
};

/// Loads `files` (and their imports), lowers them to the plan model and runs the built-in checks.
/// Diagnostics end up in `workspace.diagnostics`, sorted by file and position.
std::unique_ptr<Analysis> analyze(const std::vector<std::string>& files,
                                  const LoadOptions& options = {});

} // namespace ingot::runtime
