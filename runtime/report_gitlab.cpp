// The gitlab format: a GitLab Code Quality report, a JSON array with one issue per finding.
#include "runtime/report.hpp"
#include "runtime/report_json.hpp"

#include <map>

namespace ingot::runtime::report {

namespace {

using Json = nlohmann::ordered_json;

/// Code Quality's scale: info, minor, major, critical, blocker.
std::string_view gitlab_severity(Severity severity) {
    switch (severity) {
    case Severity::error:
        return "major";
    case Severity::warning:
        return "minor";
    case Severity::info:
        break;
    }
    return "info";
}

} // namespace

std::string write_gitlab(const Report& report, const Analysis& analysis, const ReportOptions&) {
    Json issues = Json::array();
    // GitLab tells issues apart by fingerprint and requires them to be unique; two findings of
    // one check on the same text in one file share ingot::fingerprint, so the second gets `-2`,
    // the third `-3`, in report order.
    std::map<std::string, std::size_t> seen;
    for (const Diagnostic& d : report.diagnostics) {
        std::string print = fingerprint(d, analysis);
        if (const std::size_t n = ++seen[print]; n > 1) {
            print += "-" + std::to_string(n);
        }
        // Code Quality needs a path and a line: a finding about the run as a whole (an empty
        // path) is put on the project itself, `.`, line 1.
        const bool run_wide = d.primary.span.path.empty();
        Json issue = Json::object();
        issue["description"] = d.message;
        issue["check_name"] = d.id;
        issue["fingerprint"] = print;
        issue["severity"] = gitlab_severity(d.severity);
        issue["location"] =
            Json{{"path", run_wide ? std::string(".") : d.primary.span.path},
                 {"lines", Json{{"begin", run_wide ? 1u : d.primary.span.begin.line}}}};
        issues.push_back(std::move(issue));
    }
    return dump_json(issues);
}

} // namespace ingot::runtime::report
