// The `ingot` program: a thin host over the public API (<ingot/ingot.hpp>), like any other.
// It parses arguments, reads and writes files, and prints what the API returns.
//
// Subcommands are one table (`commands` in main): each entry names its CLI11 sub-app and the
// function that runs it, so an unknown or unhandled subcommand can never fall through to another.
//
// Exit codes: 0 clean; 1 findings at or above the failing severity (or files `fmt --check` would
// change); 2 usage or I/O errors.
#include <ingot/ingot.hpp>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <iostream>
#include <optional>
#include <sys/stat.h>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;

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

void report_error(const std::string& message) {
    fmt::print(stderr, "ingot: error: {}\n", message);
}

std::string plural(std::size_t n, std::string_view one, std::string_view many) {
    return fmt::format("{} {}", n, n == 1 ? one : many);
}

std::vector<std::string> or_current_folder(const std::vector<std::string>& paths) {
    return paths.empty() ? std::vector<std::string>{"."} : paths;
}

bool inside(const fs::path& root, const fs::path& path) {
    const auto [r, p] = std::mismatch(root.begin(), root.end(), path.begin(), path.end());
    return r == root.end();
}

/// The project root that imports are confined to: `--root` when given; otherwise the current
/// folder when every path is inside it, else the deepest folder holding all the paths.
std::string project_root(const std::string& given, const std::vector<std::string>& paths) {
    if (!given.empty()) {
        return given;
    }
    const fs::path cwd = fs::current_path().lexically_normal();
    std::vector<fs::path> folders;
    for (const std::string& p : paths) {
        std::error_code ec;
        const fs::path abs = fs::absolute(p, ec).lexically_normal();
        folders.push_back(fs::is_directory(abs, ec) ? abs : abs.parent_path());
    }
    if (std::all_of(folders.begin(), folders.end(),
                    [&](const fs::path& f) { return inside(cwd, f); })) {
        return ".";
    }
    fs::path common = folders.front();
    for (const fs::path& f : folders) {
        while (!inside(common, f) && common.has_relative_path()) {
            common = common.parent_path();
        }
    }
    return common.string();
}

/// Adds every path to the workspace; unreadable ones are reported and make the run fail.
bool add_paths(ingot::Workspace& ws, const std::vector<std::string>& paths) {
    bool ok = true;
    for (const std::string& path : paths) {
        try {
            ws.add_path(path);
        } catch (const ingot::Error& e) {
            report_error(e.what());
            ok = false;
        }
    }
    return ok;
}

// ---- ingot check ------------------------------------------------------------------------------

struct CheckOptions {
    std::vector<std::string> paths;
    std::vector<std::string> rules;
    std::string fail_on = "error";
    std::string root;
    bool implied = false;
    double about = 10;
    OutputOptions output;
};

int run_check(const CheckOptions& options) {
    const auto paths = or_current_folder(options.paths);
    ingot::Workspace ws(ingot::Engine(), project_root(options.root, paths));
    bool io_ok = add_paths(ws, paths);
    ingot::AnalyzeOptions analyze_options;
    analyze_options.implied = options.implied;
    analyze_options.about_tolerance = options.about / 100;
    for (const std::string& rulebook : options.rules) {
        try {
            // Read once here: analyze() takes a rulebook it already holds as a source.
            ws.set_source(rulebook, ingot::read_source(rulebook));
            analyze_options.rulebooks.push_back(rulebook);
        } catch (const ingot::Error& e) {
            report_error(e.what());
            io_ok = false;
        }
    }
    const ingot::Analysis analysis = ws.analyze(analyze_options);

    const ingot::RenderOptions render_options{use_color(options.output, stdout), true};
    const ingot::Severity fail_on = *ingot::parse_severity(options.fail_on);
    std::size_t counts[3] = {0, 0, 0};
    bool failed = false;
    for (const ingot::Diagnostic& d : analysis.diagnostics()) {
        fmt::print("{}", analysis.render(d, render_options));
        ++counts[static_cast<int>(d.severity)];
        failed = failed || d.severity >= fail_on;
    }
    fmt::print("{} checked: {}, {}, {}\n", plural(analysis.files().size(), "file", "files"),
               plural(counts[2], "error", "errors"), plural(counts[1], "warning", "warnings"),
               plural(counts[0], "info", "infos"));
    if (!io_ok) {
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
    const ingot::RenderOptions render_options{use_color(options.output, stdout), true};
    bool io_ok = true;
    bool failed = false;
    std::size_t changed = 0;
    std::size_t unchanged = 0;

    const auto format_one = [&](const std::string& path, const std::string& text, bool to_stdout) {
        const ingot::FormatResult result = ingot::format_source(path, text, render_options);
        if (!result.text) {
            fmt::print("{}", result.rendered);
            fmt::print("{}: not formatted: fix the syntax errors first\n", path);
            failed = true;
            if (to_stdout) {
                fmt::print("{}", text);
            }
            return;
        }
        if (to_stdout) {
            fmt::print("{}", *result.text);
            return;
        }
        if (*result.text == text) {
            ++unchanged;
            return;
        }
        ++changed;
        if (options.check) {
            fmt::print("would reformat: {}\n", path);
            return;
        }
        std::string error;
        if (!write_atomically(path, *result.text, error)) {
            report_error(fmt::format("cannot write `{}`: {}", path, error));
            io_ok = false;
        }
    };

    if (options.paths.size() == 1 && options.paths[0] == "-") {
        const std::string text{std::istreambuf_iterator<char>(std::cin),
                               std::istreambuf_iterator<char>()};
        format_one("<stdin>", text, true);
        return failed ? exit_findings : exit_clean;
    }

    for (const std::string& path : or_current_folder(options.paths)) {
        std::vector<std::string> files;
        try {
            files = ingot::find_sources(path);
        } catch (const ingot::Error& e) {
            report_error(e.what());
            io_ok = false;
            continue;
        }
        for (const std::string& file : files) {
            try {
                format_one(file, ingot::read_source(file), false);
            } catch (const ingot::Error& e) {
                report_error(e.what());
                io_ok = false;
            }
        }
    }
    fmt::print("{} {}, {} already formatted\n", plural(changed, "file", "files"),
               options.check ? "would be reformatted" : "reformatted", unchanged);
    if (!io_ok) {
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
    ingot::Workspace ws(ingot::Engine(), project_root(options.root, paths));
    if (!add_paths(ws, paths)) {
        return exit_usage_or_io;
    }
    const ingot::Analysis analysis = ws.analyze();
    try {
        const ingot::Explanation explanation =
            analysis.explain(target->first, target->second, options.year);
        fmt::print("{}", ingot::render_text(explanation, {options.digits}));
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

// ---- ingot eval -------------------------------------------------------------------------------

struct EvalArgs {
    std::string file;
    std::string expression;
    std::string plan;
    int digits = 3;
    std::string root;
};

int run_eval(const EvalArgs& options) {
    ingot::Workspace ws(ingot::Engine(), project_root(options.root, {options.file}));
    if (!add_paths(ws, {options.file})) {
        return exit_usage_or_io;
    }
    ingot::Analysis analysis = ws.analyze();
    ingot::EvalResult result;
    try {
        result = analysis.eval(options.plan, options.expression);
    } catch (const ingot::Error& e) {
        report_error(e.what() + std::string(options.plan.empty() ? " (--plan NAME)" : ""));
        return exit_usage_or_io;
    }
    for (const ingot::Diagnostic& d : result.diagnostics) {
        fmt::print("{}", analysis.render(d, {use_color({}, stdout), true}));
    }
    if (!result.value) {
        return exit_findings;
    }
    if (const auto* unknown = std::get_if<ingot::Unknown>(&*result.value)) {
        fmt::print("unknown: {}\n", unknown->why);
        return exit_findings;
    }
    fmt::print("{}\n", ingot::to_text_with_range(*result.value, options.digits));
    return exit_clean;
}

// ---- ingot rules / ingot rule -----------------------------------------------------------------

struct RulesArgs {
    std::string id; // `rule ID` only
    std::vector<std::string> paths;
};

/// The registry: the engine's checks, and the analyst rules of `paths` when given.
std::optional<std::vector<ingot::CheckInfo>> registry(const std::vector<std::string>& paths) {
    const ingot::Engine engine;
    if (paths.empty()) {
        return engine.checks();
    }
    ingot::Workspace ws(engine, project_root("", paths));
    if (!add_paths(ws, paths)) {
        return std::nullopt;
    }
    return ws.analyze().checks();
}

int run_rules(const RulesArgs& options) {
    const auto checks = registry(options.paths);
    if (!checks) {
        return exit_usage_or_io;
    }
    std::size_t width = 0;
    for (const ingot::CheckInfo& c : *checks) {
        width = std::max(width, c.id.size());
    }
    for (const ingot::CheckInfo& c : *checks) {
        std::string severity(ingot::to_string(c.default_severity));
        if (!c.enabled_by_default) {
            severity += " (off)";
        }
        fmt::print("{:<{}}  {:<13}  {}{}\n", c.id, width, severity, c.summary,
                   c.fixable ? " [fix]" : "");
    }
    return exit_clean;
}

std::string indented(const std::string& text) {
    std::string out;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = text.find('\n', start);
        const std::string line =
            text.substr(start, end == std::string::npos ? std::string::npos : end - start);
        out += line.empty() ? "\n" : "    " + line + "\n";
        if (end == std::string::npos) {
            break;
        }
        start = end + 1;
    }
    return out;
}

int run_rule(const RulesArgs& options) {
    const auto checks = registry(options.paths);
    if (!checks) {
        return exit_usage_or_io;
    }
    const auto it = std::find_if(checks->begin(), checks->end(),
                                 [&](const ingot::CheckInfo& c) { return c.id == options.id; });
    if (it == checks->end()) {
        report_error(fmt::format("no check `{}`; `ingot rules` lists them", options.id));
        return exit_usage_or_io;
    }
    const ingot::CheckInfo& c = *it;
    fmt::print("{}\n\n", c.id);
    fmt::print("  severity: {}{}\n", ingot::to_string(c.default_severity),
               c.enabled_by_default ? "" : " (off by default)");
    fmt::print("  category: {}\n  origin:   {}\n  fix:      {}\n\n", c.category,
               ingot::to_string(c.origin), c.fixable ? "some findings carry a fix" : "none");
    fmt::print("{}\n", c.summary);
    if (!c.explanation.empty() && c.explanation != c.summary) {
        fmt::print("\n{}\n", c.explanation);
    }
    if (!c.bad_example.empty()) {
        fmt::print("\nFires on:\n\n{}", indented(c.bad_example));
    }
    if (!c.good_example.empty()) {
        fmt::print("\nQuiet on:\n\n{}", indented(c.good_example));
    }
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
        "                                     one expression in a plan's context\n"
        "  ingot rules                        every check, with its id and summary\n"
        "  ingot rule unknown-name            what one check means, with examples",
        "ingot"};
    app.set_version_flag("-V,--version", "ingot " + std::string(ingot::version()));
    app.require_subcommand(1);
    app.failure_message(CLI::FailureMessage::help);
    const std::string root_help =
        "Imports must stay inside this folder (default: the current folder, or the folder "
        "holding every PATH when they are outside it)";

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
    check_cmd->add_option("--root", check.root, root_help);

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
    explain_cmd->add_option("--root", explain.root, root_help);
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
    eval_cmd->add_option("--root", eval_args.root, root_help);
    eval_cmd->footer("Examples:\n"
                     "  ingot eval plans/nonferrous-2025.plan 'growth(unit_value)'\n"
                     "      3.45 %/yr (range 2.8 … 4.09 %/yr)\n"
                     "  ingot eval plans/nonferrous-2025.plan 'level(recycled_output, 2026)'\n\n"
                     "Exit codes: 0 a value, 1 an error in the expression or an unknown value, "
                     "2 usage or I/O errors.");

    RulesArgs rules_args;
    CLI::App* rules_cmd = app.add_subcommand(
        "rules", "List every check: id, default severity and a one-line summary; with PATHs, "
                 "the analyst rules found there too");
    rules_cmd->add_option("paths", rules_args.paths, "Files or directories with rulebooks");

    RulesArgs rule_args;
    CLI::App* rule_cmd = app.add_subcommand(
        "rule", "Explain one check: what it means, how to fix it, an example that fires and one "
                "that does not");
    rule_cmd->add_option("id", rule_args.id, "The check id, e.g. unknown-name")->required();
    rule_cmd->add_option("paths", rule_args.paths, "Files or directories with rulebooks");

    // The subcommand table: exactly one entry runs, the one CLI11 parsed.
    const std::vector<std::pair<CLI::App*, std::function<int()>>> commands = {
        {check_cmd, [&] { return run_check(check); }},
        {fmt_cmd, [&] { return run_fmt(fmt_options); }},
        {explain_cmd, [&] { return run_explain(explain); }},
        {eval_cmd, [&] { return run_eval(eval_args); }},
        {rules_cmd, [&] { return run_rules(rules_args); }},
        {rule_cmd, [&] { return run_rule(rule_args); }},
    };

    // An unknown command is named as such (CLI11 would only say that a subcommand is required).
    if (argc > 1 && argv[1][0] != '-' &&
        std::none_of(commands.begin(), commands.end(),
                     [&](const auto& c) { return c.first->get_name() == argv[1]; })) {
        std::vector<std::string> names;
        for (const auto& c : commands) {
            names.push_back(c.first->get_name());
        }
        report_error(fmt::format("unknown command `{}`; the commands are {}", argv[1],
                                 fmt::join(names, ", ")));
        return exit_usage_or_io;
    }

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? exit_clean : exit_usage_or_io;
    }

    try {
        for (const auto& [command, run] : commands) {
            if (command->parsed()) {
                return run();
            }
        }
        report_error("no subcommand was run; `ingot --help` lists them");
        return exit_usage_or_io;
    } catch (const ingot::Error& e) {
        report_error(e.what());
        return exit_usage_or_io;
    } catch (const std::exception& e) {
        fmt::print(stderr, "ingot: internal error: {}\n", e.what());
        return exit_usage_or_io;
    }
}
