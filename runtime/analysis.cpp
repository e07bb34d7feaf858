#include "runtime/analysis.hpp"

#include "runtime/checks.hpp"
#include "runtime/rules.hpp"

#include <iterator>

namespace ingot::runtime {

std::unique_ptr<Analysis> analyze(const std::vector<std::string>& files,
                                  const AnalysisOptions& options) {
    auto a = std::make_unique<Analysis>();
    a->workspace = load_workspace(files, options.load, options.rulebooks); // text → AST
    a->model = lower(a->workspace);                                        // AST → plan model
    check_structure(a->model, a->workspace);                               // names, citations
    DerivationResult derived = derive(a->model, a->workspace, a->units, options.derivation);
    a->derivations = std::move(derived.derivations); // implications
    a->workspace.diagnostics.insert(a->workspace.diagnostics.end(),
                                    std::make_move_iterator(derived.diagnostics.begin()),
                                    std::make_move_iterator(derived.diagnostics.end()));
    auto rules = run_rules(a->model, a->derivations, a->workspace); // analysts' rules
    a->workspace.diagnostics.insert(a->workspace.diagnostics.end(),
                                    std::make_move_iterator(rules.diagnostics.begin()),
                                    std::make_move_iterator(rules.diagnostics.end()));
    lang::sort_diagnostics(a->workspace.diagnostics, a->workspace.sources);
    return a;
}

} // namespace ingot::runtime
