// Diagnostics as the public API hands them out: plain values, independent of the runtime's
// internals and of the Analysis they came from (copy them, keep them, send them to another thread).
//
// A Diagnostic is what one check found at one place: an id from the check registry (or an analyst
// rule's name), a severity, a one-line message, a primary span with a label, secondary spans,
// notes, help, and machine-applicable fixes where the fix is mechanical (a did-you-mean name or
// unit). Rendering them as text is a separate step (Analysis::render), so JSON, SARIF and an
// editor read the same data the terminal output is made from.
#pragma once

#include "ingot/export.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ingot {

enum class Severity { info, warning, error };

/// "info", "warning", "error".
INGOT_API std::string_view to_string(Severity severity);
/// The severity named by `text` ("info", "warning", "error"), or nullopt.
INGOT_API std::optional<Severity> parse_severity(std::string_view text);

/// `text` made safe for text output, as every text renderer of the library does with what comes
/// from a checked file: line breaks, C0 and C1 controls, DEL, line separators and bidirectional
/// controls are written as the escapes the language reads (`\n`, `\u{1B}`), bytes that are not
/// UTF-8 as `\x{FF}`; a tab becomes `\t`. A host printing a path, name or string of a plan
/// itself passes it through this, so no input can start a line of output or act on a terminal.
INGOT_API std::string printable(std::string_view text);

/// A point in a source text. `offset` is a byte offset; `line` is 1-based; `column` is 1-based and
/// counts Unicode code points, as the normative `PATH:LINE:COL` headline does.
struct Location {
    std::uint32_t offset = 0;
    std::uint32_t line = 1;
    std::uint32_t column = 1;

    bool operator==(const Location&) const = default;
};

/// A half-open range [begin, end) of one source, named by the path it was loaded under.
/// An empty path means the span points at no source (a finding about the run as a whole).
struct Span {
    std::string path;
    Location begin;
    Location end;

    bool operator==(const Span&) const = default;
};

/// A span with a short text shown beside its underline.
struct Label {
    Span span;
    std::string message;
};

/// Replace the text of `span` by `replacement` (an empty span inserts).
struct Edit {
    Span span;
    std::string replacement;
};

/// A mechanical fix: applying every edit turns the finding's code into code without it.
/// Edits of one fix never overlap.
struct Fix {
    std::string title; // "replace `valu_added` with `value_added`"
    std::vector<Edit> edits;
};

/// A number behind a finding at full precision (the message shows it rounded): what a derived
/// quantity must be, or what the figures give for it.
struct Measurement {
    std::string what;              // "growth of `unit_value` in 2025"
    std::optional<double> nominal; // what the figures as written give, when they give one
    double low = 0;                // the range all figures allow; ±infinity when unbounded
    double high = 0;
    std::string unit; // "%/yr", "Mt"
};

struct Diagnostic {
    std::string id; // a check id from the registry (`unknown-name`) or an analyst rule's name
    Severity severity = Severity::error;
    std::string message; // one line, no trailing period
    Label primary;
    std::vector<Label> secondary;
    std::vector<std::string> notes;  // rendered as `= note: …`
    std::optional<std::string> help; // rendered as `= help: …`
    std::vector<Fix> fixes;          // empty unless the fix is mechanical; several are alternatives
    std::vector<Measurement> values; // the numbers of a derivation finding, unrounded
};

} // namespace ingot
