#include "runtime/eval.hpp"
#include "runtime/registry.hpp"

#include "lang/parser.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>

namespace ingot::runtime {

using lang::Diagnostic;
using lang::make_diagnostic;
using lang::Severity;

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

// ---- functions ------------------------------------------------------------------------------

/// The built-in functions: name, arity, and whether the first argument names a metric.
struct Function {
    std::string_view name;
    std::size_t min_args;
    std::size_t max_args;
    bool metric_argument;
    std::string_view signature;
};

constexpr Function functions[] = {
    {"growth", 1, 2, true, "growth(METRIC[, YEAR])"},
    {"level", 1, 2, true, "level(METRIC[, YEAR])"},
    {"cagr", 1, 3, true, "cagr(METRIC[, FROM[, TO]])"},
    {"has", 1, 1, true, "has(METRIC)"},
    {"count", 1, 1, false, "count(PLANS)"},
    {"min", 1, 16, false, "min(A, B, …)"},
    {"max", 1, 16, false, "max(A, B, …)"},
    {"abs", 1, 1, false, "abs(X)"},
    {"round", 1, 2, false, "round(X[, DIGITS])"},
    {"low", 1, 1, false, "low(X)"},
    {"high", 1, 1, false, "high(X)"},
    {"silent_on", 1, 1, false, "silent_on(NAME)"},
    {"outside", 2, 2, false, "outside(PLAN_SCOPE, REFERENCE_SCOPE)"},
};

const Function* find_function(std::string_view name) {
    for (const Function& f : functions) {
        if (f.name == name) {
            return &f;
        }
    }
    return nullptr;
}

/// The plan fields rules can read with `plan.FIELD`.
constexpr std::string_view plan_fields[] = {"name",   "title",  "original",   "document",
                                            "sector", "series", "first_year", "last_year"};

/// A metric named in an expression: `output` or `output(metals)`.
struct MetricName {
    lang::Ident metric;
    std::string scope;
};

std::optional<MetricName> as_metric_name(const lang::Expr& e) {
    if (const auto* n = std::get_if<lang::NameExpr>(&e.kind)) {
        return MetricName{n->name, ""};
    }
    if (const auto* c = std::get_if<lang::CallExpr>(&e.kind)) {
        if (c->args.size() == 1 && !find_function(c->callee.name)) {
            if (const auto* scope = std::get_if<lang::NameExpr>(&c->args[0].kind)) {
                return MetricName{c->callee, scope->name.name};
            }
        }
    }
    return std::nullopt;
}

// ---- static types ---------------------------------------------------------------------------

struct Type {
    enum class Kind { any, quantity, boolean, string, plan, plans, names } kind = Kind::any;
    std::optional<Unit> unit; // for quantities; none = not known statically
};

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

class Checker {
public:
    Checker(const EvalContext& context, std::map<std::string, Type> names,
            std::vector<Diagnostic>& out)
        : context_(context), names_(std::move(names)), out_(out) {}

    std::optional<Type> check(const lang::Expr& e) {
        return std::visit([&](const auto& node) { return check_node(node, e); }, e.kind);
    }

    bool expect(const lang::Expr& e, Type::Kind kind, std::string_view where) {
        const auto t = check(e);
        if (!t) {
            return false;
        }
        if (t->kind != kind && t->kind != Type::Kind::any) {
            error(check::invalid_rule,
                  fmt::format("{} needs {}, found {}", where, kind_name(kind), kind_name(t->kind)),
                  e.span);
            return false;
        }
        return true;
    }

private:
    void error(std::string_view id, std::string message, lang::SourceSpan span,
               std::optional<std::string> help = std::nullopt) {
        Diagnostic d = make_diagnostic(Severity::error, id, std::move(message), span);
        d.help = std::move(help);
        out_.push_back(std::move(d));
    }

    const Metric* metric(const lang::Ident& name) {
        const auto it = context_.model->metric_names.find(name.name);
        const auto visible = context_.workspace->visible_files(context_.file);
        if (it != context_.model->metric_names.end() &&
            std::find(visible.begin(), visible.end(), it->second->file) != visible.end()) {
            return it->second;
        }
        return nullptr;
    }

    std::optional<Type> unknown_name(const lang::Ident& name, std::string_view what) {
        std::vector<std::string> candidates;
        for (const auto& [n, t] : names_) {
            candidates.push_back(n);
        }
        for (const auto& [n, m] : context_.model->metric_names) {
            candidates.push_back(n);
        }
        for (const Function& f : functions) {
            candidates.emplace_back(f.name);
        }
        const auto suggestion = did_you_mean(name.name, candidates);
        error(check::unknown_name, fmt::format("unknown {} `{}`", what, name.name), name.span,
              suggestion ? std::optional(fmt::format("did you mean `{}`?", *suggestion))
                         : std::nullopt);
        return std::nullopt;
    }

    std::optional<Type> metric_level(const lang::Ident& name) {
        const Metric* m = metric(name);
        if (!m) {
            return unknown_name(name, "metric");
        }
        std::string ignored;
        return Type{Type::Kind::quantity, registry_.lookup(m->decl->unit.parts, ignored)};
    }

    std::optional<Type> check_node(const lang::NumberExpr& n, const lang::Expr&) {
        if (!n.unit) {
            return Type{Type::Kind::quantity, Unit{}};
        }
        std::string message;
        auto u = registry_.lookup(n.unit->parts, message);
        if (!u) {
            error(check::unknown_name, message, n.unit->span);
            return std::nullopt;
        }
        return Type{Type::Kind::quantity, u};
    }
    std::optional<Type> check_node(const lang::StringExpr&, const lang::Expr&) {
        return Type{Type::Kind::string, {}};
    }
    std::optional<Type> check_node(const lang::BoolExpr&, const lang::Expr&) {
        return Type{Type::Kind::boolean, {}};
    }
    std::optional<Type> check_node(const lang::NameExpr& n, const lang::Expr&) {
        if (const auto it = names_.find(n.name.name); it != names_.end()) {
            return it->second;
        }
        if (metric(n.name)) {
            return metric_level(n.name);
        }
        return unknown_name(n.name, "name");
    }
    std::optional<Type> check_node(const lang::MemberExpr& m, const lang::Expr&) {
        const auto object = check(*m.object);
        if (!object) {
            return std::nullopt;
        }
        if (object->kind != Type::Kind::plan && object->kind != Type::Kind::any) {
            error(check::invalid_rule,
                  fmt::format("only plans have fields, and this is {}", kind_name(object->kind)),
                  m.object->span);
            return std::nullopt;
        }
        if (std::find(std::begin(plan_fields), std::end(plan_fields), m.field.name) ==
            std::end(plan_fields)) {
            std::vector<std::string> candidates(std::begin(plan_fields), std::end(plan_fields));
            const auto suggestion = did_you_mean(m.field.name, candidates);
            error(check::unknown_name, fmt::format("plans have no field `{}`", m.field.name),
                  m.field.span,
                  suggestion ? std::optional(fmt::format("did you mean `{}`?", *suggestion))
                             : std::optional<std::string>(
                                   "fields are name, title, original, document, sector, series, "
                                   "first_year, last_year"));
            return std::nullopt;
        }
        if (m.field.name == "first_year" || m.field.name == "last_year") {
            return Type{Type::Kind::quantity, Unit{}};
        }
        return Type{Type::Kind::string, {}};
    }
    std::optional<Type> check_node(const lang::CallExpr& c, const lang::Expr& e) {
        const Function* f = find_function(c.callee.name);
        if (!f) {
            if (const auto m = as_metric_name(e); m && metric(m->metric)) {
                return metric_level(m->metric);
            }
            return unknown_name(c.callee, "function");
        }
        if (c.args.size() < f->min_args || c.args.size() > f->max_args) {
            error(check::invalid_rule,
                  fmt::format("`{}` takes {}{} argument{}, given {}", f->name, f->min_args,
                              f->max_args > f->min_args ? fmt::format(" to {}", f->max_args) : "",
                              f->max_args == 1 ? "" : "s", c.args.size()),
                  e.span, fmt::format("write {}", f->signature));
            return std::nullopt;
        }
        std::size_t first_value = 0;
        if (f->metric_argument) {
            const auto m = as_metric_name(c.args[0]);
            if (!m) {
                error(check::invalid_rule, fmt::format("`{}` needs a metric name first", f->name),
                      c.args[0].span, fmt::format("write {}", f->signature));
                return std::nullopt;
            }
            if (!metric(m->metric)) {
                return unknown_name(m->metric, "metric");
            }
            first_value = 1;
        }
        if (f->name == "silent_on" || f->name == "outside") {
            // Arguments are bare names: a topic, or two scopes. They are not evaluated.
            for (const lang::Expr& arg : c.args) {
                if (!std::holds_alternative<lang::NameExpr>(arg.kind)) {
                    error(check::invalid_rule, fmt::format("`{}` takes names", f->name), arg.span,
                          fmt::format("write {}", f->signature));
                    return std::nullopt;
                }
            }
            if (f->name == "silent_on") {
                return Type{Type::Kind::boolean, {}};
            }
            const auto& reference = std::get<lang::NameExpr>(c.args[1].kind).name;
            if (!context_.model->reference_scopes.contains(reference.name)) {
                std::vector<std::string> candidates;
                for (const auto& [n, s] : context_.model->reference_scopes) {
                    candidates.push_back(n);
                }
                const auto suggestion = did_you_mean(reference.name, candidates);
                error(check::unknown_name,
                      fmt::format("unknown reference scope `{}`", reference.name), reference.span,
                      suggestion ? std::optional(fmt::format("did you mean `{}`?", *suggestion))
                                 : std::optional<std::string>(
                                       "declare it at the top level of a rulebook: `scope NAME { "
                                       "a, b }`"));
                return std::nullopt;
            }
            return Type{Type::Kind::names, {}};
        }
        std::vector<Type> args;
        for (std::size_t i = first_value; i < c.args.size(); ++i) {
            const auto t = check(c.args[i]);
            if (!t) {
                return std::nullopt;
            }
            args.push_back(*t);
        }
        const std::string_view name = f->name;
        if (name == "growth" || name == "cagr") {
            return Type{Type::Kind::quantity, rate_unit()};
        }
        if (name == "level") {
            return metric_level(as_metric_name(c.args[0])->metric);
        }
        if (name == "has") {
            return Type{Type::Kind::boolean, {}};
        }
        if (name == "count") {
            if (args[0].kind != Type::Kind::plans && args[0].kind != Type::Kind::names &&
                args[0].kind != Type::Kind::any) {
                error(check::invalid_rule,
                      "`count` counts plans or names, such as `count(plans with value_added)`",
                      c.args[0].span);
                return std::nullopt;
            }
            return Type{Type::Kind::quantity, Unit{}};
        }
        for (std::size_t i = 0; i < args.size(); ++i) {
            if (args[i].kind != Type::Kind::quantity && args[i].kind != Type::Kind::any) {
                error(check::invalid_rule, fmt::format("`{}` needs numbers", name),
                      c.args[i + first_value].span);
                return std::nullopt;
            }
        }
        if ((name == "min" || name == "max") && args.size() > 1) {
            for (std::size_t i = 1; i < args.size(); ++i) {
                if (args[0].unit && args[i].unit && !compatible(*args[0].unit, *args[i].unit)) {
                    mismatch(fmt::format("`{}` of {} and {}", name, args[0].unit->describe(),
                                         args[i].unit->describe()),
                             c.args[0].span, *args[0].unit, c.args[i].span, *args[i].unit);
                    return std::nullopt;
                }
            }
        }
        return args[0];
    }
    std::optional<Type> check_node(const lang::UnaryExpr& u, const lang::Expr&) {
        if (u.op == lang::UnaryOp::logical_not) {
            return expect(*u.operand, Type::Kind::boolean, "`not`")
                       ? std::optional(Type{Type::Kind::boolean, {}})
                       : std::nullopt;
        }
        const auto t = check(*u.operand);
        if (t && t->kind != Type::Kind::quantity && t->kind != Type::Kind::any) {
            error(check::invalid_rule,
                  fmt::format("`-` needs a number, found {}", kind_name(t->kind)), u.operand->span);
            return std::nullopt;
        }
        return t;
    }

    static bool compatible(const Unit& a, const Unit& b) {
        std::string ignored;
        return compare(Quantity{1, a}, Quantity{1, b}, ignored).has_value();
    }

    void mismatch(std::string message, lang::SourceSpan a, const Unit& ua, lang::SourceSpan b,
                  const Unit& ub) {
        Diagnostic d = make_diagnostic(Severity::error, check::unit_mismatch, std::move(message), a,
                                       ua.describe());
        d.secondary.push_back({b, ub.describe()});
        out_.push_back(std::move(d));
    }

    std::optional<Type> check_node(const lang::BinaryExpr& b, const lang::Expr& e) {
        using Op = lang::BinaryOp;
        if (b.op == Op::logical_and || b.op == Op::logical_or) {
            const bool l =
                expect(*b.lhs, Type::Kind::boolean, b.op == Op::logical_and ? "`and`" : "`or`");
            const bool r =
                expect(*b.rhs, Type::Kind::boolean, b.op == Op::logical_and ? "`and`" : "`or`");
            return l && r ? std::optional(Type{Type::Kind::boolean, {}}) : std::nullopt;
        }
        const auto l = check(*b.lhs);
        const auto r = check(*b.rhs);
        if (!l || !r) {
            return std::nullopt;
        }
        if (b.op == Op::equal || b.op == Op::not_equal) {
            if (l->kind != r->kind && l->kind != Type::Kind::any && r->kind != Type::Kind::any) {
                error(check::invalid_rule,
                      fmt::format("cannot compare {} with {}", kind_name(l->kind),
                                  kind_name(r->kind)),
                      e.span);
                return std::nullopt;
            }
        }
        const bool comparison = b.op == Op::less || b.op == Op::less_equal || b.op == Op::greater ||
                                b.op == Op::greater_equal || b.op == Op::equal ||
                                b.op == Op::not_equal;
        if (l->kind == Type::Kind::quantity && r->kind == Type::Kind::quantity && l->unit &&
            r->unit) {
            const Quantity a{1, *l->unit};
            const Quantity c{1, *r->unit};
            if (comparison) {
                std::string message;
                if (!compare(a, c, message)) {
                    mismatch(message, b.lhs->span, *l->unit, b.rhs->span, *r->unit);
                    return std::nullopt;
                }
                return Type{Type::Kind::boolean, {}};
            }
            QuantityResult result;
            switch (b.op) {
            case Op::add:
                result = add(a, c);
                break;
            case Op::subtract:
                result = subtract(a, c);
                break;
            case Op::multiply:
                result = multiply(a, c);
                break;
            default:
                result = divide(a, c);
                break;
            }
            if (!result.value) {
                mismatch(result.error, b.lhs->span, *l->unit, b.rhs->span, *r->unit);
                return std::nullopt;
            }
            return Type{Type::Kind::quantity, result.value->unit};
        }
        if (comparison) {
            if ((b.op != Op::equal && b.op != Op::not_equal) &&
                ((l->kind != Type::Kind::quantity && l->kind != Type::Kind::any) ||
                 (r->kind != Type::Kind::quantity && r->kind != Type::Kind::any))) {
                error(check::invalid_rule, "only numbers can be ordered with `<`, `>`, `<=`, `>=`",
                      e.span);
                return std::nullopt;
            }
            return Type{Type::Kind::boolean, {}};
        }
        for (const auto& [side, span] : {std::pair{*l, b.lhs->span}, std::pair{*r, b.rhs->span}}) {
            if (side.kind != Type::Kind::quantity && side.kind != Type::Kind::any) {
                error(check::invalid_rule,
                      fmt::format("arithmetic needs numbers, found {}", kind_name(side.kind)),
                      span);
                return std::nullopt;
            }
        }
        return Type{Type::Kind::quantity, std::nullopt};
    }

    bool check_predicate(const lang::Predicate& p) {
        if (const auto* has = std::get_if<lang::HasPredicate>(&p)) {
            if (!metric(has->metric.metric)) {
                unknown_name(has->metric.metric, "metric");
                return false;
            }
            return true;
        }
        return expect(*std::get<lang::WherePredicate>(p).condition, Type::Kind::boolean, "`where`");
    }

    std::optional<Type> check_node(const lang::QuantifierExpr& q, const lang::Expr&) {
        auto saved = names_;
        names_[q.variable.name] = Type{Type::Kind::plan, {}};
        const bool ok = check_predicate(q.predicate);
        names_ = std::move(saved);
        return ok ? std::optional(Type{Type::Kind::boolean, {}}) : std::nullopt;
    }
    std::optional<Type> check_node(const lang::FilterExpr& f, const lang::Expr&) {
        if (f.collection.name != "plans") {
            error(
                check::unknown_name,
                fmt::format("unknown collection `{}`; rules can filter `plans`", f.collection.name),
                f.collection.span);
            return std::nullopt;
        }
        auto saved = names_;
        names_["plan"] = Type{Type::Kind::plan, {}};
        const bool ok = check_predicate(f.predicate);
        names_ = std::move(saved);
        return ok ? std::optional(Type{Type::Kind::plans, {}}) : std::nullopt;
    }

    const EvalContext& context_;
    std::map<std::string, Type> names_;
    std::vector<Diagnostic>& out_;
    UnitRegistry registry_;
};

// ---- evaluation -----------------------------------------------------------------------------

Measure constant(double value, const Unit& unit) {
    return {value, value, value, unit};
}

/// Whether a plan sets a target on the metric (within the scope, when one is named).
bool has_target(const Model& model, const PlanRef& p, const lang::MetricRef& ref) {
    const auto it = model.metric_names.find(ref.metric.name);
    const Metric* m = it == model.metric_names.end() ? nullptr : it->second;
    for (const Target& t : p.plan->targets) {
        if (m && t.metric == m &&
            (!ref.scope ||
             (t.decl->metric.scope && t.decl->metric.scope->name == ref.scope->name))) {
            return true;
        }
    }
    return false;
}

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

class Evaluator {
public:
    explicit Evaluator(EvalContext& context) : c_(context) {}

    Value eval(const lang::Expr& e) {
        if (++c_.steps > c_.max_steps) {
            return Unknown{"the step limit was reached"};
        }
        return std::visit([&](const auto& node) { return eval_node(node, e); }, e.kind);
    }

private:
    const Metric* metric(const std::string& name) const {
        const auto it = c_.model->metric_names.find(name);
        return it == c_.model->metric_names.end() ? nullptr : it->second;
    }

    /// The variable behind `metric` in the current plan, recording where its figures came from.
    const Variable* variable(const PlanRef& plan, const MetricName& m, VarKind kind, int year,
                             std::string& why) {
        const Metric* found = metric(m.metric.name);
        if (!found || !plan.derivation) {
            why = fmt::format("no metric `{}`", m.metric.name);
            return nullptr;
        }
        const std::string series = plan.derivation->series_for(found->name(), m.scope);
        if (series.empty()) {
            why =
                fmt::format("plan `{}` has no figures for `{}`", plan.plan->name(), m.metric.name);
            return nullptr;
        }
        const Variable* v = plan.derivation->find(series, kind, year);
        if (!v) {
            why = fmt::format("plan `{}` has no {} for `{}`", plan.plan->name(),
                              kind == VarKind::level ? "level" : "growth", m.metric.name);
            return nullptr;
        }
        for (const Bound* b : {&v->range.lo, &v->range.hi}) {
            c_.read.insert(b->because.begin(), b->because.end());
        }
        return v;
    }

    Value eval_node(const lang::NumberExpr& n, const lang::Expr&) {
        Unit unit;
        if (n.unit) {
            std::string ignored;
            unit = *registry_.lookup(n.unit->parts, ignored);
        }
        return constant(n.number.value * unit.scale, unit);
    }
    Value eval_node(const lang::StringExpr& s, const lang::Expr&) { return s.value.value; }
    Value eval_node(const lang::BoolExpr& b, const lang::Expr&) { return b.value; }

    Value level_of(const MetricName& m, std::optional<int> year) {
        if (!c_.plan.plan) {
            return Unknown{"no plan"};
        }
        std::string why;
        const int y = year.value_or(c_.plan.derivation->last_year);
        const Variable* v = variable(c_.plan, m, VarKind::level, y, why);
        if (!v) {
            return Unknown{why};
        }
        const auto value = representative(*v);
        if (!value) {
            return Unknown{fmt::format("the level of `{}` in {} is unknown", m.metric.name, y)};
        }
        Unit unit;
        if (const auto it = c_.plan.derivation->display_units.find(v->series);
            it != c_.plan.derivation->display_units.end()) {
            unit = it->second;
        }
        return Measure{*value, v->range.lo.value, v->range.hi.value, unit};
    }

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
        return level_of(MetricName{n.name, ""}, std::nullopt);
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

    std::optional<int> year_argument(const lang::Expr& e) {
        const Value v = eval(e);
        if (const auto* m = std::get_if<Measure>(&v)) {
            return static_cast<int>(std::lround(m->value));
        }
        return std::nullopt;
    }

    /// Average yearly growth from the level or factor variables: ((F)^(1/n) − 1) with its range.
    static Measure average_growth(double f, double lo, double hi, int years) {
        const auto root = [&](double x) {
            if (x <= 0) {
                return -1.0;
            }
            return std::isinf(x) ? inf : std::pow(x, 1.0 / years) - 1;
        };
        return {root(f), root(lo), root(hi), rate_unit()};
    }

    bool has_target(const PlanRef& p, const lang::MetricRef& ref) const {
        return runtime::has_target(*c_.model, p, ref);
    }

    Value eval_node(const lang::CallExpr& call, const lang::Expr& e) {
        const Function* f = find_function(call.callee.name);
        if (!f) {
            return level_of(*as_metric_name(e), std::nullopt);
        }
        const std::string_view name = f->name;
        if (f->metric_argument) {
            const MetricName m = *as_metric_name(call.args[0]);
            if (!c_.plan.plan) {
                return Unknown{"no plan"};
            }
            const Derivation& d = *c_.plan.derivation;
            if (name == "has") {
                lang::MetricRef ref{m.metric, std::nullopt, m.metric.span};
                if (!m.scope.empty()) {
                    ref.scope = lang::Ident{m.scope, m.metric.span};
                }
                return has_target(c_.plan, ref);
            }
            if (name == "level") {
                return level_of(m,
                                call.args.size() > 1 ? year_argument(call.args[1]) : std::nullopt);
            }
            std::string why;
            if (name == "growth" && call.args.size() > 1) {
                const auto year = year_argument(call.args[1]);
                const Variable* v =
                    year ? variable(c_.plan, m, VarKind::factor, *year, why) : nullptr;
                if (!v) {
                    return Unknown{why};
                }
                const auto value = representative(*v);
                if (!value) {
                    return Unknown{fmt::format("the growth of `{}` is unknown", m.metric.name)};
                }
                return average_growth(*value, v->range.lo.value, v->range.hi.value, 1);
            }
            // growth over the period, or cagr between two years
            const int from = name == "cagr" && call.args.size() > 1
                                 ? year_argument(call.args[1]).value_or(d.base_year)
                                 : d.base_year;
            const int to = name == "cagr" && call.args.size() > 2
                               ? year_argument(call.args[2]).value_or(d.last_year)
                               : d.last_year;
            if (to <= from) {
                return Unknown{"the years are in the wrong order"};
            }
            if (from == d.base_year && to == d.last_year) {
                const Variable* v = variable(c_.plan, m, VarKind::cumulative, 0, why);
                if (!v) {
                    return Unknown{why};
                }
                const auto value = representative(*v);
                if (!value) {
                    return Unknown{fmt::format("the growth of `{}` over the period is unknown",
                                               m.metric.name)};
                }
                return average_growth(*value, v->range.lo.value, v->range.hi.value, to - from);
            }
            const Variable* a = variable(c_.plan, m, VarKind::level, from, why);
            const Variable* b = a ? variable(c_.plan, m, VarKind::level, to, why) : nullptr;
            const auto va = a ? representative(*a) : std::nullopt;
            const auto vb = b ? representative(*b) : std::nullopt;
            if (!va || !vb || *va == 0) {
                return Unknown{why.empty()
                                   ? fmt::format("the levels of `{}` are unknown", m.metric.name)
                                   : why};
            }
            const double lo = a->range.hi.value > 0 ? b->range.lo.value / a->range.hi.value : -inf;
            const double hi = a->range.lo.value > 0 ? b->range.hi.value / a->range.lo.value : inf;
            return average_growth(*vb / *va, lo, hi, to - from);
        }
        if (name == "silent_on" || name == "outside") {
            return names_function(call, name);
        }
        std::vector<Value> args;
        for (const lang::Expr& arg : call.args) {
            args.push_back(eval(arg));
            if (const auto* u = std::get_if<Unknown>(&args.back())) {
                return *u;
            }
        }
        if (name == "count") {
            if (const auto* names = std::get_if<Names>(&args[0])) {
                return constant(static_cast<double>(names->items.size()), Unit{});
            }
            const auto& set = std::get<PlanSet>(args[0]);
            return constant(static_cast<double>(set.plans.size()), Unit{});
        }
        Measure m = std::get<Measure>(args[0]);
        if (name == "min" || name == "max") {
            for (std::size_t i = 1; i < args.size(); ++i) {
                const Measure& other = std::get<Measure>(args[i]);
                const bool take = name == "min" ? other.value < m.value : other.value > m.value;
                if (take) {
                    m = other;
                }
            }
            return m;
        }
        if (name == "abs") {
            return Measure{std::abs(m.value),
                           m.lo <= 0 && m.hi >= 0 ? 0 : std::min(std::abs(m.lo), std::abs(m.hi)),
                           std::max(std::abs(m.lo), std::abs(m.hi)), m.unit};
        }
        if (name == "low") {
            return constant(m.lo, m.unit);
        }
        if (name == "high") {
            return constant(m.hi, m.unit);
        }
        // round(x[, digits]): in the unit the value is shown in
        const int digits = args.size() > 1 ? static_cast<int>(std::get<Measure>(args[1]).value) : 0;
        const double factor = std::pow(10.0, digits);
        const double shown = std::round(m.value / m.unit.scale * factor) / factor;
        Measure rounded = constant(shown * m.unit.scale, m.unit);
        rounded.decimals = std::max(0, digits);
        return rounded;
    }

    /// `silent_on(TOPIC)` and `outside(PLAN_SCOPE, REFERENCE_SCOPE)`: their arguments are names.
    Value names_function(const lang::CallExpr& call, std::string_view name) {
        if (!c_.plan.plan) {
            return Unknown{"no plan"};
        }
        const std::string& first = std::get<lang::NameExpr>(call.args[0].kind).name.name;
        if (name == "silent_on") {
            for (const lang::ListStmt* l : c_.plan.plan->silent_on) {
                for (const lang::Ident& item : l->items) {
                    if (item.name == first) {
                        c_.statements_read.push_back(l->span);
                        return true;
                    }
                }
            }
            return false;
        }
        const auto scope = c_.plan.plan->scopes.find(first);
        if (scope == c_.plan.plan->scopes.end()) {
            return Unknown{fmt::format("plan `{}` has no scope `{}`", c_.plan.plan->name(), first)};
        }
        const lang::ScopeStmt& reference =
            *c_.model->reference_scopes.at(std::get<lang::NameExpr>(call.args[1].kind).name.name);
        c_.statements_read.push_back(scope->second->span);
        Names out;
        for (const lang::Ident& item : scope->second->items) {
            const bool listed =
                std::any_of(reference.items.begin(), reference.items.end(),
                            [&](const lang::Ident& r) { return r.name == item.name; });
            if (!listed) {
                out.items.push_back(item.name);
            }
        }
        return out;
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
        return Measure{-m.value, -m.hi, -m.lo, m.unit};
    }

    Value eval_node(const lang::BinaryExpr& b, const lang::Expr&) {
        using Op = lang::BinaryOp;
        if (b.op == Op::logical_and || b.op == Op::logical_or) {
            const Value l = eval(*b.lhs);
            if (const auto* x = std::get_if<bool>(&l)) {
                if ((b.op == Op::logical_and && !*x) || (b.op == Op::logical_or && *x)) {
                    return *x; // short circuit
                }
            }
            const Value r = eval(*b.rhs);
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
        switch (b.op) {
        case Op::add:
            result = add(qx, qy);
            lo = x->lo + y->lo;
            hi = x->hi + y->hi;
            break;
        case Op::subtract:
            result = subtract(qx, qy);
            lo = x->lo - y->hi;
            hi = x->hi - y->lo;
            break;
        case Op::multiply: {
            result = multiply(qx, qy);
            const double p[] = {x->lo * y->lo, x->lo * y->hi, x->hi * y->lo, x->hi * y->hi};
            lo = *std::min_element(std::begin(p), std::end(p));
            hi = *std::max_element(std::begin(p), std::end(p));
            break;
        }
        default: {
            result = divide(qx, qy);
            if (y->lo > 0 || y->hi < 0) {
                const double p[] = {x->lo / y->lo, x->lo / y->hi, x->hi / y->lo, x->hi / y->hi};
                lo = *std::min_element(std::begin(p), std::end(p));
                hi = *std::max_element(std::begin(p), std::end(p));
            }
            break;
        }
        }
        if (!result.value) {
            return Unknown{result.error};
        }
        const auto fix = [](double v, double fallback) { return std::isnan(v) ? fallback : v; };
        return Measure{result.value->base_value, fix(lo, -inf), fix(hi, inf), result.value->unit};
    }

    bool holds(const lang::Predicate& p, const PlanRef& plan, const std::string& variable,
               std::optional<bool>& unknown) {
        if (const auto* has = std::get_if<lang::HasPredicate>(&p)) {
            return has_target(plan, has->metric);
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
        return out;
    }

    EvalContext& c_;
    UnitRegistry registry_;
};

} // namespace

std::string to_text(const Value& v, int digits) {
    if (const auto* m = std::get_if<Measure>(&v)) {
        if (m->decimals >= 0) {
            const std::string number =
                fmt::format("{:.{}f}", m->value / m->unit.scale, m->decimals);
            return m->unit.symbol.empty() ? number : number + " " + m->unit.symbol;
        }
        return format_value(m->value / m->unit.scale, m->unit, digits);
    }
    if (const auto* b = std::get_if<bool>(&v)) {
        return *b ? "true" : "false";
    }
    if (const auto* s = std::get_if<std::string>(&v)) {
        return *s;
    }
    if (const auto* p = std::get_if<PlanRef>(&v)) {
        return p->plan->name();
    }
    if (const auto* names = std::get_if<Names>(&v)) {
        return fmt::format("{}", fmt::join(names->items, ", "));
    }
    if (const auto* set = std::get_if<PlanSet>(&v)) {
        std::vector<std::string> names;
        for (const PlanRef& p : set->plans) {
            names.push_back(p.plan->name());
        }
        return fmt::format("{}", fmt::join(names, ", "));
    }
    return "unknown";
}

std::string to_text_with_range(const Value& v, int digits) {
    const auto* m = std::get_if<Measure>(&v);
    if (!m || (m->lo == m->value && m->hi == m->value)) {
        if (const auto* u = std::get_if<Unknown>(&v)) {
            return "unknown: " + u->why;
        }
        return to_text(v, digits);
    }
    const auto number = [&](double x, int d) { return format_value(x / m->unit.scale, Unit{}, d); };
    // Enough digits that the ends of a narrow range read differently.
    int d = digits;
    while (d < 10 && !std::isinf(m->lo) && !std::isinf(m->hi) && m->lo != m->hi &&
           number(m->lo, d) == number(m->hi, d)) {
        ++d;
    }
    const std::string unit = m->unit.symbol.empty() ? "" : " " + m->unit.symbol;
    std::string range;
    if (std::isinf(m->lo) && std::isinf(m->hi)) {
        range = "unbounded";
    } else if (std::isinf(m->hi)) {
        range = ">= " + number(m->lo, d) + unit;
    } else if (std::isinf(m->lo)) {
        range = "<= " + number(m->hi, d) + unit;
    } else {
        range = fmt::format("{} … {}{}", number(m->lo, d), number(m->hi, d), unit);
    }
    return fmt::format("{}{} (range {})", number(m->value, d), unit, range);
}

bool check_expression(const lang::Expr& e, const EvalContext& context,
                      const std::set<std::string>& names, std::vector<lang::Diagnostic>& out) {
    std::map<std::string, Type> typed;
    for (const std::string& n : names) {
        typed[n] = Type{};
    }
    const std::size_t before = out.size();
    Checker(context, typed, out).check(e);
    return out.size() == before;
}

Value evaluate(const lang::Expr& e, EvalContext& context) {
    return Evaluator(context).eval(e);
}

// ---- rules ----------------------------------------------------------------------------------

namespace {

class RuleRunner {
public:
    RuleRunner(const Model& model, const Derivations& derivations, Workspace& ws)
        : model_(model), derivations_(derivations), ws_(ws) {}

    void run(const lang::RuleDecl& rule) {
        const lang::FileId file = rule.span.file;
        EvalContext base;
        base.model = &model_;
        base.workspace = &ws_;
        base.file = file;
        base.derivations = &derivations_;
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
                return d.id == "syntax" && d.primary.span.file == file &&
                       d.primary.span.begin >= rule.span.begin &&
                       d.primary.span.begin < rule.span.end;
            });
        if (broken || !check(rule, base, series_rule)) {
            return;
        }
        const lang::Severity severity = *lang::parse_severity(rule.severity.name);
        std::vector<PlanRef> visible;
        for (const Plan& plan : model_.plans) {
            const auto files = ws_.visible_files(plan.file);
            if (std::find(files.begin(), files.end(), file) != files.end()) {
                visible.push_back({&plan, derivations_.find(plan.name())});
            }
        }
        if (!series_rule) {
            for (const PlanRef& plan : visible) {
                EvalContext context = base;
                context.plan = plan;
                context.plans = siblings(plan.plan->series);
                context.series = plan.plan->series.value_or("");
                evaluate_rule(rule, severity, context, plan);
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
    void report(Diagnostic d) { ws_.diagnostics.push_back(std::move(d)); }

    PlanSet siblings(const std::optional<std::string>& series) const {
        PlanSet out;
        for (const Plan& p : model_.plans) {
            if (p.series == series) {
                out.plans.push_back({&p, derivations_.find(p.name())});
            }
        }
        return out;
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
        std::map<std::string, Type> typed;
        for (const std::string& n : names) {
            typed[n] = Type{};
        }
        typed["plans"] = Type{Type::Kind::plans, {}};
        typed["series"] = Type{Type::Kind::string, {}};
        if (names.contains("plan")) {
            typed["plan"] = Type{Type::Kind::plan, {}};
        }
        Checker(context, typed, found).expect(e, Type::Kind::boolean, where);
    }

    std::string message(const lang::RuleDecl& rule, EvalContext& context) {
        for (const lang::RuleStmt& stmt : rule.body) {
            if (const auto* m = std::get_if<lang::MessageStmt>(&stmt)) {
                std::string out;
                for (const auto& part : m->text.parts) {
                    if (const auto* text = std::get_if<std::string>(&part)) {
                        out += *text;
                    } else {
                        out += to_text(evaluate(std::get<lang::Expr>(part), context));
                    }
                }
                return out;
            }
        }
        return fmt::format("rule `{}` applies", rule.name.name);
    }

    /// Evaluates lets and conditions; returns whether the rule fires, or nullopt when a figure it
    /// needs is unknown (then it does not apply).
    std::optional<bool> fires(const lang::RuleDecl& rule, EvalContext& context) {
        bool any_require_failed = false;
        bool has_require = false;
        for (const lang::RuleStmt& stmt : rule.body) {
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

    void step_limit(const lang::RuleDecl& rule, const EvalContext& context) {
        if (context.steps > context.max_steps) {
            report(make_diagnostic(Severity::error, check::invalid_rule,
                                   fmt::format("rule `{}` stopped at the limit of {} evaluation "
                                               "steps",
                                               rule.name.name, context.max_steps),
                                   rule.name.span));
        }
    }

    void evaluate_rule(const lang::RuleDecl& rule, Severity severity, EvalContext& context,
                       const PlanRef& plan) {
        const auto fired = fires(rule, context);
        step_limit(rule, context);
        if (!fired || !*fired) {
            return;
        }
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
        const std::string text = message(rule, context);
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
        d.notes.push_back(rule_note(rule));
        report(std::move(d));
    }

    std::string rule_note(const lang::RuleDecl& rule) const {
        const auto& file = ws_.sources.file(rule.span.file);
        return fmt::format("rule `{}` at {}:{}", rule.name.name, file.path(),
                           file.location(rule.span.begin).line);
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
            for (const lang::RuleStmt& before : rule.body) {
                if (&before == &stmt) {
                    break;
                }
                if (const auto* let = std::get_if<lang::LetStmt>(&before)) {
                    context.lets[let->name.name] = evaluate(let->value, context);
                } else if (const auto* when = std::get_if<lang::WhenStmt>(&before)) {
                    const Value v = evaluate(when->condition, context);
                    if (!std::holds_alternative<bool>(v) || !std::get<bool>(v)) {
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
                    ok = has_target(model_, p, has->metric);
                } else {
                    const Value v =
                        evaluate(*std::get<lang::WherePredicate>(q->predicate).condition, one);
                    ok = !std::holds_alternative<bool>(v) || std::get<bool>(v);
                }
                if (ok) {
                    continue;
                }
                one.plan = {};
                Diagnostic d = make_diagnostic(severity, rule.name.name, message(rule, one),
                                               p.plan->decl->name.span,
                                               fmt::format("series `{}`", context.series));
                d.notes.push_back(rule_note(rule));
                report(std::move(d));
            }
            return;
        }
        const auto fired = fires(rule, context);
        step_limit(rule, context);
        if (fired && *fired && !context.plans.plans.empty()) {
            Diagnostic d = make_diagnostic(severity, rule.name.name, message(rule, context),
                                           context.plans.plans.front().plan->decl->name.span,
                                           fmt::format("series `{}`", context.series));
            d.notes.push_back(rule_note(rule));
            report(std::move(d));
        }
    }

    const Model& model_;
    const Derivations& derivations_;
    Workspace& ws_;
};

} // namespace

ExpressionResult evaluate_text(const Model& model, const Derivations& derivations, Workspace& ws,
                               lang::FileId file, std::string_view plan, const std::string& text) {
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
                ? std::string("the file holds no plan; name one with --plan")
                : fmt::format("the file holds several plans ({}); choose one with --plan",
                              fmt::join(in_file, ", "));
        return result;
    }
    const lang::FileId id = ws.sources.add("<expr>", text);
    lang::ExpressionParseResult parsed = lang::parse_expression(ws.sources, id);
    if (!parsed.expr) {
        result.diagnostics = std::move(parsed.diagnostics);
        return result;
    }
    EvalContext context;
    context.model = &model;
    context.workspace = &ws;
    context.file = chosen->file; // names resolve as in the plan's own file
    context.derivations = &derivations;
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
    return result;
}

void run_rules(const Model& model, const Derivations& derivations, Workspace& ws) {
    RuleRunner runner(model, derivations, ws);
    for (const lang::RuleDecl* rule : model.rules) {
        runner.run(*rule);
    }
}

} // namespace ingot::runtime
