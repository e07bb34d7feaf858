// Lowering: ASTs → plan model, resolving names.
//
// Plans and rules are workspace-wide names; sources, scopes, focuses and targets are names within
// one plan. A metric is its file's: usable in a file that declares it, imports (transitively) a
// file that declares it, or gets it from the prelude. Two files may each declare a name as long
// as no file sees both (two plans in one folder, each with its `rd_intensity`).
#include "lang/keywords.hpp"
#include "runtime/model.hpp"
#include "runtime/registry.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <optional>

namespace ingot::runtime {

using lang::Diagnostic;
using lang::make_diagnostic;
using lang::Severity;
using lang::SourceSpan;

const Plan* Model::find_plan(std::string_view name) const {
    for (const Plan& p : plans) {
        if (p.name() == name) {
            return &p;
        }
    }
    return nullptr;
}

const Plan* Model::predecessor(const Plan& plan) const {
    return plan.predecessor ? &plans[*plan.predecessor] : nullptr;
}

const Metric* Model::find_metric(std::string_view name, lang::FileId from,
                                 const Workspace& ws) const {
    const auto [first, last] = metric_declarations.equal_range(std::string(name));
    for (auto it = first; it != last; ++it) {
        if (ws.sees(from, it->second->file)) {
            return it->second;
        }
    }
    return nullptr;
}

int earliest_year(const Plan& plan) {
    return plan.period->first.value - 1 - max_years_before_period;
}

int base_year(const Plan& plan) {
    if (plan.base && plan.base->value >= earliest_year(plan) &&
        plan.base->value < plan.period->last.value) {
        return plan.base->value;
    }
    return plan.period->first.value - 1;
}

namespace {

class Lowering {
public:
    explicit Lowering(const Workspace& ws) : ws_(ws) {}

    LoweringResult run() {
        for (const lang::FileId id : ws_.load_order()) {
            collect_declarations(id);
        }
        for (Plan& plan : model_.plans) {
            lower_plan(plan);
        }
        resolve_predecessors();
        return {std::move(model_), std::move(diagnostics_)};
    }

private:
    void report(Diagnostic d) { diagnostics_.push_back(std::move(d)); }

    void duplicate(std::string what, const lang::Ident& again, SourceSpan first) {
        Diagnostic d = make_diagnostic(Severity::error, check::duplicate_name,
                                       fmt::format("{} `{}` is declared twice", what, again.name),
                                       again.span, "declared again here");
        d.secondary.push_back({first, "first declared here"});
        d.help = "rename one of them, or delete the repeated declaration";
        report(std::move(d));
    }

    /// A file that sees the files `a` and `b` both (one of them, when one sees the other).
    std::optional<lang::FileId> seen_together(lang::FileId a, lang::FileId b) const {
        if (ws_.sees(a, b)) {
            return a;
        }
        if (ws_.sees(b, a)) {
            return b;
        }
        for (const lang::FileId f : ws_.load_order()) {
            if (ws_.sees(f, a) && ws_.sees(f, b)) {
                return f;
            }
        }
        return std::nullopt;
    }

    void declare_metric_name(const lang::Ident& name, const Metric* metric) {
        model_.metric_names.emplace(name.name, metric);
        const auto [first, last] = model_.metric_declarations.equal_range(name.name);
        for (auto it = first; it != last; ++it) {
            const lang::FileId other = it->second->file;
            const auto both = seen_together(other, metric->file);
            if (!both) {
                continue; // each file has its own: no file sees the two
            }
            if (*both == other || *both == metric->file) {
                duplicate("metric", name, it->second->decl->name.span);
            } else {
                const auto& path = [&](lang::FileId f) -> const std::string& {
                    return ws_.sources.file(f).path();
                };
                Diagnostic d = make_diagnostic(
                    Severity::error, check::duplicate_name,
                    fmt::format("metric `{}` is declared twice: `{}` imports both `{}` and `{}`",
                                name.name, path(*both), path(other), path(metric->file)),
                    name.span, fmt::format("declared again here, in `{}`", path(metric->file)));
                d.secondary.push_back({it->second->decl->name.span,
                                       fmt::format("first declared here, in `{}`", path(other))});
                d.help = "rename one of them, or import only one of the two files";
                report(std::move(d));
            }
            break;
        }
        model_.metric_declarations.emplace(name.name, metric);
    }

    void collect_declarations(lang::FileId id) {
        for (const lang::Item& item : ws_.files[id].ast.items) {
            if (const auto* m = std::get_if<lang::MetricDecl>(&item)) {
                const Metric& metric = model_.metrics.emplace_back(Metric{m, id});
                declare_metric_name(m->name, &metric);
                for (const lang::Ident& aka : m->aka) {
                    declare_metric_name(aka, &metric);
                }
            } else if (const auto* p = std::get_if<lang::PlanDecl>(&item)) {
                if (const Plan* first = model_.find_plan(p->name.name)) {
                    duplicate("plan", p->name, first->decl->name.span);
                    continue;
                }
                Plan plan;
                plan.decl = p;
                plan.file = id;
                model_.plans.push_back(std::move(plan));
            } else if (const auto* r = std::get_if<lang::RuleDecl>(&item)) {
                const auto first = std::find_if(
                    model_.rules.begin(), model_.rules.end(),
                    [&](const lang::RuleDecl* other) { return other->name.name == r->name.name; });
                if (first != model_.rules.end()) {
                    duplicate("rule", r->name, (*first)->name.span);
                    continue;
                }
                model_.rules.push_back(r);
            } else if (const auto* i = std::get_if<lang::IdentityDecl>(&item)) {
                model_.identities.push_back(i);
            } else if (const auto* s = std::get_if<lang::ScopeStmt>(&item)) {
                const auto [it, inserted] = model_.reference_scopes.emplace(s->name.name, s);
                if (!inserted) {
                    duplicate("scope", s->name, it->second->name.span);
                }
            }
        }
    }

    /// Resolves a metric as seen from file `from`; reports and returns null when it is unknown.
    const Metric* resolve_metric(const lang::Ident& name, lang::FileId from) {
        if (const Metric* visible = model_.find_metric(name.name, from, ws_)) {
            return visible;
        }
        const auto it = model_.metric_names.find(name.name);
        Diagnostic d = make_diagnostic(Severity::error, check::unknown_name,
                                       fmt::format("unknown metric `{}`", name.name), name.span,
                                       "not declared in this file, its imports or the prelude");
        if (it != model_.metric_names.end()) {
            const std::string& declared_in = ws_.sources.file(it->second->file).path();
            d.help =
                fmt::format("`{}` is declared in `{}`; import that file", name.name, declared_in);
        } else {
            std::vector<std::string> candidates;
            for (const auto& [candidate, metric] : model_.metric_names) {
                if (ws_.sees(from, metric->file)) {
                    candidates.push_back(candidate);
                }
            }
            if (const auto suggestion = did_you_mean(name.name, candidates)) {
                d.help = fmt::format("did you mean `{}`?", *suggestion);
                d.fixes.push_back(lang::replace_with(name.span, name.name, *suggestion));
            } else {
                d.help = fmt::format("declare it, e.g. `metric {} \"what it measures\" unit t`",
                                     name.name);
            }
        }
        report(std::move(d));
        return nullptr;
    }

    template <typename Map>
    void unknown_in_plan(std::string_view what, const lang::Ident& name, const Map& known,
                         std::string_view how_to_declare) {
        std::vector<std::string> candidates;
        candidates.reserve(known.size());
        for (const auto& entry : known) {
            candidates.push_back(entry.first);
        }
        Diagnostic d = make_diagnostic(Severity::error, check::unknown_name,
                                       fmt::format("unknown {} `{}`", what, name.name), name.span,
                                       fmt::format("no {} of this name in the plan", what));
        if (const auto suggestion = did_you_mean(name.name, candidates)) {
            d.help = fmt::format("did you mean `{}`?", *suggestion);
            d.fixes.push_back(lang::replace_with(name.span, name.name, *suggestion));
        } else {
            d.help = fmt::format("declare it in the plan: {}", how_to_declare);
        }
        report(std::move(d));
    }

    void resolve_metric_ref(Plan& plan, const lang::MetricRef& ref) {
        if (ref.scope && !plan.scopes.contains(ref.scope->name)) {
            unknown_in_plan("scope", *ref.scope, plan.scopes,
                            fmt::format("`scope {} {{ … }}`", ref.scope->name));
        }
    }

    /// First pass over a plan body: declarations that may be used before they appear.
    void declare_in_plan(Plan& plan, const std::vector<lang::Stmt>& body,
                         std::map<std::string, SourceSpan>& target_names) {
        for (const lang::Stmt& stmt : body) {
            if (const auto* s = std::get_if<lang::SourceStmt>(&stmt.kind)) {
                if (const auto it = plan.sources.find(s->name.name); it != plan.sources.end()) {
                    duplicate("source", s->name, it->second->name.span);
                } else {
                    plan.sources.emplace(s->name.name, s);
                }
            } else if (const auto* scope = std::get_if<lang::ScopeStmt>(&stmt.kind)) {
                if (const auto it = plan.scopes.find(scope->name.name); it != plan.scopes.end()) {
                    duplicate("scope", scope->name, it->second->name.span);
                } else {
                    plan.scopes.emplace(scope->name.name, scope);
                }
            } else if (const auto* f = std::get_if<lang::FocusStmt>(&stmt.kind)) {
                const auto first = std::find_if(
                    plan.focuses.begin(), plan.focuses.end(),
                    [&](const lang::FocusStmt* other) { return other->name.name == f->name.name; });
                if (first != plan.focuses.end()) {
                    duplicate("focus", f->name, (*first)->name.span);
                } else {
                    plan.focuses.push_back(f);
                }
                declare_in_plan(plan, f->body, target_names);
            } else if (const auto* t = std::get_if<lang::TargetStmt>(&stmt.kind)) {
                const auto [it, inserted] = target_names.emplace(t->name.name, t->name.span);
                if (!inserted) {
                    duplicate("target", t->name, it->second);
                }
            }
        }
    }

    void cite(Plan& plan, const std::vector<lang::Citation>& citations) {
        for (const lang::Citation& c : citations) {
            if (plan.sources.contains(c.source.name)) {
                plan.cited_sources.insert(c.source.name);
            } else {
                unknown_in_plan("source", c.source, plan.sources,
                                fmt::format("`source {} \"https://…\"`", c.source.name));
            }
        }
    }

    /// Second pass: fields, targets, baselines, citations.
    void resolve_in_plan(Plan& plan, const std::vector<lang::Stmt>& body,
                         const lang::FocusStmt* focus,
                         std::map<lang::FieldKind, const lang::FieldStmt*>& fields) {
        for (const lang::Stmt& stmt : body) {
            cite(plan, lang::base(stmt).citations);
            if (const auto* f = std::get_if<lang::FieldStmt>(&stmt.kind)) {
                const auto [it, inserted] = fields.emplace(f->kind, f);
                if (!inserted) {
                    Diagnostic d = make_diagnostic(Severity::error, check::duplicate_name,
                                                   fmt::format("`{}` is given twice in plan `{}`",
                                                               lang::keyword(f->kind), plan.name()),
                                                   f->keyword.span, "given again here");
                    d.secondary.push_back({it->second->keyword.span, "first given here"});
                    d.help = "keep one of them";
                    report(std::move(d));
                    continue;
                }
                if (const auto* period = std::get_if<lang::Period>(&f->value)) {
                    plan.period = *period;
                } else if (const auto* base = std::get_if<lang::Year>(&f->value)) {
                    plan.base = *base;
                } else if (const auto* name = std::get_if<lang::Ident>(&f->value)) {
                    if (f->kind == lang::FieldKind::follows) {
                        plan.follows = name;
                    } else {
                        (f->kind == lang::FieldKind::series ? plan.series : plan.sector) =
                            name->name;
                    }
                }
            } else if (const auto* t = std::get_if<lang::TargetStmt>(&stmt.kind)) {
                resolve_metric_ref(plan, t->metric);
                plan.targets.push_back({t, focus, resolve_metric(t->metric.metric, plan.file)});
            } else if (const auto* b = std::get_if<lang::BaselineStmt>(&stmt.kind)) {
                resolve_metric_ref(plan, b->metric);
                plan.baselines.push_back({b, resolve_metric(b->metric.metric, plan.file)});
            } else if (const auto* a = std::get_if<lang::ActualStmt>(&stmt.kind)) {
                resolve_metric_ref(plan, a->metric);
                plan.actuals.push_back({a, resolve_metric(a->metric.metric, plan.file)});
            } else if (const auto* l = std::get_if<lang::ListStmt>(&stmt.kind)) {
                if (l->kind == lang::ListKind::silent_on) {
                    plan.silent_on.push_back(l);
                }
            } else if (const auto* fs = std::get_if<lang::FocusStmt>(&stmt.kind)) {
                resolve_in_plan(plan, fs->body, fs, fields);
            }
        }
    }

    /// `follows NAME`: resolves each plan's predecessor among the plans of the model. A name no
    /// plan has is a warning (the predecessor may simply not be among the files analysed),
    /// unless a plan of a close name is there: then it is probably misspelt. A plan that
    /// follows itself, or plans that follow each other round, are an error, and none of them
    /// gets a predecessor.
    void resolve_predecessors() {
        std::vector<std::string> names;
        for (const Plan& p : model_.plans) {
            names.push_back(p.name());
        }
        for (std::size_t i = 0; i < model_.plans.size(); ++i) {
            Plan& plan = model_.plans[i];
            if (plan.follows == nullptr || plan.follows->name.empty()) {
                continue;
            }
            const lang::Ident& name = *plan.follows;
            const auto found = std::find(names.begin(), names.end(), name.name);
            if (found == names.end()) {
                unknown_predecessor(plan, names);
            } else if (found == names.begin() + static_cast<std::ptrdiff_t>(i)) {
                Diagnostic d = make_diagnostic(Severity::error, check::predecessor_cycle,
                                               fmt::format("plan `{}` follows itself", plan.name()),
                                               name.span, "a plan cannot be its own predecessor");
                d.help = "name the plan this one succeeds, or remove `follows`";
                report(std::move(d));
            } else {
                plan.predecessor = static_cast<std::size_t>(found - names.begin());
            }
        }
        // Cycles of two plans or more: walk each chain; a chain that comes back to where it
        // started is a cycle, reported once, at the `follows` of its first plan in load order.
        std::vector<bool> on_cycle(model_.plans.size(), false);
        for (std::size_t start = 0; start < model_.plans.size(); ++start) {
            if (on_cycle[start]) {
                continue;
            }
            std::vector<std::size_t> chain{start};
            std::optional<std::size_t> next = model_.plans[start].predecessor;
            while (next && *next != start && chain.size() <= model_.plans.size()) {
                chain.push_back(*next);
                next = model_.plans[*next].predecessor;
            }
            if (!next || *next != start) {
                continue;
            }
            std::vector<std::string> round;
            for (const std::size_t p : chain) {
                on_cycle[p] = true;
                round.push_back(fmt::format("`{}`", model_.plans[p].name()));
            }
            round.push_back(round.front());
            const Plan& first = model_.plans[start];
            Diagnostic d = make_diagnostic(Severity::error, check::predecessor_cycle,
                                           fmt::format("plans follow each other in a cycle: {}",
                                                       fmt::join(round, " follows ")),
                                           first.follows->span, "the cycle starts here");
            for (std::size_t k = 1; k < chain.size(); ++k) {
                d.secondary.push_back({model_.plans[chain[k]].follows->span, "and goes on here"});
            }
            d.help = "a plan follows an earlier plan: remove the `follows` of the earliest one";
            report(std::move(d));
        }
        for (std::size_t i = 0; i < model_.plans.size(); ++i) {
            if (on_cycle[i]) {
                model_.plans[i].predecessor.reset();
            }
        }
    }

    void unknown_predecessor(const Plan& plan, const std::vector<std::string>& names) {
        const lang::Ident& name = *plan.follows;
        std::vector<std::string> others;
        for (const std::string& n : names) {
            if (n != plan.name()) {
                others.push_back(n);
            }
        }
        if (const auto suggestion = did_you_mean(name.name, others)) {
            Diagnostic d = make_diagnostic(Severity::error, check::unknown_name,
                                           fmt::format("unknown plan `{}`", name.name), name.span,
                                           "no plan of this name among the files analysed");
            d.help = fmt::format("did you mean `{}`?", *suggestion);
            d.fixes.push_back(lang::replace_with(name.span, name.name, *suggestion));
            report(std::move(d));
            return;
        }
        Diagnostic d = make_diagnostic(
            Severity::warning, check::missing_predecessor,
            fmt::format("plan `{}` follows `{}`, which is not among the files analysed",
                        plan.name(), name.name),
            name.span, "no plan of this name here");
        d.help = "add the file that declares it, or run inside its project (ingot.toml), to "
                 "compare the two";
        report(std::move(d));
    }

    void lower_plan(Plan& plan) {
        std::map<std::string, SourceSpan> target_names;
        declare_in_plan(plan, plan.decl->body, target_names);
        std::map<lang::FieldKind, const lang::FieldStmt*> fields;
        resolve_in_plan(plan, plan.decl->body, nullptr, fields);
    }

    const Workspace& ws_;
    Model model_;
    std::vector<Diagnostic> diagnostics_;
};

} // namespace

LoweringResult lower(const Workspace& ws) {
    return Lowering(ws).run();
}

} // namespace ingot::runtime
