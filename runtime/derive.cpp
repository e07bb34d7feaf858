// The derivation pipeline (derive.hpp): declarations are checked once, then each plan's numbers
// become a constraint system, which is solved and put into words. Each stage returns its result;
// this driver only gathers the findings in pipeline order.
#include "runtime/derive.hpp"

#include "runtime/constraints.hpp"
#include "runtime/derive_findings.hpp"
#include "runtime/derive_units.hpp"
#include "runtime/solve.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <iterator>
#include <thread>

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
            append(slot.diagnostics, detail::derivation_findings(system, solution, options));
        }
        slot.derivation = std::move(system.derivation);
    };
    if (threads == 0) {
        threads = std::max(1u, std::thread::hardware_concurrency());
    }
    threads = static_cast<unsigned>(std::min<std::size_t>(threads, slots.size()));
    if (threads <= 1) {
        for (std::size_t i = 0; i < slots.size(); ++i) {
            derive_plan(i);
        }
    } else {
        std::atomic<std::size_t> next{0};
        std::vector<std::exception_ptr> errors(threads);
        std::vector<std::thread> pool;
        for (unsigned t = 0; t < threads; ++t) {
            pool.emplace_back([&, t] {
                try {
                    for (std::size_t i = next++; i < slots.size(); i = next++) {
                        derive_plan(i);
                    }
                } catch (...) {
                    errors[t] = std::current_exception();
                    next = slots.size(); // the others stop after their current plan
                }
            });
        }
        for (std::thread& worker : pool) {
            worker.join();
        }
        for (const std::exception_ptr& error : errors) {
            if (error) {
                std::rethrow_exception(error);
            }
        }
    }
    for (PlanResult& slot : slots) {
        append(result.diagnostics, std::move(slot.diagnostics));
        result.derivations.add(std::move(slot.derivation));
    }
    return result;
}

} // namespace ingot::runtime
