#include "runtime/derive_findings.hpp"

#include "runtime/derived.hpp"
#include "runtime/figure.hpp"
#include "runtime/registry.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <iterator>
#include <limits>
#include <set>
#include <tuple>

namespace ingot::runtime {

namespace detail {

std::string show_value(const Variable& v, double x, const Unit& level_unit, int digits) {
    switch (v.kind) {
    case VarKind::level:
        return format_value(x / level_unit.scale, level_unit, digits);
    case VarKind::factor:
        return format_value((x - 1) * 100, rate_unit(), digits);
    case VarKind::cumulative:
        return format_value((x - 1) * 100, share_unit(), digits);
    case VarKind::difference:
        return (x > 0 ? "+" : "") + format_value(x * 100, points_unit(), digits);
    case VarKind::aux:
        return fmt::format("{:.4g}", x);
    }
    return "";
}

/// `x` of `v` in the unit the messages show it in.
double display_value(const Variable& v, double x, const Unit& level_unit) {
    switch (v.kind) {
    case VarKind::level:
        return x / level_unit.scale;
    case VarKind::factor:
    case VarKind::cumulative:
        return (x - 1) * 100;
    case VarKind::difference:
        return x * 100;
    case VarKind::aux:
        return x;
    }
    return x;
}

/// The unrounded numbers behind a message about `v`.
ingot::Measurement measurement(std::string what, const Variable& v, const Interval& i,
                               std::optional<double> nominal, const Unit& level_unit) {
    ingot::Measurement m;
    m.what = std::move(what);
    const auto show = [&](double x) { return std::isinf(x) ? x : display_value(v, x, level_unit); };
    m.low = show(i.lo.value);
    m.high = show(i.hi.value);
    if (nominal) {
        m.nominal = show(*nominal);
    }
    switch (v.kind) {
    case VarKind::level:
        m.unit = level_unit.symbol;
        break;
    case VarKind::factor:
        m.unit = rate_unit().symbol;
        break;
    case VarKind::cumulative:
        m.unit = share_unit().symbol;
        break;
    case VarKind::difference:
        m.unit = points_unit().symbol;
        break;
    case VarKind::aux:
        break;
    }
    return m;
}

/// The unrounded numbers of a figure shown in a message, in the unit shown.
ingot::Measurement measurement(std::string what, const Measure& m) {
    ingot::Measurement out;
    out.what = std::move(what);
    const DisplayFigure f = figure_of(m);
    out.low = f.lo.value;
    out.high = f.hi.value;
    if (m.reading != Reading::none) {
        out.nominal = f.value;
    }
    out.unit = f.unit;
    return out;
}

} // namespace detail

namespace detail {

using lang::Diagnostic;
using lang::make_diagnostic;
using lang::Severity;

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

std::vector<Domain> without(const std::vector<Domain>& domains, ConstraintId c) {
    std::vector<Domain> out;
    std::copy_if(domains.begin(), domains.end(), std::back_inserter(out),
                 [&](const Domain& d) { return d.constraint != c; });
    return out;
}

/// Words the findings of one plan into `out_`.
class FindingsWriter {
public:
    FindingsWriter(const PlanSystem& system, const Solution& solution,
                   const DerivationOptions& options)
        : s_(system), d_(*system.derivation), plan_(*d_.plan), solution_(solution),
          options_(options) {}

    std::vector<Diagnostic> run() {
        const Outcome& precision = solution_.precision;
        const Outcome& nominal = solution_.nominal;
        if (precision.conflict) {
            report_contradiction(*precision.conflict);
            return std::move(out_);
        }
        if (nominal.conflict) {
            report_disagreement(*nominal.conflict);
        } else {
            for (const MissedBound& missed : solution_.missed_bounds) {
                report_rounding(*missed.bound, missed.conflict, s_.nominal);
            }
        }
        if (options_.report_implied) {
            report_implied(precision);
        }
        return std::move(out_);
    }

private:
    void report(Diagnostic d) { out_.push_back(std::move(d)); }

    Outcome solve(const std::vector<Domain>& domains) const {
        return detail::solve(s_, domains, options_.max_rounds);
    }

    std::string show(VarId v, double x) const {
        const Variable& var = d_.variables[v];
        return show_value(var, x, level_unit(var.series));
    }

    Unit level_unit(const std::string& series) const { return runtime::level_unit(d_, series); }

    /// A solver value of `v` in base units (growth and changes as fractions).
    static double base_of(const Variable& v, double x) {
        return v.kind == VarKind::factor || v.kind == VarKind::cumulative ? x - 1 : x;
    }

    /// What an interval of `v` allows, shown as figures' ranges are: `> 4.44 %`, `2.8 … 4.09
    /// %/yr`. A floor that only says the value is positive is left out.
    std::string interval_text(const Variable& v, const Interval& i) const {
        Measure m = measure_of(d_, v);
        m.reading = Reading::none;
        const bool floor = i.lo.because.empty() && i.lo.value == 0 && v.kind != VarKind::level;
        m.lo = floor ? -inf : base_of(v, i.lo.value);
        m.hi = base_of(v, i.hi.value);
        m.lo_open = i.lo.open;
        m.hi_open = i.hi.open;
        if (i.empty()) {
            return "no possible value";
        }
        const FigureText text = format_figure(figure_of(m), options_.digits);
        return text.value;
    }

    /// A figure as every command shows it (runtime/figure.hpp), noting in `d` what a `*` means.
    std::string figure_text(const Measure& m, Diagnostic& d) const {
        const FigureText text = format_figure(figure_of(m), options_.digits);
        if (text.marked &&
            std::find(d.notes.begin(), d.notes.end(), outside_footnote) == d.notes.end()) {
            d.notes.emplace_back(outside_footnote);
        }
        return text.full();
    }

    std::string describe_var(VarId v) const {
        const Variable& var = d_.variables[v];
        switch (var.kind) {
        case VarKind::level:
            return fmt::format("`{}` in {}", var.series, var.year);
        case VarKind::factor:
            return fmt::format("the growth of `{}` in {}", var.series, var.year);
        case VarKind::cumulative:
            return fmt::format("the change in `{}` from {} to {}", var.series, var.from_year,
                               var.year);
        case VarKind::difference:
            return fmt::format("the change in `{}` from {} to {} in points", var.series,
                               var.from_year, var.year);
        case VarKind::aux:
            return "an intermediate value";
        }
        return "";
    }

    std::string sources_of(const std::vector<ConstraintId>& ids) const {
        std::vector<std::string> parts;
        for (ConstraintId id : ids) {
            const Constraint& c = d_.constraints[id];
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
            const Constraint& c = d_.constraints[id];
            if (c.span.end > 0) {
                involved.push_back(&c);
            }
        }
        std::sort(involved.begin(), involved.end(), [](const Constraint* a, const Constraint* b) {
            return std::tie(a->file_rank, a->span.begin) < std::tie(b->file_rank, b->span.begin);
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
            const Variable& var = d_.variables[conflict.var];
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
        {
            const Variable& var = d_.variables[conflict.var];
            Interval both;
            both.lo = conflict.lo;
            both.hi = conflict.hi;
            d.values.push_back(measurement(describe_var(conflict.var), var, both, std::nullopt,
                                           level_unit(var.series)));
        }
        d.help = "check each figure against its source: one of them is misread, or the plan "
                 "contradicts itself";
        report(std::move(d));
    }

    /// The figures as written disagree (their points conflict), though the precision system
    /// holds: they agree only within their rounding.
    void report_disagreement(const Conflict& conflict) {
        const auto ids = merge(conflict.lo.because, conflict.hi.because);
        std::vector<std::string> names;
        const Constraint* last = nullptr;
        for (ConstraintId id : ids) {
            const Constraint& c = d_.constraints[id];
            if (c.span.end > 0 && c.kind != Constraint::Kind::identity) {
                names.push_back(c.summary);
                last = &c;
            }
        }
        if (last) {
            Diagnostic d = make_diagnostic(
                Severity::info, check::rounding,
                fmt::format("as written, these figures disagree about {}, but agree within "
                            "their rounding: {}",
                            describe_var(conflict.var), fmt::join(names, "; ")),
                last->span, last->summary);
            report(std::move(d));
        }
    }

    /// A bound the figures as written miss, though the figures agree within their rounding.
    void report_rounding(const Domain& bound, const Conflict& conflict,
                         const std::vector<Domain>& nominal) {
        const Constraint& b = d_.constraints[bound.constraint];
        // The point figure to adjust: the target (else baseline) behind the other side.
        const auto& other = std::find(conflict.lo.because.begin(), conflict.lo.because.end(),
                                      bound.constraint) != conflict.lo.because.end()
                                ? conflict.hi.because
                                : conflict.lo.because;
        std::optional<ConstraintId> adjust;
        for (ConstraintId id : other) {
            const Constraint& c = d_.constraints[id];
            if (c.kind == Constraint::Kind::identity || id == bound.constraint) {
                continue;
            }
            if (!adjust || (c.kind == Constraint::Kind::target &&
                            d_.constraints[*adjust].kind != Constraint::Kind::target)) {
                adjust = id;
            }
        }
        const Outcome as_written = solve(nominal);
        const Variable& var = d_.variables[conflict.var];
        // What the figures as written give is the derivation's value of the variable, shown as
        // everywhere else (the sentence says that it misses the bound, so it is not marked).
        std::string gives = "…";
        if (!as_written.conflict) {
            Measure m = measure_of(d_, var);
            m.reading = Reading::point;
            m.value = base_of(var, as_written.values[conflict.var].lo.value);
            FigureText text = format_figure(figure_of(m), options_.digits);
            if (text.marked) {
                text.value.resize(text.value.size() - outside_mark.size());
            }
            gives = text.value;
        }
        std::string message =
            fmt::format("as written, the figures give {} for {}, which misses `{}`", gives,
                        describe_var(conflict.var), b.name.empty() ? b.summary : b.name);
        if (adjust && s_.constrained.contains(*adjust)) {
            const Constraint& a = d_.constraints[*adjust];
            const VarId v = s_.constrained.at(*adjust).front();
            std::vector<Domain> written = without(nominal, *adjust);
            written.push_back(bound);
            const Outcome needed_written = solve(written);
            const Outcome needed_edge = solve(without(s_.precision, *adjust));
            // A yearly rate constrains every year alike; what it must be follows from the
            // cumulative factor over those years, as an average rate.
            const auto& vars = s_.constrained.at(*adjust);
            const bool yearly = vars.size() > 1 && d_.variables[v].kind == VarKind::factor;
            const auto need = [&](const Outcome& o) -> std::string {
                if (o.conflict) {
                    return "no value";
                }
                if (!yearly) {
                    return interval_text(d_.variables[v], o.values[v]);
                }
                const Variable& f = d_.variables[v];
                const auto& s = s_.series.at(f.series);
                Interval i = o.values[s.cumulative];
                const double n = static_cast<double>(vars.size());
                for (Bound* end : {&i.lo, &i.hi}) {
                    if (!std::isinf(end->value)) {
                        end->value = std::pow(std::max(end->value, 0.0), 1.0 / n);
                    }
                }
                return interval_text(f, i);
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

    /// The names of the targets behind `m`'s variables other than `except`, in file order:
    /// `recycled_pace`.
    std::vector<std::string> targets_behind(const std::vector<const Variable*>& vars,
                                            ConstraintId except) const {
        std::set<ConstraintId> ids;
        for (const Variable* v : vars) {
            for (const Bound* b : {&v->range.lo, &v->range.hi, &v->nominal.lo, &v->nominal.hi}) {
                ids.insert(b->because.begin(), b->because.end());
            }
        }
        std::vector<const Constraint*> targets;
        for (const ConstraintId id : ids) {
            const Constraint& c = d_.constraints[id];
            if (id != except && c.kind == Constraint::Kind::target && c.span.end > 0 &&
                !c.name.empty()) {
                targets.push_back(&c);
            }
        }
        std::sort(targets.begin(), targets.end(), [](const Constraint* a, const Constraint* b) {
            return std::tie(a->file_rank, a->span.begin) < std::tie(b->file_rank, b->span.begin);
        });
        std::vector<std::string> names;
        names.reserve(targets.size());
        for (const Constraint* c : targets) {
            names.push_back(fmt::format("`{}`", c->name));
        }
        return names;
    }

    /// Derived values worth showing: growth implied by an identity, and the growth (for a
    /// share, the change in pp) a level target implies. The figures are the derivation's, as
    /// explain and eval show them (runtime/derived.hpp).
    void report_implied(const Outcome& precision) {
        std::set<std::string> direct_rates;
        for (const Domain& d : s_.precision) {
            const Variable& v = d_.variables[d.var];
            if (v.kind == VarKind::factor || v.kind == VarKind::cumulative ||
                v.kind == VarKind::difference) {
                direct_rates.insert(v.series);
            }
        }
        for (const auto& [key, vars] : s_.series) {
            if (direct_rates.contains(key)) {
                continue;
            }
            const Variable& f = d_.variables[vars.factor.at(d_.last_year)];
            const Measure growth = measure_of(d_, f);
            if (!known(growth)) {
                continue; // only the structural floor (a level never changes sign): nothing known
            }
            std::vector<const Constraint*> behind;
            for (ConstraintId id : merge(f.range.lo.because, f.range.hi.because)) {
                const Constraint& c = d_.constraints[id];
                if (c.span.end > 0) {
                    behind.push_back(&c);
                }
            }
            const auto in_plan =
                std::find_if(behind.begin(), behind.end(), [&](const Constraint* c) {
                    return c->kind == Constraint::Kind::target && c->span.file == plan_.file;
                });
            Diagnostic d =
                make_diagnostic(Severity::info, check::implied, "",
                                in_plan != behind.end() ? (*in_plan)->span : plan_.decl->name.span,
                                in_plan != behind.end() ? (*in_plan)->summary : "");
            const auto points = is_share(d_, key)
                                    ? change_between(d_, key, d_.last_year - 1, d_.last_year, true)
                                    : std::nullopt;
            if (points) {
                d.message = fmt::format(
                    "`{}` must change by {} in {}, relative growth of {}, for the figures to hold",
                    key, figure_text(*points, d), d_.last_year, figure_text(growth, d));
            } else {
                d.message = fmt::format("`{}` must grow {} for the figures to hold", key,
                                        figure_text(growth, d));
            }
            for (const Constraint* c : behind) {
                d.notes.push_back(fmt::format("from {}", c->summary));
            }
            d.values.push_back(measurement(fmt::format("growth of `{}`", key), growth));
            report(std::move(d));
        }
        // Level targets with a known base imply an average yearly growth.
        const Outcome baselines = baselines_alone(precision);
        for (const Domain& bound : s_.precision) {
            const Constraint& c = d_.constraints[bound.constraint];
            const Variable& v = d_.variables[bound.var];
            if (c.kind != Constraint::Kind::target || v.kind != VarKind::level ||
                v.year <= d_.base_year) {
                continue;
            }
            const Variable* base_level = fixed_base(v.series, baselines);
            if (!base_level) {
                continue;
            }
            const Variable& base = *base_level;
            const bool share = is_share(d_, v.series);
            const auto growth = share ? change_between(d_, v.series, d_.base_year, v.year, true)
                                      : average_growth(d_, v.series, d_.base_year, v.year);
            if (!growth) {
                continue;
            }
            std::vector<const Variable*> vars{&base, &v};
            if (const Variable* change =
                    d_.find_change(v.series, VarKind::cumulative, d_.base_year, v.year)) {
                vars.push_back(change);
            }
            const std::vector<std::string> others = targets_behind(vars, bound.constraint);
            Diagnostic d = make_diagnostic(Severity::info, check::implied, "", c.span, c.summary);
            const std::string with =
                others.empty() ? "" : fmt::format(" with {}", fmt::join(others, ", "));
            const std::string base_text =
                format_figure(figure_of(measure_of(d_, base)), options_.digits).value;
            if (share) {
                const auto relative = change_between(d_, v.series, d_.base_year, v.year, false);
                d.message = fmt::format(
                    "`{}`{} implies a change of {} from {} to {}{}, from the {} baseline of {}",
                    c.name, with, figure_text(*growth, d), d_.base_year, v.year,
                    relative ? fmt::format(", a relative change of {}", figure_text(*relative, d))
                             : std::string(),
                    d_.base_year, base_text);
            } else {
                d.message = fmt::format(
                    "`{}`{} implies growth of {} from {} to {}, from the {} baseline of {}", c.name,
                    with, figure_text(*growth, d), d_.base_year, v.year, d_.base_year, base_text);
            }
            d.values.push_back(
                measurement(fmt::format("{} of `{}` from {} to {}", share ? "change" : "growth",
                                        v.series, d_.base_year, v.year),
                            *growth));
            report(std::move(d));
        }
        // A change in percentage points from a fixed base implies the level it reaches, unless a
        // level target sets that level itself (then that target's finding says it).
        for (const Domain& bound : s_.precision) {
            const Constraint& c = d_.constraints[bound.constraint];
            const Variable& v = d_.variables[bound.var];
            if (c.kind != Constraint::Kind::target || v.kind != VarKind::difference ||
                v.from_year != d_.base_year) {
                continue;
            }
            const Variable* base = fixed_base(v.series, baselines);
            const auto level_var = s_.series.at(v.series).level.find(v.year);
            if (!base || level_var == s_.series.at(v.series).level.end() ||
                set_by_level_target(level_var->second)) {
                continue;
            }
            const Measure level = measure_of(d_, d_.variables[level_var->second]);
            if (!known(level)) {
                continue;
            }
            Diagnostic d = make_diagnostic(Severity::info, check::implied, "", c.span, c.summary);
            const auto relative = change_between(d_, v.series, v.from_year, v.year, false);
            d.message = fmt::format(
                "`{}` implies `{}` of {} in {}{}, from the {} baseline of {}", c.name, v.series,
                figure_text(level, d), v.year,
                relative ? fmt::format(", a relative change of {}", figure_text(*relative, d))
                         : std::string(),
                v.from_year,
                format_figure(figure_of(measure_of(d_, *base)), options_.digits).value);
            d.values.push_back(
                measurement(fmt::format("level of `{}` in {}", v.series, v.year), level));
            report(std::move(d));
        }
    }

    /// What the plan's baselines alone, as written, fix; `precision` when they conflict.
    Outcome baselines_alone(const Outcome& precision) const {
        std::vector<Domain> baselines;
        std::copy_if(s_.nominal.begin(), s_.nominal.end(), std::back_inserter(baselines),
                     [&](const Domain& d) {
                         return d_.constraints[d.constraint].kind == Constraint::Kind::baseline;
                     });
        Outcome o = solve(baselines);
        return o.conflict ? precision : o;
    }

    /// The base-year level of `series` when `baselines` (baselines_alone) fix it to a single
    /// positive value; else null.
    const Variable* fixed_base(const std::string& series, const Outcome& baselines) const {
        const VarId base = s_.series.at(series).level.at(d_.base_year);
        const Interval& fixed = baselines.values[base];
        if (!fixed.is_point() || fixed.lo.value <= 0) {
            return nullptr;
        }
        return &d_.variables[base];
    }

    /// Whether a level target sets variable `v` directly.
    bool set_by_level_target(VarId v) const {
        return std::any_of(s_.precision.begin(), s_.precision.end(), [&](const Domain& b) {
            return b.var == v && d_.constraints[b.constraint].kind == Constraint::Kind::target;
        });
    }

    const PlanSystem& s_;
    const Derivation& d_;
    const Plan& plan_;
    const Solution& solution_;
    const DerivationOptions& options_;
    std::vector<Diagnostic> out_;
};

} // namespace

std::vector<Diagnostic> derivation_findings(const PlanSystem& system, const Solution& solution,
                                            const DerivationOptions& options) {
    return FindingsWriter(system, solution, options).run();
}

} // namespace detail

} // namespace ingot::runtime
