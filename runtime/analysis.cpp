#include "runtime/analysis.hpp"

#include "runtime/checks.hpp"

namespace ingot::runtime {

std::unique_ptr<Analysis> analyze(const std::vector<std::string>& files,
                                  const LoadOptions& options) {
    auto analysis = std::make_unique<Analysis>();
    analysis->workspace = load_workspace(files, options);  // text → AST
    analysis->model = lower(analysis->workspace);          // AST → plan model
    check_structure(analysis->model, analysis->workspace); // built-in checks
    lang::sort_diagnostics(analysis->workspace.diagnostics, analysis->workspace.sources);
    return analysis;
}

} // namespace ingot::runtime
