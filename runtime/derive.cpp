#include "runtime/derive.hpp"
#include "runtime/registry.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <set>

namespace ingot::runtime {

using lang::Diagnostic;
using lang::make_diagnostic;
using lang::Severity;

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

std::vector<ConstraintId> merge(const std::vector<ConstraintId>& a,
                                const std::vector<ConstraintId>& b) {
    std::vector<ConstraintId> out;
    std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
    return out;
}

double times(double a, double b) {
    const double p = a * b;
    return std::isnan(p) ? 0.0 : p; // 0 · ∞ = 0 in interval arithmetic
}

// ---- interval arithmetic with provenance ------------------------------------------------------

Interval multiply(const Interval& x, const Interval& y) {
    const Bound* xs[2] = {&x.lo, &x.hi};
    const Bound* ys[2] = {&y.lo, &y.hi};
    Interval out;
    bool first = true;
    for (const Bound* a : xs) {
        for (const Bound* b : ys) {
            const double p = times(a->value, b->value);
            const bool open = a->open || b->open;
            if (first || p < out.lo.value || (p == out.lo.value && open)) {
                out.lo = {p, open, merge(a->because, b->because), {}};
            }
            if (first || p > out.hi.value || (p == out.hi.value && open)) {
                out.hi = {p, open, merge(a->because, b->because), {}};
            }
            first = false;
        }
    }
    return out;
}

bool contains_zero(const Interval& i) {
    return i.lo.value <= 0 && i.hi.value >= 0;
}

Interval reciprocal(const Interval& y) {
    Interval out;
    out.lo = {1 / y.hi.value, y.hi.open, y.hi.because, {}};
    out.hi = {1 / y.lo.value, y.lo.open, y.lo.because, {}};
    return out;
}

Interval negate(const Interval& y) {
    Interval out;
    out.lo = {-y.hi.value, y.hi.open, y.hi.because, {}};
    out.hi = {-y.lo.value, y.lo.open, y.lo.because, {}};
    return out;
}

Interval add(const Interval& x, const Interval& y) {
    Interval out;
    const double lo = x.lo.value + y.lo.value;
    const double hi = x.hi.value + y.hi.value;
    out.lo = {
        std::isnan(lo) ? -inf : lo, x.lo.open || y.lo.open, merge(x.lo.because, y.lo.because), {}};
    out.hi = {
        std::isnan(hi) ? inf : hi, x.hi.open || y.hi.open, merge(x.hi.because, y.hi.because), {}};
    return out;
}

/// A relation between variables: z = x · y (product) or z = x + y (sum).
struct Relation {
    enum class Op { product, sum } op;
    VarId z, x, y;
    ConstraintId constraint; // the identity, or a structural id (never shown)
};

/// A figure's interval on one variable.
struct Domain {
    VarId var;
    Interval interval;
    ConstraintId constraint;
};

/// Where a solve stopped when an interval became empty.
struct Conflict {
    VarId var = 0;
    Bound lo;
    Bound hi;
};

/// Solves one system: intersects the domains, then narrows through the relations to a fixpoint.
class Solver {
public:
    Solver(std::size_t variables, const std::vector<Relation>& relations,
           const std::vector<bool>& positive, std::vector<std::string> names, int max_rounds)
        : values_(variables), relations_(relations), names_(std::move(names)),
          max_rounds_(max_rounds) {
        for (std::size_t v = 0; v < variables; ++v) {
            if (positive[v]) {
                values_[v].lo = {0, true, {}, {}}; // growth factors: a level never changes sign
            }
        }
    }

    /// Returns the conflict when the system has no solution.
    std::optional<Conflict> solve(const std::vector<Domain>& domains) {
        for (const Domain& d : domains) {
            Interval i = d.interval;
            i.lo.because = merge(i.lo.because, {d.constraint});
            i.hi.because = merge(i.hi.because, {d.constraint});
            if (auto conflict = narrow(d.var, i)) {
                return conflict;
            }
        }
        for (int round = 0; round < max_rounds_; ++round) {
            changed_ = false;
            for (const Relation& r : relations_) {
                if (auto conflict = apply(r)) {
                    return conflict;
                }
            }
            if (!changed_) {
                break;
            }
        }
        return std::nullopt;
    }

    const std::vector<Interval>& values() const { return values_; }

private:
    std::optional<Conflict> apply(const Relation& r) {
        const Interval& z = values_[r.z];
        const Interval& x = values_[r.x];
        const Interval& y = values_[r.y];
        if (r.op == Relation::Op::product) {
            std::optional<Conflict> c = narrow(r.z, multiply(x, y), r, '*', r.x, r.y);
            if (!c && !contains_zero(values_[r.y])) {
                c = narrow(r.x, multiply(values_[r.z], reciprocal(values_[r.y])), r, '/', r.z, r.y);
            }
            if (!c && !contains_zero(values_[r.x])) {
                c = narrow(r.y, multiply(values_[r.z], reciprocal(values_[r.x])), r, '/', r.z, r.x);
            }
            return c;
        }
        std::optional<Conflict> c = narrow(r.z, add(x, y), r, '+', r.x, r.y);
        if (!c) {
            c = narrow(r.x, add(values_[r.z], negate(values_[r.y])), r, '-', r.z, r.y);
        }
        if (!c) {
            c = narrow(r.y, add(values_[r.z], negate(values_[r.x])), r, '-', r.z, r.x);
        }
        (void)z;
        return c;
    }

    /// Whether a candidate bound narrows the current one. Movements below a relative 1e-12 do
    /// not count, so cyclic relations (levels, factors, cumulative factors) reach a fixpoint.
    static bool tighter_lo(const Bound& candidate, const Bound& current) {
        if (std::isnan(candidate.value)) {
            return false;
        }
        if (candidate.value > current.value) {
            return std::isinf(current.value) ||
                   candidate.value - current.value > 1e-12 * std::max(1.0, std::abs(current.value));
        }
        return candidate.value == current.value && !std::isinf(candidate.value) && candidate.open &&
               !current.open;
    }
    static bool tighter_hi(const Bound& candidate, const Bound& current) {
        if (std::isnan(candidate.value)) {
            return false;
        }
        if (candidate.value < current.value) {
            return std::isinf(current.value) ||
                   current.value - candidate.value > 1e-12 * std::max(1.0, std::abs(current.value));
        }
        return candidate.value == current.value && !std::isinf(candidate.value) && candidate.open &&
               !current.open;
    }

    std::optional<Conflict> narrow(VarId v, Interval candidate, const Relation& r, char op, VarId a,
                                   VarId b) {
        const std::string how = fmt::format("{} {} {}", names_[a], op, names_[b]);
        candidate.lo.because = merge(candidate.lo.because, {r.constraint});
        candidate.hi.because = merge(candidate.hi.because, {r.constraint});
        candidate.lo.how = how;
        candidate.hi.how = how;
        return narrow(v, candidate);
    }

    std::optional<Conflict> narrow(VarId v, const Interval& candidate) {
        Interval& current = values_[v];
        if (tighter_lo(candidate.lo, current.lo)) {
            current.lo = candidate.lo;
            changed_ = true;
        }
        if (tighter_hi(candidate.hi, current.hi)) {
            current.hi = candidate.hi;
            changed_ = true;
        }
        if (current.empty()) {
            return Conflict{v, current.lo, current.hi};
        }
        return std::nullopt;
    }

    std::vector<Interval> values_;
    const std::vector<Relation>& relations_;
    std::vector<std::string> names_;
    int max_rounds_;
    bool changed_ = false;
};

// ---- reading figures ----------------------------------------------------------------------------

/// Half a unit in the last written digit: `4.4` → 0.05, `20` → 0.5, `1.5e3` → 50.
double half_last_digit(const std::string& text) {
    std::string mantissa = text;
    int exponent = 0;
    if (const auto e = mantissa.find_first_of("eE"); e != std::string::npos) {
        exponent = std::atoi(mantissa.substr(e + 1).c_str());
        mantissa = mantissa.substr(0, e);
    }
    int decimals = 0;
    if (const auto dot = mantissa.find('.'); dot != std::string::npos) {
        for (std::size_t i = dot + 1; i < mantissa.size(); ++i) {
            decimals += std::isdigit(static_cast<unsigned char>(mantissa[i])) ? 1 : 0;
        }
    }
    return 0.5 * std::pow(10.0, exponent - decimals);
}

/// A figure read as an interval in its written unit, per DESIGN: no comparator = the written
/// precision, `~` = widened by the about tolerance, `=` exact, `>`/`<` half-open and exact at
/// the bound, a range `A..B` exact.
struct Figure {
    double lo, hi;
    bool lo_open = false, hi_open = false;
    std::optional<double> nominal; // the figure as written, for points; none for pure bounds
    std::string text;              // "~5 %/yr"
};

std::string comparator_text(std::optional<lang::Comparator> c) {
    if (!c) {
        return "";
    }
    switch (*c) {
    case lang::Comparator::greater:
        return "> ";
    case lang::Comparator::greater_equal:
        return ">= ";
    case lang::Comparator::less:
        return "< ";
    case lang::Comparator::less_equal:
        return "<= ";
    case lang::Comparator::equal:
        return "= ";
    case lang::Comparator::about:
        return "~";
    }
    return "";
}

std::string unit_text(const lang::Unit& u) {
    std::string out;
    for (std::size_t i = 0; i < u.parts.size(); ++i) {
        if (i > 0) {
            out += '/';
        }
        for (std::size_t j = 0; j < u.parts[i].size(); ++j) {
            out += (j > 0 ? " " : "") + u.parts[i][j];
        }
    }
    return out;
}

std::string quantity_text(std::optional<lang::Comparator> c, const lang::Quantity& q) {
    std::string number = q.low.text;
    if (q.high) {
        number += ".." + q.high->text;
    }
    return comparator_text(c) + number + " " + unit_text(q.unit);
}

Figure read_figure(std::optional<lang::Comparator> c, const lang::Quantity& q, double about) {
    const double v = q.low.value;
    Figure f{v, v, false, false, std::nullopt, {}};
    f.text = quantity_text(c, q);
    if (q.high) {
        f.lo = std::min(v, q.high->value);
        f.hi = std::max(v, q.high->value);
        f.nominal = (f.lo + f.hi) / 2;
        if (c && *c != lang::Comparator::about && *c != lang::Comparator::equal) {
            f.nominal.reset();
        }
        return f;
    }
    const double half = half_last_digit(q.low.text);
    if (!c) {
        f = {v - half, v + half, false, false, v, f.text};
    } else {
        switch (*c) {
        case lang::Comparator::about: {
            const double w = std::max(half, about * std::abs(v));
            f = {v - w, v + w, false, false, v, f.text};
            break;
        }
        case lang::Comparator::equal:
            f = {v, v, false, false, v, f.text};
            break;
        case lang::Comparator::greater:
            f = {v, inf, true, false, std::nullopt, f.text};
            break;
        case lang::Comparator::greater_equal:
            f = {v, inf, false, false, std::nullopt, f.text};
            break;
        case lang::Comparator::less:
            f = {-inf, v, false, true, std::nullopt, f.text};
            break;
        case lang::Comparator::less_equal:
            f = {-inf, v, false, false, std::nullopt, f.text};
            break;
        }
    }
    return f;
}

/// Maps a figure in a unit onto a variable's scale: value → value·scale (levels) or
/// 1 ± value·scale (growth factors, `negate` for `falls`).
Interval to_interval(const Figure& f, double scale, bool as_factor, bool negate_growth) {
    const auto map = [&](double x) {
        if (!as_factor) {
            return x * scale;
        }
        return negate_growth ? 1 - x * scale : 1 + x * scale;
    };
    Interval i;
    i.lo = {map(f.lo), f.lo_open, {}, {}};
    i.hi = {map(f.hi), f.hi_open, {}, {}};
    if (negate_growth) {
        std::swap(i.lo, i.hi);
    }
    return i;
}

std::string clause_word(lang::ClauseKind k) {
    switch (k) {
    case lang::ClauseKind::grows:
        return "grows";
    case lang::ClauseKind::falls:
        return "falls";
    case lang::ClauseKind::reaches:
        return "reaches";
    case lang::ClauseKind::stays:
        return "stays";
    }
    return "";
}

std::string series_key(const lang::MetricRef& ref, const Metric& metric) {
    return ref.scope ? fmt::format("{}({})", metric.name(), ref.scope->name) : metric.name();
}

} // namespace

bool Interval::empty() const {
    return lo.value > hi.value || (lo.value == hi.value && (lo.open || hi.open));
}

const Variable* Derivation::find(const std::string& series, VarKind kind, int year) const {
    for (const Variable& v : variables) {
        if (v.series == series && v.kind == kind &&
            (kind == VarKind::cumulative || v.year == year)) {
            return &v;
        }
    }
    return nullptr;
}

std::string Derivation::series_for(const std::string& metric, const std::string& scope,
                                   std::vector<std::string>* ambiguous) const {
    std::vector<std::string> matches;
    for (const auto& [key, m] : series_metrics) {
        const bool same_metric = m != nullptr && (m->name() == metric || key == metric);
        if (!same_metric) {
            continue;
        }
        if (!scope.empty()) {
            if (key == fmt::format("{}({})", m->name(), scope)) {
                return key;
            }
            continue;
        }
        matches.push_back(key);
    }
    if (matches.size() == 1) {
        return matches[0];
    }
    if (const auto exact = std::find(matches.begin(), matches.end(), metric);
        exact != matches.end()) {
        return *exact;
    }
    if (matches.size() > 1 && ambiguous) {
        *ambiguous = matches;
    }
    return "";
}

const Derivation* Derivations::find(std::string_view plan) const {
    for (const auto& d : plans) {
        if (d->plan->name() == plan) {
            return d.get();
        }
    }
    return nullptr;
}

std::optional<double> representative(const Variable& v) {
    const auto from = [](const Interval& i) -> std::optional<double> {
        if (i.empty()) {
            return std::nullopt;
        }
        const bool below = i.bounded_below() && !(i.lo.value == 0 && i.lo.because.empty());
        if (below && i.bounded_above()) {
            return (i.lo.value + i.hi.value) / 2;
        }
        if (below) {
            return i.lo.value; // a target such as `> 300 bn CNY`: its figure as written
        }
        if (i.bounded_above()) {
            return i.hi.value;
        }
        return std::nullopt;
    };
    if (const auto nominal = from(v.nominal)) {
        return nominal;
    }
    return from(v.range);
}

namespace {

/// Shows a variable's value in its natural unit: levels in the series' unit, factors as %/yr,
/// cumulative factors as %.
std::string show_value(const Variable& v, double x, const Unit& level_unit, int digits = 3) {
    switch (v.kind) {
    case VarKind::level:
        return format_value(x / level_unit.scale, level_unit, digits);
    case VarKind::factor:
        return format_value((x - 1) * 100, rate_unit(), digits);
    case VarKind::cumulative:
        return format_value((x - 1) * 100, share_unit(), digits);
    case VarKind::aux:
        return fmt::format("{:.4g}", x);
    }
    return "";
}

} // namespace

std::string describe_interval(const Variable& v, const Interval& i, const Unit& level_unit,
                              int digits) {
    if (i.empty()) {
        return "no possible value";
    }
    const auto show = [&](double x) { return show_value(v, x, level_unit, digits); };
    // A growth factor's floor of 0 with no source is structural (a level never changes sign),
    // not information.
    const bool structural_floor =
        i.lo.because.empty() && i.lo.value == 0 && v.kind != VarKind::level;
    const bool below = i.bounded_below() && !structural_floor;
    const bool above = i.bounded_above();
    if (!below && !above) {
        return "unknown";
    }
    if (!above) {
        return fmt::format("{} {}", i.lo.open ? ">" : ">=", show(i.lo.value));
    }
    if (!below) {
        return fmt::format("{} {}", i.hi.open ? "<" : "<=", show(i.hi.value));
    }
    if (i.is_point()) {
        return show(i.lo.value);
    }
    // "2.8 … 4.09 %/yr": the unit once, after the upper end.
    std::string lo = show(i.lo.value);
    const std::string hi = show(i.hi.value);
    const auto space = hi.find(' ');
    if (space != std::string::npos) {
        const std::string unit = hi.substr(space);
        if (lo.size() > unit.size() &&
            lo.compare(lo.size() - unit.size(), unit.size(), unit) == 0) {
            lo.resize(lo.size() - unit.size());
        }
    }
    return fmt::format("{} … {}", lo, hi);
}

namespace {

/// Builds and solves the systems of one plan.
class PlanDeriver {
public:
    PlanDeriver(const Model& model, const Plan& plan, Workspace& ws, const UnitRegistry& units,
                const DerivationOptions& options,
                const std::set<const lang::IdentityDecl*>& failed_identities)
        : model_(model), plan_(plan), ws_(ws), units_(units), options_(options),
          failed_identities_(failed_identities) {}

    std::unique_ptr<Derivation> run() {
        auto d = std::make_unique<Derivation>();
        d_ = d.get();
        d_->plan = &plan_;
        if (!plan_.period || plan_.period->last.value < plan_.period->first.value) {
            // Nothing to derive without a (valid) period, but every figure's unit is still
            // checked against its metric.
            units_only_ = true;
            for (const Baseline& b : plan_.baselines) {
                add_baseline(b);
            }
            for (const Target& t : plan_.targets) {
                add_target(t);
            }
            return d;
        }
        period_first_ = plan_.period->first.value;
        d_->base_year = plan_.period->first.value - 1;
        d_->last_year = plan_.period->last.value;
        d_->first_year = d_->base_year;
        for (const Baseline& b : plan_.baselines) {
            const int year = b.decl->year.value - (b.decl->is_growth ? 1 : 0);
            if (year >= d_->base_year - 50) { // ignore absurdly early years rather than explode
                d_->first_year = std::min(d_->first_year, year);
            }
        }
        for (const Baseline& b : plan_.baselines) {
            add_baseline(b);
        }
        for (const Target& t : plan_.targets) {
            add_target(t);
        }
        add_identities();
        solve_all();
        return d;
    }

private:
    // ---- variables

    VarId new_var(const std::string& series, VarKind kind, int year, int from = 0) {
        Variable v;
        v.series = series;
        v.kind = kind;
        v.year = year;
        v.from_year = from;
        d_->variables.push_back(std::move(v));
        positive_.push_back(kind == VarKind::factor || kind == VarKind::cumulative);
        return static_cast<VarId>(d_->variables.size() - 1);
    }

    ConstraintId structural() {
        if (!structural_id_) {
            Constraint c;
            c.kind = Constraint::Kind::identity;
            c.summary = "the definition of growth";
            d_->constraints.push_back(c);
            structural_id_ = static_cast<ConstraintId>(d_->constraints.size() - 1);
        }
        return *structural_id_;
    }

    struct SeriesVars {
        std::map<int, VarId> level;
        std::map<int, VarId> factor;
        VarId cumulative = 0;
    };

    /// The variables of a series, created with their defining relations on first use.
    SeriesVars& series(const std::string& key, const Metric* metric) {
        if (units_only_) {
            return no_series_;
        }
        if (const auto it = series_.find(key); it != series_.end()) {
            return it->second;
        }
        SeriesVars& s = series_[key];
        d_->series_metrics[key] = metric;
        for (int y = d_->first_year; y <= d_->last_year; ++y) {
            s.level[y] = new_var(key, VarKind::level, y);
        }
        for (int y = d_->first_year + 1; y <= d_->last_year; ++y) {
            s.factor[y] = new_var(key, VarKind::factor, y);
            relations_.push_back(
                {Relation::Op::product, s.level[y], s.level[y - 1], s.factor[y], structural()});
        }
        s.cumulative = new_var(key, VarKind::cumulative, d_->last_year, d_->base_year);
        relations_.push_back({Relation::Op::product, s.level[d_->last_year], s.level[d_->base_year],
                              s.cumulative, structural()});
        // F = f[base+1] · … · f[last], through auxiliary partial products.
        VarId partial = s.factor[d_->base_year + 1];
        for (int y = d_->base_year + 2; y <= d_->last_year; ++y) {
            const VarId next = y == d_->last_year ? s.cumulative : new_var(key, VarKind::aux, y);
            relations_.push_back({Relation::Op::product, next, partial, s.factor[y], structural()});
            partial = next;
        }
        if (d_->base_year + 1 == d_->last_year) {
            relations_.push_back({Relation::Op::product, s.cumulative, s.factor[d_->last_year],
                                  one(), structural()});
        }
        if (metric) {
            std::string ignored;
            if (auto u = units_.lookup(metric->decl->unit.parts, ignored)) {
                d_->display_units.emplace(key, *u);
            }
        }
        return s;
    }

    VarId one() {
        if (!one_) {
            one_ = new_var("1", VarKind::aux, 0);
            Interval i;
            i.lo = {1, false, {}, {}};
            i.hi = {1, false, {}, {}};
            fixed_.push_back({*one_, i, structural()});
        }
        return *one_;
    }

    // ---- constraints from statements

    ConstraintId add_constraint(Constraint::Kind kind, std::string summary, lang::SourceSpan span,
                                const std::vector<lang::Citation>* citations, std::string name) {
        if (units_only_) {
            return 0; // nothing is derived, so nothing needs to know where figures came from
        }
        Constraint c;
        c.kind = kind;
        c.summary = std::move(summary);
        c.span = span;
        c.citations = citations;
        c.name = std::move(name);
        d_->constraints.push_back(std::move(c));
        return static_cast<ConstraintId>(d_->constraints.size() - 1);
    }

    void report(Diagnostic d) { ws_.diagnostics.push_back(std::move(d)); }

    std::optional<Unit> unit_of(const lang::Unit& u) {
        std::string error;
        auto unit = units_.lookup(u.parts, error);
        if (!unit) {
            Diagnostic d = make_diagnostic(Severity::error, check::unknown_name, error, u.span,
                                           "not a unit Ingot knows");
            d.help = "see docs/checks.md for the units Ingot knows";
            report(std::move(d));
        }
        return unit;
    }

    std::optional<Unit> metric_unit(const Metric& m) {
        std::string error;
        return units_.lookup(m.decl->unit.parts, error); // reported once, with the metric
    }

    void add_domain(VarId v, const Figure& f, double scale, bool as_factor, bool negate,
                    ConstraintId c) {
        if (units_only_) {
            return;
        }
        precision_.push_back({v, to_interval(f, scale, as_factor, negate), c});
        if (f.nominal) {
            Figure point = f;
            point.lo = point.hi = *f.nominal;
            point.lo_open = point.hi_open = false;
            nominal_.push_back({v, to_interval(point, scale, as_factor, negate), c});
        } else {
            bounds_.push_back({v, to_interval(f, scale, as_factor, negate), c});
        }
        constrained_[c].push_back(v);
    }

    void remember_display_unit(const std::string& key, const Unit& u) {
        if (!display_set_.contains(key)) {
            d_->display_units[key] = u;
            display_set_.insert(key);
        }
    }

    void rate_vs_level(const lang::Unit& written, const Unit& u, std::string message,
                       std::string help) {
        Diagnostic d = make_diagnostic(
            Severity::error, check::rate_vs_level, std::move(message), written.span,
            fmt::format("{}, not a {}", u.describe(), u.kind == UnitKind::rate ? "level" : "rate"));
        d.help = std::move(help);
        report(std::move(d));
    }

    void unit_mismatch(const lang::Unit& written, const Unit& u, const Metric& m, const Unit& mu,
                       std::string_view what) {
        Diagnostic d = make_diagnostic(Severity::error, check::unit_mismatch,
                                       fmt::format("{} needs {} like the metric `{}`, found {}",
                                                   what, mu.describe_with_symbol(), m.name(),
                                                   u.describe_with_symbol()),
                                       written.span, fmt::format("{}", u.describe()));
        d.secondary.push_back(
            {m.decl->unit.span, fmt::format("`{}` is measured in {}", m.name(), mu.symbol)});
        d.help = fmt::format("write the figure in {} (or a unit convertible to it)", mu.symbol);
        report(std::move(d));
    }

    void add_baseline(const Baseline& b) {
        if (!b.metric) {
            return;
        }
        const lang::BaselineStmt& s = *b.decl;
        const std::string key = series_key(s.metric, *b.metric);
        const auto u = unit_of(s.value.unit);
        const auto mu = metric_unit(*b.metric);
        if (!u || !mu) {
            return;
        }
        SeriesVars& vars = series(key, b.metric);
        const Figure f = read_figure(s.comparator, s.value, options_.about_tolerance);
        const std::string written = f.text.rfind("= ", 0) == 0 ? f.text.substr(2) : f.text;
        const std::string summary = fmt::format(
            "baseline {}{} {} = {}", key, s.is_growth ? " growth" : "", s.year.value, written);
        const ConstraintId c =
            add_constraint(Constraint::Kind::baseline, summary, s.span, &s.citations, "");
        if (s.is_growth) {
            if (u->kind != UnitKind::rate && u->kind != UnitKind::share) {
                rate_vs_level(s.value.unit, *u,
                              fmt::format("a growth baseline needs a rate such as `4.3 % y/y`, "
                                          "found {}",
                                          u->describe_with_symbol()),
                              fmt::format("for a level write `baseline {} {} = {}`", key,
                                          s.year.value, f.text));
                return;
            }
            if (const auto it = vars.factor.find(s.year.value); it != vars.factor.end()) {
                add_domain(it->second, f, u->scale, true, false, c);
            }
            return;
        }
        if (u->kind == UnitKind::rate) {
            rate_vs_level(
                s.value.unit, *u,
                fmt::format("a baseline level needs {}, found a rate (%/yr)", mu->describe()),
                fmt::format("for a growth rate write `baseline {} growth {} = {}`", key,
                            s.year.value, f.text));
            return;
        }
        if (!u->compatible(*mu)) {
            unit_mismatch(s.value.unit, *u, *b.metric, *mu, "a baseline");
            return;
        }
        remember_display_unit(key, *u);
        if (const auto it = vars.level.find(s.year.value); it != vars.level.end()) {
            add_domain(it->second, f, u->scale, false, false, c);
        }
    }

    void add_target(const Target& t) {
        if (!t.metric) {
            return;
        }
        const lang::TargetStmt& s = *t.decl;
        const std::string key = series_key(s.metric, *t.metric);
        const auto mu = metric_unit(*t.metric);
        if (!mu) {
            return;
        }
        for (const lang::Clause& clause : s.clauses) {
            const auto u = unit_of(clause.value.unit);
            if (!u) {
                continue;
            }
            SeriesVars& vars = series(key, t.metric);
            const Figure f = read_figure(clause.comparator, clause.value, options_.about_tolerance);
            const std::string word = clause_word(clause.kind);
            const std::string summary =
                fmt::format("target {}: {} {} {}{}", s.name.name, key, word, f.text,
                            clause.by ? fmt::format(" by {}", clause.by->value) : "");
            const ConstraintId c = add_constraint(Constraint::Kind::target, summary, s.span,
                                                  &s.citations, s.name.name);
            const bool growth =
                clause.kind == lang::ClauseKind::grows || clause.kind == lang::ClauseKind::falls;
            const bool negate = clause.kind == lang::ClauseKind::falls;
            if (growth) {
                if (u->kind == UnitKind::rate) {
                    for (int y = period_first_; y <= d_->last_year; ++y) {
                        add_domain(vars.factor.at(y), f, u->scale, true, negate, c);
                    }
                } else if (u->kind == UnitKind::share) {
                    add_domain(vars.cumulative, f, u->scale, true, negate, c);
                } else if (u->compatible(*mu)) {
                    rate_vs_level(
                        clause.value.unit, *u,
                        fmt::format("`{}` needs a rate, found {}", word, u->describe_with_symbol()),
                        fmt::format("write a rate such as `{} %/yr`, or use `reaches {}`",
                                    clause.value.low.text, f.text));
                } else {
                    Diagnostic d = make_diagnostic(
                        Severity::error, check::unit_mismatch,
                        fmt::format("`{}` needs a rate (%/yr) or a cumulative change (%), found {}",
                                    word, u->describe_with_symbol()),
                        clause.value.unit.span, u->describe());
                    d.help = "write a yearly rate such as `2 %/yr` or a change over the period "
                             "such as `4.4 %`";
                    report(std::move(d));
                }
                continue;
            }
            if (clause.kind == lang::ClauseKind::reaches) {
                if (u->kind == UnitKind::rate) {
                    rate_vs_level(clause.value.unit, *u,
                                  fmt::format("`reaches` needs a level in {}, found a rate (%/yr)",
                                              mu->symbol),
                                  fmt::format("write `grows {}` for a yearly rate", f.text));
                    continue;
                }
                if (!u->compatible(*mu)) {
                    unit_mismatch(clause.value.unit, *u, *t.metric, *mu, "`reaches`");
                    continue;
                }
                remember_display_unit(key, *u);
                const int year = clause.by ? clause.by->value : d_->last_year;
                if (const auto it = vars.level.find(year); it != vars.level.end()) {
                    add_domain(it->second, f, u->scale, false, false, c);
                }
                continue;
            }
            // stays: a bound in every year of the period, on the level or on the rate.
            if (u->kind == UnitKind::rate) {
                for (int y = period_first_; y <= d_->last_year; ++y) {
                    add_domain(vars.factor.at(y), f, u->scale, true, false, c);
                }
            } else if (u->compatible(*mu)) {
                remember_display_unit(key, *u);
                for (int y = period_first_; y <= d_->last_year; ++y) {
                    add_domain(vars.level.at(y), f, u->scale, false, false, c);
                }
            } else {
                unit_mismatch(clause.value.unit, *u, *t.metric, *mu, "`stays`");
            }
        }
    }

    // ---- identities

    /// True when the expression is built from metrics and numbers with `*` and `/` only, so it
    /// holds for growth factors too.
    static bool is_monomial(const lang::Expr& e) {
        if (const auto* b = std::get_if<lang::BinaryExpr>(&e.kind)) {
            return (b->op == lang::BinaryOp::multiply || b->op == lang::BinaryOp::divide) &&
                   is_monomial(*b->lhs) && is_monomial(*b->rhs);
        }
        return std::holds_alternative<lang::NameExpr>(e.kind) ||
               std::holds_alternative<lang::CallExpr>(e.kind) ||
               std::holds_alternative<lang::NumberExpr>(e.kind);
    }

    /// The metric (and scope) an identity leaf names: `output` or `output(metals)`.
    static std::optional<std::pair<std::string, std::string>> leaf_metric(const lang::Expr& e) {
        if (const auto* n = std::get_if<lang::NameExpr>(&e.kind)) {
            return std::pair{n->name.name, std::string()};
        }
        if (const auto* c = std::get_if<lang::CallExpr>(&e.kind)) {
            if (c->args.size() == 1) {
                if (const auto* scope = std::get_if<lang::NameExpr>(&c->args[0].kind)) {
                    return std::pair{c->callee.name, scope->name.name};
                }
            }
        }
        return std::nullopt;
    }

    /// Resolves an identity's metric leaves to series keys of this plan; creates derived series
    /// for metrics the plan does not mention. Returns false when the identity does not apply.
    bool resolve_leaves(const lang::Expr& e, std::map<const lang::Expr*, std::string>& keys,
                        int& known) {
        if (const auto* b = std::get_if<lang::BinaryExpr>(&e.kind)) {
            return resolve_leaves(*b->lhs, keys, known) && resolve_leaves(*b->rhs, keys, known);
        }
        if (std::holds_alternative<lang::NumberExpr>(e.kind)) {
            return true;
        }
        const auto leaf = leaf_metric(e);
        if (!leaf) {
            return false;
        }
        const auto it = model_.metric_names.find(leaf->first);
        if (it == model_.metric_names.end()) {
            return false; // reported when identities are checked
        }
        std::vector<std::string> ambiguous;
        std::string key = d_->series_for(it->second->name(), leaf->second, &ambiguous);
        if (!ambiguous.empty()) {
            return false; // the plan has several series of this metric: the identity cannot say
                          // which
        }
        if (key.empty()) {
            key = leaf->second.empty() ? it->second->name()
                                       : fmt::format("{}({})", it->second->name(), leaf->second);
            series(key, it->second);
        } else {
            ++known;
        }
        keys[&e] = key;
        return true;
    }

    /// Builds the variable standing for `e` in one year (levels or factors).
    VarId build(const lang::Expr& e, const std::map<const lang::Expr*, std::string>& keys,
                VarKind kind, int year, ConstraintId c) {
        if (const auto* b = std::get_if<lang::BinaryExpr>(&e.kind)) {
            const VarId x = build(*b->lhs, keys, kind, year, c);
            const VarId y = build(*b->rhs, keys, kind, year, c);
            const VarId z = new_var("", VarKind::aux, year);
            switch (b->op) {
            case lang::BinaryOp::multiply:
                relations_.push_back({Relation::Op::product, z, x, y, c});
                break;
            case lang::BinaryOp::divide:
                relations_.push_back({Relation::Op::product, x, z, y, c});
                break;
            case lang::BinaryOp::add:
                relations_.push_back({Relation::Op::sum, z, x, y, c});
                break;
            default: // subtract
                relations_.push_back({Relation::Op::sum, x, z, y, c});
                break;
            }
            return z;
        }
        if (const auto* n = std::get_if<lang::NumberExpr>(&e.kind)) {
            const VarId v = new_var("", VarKind::aux, year);
            double value = n->number.value;
            if (n->unit) {
                std::string ignored;
                if (auto u = units_.lookup(n->unit->parts, ignored)) {
                    value *= u->scale;
                }
            }
            if (kind != VarKind::level) {
                value = 1; // a constant does not grow
            }
            Interval i;
            i.lo = {value, false, {}, {}};
            i.hi = {value, false, {}, {}};
            fixed_.push_back({v, i, c});
            return v;
        }
        SeriesVars& s = series_.at(keys.at(&e));
        if (kind == VarKind::level) {
            return s.level.at(year);
        }
        if (kind == VarKind::factor) {
            return s.factor.at(year);
        }
        return s.cumulative;
    }

    void add_identities() {
        const auto visible = ws_.visible_files(plan_.file);
        for (const lang::IdentityDecl* identity : model_.identities) {
            const lang::SourceSpan span = identity->span;
            if (std::find(visible.begin(), visible.end(), span.file) == visible.end() ||
                failed_identities_.contains(identity)) {
                continue;
            }
            std::map<const lang::Expr*, std::string> keys;
            int known = 0;
            if (!resolve_leaves(identity->lhs, keys, known) ||
                !resolve_leaves(identity->rhs, keys, known) || known == 0) {
                continue;
            }
            const std::string_view text = ws_.sources.file(span.file).text();
            const ConstraintId c = add_constraint(
                Constraint::Kind::identity,
                std::string(text.substr(span.begin, span.end - span.begin)), span, nullptr, "");
            for (int y = d_->first_year; y <= d_->last_year; ++y) {
                const VarId l = build(identity->lhs, keys, VarKind::level, y, c);
                const VarId r = build(identity->rhs, keys, VarKind::level, y, c);
                relations_.push_back({Relation::Op::product, l, r, one(), c});
            }
            if (is_monomial(identity->lhs) && is_monomial(identity->rhs)) {
                for (int y = d_->first_year + 1; y <= d_->last_year; ++y) {
                    const VarId l = build(identity->lhs, keys, VarKind::factor, y, c);
                    const VarId r = build(identity->rhs, keys, VarKind::factor, y, c);
                    relations_.push_back({Relation::Op::product, l, r, one(), c});
                }
                const VarId l = build(identity->lhs, keys, VarKind::cumulative, 0, c);
                const VarId r = build(identity->rhs, keys, VarKind::cumulative, 0, c);
                relations_.push_back({Relation::Op::product, l, r, one(), c});
            }
        }
    }

    // ---- solving and findings

    std::vector<std::string> variable_names() const {
        std::vector<std::string> names;
        for (const Variable& v : d_->variables) {
            switch (v.kind) {
            case VarKind::level:
                names.push_back(fmt::format("level({}, {})", v.series, v.year));
                break;
            case VarKind::factor:
                names.push_back(fmt::format("(1 + growth({}, {}))", v.series, v.year));
                break;
            case VarKind::cumulative:
                names.push_back(
                    fmt::format("(1 + change({}, {}..{}))", v.series, v.from_year, v.year));
                break;
            case VarKind::aux:
                names.push_back(v.series == "1" ? "1" : "…");
                break;
            }
        }
        return names;
    }

    struct Outcome {
        std::vector<Interval> values;
        std::optional<Conflict> conflict;
    };

    Outcome solve(const std::vector<Domain>& domains) const {
        Solver solver(d_->variables.size(), relations_, positive_, variable_names(),
                      options_.max_rounds);
        std::vector<Domain> all = fixed_;
        all.insert(all.end(), domains.begin(), domains.end());
        Outcome o;
        o.conflict = solver.solve(all);
        o.values = solver.values();
        return o;
    }

    static std::vector<Domain> without(const std::vector<Domain>& domains, ConstraintId c) {
        std::vector<Domain> out;
        std::copy_if(domains.begin(), domains.end(), std::back_inserter(out),
                     [&](const Domain& d) { return d.constraint != c; });
        return out;
    }

    std::string show(VarId v, double x) const {
        const Variable& var = d_->variables[v];
        return show_value(var, x, level_unit(var.series));
    }

    Unit level_unit(const std::string& series) const {
        if (const auto it = d_->display_units.find(series); it != d_->display_units.end()) {
            return it->second;
        }
        return Unit{};
    }

    std::string describe_var(VarId v) const {
        const Variable& var = d_->variables[v];
        switch (var.kind) {
        case VarKind::level:
            return fmt::format("`{}` in {}", var.series, var.year);
        case VarKind::factor:
            return fmt::format("the growth of `{}` in {}", var.series, var.year);
        case VarKind::cumulative:
            return fmt::format("the change in `{}` from {} to {}", var.series, var.from_year,
                               var.year);
        case VarKind::aux:
            return "an intermediate value";
        }
        return "";
    }

    std::string sources_of(const std::vector<ConstraintId>& ids) const {
        std::vector<std::string> parts;
        for (ConstraintId id : ids) {
            const Constraint& c = d_->constraints[id];
            if (c.kind != Constraint::Kind::identity || c.span.end > 0) {
                parts.push_back(c.summary);
            }
        }
        return fmt::format("{}", fmt::join(parts, "; "));
    }

    void report_contradiction(const Conflict& conflict) {
        const auto ids = merge(conflict.lo.because, conflict.hi.because);
        std::vector<const Constraint*> involved;
        for (ConstraintId id : ids) {
            const Constraint& c = d_->constraints[id];
            if (c.span.end > 0) {
                involved.push_back(&c);
            }
        }
        std::sort(involved.begin(), involved.end(), [](const Constraint* a, const Constraint* b) {
            return std::tie(a->span.file, a->span.begin) < std::tie(b->span.file, b->span.begin);
        });
        std::vector<std::string> names;
        for (const Constraint* c : involved) {
            if (!c->name.empty()) {
                names.push_back(fmt::format("`{}`", c->name));
            }
        }
        // Enough digits that the two bounds read differently.
        std::string lo;
        std::string hi;
        for (int digits = 3; digits <= 10 && lo == hi; ++digits) {
            const Variable& var = d_->variables[conflict.var];
            lo = show_value(var, conflict.lo.value, level_unit(var.series), digits);
            hi = show_value(var, conflict.hi.value, level_unit(var.series), digits);
        }
        Diagnostic d = make_diagnostic(
            Severity::error, check::contradiction,
            fmt::format("{} cannot all hold: {} must be {} {} but {} {}",
                        names.empty() ? std::string("these figures")
                                      : fmt::format("targets {}", fmt::join(names, ", ")),
                        describe_var(conflict.var), conflict.lo.open ? "above" : "at least", lo,
                        conflict.hi.open ? "below" : "at most", hi),
            involved.empty() ? plan_.decl->name.span : involved.back()->span,
            involved.empty() ? "" : involved.back()->summary);
        for (std::size_t i = 0; i + 1 < involved.size(); ++i) {
            d.secondary.push_back({involved[i]->span, involved[i]->summary});
        }
        d.notes.push_back(fmt::format("at least {} follows from: {}{}", lo,
                                      sources_of(conflict.lo.because),
                                      conflict.lo.how.empty() ? "" : " (" + conflict.lo.how + ")"));
        d.notes.push_back(fmt::format("at most {} follows from: {}{}", hi,
                                      sources_of(conflict.hi.because),
                                      conflict.hi.how.empty() ? "" : " (" + conflict.hi.how + ")"));
        d.help = "check each figure against its source: one of them is misread, or the plan "
                 "contradicts itself";
        report(std::move(d));
    }

    /// A bound the figures as written miss, though the figures agree within their rounding.
    void report_rounding(const Domain& bound, const Conflict& conflict,
                         const std::vector<Domain>& nominal) {
        const Constraint& b = d_->constraints[bound.constraint];
        // The point figure to adjust: the target (else baseline) behind the other side.
        const auto& other = std::find(conflict.lo.because.begin(), conflict.lo.because.end(),
                                      bound.constraint) != conflict.lo.because.end()
                                ? conflict.hi.because
                                : conflict.lo.because;
        std::optional<ConstraintId> adjust;
        for (ConstraintId id : other) {
            const Constraint& c = d_->constraints[id];
            if (c.kind == Constraint::Kind::identity || id == bound.constraint) {
                continue;
            }
            if (!adjust || (c.kind == Constraint::Kind::target &&
                            d_->constraints[*adjust].kind != Constraint::Kind::target)) {
                adjust = id;
            }
        }
        const Outcome as_written = solve(nominal);
        const Variable& var = d_->variables[conflict.var];
        const std::string gives = as_written.conflict
                                      ? std::string("…")
                                      : show_value(var, as_written.values[conflict.var].lo.value,
                                                   level_unit(var.series), 4);
        std::string message =
            fmt::format("as written, the figures give {} for {}, which misses `{}`", gives,
                        describe_var(conflict.var), b.name.empty() ? b.summary : b.name);
        if (adjust && constrained_.contains(*adjust)) {
            const Constraint& a = d_->constraints[*adjust];
            const VarId v = constrained_.at(*adjust).front();
            std::vector<Domain> written = without(nominal, *adjust);
            written.push_back(bound);
            const Outcome needed_written = solve(written);
            const Outcome needed_edge = solve(without(precision_, *adjust));
            // A yearly rate constrains every year alike; what it must be follows from the
            // cumulative factor over those years, as an average rate.
            const auto& vars = constrained_.at(*adjust);
            const bool yearly = vars.size() > 1 && d_->variables[v].kind == VarKind::factor;
            const auto need = [&](const Outcome& o) -> std::string {
                if (o.conflict) {
                    return "no value";
                }
                if (!yearly) {
                    return describe_interval(d_->variables[v], o.values[v],
                                             level_unit(d_->variables[v].series));
                }
                const Variable& f = d_->variables[v];
                const auto& s = series_.at(f.series);
                Interval i = o.values[s.cumulative];
                const double n = static_cast<double>(vars.size());
                for (Bound* end : {&i.lo, &i.hi}) {
                    if (!std::isinf(end->value)) {
                        end->value = std::pow(std::max(end->value, 0.0), 1.0 / n);
                    }
                }
                return describe_interval(f, i, level_unit(f.series));
            };
            message = fmt::format("as written, `{}` gives {} for {}, which misses `{}`; they agree "
                                  "only if `{}` was really {} ({} at the edge of the other "
                                  "figures' rounding)",
                                  a.name.empty() ? a.summary : a.name, gives,
                                  describe_var(conflict.var), b.name.empty() ? b.summary : b.name,
                                  a.name.empty() ? a.summary : a.name, need(needed_written),
                                  need(needed_edge));
            Diagnostic d =
                make_diagnostic(Severity::info, check::rounding, message, a.span, a.summary);
            d.secondary.push_back({b.span, b.summary});
            d.help = "the source's rounding explains the gap; cite the exact figure if it is known";
            report(std::move(d));
            return;
        }
        Diagnostic d = make_diagnostic(Severity::info, check::rounding, message, b.span, b.summary);
        report(std::move(d));
    }

    void solve_all() {
        const Outcome precision = solve(precision_);
        if (precision.conflict) {
            d_->consistent = false;
            report_contradiction(*precision.conflict);
        }
        // Nominal values: the figures as written, bounds included when they agree with the
        // points (else the points alone, and the rounding check below says why).
        std::vector<Domain> written = nominal_;
        written.insert(written.end(), bounds_.begin(), bounds_.end());
        Outcome nominal = solve(written);
        if (nominal.conflict) {
            nominal = solve(nominal_);
        }
        d_->nominal_consistent = !nominal.conflict;
        for (std::size_t v = 0; v < d_->variables.size(); ++v) {
            d_->variables[v].range = precision.values[v];
            if (!nominal.conflict) {
                d_->variables[v].nominal = nominal.values[v];
            }
        }
        if (precision.conflict) {
            return;
        }
        if (nominal.conflict) {
            const ConstraintId any =
                nominal.conflict->lo.because.empty() ? 0 : nominal.conflict->lo.because.front();
            const auto ids = merge(nominal.conflict->lo.because, nominal.conflict->hi.because);
            std::vector<std::string> names;
            const Constraint* last = nullptr;
            for (ConstraintId id : ids) {
                const Constraint& c = d_->constraints[id];
                if (c.span.end > 0 && c.kind != Constraint::Kind::identity) {
                    names.push_back(c.summary);
                    last = &c;
                }
            }
            (void)any;
            if (last) {
                Diagnostic d = make_diagnostic(
                    Severity::info, check::rounding,
                    fmt::format("as written, these figures disagree about {}, but agree within "
                                "their rounding: {}",
                                describe_var(nominal.conflict->var), fmt::join(names, "; ")),
                    last->span, last->summary);
                report(std::move(d));
            }
            if (options_.report_implied) {
                report_implied(precision);
            }
            return;
        }
        for (const Domain& bound : bounds_) {
            std::vector<Domain> with_bound = nominal_;
            with_bound.push_back(bound);
            const Outcome o = solve(with_bound);
            if (o.conflict) {
                report_rounding(bound, *o.conflict, nominal_);
            }
        }
        if (options_.report_implied) {
            report_implied(precision);
        }
    }

    /// Derived values worth showing: growth implied by an identity, and the yearly growth a
    /// level target implies.
    void report_implied(const Outcome& precision) {
        std::set<std::string> direct_rates;
        for (const Domain& d : precision_) {
            const Variable& v = d_->variables[d.var];
            if (v.kind == VarKind::factor || v.kind == VarKind::cumulative) {
                direct_rates.insert(v.series);
            }
        }
        for (const auto& [key, vars] : series_) {
            if (direct_rates.contains(key)) {
                continue;
            }
            const Variable& f = d_->variables[vars.factor.at(d_->last_year)];
            if (!f.range.bounded_above() && f.range.lo.because.empty()) {
                continue; // only the structural floor (a level never changes sign): nothing known
            }
            const auto nominal = representative(f);
            std::vector<const Constraint*> behind;
            for (ConstraintId id : merge(f.range.lo.because, f.range.hi.because)) {
                const Constraint& c = d_->constraints[id];
                if (c.span.end > 0) {
                    behind.push_back(&c);
                }
            }
            const auto in_plan =
                std::find_if(behind.begin(), behind.end(), [&](const Constraint* c) {
                    return c->kind == Constraint::Kind::target && c->span.file == plan_.file;
                });
            Diagnostic d = make_diagnostic(
                Severity::info, check::implied,
                fmt::format("`{}` must grow {} (range {}) for the figures to hold", key,
                            nominal ? show(vars.factor.at(d_->last_year), *nominal) : "?",
                            describe_interval(f, f.range, level_unit(key))),
                in_plan != behind.end() ? (*in_plan)->span : plan_.decl->name.span,
                in_plan != behind.end() ? (*in_plan)->summary : "");
            for (const Constraint* c : behind) {
                d.notes.push_back(fmt::format("from {}", c->summary));
            }
            report(std::move(d));
        }
        // Level targets with a known base imply an average yearly growth.
        for (const Domain& bound : precision_) {
            const Constraint& c = d_->constraints[bound.constraint];
            const Variable& v = d_->variables[bound.var];
            if (c.kind != Constraint::Kind::target || v.kind != VarKind::level ||
                v.year <= d_->base_year) {
                continue;
            }
            const SeriesVars& s = series_.at(v.series);
            std::vector<Domain> with_level; // the baselines as written, and this target alone
            std::copy_if(nominal_.begin(), nominal_.end(), std::back_inserter(with_level),
                         [&](const Domain& d) {
                             return d_->constraints[d.constraint].kind ==
                                    Constraint::Kind::baseline;
                         });
            with_level.push_back(bound);
            const Outcome o = solve(with_level);
            const Interval& base =
                (o.conflict ? precision.values : o.values)[s.level.at(d_->base_year)];
            const Interval& level = (o.conflict ? precision.values : o.values)[bound.var];
            if (!base.is_point() || base.lo.value <= 0 || level.unbounded()) {
                continue;
            }
            const int years = v.year - d_->base_year;
            const auto cagr = [&](double x) {
                return (std::pow(x / base.lo.value, 1.0 / years) - 1) * 100;
            };
            std::string range;
            if (level.bounded_below() && !level.bounded_above()) {
                range = fmt::format("{} {}", level.lo.open ? ">" : ">=",
                                    format_value(cagr(level.lo.value), rate_unit()));
            } else if (!level.bounded_below()) {
                range = fmt::format("{} {}", level.hi.open ? "<" : "<=",
                                    format_value(cagr(level.hi.value), rate_unit()));
            } else if (level.is_point()) {
                range = format_value(cagr(level.lo.value), rate_unit());
            } else {
                range = fmt::format("{} … {}", format_value(cagr(level.lo.value), rate_unit()),
                                    format_value(cagr(level.hi.value), rate_unit()));
            }
            Diagnostic d = make_diagnostic(
                Severity::info, check::implied,
                fmt::format("`{}` implies growth of {} from {} to {}, from the {} baseline of {}",
                            c.name, range, d_->base_year, v.year, d_->base_year,
                            show_value(d_->variables[s.level.at(d_->base_year)], base.lo.value,
                                       level_unit(v.series), 4)),
                c.span, c.summary);
            report(std::move(d));
        }
    }

    const Model& model_;
    const Plan& plan_;
    Workspace& ws_;
    const UnitRegistry& units_;
    const DerivationOptions& options_;
    const std::set<const lang::IdentityDecl*>& failed_identities_;
    Derivation* d_ = nullptr;
    std::map<std::string, SeriesVars> series_;
    std::vector<Relation> relations_;
    std::vector<bool> positive_;
    std::vector<Domain> fixed_;     // constants and the number 1
    std::vector<Domain> precision_; // every figure, read at its precision
    std::vector<Domain> nominal_;   // point figures as written
    std::vector<Domain> bounds_;    // pure bounds (`>`, `<=`, …), exact
    std::map<ConstraintId, std::vector<VarId>> constrained_;
    std::set<std::string> display_set_;
    std::optional<ConstraintId> structural_id_;
    bool units_only_ = false; // no period: check units, derive nothing
    int period_first_ = 1;    // the period's first year (in units-only mode, after last_year)
    SeriesVars no_series_;
    std::optional<VarId> one_;
};

/// Checks what derivation relies on once, not per plan: every metric's unit is known, and both
/// sides of every identity have the same dimension.
class DeclarationChecks {
public:
    DeclarationChecks(const Model& model, Workspace& ws, const UnitRegistry& units)
        : model_(model), ws_(ws), units_(units) {}

    /// Returns the identities that failed, which derivation must not use.
    std::set<const lang::IdentityDecl*> run() {
        std::set<const lang::IdentityDecl*> failed;
        for (const Metric& m : model_.metrics) {
            std::string error;
            if (!units_.lookup(m.decl->unit.parts, error)) {
                Diagnostic d = make_diagnostic(Severity::error, check::unknown_name, error,
                                               m.decl->unit.span, "not a unit Ingot knows");
                d.help = "see docs/checks.md for the units Ingot knows";
                ws_.diagnostics.push_back(std::move(d));
            }
        }
        for (const lang::IdentityDecl* identity : model_.identities) {
            const std::size_t before = ws_.diagnostics.size();
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
                    ws_.diagnostics.push_back(std::move(d));
                }
            }
            if (ws_.diagnostics.size() != before) {
                failed.insert(identity);
            }
        }
        return failed;
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
                ws_.diagnostics.push_back(std::move(d));
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
                ws_.diagnostics.push_back(make_diagnostic(Severity::error, check::unknown_name,
                                                          error, n->unit->span, "not a unit"));
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
        const auto it = model_.metric_names.find(name->name);
        const auto visible = ws_.visible_files(e.span.file);
        if (it == model_.metric_names.end() ||
            std::find(visible.begin(), visible.end(), it->second->file) == visible.end()) {
            std::vector<std::string> candidates;
            for (const auto& [candidate, metric] : model_.metric_names) {
                candidates.push_back(candidate);
            }
            Diagnostic d = make_diagnostic(Severity::error, check::unknown_name,
                                           fmt::format("unknown metric `{}`", name->name),
                                           name->span, "not declared where this identity can see");
            if (const auto suggestion = did_you_mean(name->name, candidates)) {
                d.help = fmt::format("did you mean `{}`?", *suggestion);
            }
            ws_.diagnostics.push_back(std::move(d));
            return std::nullopt;
        }
        std::string error;
        return units_.lookup(it->second->decl->unit.parts, error);
    }

    void not_allowed(const lang::Expr& e) {
        Diagnostic d =
            make_diagnostic(Severity::error, check::unit_mismatch,
                            "an identity relates metrics and numbers with `+ - * /` only", e.span,
                            "not allowed in an identity");
        ws_.diagnostics.push_back(std::move(d));
    }

    const Model& model_;
    Workspace& ws_;
    const UnitRegistry& units_;
};

} // namespace

Derivations derive(const Model& model, Workspace& ws, const UnitRegistry& units,
                   const DerivationOptions& options) {
    const auto failed_identities = DeclarationChecks(model, ws, units).run();
    Derivations out;
    for (const Plan& plan : model.plans) {
        out.plans.push_back(PlanDeriver(model, plan, ws, units, options, failed_identities).run());
    }
    return out;
}

} // namespace ingot::runtime
