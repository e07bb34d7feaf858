// ingot::write_report: the format table, fingerprints, and the two line-oriented writers (text
// and compact). The structured writers live in report_json.cpp, report_sarif.cpp, …
#include "runtime/report.hpp"

#include "lang/source.hpp"

#include <fmt/format.h>

#include <array>
#include <cstdint>

namespace ingot {

namespace {

struct FormatEntry {
    ReportFormat format;
    std::string_view name;
    std::string (*write)(const Report&, const Analysis&, const ReportOptions&);
};

constexpr std::array<FormatEntry, 7> formats = {{
    {ReportFormat::text, "text", runtime::report::write_text},
    {ReportFormat::compact, "compact", runtime::report::write_compact},
    {ReportFormat::json, "json", runtime::report::write_json},
    {ReportFormat::sarif, "sarif", runtime::report::write_sarif},
    {ReportFormat::junit, "junit", runtime::report::write_junit},
    {ReportFormat::github, "github", runtime::report::write_github},
    {ReportFormat::gitlab, "gitlab", runtime::report::write_gitlab},
}};

const FormatEntry& entry(ReportFormat format) {
    return formats[static_cast<std::size_t>(format)];
}

std::string plural(std::size_t n, std::string_view one, std::string_view many) {
    return fmt::format("{} {}", n, n == 1 ? one : many);
}

} // namespace

std::string_view to_string(ReportFormat format) {
    return entry(format).name;
}

std::optional<ReportFormat> parse_report_format(std::string_view name) {
    for (const FormatEntry& e : formats) {
        if (e.name == name) {
            return e.format;
        }
    }
    return std::nullopt;
}

std::vector<std::string> report_format_names() {
    std::vector<std::string> names;
    names.reserve(formats.size());
    for (const FormatEntry& e : formats) {
        names.emplace_back(e.name);
    }
    return names;
}

std::string write_report(ReportFormat format, const Report& report, const Analysis& analysis,
                         const ReportOptions& options) {
    return entry(format).write(report, analysis, options);
}

std::string fingerprint(const Diagnostic& diagnostic, const Analysis& analysis) {
    // FNV-1a, 64 bits: stable across platforms and releases, unlike std::hash.
    std::uint64_t hash = 14695981039346656037ull;
    const auto mix = [&](std::string_view bytes) {
        for (const char c : bytes) {
            hash ^= static_cast<unsigned char>(c);
            hash *= 1099511628211ull;
        }
        hash ^= 0xff; // a separator no UTF-8 text contains
        hash *= 1099511628211ull;
    };
    mix(diagnostic.primary.span.path);
    mix(diagnostic.id);
    std::string normalised;
    if (const auto text = analysis.source_text(diagnostic.primary.span.path)) {
        const std::size_t begin =
            std::min<std::size_t>(diagnostic.primary.span.begin.offset, text->size());
        const std::size_t end =
            std::clamp<std::size_t>(diagnostic.primary.span.end.offset, begin, text->size());
        bool in_space = false;
        for (const char c : text->substr(begin, end - begin)) {
            const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
            if (space) {
                in_space = true;
                continue;
            }
            if (in_space && !normalised.empty()) {
                normalised += ' ';
            }
            in_space = false;
            normalised += c;
        }
    }
    mix(normalised);
    return fmt::format("{:016x}", hash);
}

namespace runtime::report {

std::string summary_line(const Report& report) {
    std::size_t counts[3] = {0, 0, 0};
    for (const Diagnostic& d : report.diagnostics) {
        ++counts[static_cast<int>(d.severity)];
    }
    return fmt::format("{} checked: {}, {}, {}\n", plural(report.files.size(), "file", "files"),
                       plural(counts[2], "error", "errors"),
                       plural(counts[1], "warning", "warnings"),
                       plural(counts[0], "info", "infos"));
}

std::string write_text(const Report& report, const Analysis& analysis,
                       const ReportOptions& options) {
    std::string out;
    for (const Diagnostic& d : report.diagnostics) {
        out += analysis.render(d, {options.color, options.snippet});
    }
    if (options.summary) {
        out += summary_line(report);
    }
    return out;
}

std::string write_compact(const Report& report, const Analysis&, const ReportOptions& options) {
    std::string out;
    for (const Diagnostic& d : report.diagnostics) {
        // The headline of the text rendering, without source lines, notes or help. Written from
        // the fields rather than cut from Analysis::render at its first line break: a path or
        // message holding a line break would cut the line short (and a control character reach
        // the terminal), so both go through lang::printable, as in the text rendering.
        const Span& at = d.primary.span;
        if (at.path.empty()) {
            out += "ingot"; // a finding about the run as a whole, as the text output shows it
        } else {
            out +=
                fmt::format("{}:{}:{}", lang::printable(at.path), at.begin.line, at.begin.column);
        }
        out += fmt::format(": {}[{}]: {}\n", to_string(d.severity), lang::printable(d.id),
                           lang::printable(d.message));
    }
    if (options.summary) {
        out += summary_line(report);
    }
    return out;
}

} // namespace runtime::report

} // namespace ingot
