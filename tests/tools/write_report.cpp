// ingot_write_report: writes the report of one analysis in one format to stdout, through the
// public API only (ingot::write_report), as `ingot check --format FORMAT` will. The SARIF
// validation test (tests/report/sarif_validate.sh) runs it; it is not installed.
//
//     ingot_write_report FORMAT [--implied] [--root ROOT] PATH...
#include <ingot/ingot.hpp>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    const auto usage = [] {
        std::cerr << "usage: ingot_write_report FORMAT [--implied] [--root ROOT] PATH...\n";
        return 2;
    };
    if (args.empty()) {
        return usage();
    }
    const auto format = ingot::parse_report_format(args[0]);
    if (!format) {
        std::cerr << "ingot_write_report: unknown format `" << args[0] << "`\n";
        return 2;
    }
    ingot::AnalyzeOptions analyze_options;
    ingot::ReportOptions report_options;
    std::vector<std::string> paths;
    for (std::size_t i = 1; i < args.size(); ++i) {
        if (args[i] == "--implied") {
            analyze_options.implied = true;
        } else if (args[i] == "--root" && i + 1 < args.size()) {
            report_options.root = args[++i];
        } else if (args[i].starts_with("--")) {
            return usage();
        } else {
            paths.push_back(args[i]);
        }
    }
    if (paths.empty()) {
        return usage();
    }
    try {
        ingot::Workspace workspace(ingot::Engine(), report_options.root);
        for (const std::string& path : paths) {
            workspace.add_path(path);
        }
        const ingot::Analysis analysis = workspace.analyze(analyze_options);
        ingot::Report report;
        report.files = analysis.files();
        std::sort(report.files.begin(), report.files.end());
        report.diagnostics = analysis.diagnostics();
        for (const ingot::CheckInfo& check : analysis.checks()) { // the checks that ran
            if (check.enabled_by_default || analyze_options.implied) {
                report.checks.push_back(check);
            }
        }
        std::cout << ingot::write_report(*format, report, analysis, report_options);
    } catch (const ingot::Error& e) {
        std::cerr << "ingot_write_report: " << e.what() << '\n';
        return 2;
    }
    return std::cout.good() ? 0 : 2;
}
