// Diagnostics are data: every stage produces them, one renderer turns them into text.
//
// The first line of a rendered diagnostic is normative:
//     PATH:LINE:COL: SEVERITY[ID]: message
// with LINE and COL 1-based and COL counted in code points.
#pragma once

#include "ingot/diagnostic.hpp"
#include "lang/source.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ingot::lang {

// The public severity is the language's: one enum, no conversions.
using Severity = ingot::Severity;
using ingot::parse_severity;
using ingot::to_string;

/// The id of every diagnostic the parser raises, but for reaching the nesting limit.
inline constexpr std::string_view syntax_check_id = "syntax";
/// The id of a number the parser cannot represent (a literal that overflows or underflows, a
/// count too large to be one); the runtime raises it too, for arithmetic out of range.
inline constexpr std::string_view number_range_check_id = "number-range";
/// The id of a reached resource limit (the parser's: nesting depth).
inline constexpr std::string_view limit_check_id = "limit";

/// The file of a span that points at no source: a finding about the run as a whole, rendered
/// with `ingot` where the path would be and no snippet.
inline constexpr FileId no_file = static_cast<FileId>(-1);

/// A mechanical fix: replace the text of each span (one file) by its replacement.
struct FixEdit {
    SourceSpan span;
    std::string replacement;
};
struct Fix {
    std::string title;
    std::vector<FixEdit> edits;
};

/// The fix of a did-you-mean: replace `span` (which reads `was`) by `now`.
inline Fix replace_with(SourceSpan span, std::string_view was, std::string_view now) {
    return {"replace `" + std::string(was) + "` with `" + std::string(now) + "`",
            {{span, std::string(now)}}};
}

/// A span with a short text shown beside its underline.
struct Label {
    SourceSpan span;
    std::string message;
};

struct Diagnostic {
    Severity severity = Severity::error;
    std::string id; // the check id: `syntax`, `unknown-name`, …
    std::string message;
    Label primary;
    std::vector<Label> secondary;
    std::vector<std::string> notes;  // rendered as `= note: …`
    std::optional<std::string> help; // rendered as `= help: …`
    std::vector<Fix> fixes;          // machine-applicable; empty unless the fix is mechanical
    std::vector<ingot::Measurement> values; // the numbers of a derivation finding, unrounded
};

/// A diagnostic with a primary span and label; add secondary labels, notes and help as needed.
inline Diagnostic make_diagnostic(Severity severity, std::string_view id, std::string message,
                                  SourceSpan span, std::string label = {}) {
    Diagnostic d;
    d.severity = severity;
    d.id = std::string(id);
    d.message = std::move(message);
    d.primary = {span, std::move(label)};
    return d;
}

struct RenderOptions {
    bool color = false;
    bool snippet = true; // false: only the first line (and notes/help)
};

/// Renders one diagnostic as a compiler would, ending with a newline.
std::string render(const Diagnostic& diagnostic, const SourceMap& sources,
                   const RenderOptions& options = {});

/// The normative first line without colour: `PATH:LINE:COL: SEVERITY[ID]: message`.
std::string headline(const Diagnostic& diagnostic, const SourceMap& sources);

/// Orders diagnostics by file, then position, then id, so output is stable.
void sort_diagnostics(std::vector<Diagnostic>& diagnostics, const SourceMap& sources);

} // namespace ingot::lang
