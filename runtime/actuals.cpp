#include "runtime/actuals.hpp"

#include "runtime/derive_findings.hpp"
#include "runtime/derived.hpp"
#include "runtime/figure.hpp"
#include "runtime/registry.hpp"
#include "runtime/solve.hpp"
#include "runtime/value.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <string>
#include <tuple>

namespace ingot::runtime::detail {

namespace {

using lang::Diagnostic;
using lang::Severity;

/// Judges a plan's actuals into `out_`.
class ActualsJudge {
public:
    ActualsJudge(const PlanSystem& system, const DerivationOptions& options)
        : s_(system), d_(*system.derivation), options_(options) {}

    std::vector<Diagnostic> run() {
        if (!d_.consistent) {
            return {}; // the figures contradict each other: the contradiction is the finding
        }
        for (const ActualFigure& a : s_.actuals) {
            if (a.var) {
                judge(a, *a.var);
            }
        }
        return std::move(out_);
    }

private:
    bool informative(const Variable& v, const Bound& b, bool lower) const {
        return runtime::informative(d_, v, b, lower);
    }

    /// `x` (on the variable's scale) in the unit messages show: the level unit, or %/yr.
    static double shown(const Variable& v, double x, const Unit& unit) {
        if (!std::isfinite(x)) {
            return x;
        }
        return v.kind == VarKind::level ? x / unit.scale : (x - 1) * 100;
    }

    /// "4.5 … 5.5 %/yr": the range the plan's figures allow `v`, as every command shows it.
    std::string allowed(const Variable& v) const {
        Measure m = measure_of(d_, v);
        m.reading = Reading::none;
        return format_figure(figure_of(m), options_.digits).value;
    }

    /// The figures behind the ends of a range, in statement order, without structural ones.
    std::vector<const Constraint*> behind(const std::vector<ConstraintId>& ids) const {
        std::vector<const Constraint*> out;
        for (const ConstraintId id : ids) {
            const Constraint& c = d_.constraints[id];
            if (c.span.end > 0) {
                out.push_back(&c);
            }
        }
        std::sort(out.begin(), out.end(), [](const Constraint* a, const Constraint* b) {
            return std::tie(a->file_rank, a->span.begin) < std::tie(b->file_rank, b->span.begin);
        });
        return out;
    }

    /// "target `ten_metals` (grows ~5 %/yr) requires", "targets `a` (…), `b` (…) require", or
    /// "the plan's baselines require"; `allow` for an upper end or a range.
    static std::string who(const std::vector<const Constraint*>& figures, bool allows) {
        std::vector<std::string> targets;
        for (const Constraint* c : figures) {
            if (c->kind == Constraint::Kind::target) {
                targets.push_back(fmt::format("`{}` ({})", c->name, c->clause));
            }
        }
        const char* verb = allows ? "allow" : "require";
        if (targets.empty()) {
            return fmt::format("the plan's baselines {}", verb);
        }
        return fmt::format("{} {} {}{}", targets.size() == 1 ? "target" : "targets",
                           fmt::join(targets, ", "), verb, targets.size() == 1 ? "s" : "");
    }

    /// A `%/yr` target holds in every year (docs/language.md, `target`), but sources often mean
    /// it on average (年均): when the actuals give the growth of every year from the base year to
    /// `v`'s, "the actuals from 2023 to 2024 average 5.69 %/yr", so a reader can judge the
    /// average too. Empty for one year or a gap.
    std::optional<std::string> observed_average(const Variable& v) const {
        if (v.kind != VarKind::factor || v.year - d_.base_year < 2) {
            return std::nullopt;
        }
        double product = 1;
        for (int year = d_.base_year + 1; year <= v.year; ++year) {
            const auto it =
                std::find_if(s_.actuals.begin(), s_.actuals.end(), [&](const ActualFigure& a) {
                    if (!a.var || !a.nominal) {
                        return false;
                    }
                    const Variable& x = d_.variables[*a.var];
                    return x.kind == VarKind::factor && x.series == v.series && x.year == year;
                });
            if (it == s_.actuals.end()) {
                return std::nullopt;
            }
            product *= *it->nominal;
        }
        Measure m;
        m.unit = rate_unit();
        m.value = m.lo = m.hi = std::pow(product, 1.0 / (v.year - d_.base_year)) - 1;
        return fmt::format("the actuals from {} to {} average {}", d_.base_year + 1, v.year,
                           format_figure(figure_of(m), options_.digits).value);
    }

    void judge(const ActualFigure& a, VarId id) {
        const Variable& v = d_.variables[id];
        const Interval& r = v.range;
        const bool lo_known = informative(v, r.lo, true);
        const bool hi_known = informative(v, r.hi, false);
        if (!lo_known && !hi_known) {
            return; // no figure of the plan bounds it: nothing to judge it against
        }
        const Interval& x = a.interval;
        const bool below = lo_known && (x.hi.value < r.lo.value ||
                                        (x.hi.value == r.lo.value && (x.hi.open || r.lo.open)));
        const bool above = hi_known && (x.lo.value > r.hi.value ||
                                        (x.lo.value == r.hi.value && (x.lo.open || r.hi.open)));
        if (!below && !above && !options_.report_on_track) {
            return;
        }
        const lang::YearFigure& stmt = *a.actual->decl;
        const Unit unit = level_unit(d_, v.series);
        const bool level = v.kind == VarKind::level;
        const double nominal = a.nominal.value_or(below ? x.hi.value : x.lo.value);
        const std::string observed =
            level          ? fmt::format("`{}` was {} in {}", v.series, a.text, v.year)
            : nominal >= 1 ? fmt::format("`{}` grew {} in {}", v.series, a.text, v.year)
                           : fmt::format("`{}` changed by {} in {}", v.series, a.text, v.year);
        const std::string subject = level
                                        ? fmt::format("`{}` in {}", v.series, v.year)
                                        : fmt::format("the growth of `{}` in {}", v.series, v.year);
        const auto what = [&](std::string_view as) { return fmt::format("{}, {}", subject, as); };
        Diagnostic d;
        if (below || above) {
            const Bound& edge = below ? r.lo : r.hi;
            const double miss = std::abs(nominal - edge.value);
            const std::string size =
                level ? fmt::format("{} ({})", format_value(miss / unit.scale, unit),
                                    format_value(miss / std::abs(edge.value) * 100, share_unit()))
                      : format_value(miss * 100, points_unit());
            const auto figures = behind(edge.because);
            d = lang::make_diagnostic(
                Severity::warning, std::string(check::off_track),
                fmt::format("{}, {} {} the {} that {}", observed, size, below ? "below" : "above",
                            show_value(v, edge.value, unit, options_.digits), who(figures, above)),
                stmt.span, "off track");
            for (const Constraint* c : figures) {
                if (c->kind == Constraint::Kind::target) {
                    d.secondary.push_back({c->span, c->summary});
                }
            }
            d.notes.push_back(
                fmt::format("the plan's figures allow {} for {}", allowed(v), subject));
            d.help = "check the actual against its source; if it is right, the plan missed this "
                     "figure";
        } else {
            const auto figures = behind(merge(r.lo.because, r.hi.because));
            d = lang::make_diagnostic(Severity::info, std::string(check::on_track),
                                      fmt::format("{}, within the {} that {}", observed, allowed(v),
                                                  who(figures, lo_known && hi_known)),
                                      stmt.span, "on track");
        }
        if (const auto average = observed_average(v)) {
            d.notes.push_back(*average);
        }
        for (const Constraint* c : behind(merge(r.lo.because, r.hi.because))) {
            d.notes.push_back(fmt::format("from {}", c->summary));
        }
        ingot::Measurement observed_value;
        observed_value.what = what("as observed");
        observed_value.low = shown(v, x.lo.value, unit);
        observed_value.high = shown(v, x.hi.value, unit);
        observed_value.nominal = shown(v, nominal, unit);
        observed_value.unit = level ? unit.symbol : rate_unit().symbol;
        ingot::Measurement required = observed_value;
        required.what = what("as the plan requires");
        required.low = shown(v, r.lo.value, unit);
        required.high = shown(v, r.hi.value, unit);
        required.nominal.reset();
        d.values.push_back(std::move(observed_value));
        d.values.push_back(std::move(required));
        out_.push_back(std::move(d));
    }

    const PlanSystem& s_;
    const Derivation& d_;
    const DerivationOptions& options_;
    std::vector<Diagnostic> out_;
};

} // namespace

std::vector<lang::Diagnostic> actual_findings(const PlanSystem& system,
                                              const DerivationOptions& options) {
    return ActualsJudge(system, options).run();
}

} // namespace ingot::runtime::detail
