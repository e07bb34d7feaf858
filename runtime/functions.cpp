#include "runtime/functions.hpp"

#include "runtime/derived.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>

namespace ingot::runtime {

const UnitRegistry& units_of(const EvalContext& context) {
    if (context.units != nullptr) {
        return *context.units;
    }
    static const UnitRegistry builtin; // read-only after construction: safe across threads
    return builtin;
}

const HostFunction* find_host_function(const EvalContext& context, std::string_view name) {
    if (!context.host_functions) {
        return nullptr;
    }
    for (const HostFunction& f : *context.host_functions) {
        if (f.name == name) {
            return &f;
        }
    }
    return nullptr;
}

} // namespace ingot::runtime

namespace ingot::runtime::detail {

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

// ---- figures of the current plan -----------------------------------------------------------

/// The metric `name` as plan `plan`'s file sees it (metrics are file-scoped: two files may each
/// declare one name); without a workspace, the first declaration of the name.
const Metric* find_metric(const EvalContext& c, const PlanRef& plan, const std::string& name) {
    if (c.workspace != nullptr && plan.plan != nullptr) {
        return c.model->find_metric(name, plan.plan->file, *c.workspace);
    }
    const auto it = c.model->metric_names.find(name);
    return it == c.model->metric_names.end() ? nullptr : it->second;
}

/// The variable behind `metric` in `plan`, recording where its figures came from; null with
/// `why` set when the plan lacks it.
const Variable* variable(EvalContext& c, const PlanRef& plan, const MetricName& m, VarKind kind,
                         int year, std::string& why) {
    const Metric* found = find_metric(c, plan, m.metric.name);
    if (!found || !plan.derivation) {
        why = fmt::format("no metric `{}`", m.metric.name);
        return nullptr;
    }
    const std::string series = plan.derivation->series_for(found->name(), m.scope);
    if (series.empty()) {
        why = fmt::format("plan `{}` has no figures for `{}`", plan.plan->name(), m.metric.name);
        return nullptr;
    }
    const Variable* v = plan.derivation->find(series, kind, year);
    if (!v) {
        why = fmt::format("plan `{}` has no {} for `{}`", plan.plan->name(),
                          kind == VarKind::level ? "level" : "growth", m.metric.name);
        return nullptr;
    }
    for (const Bound* b : {&v->range.lo, &v->range.hi}) {
        c.read.insert(b->because.begin(), b->because.end());
    }
    return v;
}

/// A year argument: the nearest whole number, or nullopt when it is not a number.
std::optional<int> year_argument(const BuiltinArguments& args, std::size_t i) {
    if (i >= args.values.size()) {
        return std::nullopt;
    }
    // Beyond ±1e6 no year can have a value: nullopt, rather than a conversion that overflows.
    if (const auto* m = std::get_if<Measure>(&args.values[i]);
        m != nullptr && std::abs(m->value) <= 1e6) {
        return static_cast<int>(std::lround(m->value));
    }
    return std::nullopt;
}

/// Records the figures behind `v` as read by the rule.
void note_read(EvalContext& c, const Variable& v) {
    for (const Bound* b : {&v.range.lo, &v.range.hi, &v.nominal.lo, &v.nominal.hi}) {
        c.read.insert(b->because.begin(), b->because.end());
    }
}

// ---- implementations -----------------------------------------------------------------------
// The years of metric functions are the evaluated `values` after the metric.

Value builtin_has(const BuiltinArguments& args, EvalContext& c) {
    if (!c.plan.plan) {
        return Unknown{"no plan"};
    }
    const MetricName& m = *args.metric;
    lang::MetricRef ref{m.metric, std::nullopt, m.metric.span};
    if (!m.scope.empty()) {
        ref.scope = lang::Ident{m.scope, m.metric.span};
    }
    return has_target(*c.model, c.plan, ref);
}

Value builtin_level(const BuiltinArguments& args, EvalContext& c) {
    if (!c.plan.plan) {
        return Unknown{"no plan"};
    }
    return level_of(c, *args.metric, year_argument(args, 0));
}

/// growth(METRIC): average over the period; growth(METRIC, YEAR): in that year;
/// cagr(METRIC[, FROM[, TO]]): average between two years (default: over the period). The values
/// are the derivation's (runtime/derived.hpp), as explain and check show them.
Value growth_between(const BuiltinArguments& args, EvalContext& c, bool cagr) {
    if (!c.plan.plan) {
        return Unknown{"no plan"};
    }
    const MetricName& m = *args.metric;
    const Derivation& d = *c.plan.derivation;
    std::string why;
    if (!cagr && !args.values.empty()) {
        const auto year = year_argument(args, 0);
        const Variable* v = year ? variable(c, c.plan, m, VarKind::factor, *year, why) : nullptr;
        if (!v) {
            return Unknown{why};
        }
        const Measure growth = measure_of(d, *v);
        if (!known(growth)) {
            return Unknown{fmt::format("the growth of `{}` is unknown", m.metric.name)};
        }
        return growth;
    }
    const int from =
        cagr && !args.values.empty() ? year_argument(args, 0).value_or(d.base_year) : d.base_year;
    const int to =
        cagr && args.values.size() > 1 ? year_argument(args, 1).value_or(d.last_year) : d.last_year;
    if (to <= from) {
        return Unknown{"the years are in the wrong order"};
    }
    // Over the period, the derivation's own change; between other years, the two levels.
    const bool period = from == d.base_year && to == d.last_year;
    const Variable* a = variable(c, c.plan, m, period ? VarKind::cumulative : VarKind::level,
                                 period ? 0 : from, why);
    const Variable* b = a && !period ? variable(c, c.plan, m, VarKind::level, to, why) : a;
    if (!b) {
        return Unknown{why};
    }
    const auto growth = average_growth(d, a->series, from, to);
    if (!growth) {
        return Unknown{
            from == d.base_year && to == d.last_year
                ? fmt::format("the growth of `{}` over the period is unknown", m.metric.name)
                : fmt::format("the levels of `{}` are unknown", m.metric.name)};
    }
    return *growth;
}

/// change(METRIC[, FROM, TO]): from FROM (default: the base year) to TO (default: the last
/// year), in percentage points for a share, else relative, in %.
Value builtin_change(const BuiltinArguments& args, EvalContext& c) {
    if (!c.plan.plan) {
        return Unknown{"no plan"};
    }
    const MetricName& m = *args.metric;
    const Derivation& d = *c.plan.derivation;
    const int from = year_argument(args, 0).value_or(d.base_year);
    const int to = year_argument(args, 1).value_or(d.last_year);
    if (to <= from) {
        return Unknown{"the years are in the wrong order"};
    }
    std::string why;
    const Variable* a = variable(c, c.plan, m, VarKind::level, from, why);
    const Variable* b = a ? variable(c, c.plan, m, VarKind::level, to, why) : nullptr;
    if (!b) {
        return Unknown{why};
    }
    const bool points = is_share(d, a->series);
    if (const Variable* v = d.find_change(
            a->series, points ? VarKind::difference : VarKind::cumulative, from, to)) {
        note_read(c, *v);
    }
    const auto change = change_between(d, a->series, from, to, points);
    if (!change) {
        return Unknown{
            fmt::format("the change of `{}` from {} to {} is unknown", m.metric.name, from, to)};
    }
    return *change;
}

Value builtin_growth(const BuiltinArguments& args, EvalContext& c) {
    return growth_between(args, c, false);
}

Value builtin_cagr(const BuiltinArguments& args, EvalContext& c) {
    return growth_between(args, c, true);
}

Value builtin_count(const BuiltinArguments& args, EvalContext&) {
    if (const auto* names = std::get_if<Names>(&args.values[0])) {
        return constant(static_cast<double>(names->items.size()), Unit{});
    }
    const auto& set = std::get<PlanSet>(args.values[0]);
    return constant(static_cast<double>(set.plans.size()), Unit{});
}

/// min and max pick one argument whole (value, range and unit), by value.
Value pick(const BuiltinArguments& args, bool smallest) {
    Measure m = std::get<Measure>(args.values[0]);
    for (std::size_t i = 1; i < args.values.size(); ++i) {
        const Measure& other = std::get<Measure>(args.values[i]);
        if (smallest ? other.value < m.value : other.value > m.value) {
            m = other;
        }
    }
    return m;
}

Value builtin_min(const BuiltinArguments& args, EvalContext&) {
    return pick(args, true);
}

Value builtin_max(const BuiltinArguments& args, EvalContext&) {
    return pick(args, false);
}

Value builtin_abs(const BuiltinArguments& args, EvalContext&) {
    const Measure& m = std::get<Measure>(args.values[0]);
    Measure out{std::abs(m.value),
                m.lo <= 0 && m.hi >= 0 ? 0 : std::min(std::abs(m.lo), std::abs(m.hi)),
                std::max(std::abs(m.lo), std::abs(m.hi)), m.unit};
    // A bound keeps its direction only on one side of zero; otherwise only the range is known.
    out.reading = m.reading == Reading::point ? Reading::point : Reading::none;
    return out;
}

/// round(x[, digits]): in the unit the value is shown in.
Value builtin_round(const BuiltinArguments& args, EvalContext&) {
    const Measure& m = std::get<Measure>(args.values[0]);
    // Digits beyond ±15 change nothing a double can hold; clamping first keeps the conversion
    // to int defined for any argument (NaN reads as 0).
    const double requested = args.values.size() > 1 ? std::get<Measure>(args.values[1]).value : 0;
    const int digits =
        std::isnan(requested) ? 0 : static_cast<int>(std::clamp(requested, -15.0, 15.0));
    const double factor = std::pow(10.0, digits);
    const double shown = std::round(m.value / m.unit.scale * factor) / factor;
    Measure rounded = constant(shown * m.unit.scale, m.unit);
    rounded.decimals = std::max(0, digits);
    return rounded;
}

Value builtin_low(const BuiltinArguments& args, EvalContext&) {
    const Measure& m = std::get<Measure>(args.values[0]);
    return constant(m.lo, m.unit);
}

Value builtin_high(const BuiltinArguments& args, EvalContext&) {
    const Measure& m = std::get<Measure>(args.values[0]);
    return constant(m.hi, m.unit);
}

/// known(X): whether X has a value, so a rule can fall back where a figure is missing
/// (`not known(trend) or needed > trend`); three-valued `and`/`or` alone would leave it unknown.
Value builtin_known(const BuiltinArguments& args, EvalContext&) {
    return !std::holds_alternative<Unknown>(args.values[0]);
}

/// written(TARGET): the figure of the plan's target TARGET as its first clause writes it, without
/// its comparator or `~` (`reaches > 20 Mt` gives 20 Mt, `grows 4.4 %` 4.4 %, `grows 4..5 %/yr`
/// 4 … 5 %/yr), so a rule can read a plan's own figures instead of repeating them. The finding
/// then stands on that target and its citations.
Value builtin_written(const BuiltinArguments& args, EvalContext& c) {
    if (!c.plan.plan) {
        return Unknown{"no plan"};
    }
    const std::string& name = args.names[0];
    const auto target = std::find_if(c.plan.plan->targets.begin(), c.plan.plan->targets.end(),
                                     [&](const Target& t) { return t.decl->name.name == name; });
    if (target == c.plan.plan->targets.end()) {
        return Unknown{fmt::format("`{}` has no target `{}`", c.plan.plan->name(), name)};
    }
    const lang::Quantity& figure = target->decl->clauses.front().value;
    std::string error;
    const auto unit = units_of(c).lookup(figure.unit.parts, error);
    if (!unit || !figure.low.in_range || (figure.high && !figure.high->in_range)) {
        return Unknown{fmt::format("the figure of target `{}` has no value", name)};
    }
    const double low = figure.low.value * unit->scale;
    const double high = figure.high ? figure.high->value * unit->scale : low;
    const auto& constraints = c.plan.derivation->constraints;
    for (std::size_t i = 0; i < constraints.size(); ++i) {
        if (constraints[i].kind == Constraint::Kind::target && constraints[i].name == name) {
            c.read.insert(static_cast<ConstraintId>(i));
        }
    }
    return Measure{(low + high) / 2, low, high, *unit};
}

/// silent_on(TOPIC): whether the plan lists the topic in a `silent_on` statement.
Value builtin_silent_on(const BuiltinArguments& args, EvalContext& c) {
    if (!c.plan.plan) {
        return Unknown{"no plan"};
    }
    for (const lang::ListStmt* l : c.plan.plan->silent_on) {
        for (const lang::Ident& item : l->items) {
            if (item.name == args.names[0]) {
                c.statements_read.push_back(l->span);
                return true;
            }
        }
    }
    return false;
}

/// outside(PLAN_SCOPE, REFERENCE_SCOPE): the items of the plan's scope the reference lacks.
Value builtin_outside(const BuiltinArguments& args, EvalContext& c) {
    if (!c.plan.plan) {
        return Unknown{"no plan"};
    }
    const std::string& first = args.names[0];
    const auto scope = c.plan.plan->scopes.find(first);
    if (scope == c.plan.plan->scopes.end()) {
        return Unknown{fmt::format("plan `{}` has no scope `{}`", c.plan.plan->name(), first)};
    }
    const lang::ScopeStmt& reference = *c.model->reference_scopes.at(args.names[1]);
    c.statements_read.push_back(scope->second->span);
    Names out;
    for (const lang::Ident& item : scope->second->items) {
        const bool listed = std::any_of(reference.items.begin(), reference.items.end(),
                                        [&](const lang::Ident& r) { return r.name == item.name; });
        if (!listed) {
            out.items.push_back(item.name);
        }
    }
    return out;
}

/// previous(X): the evaluator has evaluated X for the plan's predecessor (or found none).
Value builtin_previous(const BuiltinArguments& args, EvalContext&) {
    return args.values[0];
}

using F = ArgumentForm;
using A = ArgumentKind;
using R = ResultKind;

constexpr Builtin table[] = {
    {"growth", 1, 2, F::metric_first, A::numbers, R::rate, "growth(METRIC[, YEAR])", "",
     builtin_growth},
    {"level", 1, 2, F::metric_first, A::numbers, R::metric_level, "level(METRIC[, YEAR])", "",
     builtin_level},
    {"cagr", 1, 3, F::metric_first, A::numbers, R::rate, "cagr(METRIC[, FROM[, TO]])", "",
     builtin_cagr},
    {"change", 1, 3, F::metric_first, A::numbers, R::metric_change, "change(METRIC[, FROM, TO])",
     "", builtin_change},
    {"has", 1, 1, F::metric_first, A::numbers, R::boolean, "has(METRIC)", "", builtin_has},
    {"count", 1, 1, F::values, A::collection, R::count, "count(PLANS)",
     "`count` counts plans or names, such as `count(plans with value_added)`", builtin_count},
    {"min", 1, 16, F::values, A::numbers_of_one_dimension, R::first_argument, "min(A, B, …)",
     "`min` needs numbers", builtin_min},
    {"max", 1, 16, F::values, A::numbers_of_one_dimension, R::first_argument, "max(A, B, …)",
     "`max` needs numbers", builtin_max},
    {"abs", 1, 1, F::values, A::numbers, R::first_argument, "abs(X)", "`abs` needs numbers",
     builtin_abs},
    {"round", 1, 2, F::values, A::numbers, R::first_argument, "round(X[, DIGITS])",
     "`round` needs numbers", builtin_round},
    {"low", 1, 1, F::values, A::numbers, R::first_argument, "low(X)", "`low` needs numbers",
     builtin_low},
    {"high", 1, 1, F::values, A::numbers, R::first_argument, "high(X)", "`high` needs numbers",
     builtin_high},
    {"known", 1, 1, F::any_value, A::numbers, R::boolean, "known(X)", "", builtin_known},
    {"written", 1, 1, F::names, A::numbers, R::written, "written(TARGET)",
     "`written` takes a target's name", builtin_written},
    {"silent_on", 1, 1, F::names, A::numbers, R::boolean, "silent_on(NAME)",
     "`silent_on` takes names", builtin_silent_on},
    {"outside", 2, 2, F::scopes, A::numbers, R::names, "outside(PLAN_SCOPE, REFERENCE_SCOPE)",
     "`outside` takes names", builtin_outside},
    {"previous", 1, 1, F::predecessor, A::numbers, R::first_argument, "previous(X)", "",
     builtin_previous},
};

} // namespace

std::string kind_name(Type::Kind k) {
    switch (k) {
    case Type::Kind::any:
        return "a value";
    case Type::Kind::quantity:
        return "a number";
    case Type::Kind::boolean:
        return "true or false";
    case Type::Kind::string:
        return "text";
    case Type::Kind::plan:
        return "a plan";
    case Type::Kind::plans:
        return "a list of plans";
    case Type::Kind::names:
        return "a list of names";
    }
    return "a value";
}

std::span<const Builtin> builtins() {
    return table;
}

const Builtin* find_builtin(std::string_view name) {
    for (const Builtin& f : table) {
        if (f.name == name) {
            return &f;
        }
    }
    return nullptr;
}

std::optional<MetricName> as_metric_name(const lang::Expr& e) {
    if (const auto* n = std::get_if<lang::NameExpr>(&e.kind)) {
        return MetricName{n->name, ""};
    }
    if (const auto* c = std::get_if<lang::CallExpr>(&e.kind)) {
        if (c->args.size() == 1 && !find_builtin(c->callee.name)) {
            if (const auto* scope = std::get_if<lang::NameExpr>(&c->args[0].kind)) {
                return MetricName{c->callee, scope->name.name};
            }
        }
    }
    return std::nullopt;
}

Value level_of(EvalContext& c, const MetricName& m, std::optional<int> year) {
    if (!c.plan.plan) {
        return Unknown{"no plan"};
    }
    std::string why;
    const int y = year.value_or(c.plan.derivation->last_year);
    const Variable* v = variable(c, c.plan, m, VarKind::level, y, why);
    if (!v) {
        return Unknown{why};
    }
    const Measure level = measure_of(*c.plan.derivation, *v);
    if (!known(level)) {
        return Unknown{fmt::format("the level of `{}` in {} is unknown", m.metric.name, y)};
    }
    return level;
}

bool has_target(const Model& /*model*/, const PlanRef& p, const lang::MetricRef& ref) {
    // The plan's targets hold the declarations its file sees; match by name (or `aka`), since
    // another file may declare a metric of the same name.
    const auto named = [&](const Metric* m) {
        if (m == nullptr) {
            return false;
        }
        const auto& aka = m->decl->aka;
        return m->name() == ref.metric.name ||
               std::any_of(aka.begin(), aka.end(),
                           [&](const lang::Ident& a) { return a.name == ref.metric.name; });
    };
    for (const Target& t : p.plan->targets) {
        if (named(t.metric) && (!ref.scope || (t.decl->metric.scope &&
                                               t.decl->metric.scope->name == ref.scope->name))) {
            return true;
        }
    }
    return false;
}

Measure constant(double value, const Unit& unit) {
    return {value, value, value, unit};
}

Value call_host_function(const HostFunction& f, const std::vector<Measure>& args) {
    std::vector<double> values;
    std::vector<std::size_t> ranged; // the arguments with a range, whose corners are tried
    for (std::size_t i = 0; i < args.size(); ++i) {
        // The checker has compared the units it knew; a unit known only now is compared here.
        const Unit wanted = f.params[i].value_or(Unit{});
        std::string ignored;
        if (!compare(Quantity{1, args[i].unit}, Quantity{1, wanted}, ignored)) {
            return Unknown{fmt::format("argument {} of `{}` is {}, not {}", i + 1, f.name,
                                       args[i].unit.describe_with_symbol(),
                                       wanted.describe_with_symbol())};
        }
        values.push_back(args[i].value);
        if (args[i].lo != args[i].value || args[i].hi != args[i].value) {
            ranged.push_back(i);
        }
    }
    const auto result = f.impl(values);
    if (!result || std::isnan(*result)) {
        return Unknown{fmt::format("`{}` has no value for these arguments", f.name)};
    }
    Measure out = constant(*result, f.result);
    // Up to 4 ranged arguments: 16 calls. Beyond that, or where a corner has no value, the
    // range is unbounded: a point would claim a precision the arguments do not have.
    constexpr std::size_t max_ranged = 4;
    if (ranged.empty()) {
        return out;
    }
    if (ranged.size() > max_ranged) {
        out.lo = -inf;
        out.hi = inf;
        return out;
    }
    for (std::size_t corner = 0; corner < (std::size_t{1} << ranged.size()); ++corner) {
        std::vector<double> at = values;
        for (std::size_t k = 0; k < ranged.size(); ++k) {
            const Measure& a = args[ranged[k]];
            at[ranged[k]] = (corner >> k) & 1 ? a.hi : a.lo;
        }
        const auto y = f.impl(at);
        if (!y || std::isnan(*y)) {
            out.lo = -inf;
            out.hi = inf;
            return out;
        }
        out.lo = std::min(out.lo, *y);
        out.hi = std::max(out.hi, *y);
    }
    return out;
}

} // namespace ingot::runtime::detail
