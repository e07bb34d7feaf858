// export_figures() and write_figures() (include/ingot/figures.hpp): every figure in tidy long
// form. Figures come from the public plan model as written; derived values from the derivation
// through measure_of, the one reading every command shows (runtime/derived.hpp), and their text
// from format_figure.
#include "ingot/figures.hpp"

#include "ingot/ingot.hpp"
#include "runtime/api_access.hpp"
#include "runtime/compare_support.hpp"
#include "runtime/derived.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <cmath>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <set>

namespace ingot {

namespace {

using namespace runtime::compare_support;

/// The numbers of a figure as written: a bound has only its end (and the number as its nominal),
/// a range `a..b` its two ends and no nominal.
void written_numbers(const Figure& f, FigureRow& row) {
    const bool single = f.low == f.high;
    if (f.comparator == ">" || f.comparator == ">=") {
        row.low = f.low;
    } else if (f.comparator == "<" || f.comparator == "<=") {
        row.high = f.high;
    } else {
        row.low = f.low;
        row.high = f.high;
    }
    if (single) {
        row.nominal = f.low;
    }
    row.unit = f.unit;
}

void cite(const std::vector<Citation>& citations, FigureRow& row) {
    for (const Citation& c : citations) {
        row.sources.push_back(c.source);
        if (c.quote) {
            row.quotes.push_back(*c.quote);
        }
    }
}

FigureRow year_figure(const Plan& plan, const Baseline& b, std::string kind) {
    FigureRow row;
    row.plan = plan.name;
    row.metric = b.metric;
    row.series = b.series;
    row.year = b.year;
    row.kind = std::move(kind);
    row.quantity = b.is_growth ? "growth" : "level";
    written_numbers(b.figure, row);
    row.written = b.figure.text;
    cite(b.citations, row);
    return row;
}

/// What a clause sets: a level (`reaches`, `stays`), a yearly rate (a figure in %/yr), a change
/// over years (`grows 4.4 %`, `rises 5 pp`), or a peak.
std::string clause_quantity(const Clause& c) {
    if (c.verb == "peaks") {
        return "peak";
    }
    if (c.verb == "reaches" || c.verb == "stays") {
        return "level";
    }
    return c.figure.unit.ends_with("/yr") ? "growth" : "change";
}

std::optional<double> finite_or_none(double x) {
    return std::isfinite(x) ? std::optional<double>(x) : std::nullopt;
}

/// A derived value as a row: the numbers in the unit shown, its text by format_figure.
FigureRow derived_row(const Plan& plan, const std::string& metric, const std::string& series,
                      int year, std::string quantity, const runtime::Measure& m, int digits) {
    const Range r = to_range(m, m.unit);
    FigureRow row;
    row.plan = plan.name;
    row.metric = metric;
    row.series = series;
    row.year = year;
    row.kind = "derived";
    row.quantity = std::move(quantity);
    row.low = finite_or_none(r.low.value);
    row.high = finite_or_none(r.high.value);
    if (r.nominal && r.reading != Reading::none) {
        row.nominal = finite_or_none(*r.nominal);
    }
    row.unit = m.unit.symbol;
    row.written = to_text(r, m.unit.symbol, m.change, digits);
    return row;
}

bool metric_name_chosen(const runtime::Analysis& run, const std::vector<std::string>& globs,
                        const std::string& metric) {
    if (globs.empty()) {
        return true;
    }
    const auto it = run.model.metric_names.find(metric);
    return it != run.model.metric_names.end() ? metric_chosen(globs, *it->second)
                                              : matches_any(globs, metric);
}

} // namespace

std::vector<FigureRow> export_figures(const Analysis& analysis, const FiguresOptions& options) {
    const runtime::Analysis& run = AnalysisAccess::run(analysis);
    const std::vector<Plan>& plans = analysis.plans();
    const auto& metrics = options.select.metrics;
    std::vector<FigureRow> out;
    for (const std::size_t i : chosen_plans(run, plans, options.select)) {
        const Plan& plan = plans[i];
        const auto chosen = [&](const std::string& metric) {
            return metric_name_chosen(run, metrics, metric);
        };
        for (const Baseline& b : plan.baselines) {
            if (chosen(b.metric)) {
                out.push_back(year_figure(plan, b, "baseline"));
            }
        }
        for (const Target& t : plan.targets) {
            if (!chosen(t.metric)) {
                continue;
            }
            for (const Clause& c : t.clauses) {
                FigureRow row;
                row.plan = plan.name;
                row.metric = t.metric;
                row.series = t.series;
                row.year = c.in ? c.in : c.by;
                row.kind = "target";
                row.quantity = clause_quantity(c);
                row.name = t.name;
                if (c.verb != "peaks") {
                    written_numbers(c.figure, row);
                }
                const std::string figure =
                    c.verb == "peaks" || c.figure.text.empty() ? "" : " " + c.figure.text;
                row.written = c.verb + figure;
                if (c.from) {
                    row.written += fmt::format(" from {}", *c.from);
                }
                if (c.in) {
                    row.written += fmt::format(" in {}", *c.in);
                }
                if (c.by) {
                    row.written += fmt::format(" by {}", *c.by);
                }
                cite(t.citations, row);
                out.push_back(std::move(row));
            }
        }
        for (const Baseline& a : plan.actuals) {
            if (chosen(a.metric)) {
                out.push_back(year_figure(plan, a, "actual"));
            }
        }
        const runtime::Derivation* d = options.derived ? derivation_of(run, i) : nullptr;
        if (d == nullptr) {
            continue;
        }
        // Series in the order the derivation first meets them, each year's level then growth.
        std::vector<std::string> series;
        std::set<std::string> seen;
        for (const runtime::Variable& v : d->variables) {
            if ((v.kind == runtime::VarKind::level || v.kind == runtime::VarKind::factor) &&
                seen.insert(v.series).second) {
                series.push_back(v.series);
            }
        }
        for (const std::string& s : series) {
            const auto m = d->series_metrics.find(s);
            const runtime::Metric* metric = m != d->series_metrics.end() ? m->second : nullptr;
            if (!metrics.empty() && (metric == nullptr || !metric_chosen(metrics, *metric))) {
                continue;
            }
            const std::string name = metric != nullptr ? metric->name() : "";
            for (int year = d->first_year; year <= d->last_year; ++year) {
                if (const auto* v = d->find(s, runtime::VarKind::level, year)) {
                    const runtime::Measure level = runtime::measure_of(*d, *v);
                    if (runtime::known(level)) {
                        out.push_back(
                            derived_row(plan, name, s, year, "level", level, options.digits));
                    }
                }
                if (const auto* v = d->find(s, runtime::VarKind::factor, year)) {
                    const runtime::Measure growth = runtime::measure_of(*d, *v);
                    if (runtime::known(growth)) {
                        out.push_back(
                            derived_row(plan, name, s, year, "growth", growth, options.digits));
                    }
                }
            }
        }
    }
    return out;
}

std::string_view to_string(FiguresFormat format) {
    return format == FiguresFormat::json ? "json" : "csv";
}

std::optional<FiguresFormat> parse_figures_format(std::string_view name) {
    if (name == "csv") {
        return FiguresFormat::csv;
    }
    if (name == "json") {
        return FiguresFormat::json;
    }
    return std::nullopt;
}

namespace {

constexpr std::array<std::string_view, 14> columns = {
    "plan", "metric",  "series", "year", "kind",    "quantity", "name",
    "low",  "nominal", "high",   "unit", "written", "sources",  "quotes"};

/// A number in a CSV field: full precision, the shortest text that reads back the same.
std::string csv_number(const std::optional<double>& x) {
    return x ? fmt::format("{}", *x) : "";
}

std::string write_csv(const std::vector<FigureRow>& rows) {
    const std::vector<std::string> header(columns.begin(), columns.end());
    std::string out = csv_record(header);
    for (const FigureRow& r : rows) {
        out += csv_record({r.plan, r.metric, r.series, r.year ? std::to_string(*r.year) : "",
                           r.kind, r.quantity, r.name, csv_number(r.low), csv_number(r.nominal),
                           csv_number(r.high), r.unit, r.written,
                           fmt::format("{}", fmt::join(r.sources, ", ")),
                           fmt::format("{}", fmt::join(r.quotes, "\n"))});
    }
    return out;
}

std::string write_json(const std::vector<FigureRow>& rows) {
    using Json = nlohmann::ordered_json;
    const auto number = [](const std::optional<double>& x) { return x ? Json(*x) : Json(nullptr); };
    Json figures = Json::array();
    for (const FigureRow& r : rows) {
        figures.push_back(Json{{"plan", r.plan},
                               {"metric", r.metric},
                               {"series", r.series},
                               {"year", r.year ? Json(*r.year) : Json(nullptr)},
                               {"kind", r.kind},
                               {"quantity", r.quantity},
                               {"name", r.name},
                               {"low", number(r.low)},
                               {"nominal", number(r.nominal)},
                               {"high", number(r.high)},
                               {"unit", r.unit},
                               {"written", r.written},
                               {"sources", r.sources},
                               {"quotes", r.quotes}});
    }
    const Json doc{{"schema", "ingot-figures"}, {"version", 1}, {"figures", std::move(figures)}};
    return doc.dump(2) + "\n";
}

} // namespace

std::string write_figures(FiguresFormat format, const std::vector<FigureRow>& rows) {
    return format == FiguresFormat::json ? write_json(rows) : write_csv(rows);
}

} // namespace ingot
