// The derivation pipeline (derive.hpp): declarations are checked once, then each plan's numbers
// become a constraint system, which is solved and put into words. Each stage returns its result;
// this driver only gathers the findings in pipeline order.
#include "runtime/derive.hpp"

#include "runtime/constraints.hpp"
#include "runtime/derive_findings.hpp"
#include "runtime/derive_units.hpp"
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
                        const DerivationOptions& options) {
    DerivationResult result;
    detail::DeclarationCheck declarations = detail::check_declarations(model, ws, units);
    append(result.diagnostics, std::move(declarations.diagnostics));
    for (const Plan& plan : model.plans) {
        detail::PlanSystem system = detail::build_constraints(model, plan, ws, units, options,
                                                              declarations.failed_identities);
        append(result.diagnostics, std::move(system.diagnostics));
        if (system.derivable) {
            const detail::Solution solution = detail::solve_plan(system, options.max_rounds);
            detail::record_solution(solution, *system.derivation);
            append(result.diagnostics, detail::derivation_findings(system, solution, options));
        }
        result.derivations.plans.push_back(std::move(system.derivation));
    }
    return result;
}

} // namespace ingot::runtime
