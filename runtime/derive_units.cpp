#include "runtime/derive_units.hpp"

#include "lang/keywords.hpp"
#include "lang/text.hpp"

#include "runtime/names.hpp"
#include "runtime/registry.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace ingot::runtime::detail {

using lang::Diagnostic;
using lang::make_diagnostic;
using lang::Severity;

namespace {

/// Checks the declarations in model order, collecting findings in `out_`.
class DeclarationChecker {
public:
    DeclarationChecker(const Model& model, const Workspace& ws, const UnitRegistry& units)
        : model_(model), ws_(ws), units_(units) {}

    DeclarationCheck run() {
        DeclarationCheck result;
        for (const Metric& m : model_.metrics) {
            std::string error;
            if (!units_.lookup(m.decl->unit.parts, error)) {
                out_.push_back(unknown_unit(m.decl->unit, units_, error));
            }
        }
        for (const lang::IdentityDecl* identity : model_.identities) {
            const std::size_t before = out_.size();
            const auto lhs = dimension(identity->lhs);
            const auto rhs = dimension(identity->rhs);
            if (lhs && rhs) {
                std::string error;
                const Quantity a{1, *lhs};
                const Quantity b{1, *rhs};
                if (!compare(a, b, error)) {
                    Diagnostic d = make_diagnostic(
                        Severity::error, check::unit_mismatch,
                        fmt::format("the two sides of the identity differ: {} on the left, {} on "
                                    "the right",
                                    lhs->describe(), rhs->describe()),
                        identity->lhs.span, lhs->describe());
                    d.secondary.push_back({identity->rhs.span, rhs->describe()});
                    d.help = "an identity must equate quantities of one dimension";
                    out_.push_back(std::move(d));
                }
            }
            if (out_.size() != before) {
                result.failed_identities.insert(identity);
            }
        }
        result.diagnostics = std::move(out_);
        return result;
    }

private:
    /// The unit of an identity side; reports what is not allowed and returns nullopt.
    std::optional<Unit> dimension(const lang::Expr& e) {
        if (const auto* b = std::get_if<lang::BinaryExpr>(&e.kind)) {
            const auto x = dimension(*b->lhs);
            const auto y = dimension(*b->rhs);
            if (!x || !y) {
                return std::nullopt;
            }
            const Quantity qx{1, *x};
            const Quantity qy{1, *y};
            QuantityResult r;
            switch (b->op) {
            case lang::BinaryOp::multiply:
                r = multiply(qx, qy);
                break;
            case lang::BinaryOp::divide:
                r = divide(qx, qy);
                break;
            case lang::BinaryOp::add:
                r = add(qx, qy);
                break;
            case lang::BinaryOp::subtract:
                r = subtract(qx, qy);
                break;
            default:
                not_allowed(e);
                return std::nullopt;
            }
            if (!r.value) {
                Diagnostic d = make_diagnostic(Severity::error, check::unit_mismatch, r.error,
                                               b->lhs->span, x->describe());
                d.secondary.push_back({b->rhs->span, y->describe()});
                out_.push_back(std::move(d));
                return std::nullopt;
            }
            return r.value->unit;
        }
        if (const auto* n = std::get_if<lang::NumberExpr>(&e.kind)) {
            if (!n->unit) {
                return Unit{};
            }
            std::string error;
            auto u = units_.lookup(n->unit->parts, error);
            if (!u) {
                out_.push_back(unknown_unit(*n->unit, units_, error));
            }
            return u;
        }
        std::optional<lang::Ident> name;
        if (const auto* ne = std::get_if<lang::NameExpr>(&e.kind)) {
            name = ne->name;
        } else if (const auto* c = std::get_if<lang::CallExpr>(&e.kind);
                   c && c->args.size() == 1 &&
                   std::holds_alternative<lang::NameExpr>(c->args[0].kind)) {
            name = c->callee;
        }
        if (!name) {
            not_allowed(e);
            return std::nullopt;
        }
        // The declaration the identity's file sees: two files may each declare one name.
        const Metric* metric = model_.find_metric(name->name, e.span.file, ws_);
        if (metric == nullptr) {
            std::vector<std::string> candidates;
            for (const auto& [candidate, declared] : model_.metric_names) {
                candidates.push_back(candidate);
            }
            Diagnostic d = make_diagnostic(Severity::error, check::unknown_name,
                                           fmt::format("unknown metric `{}`", name->name),
                                           name->span, "not declared where this identity can see");
            if (const auto suggestion = did_you_mean(name->name, candidates)) {
                d.help = fmt::format("did you mean `{}`?", *suggestion);
                d.fixes.push_back(lang::replace_with(name->span, name->name, *suggestion));
            }
            out_.push_back(std::move(d));
            return std::nullopt;
        }
        std::string error;
        return units_.lookup(metric->decl->unit.parts, error);
    }

    void not_allowed(const lang::Expr& e) {
        Diagnostic d =
            make_diagnostic(Severity::error, check::unit_mismatch,
                            "an identity relates metrics and numbers with `+ - * /` only", e.span,
                            "not allowed in an identity");
        out_.push_back(std::move(d));
    }

    const Model& model_;
    const Workspace& ws_;
    const UnitRegistry& units_;
    std::vector<Diagnostic> out_;
};

UnitCheck accept(Reading reading) {
    return {reading, std::nullopt};
}

UnitCheck rate_vs_level(const lang::WrittenUnit& written, const Unit& u, std::string message,
                        std::string help) {
    Diagnostic d = make_diagnostic(
        Severity::error, check::rate_vs_level, std::move(message), written.span,
        fmt::format("{}, not a {}", u.describe(), u.kind == UnitKind::rate ? "level" : "rate"));
    d.help = std::move(help);
    return {Reading::rejected, std::move(d)};
}

UnitCheck unit_mismatch(const lang::WrittenUnit& written, const Unit& u, const Metric& m,
                        const Unit& mu, std::string_view what) {
    Diagnostic d =
        make_diagnostic(Severity::error, check::unit_mismatch,
                        fmt::format("{} needs {} like the metric `{}`, found {}", what,
                                    mu.describe_with_symbol(), m.name(), u.describe_with_symbol()),
                        written.span, fmt::format("{}", u.describe()));
    d.secondary.push_back(
        {m.decl->unit.span, fmt::format("`{}` is measured in {}", m.name(), mu.symbol)});
    d.help = fmt::format("write the figure in {} (or a unit convertible to it)", mu.symbol);
    return {Reading::rejected, std::move(d)};
}

} // namespace

DeclarationCheck check_declarations(const Model& model, const Workspace& ws,
                                    const UnitRegistry& units) {
    return DeclarationChecker(model, ws, units).run();
}

Diagnostic unknown_unit(const lang::WrittenUnit& written, const UnitRegistry& units,
                        const std::string& error) {
    Diagnostic d = make_diagnostic(Severity::error, check::unknown_name, error, written.span,
                                   "not a unit Ingot knows");
    d.help = "see docs/checks.md for the units Ingot knows";
    if (const auto fixed = units.correction(written.parts)) {
        d.fixes.push_back(lang::replace_with(written.span, lang::unit_text(written), *fixed));
    }
    return d;
}

FigureUnit figure_unit(const lang::WrittenUnit& written, const UnitRegistry& units) {
    std::string error;
    FigureUnit result{units.lookup(written.parts, error), std::nullopt};
    if (!result.unit) {
        result.finding = unknown_unit(written, units, error);
    }
    return result;
}

UnitCheck check_baseline_unit(const lang::YearFigure& stmt, std::string_view keyword,
                              const std::string& series, const std::string& figure,
                              const Unit& unit, const Metric& metric, const Unit& metric_unit) {
    const std::string article = keyword == "actual" ? "an" : "a";
    if (stmt.is_growth) {
        if (unit.kind != UnitKind::rate && unit.kind != UnitKind::share) {
            return rate_vs_level(
                stmt.value.unit, unit,
                fmt::format("a growth {} needs a rate such as `4.3 % y/y`, found {}", keyword,
                            unit.describe_with_symbol()),
                fmt::format("for a level write `{} {} {} = {}`", keyword, series, stmt.year.value,
                            figure));
        }
        return accept(Reading::yearly_growth);
    }
    if (unit.kind == UnitKind::rate) {
        return rate_vs_level(stmt.value.unit, unit,
                             fmt::format("{} {} level needs {}, found a rate (%/yr)", article,
                                         keyword, metric_unit.describe()),
                             fmt::format("for a growth rate write `{} {} growth {} = {}`", keyword,
                                         series, stmt.year.value, figure));
    }
    if (!unit.compatible(metric_unit)) {
        return unit_mismatch(stmt.value.unit, unit, metric, metric_unit,
                             fmt::format("{} {}", article, keyword));
    }
    return accept(Reading::level);
}

UnitCheck check_clause_unit(const lang::Clause& clause, const std::string& figure, const Unit& unit,
                            const Metric& metric, const Unit& metric_unit) {
    const std::string word = std::string(lang::keyword(clause.kind));
    if (clause.kind == lang::ClauseKind::grows || clause.kind == lang::ClauseKind::rises ||
        clause.kind == lang::ClauseKind::falls) {
        if (unit.kind == UnitKind::rate) {
            return accept(Reading::yearly_growth);
        }
        if (unit.kind == UnitKind::share) {
            return accept(Reading::cumulative_change);
        }
        if (unit.kind == UnitKind::points) {
            if (metric_unit.kind == UnitKind::share) {
                return accept(Reading::points_change);
            }
            Diagnostic d = make_diagnostic(
                Severity::error, check::unit_mismatch,
                fmt::format("`{}` changes by percentage points only as a share (%); `{}` is {}",
                            word, metric.name(), metric_unit.describe_with_symbol()),
                clause.value.unit.span, "percentage points");
            d.help = fmt::format("write a relative change such as `{} {} %` or a rate such as "
                                 "`{} {} %/yr`",
                                 word, clause.value.low.text, word, clause.value.low.text);
            return {Reading::rejected, std::move(d)};
        }
        if (unit.compatible(metric_unit)) {
            return rate_vs_level(
                clause.value.unit, unit,
                fmt::format("`{}` needs a rate, found {}", word, unit.describe_with_symbol()),
                fmt::format("write a rate such as `{} %/yr`, or use `reaches {}`",
                            clause.value.low.text, figure));
        }
        Diagnostic d = make_diagnostic(
            Severity::error, check::unit_mismatch,
            fmt::format("`{}` needs a rate (%/yr), a cumulative change (%) or, for a share, a "
                        "change in points (pp), found {}",
                        word, unit.describe_with_symbol()),
            clause.value.unit.span, unit.describe());
        d.help = "write a yearly rate such as `2 %/yr` or a change over the period such as "
                 "`4.4 %`";
        return {Reading::rejected, std::move(d)};
    }
    if (clause.kind == lang::ClauseKind::reaches) {
        if (unit.kind == UnitKind::rate) {
            return rate_vs_level(clause.value.unit, unit,
                                 fmt::format("`reaches` needs a level in {}, found a rate (%/yr)",
                                             metric_unit.symbol),
                                 fmt::format("write `grows {}` for a yearly rate", figure));
        }
        if (!unit.compatible(metric_unit)) {
            return unit_mismatch(clause.value.unit, unit, metric, metric_unit, "`reaches`");
        }
        return accept(Reading::level);
    }
    // stays: a bound in every year of the period, on the level or on the rate.
    if (unit.kind == UnitKind::rate) {
        return accept(Reading::yearly_growth);
    }
    if (unit.compatible(metric_unit)) {
        return accept(Reading::level);
    }
    return unit_mismatch(clause.value.unit, unit, metric, metric_unit, "`stays`");
}

} // namespace ingot::runtime::detail
