#include "runtime/rules.hpp"

#include "runtime/names.hpp"
#include "runtime/registry.hpp"
#include "runtime/rule_check.hpp"
#include "runtime/rule_eval.hpp"

#include "lang/parser.hpp"

#include <algorithm>
#include <cassert>
#include <fmt/format.h>
#include <map>
#include <set>

namespace ingot::runtime {

using lang::Diagnostic;
using lang::make_diagnostic;
using lang::Severity;

namespace {

/// Calls resolve to built-ins first, so a host function named like one would never be called;
/// the API layer rejects such a name before it gets here.
void assert_no_shadowing(const std::vector<HostFunction>& host_functions) {
    for ([[maybe_unused]] const HostFunction& f : host_functions) {
        assert(!detail::find_builtin(f.name) && "a host function shadows a built-in");
    }
}

class RuleRunner {
public:
    RuleRunner(const Model& model, const Derivations& derivations, const Workspace& ws,
               const std::vector<HostFunction>& host_functions, std::uint64_t max_steps,
               const UnitRegistry* units, int digits, std::vector<Diagnostic>& out,
               std::map<std::string, RuleTrace, std::less<>>& traces)
        : model_(model), derivations_(derivations), ws_(ws), host_functions_(host_functions),
          max_steps_(max_steps), units_(units), digits_(digits), out_(out), traces_(traces) {}

    void run(const lang::RuleDecl& rule) {
        const lang::FileId file = rule.span.file;
        EvalContext base;
        base.model = &model_;
        base.workspace = &ws_;
        base.file = file;
        base.derivations = &derivations_;
        base.host_functions = &host_functions_;
        base.max_steps = max_steps_;
        base.units = units_;
        base.digits = digits_;
        const bool series_rule = rule.subject.has_value();
        if (series_rule && rule.subject->name != "series") {
            report(make_diagnostic(
                Severity::error, check::invalid_rule,
                fmt::format("rules can range over `series` only, not `{}`", rule.subject->name),
                rule.subject->span));
            return;
        }
        // A rule with a statement that did not parse is not what its author wrote: the syntax
        // error is reported, and the rule does not run.
        const bool broken =
            std::any_of(ws_.diagnostics.begin(), ws_.diagnostics.end(), [&](const Diagnostic& d) {
                return d.id == check::syntax && d.primary.span.file == file &&
                       d.primary.span.begin >= rule.span.begin &&
                       d.primary.span.begin < rule.span.end;
            });
        if (broken || !check(rule, base, series_rule)) {
            return;
        }
        const lang::Severity severity = *lang::parse_severity(rule.severity.name);
        trace_ = &traces_[rule.name.name];
        trace_->evaluated.assign(rule.body.size(), false);
        std::vector<PlanRef> visible;
        for (const Plan& plan : model_.plans) {
            if (ws_.sees(plan.file, file)) {
                visible.push_back({&plan, derivations_.find(plan.name())});
            }
        }
        if (!series_rule) {
            for (const PlanRef& plan : visible) {
                EvalContext context = base;
                context.plan = plan;
                context.plans = siblings(plan.plan->series);
                context.series = plan.plan->series.value_or("");
                evaluate_rule(rule, severity, context);
            }
            return;
        }
        std::set<std::string> done;
        for (const PlanRef& plan : visible) {
            if (!plan.plan->series || !done.insert(*plan.plan->series).second) {
                continue;
            }
            EvalContext context = base;
            context.series_rule = true;
            context.plans = siblings(plan.plan->series);
            context.series = *plan.plan->series;
            evaluate_series_rule(rule, severity, context);
        }
    }

private:
    void report(Diagnostic d) { out_.push_back(std::move(d)); }

    /// Records that statement `index` of the running rule was evaluated.
    void ran(std::size_t index) {
        if (trace_ != nullptr && index < trace_->evaluated.size()) {
            trace_->evaluated[index] = true;
        }
    }
    void ran_message(const lang::RuleDecl& rule) {
        for (std::size_t i = 0; i < rule.body.size(); ++i) {
            if (std::holds_alternative<lang::MessageStmt>(rule.body[i])) {
                ran(i);
            }
        }
    }
    void count(bool fired) {
        if (trace_ != nullptr) {
            ++(fired ? trace_->fired : trace_->silent);
        }
    }

    /// The plans of `series` (or, for nullopt, every plan outside a series), in model order.
    /// Grouped once for all rules: asked for every plan, a scan would make rules quadratic.
    const PlanSet& siblings(const std::optional<std::string>& series) {
        if (!series_grouped_) {
            for (const Plan& p : model_.plans) {
                series_members_[p.series].plans.push_back({&p, derivations_.find(p.name())});
            }
            series_grouped_ = true;
        }
        return series_members_[series];
    }

    /// The static check of a whole rule; reports every mistake, returns true when none.
    bool check(const lang::RuleDecl& rule, const EvalContext& context, bool series_rule) {
        std::vector<Diagnostic> found;
        std::set<std::string> names{"plans", "series"};
        if (!series_rule) {
            names.insert("plan");
        }
        for (const lang::RuleStmt& stmt : rule.body) {
            if (const auto* let = std::get_if<lang::LetStmt>(&stmt)) {
                check_expression(let->value, context, names, found);
                names.insert(let->name.name);
            } else if (const auto* when = std::get_if<lang::WhenStmt>(&stmt)) {
                check_condition(when->condition, context, names, found, "`when`");
            } else if (const auto* require = std::get_if<lang::RequireStmt>(&stmt)) {
                check_condition(require->condition, context, names, found, "`require`");
                if (const auto* q = std::get_if<lang::QuantifierExpr>(&require->condition.kind);
                    q && series_rule) {
                    names.insert(q->variable.name); // the counterexample, for the message
                }
            } else {
                for (const auto& part : std::get<lang::MessageStmt>(stmt).text.parts) {
                    if (const auto* e = std::get_if<lang::Expr>(&part)) {
                        check_expression(*e, context, names, found);
                    }
                }
            }
        }
        for (Diagnostic& d : found) {
            d.notes.push_back(fmt::format("in rule `{}`", rule.name.name));
            report(std::move(d));
        }
        return found.empty();
    }

    void check_condition(const lang::Expr& e, const EvalContext& context,
                         const std::set<std::string>& names, std::vector<Diagnostic>& found,
                         std::string_view where) {
        using detail::Type;
        std::map<std::string, Type> typed;
        for (const std::string& n : names) {
            typed[n] = Type{};
        }
        typed["plans"] = Type{Type::Kind::plans, {}};
        typed["series"] = Type{Type::Kind::string, {}};
        if (names.contains("plan")) {
            typed["plan"] = Type{Type::Kind::plan, {}};
        }
        detail::check_condition(e, context, std::move(typed), found, where);
    }

    void step_limit(const lang::RuleDecl& rule, const EvalContext& context) {
        if (auto d = step_limit_finding(rule, context)) {
            report(std::move(*d));
        }
    }

    void number_range(const lang::RuleDecl& rule, EvalContext& context) {
        if (auto d = number_range_finding(rule, context)) {
            report(std::move(*d));
        }
        context.number_problem.reset();
    }

    /// Runs a per-plan rule on `context.plan`.
    void evaluate_rule(const lang::RuleDecl& rule, Severity severity, EvalContext& context) {
        const auto fired = rule_fires(rule, context, [this](std::size_t i) { ran(i); });
        step_limit(rule, context);
        number_range(rule, context);
        if (fired) {
            count(*fired); // a plan that lacks a figure the rule needs proves neither
        }
        if (!fired || !*fired) {
            return;
        }
        ran_message(rule);
        report(plan_rule_finding(rule, severity, context, ws_.sources));
    }

    void evaluate_series_rule(const lang::RuleDecl& rule, Severity severity, EvalContext& context) {
        // `require every VAR P`: one finding per plan of the series that fails P, with VAR bound.
        for (const lang::RuleStmt& stmt : rule.body) {
            const auto* require = std::get_if<lang::RequireStmt>(&stmt);
            const auto* q =
                require ? std::get_if<lang::QuantifierExpr>(&require->condition.kind) : nullptr;
            if (!q || q->quantifier != lang::Quantifier::every) {
                continue;
            }
            bool reported = false;
            for (const lang::RuleStmt& before : rule.body) {
                ran(static_cast<std::size_t>(&before - rule.body.data()));
                if (&before == &stmt) {
                    break;
                }
                if (const auto* let = std::get_if<lang::LetStmt>(&before)) {
                    context.lets[let->name.name] = evaluate(let->value, context);
                } else if (const auto* when = std::get_if<lang::WhenStmt>(&before)) {
                    const Value v = evaluate(when->condition, context);
                    if (!std::holds_alternative<bool>(v) || !std::get<bool>(v)) {
                        if (std::holds_alternative<bool>(v)) {
                            count(false);
                        }
                        return;
                    }
                }
            }
            for (const PlanRef& p : context.plans.plans) {
                EvalContext one = context;
                one.lets[q->variable.name] = p;
                one.plan = p;
                bool ok = false;
                if (const auto* has = std::get_if<lang::HasPredicate>(&q->predicate)) {
                    ok = detail::has_target(model_, p, has->metric);
                } else {
                    const Value v =
                        evaluate(*std::get<lang::WherePredicate>(q->predicate).condition, one);
                    ok = !std::holds_alternative<bool>(v) || std::get<bool>(v);
                }
                number_range(rule, one);
                if (one.steps > one.max_steps) {
                    step_limit(rule, one); // stopped: neither a finding nor silence is proven
                    continue;
                }
                if (ok) {
                    continue;
                }
                one.plan = {};
                reported = true;
                count(true);
                ran_message(rule);
                Diagnostic d = make_diagnostic(severity, rule.name.name, rule_message(rule, one),
                                               p.plan->decl->name.span,
                                               fmt::format("series `{}`", context.series));
                add_footnote(d, one);
                d.notes.push_back(rule_note(rule, ws_.sources));
                report(std::move(d));
            }
            if (!reported) {
                count(false);
            }
            return;
        }
        const auto fired = rule_fires(rule, context, [this](std::size_t i) { ran(i); });
        step_limit(rule, context);
        number_range(rule, context);
        if (fired) {
            count(*fired && !context.plans.plans.empty());
        }
        if (fired && *fired && !context.plans.plans.empty()) {
            ran_message(rule);
            Diagnostic d = make_diagnostic(severity, rule.name.name, rule_message(rule, context),
                                           context.plans.plans.front().plan->decl->name.span,
                                           fmt::format("series `{}`", context.series));
            add_footnote(d, context);
            d.notes.push_back(rule_note(rule, ws_.sources));
            report(std::move(d));
        }
    }

    const Model& model_;
    const Derivations& derivations_;
    const Workspace& ws_; // read: sources, visibility, syntax errors already found
    const std::vector<HostFunction>& host_functions_;
    std::uint64_t max_steps_ = 100000;
    const UnitRegistry* units_ = nullptr;
    int digits_ = 3;
    std::vector<Diagnostic>& out_; // the findings and the rules' mistakes
    std::map<std::string, RuleTrace, std::less<>>& traces_;
    RuleTrace* trace_ = nullptr;                                   // of the rule running
    std::map<std::optional<std::string>, PlanSet> series_members_; // see siblings()
    bool series_grouped_ = false;
};

} // namespace

ExpressionResult evaluate_text(const Model& model, const Derivations& derivations, Workspace& ws,
                               lang::FileId file, std::string_view plan, const std::string& text,
                               const std::vector<HostFunction>& host_functions,
                               const UnitRegistry* units) {
    ExpressionResult result;
    const Plan* chosen = plan.empty() ? nullptr : model.find_plan(plan);
    std::vector<std::string> in_file;
    for (const Plan& p : model.plans) {
        if (p.file == file) {
            in_file.push_back(p.name());
            if (plan.empty() && in_file.size() == 1) {
                chosen = &p;
            }
        }
    }
    if (plan.empty() && in_file.size() > 1) {
        chosen = nullptr;
    }
    if (!plan.empty() && !chosen) {
        std::vector<std::string> names;
        for (const Plan& p : model.plans) {
            names.push_back(p.name());
        }
        const auto suggestion = did_you_mean(plan, names);
        result.error = fmt::format("no plan `{}`{}", plan,
                                   suggestion ? fmt::format("; did you mean `{}`?", *suggestion)
                                              : std::string());
        return result;
    }
    if (!chosen) {
        result.error =
            in_file.empty()
                ? std::string("the file holds no plan; name the plan to evaluate for")
                : fmt::format("the file holds several plans ({}); name the one to evaluate for",
                              fmt::join(in_file, ", "));
        return result;
    }
    const lang::FileId id = ws.sources.add("<expr>", text);
    lang::ExpressionParseResult parsed = lang::parse_expression(ws.sources, id);
    if (!parsed.expr) {
        result.diagnostics = std::move(parsed.diagnostics);
        return result;
    }
    assert_no_shadowing(host_functions);
    EvalContext context;
    context.model = &model;
    context.workspace = &ws;
    context.file = chosen->file; // names resolve as in the plan's own file
    context.derivations = &derivations;
    context.host_functions = &host_functions;
    context.units = units;
    context.plan = {chosen, derivations.find(chosen->name())};
    for (const Plan& p : model.plans) {
        if (p.series == chosen->series) {
            context.plans.plans.push_back({&p, derivations.find(p.name())});
        }
    }
    context.series = chosen->series.value_or("");
    if (!check_expression(*parsed.expr, context, {"plan", "plans", "series"}, result.diagnostics)) {
        return result;
    }
    result.value = evaluate(*parsed.expr, context);
    if (context.number_problem) {
        lang::Diagnostic d = make_diagnostic(
            Severity::error, check::number_range,
            fmt::format("the expression {}, so it has no value", context.number_problem->what),
            context.number_problem->span, context.number_problem->what);
        result.diagnostics.push_back(std::move(d));
        result.value.reset();
    }
    return result;
}

RuleRunResult run_rules(const Model& model, const Derivations& derivations, const Workspace& ws,
                        const std::vector<HostFunction>& host_functions, std::uint64_t max_steps,
                        const UnitRegistry* units, int digits) {
    assert_no_shadowing(host_functions);
    RuleRunResult result;
    RuleRunner runner(model, derivations, ws, host_functions, max_steps, units, digits,
                      result.diagnostics, result.traces);
    for (const lang::RuleDecl* rule : model.rules) {
        runner.run(*rule);
    }
    return result;
}

namespace {

/// "plan `NAME`" or "series `NAME`": what a rule was running on.
std::string running_on(const EvalContext& context) {
    return context.plan.plan ? fmt::format("plan `{}`", context.plan.plan->name())
                             : fmt::format("series `{}`", context.series);
}

} // namespace

std::optional<lang::Diagnostic> step_limit_finding(const lang::RuleDecl& rule,
                                                   const EvalContext& context) {
    if (context.steps <= context.max_steps) {
        return std::nullopt;
    }
    return make_diagnostic(Severity::error, check::limit,
                           fmt::format("rule `{}` stopped at the limit of {} evaluation steps on "
                                       "{} (Limits::max_steps)",
                                       rule.name.name, context.max_steps, running_on(context)),
                           rule.name.span);
}

std::optional<lang::Diagnostic> number_range_finding(const lang::RuleDecl& rule,
                                                     const EvalContext& context) {
    if (!context.number_problem) {
        return std::nullopt;
    }
    Diagnostic d = make_diagnostic(Severity::error, check::number_range,
                                   fmt::format("rule `{}` {} on {}, so its value there is unknown",
                                               rule.name.name, context.number_problem->what,
                                               running_on(context)),
                                   context.number_problem->span, context.number_problem->what);
    d.help = "guard the expression with `when` (e.g. `when x != 0`), or correct the figures "
             "it reads";
    return d;
}

std::optional<bool> rule_fires(const lang::RuleDecl& rule, EvalContext& context,
                               const std::function<void(std::size_t)>& ran) {
    bool any_require_failed = false;
    bool has_require = false;
    for (std::size_t i = 0; i < rule.body.size(); ++i) {
        const lang::RuleStmt& stmt = rule.body[i];
        if (ran && !std::holds_alternative<lang::MessageStmt>(stmt)) {
            ran(i);
        }
        if (const auto* let = std::get_if<lang::LetStmt>(&stmt)) {
            context.lets[let->name.name] = evaluate(let->value, context);
        } else if (const auto* when = std::get_if<lang::WhenStmt>(&stmt)) {
            const Value v = evaluate(when->condition, context);
            const auto* b = std::get_if<bool>(&v);
            if (!b) {
                return std::nullopt;
            }
            if (!*b) {
                return false;
            }
        } else if (const auto* require = std::get_if<lang::RequireStmt>(&stmt)) {
            has_require = true;
            const Value v = evaluate(require->condition, context);
            const auto* b = std::get_if<bool>(&v);
            if (!b) {
                return std::nullopt;
            }
            any_require_failed = any_require_failed || !*b;
        }
    }
    return !has_require || any_require_failed;
}

std::string rule_message(const lang::RuleDecl& rule, EvalContext& context) {
    for (const lang::RuleStmt& stmt : rule.body) {
        if (const auto* m = std::get_if<lang::MessageStmt>(&stmt)) {
            std::string out;
            for (const auto& part : m->text.parts) {
                if (const auto* text = std::get_if<std::string>(&part)) {
                    out += *text;
                } else {
                    const Value v = evaluate(std::get<lang::Expr>(part), context);
                    if (const auto* measure = std::get_if<Measure>(&v);
                        measure != nullptr && measure->decimals < 0) {
                        context.marked = context.marked || outside_range(figure_of(*measure));
                    }
                    out += to_text(v, context.digits);
                }
            }
            return out;
        }
    }
    return fmt::format("rule `{}` applies", rule.name.name);
}

void add_footnote(Diagnostic& d, const EvalContext& context) {
    if (context.marked) {
        d.notes.emplace_back(outside_footnote);
    }
}

std::string rule_note(const lang::RuleDecl& rule, const lang::SourceMap& sources) {
    const auto& file = sources.file(rule.span.file);
    return fmt::format("rule `{}` at {}:{}", rule.name.name, file.path(),
                       file.location(rule.span.begin).line);
}

lang::Diagnostic plan_rule_finding(const lang::RuleDecl& rule, Severity severity,
                                   EvalContext& context, const lang::SourceMap& rule_sources) {
    const PlanRef& plan = context.plan;
    // Point at the plan's own figures behind the values the rule read.
    std::vector<const Constraint*> behind;
    for (ConstraintId id : context.read) {
        const Constraint& c = plan.derivation->constraints[id];
        if (c.kind != Constraint::Kind::identity && c.span.end > 0 &&
            c.span.file == plan.plan->file) {
            behind.push_back(&c);
        }
    }
    // Targets first (what the plan sets), then baselines, each in source order.
    std::sort(behind.begin(), behind.end(), [](const Constraint* a, const Constraint* b) {
        const bool ta = a->kind == Constraint::Kind::target;
        const bool tb = b->kind == Constraint::Kind::target;
        return ta != tb ? ta : a->span.begin < b->span.begin;
    });
    behind.erase(std::unique(behind.begin(), behind.end(),
                             [](const Constraint* a, const Constraint* b) {
                                 return a->span.begin == b->span.begin;
                             }),
                 behind.end());
    const std::string text = rule_message(rule, context);
    lang::SourceSpan where = plan.plan->decl->name.span;
    if (!behind.empty()) {
        where = behind.front()->span;
    } else if (!context.statements_read.empty()) {
        where = context.statements_read.front();
    }
    Diagnostic d = make_diagnostic(severity, rule.name.name, text, where,
                                   behind.empty() ? "" : behind.front()->summary);
    for (std::size_t i = 1; i < behind.size() && i < 5; ++i) {
        d.secondary.push_back({behind[i]->span, behind[i]->summary});
    }
    add_footnote(d, context);
    d.notes.push_back(rule_note(rule, rule_sources));
    return d;
}

} // namespace ingot::runtime
