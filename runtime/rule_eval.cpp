#include "runtime/rule_eval.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>

namespace ingot::runtime {

namespace {

using detail::constant;
using detail::MetricName;

constexpr double inf = std::numeric_limits<double>::infinity();

/// Equality of values that are not numbers: texts, truth values and plans.
bool same_value(const Value& a, const Value& b) {
    if (a.index() != b.index()) {
        return false;
    }
    if (const auto* x = std::get_if<bool>(&a)) {
        return *x == std::get<bool>(b);
    }
    if (const auto* x = std::get_if<std::string>(&a)) {
        return *x == std::get<std::string>(b);
    }
    if (const auto* x = std::get_if<PlanRef>(&a)) {
        return x->plan == std::get<PlanRef>(b).plan;
    }
    return false;
}

/// A bound read from the other side: `> x` negated is `< −x`.
Reading flipped(Reading r) {
    switch (r) {
    case Reading::above:
        return Reading::below;
    case Reading::at_least:
        return Reading::at_most;
    case Reading::below:
        return Reading::above;
    case Reading::at_most:
        return Reading::at_least;
    case Reading::point:
    case Reading::none:
        break;
    }
    return r;
}

bool exact(const Measure& m) {
    return m.reading == Reading::point && m.lo == m.value && m.hi == m.value;
}

class Evaluator {
public:
    explicit Evaluator(EvalContext& context) : c_(context) {}

    Value eval(const lang::Expr& e) {
        if (++c_.steps > c_.max_steps) {
            return Unknown{"the step limit was reached"};
        }
        Value v = std::visit([&](const auto& node) { return eval_node(node, e); }, e.kind);
        // Infinity or NaN never leaves an expression: the innermost one is reported, and the
        // value is unknown, so no finding rests on it.
        if (const auto* m = std::get_if<Measure>(&v); m != nullptr && !std::isfinite(m->value)) {
            number_problem(e.span,
                           "computes a number beyond the range of a number (about 1.8e308)");
            return Unknown{"a number out of range"};
        }
        return v;
    }

    void number_problem(const lang::SourceSpan& span, std::string what) {
        if (!c_.number_problem) {
            c_.number_problem = EvalContext::NumberProblem{span, std::move(what)};
        }
    }

private:
    Value eval_node(const lang::NumberExpr& n, const lang::Expr&) {
        if (!n.number.in_range) {
            return Unknown{"a number out of range"}; // reported by the parser
        }
        Unit unit;
        if (n.unit) {
            std::string ignored;
            unit = *units().lookup(n.unit->parts, ignored);
        }
        return constant(n.number.value * unit.scale, unit);
    }
    Value eval_node(const lang::StringExpr& s, const lang::Expr&) { return s.value.value; }
    Value eval_node(const lang::BoolExpr& b, const lang::Expr&) { return b.value; }

    Value eval_node(const lang::NameExpr& n, const lang::Expr&) {
        if (const auto it = c_.lets.find(n.name.name); it != c_.lets.end()) {
            return it->second;
        }
        if (n.name.name == "plan" && c_.plan.plan) {
            return c_.plan;
        }
        if (n.name.name == "plans") {
            return c_.plans;
        }
        if (n.name.name == "series") {
            return c_.series;
        }
        return detail::level_of(c_, MetricName{n.name, ""}, std::nullopt);
    }

    Value eval_node(const lang::MemberExpr& m, const lang::Expr&) {
        const Value object = eval(*m.object);
        const auto* p = std::get_if<PlanRef>(&object);
        if (!p) {
            return Unknown{"not a plan"};
        }
        const Plan& plan = *p->plan;
        const std::string& field = m.field.name;
        if (field == "name") {
            return plan.name();
        }
        if (field == "series") {
            return plan.series.value_or("");
        }
        if (field == "sector") {
            return plan.sector.value_or("");
        }
        if (field == "first_year" || field == "last_year") {
            if (!plan.period) {
                return Unknown{"the plan has no period"};
            }
            return constant(
                field == "first_year" ? plan.period->first.value : plan.period->last.value, Unit{});
        }
        for (const lang::Stmt& stmt : plan.decl->body) {
            if (const auto* f = std::get_if<lang::FieldStmt>(&stmt.kind);
                f && f->keyword.name == field) {
                if (const auto* s = std::get_if<lang::StringLit>(&f->value)) {
                    return s->value;
                }
            }
        }
        return Unknown{fmt::format("plan `{}` has no {}", plan.name(), field)};
    }

    /// A call resolves as the checker resolved it: a built-in, a host function, or a metric
    /// within a scope.
    Value eval_node(const lang::CallExpr& call, const lang::Expr& e) {
        if (const detail::Builtin* f = detail::find_builtin(call.callee.name)) {
            return call_builtin(*f, call);
        }
        if (const HostFunction* f = find_host_function(c_, call.callee.name)) {
            return call_host(*f, call);
        }
        return detail::level_of(c_, *detail::as_metric_name(e), std::nullopt);
    }

    Value call_builtin(const detail::Builtin& f, const lang::CallExpr& call) {
        detail::BuiltinArguments args{call, std::nullopt, {}, {}};
        switch (f.form) {
        case detail::ArgumentForm::metric_first:
            // Without a plan there is no figure: the years are not evaluated either.
            if (!c_.plan.plan) {
                return Unknown{"no plan"};
            }
            args.metric = detail::as_metric_name(call.args[0]);
            // A year that is unknown is passed on: the function falls back to its default year.
            for (std::size_t i = 1; i < call.args.size(); ++i) {
                args.values.push_back(eval(call.args[i]));
            }
            break;
        case detail::ArgumentForm::names:
        case detail::ArgumentForm::scopes:
            for (const lang::Expr& arg : call.args) {
                args.names.push_back(std::get<lang::NameExpr>(arg.kind).name.name);
            }
            break;
        case detail::ArgumentForm::any_value:
            args.values.push_back(eval(call.args[0]));
            break;
        case detail::ArgumentForm::predecessor: {
            Value v = in_predecessor(call.args[0]);
            if (std::holds_alternative<Unknown>(v)) {
                return v;
            }
            args.values.push_back(std::move(v));
            break;
        }
        case detail::ArgumentForm::values:
            for (const lang::Expr& arg : call.args) {
                args.values.push_back(eval(arg));
                if (const auto* u = std::get_if<Unknown>(&args.values.back())) {
                    return *u;
                }
            }
            break;
        }
        return f.impl(args, c_);
    }

    /// `previous(X)`: X evaluated for the plan the current plan `follows`, as if that plan were
    /// the current one (`plan` names it; `let` names keep the values they have here). What X
    /// reads there is not recorded: a finding points at the current plan's figures only.
    Value in_predecessor(const lang::Expr& x) {
        if (!c_.plan.plan) {
            return Unknown{"no plan"};
        }
        const Plan* before = c_.model->predecessor(*c_.plan.plan);
        const Derivation* derivation = before != nullptr && c_.derivations != nullptr
                                           ? c_.derivations->find(before->name())
                                           : nullptr;
        if (derivation == nullptr) {
            return Unknown{
                fmt::format("`{}` follows no plan of the analysis", c_.plan.plan->name())};
        }
        const PlanRef saved = c_.plan;
        const auto read = c_.read;
        const auto statements_read = c_.statements_read;
        c_.plan = PlanRef{before, derivation};
        Value v = eval(x);
        c_.plan = saved;
        c_.read = read;
        c_.statements_read = statements_read;
        return v;
    }

    Value call_host(const HostFunction& f, const lang::CallExpr& call) {
        std::vector<Measure> args;
        for (const lang::Expr& arg : call.args) {
            const Value v = eval(arg);
            if (const auto* u = std::get_if<Unknown>(&v)) {
                return *u;
            }
            // A `let` is typed only at evaluation, so the checker may not have seen its kind.
            const auto* m = std::get_if<Measure>(&v);
            if (!m) {
                return Unknown{fmt::format("an argument of `{}` is not a number", f.name)};
            }
            args.push_back(*m);
        }
        return detail::call_host_function(f, args);
    }

    Value eval_node(const lang::UnaryExpr& u, const lang::Expr&) {
        const Value v = eval(*u.operand);
        if (const auto* unknown = std::get_if<Unknown>(&v)) {
            return *unknown;
        }
        if (u.op == lang::UnaryOp::logical_not) {
            return !std::get<bool>(v);
        }
        const Measure& m = std::get<Measure>(v);
        Measure negated{-m.value, -m.hi, -m.lo, m.unit};
        negated.reading = flipped(m.reading);
        negated.lo_open = m.hi_open;
        negated.hi_open = m.lo_open;
        negated.change = m.change;
        return negated;
    }

    Value eval_node(const lang::BinaryExpr& b, const lang::Expr& e) {
        using Op = lang::BinaryOp;
        if (b.op == Op::logical_and || b.op == Op::logical_or) {
            Value l = eval(*b.lhs);
            if (const auto* x = std::get_if<bool>(&l)) {
                if ((b.op == Op::logical_and && !*x) || (b.op == Op::logical_or && *x)) {
                    return *x; // short circuit
                }
            }
            Value r = eval(*b.rhs);
            // Three-valued logic: a known operand that decides the result wins over an unknown
            // one, whichever side it is on (`unknown or true` is true).
            if (const auto* y = std::get_if<bool>(&r)) {
                if ((b.op == Op::logical_and && !*y) || (b.op == Op::logical_or && *y)) {
                    return *y;
                }
            }
            if (std::holds_alternative<Unknown>(l)) {
                return l;
            }
            if (std::holds_alternative<Unknown>(r)) {
                return r;
            }
            return std::get<bool>(r);
        }
        const Value l = eval(*b.lhs);
        const Value r = eval(*b.rhs);
        if (const auto* u = std::get_if<Unknown>(&l)) {
            return *u;
        }
        if (const auto* u = std::get_if<Unknown>(&r)) {
            return *u;
        }
        const auto* x = std::get_if<Measure>(&l);
        const auto* y = std::get_if<Measure>(&r);
        if (!x || !y) {
            const bool same = same_value(l, r);
            if (b.op == Op::equal) {
                return same;
            }
            if (b.op == Op::not_equal) {
                return !same;
            }
            return Unknown{"not numbers"};
        }
        const Quantity qx{x->value, x->unit};
        const Quantity qy{y->value, y->unit};
        std::string error;
        switch (b.op) {
        case Op::less:
        case Op::less_equal:
        case Op::greater:
        case Op::greater_equal:
        case Op::equal:
        case Op::not_equal: {
            const auto order = compare(qx, qy, error);
            if (!order) {
                return Unknown{error};
            }
            switch (b.op) {
            case Op::less:
                return *order < 0;
            case Op::less_equal:
                return *order <= 0;
            case Op::greater:
                return *order > 0;
            case Op::greater_equal:
                return *order >= 0;
            case Op::equal:
                return *order == 0;
            default:
                return *order != 0;
            }
        }
        default:
            break;
        }
        QuantityResult result;
        double lo = -inf;
        double hi = inf;
        bool lo_open = false;
        bool hi_open = false;
        // The extreme corners of a product or quotient, each open when an end it uses is.
        const auto corners = [&](double (*f)(double, double)) {
            const std::pair<double, bool> xs[] = {{x->lo, x->lo_open}, {x->hi, x->hi_open}};
            const std::pair<double, bool> ys[] = {{y->lo, y->lo_open}, {y->hi, y->hi_open}};
            lo = inf;
            hi = -inf;
            for (const auto& [xv, xo] : xs) {
                for (const auto& [yv, yo] : ys) {
                    const double p = f(xv, yv);
                    if (std::isnan(p)) { // 0 × ∞: nothing is known of the result's range
                        lo = -inf;
                        hi = inf;
                        lo_open = false;
                        hi_open = false;
                        return;
                    }
                    if (p < lo) {
                        lo = p;
                        lo_open = xo || yo;
                    }
                    if (p > hi) {
                        hi = p;
                        hi_open = xo || yo;
                    }
                }
            }
        };
        switch (b.op) {
        case Op::add:
            result = add(qx, qy);
            lo = x->lo + y->lo;
            hi = x->hi + y->hi;
            lo_open = x->lo_open || y->lo_open;
            hi_open = x->hi_open || y->hi_open;
            break;
        case Op::subtract: {
            result = subtract(qx, qy);
            const Measure d = difference(*x, *y);
            lo = d.lo;
            hi = d.hi;
            lo_open = d.lo_open;
            hi_open = d.hi_open;
            break;
        }
        case Op::multiply:
            result = multiply(qx, qy);
            corners([](double p, double q) { return p * q; });
            break;
        default: {
            if (y->value == 0) {
                number_problem(e.span, "divides by zero");
                return Unknown{"a division by zero"};
            }
            result = divide(qx, qy);
            if (y->lo > 0 || y->hi < 0) {
                corners([](double p, double q) { return p / q; });
            }
            break;
        }
        }
        if (!result.value) {
            return Unknown{result.error};
        }
        const auto fix = [](double v, double fallback) { return std::isnan(v) ? fallback : v; };
        Measure out{result.value->base_value, fix(lo, -inf), fix(hi, inf), result.value->unit};
        out.lo_open = std::isfinite(out.lo) && lo_open;
        out.hi_open = std::isfinite(out.hi) && hi_open;
        out.reading = combined_reading(b.op, *x, *y);
        return out;
    }

    bool holds(const lang::Predicate& p, const PlanRef& plan, const std::string& variable,
               std::optional<bool>& unknown) {
        if (const auto* has = std::get_if<lang::HasPredicate>(&p)) {
            return detail::has_target(*c_.model, plan, has->metric);
        }
        const auto saved_lets = c_.lets;
        const PlanRef saved_plan = c_.plan;
        c_.lets[variable] = plan;
        c_.plan = plan;
        const Value v = eval(*std::get<lang::WherePredicate>(p).condition);
        c_.lets = saved_lets;
        c_.plan = saved_plan;
        if (const auto* b = std::get_if<bool>(&v)) {
            return *b;
        }
        unknown = true;
        return false;
    }

    Value eval_node(const lang::QuantifierExpr& q, const lang::Expr&) {
        std::size_t satisfied = 0;
        for (const PlanRef& p : c_.plans.plans) {
            std::optional<bool> unknown;
            if (holds(q.predicate, p, q.variable.name, unknown)) {
                ++satisfied;
            }
        }
        if (past_step_limit()) {
            return Unknown{"the step limit was reached"}; // an unfinished count proves nothing
        }
        switch (q.quantifier) {
        case lang::Quantifier::every:
            return satisfied == c_.plans.plans.size();
        case lang::Quantifier::some:
            return satisfied > 0;
        case lang::Quantifier::none:
            return satisfied == 0;
        }
        return false;
    }

    Value eval_node(const lang::FilterExpr& f, const lang::Expr&) {
        PlanSet out;
        for (const PlanRef& p : c_.plans.plans) {
            std::optional<bool> unknown;
            if (holds(f.predicate, p, "plan", unknown)) {
                out.plans.push_back(p);
            }
        }
        if (past_step_limit()) {
            return Unknown{"the step limit was reached"};
        }
        return out;
    }

    bool past_step_limit() const { return c_.steps > c_.max_steps; }

    EvalContext& c_;
    /// The units the expression is written in: the engine's, else the built-in ones.
    const UnitRegistry& units() const { return units_of(c_); }
};

} // namespace

Value evaluate(const lang::Expr& e, EvalContext& context) {
    return Evaluator(context).eval(e);
}

Reading combined_reading(lang::BinaryOp op, const Measure& x, const Measure& y) {
    using Op = lang::BinaryOp;
    if (x.reading == Reading::point && y.reading == Reading::point) {
        return Reading::point;
    }
    if (x.reading == Reading::none || y.reading == Reading::none) {
        return Reading::none;
    }
    const bool bound_left = exact(y);
    const bool bound_right = exact(x);
    if (!bound_left && !bound_right) {
        return Reading::none;
    }
    const Reading r = bound_left ? x.reading : y.reading;
    const double other = bound_left ? y.value : x.value;
    switch (op) {
    case Op::add:
        return r;
    case Op::subtract:
        return bound_left ? r : flipped(r);
    case Op::multiply:
        return other > 0 ? r : other < 0 ? flipped(r) : Reading::point;
    case Op::divide:
        if (!bound_left) {
            return Reading::none; // c / x: the direction depends on the sign of x
        }
        return other > 0 ? r : other < 0 ? flipped(r) : Reading::none;
    default:
        break;
    }
    return Reading::none;
}

Measure difference(const Measure& x, const Measure& y) {
    Measure d{x.value - y.value, x.lo - y.hi, x.hi - y.lo, x.unit};
    d.lo_open = x.lo_open || y.hi_open;
    d.hi_open = x.hi_open || y.lo_open;
    d.reading = combined_reading(lang::BinaryOp::subtract, x, y);
    return d;
}

} // namespace ingot::runtime
