#include "runtime/analysis.hpp"

#include "runtime/checks.hpp"
#include "runtime/rules.hpp"

namespace ingot::runtime {

std::unique_ptr<Analysis> analyze(const std::vector<std::string>& files,
                                  const AnalysisOptions& options) {
    auto a = std::make_unique<Analysis>();
    a->workspace = load_workspace(files, options.load, options.rulebooks); // text → AST
    a->model = lower(a->workspace);                                        // AST → plan model
    check_structure(a->model, a->workspace);                               // names, citations
    a->derivations = derive(a->model, a->workspace, a->units, options.derivation); // implications
    auto rules = run_rules(a->model, a->derivations, a->workspace); // analysts' rules
    auto& diagnostics = a->workspace.diagnostics;
    diagnostics.insert(diagnostics.end(), std::make_move_iterator(rules.diagnostics.begin()),
                       std::make_move_iterator(rules.diagnostics.end()));
    lang::sort_diagnostics(a->workspace.diagnostics, a->workspace.sources);
    return a;
}

} // namespace ingot::runtime
