// `ingot report`: a comparison of plans as one self-contained HTML page, with charts and the
// findings on each plan.
//
// The run is `ingot compare`'s — the files given and the project's others as context → one
// analysis (with the `implied` findings, as `check --implied`) → the errors of the files given (a
// syntax error stops the run) → ingot::compare over the plans the selection chooses — then
// ingot::write_html_report, written atomically to the file `-o` names.
#include "cli.hpp"
#include "compare_select.hpp"
#include "project.hpp"

#include <fmt/format.h>

namespace ingot::cli {

namespace {

struct ReportArgs {
    std::vector<std::string> paths;
    Selection selection;
    std::string output;
    std::string title;
    std::optional<int> digits;
    std::string root;
    OutputOptions color;
};

int run_report(const ReportArgs& options) {
    const auto paths = or_current_folder(options.paths);
    FilesAnalysis loaded = analyse_files(paths, options.root, options.digits, /*implied=*/true);
    if (!loaded.analysis) {
        return loaded.exit_code;
    }
    const Analysis& analysis = *loaded.analysis;
    const int errors = report_file_errors(analysis, loaded.files, use_color(options.color, stderr));
    if (errors == exit_usage_or_io) {
        return exit_usage_or_io;
    }
    const auto chosen = choose(analysis, paths, loaded.files, options.selection);
    if (!chosen) {
        return exit_usage_or_io;
    }
    const Comparison comparison = compare(analysis, *chosen);
    HtmlReportOptions html;
    html.title = options.title;
    html.digits = loaded.settings.digits;
    if (!write_output(options.output, write_html_report(analysis, comparison, html))) {
        return exit_usage_or_io;
    }
    return errors;
}

} // namespace

Command add_report_command(CLI::App& app) {
    auto options = std::make_shared<ReportArgs>();
    CLI::App* cmd = app.add_subcommand(
        "report", "Write a comparison of plans as one HTML page: the table, charts of the rates "
                  "and yearly paths, and the findings with their sources");
    cmd->add_option("paths", options->paths,
                    "Files, folders or globs ('plans/*-2025.plan'); only plans declared in them "
                    "are reported (default: .)")
        ->type_name("PATH");
    cmd->add_option("-o,--output", options->output,
                    "Write the page to FILE (`-`: standard output); required")
        ->type_name("FILE")
        ->required();
    cmd->add_option("--title", options->title,
                    "The page's title and heading (default: `Ingot report: ` and the plans' "
                    "names)")
        ->type_name("TITLE");
    add_selection_options(*cmd, options->selection);
    cmd->add_option("--digits", options->digits,
                    "Significant digits of derived figures, at least (default: 3, or `digits` of "
                    "ingot.toml; more where a range needs them)")
        ->check(CLI::Range(1, 15));
    cmd->add_option("--root", options->root, root_help)->type_name("DIR");
    add_color_option(*cmd, options->color);
    cmd->footer(
        "The page needs nothing from the network: no script, no font, no stylesheet, and a "
        "Content-Security-Policy that lets a browser load nothing else. It holds what was "
        "compared, the table of `ingot compare`, a bar chart of the average annual rates the "
        "plans imply (whiskers: the range their figures allow), the yearly path of each series "
        "a plan gives a level baseline for, and the findings of `ingot check --implied` on each "
        "plan with the sources their figures cite. The file is written whole or not at all. "
        "Plans are chosen as `ingot compare` chooses them.\n\nExamples:\n"
        "  ingot report plans/*-2025.plan -o report.html\n"
        "                                     the 2025 plans, compared and checked\n"
        "  ingot report --series stable_growth_2025 --title 'Stable growth plans' plans/ -o "
        "sg.html\n"
        "  ingot report --metric value_added --metric 'output*' plans/ -o output.html\n"
        "  ingot report plans/steel-2025.plan -o - | gzip > steel.html.gz\n\n"
        "Exit codes: 0 written, 1 written but the files have errors (shown on stderr), 2 usage "
        "or I/O errors (no -o, a file that cannot be written), syntax errors, no plans to report, "
        "or a --plan, --series or --metric that matches nothing.");
    return {cmd, [options] { return run_report(*options); }};
}

} // namespace ingot::cli
