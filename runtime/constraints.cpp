#include "runtime/constraints.hpp"

#include "lang/keywords.hpp"
#include "lang/text.hpp"
#include "runtime/derive_units.hpp"
#include "runtime/registry.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fmt/format.h>
#include <limits>
#include <optional>

namespace ingot::runtime::detail {

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

// ---- reading figures ----------------------------------------------------------------------------

/// Half a unit in the last written digit: `4.4` → 0.05, `20` → 0.5, `1.5e3` → 50.
double half_last_digit(const std::string& text) {
    std::string mantissa = text;
    int exponent = 0;
    if (const auto e = mantissa.find_first_of("eE"); e != std::string::npos) {
        exponent = std::atoi(mantissa.substr(e + 1).c_str());
        mantissa.resize(e);
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
    bool readable = true;          // false: a number the parser could not read (`1e999`)
};

Figure read_figure(std::optional<lang::Comparator> c, const lang::Quantity& q, double about) {
    const double v = q.low.value;
    Figure f{v, v, false, false, std::nullopt, {}};
    f.text = lang::figure_text(c, q);
    if (!q.low.in_range || (q.high && !q.high->in_range)) {
        f.readable = false; // reported by the parser as `number-range`; takes no part
        return f;
    }
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

std::string series_key(const lang::MetricRef& ref, const Metric& metric) {
    return ref.scope ? fmt::format("{}({})", metric.name(), ref.scope->name) : metric.name();
}

// ---- the builder --------------------------------------------------------------------------------

/// Builds the system of one plan into `s_`.
class ConstraintBuilder {
public:
    ConstraintBuilder(const Model& model, const Plan& plan, const Workspace& ws,
                      const UnitRegistry& units, const DerivationOptions& options,
                      const std::set<const lang::IdentityDecl*>& failed_identities)
        : model_(model), plan_(plan), ws_(ws), units_(units), options_(options),
          failed_identities_(failed_identities) {}

    PlanSystem run() {
        s_.derivation = std::make_unique<Derivation>();
        d_ = s_.derivation.get();
        d_->plan = &plan_;
        const bool too_long =
            plan_.period && plan_.period->last.value >= plan_.period->first.value &&
            plan_.period->last.value - plan_.period->first.value >= options_.max_period_years;
        if (too_long) {
            lang::Diagnostic d = lang::make_diagnostic(
                lang::Severity::error, std::string(check::limit),
                fmt::format("the period `{}..{}` of plan `{}` spans {} years, more than the limit "
                            "of {}: nothing is derived for it",
                            lang::year_text(plan_.period->first),
                            lang::year_text(plan_.period->last), plan_.name(),
                            plan_.period->last.value - plan_.period->first.value + 1,
                            options_.max_period_years),
                plan_.period->span, "period");
            d.notes.push_back(
                fmt::format("a plan's period may span at most {} years (the period limit, "
                            "Limits::max_period_years)",
                            options_.max_period_years));
            d.help = "check the years of the period; a longer horizon belongs in several plans";
            report(std::move(d));
        }
        if (!plan_.period || plan_.period->last.value < plan_.period->first.value || too_long) {
            // Nothing to derive without a (valid) period, but every figure's unit is still
            // checked against its metric.
            units_only_ = true;
            for (const Baseline& b : plan_.baselines) {
                add_baseline(b);
            }
            for (const Target& t : plan_.targets) {
                add_target(t);
            }
            for (const Actual& a : plan_.actuals) {
                add_actual(a);
            }
            return std::move(s_);
        }
        s_.derivable = true;
        period_first_ = plan_.period->first.value;
        d_->base_year = base_year(plan_);
        d_->last_year = plan_.period->last.value;
        // Variables start at the base year or the year before the period, whichever is earlier
        // (`stays` bounds the growth of every year of the period), and reach back to the earliest
        // year a baseline or a `from` names. A year before earliest_year is reported (checks.cpp,
        // unused_baseline) and takes no part. (An `in` year lies in the period.)
        d_->first_year = std::min(d_->base_year, period_first_ - 1);
        const int earliest = earliest_year(plan_);
        const auto reach = [&](int year) {
            if (year >= earliest) {
                d_->first_year = std::min(d_->first_year, year);
            }
        };
        for (const Baseline& b : plan_.baselines) {
            reach(b.decl->year.value - (b.decl->is_growth ? 1 : 0));
        }
        for (const Target& t : plan_.targets) {
            for (const lang::Clause& clause : t.decl->clauses) {
                if (clause.from) {
                    reach(clause.from->value);
                }
            }
        }
        for (const Baseline& b : plan_.baselines) {
            add_baseline(b);
        }
        for (const Target& t : plan_.targets) {
            add_target(t);
        }
        add_identities();
        for (const Actual& a : plan_.actuals) {
            add_actual(a); // after the identities, which may derive the series an actual observes
        }
        return std::move(s_);
    }

private:
    // ---- variables

    VarId new_var(const std::string& series, VarKind kind, int year, int from = 0) {
        Variable v;
        v.series = series;
        v.kind = kind;
        v.year = year;
        v.from_year = from;
        s_.positive.push_back(kind == VarKind::factor || kind == VarKind::cumulative);
        return d_->add_variable(std::move(v));
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

    /// The variables of a series, created with their defining relations on first use.
    SeriesVars& series(const std::string& key, const Metric* metric) {
        if (units_only_) {
            return no_series_;
        }
        if (const auto it = s_.series.find(key); it != s_.series.end()) {
            return it->second;
        }
        SeriesVars& s = s_.series[key];
        d_->series_metrics[key] = metric;
        for (int y = d_->first_year; y <= d_->last_year; ++y) {
            s.level[y] = new_var(key, VarKind::level, y);
        }
        for (int y = d_->first_year + 1; y <= d_->last_year; ++y) {
            s.factor[y] = new_var(key, VarKind::factor, y);
            s_.relations.push_back(
                {Relation::Op::product, s.level[y], s.level[y - 1], s.factor[y], structural()});
        }
        s.cumulative = new_var(key, VarKind::cumulative, d_->last_year, d_->base_year);
        s_.relations.push_back({Relation::Op::product, s.level[d_->last_year],
                                s.level[d_->base_year], s.cumulative, structural()});
        // F = f[base+1] · … · f[last], through auxiliary partial products.
        VarId partial = s.factor[d_->base_year + 1];
        for (int y = d_->base_year + 2; y <= d_->last_year; ++y) {
            const VarId next = y == d_->last_year ? s.cumulative : new_var(key, VarKind::aux, y);
            s_.relations.push_back(
                {Relation::Op::product, next, partial, s.factor[y], structural()});
            partial = next;
        }
        if (d_->base_year + 1 == d_->last_year) {
            s_.relations.push_back({Relation::Op::product, s.cumulative, s.factor[d_->last_year],
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

    /// The cumulative factor L[to] / L[from] of a series: the period's own, or one made for a
    /// `by` or a `from` year.
    VarId change_to(SeriesVars& s, const std::string& key, int from, int to) {
        if (from == d_->base_year && to == d_->last_year) {
            return s.cumulative;
        }
        if (const auto it = s.change_to.find({from, to}); it != s.change_to.end()) {
            return it->second;
        }
        const VarId v = new_var(key, VarKind::cumulative, to, from);
        s_.relations.push_back(
            {Relation::Op::product, s.level.at(to), s.level.at(from), v, structural()});
        return s.change_to[{from, to}] = v;
    }

    /// The change L[to] − L[from] of a share, in points (as a fraction: 5 pp is 0.05).
    VarId difference_to(SeriesVars& s, const std::string& key, int from, int to) {
        if (const auto it = s.difference_to.find({from, to}); it != s.difference_to.end()) {
            return it->second;
        }
        const VarId v = new_var(key, VarKind::difference, to, from);
        s_.relations.push_back(
            {Relation::Op::sum, s.level.at(to), s.level.at(from), v, structural()});
        return s.difference_to[{from, to}] = v;
    }

    /// `falls 2 pp` is a change of −2 pp.
    static Figure negated(Figure f) {
        std::swap(f.lo, f.hi);
        std::swap(f.lo_open, f.hi_open);
        f.lo = -f.lo;
        f.hi = -f.hi;
        if (f.nominal) {
            f.nominal = -*f.nominal;
        }
        return f;
    }

    VarId one() {
        if (!one_) {
            one_ = new_var("1", VarKind::aux, 0);
            Interval i;
            i.lo = {1, false, {}, {}};
            i.hi = {1, false, {}, {}};
            s_.fixed.push_back({*one_, i, structural()});
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
        c.file_rank = span.file < ws_.files.size() ? ws_.load_rank(span.file) : 0;
        d_->constraints.push_back(std::move(c));
        return static_cast<ConstraintId>(d_->constraints.size() - 1);
    }

    void report(lang::Diagnostic d) { s_.diagnostics.push_back(std::move(d)); }

    /// The unit a figure is written in; reports an unknown one.
    std::optional<Unit> unit_of(const lang::WrittenUnit& u) {
        FigureUnit found = figure_unit(u, units_);
        if (found.finding) {
            report(std::move(*found.finding));
        }
        return found.unit;
    }

    std::optional<Unit> metric_unit(const Metric& m) {
        std::string error;
        return units_.lookup(m.decl->unit.parts, error); // reported once, with the metric
    }

    /// Whether a figure's unit fits; reports why not.
    bool accepted(UnitCheck& check) {
        if (check.finding) {
            report(std::move(*check.finding));
        }
        return check.reading != Reading::rejected;
    }

    /// Imposes a figure on a variable; false when it takes no part (unreadable, or not
    /// representable in base units, which is reported).
    bool add_domain(VarId v, const Figure& f, double scale, bool as_factor, bool negate,
                    ConstraintId c) {
        if (units_only_ || !f.readable || !representable(f, scale, as_factor, c)) {
            return false;
        }
        s_.precision.push_back({v, to_interval(f, scale, as_factor, negate), c});
        if (f.nominal) {
            Figure point = f;
            point.lo = point.hi = *f.nominal;
            point.lo_open = point.hi_open = false;
            s_.nominal.push_back({v, to_interval(point, scale, as_factor, negate), c});
        } else {
            s_.bounds.push_back({v, to_interval(f, scale, as_factor, negate), c});
        }
        s_.constrained[c].push_back(v);
        return true;
    }

    /// Whether a figure stays a finite, normal double in the derivation's base units (t, CNY,
    /// a growth factor). One that overflows (`1e308 Mt` is 1e314 t) or underflows to zero would
    /// give infinities, NaN or a false contradiction, so it is a `number-range` finding instead
    /// and takes no part in the derivation.
    bool representable(const Figure& f, double scale, bool as_factor, ConstraintId c) {
        constexpr double smallest = std::numeric_limits<double>::min();
        const auto overflows = [&](double x) {
            return std::isfinite(x) && !std::isfinite(x * scale);
        };
        // A growth factor is 1 + x·scale: a tiny rate only rounds to 1, so only levels underflow.
        const auto underflows = [&](double x) {
            return !as_factor && x != 0 && std::isfinite(x) && std::abs(x * scale) < smallest;
        };
        const bool overflow =
            overflows(f.lo) || overflows(f.hi) || (f.nominal && overflows(*f.nominal));
        const bool underflow = !overflow && (underflows(f.lo) || underflows(f.hi));
        if (!overflow && !underflow) {
            return true;
        }
        lang::Diagnostic d = lang::make_diagnostic(
            lang::Severity::error, std::string(check::number_range),
            overflow ? fmt::format("`{}` is too large to compute with: in base units it is beyond "
                                   "the largest number, about 1.8e308",
                                   f.text)
                     : fmt::format("`{}` is too small to compute with: in base units it is below "
                                   "the smallest normal number, about 2.2e-308",
                                   f.text),
            d_->constraints.at(c).span, "out of range");
        d.notes.emplace_back("the figure is left out of the derivation, so it neither supports nor "
                             "contradicts any other");
        d.help = "check the figure and its unit against the source: a scale word or an exponent "
                 "is probably wrong";
        report(std::move(d));
        return false;
    }

    void remember_display_unit(const std::string& key, const Unit& u) {
        if (!d_->written_units.contains(key)) {
            d_->display_units[key] = u;
            d_->written_units.insert(key);
        }
    }

    /// A figure observed in one year (`baseline` or `actual`), read against its metric: the
    /// series it belongs to, its unit and the figure. Empty when the metric or a unit is unknown
    /// (reported where names are resolved).
    struct ObservedFigure {
        std::string key;
        std::optional<Unit> unit;        // set
        std::optional<Unit> metric_unit; // set
        Figure figure;
        std::string written; // the quantity as written, without a leading `= `
    };
    std::optional<ObservedFigure> read_observed(const lang::YearFigure& s, const Metric* metric) {
        if (!metric) {
            return std::nullopt;
        }
        const auto u = unit_of(s.value.unit);
        const auto mu = metric_unit(*metric);
        if (!u || !mu) {
            return std::nullopt;
        }
        ObservedFigure o{series_key(s.metric, *metric), u, mu,
                         read_figure(s.comparator, s.value, options_.about_tolerance), ""};
        o.written = o.figure.text.rfind("= ", 0) == 0 ? o.figure.text.substr(2) : o.figure.text;
        return o;
    }

    void add_baseline(const Baseline& b) {
        const lang::BaselineStmt& s = *b.decl;
        const auto observed = read_observed(s, b.metric);
        if (!observed) {
            return;
        }
        const auto& [key, u, mu, f, written] = *observed;
        SeriesVars& vars = series(key, b.metric);
        const std::string summary = fmt::format(
            "baseline {}{} {} = {}", key, s.is_growth ? " growth" : "", s.year.value, written);
        const ConstraintId c =
            add_constraint(Constraint::Kind::baseline, summary, s.span, &s.citations, "");
        UnitCheck check = check_baseline_unit(s, "baseline", key, f.text, *u, *b.metric, *mu);
        if (!accepted(check)) {
            return;
        }
        if (check.reading == Reading::yearly_growth) {
            if (const auto it = vars.factor.find(s.year.value); it != vars.factor.end()) {
                add_domain(it->second, f, u->scale, true, false, c);
            } else {
                unused_baseline(s, key, written);
            }
            return;
        }
        remember_display_unit(key, *u);
        if (const auto it = vars.level.find(s.year.value); it != vars.level.end()) {
            if (add_domain(it->second, f, u->scale, false, false, c)) {
                add_level_figure(it->second, c, s.value, s.comparator, *u);
            }
        } else {
            unused_baseline(s, key, written);
        }
    }

    /// unused-baseline: a baseline in a year the derivation does not reach (after the period, or
    /// too far before it) would otherwise be dropped without a word.
    void unused_baseline(const lang::BaselineStmt& s, const std::string& key,
                         const std::string& written) {
        if (units_only_) {
            return; // a plan without a period derives nothing at all
        }
        const int year = s.year.value;
        const std::string period = fmt::format("{}..{}", period_first_, d_->last_year);
        const std::string what = fmt::format("baseline `{}`{}", key, s.is_growth ? " growth" : "");
        const lang::SourceSpan keyword{s.span.file, s.span.begin, s.span.begin + 8};
        if (year > d_->last_year) {
            lang::Diagnostic d = lang::make_diagnostic(
                lang::Severity::warning, std::string(check::unused_baseline),
                fmt::format("{} is for {}, after the plan's period {}: no target reaches it, so "
                            "it takes no part in the derivation",
                            what, year, period),
                s.year.span, "after the period");
            d.help = fmt::format("a figure observed after the period is an `actual`, which is "
                                 "compared with what the targets require: `actual {}{} {} = {}`",
                                 key, s.is_growth ? " growth" : "", year, written);
            d.fixes.push_back(lang::replace_with(keyword, "baseline", "actual"));
            report(std::move(d));
            return;
        }
        lang::Diagnostic d = lang::make_diagnostic(
            lang::Severity::warning, std::string(check::unused_baseline),
            fmt::format("{} is for {}, more than {} years before the plan's period {}: it takes "
                        "no part in the derivation",
                        what, year, max_years_before_period, period),
            s.year.span, "too early");
        d.help = "check the year against the source";
        report(std::move(d));
    }

    /// An observed figure: read like a baseline, checked for its unit, and kept apart from the
    /// system (see ActualFigure).
    void add_actual(const Actual& a) {
        const lang::ActualStmt& s = *a.decl;
        const auto observed = read_observed(s, a.metric);
        if (!observed) {
            return;
        }
        const auto& [key, u, mu, f, written] = *observed;
        UnitCheck check = check_baseline_unit(s, "actual", key, f.text, *u, *a.metric, *mu);
        if (!accepted(check) || units_only_ || !f.readable) {
            return;
        }
        ActualFigure out;
        out.actual = &a;
        out.text = written;
        const bool growth = check.reading == Reading::yearly_growth;
        out.interval = to_interval(f, u->scale, growth, false);
        if (f.nominal) {
            out.nominal = growth ? 1 + *f.nominal * u->scale : *f.nominal * u->scale;
        }
        // Only a series the plan's own figures name has a path to compare with.
        if (const auto it = s_.series.find(key); it != s_.series.end()) {
            const auto& years = growth ? it->second.factor : it->second.level;
            if (const auto y = years.find(s.year.value); y != years.end()) {
                out.var = y->second;
            }
        }
        if (!growth) {
            remember_display_unit(key, *u);
        }
        s_.actuals.push_back(std::move(out));
    }

    void add_level_figure(VarId var, ConstraintId c, const lang::Quantity& q,
                          std::optional<lang::Comparator> comparator, const Unit& unit,
                          bool every_year = false) {
        const double written = q.high ? (q.low.value + q.high->value) / 2 : q.low.value;
        s_.level_figures.push_back({var, c, &q, comparator, unit, written, every_year});
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
            if (clause.kind == lang::ClauseKind::peaks) {
                add_peak(t, key, clause);
                continue;
            }
            const auto u = unit_of(clause.value.unit);
            if (!u) {
                continue;
            }
            SeriesVars& vars = series(key, t.metric);
            const Figure f = read_figure(clause.comparator, clause.value, options_.about_tolerance);
            const std::string written = lang::clause_text(clause);
            const ConstraintId c =
                add_constraint(Constraint::Kind::target,
                               fmt::format("target {}: {} {}", s.name.name, key, written), s.span,
                               &s.citations, s.name.name);
            if (!units_only_) {
                d_->constraints[c].clause = written;
            }
            UnitCheck check = check_clause_unit(clause, f.text, *u, *t.metric, *mu);
            if (!accepted(check)) {
                continue;
            }
            const bool negate = clause.kind == lang::ClauseKind::falls;
            // The years a change runs over: `in YEAR` is one year; otherwise from `from` (else
            // the plan's base year) to `by` (else the period's last year). `stays` holds in every
            // year of the period. A year outside what the period allows is `outside-period`
            // (checks.cpp), and then nothing is derived.
            const bool stays = clause.kind == lang::ClauseKind::stays;
            const bool change = clause.kind == lang::ClauseKind::grows ||
                                clause.kind == lang::ClauseKind::rises ||
                                clause.kind == lang::ClauseKind::falls;
            const int until = clause.in   ? clause.in->value
                              : clause.by ? clause.by->value
                                          : d_->last_year;
            const int from = stays         ? period_first_ - 1
                             : clause.in   ? clause.in->value - 1
                             : clause.from ? clause.from->value
                                           : d_->base_year;
            // Without a (valid) period there are no years to constrain: the unit was checked
            // above, and that is all.
            const bool in_period = !units_only_ && until >= period_first_ &&
                                   until <= d_->last_year &&
                                   (!change || (from < until && from >= d_->first_year));
            switch (in_period ? check.reading : Reading::rejected) {
            case Reading::yearly_growth: // grows, falls or stays: every year it runs over
                for (int y = from + 1; y <= until; ++y) {
                    add_domain(vars.factor.at(y), f, u->scale, true, negate, c);
                }
                break;
            case Reading::cumulative_change:
                add_domain(clause.in ? vars.factor.at(until) : change_to(vars, key, from, until), f,
                           u->scale, true, negate, c);
                break;
            case Reading::points_change:
                add_domain(difference_to(vars, key, from, until), negate ? negated(f) : f, u->scale,
                           false, false, c);
                break;
            case Reading::level:
                remember_display_unit(key, *u);
                if (clause.kind == lang::ClauseKind::reaches) {
                    const int year = clause.by ? clause.by->value : d_->last_year;
                    if (const auto it = vars.level.find(year); it != vars.level.end()) {
                        if (add_domain(it->second, f, u->scale, false, false, c)) {
                            add_level_figure(it->second, c, clause.value, clause.comparator, *u);
                        }
                    }
                } else { // stays: every year of the period
                    bool added = false;
                    for (int y = period_first_; y <= d_->last_year; ++y) {
                        added = add_domain(vars.level.at(y), f, u->scale, false, false, c);
                    }
                    if (added) {
                        add_level_figure(vars.level.at(period_first_), c, clause.value,
                                         clause.comparator, *u, true);
                    }
                }
                break;
            case Reading::rejected:
                break;
            }
        }
    }

    /// `peaks by YEAR`: the level does not rise in any year after YEAR, which within the derived
    /// years is a growth of at most 0 %/yr in each year from YEAR + 1 to the period's last year.
    /// A peak year at or after the last year constrains nothing the derivation covers.
    void add_peak(const Target& t, const std::string& key, const lang::Clause& clause) {
        const lang::TargetStmt& s = *t.decl;
        const std::string written = lang::clause_text(clause);
        const ConstraintId c = add_constraint(
            Constraint::Kind::target, fmt::format("target {}: {} {}", s.name.name, key, written),
            s.span, &s.citations, s.name.name);
        if (units_only_ || !clause.by) {
            return;
        }
        d_->constraints[c].clause = written;
        SeriesVars& vars = series(key, t.metric);
        Figure f{-inf, 0, false, false, std::nullopt, written};
        for (int y = std::max(clause.by->value, d_->first_year) + 1; y <= d_->last_year; ++y) {
            add_domain(vars.factor.at(y), f, rate_unit().scale, true, false, c);
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
        // The declaration the identity's file sees: two files may each declare one name.
        const Metric* metric = model_.find_metric(leaf->first, e.span.file, ws_);
        if (metric == nullptr) {
            return false; // reported when identities are checked
        }
        std::vector<std::string> ambiguous;
        std::string key = d_->series_for(metric->name(), leaf->second, &ambiguous);
        if (!ambiguous.empty()) {
            return false; // the plan has several series of this metric: the identity cannot say
                          // which
        }
        if (key.empty()) {
            key = leaf->second.empty() ? metric->name()
                                       : fmt::format("{}({})", metric->name(), leaf->second);
            series(key, metric);
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
                s_.relations.push_back({Relation::Op::product, z, x, y, c});
                break;
            case lang::BinaryOp::divide:
                s_.relations.push_back({Relation::Op::product, x, z, y, c});
                break;
            case lang::BinaryOp::add:
                s_.relations.push_back({Relation::Op::sum, z, x, y, c});
                break;
            default: // subtract
                s_.relations.push_back({Relation::Op::sum, x, z, y, c});
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
            s_.fixed.push_back({v, i, c});
            return v;
        }
        SeriesVars& s = s_.series.at(keys.at(&e));
        if (kind == VarKind::level) {
            return s.level.at(year);
        }
        if (kind == VarKind::factor) {
            return s.factor.at(year);
        }
        return s.cumulative;
    }

    void add_identities() {
        for (const lang::IdentityDecl* identity : model_.identities) {
            const lang::SourceSpan span = identity->span;
            if (!ws_.sees(plan_.file, span.file) || failed_identities_.contains(identity)) {
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
                s_.relations.push_back({Relation::Op::product, l, r, one(), c});
            }
            if (is_monomial(identity->lhs) && is_monomial(identity->rhs)) {
                for (int y = d_->first_year + 1; y <= d_->last_year; ++y) {
                    const VarId l = build(identity->lhs, keys, VarKind::factor, y, c);
                    const VarId r = build(identity->rhs, keys, VarKind::factor, y, c);
                    s_.relations.push_back({Relation::Op::product, l, r, one(), c});
                }
                const VarId l = build(identity->lhs, keys, VarKind::cumulative, 0, c);
                const VarId r = build(identity->rhs, keys, VarKind::cumulative, 0, c);
                s_.relations.push_back({Relation::Op::product, l, r, one(), c});
            }
        }
    }

    const Model& model_;
    const Plan& plan_;
    const Workspace& ws_;
    const UnitRegistry& units_;
    const DerivationOptions& options_;
    const std::set<const lang::IdentityDecl*>& failed_identities_;
    PlanSystem s_;
    Derivation* d_ = nullptr; // s_.derivation, which run() moves out with s_
    std::optional<ConstraintId> structural_id_;
    bool units_only_ = false; // no period: check units, derive nothing
    int period_first_ = 1;    // the period's first year (in units-only mode, after last_year)
    SeriesVars no_series_;
    std::optional<VarId> one_;
};

} // namespace

PlanSystem build_constraints(const Model& model, const Plan& plan, const Workspace& ws,
                             const UnitRegistry& units, const DerivationOptions& options,
                             const std::set<const lang::IdentityDecl*>& failed_identities) {
    return ConstraintBuilder(model, plan, ws, units, options, failed_identities).run();
}

} // namespace ingot::runtime::detail
