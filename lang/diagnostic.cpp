#include "lang/diagnostic.hpp"

#include <algorithm>
#include <fmt/color.h>
#include <fmt/format.h>
#include <tuple>

namespace ingot {

std::string_view to_string(Severity severity) {
    switch (severity) {
    case Severity::info:
        return "info";
    case Severity::warning:
        return "warning";
    case Severity::error:
        return "error";
    }
    return "error";
}

std::optional<Severity> parse_severity(std::string_view text) {
    if (text == "info") {
        return Severity::info;
    }
    if (text == "warning") {
        return Severity::warning;
    }
    if (text == "error") {
        return Severity::error;
    }
    return std::nullopt;
}

} // namespace ingot

namespace ingot::lang {

namespace {

fmt::text_style severity_style(Severity severity) {
    switch (severity) {
    case Severity::error:
        return fmt::fg(fmt::terminal_color::bright_red) | fmt::emphasis::bold;
    case Severity::warning:
        return fmt::fg(fmt::terminal_color::bright_yellow) | fmt::emphasis::bold;
    case Severity::info:
        return fmt::fg(fmt::terminal_color::bright_cyan) | fmt::emphasis::bold;
    }
    return {};
}

std::string styled(bool color, fmt::text_style style, std::string_view text) {
    return color ? fmt::format(style, "{}", text) : std::string(text);
}

std::string location_prefix(const Diagnostic& d, const SourceMap& sources) {
    if (d.primary.span.file >= sources.size()) {
        return "ingot"; // a finding about the run as a whole
    }
    const SourceFile& file = sources.file(d.primary.span.file);
    const LineColumn at = file.location(d.primary.span.begin);
    return fmt::format("{}:{}:{}", printable(file.path()), at.line, at.column);
}

/// Display width of the part of `line` before byte `offset` as it is shown (printable), with tabs
/// kept as tabs so the caret line copies them and lines up under any tab width.
std::string caret_padding(std::string_view line, std::size_t offset) {
    std::string padding;
    const std::string shown = printable(line.substr(0, std::min(offset, line.size())), true);
    const std::string_view before = shown;
    std::size_t i = 0;
    while (i < before.size()) {
        if (before[i] == '\t') {
            padding += '\t';
            ++i;
            continue;
        }
        std::size_t j = i + 1;
        while (j < before.size() && (static_cast<unsigned char>(before[j]) & 0xC0) == 0x80) {
            ++j;
        }
        padding.append(display_width(before.substr(i, j - i)), ' ');
        i = j;
    }
    return padding;
}

struct Mark {
    const Label* label;
    bool primary;
};

} // namespace

std::string headline(const Diagnostic& d, const SourceMap& sources) {
    return fmt::format("{}: {}[{}]: {}", location_prefix(d, sources), to_string(d.severity), d.id,
                       printable(d.message));
}

std::string render(const Diagnostic& d, const SourceMap& sources, const RenderOptions& options) {
    const bool color = options.color;
    const auto bold = fmt::emphasis::bold;
    const auto gutter_style = fmt::fg(fmt::terminal_color::bright_blue) | fmt::emphasis::bold;
    std::string out;
    out += styled(color, bold, location_prefix(d, sources) + ":");
    out += ' ';
    out += styled(color, severity_style(d.severity),
                  fmt::format("{}[{}]", to_string(d.severity), d.id));
    out += styled(color, bold, ": " + printable(d.message));
    out += '\n';
    if (d.primary.span.file >= sources.size()) {
        for (const std::string& note : d.notes) {
            out += "  = note: " + printable(note) + "\n";
        }
        if (d.help) {
            out += "  = help: " + printable(*d.help) + "\n";
        }
        return out;
    }

    std::vector<Mark> marks{{&d.primary, true}};
    for (const Label& label : d.secondary) {
        if (label.span.file == d.primary.span.file) {
            marks.push_back({&label, false});
        }
    }
    const SourceFile& file = sources.file(d.primary.span.file);
    std::stable_sort(marks.begin(), marks.end(), [](const Mark& a, const Mark& b) {
        return a.label->span.begin < b.label->span.begin;
    });
    std::uint32_t max_line = 0;
    for (const Mark& m : marks) {
        max_line = std::max(max_line, file.location(m.label->span.begin).line);
    }
    const std::size_t gutter = std::to_string(max_line).size();
    const std::string empty_gutter = std::string(gutter + 1, ' ') + "|";

    if (options.snippet && !file.text().empty()) {
        out += styled(color, gutter_style, empty_gutter) + "\n";
        std::uint32_t last_line = 0;
        for (const Mark& m : marks) {
            const LineColumn at = file.location(m.label->span.begin);
            const std::string_view line = file.line_text(at.line);
            if (last_line != 0 && at.line > last_line + 1) {
                out += styled(color, gutter_style, "...") + "\n";
            }
            if (at.line != last_line) {
                out += styled(color, gutter_style, fmt::format("{:>{}} |", at.line, gutter));
                out += line.empty() ? "" : " ";
                out += printable(line, true);
                out += '\n';
            }
            last_line = at.line;
            const std::size_t begin = m.label->span.begin - file.line_start(at.line);
            const std::size_t line_end = line.size();
            const std::size_t end =
                std::min<std::size_t>(m.label->span.end - file.line_start(at.line), line_end);
            std::size_t width =
                end > begin ? display_width(printable(line.substr(begin, end - begin), true)) : 1;
            width = std::max<std::size_t>(width, 1);
            std::string marker(width, m.primary ? '^' : '-');
            if (!m.label->message.empty()) {
                marker += ' ';
                marker += printable(m.label->message);
            }
            out += styled(color, gutter_style, empty_gutter);
            out += ' ';
            out += caret_padding(line, begin);
            out += styled(color,
                          m.primary ? severity_style(d.severity)
                                    : fmt::text_style(fmt::fg(fmt::terminal_color::bright_blue)),
                          marker);
            out += '\n';
        }
    }
    for (const Label& label : d.secondary) {
        if (label.span.file != d.primary.span.file) {
            const SourceFile& other = sources.file(label.span.file);
            const LineColumn at = other.location(label.span.begin);
            out +=
                fmt::format("{} {}:{}:{}: {}\n", styled(color, gutter_style, "  = note:"),
                            printable(other.path()), at.line, at.column, printable(label.message));
        }
    }
    for (const std::string& note : d.notes) {
        out += styled(color, gutter_style, std::string(gutter + 1, ' ') + "= note:") + " " +
               printable(note) + "\n";
    }
    if (d.help) {
        out += styled(color, gutter_style, std::string(gutter + 1, ' ') + "= help:") + " " +
               printable(*d.help) + "\n";
    }
    return out;
}

void sort_diagnostics(std::vector<Diagnostic>& diagnostics, const SourceMap& sources) {
    std::stable_sort(diagnostics.begin(), diagnostics.end(),
                     [&](const Diagnostic& a, const Diagnostic& b) {
                         static const std::string none;
                         const auto path = [&](const Diagnostic& d) -> const std::string& {
                             return d.primary.span.file < sources.size()
                                        ? sources.file(d.primary.span.file).path()
                                        : none;
                         };
                         const auto& pa = path(a);
                         const auto& pb = path(b);
                         return std::tie(pa, a.primary.span.begin, a.id) <
                                std::tie(pb, b.primary.span.begin, b.id);
                     });
}

} // namespace ingot::lang
