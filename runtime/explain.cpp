#include "runtime/explain.hpp"

#include "lang/source.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdlib>
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
    for (const std::string& n : names) {
        quoted.push_back(fmt::format("`{}`", n));
    }
    return fmt::format("{}", fmt::join(quoted, ", "));
}

/// A citation as it is written in a plan: `[ILK: "年均增长5%左右"]`.
std::string citation_text(const lang::Citation& c) {
    if (!c.quote) {
        return fmt::format("[{}]", c.source.name);
    }
    std::string quote;
    for (const char ch : c.quote->value) {
        if (ch == '"' || ch == '\\') {
            quote += '\\';
        }
        if (ch == '\n') {
            quote += "\\n";
            continue;
        }
        quote += ch;
    }
    return fmt::format("[{}: \"{}\"]", c.source.name, quote);
}

/// Pads `text` with spaces to `width` terminal columns.
std::string pad(const std::string& text, std::size_t width) {
    const std::size_t w = lang::display_width(text);
    return w >= width ? text : text + std::string(width - w, ' ');
}

/// "2025", "2025 and 2026", "2025–2028".
std::string years_text(int first, int last) {
    if (first == last) {
        return std::to_string(first);
    }
    if (last == first + 1) {
        return fmt::format("{} and {}", first, last);
    }
    return fmt::format("{}\u2013{}", first, last);
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
    std::string numeric;  // "(1 + 5 %/yr) / (1 + 1.5 %/yr) − 1"; empty for opaque steps
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

std::string unit_text(const lang::Unit& u) {
    std::vector<std::string> groups;
    for (const auto& words : u.parts) {
        groups.push_back(fmt::format("{}", fmt::join(words, " ")));
    }
    return fmt::format("{}", fmt::join(groups, "/"));
}

/// What the How section shows of one fact.
struct Section {
    std::string title;
    std::vector<std::string> lines;
};

class Explainer {
public:
    Explainer(const Analysis& analysis, const Derivation& d, std::string series,
              const ExplainOptions& options)
        : a_(analysis), d_(d), series_(std::move(series)), options_(options) {
        options_.digits = std::clamp(options_.digits, 1, 15);
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
            case VarKind::aux:
                break;
            }
        }
    }

    std::string run(std::optional<int> year) {
        std::string out = header();
        out += '\n';
        out += table(year);
        out += period();
        if (outside_) {
            out +=
                "* as written, the figures give a value outside the range: they agree only within "
                "their rounding (`ingot check` says how)\n";
        }
        if (!d_.consistent) {
            out += "\nThe figures contradict each other (`ingot check` reports the contradiction): "
                   "the ranges are where the derivation stopped.\n";
        } else if (!d_.nominal_consistent) {
            out += "\nAs written, the figures disagree (they agree only within their rounding): "
                   "no value is shown as written.\n";
        }
        out += how(year);
        return out;
    }

private:
    // ---- values and how they are shown --------------------------------------------------------

    const Variable& var(VarId id) const { return d_.variables[id]; }
    VarId id_of(const Variable& v) const { return static_cast<VarId>(&v - d_.variables.data()); }

    bool structural(ConstraintId id) const { return d_.constraints[id].span.end == 0; }

    /// True when a bound says something about the plan: it is finite, some statement is behind
    /// it, and it does not merely say that a level or a growth factor is positive.
    bool informative(const Variable& v, const Bound& b, bool lower) const {
        if (!std::isfinite(b.value)) {
            return false;
        }
        if (std::all_of(b.because.begin(), b.because.end(),
                        [&](ConstraintId c) { return structural(c); })) {
            return false;
        }
        if (lower && (v.kind == VarKind::factor || v.kind == VarKind::cumulative) && b.value <= 0) {
            return false;
        }
        return !(lower && v.kind == VarKind::level && b.value == 0 && b.open && !b.how.empty());
    }

    /// The range with its uninformative ends left open to infinity.
    Interval shown(const Variable& v) const {
        Interval i = v.range;
        if (!informative(v, i.lo, true)) {
            i.lo = Bound{-inf, false, {}, {}};
        }
        if (!informative(v, i.hi, false)) {
            i.hi = Bound{inf, false, {}, {}};
        }
        return i;
    }

    /// The value the figures as written give, when they give one.
    std::optional<double> nominal(const Variable& v) const {
        if (v.nominal.empty() || !v.nominal.is_point() || !informative(v, v.nominal.lo, false)) {
            return std::nullopt;
        }
        return v.nominal.lo.value;
    }

    bool known(const Variable& v) const { return nominal(v) || !shown(v).unbounded(); }

    Unit level_unit(const std::string& series) const {
        if (const auto it = d_.display_units.find(series); it != d_.display_units.end()) {
            return it->second;
        }
        return Unit{};
    }

    Unit unit_of(const Variable& v) const {
        switch (v.kind) {
        case VarKind::level:
            return level_unit(v.series);
        case VarKind::factor:
            return rate_unit();
        case VarKind::cumulative:
            return share_unit();
        case VarKind::aux:
            break;
        }
        return Unit{};
    }

    /// A variable's value in the unit it is shown in: 79.19 (Mt), 3.45 (%/yr), 7.02 (%).
    double in_unit(const Variable& v, double x) const {
        switch (v.kind) {
        case VarKind::level:
            return x / level_unit(v.series).scale;
        case VarKind::factor:
        case VarKind::cumulative:
            return (x - 1) * 100;
        case VarKind::aux:
            break;
        }
        return x;
    }

    /// Significant digits for a variable: the requested ones, or more until each shown number
    /// is within a tenth of the range's width of its value.
    int digits_for(const Variable& v, const Interval& range, std::optional<double> nom) const {
        const int base = options_.digits;
        if (!range.bounded_below() || !range.bounded_above() || range.empty() || range.is_point()) {
            return base;
        }
        std::vector<double> values{in_unit(v, range.lo.value), in_unit(v, range.hi.value)};
        const double tolerance = std::abs(values[1] - values[0]) / 10;
        if (nom) {
            values.push_back(in_unit(v, *nom));
        }
        const int most = std::min(base + 6, 15);
        for (int digits = base; digits < most; ++digits) {
            const bool close = std::all_of(values.begin(), values.end(), [&](double x) {
                const std::string shown_text = format_value(x, Unit{}, digits);
                return std::abs(std::strtod(shown_text.c_str(), nullptr) - x) <= tolerance;
            });
            if (close) {
                return digits;
            }
        }
        return most;
    }

    int digits_for(const Variable& v) const { return digits_for(v, shown(v), nominal(v)); }

    std::string number(const Variable& v, double x, int digits) const {
        return format_value(in_unit(v, x), unit_of(v), digits);
    }

    /// "2.8 … 4.09 %/yr", "> 20 Mt", "unknown": like describe_interval, with the unit once.
    std::string range_text(const Variable& v, const Interval& i, int digits) const {
        if (i.empty()) {
            return "no possible value";
        }
        if (i.unbounded()) {
            return "unknown";
        }
        if (!i.bounded_above()) {
            return fmt::format("{} {}", i.lo.open ? ">" : ">=", number(v, i.lo.value, digits));
        }
        if (!i.bounded_below()) {
            return fmt::format("{} {}", i.hi.open ? "<" : "<=", number(v, i.hi.value, digits));
        }
        const std::string hi = number(v, i.hi.value, digits);
        if (i.is_point()) {
            return hi;
        }
        return fmt::format("{} \u2026 {}", format_value(in_unit(v, i.lo.value), Unit{}, digits),
                           hi);
    }

    /// "3.45 %/yr (2.8 … 4.09 %/yr)": the value as written, then the range; "unknown" when
    /// nothing is known. Sets `outside` when the value as written lies outside the range.
    std::string cell(const Variable& v, const Interval& range, std::optional<double> nom,
                     bool* outside = nullptr) const {
        const int digits = digits_for(v, range, nom);
        const std::string r = range.unbounded() ? "" : range_text(v, range, digits);
        if (!nom) {
            return range.unbounded() ? "unknown" : r;
        }
        const std::string x = number(v, *nom, digits);
        if (outside != nullptr && !range.empty()) {
            *outside = *nom < range.lo.value || *nom > range.hi.value ||
                       (*nom == range.lo.value && range.lo.open) ||
                       (*nom == range.hi.value && range.hi.open);
        }
        if (range.unbounded() || r == x) {
            return x;
        }
        return fmt::format("{} ({})", x, r);
    }

    std::string cell(const Variable& v, bool* outside = nullptr) const {
        return cell(v, shown(v), nominal(v), outside);
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

    /// A value as a factor of a product: `79.19 Mt`, `(1 + 4.5 %/yr)`, `(1 − 2 %)`.
    std::string term_value(const Variable& v, double x) const {
        const int digits = digits_for(v);
        if (v.kind == VarKind::factor || v.kind == VarKind::cumulative) {
            const double g = in_unit(v, x);
            return g < 0 ? fmt::format("(1 {} {})", minus, format_value(-g, unit_of(v), digits))
                         : fmt::format("(1 + {})", format_value(g, unit_of(v), digits));
        }
        return number(v, x, digits);
    }

    // ---- steps --------------------------------------------------------------------------------

    static const Bound& bound(const Variable& v, Side side) {
        switch (side) {
        case Side::nominal:
            return v.nominal.lo;
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
        const auto num = [&](const Operand& o, double value) {
            return o.one ? std::string("1") : term_value(var(*o.var), value);
        };
        const bool drop_one = y.one && (op == '*' || op == '/');
        s.symbolic = drop_one ? sym(x) : fmt::format("{} {} {}", sym(x), glyph(op), sym(y));
        s.symbolic += minus_one(v);
        if (std::isfinite(best_error)) {
            s.numeric = drop_one
                            ? num(x, best_x)
                            : fmt::format("{} {} {}", num(x, best_x), glyph(op), num(y, best_y));
            s.numeric += minus_one(v);
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
                f.text += " " + unit_text(*n->unit);
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
        const auto it = a_.model.metric_names.find(name);
        if (it == a_.model.metric_names.end()) {
            return false;
        }
        std::string key = d_.series_for(it->second->name(), scope);
        if (key.empty()) {
            key = scope.empty() ? it->second->name()
                                : fmt::format("{}({})", it->second->name(), scope);
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
        std::vector<std::string> num_val;
        std::vector<std::string> den_val;
        Step s;
        for (const Factor& f : m.terms) {
            const int e = f.exponent;
            if (!f.var) {
                value = e > 0 ? value * f.value : value / f.value;
                (e > 0 ? num_sym : den_sym).push_back(f.text);
                (e > 0 ? num_val : den_val).push_back(f.text);
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
            (e > 0 ? num_val : den_val).push_back(term_value(u, x));
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
        s.kind = Step::Kind::relation;
        s.symbolic = product(num_sym, den_sym);
        s.numeric = product(num_val, den_val);
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

    std::string refs_text(const std::vector<ConstraintId>& refs) const {
        std::vector<std::string> parts;
        for (const ConstraintId c : refs) {
            if (const auto it = numbers_.find(c); it != numbers_.end()) {
                parts.push_back(fmt::format("[{}]", it->second));
            } else {
                parts.push_back("[?]"); // first pass: numbers not assigned yet
            }
        }
        return fmt::format("{}", fmt::join(parts, " "));
    }

    /// " = 5 %/yr", or " >= 5 %/yr" for a bound.
    static std::string equals(const std::string& value) {
        return value.starts_with('>') || value.starts_with('<') ? " " + value : " = " + value;
    }

    static std::string side_label(const Variable& v, Side side) {
        switch (side) {
        case Side::nominal:
            return "as written";
        case Side::lo:
            return v.range.lo.open ? "above" : "at least";
        case Side::hi:
            break;
        }
        return v.range.hi.open ? "below" : "at most";
    }

    /// Appends the steps behind `id` to `out`, inputs first; each variable once (`done`).
    void chain(VarId id, bool with_year, std::set<VarId>& done, std::set<VarId>& visiting,
               std::vector<std::string>& out) const {
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
        const std::string name = label(v, with_year);
        const int digits = digits_for(v);
        const auto value = [&](Side side) { return number(v, bound(v, side).value, digits); };
        const auto is = [&](Step::Kind k) {
            return std::all_of(steps.begin(), steps.end(),
                               [&](const auto& p) { return p.second.kind == k; });
        };
        const bool one_figure =
            is(Step::Kind::figure) && std::all_of(steps.begin(), steps.end(), [&](const auto& p) {
                return p.second.refs == steps.front().second.refs;
            });
        if (one_figure) {
            out.push_back(fmt::format("  {}{}, by {}", name, equals(cell(v)),
                                      refs_text(steps.front().second.refs)));
            return;
        }
        const bool one_formula =
            is(Step::Kind::relation) && std::all_of(steps.begin(), steps.end(), [&](const auto& p) {
                return p.second.symbolic == steps.front().second.symbolic &&
                       p.second.refs == steps.front().second.refs;
            });
        if (one_formula) {
            const Step& first = steps.front().second;
            out.push_back(fmt::format("  {} = {}{}:", name, first.symbolic,
                                      first.refs.empty() ? "" : ", by " + refs_text(first.refs)));
            for (const auto& [side, s] : steps) {
                out.push_back(fmt::format("    {}  {} = {} = {}", pad(side_label(v, side), 10),
                                          name, s.numeric, value(side)));
            }
            return;
        }
        out.push_back(fmt::format("  {}{}:", name, equals(cell(v))));
        for (const auto& [side, s] : steps) {
            const std::string by = s.refs.empty() ? "" : ", by " + refs_text(s.refs);
            std::string line;
            switch (s.kind) {
            case Step::Kind::figure:
                line = fmt::format("{}{}", value(side), by);
                break;
            case Step::Kind::relation: {
                const std::string head = fmt::format("{} = {}", name, s.symbolic);
                const std::string tail = fmt::format("= {} = {}{}", s.numeric, value(side), by);
                line = head + " " + tail;
                if (lang::display_width(line) + 16 > 100) { // too wide: the numbers below
                    line = head + "\n" + std::string(16, ' ') + tail;
                }
                break;
            }
            case Step::Kind::opaque:
                line = s.symbolic.empty()
                           ? value(side)
                           : fmt::format("{} = {} = {}{}", name, s.symbolic, value(side), by);
                break;
            }
            out.push_back(fmt::format("    {}  {}", pad(side_label(v, side), 10), line));
        }
    }

    /// The facts explained, in order: growth in the shown years (years whose steps read alike
    /// are grouped); for the whole period, the change over it when some year's growth is
    /// unknown; the level of the given year, else of the last year whose level is known.
    std::vector<Section> sections(std::optional<int> year) {
        std::vector<Section> out;
        std::set<VarId> done;
        std::set<VarId> visiting;
        // Growth, grouped over consecutive years with the same steps.
        struct YearSteps {
            int year;
            std::vector<std::string> lines;
            std::set<VarId> done;
            std::string cell;
        };
        std::vector<YearSteps> years;
        for (int y = d_.first_year + 1; y <= d_.last_year; ++y) {
            const Variable* f = d_.find(series_, VarKind::factor, y);
            if ((year && *year != y) || f == nullptr || !known(*f)) {
                continue;
            }
            YearSteps ys{y, {}, done, cell(*f)};
            chain(id_of(*f), false, ys.done, visiting, ys.lines);
            years.push_back(std::move(ys));
        }
        for (std::size_t i = 0; i < years.size();) {
            std::size_t j = i + 1;
            while (j < years.size() && years[j].year == years[j - 1].year + 1 &&
                   years[j].lines == years[i].lines && years[j].cell == years[i].cell) {
                ++j;
            }
            out.push_back({fmt::format("Growth in {}: {}",
                                       years_text(years[i].year, years[j - 1].year), years[i].cell),
                           years[i].lines});
            for (std::size_t k = i; k < j; ++k) {
                done.insert(years[k].done.begin(), years[k].done.end());
            }
            i = j;
        }
        // The level: of the given year, else of the last year known.
        const Variable* level = nullptr;
        for (int y = d_.last_year; y >= d_.first_year; --y) {
            const Variable* l = d_.find(series_, VarKind::level, y);
            if ((!year || *year == y) && l != nullptr && known(*l)) {
                level = l;
                break;
            }
        }
        const auto add = [&](const Variable& v, std::string title) {
            Section s{std::move(title), {}};
            chain(id_of(v), true, done, visiting, s.lines);
            if (s.lines.empty()) {
                s.title += " (shown above)";
            }
            out.push_back(std::move(s));
        };
        // The change over the period, when the yearly growth does not already tell it.
        bool every_year_known = true;
        for (int y = d_.base_year + 1; y <= d_.last_year; ++y) {
            const Variable* f = d_.find(series_, VarKind::factor, y);
            every_year_known = every_year_known && f != nullptr && known(*f);
        }
        const Variable* change = d_.find(series_, VarKind::cumulative);
        if (!year && !every_year_known && change != nullptr && known(*change)) {
            add(*change, fmt::format("Change from {} to {}: {}", change->from_year, change->year,
                                     cell(*change)));
        }
        if (level != nullptr) {
            add(*level, fmt::format("Level in {}: {}", level->year, cell(*level)));
        }
        rendered_ = done;
        return out;
    }

    // ---- the parts of the text ----------------------------------------------------------------

    std::string header() const {
        std::string out = fmt::format("{}.{}", d_.plan->name(), series_);
        const auto m = d_.series_metrics.find(series_);
        if (m != d_.series_metrics.end() && m->second != nullptr && m->second->decl->label) {
            out += fmt::format(" \u2014 {}", m->second->decl->label->value);
        }
        const Unit unit = level_unit(series_);
        if (!unit.symbol.empty()) {
            out += fmt::format(" ({})", unit.symbol);
        }
        return out + "\n";
    }

    std::string table(std::optional<int> year) {
        std::vector<std::array<std::string, 3>> rows{{"year", "level", "growth"}};
        for (int y = d_.first_year; y <= d_.last_year; ++y) {
            if (year && *year != y) {
                continue;
            }
            std::array<std::string, 3> row{y == d_.base_year ? fmt::format("{} (base)", y)
                                                             : std::to_string(y),
                                           "unknown", "unknown"};
            const auto fill = [&](const Variable* v, std::string& text) {
                if (v != nullptr) {
                    bool outside = false;
                    text = cell(*v, &outside);
                    if (outside) {
                        text += " *";
                        outside_ = true;
                    }
                }
            };
            fill(d_.find(series_, VarKind::level, y), row[1]);
            fill(d_.find(series_, VarKind::factor, y), row[2]);
            rows.push_back(std::move(row));
        }
        std::size_t widths[2] = {0, 0};
        for (const auto& row : rows) {
            for (std::size_t c = 0; c < 2; ++c) {
                widths[c] = std::max<std::size_t>(widths[c], lang::display_width(row[c]));
            }
        }
        std::string out;
        for (const auto& row : rows) {
            out += fmt::format("  {}   {}   {}\n", pad(row[0], widths[0]), pad(row[1], widths[1]),
                               row[2]);
        }
        return out;
    }

    std::string period() {
        const Variable* change = d_.find(series_, VarKind::cumulative);
        if (change == nullptr) {
            return "";
        }
        std::string out = fmt::format("\nFrom {} to {}: ", change->from_year, change->year);
        if (!known(*change)) {
            return out + "change unknown\n";
        }
        bool outside = false;
        const std::string total = cell(*change, &outside);
        out += fmt::format("change {}{}", total, outside ? " *" : "");
        outside_ = outside_ || outside;
        // The average yearly growth: F^(1/n) − 1.
        const double n = change->year - change->from_year;
        Variable average = *change;
        average.kind = VarKind::factor;
        Interval range = shown(*change);
        const auto root = [&](Bound& b, bool lower) {
            if (std::isfinite(b.value) && b.value > 0) {
                b.value = std::pow(b.value, 1 / n);
            } else if (lower) {
                b = Bound{-inf, false, {}, {}};
            }
        };
        root(range.lo, true);
        root(range.hi, false);
        std::optional<double> nom = nominal(*change);
        if (nom) {
            nom = *nom > 0 ? std::optional<double>(std::pow(*nom, 1 / n)) : std::nullopt;
        }
        if (nom || !range.unbounded()) {
            out += fmt::format(", an average of {}", cell(average, range, nom));
        }
        return out + "\n";
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
            const lang::SourceSpan& a = d_.constraints[x].span;
            const lang::SourceSpan& b = d_.constraints[y].span;
            return std::tie(a.file, a.begin, x) < std::tie(b.file, b.begin, y);
        });
        return out;
    }

    std::string how(std::optional<int> year) {
        sections(year); // first pass: which variables are shown, hence which statements
        const std::vector<ConstraintId> ids = involved();
        if (ids.empty()) {
            return fmt::format("\nHow it follows: no figure or identity of `{}` bears on `{}`{}.\n",
                               d_.plan->name(), series_,
                               year ? fmt::format(" in {}", *year) : std::string());
        }
        for (std::size_t i = 0; i < ids.size(); ++i) {
            numbers_[ids[i]] = static_cast<int>(i + 1);
        }
        const std::vector<Section> shown_sections = sections(year);

        std::string out = "\nHow it follows\n\n";
        std::vector<std::string> cited_sources;
        for (const ConstraintId id : ids) {
            const Constraint& c = d_.constraints[id];
            const lang::SourceFile& file = a_.workspace.sources.file(c.span.file);
            const std::string number = fmt::format("[{}] ", numbers_.at(id));
            out += fmt::format("  {}{}  ({}:{})\n", number, c.summary, file.path(),
                               file.location(c.span.begin).line);
            if (c.citations != nullptr) {
                for (const lang::Citation& citation : *c.citations) {
                    out += fmt::format("  {}{}\n", std::string(number.size(), ' '),
                                       citation_text(citation));
                    if (std::find(cited_sources.begin(), cited_sources.end(),
                                  citation.source.name) == cited_sources.end()) {
                        cited_sources.push_back(citation.source.name);
                    }
                }
            }
        }
        out += "\n  Figures are read at their written precision (4.4 % is 4.35 \u2026 4.45 %); `~` "
               "adds the about tolerance.\n";
        for (const Section& s : shown_sections) {
            out += fmt::format("\n{}\n", s.title);
            for (const std::string& line : s.lines) {
                out += line + "\n";
            }
        }
        out += sources(cited_sources);
        return out;
    }

    std::string sources(const std::vector<std::string>& names) const {
        std::vector<std::pair<std::string, const lang::SourceStmt*>> found;
        std::size_t width = 0;
        for (const std::string& name : names) {
            if (const auto it = d_.plan->sources.find(name); it != d_.plan->sources.end()) {
                found.emplace_back(name, it->second);
                width = std::max(width, name.size());
            }
        }
        if (found.empty()) {
            return "";
        }
        std::string out = "\nSources\n";
        for (const auto& [name, source] : found) {
            out += fmt::format("  {}  {}{}\n", pad(name, width), source->url.value,
                               source->description
                                   ? fmt::format(" \u2014 {}", source->description->value)
                                   : std::string());
        }
        return out;
    }

    const Analysis& a_;
    const Derivation& d_;
    std::string series_;
    ExplainOptions options_;
    std::map<std::string, VarId> names_;  // the solver's names of variables (Bound::how)
    std::map<ConstraintId, int> numbers_; // [n] of each statement shown
    std::set<VarId> rendered_;            // variables the sections show
    bool outside_ = false; // a value as written lies outside its range (footnote `*`)
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

ExplainResult explain(const Analysis& analysis, std::string_view plan, std::string_view metric,
                      std::optional<int> year, const ExplainOptions& options) {
    ExplainResult result;
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
    const auto it = analysis.model.metric_names.find(parts->first);
    if (it == analysis.model.metric_names.end()) {
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
    const std::string series = d->series_for(it->second->name(), parts->second, &ambiguous);
    if (!ambiguous.empty()) {
        result.error = fmt::format("`{}` stands for several series of `{}`: {}; name one", metric,
                                   plan, code_list(ambiguous));
        return result;
    }
    if (series.empty()) {
        const std::string wanted = parts->second.empty()
                                       ? it->second->name()
                                       : fmt::format("{}({})", it->second->name(), parts->second);
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
    result.text = Explainer(analysis, *d, series, options).run(year);
    return result;
}

} // namespace ingot::runtime
