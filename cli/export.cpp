// `ingot export`: every figure of the plans in tidy long form (csv or json), for pandas and
// spreadsheets. The same analysis and selection as `ingot compare` (compare_select.hpp).
#include "cli.hpp"
#include "compare_select.hpp"
#include "project.hpp"

namespace ingot::cli {

namespace {

struct ExportArgs {
    std::vector<std::string> paths;
    Selection selection;
    std::string format = "csv";
    bool derived = false;
    std::optional<int> digits;
    std::string root;
    std::string output = "-";
    OutputOptions color;
};

int run_export(const ExportArgs& options) {
    const auto paths = or_current_folder(options.paths);
    FilesAnalysis loaded = analyse_files(paths, options.root, options.digits);
    if (!loaded.analysis) {
        return loaded.exit_code;
    }
    const Analysis& analysis = *loaded.analysis;
    const int errors = report_file_errors(analysis, loaded.files, use_color(options.color, stderr));
    if (errors == exit_usage_or_io) {
        return exit_usage_or_io;
    }
    const auto chosen = choose(analysis, paths, loaded.files, options.selection, true);
    if (!chosen) {
        return exit_usage_or_io;
    }
    FiguresOptions figures;
    figures.select = *chosen;
    figures.derived = options.derived;
    figures.digits = loaded.settings.digits;
    const std::string text =
        write_figures(*parse_figures_format(options.format), export_figures(analysis, figures));
    if (!write_output(options.output, text)) {
        return exit_usage_or_io;
    }
    return errors;
}

} // namespace

Command add_export_command(CLI::App& app) {
    auto options = std::make_shared<ExportArgs>();
    CLI::App* cmd = app.add_subcommand(
        "export", "Write every figure of the plans in tidy long form (csv or json): one row per "
                  "baseline, target clause and actual, with --derived each derived level and "
                  "growth");
    cmd->add_option("paths", options->paths,
                    "Files, folders or globs; only plans declared in them are exported "
                    "(default: .)")
        ->type_name("PATH");
    cmd->add_option("--format", options->format, "csv or json (default: csv)")
        ->check(CLI::IsMember({"csv", "json"}));
    cmd->add_flag("--derived", options->derived,
                  "Also each level and each year's growth the derivation gives, per series "
                  "and year");
    add_selection_options(*cmd, options->selection);
    cmd->add_option("--digits", options->digits,
                    "Significant digits of the derived values' text, at least (default: 3, or "
                    "`digits` of ingot.toml); the numbers are at full precision")
        ->check(CLI::Range(1, 15));
    cmd->add_option("-o,--output", options->output, "Write to FILE instead of standard output")
        ->type_name("FILE");
    cmd->add_option("--root", options->root, root_help)->type_name("DIR");
    add_color_option(*cmd, options->color);
    cmd->footer(
        "Columns: plan, metric, series, year, kind (baseline, target, actual, derived), "
        "quantity (level, growth, change, peak), name, low, nominal, high, unit, written, "
        "sources, quotes. CSV is RFC 4180 with CRLF line ends; JSON is "
        "{\"schema\": \"ingot-figures\", \"version\": 1, \"figures\": [...]}.\n\nExamples:\n"
        "  ingot export plans/*-2025.plan > figures.csv\n"
        "  ingot export --format json --derived -o figures.json plans/\n"
        "  python3 -c 'import pandas; print(pandas.read_csv(\"figures.csv\"))'\n\n"
        "Exit codes: 0 exported, 1 exported but the files have errors (shown on stderr), "
        "2 usage or I/O errors, syntax errors, no plans, or a --plan, --series or --metric "
        "that matches nothing.");
    return {cmd, [options] { return run_export(*options); }};
}

} // namespace ingot::cli
