// Values and the evaluator of rule expressions.
//
// Rule expressions are checked before any plan is evaluated (names, argument counts, units), like
// CEL's checker: a rulebook with a mistake is reported at the mistake's line even with no plan.
// Evaluation is total — the language has no loops or recursion — and bounded by a step limit.
//
// Two error channels (as in CEL): a mistake in the rule (an unknown name, a unit mismatch) is a
// diagnostic from check_expression; a missing figure at evaluation time (growth of a metric the
// plan does not mention) is the value Unknown, which makes the rule not apply to that plan.
#pragma once

#include "lang/ast.hpp"
#include "lang/diagnostic.hpp"
#include "runtime/derive.hpp"
#include "runtime/units.hpp"
#include "runtime/workspace.hpp"

#include <functional>
#include <map>
#include <set>
#include <string>
#include <variant>
#include <vector>

namespace ingot::runtime {

/// A number with a unit. From a derivation it also has a range; for constants lo == hi == value.
/// All three are in base units (fractions for %, %/yr and pp).
struct Measure {
    double value = 0;
    double lo = 0;
    double hi = 0;
    Unit unit;
    int decimals = -1; // set by round(): show exactly this many decimals
};

struct PlanRef {
    const Plan* plan = nullptr;
    const Derivation* derivation = nullptr; // never null when plan is not
};

struct PlanSet {
    std::vector<PlanRef> plans;
};

/// No value: the plan lacks the figures the expression needs. `why` says which.
struct Unknown {
    std::string why;
};

/// Names, such as the items of a scope: `lithium, cobalt`.
struct Names {
    std::vector<std::string> items;
};

using Value = std::variant<Unknown, Measure, bool, std::string, PlanRef, PlanSet, Names>;

/// Readable text of a value: "3.45 %/yr", "true", "nonferrous_2025", "3 plans".
std::string to_text(const Value& v, int digits = 3);
/// Like to_text, and for a measure with a range, the range too: "3.45 %/yr (2.8 … 4.09 %/yr)".
std::string to_text_with_range(const Value& v, int digits = 3);

/// What an expression may refer to, at check time and at evaluation time.
struct EvalContext {
    const Model* model = nullptr;
    const Workspace* workspace = nullptr;
    lang::FileId file = 0; // the file the expression is in (for metric visibility)
    const Derivations* derivations = nullptr;
    PlanRef plan;       // the current plan (null in series rules)
    PlanSet plans;      // `plans`: the plans of the current series
    std::string series; // `series`
    bool series_rule = false;
    std::map<std::string, Value> lets; // `let` bindings (and quantifier variables)
    std::set<ConstraintId> read;       // constraints behind the figures read (for locations)
    std::vector<lang::SourceSpan> statements_read; // other statements read (scopes, silent_on)
    std::uint64_t steps = 0;
    std::uint64_t max_steps = 100000;
};

/// Static check of an expression: names, argument counts and units. `names` are the extra names
/// in scope (lets, `plan`, `plans`, `series`). Appends diagnostics; returns false on any error.
bool check_expression(const lang::Expr& e, const EvalContext& context,
                      const std::set<std::string>& names, std::vector<lang::Diagnostic>& out);

/// Evaluates an expression that passed check_expression.
Value evaluate(const lang::Expr& e, EvalContext& context);

/// The outcome of `ingot eval`: a value, or diagnostics (syntax, names, units) about the
/// expression, or a usage error (`error`: an unknown plan, several plans and none chosen).
struct ExpressionResult {
    std::optional<Value> value;
    std::vector<lang::Diagnostic> diagnostics;
    std::string error;
};

/// Parses `text` as an expression (added to `ws.sources` as `<expr>`), checks it as a rule
/// expression seen from `file`, and evaluates it for the plan named `plan` (or the only plan of
/// `file` when `plan` is empty).
ExpressionResult evaluate_text(const Model& model, const Derivations& derivations, Workspace& ws,
                               lang::FileId file, std::string_view plan, const std::string& text);

/// Runs every rule of the model over the plans that can see it; appends one diagnostic per
/// finding (id = the rule's name) and the rules' own mistakes to `ws`.
void run_rules(const Model& model, const Derivations& derivations, Workspace& ws);

} // namespace ingot::runtime
