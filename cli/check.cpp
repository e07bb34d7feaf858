// `ingot check`: analyse the files of a project and report the findings.
//
// The run reads as its pipeline: settings (ingot.toml, then the command line) → the files to
// report on (paths, folders, globs, stdin) and the project's other files as context → one
// analysis → the findings on the files given, less the baseline → the reports → the exit code.
#include "baseline.hpp"
#include "cli.hpp"
#include "project.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <unistd.h>

namespace ingot::cli {

namespace {

namespace fs = std::filesystem;

struct CheckOptions {
    std::vector<std::string> paths;
    std::vector<std::string> rules;
    std::string fail_on;
    std::string root;
    std::string config;
    bool isolated = false;
    bool implied = false;
    std::optional<double> about;
    std::optional<double> plausible_change;
    std::optional<int> digits;
    std::string format = "text";
    std::vector<std::string> outputs; // FORMAT=PATH
    std::vector<std::string> select;
    std::vector<std::string> ignore;
    std::optional<std::size_t> max_warnings;
    bool quiet = false;
    bool statistics = false;
    std::string baseline;
    bool no_baseline = false;
    std::optional<std::string> write_baseline;
    std::string stdin_filename;
    bool force_exclude = false;
    unsigned jobs = 0;
    bool fix = false;
    bool diff = false;
    OutputOptions output;
};

/// How many times `--fix` analyses, applies and analyses again before it stops: a fix can reveal
/// another (a unit word fixed, the figure's unit now checks), and two fixes that overlap are
/// applied in turn. Real files settle in two rounds; the bound only stops a fix that would undo
/// another from looping.
constexpr int max_fix_rounds = 10;

/// The distinct check ids of `ids`, sorted, comma-separated: `unknown-name, unknown-unit`.
std::string id_list(std::vector<std::string> ids) {
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return fmt::format("{}", fmt::join(ids, ", "));
}

/// A progress line on stderr for runs that take over a second, on a terminal only.
class Progress {
public:
    Progress(bool enabled, std::size_t files) {
        if (!enabled) {
            return;
        }
        worker_ = std::thread([this, files] {
            std::unique_lock lock(mutex_);
            const auto start = std::chrono::steady_clock::now();
            if (done_cv_.wait_for(lock, std::chrono::seconds(1), [this] { return done_; })) {
                return;
            }
            do {
                const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(
                    std::chrono::steady_clock::now() - start);
                fmt::print(stderr, "\ringot: checking {}… {}s", plural(files, "file", "files"),
                           seconds.count());
                std::fflush(stderr);
                shown_ = true;
            } while (
                !done_cv_.wait_for(lock, std::chrono::milliseconds(250), [this] { return done_; }));
            fmt::print(stderr, "\r\033[K");
            std::fflush(stderr);
        });
    }
    ~Progress() {
        if (worker_.joinable()) {
            {
                std::lock_guard lock(mutex_);
                done_ = true;
            }
            done_cv_.notify_all();
            worker_.join();
        }
    }

private:
    std::thread worker_;
    std::mutex mutex_;
    std::condition_variable done_cv_;
    bool done_ = false;
    bool shown_ = false;
};

/// The settings of a run: the project file's, with the command line's on top.
struct Settings {
    ProjectFile project;
    std::string root;
    AnalyzeOptions analyze;
    Severity fail_on = Severity::error;
    std::string baseline;         // "" for none
    std::string default_baseline; // where --write-baseline writes without a PATH
};

/// Checks the ids of select/ignore/severity against the checks the run knows (rules included,
/// so only after the analysis). Returns the errors, each naming where the id was written.
std::vector<std::string> unknown_ids(const CheckOptions& options, const Settings& settings,
                                     const std::vector<CheckInfo>& checks) {
    std::set<std::string> known;
    std::vector<std::string> candidates;
    for (const CheckInfo& c : checks) {
        known.insert(c.id);
        known.insert(c.category);
        candidates.push_back(c.id);
    }
    const auto suggestion = [&](const std::string& id) {
        const auto meant = closest_name(id, candidates);
        return meant ? fmt::format("; did you mean `{}`?", *meant) : std::string();
    };
    std::vector<std::string> errors;
    const auto check_setting = [&](const std::string& where, const std::string& key,
                                   const std::string& id) {
        if (!known.contains(id)) {
            errors.push_back(fmt::format("{}no check or category `{}` in `{}`{}", where, id, key,
                                         suggestion(id)));
        }
    };
    const ProjectFile& project = settings.project;
    const auto at = [&](std::uint32_t line, std::uint32_t column) {
        return fmt::format("{}:{}:{}: ", project.path, line, column);
    };
    if (project.select && options.select.empty()) {
        for (const auto& s : *project.select) {
            check_setting(at(s.line, s.column), "select", s.value);
        }
    }
    for (const auto& s : project.ignore) {
        check_setting(at(s.line, s.column), "ignore", s.value);
    }
    for (const auto& [id, s] : project.severity) {
        check_setting(at(s.line, s.column), "severity", id);
    }
    for (const std::string& id : options.select) {
        check_setting("", "--select", id);
    }
    for (const std::string& id : options.ignore) {
        check_setting("", "--ignore", id);
    }
    return errors;
}

std::string statistics_text(const std::vector<Diagnostic>& diagnostics,
                            const std::vector<CheckInfo>& checks) {
    std::map<std::string, std::pair<std::size_t, Severity>> counts;
    for (const Diagnostic& d : diagnostics) {
        auto& [n, severity] = counts[d.id];
        severity = n == 0 ? d.severity : std::max(severity, d.severity);
        ++n;
    }
    std::vector<std::pair<std::string, std::pair<std::size_t, Severity>>> rows(counts.begin(),
                                                                               counts.end());
    std::stable_sort(rows.begin(), rows.end(),
                     [](const auto& a, const auto& b) { return a.second.first > b.second.first; });
    std::size_t width = 0;
    for (const auto& row : rows) {
        width = std::max(width, row.first.size());
    }
    std::string out;
    for (const auto& [id, count] : rows) {
        // An init-capture: clang before 16 cannot capture a structured binding (clang-tidy).
        const auto info =
            std::find_if(checks.begin(), checks.end(),
                         [&wanted = id](const CheckInfo& c) { return c.id == wanted; });
        out += fmt::format("{:>5}  {:<{}}  {:<7}  {}\n", count.first, id, width,
                           to_string(count.second),
                           info == checks.end() ? std::string() : info->summary);
    }
    return out;
}

int run_check(const CheckOptions& options) {
    // ---- settings: ingot.toml, then the command line ----------------------------------------
    const std::vector<std::string> arguments = or_current_folder(options.paths);
    Settings settings;
    std::vector<std::string> lookup;
    lookup.reserve(arguments.size());
    for (const std::string& a : arguments) {
        lookup.push_back(a == "-" ? (options.stdin_filename.empty() ? "." : options.stdin_filename)
                                  : a);
    }
    try {
        const std::string config = !options.config.empty()
                                       ? options.config
                                       : (options.isolated ? "" : find_project_file(lookup));
        if (!config.empty()) {
            settings.project = read_project_file(config);
        }
    } catch (const ProjectError& e) {
        report_error(e.what());
        return exit_usage_or_io;
    }
    const ProjectFile& project = settings.project;
    settings.root = !options.root.empty()   ? options.root
                    : !project.path.empty() ? project.root
                                            : project_root("", lookup);
    const auto in_root = [&](const std::string& relative) {
        return shown_path((fs::path(settings.root) / relative).string());
    };

    // The project's settings, then the command line's on top of them.
    settings.analyze = project_analyze_options(project);
    AnalyzeOptions& analyze = settings.analyze;
    analyze.implied = options.implied;
    if (options.about) {
        analyze.about_tolerance = *options.about / 100;
    }
    if (options.plausible_change) {
        analyze.plausible_change = *options.plausible_change / 100;
    }
    if (options.digits) {
        analyze.digits = *options.digits;
    }
    analyze.threads = options.jobs;
    if (!options.select.empty()) {
        analyze.select = options.select;
    }
    analyze.ignore.insert(analyze.ignore.end(), options.ignore.begin(), options.ignore.end());
    settings.fail_on = !options.fail_on.empty() ? *parse_severity(options.fail_on)
                                                : project.fail_on.value_or(Severity::error);
    // Like ESLint's suppressions file: a baseline in the project root is used without naming it.
    settings.default_baseline = in_root("ingot-baseline.json");
    settings.baseline = options.no_baseline         ? ""
                        : !options.baseline.empty() ? options.baseline
                        : project.baseline          ? in_root(*project.baseline)
                        : fs::is_regular_file(settings.default_baseline) ? settings.default_baseline
                                                                         : "";

    // ---- files: the ones to report on, and the project's others as context ----------------
    const FileFilter filter(project, settings.root);
    Targets targets = find_targets(arguments, filter, options.force_exclude);
    bool io_ok = targets.io_ok;
    std::string stdin_name;
    std::string stdin_text;
    if (targets.from_stdin) {
        stdin_name =
            options.stdin_filename.empty() ? "<stdin>" : shown_path(options.stdin_filename);
        stdin_text.assign(std::istreambuf_iterator<char>(std::cin),
                          std::istreambuf_iterator<char>());
        targets.files.erase(std::remove(targets.files.begin(), targets.files.end(), stdin_name),
                            targets.files.end());
        targets.files.push_back(stdin_name);
    }
    if (targets.from_stdin && (options.fix || options.diff)) {
        report_error("--fix and --diff change files; standard input (`-`) cannot be fixed: "
                     "name the file instead");
        return exit_usage_or_io;
    }
    if (targets.files.empty()) {
        if (io_ok) {
            report_error(fmt::format(
                "no *.plan or *.rules files in {}; name files or folders to check{}",
                fmt::join(arguments, ", "),
                project.include.empty() && project.exclude.empty()
                    ? ""
                    : fmt::format(" (the include/exclude globs of {} apply)", project.path)));
        }
        return exit_usage_or_io;
    }

    Workspace ws(Engine(), settings.root);
    std::set<std::string> reported(targets.files.begin(), targets.files.end());
    io_ok = add_project_context(ws, project, filter, reported) && io_ok;
    std::vector<std::string> checked;
    // The version of each file read, for --fix to rewrite it only if it is still what was read.
    std::map<std::string, SourceVersion> versions;
    for (const std::string& file : targets.files) {
        if (file == stdin_name && targets.from_stdin) {
            ws.set_source(file, stdin_text);
            checked.push_back(file);
            continue;
        }
        try {
            SourceVersion read = read_source_version(file);
            ws.set_source(file, read.text);
            versions.emplace(file, std::move(read));
            checked.push_back(file);
        } catch (const Error& e) {
            report_error(e.what()); // the others are still checked
            io_ok = false;
        }
    }
    std::vector<std::string> rulebooks;
    for (const auto& r : project.rules) {
        rulebooks.push_back(in_root(r.value));
    }
    rulebooks.insert(rulebooks.end(), options.rules.begin(), options.rules.end());
    for (const std::string& rulebook : rulebooks) {
        try {
            // Read once here: analyze() takes a rulebook it already holds as a source.
            if (!reported.contains(shown_path(rulebook))) {
                ws.set_source(shown_path(rulebook), read_source(rulebook));
            }
            analyze.rulebooks.push_back(shown_path(rulebook));
        } catch (const Error& e) {
            report_error(e.what());
            io_ok = false;
        }
    }

    // ---- analysis ---------------------------------------------------------------------------
    Analysis analysis = [&] {
        const Progress progress(!options.quiet && isatty(fileno(stderr)) != 0, ws.paths().size());
        return ws.analyze(analyze);
    }();
    if (const auto errors = unknown_ids(options, settings, analysis.checks()); !errors.empty()) {
        for (const std::string& e : errors) {
            report_error(e);
        }
        return exit_usage_or_io;
    }
    std::vector<BaselineEntry> baselined;
    if (!settings.baseline.empty() && !options.write_baseline) {
        try {
            baselined = read_baseline(settings.baseline);
        } catch (const BaselineError& e) {
            report_error(e.what());
            return exit_usage_or_io;
        }
    }

    // ---- fixes (--fix, --diff): apply, analyse again, until nothing more applies ----------
    // Only the files named (not the project's context files, not standard input) that parse are
    // changed, and only by the one fix of a finding the run reports (select, ignore,
    // suppressions and the baseline apply). ingot::apply_fixes is what editors' code actions use.
    std::map<std::string, std::string> fixed_text;             // file -> its text, fixed
    std::map<std::string, std::vector<std::string>> fixed_ids; // file -> ids of the fixes
    std::set<std::string> unparsed;                            // files left for syntax errors
    if (options.fix || options.diff) {
        for (int round = 0; round < max_fix_rounds; ++round) {
            std::map<std::string, std::vector<Diagnostic>> by_file;
            for (const Diagnostic& d : analysis.diagnostics()) {
                if (versions.contains(d.primary.span.path)) {
                    by_file[d.primary.span.path].push_back(d);
                }
            }
            bool changed = false;
            for (auto& [file, diagnostics] : by_file) {
                if (std::any_of(diagnostics.begin(), diagnostics.end(),
                                [](const Diagnostic& d) { return d.id == "syntax"; })) {
                    unparsed.insert(file);
                    continue;
                }
                if (!baselined.empty()) {
                    diagnostics =
                        without_baselined(diagnostics, baselined, analysis, settings.root);
                }
                std::vector<Fix> fixes;
                std::vector<std::string> ids;
                const auto in_file = [&file = file](const Edit& e) { return e.span.path == file; };
                // A finding with several fixes offers alternatives for a person to choose (the
                // editor shows each); only a finding with exactly one is fixed here.
                for (const Diagnostic& d : diagnostics) {
                    if (d.fixes.size() == 1 && std::all_of(d.fixes.front().edits.begin(),
                                                           d.fixes.front().edits.end(), in_file)) {
                        fixes.push_back(d.fixes.front());
                        ids.push_back(d.id);
                    }
                }
                const std::string& text =
                    fixed_text.contains(file) ? fixed_text[file] : versions.at(file).text;
                FixResult result = apply_fixes(text, fixes);
                if (result.applied.empty() || result.text == text) {
                    continue;
                }
                for (const std::size_t i : result.applied) {
                    fixed_ids[file].push_back(ids[i]);
                }
                ws.set_source(file, result.text);
                fixed_text[file] = std::move(result.text);
                changed = true;
            }
            if (!changed) {
                break;
            }
            analysis = ws.analyze(analyze);
        }
        for (const std::string& file : unparsed) {
            fmt::print(stderr, "ingot: {}: not fixed: fix the syntax errors first\n",
                       printable(file));
        }
    }
    if (options.diff) {
        // Standard output carries the patch only (as `ingot fmt --diff`); nothing is written.
        const bool color = use_color(options.output, stdout);
        std::size_t would_fix = 0;
        for (const auto& [file, text] : fixed_text) {
            fmt::print("{}", unified_diff(file, versions.at(file).text, text, color));
            fmt::print(stderr, "ingot: would fix {} ({}) in {}\n", fixed_ids[file].size(),
                       id_list(fixed_ids[file]), printable(file));
            would_fix += fixed_ids[file].size();
        }
        if (std::fflush(stdout) != 0 || std::ferror(stdout) != 0) {
            report_error("cannot write to standard output");
            return exit_usage_or_io;
        }
        if (!options.quiet) {
            fmt::print(stderr, "ingot: would fix {}\n", plural(would_fix, "finding", "findings"));
        }
        // As `ruff check --diff`: 1 when anything would change, whatever else is found.
        return !io_ok ? exit_usage_or_io : would_fix > 0 ? exit_findings : exit_clean;
    }
    bool not_written = false;
    for (const auto& [file, text] : fixed_text) {
        if (rewrite_or_report(versions.at(file), text)) {
            fmt::print(stderr, "ingot: fixed {} ({}) in {}\n", fixed_ids[file].size(),
                       id_list(fixed_ids[file]), printable(file));
        } else {
            // Not written (read-only, changed meanwhile): report the file as it is on disk.
            ws.set_source(file, versions.at(file).text);
            not_written = true;
            io_ok = false;
        }
    }
    if (not_written) {
        analysis = ws.analyze(analyze);
    }

    // ---- findings on the files given (and what they import), less the baseline -------------
    // An import is part of what was asked for: a broken rulebook breaks the plans that use it.
    for (std::vector<std::string> pending(checked.begin(), checked.end()); !pending.empty();) {
        const std::string file = pending.back();
        pending.pop_back();
        for (const std::string& imported : analysis.imports(file)) {
            if (reported.insert(imported).second) {
                checked.push_back(imported);
                pending.push_back(imported);
            }
        }
    }
    for (const std::string& rulebook : analyze.rulebooks) {
        if (reported.insert(rulebook).second) {
            checked.push_back(rulebook);
        }
    }
    std::vector<Diagnostic> findings;
    for (const Diagnostic& d : analysis.diagnostics()) {
        if (d.primary.span.path.empty() || reported.contains(d.primary.span.path)) {
            findings.push_back(d);
        }
    }
    if (options.write_baseline) {
        const std::string path = !options.write_baseline->empty() ? *options.write_baseline
                                 : !settings.baseline.empty()     ? settings.baseline
                                 : project.baseline               ? in_root(*project.baseline)
                                                                  : settings.default_baseline;
        if (!write_output(path,
                          baseline_text(baseline_entries(findings, analysis, settings.root)))) {
            return exit_usage_or_io;
        }
        fmt::print(stderr, "ingot: recorded {} in {}; later runs report only new ones\n",
                   plural(findings.size(), "finding", "findings"), printable(path));
        return io_ok ? exit_clean : exit_usage_or_io;
    }
    if (!settings.baseline.empty()) {
        findings = without_baselined(findings, baselined, analysis, settings.root);
    }

    // ---- reports ----------------------------------------------------------------------------
    Report report;
    report.files = checked;
    std::sort(report.files.begin(), report.files.end());
    report.diagnostics = std::move(findings);
    {
        // SARIF's rules and JUnit's cases: the checks that ran, at the severity they ran with.
        for (const CheckInfo& c : analysis.checks()) {
            const bool ignored = std::find(analyze.ignore.begin(), analyze.ignore.end(), c.id) !=
                                     analyze.ignore.end() ||
                                 std::find(analyze.ignore.begin(), analyze.ignore.end(),
                                           c.category) != analyze.ignore.end();
            const bool selected =
                analyze.select ? std::find(analyze.select->begin(), analyze.select->end(), c.id) !=
                                         analyze.select->end() ||
                                     std::find(analyze.select->begin(), analyze.select->end(),
                                               c.category) != analyze.select->end()
                               : c.enabled_by_default ||
                                     (analyze.implied && (c.id == "implied" || c.id == "on-track"));
            if (c.id != "syntax" && (ignored || !selected)) {
                continue;
            }
            CheckInfo ran = c;
            if (const auto it = analyze.severity.find(c.id); it != analyze.severity.end()) {
                ran.default_severity = it->second;
            }
            report.checks.push_back(std::move(ran));
        }
    }
    ReportOptions report_options;
    report_options.summary = !options.quiet;
    report_options.root = settings.root;
    for (const std::string& output : options.outputs) {
        const auto equals = output.find('=');
        const auto format = parse_report_format(output.substr(0, equals));
        ReportOptions to_file = report_options;
        to_file.color = false;
        const std::string path = output.substr(equals + 1);
        const std::string text = write_report(*format, report, analysis, to_file);
        if (!write_output(path, text)) {
            io_ok = false;
        }
    }
    if (options.statistics) {
        fmt::print("{}", statistics_text(report.diagnostics, analysis.checks()));
    } else {
        report_options.color = use_color(options.output, stdout);
        fmt::print("{}", write_report(*parse_report_format(options.format), report, analysis,
                                      report_options));
    }

    if (options.fix && !options.quiet) {
        const auto fixable = std::count_if(report.diagnostics.begin(), report.diagnostics.end(),
                                           [](const Diagnostic& d) { return d.fixes.size() == 1; });
        fmt::print(stderr, "ingot: {} left ({} fixable with --fix)\n",
                   plural(report.diagnostics.size(), "finding", "findings"), fixable);
    }

    // ---- exit code --------------------------------------------------------------------------
    if (!io_ok) {
        return exit_usage_or_io;
    }
    const auto warnings = static_cast<std::size_t>(
        std::count_if(report.diagnostics.begin(), report.diagnostics.end(),
                      [](const Diagnostic& d) { return d.severity == Severity::warning; }));
    const bool failed =
        std::any_of(report.diagnostics.begin(), report.diagnostics.end(),
                    [&](const Diagnostic& d) { return d.severity >= settings.fail_on; }) ||
        (options.max_warnings && warnings > *options.max_warnings);
    if (options.max_warnings && warnings > *options.max_warnings && !options.quiet) {
        fmt::print(stderr, "ingot: {} found, more than --max-warnings {}\n",
                   plural(warnings, "warning", "warnings"), *options.max_warnings);
    }
    return failed ? exit_findings : exit_clean;
}

} // namespace

Command add_check_command(CLI::App& app) {
    auto options = std::make_shared<CheckOptions>();
    CLI::App* cmd = app.add_subcommand(
        "check", "Check plan files and rulebooks; folders are searched for *.plan and *.rules");
    cmd->add_option("paths", options->paths,
                    "Files, folders or globs ('plans/**/*.plan', quoted); `-` reads standard "
                    "input (default: .)");
    const std::vector<std::string> formats = report_format_names();
    cmd->add_option("--format", options->format,
                    "How to write the findings to standard output: text, compact, json, sarif, "
                    "junit, github, gitlab (default: text)")
        ->check(CLI::IsMember(formats));
    cmd->add_option("--output", options->outputs,
                    "Also write FORMAT to PATH, e.g. --output sarif=ingot.sarif (repeatable)")
        ->type_name("FORMAT=PATH")
        ->allow_extra_args(false)
        ->check([formats](const std::string& value) -> std::string {
            const auto equals = value.find('=');
            if (equals == std::string::npos || equals + 1 == value.size()) {
                return "write FORMAT=PATH, e.g. sarif=ingot.sarif";
            }
            if (!parse_report_format(value.substr(0, equals))) {
                return fmt::format("no format `{}`; the formats are {}", value.substr(0, equals),
                                   fmt::join(formats, ", "));
            }
            return "";
        });
    cmd->add_option("--config", options->config,
                    "The project file (default: the ingot.toml in the checked folder or the "
                    "nearest folder above it)");
    cmd->add_flag("--isolated", options->isolated, "Ignore every ingot.toml");
    cmd->add_option("--select", options->select,
                    "Report only these checks (ids or categories, comma-separated); replaces "
                    "`select` of ingot.toml")
        ->delimiter(',')
        ->allow_extra_args(false);
    cmd->add_option("--ignore", options->ignore,
                    "Never report these checks (ids or categories, comma-separated); adds to "
                    "`ignore` of ingot.toml")
        ->delimiter(',')
        ->allow_extra_args(false);
    cmd->add_option("--fail-on", options->fail_on,
                    "Exit 1 when a finding is at least this severe (default: error, or "
                    "`fail-on` of ingot.toml)")
        ->check(CLI::IsMember({"error", "warning", "info"}));
    cmd->add_option("--max-warnings", options->max_warnings,
                    "Exit 1 when there are more than N warnings");
    cmd->add_flag("-q,--quiet", options->quiet,
                  "Print the findings only: no summary line, no progress");
    cmd->add_flag("--statistics", options->statistics,
                  "Print how many findings each check reported instead of the findings");
    cmd->add_option("--baseline", options->baseline,
                    "Report only findings this baseline file does not hold (default: "
                    "`baseline` of ingot.toml, else ingot-baseline.json in the project root "
                    "when it exists)");
    cmd->add_flag("--no-baseline", options->no_baseline, "Report every finding, baselined or not");
    cmd->add_option("--write-baseline", options->write_baseline,
                    "Record today's findings in a baseline file and exit 0 (default PATH: "
                    "`baseline` of ingot.toml, else ingot-baseline.json in the project root)")
        ->expected(0, 1)
        ->type_name("[PATH]");
    cmd->add_option("--stdin-filename", options->stdin_filename,
                    "The name of the file read from standard input (`-`), for messages and "
                    "for the project's context");
    cmd->add_flag("--force-exclude", options->force_exclude,
                  "Apply ingot.toml's exclude globs to files named on the command line too "
                  "(for pre-commit)");
    cmd->add_option("-j,--jobs", options->jobs,
                    "Threads for the analysis (default: 0, one per core); the output is the "
                    "same for any number");
    cmd->add_option("--rules", options->rules,
                    "A rulebook applied to every plan, as if each imported it (repeatable)")
        ->allow_extra_args(false);
    cmd->add_flag("--implied", options->implied,
                  "Also show `implied` and `on-track` findings: derived values worth knowing, "
                  "actuals within what the targets require (off by default, as in CI output)");
    cmd->add_option("--about", options->about,
                    "How far `~` (about, 左右) widens a figure, in % of its value (default: 10, "
                    "or `about` of ingot.toml)")
        ->check(CLI::Range(0.0, 100.0));
    cmd->add_option("--plausible-change", options->plausible_change,
                    "Two level figures of a series implying a larger yearly change, up or down, "
                    "are `implausible-change`, in %/yr (default: 50, or `plausible-change` of "
                    "ingot.toml)")
        ->check(CLI::Range(1.0, 10000.0));
    cmd->add_option("--digits", options->digits,
                    "Significant digits of the figures findings show, at least (default: 3, or "
                    "`digits` of ingot.toml; more where a range needs them)")
        ->check(CLI::Range(1, 15));
    cmd->add_option("--root", options->root,
                    "Imports must stay inside this folder (default: the folder of ingot.toml; "
                    "without one, the current folder, or the folder holding every PATH)");
    CLI::Option* fix =
        cmd->add_flag("--fix", options->fix,
                      "Apply the mechanical fixes (a misspelt name or unit, an unused allow "
                      "comment) to the files named, then report what is left; files with syntax "
                      "errors are left untouched");
    cmd->add_flag("--diff", options->diff,
                  "Change nothing; print a unified diff of what --fix would change and exit 1 "
                  "if it would change anything")
        ->excludes("--write-baseline")
        ->excludes("--statistics");
    fix->excludes("--write-baseline");
    add_color_option(*cmd, options->output);
    cmd->footer(
        "A project file, ingot.toml, found by walking up from the first PATH, sets the checks, "
        "severities, rulebooks, globs and baseline (docs/ci.md). Given some files of a project, "
        "Ingot still reads the project's other files for context and reports on the files "
        "given.\n\nExamples:\n"
        "  ingot check plans/                         every *.plan and *.rules under plans/\n"
        "  ingot check --format sarif plans/ > ingot.sarif\n"
        "  ingot check --format github --output sarif=ingot.sarif .\n"
        "                                             annotations in the log, SARIF for upload\n"
        "  ingot check --select uncited,contradiction plans/\n"
        "  ingot check --write-baseline               record today's findings\n"
        "  ingot check                                later: report only new ones\n"
        "  ingot check --statistics plans/            how many findings of each check\n"
        "  ingot check --fix plans/                   fix misspelt names and units, then check\n"
        "  ingot check --diff plans/                  show what --fix would change\n"
        "  cat x.plan | ingot check - --stdin-filename plans/x.plan\n\n"
        "Exit codes: 0 no failing finding, 1 a finding at or above --fail-on (or more "
        "warnings than --max-warnings), 2 usage or I/O errors, and no files to check. With "
        "--fix, the findings left decide; with --diff, 1 when anything would be fixed.");
    return {cmd, [options] { return run_check(*options); }};
}

} // namespace ingot::cli
