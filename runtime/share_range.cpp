#include "runtime/share_range.hpp"

#include "runtime/derived.hpp"
#include "runtime/figure.hpp"
#include "runtime/registry.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <map>
#include <set>
#include <tuple>

namespace ingot::runtime::detail {

namespace {

using lang::Diagnostic;
using lang::Severity;

/// Whether every value of `i` lies outside 0 … 1 (0 … 100 %).
bool outside_share(const Interval& i) {
    if (i.empty()) {
        return false;
    }
    const bool above = i.lo.value > 1 || (i.lo.value == 1 && i.lo.open);
    const bool below = i.hi.value < 0 || (i.hi.value == 0 && i.hi.open);
    return above || below;
}

/// "a", "a and b", "a, b and c".
std::string list_text(const std::vector<std::string>& items) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) {
            out += i + 1 == items.size() ? " and " : ", ";
        }
        out += items[i];
    }
    return out;
}

/// One year of a series outside the range: the interval, and the figures behind it.
struct Outside {
    int year = 0;
    Measure shown;
    std::set<ConstraintId> because;
};

} // namespace

std::vector<Diagnostic> share_range_findings(const PlanSystem& system,
                                             const DerivationOptions& options) {
    const Derivation& d = *system.derivation;
    std::map<std::string, std::map<int, Outside>> found; // by series, then year
    const auto add = [&](const Variable& v, Measure shown,
                         const std::vector<ConstraintId>& because) {
        Outside& o = found[v.series][v.year];
        if (o.because.empty()) {
            o.year = v.year;
            o.shown = std::move(shown);
        }
        for (const ConstraintId c : because) {
            if (d.constraints[c].span.end > 0) {
                o.because.insert(c);
            }
        }
    };
    if (d.consistent) {
        // What all the figures allow, year by year.
        for (const Variable& v : d.variables) {
            if (v.kind != VarKind::level || !is_share(d, v.series) || !outside_share(v.range)) {
                continue;
            }
            // Years the figures say something definite about: a figure of that year, a value as
            // written, or a range bounded on both sides (not merely "below zero" because an
            // earlier year is and levels keep their sign).
            const Measure m = measure_of(d, v);
            const bool written =
                std::any_of(system.precision.begin(), system.precision.end(),
                            [&](const Domain& domain) { return &d.variables[domain.var] == &v; });
            if (!written && m.reading != Reading::point &&
                !(std::isfinite(m.lo) && std::isfinite(m.hi))) {
                continue;
            }
            const bool above = v.range.lo.value >= 1;
            add(v, m, above ? v.range.lo.because : v.range.hi.because);
        }
    } else {
        // The derivation stopped at a contradiction: each level figure on its own.
        for (const Domain& domain : system.precision) {
            const Variable& v = d.variables[domain.var];
            if (v.kind == VarKind::level && is_share(d, v.series) &&
                outside_share(domain.interval)) {
                Measure m = measure_of(d, v);
                m.reading = Reading::none;
                m.lo = domain.interval.lo.value;
                m.hi = domain.interval.hi.value;
                m.lo_open = domain.interval.lo.open;
                m.hi_open = domain.interval.hi.open;
                add(v, m, {domain.constraint});
            }
        }
    }
    std::vector<Diagnostic> out;
    for (const auto& entry : found) {
        // Named, not bound: lambdas below use them (clang before 16 cannot capture bindings).
        const std::string& series = entry.first;
        const std::map<int, Outside>& years = entry.second;
        std::vector<std::string> figures;
        figures.reserve(years.size());
        std::set<ConstraintId> because;
        for (const auto& [year, o] : years) {
            figures.push_back(fmt::format(
                "{} in {}", format_figure(figure_of(o.shown), options.digits).full(), year));
            because.insert(o.because.begin(), o.because.end());
        }
        std::vector<const Constraint*> behind;
        behind.reserve(because.size());
        for (const ConstraintId c : because) {
            behind.push_back(&d.constraints[c]);
        }
        std::sort(behind.begin(), behind.end(), [](const Constraint* a, const Constraint* b) {
            return std::tie(a->file_rank, a->span.begin) < std::tie(b->file_rank, b->span.begin);
        });
        // At the figure that puts it outside: the last in the file (a level figure of one of
        // these years is the likelier slip, so it comes first).
        const auto level_figure = std::find_if(
            system.level_figures.rbegin(), system.level_figures.rend(), [&](const LevelFigure& f) {
                const Variable& v = d.variables[f.var];
                return v.series == series && years.contains(v.year) &&
                       std::any_of(behind.begin(), behind.end(), [&](const Constraint* c) {
                           return c == &d.constraints[f.constraint];
                       });
            });
        const Constraint* primary = level_figure != system.level_figures.rend()
                                        ? &d.constraints[level_figure->constraint]
                                    : behind.empty() ? nullptr
                                                     : behind.back();
        Diagnostic diagnostic = lang::make_diagnostic(
            Severity::error, check::share_range,
            fmt::format("`{}` is a share and lies within 0 … 100 %, but the figures put it at {}",
                        series, list_text(figures)),
            primary != nullptr ? primary->span : d.plan->decl->name.span,
            primary != nullptr ? primary->summary : "");
        for (const Constraint* c : behind) {
            if (c != primary) {
                diagnostic.secondary.push_back({c->span, c->summary});
            }
        }
        diagnostic.help = "check each figure against its source: a share is a part of a whole; "
                          "a change in percentage points is written `rises 5 pp`";
        // A share written below zero: the sign is the likely slip (as for `negative-level`).
        if (level_figure != system.level_figures.rend() && !level_figure->quantity->high &&
            level_figure->quantity->low.text.starts_with('-')) {
            const lang::Number& low = level_figure->quantity->low;
            diagnostic.fixes.push_back({fmt::format("drop the minus sign of `{}`", low.text),
                                        {{low.span, low.text.substr(1)}}});
        }
        out.push_back(std::move(diagnostic));
    }
    return out;
}

} // namespace ingot::runtime::detail
