#include "runtime/explain.hpp"

#include "lang/text.hpp"

#include "lang/source.hpp"
#include "runtime/derived.hpp"
#include "runtime/to_public.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <map>
#include <set>
#include <tuple>

namespace ingot::runtime {

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();
constexpr std::string_view minus = "\u2212"; // −, as in the arithmetic shown

bool is_identifier(std::string_view s) {
    if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) {
        return false;
    }
    return std::all_of(s.begin(), s.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    });
}

/// `name` or `name(scope)` → {name, scope ("" when none)}; nullopt when malformed.
std::optional<std::pair<std::string, std::string>> split_metric(std::string_view text) {
    std::string_view name = text;
    std::string_view scope;
    if (const auto open = text.find('('); open != std::string_view::npos) {
        if (text.back() != ')' || text.size() < open + 2) {
            return std::nullopt;
        }
        name = text.substr(0, open);
        scope = text.substr(open + 1, text.size() - open - 2);
        if (!is_identifier(scope)) {
            return std::nullopt;
        }
    }
    if (!is_identifier(name)) {
        return std::nullopt;
    }
    return std::pair{std::string(name), std::string(scope)};
}

std::string code_list(const std::vector<std::string>& names) {
    std::vector<std::string> quoted;
    quoted.reserve(names.size());
    for (const std::string& n : names) {
        quoted.push_back(fmt::format("`{}`", n));
    }
    return fmt::format("{}", fmt::join(quoted, ", "));
}

/// Which value of a variable a step derives.
enum class Side { nominal, lo, hi };

/// How one side of one variable follows from the plan.
struct Step {
    enum class Kind {
        figure,   // a figure of a statement (refs), read at its precision
        relation, // arithmetic on other variables (inputs), by an identity (refs) or by definition
        opaque,   // arithmetic through intermediate values of an identity; numeric unknown
    };
    Kind kind = Kind::opaque;
    std::vector<ConstraintId> refs;
    std::string symbolic; // "(1 + growth(value_added)) / (1 + growth(output(metals))) − 1"
    std::vector<ExplainTerm> numeric; // "(1 + 5 %/yr) / (1 + 1.5 %/yr) − 1"; empty unless relation
    std::vector<VarId> inputs;
};

/// One factor of a product: a variable, or a number written in an identity.
struct Factor {
    std::optional<VarId> var;
    double value = 1; // a number: its value in base units
    std::string text; // a number: as written, `2 tce/t`
    int exponent = 1;
};

/// A relation solved for one variable: target = Π factor^exponent, exponents ±1.
struct Monomial {
    std::vector<Factor> terms;
    std::optional<ConstraintId> identity; // none: the definition of growth
};

/// Appends literal text to an arithmetic, merging it with literal text before it.
void add_text(std::vector<ExplainTerm>& terms, std::string_view text) {
    if (text.empty()) {
        return;
    }
    if (!terms.empty() && !terms.back().quantity) {
        terms.back().text += text;
    } else {
        terms.push_back({std::string(text), std::nullopt, 0});
    }
}

void add_terms(std::vector<ExplainTerm>& terms, const std::vector<ExplainTerm>& more) {
    for (const ExplainTerm& t : more) {
        if (t.quantity) {
            terms.push_back(t);
        } else {
            add_text(terms, t.text);
        }
    }
}

ExplainDerivation::Side public_side(Side side) {
    switch (side) {
    case Side::nominal:
        return ExplainDerivation::Side::as_written;
    case Side::lo:
        return ExplainDerivation::Side::lower;
    case Side::hi:
        break;
    }
    return ExplainDerivation::Side::upper;
}

ExplainDerivation::Kind public_kind(Step::Kind kind) {
    switch (kind) {
    case Step::Kind::figure:
        return ExplainDerivation::Kind::figure;
    case Step::Kind::relation:
        return ExplainDerivation::Kind::relation;
    case Step::Kind::opaque:
        break;
    }
    return ExplainDerivation::Kind::opaque;
}

ExplainFigure::Kind public_kind(Constraint::Kind kind) {
    switch (kind) {
    case Constraint::Kind::baseline:
        return ExplainFigure::Kind::baseline;
    case Constraint::Kind::target:
        return ExplainFigure::Kind::target;
    case Constraint::Kind::identity:
        break;
    }
    return ExplainFigure::Kind::identity;
}

class Explainer {
public:
    Explainer(const Analysis& analysis, const Derivation& d, std::string series)
        : a_(analysis), d_(d), series_(std::move(series)) {
        for (std::size_t i = 0; i < d_.variables.size(); ++i) {
            const Variable& v = d_.variables[i];
            const auto id = static_cast<VarId>(i);
            switch (v.kind) {
            case VarKind::level:
                names_[fmt::format("level({}, {})", v.series, v.year)] = id;
                break;
            case VarKind::factor:
                names_[fmt::format("(1 + growth({}, {}))", v.series, v.year)] = id;
                break;
            case VarKind::cumulative:
                names_[fmt::format("(1 + change({}, {}..{}))", v.series, v.from_year, v.year)] = id;
                break;
            case VarKind::difference:
                names_[fmt::format("points({}, {}..{})", v.series, v.from_year, v.year)] = id;
                break;
            case VarKind::aux:
                break;
            }
        }
    }

    Explanation run(std::optional<int> year) {
        e_.plan = d_.plan->name();
        e_.series = series_;
        const auto m = d_.series_metrics.find(series_);
        if (m != d_.series_metrics.end() && m->second != nullptr && m->second->decl->label) {
            e_.label = m->second->decl->label->value;
        }
        e_.unit = level_unit(series_).symbol;
        e_.year = year;
        e_.consistent = d_.consistent;
        e_.nominal_consistent = d_.nominal_consistent;
        table(year);
        period();
        sections(year);
        figures();
        return std::move(e_);
    }

private:
    // ---- values -------------------------------------------------------------------------------

    const Variable& var(VarId id) const { return d_.variables[id]; }
    VarId id_of(const Variable& v) const { return static_cast<VarId>(&v - d_.variables.data()); }

    bool structural(ConstraintId id) const { return d_.constraints[id].span.end == 0; }

    /// The range with its uninformative ends left open to infinity.
    Interval shown(const Variable& v) const { return informative_range(d_, v); }

    /// What the figures as written give, in the solver's terms: the value, or the bound when
    /// they only bound it; nullopt when they give nothing.
    std::optional<double> nominal(const Variable& v) const {
        const Measure m = measure_of(d_, v);
        if (m.reading == Reading::none || !std::isfinite(m.value)) {
            return std::nullopt;
        }
        return v.kind == VarKind::factor || v.kind == VarKind::cumulative ? m.value + 1 : m.value;
    }

    /// Whether what the figures as written give is a bound below the value (`> 300 bn CNY`).
    bool nominal_from_above(const Variable& v) const {
        const Reading r = measure_of(d_, v).reading;
        return r == Reading::below || r == Reading::at_most;
    }

    bool known(const Variable& v) const { return runtime::known(measure_of(d_, v)); }

    Unit level_unit(const std::string& series) const { return runtime::level_unit(d_, series); }

    Unit unit_of(const Variable& v) const {
        switch (v.kind) {
        case VarKind::level:
            return level_unit(v.series);
        case VarKind::factor:
            return rate_unit();
        case VarKind::cumulative:
            return share_unit();
        case VarKind::difference:
            return points_unit();
        case VarKind::aux:
            break;
        }
        return Unit{};
    }

    ExplainValue::Kind value_kind(const Variable& v) const {
        switch (v.kind) {
        case VarKind::factor:
            return ExplainValue::Kind::growth;
        case VarKind::cumulative:
            return ExplainValue::Kind::change;
        case VarKind::difference:
            return ExplainValue::Kind::points;
        case VarKind::level:
        case VarKind::aux:
            break;
        }
        return ExplainValue::Kind::level;
    }

    /// A variable's value as the public data holds it: levels in the display unit (79.19 for
    /// Mt), growth and change as fractions (0.0345) rather than the solver's factors (1.0345).
    double datum(const Variable& v, double x) const {
        switch (v.kind) {
        case VarKind::level:
            return x / level_unit(v.series).scale;
        case VarKind::factor:
        case VarKind::cumulative:
            return x - 1;
        case VarKind::difference:
            return x;
        case VarKind::aux:
            break;
        }
        return x;
    }

    /// A measure (runtime/derived.hpp) as the public data holds it: levels in the display unit,
    /// growth and changes as fractions.
    static ExplainValue explain_value(const Measure& m, ExplainValue::Kind kind) {
        ExplainValue out;
        out.kind = kind;
        const double scale = kind == ExplainValue::Kind::level ? m.unit.scale : 1;
        if (m.reading != Reading::none && std::isfinite(m.value)) {
            out.nominal = m.value / scale;
            out.reading = static_cast<ingot::Reading>(m.reading);
        }
        out.lo = {m.lo / scale, m.lo_open};
        out.hi = {m.hi / scale, m.hi_open};
        out.unit = m.unit.symbol;
        return out;
    }

    /// What is shown of a variable: its value as written and its informative range.
    ExplainValue value_of(const Variable& v) const {
        return explain_value(measure_of(d_, v), value_kind(v));
    }

    // ---- names of values in the arithmetic ----------------------------------------------------

    std::string label(const Variable& v, bool with_year) const {
        switch (v.kind) {
        case VarKind::level:
            return fmt::format("level({}, {})", v.series, v.year);
        case VarKind::factor:
            return with_year ? fmt::format("growth({}, {})", v.series, v.year)
                             : fmt::format("growth({})", v.series);
        case VarKind::cumulative:
            return fmt::format("change({}, {}\u2192{})", v.series, v.from_year, v.year);
        case VarKind::difference:
            return fmt::format("points({}, {}\u2192{})", v.series, v.from_year, v.year);
        case VarKind::aux:
            break;
        }
        return "\u2026";
    }

    /// A variable as a factor of a product: `level(x, 2025)`, `(1 + growth(x))`.
    std::string term(const Variable& v, bool with_year) const {
        if (v.kind == VarKind::factor || v.kind == VarKind::cumulative) {
            return fmt::format("(1 + {})", label(v, with_year));
        }
        return label(v, with_year);
    }

    /// A value as an operand of the arithmetic, shown like the variable it stands for.
    void add_value(std::vector<ExplainTerm>& terms, const Variable& v, double x) const {
        terms.push_back({"", value_of(v), datum(v, x)});
    }

    // ---- steps --------------------------------------------------------------------------------

    const Bound& bound(const Variable& v, Side side) const {
        switch (side) {
        case Side::nominal:
            return nominal_from_above(v) ? v.nominal.hi : v.nominal.lo;
        case Side::lo:
            return v.range.lo;
        case Side::hi:
            break;
        }
        return v.range.hi;
    }

    /// The sides of a variable worth showing.
    std::vector<Side> sides(const Variable& v) const {
        std::vector<Side> out;
        const auto nom = nominal(v);
        if (nom) {
            out.push_back(Side::nominal);
        }
        const Interval range = shown(v);
        if (nom && range.is_point() && range.lo.value == *nom) {
            return out;
        }
        if (range.bounded_below()) {
            out.push_back(Side::lo);
        }
        if (range.bounded_above()) {
            out.push_back(Side::hi);
        }
        return out;
    }

    struct Operand {
        std::optional<VarId> var;
        bool one = false; // the constant 1; neither: an intermediate value ("…")
    };

    Operand operand(std::string_view name) const {
        if (name == "1") {
            return {std::nullopt, true};
        }
        if (const auto it = names_.find(std::string(name)); it != names_.end()) {
            return {it->second, false};
        }
        return {};
    }

    /// Splits `Bound::how` ("A op B") at its operator outside parentheses.
    static std::optional<std::tuple<std::string, char, std::string>>
    split_how(std::string_view how) {
        int depth = 0;
        for (std::size_t i = 0; i + 2 < how.size(); ++i) {
            if (how[i] == '(') {
                ++depth;
            } else if (how[i] == ')') {
                --depth;
            } else if (depth == 0 && how[i] == ' ' && how[i + 2] == ' ' &&
                       std::string_view("*/+-").find(how[i + 1]) != std::string_view::npos) {
                return std::tuple{std::string(how.substr(0, i)), how[i + 1],
                                  std::string(how.substr(i + 3))};
            }
        }
        return std::nullopt;
    }

    static std::string glyph(char op) {
        switch (op) {
        case '*':
            return "\u00d7";
        case '-':
            return std::string(minus);
        default:
            return std::string(1, op);
        }
    }

    static double apply(char op, double x, double y) {
        switch (op) {
        case '*':
            return x * y;
        case '/':
            return x / y;
        case '+':
            return x + y;
        default:
            return x - y;
        }
    }

    static bool same_value(double x, double y) {
        return std::abs(x - y) <= 1e-9 * std::max(1.0, std::abs(y));
    }

    /// The values an operand can stand for on one side of a step.
    std::vector<double> candidates(const Operand& o, Side side) const {
        if (o.one) {
            return {1.0};
        }
        const Variable& v = var(*o.var);
        const Interval& i = side == Side::nominal ? v.nominal : v.range;
        std::vector<double> out;
        for (const double x : {i.lo.value, i.hi.value}) {
            if (std::isfinite(x)) {
                out.push_back(x);
            }
        }
        return out;
    }

    /// `… − 1` for growth and change, which the arithmetic computes as factors.
    static std::string minus_one(const Variable& v) {
        return v.kind == VarKind::factor || v.kind == VarKind::cumulative
                   ? fmt::format(" {} 1", minus)
                   : "";
    }

    /// A step through one relation of the solver, both operands known.
    Step binary_step(const Variable& v, Side side, const Bound& b, const Operand& x, char op,
                     const Operand& y, bool with_year) const {
        Step s;
        s.kind = Step::Kind::relation;
        double best_x = 0;
        double best_y = 0;
        double best_error = inf;
        for (const double cx : candidates(x, side)) {
            for (const double cy : candidates(y, side)) {
                const double error = std::abs(apply(op, cx, cy) - b.value);
                if (error < best_error) {
                    best_error = error;
                    best_x = cx;
                    best_y = cy;
                }
            }
        }
        const auto sym = [&](const Operand& o) {
            return o.one ? std::string("1") : term(var(*o.var), with_year);
        };
        const auto num = [&](std::vector<ExplainTerm>& terms, const Operand& o, double value) {
            if (o.one) {
                add_text(terms, "1");
            } else {
                add_value(terms, var(*o.var), value);
            }
        };
        const bool drop_one = y.one && (op == '*' || op == '/');
        s.symbolic = drop_one ? sym(x) : fmt::format("{} {} {}", sym(x), glyph(op), sym(y));
        s.symbolic += minus_one(v);
        if (std::isfinite(best_error)) {
            num(s.numeric, x, best_x);
            if (!drop_one) {
                add_text(s.numeric, fmt::format(" {} ", glyph(op)));
                num(s.numeric, y, best_y);
            }
            add_text(s.numeric, minus_one(v));
        } else {
            s.kind = Step::Kind::opaque;
        }
        for (const Operand* o : {&x, &y}) {
            if (o->var) {
                s.inputs.push_back(*o->var);
            }
        }
        // Across series, the relation is an identity's (one of those behind the bound).
        const bool across = std::any_of(s.inputs.begin(), s.inputs.end(),
                                        [&](VarId input) { return var(input).series != v.series; });
        for (const ConstraintId c : b.because) {
            if (across && !structural(c) && d_.constraints[c].kind == Constraint::Kind::identity) {
                s.refs.push_back(c);
            }
        }
        return s;
    }

    // ---- products solved for one variable

    /// Adds the factors of an identity side to `exponents` (in order of appearance), as they
    /// stand for `target`'s kind and year; false when the side is not a product of metrics and
    /// numbers.
    bool collect(const lang::Expr& e, int sign, const Variable& target,
                 std::vector<Factor>& exponents) const {
        if (const auto* b = std::get_if<lang::BinaryExpr>(&e.kind)) {
            if (b->op == lang::BinaryOp::multiply) {
                return collect(*b->lhs, sign, target, exponents) &&
                       collect(*b->rhs, sign, target, exponents);
            }
            if (b->op == lang::BinaryOp::divide) {
                return collect(*b->lhs, sign, target, exponents) &&
                       collect(*b->rhs, -sign, target, exponents);
            }
            return false;
        }
        if (const auto* n = std::get_if<lang::NumberExpr>(&e.kind)) {
            if (target.kind != VarKind::level) {
                return true; // a constant does not grow
            }
            Factor f{std::nullopt, n->number.value, n->number.text, sign};
            if (n->unit) {
                std::string error;
                const auto unit = a_.units.lookup(n->unit->parts, error);
                if (!unit) {
                    return false;
                }
                f.value *= unit->scale;
                f.text += " " + lang::unit_text(*n->unit);
            }
            exponents.push_back(std::move(f));
            return true;
        }
        std::string name;
        std::string scope;
        if (const auto* n = std::get_if<lang::NameExpr>(&e.kind)) {
            name = n->name.name;
        } else if (const auto* c = std::get_if<lang::CallExpr>(&e.kind);
                   c != nullptr && c->args.size() == 1) {
            const auto* s = std::get_if<lang::NameExpr>(&c->args[0].kind);
            if (s == nullptr) {
                return false;
            }
            name = c->callee.name;
            scope = s->name.name;
        } else {
            return false;
        }
        // The declaration the identity's file sees: two files may each declare one name.
        const Metric* metric = a_.model.find_metric(name, e.span.file, a_.workspace);
        if (metric == nullptr) {
            return false;
        }
        std::string key = d_.series_for(metric->name(), scope);
        if (key.empty()) {
            key = scope.empty() ? metric->name() : fmt::format("{}({})", metric->name(), scope);
        }
        const Variable* leaf = d_.find(key, target.kind, target.year);
        if (leaf == nullptr) {
            return false;
        }
        add_exponent(exponents, id_of(*leaf), sign);
        return true;
    }

    static void add_exponent(std::vector<Factor>& exponents, VarId v, int e) {
        for (Factor& f : exponents) {
            if (f.var == v) {
                f.exponent += e;
                return;
            }
        }
        exponents.push_back({v, 1, {}, e});
    }

    /// Π factor^exponent = 1 solved for `target`; nullopt unless every exponent ends up ±1.
    static std::optional<Monomial> solve_for(VarId target, const std::vector<Factor>& exponents,
                                             std::optional<ConstraintId> identity) {
        int own = 0;
        for (const Factor& f : exponents) {
            own += f.var == target ? f.exponent : 0;
        }
        if (own != 1 && own != -1) {
            return std::nullopt;
        }
        Monomial m;
        m.identity = identity;
        for (Factor f : exponents) {
            if (f.var == target || f.exponent == 0) {
                continue;
            }
            f.exponent = -f.exponent / own;
            if (f.exponent != 1 && f.exponent != -1) {
                return std::nullopt;
            }
            m.terms.push_back(std::move(f));
        }
        return m;
    }

    /// The products that may have given a bound: the identities behind it, and for growth the
    /// definition of the period's change as the product of the yearly factors.
    std::vector<Monomial> monomials(VarId id, const Bound& b) const {
        const Variable& v = var(id);
        std::vector<Monomial> out;
        for (const ConstraintId c : b.because) {
            const Constraint& constraint = d_.constraints[c];
            if (structural(c) || constraint.kind != Constraint::Kind::identity) {
                continue;
            }
            for (const lang::IdentityDecl* identity : a_.model.identities) {
                if (!(identity->span == constraint.span)) {
                    continue;
                }
                std::vector<Factor> exponents;
                if (collect(identity->lhs, 1, v, exponents) &&
                    collect(identity->rhs, -1, v, exponents)) {
                    if (auto m = solve_for(id, exponents, c)) {
                        out.push_back(std::move(*m));
                    }
                }
            }
        }
        if (v.kind == VarKind::factor || v.kind == VarKind::cumulative) {
            std::vector<Factor> exponents;
            const Variable* total = d_.find(v.series, VarKind::cumulative);
            bool complete = total != nullptr;
            if (total != nullptr) {
                add_exponent(exponents, id_of(*total), 1);
            }
            for (int y = d_.base_year + 1; complete && y <= d_.last_year; ++y) {
                const Variable* f = d_.find(v.series, VarKind::factor, y);
                complete = f != nullptr;
                if (f != nullptr) {
                    add_exponent(exponents, id_of(*f), -1);
                }
            }
            if (complete) {
                if (auto m = solve_for(id, exponents, std::nullopt)) {
                    out.push_back(std::move(*m));
                }
            }
        }
        return out;
    }

    /// A step through a product, when its arithmetic reproduces the bound.
    std::optional<Step> product_step(const Variable& v, Side side, const Bound& b,
                                     const Monomial& m, bool with_year) const {
        double value = 1;
        std::vector<std::string> num_sym;
        std::vector<std::string> den_sym;
        std::vector<std::vector<ExplainTerm>> num_val;
        std::vector<std::vector<ExplainTerm>> den_val;
        Step s;
        for (const Factor& f : m.terms) {
            const int e = f.exponent;
            if (!f.var) {
                value = e > 0 ? value * f.value : value / f.value;
                (e > 0 ? num_sym : den_sym).push_back(f.text);
                (e > 0 ? num_val : den_val).push_back({{f.text, std::nullopt, 0}});
                continue;
            }
            const Variable& u = var(*f.var);
            double x = 0;
            if (side == Side::nominal) {
                const auto nom = nominal(u);
                if (!nom) {
                    return std::nullopt;
                }
                x = *nom;
            } else {
                const bool use_lo = (side == Side::lo) == (e > 0);
                x = use_lo ? u.range.lo.value : u.range.hi.value;
            }
            if (!std::isfinite(x) || x <= 0) {
                return std::nullopt;
            }
            value = e > 0 ? value * x : value / x;
            (e > 0 ? num_sym : den_sym).push_back(term(u, with_year));
            std::vector<ExplainTerm> operand;
            add_value(operand, u, x);
            (e > 0 ? num_val : den_val).push_back(std::move(operand));
            s.inputs.push_back(*f.var);
        }
        if (m.terms.empty() || !same_value(value, b.value)) {
            return std::nullopt;
        }
        const auto product = [&](const std::vector<std::string>& num,
                                 const std::vector<std::string>& den) {
            std::string out =
                num.empty() ? std::string("1") : fmt::format("{}", fmt::join(num, " \u00d7 "));
            if (den.size() == 1) {
                out += " / " + den[0];
            } else if (den.size() > 1) {
                out += fmt::format(" / ({})", fmt::join(den, " \u00d7 "));
            }
            return out + minus_one(v);
        };
        const auto product_terms = [&](const std::vector<std::vector<ExplainTerm>>& num,
                                       const std::vector<std::vector<ExplainTerm>>& den) {
            std::vector<ExplainTerm> out;
            if (num.empty()) {
                add_text(out, "1");
            }
            for (std::size_t i = 0; i < num.size(); ++i) {
                add_text(out, i == 0 ? "" : " \u00d7 ");
                add_terms(out, num[i]);
            }
            if (!den.empty()) {
                add_text(out, den.size() == 1 ? " / " : " / (");
                for (std::size_t i = 0; i < den.size(); ++i) {
                    add_text(out, i == 0 ? "" : " \u00d7 ");
                    add_terms(out, den[i]);
                }
                add_text(out, den.size() == 1 ? "" : ")");
            }
            add_text(out, minus_one(v));
            return out;
        };
        s.kind = Step::Kind::relation;
        s.symbolic = product(num_sym, den_sym);
        s.numeric = product_terms(num_val, den_val);
        if (m.identity) {
            s.refs.push_back(*m.identity);
        }
        return s;
    }

    /// How one side of a variable follows.
    Step step(VarId id, Side side, bool with_year) const {
        const Variable& v = var(id);
        const Bound& b = bound(v, side);
        Step s;
        if (b.how.empty()) {
            for (const ConstraintId c : b.because) {
                if (!structural(c)) {
                    s.refs.push_back(c);
                }
            }
            s.kind = s.refs.empty() ? Step::Kind::opaque : Step::Kind::figure;
            return s;
        }
        const auto parts = split_how(b.how);
        if (parts) {
            const Operand x = operand(std::get<0>(*parts));
            const Operand y = operand(std::get<2>(*parts));
            if ((x.one || x.var) && (y.one || y.var)) {
                return binary_step(v, side, b, x, std::get<1>(*parts), y, with_year);
            }
        }
        for (const Monomial& m : monomials(id, b)) {
            if (auto solved = product_step(v, side, b, m, with_year)) {
                return *solved;
            }
        }
        // Through intermediate values of an identity that no product reproduces: show the
        // solver's last step as it is.
        s.kind = Step::Kind::opaque;
        if (parts) {
            const auto sym = [&](const std::string& name) {
                const Operand o = operand(name);
                return o.var ? term(var(*o.var), with_year) : name;
            };
            s.symbolic =
                fmt::format("{} {} {}{}", sym(std::get<0>(*parts)), glyph(std::get<1>(*parts)),
                            sym(std::get<2>(*parts)), minus_one(v));
            for (const std::string& name : {std::get<0>(*parts), std::get<2>(*parts)}) {
                if (const Operand o = operand(name); o.var) {
                    s.inputs.push_back(*o.var);
                }
            }
        } else {
            s.symbolic = b.how;
        }
        for (const ConstraintId c : b.because) {
            if (!structural(c) && d_.constraints[c].kind == Constraint::Kind::identity) {
                s.refs.push_back(c);
            }
        }
        return s;
    }

    // ---- the chain of steps behind a variable -------------------------------------------------

    /// Appends the steps behind `id` to Explanation::steps and their indices to `out`, inputs
    /// first; each variable once (`done`). Figures are referred to by constraint id until
    /// figures() numbers them.
    void chain(VarId id, bool with_year, std::set<VarId>& done, std::set<VarId>& visiting,
               std::vector<std::size_t>& out) {
        if (done.contains(id) || visiting.contains(id)) {
            return;
        }
        visiting.insert(id);
        const Variable& v = var(id);
        std::vector<std::pair<Side, Step>> steps;
        for (const Side side : sides(v)) {
            steps.emplace_back(side, step(id, side, with_year));
        }
        for (const auto& [side, s] : steps) {
            for (const VarId input : s.inputs) {
                if (known(var(input))) {
                    chain(input, with_year, done, visiting, out);
                }
            }
        }
        visiting.erase(id);
        done.insert(id);
        if (steps.empty()) {
            return;
        }
        ExplainStep step{label(v, with_year), value_of(v), {}, {}, {}};
        for (const auto& [side, s] : steps) {
            step.derivations.push_back({public_side(side), public_kind(s.kind),
                                        datum(v, bound(v, side).value), s.symbolic, s.numeric,
                                        std::vector<std::size_t>(s.refs.begin(), s.refs.end())});
            for (const VarId input : s.inputs) {
                const auto it = step_of_.find(input);
                if (it != step_of_.end() && std::find(step.steps.begin(), step.steps.end(),
                                                      it->second) == step.steps.end()) {
                    step.steps.push_back(it->second);
                }
            }
        }
        step_of_[id] = e_.steps.size();
        out.push_back(e_.steps.size());
        e_.steps.push_back(std::move(step));
    }

    /// The facts explained, in order: growth in each shown year whose growth is known; for the
    /// whole period, the change over it when some year's growth is unknown; the level of the
    /// given year, else of the last year whose level is known.
    void sections(std::optional<int> year) {
        std::set<VarId> done;
        std::set<VarId> visiting;
        // Each year's growth is explained on its own, so that years that read alike can be shown
        // together; what the later sections show once is what any year showed.
        std::set<VarId> shown_by_years;
        for (int y = d_.first_year + 1; y <= d_.last_year; ++y) {
            const Variable* f = d_.find(series_, VarKind::factor, y);
            if ((year && *year != y) || f == nullptr || !known(*f)) {
                continue;
            }
            ExplainSection s{ExplainSection::Kind::growth, y, y, value_of(*f), {}};
            std::set<VarId> year_done = done;
            chain(id_of(*f), false, year_done, visiting, s.steps);
            shown_by_years.insert(year_done.begin(), year_done.end());
            e_.sections.push_back(std::move(s));
        }
        done.insert(shown_by_years.begin(), shown_by_years.end());
        // The level: of the given year, else of the last year known.
        const Variable* level = nullptr;
        for (int y = d_.last_year; y >= d_.first_year; --y) {
            const Variable* l = d_.find(series_, VarKind::level, y);
            if ((!year || *year == y) && l != nullptr && known(*l)) {
                level = l;
                break;
            }
        }
        const auto add = [&](const Variable& v, ExplainSection::Kind kind, int from_year) {
            ExplainSection s{kind, from_year, v.year, value_of(v), {}};
            chain(id_of(v), true, done, visiting, s.steps);
            e_.sections.push_back(std::move(s));
        };
        // The change over the period, when the yearly growth does not already tell it.
        bool every_year_known = true;
        for (int y = d_.base_year + 1; y <= d_.last_year; ++y) {
            const Variable* f = d_.find(series_, VarKind::factor, y);
            every_year_known = every_year_known && f != nullptr && known(*f);
        }
        // A share's change is in pp when the derivation has it (a `rises … pp` target).
        const Variable* change = d_.find(series_, VarKind::cumulative);
        if (const Variable* points =
                d_.find_change(series_, VarKind::difference, d_.base_year, d_.last_year);
            points != nullptr && is_share(d_, series_) && known(*points)) {
            change = points;
        }
        if (!year && !every_year_known && change != nullptr && known(*change)) {
            add(*change, ExplainSection::Kind::change, change->from_year);
        }
        if (level != nullptr) {
            add(*level, ExplainSection::Kind::level, level->year);
        }
        rendered_ = done;
    }

    // ---- the parts of the explanation ---------------------------------------------------------

    void table(std::optional<int> year) {
        for (int y = d_.first_year; y <= d_.last_year; ++y) {
            if (year && *year != y) {
                continue;
            }
            ExplainYear row{y, y == d_.base_year, {}, {}};
            row.level.kind = ExplainValue::Kind::level;
            row.level.unit = level_unit(series_).symbol;
            row.growth.kind = ExplainValue::Kind::growth;
            row.growth.unit = rate_unit().symbol;
            if (const Variable* v = d_.find(series_, VarKind::level, y)) {
                row.level = value_of(*v);
            }
            if (const Variable* v = d_.find(series_, VarKind::factor, y)) {
                row.growth = value_of(*v);
            }
            e_.years.push_back(std::move(row));
        }
    }

    /// The change over the period (in pp for a share, with the relative change beside it) and
    /// the average yearly growth, as eval's change() and growth() give them.
    void period() {
        const Variable* change = d_.find(series_, VarKind::cumulative);
        if (change == nullptr) {
            return;
        }
        const int from = change->from_year;
        const int to = change->year;
        const bool share = is_share(d_, series_);
        ExplainPeriod p{from, to, value_of(*change), std::nullopt, std::nullopt};
        if (share) {
            p.change = ExplainValue{};
            p.change.kind = ExplainValue::Kind::points;
            p.change.unit = points_unit().symbol;
            if (const auto points = change_between(d_, series_, from, to, true)) {
                p.change = explain_value(*points, ExplainValue::Kind::points);
            }
            if (const auto relative = change_between(d_, series_, from, to, false)) {
                p.relative = explain_value(*relative, ExplainValue::Kind::change);
            }
        }
        if (const auto average = average_growth(d_, series_, from, to)) {
            p.average = explain_value(*average, ExplainValue::Kind::growth);
        }
        e_.period = std::move(p);
    }

    /// Constraint ids behind what the sections show, in file order.
    std::vector<ConstraintId> involved() const {
        std::set<ConstraintId> ids;
        for (const VarId id : rendered_) {
            const Variable& v = var(id);
            for (const Side side : sides(v)) {
                for (const ConstraintId c : bound(v, side).because) {
                    if (!structural(c)) {
                        ids.insert(c);
                    }
                }
            }
        }
        std::vector<ConstraintId> out(ids.begin(), ids.end());
        std::sort(out.begin(), out.end(), [&](ConstraintId x, ConstraintId y) {
            const Constraint& a = d_.constraints[x];
            const Constraint& b = d_.constraints[y];
            return std::tie(a.file_rank, a.span.begin, x) < std::tie(b.file_rank, b.span.begin, y);
        });
        return out;
    }

    /// Numbers the statements behind what the sections show and turns the steps' references
    /// to them (constraint ids so far) into indices of Explanation::figures.
    void figures() {
        const std::vector<ConstraintId> ids = involved();
        std::map<std::size_t, std::size_t> index;
        for (const ConstraintId id : ids) {
            const Constraint& c = d_.constraints[id];
            ExplainFigure f{
                public_kind(c.kind), c.summary, to_public(a_.workspace.sources, c.span), {}};
            if (c.citations != nullptr) {
                for (const lang::Citation& citation : *c.citations) {
                    ExplainCitation out{citation.source.name, std::nullopt, std::nullopt,
                                        std::nullopt};
                    if (citation.quote) {
                        out.quote = citation.quote->value;
                    }
                    if (const auto it = d_.plan->sources.find(citation.source.name);
                        it != d_.plan->sources.end()) {
                        out.url = it->second->url.value;
                        if (it->second->description) {
                            out.description = it->second->description->value;
                        }
                    }
                    f.citations.push_back(std::move(out));
                }
            }
            index[id] = e_.figures.size();
            e_.figures.push_back(std::move(f));
        }
        const auto renumber = [&](std::vector<std::size_t>& refs) {
            std::vector<std::size_t> out;
            for (const std::size_t id : refs) {
                if (const auto it = index.find(id); it != index.end()) {
                    out.push_back(it->second);
                }
            }
            refs = std::move(out);
        };
        for (ExplainStep& step : e_.steps) {
            std::set<std::size_t> all;
            for (ExplainDerivation& d : step.derivations) {
                renumber(d.figures);
                all.insert(d.figures.begin(), d.figures.end());
            }
            step.figures.assign(all.begin(), all.end());
        }
    }

    const Analysis& a_;
    const Derivation& d_;
    std::string series_;
    std::map<std::string, VarId> names_;   // the solver's names of variables (Bound::how)
    std::set<VarId> rendered_;             // variables the sections show
    std::map<VarId, std::size_t> step_of_; // the latest step of each variable
    Explanation e_;
};

} // namespace

std::optional<ExplainTarget> parse_explain_target(std::string_view text) {
    const auto dot = text.find('.');
    if (dot == std::string_view::npos) {
        return std::nullopt;
    }
    const std::string_view plan = text.substr(0, dot);
    const std::string_view metric = text.substr(dot + 1);
    if (!is_identifier(plan) || !split_metric(metric)) {
        return std::nullopt;
    }
    return ExplainTarget{std::string(plan), std::string(metric)};
}

ExplainData explain_data(const Analysis& analysis, std::string_view plan, std::string_view metric,
                         std::optional<int> year) {
    ExplainData result;
    const Derivation* d = analysis.derivations.find(plan);
    if (d == nullptr) {
        std::vector<std::string> plans;
        for (const Plan& p : analysis.model.plans) {
            plans.push_back(p.name());
        }
        result.error = fmt::format("no plan `{}` in the files given", plan);
        if (const auto suggestion = did_you_mean(plan, plans)) {
            result.error += fmt::format("; did you mean `{}`?", *suggestion);
        } else if (plans.empty()) {
            result.error += " (they declare no plan)";
        } else if (plans.size() <= 8) {
            result.error += fmt::format("; the plans are {}", code_list(plans));
        }
        return result;
    }
    if (!d->plan->period) {
        result.error = fmt::format("`{}` has no period, so nothing is derived for it; add "
                                   "`period YYYY..YYYY`",
                                   plan);
        return result;
    }
    const auto parts = split_metric(metric);
    if (!parts) {
        result.error =
            fmt::format("`{}` is not a metric name; write `metric` or `metric(scope)`", metric);
        return result;
    }
    std::vector<std::string> series_keys;
    for (const auto& [key, m] : d->series_metrics) {
        series_keys.push_back(key);
    }
    // The declaration the plan's file sees: two files may each declare one name.
    const Metric* declared =
        analysis.model.find_metric(parts->first, d->plan->file, analysis.workspace);
    if (declared == nullptr) {
        std::vector<std::string> candidates = series_keys;
        for (const auto& [name, m] : analysis.model.metric_names) {
            candidates.push_back(name);
        }
        result.error = fmt::format("unknown metric `{}`", parts->first);
        if (const auto suggestion = did_you_mean(metric, candidates)) {
            result.error += fmt::format("; did you mean `{}`?", *suggestion);
        }
        return result;
    }
    std::vector<std::string> ambiguous;
    const std::string series = d->series_for(declared->name(), parts->second, &ambiguous);
    if (!ambiguous.empty()) {
        result.error = fmt::format("`{}` stands for several series of `{}`: {}; name one", metric,
                                   plan, code_list(ambiguous));
        return result;
    }
    if (series.empty()) {
        const std::string wanted = parts->second.empty()
                                       ? declared->name()
                                       : fmt::format("{}({})", declared->name(), parts->second);
        result.error = fmt::format("`{}` says nothing about `{}`", plan, wanted);
        if (const auto suggestion = did_you_mean(wanted, series_keys)) {
            result.error += fmt::format("; did you mean `{}`?", *suggestion);
        } else if (!series_keys.empty()) {
            result.error += fmt::format("; its series are {}", code_list(series_keys));
        }
        return result;
    }
    if (year && (*year < d->first_year || *year > d->last_year)) {
        result.error = fmt::format("{} is outside the years of `{}`: {} to {}", *year, plan,
                                   d->first_year, d->last_year);
        return result;
    }
    result.explanation = Explainer(analysis, *d, series).run(year);
    return result;
}

ExplainResult explain(const Analysis& analysis, std::string_view plan, std::string_view metric,
                      std::optional<int> year, const ExplainOptions& options) {
    ExplainData data = explain_data(analysis, plan, metric, year);
    if (!data.explanation) {
        return {"", std::move(data.error)};
    }
    return {render_text(*data.explanation, {options.digits}), ""};
}

} // namespace ingot::runtime
