// `ingot compare`: plans side by side, one row per metric, one column per plan.
//
// The run: the files given and the project's others as context → one analysis → the errors of
// the files given (a syntax error stops the run) → ingot::compare over the plans declared in the
// files given, chosen by --series/--plan, rows by --metric → ingot::write_comparison.
#include "cli.hpp"
#include "compare_select.hpp"
#include "project.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cstdlib>
#include <sys/ioctl.h>
#include <unistd.h>

namespace ingot::cli {

namespace {

struct CompareArgs {
    std::vector<std::string> paths;
    Selection selection;
    bool transpose = false;
    std::string format = "text";
    std::optional<std::size_t> width;
    std::optional<int> digits;
    std::string root;
    std::string output = "-";
    OutputOptions color;
};

/// The width of the terminal standard output is, in columns: $COLUMNS when it is a number, else
/// what the terminal says; 0 (no limit) when standard output is not a terminal.
std::size_t terminal_width() {
    if (isatty(STDOUT_FILENO) == 0) {
        return 0;
    }
    if (const char* columns = std::getenv("COLUMNS"); columns != nullptr) {
        char* end = nullptr;
        const long n = std::strtol(columns, &end, 10);
        if (end != columns && *end == '\0' && n > 0) {
            return static_cast<std::size_t>(n);
        }
    }
    winsize size{};
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) {
        return size.ws_col;
    }
    return 0;
}

int run_compare(const CompareArgs& options) {
    const auto format = parse_compare_format(options.format);
    const auto paths = or_current_folder(options.paths);
    FilesAnalysis loaded = analyse_files(paths, options.root, options.digits);
    if (!loaded.analysis) {
        return loaded.exit_code;
    }
    const Analysis& analysis = *loaded.analysis;
    const bool to_stdout = options.output == "-";
    const int errors = report_file_errors(analysis, loaded.files, use_color(options.color, stderr));
    if (errors == exit_usage_or_io) {
        return exit_usage_or_io;
    }
    const auto chosen = choose(analysis, paths, loaded.files, options.selection);
    if (!chosen) {
        return exit_usage_or_io;
    }
    const Comparison comparison = compare(analysis, *chosen);

    CompareWriteOptions write;
    write.transpose = options.transpose;
    write.width = options.width ? *options.width : to_stdout ? terminal_width() : 0;
    write.color = to_stdout && *format == CompareFormat::text && use_color(options.color, stdout);
    write.digits = loaded.settings.digits;
    if (!write_output(options.output, write_comparison(*format, comparison, write))) {
        return exit_usage_or_io;
    }
    return errors;
}

} // namespace

Command add_compare_command(CLI::App& app) {
    auto options = std::make_shared<CompareArgs>();
    CLI::App* cmd = app.add_subcommand(
        "compare", "Compare plans side by side: one row per metric, one column per plan, each "
                   "cell the targets as written and what they imply");
    cmd->add_option("paths", options->paths,
                    "Files, folders or globs ('plans/*-2025.plan'); only plans declared in them "
                    "are compared (default: .)")
        ->type_name("PATH");
    add_selection_options(*cmd, options->selection);
    cmd->add_flag("--transpose", options->transpose, "One row per plan, one column per metric");
    cmd->add_option("--format", options->format,
                    "How to write the comparison: text, markdown, csv, json, html (default: text)")
        ->check(CLI::IsMember(compare_format_names()));
    cmd->add_option("--width", options->width,
                    "Fit the text table to N columns, wrapping cells (default: the terminal's "
                    "width when writing to one, else no limit)")
        ->type_name("N");
    cmd->add_option("--digits", options->digits,
                    "Significant digits of derived figures, at least (default: 3, or `digits` of "
                    "ingot.toml; more where a range needs them)")
        ->check(CLI::Range(1, 15));
    cmd->add_option("-o,--output", options->output, "Write to FILE instead of standard output")
        ->type_name("FILE");
    cmd->add_option("--root", options->root, root_help)->type_name("DIR");
    add_color_option(*cmd, options->color);
    cmd->footer(
        "Rows align across plans by metric: a metric's `aka` names share its row, and scoped "
        "series (output(metals)) are rows of their metric. A cell shows each target as written "
        "with its sources, `avg` the average annual rate the plan's figures imply over its "
        "period, and the level in its last year, in one unit per row; blank where the plan says "
        "nothing. In a project (ingot.toml), the project's other files are read for context "
        "(imports, predecessors) and only plans of the files given are compared.\n\nExamples:\n"
        "  ingot compare plans/*-2025.plan            the 2025 plans side by side\n"
        "  ingot compare --transpose plans/*-2025.plan\n"
        "                                             one row per plan\n"
        "  ingot compare --metric value_added --metric 'output*' plans/\n"
        "  ingot compare --series stable_growth_2025 --format markdown plans/ > compare.md\n"
        "  ingot compare --format html -o compare.html plans/*-2025.plan\n\n"
        "Exit codes: 0 compared, 1 compared but the files have errors (shown on stderr), "
        "2 usage or I/O errors, syntax errors, no plans to compare, or a --plan, --series or "
        "--metric that matches nothing.");
    return {cmd, [options] { return run_compare(*options); }};
}

} // namespace ingot::cli
