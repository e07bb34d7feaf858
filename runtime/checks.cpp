#include "runtime/checks.hpp"
#include "runtime/registry.hpp"

#include <fmt/format.h>

namespace ingot::runtime {

using lang::Diagnostic;
using lang::make_diagnostic;
using lang::Severity;

namespace {

class StructureChecks {
public:
    StructureChecks(const Plan& plan, std::vector<Diagnostic>& out) : plan_(plan), out_(out) {}

    void run() {
        for (const auto& [name, scope] : plan_.scopes) {
            scope_count(*scope);
        }
        for (const lang::FocusStmt* focus : plan_.focuses) {
            empty_focus(*focus);
        }
        for (const Target& target : plan_.targets) {
            if (target.decl->citations.empty()) {
                uncited("target", target.decl->name.name, target.decl->span);
            }
            outside_period(*target.decl);
        }
        for (const Baseline& baseline : plan_.baselines) {
            if (baseline.decl->citations.empty()) {
                uncited("baseline", baseline.decl->metric.metric.name, baseline.decl->span);
            }
        }
        for (const auto& [name, source] : plan_.sources) {
            if (!plan_.cited_sources.contains(name)) {
                Diagnostic d = make_diagnostic(
                    Severity::warning, check::unused_source,
                    fmt::format("source `{}` is declared but nothing cites it", name),
                    source->name.span, "never cited");
                d.help = fmt::format("cite it after the statement it supports, as `[{}]`, or "
                                     "delete it",
                                     name);
                report(std::move(d));
            }
        }
    }

private:
    void report(Diagnostic d) { out_.push_back(std::move(d)); }

    // scope-count: `of N` against the items named.
    void scope_count(const lang::ScopeStmt& scope) {
        if (!scope.declared_size) {
            return;
        }
        const auto declared = static_cast<std::size_t>(scope.declared_size->value);
        const std::size_t named = scope.items.size();
        if (named > declared) {
            Diagnostic d = make_diagnostic(
                Severity::error, check::scope_count,
                fmt::format("scope `{}` names {} items but is declared `of {}`", scope.name.name,
                            named, declared),
                scope.items[declared].span, fmt::format("item {} of {}", declared + 1, declared));
            d.secondary.push_back({scope.declared_size->span, "declared size"});
            d.help = fmt::format("raise the size to `of {}`, or remove the items that are not "
                                 "in scope",
                                 named);
            report(std::move(d));
        } else if (named < declared) {
            Diagnostic d =
                make_diagnostic(Severity::info, check::scope_count,
                                fmt::format("scope `{}` names {} of {} items; {} unnamed",
                                            scope.name.name, named, declared, declared - named),
                                scope.declared_size->span, "declared size");
            report(std::move(d));
        }
    }

    // empty-focus: a focus with neither a target nor initiatives.
    void empty_focus(const lang::FocusStmt& focus) {
        for (const lang::Stmt& stmt : focus.body) {
            if (std::holds_alternative<lang::TargetStmt>(stmt.kind)) {
                return;
            }
            if (const auto* l = std::get_if<lang::ListStmt>(&stmt.kind);
                l && l->kind == lang::ListKind::initiatives) {
                return;
            }
        }
        Diagnostic d = make_diagnostic(
            Severity::warning, check::empty_focus,
            fmt::format("focus `{}` has no target and no initiatives", focus.name.name),
            focus.name.span, "empty focus");
        d.help = "add the plan's targets or initiatives for this area, or remove the focus";
        report(std::move(d));
    }

    // uncited: every figure should say where it comes from.
    void uncited(std::string_view what, std::string_view name, lang::SourceSpan span) {
        Diagnostic d = make_diagnostic(Severity::warning, check::uncited,
                                       fmt::format("{} `{}` cites no source", what, name), span,
                                       "no citation");
        d.help = "end the line with the source it comes from, e.g. `[ILK: \"quoted words\"]`";
        report(std::move(d));
    }

    // outside-period: `reaches … by YEAR` with YEAR outside the plan's period.
    void outside_period(const lang::TargetStmt& target) {
        if (!plan_.period) {
            return;
        }
        for (const lang::Clause& clause : target.clauses) {
            if (!clause.by) {
                continue;
            }
            const int year = clause.by->value;
            if (year < plan_.period->first.value || year > plan_.period->last.value) {
                Diagnostic d = make_diagnostic(
                    Severity::error, check::outside_period,
                    fmt::format("target `{}` is set for {}, outside the plan's period {}..{}",
                                target.name.name, year, plan_.period->first.value,
                                plan_.period->last.value),
                    clause.by->span, "outside the period");
                d.secondary.push_back({plan_.period->span, "the plan's period"});
                d.help = fmt::format("use a year from {} to {}, or correct the period",
                                     plan_.period->first.value, plan_.period->last.value);
                report(std::move(d));
            }
        }
    }

    const Plan& plan_;
    std::vector<Diagnostic>& out_;
};

} // namespace

std::vector<lang::Diagnostic> check_structure(const Model& model) {
    std::vector<lang::Diagnostic> out;
    for (const Plan& plan : model.plans) {
        StructureChecks(plan, out).run();
    }
    return out;
}

} // namespace ingot::runtime
