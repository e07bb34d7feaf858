// `ingot check`: analyse files and report the findings.
#include "cli.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace ingot::cli {

namespace {

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

    ingot::Report report;
    report.files = analysis.files();
    report.diagnostics = analysis.diagnostics();
    report.checks = analysis.checks();
    ingot::ReportOptions report_options;
    report_options.color = use_color(options.output, stdout);
    fmt::print("{}",
               ingot::write_report(ingot::ReportFormat::text, report, analysis, report_options));
    const ingot::Severity fail_on = *ingot::parse_severity(options.fail_on);
    const bool failed =
        std::any_of(report.diagnostics.begin(), report.diagnostics.end(),
                    [&](const ingot::Diagnostic& d) { return d.severity >= fail_on; });
    if (!io_ok) {
        return exit_usage_or_io;
    }
    return failed ? exit_findings : exit_clean;
}

} // namespace

Command add_check_command(CLI::App& app) {
    auto options = std::make_shared<CheckOptions>();
    CLI::App* cmd = app.add_subcommand(
        "check", "Check plan files and rulebooks; directories are searched for *.plan and *.rules");
    cmd->add_option("paths", options->paths, "Files or directories (default: .)");
    cmd->add_option("--fail-on", options->fail_on,
                    "Exit 1 when a finding is at least this severe (default: error)")
        ->check(CLI::IsMember({"error", "warning", "info"}));
    add_color_option(*cmd, options->output);
    cmd->add_option("--rules", options->rules,
                    "A rulebook applied to every plan, as if each imported it (repeatable)")
        ->allow_extra_args(false);
    cmd->add_flag("--implied", options->implied,
                  "Also show `implied` findings: derived values worth knowing (off by "
                  "default, as in CI output)");
    cmd->add_option("--about", options->about,
                    "How far `~` (about, 左右) widens a figure, in % of its value (default: 10)")
        ->check(CLI::Range(0.0, 100.0));
    cmd->add_option("--root", options->root, root_help);

    return {cmd, [options] { return run_check(*options); }};
}

} // namespace ingot::cli
