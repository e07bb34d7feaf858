// The report writers behind ingot::write_report, one per format (report_*.cpp), and what they
// share (report_support.cpp).
#pragma once

#include <ingot/ingot.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ingot::runtime::report {

std::string write_text(const Report& report, const Analysis& analysis,
                       const ReportOptions& options);
std::string write_compact(const Report& report, const Analysis& analysis,
                          const ReportOptions& options);
std::string write_json(const Report& report, const Analysis& analysis,
                       const ReportOptions& options);
std::string write_sarif(const Report& report, const Analysis& analysis,
                        const ReportOptions& options);
std::string write_junit(const Report& report, const Analysis& analysis,
                        const ReportOptions& options);
std::string write_github(const Report& report, const Analysis& analysis,
                         const ReportOptions& options);
std::string write_gitlab(const Report& report, const Analysis& analysis,
                         const ReportOptions& options);

/// The summary line of text and compact output: `3 files checked: 1 error, 0 warnings, 2 infos`.
std::string summary_line(const Report& report);

// ---- shared by the writers ------------------------------------------------------------------

struct SeverityCounts {
    std::size_t errors = 0;
    std::size_t warnings = 0;
    std::size_t infos = 0;
};

SeverityCounts count_severities(const std::vector<Diagnostic>& diagnostics);

/// `text` with every byte sequence that is not well-formed UTF-8 replaced by U+FFFD, so that a
/// writer whose format must be valid UTF-8 (XML) can take bytes from any file.
std::string valid_utf8(std::string_view text);

/// `text` as XML 1.0 (and HTML) character data or attribute value. The five special characters
/// become entities; a tab becomes `&#9;` (kept in attributes too); every other control character
/// (C0, DEL, C1) and the non-characters U+FFFE and U+FFFF, which XML 1.0 either cannot hold or
/// which could act on a terminal, become the visible text `\u001b`. A line break is such a control
/// too, so no input can start a line of its own. Bytes that are not UTF-8 become U+FFFD.
std::string xml_escape(std::string_view text);

/// The bytes of `span` in its source, or nullopt when the analysis has no such source (or the
/// span does not lie inside it).
std::optional<std::string_view> span_text(const Analysis& analysis, const Span& span);

/// The plan element whose citations back a finding: the target, baseline or scope whose span
/// contains the finding's primary span (the smallest such, when several do).
struct CitedElement {
    std::string_view kind; // "target", "baseline", "scope"
    const Plan* plan = nullptr;
    std::string name; // a target's or scope's name; a baseline's series as written
    const std::vector<Citation>* citations = nullptr;
    Span span;
};

/// The cited elements of an analysis, by file: finding the one that backs each finding is a
/// lookup in its file's elements, not a scan of every plan (which made reports quadratic).
class CitedElements {
public:
    explicit CitedElements(const Analysis& analysis);
    /// The element whose span contains the finding's primary span (the smallest such; of
    /// equally small ones the first in plan order), or nullopt.
    std::optional<CitedElement> find(const Diagnostic& diagnostic) const;

private:
    std::unordered_map<std::string_view, std::vector<CitedElement>> by_path_;
};

/// The `url` of the source `id` declared in `plan`, or nullopt.
std::optional<std::string> source_url(const Plan& plan, std::string_view id);

/// The checks a report covers: Report::checks in their order, then the id of every finding that
/// is not among them (in order of first appearance), so that no finding lacks a check.
std::vector<std::string> check_ids(const Report& report);

} // namespace ingot::runtime::report
