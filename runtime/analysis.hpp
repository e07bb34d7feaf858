// The pipeline behind `ingot check`: text → AST → plan model → derivation → checks and rules.
#pragma once

#include "runtime/derive.hpp"
#include "runtime/model.hpp"
#include "runtime/units.hpp"
#include "runtime/workspace.hpp"

#include <memory>

namespace ingot::runtime {

struct AnalysisOptions {
    LoadOptions load;
    DerivationOptions derivation;
    /// Rulebooks applied to every plan, as if each plan imported them (`ingot check --rules`).
    std::vector<std::string> rulebooks;
};

/// Everything one run found. Later stages point into earlier ones, so they live together and an
/// Analysis is never moved (it is handed out by unique_ptr).
struct Analysis {
    Workspace workspace;
    UnitRegistry units;
    Model model;
    Derivations derivations;
};

/// Loads `files` (and their imports), lowers them to the plan model, derives what each plan
/// implies, and runs the built-in checks and the rules. Diagnostics end up in
/// `workspace.diagnostics`, sorted by file and position.
std::unique_ptr<Analysis> analyze(const std::vector<std::string>& files,
                                  const AnalysisOptions& options = {});

} // namespace ingot::runtime
