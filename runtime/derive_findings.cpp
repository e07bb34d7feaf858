#include "runtime/derive_findings.hpp"

#include "runtime/registry.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <iterator>
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

} // namespace detail

std::string describe_interval(const Variable& v, const Interval& i, const Unit& level_unit,
                              int digits) {
    if (i.empty()) {
        return "no possible value";
    }
    const auto show = [&](double x) { return detail::show_value(v, x, level_unit, digits); };
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

namespace detail {

using lang::Diagnostic;
using lang::make_diagnostic;
using lang::Severity;

namespace {

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

    Unit level_unit(const std::string& series) const {
        if (const auto it = d_.display_units.find(series); it != d_.display_units.end()) {
            return it->second;
        }
        return Unit{};
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
        const std::string gives = as_written.conflict
                                      ? std::string("…")
                                      : show_value(var, as_written.values[conflict.var].lo.value,
                                                   level_unit(var.series), 4);
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
                    return describe_interval(d_.variables[v], o.values[v],
                                             level_unit(d_.variables[v].series));
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

    /// Derived values worth showing: growth implied by an identity, and the yearly growth a
    /// level target implies.
    void report_implied(const Outcome& precision) {
        std::set<std::string> direct_rates;
        for (const Domain& d : s_.precision) {
            const Variable& v = d_.variables[d.var];
            if (v.kind == VarKind::factor || v.kind == VarKind::cumulative) {
                direct_rates.insert(v.series);
            }
        }
        for (const auto& [key, vars] : s_.series) {
            if (direct_rates.contains(key)) {
                continue;
            }
            const Variable& f = d_.variables[vars.factor.at(d_.last_year)];
            if (!f.range.bounded_above() && f.range.lo.because.empty()) {
                continue; // only the structural floor (a level never changes sign): nothing known
            }
            const auto nominal = representative(f);
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
            Diagnostic d = make_diagnostic(
                Severity::info, check::implied,
                fmt::format("`{}` must grow {} (range {}) for the figures to hold", key,
                            nominal ? show(vars.factor.at(d_.last_year), *nominal) : "?",
                            describe_interval(f, f.range, level_unit(key))),
                in_plan != behind.end() ? (*in_plan)->span : plan_.decl->name.span,
                in_plan != behind.end() ? (*in_plan)->summary : "");
            for (const Constraint* c : behind) {
                d.notes.push_back(fmt::format("from {}", c->summary));
            }
            d.values.push_back(measurement(fmt::format("growth of `{}`", key), f, f.range, nominal,
                                           level_unit(key)));
            report(std::move(d));
        }
        // Level targets with a known base imply an average yearly growth.
        for (const Domain& bound : s_.precision) {
            const Constraint& c = d_.constraints[bound.constraint];
            const Variable& v = d_.variables[bound.var];
            if (c.kind != Constraint::Kind::target || v.kind != VarKind::level ||
                v.year <= d_.base_year) {
                continue;
            }
            const SeriesVars& s = s_.series.at(v.series);
            std::vector<Domain> with_level; // the baselines as written, and this target alone
            std::copy_if(s_.nominal.begin(), s_.nominal.end(), std::back_inserter(with_level),
                         [&](const Domain& d) {
                             return d_.constraints[d.constraint].kind == Constraint::Kind::baseline;
                         });
            with_level.push_back(bound);
            const Outcome o = solve(with_level);
            const Interval& base =
                (o.conflict ? precision.values : o.values)[s.level.at(d_.base_year)];
            const Interval& level = (o.conflict ? precision.values : o.values)[bound.var];
            if (!base.is_point() || base.lo.value <= 0 || level.unbounded()) {
                continue;
            }
            const int years = v.year - d_.base_year;
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
                            c.name, range, d_.base_year, v.year, d_.base_year,
                            show_value(d_.variables[s.level.at(d_.base_year)], base.lo.value,
                                       level_unit(v.series), 4)),
                c.span, c.summary);
            report(std::move(d));
        }
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
