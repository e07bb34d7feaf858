// What the report writers share: counts, UTF-8 repair, XML escaping, the text of a span and the
// citations behind a finding.
#include "runtime/report.hpp"

#include <fmt/format.h>
#include <utf8proc.h>

#include <algorithm>
#include <set>

namespace ingot::runtime::report {

SeverityCounts count_severities(const std::vector<Diagnostic>& diagnostics) {
    SeverityCounts counts;
    for (const Diagnostic& d : diagnostics) {
        switch (d.severity) {
        case Severity::error:
            ++counts.errors;
            break;
        case Severity::warning:
            ++counts.warnings;
            break;
        case Severity::info:
            ++counts.infos;
            break;
        }
    }
    return counts;
}

std::string valid_utf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
    std::size_t at = 0;
    while (at < text.size()) {
        utf8proc_int32_t code_point = 0;
        const utf8proc_ssize_t n = utf8proc_iterate(
            bytes + at, static_cast<utf8proc_ssize_t>(text.size() - at), &code_point);
        if (n <= 0) {
            // Not a well-formed sequence (a stray byte, a surrogate, an overlong form): one
            // replacement character for the first byte, then carry on after it.
            out += "\xEF\xBF\xBD";
            ++at;
            continue;
        }
        out.append(text.substr(at, static_cast<std::size_t>(n)));
        at += static_cast<std::size_t>(n);
    }
    return out;
}

std::string xml_escape(std::string_view text) {
    const std::string valid = valid_utf8(text);
    std::string out;
    out.reserve(valid.size());
    const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(valid.data());
    std::size_t at = 0;
    while (at < valid.size()) {
        utf8proc_int32_t cp = 0;
        const utf8proc_ssize_t n =
            utf8proc_iterate(bytes + at, static_cast<utf8proc_ssize_t>(valid.size() - at), &cp);
        const auto length = static_cast<std::size_t>(n); // valid_utf8: always > 0
        switch (cp) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&apos;";
            break;
        case '\t':
            out += "&#9;";
            break;
        default:
            if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0xFFFE || cp == 0xFFFF) {
                out += fmt::format("\\u{:04x}", cp);
            } else {
                out.append(valid, at, length);
            }
        }
        at += length;
    }
    return out;
}

std::optional<std::string_view> span_text(const Analysis& analysis, const Span& span) {
    const auto text = analysis.source_text(span.path);
    if (!text || span.begin.offset > span.end.offset || span.end.offset > text->size()) {
        return std::nullopt;
    }
    return text->substr(span.begin.offset, span.end.offset - span.begin.offset);
}

namespace {

bool contains(const Span& outer, const Span& inner) {
    return outer.begin.offset <= inner.begin.offset && inner.end.offset <= outer.end.offset;
}

} // namespace

CitedElements::CitedElements(const Analysis& analysis) {
    for (const Plan& plan : analysis.plans()) {
        const auto add = [&](std::string_view kind, std::string name,
                             const std::vector<Citation>& citations, const Span& span) {
            by_path_[span.path].push_back({kind, &plan, std::move(name), &citations, span});
        };
        for (const Target& t : plan.targets) {
            add("target", t.name, t.citations, t.span);
        }
        for (const Baseline& b : plan.baselines) {
            add("baseline", b.series, b.citations, b.span);
        }
        for (const Scope& s : plan.scopes) {
            add("scope", s.name, s.citations, s.span);
        }
    }
}

std::optional<CitedElement> CitedElements::find(const Diagnostic& diagnostic) const {
    const Span& at = diagnostic.primary.span;
    const auto elements = by_path_.find(at.path);
    if (at.path.empty() || elements == by_path_.end()) {
        return std::nullopt;
    }
    const CitedElement* best = nullptr;
    for (const CitedElement& element : elements->second) {
        if (!contains(element.span, at)) {
            continue;
        }
        const auto size = element.span.end.offset - element.span.begin.offset;
        if (best && best->span.end.offset - best->span.begin.offset <= size) {
            continue; // the first of equally small elements wins: plans and elements are ordered
        }
        best = &element;
    }
    return best ? std::optional<CitedElement>(*best) : std::nullopt;
}

std::optional<std::string> source_url(const Plan& plan, std::string_view id) {
    for (const Source& s : plan.sources) {
        if (s.id == id) {
            return s.url;
        }
    }
    return std::nullopt;
}

std::vector<std::string> check_ids(const Report& report) {
    std::vector<std::string> ids;
    std::set<std::string, std::less<>> seen;
    for (const CheckInfo& c : report.checks) {
        if (seen.insert(c.id).second) {
            ids.push_back(c.id);
        }
    }
    for (const Diagnostic& d : report.diagnostics) {
        if (seen.insert(d.id).second) {
            ids.push_back(d.id);
        }
    }
    return ids;
}

} // namespace ingot::runtime::report
