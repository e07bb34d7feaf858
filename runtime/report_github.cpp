// The github format: one GitHub Actions workflow command per finding, which the runner turns into
// an annotation on the file and line:
//     ::error file=PATH,line=L,col=C,endLine=L2,endColumn=C2,title=ingot ID::MESSAGE
#include "runtime/report.hpp"

#include <fmt/format.h>

namespace ingot::runtime::report {

namespace {

/// `text` escaped as the runner unescapes it: `%`, CR and LF as %25, %0D and %0A; in a property
/// value also `:` and `,` (%3A, %2C), which would end the value. Every other control character
/// (C0 but tab, DEL, and C1 as UTF-8) is percent-encoded too: the runner leaves such an escape as
/// it is, so it shows as visible text instead of acting on a log viewer or terminal.
std::string escape(std::string_view text, bool property) {
    const std::string valid = valid_utf8(text);
    std::string out;
    out.reserve(valid.size());
    for (std::size_t i = 0; i < valid.size(); ++i) {
        const auto byte = static_cast<unsigned char>(valid[i]);
        const bool c1 = byte == 0xC2 && i + 1 < valid.size() &&
                        static_cast<unsigned char>(valid[i + 1]) <= 0x9F; // U+0080 … U+009F
        if (byte == '%' || (byte < 0x20 && byte != '\t') || byte == 0x7F ||
            (property && (byte == ':' || byte == ','))) {
            out += fmt::format("%{:02X}", byte);
        } else if (c1) {
            out += fmt::format("%C2%{:02X}", static_cast<unsigned char>(valid[i + 1]));
            ++i;
        } else {
            out += valid[i];
        }
    }
    return out;
}

std::string_view command(Severity severity) {
    switch (severity) {
    case Severity::error:
        return "error";
    case Severity::warning:
        return "warning";
    case Severity::info:
        break;
    }
    return "notice";
}

} // namespace

std::string write_github(const Report& report, const Analysis&, const ReportOptions&) {
    std::string out;
    for (const Diagnostic& d : report.diagnostics) {
        const Span& at = d.primary.span;
        std::string properties;
        // A finding about the run as a whole (an empty path) names no file and no line.
        if (!at.path.empty()) {
            properties = fmt::format("file={},line={},col={},endLine={},endColumn={},",
                                     escape(at.path, true), at.begin.line, at.begin.column,
                                     at.end.line, at.end.column);
        }
        properties += "title=" + escape("ingot " + d.id, true);
        out +=
            fmt::format("::{} {}::{}\n", command(d.severity), properties, escape(d.message, false));
    }
    return out;
}

} // namespace ingot::runtime::report
