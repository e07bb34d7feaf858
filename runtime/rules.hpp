// The rule runner, and the evaluation of one expression for `ingot eval`.
//
// Input: the model (its rules and plans), the plans' derivations, the workspace (sources, which
// file sees which, the syntax errors already found) and the host functions rules may call.
// Result: the findings — one diagnostic per rule that fires on a plan or series (id = the
// rule's name) — and the rules' own mistakes, found by the static check before any plan is
// evaluated. A rule with a mistake, or a syntax error inside it, does not run.
#pragma once

#include "lang/diagnostic.hpp"
#include "runtime/derive.hpp"
#include "runtime/functions.hpp"
#include "runtime/value.hpp"
#include "runtime/workspace.hpp"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ingot::runtime {

/// What one rule did on the plans (or series) it ran on: `ingot test --coverage` reads it.
struct RuleTrace {
    std::vector<bool> evaluated; // per statement of the rule's body: evaluated at least once
    unsigned fired = 0;          // plans or series it reported on
    unsigned silent = 0; // plans or series on which its conditions held it back (not Unknown)
};

/// What run_rules found. The caller appends the diagnostics where it keeps them.
struct RuleRunResult {
    std::vector<lang::Diagnostic> diagnostics;            // in rule order, then plan order
    std::map<std::string, RuleTrace, std::less<>> traces; // by rule name, for every rule that ran
};

/// Runs every rule of the model over the plans that can see it (per-plan rules) or over each
/// series those plans form (`rule NAME for series`). Reads `ws` (never changes it).
/// A rule that takes more than `max_steps` evaluation steps on one plan stops with a `limit`
/// finding. Messages show figures with at least `digits` significant digits.
RuleRunResult run_rules(const Model& model, const Derivations& derivations, const Workspace& ws,
                        const std::vector<HostFunction>& host_functions = {},
                        std::uint64_t max_steps = 100000, const UnitRegistry* units = nullptr,
                        int digits = 3);

// ---- the parts of running a per-plan rule, shared with ingot::RuleSet -------------------------

/// Evaluates a rule's lets and conditions in order; whether it fires, or nullopt when a figure
/// it needs is unknown (then it does not apply). `ran`, when given, is told the index of each
/// statement evaluated (for coverage).
std::optional<bool> rule_fires(const lang::RuleDecl& rule, EvalContext& context,
                               const std::function<void(std::size_t)>& ran = {});
/// The `limit` finding of a rule that took more than its steps on the plan or series it ran on.
std::optional<lang::Diagnostic> step_limit_finding(const lang::RuleDecl& rule,
                                                   const EvalContext& context);
/// The `number-range` finding of the first number out of range the rule met there (its value
/// there is unknown, so it neither fired nor passed).
std::optional<lang::Diagnostic> number_range_finding(const lang::RuleDecl& rule,
                                                     const EvalContext& context);
/// The rule's message with its expressions evaluated, or "rule `NAME` applies".
std::string rule_message(const lang::RuleDecl& rule, EvalContext& context);
/// The note naming where the rule is declared: "rule `NAME` at PATH:LINE".
std::string rule_note(const lang::RuleDecl& rule, const lang::SourceMap& sources);
/// Adds to a finding the note on what `*` means when its message marked a figure
/// (EvalContext::marked).
void add_footnote(lang::Diagnostic& d, const EvalContext& context);
/// The finding of a per-plan rule that fired on `context.plan`: at the plan's own figures behind
/// the values the rule read (targets first, then baselines, each in source order; up to four
/// more as secondary labels), else at the first statement it read, else at the plan's name;
/// `rule_sources` holds the rule's file.
lang::Diagnostic plan_rule_finding(const lang::RuleDecl& rule, lang::Severity severity,
                                   EvalContext& context, const lang::SourceMap& rule_sources);

/// The outcome of `ingot eval`: a value, or diagnostics (syntax, names, units) about the
/// expression, or a usage error (`error`: an unknown plan, several plans and none chosen).
struct ExpressionResult {
    std::optional<Value> value;
    std::vector<lang::Diagnostic> diagnostics;
    std::string error;
};

/// Parses `text` as an expression, checks it as a rule expression seen from the plan's file,
/// and evaluates it for the plan named `plan` (or the only plan of `file` when `plan` is empty).
/// Unlike run_rules it changes `ws`: it adds `text` to `ws.sources` as the file `<expr>`, so the
/// returned diagnostics can point into it (render them with `ws.sources`). `ws.diagnostics` is
/// not changed.
ExpressionResult evaluate_text(const Model& model, const Derivations& derivations, Workspace& ws,
                               lang::FileId file, std::string_view plan, const std::string& text,
                               const std::vector<HostFunction>& host_functions = {},
                               const UnitRegistry* units = nullptr);

} // namespace ingot::runtime
