// `ingot explain` and `ingot eval`: what a plan's figures imply.
#include "cli.hpp"
#include "project.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <optional>

namespace ingot::cli {

namespace {

struct ExplainArgs {
    std::string target; // PLAN.METRIC
    std::vector<std::string> paths;
    std::optional<int> year;
    std::optional<int> digits;
    std::string root;
};

bool is_identifier(std::string_view s) {
    if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) {
        return false;
    }
    return std::all_of(s.begin(), s.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    });
}

/// `PLAN.METRIC` split at its first dot; METRIC may be scope-qualified: `output(metals)`.
std::optional<std::pair<std::string, std::string>> split_target(std::string_view text) {
    const auto dot = text.find('.');
    if (dot == std::string_view::npos) {
        return std::nullopt;
    }
    const std::string_view plan = text.substr(0, dot);
    const std::string_view metric = text.substr(dot + 1);
    std::string_view name = metric;
    if (const auto open = metric.find('('); open != std::string_view::npos) {
        if (metric.back() != ')' || metric.size() < open + 2 ||
            !is_identifier(metric.substr(open + 1, metric.size() - open - 2))) {
            return std::nullopt;
        }
        name = metric.substr(0, open);
    }
    if (!is_identifier(plan) || !is_identifier(name)) {
        return std::nullopt;
    }
    return std::pair{std::string(plan), std::string(metric)};
}

std::size_t count_errors(const ingot::Analysis& analysis) {
    return static_cast<std::size_t>(std::count_if(
        analysis.diagnostics().begin(), analysis.diagnostics().end(),
        [](const ingot::Diagnostic& d) { return d.severity == ingot::Severity::error; }));
}

int run_explain(const ExplainArgs& options) {
    const auto target = split_target(options.target);
    if (!target) {
        report_error(fmt::format("`{}` is not PLAN.METRIC; write e.g. "
                                 "`nonferrous_2025.unit_value` or `nonferrous_2025.output(metals)`",
                                 options.target));
        return exit_usage_or_io;
    }
    const auto paths = or_current_folder(options.paths);
    ProjectSettings settings;
    try {
        settings = project_settings(paths, options.root, options.digits);
    } catch (const ProjectError& e) {
        report_error(e.what());
        return exit_usage_or_io;
    }
    ingot::Workspace ws(ingot::Engine(), settings.root);
    if (!add_paths(ws, paths)) {
        return exit_usage_or_io;
    }
    const ingot::Analysis analysis = ws.analyze(settings.analyze);
    try {
        const ingot::Explanation explanation =
            analysis.explain(target->first, target->second, options.year);
        fmt::print("{}", ingot::render_text(explanation, {settings.digits}));
    } catch (const ingot::Error& e) {
        report_error(e.what());
        return exit_usage_or_io;
    }
    if (const std::size_t errors = count_errors(analysis); errors > 0) {
        fmt::print(stderr, "ingot: note: the files have {}; `ingot check` shows them\n",
                   plural(errors, "error", "errors"));
    }
    return exit_clean;
}

struct EvalArgs {
    std::string file;
    std::string expression;
    std::string plan;
    std::optional<int> digits;
    std::string root;
    OutputOptions output;
};

int run_eval(const EvalArgs& options) {
    ProjectSettings settings;
    try {
        settings = project_settings({options.file}, options.root, options.digits);
    } catch (const ProjectError& e) {
        report_error(e.what());
        return exit_usage_or_io;
    }
    ingot::Workspace ws(ingot::Engine(), settings.root);
    if (!add_paths(ws, {options.file})) {
        return exit_usage_or_io;
    }
    ingot::Analysis analysis = ws.analyze(settings.analyze);
    ingot::EvalResult result;
    try {
        result = analysis.eval(options.plan, options.expression);
    } catch (const ingot::Error& e) {
        report_error(e.what() + std::string(options.plan.empty() ? " (--plan NAME)" : ""));
        return exit_usage_or_io;
    }
    for (const ingot::Diagnostic& d : result.diagnostics) {
        fmt::print("{}", analysis.render(d, {use_color(options.output, stdout), true}));
    }
    if (!result.value) {
        return exit_findings;
    }
    if (const auto* unknown = std::get_if<ingot::Unknown>(&*result.value)) {
        fmt::print("unknown: {}\n", printable(unknown->why));
        return exit_findings;
    }
    fmt::print("{}\n", ingot::to_text_with_range(*result.value, settings.digits));
    if (ingot::outside_range(*result.value)) {
        fmt::print("* as written, the figures give a value outside the range: they agree only "
                   "within their rounding (`ingot check` says how)\n");
    }
    return exit_clean;
}

} // namespace

Command add_explain_command(CLI::App& app) {
    auto options = std::make_shared<ExplainArgs>();
    CLI::App* cmd = app.add_subcommand(
        "explain", "Show what a plan's figures imply for one metric: its level and growth in each "
                   "year, and each step of the derivation with the citations behind it");
    cmd->add_option("target", options->target,
                    "PLAN.METRIC: a plan and a metric (an `aka` name, or scope-qualified: "
                    "'nonferrous_2025.output(metals)', quoted for the shell)")
        ->required()
        ->type_name("PLAN.METRIC");
    cmd->add_option("paths", options->paths, "Files or directories (default: .)")
        ->type_name("PATH");
    cmd->add_option("--year", options->year, "Show only this year");
    cmd->add_option(
           "--digits", options->digits,
           "Significant digits, at least (default: 3, or `digits` of ingot.toml; more where a "
           "range needs them)")
        ->check(CLI::Range(1, 15));
    cmd->add_option("--root", options->root, root_help)->type_name("DIR");
    cmd->footer(
        "Values are shown as the figures as written give them, with the range that all figures "
        "allow at their written precision in parentheses.\n\nExamples:\n"
        "  ingot explain nonferrous_2025.unit_value plans/\n"
        "      value added per tonne must grow 3.45 %/yr: (1 + 5 %/yr) / (1 + 1.5 %/yr) - 1\n"
        "  ingot explain nonferrous_2025.recycled_output plans/ --year 2026\n"
        "  ingot explain 'nonferrous_2025.output(metals)' plans/ --digits 4\n\n"
        "Exit codes: 0 explained, 2 usage errors (a malformed PLAN.METRIC, an unknown plan or "
        "metric) or I/O errors.");

    return {cmd, [options] { return run_explain(*options); }};
}

Command add_eval_command(CLI::App& app) {
    auto options = std::make_shared<EvalArgs>();
    CLI::App* cmd = app.add_subcommand(
        "eval", "Evaluate an expression in a plan's context and print its value with its unit");
    cmd->add_option("file", options->file, "A plan file (its imports are loaded too)")
        ->required()
        ->type_name("FILE");
    cmd->add_option("expression", options->expression, "The expression, quoted for the shell")
        ->required()
        ->type_name("EXPR");
    cmd->add_option("--plan", options->plan, "The plan, when the file holds several")
        ->type_name("NAME");
    cmd->add_option("--digits", options->digits,
                    "Significant digits (default: 3, or `digits` of ingot.toml)")
        ->check(CLI::Range(1, 15));
    cmd->add_option("--root", options->root, root_help)->type_name("DIR");
    add_color_option(*cmd, options->output);
    cmd->footer("Examples:\n"
                "  ingot eval plans/nonferrous-2025.plan 'growth(unit_value)'\n"
                "      3.45 %/yr (2.8 … 4.09 %/yr)\n"
                "  ingot eval plans/nonferrous-2025.plan 'level(recycled_output, 2026)'\n\n"
                "Exit codes: 0 a value, 1 an error in the expression or an unknown value, "
                "2 usage or I/O errors.");

    return {cmd, [options] { return run_eval(*options); }};
}

} // namespace ingot::cli
