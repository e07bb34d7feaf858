// The report writers behind ingot::write_report, one per format (report_*.cpp).
#pragma once

#include <ingot/ingot.hpp>

#include <string>

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

} // namespace ingot::runtime::report
