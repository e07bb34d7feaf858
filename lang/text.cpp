#include "lang/text.hpp"

#include "lang/keywords.hpp"
#include "lang/source.hpp"

#include <utf8proc.h>

#include <cstdio>

namespace ingot::lang {

namespace {

std::string padded(int value, int width) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%0*d", width, value);
    return buffer;
}

/// `\u{1B}`: how the language writes a code point by its number.
std::string unicode_escape(char32_t code_point) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "\\u{%X}", static_cast<unsigned>(code_point));
    return buffer;
}

} // namespace

std::string escaped_text(std::string_view value, bool in_message) {
    std::string out;
    out.reserve(value.size());
    std::size_t offset = 0;
    while (offset < value.size()) {
        const char ch = value[offset];
        const auto byte = static_cast<unsigned char>(ch);
        if (ch == '\\' || ch == '"' || (in_message && (ch == '{' || ch == '}'))) {
            out += '\\';
            out += ch;
            ++offset;
            continue;
        }
        if (byte < 0x80) {
            if (ch == '\n') {
                out += "\\n";
            } else if (ch == '\t') {
                out += "\\t";
            } else if (is_unsafe_code_point(byte)) {
                out += unicode_escape(byte);
            } else {
                out += ch;
            }
            ++offset;
            continue;
        }
        // A multi-byte code point: C1 controls, line separators and bidi controls are escaped so
        // the written file shows them; bytes that are not UTF-8 (not in a decoded file) are kept.
        utf8proc_int32_t code_point = 0;
        const utf8proc_ssize_t n =
            utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(value.data()) + offset,
                             static_cast<utf8proc_ssize_t>(value.size() - offset), &code_point);
        if (n <= 0) {
            out += ch;
            ++offset;
            continue;
        }
        const auto length = static_cast<std::size_t>(n);
        if (is_unsafe_code_point(static_cast<char32_t>(code_point))) {
            out += unicode_escape(static_cast<char32_t>(code_point));
        } else {
            out.append(value.substr(offset, length));
        }
        offset += length;
    }
    return out;
}

std::string year_text(const Year& y) {
    return padded(y.value, 4);
}

std::string date_text(const Date& d) {
    return padded(d.year, 4) + "-" + padded(d.month, 2) + "-" + padded(d.day, 2);
}

/// Words of a group joined by one space, groups by `/` without spaces: the only spelling the
/// grammar reads back as the same groups.
std::string unit_text(const WrittenUnit& u) {
    std::string out;
    for (std::size_t g = 0; g < u.parts.size(); ++g) {
        if (g > 0) {
            out += '/';
        }
        for (std::size_t w = 0; w < u.parts[g].size(); ++w) {
            if (w > 0) {
                out += ' ';
            }
            out += u.parts[g][w];
        }
    }
    return out;
}

std::string_view unit_separator(const WrittenUnit& u) {
    const bool chinese = !u.parts.empty() && !u.parts.front().empty() &&
                         !u.parts.front().front().empty() &&
                         static_cast<unsigned char>(u.parts.front().front().front()) >= 0x80;
    return u.attached && chinese ? "" : " ";
}

std::string quantity_text(const Quantity& q) {
    std::string out = q.low.text;
    if (q.high) {
        out += ".." + q.high->text;
    }
    return out + std::string(unit_separator(q.unit)) + unit_text(q.unit);
}

std::string_view comparator_text(Comparator c) {
    switch (c) {
    case Comparator::greater:
        return ">";
    case Comparator::greater_equal:
        return ">=";
    case Comparator::less:
        return "<";
    case Comparator::less_equal:
        return "<=";
    case Comparator::equal:
        return "=";
    case Comparator::about:
        return "~";
    }
    return "";
}

/// `~` reads as part of the figure (`~5 %/yr`); the other comparators are operators (`> 20 Mt`).
std::string figure_text(const std::optional<Comparator>& comparator, const Quantity& q) {
    if (!comparator) {
        return quantity_text(q);
    }
    if (*comparator == Comparator::about) {
        return "~" + quantity_text(q);
    }
    return std::string(comparator_text(*comparator)) + " " + quantity_text(q);
}

std::string metric_text(const MetricRef& m) {
    return m.scope ? m.metric.name + "(" + m.scope->name + ")" : m.metric.name;
}

std::string clause_text(const Clause& c) {
    if (c.kind == ClauseKind::peaks) {
        return "peaks by " + (c.by ? year_text(*c.by) : std::string("?"));
    }
    std::string out = std::string(keyword(c.kind)) + " " + figure_text(c.comparator, c.value);
    if (c.in) {
        out += " in " + year_text(*c.in);
    }
    // `from` and `by` in the order they were written.
    const bool by_first = c.by && c.from && c.by->span.begin < c.from->span.begin;
    if (c.from && !by_first) {
        out += " from " + year_text(*c.from);
    }
    if (c.by) {
        out += " by " + year_text(*c.by);
    }
    if (c.from && by_first) {
        out += " from " + year_text(*c.from);
    }
    return out;
}

} // namespace ingot::lang
