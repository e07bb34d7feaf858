// The functions rules can call: the table of built-ins, and host functions from the embedder.
//
// Input: a call's name. Result: its table entry — name, arity, what its arguments and result are
// (read by the checker, runtime/rule_check.cpp) and its implementation (called by the evaluator,
// runtime/rule_eval.cpp). One table serves both, so a function cannot be checked one way and
// evaluated another (like jsonnet's `builtins` map or cel-cpp's function registry).
//
// Host functions are numeric functions the embedding program defines; a call resolves against
// the built-ins first, then the host functions, then a metric within a scope (`output(metals)`).
#pragma once

#include "lang/ast.hpp"
#include "runtime/derive.hpp"
#include "runtime/units.hpp"
#include "runtime/value.hpp"
#include "runtime/workspace.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ingot::runtime {

/// A numeric function defined by the embedding program, callable from rules by `name`.
/// The API layer rejects a name that is a built-in's, so a host function never shadows one.
struct HostFunction {
    std::string name;
    /// The required unit of each argument (compatible units are accepted and converted);
    /// nullopt = a dimensionless number such as a year. The arity is params.size().
    std::vector<std::optional<Unit>> params;
    Unit result; // the unit of the result
    /// Arguments and result in base units; nullopt = no value (the rule does not apply).
    /// Called once per distinct corner of the arguments' ranges, so it should be cheap and pure.
    std::function<std::optional<double>(const std::vector<double>& base_values)> impl;
};

/// What an expression may refer to, at check time and at evaluation time.
struct EvalContext {
    const Model* model = nullptr;
    /// The engine's units (built-in and the host's); null means the built-in ones only.
    const UnitRegistry* units = nullptr;
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
    /// Significant digits of the figures a message shows, at least (runtime/figure.hpp).
    int digits = 3;
    /// Set by rule_message when a figure it shows is marked as lying outside its range.
    bool marked = false;
    /// The first number out of range the evaluation met (a division by zero, an overflow): its
    /// value became Unknown, and the rule runner reports it as `number-range` at `span`.
    struct NumberProblem {
        lang::SourceSpan span;
        std::string what; // "divides by zero"
    };
    std::optional<NumberProblem> number_problem;
    const std::vector<HostFunction>* host_functions = nullptr; // callable after the built-ins
};

/// The units an expression reads: the engine's (`context.units`), else the built-in ones.
const UnitRegistry& units_of(const EvalContext& context);

/// The host function called `name`, or null (also when `context` has none).
const HostFunction* find_host_function(const EvalContext& context, std::string_view name);

} // namespace ingot::runtime

namespace ingot::runtime::detail {

/// The static type of an expression, as the checker sees it.
struct Type {
    enum class Kind { any, quantity, boolean, string, plan, plans, names } kind = Kind::any;
    std::optional<Unit> unit; // for quantities; none = not known statically
};

/// "a number", "true or false", … for messages.
std::string kind_name(Type::Kind k);

/// A metric named in an expression: `output` or `output(metals)`.
struct MetricName {
    lang::Ident metric;
    std::string scope;
};

/// How a built-in's arguments are written.
enum class ArgumentForm {
    metric_first, // a metric name, then expressions (years) that are evaluated
    names,        // bare names (a topic), not evaluated
    scopes,       // bare names: a plan's scope, then a reference scope; not evaluated
    values,       // expressions, all evaluated; an unknown argument makes the call unknown
    any_value,    // one expression, evaluated; an unknown value is passed on, not spread (known)
    predecessor,  // one expression, evaluated for the plan the current plan `follows` (previous)
};

/// What each evaluated argument of a `values` built-in must be.
enum class ArgumentKind {
    numbers,                  // numbers
    numbers_of_one_dimension, // numbers in compatible units (min, max)
    collection,               // plans or names (count)
};

/// What a built-in returns, statically.
enum class ResultKind {
    rate,           // a growth rate (%/yr)
    metric_level,   // the level of the metric argument, in its declared unit
    metric_change,  // the change of the metric argument: pp for a share (%), else % (relative)
    boolean,        // true or false
    count,          // a dimensionless number
    names,          // a list of names
    first_argument, // the type of the first argument (abs, round, …)
    written,        // a figure as a plan writes it: a quantity whose unit only the plan knows
};

/// The arguments of one built-in call, as the evaluator hands them to the implementation.
struct BuiltinArguments {
    const lang::CallExpr& call;
    std::optional<MetricName> metric; // metric_first: the metric
    std::vector<Value> values;        // the evaluated arguments (after the metric, if any)
    std::vector<std::string> names;   // names / scopes: the names as written
};

/// One built-in function.
struct Builtin {
    std::string_view name;
    std::size_t min_args;
    std::size_t max_args;
    ArgumentForm form;
    ArgumentKind argument_kind; // for ArgumentForm::values
    ResultKind result;
    std::string_view signature;      // for help: `growth(METRIC[, YEAR])`
    std::string_view argument_error; // message when an argument is of the wrong kind
    /// The implementation. For `values` functions every argument is known (not Unknown) and of
    /// the kind the checker required; for the others the current plan may be null.
    Value (*impl)(const BuiltinArguments& args, EvalContext& context);
};

/// Every built-in, in the order they are documented (and suggested).
std::span<const Builtin> builtins();

/// The built-in called `name`, or null.
const Builtin* find_builtin(std::string_view name);

/// The plan fields rules can read with `plan.FIELD`.
inline constexpr std::string_view plan_fields[] = {"name",   "title",  "original",   "document",
                                                   "sector", "series", "first_year", "last_year"};

/// `output` or `output(metals)` (a call of one bare name that is not a built-in) as a metric.
std::optional<MetricName> as_metric_name(const lang::Expr& e);

/// The level of a metric in the current plan in `year` (default: the last year of the period),
/// recording the constraints behind it in `context.read`; Unknown when the plan lacks it.
Value level_of(EvalContext& context, const MetricName& m, std::optional<int> year);

/// Whether a plan sets a target on the metric (within the scope, when one is named).
bool has_target(const Model& model, const PlanRef& p, const lang::MetricRef& ref);

/// A constant measure: lo == hi == value (in base units).
Measure constant(double value, const Unit& unit);

/// Calls a host function on known numeric arguments. The value is the function at the
/// arguments' values; the range spans its values at the corners of the arguments' ranges
/// (exact for functions monotone in each argument). Unknown when the function has no value, or
/// an argument is not in the unit the function takes.
Value call_host_function(const HostFunction& f, const std::vector<Measure>& args);

} // namespace ingot::runtime::detail
