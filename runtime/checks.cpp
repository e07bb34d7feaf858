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
        for (const Actual& actual : plan_.actuals) {
            if (actual.decl->citations.empty()) {
                uncited("actual", actual.decl->metric.metric.name, actual.decl->span);
            }
        }
        check_base();
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

    /// The plan's period as written, `2025..2026`.
    std::string period_text() const {
        return fmt::format("{}..{}", plan_.period->first.value, plan_.period->last.value);
    }

    Diagnostic outside(std::string message, lang::SourceSpan at, std::string label) const {
        Diagnostic d = make_diagnostic(Severity::error, check::outside_period, std::move(message),
                                       at, std::move(label));
        d.secondary.push_back({plan_.period->span, "the plan's period"});
        return d;
    }

    // outside-period: `base YEAR` must lie before the period's last year, and not too early.
    void check_base() {
        if (!plan_.period || !plan_.base) {
            return;
        }
        const int year = plan_.base->value;
        if (year >= plan_.period->last.value) {
            Diagnostic d = outside(
                fmt::format("the base year {} is not before the last year of the plan's period "
                            "{}: changes run from the base year to a later one",
                            year, period_text()),
                plan_.base->span, "not before the period's last year");
            d.help = fmt::format("use a year before {}; without `base`, changes run from {}",
                                 plan_.period->last.value, plan_.period->first.value - 1);
            report(std::move(d));
        } else if (year < earliest_year(plan_)) {
            Diagnostic d = outside(
                fmt::format("the base year {} is more than {} years before the plan's period {}",
                            year, max_years_before_period, period_text()),
                plan_.base->span, "too early");
            d.help = "check the year against the source";
            report(std::move(d));
        }
    }

    // outside-period: `by YEAR` or `in YEAR` outside the plan's period; `from YEAR` (or the base
    // year) not before the year the change is set for, or too early.
    void outside_period(const lang::TargetStmt& target) {
        if (!plan_.period) {
            return;
        }
        const int first = plan_.period->first.value;
        const int last = plan_.period->last.value;
        for (const lang::Clause& clause : target.clauses) {
            if (clause.kind == lang::ClauseKind::peaks) {
                continue; // a peak may be set for a year after the period
            }
            for (const std::optional<lang::Year>* year : {&clause.by, &clause.in}) {
                if (*year && ((*year)->value < first || (*year)->value > last)) {
                    Diagnostic d = outside(
                        fmt::format("target `{}` is set for {}, outside the plan's period {}",
                                    target.name.name, (*year)->value, period_text()),
                        (*year)->span, "outside the period");
                    d.help =
                        fmt::format("use a year from {} to {}, or correct the period", first, last);
                    report(std::move(d));
                }
            }
            const bool change = clause.kind == lang::ClauseKind::grows ||
                                clause.kind == lang::ClauseKind::rises ||
                                clause.kind == lang::ClauseKind::falls;
            if (change && !clause.from && !clause.in && clause.by && plan_.base &&
                runtime::base_year(plan_) >= clause.by->value) {
                Diagnostic d = outside(
                    fmt::format("target `{}` runs from the base year {}, which is not before the "
                                "year it is set for, {}",
                                target.name.name, runtime::base_year(plan_), clause.by->value),
                    clause.by->span, "not after the base year");
                d.secondary.push_back({plan_.base->span, "the base year"});
                d.help = "a change runs forward: set it for a later year, or give it an earlier "
                         "`from YEAR`";
                report(std::move(d));
            }
            if (!clause.from || clause.by) {
                continue; // `from` after `by` is a syntax error, reported by the parser
            }
            const int from = clause.from->value;
            if (from >= last) {
                Diagnostic d = outside(
                    fmt::format("target `{}` runs from {}, which is not before the year it is set "
                                "for, {}",
                                target.name.name, from, last),
                    clause.from->span, "not before the target's year");
                d.help = fmt::format("a change runs forward: use a year before {}, or add `by "
                                     "YEAR` after it",
                                     last);
                report(std::move(d));
            }
        }
        for (const lang::Clause& clause : target.clauses) {
            if (clause.from && clause.from->value < earliest_year(plan_)) {
                Diagnostic d = outside(
                    fmt::format("target `{}` runs from {}, more than {} years before the plan's "
                                "period {}",
                                target.name.name, clause.from->value, max_years_before_period,
                                period_text()),
                    clause.from->span, "too early");
                d.help = "check the year against the source";
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
