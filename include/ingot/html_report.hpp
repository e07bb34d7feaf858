// A comparison of plans as one self-contained HTML page: the data of `ingot report`.
//
// The page holds what was compared, the comparison table (write_comparison's html fragment), a
// chart of the average annual rates the plans imply, the yearly path of each series the plans
// give a level baseline for, and the findings of the analysis on each plan with the sources
// they cite. It needs nothing else: no script, no font, no stylesheet or image from anywhere; its
// Content-Security-Policy (`default-src 'none'; style-src 'unsafe-inline'; img-src data:`) lets
// a browser load nothing but the page's own styles. The charts are inline SVG with text
// alternatives, the page has landmarks, headings in order and table headers with scope, and it
// prints without backgrounds and without splitting a chart across pages.
//
// Text from the plan files is escaped everywhere; only the `http` and `https` addresses of the
// plans' sources become links (`<a href>`), others are shown as text.
#pragma once

#include "ingot/compare.hpp"
#include "ingot/export.hpp"

#include <string>

namespace ingot {

class Analysis;

struct HtmlReportOptions {
    /// The page's title and first heading; "" gives `Ingot report: PLAN, PLAN and PLAN`.
    std::string title;
    /// Significant digits of the figures shown, at least (format_figure's policy).
    int digits = 3;
};

/// The page of `comparison` (made by compare() from `analysis`), with the findings of
/// `analysis` on the files of the compared plans. Deterministic: the same inputs give
/// byte-identical output.
INGOT_API std::string write_html_report(const Analysis& analysis, const Comparison& comparison,
                                        const HtmlReportOptions& options = {});

} // namespace ingot
