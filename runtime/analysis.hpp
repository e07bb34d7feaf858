// The pipeline behind Workspace::analyze: text → AST → plan model → derivation → checks.
#pragma once

#include "runtime/derive.hpp"
#include "runtime/engine.hpp"
#include "runtime/model.hpp"
#include "runtime/rules.hpp"
#include "runtime/units.hpp"
#include "runtime/workspace.hpp"

#include <memory>

namespace ingot::runtime {

struct AnalysisOptions {
    DerivationOptions derivation;
    /// Paths of rulebooks applied to every plan (for the convenience overload below).
    std::vector<std::string> rulebooks;
    /// Threads for the per-plan derivation; 0: one per core.
    unsigned threads = 1;
    /// Whether to report `changed-target` (off by default, like `implied`).
    bool report_changed_target = false;
};

/// Everything one run found. Later stages point into earlier ones, so they live together and an
/// Analysis is never moved (it is handed out by unique_ptr). `engine` keeps the configuration
/// it was made with alive.
struct Analysis {
    std::shared_ptr<const Engine::State> engine;
    Workspace workspace;
    UnitRegistry units;
    Model model;
    Derivations derivations;
    std::map<std::string, RuleTrace, std::less<>> rule_traces; // by rule name
    int digits = 3; // significant digits of the figures findings show (AnalyzeOptions::digits)
};

/// The engine state of `Engine()`: the defaults, no host extensions.
std::shared_ptr<const Engine::State> default_engine_state();

/// Runs the pipeline over `sources` (with `rulebooks` seen by every file). Diagnostics end up in
/// `workspace.diagnostics`, sorted by file and position. Host checks are not run here: they see
/// the public model, which the API builds from this result.
std::unique_ptr<Analysis> analyze(std::shared_ptr<const Engine::State> engine,
                                  const std::vector<SourceText>& sources,
                                  const std::vector<SourceText>& rulebooks,
                                  const ImportResolver& resolver, const AnalysisOptions& options);

/// For tests: reads `files` (and `options.rulebooks`) from disk and analyses them with the
/// default engine, imports confined to the current folder.
std::unique_ptr<Analysis> analyze(const std::vector<std::string>& files,
                                  const AnalysisOptions& options = {});

} // namespace ingot::runtime
