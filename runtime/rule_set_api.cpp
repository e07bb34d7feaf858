// ingot::RuleSet: a rulebook compiled once, evaluated over the plans of many analyses.
//
// Compiling runs the ordinary pipeline (runtime::analyze) over the rulebook alone, with the
// engine's prelude and no imports: that parses it, reports its syntax errors and runs the rules'
// static check (run_rules checks every rule even when there is no plan), and keeps the ASTs the
// rules point into. Evaluating then runs each rule that passed on each plan of an analysis made
// with the same engine, through the rule runner's own per-plan steps (rules.hpp: rule_fires,
// plan_rule_finding, the step-limit and number-range findings), so a finding here is the one
// `analyze` gives. The metrics a rule names are looked up by name in the analysis's model, which is
// why the rulebook may name only the metrics every file sees (the engine's), and may declare none.
#include "runtime/analysis.hpp"
#include "runtime/api_access.hpp"
#include "runtime/functions.hpp"
#include "runtime/registry.hpp"
#include "runtime/rule_eval.hpp"
#include "runtime/rules.hpp"
#include "runtime/to_public.hpp"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>
#include <unordered_map>

namespace ingot {

struct RuleSet::State {
    std::shared_ptr<const Engine::State> engine;
    std::unique_ptr<runtime::Analysis> book;  // the rulebook analysed on its own
    lang::FileId file = 0;                    // the rulebook's file in book->workspace
    std::vector<const lang::RuleDecl*> rules; // those that run, in source order
    /// Per rule: whether it may read the plans of the series (`plans`, or a quantifier or
    /// filter, which range over them). Copying a plan's siblings into its context costs as many
    /// steps as the series has plans, so rules that never read them are spared it.
    std::vector<bool> reads_plans;
    std::vector<Diagnostic> diagnostics;
};

namespace {

/// Whether the rule's text holds one of the words that read the series' plans: `plans` (also
/// in filters) and the quantifiers `every`, `some`, `no`. A word in a comment or message text
/// only costs the copy, never changes a result.
bool mentions_plans(std::string_view text) {
    const auto is_word = [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
    };
    std::size_t i = 0;
    while (i < text.size()) {
        if (!is_word(text[i])) {
            ++i;
            continue;
        }
        std::size_t end = i;
        while (end < text.size() && is_word(text[end])) {
            ++end;
        }
        const std::string_view word = text.substr(i, end - i);
        if (word == "plans" || word == "every" || word == "some" || word == "no") {
            return true;
        }
        i = end;
    }
    return false;
}

/// What a declaration other than a per-plan rule or a test is called in the error.
std::optional<std::string_view> forbidden(const lang::Item& item) {
    return std::visit(
        [](const auto& decl) -> std::optional<std::string_view> {
            using T = std::decay_t<decltype(decl)>;
            if constexpr (std::is_same_v<T, lang::ImportDecl>) {
                return "an `import`";
            } else if constexpr (std::is_same_v<T, lang::PlanDecl>) {
                return "a `plan`";
            } else if constexpr (std::is_same_v<T, lang::MetricDecl>) {
                return "a `metric`";
            } else if constexpr (std::is_same_v<T, lang::IdentityDecl>) {
                return "an `identity`";
            } else if constexpr (std::is_same_v<T, lang::ScopeStmt>) {
                return "a `scope`";
            } else if constexpr (std::is_same_v<T, lang::RuleDecl>) {
                if (decl.subject) {
                    return "a `for series` rule";
                }
                return std::nullopt;
            } else {
                return std::nullopt; // tests
            }
        },
        item);
}

/// One rule on one plan: the rule runner's per-plan semantics (runtime/rules.cpp), over a model
/// that is not the rule's own. Findings about the plan are made public with the analysis's
/// sources; those about the rule's own expressions with the rulebook's.
class PlanEvaluation {
public:
    PlanEvaluation(const RuleSet::State& set, const runtime::Analysis& run,
                   std::vector<Diagnostic>& out)
        : set_(set), run_(run), out_(out) {}

    void run(const lang::RuleDecl& rule, lang::Severity severity, runtime::EvalContext& context) {
        const auto fired = runtime::rule_fires(rule, context);
        for (auto finding : {runtime::step_limit_finding(rule, context),
                             runtime::number_range_finding(rule, context)}) {
            if (finding) {
                book_finding(*finding);
            }
        }
        if (!fired || !*fired) {
            return;
        }
        const lang::Diagnostic d =
            runtime::plan_rule_finding(rule, severity, context, set_.book->workspace.sources);
        out_.push_back(runtime::to_public(run_.workspace.sources, d));
    }

private:
    void book_finding(const lang::Diagnostic& d) {
        out_.push_back(runtime::to_public(set_.book->workspace.sources, d));
    }

    const RuleSet::State& set_;
    const runtime::Analysis& run_;
    std::vector<Diagnostic>& out_;
};

} // namespace

RuleSet::RuleSet(const Engine& engine, std::string path, std::string text) {
    auto state = std::make_shared<State>();
    state->engine = engine.state_;
    std::vector<runtime::SourceText> sources{{std::move(path), std::move(text), false}};
    // No resolver: an import is refused (and reported) without touching the file system.
    state->book = runtime::analyze(state->engine, sources, {}, ImportResolver{}, {});
    const runtime::Workspace& ws = state->book->workspace;
    state->file = static_cast<lang::FileId>(ws.files.size() - 1);
    for (lang::FileId id = 0; id < ws.files.size(); ++id) {
        if (ws.file(id).is_root) {
            state->file = id;
        }
    }
    std::vector<lang::Diagnostic> found = ws.diagnostics;
    for (const lang::Item& item : ws.file(state->file).ast.items) {
        if (const auto what = forbidden(item)) {
            lang::Diagnostic d = lang::make_diagnostic(
                lang::Severity::error, runtime::check::invalid_rule,
                fmt::format("a rule set holds per-plan rules only, not {}", *what),
                lang::span_of(item));
            d.help = "declare it in the analysed files or in a rulebook of AnalyzeOptions, "
                     "where every plan sees the same declaration";
            found.push_back(std::move(d));
        }
    }
    lang::sort_diagnostics(found, ws.sources);
    const bool declares = std::any_of(found.begin(), found.end(), [](const lang::Diagnostic& d) {
        return d.id == runtime::check::invalid_rule && d.message.starts_with("a rule set holds");
    });
    for (const lang::Diagnostic& d : found) {
        state->diagnostics.push_back(runtime::to_public(ws.sources, d));
    }
    // The rules that passed the static check are those the runner traced.
    for (const lang::RuleDecl* rule : state->book->model.rules) {
        if (!declares && rule->span.file == state->file && !rule->subject &&
            state->book->rule_traces.contains(rule->name.name)) {
            state->rules.push_back(rule);
            const std::string_view book = ws.sources.file(state->file).text();
            state->reads_plans.push_back(
                mentions_plans(book.substr(rule->span.begin, rule->span.end - rule->span.begin)));
        }
    }
    state_ = std::move(state);
}

RuleSet::~RuleSet() = default;
RuleSet::RuleSet(const RuleSet&) = default;
RuleSet& RuleSet::operator=(const RuleSet&) = default;
RuleSet::RuleSet(RuleSet&&) noexcept = default;
RuleSet& RuleSet::operator=(RuleSet&&) noexcept = default;

const std::vector<Diagnostic>& RuleSet::diagnostics() const {
    return state_->diagnostics;
}

std::vector<std::string> RuleSet::rules() const {
    std::vector<std::string> out;
    for (const lang::RuleDecl* rule : state_->rules) {
        out.push_back(rule->name.name);
    }
    return out;
}

std::vector<Diagnostic> RuleSet::evaluate(const Analysis& analysis) const {
    const runtime::Analysis& run = AnalysisAccess::run(analysis);
    if (run.engine != state_->engine) {
        throw Error(Error::Kind::usage,
                    "the analysis was made with another Engine than the rule set");
    }
    // Each plan with its derivation, and the plans of each series, once for every rule.
    std::unordered_map<const runtime::Plan*, const runtime::Derivation*> derivation_of;
    for (const auto& d : run.derivations.plans) {
        derivation_of.emplace(d->plan, d.get());
    }
    std::vector<runtime::PlanRef> plans;
    std::map<std::optional<std::string>, runtime::PlanSet> series;
    const bool any_reads_plans = std::find(state_->reads_plans.begin(), state_->reads_plans.end(),
                                           true) != state_->reads_plans.end();
    for (const runtime::Plan& plan : run.model.plans) {
        const auto it = derivation_of.find(&plan);
        if (it == derivation_of.end()) {
            continue; // nothing derived (a period over the limit): no figure to read
        }
        plans.push_back({&plan, it->second});
        if (any_reads_plans) {
            series[plan.series].plans.push_back(plans.back());
        }
    }
    std::vector<Diagnostic> out;
    PlanEvaluation evaluation(*state_, run, out);
    runtime::EvalContext base;
    base.model = &run.model;
    base.units = &run.units;
    base.workspace = &run.workspace;
    base.derivations = &run.derivations;
    base.host_functions = &state_->engine->functions;
    base.max_steps = state_->engine->limits.max_steps;
    base.digits = run.digits;
    for (std::size_t r = 0; r < state_->rules.size(); ++r) {
        const lang::RuleDecl* rule = state_->rules[r];
        const lang::Severity severity = *lang::parse_severity(rule->severity.name);
        for (const runtime::PlanRef& plan : plans) {
            runtime::EvalContext context = base;
            context.plan = plan;
            if (state_->reads_plans[r]) {
                context.plans = series[plan.plan->series];
            }
            context.series = plan.plan->series.value_or("");
            evaluation.run(*rule, severity, context);
        }
    }
    return out;
}

} // namespace ingot
