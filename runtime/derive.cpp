// The derivation pipeline (derive.hpp): declarations are checked once, then each plan's numbers
// become a constraint system, which is solved and put into words. Each stage returns its result;
// this driver only gathers the findings in pipeline order.
#include "runtime/derive.hpp"

#include "runtime/actuals.hpp"
#include "runtime/constraints.hpp"
#include "runtime/derive_findings.hpp"
#include "runtime/derive_units.hpp"
#include "runtime/derived.hpp"
#include "runtime/parallel.hpp"
#include "runtime/plausibility.hpp"
#include "runtime/share_range.hpp"
#include "runtime/solve.hpp"

#include <iterator>

namespace ingot::runtime {

namespace {

void append(std::vector<lang::Diagnostic>& to, std::vector<lang::Diagnostic> found) {
    to.insert(to.end(), std::make_move_iterator(found.begin()),
              std::make_move_iterator(found.end()));
}

} // namespace

DerivationResult derive(const Model& model, const Workspace& ws, const UnitRegistry& units,
                        const DerivationOptions& options, unsigned threads) {
    DerivationResult result;
    detail::DeclarationCheck declarations = detail::check_declarations(model, ws, units);
    append(result.diagnostics, std::move(declarations.diagnostics));

    // Plans are derived independently (every input is const), each into its own slot, and
    // gathered in model order: the result is the same for any number of threads.
    struct PlanResult {
        std::unique_ptr<Derivation> derivation;
        std::vector<lang::Diagnostic> diagnostics;
    };
    std::vector<PlanResult> slots(model.plans.size());
    const auto derive_plan = [&](std::size_t i) {
        detail::PlanSystem system = detail::build_constraints(
            model, model.plans[i], ws, units, options, declarations.failed_identities);
        PlanResult& slot = slots[i];
        slot.diagnostics = std::move(system.diagnostics);
        if (system.derivable) {
            const detail::Solution solution = detail::solve_plan(system, options.max_rounds);
            detail::record_solution(solution, *system.derivation);
            choose_display_units(*system.derivation, units);
            append(slot.diagnostics, detail::derivation_findings(system, solution, options));
            append(slot.diagnostics, detail::plausibility_findings(system, options));
            append(slot.diagnostics, detail::actual_findings(system, options));
            append(slot.diagnostics, detail::share_range_findings(system, options));
        }
        slot.derivation = std::move(system.derivation);
    };
    parallel_for(slots.size(), threads, derive_plan);
    for (PlanResult& slot : slots) {
        append(result.diagnostics, std::move(slot.diagnostics));
        result.derivations.add(std::move(slot.derivation));
    }
    return result;
}

} // namespace ingot::runtime
