// The selection options of `ingot compare` and `ingot export`; see compare_select.hpp.
#include "compare_select.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <fnmatch.h>
#include <set>

namespace ingot::cli {

namespace {

bool glob_matches(const std::string& glob, const std::string& name) {
    return fnmatch(glob.c_str(), name.c_str(), 0) == 0;
}

std::string listed(const std::vector<std::string>& names) {
    return fmt::format("{}", fmt::join(names, ", "));
}

} // namespace

void add_selection_options(CLI::App& command, Selection& selection) {
    command
        .add_option("--series", selection.series,
                    "Only plans of a series matching GLOB (`series` in the plan; repeatable)")
        ->type_name("GLOB")
        ->allow_extra_args(false);
    command
        .add_option("--plan", selection.plans,
                    "Only plans whose name matches GLOB ('steel_*', quoted; repeatable)")
        ->type_name("GLOB")
        ->allow_extra_args(false);
    command
        .add_option("--metric", selection.metrics,
                    "Only metrics whose name or `aka` name matches GLOB (repeatable)")
        ->type_name("GLOB")
        ->allow_extra_args(false);
}

std::optional<CompareOptions> choose(const Analysis& analysis,
                                     const std::vector<std::string>& paths,
                                     const std::vector<std::string>& files,
                                     const Selection& selection, bool figures) {
    const std::set<std::string> given(files.begin(), files.end());
    std::vector<const Plan*> plans;
    for (const Plan& p : analysis.plans()) {
        if (given.contains(p.path)) {
            plans.push_back(&p);
        }
    }
    if (plans.empty()) {
        report_error(fmt::format("no plans in {}: name plan files (*.plan) or folders that hold "
                                 "them",
                                 listed(paths)));
        return std::nullopt;
    }
    std::vector<std::string> names;
    std::vector<std::string> series;
    for (const Plan* p : plans) {
        names.push_back(p->name);
        if (!p->series.empty() &&
            std::find(series.begin(), series.end(), p->series) == series.end()) {
            series.push_back(p->series);
        }
    }
    for (const std::string& glob : selection.series) {
        if (std::none_of(series.begin(), series.end(),
                         [&](const std::string& s) { return glob_matches(glob, s); })) {
            report_error(fmt::format("no plan is of a series matching `--series {}`; {}", glob,
                                     series.empty() ? "the plans declare no `series`"
                                                    : "the series are " + listed(series)));
            return std::nullopt;
        }
    }
    for (const std::string& glob : selection.plans) {
        if (std::none_of(names.begin(), names.end(),
                         [&](const std::string& n) { return glob_matches(glob, n); })) {
            report_error(
                fmt::format("no plan matches `--plan {}`; the plans are {}", glob, listed(names)));
            return std::nullopt;
        }
    }
    CompareOptions options;
    options.series = selection.series;
    options.plans = selection.plans;
    options.files = files;
    const Comparison all = compare(analysis, options);
    if (all.plans.empty()) {
        report_error(fmt::format("no plan matches both --series and --plan; the plans are {}",
                                 listed(names)));
        return std::nullopt;
    }
    if (!selection.metrics.empty()) {
        // The metrics there are to choose from, each with its aka names.
        std::vector<std::string> shown;
        const auto add = [&](const std::string& metric) {
            if (!metric.empty() && std::find(shown.begin(), shown.end(), metric) == shown.end()) {
                shown.push_back(metric);
            }
        };
        for (const CompareRow& row : all.rows) {
            add(row.metric);
        }
        if (figures) {
            for (const ComparedPlan& cp : all.plans) {
                for (const Plan* p : plans) {
                    if (p->name != cp.name) {
                        continue;
                    }
                    for (const Baseline& b : p->baselines) {
                        add(b.metric);
                    }
                    for (const Target& t : p->targets) {
                        add(t.metric);
                    }
                    for (const Baseline& a : p->actuals) {
                        add(a.metric);
                    }
                }
            }
        }
        std::vector<std::string> known = shown;
        for (const Metric& m : analysis.metrics()) {
            if (std::find(shown.begin(), shown.end(), m.name) != shown.end()) {
                known.insert(known.end(), m.aka.begin(), m.aka.end());
            }
        }
        for (const std::string& glob : selection.metrics) {
            if (std::none_of(known.begin(), known.end(),
                             [&](const std::string& n) { return glob_matches(glob, n); })) {
                report_error(fmt::format("no metric matches `--metric {}`; {}", glob,
                                         shown.empty()
                                             ? std::string("the plans have no metric to compare")
                                             : fmt::format("the metrics {} are {}",
                                                           figures ? "with figures" : "compared",
                                                           listed(shown))));
                return std::nullopt;
            }
        }
        options.metrics = selection.metrics;
    }
    return options;
}

std::vector<std::string> compare_format_names() {
    std::vector<std::string> names;
    for (const CompareFormat f : {CompareFormat::text, CompareFormat::markdown, CompareFormat::csv,
                                  CompareFormat::json, CompareFormat::html}) {
        names.emplace_back(to_string(f));
    }
    return names;
}

} // namespace ingot::cli
