#include "runtime/export.hpp"

#include "runtime/parallel.hpp"

#include "lang/keywords.hpp"
#include "lang/text.hpp"
#include "runtime/to_public.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace ingot::runtime {

namespace {

class Exporter {
public:
    explicit Exporter(const Analysis& a) : a_(a), sources_(a.workspace.sources) {}

    Span span(lang::SourceSpan s) const { return to_public(sources_, s); }

    std::vector<Citation> citations(const std::vector<lang::Citation>& cs) const {
        std::vector<Citation> out;
        for (const lang::Citation& c : cs) {
            Citation citation{c.source.name, std::nullopt, span(c.span)};
            if (c.quote) {
                citation.quote = c.quote->value;
            }
            out.push_back(std::move(citation));
        }
        return out;
    }

    Figure figure(const std::optional<lang::Comparator>& comparator,
                  const lang::Quantity& q) const {
        Figure f;
        f.text = lang::figure_text(comparator, q);
        f.comparator = comparator ? std::string(lang::comparator_text(*comparator)) : "";
        f.low = q.low.value;
        f.high = q.high ? q.high->value : q.low.value;
        f.unit = lang::unit_text(q.unit);
        return f;
    }

    static std::vector<std::string> names(const std::vector<lang::Ident>& ids) {
        std::vector<std::string> out;
        out.reserve(ids.size());
        for (const lang::Ident& id : ids) {
            out.push_back(id.name);
        }
        return out;
    }

    ingot::Plan plan(const runtime::Plan& p) const {
        ingot::Plan out;
        out.name = p.name();
        out.path = sources_.file(p.file).path();
        out.span = span(p.decl->span);
        if (p.period) {
            out.first_year = p.period->first.value;
            out.last_year = p.period->last.value;
        }
        out.series = p.series.value_or("");
        out.sector = p.sector.value_or("");
        for (const lang::Stmt& stmt : p.decl->body) {
            const auto* field = std::get_if<lang::FieldStmt>(&stmt.kind);
            if (!field) {
                continue;
            }
            std::visit(
                [&](const auto& v) {
                    using V = std::decay_t<decltype(v)>;
                    if constexpr (std::is_same_v<V, lang::StringLit>) {
                        std::string& slot = field->kind == lang::FieldKind::title ? out.title
                                            : field->kind == lang::FieldKind::original
                                                ? out.original
                                                : out.document;
                        slot = v.value;
                    } else if constexpr (std::is_same_v<V, std::vector<lang::Ident>>) {
                        out.issuers = names(v);
                    } else if constexpr (std::is_same_v<V, lang::Date>) {
                        (field->kind == lang::FieldKind::signed_on ? out.signed_on
                                                                   : out.published) =
                            lang::date_text(v);
                    } else if constexpr (std::is_same_v<V, lang::Year>) {
                        out.base_year = v.value;
                    }
                },
                field->value);
        }
        for (const auto& [id, source] : p.sources) {
            Source s{id, source->url.value, std::nullopt, span(source->span)};
            if (source->description) {
                s.description = source->description->value;
            }
            out.sources.push_back(std::move(s));
        }
        for (const auto& [name, scope] : p.scopes) {
            Scope s{name, std::nullopt, names(scope->items), citations(scope->citations),
                    span(scope->span)};
            if (scope->declared_size) {
                s.declared_size = scope->declared_size->value;
            }
            out.scopes.push_back(std::move(s));
        }
        for (const lang::FocusStmt* f : p.focuses) {
            Focus focus{f->name.name, f->label ? f->label->value : "", {}, {}, {}, {}, {},
                        span(f->span)};
            for (const lang::Stmt& stmt : f->body) {
                if (const auto* t = std::get_if<lang::TargetStmt>(&stmt.kind)) {
                    focus.targets.push_back(t->name.name);
                } else if (const auto* l = std::get_if<lang::ListStmt>(&stmt.kind)) {
                    auto& slot = l->kind == lang::ListKind::initiatives ? focus.initiatives
                                 : l->kind == lang::ListKind::drivers   ? focus.drivers
                                                                        : focus.serves;
                    const auto items = names(l->items);
                    slot.insert(slot.end(), items.begin(), items.end());
                } else if (const auto* n = std::get_if<lang::NoteStmt>(&stmt.kind)) {
                    focus.notes.push_back(n->text.value);
                }
            }
            out.focuses.push_back(std::move(focus));
        }
        for (const runtime::Target& t : p.targets) {
            ingot::Target target;
            target.name = t.decl->name.name;
            target.focus = t.focus ? t.focus->name.name : "";
            target.metric = t.metric ? t.metric->name() : "";
            target.series = lang::metric_text(t.decl->metric);
            for (const lang::Clause& c : t.decl->clauses) {
                Clause clause;
                clause.verb = std::string(lang::keyword(c.kind));
                if (c.kind != lang::ClauseKind::peaks) {
                    clause.figure = figure(c.comparator, c.value);
                }
                clause.span = span(c.span);
                if (c.by) {
                    clause.by = c.by->value;
                }
                if (c.from) {
                    clause.from = c.from->value;
                }
                if (c.in) {
                    clause.in = c.in->value;
                }
                target.clauses.push_back(std::move(clause));
            }
            target.citations = citations(t.decl->citations);
            target.span = span(t.decl->span);
            out.targets.push_back(std::move(target));
        }
        const auto year_figure = [&](const lang::YearFigure& decl, const runtime::Metric* m) {
            ingot::Baseline baseline;
            baseline.metric = m ? m->name() : "";
            baseline.series = lang::metric_text(decl.metric);
            baseline.is_growth = decl.is_growth;
            baseline.year = decl.year.value;
            baseline.figure = figure(decl.comparator, decl.value);
            baseline.citations = citations(decl.citations);
            baseline.span = span(decl.span);
            return baseline;
        };
        for (const runtime::Baseline& b : p.baselines) {
            out.baselines.push_back(year_figure(*b.decl, b.metric));
        }
        for (const runtime::Actual& a : p.actuals) {
            out.actuals.push_back(year_figure(*a.decl, a.metric));
        }
        for (const lang::ListStmt* l : p.silent_on) {
            const auto items = names(l->items);
            out.silent_on.insert(out.silent_on.end(), items.begin(), items.end());
        }
        return out;
    }

    ingot::Metric metric(const runtime::Metric& m) const {
        ingot::Metric out;
        out.name = m.name();
        out.label = m.decl->label ? m.decl->label->value : "";
        out.unit = lang::unit_text(m.decl->unit);
        out.aka = names(m.decl->aka);
        if (!a_.workspace.file(m.file).is_prelude) {
            out.span = span(m.decl->span);
        }
        return out;
    }

    ingot::Derivation derivation(const runtime::Derivation& d) {
        ingot::Derivation out;
        out.plan = d.plan->name();
        out.base_year = d.base_year;
        out.last_year = d.last_year;
        out.consistent = d.consistent;
        for (const Constraint& c : d.constraints) {
            Step step;
            step.kind = Step::Kind::figure;
            step.text = c.summary;
            if (c.citations) {
                step.citations = citations(*c.citations);
            }
            if (c.span.end > 0) {
                step.span = span(c.span);
            }
            out.steps.push_back(std::move(step));
        }
        std::map<std::string, std::size_t> series_index;
        for (const Variable& v : d.variables) {
            if (v.kind == VarKind::aux) {
                continue;
            }
            auto [it, added] = series_index.emplace(v.series, out.series.size());
            if (added) {
                DerivedSeries s;
                s.series = v.series;
                if (const auto m = d.series_metrics.find(v.series);
                    m != d.series_metrics.end() && m->second != nullptr) {
                    s.metric = m->second->name();
                }
                if (const auto u = d.display_units.find(v.series); u != d.display_units.end()) {
                    s.unit = u->second.symbol;
                }
                out.series.push_back(std::move(s));
            }
            DerivedSeries& s = out.series[it->second];
            const double level_scale = [&] {
                const auto u = d.display_units.find(v.series);
                return u == d.display_units.end() ? 1.0 : u->second.scale;
            }();
            switch (v.kind) {
            case VarKind::level:
                year(s, v.year).level = range(v, out, level_scale, 0);
                break;
            case VarKind::factor:
                year(s, v.year).growth = range(v, out, 0.01, 1);
                break;
            case VarKind::cumulative:
                if (v.year == d.last_year) {
                    s.cumulative = range(v, out, 0.01, 1);
                }
                break;
            case VarKind::difference:
                if (v.year == d.last_year) {
                    s.points = range(v, out, 0.01, 0);
                }
                break;
            case VarKind::aux:
                break;
            }
        }
        return out;
    }

private:
    /// The entry of year `y` in `s.years`, which stays sorted by year: found or inserted by
    /// binary search, so a period of n years costs O(n log n) lookups, not a sort per year (a
    /// thousand-year period took seconds).
    static DerivedYear& year(DerivedSeries& s, int y) {
        const auto at = std::lower_bound(
            s.years.begin(), s.years.end(), y,
            [](const DerivedYear& entry, int wanted) { return entry.year < wanted; });
        if (at != s.years.end() && at->year == y) {
            return *at;
        }
        return *s.years.insert(at, DerivedYear{y, {}, std::nullopt});
    }

    /// A variable's range in display terms: (value − offset) / scale. Factors become rates in
    /// % (offset 1, scale 0.01); levels are divided by their display unit's scale.
    Range range(const Variable& v, ingot::Derivation& out, double scale, double offset) {
        const auto shown = [&](double x) { return std::isfinite(x) ? (x - offset) / scale : x; };
        Range r;
        r.low = {shown(v.range.lo.value), v.range.lo.open, step(v.range.lo, out)};
        r.high = {shown(v.range.hi.value), v.range.hi.open, step(v.range.hi, out)};
        if (const auto nominal = representative(v)) {
            r.nominal = shown(*nominal);
            r.reading = reading(v);
        }
        return r;
    }

    /// How representative(v) reads: the nominal interval's point, or its one finite bound (a
    /// figure such as `> 300 bn CNY`, as written); a midpoint, or a value from the range alone,
    /// is no reading of the figures.
    static ingot::Reading reading(const Variable& v) {
        const Interval& n = v.nominal;
        if (n.empty()) {
            return ingot::Reading::none;
        }
        const bool below = n.bounded_below() && !(n.lo.value == 0 && n.lo.because.empty());
        if (below && n.bounded_above()) {
            return n.is_point() ? ingot::Reading::point : ingot::Reading::none;
        }
        if (below) {
            return n.lo.open ? ingot::Reading::above : ingot::Reading::at_least;
        }
        if (n.bounded_above()) {
            return n.hi.open ? ingot::Reading::below : ingot::Reading::at_most;
        }
        return ingot::Reading::none;
    }

    /// The provenance step of one bound: the figure itself when a single figure gave it as
    /// written, else a derived step over the figures it came from.
    std::optional<std::size_t> step(const Bound& b, ingot::Derivation& out) {
        if (!std::isfinite(b.value) || b.because.empty()) {
            return std::nullopt;
        }
        if (b.how.empty() && b.because.size() == 1) {
            return b.because.front();
        }
        Step s;
        s.kind = Step::Kind::derived;
        s.text = b.how;
        s.inputs.assign(b.because.begin(), b.because.end());
        out.steps.push_back(std::move(s));
        return out.steps.size() - 1;
    }

    const Analysis& a_;
    const lang::SourceMap& sources_;
};

} // namespace

std::vector<ingot::Plan> export_plans(const Analysis& analysis, unsigned threads) {
    const Exporter exporter(analysis);
    std::vector<ingot::Plan> out(analysis.model.plans.size());
    parallel_for(out.size(), threads,
                 [&](std::size_t i) { out[i] = exporter.plan(analysis.model.plans[i]); });
    return out;
}

std::vector<ingot::Metric> export_metrics(const Analysis& analysis) {
    Exporter exporter(analysis);
    std::vector<ingot::Metric> out;
    for (const runtime::Metric& m : analysis.model.metrics) {
        out.push_back(exporter.metric(m));
    }
    return out;
}

ingot::Derivation export_derivation(const Analysis& analysis, const Derivation& derivation) {
    return Exporter(analysis).derivation(derivation);
}

} // namespace ingot::runtime
