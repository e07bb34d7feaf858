// compare(): one Analysis as a Comparison (include/ingot/compare.hpp).
//
// The derived values are the ones every command shows (runtime/derived.hpp): the period's average
// growth and change from average_growth and change_between, the end level from measure_of, so a
// cell reads as `ingot explain` and `ingot check` read the same series. Only the row's common
// unit is chosen here: readable_unit of the metric's declared unit at the largest end level of
// the row, so Mt stands beside Mt and bn CNY beside bn CNY.
#include "ingot/compare.hpp"

#include "lang/text.hpp"
#include "runtime/api_access.hpp"
#include "runtime/compare_support.hpp"
#include "runtime/derived.hpp"

#include <algorithm>
#include <cmath>
#include <fnmatch.h>
#include <set>

namespace ingot {

namespace runtime::compare_support {

bool matches_any(const std::vector<std::string>& globs, std::string_view name) {
    if (globs.empty()) {
        return true;
    }
    const std::string text(name);
    return std::any_of(globs.begin(), globs.end(), [&](const std::string& glob) {
        return fnmatch(glob.c_str(), text.c_str(), 0) == 0;
    });
}

std::vector<std::string> metric_names(const Metric& metric) {
    std::vector<std::string> names{metric.name()};
    for (const lang::Ident& aka : metric.decl->aka) {
        names.push_back(aka.name);
    }
    return names;
}

bool metric_chosen(const std::vector<std::string>& globs, const Metric& metric) {
    if (globs.empty()) {
        return true;
    }
    const auto names = metric_names(metric);
    return std::any_of(names.begin(), names.end(),
                       [&](const std::string& name) { return matches_any(globs, name); });
}

std::vector<std::size_t> chosen_plans(const Analysis& run, const std::vector<ingot::Plan>& plans,
                                      const CompareOptions& options) {
    std::vector<std::size_t> out;
    const std::set<std::string> files(options.files.begin(), options.files.end());
    for (std::size_t i = 0; i < plans.size() && i < run.model.plans.size(); ++i) {
        const ingot::Plan& p = plans[i];
        if (!files.empty() && !files.contains(p.path)) {
            continue;
        }
        if (!options.series.empty() &&
            (p.series.empty() || !matches_any(options.series, p.series))) {
            continue;
        }
        if (matches_any(options.plans, p.name)) {
            out.push_back(i);
        }
    }
    return out;
}

const Derivation* derivation_of(const Analysis& run, std::size_t i) {
    if (i >= run.derivations.plans.size()) {
        return nullptr;
    }
    const Derivation* d = run.derivations.plans[i].get();
    return d != nullptr && d->plan == &run.model.plans[i] && d->last_year > 0 ? d : nullptr;
}

Range to_range(const Measure& m, const Unit& unit) {
    const double scale = unit.scale;
    Range r;
    r.low = {m.lo / scale, std::isfinite(m.lo) && m.lo_open, std::nullopt};
    r.high = {m.hi / scale, std::isfinite(m.hi) && m.hi_open, std::nullopt};
    if (m.reading != Reading::none && std::isfinite(m.value)) {
        r.nominal = m.value / scale;
        r.reading = static_cast<ingot::Reading>(m.reading);
    } else {
        r.reading = ingot::Reading::none;
    }
    return r;
}

std::string csv_field(std::string_view text) {
    if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
        return std::string(text);
    }
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"') {
            out += '"';
        }
        out += c;
    }
    out += '"';
    return out;
}

std::string csv_record(const std::vector<std::string>& fields) {
    std::string out;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) {
            out += ',';
        }
        out += csv_field(fields[i]);
    }
    out += "\r\n";
    return out;
}

} // namespace runtime::compare_support

namespace {

using namespace runtime::compare_support;

/// A cell before its row's unit is known: the end level in base units.
struct PendingCell {
    CompareCell cell;
    std::optional<runtime::Measure> end_level;
};

struct PendingRow {
    const runtime::Metric* metric = nullptr; // the first declaration seen: name, label, unit
    std::set<std::string> names;             // every name and aka of the metrics in the row
    std::vector<std::optional<PendingCell>> cells;
};

/// Fills in what the derivation gives for `series` over the plan's period: the average annual
/// rate (a share: the change in pp) and the end level. False when nothing is known.
bool derive_cell(const runtime::Derivation& d, PendingCell& pending) {
    const std::string& series = pending.cell.series;
    if (series.empty()) {
        return false;
    }
    CompareCell& cell = pending.cell;
    if (runtime::is_share(d, series)) {
        if (const auto points =
                runtime::change_between(d, series, d.base_year, d.last_year, true)) {
            cell.points = to_range(*points, runtime::points_unit());
        }
    } else if (const auto rate = runtime::average_growth(d, series, d.base_year, d.last_year)) {
        cell.annual_rate = to_range(*rate, runtime::rate_unit());
    }
    if (const runtime::Variable* v = d.find(series, runtime::VarKind::level, d.last_year)) {
        const runtime::Measure m = runtime::measure_of(d, *v);
        if (runtime::known(m)) {
            pending.end_level = m;
        }
    }
    cell.end_year = d.last_year;
    return cell.annual_rate || cell.points || pending.end_level;
}

/// The readable unit of the row's end levels: the metric's declared unit scaled to the largest
/// level of the row (Mt, bn CNY); the first cell's display unit when the declared one is unknown.
std::optional<runtime::Unit> row_unit(const runtime::Analysis& run, const PendingRow& row) {
    double magnitude = 0;
    std::optional<runtime::Unit> shown;
    for (const auto& cell : row.cells) {
        if (!cell || !cell->end_level) {
            continue;
        }
        const runtime::Measure& m = *cell->end_level;
        if (!shown) {
            shown = m.unit;
        }
        for (const double x : {m.reading == runtime::Reading::none ? 0.0 : m.value, m.lo, m.hi}) {
            if (std::isfinite(x)) {
                magnitude = std::max(magnitude, std::abs(x));
            }
        }
    }
    if (!shown) {
        return std::nullopt;
    }
    std::string error;
    const auto declared = run.units.lookup(row.metric->decl->unit.parts, error);
    const runtime::Unit base = declared && declared->compatible(*shown) ? *declared : *shown;
    return runtime::readable_unit(run.units, base, magnitude);
}

ComparedPlan compared_plan(const ingot::Plan& p) {
    ComparedPlan out;
    out.name = p.name;
    out.title = p.title;
    out.path = p.path;
    out.series = p.series;
    out.sector = p.sector;
    out.first_year = p.first_year;
    out.last_year = p.last_year;
    out.silent_on = p.silent_on;
    return out;
}

std::string clauses_text(const lang::TargetStmt& target) {
    std::string out;
    for (const lang::Clause& c : target.clauses) {
        if (!out.empty()) {
            out += ", ";
        }
        out += lang::clause_text(c);
    }
    return out;
}

} // namespace

Comparison compare(const Analysis& analysis, const CompareOptions& options) {
    const runtime::Analysis& run = AnalysisAccess::run(analysis);
    const std::vector<ingot::Plan>& plans = analysis.plans();
    const std::vector<std::size_t> chosen = chosen_plans(run, plans, options);

    Comparison out;
    std::vector<PendingRow> rows;
    const auto row_of = [&](const runtime::Metric& metric) -> PendingRow& {
        const auto names = metric_names(metric);
        for (PendingRow& row : rows) {
            if (std::any_of(names.begin(), names.end(),
                            [&](const std::string& n) { return row.names.contains(n); })) {
                row.names.insert(names.begin(), names.end());
                return row;
            }
        }
        PendingRow& row = rows.emplace_back();
        row.metric = &metric;
        row.names.insert(names.begin(), names.end());
        row.cells.resize(chosen.size());
        return row;
    };

    for (std::size_t column = 0; column < chosen.size(); ++column) {
        const std::size_t i = chosen[column];
        const ingot::Plan& plan = plans[i];
        const runtime::Plan& model = run.model.plans[i];
        const runtime::Derivation* d = derivation_of(run, i);
        out.plans.push_back(compared_plan(plan));

        // The targets, in statement order; a cell's series is its first target's.
        for (std::size_t t = 0; t < model.targets.size() && t < plan.targets.size(); ++t) {
            const runtime::Target& target = model.targets[t];
            if (target.metric == nullptr || !metric_chosen(options.metrics, *target.metric)) {
                continue;
            }
            auto& slot = row_of(*target.metric).cells[column];
            if (!slot) {
                slot.emplace();
                if (d != nullptr) {
                    const auto& written = target.decl->metric;
                    slot->cell.series = d->series_for(target.metric->name(),
                                                      written.scope ? written.scope->name : "");
                }
            }
            const ingot::Target& shown = plan.targets[t];
            slot->cell.targets.push_back(ComparedTarget{
                shown.name, shown.series, clauses_text(*target.decl), shown.citations, shown.span});
        }
        if (d == nullptr) {
            continue;
        }
        for (auto& row : rows) {
            if (auto& slot = row.cells[column]; slot) {
                derive_cell(*d, *slot);
            }
        }
        // Then what the engine derives beyond the targets (a baseline carried through an
        // identity: value added per tonne), series by series in the derivation's order.
        std::set<std::string> seen;
        for (const runtime::Variable& v : d->variables) {
            if (v.kind != runtime::VarKind::level && v.kind != runtime::VarKind::factor) {
                continue;
            }
            if (!seen.insert(v.series).second) {
                continue;
            }
            const auto m = d->series_metrics.find(v.series);
            if (m == d->series_metrics.end() || m->second == nullptr ||
                !metric_chosen(options.metrics, *m->second)) {
                continue;
            }
            const auto names = metric_names(*m->second);
            const bool has_cell = std::any_of(rows.begin(), rows.end(), [&](const PendingRow& r) {
                return r.cells[column] && std::any_of(names.begin(), names.end(),
                                                      [&](auto& n) { return r.names.contains(n); });
            });
            if (has_cell) {
                continue; // the plan's targets already chose this metric's series
            }
            PendingCell pending;
            pending.cell.series = v.series;
            if (derive_cell(*d, pending)) {
                row_of(*m->second).cells[column] = std::move(pending);
            }
        }
    }

    for (PendingRow& pending : rows) {
        CompareRow row;
        row.metric = pending.metric->name();
        row.label = pending.metric->decl->label ? pending.metric->decl->label->value : row.metric;
        const auto unit = row_unit(run, pending);
        row.unit = unit ? unit->symbol : "";
        for (auto& cell : pending.cells) {
            if (!cell) {
                row.cells.emplace_back();
                continue;
            }
            if (cell->end_level && unit) {
                cell->cell.end_level = to_range(*cell->end_level, *unit);
            }
            row.cells.emplace_back(std::move(cell->cell));
        }
        out.rows.push_back(std::move(row));
    }
    return out;
}

} // namespace ingot
