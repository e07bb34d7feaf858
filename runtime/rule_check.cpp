#include "runtime/rule_check.hpp"

#include "lang/text.hpp"

#include "runtime/names.hpp"
#include "runtime/registry.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace ingot::runtime::detail {

namespace {

using lang::Diagnostic;
using lang::make_diagnostic;
using lang::Severity;

bool compatible(const Unit& a, const Unit& b) {
    std::string ignored;
    return compare(Quantity{1, a}, Quantity{1, b}, ignored).has_value();
}

/// `deflate(CNY, NUMBER)`: how to call a host function, for help.
std::string host_signature(const HostFunction& f) {
    std::vector<std::string> params;
    for (const auto& p : f.params) {
        params.push_back(p && !p->symbol.empty() ? p->symbol : p ? "X" : "NUMBER");
    }
    return fmt::format("{}({})", f.name, fmt::join(params, ", "));
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

    /// The one place a rule check reports `unknown-name` (for a name, metric, function, unit,
    /// field, scope or collection): help suggests the nearest of `candidates`, else `otherwise`.
    std::nullopt_t unknown(std::string message, lang::SourceSpan span, std::string_view name,
                           const std::vector<std::string>& candidates,
                           std::optional<std::string> otherwise = std::nullopt) {
        const auto suggestion = did_you_mean(name, candidates);
        error(check::unknown_name, std::move(message), span,
              suggestion ? std::optional(fmt::format("did you mean `{}`?", *suggestion))
                         : std::move(otherwise));
        // The fix replaces the span when it holds exactly the name (not a longer unit).
        const lang::SourceMap& sources = context_.workspace->sources;
        if (suggestion && span.file < sources.size() &&
            std::string_view(sources.file(span.file).text())
                    .substr(span.begin, span.end - span.begin) == name) {
            out_.back().fixes.push_back(lang::replace_with(span, name, *suggestion));
        }
        return std::nullopt;
    }

    /// An unknown name, metric or function: suggests any name an expression can use here.
    std::nullopt_t unknown_name(const lang::Ident& name, std::string_view what) {
        std::vector<std::string> candidates;
        for (const auto& [n, t] : names_) {
            candidates.push_back(n);
        }
        for (const auto& [n, m] : context_.model->metric_names) {
            candidates.push_back(n);
        }
        for (const Builtin& f : builtins()) {
            candidates.emplace_back(f.name);
        }
        if (context_.host_functions) {
            for (const HostFunction& f : *context_.host_functions) {
                candidates.push_back(f.name);
            }
        }
        return unknown(fmt::format("unknown {} `{}`", what, name.name), name.span, name.name,
                       candidates);
    }

    const Metric* metric(const lang::Ident& name) {
        return context_.model->find_metric(name.name, context_.file, *context_.workspace);
    }

    std::optional<Type> metric_level(const lang::Ident& name) {
        const Metric* m = metric(name);
        if (!m) {
            return unknown_name(name, "metric");
        }
        std::string ignored;
        return Type{Type::Kind::quantity, units().lookup(m->decl->unit.parts, ignored)};
    }

    void mismatch(std::string message, lang::SourceSpan a, const Unit& ua,
                  std::optional<std::pair<lang::SourceSpan, Unit>> b) {
        Diagnostic d = make_diagnostic(Severity::error, check::unit_mismatch, std::move(message), a,
                                       ua.describe());
        if (b) {
            d.secondary.push_back({b->first, b->second.describe()});
        }
        out_.push_back(std::move(d));
    }

    /// Built-ins and host functions alike: "`min` takes 1 to 16 arguments, given 0".
    void wrong_arity(std::string_view name, std::size_t min_args, std::size_t max_args,
                     std::size_t given, std::string_view signature, lang::SourceSpan span) {
        error(check::invalid_rule,
              fmt::format("`{}` takes {}{} argument{}, given {}", name, min_args,
                          max_args > min_args ? fmt::format(" to {}", max_args) : "",
                          max_args == 1 ? "" : "s", given),
              span, fmt::format("write {}", signature));
    }

    std::optional<Type> check_node(const lang::NumberExpr& n, const lang::Expr&) {
        if (!n.unit) {
            return Type{Type::Kind::quantity, Unit{}};
        }
        std::string message;
        auto u = units().lookup(n.unit->parts, message);
        if (!u) {
            unknown(message, n.unit->span, "", {}); // the registry's message says why
            if (const auto fixed = units().correction(n.unit->parts)) {
                out_.back().fixes.push_back(
                    lang::replace_with(n.unit->span, lang::unit_text(*n.unit), *fixed));
            }
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
            return unknown(fmt::format("plans have no field `{}`", m.field.name), m.field.span,
                           m.field.name,
                           std::vector<std::string>(std::begin(plan_fields), std::end(plan_fields)),
                           "fields are name, title, original, document, sector, series, "
                           "first_year, last_year");
        }
        if (m.field.name == "first_year" || m.field.name == "last_year") {
            return Type{Type::Kind::quantity, Unit{}};
        }
        return Type{Type::Kind::string, {}};
    }

    std::optional<Type> check_node(const lang::CallExpr& c, const lang::Expr& e) {
        if (const Builtin* f = find_builtin(c.callee.name)) {
            return check_builtin(*f, c, e);
        }
        if (const HostFunction* f = find_host_function(context_, c.callee.name)) {
            return check_host(*f, c, e);
        }
        if (const auto m = as_metric_name(e); m && metric(m->metric)) {
            return metric_level(m->metric);
        }
        return unknown_name(c.callee, "function");
    }

    /// The types of arguments `first..` of a call, or nullopt when one has an error.
    std::optional<std::vector<Type>> check_arguments(const lang::CallExpr& c, std::size_t first) {
        std::vector<Type> args;
        for (std::size_t i = first; i < c.args.size(); ++i) {
            const auto t = check(c.args[i]);
            if (!t) {
                return std::nullopt;
            }
            args.push_back(*t);
        }
        return args;
    }

    std::optional<Type> check_builtin(const Builtin& f, const lang::CallExpr& c,
                                      const lang::Expr& e) {
        if (c.args.size() < f.min_args || c.args.size() > f.max_args) {
            wrong_arity(f.name, f.min_args, f.max_args, c.args.size(), f.signature, e.span);
            return std::nullopt;
        }
        switch (f.form) {
        case ArgumentForm::metric_first: {
            const auto m = as_metric_name(c.args[0]);
            if (!m) {
                error(check::invalid_rule, fmt::format("`{}` needs a metric name first", f.name),
                      c.args[0].span, fmt::format("write {}", f.signature));
                return std::nullopt;
            }
            if (!metric(m->metric)) {
                return unknown_name(m->metric, "metric");
            }
            // The years are checked for names and units; their kind is not required (a year
            // that is not a number falls back to the default year at evaluation).
            if (!check_arguments(c, 1)) {
                return std::nullopt;
            }
            break;
        }
        case ArgumentForm::names:
        case ArgumentForm::scopes: {
            // Arguments are bare names: a topic, or two scopes. They are not evaluated.
            for (const lang::Expr& arg : c.args) {
                if (!std::holds_alternative<lang::NameExpr>(arg.kind)) {
                    error(check::invalid_rule, std::string(f.argument_error), arg.span,
                          fmt::format("write {}", f.signature));
                    return std::nullopt;
                }
            }
            if (f.form == ArgumentForm::scopes) {
                const auto& reference = std::get<lang::NameExpr>(c.args[1].kind).name;
                if (!context_.model->reference_scopes.contains(reference.name)) {
                    std::vector<std::string> candidates;
                    for (const auto& [n, s] : context_.model->reference_scopes) {
                        candidates.push_back(n);
                    }
                    return unknown(fmt::format("unknown reference scope `{}`", reference.name),
                                   reference.span, reference.name, candidates,
                                   "declare it at the top level of a rulebook: `scope NAME { a, b "
                                   "}`");
                }
            }
            break;
        }
        case ArgumentForm::any_value:
            if (!check_arguments(c, 0)) {
                return std::nullopt;
            }
            break;
        case ArgumentForm::predecessor: {
            const auto args = check_arguments(c, 0);
            if (!args) {
                return std::nullopt;
            }
            return args->front(); // X's type: the value is X's, for another plan
        }
        case ArgumentForm::values: {
            const auto args = check_arguments(c, 0);
            if (!args) {
                return std::nullopt;
            }
            if (!check_argument_kinds(f, c, *args)) {
                return std::nullopt;
            }
            if (f.result == ResultKind::first_argument) {
                return args->front();
            }
            break;
        }
        }
        switch (f.result) {
        case ResultKind::rate:
            return Type{Type::Kind::quantity, rate_unit()};
        case ResultKind::metric_level:
            return metric_level(as_metric_name(c.args[0])->metric);
        case ResultKind::metric_change: {
            const auto level = metric_level(as_metric_name(c.args[0])->metric);
            if (!level) {
                return std::nullopt;
            }
            const bool share = level->unit && level->unit->kind == UnitKind::share;
            return Type{Type::Kind::quantity, share ? points_unit() : share_unit()};
        }
        case ResultKind::boolean:
            return Type{Type::Kind::boolean, {}};
        case ResultKind::count:
            return Type{Type::Kind::quantity, Unit{}};
        case ResultKind::names:
            return Type{Type::Kind::names, {}};
        case ResultKind::written:
            return Type{Type::Kind::quantity, {}};
        case ResultKind::first_argument:
            break;
        }
        return Type{};
    }

    bool check_argument_kinds(const Builtin& f, const lang::CallExpr& c,
                              const std::vector<Type>& args) {
        if (f.argument_kind == ArgumentKind::collection) {
            if (args[0].kind != Type::Kind::plans && args[0].kind != Type::Kind::names &&
                args[0].kind != Type::Kind::any) {
                error(check::invalid_rule, std::string(f.argument_error), c.args[0].span);
                return false;
            }
            return true;
        }
        for (std::size_t i = 0; i < args.size(); ++i) {
            if (args[i].kind != Type::Kind::quantity && args[i].kind != Type::Kind::any) {
                error(check::invalid_rule, std::string(f.argument_error), c.args[i].span);
                return false;
            }
        }
        if (f.argument_kind == ArgumentKind::numbers_of_one_dimension) {
            for (std::size_t i = 1; i < args.size(); ++i) {
                if (args[0].unit && args[i].unit && !compatible(*args[0].unit, *args[i].unit)) {
                    mismatch(fmt::format("`{}` of {} and {}", f.name, args[0].unit->describe(),
                                         args[i].unit->describe()),
                             c.args[0].span, *args[0].unit,
                             std::pair{c.args[i].span, *args[i].unit});
                    return false;
                }
            }
        }
        return true;
    }

    /// A host function: exactly its parameters, each a number in the unit it requires.
    std::optional<Type> check_host(const HostFunction& f, const lang::CallExpr& c,
                                   const lang::Expr& e) {
        if (c.args.size() != f.params.size()) {
            wrong_arity(f.name, f.params.size(), f.params.size(), c.args.size(), host_signature(f),
                        e.span);
            return std::nullopt;
        }
        const auto args = check_arguments(c, 0);
        if (!args) {
            return std::nullopt;
        }
        for (std::size_t i = 0; i < args->size(); ++i) {
            const Type& t = (*args)[i];
            if (t.kind != Type::Kind::quantity && t.kind != Type::Kind::any) {
                error(check::invalid_rule, fmt::format("`{}` needs numbers", f.name),
                      c.args[i].span);
                return std::nullopt;
            }
            const Unit wanted = f.params[i].value_or(Unit{});
            if (t.unit && !compatible(*t.unit, wanted)) {
                mismatch(fmt::format("argument {} of `{}` needs {}, found {}", i + 1, f.name,
                                     wanted.describe_with_symbol(), t.unit->describe_with_symbol()),
                         c.args[i].span, *t.unit, std::nullopt);
                return std::nullopt;
            }
        }
        return Type{Type::Kind::quantity, f.result};
    }

    std::optional<Type> check_node(const lang::UnaryExpr& u, const lang::Expr&) {
        if (u.op == lang::UnaryOp::logical_not) {
            return expect(*u.operand, Type::Kind::boolean, "`not`")
                       ? std::optional(Type{Type::Kind::boolean, {}})
                       : std::nullopt;
        }
        auto t = check(*u.operand);
        if (t && t->kind != Type::Kind::quantity && t->kind != Type::Kind::any) {
            error(check::invalid_rule,
                  fmt::format("`-` needs a number, found {}", kind_name(t->kind)), u.operand->span);
            return std::nullopt;
        }
        return t;
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
                    mismatch(message, b.lhs->span, *l->unit, std::pair{b.rhs->span, *r->unit});
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
                mismatch(result.error, b.lhs->span, *l->unit, std::pair{b.rhs->span, *r->unit});
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
            return unknown(
                fmt::format("unknown collection `{}`; rules can filter `plans`", f.collection.name),
                f.collection.span, f.collection.name, {});
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
    const UnitRegistry& units() const { return units_of(context_); }
};

} // namespace

bool check_condition(const lang::Expr& e, const EvalContext& context,
                     std::map<std::string, Type> names, std::vector<lang::Diagnostic>& out,
                     std::string_view where) {
    return Checker(context, std::move(names), out).expect(e, Type::Kind::boolean, where);
}

} // namespace ingot::runtime::detail

namespace ingot::runtime {

bool check_expression(const lang::Expr& e, const EvalContext& context,
                      const std::set<std::string>& names, std::vector<lang::Diagnostic>& out) {
    std::map<std::string, detail::Type> typed;
    for (const std::string& n : names) {
        typed[n] = detail::Type{};
    }
    const std::size_t before = out.size();
    detail::Checker(context, typed, out).check(e);
    return out.size() == before;
}

} // namespace ingot::runtime
