// The `ingot` program: argument parsing, files and output. The work is done by lang/ and runtime/.
//
// Exit codes: 0 clean; 1 findings at or above the failing severity (or files `fmt --check` would
// change); 2 usage or I/O errors.
#include "lang/format.hpp"
#include "lang/parser.hpp"
#include "runtime/analysis.hpp"
#include "runtime/explain.hpp"
#include "runtime/rules.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <optional>
#include <sys/stat.h>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;
using namespace ingot;

constexpr int exit_clean = 0;
constexpr int exit_findings = 1;
constexpr int exit_usage_or_io = 2;

struct OutputOptions {
    std::string color = "auto";
};

bool use_color(const OutputOptions& options, FILE* stream) {
    if (options.color == "always") {
        return true;
    }
    if (options.color == "never") {
        return false;
    }
    const char* no_color = std::getenv("NO_COLOR");
    const char* term = std::getenv("TERM");
    return isatty(fileno(stream)) && (no_color == nullptr || *no_color == '\0') &&
           !(term != nullptr && std::string_view(term) == "dumb");
}

void report_io_error(const runtime::IoError& e) {
    fmt::print(stderr, "ingot: error: cannot read `{}`: {}\n", e.path, e.message);
}

std::string plural(std::size_t n, std::string_view one, std::string_view many) {
    return fmt::format("{} {}", n, n == 1 ? one : many);
}

// ---- ingot check ------------------------------------------------------------------------------

struct CheckOptions {
    std::vector<std::string> paths;
    std::vector<std::string> rules;
    std::string fail_on = "error";
    bool implied = false;
    double about = 10;
    OutputOptions output;
};

int run_check(const CheckOptions& options) {
    std::vector<runtime::IoError> io_errors;
    const auto files = runtime::expand_paths(
        options.paths.empty() ? std::vector<std::string>{"."} : options.paths, io_errors);
    runtime::AnalysisOptions analysis_options;
    analysis_options.rulebooks = options.rules;
    analysis_options.derivation.report_implied = options.implied;
    analysis_options.derivation.about_tolerance = options.about / 100;
    const auto analysis = runtime::analyze(files, analysis_options);
    const runtime::Workspace& ws = analysis->workspace;
    io_errors.insert(io_errors.end(), ws.io_errors.begin(), ws.io_errors.end());

    const lang::RenderOptions render_options{use_color(options.output, stdout), true};
    const lang::Severity fail_on = *lang::parse_severity(options.fail_on);
    std::size_t counts[3] = {0, 0, 0};
    bool failed = false;
    for (const lang::Diagnostic& d : ws.diagnostics) {
        fmt::print("{}", lang::render(d, ws.sources, render_options));
        ++counts[static_cast<int>(d.severity)];
        failed = failed || d.severity >= fail_on;
    }
    for (const runtime::IoError& e : io_errors) {
        report_io_error(e);
    }
    const std::size_t checked = static_cast<std::size_t>(std::count_if(
        ws.files.begin(), ws.files.end(), [](const auto& f) { return !f.is_prelude; }));
    fmt::print("{} checked: {}, {}, {}\n", plural(checked, "file", "files"),
               plural(counts[2], "error", "errors"), plural(counts[1], "warning", "warnings"),
               plural(counts[0], "info", "infos"));
    if (!io_errors.empty()) {
        return exit_usage_or_io;
    }
    return failed ? exit_findings : exit_clean;
}

// ---- ingot fmt --------------------------------------------------------------------------------

struct FmtOptions {
    std::vector<std::string> paths;
    bool check = false;
    OutputOptions output;
};

/// Replaces `path` with `text` atomically: a temporary file in the same folder, flushed to disk,
/// given the original's permissions, then renamed over it. A crash leaves the old or the new file,
/// never a mix.
bool write_atomically(const std::string& path, const std::string& text, std::string& error) {
    const fs::path target(path);
    const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
    std::string temp = (dir / ("." + target.filename().string() + ".ingot-fmt-XXXXXX")).string();
    const int fd = mkstemp(temp.data());
    if (fd < 0) {
        error = std::strerror(errno);
        return false;
    }
    bool ok = true;
    std::size_t written = 0;
    while (ok && written < text.size()) {
        const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            ok = false;
        } else {
            written += static_cast<std::size_t>(n);
        }
    }
    struct stat original {};
    if (ok && ::stat(path.c_str(), &original) == 0) {
        ok = ::fchmod(fd, original.st_mode & 07777) == 0;
    }
    ok = ok && ::fsync(fd) == 0;
    if (!ok) {
        error = std::strerror(errno);
    }
    ::close(fd);
    if (ok && std::rename(temp.c_str(), path.c_str()) != 0) {
        error = std::strerror(errno);
        ok = false;
    }
    if (!ok) {
        std::remove(temp.c_str());
    }
    return ok;
}

int run_fmt(const FmtOptions& options) {
    const bool color = use_color(options.output, stdout);
    std::vector<runtime::IoError> io_errors;
    bool failed = false;
    std::size_t changed = 0;
    std::size_t unchanged = 0;

    const auto format_one = [&](const std::string& path, const std::string& text, bool to_stdout) {
        lang::SourceMap sources;
        const lang::FileId id = sources.add(path, text);
        const lang::ParseResult parsed = lang::parse_file(sources, id);
        if (!parsed.ok()) {
            for (const lang::Diagnostic& d : parsed.diagnostics) {
                fmt::print("{}", lang::render(d, sources, {color, true}));
            }
            fmt::print("{}: not formatted: fix the syntax errors first\n", path);
            failed = true;
            if (to_stdout) {
                fmt::print("{}", text);
            }
            return;
        }
        const std::string formatted = lang::format_file(parsed.file, sources.file(id));
        if (to_stdout) {
            fmt::print("{}", formatted);
            return;
        }
        if (formatted == text) {
            ++unchanged;
            return;
        }
        ++changed;
        if (options.check) {
            fmt::print("would reformat: {}\n", path);
            return;
        }
        std::string error;
        if (!write_atomically(path, formatted, error)) {
            io_errors.push_back({path, "cannot write it: " + error});
        }
    };

    if (options.paths.size() == 1 && options.paths[0] == "-") {
        const std::string text{std::istreambuf_iterator<char>(std::cin),
                               std::istreambuf_iterator<char>()};
        format_one("<stdin>", text, true);
        return failed ? exit_findings : exit_clean;
    }

    const auto files = runtime::expand_paths(
        options.paths.empty() ? std::vector<std::string>{"."} : options.paths, io_errors);
    for (const std::string& path : files) {
        std::string text;
        std::string error;
        if (!runtime::read_file(path, text, error)) {
            io_errors.push_back({path, error});
            continue;
        }
        format_one(path, text, false);
    }
    for (const runtime::IoError& e : io_errors) {
        report_io_error(e);
    }
    fmt::print("{} {}, {} already formatted\n", plural(changed, "file", "files"),
               options.check ? "would be reformatted" : "reformatted", unchanged);
    if (!io_errors.empty()) {
        return exit_usage_or_io;
    }
    return failed || (options.check && changed > 0) ? exit_findings : exit_clean;
}

// ---- ingot explain ----------------------------------------------------------------------------

struct ExplainArgs {
    std::string target; // PLAN.METRIC
    std::vector<std::string> paths;
    std::optional<int> year;
    int digits = 3;
};

int run_explain(const ExplainArgs& options) {
    const auto target = runtime::parse_explain_target(options.target);
    if (!target) {
        fmt::print(stderr,
                   "ingot: error: `{}` is not PLAN.METRIC; write e.g. "
                   "`nonferrous_2025.unit_value` or `nonferrous_2025.output(metals)`\n",
                   options.target);
        return exit_usage_or_io;
    }
    std::vector<runtime::IoError> io_errors;
    const auto files = runtime::expand_paths(
        options.paths.empty() ? std::vector<std::string>{"."} : options.paths, io_errors);
    const auto analysis = runtime::analyze(files);
    io_errors.insert(io_errors.end(), analysis->workspace.io_errors.begin(),
                     analysis->workspace.io_errors.end());
    for (const runtime::IoError& e : io_errors) {
        report_io_error(e);
    }
    if (!io_errors.empty()) {
        return exit_usage_or_io;
    }
    const runtime::ExplainResult result =
        runtime::explain(*analysis, target->plan, target->metric, options.year, {options.digits});
    if (!result.ok()) {
        fmt::print(stderr, "ingot: error: {}\n", result.error);
        return exit_usage_or_io;
    }
    fmt::print("{}", result.text);
    const auto errors = std::count_if(
        analysis->workspace.diagnostics.begin(), analysis->workspace.diagnostics.end(),
        [](const lang::Diagnostic& d) { return d.severity == lang::Severity::error; });
    if (errors > 0) {
        fmt::print(stderr, "ingot: note: the files have {}; `ingot check` shows them\n",
                   plural(static_cast<std::size_t>(errors), "error", "errors"));
    }
    return exit_clean;
}

// ---- ingot eval -------------------------------------------------------------------------------

struct EvalArgs {
    std::string file;
    std::string expression;
    std::string plan;
    int digits = 3;
};

int run_eval(const EvalArgs& options) {
    const auto analysis = runtime::analyze({options.file});
    runtime::Workspace& ws = analysis->workspace;
    for (const runtime::IoError& e : ws.io_errors) {
        report_io_error(e);
    }
    if (!ws.io_errors.empty()) {
        return exit_usage_or_io;
    }
    const lang::FileId file = ws.files.size() > 1 ? 1 : 0; // the file named, after the prelude
    const auto result = runtime::evaluate_text(analysis->model, analysis->derivations, ws, file,
                                               options.plan, options.expression);
    if (!result.error.empty()) {
        fmt::print(stderr, "ingot: error: {}\n", result.error);
        return exit_usage_or_io;
    }
    for (const lang::Diagnostic& d : result.diagnostics) {
        fmt::print("{}", lang::render(d, ws.sources, {use_color({}, stdout), true}));
    }
    if (!result.value) {
        return exit_findings;
    }
    if (const auto* unknown = std::get_if<runtime::Unknown>(&*result.value)) {
        fmt::print("unknown: {}\n", unknown->why);
        return exit_findings;
    }
    fmt::print("{}\n", runtime::to_text_with_range(*result.value, options.digits));
    return exit_clean;
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app{
        "Ingot checks industrial plans: it parses plan files and rulebooks, derives what "
        "their numbers imply, and reports what does not hold together.\n\n"
        "Exit codes: 0 clean, 1 findings (or files `fmt --check` would change), 2 usage "
        "or I/O errors.\n\nExamples:\n"
        "  ingot check plans/                 check every *.plan and *.rules under plans/\n"
        "  ingot check --fail-on warning .    fail on warnings too\n"
        "  ingot fmt plans/                   rewrite files in the canonical layout\n"
        "  ingot fmt --check plans/           list files that are not formatted\n"
        "  ingot check --implied plans/       also show derived values worth knowing\n"
        "  ingot explain nonferrous_2025.unit_value plans/\n"
        "                                     what the plan implies for unit_value, and why\n"
        "  ingot eval plans/nonferrous-2025.plan 'growth(unit_value)'\n"
        "                                     one expression in a plan's context",
        "ingot"};
    app.set_version_flag("-V,--version", std::string("ingot ") + INGOT_VERSION);
    app.require_subcommand(1);
    app.failure_message(CLI::FailureMessage::help);

    CheckOptions check;
    CLI::App* check_cmd = app.add_subcommand(
        "check", "Check plan files and rulebooks; directories are searched for *.plan and *.rules");
    check_cmd->add_option("paths", check.paths, "Files or directories (default: .)");
    check_cmd
        ->add_option("--fail-on", check.fail_on,
                     "Exit 1 when a finding is at least this severe (default: error)")
        ->check(CLI::IsMember({"error", "warning", "info"}));
    check_cmd
        ->add_option("--color", check.output.color,
                     "Colour the output: auto (on a terminal without NO_COLOR), always, never")
        ->check(CLI::IsMember({"auto", "always", "never"}));
    check_cmd
        ->add_option("--rules", check.rules,
                     "A rulebook applied to every plan, as if each imported it (repeatable)")
        ->allow_extra_args(false);
    check_cmd->add_flag("--implied", check.implied,
                        "Also show `implied` findings: derived values worth knowing (off by "
                        "default, as in CI output)");
    check_cmd
        ->add_option("--about", check.about,
                     "How far `~` (about, 左右) widens a figure, in % of its value (default: 10)")
        ->check(CLI::Range(0.0, 100.0));

    FmtOptions fmt_options;
    CLI::App* fmt_cmd = app.add_subcommand(
        "fmt", "Rewrite files in the canonical layout, keeping comments; `-` formats stdin to "
               "stdout. Files with syntax errors are left untouched.");
    fmt_cmd->add_option("paths", fmt_options.paths, "Files or directories (default: .)");
    fmt_cmd->add_flag("--check", fmt_options.check,
                      "Change nothing; list the files that would change and exit 1 if any");
    fmt_cmd
        ->add_option("--color", fmt_options.output.color, "Colour the output: auto, always, never")
        ->check(CLI::IsMember({"auto", "always", "never"}));

    ExplainArgs explain;
    CLI::App* explain_cmd = app.add_subcommand(
        "explain", "Show what a plan's figures imply for one metric: its level and growth in each "
                   "year, and each step of the derivation with the citations behind it");
    explain_cmd
        ->add_option("target", explain.target,
                     "PLAN.METRIC: a plan and a metric (an `aka` name, or scope-qualified: "
                     "'nonferrous_2025.output(metals)', quoted for the shell)")
        ->required();
    explain_cmd->add_option("paths", explain.paths, "Files or directories (default: .)");
    explain_cmd->add_option("--year", explain.year, "Show only this year");
    explain_cmd
        ->add_option("--digits", explain.digits,
                     "Significant digits, at least (default: 3; more where a range needs them)")
        ->check(CLI::Range(1, 15));
    explain_cmd->footer(
        "Values are shown as the figures as written give them, with the range that all figures "
        "allow at their written precision in parentheses.\n\nExamples:\n"
        "  ingot explain nonferrous_2025.unit_value plans/\n"
        "      value added per tonne must grow 3.45 %/yr: (1 + 5 %/yr) / (1 + 1.5 %/yr) - 1\n"
        "  ingot explain nonferrous_2025.recycled_output plans/ --year 2026\n"
        "  ingot explain 'nonferrous_2025.output(metals)' plans/ --digits 4\n\n"
        "Exit codes: 0 explained, 2 usage errors (a malformed PLAN.METRIC, an unknown plan or "
        "metric) or I/O errors.");

    EvalArgs eval_args;
    CLI::App* eval_cmd = app.add_subcommand(
        "eval", "Evaluate an expression in a plan's context and print its value with its unit");
    eval_cmd->add_option("file", eval_args.file, "A plan file (its imports are loaded too)")
        ->required();
    eval_cmd->add_option("expression", eval_args.expression, "The expression, quoted for the shell")
        ->required();
    eval_cmd->add_option("--plan", eval_args.plan, "The plan, when the file holds several");
    eval_cmd->add_option("--digits", eval_args.digits, "Significant digits (default: 3)")
        ->check(CLI::Range(1, 15));
    eval_cmd->footer("Examples:\n"
                     "  ingot eval plans/nonferrous-2025.plan 'growth(unit_value)'\n"
                     "      3.45 %/yr (range 2.8 … 4.09 %/yr)\n"
                     "  ingot eval plans/nonferrous-2025.plan 'level(recycled_output, 2026)'\n\n"
                     "Exit codes: 0 a value, 1 an error in the expression or an unknown value, "
                     "2 usage or I/O errors.");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? exit_clean : exit_usage_or_io;
    }

    try {
        if (check_cmd->parsed()) {
            return run_check(check);
        }
        if (explain_cmd->parsed()) {
            return run_explain(explain);
        }
        if (eval_cmd->parsed()) {
            return run_eval(eval_args);
        }
        return run_fmt(fmt_options);
    } catch (const std::exception& e) {
        fmt::print(stderr, "ingot: internal error: {}\n", e.what());
        return exit_usage_or_io;
    }
}
