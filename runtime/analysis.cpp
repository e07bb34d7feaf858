#include "runtime/analysis.hpp"

#include "runtime/checks.hpp"
#include "runtime/diff.hpp"
#include "runtime/prelude.hpp"
#include "runtime/registry.hpp"
#include "runtime/rules.hpp"
#include "runtime/sources.hpp"

#include <algorithm>
#include <filesystem>

#include <iterator>

namespace ingot::runtime {

std::shared_ptr<const Engine::State> default_engine_state() {
    auto state = std::make_shared<Engine::State>();
    state->registry = builtin_checks();
    state->prelude = std::string(prelude_text());
    return state;
}

std::unique_ptr<Analysis> analyze(std::shared_ptr<const Engine::State> engine,
                                  const std::vector<SourceText>& sources,
                                  const std::vector<SourceText>& rulebooks,
                                  const ImportResolver& resolver, const AnalysisOptions& options) {
    auto a = std::make_unique<Analysis>();
    a->engine = std::move(engine);
    a->units = a->engine->units;
    LoadOptions load{a->engine->limits, resolver, a->engine->prelude, options.threads};
    a->workspace = load_workspace(sources, rulebooks, load); // text → AST
    auto& found = a->workspace.diagnostics;
    const auto keep = [&found](std::vector<lang::Diagnostic> more) {
        found.insert(found.end(), std::make_move_iterator(more.begin()),
                     std::make_move_iterator(more.end()));
    };
    LoweringResult lowered = lower(a->workspace); // AST → plan model
    a->model = std::move(lowered.model);
    keep(std::move(lowered.diagnostics));
    keep(check_structure(a->model)); // structure: counts, citations, periods
    DerivationResult derived =
        derive(a->model, a->workspace, a->units, options.derivation, options.threads);
    a->derivations = std::move(derived.derivations); // implications
    a->digits = options.derivation.digits;
    keep(std::move(derived.diagnostics));
    if (options.report_changed_target) {
        keep(changed_target_findings(*a)); // lineage: what each plan changed of its predecessor's
    }
    RuleRunResult ruled =
        run_rules(a->model, a->derivations, a->workspace, a->engine->functions,
                  a->engine->limits.max_steps, &a->units, options.derivation.digits);
    keep(std::move(ruled.diagnostics)); // analysts' rules
    a->rule_traces = std::move(ruled.traces);

    lang::sort_diagnostics(a->workspace.diagnostics, a->workspace.sources);
    return a;
}

std::unique_ptr<Analysis> analyze(const std::vector<std::string>& files,
                                  const AnalysisOptions& options) {
    const auto engine = default_engine_state();
    const auto read_all = [&](const std::vector<std::string>& paths) {
        std::vector<SourceText> out;
        for (const std::string& path : paths) {
            ReadResult read = read_source(path, engine->limits.max_source_bytes);
            if (read.status == ReadStatus::ok || read.status == ReadStatus::too_large) {
                out.push_back({path, std::move(read.text), read.status == ReadStatus::too_large});
            } else {
                throw Error(Error::Kind::io, "cannot read `" + path + "`: " + read.error);
            }
        }
        return out;
    };
    // The root: the deepest folder that holds every file given.
    namespace fs = std::filesystem;
    std::optional<fs::path> root;
    for (const std::string& f : files) {
        const fs::path folder = fs::absolute(f).lexically_normal().parent_path();
        if (!root) {
            root = folder;
        }
        while (root->has_relative_path() &&
               std::mismatch(root->begin(), root->end(), folder.begin(), folder.end()).first !=
                   root->end()) {
            root = root->parent_path();
        }
    }
    return analyze(engine, read_all(files), read_all(options.rulebooks),
                   confined_resolver(root ? root->string() : ".", engine->limits.max_source_bytes),
                   options);
}

} // namespace ingot::runtime
