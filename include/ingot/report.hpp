// Reports: one run's findings written in the formats CI systems and tools read.
//
// `ingot check --format F` and `--output F=PATH` are these writers; so is any host that wants a
// SARIF log or a JUnit file. A writer is a pure function of a Report and the Analysis it came
// from (for source text, plans and citations): the same input gives byte-identical output.
//
//   text     the compiler-style rendering of Analysis::render, then a summary line
//   compact  one line per finding: `PATH:LINE:COL: SEVERITY[ID]: MESSAGE`, then the summary line
//   json     the documented, versioned schema of docs/ci.md (every field, full precision;
//            schema "ingot-report", version 1)
//   sarif    SARIF 2.1.0: rules from the registry, regions, fixes, fingerprints
//   junit    JUnit XML: one test case per file and check; warnings and errors fail it, infos
//            are its <system-out>
//   github   GitHub Actions workflow commands (`::error file=…`), one line per finding
//   gitlab   GitLab Code Quality report (JSON)
//
// Every byte taken from a checked file (paths, messages, source text) is escaped by the format's
// rules: no input can start a line, end a field or reach a terminal as a control sequence.
// docs/ci.md says how each format maps the fields.
#pragma once

#include "ingot/checks.hpp"
#include "ingot/diagnostic.hpp"
#include "ingot/export.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ingot {

class Analysis;

enum class ReportFormat { text, compact, json, sarif, junit, github, gitlab };

/// "text", "compact", ...
INGOT_API std::string_view to_string(ReportFormat format);
/// The format named `name`, or nullopt.
INGOT_API std::optional<ReportFormat> parse_report_format(std::string_view name);
/// Every format's name, in the order of ReportFormat.
INGOT_API std::vector<std::string> report_format_names();

/// What one run reports: the files it reports on and what it found there.
struct Report {
    /// The files reported on (a partial run reports on fewer files than it analysed), sorted.
    std::vector<std::string> files;
    /// The findings to report (after selection, suppressions and the baseline), sorted by file,
    /// line, column and id.
    std::vector<Diagnostic> diagnostics;
    /// The checks that ran: SARIF's rules, JUnit's test cases. Diagnostics whose id is not among
    /// them still appear (a SARIF result then has no ruleIndex). A check that did not run
    /// (`implied` unless asked for) belongs not here, or JUnit would report it as passed.
    std::vector<CheckInfo> checks;
};

struct ReportOptions {
    bool color = false;  // text: ANSI colours
    bool snippet = true; // text: the source lines under each headline
    bool summary = true; // text, compact: the closing `N files checked: …` line
    /// SARIF: artifact URIs are relative to this folder (`%SRCROOT%`, whose absolute `file://`
    /// URI is the one absolute path in any output); other formats print paths as the Report gives
    /// them. A relative root and relative paths are taken from the current folder.
    std::string root = ".";
};

/// `report` in `format`. Deterministic: the same report gives byte-identical output.
INGOT_API std::string write_report(ReportFormat format, const Report& report,
                                   const Analysis& analysis, const ReportOptions& options = {});

/// A stable identity of a finding that survives edits elsewhere in its file: the file, the check
/// id and the text of its primary span with runs of white space made one space (not the line
/// number). 16 hex digits. Baselines, SARIF partialFingerprints and GitLab use it.
INGOT_API std::string fingerprint(const Diagnostic& diagnostic, const Analysis& analysis);

} // namespace ingot
