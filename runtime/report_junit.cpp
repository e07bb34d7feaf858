// The junit format: JUnit XML as CI servers read it. One <testsuite> per file, one <testcase> per
// file and check; a check's findings at warning or error in a file are one <failure> of its test
// case, its infos the test case's <system-out>. Findings about the run as a whole (an empty path)
// form a suite named `ingot`, as the text output names them.
#include "runtime/report.hpp"

#include <fmt/format.h>

#include <map>
#include <set>

namespace ingot::runtime::report {

namespace {

constexpr std::string_view run_suite = "ingot";

/// `PATH:LINE:COL: message`, or `ingot: message` for a finding about the run; escaped.
std::string finding_line(const Diagnostic& d) {
    const Span& at = d.primary.span;
    if (at.path.empty()) {
        return fmt::format("{}: {}", run_suite, xml_escape(d.message));
    }
    return fmt::format("{}:{}:{}: {}", xml_escape(at.path), at.begin.line, at.begin.column,
                       xml_escape(d.message));
}

/// What one check found in one file.
struct Case {
    std::vector<const Diagnostic*> failures; // warnings and errors
    std::vector<const Diagnostic*> infos;
};

std::string testcase_xml(std::string_view suite, std::string_view id, const Case* found) {
    const std::string open = fmt::format("    <testcase classname=\"{}\" name=\"{}\"",
                                         xml_escape(suite), xml_escape(id));
    if (found == nullptr) {
        return open + "/>\n";
    }
    std::string out = open + ">\n";
    if (!found->failures.empty()) {
        const Diagnostic& first = *found->failures.front();
        Severity worst = Severity::warning;
        std::string lines;
        for (const Diagnostic* d : found->failures) {
            worst = std::max(worst, d->severity);
            lines += (lines.empty() ? "" : "\n") + finding_line(*d);
        }
        std::string message = xml_escape(first.message);
        if (found->failures.size() > 1) {
            message += fmt::format(" (and {} more)", found->failures.size() - 1);
        }
        out += fmt::format("      <failure message=\"{}\" type=\"{}\">{}</failure>\n", message,
                           to_string(worst), lines);
    }
    if (!found->infos.empty()) {
        std::string lines;
        for (const Diagnostic* d : found->infos) {
            lines += (lines.empty() ? "" : "\n") + finding_line(*d);
        }
        out += fmt::format("      <system-out>{}</system-out>\n", lines);
    }
    return out + "    </testcase>\n";
}

} // namespace

std::string write_junit(const Report& report, const Analysis&, const ReportOptions&) {
    // Suites: the reported files, then any other file a finding names, then the run.
    std::vector<std::string> suites;
    std::set<std::string> known;
    for (const std::string& file : report.files) {
        if (known.insert(file).second) {
            suites.push_back(file);
        }
    }
    bool run_wide = false;
    for (const Diagnostic& d : report.diagnostics) {
        if (d.primary.span.path.empty()) {
            run_wide = true;
        } else if (known.insert(d.primary.span.path).second) {
            suites.push_back(d.primary.span.path);
        }
    }

    // (suite, check) → findings. A run-wide finding is keyed by an empty suite name.
    std::map<std::pair<std::string, std::string>, Case> found;
    for (const Diagnostic& d : report.diagnostics) {
        Case& c = found[{d.primary.span.path, d.id}];
        (d.severity >= Severity::warning ? c.failures : c.infos).push_back(&d);
    }

    const std::vector<std::string> ids = check_ids(report);
    std::size_t total_tests = 0;
    std::size_t total_failures = 0;
    std::string body;
    const auto suite_xml = [&](const std::string& key, std::string_view name,
                               const std::vector<std::string>& checks) {
        std::size_t failures = 0;
        std::string cases;
        for (const std::string& id : checks) {
            const auto it = found.find({key, id});
            const Case* c = it == found.end() ? nullptr : &it->second;
            failures += c != nullptr && !c->failures.empty() ? 1 : 0;
            cases += testcase_xml(name, id, c);
        }
        total_tests += checks.size();
        total_failures += failures;
        body += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" "
                            "skipped=\"0\">\n",
                            xml_escape(name), checks.size(), failures);
        body += cases;
        body += "  </testsuite>\n";
    };
    for (const std::string& file : suites) {
        suite_xml(file, file, ids);
    }
    if (run_wide) {
        // Only the checks that found something about the run: no other check looks at it.
        std::vector<std::string> checks;
        for (const std::string& id : ids) {
            if (found.contains({std::string(), id})) {
                checks.push_back(id);
            }
        }
        suite_xml(std::string(), run_suite, checks);
    }
    return fmt::format("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                       "<testsuites name=\"ingot\" tests=\"{}\" failures=\"{}\" errors=\"0\">\n"
                       "{}</testsuites>\n",
                       total_tests, total_failures, body);
}

} // namespace ingot::runtime::report
